"""Packed-pixel conversion and fill cases at 640x480, 1280x720 and 1920x1080.

Per operation and size: the pure-Python reference (640x480 only), the best numpy recipe,
OpenCV's ``cvtColor`` (1 thread and all cores, when cv2 is installed), LiveKit's
``VideoFrame.convert`` (pairs it raises on are reported as raising; pairs it aborts on run in
a child process), lkfast on 1 thread and on all cores, and a memcpy (memset for fills) of the
bigger of the two frames: the physical limit.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any, Callable, cast

import numpy as np

import lkfast
import lkfast.reference
from lkfast.bench._case import Case
from lkfast.video.args import default_threads
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CHANNEL_OFFSETS,
    buffer_type,
    encode_pixel,
    frame_size,
)

SIZES = [(640, 480), (1280, 720), (1920, 1080)]
#: Pairs timed: a 4-byte swizzle LiveKit has, 4 -> 3, 3 -> 4, RGB <-> BGR, and one from ABGR
#: (LiveKit aborts the process on every ABGR source).
PAIRS = [("RGBA", "BGRA"), ("BGRA", "RGB24"), ("RGB24", "RGBA"), ("RGB24", "BGR24"),
         ("ABGR", "RGBA")]
#: LiveKit's VideoFrame.convert among these (LIVEKIT_FACTS.md; checked by the tests).
LIVEKIT_OK = {("RGBA", "BGRA"), ("BGRA", "RGBA")}
OPENCV_CODES = {("RGBA", "BGRA"): "COLOR_RGBA2BGRA", ("BGRA", "RGB24"): "COLOR_BGRA2RGB",
                ("RGB24", "RGBA"): "COLOR_RGB2RGBA", ("RGB24", "BGR24"): "COLOR_RGB2BGR"}
FILL_FORMATS = ["RGBA", "RGB24"]
COLOUR = (255, 128, 0, 255)


def _cv2() -> Any:
    try:
        return importlib.import_module("cv2")
    except ImportError:
        return None


def _frame(fmt: str, w: int, h: int) -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, frame_size(fmt, w, h), dtype=np.uint8)


def _convert(impl: str, src_fmt: str, dst_fmt: str, w: int, h: int) -> Callable[[], object]:
    src = _frame(src_fmt, w, h)
    out = np.empty(frame_size(dst_fmt, w, h), np.uint8)
    if impl == "lkfast-1t":
        return lambda: lkfast.convert(src, w, h, src_fmt, dst_fmt, out=out, threads=1)
    if impl == "lkfast-Nt":
        n = default_threads()
        return lambda: lkfast.convert(src, w, h, src_fmt, dst_fmt, out=out, threads=n)
    if impl == "pure-python":
        raw, buf = src.tobytes(), bytearray(out.nbytes)
        return lambda: lkfast.reference.convert(raw, w, h, src_fmt, dst_fmt, out=buf)
    if impl == "numpy":
        return _numpy_convert(src, out, src_fmt, dst_fmt, w * h)
    if impl.startswith("opencv"):
        cv2 = _cv2()
        code = getattr(cv2, OPENCV_CODES[(src_fmt, dst_fmt)])
        s3 = src.reshape(h, w, BYTES_PER_PIXEL[src_fmt])
        d3 = out.reshape(h, w, BYTES_PER_PIXEL[dst_fmt])
        threads = 1 if impl == "opencv-1t" else default_threads()

        def run_cv2() -> None:
            cv2.setNumThreads(threads)
            cv2.cvtColor(s3, code, dst=d3)

        return run_cv2
    if impl == "livekit":
        from livekit import rtc

        frame = rtc.VideoFrame(w, h, cast(Any, buffer_type(src_fmt)), src.tobytes())
        dst_type: Any = buffer_type(dst_fmt)
        return lambda: frame.convert(dst_type)
    big = np.empty(max(src.nbytes, out.nbytes), np.uint8)
    big_src = np.resize(src, big.nbytes)
    return lambda: np.copyto(big, big_src)


def _numpy_convert(src: np.ndarray, out: np.ndarray, src_fmt: str, dst_fmt: str,
                   pixels: int) -> Callable[[], object]:
    """One strided copy per channel (alpha 255 where the source has none)."""
    s = src.reshape(pixels, BYTES_PER_PIXEL[src_fmt])
    d = out.reshape(pixels, BYTES_PER_PIXEL[dst_fmt])
    moves = [(d[:, CHANNEL_OFFSETS[dst_fmt][c]], CHANNEL_OFFSETS[src_fmt][c])
             for c in range(4) if CHANNEL_OFFSETS[dst_fmt][c] >= 0]

    def run() -> None:
        for target, source in moves:
            if source < 0:
                target.fill(255)
            else:
                np.copyto(target, s[:, source])

    return run


def _fill(impl: str, fmt: str, w: int, h: int) -> Callable[[], object]:
    out = np.empty(frame_size(fmt, w, h), np.uint8)
    if impl == "lkfast-1t":
        return lambda: lkfast.fill(out, w, h, fmt, COLOUR, threads=1)
    if impl == "lkfast-Nt":
        n = default_threads()
        return lambda: lkfast.fill(out, w, h, fmt, COLOUR, threads=n)
    if impl == "pure-python":
        buf = bytearray(out.nbytes)
        return lambda: lkfast.reference.fill(buf, w, h, fmt, COLOUR)
    if impl == "numpy":  # broadcast one pixel over an (h, w, c) view
        pixel = np.frombuffer(encode_pixel(fmt, COLOUR), np.uint8)  # type: ignore[arg-type]
        view = out.reshape(h, w, BYTES_PER_PIXEL[fmt])
        return lambda: view.__setitem__(Ellipsis, pixel)
    return lambda: out.fill(7)


#: What ``lkfast bench --quick`` runs: (pair or fill format, size) groups, pure Python included.
QUICK = {(("RGBA", "BGRA"), SIZES[0]), (("BGRA", "RGB24"), SIZES[0]),
         (("RGB24", "BGR24"), SIZES[0]), (("RGBA", "BGRA"), SIZES[2]),
         (("BGRA", "RGB24"), SIZES[2]), (("RGB24", "RGBA"), SIZES[2]),
         (("RGB24", "BGR24"), SIZES[2]), (("ABGR", "RGBA"), SIZES[2]), ("RGBA", SIZES[0]),
         ("RGBA", SIZES[2]), ("RGB24", SIZES[2])}


def cases() -> list[Case]:
    """Conversion cases ("video") and fill cases ("video" too; group names tell them apart)."""
    has_cv2 = _cv2() is not None
    result = []
    for w, h in SIZES:
        for src_fmt, dst_fmt in PAIRS:
            group = f"{src_fmt}->{dst_fmt} {w}x{h}"
            nbytes = frame_size(dst_fmt, w, h)
            impls = ["lkfast-1t", "lkfast-Nt", "numpy", "memcpy"]
            if (w, h) == SIZES[0]:
                impls.insert(2, "pure-python")
            if has_cv2 and (src_fmt, dst_fmt) in OPENCV_CODES:
                impls += ["opencv-1t", "opencv-Nt"]
            impls.append("livekit")
            for impl in impls:
                aborts = impl == "livekit" and src_fmt == "ABGR"
                note = ""
                if impl == "livekit" and (src_fmt, dst_fmt) not in LIVEKIT_OK:
                    note = "LiveKit aborts the process" if aborts else "LiveKit raises"
                result.append(Case(
                    group, impl, functools.partial(_convert, impl, src_fmt, dst_fmt, w, h),
                    "video", nbytes, quick=((src_fmt, dst_fmt), (w, h)) in QUICK,
                    note=note, isolate=aborts))
        for fmt in FILL_FORMATS:
            group = f"fill {fmt} {w}x{h}"
            impls = ["lkfast-1t", "lkfast-Nt", "numpy", "memset"]
            if (w, h) == SIZES[0]:
                impls.insert(2, "pure-python")
            for impl in impls:
                result.append(Case(group, impl, functools.partial(_fill, impl, fmt, w, h),
                                   "video", frame_size(fmt, w, h), quick=(fmt, (w, h)) in QUICK))
    return result
