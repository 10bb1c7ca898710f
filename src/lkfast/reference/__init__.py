"""Pure-Python references of every lkfast kernel: same signatures, no numpy.

They are the oracle in the tests and the "pure Python" column in the benchmarks.
"""

from lkfast._results import Levels
from lkfast.reference.channels import deinterleave, interleave, remix
from lkfast.reference.framing import AudioFramer
from lkfast.reference.gain import apply_gain, fade
from lkfast.reference.levels import levels
from lkfast.reference.pcm import float_to_int16, int16_to_float32
from lkfast.reference.scale import scale_i420
from lkfast.reference.tone import SineGenerator
from lkfast.reference.video import convert, fill

__all__ = ["AudioFramer", "Levels", "SineGenerator", "apply_gain", "convert", "deinterleave",
           "fade", "fill", "float_to_int16", "int16_to_float32", "interleave", "levels", "remix",
           "scale_i420"]
