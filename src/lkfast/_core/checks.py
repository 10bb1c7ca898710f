"""Argument validation shared by the compiled kernels and their pure-Python references.

Every check raises ``TypeError`` (wrong type) or ``ValueError`` (out of range) with a message
that names the parameter and the value, and returns the normalised value.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sized
from typing import Optional

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


def _as_float(name: str, value: object) -> float:
    """``float(value)``; ValueError (not OverflowError) for an int beyond the float range."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(f"{name} is out of range, got {type(value).__name__} of "
                         f"{len(str(value)) if isinstance(value, int) else '?'} digits") from None


def check_real(name: str, value: object) -> float:
    """Return ``value`` as a finite float; TypeError for non-numbers, ValueError for nan/inf."""
    if isinstance(value, (bool, str, bytes)) or not hasattr(value, "__float__"):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    result = _as_float(name, value)
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


# --- audio: sample kernels -------------------------------------------------------------------

#: Gains beyond this many dB take every int16 sample to 0 or full scale anyway.
MAX_GAIN_DB = 200.0
FADE_DIRECTIONS = ("in", "out")


def check_channels_for(name: str, value: object) -> int:
    """A channel count named ``name``, 1 to 8."""
    return check_range(name, check_int(name, value), 1, MAX_CHANNELS)


def check_gain_db(gain_db: object) -> float:
    """Gain in dB (``-inf`` mutes); returns the linear factor ``10 ** (gain_db / 20)``."""
    if isinstance(gain_db, (bool, str, bytes)) or not hasattr(gain_db, "__float__"):
        raise TypeError(f"gain_db must be a real number, got {type(gain_db).__name__} {gain_db!r}")
    db = _as_float("gain_db", gain_db)
    if db == -math.inf:
        return 0.0
    if not -MAX_GAIN_DB <= db <= MAX_GAIN_DB:  # also rejects nan and +inf
        raise ValueError(f"gain_db must be -inf (mute) or between {-MAX_GAIN_DB} and "
                         f"{MAX_GAIN_DB} dB, got {db!r}")
    return 10.0 ** (db / 20.0)


def check_fade(length: object, direction: object, start: object,
               frames: int) -> tuple[int, bool, int]:
    """Validate a fade over ``length`` samples per channel of a buffer of ``frames`` samples.

    Returns ``(length, fade_out, start)`` with ``start`` resolved: by default a fade-in starts
    at the buffer's first sample and a fade-out ends at its last.
    """
    n = check_range("length", check_int("length", length), 1, MAX_SAMPLE_INDEX)
    if not isinstance(direction, str) or direction not in FADE_DIRECTIONS:
        raise ValueError(f"direction must be 'in' or 'out', got {direction!r}")
    out = direction == "out"
    if start is None:
        return n, out, (n - frames if out else 0)
    first = check_range("start", check_int("start", start), -MAX_SAMPLE_INDEX, MAX_SAMPLE_INDEX)
    return n, out, first


# --- audio: LiveKit sources and publishing ---------------------------------------------------

#: Largest AudioSource queue accepted: one minute.
MAX_QUEUE_SIZE_MS = 60_000
MIN_FRAME_MS = 10
MAX_FRAME_MS = 100


def check_livekit_sample_rate(sample_rate: object) -> int:
    """A sample rate LiveKit can carry: 8000 to 192000 Hz and a multiple of 100 Hz.

    LiveKit moves audio in 10 ms blocks of ``sample_rate // 100`` samples per channel; at a
    rate that is not a multiple of 100 Hz (11025, 22050) the blocks would not add up to the
    rate and the audio would drift.
    """
    rate = check_sample_rate(sample_rate)
    if rate % 100:
        raise ValueError(
            f"sample_rate must be a multiple of 100 Hz (LiveKit moves audio in 10 ms blocks of "
            f"sample_rate / 100 samples), got {rate}; resample to 16000, 24000, 44100 or 48000")
    return rate


