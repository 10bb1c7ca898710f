"""PCM sample conversion cases: float32 -> int16 and int16 -> float32 per 10 ms frame."""

from __future__ import annotations

import functools
import importlib
from typing import Callable

import numpy as np

import lkfast
import lkfast.reference
from lkfast.bench._case import Case

SAMPLES = 960  # 10 ms of 48 kHz stereo


def _signal() -> np.ndarray:
    return np.sin(np.arange(SAMPLES, dtype=np.float32) * 0.05).astype(np.float32) * 0.8


def _float_to_int16(impl: str) -> Callable[[], object]:
    src = _signal()
    out = np.empty(SAMPLES, dtype=np.int16)
    if impl == "lkfast":
        return lambda: lkfast.float_to_int16(src, out)
    if impl == "numpy":  # the usual recipe: clip, scale, cast
        return lambda: np.copyto(out, (np.clip(src, -1, 1) * 32767).astype(np.int16))
    if impl == "pure-python":
        return lambda: lkfast.reference.float_to_int16(src, out)
    return lambda: np.copyto(out, out)


def _int16_to_float32(impl: str) -> Callable[[], object]:
    src = (_signal() * 32767).astype(np.int16)
    out = np.empty(SAMPLES, dtype=np.float32)
    if impl == "lkfast":
        return lambda: lkfast.int16_to_float32(src, out)
    if impl == "numpy":
        return lambda: np.divide(src, np.float32(32768), out=out)
    if impl == "pure-python":
        return lambda: lkfast.reference.int16_to_float32(src, out)
    return lambda: np.copyto(out, out)


def _framing(impl: str) -> Callable[[], object]:
    """10 s of 48 kHz stereo int16, delivered in 4096-byte chunks, cut into 10 ms frames."""
    raw = (np.arange(48000 * 10 * 2) % 65536 - 32768).astype(np.int16).tobytes()
    chunks = [raw[i : i + 4096] for i in range(0, len(raw), 4096)]
    if impl == "agents":
        # Imported by name: livekit-agents is an optional peer (the bench extra).
        AudioByteStream = importlib.import_module("livekit.agents.utils.audio").AudioByteStream

        def run_agents() -> None:
            stream = AudioByteStream(48000, 2, 480)
            for chunk in chunks:
                stream.push(chunk)
            stream.flush()

        return run_agents
    cls = lkfast.AudioFramer if impl == "lkfast" else lkfast.reference.AudioFramer

    def run() -> None:
        framer = cls(48000, 2, 480)
        for chunk in chunks:
            framer.push(chunk)
        framer.flush()

    return run


def _has_agents() -> bool:
    try:
        importlib.import_module("livekit.agents.utils.audio")
    except Exception:  # not installed, or an incompatible livekit
        return False
    return True


def cases() -> list[Case]:
    result = []
    impls = ["lkfast"] + (["agents"] if _has_agents() else [])
    for impl in impls + ["pure-python"]:
        result.append(Case("framing 10 s 48 kHz stereo, 4096-byte chunks", impl,
                           functools.partial(_framing, impl), "audio", 48000 * 10 * 4,
                           quick=impl != "pure-python"))
    for group, make, nbytes in (
        ("float32->int16 10 ms 48 kHz stereo", _float_to_int16, SAMPLES * 2),
        ("int16->float32 10 ms 48 kHz stereo", _int16_to_float32, SAMPLES * 4),
    ):
        for impl in ("pure-python", "numpy", "lkfast", "memcpy"):
            result.append(Case(group, impl, functools.partial(make, impl), "audio", nbytes))
    return result
