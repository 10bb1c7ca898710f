"""YUV conversion cases: I420/NV12 <-> RGBA/BGRA/RGB24/BGR24 and I420 <-> NV12, per frame size.

Implementations: the pure-Python reference (640x480 only), numpy (the same integer arithmetic,
vectorised), OpenCV ``cvtColor`` (when installed, pairs it has), LiveKit's own
``VideoFrame.convert`` (pairs it supports; as users call it, allocating its output),
``lkfast.convert`` into a caller-owned buffer on one thread and on all cores (OpenCV likewise),
and a memcpy of the output's bytes (``np.copyto``) as the physical limit.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any, Callable, Optional

import numpy as np

import lkfast
from lkfast.bench._case import Case
from lkfast.video.args import default_threads
from lkfast.video.formats import CHANNEL_OFFSETS, YUV, layout
from lkfast.video.reference.yuv import RGB_TO_YUV, YUV_TO_RGB, convert_yuv

SIZES = ((640, 480), (1280, 720), (1920, 1080))
PAIRS = (("I420", "RGBA"), ("I420", "BGRA"), ("I420", "RGB24"), ("I420", "BGR24"),
         ("NV12", "RGBA"), ("NV12", "BGR24"), ("RGBA", "I420"), ("BGRA", "I420"),
         ("RGB24", "I420"), ("BGR24", "I420"), ("RGBA", "NV12"), ("I420", "NV12"),
         ("NV12", "I420"))
#: Pairs LiveKit's convert supports (others raise; from ABGR, or NV12 -> NV12, abort).
LIVEKIT_PAIRS = frozenset({("RGBA", "I420"), ("BGRA", "I420"), ("ARGB", "I420"),
                           ("RGB24", "I420"), ("I420", "RGBA"), ("I420", "ABGR"),
                           ("I420", "ARGB"), ("I420", "BGRA"), ("I420", "RGB24"),
                           ("I420", "I420"), ("NV12", "RGBA"), ("NV12", "BGRA"),
                           ("NV12", "I420")})
#: OpenCV's names for the pairs it has (its RGB/BGR are our RGB24/BGR24).
OPENCV_CODES = {
    ("I420", "RGBA"): "COLOR_YUV2RGBA_I420", ("I420", "BGRA"): "COLOR_YUV2BGRA_I420",
    ("I420", "RGB24"): "COLOR_YUV2RGB_I420", ("I420", "BGR24"): "COLOR_YUV2BGR_I420",
    ("NV12", "RGBA"): "COLOR_YUV2RGBA_NV12", ("NV12", "BGR24"): "COLOR_YUV2BGR_NV12",
    ("RGBA", "I420"): "COLOR_RGBA2YUV_I420", ("BGRA", "I420"): "COLOR_BGRA2YUV_I420",
    ("RGB24", "I420"): "COLOR_RGB2YUV_I420", ("BGR24", "I420"): "COLOR_BGR2YUV_I420",
}


def _source(fmt: str, w: int, h: int) -> np.ndarray:
    size = layout(fmt, w, h).size  # type: ignore[arg-type]
    return np.random.default_rng(w * h).integers(0, 256, size, dtype=np.uint8)


def _output(fmt: str, w: int, h: int) -> np.ndarray:
    return np.empty(layout(fmt, w, h).size, dtype=np.uint8)  # type: ignore[arg-type]


# ---- numpy: libyuv's integer arithmetic, vectorised (even sizes, as benchmarked) ----------

def numpy_yuv_planes(src: np.ndarray, w: int, h: int,
                     fmt: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y (h, w), U and V (h/2, w/2) views of an I420 or NV12 frame of even size."""
    y = src[: w * h].reshape(h, w)
    if fmt == "I420":
        n = (w // 2) * (h // 2)
        return (y, src[w * h : w * h + n].reshape(h // 2, w // 2),
                src[w * h + n :].reshape(h // 2, w // 2))
    uv = src[w * h :].reshape(h // 2, w // 2, 2)
    return y, uv[..., 0], uv[..., 1]


def numpy_yuv_to_packed(src: np.ndarray, out: np.ndarray, w: int, h: int, s: str,
                        d: str) -> None:
    """YUV -> packed RGB, nearest chroma, BT.601 limited, as LiveKit (libyuv) computes it."""
    yg, yb, ub, ug, vg, vr = YUV_TO_RGB[0]
    y, u, v = numpy_yuv_planes(src, w, h, s)
    y1 = ((y.astype(np.int32) * (0x0101 * yg)) >> 16) + yb
    du = u.astype(np.int32) - 128
    dv = v.astype(np.int32) - 128
    up = functools.partial(np.repeat, repeats=2)
    tb = up(up(du * ub, axis=0), axis=1)
    tg = up(up(du * ug + dv * vg, axis=0), axis=1)
    tr = up(up(dv * vr, axis=0), axis=1)
    ro, go, bo, ao = CHANNEL_OFFSETS[d]
    px = out.reshape(h, w, -1)
    px[..., ro] = np.clip((y1 + tr) >> 6, 0, 255)
    px[..., go] = np.clip((y1 - tg) >> 6, 0, 255)
    px[..., bo] = np.clip((y1 + tb) >> 6, 0, 255)
    if ao >= 0:
        px[..., ao] = 255


def numpy_packed_to_yuv(src: np.ndarray, out: np.ndarray, w: int, h: int, s: str,
                        d: str) -> None:
    """Packed RGB -> YUV, 2x2 chroma average, BT.601 limited, as LiveKit computes it."""
    (yr, yg, yb, ybias), (ur, ug, ub), (vr, vg, vb), cbias = RGB_TO_YUV[0]
    ro, go, bo, _ = CHANNEL_OFFSETS[s]
    px = src.reshape(h, w, -1).astype(np.int32)
    r, g, b = px[..., ro], px[..., go], px[..., bo]
    out[: w * h] = ((yr * r + yg * g + yb * b + ybias) >> 8).ravel()

    def block(c: np.ndarray) -> np.ndarray:
        return (c[0::2, 0::2] + c[0::2, 1::2] + c[1::2, 0::2] + c[1::2, 1::2] + 2) >> 2

    ar, ag, ab = block(r), block(g), block(b)
    u = (ur * ar + ug * ag + ub * ab + cbias) >> 8
    v = (vr * ar + vg * ag + vb * ab + cbias) >> 8
    n = u.size
    if d == "I420":
        out[w * h : w * h + n] = u.ravel()
        out[w * h + n :] = v.ravel()
    else:
        uv = out[w * h :].reshape(-1, 2)
        uv[:, 0] = u.ravel()
        uv[:, 1] = v.ravel()


def numpy_yuv_to_yuv(src: np.ndarray, out: np.ndarray, w: int, h: int, s: str,
                     d: str) -> None:
    """Chroma plane copies, interleaving or deinterleaving."""
    y, u, v = numpy_yuv_planes(src, w, h, s)
    oy, ou, ov = numpy_yuv_planes(out, w, h, d)
    oy[...] = y
    ou[...] = u
    ov[...] = v


def numpy_convert(src: np.ndarray, out: np.ndarray, w: int, h: int, s: str, d: str) -> None:
    """The numpy recipe for one pair (byte-identical to lkfast at even sizes)."""
    if s in YUV and d in YUV:
        numpy_yuv_to_yuv(src, out, w, h, s, d)
    elif s in YUV:
        numpy_yuv_to_packed(src, out, w, h, s, d)
    else:
        numpy_packed_to_yuv(src, out, w, h, s, d)


# ---- implementations ---------------------------------------------------------------------

def _opencv() -> Optional[Any]:
    try:
        return importlib.import_module("cv2")
    except ImportError:
        return None


def _make(impl: str, s: str, d: str, w: int, h: int) -> Callable[[], object]:
    src = _source(s, w, h)
    out = _output(d, w, h)
    if impl.startswith("lkfast"):
        threads = 1 if impl == "lkfast-1t" else default_threads()
        return lambda: lkfast.convert(src, w, h, s, d, out=out, threads=threads)
    if impl == "numpy":
        return lambda: numpy_convert(src, out, w, h, s, d)
    if impl == "pure-python":
        view = memoryview(src.tobytes())
        return lambda: convert_yuv(view, w, h, s, d)
    if impl == "livekit":
        from livekit import rtc

        frame = rtc.VideoFrame(w, h, getattr(rtc.VideoBufferType, s), bytearray(src.tobytes()))
        dst_type = getattr(rtc.VideoBufferType, d)
        return lambda: frame.convert(dst_type)
    if impl.startswith("opencv"):
        cv2 = _opencv()
        if cv2 is None:
            raise RuntimeError("OpenCV is not installed (pip install opencv-python-headless)")
        cv_threads = 1 if impl == "opencv-1t" else default_threads()
        code = getattr(cv2, OPENCV_CODES[(s, d)])
        # OpenCV sees a YUV frame as one (h * 3/2, w) plane and packed pixels as (h, w, bpp).
        planar = (h * 3 // 2, w)
        packed = (h, w, -1)
        cv_src: np.ndarray = src.reshape(planar if s in YUV else packed)
        cv_out: np.ndarray = out.reshape(packed if s in YUV else planar)

        def run_cv2() -> None:
            cv2.setNumThreads(cv_threads)
            cv2.cvtColor(cv_src, code, dst=cv_out)

        return run_cv2
    copy_src = np.empty_like(out)
    return lambda: np.copyto(out, copy_src)  # memcpy of the output's bytes


#: What ``lkfast bench --quick`` runs (pure Python only for the first, at 640x480).
QUICK = {(("I420", "RGBA"), (640, 480)), (("RGBA", "I420"), (640, 480)),
         (("I420", "RGBA"), (1920, 1080)), (("I420", "BGR24"), (1920, 1080)),
         (("NV12", "RGBA"), (1920, 1080)), (("RGBA", "I420"), (1920, 1080)),
         (("BGR24", "I420"), (1920, 1080)), (("I420", "NV12"), (1920, 1080))}


def cases() -> list[Case]:
    have_cv2 = _opencv() is not None
    result = []
    for s, d in PAIRS:
        for w, h in SIZES:
            group = f"yuv {s}->{d} {w}x{h}"
            nbytes = layout(d, w, h).size  # type: ignore[arg-type]
            quick = ((s, d), (w, h)) in QUICK
            impls = ["lkfast-1t", "lkfast-Nt", "numpy", "memcpy"]
            if (w, h) == (640, 480):
                impls.append("pure-python")
            if (s, d) in LIVEKIT_PAIRS:
                impls.append("livekit")
            if have_cv2 and (s, d) in OPENCV_CODES:
                impls += ["opencv-1t", "opencv-Nt"]
            for impl in impls:
                note = ""
                if impl == "livekit":
                    note = "allocates its output per call"
                elif impl.startswith("lkfast") and (s, d) not in LIVEKIT_PAIRS:
                    note = "LiveKit's convert raises for this pair"
                in_quick = quick and (impl != "pure-python" or (s, d) == ("I420", "RGBA"))
                result.append(Case(group, impl, functools.partial(_make, impl, s, d, w, h),
                                   "yuv", nbytes, in_quick, note))
    return result
