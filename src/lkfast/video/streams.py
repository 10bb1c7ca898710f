"""Received video as numpy arrays: ``rtc.VideoStream`` frames to ``(h, w, c)`` uint8 arrays.

LiveKit's ``VideoStream`` queues every decoded frame it receives, without bound (its default
capacity is 0, unlimited): a consumer slower than the sender grows memory by one frame per
frame it falls behind, for as long as it runs. ``video_arrays(..., latest_only=True)`` drains
the stream in its own task and keeps only the newest frame; frames are converted only when
the consumer takes them, so the ones skipped cost no conversion.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, Optional

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast.video.args import check_threads
from lkfast.video.conversion import convert
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    FormatLike,
    FormatName,
    MatrixName,
    byte_size,
    matrix_code,
    parse_format,
)

#: One item: the frame as an array and LiveKit's ``timestamp_us`` for it.
VideoArray = tuple[npt.NDArray[np.uint8], int]


class _Mailbox:
    """Frames taken off a stream by the draining task: the newest one, and counts.

    Shared by a :class:`VideoArrays` and its task; the task holds no reference to the
    iterator, so dropping the iterator lets its finaliser close the stream.
    """

    __slots__ = ("latest", "arrived", "ended", "error", "received", "dropped")

    def __init__(self) -> None:
        self.latest: Optional[Any] = None
        self.arrived = asyncio.Event()
        self.ended = False
        self.error: Optional[BaseException] = None
        self.received = 0
        self.dropped = 0


async def _drain(stream: Any, box: _Mailbox) -> None:
    """Take every frame off ``stream`` as it comes, keeping only the newest."""
    try:
        async for item in stream:
            box.received += 1
            if box.latest is not None:
                box.dropped += 1
            box.latest = item
            box.arrived.set()
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        box.error = exc
    finally:
        box.ended = True
        box.arrived.set()


class VideoArrays:
    """Async iterator of ``(array, timestamp_us)`` over a video stream; see :func:`video_arrays`.
    """

    def __init__(self, stream: Any, fmt: FormatName, latest_only: bool, reuse: bool,
                 matrix: MatrixName, full_range: bool, threads: Optional[int]) -> None:
        self._stream = stream
        self._format = fmt
        self._latest_only = latest_only
        self._reuse = reuse
        self._matrix = matrix
        self._full_range = full_range
        self._threads = threads
        self._out: Optional[npt.NDArray[np.uint8]] = None
        self._iterator: Optional[AsyncIterator[Any]] = None
        self._box: Optional[_Mailbox] = None  # latest_only: made in the loop, at first use
        self._pump: Optional[asyncio.Task[None]] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._closed = False
        self._received = 0

    @property
    def format(self) -> FormatName:
        """The arrays' pixel format."""
        return self._format

    @property
    def received(self) -> int:
        """Frames taken from the stream so far."""
        return self._received if self._box is None else self._box.received

    @property
    def dropped(self) -> int:
        """Frames skipped because a newer one arrived before the consumer asked
        (``latest_only``)."""
        return 0 if self._box is None else self._box.dropped

    @property
    def pending(self) -> int:
        """Frames received but not handed out yet: 0 or 1 with ``latest_only`` (LiveKit's
        own queue is drained as frames arrive)."""
        return 0 if self._box is None else int(self._box.latest is not None)

    def __aiter__(self) -> VideoArrays:
        return self

    async def __anext__(self) -> VideoArray:
        if self._closed:
            raise StopAsyncIteration
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        try:
            item = await (self._next_latest() if self._latest_only else self._next_in_order())
            return self._to_array(item)
        except BaseException:  # the end of the stream, an error, a cancelled consumer
            await self.aclose()
            raise

    async def _next_in_order(self) -> Any:
        if self._iterator is None:
            self._iterator = self._stream.__aiter__()
        item = await self._iterator.__anext__()
        self._received += 1
        return item

    async def _next_latest(self) -> Any:
        box = self._box
        if box is None:
            box = self._box = _Mailbox()
            self._pump = asyncio.ensure_future(_drain(self._stream, box))
        while box.latest is None:
            if box.ended:
                if box.error is not None:
                    raise box.error
                raise StopAsyncIteration
            await box.arrived.wait()
            box.arrived.clear()
        item, box.latest = box.latest, None
        return item

    def _to_array(self, item: Any) -> VideoArray:
        if isinstance(item, rtc.VideoFrameEvent):
            frame, timestamp = item.frame, item.timestamp_us
        else:
            raise TypeError(f"the stream yielded {type(item).__name__}, not an "
                            f"rtc.VideoFrameEvent")
        w, h = frame.width, frame.height
        dst = self._format
        shape = ((h, w, BYTES_PER_PIXEL[dst]) if dst in BYTES_PER_PIXEL
                 else (byte_size(dst, w, h),))
        out = self._out
        if out is None or out.shape != shape or not self._reuse:
            out = np.empty(shape, dtype=np.uint8)
            if self._reuse:
                self._out = out
        convert(frame.data, w, h, frame.type, dst, out=out, matrix=self._matrix,
                full_range=self._full_range, threads=self._threads)
        return out, timestamp

    async def aclose(self) -> None:
        """Stop: cancel the draining task and close the stream (``await stream.aclose()``)."""
        if self._closed:
            return
        self._closed = True
        if self._box is not None:
            self._box.latest = None
        pump, self._pump = self._pump, None
        if pump is not None:
            pump.cancel()
            await asyncio.gather(pump, return_exceptions=True)
        aclose = getattr(self._stream, "aclose", None)
        if aclose is not None:
            await aclose()

    async def __aenter__(self) -> VideoArrays:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __del__(self) -> None:
        # Dropped without aclose() (e.g. ``break`` out of ``async for``): close the stream in
        # its loop, as an async generator's finaliser would.
        if getattr(self, "_closed", True) or self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(_close_later, self._loop, self._stream, self._pump)


