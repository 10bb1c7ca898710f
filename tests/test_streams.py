"""audio_arrays: stream frames as numpy arrays, optionally with levels; the stream is closed."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from livekit import rtc

import lkfast


@contextlib.asynccontextmanager
async def aclosing(thing: Any) -> AsyncIterator[Any]:
    """``contextlib.aclosing`` (Python 3.10+), for 3.9."""
    try:
        yield thing
    finally:
        await thing.aclose()


class FakeStream:
    """An async iterator of frame events that records its closing."""

    def __init__(self, frames: list[rtc.AudioFrame]) -> None:
        self.frames = frames
        self.closed = False

    def __aiter__(self) -> AsyncIterator[rtc.AudioFrameEvent]:
        return self._events()

    async def _events(self) -> AsyncIterator[rtc.AudioFrameEvent]:
        for frame in self.frames:
            await asyncio.sleep(0)
            yield rtc.AudioFrameEvent(frame)

    async def aclose(self) -> None:
        self.closed = True


def stereo_frames() -> list[rtc.AudioFrame]:
    frames = []
    for k in range(3):
        pcm = np.full((160, 2), [1000 * (k + 1), -16384], np.int16)
        frames.append(rtc.AudioFrame(bytearray(pcm.tobytes()), 16000, 2, 160))
    return frames


def test_float32_arrays_with_levels() -> None:
    async def main() -> None:
        stream = FakeStream(stereo_frames())
        got = [item async for item in lkfast.audio_arrays(stream, levels=True)]
        assert stream.closed and len(got) == 3
        for k, (array, levels) in enumerate(got):
            assert array.dtype == np.float32 and array.shape == (160, 2)
            assert array[0].tolist() == [1000 * (k + 1) / 32768, -0.5]
            assert levels.peak_dbfs == pytest.approx(
                (20 * math.log10(1000 * (k + 1) / 32768), 20 * math.log10(0.5)))

    asyncio.run(main())


def test_int16_arrays_view_the_frames() -> None:
    async def main() -> None:
        frames = stereo_frames()
        arrays = [a async for a in lkfast.audio_arrays(FakeStream(frames), np.int16)]
        assert all(a.dtype == np.int16 and a.shape == (160, 2) for a in arrays)
        arrays[0][0, 0] = 7
        assert frames[0].data[0] == 7  # no copy

    asyncio.run(main())


def test_stopping_early_closes_the_stream() -> None:
    async def main() -> None:
        stream = FakeStream(stereo_frames())
        async with aclosing(lkfast.audio_arrays(stream)) as arrays:
            async for _ in arrays:
                break
        assert stream.closed

        dropped = FakeStream(stereo_frames())
        async for _ in lkfast.audio_arrays(dropped):
            break
        gc.collect()
        for _ in range(5):  # the loop finalises the dropped async generator
            await asyncio.sleep(0)
        assert dropped.closed

    asyncio.run(main())


def test_real_stream_in_loopback() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 100)
        track = rtc.LocalAudioTrack.create_audio_track("arrays", source)
        stream = rtc.AudioStream(track, sample_rate=48000, num_channels=1)
        publisher = lkfast.AudioPublisher(source)
        clip = np.full(4800, 8192, np.int16)
        task = asyncio.ensure_future(publisher.play(clip))
        heard = []
        async with aclosing(lkfast.audio_arrays(stream, levels=True)) as arrays:
            async for array, levels in arrays:
                assert array.shape == (480, 1) and array.dtype == np.float32
                if array.any():
                    heard.append(array)
                    assert levels.rms_dbfs[0] == pytest.approx(-12.0412, abs=1e-3)
                if len(heard) == 10:
                    break
        assert await task == 4800
        np.testing.assert_array_equal(np.concatenate(heard), np.full((4800, 1), 0.25, np.float32))
        with pytest.raises(StopAsyncIteration):  # closed by audio_arrays
            await stream.__anext__()
        await source.aclose()

    asyncio.run(main())


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="dtype"):
        lkfast.audio_arrays(FakeStream([]), "float64")
    with pytest.raises(ValueError, match="dtype"):
        lkfast.audio_arrays(FakeStream([]), "not a dtype")
    with pytest.raises(TypeError, match="async iterable"):
        lkfast.audio_arrays([1, 2, 3])

    async def main() -> None:
        class Wrong:
            async def __aiter__(self) -> AsyncIterator[int]:
                yield 1

        with pytest.raises(TypeError, match="yielded int"):
            async for _ in lkfast.audio_arrays(Wrong()):
                pass

    asyncio.run(main())
