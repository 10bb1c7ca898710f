"""Scale: N tone streams published from one process and one event loop, in real time.

Each stream is an ``rtc.AudioSource`` (48 kHz mono, 200 ms queue) with a ``LocalAudioTrack``
over it (LiveKit's native stack, no server) and an ``AudioPublisher(frame_ms=100)`` playing a
``SineGenerator``; all of them run in one asyncio loop. For ``seconds`` after a warm-up, the
run measures:

* process CPU (``time.process_time``: every thread, LiveKit's included) as a percentage of one
  core, minus the same process's idle baseline (the loop with its lag probe and no stream),
  divided by N: CPU per stream;
* event-loop lag: how late a 10 ms ``asyncio.sleep`` wakes up, p50/p99/max in ms;
* real time: every stream's generator advanced by at least 99% of the wall time (a stream
  that falls behind leaves LiveKit's queue empty, which plays silence).

This does not fit the per-call ``Case`` timing of the other families (each point lasts a
fixed wall time and reports several figures): ``lkfast bench --only scale [--streams N]`` runs
:func:`run` instead, and :func:`cases` returns nothing.
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional, TextIO

import numpy as np
from livekit import rtc

import lkfast
from lkfast.bench._case import Case

RATE = 48000
QUEUE_MS = 200
FRAME_MS = 100
#: Stream counts of the full run's growth table.
GROWTH = (1, 10, 100, 300)
#: Real time is kept when every stream produced at least this fraction of the wall time.
REALTIME_FRACTION = 0.99
PROBE_S = 0.010
#: Measured seconds per run (after the idle baseline and a 1 s warm-up).
SECONDS = 5.0
IMPLS = ("lkfast", "livekit")


@dataclass(frozen=True)
class ScalePoint:
    """The figures of one run of ``streams`` streams.

    Attributes:
        impl: "lkfast" (``AudioPublisher(frame_ms=100)``) or "livekit" (a plain loop of
            ``await source.capture_frame`` with 100 ms numpy frames, no lkfast).
        streams: how many streams published at once.
        seconds: the measured wall time.
        cpu_percent: process CPU while publishing, percent of one core (all of it).
        empty_percent: the process before any source exists (loop and lag probe only).
        per_stream_percent: ``(cpu_percent - empty_percent) / streams``: all a stream costs,
            LiveKit's per-source thread included.
        idle_source_percent: per source, what the sources and tracks cost while nothing is
            captured (LiveKit's native side feeds every source's track a 10 ms block, of
            silence when its queue is empty, from a thread of its own per source).
        publishing_percent: per stream, what publishing adds to an idle source
            (``per_stream_percent - idle_source_percent``).
        lag_p50_ms, lag_p99_ms, lag_max_ms: lateness of a 10 ms sleep, ms.
        slowest: the smallest fraction of real time any stream produced (1.0 = real time).
        realtime: ``slowest >= REALTIME_FRACTION``.
        load: the machine's 1-minute load average at the end.
        threads: CPU per stream while publishing, percent of one core, by thread name (Linux;
            see :func:`_thread_cpu`).
    """

    impl: str
    streams: int
    seconds: float
    cpu_percent: float
    empty_percent: float
    per_stream_percent: float
    idle_source_percent: float
    publishing_percent: float
    lag_p50_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    slowest: float
    realtime: bool
    load: float
    threads: dict[str, float] = field(default_factory=dict)


def _thread_cpu() -> dict[str, float]:
    """CPU seconds so far of this process's threads, summed by thread name (Linux /proc;
    empty elsewhere). LiveKit names its threads: "livekit-audio" runs its audio capture
    tasks and the FFI callback (Python, holding the GIL), "AudioSourceCapt" is one WebRTC
    thread per source feeding its track a 10 ms block, "tokio-rt-worker" the rest."""
    totals: dict[str, float] = {}
    try:
        tids = os.listdir("/proc/self/task")
        tick = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return totals
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        totals[name] = totals.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return totals


class _LagProbe:
    """Sleeps ``PROBE_S`` again and again and records how late each wake-up is."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.recording = False
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        clock = time.perf_counter
        while True:
            start = clock()
            await asyncio.sleep(PROBE_S)
            if self.recording:
                self.lags.append(clock() - start - PROBE_S)

    async def aclose(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _livekit_loop(source: rtc.AudioSource, counter: list[int], index: int) -> None:
    """No lkfast: 100 ms numpy frames, one ``capture_frame`` each."""
    spc = RATE * FRAME_MS // 1000
    t = np.arange(spc)
    pos = 0
    while True:
        data = (np.sin(2 * np.pi * 440.0 * (t + pos) / RATE) * 16383).astype(np.int16)
        await source.capture_frame(rtc.AudioFrame(data.tobytes(), RATE, 1, spc))
        pos += spc
        counter[index] = pos


class _Streams:
    """N sources with tracks and a producer each, in the running loop."""

    def __init__(self, impl: str, streams: int) -> None:
        self.impl = impl
        self.sources: list[rtc.AudioSource] = []
        self.tracks: list[rtc.LocalAudioTrack] = []
        self.publishers: list[lkfast.AudioPublisher] = []
        self.gens: list[lkfast.SineGenerator] = []
        self.tasks: list[asyncio.Future[Any]] = []
        self.counter = [0] * streams
        for i in range(streams):
            source = lkfast.make_audio_source(RATE, 1, queue_size_ms=QUEUE_MS)
            self.sources.append(source)
            self.tracks.append(rtc.LocalAudioTrack.create_audio_track(f"scale-{i}", source))

    def start(self) -> None:
        """Start a producer on every source."""
        for i, source in enumerate(self.sources):
            if self.impl == "livekit":
                self.tasks.append(asyncio.ensure_future(_livekit_loop(source, self.counter, i)))
                continue
            publisher = lkfast.AudioPublisher(source, frame_ms=FRAME_MS)
            gen = lkfast.SineGenerator(RATE, 1, 440.0 + i, 0.5)
            self.publishers.append(publisher)
            self.gens.append(gen)
            self.tasks.append(asyncio.ensure_future(publisher.play(gen)))

    def positions(self) -> list[int]:
        """Samples produced so far by each stream."""
        if self.impl == "livekit":
            return list(self.counter)
        return [gen.position for gen in self.gens]

    async def aclose(self) -> None:
        for publisher in self.publishers:
            publisher.interrupt()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for publisher in self.publishers:
            await publisher.aclose()
        for source in self.sources:
            await source.aclose()


async def _window(seconds: float, probe: _LagProbe) -> tuple[float, float]:
    """(wall s, process CPU s) over ``seconds`` of the running loop, lags recorded."""
    gc.collect()
    probe.lags.clear()
    probe.recording = True
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.sleep(seconds)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    probe.recording = False
    return wall, cpu


async def measure(streams: int, seconds: float = 5.0, *, impl: str = "lkfast",
                  warmup_s: float = 1.0, baseline_s: float = 2.0) -> ScalePoint:
    """Create ``streams`` sources, measure them idle for ``baseline_s``, then publish a tone
    into each for ``warmup_s`` and ``seconds``; the figures of that last window."""
    if impl not in IMPLS:
        raise ValueError(f"impl must be one of {', '.join(IMPLS)}, got {impl!r}")
    if not isinstance(streams, int) or streams < 1:
        raise ValueError(f"streams must be a positive int, got {streams!r}")
    probe = _LagProbe()
    try:
        await asyncio.sleep(0.2)
        empty_wall, empty_cpu = await _window(baseline_s / 2, probe)
        group = _Streams(impl, streams)
        try:
            await asyncio.sleep(0.2)
            idle_wall, idle_cpu = await _window(baseline_s / 2, probe)
            group.start()
            await asyncio.sleep(warmup_s)
            before, threads = group.positions(), _thread_cpu()
            wall, cpu = await _window(seconds, probe)
            after, threads_after = group.positions(), _thread_cpu()
        finally:
            await group.aclose()
    finally:
        await probe.aclose()
    slowest = min((b - a) / RATE / wall for a, b in zip(before, after))
    total = 100 * cpu / wall
    empty = 100 * empty_cpu / empty_wall
    idle = 100 * idle_cpu / idle_wall
    lags = [lag * 1000 for lag in probe.lags]
    return ScalePoint(impl, streams, wall, total, empty, (total - empty) / streams,
                      (idle - empty) / streams, (total - idle) / streams,
                      _percentile(lags, 0.5), _percentile(lags, 0.99),
                      max(lags, default=math.nan), slowest, slowest >= REALTIME_FRACTION,
                      os.getloadavg()[0],
                      {name: round(100 * (used - threads.get(name, 0.0)) / wall / streams, 4)
                       for name, used in sorted(threads_after.items())
                       if used - threads.get(name, 0.0) > 0})


def run(counts: Sequence[int], seconds: float = 5.0, impls: Sequence[str] = ("lkfast",),
        on_point: Callable[[ScalePoint], None] = lambda point: None) -> list[ScalePoint]:
    """Measure each count of streams for each impl, each in a fresh event loop."""
    points = []
    for count in counts:
        for impl in impls:
            point = asyncio.run(measure(count, seconds, impl=impl))
            on_point(point)
            points.append(point)
    return points


HEADER = (f"{'impl':<8} {'streams':>7} {'CPU/stream':>10} {'idle src':>9} {'publish':>8} "
          f"{'process':>8} {'lag p50':>8} {'lag p99':>8} {'lag max':>8} {'real time':>9} "
          f"{'load':>5}")


def format_point(p: ScalePoint) -> str:
    kept = "yes" if p.realtime else f"NO {p.slowest:.2f}"
    return (f"{p.impl:<8} {p.streams:>7} {p.per_stream_percent:>9.3f}% "
            f"{p.idle_source_percent:>8.3f}% {p.publishing_percent:>7.3f}% "
            f"{p.cpu_percent:>7.1f}% {p.lag_p50_ms:>6.2f}ms {p.lag_p99_ms:>6.2f}ms "
            f"{p.lag_max_ms:>6.1f}ms {kept:>9} {p.load:>5.2f}")


def format_threads(p: ScalePoint) -> str:
    """The thread breakdown of a row, busiest first."""
    parts = sorted(p.threads.items(), key=lambda item: -item[1])
    return "  threads, % per stream: " + ", ".join(f"{name} {value:.3f}"
                                                 for name, value in parts if value >= 0.001)


def print_table(points: Sequence[ScalePoint], out: TextIO) -> None:
    print(HEADER, file=out)
    for p in points:
        print(format_point(p), file=out)


def as_json(points: Sequence[ScalePoint]) -> list[dict[str, Any]]:
    return [asdict(p) for p in points]


def plot(points: Sequence[ScalePoint], path: str, title: Optional[str] = None) -> None:
    """CPU per stream and p99 lag against the stream count (matplotlib; ImportError without)."""
    import importlib

    matplotlib = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    plt = importlib.import_module("matplotlib.pyplot")
    fig, (cpu_ax, lag_ax) = plt.subplots(1, 2, figsize=(10, 4))
    for impl in dict.fromkeys(p.impl for p in points):
        mine = [p for p in points if p.impl == impl]
        xs = [p.streams for p in mine]
        cpu_ax.plot(xs, [p.per_stream_percent for p in mine], marker="o", label=impl)
        lag_ax.plot(xs, [p.lag_p99_ms for p in mine], marker="o", label=impl)
    for ax, label in ((cpu_ax, "CPU per stream, % of one core"), (lag_ax, "loop lag p99, ms")):
        ax.set_xscale("log")
        ax.set_xlabel("streams in one process")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle(title or "lkfast bench --only scale")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def sibling_path(path: Optional[str], suffix: str = "-scale") -> Optional[str]:
    """``out.json`` -> ``out-scale.json``: where a mixed run writes the scale figures."""
    if path is None:
        return None
    root, ext = os.path.splitext(path)
    return f"{root}{suffix}{ext}"


def run_cli(counts: Sequence[int], with_livekit: bool, json_path: Optional[str],
            plot_path: Optional[str], out: TextIO) -> int:
    """``lkfast bench --only scale``: the table (a row as each run ends), JSON and chart."""
    import json
    import sys

    impls = ("lkfast", "livekit") if with_livekit else ("lkfast",)
    print(f"scale: {', '.join(map(str, counts))} streams of a 440 Hz tone, {RATE} Hz mono, "
          f"AudioPublisher(frame_ms={FRAME_MS}), queue {QUEUE_MS} ms, {SECONDS:g} s each; "
          f"CPU in % of one core, all threads (LiveKit's included)", file=out)
    print("CPU/stream: all a stream costs (process minus the empty process, / N); idle src: "
          "of that, an idle source+track (LiveKit's 10 ms thread per source); publish: the "
          "rest", file=out)
    print(HEADER, file=out, flush=True)
    def show(p: ScalePoint) -> None:
        print(format_point(p), file=out, flush=True)
        if p.threads:
            print(format_threads(p), file=out, flush=True)

    points = run(counts, SECONDS, impls, on_point=show)
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump({"schema": "lkfast-bench-scale/1", "points": as_json(points)}, f,
                      indent=2)
            f.write("\n")
    if plot_path:
        try:
            plot(points, plot_path)
        except ImportError as exc:
            print(f"lkfast bench: --plot needs matplotlib ({exc}); no chart written",
                  file=sys.stderr)
    return 0


def cases() -> list[Case]:
    """None: this family is run by :func:`run` (see the module docstring)."""
    return []

