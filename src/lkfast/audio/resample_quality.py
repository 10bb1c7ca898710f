"""Resampler quality levels and the filter plan of a rate pair.

The filter is a Kaiser-windowed sinc, applied as a polyphase filter. Frequencies here are
fractions of the *lower* Nyquist frequency of the pair (the output's when downsampling, the
input's when upsampling): the passband ends at ``passband``, the stopband begins at
``stopband`` (above 1.0 only what would alias into the band between ``passband`` and 1.0 is
let through), and the stopband attenuation (which is also the passband ripple, as a fraction)
is ``attenuation_db``.

``taps`` counts input samples per output sample: the number of taps at the lower rate (Kaiser's
estimate) divided by ``low_rate / input_rate``, rounded up to a multiple of 16 (the kernel's
lanes). The stream's delay is ``taps / 2`` input samples; :func:`lkfast.resample` removes it.

Phases: the output position k * input_rate / output_rate has ``L = output_rate / gcd`` distinct
fractions. Up to :func:`max_phases` (1024 at 1:1 or upsampling, fewer when downsampling, at
least 64) the table holds every one exactly; beyond (e.g. 8001 -> 192000, L = 64000) it holds
``max_phases`` evenly spaced ones (plus the end) and the kernel interpolates linearly between
the two neighbouring rows, in float32, from the exact integer position, so the result is
deterministic and the table stays under about 64k coefficients per level.

Blocks: when the phases repeat every few blocks of :data:`BLOCK` outputs (every pair the bench
and the agents use: 48k -> 16k/24k, 16k/24k -> 48k, 44.1k <-> 48k one way), the kernel computes
16 consecutive outputs at once, one per vector lane, from :func:`blocks`: for each input
sample of the block's window, 16 coefficients (one per output, 0 outside its window). Rows
that are zero for every lane (the exact zeros of the sinc, e.g. every other tap of a 2:1 filter)
are skipped; the others alternate between two partial sums, added at the end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lkfast._core.checks import check_int, check_range

MIN_RATE = 8000
MAX_RATE = 192000
#: Kernel accumulator lanes: taps are a multiple of this.
LANES = 16
#: Outputs per block of the blocked kernel (see :func:`blocks`).
BLOCK = 16
#: Most coefficients of a blocked plan's tables; beyond, the kernel runs one output at a time.
MAX_BLOCK_COEFFS = 65536


@dataclass(frozen=True)
class Quality:
    """One quality level: band edges (fractions of the lower Nyquist) and attenuation (dB)."""

    name: str
    passband: float
    stopband: float
    attenuation_db: float

    @property
    def beta(self) -> float:
        """Kaiser window parameter for ``attenuation_db``."""
        return 0.1102 * (self.attenuation_db - 8.7)

    @property
    def low_taps(self) -> float:
        """Kaiser's estimate of the filter length, in samples at the lower rate."""
        return (self.attenuation_db - 7.95) / (2.285 * math.pi * (self.stopband - self.passband))


#: The levels, named like ``rtc.AudioResamplerQuality``.
QUALITIES: dict[str, Quality] = {
    "quick": Quality("quick", 0.80, 1.20, 60.0),
    "low": Quality("low", 0.85, 1.15, 80.0),
    "medium": Quality("medium", 0.88, 1.12, 90.0),
    "high": Quality("high", 0.90, 1.10, 105.0),
    "very_high": Quality("very_high", 0.95, 1.05, 120.0),
}


@dataclass(frozen=True)
class Plan:
    """The filter for one rate pair and quality.

    ``up``/``down``: output/input rate divided by their gcd (L and M). ``taps``: filter length
    in input samples (multiple of 16). ``phases``: table rows minus one when ``interpolate``,
    else the table has ``up`` rows. ``cutoff``: sinc cutoff as a fraction of the input Nyquist.
    """

    input_rate: int
    output_rate: int
    up: int
    down: int
    taps: int
    phases: int
    interpolate: bool
    cutoff: float
    beta: float
    quality: Quality

    @property
    def rows(self) -> int:
        """Rows of the coefficient table."""
        return self.phases + 1 if self.interpolate else self.phases

    @property
    def delay(self) -> int:
        """The stream's delay, input samples (what the one-shot function removes)."""
        return self.taps // 2


