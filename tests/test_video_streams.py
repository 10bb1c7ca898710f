"""video_arrays over fake streams: formats, buffer reuse, latest-only, closing, errors."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from livekit import rtc

import lkfast
from lkfast import reference
from lkfast.video.formats import BYTES_PER_PIXEL, FORMATS, frame_size

ALL_FORMATS = FORMATS
LIVEKIT_TYPES = [f for f in FORMATS if f != "BGR24"]  # the eleven rtc.VideoBufferTypes
FORMATS = FORMATS[:8]  # the _yuv kernels' eight

W, H = 20, 12


def event(k: int, width: int = W, height: int = H) -> rtc.VideoFrameEvent:
    data = np.random.default_rng(k).integers(0, 256, frame_size("I420", width, height),
                                             dtype=np.uint8)
    frame = rtc.VideoFrame(width, height, rtc.VideoBufferType.I420, bytearray(data))
    return rtc.VideoFrameEvent(frame, 1000 * k, rtc.VideoRotation.VIDEO_ROTATION_0)


class FakeStream:
    """An async iterator of frame events that records its closing.

    Args:
        events: what it yields.
        gap_s: seconds between events (0: one event per loop iteration).
        fail: raise this after the events instead of ending.
    """

    def __init__(self, events: list[Any], gap_s: float = 0.0,
                 fail: BaseException | None = None) -> None:
        self.events = events
        self.gap_s = gap_s
        self.fail = fail
        self.closed = False
        self.yielded = 0

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._events()

    async def _events(self) -> AsyncIterator[Any]:
        for item in self.events:
            await asyncio.sleep(self.gap_s)
            self.yielded += 1
            yield item
        if self.fail is not None:
            raise self.fail

    async def aclose(self) -> None:
        self.closed = True


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_in_order(fmt: str) -> None:
    async def main() -> None:
        events = [event(k) for k in range(3)]
        stream = FakeStream(events)
        got = [item async for item in lkfast.video_arrays(stream, fmt, latest_only=False)]
        assert stream.closed and len(got) == 3
        for (array, ts), ev in zip(got, events):
            assert ts == ev.timestamp_us
            want = lkfast.to_ndarray(ev.frame, dst_format=fmt)
            assert array.shape == want.shape and (array == want).all()
            if fmt not in ("I420", "NV12"):
                assert array.shape == (H, W, len(fmt) if len(fmt) == 4 else 3)

    asyncio.run(main())


def typed_event(fmt: str, k: int, width: int = 5, height: int = 3) -> rtc.VideoFrameEvent:
    data = np.random.default_rng(k).integers(0, 256, frame_size(fmt, width, height),
                                             dtype=np.uint8)
    if fmt == "I010":
        data = (data.view("<u2") & 0x3FF).view(np.uint8)
    frame = rtc.VideoFrame(width, height, getattr(rtc.VideoBufferType, fmt), bytearray(data))
    return rtc.VideoFrameEvent(frame, 1000 * k, rtc.VideoRotation.VIDEO_ROTATION_0)


@pytest.mark.parametrize("src_type", LIVEKIT_TYPES)
def test_any_received_type_to_any_format(src_type: str) -> None:
    """A frame of each of LiveKit's eleven types (odd size) comes out as each of the twelve
    formats, as the reference twin converts it: packed as (h, w, c), YUV flat."""
    w, h = 5, 3
    ev = typed_event(src_type, 7, w, h)
    src = bytes(ev.frame.data)

    async def main() -> None:
        for dst in ALL_FORMATS:
            want = np.frombuffer(bytes(reference.convert(src, w, h, src_type, dst)), np.uint8)
            shape = (h, w, BYTES_PER_PIXEL[dst]) if dst in BYTES_PER_PIXEL else (want.size,)
            for latest_only, reuse in [(False, False), (True, True)]:
                got = [a async for a, _ in lkfast.video_arrays(
                    FakeStream([ev, ev]), dst, latest_only=latest_only, reuse=reuse)]
                assert got and all(a.shape == shape for a in got), (dst, got[0].shape)
                assert all(a.tobytes() == want.tobytes() for a in got), dst
            array = lkfast.to_ndarray(ev.frame, dst_format=dst)
            assert array.shape == shape and array.tobytes() == want.tobytes(), dst
            again = lkfast.to_ndarray(src, w, h, src_type, dst_format=dst,
                                      out=np.zeros(shape, np.uint8))
            assert again.tobytes() == want.tobytes(), dst

    asyncio.run(main())


@pytest.mark.parametrize("src_type", LIVEKIT_TYPES)
def test_a_solid_frame_of_any_type_reads_back_its_colour(src_type: str) -> None:
    """Exact colours: a grey of each type is (128, 128, 128) in RGB24 (YUV: Y 126, U V 128
    and back), alpha 200 survives where the type carries it."""
    frame = lkfast.solid_frame(9, 7, (128, 128, 128, 200), src_type)
    rgba = lkfast.to_ndarray(frame, dst_format="RGBA")
    assert rgba.shape == (7, 9, 4)
    assert set(map(tuple, rgba[..., :3].reshape(-1, 3).tolist())) == {(128, 128, 128)}
    alpha = 200 if src_type in ("RGBA", "BGRA", "ARGB", "ABGR", "I420A") else 255
    assert set(rgba[..., 3].reshape(-1).tolist()) == {alpha}
    yuv = lkfast.to_ndarray(frame, dst_format="I444")
    assert yuv.shape == (3 * 9 * 7,) and set(yuv[:63].tolist()) == {126}
    assert set(yuv[63:].tolist()) == {128}


def test_reuse_writes_into_one_array_per_size() -> None:
    async def main() -> None:
        events = [event(0), event(1), event(2, 2 * W, H), event(3, 2 * W, H)]
        fresh = [a async for a, _ in lkfast.video_arrays(FakeStream(events), latest_only=False)]
        assert len({id(a) for a in fresh}) == 4
        reused = [a async for a, _ in lkfast.video_arrays(FakeStream(events), latest_only=False,
                                                          reuse=True)]
        assert reused[0] is reused[1] and reused[2] is reused[3] and reused[1] is not reused[2]
        assert (reused[3] == fresh[3]).all()

    asyncio.run(main())


def test_latest_only_skips_to_the_newest_frame() -> None:
    async def main() -> None:
        events = [event(k) for k in range(40)]
        stream = FakeStream(events, gap_s=0.002)
        arrays = lkfast.video_arrays(stream)
        got = []
        async for _, ts in arrays:
            got.append(ts)
            assert arrays.pending == 0
            await asyncio.sleep(0.02)  # ten times slower than the stream
        assert stream.closed and stream.yielded == 40
        assert got[-1] == 39000 and got == sorted(got) and len(got) < 15
        assert arrays.received == 40 and arrays.dropped == 40 - len(got)

    asyncio.run(main())


def test_latest_only_with_a_fast_consumer_misses_nothing() -> None:
    async def main() -> None:
        stream = FakeStream([event(k) for k in range(10)], gap_s=0.005)
        got = [ts async for _, ts in lkfast.video_arrays(stream, "RGB24")]
        assert got == [1000 * k for k in range(10)]

    asyncio.run(main())


@pytest.mark.parametrize("latest_only", [True, False])
def test_stopping_early_closes_the_stream(latest_only: bool) -> None:
    async def main() -> None:
        stream = FakeStream([event(k) for k in range(5)])
        async with lkfast.video_arrays(stream, latest_only=latest_only) as arrays:
            async for _ in arrays:
                break
        assert stream.closed

        dropped = FakeStream([event(k) for k in range(5)])
        async for _ in lkfast.video_arrays(dropped, latest_only=latest_only):
            break
        gc.collect()
        for _ in range(5):  # the loop runs the finaliser's close
            await asyncio.sleep(0)
        assert dropped.closed

        failing = FakeStream([event(k) for k in range(5)])
        with pytest.raises(LookupError):
            async for _ in lkfast.video_arrays(failing, latest_only=latest_only):
                raise LookupError("the consumer fails")
        gc.collect()
        for _ in range(5):
            await asyncio.sleep(0)
        assert failing.closed

    asyncio.run(main())


@pytest.mark.parametrize("latest_only", [True, False])
def test_errors_of_the_stream_and_its_items(latest_only: bool) -> None:
    async def main() -> None:
        broken = FakeStream([event(0)], fail=ConnectionResetError("gone"))
        arrays = lkfast.video_arrays(broken, latest_only=latest_only)
        with pytest.raises(ConnectionResetError, match="gone"):
            async for _ in arrays:
                await asyncio.sleep(0.01)
        assert broken.closed

        wrong = FakeStream([event(0).frame])
        with pytest.raises(TypeError, match="yielded VideoFrame, not an rtc.VideoFrameEvent"):
            async for _ in lkfast.video_arrays(wrong, latest_only=latest_only):
                pass
        assert wrong.closed

    asyncio.run(main())


def test_bad_arguments() -> None:
    stream = FakeStream([])
    with pytest.raises(ValueError, match="unknown format"):
        lkfast.video_arrays(stream, "YUY2")
    with pytest.raises(ValueError, match="matrix"):
        lkfast.video_arrays(stream, matrix="bt2020")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        lkfast.video_arrays(stream, latest_only=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        lkfast.video_arrays(stream, threads=0)
    with pytest.raises(TypeError, match="async iterable"):
        lkfast.video_arrays([event(0)])
