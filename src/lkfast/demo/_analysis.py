"""What the demo expects to arrive, what it measures in what did arrive, and the verdicts.

Everything expected is computed, not guessed: the tone's samples by ``SineGenerator``, its
level in closed form, and each colour as LiveKit delivers it (I420, by libyuv's BT.601
arithmetic, which ``lkfast.reference`` reproduces exactly) and as lkfast turns it back into
BGR24.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

import lkfast
import lkfast.reference
from lkfast.audio.loopback import find_offset, zero_crossing_frequency
from lkfast.demo._config import DemoConfig

#: A Hann window's log-parabolic peak estimate is within about 0.02 of an FFT bin for a pure
#: tone (0.018 at worst over 0.3-3 s of 440 Hz at 48 kHz); the check allows 0.05 bin.
FFT_TOLERANCE_BINS = 0.05
#: Interpolated rising zero crossings of a sine sampled 109 times per period measure it to
#: about 1e-5 Hz; 0.01 Hz leaves room for the int16 rounding of short tones.
ZERO_CROSSING_TOLERANCE_HZ = 0.01
#: The RMS of a whole number of periods is the closed form's to 1e-4 dB; a part period over
#: 100 or more periods moves it by less than 0.02 dB.
RMS_TOLERANCE_DB = 0.05
#: Frame timestamps may jitter by a few ms on a loaded machine; the mean interval over the run
#: must be within 10 % of 1 / fps.
FRAME_INTERVAL_TOLERANCE = 0.10
#: Frames that may go missing or be extra at the edges of the run (a late tick is dropped, not
#: burst; the stream may start a frame late), as in lkfast's own publisher tests.
FRAME_COUNT_TOLERANCE = 2


@dataclass(frozen=True)
class Verdict:
    """One checked property: its name, whether it held, and what was seen."""

    name: str
    ok: bool
    detail: str


# -- audio --------------------------------------------------------------------------------


def sent_tone(config: DemoConfig, duration: float) -> np.ndarray:
    """The int16 samples (mono) the demo's ``SineGenerator`` makes in ``duration`` s."""
    samples = np.zeros(round(duration * config.sample_rate), dtype=np.int16)
    lkfast.SineGenerator(config.sample_rate, 1, config.frequency, config.amplitude).fill(samples)
    return samples


def fft_frequency(samples: np.ndarray, sample_rate: int) -> float:
    """Frequency in Hz of the strongest tone: Hann window, FFT, log-parabolic peak estimate."""
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    if len(x) < 8 or not x.any():
        return 0.0
    magnitude = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    k = int(np.argmax(magnitude[1:-1])) + 1
    a, b, c = np.log(np.maximum(magnitude[k - 1 : k + 2], 1e-300))
    denominator = a - 2 * b + c
    delta = 0.5 * (a - c) / denominator if denominator else 0.0
    return float((k + delta) * sample_rate / len(x))


@dataclass
class ToneReport:
    """What arrived of the tone, measured.

    Attributes:
        sent: samples sent (per channel).
        received: samples received, leading silence included.
        frames: audio frames received from the stream.
        offset: where the sent samples start in what was received (-1: not found).
        exact: the sent samples arrived unchanged, complete and in order.
        fft_hz, zero_crossing_hz: the tone's frequency measured both ways, Hz.
        rms_dbfs, peak_dbfs: levels of the tone as received.
    """

    sent: int
    received: int
    frames: int
    offset: int
    exact: bool
    fft_hz: float
    zero_crossing_hz: float
    rms_dbfs: float
    peak_dbfs: float
    verdicts: list[Verdict] = field(default_factory=list)


def expected_levels(amplitude: float, frequency: float, sample_rate: int) -> tuple[float, float]:
    """RMS and lowest possible peak in dBFS (full scale 32768) of a sine of ``amplitude``.

    RMS is ``amplitude * 32767 / sqrt(2)``; the highest sample lies within half a sample
    period of a crest, so at least ``cos(pi * frequency / sample_rate)`` of the amplitude.
    """
    peak = amplitude * 32767
    rms = 20 * math.log10(peak / math.sqrt(2) / 32768)
    lowest_peak = 20 * math.log10(max(1.0, (peak - 1) * math.cos(math.pi * frequency / sample_rate))
                                  / 32768)
    return rms, lowest_peak


