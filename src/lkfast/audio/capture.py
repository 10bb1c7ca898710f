"""``AudioSource.capture_frame`` without its per-stream cost growing with the stream count.

LiveKit's ``capture_frame`` subscribes a queue of its own to the FFI client's event broadcast
for every call, and LiveKit's callback thread hands every FFI event to every subscribed queue
(``loop.call_soon_threadsafe`` each, a self-pipe write and a wake-up). With N streams each
waiting on a capture, each completion costs O(N), and N streams cost O(N^2): at 100 streams
LiveKit's callback thread alone took 42% of a core here.

:func:`capture` sends the same FFI request and keeps the source's Python bookkeeping
(``queued_duration``, ``wait_for_playout``) exactly as ``capture_frame`` does, but every
capture of one event loop waits on one shared subscription: the callback thread only appends
``(async_id, error)`` to a deque and wakes the loop once per batch of completions, and the loop
resolves the captures' futures. When the installed ``livekit`` lacks what this needs (its
private attributes, ``FfiQueue.subscribe(filter_fn=)``), :func:`capture` falls back to
``capture_frame`` itself.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import inspect
import os
import time
import weakref
from typing import Any, Optional

from livekit import rtc

try:  # LiveKit's internals, used as its own capture_frame uses them
    from livekit.rtc._ffi_client import FfiClient, FfiQueue
    from livekit.rtc._proto import ffi_pb2 as _proto_ffi
    from livekit.rtc._utils import get_address as _get_address
except ImportError:  # pragma: no cover - another livekit layout: capture_frame is used
    FfiClient = FfiQueue = _proto_ffi = _get_address = None  # type: ignore[misc, assignment]

#: The ``rtc.AudioSource`` attributes :func:`capture` keeps up to date, as ``capture_frame``.
_SOURCE_ATTRS = ("_ffi_handle", "_loop", "_q_size", "_last_capture", "_join_handle",
                 "_join_fut", "_release_waiter", "_sample_rate")


def _filter_supported() -> bool:
    if FfiQueue is None:
        return False
    try:
        return "filter_fn" in inspect.signature(FfiQueue.subscribe).parameters
    except (TypeError, ValueError):  # pragma: no cover
        return False


_SUPPORTED = _filter_supported()
#: Period of a loop's shared tick resolving batched captures, s.
TICK_S = 0.010
#: Batch only while at least this many captures of the loop wait: with fewer, a wake-up per
#: completion costs less than a tick every 10 ms.
BATCH_MIN = 8
#: "batched" (default), "direct" (no shared tick) or "livekit" (``capture_frame`` itself): for
#: the scale benchmark's before/after comparison only.
_MODE = "batched"


class _Dispatcher:
    """Resolves the capture futures of one event loop from one FFI subscription."""

    __slots__ = ("loop", "pending", "batched", "done", "scheduled", "tick", "queue",
                 "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: dict[int, asyncio.Future[None]] = {}
        self.batched: set[int] = set()  # pending ids resolved on the tick
        self.done: collections.deque[tuple[int, str]] = collections.deque()
        self.scheduled = False
        self.tick: Optional[asyncio.TimerHandle] = None
        self.queue: Optional[Any] = None

    def _on_event(self, event: Any) -> bool:
        """Runs on LiveKit's callback thread for every FFI event; never queues one."""
        if event.WhichOneof("message") != "capture_audio_frame":
            return False
        cb = event.capture_audio_frame
        async_id = cb.async_id
        self.done.append((async_id, cb.error))
        if async_id in self.batched:  # the tick will see it (a set lookup is atomic)
            return False
        if not self.scheduled:
            self.scheduled = True
            try:
                self.loop.call_soon_threadsafe(self._drain)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass
        return False

    def _drain(self) -> None:
        """On the loop: resolve every completion received since the last drain."""
        self.scheduled = False  # before popping: a completion appended later schedules again
        done, pending = self.done, self.pending
        while done:
            async_id, error = done.popleft()
            fut = pending.pop(async_id, None)
            self.batched.discard(async_id)
            if fut is None or fut.done():  # another loop's, or LiveKit's own capture_frame
                continue
            if error:
                fut.set_exception(RuntimeError(f"capture_frame failed: {error}"))
            else:
                fut.set_result(None)
        if not pending and self.queue is not None:
            FfiClient.instance.queue.unsubscribe(self.queue)
            self.queue = None

    def _tick(self) -> None:
        self.tick = None
        self._drain()
        if self.batched:
            self.tick = self.loop.call_later(TICK_S, self._tick)

    def register(self, async_id: int, fut: asyncio.Future[None], batched: bool) -> None:
        self.pending[async_id] = fut
        if batched and len(self.pending) >= BATCH_MIN:
            self.batched.add(async_id)
            if self.tick is None:
                self.tick = self.loop.call_later(TICK_S, self._tick)

    def subscribe(self) -> None:
        if self.queue is None:
            self.queue = FfiClient.instance.queue.subscribe(self.loop, filter_fn=self._on_event)


_DISPATCHERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Dispatcher] = (
    weakref.WeakKeyDictionary())


def supported(source: rtc.AudioSource) -> bool:
    """Whether :func:`capture` can bypass ``capture_frame`` for ``source``: LiveKit's own
    class method (not overridden by a subclass) and the attributes it keeps."""
    if not (_SUPPORTED and type(source).capture_frame is rtc.AudioSource.capture_frame
            and all(hasattr(source, name) for name in _SOURCE_ATTRS)):
        return False
    client = FfiClient.instance  # exists: the source was made through it
    return all(hasattr(client, name) for name in ("_ffi_lib", "_pid", "queue"))


def _request(req: Any) -> Any:
    """``FfiClient.request`` without its per-call handle object (the response's handle is
    dropped at once, as there)."""
    client = FfiClient.instance
    if client._pid != os.getpid():  # pragma: no cover - LiveKit refuses the same way
        return client.request(req)
    lib = client._ffi_lib
    data = req.SerializeToString()
    resp_ptr = ctypes.POINTER(ctypes.c_ubyte)()
    resp_len = ctypes.c_size_t()
    handle = lib.livekit_ffi_request(ctypes.cast(ctypes.c_char_p(data),
                                                 ctypes.POINTER(ctypes.c_ubyte)),
                                     len(data), ctypes.byref(resp_ptr), ctypes.byref(resp_len))
    if not handle:
        raise RuntimeError("LiveKit refused the capture request")
    resp = _proto_ffi.FfiResponse()
    resp.ParseFromString(ctypes.string_at(resp_ptr, resp_len.value))
    lib.livekit_ffi_drop_handle(handle)
    return resp


class Capturer:
    """Captures frames into one ``rtc.AudioSource``, as its ``capture_frame`` would.

    Args:
        source: the source; its loop is the one ``capture`` must be called on.
        batched: a completion may wait for the loop's shared tick (``TICK_S``), which
            resolves every batched capture of the loop at once: one wake-up per tick for all
            streams instead of one per completion. Only for callers that cannot starve the
            queue by a tick's delay: at least 100 ms queued when a capture completes, and
            frames of 50 ms or more (a producer gets ahead by at least 5 ms per ms waited); and
            only while ``BATCH_MIN`` captures of the loop wait.
    """

    __slots__ = ("source", "direct", "batched")

    def __init__(self, source: rtc.AudioSource, *, batched: bool = False) -> None:
        self.source = source
        self.direct = supported(source)
        self.batched = batched

    def capture(self, frame: rtc.AudioFrame) -> asyncio.Future[None]:
        """Start capturing ``frame``; the future completes as ``capture_frame`` would.

        The frame's samples are copied by LiveKit before this returns (its buffer may be
        reused); the future resolves when the source's queue has room again, or fails with
        ``RuntimeError`` carrying LiveKit's error.
        """
        data = getattr(frame, "_data", None)
        if (not self.direct or data is None or _MODE == "livekit"
                or "capture_frame" in self.source.__dict__):  # replaced on the instance
            return asyncio.ensure_future(self.source.capture_frame(frame))
        src: Any = self.source
        loop = src._loop
        spc = frame.samples_per_channel
        if spc == 0 or src._ffi_handle.disposed:
            fut: asyncio.Future[None] = loop.create_future()
            fut.set_result(None)
            return fut
        # The bookkeeping of LiveKit's capture_frame, for queued_duration and wait_for_playout.
        now = time.monotonic()
        elapsed = 0.0 if src._last_capture == 0.0 else now - src._last_capture
        src._q_size += spc / src._sample_rate - elapsed
        src._last_capture = now
        if src._join_handle:
            src._join_handle.cancel()
        if src._join_fut is None:
            src._join_fut = loop.create_future()
        src._join_handle = loop.call_later(src._q_size, src._release_waiter)

        dispatcher = _DISPATCHERS.get(loop)
        if dispatcher is None:
            dispatcher = _DISPATCHERS[loop] = _Dispatcher(loop)
        req = _proto_ffi.FfiRequest()
        msg = req.capture_audio_frame
        msg.source_handle = src._ffi_handle.handle
        buf = msg.buffer
        buf.data_ptr = _get_address(data)
        buf.sample_rate = frame.sample_rate
        buf.num_channels = frame.num_channels
        buf.samples_per_channel = spc
        dispatcher.subscribe()  # before the request: its completion may come at once
        fut = loop.create_future()
        try:
            resp = _request(req)
        except BaseException:
            if not dispatcher.pending:
                dispatcher._drain()
            raise
        # The completion cannot be resolved before this: _drain runs on this loop, later.
        dispatcher.register(resp.capture_audio_frame.async_id, fut,
                            self.batched and _MODE == "batched")
        return fut


def capture(source: rtc.AudioSource, frame: rtc.AudioFrame) -> asyncio.Future[None]:
    """One capture into ``source`` (see :class:`Capturer`, which a publisher keeps)."""
    return Capturer(source).capture(frame)


__all__ = ["Capturer", "capture", "supported"]
