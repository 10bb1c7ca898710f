"""Argument validation shared by :mod:`lkfast.video.conversion` and its twin
:mod:`lkfast.video.reference.pixels`.

Plain Python (no numpy), so the pure-Python reference makes exactly the same checks as the
compiled path. Every check raises ``TypeError`` (wrong kind of argument) or ``ValueError``
(wrong value) naming the argument, and returns the normalised value.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple, Optional

from lkfast._core.checks import check_int
from lkfast._core.views import BUFFERS, buffer_view
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    FormatName,
    byte_size,
    check_size,
    matrix_code,
    parse_format,
)

#: Item formats of buffers whose bytes are taken as pixel data: integers of any width.
_INTEGER_CODES = frozenset("bBchHiIlLqQnN")
#: Smallest frame (pixels) that each kind of kernel splits across threads by default: where a
#: second thread clearly pays for its hand-off on the 2-core development machine. Kinds: "yuv"
#: converts between YUV and RGB (compute-bound); "packed" shuffles packed pixels, "planes"
#: moves YUV planes (I420 <-> NV12) and "fill" fills, all three at memory speed. Measured with
#: the native pool (lkfast._core._pool, about 20 us per hand-off), 1 thread / 2 threads, calls
#: interleaved: YUV conversions 1.3x at 1280x720, 1.7x at 1920x1080; packed shuffles 1.0x at
#: 720p, 1.6x at 1080p, 1.5x at 3840x2160; planes 0.8x at 720p, 0.9-1.1x at 1080p, 1.4-1.5x at
#: 4K; fills 0.7x at 720p, 0.9x at 1080p, 1.3x at 4K. (Python threads, as on Windows builds,
#: hand off in about 60 us: YUV 1.06x at 720p.)
AUTO_THREADS_MIN_PIXELS: dict[str, int] = {"yuv": 1280 * 720, "packed": 1920 * 1080,
                                           "planes": 3840 * 2160, "fill": 3840 * 2160}
#: Most threads one call will use.
MAX_THREADS = 256


class ConvertArgs(NamedTuple):
    """A validated conversion request."""

    src: memoryview  # flat, format 'B', exactly the size of src_format; or packed_rows' view
    width: int
    height: int
    src_format: FormatName
    dst_format: FormatName
    matrix: int  # lkfast.video.formats.matrix_code


def byte_view(obj: Any, name: str, writable: bool) -> memoryview:
    """A flat byte view of a C-contiguous buffer of integers (any item size)."""
    view = buffer_view(obj, name, writable, f"be a buffer ({BUFFERS})")
    code = view.format[1:] if view.format[:1] in "@=<>!" else view.format
    if code not in _INTEGER_CODES:
        kind = getattr(getattr(obj, "dtype", None), "name", None) or f"format {view.format!r}"
        raise TypeError(f"Expected {name} with dtype `uint8` (pixel bytes) but got `{kind}`")
    if view.ndim == 1 and view.format == "B":
        return view
    try:
        return view.cast("B")
    except TypeError:  # an explicitly byte-swapped item format such as '>H'
        raise TypeError(f"{name} has the non-native item format {view.format!r}; pass uint8 "
                        f"pixel bytes") from None


def frame_bytes(obj: Any, name: str, fmt: FormatName, width: int, height: int,
                writable: bool) -> memoryview:
    """``byte_view`` of a buffer that must hold exactly one frame of ``fmt``."""
    view = byte_view(obj, name, writable)
    need = byte_size(fmt, width, height)
    if view.nbytes != need:
        raise ValueError(f"{name} holds {view.nbytes} bytes; {fmt} at {width}x{height} needs "
                         f"{need} bytes")
    return view


def packed_rows(obj: Any, name: str, fmt: FormatName, width: int, height: int,
                writable: bool) -> memoryview:
    """A frame of a packed format (RGBA ... BGR24): ``frame_bytes`` when C-contiguous, else
    the buffer's own (strided) view, checked to hold ``height`` rows of ``width`` pixels,
    each row contiguous, at any row stride no shorter than a row, negative included:
    ``(height, width, channels)`` or ``(height, row bytes / itemsize)`` as numpy gives
    ``img[y0:y1, x0:x1]`` and ``img[::-1]``. The kernels read it in place, without a copy.
    """
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError(f"{name} must be a buffer ({BUFFERS}), got {type(obj).__name__}") \
            from None
    if view.c_contiguous:
        return frame_bytes(obj, name, fmt, width, height, writable)
    if writable and view.readonly:
        raise ValueError(f"{name} is read-only; pass a writable buffer (bytearray, numpy array)")
    code = view.format[1:] if view.format[:1] in "@=<>!" else view.format
    if code not in _INTEGER_CODES or view.format[:1] in ">!":
        kind = getattr(getattr(obj, "dtype", None), "name", None) or f"format {view.format!r}"
        raise TypeError(f"Expected {name} with dtype `uint8` (pixel bytes) but got `{kind}`")
    bpp, item = BYTES_PER_PIXEL[fmt], view.itemsize
    shape, strides = view.shape or (), view.strides or ()
    row = width * bpp
    want = f"({height}, {width}, {bpp}) or ({height}, {row}) bytes"
    if view.ndim not in (2, 3):
        raise ValueError(f"{name} must be C-contiguous, or a strided {fmt} frame of {want} "
                         f"with contiguous rows; got a non-contiguous {view.ndim}-D buffer")
    if view.ndim == 3 and shape[2] * item != bpp:
        raise ValueError(f"{name} has {shape[2] * item} bytes per pixel (shape {shape}); {fmt} "
                         f"has {bpp}")
    if view.ndim == 3 and strides[2] != item:
        raise ValueError(f"{name} has a channel stride of {strides[2]} bytes; {fmt} needs "
                         f"{item} (channels in order: convert from the format with the other "
                         f"order instead of passing img[..., ::-1])")
    pixel = strides[1] if view.ndim == 3 else strides[1] * bpp // item
    if strides[1] != (bpp if view.ndim == 3 else item):
        raise ValueError(f"{name} has a pixel stride of {pixel} bytes; {fmt} needs {bpp} "
                         f"(each row's pixels side by side, not img[:, ::2])")
    if shape[0] != height or shape[1] * (bpp if view.ndim == 3 else item) != row:
        raise ValueError(f"{name} has shape {shape} ({item}-byte items); {fmt} at "
                         f"{width}x{height} needs {want}")
    if height > 1 and abs(strides[0]) < row:
        raise ValueError(f"{name} has a row stride of {strides[0]} bytes, shorter than a row "
                         f"({row} bytes of {fmt} at width {width})")
    return view


def check_convert(src: Any, width: Any, height: Any, src_format: Any, dst_format: Any,
                  matrix: Any, full_range: Any) -> ConvertArgs:
    """Validate the arguments of ``convert`` (all but ``out`` and ``threads``)."""
    sf = parse_format(src_format, "src_format")
    df = parse_format(dst_format, "dst_format")
    w, h = check_size(width, height)
    code = matrix_code(matrix, full_range)
    check = packed_rows if sf in BYTES_PER_PIXEL else frame_bytes
    return ConvertArgs(check(src, "src", sf, w, h, False), w, h, sf, df, code)


def check_rgba(rgba: Any) -> tuple[int, int, int, int]:
    """A colour as ``(r, g, b)`` or ``(r, g, b, a)`` integers 0-255; alpha defaults to 255."""
    if isinstance(rgba, (str, bytes)) or not hasattr(rgba, "__len__"):
        raise TypeError(f"rgba must be a tuple (r, g, b) or (r, g, b, a) of integers 0-255, got "
                        f"{type(rgba).__name__} {rgba!r}")
    if len(rgba) not in (3, 4):
        raise ValueError(f"rgba must have 3 or 4 components, got {len(rgba)}")
    values = [check_int(f"rgba[{i}]", c) for i, c in enumerate(rgba)]
    for i, c in enumerate(values):
        if not 0 <= c <= 255:
            raise ValueError(f"rgba[{i}] must be between 0 and 255, got {c}")
    if len(values) == 3:
        values.append(255)
    return values[0], values[1], values[2], values[3]


def check_threads(threads: Any) -> Optional[int]:
    """``None`` (automatic) or a thread count from 1 to ``MAX_THREADS``."""
    if threads is None:
        return None
    n = check_int("threads", threads)
    if not 1 <= n <= MAX_THREADS:
        raise ValueError(f"threads must be between 1 and {MAX_THREADS}, got {n}")
    return n


def default_threads() -> int:
    """Threads for a large frame: ``LKFAST_NUM_THREADS`` if set, else the usable CPUs."""
    env = os.environ.get("LKFAST_NUM_THREADS", "").strip()
    if env:
        try:
            n = int(env)
        except ValueError:
            raise ValueError(f"LKFAST_NUM_THREADS must be a positive integer, got {env!r}") \
                from None
        if n < 1:
            raise ValueError(f"LKFAST_NUM_THREADS must be a positive integer, got {env!r}")
        return min(n, MAX_THREADS)
    try:
        return max(1, min(len(os.sched_getaffinity(0)), MAX_THREADS))
    except AttributeError:  # not on Linux
        return max(1, min(os.cpu_count() or 1, MAX_THREADS))


def thread_count(threads: Optional[int], width: int, height: int, kind: str) -> int:
    """Threads a call will use: as given, or automatic: the default from the frame size in
    ``AUTO_THREADS_MIN_PIXELS[kind]`` up ("yuv" 720p, "packed" 1080p, "planes" and "fill"
    4K), else 1.
    """
    if threads is not None:
        return threads
    if width * height < AUTO_THREADS_MIN_PIXELS[kind]:
        return 1
    return default_threads()


__all__ = ["AUTO_THREADS_MIN_PIXELS", "ConvertArgs", "byte_view", "check_convert",
           "check_rgba", "check_size", "check_threads", "default_threads", "frame_bytes",
           "packed_rows", "thread_count"]
