"""lkfast: Cython kernels for LiveKit real-time media.

Tone synthesis into int16 PCM, PCM framing and sample kernels, pixel-format conversion, and the
thin layer that feeds them into ``livekit.rtc`` sources and reads ``livekit.rtc`` streams into
numpy arrays.

Layout: :mod:`lkfast.audio` and :mod:`lkfast.video` hold the kernels, their Python layer and
their pure-Python twins; :mod:`lkfast._core` the machinery both use; this module re-exports the
public API.
"""

from lkfast import _moved
from lkfast._version import __version__
from lkfast.audio import *  # the audio API (audio.__all__)
from lkfast.video import *  # the video API (video.__all__)

# A literal list, which type checkers and stubtest read (they do not follow audio.__all__);
# tests/test_api.py checks it is exactly audio.__all__ + video.__all__ + __version__.
__all__ = ["AudioFramer", "AudioMixer", "AudioPublisher", "AudioResampler", "Levels",
           "SineGenerator", "VideoArrays", "VideoPublisher", "VideoPublisherStats", "__version__",
           "apply_gain", "audio_arrays", "convert", "convert_frame", "deinterleave", "fade", "fill",
           "float_to_int16", "int16_to_float32", "interleave", "levels", "make_audio_source",
           "make_video_source", "mix", "publish_audio_track", "publish_video_track", "remix",
           "resample", "scale_i420", "solid_frame", "to_ndarray", "video_arrays"]

_moved.install()
