"""lkfast: Cython kernels for LiveKit real-time media.

Tone synthesis into int16 PCM, PCM framing and sample kernels, pixel-format conversion, and the
thin layer that feeds them into ``livekit.rtc`` sources and reads ``livekit.rtc`` streams into
numpy arrays.
"""

from lkfast._tone import SineGenerator
from lkfast._version import __version__
from lkfast.framing import AudioFramer
from lkfast.pcm import (
    Levels,
    apply_gain,
    deinterleave,
    fade,
    float_to_int16,
    int16_to_float32,
    interleave,
    levels,
    remix,
)

__all__ = [
    "AudioFramer",
    "Levels",
    "SineGenerator",
    "__version__",
    "apply_gain",
    "deinterleave",
    "fade",
    "float_to_int16",
    "int16_to_float32",
    "interleave",
    "levels",
    "remix",
]
