"""Video: fills, pixel-format conversion and scaling kernels, and the ``livekit.rtc`` video layer.

Kernels are the compiled ``_pixels``, ``_yuv`` and ``_scale`` modules (each built per ISA,
:mod:`.kernels` holds the builds in use); :mod:`.formats` names the formats; :mod:`.conversion`
and :mod:`.scale` are the kernels' public faces; :mod:`.publisher`, :mod:`.sources` and
:mod:`.streams` feed ``rtc.VideoSource`` and read ``rtc.VideoStream``; :mod:`.reference` holds
the pure-Python twin of each kernel, by name.
"""

from lkfast.video.conversion import convert, convert_frame, fill, solid_frame, to_ndarray
from lkfast.video.publisher import VideoPublisher, VideoPublisherStats
from lkfast.video.scale import scale_i420
from lkfast.video.sources import make_video_source, publish_video_track
from lkfast.video.streams import VideoArrays, video_arrays

__all__ = [
    "VideoArrays",
    "VideoPublisher",
    "VideoPublisherStats",
    "convert",
    "convert_frame",
    "fill",
    "make_video_source",
    "publish_video_track",
    "scale_i420",
    "solid_frame",
    "to_ndarray",
    "video_arrays",
]
