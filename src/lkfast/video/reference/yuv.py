"""Pure-Python reference of every conversion with I420 or NV12 on either side (no numpy).

The arithmetic is libyuv's, as LiveKit's ``VideoFrame.convert`` runs it, and for BT.601
limited range it is byte-identical to LiveKit on every pair LiveKit supports:

* RGB -> YUV, per pixel: ``Y = (66 R + 129 G + 25 B + 0x1080) >> 8``; per 2x2 block, each of
  R, G, B is averaged as ``(a + b + c + d + 2) >> 2`` and
  ``U = (112 B - 74 G - 38 R + 0x8000) >> 8``, ``V = (112 R - 94 G - 18 B + 0x8000) >> 8``.
  At an odd width or height the last column or row is paired with itself.
* YUV -> RGB, libyuv's 6-bit fixed point with the ``y * 0x0101`` trick and nearest-neighbour
  chroma: ``y1 = ((Y * 257 * YG) >> 16) + YB``, ``B = clamp((y1 + UB (U-128)) >> 6)``,
  ``G = clamp((y1 - UG (U-128) - VG (V-128)) >> 6)``, ``R = clamp((y1 + VR (V-128)) >> 6)``.
  (For BT.601 limited, ``UB = 128``: libyuv's 2.0 instead of 2.018.)

The other matrices use the same formulas with their own integer constants: libyuv's JPEG
(BT.601 full), H709 with its unclamped U gain (BT.709 limited) and F709 (BT.709 full) for
YUV -> RGB; for RGB -> YUV, libyuv's JPEG coefficients and, for BT.709, coefficients derived
the same way (rounded, chroma rows summing to zero), all with rounded chroma: ``+0x807F``,
libyuv's ``+0x8080`` less the one that would carry full-range 255 over to 256. Each is within
1 of the float formulas.

Formats are named by byte order in memory (``formats`` module); every frame is tightly packed.
"""

from __future__ import annotations

# Re-exported: the constants and the one-colour conversion were always offered here.
from lkfast.video.colour import RGB_TO_YUV as RGB_TO_YUV
from lkfast.video.colour import YUV_TO_RGB, matrix_code
from lkfast.video.colour import rgb_to_yuv as rgb_to_yuv
from lkfast.video.formats import BYTES_PER_PIXEL, CHANNEL_OFFSETS, FORMATS, YUV, layout


def _planes(src: memoryview, width: int, height: int,
            fmt: str) -> tuple[memoryview, memoryview, memoryview]:
    """Y, U, V planes of an I420 or NV12 frame (views; NV12's U and V are strided)."""
    (y_off, y_len), *chroma = layout(fmt, width, height).planes  # type: ignore[arg-type]
    y = src[y_off:y_off + y_len]
    if fmt == "I420":
        (u_off, c_len), (v_off, _) = chroma
        return y, src[u_off:u_off + c_len], src[v_off:v_off + c_len]
    uv_off, uv_len = chroma[0]
    return y, src[uv_off:uv_off + uv_len:2], src[uv_off + 1:uv_off + uv_len:2]


def _join(y: bytes | bytearray | memoryview, u: bytes | bytearray | memoryview,
          v: bytes | bytearray | memoryview, fmt: str) -> bytearray:
    out = bytearray(bytes(y))
    if fmt == "I420":
        out += bytes(u)
        out += bytes(v)
    else:
        uv = bytearray(2 * len(u))
        uv[0::2] = bytes(u)
        uv[1::2] = bytes(v)
        out += uv
    return out


