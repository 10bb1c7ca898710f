"""Pure-Python twins of :func:`lkfast.apply_gain` and :func:`lkfast.fade`."""

from __future__ import annotations

import math
import struct
from typing import Any, Optional

from lkfast._core.checks import check_fade, check_gain_db
from lkfast.audio.reference._samples import get_output, get_samples
from lkfast.audio.reference.pcm import saturate


def to_float32(x: float) -> float:
    """``x`` rounded to float32, overflowing to +-inf as a C cast does."""
    try:
        return float(struct.unpack("f", struct.pack("f", x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


def apply_gain(src: Any, gain_db: float, out: Optional[Any] = None) -> Any:
    """Multiply by ``10 ** (gain_db / 20)``: int16 rounds and saturates, float32 does not clip."""
    g = check_gain_db(gain_db)
    samples = get_samples(src, "src", "hf")
    result, dst = get_output(out, samples.code, len(samples.values))
    for i, x in enumerate(samples.values):
        y = saturate(x * g) if samples.code == "h" else to_float32(x * g)
        dst[i] = y  # type: ignore[assignment]  # a float into format 'f'
    return result


def fade(src: Any, length: int, direction: str = "in", start: Optional[int] = None,
         num_channels: Optional[int] = None, out: Optional[Any] = None) -> Any:
    """Linear fade-in (gain ``j / length``) or fade-out (its mirror image), clamped to [0, 1]."""
    samples = get_samples(src, "src", "hf", layout=True, num_channels=num_channels)
    n, fade_out, first = check_fade(length, direction, start, samples.frames)
    nch = samples.channels
    result, dst = get_output(out, samples.code, len(samples.values))
    for i, x in enumerate(samples.values):
        j = first + i // nch
        if fade_out:
            j = n - 1 - j
        if j <= 0:
            dst[i] = 0
        elif j >= n:
            dst[i] = x
        else:
            g = j / n
            dst[i] = round(x * g) if samples.code == "h" else x * g
    return result
