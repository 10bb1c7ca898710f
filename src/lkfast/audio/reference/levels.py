"""Pure-Python twin of :func:`lkfast.levels`."""

from __future__ import annotations

import math
from typing import Any, Optional

from lkfast._core.results import Levels
from lkfast.audio.reference._samples import get_samples


def _dbfs(ratio: float) -> float:
    return -math.inf if ratio == 0 else 20.0 * math.log10(ratio)


def levels(src: Any, num_channels: Optional[int] = None) -> Levels:
    """RMS and peak per channel in dBFS (full scale 32768 for int16, 1.0 for float32)."""
    samples = get_samples(src, "src", "hf", layout=True, num_channels=num_channels)
    nch, n, values = samples.channels, samples.frames, samples.values
    if n == 0:
        silent = (-math.inf,) * nch
        return Levels(silent, silent)
    rms, peak = [], []
    for c in range(nch):
        channel = values[c::nch]
        if samples.code == "h":
            squares = sum(x * x for x in channel)  # exact integers
            rms.append(_dbfs(math.sqrt(squares / n) / 32768.0))
            peak.append(_dbfs(max(abs(x) for x in channel) / 32768.0))
        elif any(math.isnan(x) for x in channel):
            rms.append(math.nan)
            peak.append(math.nan)
        else:
            total = 0.0
            for x in channel:
                total += x * x
            rms.append(_dbfs(math.sqrt(total / n)))
            peak.append(_dbfs(max(abs(x) for x in channel)))
    return Levels(tuple(rms), tuple(peak))
