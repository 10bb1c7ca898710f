"""The demo's media: a tone and a colour-cycling video, each published by lkfast into its own
LiveKit source. The loopback and the room run exactly this; only what the sources feed
(local tracks read back, or tracks published in a room) differs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Callable, Optional

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
        try:
            await self.tone.run(duration)
        finally:
            if ticker is not None:
                ticker.cancel()
                await asyncio.gather(ticker, return_exceptions=True)

    def describe_stats(self) -> list[str]:
        """Publishing figures, one line per track."""
        return [f"audio  {self.tone.describe_stats()}"]

    async def aclose(self) -> None:
        """Stop the publishers and close the sources."""
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