def measure_tone(received: np.ndarray, frames: int, expect: DemoConfig,
                 duration: float) -> ToneReport:
    """Measure the received mono int16 samples against the tone ``expect`` describes."""
    sent = sent_tone(expect, duration)
    received = np.asarray(received, dtype=np.int16).reshape(-1)
    offset = find_offset(received, sent)
    if offset >= 0:
        tone = received[offset : offset + len(sent)]
    else:  # analyse whatever is not leading silence
        nonzero = np.flatnonzero(received)
        tone = received[nonzero[0] : nonzero[0] + len(sent)] if len(nonzero) else received[:0]
    exact = offset >= 0 and np.array_equal(tone, sent)
    rate = expect.sample_rate
    measured = lkfast.levels(tone, 1) if len(tone) else None
    report = ToneReport(
        sent=len(sent), received=len(received), frames=frames, offset=offset, exact=exact,
        fft_hz=fft_frequency(tone, rate), zero_crossing_hz=zero_crossing_frequency(tone, rate),
        rms_dbfs=measured.rms_dbfs[0] if measured else -math.inf,
        peak_dbfs=measured.peak_dbfs[0] if measured else -math.inf)
    bin_hz = rate / max(1, len(sent))  # the FFT's resolution over the tone as sent
    want_rms, lowest_peak = expected_levels(expect.amplitude, expect.frequency, rate)
    highest_peak = 20 * math.log10((round(expect.amplitude * 32767) + 1) / 32768)  # 1 LSB
    report.verdicts = [
        Verdict("samples", exact,
                f"{len(tone)} of {len(sent)} sent samples, "
                + ("unchanged and in order" if exact else "NOT the samples sent")),
        Verdict("fft", abs(report.fft_hz - expect.frequency) <= FFT_TOLERANCE_BINS * bin_hz,
                f"{report.fft_hz:.3f} Hz by FFT (sent {expect.frequency:g} Hz, tolerance "
                f"{FFT_TOLERANCE_BINS * bin_hz:.3f} Hz = {FFT_TOLERANCE_BINS} bin)"),
        Verdict("zero crossings",
                abs(report.zero_crossing_hz - expect.frequency) <= ZERO_CROSSING_TOLERANCE_HZ,
                f"{report.zero_crossing_hz:.4f} Hz by zero crossings (tolerance "
                f"{ZERO_CROSSING_TOLERANCE_HZ} Hz)"),
        Verdict("rms", abs(report.rms_dbfs - want_rms) <= RMS_TOLERANCE_DB,
                f"RMS {report.rms_dbfs:.2f} dBFS (a sine of amplitude {expect.amplitude:g}: "
                f"{want_rms:.2f} +- {RMS_TOLERANCE_DB})"),
        Verdict("peak", lowest_peak - 1e-9 <= report.peak_dbfs <= highest_peak + 1e-9,
                f"peak {report.peak_dbfs:.2f} dBFS (between {lowest_peak:.3f} and "
                f"{highest_peak:.3f})"),
    ]
    return report


# -- video --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedColour:
    """One palette colour as sent and as it must arrive.

    Attributes:
        name: e.g. ``"red"``.
        rgb: the colour sent, ``(r, g, b)``.
        yuv: its BT.601 limited-range ``(y, u, v)``, libyuv's integer arithmetic: what the
            I420 frame LiveKit delivers holds.
        bgr: that I420 colour converted to BGR24 (libyuv's fixed point): what lkfast hands
            out. Not ``rgb`` reversed: YUV rounds, e.g. red arrives as ``(1, 1, 254)``.
    """

    name: str
    rgb: tuple[int, int, int]
    yuv: tuple[int, int, int]
    bgr: tuple[int, int, int]


def expected_colours(config: DemoConfig) -> list[ExpectedColour]:
    """Each palette colour through RGB -> I420 -> BGR24 by lkfast's pure-Python reference."""
    result = []
    for name, rgb in config.palette:
        i420 = bytearray(6)  # a 2x2 frame: Y Y Y Y U V
        lkfast.reference.fill(i420, 2, 2, "I420", (*rgb, 255))
        bgr = lkfast.reference.convert(i420, 2, 2, "I420", "BGR24")
        result.append(ExpectedColour(name, tuple(rgb), (i420[0], i420[4], i420[5]),  # type: ignore[arg-type]
                                     (bgr[0], bgr[1], bgr[2])))
    return result


@dataclass(frozen=True)
class FrameSeen:
    """One received video frame, summarised as it arrived.

    Attributes:
        timestamp_us: the frame's ``timestamp_us`` as the stream delivered it.
        arrival_s: ``time.monotonic()`` at arrival, s.
        width, height: pixels.
        bgr: colour of its first pixel, ``(b, g, r)``.
        uniform: every pixel has that colour.
    """

    timestamp_us: int
    arrival_s: float
    width: int
    height: int
    bgr: tuple[int, int, int]
    uniform: bool


def summarise_frame(image: np.ndarray, timestamp_us: int, arrival_s: float) -> FrameSeen:
    """A ``FrameSeen`` from a ``(h, w, 3)`` BGR24 array."""
    first = image[0, 0]
    uniform = bool((image.reshape(-1, 3) == first).all())
    return FrameSeen(int(timestamp_us), arrival_s, image.shape[1], image.shape[0],
                     (int(first[0]), int(first[1]), int(first[2])), uniform)


@dataclass
class ColourRun:
    """Consecutive received frames of one colour."""

    bgr: tuple[int, int, int]
    frames: int
    name: Optional[str]  # the palette colour it matches, None if none


