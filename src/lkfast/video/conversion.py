"""Pixel-format conversion and solid fills for every pair of lkfast's twelve formats.

Formats (see :mod:`lkfast.video.formats`): ``RGBA``, ``BGRA``, ``ARGB``, ``ABGR`` (4 bytes per
pixel, named by byte order in memory, as LiveKit names them), ``RGB24`` (bytes R, G, B), ``BGR24``
(OpenCV's order), ``I420`` and ``NV12`` (4:2:0, chroma planes ``(w+1)//2 x (h+1)//2``), all
tightly packed, and LiveKit's I420A (alpha plane), I422, I444 and I010 (10-bit): all 144 pairs
(:mod:`.planar_conversion`, rules in :mod:`lkfast.video.reference.planar`). A format is a
name (any case) or an ``rtc.VideoBufferType`` value.

YUV is BT.601 limited range by default, byte-identical to LiveKit's ``VideoFrame.convert``
(libyuv) on every pair LiveKit supports: chroma is the rounded 2x2 average when downsampling
and the nearest sample when upsampling. ``matrix="bt709"`` and ``full_range=True`` are offered
too. Packed-to-packed conversions are exact byte shuffles; a source without alpha gives
alpha 255.

Large frames are split by rows across native threads (``threads=`` per call,
``LKFAST_NUM_THREADS`` for the default): conversions between YUV and RGB from 1280x720 up,
packed shuffles from 1920x1080, YUV-to-YUV plane moves and fills from 3840x2160, where a second
thread clearly pays for its hand-off (the last three run at memcpy and memset speed). The bytes
are the same for any count.
"""

from __future__ import annotations

from typing import Any, Optional, Union, cast

import numpy as np
import numpy.typing as npt
from livekit import rtc

from lkfast._core.bands import run_rows
from lkfast.video.args import (
    AUTO_THREADS_MIN_PIXELS,
    check_convert,
    check_rgba,
    check_threads,
    frame_bytes,
    packed_rows,
    thread_count,
)
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CODES,
    FORMATS,
    KNOWN_SPELLINGS,
    YUV,
    FormatLike,
    MatrixName,
    buffer_type,
    byte_size,
    check_size,
    encode_pixel,
    matrix_code,
    parse_format,
)
from lkfast.video.kernels import pixels as _pixels
from lkfast.video.kernels import yuv as _yuv
from lkfast.video.planar_conversion import PLANAR, check_items, convert_planar, fill_planar
from lkfast.video.strided import (
    convert_planar_strided,
    convert_planes,
    is_planes,
    is_strided,
    shares_memory,
)

_FOUR_BYTE = frozenset(("RGBA", "BGRA", "ARGB", "ABGR"))
_BPP = [BYTES_PER_PIXEL[name] for name in FORMATS[:6]]
_PACKED_SPLIT = AUTO_THREADS_MIN_PIXELS["packed"]
_FILL_SPLIT = AUTO_THREADS_MIN_PIXELS["fill"]
#: Kernel codes of the packed formats under the spellings the fast path takes as they are.
_PACKED_CODES: dict[object, int] = {
    key: CODES[name] for key, name in KNOWN_SPELLINGS.items() if name in BYTES_PER_PIXEL}


def _check_overlap(src: memoryview, dst: memoryview, src_format: str, dst_format: str) -> None:
    relation = _pixels.overlap(src, dst)
    if relation == 0:
        return
    if relation == 1 and src_format in _FOUR_BYTE and dst_format in _FOUR_BYTE:
        return  # in place: the 4-byte kernels read each block whole before writing it
    if relation == 2 and (is_strided(src) or is_strided(dst)) and not shares_memory(src, dst):
        return  # e.g. two regions side by side in one canvas
    raise ValueError("out overlaps src; only 4-byte to 4-byte conversions can run in place "
                     "(out is src)")


def _strided_buffer(obj: Any) -> bool:
    """Whether ``obj`` is a buffer that is not C-contiguous."""
    try:
        return not memoryview(obj).c_contiguous
    except TypeError:
        return False


