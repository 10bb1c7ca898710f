"""Pure-Python references of every lkfast kernel: same signatures, no numpy.

They are the oracle in the tests and the "pure Python" column in the benchmarks. Each twin
lives beside its kernel (:mod:`lkfast.audio.reference`, :mod:`lkfast.video.reference`); this
package gathers them, and its old submodules (``lkfast.reference.tone``, ``.yuv``, ...) still
import (see :mod:`lkfast._moved`).
"""

from lkfast._core.results import Levels
from lkfast.audio.reference import *  # every audio twin
from lkfast.video.reference import *  # every video twin

# A literal list for type checkers; tests/test_api.py checks it against the media's lists.
__all__ = ["AudioFramer", "Levels", "SineGenerator", "apply_gain", "convert", "deinterleave",
           "fade", "fill", "float_to_int16", "int16_to_float32", "interleave", "levels", "mix",
           "remix", "resample", "scale_i420"]
