"""VideoPublisher and video_arrays through real LiveKit, no server:
``VideoSource -> LocalVideoTrack -> VideoStream``. The whole file takes about 10 s."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.video.formats import buffer_type
from lkfast.video.reference.yuv import rgb_to_yuv


class Loopback:
    """A source made by lkfast, its local track and a stream reading it back."""

    def __init__(self, width: int, height: int) -> None:
        self.source = lkfast.make_video_source(width, height)
        self.track = rtc.LocalVideoTrack.create_video_track("lkfast-test", self.source)
        self.stream = rtc.VideoStream(self.track)

    async def close(self) -> None:
        await self.stream.aclose()
        await self.source.aclose()


Triple = tuple[int, int, int]


def expected_rgb(rgb: Triple) -> tuple[Triple, Triple]:
    """The Y, U, V a solid colour becomes and the RGB24 it decodes back to, both computed by
    lkfast's pure-Python reference of libyuv's arithmetic."""
    y, u, v = rgb_to_yuv(*rgb)
    decoded = lkfast.reference.convert(bytes([y, y, y, y, u, v]), 2, 2, "I420", "RGB24")
    return (y, u, v), (decoded[0], decoded[1], decoded[2])


def solid(fmt: str, rgb: Triple, w: int, h: int) -> Any:
    """The colour as an array (packed formats) or as a flat I420 buffer."""
    frame = lkfast.solid_frame(w, h, (*rgb, 255), fmt)
    data = np.frombuffer(frame.data, np.uint8)
    return data if fmt == "I420" else data.reshape(h, w, -1)


COLOURS = {"RGBA": (200, 30, 90), "BGRA": (12, 180, 250), "ARGB": (255, 255, 0),
           "ABGR": (0, 128, 255), "RGB24": (90, 90, 90), "I420": (240, 16, 40)}


def test_solid_colours_in_each_format_come_back() -> None:
    async def main() -> None:
        w, h = 64, 36
        loop = Loopback(w, h)
        pub = lkfast.VideoPublisher(loop.source)
        i420s = lkfast.video_arrays(loop.stream, "I420", latest_only=False)
        for fmt, rgb in COLOURS.items():
            pub.set_frame(solid(fmt, rgb, w, h), fmt)
            pub.send_now()
            frame, _ = await i420s.__anext__()
            yuv, want = expected_rgb(rgb)
            size = w * h
            planes = (frame[:size], frame[size : size + size // 4], frame[size + size // 4 :])
            assert [set(p.tolist()) for p in planes] == [{c} for c in yuv], fmt
            rgb24 = lkfast.to_ndarray(frame, w, h, "I420", "RGB24")
            assert (rgb24 == want).all(), fmt
            # The same colour within BT.601 limited range's rounding.
            assert max(abs(a - b) for a, b in zip(want, rgb)) <= 3, (fmt, want, rgb)
        await i420s.aclose()
        await pub.aclose()
        await loop.close()

    asyncio.run(main())


def test_received_frames_as_bgr_arrays() -> None:
    async def main() -> None:
        w, h = 48, 32
        loop = Loopback(w, h)
        pub = lkfast.VideoPublisher(loop.source)
        rgb = (10, 200, 60)
        pub.set_frame(solid("RGB24", rgb, w, h))
        pub.send_now()
        async with lkfast.video_arrays(loop.stream) as arrays:
            array, timestamp = await arrays.__anext__()
        _, want = expected_rgb(rgb)
        assert array.shape == (h, w, 3) and array.dtype == np.uint8
        assert (array == want[::-1]).all()  # BGR24, OpenCV's order
        assert isinstance(timestamp, int) and timestamp > 0
        with pytest.raises(StopAsyncIteration):  # the stream was closed
            await loop.stream.__anext__()
        await pub.aclose()
        await loop.source.aclose()

    asyncio.run(main())


def test_a_plain_video_source_and_a_bgr24_roi_view() -> None:
    """LiveKit's docs' ``rtc.VideoSource(w, h)``, not make_video_source: the publisher takes
    the size from the first frame, here a region of a larger OpenCV-style BGR24 image."""
    async def main() -> None:
        w, h = 40, 24
        source = rtc.VideoSource(w, h)
        track = rtc.LocalVideoTrack.create_video_track("lkfast-plain", source)
        stream = rtc.VideoStream(track)
        rgb = (250, 40, 120)
        canvas = np.zeros((h + 20, w + 30, 3), np.uint8)
        canvas[10 : 10 + h, 7 : 7 + w] = rgb[::-1]
        pub = lkfast.VideoPublisher(source, fps=10)
        pub.set_frame(canvas[10 : 10 + h, 7 : 7 + w], "BGR24")
        pub.send_now()
        async with lkfast.video_arrays(stream, "I420", latest_only=False) as i420s:
            frame, _ = await i420s.__anext__()
        assert (pub.width, pub.height) == (w, h) and frame.size == w * h * 3 // 2
        yuv, _ = expected_rgb(rgb)
        size = w * h
        planes = (frame[:size], frame[size : size + size // 4], frame[size + size // 4 :])
        assert [set(p.tolist()) for p in planes] == [{c} for c in yuv]
        await pub.aclose()
        await source.aclose()

    asyncio.run(main())


def test_three_seconds_at_10_fps() -> None:
    async def main() -> None:
        loop = Loopback(160, 90)
        pub = lkfast.VideoPublisher(loop.source, fps=10)
        pub.set_frame(solid("RGBA", (1, 2, 3), 160, 90))
        timestamps = []
        pub.start()
        start = time.monotonic()
        async with lkfast.video_arrays(loop.stream, latest_only=False) as arrays:
            async for _, ts in arrays:
                if time.monotonic() - start >= 3.0:
                    break
                timestamps.append(ts)
        await pub.aclose()
        assert 28 <= len(timestamps) <= 32, len(timestamps)
        assert all(b > a for a, b in zip(timestamps, timestamps[1:]))
        # LiveKit re-bases timestamps to its own clock, keeping their spacing (100 ms).
        span = (timestamps[-1] - timestamps[0]) / 1e6
        assert abs(span - (len(timestamps) - 1) / 10) < 0.05
        stats = pub.stats
        assert stats.frames_sent >= len(timestamps) and stats.frames_set == 1
        assert stats.late_ticks_dropped == 0 or stats.max_lateness_ms > 100
        await loop.close()

    asyncio.run(main())


def test_the_publisher_keeps_resending_when_the_producer_stops() -> None:
    async def main() -> None:
        w, h = 32, 32
        loop = Loopback(w, h)
        colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]

        async def produce() -> AsyncIterator[Any]:
            for rgb in colours:
                yield solid("RGB24", rgb, w, h)

        pub = lkfast.VideoPublisher(loop.source, fps=30, producer=produce())
        pub.start()
        seen = []
        start = time.monotonic()
        async with lkfast.video_arrays(loop.stream, "RGB24", latest_only=False) as arrays:
            async for array, _ in arrays:
                seen.append((time.monotonic() - start, tuple(int(c) for c in array[0, 0])))
                if seen[-1][0] > 1.0:
                    break
        await pub.aclose()
        blue = expected_rgb(colours[2])[1]
        order = [c for _, c in seen]
        assert [expected_rgb(rgb)[1] for rgb in colours] == sorted(set(order), key=order.index)
        after = [t for t, c in seen if c == blue]
        assert after[0] < 0.3 and len(after) >= 20  # blue, 30 times a second, for the rest
        assert pub.stats.frames_set == 3 and pub.stats.frames_repeated >= 20
        await loop.close()

    asyncio.run(main())


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads RSS from /proc")
@pytest.mark.parametrize("latest_only", [True, False])
def test_a_slow_receiver_keeps_memory_flat_with_latest_only(latest_only: bool) -> None:
    """300 frames of 640x480 sent at 200 fps to a receiver that sleeps 200 ms per frame.

    With ``latest_only`` nothing piles up: at most one frame waits (and one may be on its way
    through LiveKit's queue), and the resident memory stays flat. Without it (LiveKit's own
    queue, the control) every frame the receiver did not take stays in memory: about 290 x
    460 kB.
    """
    async def main() -> None:
        w, h = 640, 480
        loop = Loopback(w, h)
        frame_bytes = w * h * 3 // 2
        count = 0

        def produce() -> Any:
            nonlocal count
            count += 1  # a new frame every tick
            return lkfast.solid_frame(w, h, (count % 256, 0, 0), "I420")

        pub = lkfast.VideoPublisher(loop.source, fps=200, producer=produce)
        arrays = lkfast.video_arrays(loop.stream, latest_only=latest_only, reuse=True)
        waiting = []
        pub.start()
        base = 0
        async for _ in arrays:
            if not base:
                base = rss_bytes()  # after the first frame: the output array exists
            waiting.append(arrays.pending + len(loop.stream._queue._queue))
            if pub.stats.frames_sent >= 300:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.05)  # frames in flight arrive
        growth = rss_bytes() - base
        queued = len(loop.stream._queue._queue)
        await pub.aclose()
        await arrays.aclose()
        await loop.source.aclose()
        sent, taken = pub.stats.frames_sent, len(waiting)
        assert sent >= 300 and taken <= 15
        if latest_only:
            # One frame waits in lkfast; LiveKit's queue is drained as frames arrive (one may
            # have arrived since the draining task last ran).
            assert max(waiting) <= 2 and queued <= 1
            # Nearly every frame sent went through and was skipped (a few still in flight).
            assert arrays.received >= sent - 10 and arrays.dropped >= sent - taken - 10
            assert growth < 10 * frame_bytes, growth / frame_bytes
        else:
            # Every frame not taken waits in LiveKit's queue, but for those still in flight in
            # LiveKit's threads (up to about 20 on a loaded 2-core machine).
            assert queued >= sent - taken - 25
            assert growth > (sent - taken - 20) * frame_bytes, growth / frame_bytes

    asyncio.run(main())


def test_every_livekit_buffer_type_published_as_a_videoframe() -> None:
    # rtc.VideoFrame input of every type LiveKit has, including ABGR (whose conversions abort
    # LiveKit's own VideoFrame.convert): lkfast converts, LiveKit only sees I420.
    async def main() -> None:
        w, h = 16, 16
        loop = Loopback(w, h)
        pub = lkfast.VideoPublisher(loop.source)
        rgb = (77, 150, 200)
        _, want = expected_rgb(rgb)
        async with lkfast.video_arrays(loop.stream, "RGB24", latest_only=False) as arrays:
            for fmt in ("RGBA", "BGRA", "ARGB", "ABGR", "RGB24", "I420", "NV12"):
                frame = lkfast.solid_frame(w, h, rgb, fmt)
                assert frame.type == buffer_type(fmt)
                pub.set_frame(frame)
                pub.send_now()
                array, _ = await arrays.__anext__()
                assert (array == want).all(), fmt
        await pub.aclose()
        await loop.source.aclose()

    asyncio.run(main())


def test_livekit_itself_aborts_on_an_nv12_capture_that_is_read() -> None:
    # Why VideoPublisher converts NV12 to I420 before capturing: LiveKit takes the NV12 frame,
    # then panics ("unreachable code") when a stream (or an encoder) reads it, killing the
    # whole process.
    code = (
        "import asyncio\nfrom livekit import rtc\n"
        "async def main():\n"
        "    source = rtc.VideoSource(16, 16)\n"
        "    track = rtc.LocalVideoTrack.create_video_track('t', source)\n"
        "    stream = rtc.VideoStream(track)\n"
        "    source.capture_frame(rtc.VideoFrame(16, 16, rtc.VideoBufferType.NV12,\n"
        "                                        bytearray(384)))\n"
        "    await asyncio.wait_for(stream.__anext__(), 5)\n"
        "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode != 0 and b"panicked" in done.stderr