def check_rate(name: str, value: object) -> int:
    """A sample rate in Hz, an integer from 8000 to 192000."""
    return check_range(name, check_int(name, value), MIN_RATE, MAX_RATE)


def check_quality(quality: object) -> Quality:
    """A quality level by name (also an ``rtc.AudioResamplerQuality`` member)."""
    name = getattr(quality, "name", quality)
    if isinstance(name, str) and name.lower() in QUALITIES:
        return QUALITIES[name.lower()]
    raise ValueError(f"quality must be one of {', '.join(map(repr, QUALITIES))}, got {quality!r}")


def max_phases(up: int, down: int) -> int:
    """Most table rows kept for a pair: 1024 scaled by the low/input rate ratio, >= 64."""
    return max(64, math.ceil(1024 * min(1.0, up / down)))


def plan(input_rate: object, output_rate: object, quality: object = "high") -> Plan:
    """Validate a rate pair and quality, and size its filter."""
    rin = check_rate("input_rate", input_rate)
    rout = check_rate("output_rate", output_rate)
    q = check_quality(quality)
    g = math.gcd(rin, rout)
    up, down = rout // g, rin // g
    ratio = min(1.0, up / down)
    taps = max(LANES, LANES * math.ceil(q.low_taps / ratio / LANES))
    limit = max_phases(up, down)
    interpolate = up > limit
    phases = limit if interpolate else up
    cutoff = ratio * (q.passband + q.stopband) / 2
    return Plan(rin, rout, up, down, taps, phases, interpolate, cutoff, q.beta, q)


def output_length(frames: int, up: int, down: int) -> int:
    """``round(frames * up / down)``, exactly, ties to even (as ``round``)."""
    q, r = divmod(frames * up, down)
    if 2 * r > down or (2 * r == down and q % 2):
        q += 1
    return q


def block_phases(up: int, down: int) -> list[int]:
    """Phase of the first output of each kind of block: block b starts at output 16 b, whose
    phase is ``16 b down mod up``; it repeats every ``up / gcd(up, 16)`` blocks."""
    return [BLOCK * b * down % up for b in range(up // math.gcd(up, BLOCK))]


def blocks(table: np.ndarray, up: int, down: int) -> tuple[np.ndarray, np.ndarray,
                                                          np.ndarray] | None:
    """The blocked form of a (non-interpolated) table, or None when too large.

    Returns ``(coeffs, rows, counts)``: ``coeffs[t, i, j]`` is the coefficient of input
    ``i`` of the window of a block of kind ``t`` for its output ``j`` (lane), float32
    ``(kinds, width, 16)``; ``rows[t, :counts[t]]`` (int32) the ascending rows that are not all
    zero. Output j of a block starting at phase p0 has phase ``(p0 + j down) mod up`` and its
    window starts ``(p0 + j down) // up`` inputs after the block's.
    """
    taps = table.shape[1]
    starts = block_phases(up, down)
    width = taps + max((p0 + (BLOCK - 1) * down) // up for p0 in starts)
    if len(starts) * width * BLOCK > MAX_BLOCK_COEFFS:
        return None
    coeffs = np.zeros((len(starts), width, BLOCK), dtype=np.float32)
    rows = np.zeros((len(starts), width), dtype=np.int32)
    counts = np.zeros(len(starts), dtype=np.int32)
    for t, p0 in enumerate(starts):
        for j in range(BLOCK):
            d, ph = divmod(p0 + j * down, up)
            coeffs[t, d:d + taps, j] = table[ph]
        nz = np.flatnonzero((coeffs[t] != 0).any(axis=1))
        rows[t, :len(nz)] = nz
        counts[t] = len(nz)
    return coeffs, rows, counts
