"""VideoPublisher against a recording source: conversion, pool, timestamps, pacing, producers.

The recording source is a real ``rtc.VideoSource`` whose ``capture_frame`` keeps a copy of
every frame instead of handing it to LiveKit; the loopback tests use LiveKit itself.
"""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from fractions import Fraction
from typing import Any, Callable, Optional

import numpy as np
import pytest
from livekit import rtc

import lkfast
from lkfast.video.formats import FORMATS, buffer_type, frame_size
from lkfast.video.sources import video_source_size

W, H = 32, 18


class Recorder:
    """Replaces a source's ``capture_frame``: keeps each frame's bytes, type, timestamp and the
    monotonic time of the call."""

    def __init__(self, source: rtc.VideoSource) -> None:
        self.frames: list[tuple[bytes, int, int, float]] = []
        source.capture_frame = self.capture  # type: ignore[method-assign]

    def capture(self, frame: rtc.VideoFrame, *, timestamp_us: int = 0, **_: Any) -> None:
        self.frames.append((bytes(frame.data), frame.type, timestamp_us, time.monotonic()))

    @property
    def timestamps(self) -> list[int]:
        return [ts for _, _, ts, _ in self.frames]


def recording(width: int = W, height: int = H) -> tuple[rtc.VideoSource, Recorder]:
    source = lkfast.make_video_source(width, height)
    return source, Recorder(source)


def random_frame(fmt: str, width: int = W, height: int = H, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, frame_size(fmt, width, height),
                                                dtype=np.uint8)


def i420(src: Any, fmt: str, width: int = W, height: int = H) -> bytes:
    return lkfast.convert(src, width, height, fmt, "I420").tobytes()


def run(main: Callable[[], Any]) -> Any:
    return asyncio.run(main())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_published_as_lkfast_i420(fmt: str) -> None:
    async def main() -> None:
        source, rec = recording()
        async with lkfast.VideoPublisher(source) as pub:
            data = random_frame(fmt)
            pub.set_frame(data, fmt)
            pub.send_now()
            pub.set_frame(bytes(data), fmt)  # any buffer
            pub.send_now()
            if fmt != "BGR24":  # an rtc.VideoFrame of every type LiveKit has
                pub.set_frame(rtc.VideoFrame(W, H, buffer_type(fmt), bytearray(data)))
                pub.send_now()
        assert {t for _, t, _, _ in rec.frames} == {rtc.VideoBufferType.I420}
        assert {f for f, _, _, _ in rec.frames} == {i420(data, fmt)}
        await source.aclose()

    run(main)


@pytest.mark.parametrize("kind", ["I420A", "I422", "I444", "RGBA", "ABGR", "RGB24"])
def test_every_format_is_published_as_the_buffer_type(kind: str) -> None:
    """Each input format converted by lkfast into frames of ``buffer_type`` (identity: a copy;
    alpha kept into I420A from RGBA input, 255 from input without alpha)."""
    async def main() -> None:
        source, rec = recording(W + 1, H + 1)  # odd: chroma of I422 / 4:2:0 rounds up
        w, h = W + 1, H + 1
        async with lkfast.VideoPublisher(source, buffer_type=kind) as pub:
            assert pub.buffer_type == kind
            for fmt in FORMATS:
                data = random_frame(fmt, w, h)
                pub.set_frame(data, fmt)
                pub.send_now()
                got, t, _, _ = rec.frames[-1]
                assert t == buffer_type(kind) and len(got) == frame_size(kind, w, h)
                assert got == lkfast.convert(data, w, h, fmt, kind).tobytes(), fmt
            assert pub.stats.pool_buffers == 1
        await source.aclose()

    run(main)


