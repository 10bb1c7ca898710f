"""VideoPublisher: frames into an ``rtc.VideoSource`` at a steady rate, re-sent for late joiners.

LiveKit's ``VideoSource.capture_frame`` is synchronous and keeps no frame: a participant who
joins later (or an encoder recovering from loss) sees nothing until the next capture, so even a
static image must be captured continuously. This module keeps the current frame and captures it
on absolute deadlines (:mod:`lkfast.video.pacing`), with strictly increasing timestamps.

Frames are converted by lkfast, whatever their format, into pooled buffers of the publish type
(``buffer_type``, I420 by default): a re-send then costs an I420 capture (0.1-0.2 ms at
1920x1080) where LiveKit converts RGBA in every ``capture_frame`` (0.4-0.6 ms). What LiveKit
does with each type: :mod:`lkfast.video.publish_types`.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from fractions import Fraction
from typing import Any, Optional, cast

from livekit import rtc

from lkfast.video.args import check_rgba, frame_bytes
from lkfast.video.formats import FormatLike
from lkfast.video.frames import FrameLike, frame_source
from lkfast.video.pacing import NS_PER_S, Pacer, Rate, check_fps
from lkfast.video.producers import Asker, Produced, Producer, check_producer
from lkfast.video.publish_types import FitOption, FrameSlot, FrameWriter, capture_type, make_writer
from lkfast.video.publisher_stats import PublisherCounters, VideoPublisherStats
from lkfast.video.scaling import FITS, Colour
from lkfast.video.sources import publisher_size, video_source_state


class _Run:
    """One ``start()``: its pacer, its task and the producer request in flight."""

    __slots__ = ("pacer", "task", "request")

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer
        self.task: Optional[asyncio.Task[None]] = None
        self.request: Optional[asyncio.Future[Any]] = None


class VideoPublisher:
    """Publishes frames into an ``rtc.VideoSource`` at ``fps``, re-sending the last one.

    ``set_frame()`` replaces the current frame (any lkfast format, converted at once to the
    publish type into a pooled buffer, so the caller may reuse its own); ``start()`` captures
    the current frame on every tick, on absolute deadlines of a monotonic clock, until ``stop()`` or
    ``aclose()``. **When nothing new arrives, the last frame is re-sent at the configured rate**:
    LiveKit keeps no frame, and participants who join later see only what is captured after
    they join. A loop that falls behind drops the ticks it missed (counted in ``stats``)
    instead of sending a burst. Each capture carries ``timestamp_us``, strictly increasing:
    the tick's deadline in microseconds of ``time.monotonic_ns`` (LiveKit re-bases it to its
    own clock on receipt).

    A producer can feed the publisher instead of (or as well as) ``set_frame``: it is asked
    once per tick (:mod:`lkfast.video.producers`: a callable, async callable, iterator or
    async iterator answering a frame, ``(buffer, format)`` or None). An exhausted producer
    leaves the last frame being re-sent; one that raises stops the loop, and ``aclose()``
    raises its exception.

    Frames must have the publisher's size, unless ``fit`` says how to scale them (lkfast's
    area-average / bilinear scaler, :func:`lkfast.scale_i420`).

    ``set_frame`` may be called from any thread; everything else belongs to the event loop.
    One publisher per source at a time.

    Args:
        source: the source to capture into.
        fps: frames per second, 1/3600 to 1000 (LiveKit's example sends a static image at 10).
        width, height: the frames' size in pixels. Default: the source's size, which lkfast
            knows when :func:`lkfast.make_video_source` made the source; for a plain
            ``rtc.VideoSource`` (LiveKit does not report its size) the size of the first frame
            given to :meth:`set_frame` (``width``/``height`` are 0 until then).
        producer: optional frame producer (see above).
        fit: what to do with a frame of another size: ``"error"`` (the default: ValueError),
            ``"stretch"`` (scale to the whole frame), ``"letterbox"`` (scale to fit, keeping
            the aspect ratio, bars of ``background``) or ``"crop"`` (scale to cover, keeping
            the aspect ratio, cutting the overflow).
        background: the letterbox bars' colour, ``(r, g, b)`` 0-255.
        buffer_type: the type captured, a name or ``rtc.VideoBufferType``: ``"I420"``
            (default), ``"I420A"`` (LiveKit drops alpha), ``"I422"``, ``"I444"`` (delivered as
            themselves), ``"RGBA"``, ``"BGRA"``, ``"ARGB"``, ``"ABGR"``, ``"RGB24"`` (LiveKit
            converts them to I420 at every capture); I010 and NV12 raise ValueError.

    Raises:
        TypeError, ValueError: a bad argument. RuntimeError: another open publisher uses the source.
    """

    def __init__(self, source: rtc.VideoSource, fps: Rate = 10, *,
                 width: Optional[int] = None, height: Optional[int] = None,
                 producer: Optional[Producer] = None, fit: FitOption = "error",
                 background: Colour = (0, 0, 0), buffer_type: FormatLike = "I420") -> None:
        if not isinstance(source, rtc.VideoSource):
            raise TypeError(f"source must be an rtc.VideoSource, got {type(source).__name__}")
        self._fps = check_fps(fps)
        state = video_source_state(source)
        size = publisher_size(state, width, height)
        check_producer(producer)
        if fit != "error" and fit not in FITS:
            raise ValueError(f"unknown fit {fit!r}; known: error, {', '.join(FITS)}")
        colour = check_rgba(background)
        self._type = capture_type(buffer_type)
        other = state.publisher() if state.publisher is not None else None
        if other is not None and not other.closed:
            raise RuntimeError("another VideoPublisher is open on this source (one writer at a "
                               "time): aclose() it first")
        if size is not None:
            state.size = size
        state.publisher = weakref.ref(self)  # weak: a dropped publisher frees the source
        self._state = state
        self._source = source
        self._width, self._height = size if size is not None else (0, 0)
        self._asker = Asker(producer)
        self._fit, self._background = fit, colour
        self._writer = None if size is None else make_writer(self._type, size, fit, colour)
        self._clock = time.monotonic_ns
        self._owner = threading.get_ident()  # the event loop's thread (start() updates it)
        # Frames: the current one, the one being captured, spares. Guarded by _lock.
        self._lock = threading.Lock()
        self._free: list[FrameSlot] = []
        self._current: Optional[FrameSlot] = None
        self._sending: Optional[FrameSlot] = None
        self._fresh = False  # the current frame has not been sent yet
        self._run: Optional[_Run] = None
        self._task: Optional[asyncio.Task[None]] = None  # the latest run's, until aclose()
        self._closed = False
        self._last_ts = -1
        self._counts = PublisherCounters()

    # -- properties ----------------------------------------------------------------------

    @property
    def source(self) -> rtc.VideoSource:
        """The source captured into."""
        return self._source

    @property
    def fps(self) -> Fraction:
        """Frames per second, as an exact fraction."""
        return self._fps

    @property
    def width(self) -> int:
        """Width of the published frames, pixels (0 until known, see the constructor)."""
        return self._width

    @property
    def height(self) -> int:
        """Height of the published frames, pixels (0 until known, see the constructor)."""
        return self._height

    @property
    def buffer_type(self) -> str:
        """The type captured into the source (``buffer_type``), e.g. ``"I420"``."""
        return self._type

    @property
    def running(self) -> bool:
        """True while the paced loop runs."""
        run = self._run
        return run is not None and run.task is not None and not run.task.done()

    @property
    def closed(self) -> bool:
        """True once ``aclose()`` was called."""
        return self._closed

    @property
    def stats(self) -> VideoPublisherStats:
        """Counters and timings so far (a snapshot)."""
        with self._lock:
            return self._counts.snapshot()

    # -- frames ----------------------------------------------------------------------------

    def set_frame(self, frame: FrameLike, format: Optional[FormatLike] = None, *,
                  width: Optional[int] = None, height: Optional[int] = None) -> None:
        """Make ``frame`` the frame to publish from now on (converted at once to the publish
        type).

        The frame's pixels are read during the call only: the caller may reuse its buffer.
        Alpha is kept where the publish type has it (255 from a frame without alpha, and from
        a scaled ``fit``). Safe to call from any thread.

        Args:
            frame: an ``rtc.VideoFrame``; a uint8 numpy array of shape ``(h, w, 3)`` (taken as
                RGB24) or ``(h, w, 4)`` (taken as RGBA) unless ``format`` says otherwise
                (e.g. ``"BGR24"`` for OpenCV images; non-contiguous views are copied first);
                or any C-contiguous buffer (bytes, bytearray, memoryview, flat array) holding
                one frame of ``format``.
            format: the frame's format, a name or ``rtc.VideoBufferType`` value (any of the
                twelve: LiveKit's eleven types and BGR24); required for plain buffers.
            width, height: pixels of a plain buffer (default: the publisher's size).

        Raises:
            TypeError: an unsupported kind of frame, wrong dtype, or a missing format.
            ValueError: a frame whose size differs from the publisher's, or whose byte count
                does not match its format and size. RuntimeError: the publisher is closed.
        """
        if self._closed:
            raise RuntimeError("VideoPublisher is closed")
        if self._width == 0:
            self._take_size(frame, format, width, height)
        src, w, h, fmt = frame_source(frame, format, width, height, (self._width, self._height))
        writer = cast(FrameWriter, self._writer)
        resize = writer.resizes(w, h)
        view = frame_bytes(src, "frame", fmt, w, h, False)
        # The loop's thread (where captures run) overwrites the current frame in place, warm in
        # cache (0.1 ms less per 1280x720 frame); other threads fill a spare and swap it in.
        with self._lock:
            slot = self._current if threading.get_ident() == self._owner else None
            in_place = slot is not None and slot is not self._sending
        if slot is None or not in_place:
            slot = self._acquire()
        start = time.thread_time()
        try:
            writer.write(view, w, h, fmt, slot.array, resize)
        except BaseException:
            if not in_place:
                with self._lock:
                    self._free.append(slot)
            raise
        spent = time.thread_time() - start
        with self._lock:
            old, self._current = self._current, slot
            self._fresh = True
            self._counts.set += 1
            self._counts.cpu_s += spent
            if old is not None and old is not slot and old is not self._sending:
                self._free.append(old)

    def _take_size(self, frame: FrameLike, format: Optional[FormatLike],
                   width: Optional[int], height: Optional[int]) -> None:
        """Adopt the first frame's size (a plain ``rtc.VideoSource`` of unknown size)."""
        _, w, h, _ = frame_source(frame, format, width, height, (0, 0))
        if w == 0:  # a plain buffer without width/height
            raise ValueError("the source's size is unknown (LiveKit does not report it): pass "
                             "width= and height= with this buffer or to the publisher")
        with self._lock:
            if self._width != 0:
                return
            if self._state.size is not None:  # another publisher learnt it meanwhile
                w, h = self._state.size
            self._state.size = (w, h)
            self._writer = make_writer(self._type, (w, h), self._fit, self._background)
            self._width, self._height = w, h

    def _acquire(self) -> FrameSlot:
        with self._lock:
            if self._free:
                return self._free.pop()
            self._counts.buffers += 1
        return FrameSlot(self._width, self._height, self._type)

    # -- sending ---------------------------------------------------------------------------

    def send_now(self) -> int:
        """Capture the current frame at once, for producers that pace themselves.

        Returns:
            The frame's ``timestamp_us`` (``time.monotonic_ns() // 1000``, or one more than the
            previous timestamp if that is not later).

        Raises:
            RuntimeError: no frame was set yet, the publisher or the source is closed.
        """
        if self._closed:
            raise RuntimeError("VideoPublisher is closed")
        return self._capture(self._clock() // 1000)

    def _capture(self, timestamp_us: int) -> int:
        if getattr(getattr(self._source, "_ffi_handle", None), "disposed", False):
            raise RuntimeError("the source is closed")
        timestamp_us = max(timestamp_us, self._last_ts + 1)
        with self._lock:
            slot = self._current
            if slot is None:
                raise RuntimeError("no frame to send yet: call set_frame() first")
            self._sending = slot
            fresh, self._fresh = self._fresh, False
        start = time.thread_time()
        try:
            self._source.capture_frame(slot.frame, timestamp_us=timestamp_us)
        finally:
            spent = time.thread_time() - start
            with self._lock:
                self._sending = None
                if slot is not self._current:
                    self._free.append(slot)
                self._counts.cpu_s += spent
        with self._lock:
            self._counts.sent += 1
            if not fresh:
                self._counts.repeated += 1
        self._last_ts = timestamp_us
        return timestamp_us

    # -- the paced loop --------------------------------------------------------------------

    def start(self) -> asyncio.Task[None]:
        """Start capturing on every tick, in a task of the running event loop.

        The first tick is due at once. Returns the task (it ends with the producer's
        exception if the producer raises).

        Raises:
            RuntimeError: already running, closed, or no running event loop.
        """
        if self._closed:
            raise RuntimeError("VideoPublisher is closed")
        if self.running:
            raise RuntimeError("VideoPublisher is already running")
        loop = asyncio.get_running_loop()
        self._owner = threading.get_ident()
        run = _Run(Pacer(self._fps, clock=self._clock))
        run.task = self._task = loop.create_task(self._loop(run))
        self._run = run
        return run.task

    def stop(self) -> None:
        """Stop the paced loop (at its next await); the current frame is kept.

        A request to an asynchronous producer still pending is cancelled (an async generator
        is then finished by the cancellation).
        """
        run, self._run = self._run, None
        if run is None:
            return
        if run.task is not None:
            run.task.cancel()
        if run.request is not None:
            run.request.cancel()

    async def aclose(self) -> None:
        """Stop, wait for the loop to end and release the source for another publisher.

        Raises:
            The exception that stopped the loop (a failing producer), if any, once.
        """
        if self._closed:
            return
        self._closed = True
        self.stop()
        task, self._task = self._task, None
        if task is not None:
            await asyncio.wait({task})
        if self._state.publisher is not None and self._state.publisher() is self:
            self._state.publisher = None
        with self._lock:
            self._free.clear()
        if task is not None and not task.cancelled() and task.exception() is not None:
            raise cast(BaseException, task.exception())

    async def __aenter__(self) -> VideoPublisher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (f"VideoPublisher({self._width}x{self._height}, {self._type}, fps={self._fps}, "
                f"running={self.running})")

    async def _loop(self, run: _Run) -> None:
        pacer = run.pacer
        try:
            while True:
                wait = pacer.wait_ns()
                if wait > 0:
                    await asyncio.sleep(wait / NS_PER_S)
                    continue
                tick = pacer.poll()
                if tick is None:
                    continue
                run.request = self._asker.take(run.request, self.set_frame)
                if run.request is None:
                    run.request = self._asker.ask(self.set_frame)
                with self._lock:
                    self._counts.dropped += tick.dropped
                    ready = self._current is not None
                if not ready:
                    continue
                timestamp = tick.deadline_ns // 1000
                lateness = max(0, self._clock() - tick.deadline_ns)
                self._capture(timestamp)
                late = pacer.skip_due()  # ticks that fell due during a slow tick: no burst
                with self._lock:
                    self._counts.paced_send(lateness, late)
        finally:
            if run.request is not None:
                run.request.cancel()


__all__ = ["FitOption", "FrameLike", "Produced", "Producer", "VideoPublisher",
           "VideoPublisherStats"]
