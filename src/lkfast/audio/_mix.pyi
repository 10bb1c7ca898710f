from typing import Optional, Sequence, Union

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast._core.buffer_types import ReadableBuffer, WritableBuffer

MAX_STREAMS: int
VARIANT: str

def mix_buffers(
    streams: Sequence[Union[ReadableBuffer, rtc.AudioFrame]],
    gains: Optional[Sequence[float]],
    out: Union[WritableBuffer, rtc.AudioFrame, None],
    clip: bool,
) -> Union[npt.NDArray[Union[np.int16, np.float32]], WritableBuffer, rtc.AudioFrame]: ...