def test_fit_into_another_buffer_type() -> None:
    async def main() -> None:
        source, rec = recording(64, 36)
        async with lkfast.VideoPublisher(source, fit="letterbox", buffer_type="BGRA") as pub:
            frame = random_frame("RGB24", 48, 48, 3).reshape(48, 48, 3)
            for _ in range(2):
                pub.set_frame(frame)
                pub.send_now()
            pub.set_frame(random_frame("RGBA", 64, 36), "RGBA")  # its own size: no scaling
            pub.send_now()
        scaled = lkfast.scale_i420(lkfast.convert(frame, 48, 48, "RGB24", "I420"), 48, 48, 64,
                                   36, fit="letterbox")
        want = lkfast.convert(scaled, 64, 36, "I420", "BGRA").tobytes()
        assert [f for f, _, _, _ in rec.frames[:2]] == [want, want]
        assert rec.frames[2][0] == lkfast.convert(random_frame("RGBA", 64, 36), 64, 36, "RGBA",
                                                  "BGRA").tobytes()
        await source.aclose()

    run(main)


def test_arrays_default_to_rgb24_and_rgba_and_views_are_copied() -> None:
    async def main() -> None:
        source, rec = recording()
        async with lkfast.VideoPublisher(source) as pub:
            rgb = random_frame("RGB24").reshape(H, W, 3)
            rgba = random_frame("RGBA", seed=1).reshape(H, W, 4)
            for frame, fmt in ((rgb, None), (rgba, None), (rgb, "BGR24"), (rgba, "ARGB")):
                pub.set_frame(frame, fmt)
                pub.send_now()
            flipped = rgb[:, ::-1]  # a strided view, as OpenCV code makes them
            pub.set_frame(flipped)
            pub.send_now()
        got = [f for f, _, _, _ in rec.frames]
        assert got == [i420(rgb, "RGB24"), i420(rgba, "RGBA"), i420(rgb, "BGR24"),
                       i420(rgba, "ARGB"), i420(np.ascontiguousarray(flipped), "RGB24")]
        await source.aclose()

    run(main)


def test_the_callers_buffer_may_be_reused_at_once() -> None:
    async def main() -> None:
        source, rec = recording()
        async with lkfast.VideoPublisher(source) as pub:
            buf = np.zeros((H, W, 4), np.uint8)
            lkfast.fill(buf, W, H, "RGBA", (255, 0, 0))
            pub.set_frame(buf)
            lkfast.fill(buf, W, H, "RGBA", (0, 0, 255))  # overwritten before the send
            pub.send_now()
        expected = lkfast.solid_frame(W, H, (255, 0, 0), "I420").data.tobytes()
        assert rec.frames[0][0] == expected
        await source.aclose()

    run(main)


def test_no_allocation_in_the_steady_state() -> None:
    async def main() -> None:
        w, h = 640, 480
        source, _ = recording(w, h)
        source.capture_frame = lambda frame, **kw: None  # type: ignore[method-assign]
        frames = [random_frame("RGBA", w, h, seed) for seed in range(2)]
        async with lkfast.VideoPublisher(source) as pub:
            for k in range(4):  # warm up: the pool, numpy's and LiveKit's caches
                pub.set_frame(frames[k % 2], "RGBA")
                pub.send_now()
            gc.collect()
            tracemalloc.start()
            try:
                for k in range(100):
                    pub.set_frame(frames[k % 2], "RGBA")
                    pub.send_now()
                    pub.send_now()  # a re-send
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            assert peak < frame_size("I420", w, h) // 4  # no frame-sized allocation
            stats = pub.stats
            assert stats.pool_buffers == 1  # converted in place: the loop's thread sends it
            assert (stats.frames_sent, stats.frames_set, stats.frames_repeated) == (204, 104, 100)
            assert stats.cpu_s > 0 and stats.cpu_per_frame_us == stats.cpu_s / 204 * 1e6
        await source.aclose()

    run(main)


@pytest.mark.parametrize("fit", ["stretch", "letterbox", "crop"])
def test_frames_of_another_size_are_scaled_when_asked(fit: str) -> None:
    async def main() -> None:
        source, rec = recording(64, 36)
        async with lkfast.VideoPublisher(source, fit=fit, background=(0, 0, 255)) as pub:
            frames = [random_frame("RGB24", 48, 48, seed).reshape(48, 48, 3) for seed in (1, 2)]
            for frame in frames * 3:  # the same size again: the scratch frame is reused
                pub.set_frame(frame)
                pub.send_now()
            pub.set_frame(random_frame("I420", 10, 30), "I420", width=10, height=30)
            pub.send_now()
            assert pub.stats.pool_buffers == 1
        want = [lkfast.scale_i420(lkfast.convert(f, 48, 48, "RGB24", "I420"), 48, 48, 64, 36,
                                  fit=fit, background=(0, 0, 255)).tobytes() for f in frames]
        got = [f for f, _, _, _ in rec.frames]
        assert got[:6] == want * 3
        assert got[6] == lkfast.scale_i420(random_frame("I420", 10, 30), 10, 30, 64, 36,
                                           fit=fit, background=(0, 0, 255)).tobytes()
        await source.aclose()

    run(main)


