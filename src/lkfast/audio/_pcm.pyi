from typing import TypeVar, Union, overload

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast._core.buffer_types import ReadableBuffer, WritableBuffer

_Out = TypeVar("_Out", bound=Union[WritableBuffer, rtc.AudioFrame])

@overload
def float_to_int16(src: ReadableBuffer, out: None = None) -> npt.NDArray[np.int16]: ...
@overload
def float_to_int16(src: ReadableBuffer, out: _Out) -> _Out: ...
@overload
def int16_to_float32(
    src: Union[ReadableBuffer, rtc.AudioFrame], out: None = None
) -> npt.NDArray[np.float32]: ...
@overload
def int16_to_float32(src: Union[ReadableBuffer, rtc.AudioFrame], out: _Out) -> _Out: ...
