"""Server-less loopback through the real LiveKit native stack.

``AudioSource -> LocalAudioTrack -> AudioStream`` needs no room and no server: what a source
captures comes back through a stream, which makes it the end-to-end check for the demo and the
tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import numpy as np
from livekit import rtc

from lkfast.audio.sources import make_audio_source


async def audio_loopback(
    produce: Callable[[rtc.AudioSource], Awaitable[None]],
    sample_rate: int,
    num_channels: int,
    *,
    queue_size_ms: int = 100,
    settle_s: float = 0.3,
) -> np.ndarray:
    """Run ``produce(source)`` and return every int16 sample the stream received.

    Args:
        produce: coroutine function that captures frames into the source it is given.
        sample_rate: Hz of the source and the stream (a multiple of 100).
        num_channels: channels of the source and the stream.
        queue_size_ms: the source's queue, a multiple of 10 ms.
        settle_s: seconds to keep reading after ``produce`` returns, for frames in flight.

    Returns:
        int16 array of shape ``(samples_per_channel, num_channels)``, in arrival order.
    """
    source = make_audio_source(sample_rate, num_channels, queue_size_ms)
    track = rtc.LocalAudioTrack.create_audio_track("lkfast-loopback", source)
    stream = rtc.AudioStream(track, sample_rate=sample_rate, num_channels=num_channels)
    chunks: list[np.ndarray] = []

    async def read(it: AsyncIterator[rtc.AudioFrameEvent]) -> None:
        async for event in it:
            chunks.append(np.frombuffer(event.frame.data, dtype=np.int16).copy())

    reader = asyncio.create_task(read(stream.__aiter__()))
    try:
        await produce(source)
        await source.wait_for_playout()
        await asyncio.sleep(settle_s)
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        await stream.aclose()
        await source.aclose()
    if not chunks:
        return np.zeros((0, num_channels), dtype=np.int16)
    return np.concatenate(chunks).reshape(-1, num_channels)


def find_offset(received: np.ndarray, sent: np.ndarray) -> int:
    """Index in ``received`` where ``sent`` starts (both 1-D int16), or -1.

    The stream may deliver leading silence before the first captured sample.
    """
    n = min(len(sent), 64)
    if n == 0 or len(received) < n:
        return -1
    head = sent[:n]
    candidates = np.flatnonzero(received[: len(received) - n + 1] == head[0])
    for start in candidates:
        if np.array_equal(received[start : start + n], head):
            return int(start)
    return -1


def zero_crossing_frequency(samples: np.ndarray, sample_rate: int) -> float:
    """Frequency in Hz of a sine, from its rising zero crossings (linearly interpolated)."""
    x = np.asarray(samples, dtype=np.float64)
    rising = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    if len(rising) < 2:
        return 0.0
    # Sub-sample position of each crossing.
    t = rising + (-x[rising]) / (x[rising + 1] - x[rising])
    return float((len(t) - 1) * sample_rate / (t[-1] - t[0]))
