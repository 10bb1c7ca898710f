"""Audio cases: framing, sample kernels per 10 ms frame, and CPU per published stream.

Groups whose name starts with ``CPU`` are timed in CPU seconds (``time.process_time``: every
thread of the process, LiveKit's included) over a fixed wall time; see :data:`CPU_GROUPS`.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import weakref
from typing import Any, Callable

import numpy as np
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.bench._case import Case

RATE = 48000
SAMPLES = 960  # 10 ms of 48 kHz stereo, all channels
FRAMING = "framing 10 s 48 kHz stereo, 4096-byte chunks (1000 frames)"
CPU_GROUP = "CPU s per stream-second, 440 Hz tone published in loopback"
#: Groups to time with ``time.process_time`` instead of a wall clock: each call lasts a fixed
#: 0.1 s of wall time while 10 streams publish, so its CPU time is CPU per stream-second.
CPU_GROUPS = frozenset([CPU_GROUP])
CPU_STREAMS = 10
CPU_WINDOW_S = 1.0 / CPU_STREAMS


def _signal() -> np.ndarray:
    return (np.sin(np.arange(SAMPLES, dtype=np.float32) * 0.05) * 0.8).astype(np.float32)


def _stereo() -> np.ndarray:
    return (_signal() * 32767).astype(np.int16).reshape(SAMPLES // 2, 2)


# --- per-frame sample kernels ------------------------------------------------------------

def _float_to_int16(impl: str) -> Callable[[], object]:
    src = _signal()
    if impl == "lkfast":
        return lambda: lkfast.float_to_int16(src)
    if impl == "numpy":  # the usual recipe: clip, scale by 32767, cast
        return lambda: (np.clip(src, -1, 1) * 32767).astype(np.int16)
    if impl == "pure-python":
        return lambda: lkfast.reference.float_to_int16(src)
    out = np.empty(SAMPLES, dtype=np.int16)
    return lambda: np.copyto(out, out)


def _int16_to_float32(impl: str) -> Callable[[], object]:
    src = _stereo().ravel()
    if impl == "lkfast":
        return lambda: lkfast.int16_to_float32(src)
    if impl == "numpy":
        return lambda: src.astype(np.float32) / np.float32(32768)
    if impl == "pure-python":
        return lambda: lkfast.reference.int16_to_float32(src)
    out = np.empty(SAMPLES, dtype=np.float32)
    return lambda: np.copyto(out, out)


def _interleave(impl: str) -> Callable[[], object]:
    planes = np.ascontiguousarray(_stereo().T)
    if impl == "lkfast":
        return lambda: lkfast.interleave(planes)
    if impl == "numpy":
        return lambda: np.ascontiguousarray(planes.T)
    if impl == "pure-python":
        return lambda: lkfast.reference.interleave(planes)
    out = np.empty_like(planes)
    return lambda: np.copyto(out, planes)


def _deinterleave(impl: str) -> Callable[[], object]:
    src = _stereo()
    if impl == "lkfast":
        return lambda: lkfast.deinterleave(src)
    if impl == "numpy":
        return lambda: np.ascontiguousarray(src.T)
    if impl == "pure-python":
        return lambda: lkfast.reference.deinterleave(src)
    out = np.empty_like(src)
    return lambda: np.copyto(out, src)


def _remix(impl: str) -> Callable[[], object]:
    src = _stereo()
    if impl == "lkfast":
        return lambda: lkfast.remix(src, 1)
    if impl == "numpy":  # mean of the channels, rounded half to even
        return lambda: np.rint(src.mean(axis=1)).astype(np.int16)
    if impl == "pure-python":
        return lambda: lkfast.reference.remix(src, 1)
    out = np.empty(SAMPLES // 2, dtype=np.int16)
    return lambda: np.copyto(out, src[:, 0])


def _gain(impl: str) -> Callable[[], object]:
    src = _stereo()
    g = 10 ** (-6 / 20)
    if impl == "lkfast":
        return lambda: lkfast.apply_gain(src, -6.0)
    if impl == "numpy":
        return lambda: np.clip(np.rint(src * g), -32768, 32767).astype(np.int16)
    if impl == "pure-python":
        return lambda: lkfast.reference.apply_gain(src, -6.0)
    out = np.empty_like(src)
    return lambda: np.copyto(out, src)


def _fade(impl: str) -> Callable[[], object]:
    src = _stereo()
    n = SAMPLES // 2
    if impl == "lkfast":
        return lambda: lkfast.fade(src, n)
    if impl == "numpy":  # the ramp j / n for each sample, applied to both channels
        return lambda: np.rint(src * (np.arange(n) / n)[:, None]).astype(np.int16)
    if impl == "pure-python":
        return lambda: lkfast.reference.fade(src, n)
    out = np.empty_like(src)
    return lambda: np.copyto(out, src)


def _levels(impl: str) -> Callable[[], object]:
    src = _stereo()
    if impl == "lkfast":
        return lambda: lkfast.levels(src)
    if impl == "numpy":
        def run() -> object:
            x = src.astype(np.float64)
            rms = np.sqrt(np.mean(x * x, axis=0)) / 32768
            peak = np.abs(x).max(axis=0) / 32768
            with np.errstate(divide="ignore"):
                return 20 * np.log10(rms), 20 * np.log10(peak)
        return run
    if impl == "pure-python":
        return lambda: lkfast.audio.reference.levels(src)
    out = np.empty_like(src)
    return lambda: np.copyto(out, src)


# --- framing -----------------------------------------------------------------------------

class NumpyFramer:
    """Framing the numpy way: join the leftover and the chunk, cut whole frames, copy each."""

    def __init__(self, sample_rate: int, num_channels: int, samples_per_channel: int) -> None:
        self._layout = (sample_rate, num_channels, samples_per_channel)
        self._frame_bytes = num_channels * samples_per_channel * 2
        self._pending = np.zeros(0, dtype=np.uint8)

    def push(self, data: bytes) -> list[rtc.AudioFrame]:
        buf = np.concatenate([self._pending, np.frombuffer(data, dtype=np.uint8)])
        n, fb = len(buf) // self._frame_bytes, self._frame_bytes
        frames = [rtc.AudioFrame(bytearray(buf[i * fb : (i + 1) * fb]), *self._layout)
                  for i in range(n)]
        self._pending = buf[n * fb :]
        return frames

    def flush(self) -> list[rtc.AudioFrame]:
        if not len(self._pending):
            return []
        data = bytearray(self._frame_bytes)
        data[: len(self._pending)] = self._pending.tobytes()
        self._pending = np.zeros(0, dtype=np.uint8)
        return [rtc.AudioFrame(data, *self._layout)]


def _framing(impl: str) -> Callable[[], object]:
    """10 s of 48 kHz stereo int16, delivered in 4096-byte chunks, cut into 10 ms frames."""
    raw = (np.arange(RATE * 10 * 2) % 65536 - 32768).astype(np.int16).tobytes()
    chunks = [raw[i : i + 4096] for i in range(0, len(raw), 4096)]
    framer_type: Any
    if impl == "agents":
        # Imported by name: livekit-agents is an optional peer (the bench extra).
        framer_type = importlib.import_module("livekit.agents.utils.audio").AudioByteStream
    else:
        framer_type = {"lkfast": lkfast.AudioFramer, "numpy": NumpyFramer,
                       "pure-python": lkfast.reference.AudioFramer}[impl]

    def run() -> None:
        framer = framer_type(RATE, 2, 480)
        for chunk in chunks:
            framer.push(chunk)
        framer.flush()

    return run


def _has_agents() -> bool:
    try:
        importlib.import_module("livekit.agents.utils.audio")
    except Exception:  # not installed, or an incompatible livekit
        return False
    return True


# --- CPU per published stream --------------------------------------------------------------

async def docs_recipe(source: rtc.AudioSource, stop: asyncio.Event) -> None:
    """LiveKit's documented loop: a numpy sine per 10 ms frame, one capture each."""
    spc = RATE // 100
    k = 0
    while not stop.is_set():
        t = (np.arange(spc) + k) / RATE
        wave = (0.5 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
        frame = rtc.AudioFrame.create(RATE, 1, spc)
        np.copyto(np.frombuffer(frame.data, dtype=np.int16), wave)
        await source.capture_frame(frame)
        k += spc


class PublishingStreams:
    """``CPU_STREAMS`` tones published into local tracks on a private event loop.

    Calling it runs the loop for ``CPU_WINDOW_S`` of wall time; between calls the producers
    pause (the sources keep draining their queues and refill on the next call). The streams
    are closed by ``close()``, or when the object is collected.
    """

    def __init__(self, impl: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._state: dict[str, Any] = {}
        self._loop.run_until_complete(self._start(impl))
        self._finalizer = weakref.finalize(self, PublishingStreams._stop, self._loop, self._state)

    async def _start(self, impl: str) -> None:
        stop = asyncio.Event()
        sources: list[tuple[rtc.AudioSource, rtc.LocalAudioTrack]] = []
        tasks: list[asyncio.Future[Any]] = []
        publishers: list[lkfast.AudioPublisher] = []
        for _ in range(CPU_STREAMS):
            source = lkfast.make_audio_source(RATE, 1, queue_size_ms=200)
            sources.append((source, rtc.LocalAudioTrack.create_audio_track("bench", source)))
            if impl == "livekit":
                tasks.append(asyncio.ensure_future(docs_recipe(source, stop)))
            else:
                publisher = lkfast.AudioPublisher(source, frame_ms=100)
                publishers.append(publisher)
                gen = lkfast.SineGenerator(RATE, 1, 440.0, 0.5)
                tasks.append(asyncio.ensure_future(publisher.play(gen)))
        self._state.update(stop=stop, sources=sources, tasks=tasks, publishers=publishers)
        await asyncio.sleep(0.5)  # queues full, steady state

    def __call__(self) -> None:
        self._loop.run_until_complete(asyncio.sleep(CPU_WINDOW_S))

    def close(self) -> None:
        self._finalizer()

    @staticmethod
    def _stop(loop: asyncio.AbstractEventLoop, state: dict[str, Any]) -> None:
        async def stop() -> None:
            state["stop"].set()
            for publisher in state["publishers"]:
                publisher.interrupt()
            for source, _ in state["sources"]:
                source.clear_queue()
            await asyncio.gather(*state["tasks"], return_exceptions=True)
            for publisher in state["publishers"]:
                await publisher.aclose()
            for source, _ in state["sources"]:
                await source.aclose()

        try:
            loop.run_until_complete(stop())
        finally:
            loop.close()


def cases() -> list[Case]:
    result = []
    impls = ["lkfast", "numpy"] + (["agents"] if _has_agents() else []) + ["pure-python"]
    for impl in impls:
        result.append(Case(FRAMING, impl, functools.partial(_framing, impl), "audio",
                           RATE * 10 * 4, quick=impl != "pure-python",
                           note="each call makes 1000 rtc.AudioFrames"))
    kernels: list[tuple[str, Callable[[str], Callable[[], object]], int]] = [
        ("float32->int16 10 ms 48 kHz stereo", _float_to_int16, SAMPLES * 2),
        ("int16->float32 10 ms 48 kHz stereo", _int16_to_float32, SAMPLES * 4),
        ("interleave 10 ms 48 kHz stereo int16", _interleave, SAMPLES * 2),
        ("deinterleave 10 ms 48 kHz stereo int16", _deinterleave, SAMPLES * 2),
        ("remix stereo->mono 10 ms 48 kHz int16", _remix, SAMPLES),
        ("apply_gain -6 dB 10 ms 48 kHz stereo int16", _gain, SAMPLES * 2),
        ("fade-in 10 ms 48 kHz stereo int16", _fade, SAMPLES * 2),
        ("levels 10 ms 48 kHz stereo int16", _levels, 0),
    ]
    for group, make, nbytes in kernels:
        for impl in ("pure-python", "numpy", "lkfast", "memcpy"):
            result.append(Case(group, impl, functools.partial(make, impl), "audio", nbytes))
    note = (f"process CPU seconds (time.process_time) per call: {CPU_WINDOW_S} s of wall time "
            f"with {CPU_STREAMS} streams publishing, i.e. per stream-second")
    for impl, what in (("livekit", "docs recipe: numpy sine, 10 ms frames, one capture each"),
                       ("lkfast", "AudioPublisher(frame_ms=100) playing a SineGenerator")):
        result.append(Case(CPU_GROUP, impl, functools.partial(PublishingStreams, impl), "audio",
                           quick=False, note=f"{what}; {note}"))
    return result
