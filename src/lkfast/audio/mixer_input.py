"""One input of :class:`lkfast.AudioMixer`: a task reading a stream into a queue of blocks."""

from __future__ import annotations

import asyncio
import collections
import importlib
import logging
from typing import Any, AsyncIterator, Optional

import numpy as np
from livekit import rtc

from lkfast.audio.framing import AudioFramer
from lkfast.audio.pcm import remix

try:  # the streaming resampler (lkfast.AudioResampler), when this build has it
    AudioResampler: Any = importlib.import_module("lkfast.audio.resampler").AudioResampler
except ImportError:  # pragma: no cover - builds without the resampler
    AudioResampler = None

Stream = AsyncIterator[Any]
logger = logging.getLogger("lkfast.audio.mixer")

#: Blocks a reader queues ahead of the mixer's clock before it waits (backpressure).
READ_AHEAD_BLOCKS = 2


class MixerInput:
    """Reads ``stream`` in its own task, converts each frame to the mixer's rate and channels,
    and cuts it into blocks of ``blocksize`` samples per channel (int16 frames).

    Attributes:
        gain: linear gain of this stream in the mix.
        ended: the stream finished (or failed); its blocks still queued are mixed first.
        stalled_blocks: consecutive blocks for which :meth:`take` had nothing.
        warned: a stall of this stream was logged (reset when it delivers again).
    """

    def __init__(self, stream: Stream, gain: float, sample_rate: int, num_channels: int,
                 blocksize: int) -> None:
        self.stream = stream
        self.gain = gain
        self.ended = False
        self.stalled_blocks = 0
        self.warned = False
        self._rate = sample_rate
        self._channels = num_channels
        self._framer = AudioFramer(sample_rate, num_channels, blocksize)
        self._blocks: collections.deque[rtc.AudioFrame] = collections.deque()
        self._room = asyncio.Event()
        self._room.set()
        self._resampler: Any = None
        self._resampler_rate = 0
        self.task = asyncio.get_running_loop().create_task(self._read())

    def take(self) -> Optional[rtc.AudioFrame]:
        """The next full block, or None (stalled, or ended with nothing left)."""
        if self._blocks:
            self.stalled_blocks = 0
            self.warned = False
            block = self._blocks.popleft()
            self._room.set()
            return block
        self.stalled_blocks += 1
        return None

    def cancel(self) -> None:
        """Stop reading; the stream's pending ``__anext__`` is cancelled."""
        self.ended = True
        self.task.cancel()

    async def _read(self) -> None:
        try:
            while True:
                await self._room.wait()
                try:
                    item = await self.stream.__anext__()
                except StopAsyncIteration:
                    break
                self._blocks.extend(self._framer.push(self._convert(item)))
                if len(self._blocks) >= READ_AHEAD_BLOCKS:
                    self._room.clear()
            self._blocks.extend(self._flush())
        except asyncio.CancelledError:
            raise
        except Exception:  # a failing stream ends; the mix goes on
            logger.exception("AudioMixer: stream %r failed; dropping it", self.stream)
        finally:
            self.ended = True

    def _convert(self, item: Any) -> Any:
        """``item``'s samples at the mixer's rate and channel count (int16, interleaved)."""
        frame = item if isinstance(item, rtc.AudioFrame) else getattr(item, "frame", None)
        if not isinstance(frame, rtc.AudioFrame):
            raise TypeError(f"a mixer stream must yield rtc.AudioFrame (or events with a "
                            f".frame), got {type(item).__name__}")
        samples: Any = frame
        channels = frame.num_channels
        if channels > self._channels:  # downmix first: fewer channels to resample
            samples = remix(samples, self._channels)
            channels = self._channels
        if frame.sample_rate != self._rate:
            samples = self._resample(samples, frame.sample_rate, channels)
        if channels != self._channels:
            samples = remix(samples, self._channels, num_channels=channels)
        return samples

    def _resample(self, samples: Any, rate: int, channels: int) -> Any:
        if AudioResampler is None:
            raise ValueError(f"a {rate} Hz frame in a {self._rate} Hz mixer needs "
                             f"lkfast.AudioResampler, which this build lacks")
        if self._resampler is None or self._resampler_rate != rate:
            if self._resampler is not None:  # the old rate's tail first, then the new rate
                self._blocks.extend(self._framer.push(self._resampler.flush_array()))
            self._resampler = AudioResampler(rate, self._rate, channels)
            self._resampler_rate = rate
        if isinstance(samples, rtc.AudioFrame):
            samples = np.frombuffer(samples.data, np.int16).reshape(-1, channels)
        return self._resampler.push_array(samples)

    def _flush(self) -> list[rtc.AudioFrame]:
        """The end of the stream: the resampler's tail, then the last block zero-padded."""
        frames = []
        if self._resampler is not None:
            frames = self._framer.push(self._resampler.flush_array())
            self._resampler = None
        return frames + self._framer.flush()
