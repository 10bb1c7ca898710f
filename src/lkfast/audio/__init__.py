"""Audio: tone synthesis, PCM framing and sample kernels, and the ``livekit.rtc`` audio layer.

Kernels are the compiled ``_*.pyx`` modules; :mod:`.framing` and :mod:`.pcm` are their public
faces; :mod:`.publisher`, :mod:`.sources` and :mod:`.streams` feed ``rtc.AudioSource`` and read
``rtc.AudioStream``; :mod:`.reference` holds the pure-Python twin of each kernel, by name.
"""

from lkfast.audio._tone import SineGenerator
from lkfast.audio.framing import AudioFramer
from lkfast.audio.mixer import AudioMixer
from lkfast.audio.mixing import mix
from lkfast.audio.pcm import (
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
from lkfast.audio.publisher import AudioPublisher
from lkfast.audio.resampler import AudioResampler, resample
from lkfast.audio.sources import make_audio_source, publish_audio_track
from lkfast.audio.streams import audio_arrays

__all__ = [
    "AudioFramer",
    "AudioMixer",
    "AudioPublisher",
    "Levels",
    "SineGenerator",
    "apply_gain",
    "audio_arrays",
    "deinterleave",
    "fade",
    "float_to_int16",
    "int16_to_float32",
    "interleave",
    "levels",
    "mix",
    "make_audio_source",
    "publish_audio_track",
    "remix",
    "AudioResampler",
    "resample",
]
