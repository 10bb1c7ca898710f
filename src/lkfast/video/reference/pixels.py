"""Pure-Python twins of :mod:`lkfast.video.conversion` (bytearray and slices only, no numpy).

Packed conversions move each channel with one extended-slice assignment, the fastest plain
Python can do; conversions to and from YUV are in :mod:`lkfast.video.reference.yuv`.
"""

from __future__ import annotations

from typing import Any, Optional, Union

from lkfast.video.args import check_convert, check_rgba, check_threads, frame_bytes
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CHANNEL_OFFSETS,
    PLANAR,
    YUV,
    FormatLike,
    FormatName,
    MatrixName,
    check_size,
    encode_pixel,
    layout,
    matrix_code,
    parse_format,
)
from lkfast.video.reference.planar import convert_planar
from lkfast.video.reference.yuv import convert_yuv


def convert_packed(src: bytes, pixels: int, src_format: FormatName,
                   dst_format: FormatName) -> bytearray:
    """Convert ``pixels`` pixels between two packed formats; alpha 255 where none."""
    sb, db = BYTES_PER_PIXEL[src_format], BYTES_PER_PIXEL[dst_format]
    dst = bytearray(pixels * db)
    for channel, offset in enumerate(CHANNEL_OFFSETS[dst_format]):
        if offset < 0:
            continue
        source = CHANNEL_OFFSETS[src_format][channel]
        dst[offset::db] = src[source::sb] if source >= 0 else b"\xff" * pixels
    return dst


def convert(src: Any, width: int, height: int, src_format: FormatLike, dst_format: FormatLike,
            *, out: Any = None, matrix: MatrixName = "bt601", full_range: bool = False,
            threads: Optional[int] = None) -> Any:
    """Same contract as :func:`lkfast.convert`; returns a new bytearray, or ``out``.

    ``threads`` is checked and ignored. ``out`` may overlap ``src`` (the source is copied).
    """
    args = check_convert(src, width, height, src_format, dst_format, matrix, full_range)
    check_threads(threads)
    target = None if out is None else frame_bytes(out, "out", args.dst_format, args.width,
                                                   args.height, True)
    data = bytes(args.src)
    if args.src_format in PLANAR or args.dst_format in PLANAR:
        result = convert_planar(data, args.width, args.height, args.src_format,
                                args.dst_format, args.matrix)
    elif args.src_format in YUV or args.dst_format in YUV:
        result = convert_yuv(memoryview(data), args.width, args.height, args.src_format,
                             args.dst_format, matrix.lower(), full_range)
    else:
        result = convert_packed(data, args.width * args.height, args.src_format,
                                args.dst_format)
    if target is None:
        return result
    target[:] = result
    return out


def fill(out: Any, width: int, height: int, format: FormatLike,
         rgba: Union[tuple[int, int, int], tuple[int, int, int, int]], *,
         matrix: MatrixName = "bt601", full_range: bool = False,
         threads: Optional[int] = None) -> Any:
    """Same contract as :func:`lkfast.fill`; returns ``out``."""
    fmt = parse_format(format)
    w, h = check_size(width, height)
    matrix_code(matrix, full_range)
    colour = check_rgba(rgba)
    check_threads(threads)
    target = frame_bytes(out, "out", fmt, w, h, True)
    if fmt in PLANAR:
        values = [*encode_pixel(fmt, colour, matrix.lower(), full_range), colour[3]]
        for (off, size), value in zip(layout(fmt, w, h).planes, values):
            if fmt == "I010":
                wide = value * 4 + value // 64
                target[off:off + size] = bytes((wide & 255, wide >> 8)) * (size // 2)
            else:
                target[off:off + size] = bytes((value,)) * size
        return out
    pixel = encode_pixel(fmt, colour, matrix.lower(), full_range)
    if fmt not in YUV:
        target[:] = pixel * (w * h)
        return out
    chroma = ((w + 1) // 2) * ((h + 1) // 2)
    planes = layout(fmt, w, h).planes
    target[: w * h] = pixel[:1] * (w * h)
    if fmt == "I420":
        target[planes[1][0] : planes[2][0]] = pixel[1:2] * chroma
        target[planes[2][0] :] = pixel[2:3] * chroma
    else:
        target[planes[1][0] :] = pixel[1:3] * chroma
    return out


__all__ = ["convert", "convert_packed", "fill"]
