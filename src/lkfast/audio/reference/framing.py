"""Pure-Python twin of :class:`lkfast.AudioFramer`: sample by sample, no numpy."""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional

from livekit import rtc

from lkfast._core.checks import check_frame_layout
from lkfast._core.views import buffer_view
from lkfast.audio.reference._buffers import _NAMES
from lkfast.audio.reference.pcm import saturate


class AudioFramer:
    """Same contract as :class:`lkfast.AudioFramer`, one byte or sample at a time."""

    def __init__(self, sample_rate: int, num_channels: int,
                 samples_per_channel: Optional[int] = None) -> None:
        self.sample_rate, self.num_channels, self.samples_per_channel = check_frame_layout(
            sample_rate, num_channels, samples_per_channel)
        self._frame_bytes = self.samples_per_channel * self.num_channels * 2
        self._pending = bytearray()

    @property
    def pending_bytes(self) -> int:
        """Bytes waiting for the next frame."""
        return len(self._pending)

    def push(self, data: Any) -> list[rtc.AudioFrame]:
        """Add PCM (bytes-like int16, an int16/float32/float64 array, or an ``rtc.AudioFrame``
        of the framer's layout) and return the frames it completes."""
        if isinstance(data, rtc.AudioFrame):
            if (data.sample_rate, data.num_channels) != (self.sample_rate, self.num_channels):
                raise ValueError(
                    f"frame has {data.sample_rate} Hz, {data.num_channels} channels; the "
                    f"framer takes {self.sample_rate} Hz, {self.num_channels} channels")
            data = data.data[: data.samples_per_channel * data.num_channels]
        view = buffer_view(data, "data", False,
                           "be bytes-like, a numpy array or an rtc.AudioFrame")
        code = view.format.lstrip("@=<")
        if code not in ("h", "f", "d") and not (code in ("B", "b", "c") and view.ndim <= 1):
            name = _NAMES.get(code.lstrip(">!"), view.format)
            order = " (big-endian)" if view.format[:1] in (">", "!") else ""
            raise TypeError(f"Expected data with dtype `int16`, `float32` or `float64` but got "
                            f"`{name}`{order}")
        if view.ndim > 2:
            raise ValueError(f"data must be 1-D or (n, num_channels), got shape {view.shape}")
        if view.ndim == 2 and view.shape is not None and view.shape[1] != self.num_channels:
            raise ValueError(f"data has {view.shape[1]} channels, the framer "
                             f"num_channels={self.num_channels}")
        if code in ("f", "d"):
            if len(self._pending) % 2:
                raise ValueError("float data pushed while half an int16 sample is pending")
            for x in view.cast("B").cast(code) if view.nbytes else ():  # type: ignore
                v = 0 if math.isnan(x) else saturate(x * 32768.0)
                self._pending += v.to_bytes(2, "little", signed=True)
        else:
            for byte in view.cast("B") if view.nbytes else b"":
                self._pending.append(byte)
        frames = []
        while len(self._pending) >= self._frame_bytes:
            frames.append(self._frame(self._pending[: self._frame_bytes]))
            del self._pending[: self._frame_bytes]
        return frames

    def write(self, data: Any) -> list[rtc.AudioFrame]:
        """Alias of :meth:`push` (as in livekit-agents' ``AudioByteStream``)."""
        return self.push(data)

    def flush(self) -> list[rtc.AudioFrame]:
        """Pending samples as one zero-padded full frame; a dangling half sample is dropped."""
        if len(self._pending) % 2:
            warnings.warn("AudioFramer.flush dropped half an int16 sample (1 byte)",
                          RuntimeWarning, stacklevel=2)
            del self._pending[-1]
        if not self._pending:
            return []
        padded = self._pending + bytes(self._frame_bytes - len(self._pending))
        self._pending = bytearray()
        return [self._frame(padded)]

    def clear(self) -> None:
        """Drop whatever is pending."""
        self._pending = bytearray()

    def _frame(self, data: bytearray) -> rtc.AudioFrame:
        return rtc.AudioFrame(bytearray(data), self.sample_rate, self.num_channels,
                              self.samples_per_channel)
