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
from lkfast.video.args import ConvertArgs, check_threads, thread_count
from lkfast.video.formats import BYTES_PER_PIXEL, CODES
from lkfast.video.kernels import planar as _planar
from lkfast.video.planar_conversion import check_items, split


def is_strided(view: memoryview) -> bool:
    """Whether a checked frame view is a strided one (``packed_rows``), not flat bytes."""
    return not view.c_contiguous


def byte_rows(view: memoryview, height: int) -> npt.NDArray[np.uint8]:
    """``height`` rows of a packed frame as a 2-D uint8 array over the same memory."""
    rows = np.asarray(view).view(np.uint8)
    return rows.reshape(height, -1) if rows.ndim == 3 else rows


def span(view: memoryview, height: int) -> tuple[memoryview, int]:
    """A strided frame as a flat byte buffer from its first row to the end of its last one,
    and its row stride; the frame copied to a contiguous one if that stride is negative."""
    rows = byte_rows(view, height)
    stride, row = rows.strides[0], rows.shape[1]
    if stride < 0:
        flat = np.ascontiguousarray(rows).reshape(-1)
        return flat.data, row
    length = (height - 1) * stride + row
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


__all__ = ["byte_rows", "convert_planar_strided", "is_strided", "shares_memory", "span"]
