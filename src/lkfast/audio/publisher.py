"""AudioPublisher: tones, clips and PCM streams into an ``rtc.AudioSource``, paced by LiveKit.

LiveKit's ``await AudioSource.capture_frame(frame)`` returns once the source's queue has taken
the frame: that is the real-time pacing, and this module adds none of its own. It adds what
every producer otherwise writes by hand: frames of the right length (batched: ``frame_ms``),
a zero-padded tail (never noise, never stuck in LiveKit's 10 ms blocks), fades, one writer at
a time, interruption, and a source that stays usable after a task is cancelled.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Iterable
from typing import Any, Optional, Union

import numpy as np
from livekit import rtc

import lkfast.reference
from lkfast._core.checks import (
    check_duration,
    check_frame_ms,
    check_livekit_sample_rate,
    check_num_channels,
    check_queue_size_ms,
)
from lkfast.audio._framing import AudioFramer
from lkfast.audio._gain import fade
from lkfast.audio._tone import SineGenerator
from lkfast.audio.sources import source_state

#: A frame to capture and how many of its samples per channel are audio (the rest is padding).
_Frame = tuple[rtc.AudioFrame, int]
Playable = Union[SineGenerator, "lkfast.reference.SineGenerator", np.ndarray, bytes, bytearray,
                 memoryview, rtc.AudioFrame, AsyncIterator[Any], Iterable[Any]]


class _Playback:
    """One ``play()``: its task, and whether ``interrupt()`` stopped it."""

    __slots__ = ("task", "stopped")

    def __init__(self) -> None:
        self.task: Optional[asyncio.Task[int]] = None
        self.stopped = False


def _retrieve(task: asyncio.Future[None]) -> None:
    # A capture whose play() was cancelled has nobody awaiting it: consume its outcome.
    if not task.cancelled():
        task.exception()


class AudioPublisher:
    """Plays audio into an ``rtc.AudioSource``, one writer at a time, paced by its queue.

    ``await play(what)`` plays a tone, a clip or a stream of PCM chunks; it returns once the
    last frame is in the source's queue (``await wait_for_playout()`` for the end of the
    sound). ``interrupt()`` stops at once and empties the queue. Cancelling the task running
    ``play()`` stops producing; what is queued still plays, and the source stays usable (the
    next writer first waits for LiveKit's pending capture, which would otherwise make it fail
    with "InvalidState").

    Args:
        source: the source to play into (``lkfast.make_audio_source`` or ``rtc.AudioSource``);
            its rate must be a multiple of 100 Hz.
        frame_ms: audio per ``capture_frame`` call, 10 to 100 ms in steps of 10. LiveKit's
            capture costs about the same CPU whatever the frame length, so 100 ms frames cost
            several times less CPU than the documented 10 ms; the queue must hold a frame.
        queue_size_ms: the source's queue, needed above 10 ms frames when the source was not
            made by ``lkfast.make_audio_source``.

    Raises:
        TypeError, ValueError: a bad source or parameter; ``frame_ms`` longer than the queue.
    """

    def __init__(self, source: rtc.AudioSource, *, frame_ms: int = 10,
                 queue_size_ms: Optional[int] = None) -> None:
        if not isinstance(source, rtc.AudioSource):
            raise TypeError(f"source must be an rtc.AudioSource, got {type(source).__name__}")
        self._rate = check_livekit_sample_rate(source.sample_rate)
        self._channels = check_num_channels(source.num_channels)
        self._frame_ms = check_frame_ms(frame_ms)
        state = source_state(source)
        queue = state.queue_size_ms
        if queue_size_ms is not None:
            given = check_queue_size_ms(queue_size_ms)
            if queue is not None and given != queue:
                raise ValueError(f"queue_size_ms={given} but the source was made with "
                                 f"queue_size_ms={queue}")
            queue = given
        if queue is None and self._frame_ms > 10:
            raise ValueError(
                f"frame_ms={self._frame_ms} needs a queue of at least {self._frame_ms} ms and "
                f"the source's queue size is unknown: create it with lkfast.make_audio_source "
                f"or pass queue_size_ms= (LiveKit's default is 1000)")
        if queue is not None and self._frame_ms > queue:
            raise ValueError(f"frame_ms={self._frame_ms} does not fit the source's queue "
                             f"(queue_size_ms={queue}); use frame_ms <= queue_size_ms")
        self._source = source
        self._state = state
        self._queue_size_ms = queue
        self._block = self._rate // 100  # LiveKit's 10 ms block, samples per channel
        self._spc = self._block * (self._frame_ms // 10)
        self._playback: Optional[_Playback] = None
        self._closed = False

    @property
    def source(self) -> rtc.AudioSource:
        """The source played into."""
        return self._source

    @property
    def frame_ms(self) -> int:
        """Milliseconds of audio per ``capture_frame`` call."""
        return self._frame_ms

    @property
    def samples_per_channel(self) -> int:
        """Samples per channel of each captured frame (``sample_rate * frame_ms / 1000``)."""
        return self._spc

    @property
    def queue_size_ms(self) -> Optional[int]:
        """The source's queue in ms, if known."""
        return self._queue_size_ms

    @property
    def playing(self) -> bool:
        """True while this publisher's ``play()`` is running."""
        task = self._playback.task if self._playback is not None else None
        return task is not None and not task.done()

    async def play(self, what: Playable, duration: Optional[float] = None, *,
                   fade_in_ms: float = 0.0, fade_out_ms: float = 0.0) -> int:
        """Play ``what`` into the source; returns when its last frame is queued.

        Args:
            what: one of
                - a ``SineGenerator`` (compiled or reference) of the source's rate and
                  channels: plays from its current position for ``duration`` seconds, or
                  until interrupted or cancelled when ``duration`` is None;
                - a clip: int16 bytes-like, a numpy int16/float32/float64 array of shape
                  ``(n,)`` or ``(n, num_channels)``, or an ``rtc.AudioFrame``;
                - an async iterator (or iterable) of such chunks, of any sizes (they go
                  through an ``AudioFramer``), or of ``rtc.AudioFrameEvent`` (an
                  ``rtc.AudioStream`` of the same rate and channels, relayed).
            duration: seconds to play at most (None: all of it); not negative.
            fade_in_ms: linear fade-in at the start, ms.
            fade_out_ms: linear fade-out ending at the last sample, ms (a stream is then
                held back by that much, to know where it ends).

        Returns:
            Samples per channel of audio played (zero padding not counted).

        Raises:
            RuntimeError: another ``play()`` is writing into this source, or the publisher is
                closed. TypeError, ValueError: bad ``what``, ``duration`` or fades.
        """
        total = None if duration is None else round(check_duration("duration", duration)
                                                    * self._rate)
        fade_in = self._ms_to_samples("fade_in_ms", fade_in_ms)
        fade_out = self._ms_to_samples("fade_out_ms", fade_out_ms)
        frames = self._frames_of(what, total)
        if self._closed:
            raise RuntimeError("AudioPublisher is closed")
        if self._state.playback is not None:
            raise RuntimeError("another play() is already writing into this source (one writer "
                               "at a time): await it, or call interrupt() first")
        pipeline = self._faded(self._limited(frames, total), fade_in, fade_out)
        playback = self._state.playback = self._playback = _Playback()
        task = playback.task = asyncio.ensure_future(self._run(pipeline, playback))
        task.add_done_callback(lambda _: self._release(playback))
        return await task

    def _ms_to_samples(self, name: str, ms: float) -> int:
        return round(check_duration(name, ms) * self._rate / 1000)

    def _release(self, playback: _Playback) -> None:
        if self._state.playback is playback:
            self._state.playback = None

    def interrupt(self) -> None:
        """Stop the running ``play()`` at once and drop the audio queued in the source.

        The interrupted ``play()`` returns normally and another may start right away. Calls
        LiveKit's ``clear_queue()`` even when nothing is playing.
        """
        playback = self._state.playback
        if playback is not None:
            playback.stopped = True
            playback.task.cancel()
            self._state.playback = None
        self._source.clear_queue()

    async def wait_for_playout(self) -> None:
        """Wait until the running ``play()`` (if any) ends and the source has played it all."""
        task = self._playback.task if self._playback is not None else None
        if task is not None and not task.done():
            await asyncio.wait({task})
        await self._settle()
        await self._source.wait_for_playout()

    async def aclose(self) -> None:
        """Stop a running ``play()`` (as ``interrupt()``), wait until the source is idle, and
        refuse further ``play()`` calls. The source itself stays open (the caller owns it)."""
        if self._closed:
            return
        self._closed = True
        if self.playing:
            self.interrupt()
        await self.wait_for_playout()

    async def __aenter__(self) -> AudioPublisher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (f"AudioPublisher(sample_rate={self._rate}, num_channels={self._channels}, "
                f"frame_ms={self._frame_ms}, queue_size_ms={self._queue_size_ms})")

    # -- the capture loop ----------------------------------------------------------------

    async def _run(self, frames: AsyncIterator[_Frame], playback: _Playback) -> int:
        sent = 0
        try:
            await self._settle()
            async for frame, valid in frames:
                await self._capture(frame)
                sent += valid
        except asyncio.CancelledError:
            if not playback.stopped:
                raise
            await self._settle()  # the queue was cleared: LiveKit finishes within 10 ms
        finally:
            await frames.aclose()  # type: ignore[attr-defined]
        return sent

    async def _capture(self, frame: rtc.AudioFrame) -> None:
        # LiveKit's capture_frame returns at once, capturing nothing, once the source is closed:
        # an endless tone would spin.
        if getattr(getattr(self._source, "_ffi_handle", None), "disposed", False):
            raise RuntimeError("the source is closed")
        # Its own task, shielded: if play() is cancelled, LiveKit's capture still completes
        # and the next writer can wait for it.
        task = asyncio.ensure_future(self._source.capture_frame(frame))
        task.add_done_callback(_retrieve)
        self._state.capture = task
        await asyncio.shield(task)

    async def _settle(self) -> None:
        """Wait for a capture left pending by a cancelled play()."""
        task = self._state.capture
        if task is not None and not task.done():
            await asyncio.wait({task})

    # -- frame sources -------------------------------------------------------------------

    def _frames_of(self, what: Any, total: Optional[int]) -> AsyncIterator[_Frame]:
        """Frames of ``samples_per_channel`` for ``what`` (validated here, before playing)."""
        if isinstance(what, (SineGenerator, lkfast.reference.SineGenerator)):
            if (what.sample_rate, what.num_channels) != (self._rate, self._channels):
                raise ValueError(
                    f"the SineGenerator makes {what.sample_rate} Hz, {what.num_channels} "
                    f"channels; the source takes {self._rate} Hz, {self._channels} channels")
            return self._tone(what, total)
        if isinstance(what, (str, int, float)) or what is None:
            raise TypeError(f"play() takes a SineGenerator, a clip (numpy array, bytes-like, "
                            f"rtc.AudioFrame) or an (async) iterable of PCM chunks, got "
                            f"{type(what).__name__}")
        if isinstance(what, rtc.AudioFrame) or _is_buffer(what):
            clip = (what if isinstance(what, (np.ndarray, bytes, bytearray, rtc.AudioFrame))
                    else np.asarray(memoryview(what)))  # keeps the dtype and shape
            AudioFramer(self._rate, self._channels, self._spc).push(_empty_like(clip))
            nbytes = _clip_nbytes(clip)
            if nbytes % (2 * self._channels):
                raise ValueError(f"the clip holds {nbytes} bytes, not a whole number of "
                                 f"{self._channels}-channel int16 samples")
            return self._chunks(_clip_pieces(clip, self._spc * self._channels))
        if hasattr(what, "__aiter__") or isinstance(what, Iterable):
            return self._chunks(what)
        raise TypeError(f"play() takes a SineGenerator, a clip (numpy array, bytes-like, "
                        f"rtc.AudioFrame) or an (async) iterable of PCM chunks, got "
                        f"{type(what).__name__}")

    def _frame(self, data: bytearray, samples_per_channel: int) -> rtc.AudioFrame:
        return rtc.AudioFrame(data, self._rate, self._channels, samples_per_channel)

    def _padded(self, samples: int) -> int:
        """Samples per channel of a frame carrying ``samples``: whole 10 ms blocks."""
        return -(-samples // self._block) * self._block

    async def _tone(self, gen: Any, total: Optional[int]) -> AsyncIterator[_Frame]:
        """Frames of the generator, ``total`` samples per channel (None: endless); it is
        never run past them, so a next ``play()`` continues the phase."""
        left = total
        while left is None or left > 0:
            n = self._spc if left is None else min(self._spc, left)
            size = self._padded(n)
            data = bytearray(size * self._channels * 2)
            with memoryview(data) as view, view[: n * self._channels * 2] as part:
                gen.fill(part)
            yield self._frame(data, size), n
            if left is not None:
                left -= n

    async def _chunks(self, chunks: Any) -> AsyncIterator[_Frame]:
        framer = AudioFramer(self._rate, self._channels, self._spc)
        if hasattr(chunks, "__aiter__"):
            async for chunk in chunks:
                for frame in framer.push(_unwrap(chunk)):
                    yield frame, self._spc
        else:
            for chunk in chunks:
                for frame in framer.push(_unwrap(chunk)):
                    yield frame, self._spc
        pending = framer.pending_bytes - framer.pending_bytes % 2  # flush drops half a sample
        valid = -(-pending // (2 * self._channels))  # a partial channel group still plays
        for frame in framer.flush():  # zero-padded to the full frame: trim to 10 ms blocks
            yield self._trimmed(frame, valid), valid

    def _trimmed(self, frame: rtc.AudioFrame, valid: int) -> rtc.AudioFrame:
        """``frame`` cut to the 10 ms blocks that hold its first ``valid`` samples per channel,
        with everything after those samples zero."""
        keep = self._padded(valid)
        data = bytearray(memoryview(frame.data).cast("B")[: keep * self._channels * 2])
        end = valid * self._channels * 2
        data[end:] = bytes(len(data) - end)
        return self._frame(data, keep)

    async def _limited(self, frames: AsyncIterator[_Frame],
                       total: Optional[int]) -> AsyncIterator[_Frame]:
        """At most ``total`` samples per channel (None: all), the last frame trimmed."""
        try:
            if total is None:
                async for item in frames:
                    yield item
                return
            left = total
            if left <= 0:
                return
            async for frame, valid in frames:
                if valid >= left:
                    cut = valid > left or frame.samples_per_channel > self._padded(left)
                    yield (self._trimmed(frame, left) if cut else frame), left
                    return
                yield frame, valid
                left -= valid
        finally:
            await frames.aclose()  # type: ignore[attr-defined]

    async def _faded(self, frames: AsyncIterator[_Frame], fade_in: int,
                     fade_out: int) -> AsyncIterator[_Frame]:
        """Fade-in over the first ``fade_in`` samples, fade-out over the last ``fade_out``
        (frames are held back until ``fade_out`` samples follow them)."""
        pos = 0
        held: collections.deque[_Frame] = collections.deque()
        held_samples = 0
        try:
            async for frame, valid in frames:
                if pos < fade_in:
                    fade(frame, fade_in, "in", start=pos, out=frame)
                pos += valid
                if not fade_out:
                    yield frame, valid
                    continue
                held.append((frame, valid))
                held_samples += valid
                while held_samples - held[0][1] >= fade_out:
                    item = held.popleft()
                    held_samples -= item[1]
                    yield item
            j = fade_out - held_samples  # fade position of the first held sample
            for frame, valid in held:
                fade(frame, fade_out, "out", start=j, out=frame)
                j += valid
                yield frame, valid
        finally:
            await frames.aclose()  # type: ignore[attr-defined]


def _unwrap(chunk: Any) -> Any:
    """A chunk of a stream; ``rtc.AudioStream`` yields frame events."""
    return chunk.frame if isinstance(chunk, rtc.AudioFrameEvent) else chunk


def _is_buffer(obj: Any) -> bool:
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def _empty_like(clip: Any) -> Any:
    """A zero-length piece of ``clip`` with its dtype and shape, to validate it cheaply."""
    if isinstance(clip, np.ndarray):
        return clip[:0] if clip.ndim else clip.reshape(-1)[:0]
    return b""


def _clip_nbytes(clip: Any) -> int:
    if isinstance(clip, rtc.AudioFrame):
        return clip.samples_per_channel * clip.num_channels * 2
    if isinstance(clip, np.ndarray) and clip.dtype.kind == "f":
        return clip.size * 2  # as int16
    return memoryview(clip).nbytes


def _clip_pieces(clip: Any, samples: int) -> Iterable[Any]:
    """``clip`` in pieces of ``samples`` (all channels), without copying it."""
    if isinstance(clip, rtc.AudioFrame):
        clip = np.frombuffer(clip.data, dtype=np.int16)[: clip.samples_per_channel
                                                          * clip.num_channels]
    if isinstance(clip, np.ndarray):
        flat = clip.reshape(-1) if clip.flags.c_contiguous else np.ascontiguousarray(clip).ravel()
        return (flat[i : i + samples] for i in range(0, flat.size, samples))
    view = memoryview(clip).cast("B")
    step = 2 * samples
    return (view[i : i + step] for i in range(0, view.nbytes, step))
