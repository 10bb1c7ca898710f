"""Conversions and fills with I420A, I422, I444 or I010 on a side (:mod:`.conversion`'s hook).

Each frame is split into its planes (``formats.plane_shapes``, LiveKit's order and sizes) and
converted by the ``_planar`` kernels; the exact arithmetic is stated in
:mod:`lkfast.video.reference.planar`. 8-bit formats take buffers of bytes (a uint16 array is
refused); I010 takes little-endian bytes or a uint16 array.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from lkfast._core.bands import run_rows
from lkfast.video.args import ConvertArgs, check_threads, frame_bytes, thread_count
from lkfast.video.colour import rgb_to_yuv
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CODES,
    PLANAR,
    FormatName,
    byte_size,
    layout,
    plane_shapes,
)
from lkfast.video.kernels import planar as _planar


def check_items(obj: Any, name: str, fmt: str) -> None:
    """TypeError unless ``obj``'s items fit ``fmt``: bytes, or uint16 too for I010."""
    try:
        item = memoryview(obj).itemsize
    except TypeError:
        return  # frame_bytes names the problem
    if item == 1 or (fmt == "I010" and item == 2):
        return
    kind = getattr(getattr(obj, "dtype", None), "name", None) or f"{item}-byte items"
    want = "`uint8` or `uint16`" if fmt == "I010" else "`uint8`"
    raise TypeError(f"Expected {name} with dtype {want} for {fmt} but got `{kind}`")


def split(view: memoryview, fmt: FormatName, width: int,
          height: int) -> tuple[list[memoryview], list[int]]:
    """The planes of a tightly packed frame and their row strides in bytes."""
    planes = [view[off:off + size] for off, size in layout(fmt, width, height).planes]
    if fmt in BYTES_PER_PIXEL:
        return planes, [width * BYTES_PER_PIXEL[fmt]]
    return planes, [row for row, _ in plane_shapes(fmt, width, height)]


def convert_planar(src: Any, args: ConvertArgs, out: Any,
                   threads: Optional[int]) -> npt.NDArray[np.uint8]:
    """``convert`` of validated ``args`` where a side is in ``formats.PLANAR``."""
    check_items(src, "src", args.src_format)
    w, h = args.width, args.height
    count = thread_count(check_threads(threads), w, h, "yuv")
    if out is None:
        result = np.empty(byte_size(args.dst_format, w, h), dtype=np.uint8)
        target: Any = result.data
    else:
        check_items(out, "out", args.dst_format)
        target = frame_bytes(out, "out", args.dst_format, w, h, True)
        if np.shares_memory(np.frombuffer(target, np.uint8),
                            np.frombuffer(args.src, np.uint8)):
            raise ValueError("out overlaps src; conversions with I420A, I422, I444 or I010 "
                             "cannot run in place")
    sp, ss = split(args.src, args.src_format, w, h)
    dp, ds = split(target, args.dst_format, w, h)
    run_rows(_planar.convert_planes, (sp, ss, dp, ds, w, h, CODES[args.src_format],
                                      CODES[args.dst_format]),
             (args.matrix,), h, count, even=True, native=_planar.NATIVE_POOL)
    if out is None:
        return result
    if type(out) is np.ndarray and out.dtype == np.uint8:
        return out.reshape(-1)
    return np.frombuffer(target, dtype=np.uint8)


def fill_planar(target: memoryview, fmt: FormatName, width: int, height: int,
                rgba: tuple[int, int, int, int], matrix: str, full_range: bool) -> None:
    """Fill a frame of a ``formats.PLANAR`` format with one colour: its 8-bit Y, U, V (I010:
    widened ``x * 4 + x // 64``), I420A's alpha from ``rgba``."""
    yuv = rgb_to_yuv(rgba[0], rgba[1], rgba[2], matrix=matrix, full_range=full_range)
    values = [*yuv, rgba[3]]
    frame = np.frombuffer(target, dtype=np.uint8)
    for (off, size), value in zip(layout(fmt, width, height).planes, values):
        if fmt == "I010":
            frame[off:off + size].view("<u2")[:] = value * 4 + value // 64
        else:
            frame[off:off + size] = value


__all__ = ["PLANAR", "check_items", "convert_planar", "fill_planar", "split"]