def _flat_result(out: Any, view: Any) -> npt.NDArray[np.uint8]:
    """``out`` itself when it is a flat uint8 array, else a flat uint8 array over it; a
    strided ``out`` as a uint8 array of its own shape (``out`` itself when it is one)."""
    if type(out) is np.ndarray and out.dtype == np.uint8:
        return out if out.ndim == 1 or not out.flags.c_contiguous else out.reshape(-1)
    try:
        return np.frombuffer(out if view is None else view, dtype=np.uint8)
    except ValueError:  # strided
        return np.asarray(memoryview(out)).view(np.uint8)


def convert(src: Any, width: int, height: int, src_format: FormatLike, dst_format: FormatLike,
            *, out: Any = None, matrix: MatrixName = "bt601", full_range: bool = False,
            threads: Optional[int] = None) -> npt.NDArray[np.uint8]:
    """Convert one frame between any two of the twelve formats (all 144 pairs).

    Args:
        src: C-contiguous buffer (bytes, bytearray, memoryview, numpy array of any shape)
            holding exactly one ``src_format`` frame of ``width`` x ``height`` pixels. A
            packed format may also be a strided array, read in place without a copy:
            ``(height, width, channels)`` or ``(height, width * channels)`` with each row's
            pixels side by side at any row stride no shorter than a row, negative included
            (``img[y0:y1, x0:x1]``, ``img[::-1]``). A YUV format may also be a list or
            tuple of its planes in LiveKit's order (``VideoFrame.get_plane``), each a 2-D
            array with contiguous rows at its own row stride (or its exact bytes).
        width, height: pixels, 1 to 16384.
        src_format, dst_format: names or ``rtc.VideoBufferType`` values.
        out: optional writable C-contiguous buffer of exactly the ``dst_format`` frame size,
            or for a packed ``dst_format`` a strided array as ``src`` may be (a region of a
            larger canvas, written in place; nothing outside it changes), or for a YUV
            ``dst_format`` a list of planes as ``src`` may be. It may be ``src``
            itself for a 4-byte to 4-byte conversion; no other overlap.
        matrix: ``"bt601"`` (LiveKit's) or ``"bt709"``, for conversions to or from YUV.
        full_range: YUV in 0-255 instead of 16-235 (luma) / 16-240 (chroma).
        threads: most threads to use. Default: all usable CPUs (or ``LKFAST_NUM_THREADS``)
            for frames from 1280x720 up between YUV and RGB, from 1920x1080 between packed
            formats, from 3840x2160 between I420 and NV12; one below
            (``AUTO_THREADS_MIN_PIXELS`` in lkfast.video.args has the measurements).

    Returns:
        The destination frame as a flat uint8 array: a view of ``out`` when given (a
        strided ``out``: a uint8 array of its own shape over it; ``out`` as planes: a list
        of 2-D uint8 arrays over them).

    Raises:
        TypeError: a buffer of the wrong kind or dtype, a format of the wrong type.
        ValueError: an unknown format, a size out of range, a buffer of the wrong byte count
            (the message gives the expected one), a strided array of the wrong shape, pixel
            stride or row stride (shorter than a row), a read-only or overlapping ``out``.
    """
    one_thread = threads is None or (type(threads) is int and threads == 1)
    if one_thread and matrix == "bt601" and full_range is False:
        # The common case, checked at C speed; anything else takes the full checks below.
        sc, dc = _PACKED_CODES.get(src_format), _PACKED_CODES.get(dst_format)
        if (sc is not None and dc is not None and type(width) is int and type(height) is int
                and 0 < width <= 16384 and 0 < height <= 16384
                and (threads == 1 or width * height < _PACKED_SPLIT)):
            buf = np.empty(width * height * _BPP[dc], np.uint8) if out is None else out
            if _pixels.try_convert(src, buf, width, height, sc, dc):
                return buf if out is None else _flat_result(out, None)
    if is_planes(src) or is_planes(out):
        return cast(Any, convert_planes(src, width, height, src_format, dst_format, out,
                                        matrix, full_range, threads))
    args = check_convert(src, width, height, src_format, dst_format, matrix, full_range)
    packed_out = args.dst_format in BYTES_PER_PIXEL
    if args.src_format in PLANAR or args.dst_format in PLANAR:
        if not (is_strided(args.src) or (packed_out and _strided_buffer(out))):
            return convert_planar(src, args, out, threads)
        if out is None:
            result = np.empty(byte_size(args.dst_format, args.width, args.height), np.uint8)
            convert_planar_strided(src, args, result.data, threads)
            return result
        check_items(out, "out", args.dst_format)
        view = (packed_rows if packed_out else frame_bytes)(
            out, "out", args.dst_format, args.width, args.height, True)
        convert_planar_strided(src, args, view, threads)
        return _flat_result(out, view)
    packed = args.src_format not in YUV and args.dst_format not in YUV
    count = thread_count(check_threads(threads), args.width, args.height,
                         "packed" if packed else "planes" if (args.src_format in YUV
                                                               and args.dst_format in YUV)
                         else "yuv")
    if out is None:
        result = np.empty(byte_size(args.dst_format, args.width, args.height), dtype=np.uint8)
        target: Any = result
    else:
        target = (packed_rows if packed_out else frame_bytes)(
            out, "out", args.dst_format, args.width, args.height, True)
        _check_overlap(args.src, target, args.src_format, args.dst_format)
    module = _pixels if packed else _yuv
    run_rows(module.convert_rows, (args.src, target, args.width, args.height,
                                   CODES[args.src_format], CODES[args.dst_format]),
             (args.matrix,), args.height, count, even=not packed, native=module.NATIVE_POOL)
    return result if out is None else _flat_result(out, target)


