"""The demo without a server: LiveKit's native stack in loopback.

``AudioSource -> LocalAudioTrack -> AudioStream`` (and the same for video) runs the real
LiveKit media pipeline in this process, no room needed. The demo publishes into the sources
with lkfast, reads the streams back with lkfast, and checks that what arrived is what was sent.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Optional, TextIO

import numpy as np
from livekit import rtc

import lkfast
from lkfast.demo._analysis import (
    FrameSeen,
    ToneReport,
    Verdict,
    VideoReport,
    expected_colours,
    measure_tone,
    measure_video,
    summarise_frame,
)
from lkfast.demo._config import DemoConfig
from lkfast.demo._media import DemoMedia

#: Seconds the streams keep reading after the publishers stop, for frames in flight.
SETTLE_S = 0.3


class _AudioSink:
    """Everything an ``AudioStream`` delivers, as int16 (via ``lkfast.audio_arrays``)."""

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []

    async def read(self, stream: rtc.AudioStream) -> None:
        async for samples in lkfast.audio_arrays(stream, dtype="int16"):
            self.chunks.append(samples[:, 0].copy())  # a view over the frame's memory

    def samples(self) -> np.ndarray:
        return np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.int16)


class _VideoSink:
    """A summary of each frame a ``VideoStream`` delivers, as BGR24 (``lkfast.video_arrays``)."""

    def __init__(self) -> None:
        self.frames: list[FrameSeen] = []

    async def read(self, stream: rtc.VideoStream) -> None:
        async for image, timestamp_us in lkfast.video_arrays(stream, "BGR24", reuse=True):
            self.frames.append(summarise_frame(image, timestamp_us, time.monotonic()))


@dataclass
class LoopbackReport:
    """The loopback's measurements: the tone, the video and the publisher's own count."""

    tone: ToneReport
    video: VideoReport
    video_stats: lkfast.VideoPublisherStats
    wall_s: float

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.tone.verdicts + self.video.verdicts)


async def loopback(config: DemoConfig, duration: float, *,
                   expect: Optional[DemoConfig] = None) -> LoopbackReport:
    """Publish the demo's media for ``duration`` s into local tracks and measure what arrives.

    Args:
        config: what to publish.
        duration: seconds, > 0.
        expect: what to check against (default: ``config``); tests inject a wrong one.
    """
    expect = expect or config
    media = DemoMedia(config)
    audio_track = rtc.LocalAudioTrack.create_audio_track("lkfast-tone", media.tone.source)
    video_track = rtc.LocalVideoTrack.create_video_track("lkfast-colours", media.colours.source)
    audio, video = _AudioSink(), _VideoSink()
    readers = [
        asyncio.ensure_future(audio.read(rtc.AudioStream(
            audio_track, sample_rate=config.sample_rate, num_channels=1))),
        asyncio.ensure_future(video.read(rtc.VideoStream(video_track))),
    ]
    started = time.monotonic()
    try:
        await media.run(duration)
        wall_s = time.monotonic() - started
        await asyncio.sleep(SETTLE_S)
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await media.aclose()
    stats = media.colours.publisher.stats
    return LoopbackReport(
        tone=measure_tone(audio.samples(), len(audio.chunks), expect, duration),
        video=measure_video(video.frames, expect, duration, frames_sent=stats.frames_sent),
        video_stats=stats, wall_s=wall_s)


def print_report(report: LoopbackReport, config: DemoConfig, duration: float,
                 out: TextIO = sys.stdout) -> None:
    """Print what was sent, what arrived and each verdict."""
    tone, video, stats = report.tone, report.video, report.video_stats

    def verdicts(items: list[Verdict]) -> None:
        for v in items:
            print(f"  {'ok  ' if v.ok else 'FAIL'} {v.name:<14} {v.detail}", file=out)

    print(f"lkfast demo: LiveKit's native stack in loopback, no server; {duration:g} s "
          f"({report.wall_s:.2f} s of wall time)", file=out)
    print(f"audio sent     {config.frequency:g} Hz sine, amplitude {config.amplitude:g} "
          f"(peak {round(config.amplitude * 32767)} of 32767), {config.sample_rate} Hz mono, "
          f"{tone.sent} samples, by AudioPublisher in {config.audio_frame_ms} ms captures",
          file=out)
    where = f"the tone from sample {tone.offset}" if tone.offset >= 0 else "the tone NOT found"
    print(f"audio arrived  {tone.received} samples in {tone.frames} frames of AudioStream; "
          f"{where}, silence around it", file=out)
    verdicts(tone.verdicts)
    print(f"video sent     {config.width}x{config.height} RGBA at {config.fps} fps, "
          f"{len(config.palette)} colours x {config.frames_per_colour} frames, by "
          f"VideoPublisher as I420: {stats.frames_sent} frames, {stats.late_ticks_dropped} "
          f"late ticks dropped, {stats.mean_lateness_ms:.1f} ms mean lateness", file=out)
    stamps = [f.timestamp_us for f in video.frames]
    span = f"; timestamps {stamps[0]} to {stamps[-1]} us" if stamps else ""
    print(f"video arrived  {len(video.frames)} frames of VideoStream, BGR24 by "
          f"lkfast.video_arrays{span}", file=out)
    print(f"  {'colour':<8} {'sent RGB':<16} {'I420 Y, U, V':<16} {'BGR24 due':<16} frames",
          file=out)
    seen: dict[str, int] = {}
    for run in video.runs:
        if run.name is not None:
            seen[run.name] = seen.get(run.name, 0) + run.frames
    for c in expected_colours(config):
        print(f"  {c.name:<8} {str(c.rgb):<16} {str(c.yuv):<16} {str(c.bgr):<16} "
              f"{seen.get(c.name, 0)}", file=out)
    verdicts(video.verdicts)
    failed = [v.name for v in tone.verdicts + video.verdicts if not v.ok]
    print("result: what arrived matches what was sent" if not failed
          else f"result: MISMATCH ({', '.join(failed)})", file=out)


def run_loopback(config: DemoConfig, duration: float, *, expect: Optional[DemoConfig] = None,
                 out: TextIO = sys.stdout) -> int:
    """Run the loopback demo and print its report; the exit status (0: all matched, 1: not)."""
    report = asyncio.run(loopback(config, duration, expect=expect))
    print_report(report, config, duration, out)
    return 0 if report.ok else 1
