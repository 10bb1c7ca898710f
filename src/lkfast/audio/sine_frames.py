"""What the compiled ``SineGenerator`` and its pure-Python twin share: the frame each hands out
and how each prints."""

from __future__ import annotations

from typing import Any, Optional

from lkfast._core.checks import check_samples_per_channel


def next_frame(generator: Any, samples_per_channel: Optional[int]) -> Any:
    """A new ``rtc.AudioFrame`` filled by ``generator.fill`` with its next samples.

    Args:
        generator: a ``SineGenerator`` (either build).
        samples_per_channel: the frame's length; None for 10 ms (``sample_rate // 100``).
    """
    from livekit import rtc

    rate, channels = generator.sample_rate, generator.num_channels
    spc = check_samples_per_channel(rate // 100 if samples_per_channel is None
                                    else samples_per_channel)
    frame = rtc.AudioFrame(bytearray(spc * channels * 2), rate, channels, spc)
    generator.fill(frame.data)
    return frame


def sine_repr(generator: Any) -> str:
    """``SineGenerator(sample_rate=..., num_channels=..., frequency=..., amplitude=...)``."""
    return (f"SineGenerator(sample_rate={generator.sample_rate}, "
            f"num_channels={generator.num_channels}, frequency={generator.frequency!r}, "
            f"amplitude={generator.amplitude!r})")
