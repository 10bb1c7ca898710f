"""Fuzz the video kernels against their twins: convert (every format pair), convert_frame,
to_ndarray, fill, solid_frame, scale_i420 (the property and the knobs are in tests/fuzzing.py).

Frames are tiny when the twin runs; the huge sizes (16385, 2**31, 2**62: width * height
overflows 32 and 64 bits) come with tiny buffers and must be refused.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzzing import EDGE_SIZES, Guarded, agree, call, fuzz_settings, misaligned, refused, twin
from hypothesis import given
from hypothesis import strategies as st
from livekit import rtc

import lkfast
import lkfast.reference as ref
from lkfast.video.formats import BUFFER_TYPES, BYTES_PER_PIXEL, FORMATS, byte_size

FORMAT_NAMES = st.one_of(st.sampled_from(FORMATS), st.sampled_from([f.lower() for f in FORMATS]),
                         st.sampled_from(sorted(BUFFER_TYPES.values())),
                         st.sampled_from(["YUY2", "", None, 99, -1, 5.0]))
SMALL = st.integers(1, 9)
DIMS = st.one_of(SMALL, SMALL, SMALL, st.sampled_from(EDGE_SIZES), st.sampled_from([1.0, "4",
                                                                                    True]))
MATRICES = st.sampled_from(["bt601", "bt601", "bt709", "BT709", "srgb", None])
THREADS = st.sampled_from([None, None, 1, 2, 0, -1, 2**31])


def _size(fmt: Any, w: Any, h: Any) -> int:
    """The frame's byte count when ``fmt``, ``w``, ``h`` are valid and small, else 12."""
    try:
        name = lkfast.video.formats.parse_format(fmt)
    except (TypeError, ValueError):
        return 12
    if type(w) is int and type(h) is int and 1 <= w <= 64 and 1 <= h <= 64:
        return byte_size(name, w, h)
    return 12


@st.composite
def frame_bytes(draw: Any, nbytes: int) -> bytes:
    return draw(st.binary(min_size=nbytes, max_size=nbytes)) if nbytes <= 64 else bytes(
        np.random.default_rng(nbytes).integers(0, 256, nbytes, np.uint8))


SRC_KINDS = ["bytes", "bytes", "array", "bytearray", "memoryview", "misaligned", "readonly",
             "strided", "reversed", "int16", "float32", "short", "long"]
OUT_KINDS = ["none", "none", "exact", "exact", "misaligned", "short", "long", "readonly",
             "strided", "2d", "same", "overlap", "uint16"]


