"""Pure-Python twin of :mod:`lkfast.video._planar` (no numpy): conversions with I420A, I422,
I444 or I010 on a side, each plane given as (buffer, row stride in bytes).

The rules, all libyuv's integer arithmetic (see :mod:`lkfast.video.reference.yuv`):

* YUV -> RGB: per pixel, with the nearest chroma sample (I444: its own; I422: shared by a
  horizontal pair; 4:2:0: by a 2x2 block). I010 as libyuv's I010ToARGB: luma widened as
  ``(Y << 6) | (Y >> 4)`` in place of ``Y * 0x0101``, chroma ``clamp255(C >> 2)``; luma above
  1023 is taken as 1023. Alpha from I420A's A plane, else 255.
* RGB -> YUV: Y per pixel; chroma from the rounded average of R, G, B over the 2x2 block
  (4:2:0), the horizontal pair (I422) or the pixel (I444); an odd last row or column pairs
  with itself. I420A takes alpha from the source (255 without).
* YUV -> YUV: luma copied; 10 -> 8 bits ``clamp255(x >> 2)`` (libyuv's I010ToI420), 8 -> 10
  bits ``x * 4 + x // 64`` (I420ToI010). I444 and I422 chroma shrinks (to 4:2:0, and I444 ->
  I422) as libyuv's I444ToI420 / I422ToI420 do it: ``chroma_scale``, ScalePlane with
  kFilterBilinear, which at even sizes is the 2x2 average ``(a + b + c + d + 2) >> 2`` (I444)
  or the pair average ``(a + b + 1) >> 1`` (I422 rows, I444 -> I422 columns). Other chroma is
  repeated to one 8-bit sample per pixel, then averaged ``(a + b + c + d + 2) >> 2`` over each
  2x2 block (4:2:0) or ``(a + b + 1) >> 1`` over each horizontal pair (I422). I420A ->
  anything drops A; anything -> I420A gives A = 255. Identity pairs copy.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from lkfast.video.colour import RGB_TO_YUV, YUV_TO_RGB
from lkfast.video.formats import (
    BYTES_PER_PIXEL,
    CHANNEL_OFFSETS,
    CODES,
    FORMATS,
    FormatName,
    layout,
    plane_shapes,
)

_PACKED = FORMATS[:6]


def _sub(fmt: str) -> tuple[int, int]:
    """(horizontal, vertical) chroma shifts."""
    return (0 if fmt == "I444" else 1), (0 if fmt in ("I422", "I444") else 1)


def _clamp(v: int) -> int:
    return 0 if v < 0 else 255 if v > 255 else v


def _read_yuv(planes: Sequence[Any], strides: Sequence[int], fmt: str, w: int, h: int):
    """Per-pixel lists: Y (8-bit), widened luma (y32), U, V (8-bit), A (or None)."""
    sx, sy = _sub(fmt)
    p = [memoryview(x).cast("B") for x in planes]
    y8, y32, u, v = [], [], [], []
    a = None
    ten = fmt == "I010"
    for r in range(h):
        cr = r >> sy
        for c in range(w):
            cc = c >> sx
            if ten:
                yy = p[0][r * strides[0] + 2 * c] | p[0][r * strides[0] + 2 * c + 1] << 8
                uu = p[1][cr * strides[1] + 2 * cc] | p[1][cr * strides[1] + 2 * cc + 1] << 8
                vv = p[2][cr * strides[2] + 2 * cc] | p[2][cr * strides[2] + 2 * cc + 1] << 8
                y8.append(min(yy >> 2, 255))
                yc = min(yy, 1023)
                y32.append((yc << 6) | (yc >> 4))
                u.append(min(uu >> 2, 255))
                v.append(min(vv >> 2, 255))
                continue
            yy = p[0][r * strides[0] + c]
            y8.append(yy)
            y32.append(yy * 0x0101)
            if fmt == "NV12":
                u.append(p[1][cr * strides[1] + 2 * cc])
                v.append(p[1][cr * strides[1] + 2 * cc + 1])
            else:
                u.append(p[1][cr * strides[1] + cc])
                v.append(p[2][cr * strides[2] + cc])
    if fmt == "I420A":
        a = [p[3][r * strides[3] + c] for r in range(h) for c in range(w)]
    return y8, y32, u, v, a


def _write8(view: memoryview, off: int, value: int, ten: bool) -> None:
    if ten:
        t = value * 4 + value // 64
        view[2 * off] = t & 255
        view[2 * off + 1] = t >> 8
    else:
        view[off] = value


def _store_yuv(planes: Sequence[Any], strides: Sequence[int], fmt: str, w: int, h: int,
               r0: int, r1: int, y: list, chroma: Any, a: Optional[list]) -> None:
    """Write Y rows [r0, r1), A rows, and the chroma rows they own; chroma(cr, cc) -> (U, V)."""
    sx, sy = _sub(fmt)
    p = [memoryview(x).cast("B") for x in planes]
    ten = fmt == "I010"
    for r in range(r0, r1):
        for c in range(w):
            if ten:
                _write8(p[0][r * strides[0]:], c, y[r * w + c], True)
            else:
                p[0][r * strides[0] + c] = y[r * w + c]
            if fmt == "I420A":
                p[3][r * strides[3] + c] = 255 if a is None else a[r * w + c]
    cw = len(range(0, w, 1 << sx))
    for cr in range(r0 >> sy, (r1 + sy) >> sy):
        for cc in range(cw):
            uu, vv = chroma(cr, cc)
            if fmt == "NV12":
                p[1][cr * strides[1] + 2 * cc] = uu
                p[1][cr * strides[1] + 2 * cc + 1] = vv
            else:
                _write8(p[1][cr * strides[1]:], cc, uu, ten)
                _write8(p[2][cr * strides[2]:], cc, vv, ten)


def _reduce(sw: int, sh: int, dw: int, dh: int) -> int:
    """libyuv's ScaleFilterReduce of kFilterBilinear: 2 bilinear, 1 linear (columns), 0 none."""
    f = 1 if sh == 1 or dh == sh or dh * 3 == sh else 2
    if sw == 1 or (f == 1 and (dw == sw or dw * 3 == sw)):
        f = 0
    return f


