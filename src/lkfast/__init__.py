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
from lkfast.publisher import AudioPublisher
from lkfast.scale import scale_i420
from lkfast.sources import make_audio_source, publish_audio_track
from lkfast.streams import audio_arrays
from lkfast.video import convert, convert_frame, fill, solid_frame, to_ndarray
from lkfast.video_publisher import VideoPublisher, VideoPublisherStats
from lkfast.video_sources import make_video_source, publish_video_track
from lkfast.video_streams import VideoArrays, video_arrays

__all__ = [
    "AudioFramer",
    "AudioPublisher",
    "Levels",
    "SineGenerator",
    "VideoArrays",
    "VideoPublisher",
    "VideoPublisherStats",
    "__version__",
    "apply_gain",
    "audio_arrays",
    "convert",
    "convert_frame",
    "deinterleave",
    "fade",
    "fill",
    "float_to_int16",
    "int16_to_float32",
    "interleave",
    "levels",
    "make_audio_source",
    "make_video_source",
    "publish_audio_track",
    "publish_video_track",
    "remix",
    "scale_i420",
    "solid_frame",
    "to_ndarray",
    "video_arrays",
]
