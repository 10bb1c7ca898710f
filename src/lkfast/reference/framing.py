"""Pure-Python twin of :class:`lkfast.AudioFramer`: sample by sample, no numpy."""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional

from livekit import rtc

from lkfast._checks import check_frame_layout


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
        """Add PCM (bytes-like int16, or an int16/float32/float64 array) and return full frames."""
        try:
            view = memoryview(data)
        except TypeError:
            raise TypeError(f"data must be bytes-like or a numpy array, got "
                            f"{type(data).__name__}") from None
        if not view.c_contiguous:
            raise ValueError("data must be C-contiguous")
        if view.ndim == 2 and view.shape is not None and view.shape[1] != self.num_channels:
            raise ValueError(f"data has {view.shape[1]} channels, the framer "
                             f"num_channels={self.num_channels}")
        if view.ndim > 2:
            raise ValueError(f"data must be 1-D or (n, num_channels), got shape {view.shape}")
        code = view.format.lstrip("@=<")
        if code in ("f", "d"):
            if len(self._pending) % 2:
                raise ValueError("float data pushed while half an int16 sample is pending")
            for x in view.cast("B").cast(code):  # type: ignore[call-overload]
                v = 0 if math.isnan(x) else round(max(-2.0, min(2.0, x)) * 32768.0)
                self._pending += max(-32768, min(32767, v)).to_bytes(2, "little", signed=True)
        elif code in ("h", "B", "b", "c"):
            for byte in view.cast("B"):
                self._pending.append(byte)
        else:
            raise TypeError(f"Expected data with dtype `int16`, `float32` or `float64` but got "
                            f"format {view.format!r}")
        frames = []
        while len(self._pending) >= self._frame_bytes:
            frames.append(self._frame(self._pending[: self._frame_bytes]))
            del self._pending[: self._frame_bytes]
        return frames

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