def chroma_scale(src: Any, src_stride: int, src_width: int, src_height: int, dst: Any,
                 dst_stride: int, dst_width: int, dst_height: int) -> None:
    """One plane as libyuv's ``ScalePlane(..., kFilterBilinear)`` scales it, for sizes that
    keep or halve (``(n + 1) // 2``) each side; the arguments are assumed valid.

    The filter is ScaleFilterReduce's: linear (columns only) when the height is kept or is 1,
    none when the width is 1 or a linear filter keeps the width. Then, by size:

    * both kept: a copy;
    * width kept (ScalePlaneVertical): ``dy = (sh << 16) // dh``, row j at
      ``y = min((dy >> 1) - 32768 + j * dy, ((sh - 1) << 16) - 1)`` (0 when sh is 1): rows
      ``y >> 16`` and the next blended by InterpolateRow, ``(a * (256 - f) + b * f + 128) >> 8``
      with ``f = (y >> 8) & 255`` (0 without filter);
    * both exactly halved (ScalePlaneDown2): ``(a + b + c + d + 2) >> 2`` of each 2x2 block;
    * else (ScalePlaneBilinearDown): ``dx = (sw << 16) // dw``, column i at
      ``x = (dx >> 1) - 32768 + i * dx``; row j at ``y = min(y0 + j * dy, (sh - 1) << 16)``
      with ``y0 = (dy >> 1) - 32768`` (bilinear) or ``dy >> 1`` (linear); the two rows are
      blended as above (bilinear), then columns ``x >> 16`` and the next as x86 ScaleFilterCols
      does, ``a + ((((x & 0xFFFF) >> 9) * (b - a) + 64) >> 7)``.
    """
    sw, sh, dw, dh = src_width, src_height, dst_width, dst_height
    s = memoryview(src).cast("B")
    d = memoryview(dst).cast("B")
    f = _reduce(sw, sh, dw, dh)

    def at(r: int, c: int, yf: int) -> int:
        a = s[r * src_stride + c]
        return a if yf == 0 else (a * (256 - yf) + s[(r + 1) * src_stride + c] * yf + 128) >> 8

    for j in range(dh):
        o = j * dst_stride
        if dw == sw and dh == sh:
            d[o:o + dw] = s[j * src_stride:j * src_stride + dw]
        elif dw == sw:
            dy = (sh << 16) // dh
            y = min((dy >> 1) - 32768 + j * dy, ((sh - 1) << 16) - 1 if sh > 1 else 0)
            for i in range(dw):
                d[o + i] = at(y >> 16, i, (y >> 8) & 255 if f else 0)
        elif 2 * dw == sw and 2 * dh == sh:
            for i in range(dw):
                d[o + i] = (s[2 * j * src_stride + 2 * i] + s[2 * j * src_stride + 2 * i + 1]
                            + s[(2 * j + 1) * src_stride + 2 * i]
                            + s[(2 * j + 1) * src_stride + 2 * i + 1] + 2) >> 2
        else:
            dx, dy = (sw << 16) // dw, (sh << 16) // dh
            y = min(((dy >> 1) - 32768 if f == 2 else dy >> 1) + j * dy, (sh - 1) << 16)
            yf = (y >> 8) & 255 if f == 2 else 0
            for i in range(dw):
                x = (dx >> 1) - 32768 + i * dx
                a = at(y >> 16, x >> 16, yf)
                b = at(y >> 16, min((x >> 16) + 1, sw - 1), yf)
                d[o + i] = a + ((((x & 0xFFFF) >> 9) * (b - a) + 64) >> 7)


