"""Tone synthesis cases: one 10 ms frame (48 kHz mono and stereo) and a 1 s block."""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np

import lkfast
import lkfast.reference
from lkfast.bench._case import Case

RATE = 48000
FREQ = 440.0
AMP = 0.5


def _lkfast(samples: int, channels: int) -> Callable[[], object]:
    gen = lkfast.SineGenerator(RATE, channels, FREQ, AMP)
    out = np.empty(samples * channels, dtype=np.int16)
    fill = gen.fill
    return lambda: fill(out)


def _reference(samples: int, channels: int) -> Callable[[], object]:
    gen = lkfast.reference.SineGenerator(RATE, channels, FREQ, AMP)
    out = bytearray(samples * channels * 2)
    return lambda: gen.fill(out)


def _numpy(samples: int, channels: int) -> Callable[[], object]:
    """LiveKit docs' recipe: a float sine per frame, cast to int16, copied into the frame."""
    out = np.empty((samples, channels), dtype=np.int16)
    state = {"k": 0}

    def run() -> None:
        k = state["k"]
        t = (np.arange(samples) + k) / RATE
        wave = (AMP * 32767 * np.sin(2 * np.pi * FREQ * t)).astype(np.int16)
        out[:] = wave[:, None]
        state["k"] = k + samples

    return run


def _memset(samples: int, channels: int) -> Callable[[], object]:
    out = np.empty(samples * channels, dtype=np.int16)
    return lambda: out.fill(1)


def cases() -> list[Case]:
    result = []
    for label, samples, channels, quick in (
        ("tone 10 ms 48 kHz mono", 480, 1, True),
        ("tone 10 ms 48 kHz stereo", 480, 2, True),
        ("tone 1 s 48 kHz mono", 48000, 1, False),
    ):
        nbytes = samples * channels * 2
        makers: list[tuple[str, Callable[[int, int], Callable[[], object]]]] = [
            ("pure-python", _reference), ("numpy", _numpy), ("lkfast", _lkfast),
            ("memset", _memset)]
        for impl, make in makers:
            if impl == "pure-python" and samples > 480:
                continue  # seconds per call; the 10 ms rows already give its ratio
            result.append(Case(label, impl, functools.partial(make, samples, channels),
                               "tone", nbytes, quick))
    return result
