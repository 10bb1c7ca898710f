"""Pure-Python twins of the video kernels, one module per kernel module (``_pixels`` ->
:mod:`.pixels`, ``_yuv`` -> :mod:`.yuv`, ``_scale`` -> :mod:`.scale`): same signatures, bytearrays
and slices, no numpy."""

from lkfast.video.reference.pixels import convert, fill
from lkfast.video.reference.scale import scale_i420

__all__ = ["convert", "fill", "scale_i420"]
