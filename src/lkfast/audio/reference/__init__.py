"""Pure-Python twins of the audio kernels, one module per kernel module (``_tone`` ->
:mod:`.tone`, ``_framing`` -> :mod:`.framing`, ...): same signatures, no numpy."""

from lkfast.audio.reference.channels import deinterleave, interleave, remix
from lkfast.audio.reference.framing import AudioFramer
from lkfast.audio.reference.gain import apply_gain, fade
from lkfast.audio.reference.levels import levels
from lkfast.audio.reference.mix import mix
from lkfast.audio.reference.pcm import float_to_int16, int16_to_float32
from lkfast.audio.reference.resample import resample
from lkfast.audio.reference.tone import SineGenerator

__all__ = ["AudioFramer", "SineGenerator", "apply_gain", "deinterleave", "fade",
           "float_to_int16", "int16_to_float32", "interleave", "levels", "mix", "remix",
           "resample"]