def _src(data: bytes, kind: str) -> Any:
    a = np.frombuffer(data, np.uint8)
    return {"bytes": lambda: data, "array": lambda: a.copy(), "bytearray": lambda: bytearray(data),
            "memoryview": lambda: memoryview(data), "misaligned": lambda: misaligned(a),
            "readonly": lambda: a, "strided": lambda: np.repeat(a, 2)[::2],
            "reversed": lambda: a[::-1].copy()[::-1],
            "int16": lambda: a[: a.size // 2 * 2].view(np.int16),
            "float32": lambda: a[: a.size // 4 * 4].view(np.float32),
            "short": lambda: data[:-1], "long": lambda: data + b"\0"}[kind]()


@given(st.data(), FORMAT_NAMES, FORMAT_NAMES, DIMS, DIMS, st.sampled_from(SRC_KINDS),
       st.sampled_from(OUT_KINDS), MATRICES, st.sampled_from([False, False, True, 1]), THREADS)
@fuzz_settings(80)
def test_convert(data: Any, sf: Any, df: Any, w: Any, h: Any, skind: str, okind: str,
                 matrix: Any, full: Any, threads: Any) -> None:
    src_bytes = data.draw(frame_bytes(_size(sf, w, h)))
    dst_n = _size(df, w, h)
    src_k, src_t = _src(src_bytes, skind), _src(src_bytes, skind)
    guard, out_k, out_t = None, None, None
    if okind in ("exact", "misaligned", "short", "long", "2d"):
        n = dst_n + {"short": -1, "long": 1}.get(okind, 0)
        guard = Guarded(n, misalign=okind == "misaligned")
        out_k, out_t = guard.array, bytearray(n)
        if okind == "2d" and n % 2 == 0:
            out_k = out_k.reshape(2, -1)
    elif okind == "readonly":
        out_k, out_t = bytes(dst_n), bytes(dst_n)
    elif okind == "strided":
        out_k, out_t = np.zeros(2 * dst_n, np.uint8)[::2], np.zeros(2 * dst_n, np.uint8)[::2]
    elif okind == "uint16":
        out_k, out_t = np.zeros(dst_n, np.uint16), np.zeros(dst_n, np.uint16)
    elif okind in ("same", "overlap") and isinstance(src_k, np.ndarray) and src_k.flags.writeable:
        cut = 0 if okind == "same" else 1
        out_k, out_t = src_k[cut:], src_t[cut:]
    kw = dict(matrix=matrix, full_range=full, threads=threads)
    got = call("convert", lkfast.convert, src_k, w, h, sf, df, out=out_k, **kw)
    want = twin(ref.convert, src_t, w, h, sf, df, out=out_t, **kw)
    if guard is not None:
        guard.check()
    if refused(got) and not refused(want) and okind in ("same", "overlap"):
        return  # the kernel refuses overlaps the copying twin takes (documented)
    if agree(got, want):
        assert isinstance(got, np.ndarray) and got.dtype == np.uint8 and got.ndim == 1
        assert got.size == dst_n
        assert got.tobytes() == bytes(memoryview(want).cast("B"))


@given(st.data(), st.sampled_from([f for f in FORMATS if f in BUFFER_TYPES]), FORMAT_NAMES,
       SMALL, SMALL, st.sampled_from(["none", "bytearray", "array", "short", "readonly"]))
@fuzz_settings()
def test_convert_frame_and_to_ndarray(data: Any, sf: str, df: Any, w: int, h: int,
                                      okind: str) -> None:
    raw = data.draw(frame_bytes(byte_size(sf, w, h)))
    frame = rtc.VideoFrame(w, h, BUFFER_TYPES[sf], bytearray(raw))  # type: ignore[arg-type]
    dst_n = _size(df, w, h)
    out: Any = {"none": None, "bytearray": bytearray(dst_n), "array": np.zeros(dst_n, np.uint8),
                "short": bytearray(max(dst_n - 1, 0)), "readonly": bytes(dst_n)}[okind]
    want = twin(ref.convert, raw, w, h, sf, df)
    got = call("convert_frame", lkfast.convert_frame, frame, df, out=out)
    if okind in ("short", "readonly"):
        assert refused(got) or refused(want) and dst_n == 12, got
    elif not refused(got) or not refused(want):
        if refused(got) and df in ("BGR24", "bgr24", "I420A"):  # not a VideoFrame type... or
            return                                               # not one LiveKit converts to
        assert agree(got, want)
        assert isinstance(got, rtc.VideoFrame) and (got.width, got.height) == (w, h)
        assert bytes(got.data) == bytes(want)
    out2 = None if okind != "array" or df not in BYTES_PER_PIXEL and df not in [
        f.lower() for f in BYTES_PER_PIXEL] else np.zeros((h, w, 4), np.uint8)
    got2 = call("to_ndarray", lkfast.to_ndarray, frame, dst_format=df, out=out2)
    if agree(got2, want) if out2 is None else not refused(got2):
        assert got2.dtype == np.uint8 and got2.tobytes() == bytes(want)
        if lkfast.video.formats.parse_format(df) in BYTES_PER_PIXEL:
            assert got2.shape[:2] == (h, w)
    got3 = call("to_ndarray", lkfast.to_ndarray, raw, w, h, sf, df)
    if agree(got3, want):
        assert got3.tobytes() == bytes(want)


COLOURS = st.one_of(st.tuples(*[st.integers(0, 255)] * 3), st.tuples(*[st.integers(0, 255)] * 4),
                    st.sampled_from([(256, 0, 0), (-1, 0, 0), (1, 2), (1.0, 2, 3), None, "red",
                                     (0, 0, 0, 0, 0), (True, 0, 0)]))


@given(FORMAT_NAMES, DIMS, DIMS, COLOURS, MATRICES, st.sampled_from([False, True]),
       st.sampled_from(["exact", "exact", "misaligned", "short", "long", "readonly", "strided",
                        "uint16"]), THREADS)
@fuzz_settings()
def test_fill(fmt: Any, w: Any, h: Any, rgba: Any, matrix: Any, full: bool, okind: str,
              threads: Any) -> None:
    n = _size(fmt, w, h) + {"short": -1, "long": 1}.get(okind, 0)
    guard = Guarded(max(n, 0), misalign=okind == "misaligned")
    out_k: Any = guard.array
    out_t: Any = bytearray(max(n, 0))
    if okind == "readonly":
        out_k, out_t = bytes(n), bytes(n)
    elif okind == "strided":
        out_k, out_t = np.zeros(2 * n, np.uint8)[::2], np.zeros(2 * n, np.uint8)[::2]
    elif okind == "uint16":
        out_k, out_t = np.zeros(n, np.uint16), np.zeros(n, np.uint16)
    kw = dict(matrix=matrix, full_range=full, threads=threads)
    got = call("fill", lkfast.fill, out_k, w, h, fmt, rgba, **kw)
    want = twin(ref.fill, out_t, w, h, fmt, rgba, **kw)
    guard.check()
    if agree(got, want):
        assert isinstance(got, np.ndarray) and got.dtype == np.uint8 and got.size == n
        assert got.tobytes() == bytes(memoryview(out_t).cast("B"))
    frame = call("solid_frame", lkfast.solid_frame, w, h, rgba, fmt, matrix=matrix,
                 full_range=full)
    if not refused(frame):
        want_frame = bytearray(byte_size(lkfast.video.formats.parse_format(fmt), w, h))
        ref.fill(want_frame, w, h, fmt, rgba, matrix=matrix, full_range=full)
        assert (frame.width, frame.height) == (w, h)
        assert bytes(frame.data) == want_frame


FITS = st.sampled_from(["stretch", "stretch", "letterbox", "crop", "zoom", None])


@given(st.data(), DIMS, DIMS, DIMS, DIMS, FITS, COLOURS,
       st.sampled_from(["none", "exact", "misaligned", "short", "long", "readonly", "overlap"]),
       st.sampled_from(["bytes", "array", "misaligned", "strided", "short", "long", "int16"]))
@fuzz_settings()
def test_scale_i420(data: Any, w: Any, h: Any, dw: Any, dh: Any, fit: Any, bg: Any, okind: str,
                    skind: str) -> None:
    src_bytes = data.draw(frame_bytes(_size("I420", w, h)))
    n = _size("I420", dw, dh) + {"short": -1, "long": 1}.get(okind, 0)
    src_k, src_t = _src(src_bytes, skind), _src(src_bytes, skind)
    guard, out_k, out_t = None, None, None
    if okind in ("exact", "misaligned", "short", "long"):
        guard = Guarded(max(n, 0), misalign=okind == "misaligned")
        out_k, out_t = guard.array, bytearray(max(n, 0))
    elif okind == "readonly":
        out_k, out_t = bytes(n), bytes(n)
    elif okind == "overlap" and isinstance(src_k, np.ndarray) and src_k.flags.writeable:
        out_k, out_t = src_k, src_t
    bg3 = bg[:3] if isinstance(bg, tuple) and len(bg) == 4 else bg
    got = call("scale_i420", lkfast.scale_i420, src_k, w, h, dw, dh, fit=fit, background=bg3,
               out=out_k)
    want = twin(ref.scale_i420, src_t, w, h, dw, dh, fit=fit, background=bg3, out=out_t)
    if guard is not None:
        guard.check()
    if refused(got) and not refused(want) and okind == "overlap":
        return  # the kernel refuses out overlapping src; the copying twin takes it
    if agree(got, want):
        assert isinstance(got, np.ndarray) and got.dtype == np.uint8 and got.size == n
        assert got.tobytes() == bytes(memoryview(want).cast("B"))


# --- regressions found by the fuzzing above ----------------------------------------------------

def test_huge_sizes_on_the_fast_paths_are_value_errors() -> None:
    """The one-thread fast paths of convert and fill took the size before checking it: a width
    of 2**31 or 2**40 with height 1 allocated 8 GiB / raised MemoryError or OverflowError, a
    huge width times a negative height slipped past ``width * height < split``."""
    import pytest

    for w, h in [(2**31, 1), (2**40, 1), (2**62, 1), (2**63, -2), (16385, 1), (1, 0)]:
        for threads in (None, 1):
            with pytest.raises(ValueError, match="width|height"):
                lkfast.convert(bytes(16), w, h, "RGBA", "BGRA", threads=threads)
            with pytest.raises(ValueError, match="width|height"):
                lkfast.fill(bytearray(16), w, h, "RGBA", (1, 2, 3), threads=threads)
