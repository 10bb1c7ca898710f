"""Result types returned alike by the compiled kernels and their pure-Python references."""

from __future__ import annotations

from typing import NamedTuple


class Levels(NamedTuple):
    """Level of each channel in dBFS (0 dBFS = full scale: 32768 for int16, 1.0 for float).

    Attributes:
        rms_dbfs: ``20 * log10(rms / full_scale)`` per channel; ``-inf`` for silence.
        peak_dbfs: ``20 * log10(max|x| / full_scale)`` per channel; ``-inf`` for silence.
    """

    rms_dbfs: tuple[float, ...]
    peak_dbfs: tuple[float, ...]
