"""Video publishing and receiving cases, all timed in process CPU seconds.

* CPU per second of 1280x720 video published at 30 fps into a local track: LiveKit's docs
  recipe (a pure-Python fill of a bytearray labelled RGBA, one ``capture_frame`` each frame),
  the same with a numpy fill, and ``VideoPublisher`` (a static frame re-sent, and a new frame
  drawn with ``lkfast.fill`` every tick). Each call lasts until 30 more frames are captured.
* CPU per received 1920x1080 I420 frame turned into a BGR24 array: lkfast (what
  ``video_arrays`` does) against LiveKit's ``convert(RGB24)`` plus OpenCV's ``cvtColor`` (when
  cv2 is installed) or a numpy channel flip.
* CPU per 1920x1080 frame captured, the choice ``VideoPublisher`` makes per format: LiveKit's
  ``capture_frame`` of the format as it is (LiveKit converts to I420 inside, on every capture),
  the same after a copy into a buffer of one's own (a publisher that may re-send the frame
  after the caller reused its buffer needs one), and lkfast's conversion into a pooled I420
  buffer plus an I420 capture; and per re-send of a frame.

* ``scale_i420`` (what ``VideoPublisher(fit=...)`` runs on frames of another size): lkfast
  against OpenCV's ``resize`` of the three planes (``INTER_AREA`` shrinking, ``INTER_LINEAR``
  enlarging; one thread) and the pure-Python reference.

The groups in :data:`CPU_GROUPS` are timed with ``time.process_time``, which counts every thread
of the process, LiveKit's native ones and lkfast's conversion threads included; the scaling
groups in wall time.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import itertools
import time
import weakref
from typing import Any, Callable, cast

import numpy as np
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.bench._case import Case
from lkfast.video.formats import buffer_type, frame_size
from lkfast.video.streams import VideoArrays

WIDTH, HEIGHT, FPS = 1280, 720, 30
BIG_W, BIG_H = 1920, 1080
PUBLISH_GROUP = f"CPU s per second of {WIDTH}x{HEIGHT} video published at {FPS} fps"
RECEIVE_GROUP = f"CPU per received {BIG_W}x{BIG_H} I420 frame -> BGR24 array"
RESEND_GROUP = f"CPU per re-send of a {BIG_W}x{BIG_H} frame"
#: Formats and sizes of the capture-cost groups.
CAPTURES = [("RGBA", WIDTH, HEIGHT)] + [(fmt, BIG_W, BIG_H) for fmt in
                                       ("RGBA", "BGRA", "RGB24", "I420", "NV12")]


def capture_group(fmt: str, width: int, height: int) -> str:
    return f"CPU per new {width}x{height} {fmt} frame captured"


#: Groups timed with ``time.process_time`` (all of this family's).
CPU_GROUPS = frozenset([PUBLISH_GROUP, RECEIVE_GROUP, RESEND_GROUP]
                       + [capture_group(*c) for c in CAPTURES])
#: The docs' colour, ARGB bytes of opaque red, written into a buffer labelled RGBA (their bug,
#: kept: the cost is what is measured).
DOCS_COLOR = [255, 255, 0, 0]
RGBA_COLOUR = (255, 128, 0, 255)


def _cv2() -> Any:
    try:
        return importlib.import_module("cv2")
    except ImportError:
        return None


# --- CPU per second of publishing ------------------------------------------------------------

class _CaptureCounter:
    """Stands in for a source's ``capture_frame``: calls it and counts, and wakes whoever waits
    for a number of captures."""

    def __init__(self, source: rtc.VideoSource) -> None:
        self.count = 0
        self.target = 0
        self.reached: asyncio.Event = asyncio.Event()
        self._capture = source.capture_frame
        source.capture_frame = self  # type: ignore[method-assign]

    def __call__(self, frame: rtc.VideoFrame, **kwargs: Any) -> None:
        self._capture(frame, **kwargs)
        self.count += 1
        if self.count >= self.target:
            self.reached.set()

    async def wait_for(self, frames: int) -> None:
        self.target = self.count + frames
        self.reached.clear()
        await self.reached.wait()


async def docs_recipe(source: rtc.VideoSource) -> None:
    """LiveKit's documented loop at 1280x720, 30 fps: a pure-Python fill, one capture each."""
    argb_frame = bytearray(WIDTH * HEIGHT * 4)
    while True:
        await asyncio.sleep(1 / FPS)
        argb_frame[:] = DOCS_COLOR * WIDTH * HEIGHT  # type: ignore[assignment]
        frame = rtc.VideoFrame(WIDTH, HEIGHT, rtc.VideoBufferType.RGBA, argb_frame)
        source.capture_frame(frame)


