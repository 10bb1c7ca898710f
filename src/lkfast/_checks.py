"""Argument validation shared by the compiled kernels and their pure-Python references.

Every check raises ``TypeError`` (wrong type) or ``ValueError`` (out of range) with a message
that names the parameter and the value, and returns the normalised value.
"""

from __future__ import annotations

import math
import operator

MIN_SAMPLE_RATE = 8000
MAX_SAMPLE_RATE = 192000
MAX_CHANNELS = 8
#: Largest frame accepted anywhere: 60 s at 192 kHz, samples per channel.
MAX_SAMPLES_PER_CHANNEL = 60 * MAX_SAMPLE_RATE
#: Sample counters stay below 2**53 so that they convert to float exactly (about 5,900 years
#: at 48 kHz).
MAX_SAMPLE_INDEX = 2**53 - 1


def check_int(name: str, value: object) -> int:
    """Return ``value`` as an int; TypeError for floats, bools, strings and the like."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got bool {value!r}")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        kind = type(value).__name__
        raise TypeError(f"{name} must be an integer, got {kind} {value!r}") from None


def check_real(name: str, value: object) -> float:
    """Return ``value`` as a finite float; TypeError for non-numbers, ValueError for nan/inf."""
    if isinstance(value, (bool, str, bytes)) or not hasattr(value, "__float__"):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    result = float(value)  # type: ignore[arg-type]
    if not math.isfinite(result):
        raise ValueError(f"{name} must be finite, got {result!r}")
    return result


def check_range(name: str, value: int, lo: int, hi: int) -> int:
    """Return an already integral ``value`` when ``lo <= value <= hi``."""
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo} and {hi}, got {value}")
    return value


def check_sample_rate(sample_rate: object) -> int:
    """Sample rate in Hz, 8000 to 192000."""
    return check_range("sample_rate", check_int("sample_rate", sample_rate),
                       MIN_SAMPLE_RATE, MAX_SAMPLE_RATE)


def check_num_channels(num_channels: object) -> int:
    """Channel count, 1 to 8."""
    return check_range("num_channels", check_int("num_channels", num_channels), 1, MAX_CHANNELS)


def check_samples_per_channel(samples_per_channel: object) -> int:
    """Frame length in samples per channel, 1 to 60 s at 192 kHz."""
    return check_range("samples_per_channel",
                       check_int("samples_per_channel", samples_per_channel),
                       1, MAX_SAMPLES_PER_CHANNEL)


def check_sample_index(sample_index: object) -> int:
    """Sample position (samples per channel from the start), 0 to 2**53 - 1."""
    return check_range("sample_index", check_int("sample_index", sample_index),
                       0, MAX_SAMPLE_INDEX)


def check_sine_params(sample_rate: object, num_channels: object, frequency: object,
                      amplitude: object) -> tuple[int, int, float, float]:
    """Validate a sine generator's parameters; returns them normalised."""
    rate = check_sample_rate(sample_rate)
    channels = check_num_channels(num_channels)
    freq = check_real("frequency", frequency)
    if not 0.0 < freq < rate / 2:
        raise ValueError(
            f"frequency must be above 0 and below sample_rate / 2 = {rate / 2} Hz, got {freq}")
    amp = check_real("amplitude", amplitude)
    if not 0.0 <= amp <= 1.0:
        raise ValueError(f"amplitude must be between 0 and 1 (fraction of full scale), got {amp}")
    return rate, channels, freq, amp


def check_frame_layout(sample_rate: object, num_channels: object,
                       samples_per_channel: object = None) -> tuple[int, int, int]:
    """Validate a frame layout; ``samples_per_channel=None`` means 10 ms (sample_rate // 100)."""
    rate = check_sample_rate(sample_rate)
    channels = check_num_channels(num_channels)
    spc = check_samples_per_channel(rate // 100 if samples_per_channel is None
                                    else samples_per_channel)
    return rate, channels, spc
