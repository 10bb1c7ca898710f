"""What :class:`~lkfast.audio.publisher.AudioPublisher` does with audio at another rate.

:class:`InputRate` turns the chunks of one ``play()`` into int16 chunks at the source's rate:
chunks at the source's rate pass through untouched; others (an ``input_rate`` given to the
publisher or to ``play()``, or an ``rtc.AudioFrame`` whose own rate differs) go through one
:class:`lkfast.AudioResampler` per input rate, continuously across chunks, so the output is
the same however the input was split; :meth:`InputRate.flush` returns the resampler's tail.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
from livekit import rtc

from lkfast.audio._pcm import float_to_int16
from lkfast.audio.resampler import AudioResampler


class InputRate:
    """Converts the chunks of one stream to ``rate`` Hz, int16, ``channels`` interleaved.

    Args:
        rate: the source's rate, Hz. channels: its channel count.
        input_rate: the rate of chunks that do not carry one (arrays, bytes), Hz.
        resamplers: the publisher's resamplers by input rate, reused (reset) across plays.
    """

    __slots__ = ("rate", "channels", "input_rate", "resamplers", "current", "carry")

    def __init__(self, rate: int, channels: int, input_rate: int,
                 resamplers: dict[int, AudioResampler]) -> None:
        self.rate = rate
        self.channels = channels
        self.input_rate = input_rate
        self.resamplers = resamplers
        self.current: Optional[AudioResampler] = None
        self.carry = b""  # bytes of an incomplete channel group of bytes-like input
        for resampler in resamplers.values():
            resampler.reset()

    @property
    def resampling(self) -> bool:
        """Whether chunks without a rate of their own are resampled."""
        return self.input_rate != self.rate

    def convert(self, chunk: Any) -> list[Any]:
        """The pieces to frame for ``chunk``: itself when it is at the source's rate."""
        frame = isinstance(chunk, rtc.AudioFrame)
        rate = chunk.sample_rate if frame else self.input_rate
        if rate == self.rate and self.current is None:
            return [chunk]  # the usual case: nothing to do
        if frame:
            if chunk.num_channels != self.channels:
                raise ValueError(f"a frame of {chunk.num_channels} channels was pushed; the "
                                 f"source takes {self.channels}")
            data: Any = np.frombuffer(chunk.data, np.int16)[: chunk.samples_per_channel
                                                             * self.channels]
        else:
            data = chunk
        pieces = self._switch(rate)
        if rate == self.rate:
            return pieces + [chunk]
        pieces.append(self._resampler(rate).push_array(self._int16(data)))
        return pieces

    def flush(self) -> list[Any]:
        """The tail of the resampled stream (an incomplete last channel group zero-padded)."""
        return self._switch(None)

    def _switch(self, rate: Optional[int]) -> list[Any]:
        """Flush the resampler in use when the input rate changes to ``rate``."""
        current = self.current
        if current is not None and (rate is None or current.input_rate != rate):
            self.current = None
            pieces = []
            carry = self.carry[: len(self.carry) // 2 * 2]  # half a sample is dropped
            self.carry = b""
            if carry:  # a partial channel group still plays, zero-padded
                tail = carry + bytes(2 * self.channels - len(carry))
                pieces.append(current.push_array(np.frombuffer(tail, np.int16)))
            pieces.append(current.flush_array())
            return pieces
        return []

    def _resampler(self, rate: int) -> AudioResampler:
        resampler = self.resamplers.get(rate)
        if resampler is None:
            resampler = self.resamplers[rate] = AudioResampler(rate, self.rate, self.channels)
        self.current = resampler
        return resampler

    def _int16(self, data: Any) -> Any:
        """``data`` as int16 samples (whole channel groups of bytes-like input; the rest is
        carried to the next chunk)."""
        if isinstance(data, np.ndarray):
            if data.dtype.kind == "f":
                return float_to_int16(np.ascontiguousarray(data))
            if data.dtype != np.int16:
                raise TypeError(f"a chunk of dtype {data.dtype} was pushed; expected int16, "
                                f"float32 or float64")
            return data
        try:
            raw = memoryview(data).cast("B")
        except TypeError:
            raise TypeError(f"a chunk must be a numpy array, a bytes-like object or an "
                            f"rtc.AudioFrame, got {type(data).__name__}") from None
        group = 2 * self.channels
        joined = self.carry + raw.tobytes() if self.carry else raw
        whole = len(joined) // group * group
        self.carry = bytes(joined[whole:])
        return np.frombuffer(joined[:whole], np.int16)


__all__ = ["InputRate"]
