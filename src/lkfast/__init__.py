"""lkfast: Cython kernels for LiveKit real-time media.

Tone synthesis into int16 PCM, PCM framing, pixel-format conversion, and the thin layer that
feeds them into ``livekit.rtc`` sources and reads ``livekit.rtc`` streams into numpy arrays.
"""

from lkfast._tone import SineGenerator
from lkfast._version import __version__
from lkfast.framing import AudioFramer
from lkfast.pcm import float_to_int16, int16_to_float32
from lkfast.video import convert, convert_frame, fill, solid_frame, to_ndarray

__all__ = ["AudioFramer", "SineGenerator", "__version__", "convert", "convert_frame", "fill",
           "float_to_int16", "int16_to_float32", "solid_frame", "to_ndarray"]