def test_timestamps_follow_the_ticks_and_strictly_increase() -> None:
    async def main() -> None:
        source, rec = recording()
        pub = lkfast.VideoPublisher(source, fps=50)
        pub.set_frame(random_frame("I420"), "I420")
        first = pub.send_now()
        pub.send_now()
        pub.start()
        await asyncio.sleep(0.3)
        pub.stop()
        pub.send_now()
        pub.start()  # a new run continues the timestamps
        await asyncio.sleep(0.1)
        await pub.aclose()
        ts = rec.timestamps
        assert ts[0] == first and all(b > a for a, b in zip(ts, ts[1:]))
        paced = ts[3:13]  # ticks 1-10 of the first run: on the 50 fps grid
        assert all((b - a) % 20000 == 0 for a, b in zip(paced, paced[1:]))
        wall = [t for _, _, _, t in rec.frames]
        assert abs((ts[-1] - ts[0]) / 1e6 - (wall[-1] - wall[0])) < 0.25  # the same clock
        await source.aclose()

    run(main)


def test_late_ticks_are_dropped_in_the_loop() -> None:
    async def main() -> None:
        source, rec = recording()
        calls = 0

        def produce() -> Optional[np.ndarray]:
            nonlocal calls
            calls += 1
            if calls == 5:
                time.sleep(0.23)  # a producer stuck for 4.6 ticks at 20 fps
            return random_frame("RGB24", seed=calls).reshape(H, W, 3)

        pub = lkfast.VideoPublisher(source, fps=20, producer=produce)
        pub.start()
        await asyncio.sleep(0.6)
        await pub.aclose()
        stats = pub.stats
        assert stats.late_ticks_dropped >= 4  # ticks 5-8 fell due while it was stuck
        assert stats.max_lateness_ms >= 200  # the tick whose producer was stuck
        ts = rec.timestamps
        steps = [(b - a) / 50_000 for a, b in zip(ts, ts[1:])]
        assert all(s == int(s) for s in steps)  # every timestamp on the 20 fps grid
        assert stats.late_ticks_dropped == sum(int(s) - 1 for s in steps)
        # No burst: every tick sent fell due after the previous capture.
        wall_us = [t * 1e6 for _, _, _, t in rec.frames]
        assert all(deadline > sent for deadline, sent in zip(ts[1:], wall_us))
        await source.aclose()

    run(main)


def test_a_static_frame_is_resent_at_the_rate() -> None:
    async def main() -> None:
        source, rec = recording()
        pub = lkfast.VideoPublisher(source, fps=25)
        pub.set_frame(random_frame("RGBA"), "RGBA")
        pub.start()
        await asyncio.sleep(0.5)
        await pub.aclose()
        n = len(rec.frames)
        assert 8 <= n <= 16  # 12.5 ticks in 0.5 s (a loaded machine drops some)
        assert len({f for f, _, _, _ in rec.frames}) == 1
        assert pub.stats.frames_repeated == n - 1 and pub.stats.frames_set == 1
        await source.aclose()

    run(main)


def colours(n: int) -> list[np.ndarray]:
    return [np.full((H, W, 3), (40 * k, 255 - 40 * k, 7), np.uint8) for k in range(n)]


def test_a_sync_iterator_is_asked_once_per_tick_and_its_last_frame_kept() -> None:
    async def main() -> None:
        source, rec = recording()
        frames = colours(3)
        pub = lkfast.VideoPublisher(source, fps=50, producer=iter(frames))
        pub.start()
        await asyncio.sleep(0.25)
        await pub.aclose()
        got = [f for f, _, _, _ in rec.frames]
        expected = [i420(f, "RGB24") for f in frames]
        assert got[:3] == expected and set(got[3:]) == {expected[2]} and len(got) > 5
        assert pub.stats.frames_set == 3

    run(main)


