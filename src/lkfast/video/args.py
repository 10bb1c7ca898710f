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
from lkfast.video.formats import FormatName, byte_size, check_size, matrix_code, parse_format

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

    src: memoryview  # flat, format 'B', exactly the size of src_format
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


def check_convert(src: Any, width: Any, height: Any, src_format: Any, dst_format: Any,
                  matrix: Any, full_range: Any) -> ConvertArgs:
    """Validate the arguments of ``convert`` (all but ``out`` and ``threads``)."""
    sf = parse_format(src_format, "src_format")
    df = parse_format(dst_format, "dst_format")
    w, h = check_size(width, height)
    code = matrix_code(matrix, full_range)
    return ConvertArgs(frame_bytes(src, "src", sf, w, h, False), w, h, sf, df, code)


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
           "thread_count"]
