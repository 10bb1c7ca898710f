"""Resampling cases: one 10 ms chunk through a stream, lkfast ("high") vs soxr
(``ResampleStream``, HQ) vs ``rtc.AudioResampler`` (HIGH), int16."""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np
from livekit import rtc

import lkfast
from lkfast.bench._case import Case

#: (input Hz, output Hz, channels)
ROWS = [(48000, 16000, 1), (48000, 24000, 2), (16000, 48000, 1), (44100, 48000, 2)]


def _chunk(rate: int, channels: int) -> np.ndarray:
    n = rate // 100
    t = np.arange(n * channels) / (rate * channels)
    return (np.sin(2 * np.pi * 440 * t) * 16000).astype(np.int16).reshape(n, channels)


def _make(impl: str, rin: int, rout: int, ch: int) -> Callable[[], object]:
    x = _chunk(rin, ch)
    if impl == "lkfast":
        r = lkfast.AudioResampler(rin, rout, ch)
        return functools.partial(r.push_array, x)
    if impl == "soxr":
        import soxr  # type: ignore[import-untyped]

        s = soxr.ResampleStream(rin, rout, ch, dtype="int16", quality="HQ")
        return functools.partial(s.resample_chunk, x)
    lk = rtc.AudioResampler(rin, rout, num_channels=ch,
                            quality=rtc.AudioResamplerQuality.HIGH)
    data = bytearray(x.tobytes())
    return functools.partial(lk.push, data)


def _has_soxr() -> bool:
    try:
        import soxr  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def cases() -> list[Case]:
    impls = ["lkfast"] + (["soxr"] if _has_soxr() else []) + ["livekit"]
    result = []
    for rin, rout, ch in ROWS:
        group = f"resample 10 ms {rin / 1000:g}k->{rout / 1000:g}k {ch} ch int16"
        for impl in impls:
            result.append(Case(group, impl, functools.partial(_make, impl, rin, rout, ch),
                               "resample", rout // 100 * ch * 2))
    return result
