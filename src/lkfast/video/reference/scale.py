"""Pure-Python twin of :func:`lkfast.scale_i420` (plain integers and bytearrays, no numpy)."""

from __future__ import annotations

from typing import Any

from lkfast.video.formats import MatrixName, byte_size
from lkfast.video.scaling import (
    OUT_ROUND,
    OUT_SHIFT,
    ROW_ROUND,
    ROW_SHIFT,
    Colour,
    Rect,
    check_scale,
    fit_rects,
    plane_layout,
    taps,
)


def scale_plane(src: Any, src_offset: int, src_stride: int, src_w: int, src_h: int,
                dst: Any, dst_offset: int, dst_stride: int, dst_w: int, dst_h: int) -> None:
    """Resample one plane's rectangle into another: vertical pass, then horizontal."""
    tx, ty = taps(src_w, dst_w), taps(src_h, dst_h)
    for j in range(dst_h):
        row = [0] * src_w
        for k in range(ty.counts[j]):
            weight = ty.weights[j * ty.width + k]
            first = src_offset + (ty.starts[j] + k) * src_stride
            line = src[first : first + src_w]
            for x in range(src_w):
                row[x] += weight * line[x]
        row = [(v + ROW_ROUND) >> ROW_SHIFT for v in row]
        base = dst_offset + j * dst_stride
        for i in range(dst_w):
            start, weights = tx.starts[i], tx.weights[i * tx.width : (i + 1) * tx.width]
            acc = OUT_ROUND
            for k in range(tx.counts[i]):
                acc += weights[k] * row[start + k]
            dst[base + i] = acc >> OUT_SHIFT


def scale_i420(src: Any, width: int, height: int, dst_width: int, dst_height: int, *,
               fit: str = "stretch", background: Colour = (0, 0, 0),
               matrix: MatrixName = "bt601", full_range: bool = False, out: Any = None) -> Any:
    """Same contract as :func:`lkfast.scale_i420`; returns a new bytearray, or ``out``."""
    view, w, h, dw, dh, name, yuv, target = check_scale(
        src, width, height, dst_width, dst_height, fit, background, matrix, full_range, out)
    source = bytes(view)
    result = bytearray(byte_size("I420", dw, dh))
    src_rect, dst_rect = fit_rects(w, h, dw, dh, name)
    letterboxed = dst_rect != Rect(0, 0, dw, dh)
    for plane, ((so, ss, _, _), (do, ds, _, ph)) in enumerate(zip(plane_layout(w, h),
                                                                   plane_layout(dw, dh))):
        sr, dr = (src_rect, dst_rect) if plane == 0 else (src_rect.chroma(), dst_rect.chroma())
        if letterboxed:
            result[do : do + ds * ph] = bytes([yuv[plane]]) * (ds * ph)
        scale_plane(source, so + sr.y * ss + sr.x, ss, sr.w, sr.h,
                    result, do + dr.y * ds + dr.x, ds, dr.w, dr.h)
    if target is None:
        return result
    target[:] = result
    return out


__all__ = ["scale_i420", "scale_plane"]
