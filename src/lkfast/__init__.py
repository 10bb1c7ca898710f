"""lkfast: Cython kernels for LiveKit real-time media.

Tone synthesis into int16 PCM, PCM framing and sample kernels, pixel-format conversion, and the
thin layer that feeds them into ``livekit.rtc`` sources and reads ``livekit.rtc`` streams into
numpy arrays.

Layout: :mod:`lkfast.audio` and :mod:`lkfast.video` hold the kernels, their Python layer and
their pure-Python twins; :mod:`lkfast._core` the machinery both use; this module re-exports the
public API.
"""

from lkfast import _moved, audio, video
from lkfast._version import __version__
from lkfast.audio import *  # noqa: F403 (the audio API, audio.__all__)
from lkfast.video import *  # noqa: F403 (the video API, video.__all__)

# The forms type checkers read (the typing spec's "library interface" rules).
__all__ = ["__version__"]
__all__ += audio.__all__
__all__ += video.__all__

_moved.install()
