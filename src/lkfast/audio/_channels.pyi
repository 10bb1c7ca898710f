from collections.abc import Sequence
from typing import Optional, TypeVar, Union, overload

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast._core.buffer_types import ReadableBuffer, WritableBuffer

_Out = TypeVar("_Out", bound=Union[WritableBuffer, rtc.AudioFrame])
_Src = Union[ReadableBuffer, rtc.AudioFrame]
_Samples = npt.NDArray[Union[np.int16, np.float32]]

@overload
def interleave(
    planes: Union[ReadableBuffer, Sequence[ReadableBuffer]], out: None = None
) -> _Samples: ...
@overload
def interleave(planes: Union[ReadableBuffer, Sequence[ReadableBuffer]], out: _Out) -> _Out: ...
@overload
def deinterleave(src: _Src, num_channels: Optional[int] = None, out: None = None) -> _Samples: ...
@overload
def deinterleave(src: _Src, num_channels: Optional[int], out: _Out) -> _Out: ...
@overload
def deinterleave(src: _Src, *, out: _Out) -> _Out: ...
@overload
def remix(
    src: _Src, out_channels: int, num_channels: Optional[int] = None, out: None = None
) -> _Samples: ...
@overload
def remix(src: _Src, out_channels: int, num_channels: Optional[int], out: _Out) -> _Out: ...
@overload
def remix(src: _Src, out_channels: int, *, out: _Out) -> _Out: ...
