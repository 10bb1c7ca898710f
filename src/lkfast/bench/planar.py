"""Cases for the buffer types beyond I420/NV12 (I420A, I422, I444, I010) and strided input.

Three kinds of group, all at 1920x1080 on one thread:

- each pair with one of those types that LiveKit's ``VideoFrame.convert`` converts: lkfast,
  LiveKit (allocating its output, as users call it) and a memcpy of the output's bytes;
- ``-> RGBA by source type``: I420 (the reference point), I420A, I422, I444 and I010 to RGBA,
  one row each, so the cost of the wider chroma (or 10-bit samples) reads off one table;
- ``strided``: a BGR24 region of interest of a 3840x2160 OpenCV-style image, and a vertical
  flip (``img[::-1]``), each against the same conversion of its contiguous copy.
"""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np

import lkfast
from lkfast.bench._case import Case
from lkfast.video.formats import frame_size

W, H = 1920, 1080
#: Pairs with I420A, I422, I444 or I010 that LiveKit 1.1/1.2 converts (the others raise or
#: abort; tests/test_video_planar_livekit.py enumerates them).
LIVEKIT_PAIRS = (("I420A", "I420"), ("I420A", "I420A"), ("I422", "RGBA"), ("I422", "ARGB"),
                 ("I422", "ABGR"), ("I422", "I420"), ("I422", "I422"), ("I444", "RGBA"),
                 ("I444", "BGRA"), ("I444", "I420"), ("I444", "I444"))
TO_RGBA = ("I420", "I420A", "I422", "I444", "I010")


def _source(fmt: str, w: int, h: int) -> np.ndarray:
    rng = np.random.default_rng(w * h)
    if fmt == "I010":  # 10-bit little-endian samples
        return (rng.integers(0, 1024, frame_size(fmt, w, h) // 2, dtype=np.uint16)
                .astype("<u2").view(np.uint8))
    return rng.integers(0, 256, frame_size(fmt, w, h), dtype=np.uint8)


def _pair(impl: str, s: str, d: str) -> Callable[[], object]:
    src = _source(s, W, H)
    out = np.empty(frame_size(d, W, H), np.uint8)
    if impl == "livekit":
        from livekit import rtc

        frame = rtc.VideoFrame(W, H, getattr(rtc.VideoBufferType, s), bytearray(src.tobytes()))
        dst_type = getattr(rtc.VideoBufferType, d)
        return lambda: frame.convert(dst_type)
    if impl == "memcpy":
        copy_src = np.empty_like(out)
        return lambda: np.copyto(out, copy_src)
    return lambda: lkfast.convert(src, W, H, s, d, out=out, threads=1)


def _strided(impl: str, kind: str) -> Callable[[], object]:
    big = np.random.default_rng(1).integers(0, 256, (2160, 3840, 3), dtype=np.uint8)
    view = big[500:500 + H, 700:700 + W] if kind == "roi" else big[H - 1::-1, :W]
    src = view if impl == "lkfast view" else np.ascontiguousarray(view)
    out = np.empty(frame_size("I420", W, H), np.uint8)
    return lambda: lkfast.convert(src, W, H, "BGR24", "I420", out=out, threads=1)


def cases() -> list[Case]:
    result = []
    for s, d in LIVEKIT_PAIRS:
        group = f"planar {s}->{d} {W}x{H}"
        nbytes = frame_size(d, W, H)
        for impl in ("lkfast-1t", "livekit", "memcpy"):
            note = "allocates its output per call" if impl == "livekit" else ""
            result.append(Case(group, impl, functools.partial(_pair, impl, s, d), "planar",
                               nbytes, (s, d) in {("I422", "RGBA"), ("I444", "RGBA")}, note))
    group = f"planar -> RGBA by source type {W}x{H}"
    for s in TO_RGBA:
        result.append(Case(group, f"{s} lkfast-1t", functools.partial(_pair, "lkfast-1t", s,
                                                                      "RGBA"),
                           "planar", W * H * 4, s in ("I420", "I010")))
    for kind, what in (("roi", "ROI of 3840x2160"), ("flip", "img[::-1]")):
        group = f"strided BGR24->I420 {W}x{H}, {what}"
        for impl in ("lkfast view", "lkfast copy"):
            note = "the same pixels made contiguous first (not timed)" if "copy" in impl else ""
            result.append(Case(group, impl, functools.partial(_strided, impl, kind), "planar",
                               frame_size("I420", W, H), kind == "roi", note))
    return result