async def numpy_recipe(source: rtc.VideoSource) -> None:
    """The docs' loop with the fill done by numpy."""
    data = bytearray(WIDTH * HEIGHT * 4)
    pixels = np.frombuffer(data, np.uint8).reshape(HEIGHT, WIDTH, 4)
    while True:
        await asyncio.sleep(1 / FPS)
        pixels[:] = RGBA_COLOUR
        source.capture_frame(rtc.VideoFrame(WIDTH, HEIGHT, rtc.VideoBufferType.RGBA, data))


def _new_frames() -> Callable[[], np.ndarray]:
    """A producer that draws a new frame every tick (another colour) with ``lkfast.fill``."""
    pixels = np.empty((HEIGHT, WIDTH, 4), np.uint8)
    shades = itertools.cycle(range(256))

    def produce() -> np.ndarray:
        lkfast.fill(pixels, WIDTH, HEIGHT, "RGBA", (next(shades), 128, 0))
        return pixels

    return produce


class PublishingVideo:
    """One 1280x720 stream published at 30 fps into a local track, on a private event loop.

    Calling it runs the loop until 30 more frames were captured: one second of video. Between
    calls the producer pauses. Closed by ``close()`` or when collected.
    """

    def __init__(self, impl: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._state: dict[str, Any] = {}
        self._loop.run_until_complete(self._start(impl))
        self._finalizer = weakref.finalize(self, PublishingVideo._stop, self._loop, self._state)

    async def _start(self, impl: str) -> None:
        source = lkfast.make_video_source(WIDTH, HEIGHT)
        track = rtc.LocalVideoTrack.create_video_track("bench", source)
        counter = _CaptureCounter(source)
        self._state.update(source=source, track=track, counter=counter, task=None,
                           publisher=None)
        if impl == "pure-python":
            self._state["task"] = asyncio.ensure_future(docs_recipe(source))
        elif impl == "numpy":
            self._state["task"] = asyncio.ensure_future(numpy_recipe(source))
        else:
            producer = _new_frames() if impl == "lkfast-new-frames" else None
            publisher = lkfast.VideoPublisher(source, FPS, producer=producer)
            if producer is None:
                frame = lkfast.solid_frame(WIDTH, HEIGHT, RGBA_COLOUR, "RGBA")
                publisher.set_frame(frame.data, "RGBA")  # one static image
            publisher.start()
            self._state["publisher"] = publisher
        await counter.wait_for(3)  # steady state

    def __call__(self) -> None:
        self._loop.run_until_complete(self._state["counter"].wait_for(FPS))

    def close(self) -> None:
        self._finalizer()

    @staticmethod
    def _stop(loop: asyncio.AbstractEventLoop, state: dict[str, Any]) -> None:
        async def stop() -> None:
            if state.get("task") is not None:
                state["task"].cancel()
                await asyncio.gather(state["task"], return_exceptions=True)
            if state.get("publisher") is not None:
                await state["publisher"].aclose()
            if state.get("source") is not None:
                await state["source"].aclose()

        try:
            loop.run_until_complete(stop())
        finally:
            loop.close()


# --- receiving -------------------------------------------------------------------------------

def _i420_frame(width: int, height: int) -> rtc.VideoFrame:
    """A camera-like I420 frame: gradients, not noise."""
    rgb = np.empty((height, width, 3), np.uint8)
    rgb[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    rgb[..., 1] = np.linspace(0, 255, height, dtype=np.uint8)[:, None]
    rgb[..., 2] = 96
    data = bytearray(frame_size("I420", width, height))
    lkfast.convert(rgb, width, height, "RGB24", "I420", out=data)
    return rtc.VideoFrame(width, height, rtc.VideoBufferType.I420, data)


def _receive(impl: str) -> Callable[[], object]:
    frame = _i420_frame(BIG_W, BIG_H)
    event = rtc.VideoFrameEvent(frame, 0, cast(Any, rtc.VideoRotation.VIDEO_ROTATION_0))
    rgb24: Any = buffer_type("RGB24")
    if impl == "lkfast":  # video_arrays' default: a new array per frame, automatic threads
        arrays = VideoArrays(None, "BGR24", False, False, "bt601", False, None)
        return lambda: arrays._to_array(event)
    if impl == "lkfast-1t-reuse":  # video_arrays(reuse=True, threads=1)
        reused = VideoArrays(None, "BGR24", False, True, "bt601", False, 1)
        return lambda: reused._to_array(event)
    if impl == "livekit+opencv":
        cv2 = _cv2()

        def opencv_recipe() -> object:
            rgb = np.frombuffer(frame.convert(rgb24).data, np.uint8).reshape(BIG_H, BIG_W, 3)
            return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)

        return opencv_recipe

    def numpy_flip() -> object:  # "livekit+numpy"
        rgb = np.frombuffer(frame.convert(rgb24).data, np.uint8).reshape(BIG_H, BIG_W, 3)
        return np.ascontiguousarray(rgb[..., ::-1])

    return numpy_flip


# --- what a capture costs, per format --------------------------------------------------------

def _capture(impl: str, fmt: str, width: int, height: int,
             resend: bool = False) -> Callable[[], object]:
    source = lkfast.make_video_source(width, height)
    track = rtc.LocalVideoTrack.create_video_track("bench", source)
    yuv = np.frombuffer(bytearray(_i420_frame(width, height).data), np.uint8)
    data = bytearray(frame_size(fmt, width, height))
    lkfast.convert(yuv, width, height, "I420", fmt, out=data)
    frame = rtc.VideoFrame(width, height, cast(Any, buffer_type(fmt)), data)
    stamps = itertools.count(1, 33_333)
    if impl == "livekit":
        def capture() -> None:
            source.capture_frame(frame, timestamp_us=next(stamps))
            _ = track  # kept alive with the source

        return capture
    if impl == "livekit+copy":  # what a publisher keeping its own copy would do without lkfast
        copy = bytearray(len(data))
        copy_frame = rtc.VideoFrame(width, height, cast(Any, buffer_type(fmt)), copy)

        def copy_and_capture() -> None:
            copy[:] = data
            source.capture_frame(copy_frame, timestamp_us=next(stamps))
            _ = track

        return copy_and_capture
    publisher = lkfast.VideoPublisher(source)
    # Timestamps 33 ms apart, as for the LiveKit cases above: LiveKit's capture costs about
    # twice as much CPU when consecutive timestamps are closer than a frame interval, which a
    # timing loop's real clock would make them.
    ticks = itertools.count(time.monotonic_ns(), 33_333_000)
    publisher._clock = lambda: next(ticks)
    if resend:
        publisher.set_frame(frame)
        return publisher.send_now

    def set_and_send() -> None:
        publisher.set_frame(frame)
        publisher.send_now()
        _ = track

    return set_and_send


# --- scaling ---------------------------------------------------------------------------------

#: (source size, destination size) of the scaling groups; the first is small enough for the
#: pure-Python reference.
SCALES = [((640, 480), (320, 240)), ((BIG_W, BIG_H), (WIDTH, HEIGHT)),
          ((WIDTH, HEIGHT), (BIG_W, BIG_H))]


def scale_group(src: tuple[int, int], dst: tuple[int, int]) -> str:
    kind = "area average" if dst[0] < src[0] else "bilinear"
    return f"scale_i420 {src[0]}x{src[1]} -> {dst[0]}x{dst[1]} ({kind})"


def _scale(impl: str, src: tuple[int, int], dst: tuple[int, int]) -> Callable[[], object]:
    (w, h), (dw, dh) = src, dst
    frame = np.frombuffer(bytearray(_i420_frame(w, h).data), np.uint8)
    out = np.empty(frame_size("I420", dw, dh), np.uint8)
    if impl == "lkfast":
        return lambda: lkfast.scale_i420(frame, w, h, dw, dh, out=out)
    if impl == "pure-python":
        raw = frame.tobytes()
        return lambda: lkfast.reference.scale_i420(raw, w, h, dw, dh)
    cv2 = _cv2()
    shrink = dw < w
    interpolation = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
    cw, ch, dcw, dch = (w + 1) // 2, (h + 1) // 2, (dw + 1) // 2, (dh + 1) // 2
    planes = [frame[: w * h].reshape(h, w), frame[w * h : w * h + cw * ch].reshape(ch, cw),
              frame[w * h + cw * ch :].reshape(ch, cw)]
    targets = [out[: dw * dh].reshape(dh, dw), out[dw * dh : dw * dh + dcw * dch].reshape(dch, dcw),
               out[dw * dh + dcw * dch :].reshape(dch, dcw)]

    def opencv() -> None:
        cv2.setNumThreads(1)
        for plane, target in zip(planes, targets):
            cv2.resize(plane, (target.shape[1], target.shape[0]), dst=target,
                       interpolation=interpolation)

    return opencv


def cases() -> list[Case]:
    result = []
    note = "CPU s for 30 frames (1 s of video); "
    for impl, what in (
        ("pure-python", "LiveKit docs recipe: pure-Python fill of an RGBA bytearray, "
                        "capture_frame"),
        ("numpy", "the same with a numpy fill"),
        ("lkfast", "VideoPublisher re-sending a static frame"),
        ("lkfast-new-frames", "VideoPublisher, a new frame drawn by lkfast.fill every tick"),
    ):
        result.append(Case(PUBLISH_GROUP, impl, functools.partial(PublishingVideo, impl),
                           "publish", quick=False, note=note + what))
    impls = ["lkfast", "lkfast-1t-reuse"]
    impls += ["livekit+opencv"] if _cv2() is not None else []
    impls += ["livekit+numpy"]
    for impl in impls:
        result.append(Case(RECEIVE_GROUP, impl, functools.partial(_receive, impl), "publish",
                           BIG_W * BIG_H * 3))
    for fmt, width, height in CAPTURES:
        for impl, what in (
            ("livekit", f"capture_frame({fmt}): LiveKit converts to I420 inside, reads the "
                        "caller's buffer" + (" (aborts the process once a stream reads it)"
                                             if fmt == "NV12" else "")),
            ("livekit+copy", f"copy into an own buffer + capture_frame({fmt})"),
            ("lkfast", "set_frame (lkfast -> pooled I420) + send_now"),
        ):
            result.append(Case(capture_group(fmt, width, height), impl,
                               functools.partial(_capture, impl, fmt, width, height), "publish",
                               quick=fmt == "RGBA", note=what))
    for impl, what in (("livekit", "capture_frame(RGBA) again"),
                       ("lkfast", "send_now: I420 converted once")):
        result.append(Case(RESEND_GROUP, impl,
                           functools.partial(_capture, impl, "RGBA", BIG_W, BIG_H, True),
                           "publish", note=what))
    for src, dst in SCALES:
        impls = ["lkfast"] + (["opencv-1t"] if _cv2() is not None else [])
        impls += ["pure-python"] if src[0] <= 640 else []
        for impl in impls:
            result.append(Case(scale_group(src, dst), impl,
                               functools.partial(_scale, impl, src, dst), "publish",
                               frame_size("I420", *dst),
                               quick=impl != "pure-python" and src == (BIG_W, BIG_H)))
    return result
