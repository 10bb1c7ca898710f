"""What the demo publishes: one description shared by the loopback and the room."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The colour wheel the video cycles through, as (name, (r, g, b)).
PALETTE: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("red", (255, 0, 0)),
    ("yellow", (255, 255, 0)),
    ("green", (0, 255, 0)),
    ("cyan", (0, 255, 255)),
    ("blue", (0, 0, 255)),
    ("magenta", (255, 0, 255)),
)


@dataclass(frozen=True)
class DemoConfig:
    """The tone and the colour-cycling video the demo publishes.

    Attributes:
        sample_rate: Hz of the audio source.
        frequency: Hz of the tone.
        amplitude: peak as a fraction of int16 full scale (1.0 = 32767).
        audio_frame_ms: audio per ``capture_frame`` call (``AudioPublisher(frame_ms=...)``).
        queue_size_ms: the audio source's queue, ms (a multiple of 10, at least the frame).
        width, height: video size, pixels.
        fps: video frames per second.
        frames_per_colour: video frames of each colour of ``palette`` (5 at 10 fps: 0.5 s).
        palette: the colours, as ``(name, (r, g, b))``, cycled in order.
    """

    sample_rate: int = 48000
    frequency: float = 440.0
    amplitude: float = 0.5
    audio_frame_ms: int = 100
    queue_size_ms: int = 200
    width: int = 640
    height: int = 480
    fps: int = 10
    frames_per_colour: int = 5
    palette: tuple[tuple[str, tuple[int, int, int]], ...] = PALETTE

    def __post_init__(self) -> None:
        if not self.palette:
            raise ValueError("palette must hold at least one colour")
        if not 1 <= self.fps <= 120:
            raise ValueError(f"fps must be 1 to 120, got {self.fps}")
        if self.frames_per_colour < 1:
            raise ValueError(f"frames_per_colour must be at least 1, got {self.frames_per_colour}")
        if not 0 < self.amplitude <= 1:
            raise ValueError(f"amplitude must be in (0, 1], got {self.amplitude}")

    def colour_of_frame(self, index: int) -> int:
        """Index into ``palette`` of the colour of video frame ``index`` (0 = the first)."""
        return (index // self.frames_per_colour) % len(self.palette)

    def frames_in(self, duration: float) -> int:
        """Video frames published in ``duration`` s: one per tick at ``k / fps`` (k = 0, 1, ...)
        up to half a frame before the end, where the publisher stops so no tick races it."""
        return max(0, math.ceil(duration * self.fps - 0.5))