def test_an_async_producer_goes_out_at_the_next_tick() -> None:
    async def main() -> None:
        source, rec = recording()
        frames = colours(4)
        asked: list[float] = []

        async def produce() -> AsyncIterator[Any]:
            for k, frame in enumerate(frames):
                asked.append(time.monotonic())
                if k == 2:
                    await asyncio.sleep(0.07)  # slower than a 20 ms tick: 3 ticks pending
                yield (frame.tobytes(), "RGB24")
                if k == 0:
                    yield None  # nothing new for one tick

        pub = lkfast.VideoPublisher(source, fps=50, producer=produce())
        pub.start()
        await asyncio.sleep(0.4)
        await pub.aclose()
        got = [f for f, _, _, _ in rec.frames]
        expected = [i420(f, "RGB24") for f in frames]
        # Tick 0 has nothing yet; each answer goes out at the tick after it is asked; the
        # slow one leaves its predecessor re-sent meanwhile.
        order = [expected.index(f) for f in got]
        assert order[:4] == [0, 0, 1, 1] and order[-1] == 3
        assert order.count(1) >= 2 and order == sorted(order)
        assert len(asked) == 4  # never asked again while an answer was pending
        assert pub.stats.frames_set == 4

    run(main)


def test_a_coroutine_function_producer() -> None:
    async def main() -> None:
        source, rec = recording()
        count = 0

        async def produce() -> Optional[np.ndarray]:
            nonlocal count
            count += 1
            return colours(5)[count - 1] if count <= 5 else None

        async with lkfast.VideoPublisher(source, fps=100, producer=produce) as pub:
            pub.start()
            await asyncio.sleep(0.3)
        assert pub.stats.frames_set == 5 and len(rec.frames) >= 7
        assert rec.frames[-1][0] == i420(colours(5)[4], "RGB24")

    run(main)


def test_a_failing_producer_stops_the_loop_and_aclose_raises() -> None:
    async def main() -> None:
        source, rec = recording()

        def produce() -> np.ndarray:
            if len(rec.frames) == 3:
                raise KeyError("camera unplugged")
            return colours(1)[0]

        pub = lkfast.VideoPublisher(source, fps=100, producer=produce)
        task = pub.start()
        await asyncio.sleep(0.2)
        assert task.done() and not pub.running and len(rec.frames) == 3
        with pytest.raises(KeyError, match="camera unplugged"):
            await pub.aclose()
        await pub.aclose()  # once

        bad = lkfast.VideoPublisher(source, fps=100, producer=lambda: "not a frame")
        bad.start()
        await asyncio.sleep(0.05)
        with pytest.raises(TypeError, match="str"):
            await bad.aclose()

    run(main)


def test_one_publisher_per_source_and_closed_errors() -> None:
    async def main() -> None:
        source, _ = recording()
        pub = lkfast.VideoPublisher(source)
        with pytest.raises(RuntimeError, match="another VideoPublisher"):
            lkfast.VideoPublisher(source)
        with pytest.raises(RuntimeError, match="set_frame"):
            pub.send_now()
        pub.start()
        with pytest.raises(RuntimeError, match="already running"):
            pub.start()
        await pub.aclose()
        assert pub.closed and not pub.running
        for call in (lambda: pub.set_frame(colours(1)[0]), pub.send_now, pub.start):
            with pytest.raises(RuntimeError, match="closed"):
                call()
        again = lkfast.VideoPublisher(source)  # the source is free again
        again.set_frame(colours(1)[0])
        await source.aclose()
        with pytest.raises(RuntimeError, match="source is closed"):
            again.send_now()
        await again.aclose()

    run(main)


def test_a_dropped_publisher_frees_the_source() -> None:
    source = lkfast.make_video_source(W, H)
    pub = lkfast.VideoPublisher(source)
    with pytest.raises(RuntimeError, match="another VideoPublisher"):
        lkfast.VideoPublisher(source)
    del pub  # never closed: garbage, and no longer the source's writer
    gc.collect()
    run(lkfast.VideoPublisher(source).aclose)