@dataclass
class VideoReport:
    """What arrived of the video, measured.

    Attributes:
        sent: frames the publisher was to send (``DemoConfig.frames_in``).
        frames: what arrived.
        runs: received frames grouped into runs of one colour.
        fps: frame rate from the first and last timestamps (0 with fewer than 2 frames).
        interval_ms: (min, mean, max) interval between timestamps, ms.
    """

    sent: int
    frames: list[FrameSeen]
    runs: list[ColourRun]
    fps: float
    interval_ms: tuple[float, float, float]
    verdicts: list[Verdict] = field(default_factory=list)


def colour_runs(bgrs: Sequence[tuple[int, int, int]],
                colours: Sequence[ExpectedColour]) -> list[ColourRun]:
    """Consecutive equal colours grouped into runs, named after the palette colour they are."""
    names = {c.bgr: c.name for c in colours}
    runs: list[ColourRun] = []
    for bgr in bgrs:
        if runs and runs[-1].bgr == bgr:
            runs[-1].frames += 1
        else:
            runs.append(ColourRun(bgr, 1, names.get(bgr)))
    return runs


def measure_video(frames: Sequence[FrameSeen], expect: DemoConfig, duration: float, *,
                  frames_sent: Optional[int] = None,
                  colours: Optional[Sequence[ExpectedColour]] = None) -> VideoReport:
    """Measure the received frames against the colour cycle ``expect`` describes.

    Args:
        frames: what arrived, in order.
        expect: the configuration to check against.
        duration: seconds published.
        frames_sent: frames the publisher reports sending (default: the number due).
        colours: the expected colours (default: :func:`expected_colours` of ``expect``).
    """
    colours = list(colours) if colours is not None else expected_colours(expect)
    due = expect.frames_in(duration)
    sent = due if frames_sent is None else frames_sent
    runs = colour_runs([f.bgr for f in frames], colours)
    stamps = np.array([f.timestamp_us for f in frames], dtype=np.int64)
    steps = np.diff(stamps) / 1000.0
    if len(frames) >= 2 and stamps[-1] > stamps[0]:
        fps = (len(frames) - 1) * 1e6 / float(stamps[-1] - stamps[0])
        interval = (float(steps.min()), float(steps.mean()), float(steps.max()))
    else:
        fps, interval = 0.0, (0.0, 0.0, 0.0)
    report = VideoReport(sent, list(frames), runs, fps, interval)

    size_ok = all((f.width, f.height) == (expect.width, expect.height) for f in frames)
    count_ok = (abs(len(frames) - sent) <= FRAME_COUNT_TOLERANCE
                and abs(sent - due) <= FRAME_COUNT_TOLERANCE)
    not_uniform = sum(not f.uniform for f in frames)
    unknown = [r for r in runs if r.name is None]
    # Frame k sent has colour palette[(k // frames_per_colour) % n]: the runs must follow the
    # palette from its first colour, each as long as sent (a frame lost at the edges aside).
    want_runs = colour_runs([colours[expect.colour_of_frame(k)].bgr for k in range(sent)],
                            colours)
    order_ok = [r.bgr for r in runs] == [r.bgr for r in want_runs]
    lengths_ok = order_ok and all(abs(got.frames - w.frames) <= 1
                                  for got, w in zip(runs, want_runs))
    increasing = bool((np.diff(stamps) > 0).all())
    period_ms = 1000.0 / expect.fps
    report.verdicts = [
        Verdict("frames", count_ok and size_ok and bool(frames),
                f"{len(frames)} of {sent} sent, {due} due in {duration:g} s at {expect.fps} fps "
                f"(tolerance {FRAME_COUNT_TOLERANCE}), "
                + (f"all {expect.width}x{expect.height}" if size_ok else "SOME OF ANOTHER SIZE")),
        Verdict("solid", not_uniform == 0 and bool(frames),
                "every pixel of every frame the same colour" if not not_uniform
                else f"{not_uniform} frames NOT of one colour"),
        Verdict("colours", not unknown and bool(frames),
                "every frame exactly its expected BGR24 (tolerance 0: loopback has no codec)"
                if not unknown else
                "UNEXPECTED colours (BGR): " + ", ".join(str(r.bgr) for r in unknown)),
        Verdict("sequence", order_ok and lengths_ok,
                f"as sent: {len(runs)} run{'' if len(runs) == 1 else 's'} of "
                f"{expect.frames_per_colour} frames per colour, in palette order"
                if order_ok and lengths_ok else
                f"runs {[(r.name, r.frames) for r in runs]} but "
                f"{[(r.name, r.frames) for r in want_runs]} were sent"),
        Verdict("timestamps", increasing and len(frames) >= 2
                and abs(interval[1] - period_ms) <= FRAME_INTERVAL_TOLERANCE * period_ms,
                f"strictly increasing: {'yes' if increasing else 'NO'}; {interval[1]:.1f} ms "
                f"apart on average ({interval[0]:.1f} to {interval[2]:.1f}): {fps:.2f} fps "
                f"(tolerance {FRAME_INTERVAL_TOLERANCE:.0%} of {period_ms:g} ms)"),
    ]
    return report
