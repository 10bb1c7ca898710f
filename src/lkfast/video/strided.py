"""Strided packed frames (``img[y0:y1, x0:x1]``, ``img[::-1]``) for :mod:`.conversion`.

The packed and YUV kernels read and write a packed frame as a base pointer and a row stride
(either sign), straight from the buffer (``lkfast.video.args.packed_rows`` checks it). The
planar kernels (I420A, I422, I444, I010) take each plane as a flat byte buffer and a row
stride: a strided frame is handed over as the bytes from its first row to the end of its last
one, without a copy; a frame with a negative row stride is made contiguous first for them
(the one copy left, until those kernels take negative strides).
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from lkfast._core.bands import run_rows
from lkfast._core.views import BUFFERS
from lkfast.video.args import (
    ConvertArgs,
    byte_view,
    check_threads,
    frame_bytes,
    packed_rows,
    thread_count,
)
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CODES,
    PLANAR,
    YUV,
    FormatName,
    byte_size,
    check_size,
    layout,
    matrix_code,
    parse_format,
    plane_shapes,
)
from lkfast.video.kernels import planar as _planar
from lkfast.video.planar_conversion import check_items, split


def is_strided(view: memoryview) -> bool:
    """Whether a checked frame view is a strided one (``packed_rows``), not flat bytes."""
    return not view.c_contiguous


def byte_rows(view: memoryview, height: int) -> npt.NDArray[np.uint8]:
    """``height`` rows of a packed frame as a 2-D uint8 array over the same memory."""
    rows = np.asarray(view).view(np.uint8)
    return rows if rows.ndim == 2 else rows.reshape(height, -1)


def span(view: memoryview, height: int) -> tuple[memoryview, int]:
    """A strided frame as a flat byte buffer from its first row to the end of its last one,
    and its row stride; the frame copied to a contiguous one if that stride is negative."""
    return _span(byte_rows(view, height))


def _span(rows: npt.NDArray[np.uint8]) -> tuple[memoryview, int]:
    stride, row = rows.strides[0], rows.shape[1]
    if stride < 0:
        flat = np.ascontiguousarray(rows).reshape(-1)
        return flat.data, row
    length = (rows.shape[0] - 1) * stride + row
    flat = np.lib.stride_tricks.as_strided(rows, shape=(length,), strides=(1,))
    return flat.data, stride


def shares_memory(a: memoryview, b: memoryview) -> bool:
    """Whether two frame views share a byte (numpy's exact test)."""
    return bool(np.shares_memory(np.asarray(a), np.asarray(b)))


def convert_planar_strided(src: Any, args: ConvertArgs, target: memoryview,
                           threads: Optional[int]) -> None:
    """``convert_planar`` where a packed side (``args.src`` or ``target``, the checked
    ``out``) is strided: converts into ``target``; overlap refused."""
    check_items(src, "src", args.src_format)
    w, h = args.width, args.height
    if shares_memory(args.src, target):
        raise ValueError("out overlaps src; conversions with I420A, I422, I444 or I010 "
                         "cannot run in place")
    count = thread_count(check_threads(threads), w, h, "yuv")
    if args.src_format in BYTES_PER_PIXEL and is_strided(args.src):
        flat, stride = span(args.src, h)
        sp, ss = [flat], [stride]
    else:
        sp, ss = split(args.src, args.src_format, w, h)
    back = None
    if args.dst_format in BYTES_PER_PIXEL and is_strided(target):
        rows = byte_rows(target, h)
        if rows.strides[0] < 0:  # converted into a contiguous frame, then copied in
            back = np.empty(rows.shape, np.uint8)
            dp, ds = [back.reshape(-1).data], [rows.shape[1]]
        else:
            flat, stride = span(target, h)
            dp, ds = [flat], [stride]
    else:
        dp, ds = split(target, args.dst_format, w, h)
    run_rows(_planar.convert_planes, (sp, ss, dp, ds, w, h, CODES[args.src_format],
                                      CODES[args.dst_format]),
             (args.matrix,), h, count, even=True, native=_planar.NATIVE_POOL)
    if back is not None:
        np.copyto(byte_rows(target, h), back)




# ---- YUV frames as a sequence of planes -------------------------------------------------

def is_planes(obj: Any) -> bool:
    """Whether ``obj`` is given as a sequence of planes (a list or tuple), not one buffer."""
    return isinstance(obj, (list, tuple))


def plane_rows(obj: Any, name: str, fmt: FormatName, width: int, height: int,
               writable: bool) -> list[npt.NDArray[np.uint8]]:
    """The planes of a YUV frame given one array each (LiveKit's order, as
    ``VideoFrame.get_plane`` gives them), as 2-D uint8 arrays over the same memory.

    Each plane is a C-contiguous buffer of exactly its bytes, or a 2-D array of
    ``(rows, row bytes / itemsize)`` whose rows are contiguous, at any row stride no shorter
    than a row (either sign). Items are bytes; I010 also takes uint16 (little-endian).
    """
    if fmt not in YUV and fmt not in PLANAR:
        raise TypeError(f"{name} must be a buffer ({BUFFERS}), got {type(obj).__name__}: a "
                        f"sequence of planes needs a YUV format, and {fmt} is packed")
    shapes = plane_shapes(fmt, width, height)
    if len(obj) != len(shapes):
        raise ValueError(f"{name} has {len(obj)} planes; {fmt} has {len(shapes)}")
    planes = []
    for i, (plane, (row, rows)) in enumerate(zip(obj, shapes)):
        pname = f"{name}[{i}]"
        check_items(plane, pname, fmt)
        view = byte_view(plane, pname, writable) if _contiguous(plane) else memoryview(plane)
        if view.c_contiguous:
            if view.nbytes != row * rows:
                raise ValueError(f"{pname} holds {view.nbytes} bytes; plane {i} of {fmt} at "
                                 f"{width}x{height} is {rows} rows of {row} bytes")
            planes.append(np.frombuffer(view, np.uint8).reshape(rows, row))
            continue
        if writable and view.readonly:
            raise ValueError(f"{pname} is read-only; pass a writable buffer")
        item, shape, strides = view.itemsize, view.shape or (), view.strides or ()
        if view.ndim != 2 or strides[1] != item:
            raise ValueError(f"{pname} must be C-contiguous or a 2-D array with contiguous "
                             f"rows; got shape {shape}, strides {strides}")
        if shape[0] != rows or shape[1] * item != row:
            raise ValueError(f"{pname} has shape {shape} ({item}-byte items); plane {i} of "
                             f"{fmt} at {width}x{height} is {rows} rows of {row} bytes")
        if rows > 1 and abs(strides[0]) < row:
            raise ValueError(f"{pname} has a row stride of {strides[0]} bytes, shorter than "
                             f"a row ({row} bytes)")
        planes.append(np.asarray(view).view(np.uint8))
    return planes


def _contiguous(obj: Any) -> bool:
    try:
        return memoryview(obj).c_contiguous
    except TypeError:
        return True  # byte_view names the problem


def _side(obj: Any, name: str, fmt: FormatName, w: int, h: int,
          writable: bool) -> list[npt.NDArray[np.uint8]]:
    """One side of a conversion as 2-D uint8 row arrays, one per plane."""
    if is_planes(obj):
        return plane_rows(obj, name, fmt, w, h, writable)
    if fmt in BYTES_PER_PIXEL:
        return [byte_rows(packed_rows(obj, name, fmt, w, h, writable), h)]
    check_items(obj, name, fmt)
    view = frame_bytes(obj, name, fmt, w, h, writable)
    flat = np.frombuffer(view, np.uint8)
    sizes = plane_shapes(fmt, w, h)
    return [flat[off:off + size].reshape(rows, row)
            for (off, size), (row, rows) in zip(layout(fmt, w, h).planes, sizes)]


def convert_planes(src: Any, width: Any, height: Any, src_format: Any, dst_format: Any,
                   out: Any, matrix: Any, full_range: Any, threads: Optional[int]) -> Any:
    """``convert`` where ``src`` or ``out`` is a sequence of planes (``plane_rows``).

    Returns a new flat frame, or ``out``'s planes (a list of 2-D uint8 arrays over them)
    when ``out`` is a sequence, else what :func:`lkfast.convert` returns for ``out``.
    """
    sf = parse_format(src_format, "src_format")
    df = parse_format(dst_format, "dst_format")
    w, h = check_size(width, height)
    code = matrix_code(matrix, full_range)
    count = thread_count(check_threads(threads), w, h, "yuv")
    sp = _side(src, "src", sf, w, h, False)
    result = None
    if out is None:
        result = np.empty(byte_size(df, w, h), np.uint8)
    dp = _side(out if result is None else result, "out", df, w, h, True)
    if sf not in YUV and sf not in PLANAR and df not in YUV and df not in PLANAR:
        raise TypeError("a sequence of planes needs a YUV format on its side")
    if any(np.shares_memory(a, b) for a in sp for b in dp):
        raise ValueError("out overlaps src; conversions between planes cannot run in place")
    spans = [_span(p) for p in sp]
    back = []
    dspans = []
    for plane in dp:
        if plane.strides[0] < 0:  # converted into a contiguous plane, then copied in
            tmp = np.empty(plane.shape, np.uint8)
            back.append((plane, tmp))
            dspans.append((tmp.reshape(-1).data, plane.shape[1]))
        else:
            dspans.append(_span(plane))
    run_rows(_planar.convert_planes, ([m for m, _ in spans], [st for _, st in spans],
                                      [m for m, _ in dspans], [st for _, st in dspans], w, h,
                                      CODES[sf], CODES[df]),
             (code,), h, count, even=True, native=_planar.NATIVE_POOL)
    for plane, tmp in back:
        np.copyto(plane, tmp)
    if result is not None:
        return result
    if is_planes(out):
        return dp
    if df in BYTES_PER_PIXEL and not dp[0].flags.c_contiguous:
        return np.asarray(memoryview(out)).view(np.uint8)
    return out.reshape(-1) if type(out) is np.ndarray and out.dtype == np.uint8 else \
        np.frombuffer(out, np.uint8)


__all__ = ["byte_rows", "convert_planar_strided", "convert_planes", "is_planes", "is_strided",
           "plane_rows", "shares_memory", "span"]
