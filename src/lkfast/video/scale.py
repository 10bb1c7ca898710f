"""Scaling I420 frames: stretch, letterbox or crop to another size.

Each plane is resampled separately: area average when shrinking (a box filter, like OpenCV's
``INTER_AREA``), bilinear when enlarging, in exact fixed point (:mod:`lkfast.video.scaling` has the
arithmetic; :func:`lkfast.reference.scale_i420` is its pure-Python twin, byte-identical).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from lkfast.video.formats import MatrixName, byte_size
from lkfast.video.kernels import pixels as _pixels
from lkfast.video.kernels import scale as _scale
from lkfast.video.scaling import Colour, FitName, Rect, check_scale, fit_rects, plane_layout, taps

_TapsArrays = tuple[np.ndarray, np.ndarray, np.ndarray, int]
_ARRAYS: dict[tuple[int, int], _TapsArrays] = {}


def _taps_arrays(src_len: int, dst_len: int) -> _TapsArrays:
    """``taps(src_len, dst_len)`` as read-only int32 arrays for the kernel (the last 64 pairs
    are cached)."""
    cached = _ARRAYS.get((src_len, dst_len))
    if cached is not None:
        return cached
    t = taps(src_len, dst_len)
    arrays = [np.array(values, dtype=np.int32) for values in (t.starts, t.counts, t.weights)]
    for array in arrays:
        array.flags.writeable = False
    if len(_ARRAYS) >= 64:
        _ARRAYS.clear()
    result = _ARRAYS[(src_len, dst_len)] = (arrays[0], arrays[1], arrays[2], t.width)
    return result


def scale_i420(src: Any, width: int, height: int, dst_width: int, dst_height: int, *,
               fit: FitName = "stretch", background: Colour = (0, 0, 0),
               matrix: MatrixName = "bt601", full_range: bool = False,
               out: Any = None) -> npt.NDArray[np.uint8]:
    """Scale an I420 frame to another size.

    Args:
        src: C-contiguous buffer holding one I420 frame of ``width`` x ``height`` pixels.
        width, height: the source's size, pixels (1 to 16384).
        dst_width, dst_height: the result's size, pixels (1 to 16384).
        fit: ``"stretch"`` (the whole source on the whole frame; the aspect ratio changes),
            ``"letterbox"`` (the whole source, aspect ratio kept, bars of ``background``) or
            ``"crop"`` (the whole frame covered, aspect ratio kept, the overflow cut equally
            on both sides). Rectangles start on even pixels (4:2:0 chroma).
        background: the bars' colour, ``(r, g, b)`` 0-255, encoded with ``matrix`` and
            ``full_range`` as in :func:`lkfast.fill`.
        matrix, full_range: the YUV encoding of the bars' colour.
        out: optional writable buffer of exactly the destination frame's size, not
            overlapping ``src``.

    Returns:
        The scaled frame as a flat uint8 array (a view of ``out`` when given).

    Raises:
        TypeError, ValueError: a bad size, fit, colour or buffer (the message says which).
    """
    view, w, h, dw, dh, name, yuv, target = check_scale(
        src, width, height, dst_width, dst_height, fit, background, matrix, full_range, out)
    if target is None:
        result = np.empty(byte_size("I420", dw, dh), dtype=np.uint8)
        target = result.data
    else:
        if _pixels.overlap(view, target):
            raise ValueError("out overlaps src")
        result = np.frombuffer(target, dtype=np.uint8)
    src_rect, dst_rect = fit_rects(w, h, dw, dh, name)
    letterboxed = dst_rect != Rect(0, 0, dw, dh)
    for plane, ((so, ss, _, _), (do, ds, pw, ph)) in enumerate(zip(plane_layout(w, h),
                                                                   plane_layout(dw, dh))):
        sr, dr = (src_rect, dst_rect) if plane == 0 else (src_rect.chroma(), dst_rect.chroma())
        if letterboxed:
            _scale.fill_rect(target, do, ds, pw, ph, yuv[plane])
        xs, xc, xw, xn = _taps_arrays(sr.w, dr.w)
        ys, yc, yw, yn = _taps_arrays(sr.h, dr.h)
        _scale.scale_plane(view, so + sr.y * ss + sr.x, ss, sr.w, sr.h,
                    target, do + dr.y * ds + dr.x, ds, dr.w, dr.h, xs, xc, xw, xn, ys, yc, yw, yn)
    return result


__all__ = ["scale_i420"]
