"""The demo without a server: LiveKit's native stack in loopback.

``AudioSource -> LocalAudioTrack -> AudioStream`` (and the same for video) runs the real
LiveKit media pipeline in this process, no room needed. The demo publishes into the sources
with lkfast, reads the streams back with lkfast, and checks that what arrived is what was sent.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Optional, TextIO

import numpy as np
from livekit import rtc

import lkfast
from lkfast.demo._analysis import ToneReport, Verdict, measure_tone
from lkfast.demo._config import DemoConfig
from lkfast.demo._media import DemoMedia

#: Seconds the streams keep reading after the publishers stop, for frames in flight.
SETTLE_S = 0.3


class _AudioSink:
    """Everything an ``AudioStream`` delivers, as int16 (via ``lkfast.audio_arrays``)."""

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []
        self.first: Optional[float] = None
        self.last: Optional[float] = None

    async def read(self, stream: rtc.AudioStream) -> None:
        async for samples in lkfast.audio_arrays(stream, dtype="int16"):
            now = time.monotonic()
            if self.first is None:
                self.first = now
            self.last = now
            self.chunks.append(samples[:, 0].copy())  # a view over the frame's memory

    def samples(self) -> np.ndarray:
        return np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.int16)

    @property
    def wall_s(self) -> float:
        return (self.last - self.first) if self.first is not None and self.last else 0.0


async def loopback(config: DemoConfig, duration: float, *,
                   expect: Optional[DemoConfig] = None) -> ToneReport:
    """Publish the demo's media for ``duration`` s into local tracks and measure what arrives.

    Args:
        config: what to publish.
        duration: seconds, > 0.
        expect: what to check against (default: ``config``); tests inject a wrong one.

    Returns:
        The measurements and verdicts.
    """
    expect = expect or config
    media = DemoMedia(config)
    audio_track = rtc.LocalAudioTrack.create_audio_track("lkfast-demo-tone", media.tone.source)
    audio_stream = rtc.AudioStream(audio_track, sample_rate=config.sample_rate, num_channels=1)
    audio = _AudioSink()
    readers = [asyncio.ensure_future(audio.read(audio_stream))]
    try:
        await media.run(duration)
        await asyncio.sleep(SETTLE_S)
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await media.aclose()
    return measure_tone(audio.samples(), len(audio.chunks), audio.wall_s, expect, duration)


def print_report(tone: ToneReport, config: DemoConfig, duration: float,
                 out: TextIO = sys.stdout) -> bool:
    """Print what was sent, what arrived and each verdict; True when every verdict holds."""
    peak = round(config.amplitude * 32767)
    print(f"lkfast demo: LiveKit's native stack in loopback (no server), {duration:g} s", file=out)
    print(f"audio sent     {config.frequency:g} Hz sine, amplitude {config.amplitude:g} "
          f"({peak} of 32767), {config.sample_rate} Hz mono, {tone.sent} samples; "
          f"AudioPublisher, {config.audio_frame_ms} ms per capture", file=out)
    start = f"tone from sample {tone.offset}" if tone.offset >= 0 else "the tone NOT found"
    print(f"audio arrived  {tone.received} samples in {tone.frames} frames over "
          f"{tone.wall_s:.2f} s; {start}", file=out)
    verdicts: list[Verdict] = list(tone.verdicts)
    for v in tone.verdicts:
        print(f"  {'ok  ' if v.ok else 'FAIL'} {v.name:<15} {v.detail}", file=out)
    ok = all(v.ok for v in verdicts)
    failed = [v.name for v in verdicts if not v.ok]
    print("result: what arrived matches what was sent" if ok
          else f"result: MISMATCH ({', '.join(failed)})", file=out)
    return ok


def run_loopback(config: DemoConfig, duration: float, *, expect: Optional[DemoConfig] = None,
                 out: TextIO = sys.stdout) -> int:
    """Run the loopback demo and print its report; the exit status (0: all matched, 1: not)."""
    tone = asyncio.run(loopback(config, duration, expect=expect))
    return 0 if print_report(tone, config, duration, out) else 1
