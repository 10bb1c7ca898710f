"""Soak: many frames through each publishing path, resident memory and handles watched.

Each part pushes ``frames`` frames (default 100,000) through one path, as fast as it goes:

* ``audio publisher``: ``AudioPublisher.play`` of 10 ms chunks into a real
  ``rtc.AudioSource`` with a ``LocalAudioTrack`` (LiveKit's native capture; the source's
  queue is cleared every 50 frames so nothing waits for real time), in plays of 1000 frames,
  every other one at 24 kHz (resampled);
* ``framer``: ``AudioFramer.push`` of odd-sized chunks, one 10 ms frame out per chunk;
* ``video publisher``: ``VideoPublisher.set_frame`` (RGBA 320x240, converted to I420) and
  ``send_now`` into a real ``rtc.VideoSource`` with a track;
* ``conversions``: ``lkfast.convert`` RGBA->I420 and I420->RGB24 (new arrays),
  ``float_to_int16`` and ``resample`` of a 10 ms frame.

Resident memory (``psutil``), threads and open file descriptors are read after the first 10%
of the frames (the warm-up: pools, caches and LiveKit's per-source threads exist by then)
and at the end, with the part's objects still alive; a part passes when RSS grew by less than
``MAX_GROWTH_MB`` and the thread and descriptor counts did not change.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass
from typing import Any, Optional, TextIO

import numpy as np
from livekit import rtc

import lkfast

MAX_GROWTH_MB = 5.0
WARMUP_FRACTION = 0.1
FRAMES = 100_000


@dataclass(frozen=True)
class SoakResult:
    """One part's figures: RSS in MB at the end of the warm-up and at the end (and the most
    seen in between), threads and file descriptors at the same two points."""

    part: str
    frames: int
    rss_warm_mb: float
    rss_end_mb: float
    rss_peak_mb: float
    threads_warm: int
    threads_end: int
    fds_warm: int
    fds_end: int

    @property
    def growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_warm_mb

    @property
    def ok(self) -> bool:
        return (self.growth_mb < MAX_GROWTH_MB and self.threads_end == self.threads_warm
                and self.fds_end == self.fds_warm)


class _Watch:
    """Samples the process at the warm-up mark, every tenth, and at the end."""

    def __init__(self, part: str, frames: int) -> None:
        import importlib

        self.proc = importlib.import_module("psutil").Process()  # the test extra
        self.part = part
        self.frames = frames
        self.warm_at = max(1, int(frames * WARMUP_FRACTION))
        self.every = max(1, frames // 10)
        self.warm: Optional[tuple[float, int, int]] = None
        self.peak = 0.0

    def _sample(self) -> tuple[float, int, int]:
        gc.collect()
        rss = self.proc.memory_info().rss / 2**20
        self.peak = max(self.peak, rss)
        return rss, self.proc.num_threads(), self.proc.num_fds()

    def tick(self, done: int) -> None:
        if done == self.warm_at:
            self.warm = self._sample()
        elif done > self.warm_at and done % self.every == 0:
            self._sample()

    def result(self) -> SoakResult:
        end = self._sample()
        warm = self.warm if self.warm is not None else end
        return SoakResult(self.part, self.frames, warm[0], end[0], self.peak, warm[1], end[1],
                          warm[2], end[2])


async def _audio_publisher(frames: int) -> SoakResult:
    watch = _Watch("audio publisher", frames)
    source = lkfast.make_audio_source(48000, 1, queue_size_ms=1000)
    track = rtc.LocalAudioTrack.create_audio_track("soak", source)
    publisher = lkfast.AudioPublisher(source)
    pcm48 = lkfast.SineGenerator(48000, 1).next_frame(480)
    pcm24 = np.frombuffer(lkfast.SineGenerator(24000, 1).next_frame(240).data, np.int16)
    done = 0

    async def chunks(n: int, resampled: bool) -> AsyncIterator[Any]:
        nonlocal done
        for _ in range(n):
            if done % 50 == 0:
                source.clear_queue()  # never wait for real time
            yield pcm24 if resampled else pcm48
            done += 1
            watch.tick(done)

    try:
        for play in itertools.count():
            n = min(1000, frames - done)
            if n <= 0:
                break
            await publisher.play(chunks(n, play % 2 == 1),
                                 sample_rate=24000 if play % 2 else None)
        result = watch.result()
    finally:
        await publisher.aclose()
        await source.aclose()
        del track
    return result


def _framer(frames: int) -> SoakResult:
    watch = _Watch("framer", frames)
    framer = lkfast.AudioFramer(48000, 2, 480)
    longer, shorter = np.zeros(2 * 481, np.int16), np.zeros(2 * 479, np.int16)
    for i in range(1, frames + 1):  # a frame out per push, the carry moving back and forth
        framer.push(longer if i % 2 else shorter)
        watch.tick(i)
    return watch.result()


def _video_publisher(frames: int) -> SoakResult:
    watch = _Watch("video publisher", frames)
    w, h = 320, 240
    source = lkfast.make_video_source(w, h)
    track = rtc.LocalVideoTrack.create_video_track("soak", source)
    publisher = lkfast.VideoPublisher(source)
    ticks = itertools.count(1, 33_333_000)  # timestamps a frame apart, as a real clock
    publisher._clock = lambda: next(ticks)
    rgba = lkfast.solid_frame(w, h, (255, 128, 0, 255), "RGBA")
    try:
        for i in range(1, frames + 1):
            publisher.set_frame(rgba)
            publisher.send_now()
            watch.tick(i)
        return watch.result()
    finally:
        asyncio.run(publisher.aclose())
        del track


def _conversions(frames: int) -> SoakResult:
    watch = _Watch("conversions", frames)
    w, h = 64, 36
    rgba = np.frombuffer(lkfast.solid_frame(w, h, (10, 200, 30, 255), "RGBA").data, np.uint8)
    floats = np.linspace(-1, 1, 960, dtype=np.float32)
    pcm = np.zeros(480, np.int16)
    for i in range(1, frames + 1):
        i420 = lkfast.convert(rgba, w, h, "RGBA", "I420")
        lkfast.convert(i420, w, h, "I420", "RGB24")
        lkfast.float_to_int16(floats)
        lkfast.resample(pcm, 48000, 16000)
        watch.tick(i)
    return watch.result()


PARTS: dict[str, Callable[[int], Any]] = {
    "audio publisher": lambda n: asyncio.run(_audio_publisher(n)),
    "framer": _framer,
    "video publisher": _video_publisher,
    "conversions": _conversions,
}


def run(frames: int = FRAMES, parts: Optional[list[str]] = None,
        on_result: Callable[[SoakResult], None] = lambda r: None) -> list[SoakResult]:
    """Soak each part (all by default) with ``frames`` frames."""
    results = []
    for name in parts or list(PARTS):
        result = PARTS[name](frames)
        on_result(result)
        results.append(result)
    return results


HEADER = (f"{'part':<16} {'frames':>8} {'RSS warm':>9} {'RSS end':>8} {'growth':>7} "
          f"{'peak':>7} {'threads':>8} {'fds':>8}  ok")


def format_result(r: SoakResult) -> str:
    return (f"{r.part:<16} {r.frames:>8} {r.rss_warm_mb:>7.1f}MB {r.rss_end_mb:>6.1f}MB "
            f"{r.growth_mb:>+6.2f}M {r.rss_peak_mb:>5.1f}MB {r.threads_warm:>3}->{r.threads_end:<3}"
            f" {r.fds_warm:>3}->{r.fds_end:<3}  {'yes' if r.ok else 'NO'}")


def run_cli(frames: int, out: TextIO, json_path: Optional[str] = None) -> int:
    """``lkfast bench --only soak [--soak-frames N]``: the table; exit 1 if a part fails."""
    import json

    print(f"soak: {frames} frames through each part; RSS growth after a {WARMUP_FRACTION:.0%} "
          f"warm-up must stay under {MAX_GROWTH_MB:g} MB, threads and fds unchanged",
          file=out)
    print(HEADER, file=out, flush=True)
    results = run(frames, on_result=lambda r: print(format_result(r), file=out, flush=True))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump({"schema": "lkfast-bench-soak/1",
                       "results": [dict(asdict(r), growth_mb=r.growth_mb, ok=r.ok)
                                   for r in results]}, f, indent=2)
            f.write("\n")
    return 0 if all(r.ok for r in results) else 1


def cases() -> list[Any]:
    """None: this family is run by :func:`run_cli` (see the module docstring)."""
    return []
