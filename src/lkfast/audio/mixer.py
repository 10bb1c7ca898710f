"""An async mixer of live audio streams, paced in real time, built on :func:`lkfast.mix`.

:class:`AudioMixer` has ``rtc.AudioMixer``'s constructor, methods and async iteration, with
different timing: ``rtc.AudioMixer`` waits for every stream (up to ``stream_timeout_ms``) before
each block, so one slow stream delays all the others and the output stutters. Here each stream
is read by its own task into a small queue of blocks, and a clock emits one block every
``blocksize / sample_rate`` seconds: a stream whose next block is not complete at that moment
contributes silence to that block (its samples wait, none is lost) and never delays the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Optional

from livekit import rtc

from lkfast._core.checks import (
    check_int,
    check_num_channels,
    check_range,
    check_real,
    check_sample_rate,
)
from lkfast.audio.mixer_input import MixerInput, Stream
from lkfast.audio.mixing import mix

__all__ = ["AudioMixer"]

logger = logging.getLogger("lkfast.audio.mixer")

#: After ``end_input()``, a stream stalled for this many ``stream_timeout_ms`` is dropped (as
#: ``rtc.AudioMixer`` does after 10 timeouts), so that the drain ends.
MAX_STALLED_TIMEOUTS = 10
#: When the consumer or the event loop falls this many blocks behind the clock, the clock is
#: reset instead of emitting the missed blocks in a burst.
MAX_LAG_BLOCKS = 10


class AudioMixer:
    """Mixes async streams of ``rtc.AudioFrame`` into one stream of fixed-length frames.

    Each output frame holds ``blocksize`` samples per channel: the saturated int16 sum
    (:func:`lkfast.mix`) of each stream's next block times its gain. Blocks are emitted in real
    time, one per ``blocksize / sample_rate`` seconds from the moment the first stream is added
    (each block at the end of the interval it covers, so a real-time stream has delivered its
    samples by then). Per block and stream:

    - a stream with a full block queued contributes it;
    - a stream that stalls (less than a block queued) contributes silence; its samples wait
      for a later block, in order, none dropped or repeated; a warning is logged once when a
      stall lasts longer than ``stream_timeout_ms``;
    - a stream that ended contributes its last samples zero-padded to a block, and is dropped
      from the next block on: no gap in the others;
    - frames at another sample rate are resampled (``lkfast.AudioResampler``) and frames with
      another channel count remixed (``lkfast.remix``: mono <-> N) on the way in.

    While at least one stream is added the output never pauses (all stalled: silent blocks).
    With no stream, nothing is emitted and the clock restarts when one is added. Streams may be
    added and removed at any time; a stream yields ``rtc.AudioFrame``s (or events with a
    ``.frame``, as ``rtc.AudioStream`` does).

    Args:
        sample_rate: output rate, Hz (8000 to 192000).
        num_channels: output channels, 1 to 8.
        blocksize: samples per channel per output frame; 0 (default) means 100 ms
            (``sample_rate // 10``), as in ``rtc.AudioMixer``.
        stream_timeout_ms: a stall longer than this is logged; after :meth:`end_input` a
            stream stalled for 10 times this is dropped. It never delays the output.
        capacity: most mixed frames waiting for the consumer; when full the clock waits
            (and restarts if it fell more than 10 blocks behind).

    Raises:
        TypeError, ValueError: a parameter of the wrong type or out of range.
        RuntimeError: no running event loop (construct it inside a coroutine).
    """

    def __init__(self, sample_rate: int, num_channels: int, *, blocksize: int = 0,
                 stream_timeout_ms: int = 100, capacity: int = 100) -> None:
        self._sample_rate = check_sample_rate(sample_rate)
        self._num_channels = check_num_channels(num_channels)
        block = check_range("blocksize", check_int("blocksize", blocksize), 0, 60 * 192000)
        self._blocksize = block if block > 0 else self._sample_rate // 10
        timeout = check_real("stream_timeout_ms", stream_timeout_ms)
        if timeout <= 0:
            raise ValueError(f"stream_timeout_ms must be positive, got {stream_timeout_ms!r}")
        self._stream_timeout_ms = stream_timeout_ms
        self._capacity = check_range("capacity", check_int("capacity", capacity), 1, 1 << 20)
        self._period = self._blocksize / self._sample_rate
        self._inputs: dict[Stream, MixerInput] = {}
        self._queue: asyncio.Queue[Optional[rtc.AudioFrame]] = asyncio.Queue(self._capacity)
        self._ending = False
        self._closed = False
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())

    @property
    def sample_rate(self) -> int:
        """Output sample rate, Hz."""
        return self._sample_rate

    @property
    def num_channels(self) -> int:
        """Output channels."""
        return self._num_channels

    @property
    def blocksize(self) -> int:
        """Samples per channel of each output frame."""
        return self._blocksize

    @property
    def stream_timeout_ms(self) -> float:
        """Stall length (ms) after which a stream is reported as stalled."""
        return self._stream_timeout_ms

    @property
    def capacity(self) -> int:
        """Most mixed frames waiting for the consumer."""
        return self._capacity

    @property
    def streams(self) -> int:
        """Streams being mixed now."""
        return len(self._inputs)

    def add_stream(self, stream: AsyncIterator[rtc.AudioFrame], gain: float = 1.0) -> None:
        """Start mixing ``stream`` (from the next block on), times ``gain`` (linear, +-1000).

        Adding a stream already added only updates its gain.

        Raises:
            RuntimeError: after :meth:`end_input` or :meth:`aclose`.
            TypeError, ValueError: ``gain`` is not a finite number within +-1000.
        """
        if self._ending:
            raise RuntimeError("Cannot add stream after mixer has been closed")
        g = check_real("gain", gain)
        if not -1000.0 <= g <= 1000.0:
            raise ValueError(f"gain must be between -1000 and 1000 (linear), got {g!r}")
        if stream in self._inputs:
            self._inputs[stream].gain = g
            return
        self._inputs[stream] = MixerInput(stream, g, self._sample_rate, self._num_channels,
                                          self._blocksize)
        self._wake.set()

    def remove_stream(self, stream: AsyncIterator[rtc.AudioFrame]) -> None:
        """Stop mixing ``stream`` (from the next block on) and cancel its pending read; a
        stream not added is ignored."""
        entry = self._inputs.pop(stream, None)
        if entry is not None:
            entry.cancel()

    def end_input(self) -> None:
        """No more streams will be added: the iteration ends once every stream has ended."""
        self._ending = True
        self._wake.set()

    def __aiter__(self) -> AudioMixer:
        return self

    async def __anext__(self) -> rtc.AudioFrame:
        item = await self._queue.get()
        if item is None:
            self._queue.put_nowait(None)  # every later __anext__ ends too
            raise StopAsyncIteration
        return item

    async def aclose(self) -> None:
        """Stop mixing now: unconsumed output is dropped, every stream's read is cancelled and
        awaited, and the iteration ends."""
        self._ending = True
        self._closed = True
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        entries = list(self._inputs.values())
        self._inputs.clear()
        for entry in entries:
            entry.cancel()
        await asyncio.gather(*(entry.task for entry in entries), return_exceptions=True)
        self._finish()

    def _finish(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = 0.0
        idle = True
        while True:
            if not self._inputs:
                if self._ending:
                    break
                self._wake.clear()
                idle = True
                await self._wake.wait()
                continue
            if idle:  # the first block covers the interval starting now
                deadline = loop.time() + self._period
                idle = False
            delay = deadline - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif -delay > MAX_LAG_BLOCKS * self._period:
                deadline = loop.time()  # fell far behind: restart the clock, no burst
            deadline += self._period
            frame = self._mix_block()
            if frame is not None:
                await self._queue.put(frame)
        await self._queue.put(None)

    def _mix_block(self) -> Optional[rtc.AudioFrame]:
        """The next output block, or None when every stream ended just before it."""
        blocks = []
        gains = []
        stalled_limit = self._stream_timeout_ms / 1000.0
        for stream, entry in list(self._inputs.items()):
            block = entry.take()
            if block is not None:
                blocks.append(block)
                gains.append(entry.gain)
                continue
            if entry.ended:
                del self._inputs[stream]
                continue
            stalled_s = entry.stalled_blocks * self._period
            if stalled_s > stalled_limit and not entry.warned:
                entry.warned = True
                logger.warning("AudioMixer: stream %r stalled for more than %s ms; mixing "
                               "silence for it meanwhile", stream, self._stream_timeout_ms)
            if self._ending and stalled_s >= MAX_STALLED_TIMEOUTS * stalled_limit:
                del self._inputs[stream]
                entry.cancel()
        if not blocks and not self._inputs:
            return None
        data = bytearray(self._blocksize * self._num_channels * 2)
        frame = rtc.AudioFrame(data, self._sample_rate, self._num_channels, self._blocksize)
        if blocks:
            mix(blocks, gains, out=data)
        return frame
