from typing import Optional, Union

import numpy as np
import numpy.typing as npt
from typing_extensions import disjoint_base

def design(
    taps: int, rows: int, phases: int, cutoff: float, beta: float
) -> npt.NDArray[np.float32]: ...
@disjoint_base
class Kernel:
    frames_in: int
    frames_out: int
    last_2d: bool
    def setup(
        self,
        table: npt.NDArray[np.float32],
        up: int,
        down: int,
        phases: int,
        interpolate: bool,
        channels: int,
        int16: bool,
        input_rate: int,
        blocks: Optional[
            tuple[npt.NDArray[np.float32], npt.NDArray[np.int32], npt.NDArray[np.int32]]
        ] = None,
    ) -> None: ...
    def reset(self) -> None: ...
    def push(self, data: object, max_out: int = -1) -> npt.NDArray[Union[np.int16, np.float32]]: ...
