"""Mixing cases: ``lkfast.mix`` vs the obvious numpy loop vs the pure-Python twin, for 8 streams
of 10 ms 48 kHz stereo, with per-stream gains, into a caller-owned buffer."""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np

import lkfast
import lkfast.reference
from lkfast.bench._case import Case

STREAMS = 8
FRAMES = 480  # 10 ms at 48 kHz, samples per channel
GAINS = [0.5, 0.7, 1.3, 0.25, 1.0, 0.9, 0.6, 0.33]
INT16 = "mix 8 streams 10 ms 48 kHz stereo int16, gains"
FLOAT32 = "mix 8 streams 10 ms 48 kHz stereo float32, gains, clip"


def _streams(dtype: type) -> list[np.ndarray]:
    rng = np.random.default_rng(13)
    raw = [rng.integers(-12000, 12000, (FRAMES, 2)).astype(np.int16) for _ in range(STREAMS)]
    return raw if dtype is np.int16 else [(s / 32768).astype(np.float32) for s in raw]


def _mix_int16(impl: str) -> Callable[[], object]:
    streams = _streams(np.int16)
    out = np.empty_like(streams[0])
    if impl == "lkfast":
        return lambda: lkfast.mix(streams, GAINS, out=out)
    if impl == "pure-python":
        return lambda: lkfast.reference.mix(streams, GAINS, out=out)

    def numpy_loop() -> np.ndarray:  # the obvious recipe
        acc = sum(s.astype(np.float32) * g for s, g in zip(streams, GAINS))
        return np.clip(np.rint(acc), -32768, 32767).astype(np.int16)
    return numpy_loop


def _mix_float32(impl: str) -> Callable[[], object]:
    streams = _streams(np.float32)
    out = np.empty_like(streams[0])
    if impl == "lkfast":
        return lambda: lkfast.mix(streams, GAINS, out=out, clip=True)
    if impl == "pure-python":
        return lambda: lkfast.reference.mix(streams, GAINS, out=out, clip=True)

    def numpy_loop() -> np.ndarray:
        acc = sum(s * np.float32(g) for s, g in zip(streams, GAINS))
        return np.clip(acc, -1.0, 1.0, out=out)
    return numpy_loop


def cases() -> list[Case]:
    result = []
    for group, make, nbytes in ((INT16, _mix_int16, FRAMES * 2 * 2),
                                (FLOAT32, _mix_float32, FRAMES * 2 * 4)):
        for impl in ("pure-python", "numpy", "lkfast"):
            result.append(Case(group, impl, functools.partial(make, impl), "mix", nbytes,
                               quick=impl != "pure-python"))
    return result