def _close_later(loop: asyncio.AbstractEventLoop, stream: Any,
                 pump: Optional[asyncio.Future[None]]) -> None:
    if pump is not None:
        pump.cancel()
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        loop.create_task(aclose())


def video_arrays(stream: Any, format: FormatLike = "BGR24", *, latest_only: bool = True,
                 reuse: bool = False, matrix: MatrixName = "bt601", full_range: bool = False,
                 threads: Optional[int] = None) -> VideoArrays:
    """Iterate over a video stream's frames as numpy arrays, converted by lkfast.

    Args:
        stream: an ``rtc.VideoStream``, or any async iterable of ``rtc.VideoFrameEvent``; its
            frames may be of any of the eleven ``rtc.VideoBufferType``s (I420A, I422, I444
            and I010 included), each converted from its own type.
        format: the arrays' format: ``"BGR24"`` (OpenCV's order, the default), ``"RGB24"``,
            ``"RGBA"``, ``"BGRA"``, ``"ARGB"``, ``"ABGR"`` give ``(height, width, channels)``
            uint8 arrays; the YUV formats (``"I420"``, ``"I420A"``, ``"I422"``, ``"I444"``,
            ``"I010"``, ``"NV12"``) give the flat frame in LiveKit's plane order (I010:
            little-endian 16-bit samples as bytes).
        latest_only: keep at most one frame waiting: the stream is drained in a task as frames
            arrive and a consumer that is slower than the sender gets the newest frame,
            skipping the others (counted in ``dropped``); memory stays flat. False: every
            frame, in order, from LiveKit's own queue (which grows without bound while the
            consumer is behind).
        reuse: convert every frame into the same array (one per frame size) instead of a new
            one: no allocation per frame, but an array is overwritten by the next frame, so
            copy what you keep.
        matrix, full_range: the YUV encoding of the stream (LiveKit's is BT.601 limited
            range, the default), as in :func:`lkfast.convert`.
        threads: conversion threads, as in :func:`lkfast.convert` (default: automatic).

    Returns:
        A :class:`VideoArrays`: an async iterator of ``(array, timestamp_us)``, where
        ``timestamp_us`` is LiveKit's timestamp of the frame (microseconds). Iteration ending
        for any reason (the stream ends, ``break``, an exception, ``aclose()``, ``async
        with``) closes the stream.

    Raises:
        TypeError: ``stream`` is not async-iterable. ValueError: an unknown format or matrix.
    """
    fmt = parse_format(format)
    matrix_code(matrix, full_range)
    if not isinstance(latest_only, bool) or not isinstance(reuse, bool):
        raise TypeError("latest_only and reuse must be bools")
    threads = check_threads(threads)
    if not hasattr(stream, "__aiter__"):
        raise TypeError(f"stream must be an rtc.VideoStream or an async iterable of "
                        f"rtc.VideoFrameEvent, got {type(stream).__name__}")
    return VideoArrays(stream, fmt, latest_only, reuse, matrix, full_range, threads)


__all__ = ["VideoArray", "VideoArrays", "video_arrays"]