def test_start_needs_a_running_loop() -> None:
    source = lkfast.make_video_source(W, H)
    pub = lkfast.VideoPublisher(source)
    with pytest.raises(RuntimeError, match="loop"):
        pub.start()
    run(pub.aclose)


def test_size_comes_from_make_video_source_or_the_arguments() -> None:
    async def main() -> None:
        made = lkfast.make_video_source(640, 360)
        pub = lkfast.VideoPublisher(made, Fraction(30000, 1001))
        assert (pub.width, pub.height, pub.fps) == (640, 360, Fraction(30000, 1001))
        await pub.aclose()
        plain = rtc.VideoSource(320, 240)
        with pytest.raises(TypeError, match="both"):
            lkfast.VideoPublisher(plain, width=320)
        pub = lkfast.VideoPublisher(plain, width=320, height=240)
        assert (pub.width, pub.height) == (320, 240)
        await pub.aclose()
        with pytest.raises(ValueError, match="640x360"):
            lkfast.VideoPublisher(made, width=320, height=240)
        for source in (made, plain):
            await source.aclose()

    run(main)


def test_a_plain_source_takes_the_size_of_the_first_frame() -> None:
    async def main() -> None:
        plain = rtc.VideoSource(W, H)
        pub = lkfast.VideoPublisher(plain, fps=10)
        assert (pub.width, pub.height) == (0, 0)
        with pytest.raises(ValueError, match="width= and height="):
            pub.set_frame(bytes(W * H * 4), "RGBA")  # a bare buffer says no size
        with pytest.raises(RuntimeError, match="set_frame"):
            pub.send_now()
        img = np.zeros((H + 10, W + 6, 3), np.uint8)
        img[..., 2] = 255  # red in BGR
        view = img[4:4 + H, 2:2 + W]
        pub.set_frame(view, "BGR24")
        assert (pub.width, pub.height) == (W, H)
        assert video_source_size(plain) == (W, H)
        pub.send_now()
        with pytest.raises(ValueError, match=f"{W}x{H}"):
            pub.set_frame(np.zeros((H, W + 2, 3), np.uint8))
        await pub.aclose()
        # The next publisher on the source knows its size.
        again = lkfast.VideoPublisher(plain)
        assert (again.width, again.height) == (W, H)
        await again.aclose()
        fitted = lkfast.VideoPublisher(rtc.VideoSource(8, 8), fit="letterbox")
        fitted.set_frame(bytes(6 * 4 * 4), "RGBA", width=6, height=4)
        fitted.set_frame(np.zeros((8, 8, 4), np.uint8))
        assert (fitted.width, fitted.height) == (6, 4)
        await fitted.aclose()
        await plain.aclose()

    run(main)