def fill(out: Any, width: int, height: int, format: FormatLike,
         rgba: Union[tuple[int, int, int], tuple[int, int, int, int]], *,
         matrix: MatrixName = "bt601", full_range: bool = False,
         threads: Optional[int] = None) -> npt.NDArray[np.uint8]:
    """Fill a whole frame with one colour.

    Args:
        out: writable C-contiguous buffer of exactly one ``format`` frame.
        width, height: pixels, 1 to 16384.
        format: any of the eight formats; I420 and NV12 get the colour's Y, U and V.
        rgba: ``(r, g, b)`` or ``(r, g, b, a)``, integers 0-255 (alpha defaults to 255 and is
            dropped by formats without alpha).
        matrix, full_range: the YUV encoding, as in :func:`convert`.
        threads: most threads to use; default: all usable CPUs (or ``LKFAST_NUM_THREADS``)
            from 3840x2160 up, one below (a fill runs at memset speed).

    Returns:
        ``out`` as a flat uint8 array (a view of it).
    """
    one_thread = threads is None or (type(threads) is int and threads == 1)
    if one_thread and matrix == "bt601" and full_range is False:
        code = _PACKED_CODES.get(format)  # packed formats, checked at C speed
        if (code is not None and type(width) is int and type(height) is int
                and 0 < width <= 16384 and 0 < height <= 16384
                and (threads == 1 or width * height < _FILL_SPLIT)
                and _pixels.try_fill(out, width, height, code, rgba)):
            return _flat_result(out, None)
    fmt = parse_format(format)
    w, h = check_size(width, height)
    matrix_code(matrix, full_range)
    colour = check_rgba(rgba)
    count = thread_count(check_threads(threads), w, h, "fill")
    target = frame_bytes(out, "out", fmt, w, h, True)
    if fmt in PLANAR:
        fill_planar(target, fmt, w, h, colour, matrix.lower(), full_range)
        return _flat_result(out, target)
    pixel = encode_pixel(fmt, colour, matrix.lower(), full_range)
    run_rows(_pixels.fill_rows, (target, w, h, CODES[fmt], pixel), (), h, count,
             even=fmt in YUV, native=_pixels.NATIVE_POOL)
    return _flat_result(out, target)


def solid_frame(width: int, height: int,
                rgba: Union[tuple[int, int, int], tuple[int, int, int, int]],
                format: FormatLike = "RGBA", *, matrix: MatrixName = "bt601",
                full_range: bool = False) -> rtc.VideoFrame:
    """A new ``rtc.VideoFrame`` of one colour, in any format LiveKit has (not BGR24)."""
    fmt = parse_format(format)
    kind = buffer_type(fmt)
    w, h = check_size(width, height)
    data = bytearray(byte_size(fmt, w, h))
    fill(data, w, h, fmt, rgba, matrix=matrix, full_range=full_range)
    return rtc.VideoFrame(w, h, cast(Any, kind), data)


