"""Pure-Python references of every lkfast kernel: same signatures, no numpy.

They are the oracle in the tests and the "pure Python" column in the benchmarks. Each twin
lives beside its kernel (:mod:`lkfast.audio.reference`, :mod:`lkfast.video.reference`); this
package gathers them, and its old submodules (``lkfast.reference.tone``, ``.yuv``, ...) still
import (see :mod:`lkfast._moved`).
"""

from lkfast._core.results import Levels
from lkfast.audio import reference as _audio
from lkfast.audio.reference import *  # noqa: F403 (every audio twin)
from lkfast.video import reference as _video
from lkfast.video.reference import *  # noqa: F403 (every video twin)

__all__ = ["Levels"]
__all__ += _audio.__all__
__all__ += _video.__all__
