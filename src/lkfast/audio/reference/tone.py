"""Pure-Python twin of :class:`lkfast.SineGenerator` (math and memoryview only, no numpy)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional

from lkfast._core.checks import check_sample_index, check_sine_params
from lkfast.audio.reference._buffers import acquire_int16
from lkfast.audio.sine_frames import next_frame, sine_repr

if TYPE_CHECKING:
    from livekit import rtc


class SineGenerator:
    """Sine tone as int16 PCM; see :class:`lkfast.SineGenerator` for the contract."""

    def __init__(self, sample_rate: int = 48000, num_channels: int = 1,
                 frequency: float = 440.0, amplitude: float = 0.5) -> None:
        (self.sample_rate, self.num_channels, self.frequency,
         self.amplitude) = check_sine_params(sample_rate, num_channels, frequency, amplitude)
        self._position = 0
        self._cycles_per_sample = self.frequency / self.sample_rate

    @property
    def position(self) -> int:
        """Index (samples per channel) of the next sample to be generated."""
        return self._position

    def seek(self, sample_index: int) -> None:
        """Make ``sample_index`` (samples per channel from the start) the next sample."""
        self._position = check_sample_index(sample_index)

    def fill(self, out: object) -> int:
        """Write the next ``len(out) // num_channels`` samples per channel; returns that count."""
        samples = acquire_int16(out, "out", True)
        nch = self.num_channels
        if len(samples) % nch:
            raise ValueError(
                f"out holds {len(samples)} int16 samples, not a multiple of num_channels={nch}")
        frames = len(samples) // nch
        scale = self.amplitude * 32767.0
        cps = self._cycles_per_sample
        two_pi = 2.0 * math.pi
        k0 = self._position
        for i in range(frames):
            # Only the fractional cycle matters; taking it from the integer k keeps it exact.
            cycles = math.fmod(cps * (k0 + i), 1.0)
            value = round(scale * math.sin(two_pi * cycles))
            for c in range(nch):
                samples[i * nch + c] = value
        self._position = k0 + frames
        return frames

    def next_frame(self, samples_per_channel: Optional[int] = None) -> rtc.AudioFrame:
        """Return a new ``rtc.AudioFrame`` holding the next samples (default 10 ms)."""
        frame: rtc.AudioFrame = next_frame(self, samples_per_channel)
        return frame

    def __repr__(self) -> str:
        return sine_repr(self)
