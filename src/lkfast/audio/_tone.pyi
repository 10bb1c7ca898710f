from typing import Optional

from livekit import rtc
from typing_extensions import disjoint_base

from lkfast._core.buffer_types import WritableBuffer

@disjoint_base
class SineGenerator:
    """Sine tone as int16 PCM, interleaved, the same sample in every channel."""

    @property
    def sample_rate(self) -> int: ...
    @property
    def num_channels(self) -> int: ...
    @property
    def frequency(self) -> float: ...
    @property
    def amplitude(self) -> float: ...
    @property
    def position(self) -> int: ...
    def __init__(
        self,
        sample_rate: int = 48000,
        num_channels: int = 1,
        frequency: float = 440.0,
        amplitude: float = 0.5,
    ) -> None: ...
    def seek(self, sample_index: int) -> None: ...
    def fill(self, out: WritableBuffer) -> int: ...
    def next_frame(self, samples_per_channel: Optional[int] = None) -> rtc.AudioFrame: ...
