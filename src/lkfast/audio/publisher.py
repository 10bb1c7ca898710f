"""AudioPublisher: tones, clips and PCM streams into an ``rtc.AudioSource``, paced by LiveKit.

LiveKit's ``await AudioSource.capture_frame(frame)`` returns once the source's queue has taken
the frame: that is the real-time pacing, and this module adds none of its own. It adds what
every producer otherwise writes by hand: frames of the right length (batched: ``frame_ms``),
a zero-padded tail (never noise, never stuck in LiveKit's 10 ms blocks), fades, one writer at
a time, interruption, a source that stays usable after a task is cancelled, input at any
rate (resampled), and captures whose cost does not grow with the number of streams in the
process (one shared FFI subscription per event loop, :mod:`lkfast.audio.capture`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Optional

from livekit import rtc

from lkfast._core.checks import (
    MAX_SAMPLE_RATE,
    MIN_SAMPLE_RATE,
    check_duration,
    check_frame_ms,
    check_int,
    check_livekit_sample_rate,
    check_num_channels,
    check_queue_size_ms,
    check_range,
)
from lkfast.audio.capture import Capturer
from lkfast.audio.frames import Frame, FrameMaker, Playable
from lkfast.audio.sources import source_state


class _Playback:
    """One ``play()``: its task, and whether ``interrupt()`` stopped it."""

    __slots__ = ("task", "stopped")

    def __init__(self) -> None:
        self.task: Optional[asyncio.Task[int]] = None
        self.stopped = False


def _check_rate(name: str, rate: object) -> int:
    """A sample rate in Hz, 8000 to 192000, named ``name`` in errors."""
    return check_range(name, check_int(name, rate), MIN_SAMPLE_RATE, MAX_SAMPLE_RATE)


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
        input_rate: Hz (8000 to 192000) of the PCM given to ``play()`` (clips, chunks), when
            it is not the source's rate (e.g. 24000 for TTS into a 48 kHz source): resampled
            by one ``lkfast.AudioResampler`` per input rate, continuously across the chunks of
            a ``play()`` (the output does not depend on how the input was split) and flushed
            at its end. ``rtc.AudioFrame``s carry their own rate and are resampled when it
            differs. None: the source's rate.

    Raises:
        TypeError, ValueError: a bad source or parameter; ``frame_ms`` longer than the queue.
    """

    def __init__(self, source: rtc.AudioSource, *, frame_ms: int = 10,
                 queue_size_ms: Optional[int] = None,
                 input_rate: Optional[int] = None) -> None:
        if not isinstance(source, rtc.AudioSource):
            raise TypeError(f"source must be an rtc.AudioSource, got {type(source).__name__}")
        self._rate = check_livekit_sample_rate(source.sample_rate)
        self._channels = check_num_channels(source.num_channels)
        self._frame_ms = check_frame_ms(frame_ms)
        self._input_rate = (self._rate if input_rate is None
                            else _check_rate("input_rate", input_rate))
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
        # Completions on the loop's shared 10 ms tick when a late one cannot starve the queue:
        # frames of 50 ms or more (five per tick at most) into a queue of 100 ms or more.
        self._capturer = Capturer(source, batched=(queue is not None and queue >= 100
                                                   and self._frame_ms >= 50))
        self._state = state
        self._queue_size_ms = queue
        self._spc = self._rate // 100 * (self._frame_ms // 10)
        self._frames = FrameMaker(self._rate, self._channels, self._spc)
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
    def input_rate(self) -> int:
        """Hz of the PCM ``play()`` takes by default (the source's rate unless given)."""
        return self._input_rate

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
                   fade_in_ms: float = 0.0, fade_out_ms: float = 0.0,
                   sample_rate: Optional[int] = None) -> int:
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
            sample_rate: Hz of this clip or stream's PCM, instead of the publisher's
                ``input_rate``; resampled to the source's rate as described there.
                Durations, fades and the count returned are at the source's rate.

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
        rate = (self._input_rate if sample_rate is None
                else _check_rate("sample_rate", sample_rate))
        frames = self._frames.frames_of(what, total, rate)
        if self._closed:
            raise RuntimeError("AudioPublisher is closed")
        if self._state.playback is not None:
            raise RuntimeError("another play() is already writing into this source (one writer "
                               "at a time): await it, or call interrupt() first")
        pipeline = frames if total is None else self._frames.limited(frames, total)
        if fade_in or fade_out:
            pipeline = self._frames.faded(pipeline, fade_in, fade_out)
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
        extra = f", input_rate={self._input_rate}" if self._input_rate != self._rate else ""
        return (f"AudioPublisher(sample_rate={self._rate}, num_channels={self._channels}, "
                f"frame_ms={self._frame_ms}, queue_size_ms={self._queue_size_ms}{extra})")

    # -- the capture loop ----------------------------------------------------------------

    async def _run(self, frames: AsyncIterator[Frame], playback: _Playback) -> int:
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
        # Shielded: if play() is cancelled, LiveKit's capture still completes and the next
        # writer can wait for it. One shared FFI subscription per loop (see capture.py).
        task = self._capturer.capture(frame)
        task.add_done_callback(_retrieve)
        self._state.capture = task
        await asyncio.shield(task)

    async def _settle(self) -> None:
        """Wait for a capture left pending by a cancelled play()."""
        task = self._state.capture
        if task is not None and not task.done():
            await asyncio.wait({task})


__all__ = ["AudioPublisher", "Playable"]
