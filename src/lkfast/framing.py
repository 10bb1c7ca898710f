"""Split a PCM stream of any chunking into fixed-length ``rtc.AudioFrame``s.

The names follow livekit-agents' ``AudioByteStream``: ``push``, ``flush``, ``clear``.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

import numpy as np
from livekit import rtc

from lkfast._checks import check_frame_layout
from lkfast.pcm import float_to_int16


class AudioFramer:
    """Cuts int16 or float PCM, pushed in chunks of any size, into full frames.

    Every frame holds exactly ``samples_per_channel`` samples per channel. Bytes that do not
    fill a frame wait for the next ``push``, even half a sample or half a channel group, so no
    sample is lost, duplicated or shifted. Each input byte is copied once, straight into the
    memory of the frame that carries it (a whole ``bytearray``, which LiveKit reads without a
    further copy).

    Args:
        sample_rate: Hz, 8000 to 192000.
        num_channels: 1 to 8.
        samples_per_channel: frame length; default 10 ms (``sample_rate // 100``: 480 at 48 kHz,
            441 at 44.1 kHz, 160 at 16 kHz).
    """

    def __init__(self, sample_rate: int, num_channels: int,
                 samples_per_channel: Optional[int] = None) -> None:
        self.sample_rate, self.num_channels, self.samples_per_channel = check_frame_layout(
            sample_rate, num_channels, samples_per_channel)
        self._frame_bytes = self.samples_per_channel * self.num_channels * 2
        self._buf = bytearray(self._frame_bytes)
        self._pos = 0  # bytes of self._buf already filled

    @property
    def pending_bytes(self) -> int:
        """Bytes waiting for the next frame."""
        return self._pos

    def push(self, data: Any) -> list[rtc.AudioFrame]:
        """Add PCM and return the frames it completes.

        Args:
            data: int16 interleaved PCM as bytes, bytearray or memoryview (any length, even
                odd), a numpy int16 array of shape ``(n,)`` or ``(n, num_channels)``, or a numpy
                float32/float64 array in [-1, 1] (x 32768, rounded, saturated).

        Raises:
            TypeError: unsupported type or dtype. ValueError: a 2-D array whose second axis is
                not ``num_channels``, a non-contiguous buffer, or float input while half a
                sample is pending.
        """
        if isinstance(data, np.ndarray):
            if data.ndim == 2 and data.shape[1] != self.num_channels:
                raise ValueError(f"data has {data.shape[1]} channels, the framer "
                                 f"num_channels={self.num_channels}")
            if data.ndim > 2:
                raise ValueError(f"data must be 1-D or (n, num_channels), got shape {data.shape}")
            if data.dtype.type in (np.float32, np.float64):
                if self._pos % 2:
                    raise ValueError("float data pushed while half an int16 sample is pending")
                data = float_to_int16(np.ascontiguousarray(data))
            elif data.dtype.type is not np.int16:
                raise TypeError(f"Expected data with dtype `int16`, `float32` or `float64` but "
                                f"got `{data.dtype.name}`")
        try:
            view = memoryview(data)
        except TypeError:
            raise TypeError(f"data must be bytes-like or a numpy array, got "
                            f"{type(data).__name__}") from None
        if not view.c_contiguous:
            raise ValueError("data must be C-contiguous")
        src = view.cast("B") if view.format != "B" or view.ndim != 1 else view
        frames: list[rtc.AudioFrame] = []
        n, offset = len(src), 0
        while offset < n:
            take = min(self._frame_bytes - self._pos, n - offset)
            self._buf[self._pos : self._pos + take] = src[offset : offset + take]
            self._pos += take
            offset += take
            if self._pos == self._frame_bytes:
                frames.append(self._emit())
        return frames

    def flush(self) -> list[rtc.AudioFrame]:
        """Return what is pending as one full-length frame, zero-padded; ``[]`` if nothing.

        A dangling half sample (an odd byte count) is dropped with a ``RuntimeWarning``.
        """
        if self._pos == 0:
            return []
        if self._pos % 2:
            warnings.warn("AudioFramer.flush dropped half an int16 sample (1 byte)",
                          RuntimeWarning, stacklevel=2)
            self._pos -= 1
            self._buf[self._pos] = 0
            if self._pos == 0:
                return []
        return [self._emit()]  # the rest of the buffer is still zero

    def clear(self) -> None:
        """Drop whatever is pending."""
        self._buf = bytearray(self._frame_bytes)
        self._pos = 0

    def _emit(self) -> rtc.AudioFrame:
        frame = rtc.AudioFrame(self._buf, self.sample_rate, self.num_channels,
                               self.samples_per_channel)
        self._buf = bytearray(self._frame_bytes)
        self._pos = 0
        return frame
