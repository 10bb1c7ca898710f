from typing import Optional, Union

from livekit import rtc

from lkfast._results import Levels
from lkfast._typing import ReadableBuffer

def levels(
    src: Union[ReadableBuffer, rtc.AudioFrame], num_channels: Optional[int] = None
) -> Levels: ...