def check_queue_size_ms(queue_size_ms: object) -> int:
    """An AudioSource queue: a multiple of 10 ms from 10 ms to one minute.

    LiveKit aborts the whole process (a Rust assertion) when it is not a multiple of 10; 0
    (LiveKit's unqueued direct mode) is refused because nothing would pace a producer.
    """
    q = check_int("queue_size_ms", queue_size_ms)
    if q % 10 or not 10 <= q <= MAX_QUEUE_SIZE_MS:
        raise ValueError(f"queue_size_ms must be a multiple of 10 between 10 and "
                         f"{MAX_QUEUE_SIZE_MS} (LiveKit aborts the process on other values), "
                         f"got {q}")
    return q


def check_frame_ms(frame_ms: object) -> int:
    """Audio per ``capture_frame`` call: a multiple of 10 ms from 10 to 100 ms."""
    ms = check_int("frame_ms", frame_ms)
    if ms % 10 or not MIN_FRAME_MS <= ms <= MAX_FRAME_MS:
        raise ValueError(f"frame_ms must be a multiple of 10 between {MIN_FRAME_MS} and "
                         f"{MAX_FRAME_MS}, got {ms}")
    return ms


def check_duration(name: str, value: object) -> float:
    """A non-negative, finite duration (seconds or milliseconds, as ``name`` says)."""
    duration = check_real(name, value)
    if duration < 0:
        raise ValueError(f"{name} must not be negative, got {duration!r}")
    return duration


# --- audio: mixing ---------------------------------------------------------------------------

#: Most streams one ``mix`` call takes (the compiled kernel's fixed tables).
MAX_MIX_STREAMS = 64
#: Largest gain magnitude ``mix`` takes (+60 dB); keeps every int16 sum finite and exact enough.
MAX_MIX_GAIN = 1000.0


def check_mix_gain(index: int, gain: object) -> float:
    """``gains[index]`` of ``mix``: a finite real with magnitude at most ``MAX_MIX_GAIN``."""
    v = check_real(f"gains[{index}]", gain)
    if not -MAX_MIX_GAIN <= v <= MAX_MIX_GAIN:
        raise ValueError(f"gains[{index}] must be between {-MAX_MIX_GAIN} and {MAX_MIX_GAIN} "
                         f"(linear), got {v!r}")
    return v


def check_mix_args(streams: object, gains: object,
                   clip: object) -> tuple[list, Optional[list[float]]]:
    """Validate ``mix``'s streams container, gains and ``clip``.

    Returns ``(streams as a list, gains)`` with gains ``None`` (every gain 1) or a list of
    floats, one per stream (:func:`check_mix_gain`).
    """
    items = check_mix_streams(streams)
    if not isinstance(clip, bool):
        raise TypeError(f"clip must be True or False, got {type(clip).__name__} {clip!r}")
    if gains is None:
        return items, None
    if isinstance(gains, (str, bytes)) or not isinstance(gains, Sized) or not isinstance(
            gains, Iterable):
        raise TypeError(f"gains must be None or a sequence of floats, one per stream, got "
                        f"{type(gains).__name__}")
    if len(gains) != len(items):
        raise ValueError(f"gains holds {len(gains)} values for {len(items)} streams")
    return items, [check_mix_gain(k, g) for k, g in enumerate(gains)]


def check_mix_streams(streams: object) -> list:
    """``mix``'s streams as a list of 1 to ``MAX_MIX_STREAMS`` items (not yet checked)."""
    try:
        memoryview(streams)  # type: ignore[arg-type]
        single = True
    except TypeError:
        single = False
    if single or isinstance(streams, str) or not hasattr(streams, "__len__"):
        raise TypeError(f"streams must be a sequence of buffers (a list or tuple; for a 2-D "
                        f"array of streams, list(array)), got {type(streams).__name__}")
    items = list(streams)  # type: ignore[call-overload]
    if not 1 <= len(items) <= MAX_MIX_STREAMS:
        raise ValueError(f"streams must hold 1 to {MAX_MIX_STREAMS} buffers, got {len(items)}")
    return items
