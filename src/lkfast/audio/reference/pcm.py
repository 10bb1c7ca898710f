"""Pure-Python twins of :func:`lkfast.float_to_int16` and :func:`lkfast.int16_to_float32`."""

from __future__ import annotations

import math
from typing import Any, Optional

from lkfast.audio.reference._samples import get_output, get_samples


def float_to_int16(src: Any, out: Optional[Any] = None) -> Any:
    """Float samples in [-1, 1] to int16: x 32768, round half to even, saturate, NaN -> 0."""
    samples = get_samples(src, "src", "fd")
    result, dst = get_output(out, "h", len(samples.values))
    for i, x in enumerate(samples.values):
        dst[i] = 0 if math.isnan(x) else saturate(x * 32768.0)
    return result


def int16_to_float32(src: Any, out: Optional[Any] = None) -> Any:
    """int16 samples to float32 in [-1, 1): ÷ 32768, exactly."""
    samples = get_samples(src, "src", "h")
    result, dst = get_output(out, "f", len(samples.values))
    for i, x in enumerate(samples.values):
        dst[i] = x / 32768.0  # a float into format "f"
    return result


def saturate(x: float) -> int:
    """``round(x)`` (ties to even) clamped to [-32768, 32767]; ``x`` is not NaN."""
    return max(-32768, min(32767, round(max(-65536.0, min(65536.0, x)))))
