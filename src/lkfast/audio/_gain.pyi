from typing import Literal, Optional, TypeVar, Union, overload

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast._core.buffer_types import ReadableBuffer, WritableBuffer

_Out = TypeVar("_Out", bound=Union[WritableBuffer, rtc.AudioFrame])
_Src = Union[ReadableBuffer, rtc.AudioFrame]
_Samples = npt.NDArray[Union[np.int16, np.float32]]

@overload
def apply_gain(src: _Src, gain_db: float, out: None = None) -> _Samples: ...
@overload
def apply_gain(src: _Src, gain_db: float, out: _Out) -> _Out: ...
@overload
def fade(
    src: _Src,
    length: int,
    direction: Literal["in", "out"] = "in",
    start: Optional[int] = None,
    num_channels: Optional[int] = None,
    out: None = None,
) -> _Samples: ...
@overload
def fade(
    src: _Src,
    length: int,
    direction: Literal["in", "out"] = "in",
    start: Optional[int] = None,
    num_channels: Optional[int] = None,
    *,
    out: _Out,
) -> _Out: ...
