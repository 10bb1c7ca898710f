"""Colour matrices in libyuv's integer form: BT.601 and BT.709, limited or full range.

``matrix_code`` names a matrix to the kernels; ``RGB_TO_YUV`` and ``YUV_TO_RGB`` hold each
matrix's integer constants (the pure-Python twins and the kernels compute with exactly these);
``rgb_to_yuv`` takes one colour through them.
"""

from __future__ import annotations

from typing import Literal, Union

# A union of one-value Literals: a typing.Union at runtime too (mypy.stubtest reads it so).
MatrixName = Union[Literal["bt601"], Literal["bt709"]]

#: Colour-matrix codes the YUV kernels take: ``MATRIX_CODES[matrix] + full_range``.
MATRIX_CODES: dict[str, int] = {"bt601": 0, "bt709": 2}

#: YUV -> RGB constants per matrix code (:func:`matrix_code`): YG, YB, UB, UG, VG, VR.
YUV_TO_RGB: tuple[tuple[int, int, int, int, int, int], ...] = (
    (18997, -1160, 128, 25, 52, 102),  # bt601 limited: libyuv kYuvI601Constants
    (16320, 32, 113, 22, 46, 90),  # bt601 full: kYuvJPEGConstants
    (18997, -1160, 135, 14, 34, 115),  # bt709 limited: kYuvH709Constants, UB unclamped
    (16320, 32, 119, 12, 30, 101),  # bt709 full: kYuvF709Constants
)

#: RGB -> YUV constants per matrix code: (Y: R, G, B, bias), (U: R, G, B), (V: R, G, B),
#: chroma bias. ``value = (cr R + cg G + cb B + bias) >> 8``.
RGB_TO_YUV: tuple[tuple[tuple[int, int, int, int], tuple[int, int, int], tuple[int, int, int],
                        int], ...] = (
    ((66, 129, 25, 0x1080), (-38, -74, 112), (112, -94, -18), 0x8000),  # libyuv BT.601
    ((77, 150, 29, 0x80), (-43, -85, 128), (128, -107, -21), 0x807F),  # libyuv JPEG
    ((47, 157, 16, 0x1080), (-26, -87, 113), (112, -102, -10), 0x807F),  # BT.709 limited
    ((54, 183, 19, 0x80), (-29, -99, 128), (128, -116, -12), 0x807F),  # BT.709 full
)


def matrix_code(matrix: object, full_range: object) -> int:
    """Kernel code of a colour matrix: bt601/bt709, limited (16-235) or full (0-255) range."""
    if matrix == "bt601" and full_range is False:
        return 0
    if not isinstance(matrix, str) or matrix.lower() not in MATRIX_CODES:
        raise ValueError(f"unknown matrix {matrix!r}; known: {', '.join(MATRIX_CODES)}")
    if not isinstance(full_range, bool):
        raise TypeError(f"full_range must be a bool, got {type(full_range).__name__}")
    return MATRIX_CODES[matrix.lower()] + int(full_range)


def rgb_to_yuv(r: int, g: int, b: int, matrix: str = "bt601",
               full_range: bool = False) -> tuple[int, int, int]:
    """The Y, U, V (0-255 each) that a solid colour of components ``r, g, b`` converts to."""
    for name, value in (("r", r), ("g", g), ("b", b)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 255:
            raise ValueError(f"{name} must be an integer from 0 to 255, got {value!r}")
    (yr, yg, yb, ybias), (ur, ug, ub), (vr, vg, vb), cbias = RGB_TO_YUV[
        matrix_code(matrix, full_range)]
    return ((yr * r + yg * g + yb * b + ybias) >> 8, (ur * r + ug * g + ub * b + cbias) >> 8,
            (vr * r + vg * g + vb * b + cbias) >> 8)