def convert_frame(frame: rtc.VideoFrame, dst_type: FormatLike, *, out: Any = None,
                  matrix: MatrixName = "bt601", full_range: bool = False,
                  threads: Optional[int] = None) -> rtc.VideoFrame:
    """A drop-in for ``frame.convert(dst_type)`` that covers every pair and never crashes.

    Args:
        frame: the source ``rtc.VideoFrame`` (any of RGBA, BGRA, ARGB, ABGR, RGB24, I420, NV12).
        dst_type: an ``rtc.VideoBufferType`` value or a name (not BGR24: a VideoFrame cannot
            carry it; use :func:`to_ndarray`).
        out: optional writable buffer (bytearray, 1-D uint8 array) of the destination size
            to reuse across frames; the returned frame wraps it.
        matrix, full_range, threads: as in :func:`convert`.
    """
    if not isinstance(frame, rtc.VideoFrame):
        raise TypeError(f"frame must be an rtc.VideoFrame, got {type(frame).__name__}")
    dst = parse_format(dst_type, "dst_type")
    kind = buffer_type(dst)
    w, h = frame.width, frame.height
    if _strided_buffer(out):
        raise ValueError("out must be C-contiguous: the returned rtc.VideoFrame wraps it whole "
                         "(lkfast.convert writes into a strided out)")
    data = bytearray(byte_size(dst, *check_size(w, h))) if out is None else out
    convert(frame.data, w, h, frame.type, dst, out=data, matrix=matrix, full_range=full_range,
            threads=threads)
    if isinstance(data, np.ndarray):
        data = data.reshape(-1).data  # a memoryview over the whole array, which LiveKit reads
    return rtc.VideoFrame(w, h, cast(Any, kind), data)


def to_ndarray(frame_or_buffer: Any, width: Optional[int] = None, height: Optional[int] = None,
               format: Optional[FormatLike] = None, dst_format: FormatLike = "BGR24", *,
               out: Any = None, matrix: MatrixName = "bt601", full_range: bool = False,
               threads: Optional[int] = None) -> npt.NDArray[np.uint8]:
    """Convert a frame or a buffer to a numpy array for OpenCV or ML code.

    Args:
        frame_or_buffer: an ``rtc.VideoFrame`` (its width, height and type are used) or a
            buffer, which then needs ``width``, ``height`` and ``format``.
        dst_format: default ``"BGR24"`` (OpenCV's order); any of the twelve formats, from a
            frame of any of LiveKit's eleven types.
        out: optional writable buffer to convert into (e.g. an ``(h, w, 3)`` uint8 array
            reused across frames).
        matrix, full_range, threads: as in :func:`convert`.

    Returns:
        ``(height, width, channels)`` uint8 for packed ``dst_format`` (a view of ``out`` when
        given); the flat frame for the YUV formats.
    """
    if isinstance(frame_or_buffer, rtc.VideoFrame):
        frame = frame_or_buffer
        for name, value in (("width", width), ("height", height), ("format", format)):
            if value is not None:
                raise TypeError(f"{name} comes from the rtc.VideoFrame; do not pass it")
        src, width, height, format = frame.data, frame.width, frame.height, frame.type
    else:
        missing = [n for n, v in (("width", width), ("height", height), ("format", format))
                   if v is None]
        if missing:
            raise TypeError(f"a buffer needs {', '.join(missing)}")
        src = frame_or_buffer
    dst = parse_format(dst_format, "dst_format")
    flat = convert(src, width, height, format, dst, out=out,  # type: ignore[arg-type]
                   matrix=matrix, full_range=full_range, threads=threads)
    if dst not in BYTES_PER_PIXEL:
        return flat
    return flat.reshape(int(height), int(width), BYTES_PER_PIXEL[dst])  # type: ignore[arg-type]


__all__ = ["convert", "convert_frame", "fill", "solid_frame", "to_ndarray"]