def bad_frames() -> list[tuple[Any, Any, type, str]]:
    rgb = np.zeros((H, W, 3), np.uint8)
    return [
        (np.zeros((H, W, 3), np.float32), None, TypeError, "uint8"),
        (np.zeros((H, W, 2), np.uint8), None, ValueError, r"\(h, w, 3\)"),
        (rgb, "RGBA", ValueError, "cannot hold RGBA"),
        (rgb, "I420", ValueError, "cannot hold I420"),
        (np.zeros((H + 2, W, 3), np.uint8), None, ValueError, "32x20 but the .* fit="),
        (np.zeros((0, W, 3), np.uint8), None, ValueError, "height"),
        (rgb.tobytes(), None, TypeError, "format="),
        (rgb.tobytes(), "RGBA", ValueError, "needs 2304 bytes"),
        (rgb.tobytes(), "YUYV", ValueError, "unknown format"),
        (rgb.tobytes(), 12, ValueError, "value 12"),
        ("frame", None, TypeError, "rtc.VideoFrame, a numpy array or a buffer"),
        (None, None, TypeError, "NoneType"),
        (object(), "RGBA", TypeError, "buffer"),
        (rtc.VideoFrame(W, H, rtc.VideoBufferType.RGBA, bytearray(W * H * 4)), "BGRA",
         ValueError, "holds RGBA"),
        (rtc.VideoFrame(W // 2, H, rtc.VideoBufferType.RGBA, bytearray(W * H * 2)), None,
         ValueError, "16x18"),
    ]


@pytest.mark.parametrize(("frame", "fmt", "exc", "words"), bad_frames())
def test_bad_frames_raise_clear_errors(frame: Any, fmt: Any, exc: type, words: str) -> None:
    async def main() -> None:
        source, rec = recording()
        async with lkfast.VideoPublisher(source) as pub:
            with pytest.raises(exc, match=words):
                pub.set_frame(frame, fmt)
            assert pub.stats.frames_set == 0 and pub.stats.pool_buffers <= 1
            pub.set_frame(np.zeros((H, W, 3), np.uint8))  # the pool slot was given back
            assert pub.stats.pool_buffers == 1
        await source.aclose()

    run(main)


def test_a_short_videoframe_is_refused() -> None:
    # LiveKit would read past the end of this buffer; lkfast checks its size first.
    async def main() -> None:
        source, rec = recording()
        short = rtc.VideoFrame(W, H, rtc.VideoBufferType.I420, bytearray(10))
        async with lkfast.VideoPublisher(source) as pub:
            with pytest.raises(ValueError, match="frame holds 10 bytes"):
                pub.set_frame(short)
        assert not rec.frames
        await source.aclose()

    run(main)


@pytest.mark.parametrize(("kwargs", "exc", "words"), [
    ({"fps": 0}, ValueError, "fps"),
    ({"fps": "10"}, TypeError, "fps"),
    ({"producer": 42}, TypeError, "producer"),
    ({"width": 0, "height": 10}, ValueError, "width"),
    ({"width": 10.0, "height": 10}, TypeError, "width"),
    ({"fit": "zoom"}, ValueError, "unknown fit"),
    ({"background": (0, 0)}, ValueError, "rgba"),
    ({"buffer_type": "NV12"}, ValueError, "buffer_type=NV12 cannot be published: LiveKit"),
    ({"buffer_type": "I010"}, ValueError, "buffer_type=I010 cannot be published: LiveKit"),
    ({"buffer_type": 99}, ValueError, "buffer_type"),
])
def test_bad_arguments(kwargs: dict[str, Any], exc: type, words: str) -> None:
    source = rtc.VideoSource(10, 10)
    args = {"width": 10, "height": 10, **kwargs}
    with pytest.raises(exc, match=words):
        lkfast.VideoPublisher(source, **args)
    with pytest.raises(TypeError, match="rtc.VideoSource"):
        lkfast.VideoPublisher(object())  # type: ignore[arg-type]


def test_a_generator_function_is_not_a_producer() -> None:
    def frames() -> Iterator[np.ndarray]:
        yield from colours(2)

    source = lkfast.make_video_source(W, H)
    with pytest.raises(TypeError, match=r"producer=frames\(\)"):
        lkfast.VideoPublisher(source, producer=frames)
    pub = lkfast.VideoPublisher(source, producer=frames())
    run(pub.aclose)


def test_set_frame_from_threads_while_sending() -> None:
    # Frames converted in other threads while the loop captures: every capture is one whole
    # frame (never a torn mix), and the pool stays small.
    import threading

    async def main() -> None:
        w, h = 320, 240
        source, rec = recording(w, h)
        solid = [np.full((h, w, 4), (60 * k, 0, 255 - 60 * k, 255), np.uint8) for k in range(4)]
        expected = {i420(f, "RGBA", w, h) for f in solid}
        pub = lkfast.VideoPublisher(source, fps=200)
        pub.set_frame(solid[0])
        stop = threading.Event()

        def writer(k: int) -> None:
            while not stop.is_set():
                pub.set_frame(solid[k])

        threads = [threading.Thread(target=writer, args=(k,)) for k in (1, 2, 3)]
        for t in threads:
            t.start()
        pub.start()
        await asyncio.sleep(0.3)
        stop.set()
        for t in threads:
            t.join()
        await pub.aclose()
        assert {f for f, _, _, _ in rec.frames} <= expected and len(rec.frames) > 5
        assert pub.stats.pool_buffers <= 5  # sent, current, one per writer

    run(main)