def _scaled_chroma(planes: Sequence[Any], strides: Sequence[int], sf: str, df: str, w: int,
                   h: int) -> Optional[tuple[bytearray, bytearray, int]]:
    """I444/I422 chroma shrunk to ``df``'s grid by ``chroma_scale`` (U, V, row length), or
    None when ``df`` does not shrink it."""
    if df in ("I444", "I422", *_PACKED) and not (sf == "I444" and df == "I422"):
        return None
    if sf not in ("I444", "I422"):
        return None
    sw, dw = (w if sf == "I444" else (w + 1) // 2), (w + 1) // 2
    dh = h if df == "I422" else (h + 1) // 2
    u, v = bytearray(dw * dh), bytearray(dw * dh)
    chroma_scale(planes[1], strides[1], sw, h, u, dw, dw, dh)
    chroma_scale(planes[2], strides[2], sw, h, v, dw, dw, dh)
    return u, v, dw


def convert_planes(src: Sequence[Any], src_strides: Sequence[int], dst: Sequence[Any],
                   dst_strides: Sequence[int], width: int, height: int, src_code: int,
                   dst_code: int, row_begin: int, row_end: int, matrix: int,
                   simd: Optional[bool] = None, threads: int = 1) -> None:
    """Same contract as ``lkfast.video._planar.convert_planes`` (``simd``, ``threads``
    ignored); the arguments are assumed valid."""
    sf, df = FORMATS[src_code], FORMATS[dst_code]
    w, h = width, height
    if sf in _PACKED:
        ro, go, bo, ao = CHANNEL_OFFSETS[sf]
        bpp = 4 if ao >= 0 else 3
        s = memoryview(src[0]).cast("B")
        px = [(s[r * src_strides[0] + c * bpp + ro], s[r * src_strides[0] + c * bpp + go],
               s[r * src_strides[0] + c * bpp + bo],
               s[r * src_strides[0] + c * bpp + ao] if ao >= 0 else 255)
              for r in range(h) for c in range(w)]
        (yr, yg, yb, ybias), (ur, ug, ub), (vr, vg, vb), cbias = RGB_TO_YUV[matrix]
        y = [(yr * q[0] + yg * q[1] + yb * q[2] + ybias) >> 8 for q in px]
        sx, sy = _sub(df)

        def chroma(cr: int, cc: int) -> tuple[int, int]:
            rows = [min((cr << sy) + k, h - 1) for k in range(1 << sy)]
            cols = [min((cc << sx) + k, w - 1) for k in range(1 << sx)]
            sel = [px[rr * w + c] for rr in rows for c in cols]
            n = len(sel)
            if n == 1:
                ar, ag, ab = sel[0][:3]
            else:  # (a + b + 1) >> 1 for pairs is (2a + 2b + 2) >> 2
                k = 4 // n
                ar = (k * sum(q[0] for q in sel) + 2) >> 2
                ag = (k * sum(q[1] for q in sel) + 2) >> 2
                ab = (k * sum(q[2] for q in sel) + 2) >> 2
            return ((ur * ar + ug * ag + ub * ab + cbias) >> 8,
                    (vr * ar + vg * ag + vb * ab + cbias) >> 8)

        _store_yuv(dst, dst_strides, df, w, h, row_begin, row_end, y, chroma,
                   [q[3] for q in px])
        return
    y8, y32, u, v, a = _read_yuv(src, src_strides, sf, w, h)
    if df in _PACKED:
        yg, yb, ubk, ugk, vgk, vrk = YUV_TO_RGB[matrix]
        ro, go, bo, ao = CHANNEL_OFFSETS[df]
        bpp = 4 if ao >= 0 else 3
        d = memoryview(dst[0]).cast("B")
        for r in range(row_begin, row_end):
            for c in range(w):
                i = r * w + c
                y1 = ((y32[i] * yg) >> 16) + yb
                du, dv = u[i] - 128, v[i] - 128
                o = r * dst_strides[0] + c * bpp
                d[o + bo] = _clamp((y1 + ubk * du) >> 6)
                d[o + go] = _clamp((y1 - ugk * du - vgk * dv) >> 6)
                d[o + ro] = _clamp((y1 + vrk * dv) >> 6)
                if ao >= 0:
                    d[o + ao] = 255 if a is None else a[i]
        return
    if sf == df and sf == "I010":
        for i, (row, rows) in enumerate(plane_shapes(sf, w, h)):  # type: ignore[arg-type]
            s = memoryview(src[i]).cast("B")
            d = memoryview(dst[i]).cast("B")
            for r in range(rows):
                if (rows == h and row_begin <= r < row_end) or (
                        rows != h and row_begin // 2 <= r < (row_end + 1) // 2):
                    d[r * dst_strides[i]:r * dst_strides[i] + row] = \
                        s[r * src_strides[i]:r * src_strides[i] + row]
        return
    sx, sy = _sub(df)
    scaled = _scaled_chroma(src, src_strides, sf, df, w, h)

    def box(cr: int, cc: int) -> tuple[int, int]:
        if scaled is not None:
            return scaled[0][cr * scaled[2] + cc], scaled[1][cr * scaled[2] + cc]
        rows = [min((cr << sy) + k, h - 1) for k in range(1 << sy)]
        cols = [min((cc << sx) + k, w - 1) for k in range(1 << sx)]
        idx = [rr * w + c for rr in rows for c in cols]
        k = 4 // len(idx)
        if len(idx) == 1:
            return u[idx[0]], v[idx[0]]
        return ((k * sum(u[i] for i in idx) + 2) >> 2, (k * sum(v[i] for i in idx) + 2) >> 2)

    _store_yuv(dst, dst_strides, df, w, h, row_begin, row_end, y8, box, a)


def convert_planar(data: bytes, width: int, height: int, src_format: FormatName,
                   dst_format: FormatName, matrix: int) -> bytearray:
    """Convert one tightly packed frame (any pair): ``convert_planes`` over its planes."""
    out = bytearray(layout(dst_format, width, height).size)

    def split(view: memoryview, fmt: FormatName) -> tuple[list, list]:
        planes = [view[o:o + n] for o, n in layout(fmt, width, height).planes]
        if fmt in BYTES_PER_PIXEL:
            return planes, [width * BYTES_PER_PIXEL[fmt]]
        return planes, [row for row, _ in plane_shapes(fmt, width, height)]

    sp, ss = split(memoryview(data), src_format)
    dp, ds = split(memoryview(out), dst_format)
    convert_planes(sp, ss, dp, ds, width, height, CODES[src_format], CODES[dst_format], 0,
                   height, matrix)
    return out


__all__ = ["chroma_scale", "convert_planar", "convert_planes"]
