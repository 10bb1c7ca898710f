from typing import Optional, Union

from livekit import rtc

from lkfast._core.buffer_types import ReadableBuffer
from lkfast._core.results import Levels

def levels(
    src: Union[ReadableBuffer, rtc.AudioFrame], num_channels: Optional[int] = None
) -> Levels: ...
