"""The demo's media: a tone and a colour-cycling video, each published by lkfast into its own
LiveKit source. The loopback and the room run exactly this; only what the sources feed
(local tracks read back, or tracks published in a room) differs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Callable, Optional

from livekit import rtc

import lkfast
from lkfast.demo._config import DemoConfig


class ToneTrack:
    """A ``SineGenerator`` played by an ``AudioPublisher`` into a mono ``rtc.AudioSource``.

    Args:
        config: rate, frequency, amplitude, frame and queue sizes.
    """

    def __init__(self, config: DemoConfig) -> None:
        self.config = config
        self.source = lkfast.make_audio_source(config.sample_rate, 1, config.queue_size_ms)
        self.tone = lkfast.SineGenerator(config.sample_rate, 1, config.frequency,
                                         config.amplitude)
        self.publisher = lkfast.AudioPublisher(self.source, frame_ms=config.audio_frame_ms)

    async def run(self, duration: Optional[float]) -> None:
        """Play the tone for ``duration`` s (None: until cancelled) and wait for its playout."""
        await self.publisher.play(self.tone, duration)
        await self.publisher.wait_for_playout()

    @property
    def seconds_sent(self) -> float:
        """Seconds of tone handed to the source so far."""
        return self.tone.position / self.config.sample_rate

    def describe_stats(self) -> str:
        """One line of publishing figures."""
        return (f"{self.seconds_sent:7.2f} s of tone captured, "
                f"{self.source.queued_duration * 1000:3.0f} ms queued")

    async def aclose(self) -> None:
        """Stop playing and close the source."""
        await self.publisher.aclose()
        await self.source.aclose()


class ColourTrack:
    """Solid frames cycling through the palette, published by a ``VideoPublisher``.

    The publisher asks :meth:`produce` once per tick; frame ``k`` it sends has colour
    ``config.colour_of_frame(k)`` (``frames_per_colour`` frames each). Between changes the
    producer answers None and the publisher re-sends the current frame (converted to I420 by
    lkfast once, at the change).

    Args:
        config: size, rate and palette.
    """

    def __init__(self, config: DemoConfig) -> None:
        self.config = config
        self.source = lkfast.make_video_source(config.width, config.height)
        # RGBA components, an explicit format: the colour cannot be misread.
        self.frames = [lkfast.solid_frame(config.width, config.height, (*rgb, 255), "RGBA")
                       for _, rgb in config.palette]
        self.asked = 0
        self.publisher = lkfast.VideoPublisher(self.source, fps=config.fps,
                                               producer=self.produce)

    def produce(self) -> Optional[rtc.VideoFrame]:
        """The frame for the next tick, or None when it has the current frame's colour."""
        k, self.asked = self.asked, self.asked + 1
        if k % self.config.frames_per_colour:
            return None
        return self.frames[self.config.colour_of_frame(k)]

    async def run(self, duration: Optional[float]) -> None:
        """Publish for ``duration`` s (None: until cancelled). The first tick is at once; the
        loop stops half a frame before the end, so no tick races it."""
        task = self.publisher.start()
        try:
            if duration is None:
                await task
            else:
                await asyncio.sleep(max(0.0, duration - 0.5 / self.config.fps))
        finally:
            self.publisher.stop()

    def describe_stats(self) -> str:
        """One line of publishing figures."""
        s = self.publisher.stats
        return (f"{s.frames_sent:5d} frames sent ({s.frames_set} new), "
                f"{s.late_ticks_dropped} late ticks dropped, lateness "
                f"{s.mean_lateness_ms:.1f} ms mean {s.max_lateness_ms:.1f} max, "
                f"{s.cpu_per_frame_us:.0f} us CPU per frame")

    async def aclose(self) -> None:
        """Stop publishing (the source needs no closing: LiveKit keeps no frame)."""
        await self.publisher.aclose()


@dataclass
class Tick:
    """What ``DemoMedia.run`` reports once per second."""

    elapsed_s: float
    cpu_percent: float  # of one core, this process, over the last second


class DemoMedia:
    """The demo's tracks' sources and their publishers, run together.

    Args:
        config: what to publish.
    """

    def __init__(self, config: DemoConfig) -> None:
        self.config = config
        self.tone = ToneTrack(config)
        self.colours = ColourTrack(config)

    async def run(self, duration: Optional[float] = None,
                  on_tick: Optional[Callable[[Tick], Awaitable[None] | None]] = None) -> None:
        """Publish everything for ``duration`` s (None: until cancelled).

        Args:
            duration: seconds, or None to run until the task is cancelled.
            on_tick: called once per second with a :class:`Tick` (may be a coroutine function).
        """
        started, cpu0 = time.monotonic(), time.process_time()
        ticker = None
        if on_tick is not None:
            ticker = asyncio.ensure_future(_tick(on_tick, started, cpu0))
        runs = [asyncio.ensure_future(self.tone.run(duration)),
                asyncio.ensure_future(self.colours.run(duration))]
        try:
            await asyncio.gather(*runs)
        finally:
            for run in runs:
                run.cancel()
            await asyncio.gather(*runs, return_exceptions=True)
            if ticker is not None:
                ticker.cancel()
                await asyncio.gather(ticker, return_exceptions=True)

    def describe_stats(self) -> list[str]:
        """Publishing figures, one line per track."""
        return [f"audio {self.tone.describe_stats()}", f"video {self.colours.describe_stats()}"]

    async def aclose(self) -> None:
        """Stop the publishers and close the sources."""
        try:
            await self.colours.aclose()
        finally:
            await self.tone.aclose()


async def _tick(on_tick: Callable[[Tick], Awaitable[None] | None], started: float,
                cpu0: float) -> None:
    n, wall, cpu = 0, started, cpu0
    while True:
        n += 1
        await asyncio.sleep(max(0.0, started + n - time.monotonic()))
        now, cpu_now = time.monotonic(), time.process_time()
        percent = 100.0 * (cpu_now - cpu) / max(1e-9, now - wall)
        wall, cpu = now, cpu_now
        result = on_tick(Tick(now - started, percent))
        if result is not None:
            await result