def _packed_to_yuv(src: memoryview, width: int, height: int, fmt: str,
                   code: int) -> tuple[bytearray, bytearray, bytearray]:
    ro, go, bo, _ = CHANNEL_OFFSETS[fmt]
    bpp = BYTES_PER_PIXEL[fmt]
    (yr, yg, yb, ybias), (ur, ug, ub), (vr, vg, vb), cbias = RGB_TO_YUV[code]
    r = src[ro::bpp]
    g = src[go::bpp]
    b = src[bo::bpp]
    y = bytearray((yr * r[i] + yg * g[i] + yb * b[i] + ybias) >> 8 for i in range(width * height))
    cw, ch = (width + 1) // 2, (height + 1) // 2
    u = bytearray(cw * ch)
    v = bytearray(cw * ch)
    for cy in range(ch):
        top = 2 * cy * width
        bottom = min(2 * cy + 1, height - 1) * width  # an odd last row pairs with itself
        for cx in range(cw):
            left = 2 * cx
            right = min(left + 1, width - 1)  # so does an odd last column
            p = (top + left, top + right, bottom + left, bottom + right)
            ar = (r[p[0]] + r[p[1]] + r[p[2]] + r[p[3]] + 2) >> 2
            ag = (g[p[0]] + g[p[1]] + g[p[2]] + g[p[3]] + 2) >> 2
            ab = (b[p[0]] + b[p[1]] + b[p[2]] + b[p[3]] + 2) >> 2
            u[cy * cw + cx] = (ur * ar + ug * ag + ub * ab + cbias) >> 8
            v[cy * cw + cx] = (vr * ar + vg * ag + vb * ab + cbias) >> 8
    return y, u, v


def _clamp(value: int) -> int:
    return 0 if value < 0 else 255 if value > 255 else value


def _yuv_to_packed(y: memoryview, u: memoryview, v: memoryview, width: int, height: int,
                   fmt: str, code: int) -> bytearray:
    yg, yb, ub, ug, vg, vr = YUV_TO_RGB[code]
    ro, go, bo, ao = CHANNEL_OFFSETS[fmt]
    bpp = BYTES_PER_PIXEL[fmt]
    out = bytearray(width * height * bpp)
    if ao >= 0:
        out[ao::bpp] = b"\xff" * (width * height)
    cw = (width + 1) // 2
    luma = [((value * 0x0101 * yg) >> 16) + yb for value in range(256)]
    for row in range(height):
        crow = (row >> 1) * cw
        for col in range(width):
            c = crow + (col >> 1)
            du = u[c] - 128
            dv = v[c] - 128
            y1 = luma[y[row * width + col]]
            p = (row * width + col) * bpp
            out[p + bo] = _clamp((y1 + ub * du) >> 6)
            out[p + go] = _clamp((y1 - ug * du - vg * dv) >> 6)
            out[p + ro] = _clamp((y1 + vr * dv) >> 6)
    return out


def convert_yuv(src: memoryview, width: int, height: int, src_name: str, dst_name: str,
                matrix: str = "bt601", full_range: bool = False) -> bytearray:
    """Convert one tightly packed frame; ``src_name`` or ``dst_name`` is I420 or NV12.

    Args:
        src: the whole source frame, bytes (format ``'B'``), ``layout(src_name).size`` long.
        width, height: frame size in pixels (1 to ``formats.MAX_DIMENSION``).
        src_name, dst_name: canonical format names (``formats.FORMATS``).
        matrix, full_range: colour matrix ("bt601" or "bt709") and range of the YUV side.

    Returns:
        The converted frame, ``layout(dst_name).size`` bytes.

    Raises:
        ValueError: unknown formats, neither side YUV, or a source of the wrong length.
    """
    for name in (src_name, dst_name):
        if name not in FORMATS:
            raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    if src_name not in YUV and dst_name not in YUV:
        raise ValueError(f"{src_name} -> {dst_name} has no YUV side")
    code = matrix_code(matrix, full_range)
    view = memoryview(src).cast("B")
    expected = layout(src_name, width, height).size  # type: ignore[arg-type]
    if view.nbytes != expected:
        raise ValueError(f"src holds {view.nbytes} bytes; {src_name} at {width}x{height} "
                         f"needs {expected}")
    if src_name in YUV:
        y, u, v = _planes(view, width, height, src_name)
    else:
        y, u, v = (memoryview(p) for p in _packed_to_yuv(view, width, height, src_name, code))
    if dst_name in YUV:
        return _join(y, u, v, dst_name)
    return _yuv_to_packed(y, u, v, width, height, dst_name, code)
