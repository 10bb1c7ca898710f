# libyuv's ScalePlane(..., kFilterBilinear) as its I444ToI420 and I422ToI420 call it on each
# chroma plane (included by _planar.pxi), for the shrinks the planar kernels need: each side
# either kept or halved, (n + 1) // 2. The twin, with the rules spelled out, is chroma_scale in
# lkfast/video/reference/planar.py. ScaleFilterReduce picks the filter from the sizes; then
# ScalePlane runs one of: a copy; ScalePlaneVertical (width kept: rows blended by
# InterpolateRow); ScalePlaneDown2 (both sides exactly halved: ScaleRowDown2Box, the rounded
# 2x2 average); ScalePlaneBilinearDown (rows blended, then columns by ScaleFilterCols with the
# 7-bit fraction of libyuv's x86 code). I444 -> I422 at even widths keeps the planar kernels'
# own pair average (the same bytes, _scale_is_box); every other chroma shrink runs here.

from libc.stdint cimport int64_t, uint8_t, uint16_t
from libc.string cimport memcpy

cdef enum:
    SPAN_OUT = 256  # output samples per block of the bilinear pass (steps of at most 2)
    # kinds of ScalePlane pass
    SP_COPY = 0
    SP_VERTICAL = 1
    SP_BOX = 2
    SP_BILINEAR = 3


cdef struct ChromaScale:
    Py_ssize_t sw, sh, dw, dh
    int kind
    int mode  # ScaleFilterReduce(kFilterBilinear): 0 none, 1 linear (columns), 2 bilinear
    int64_t x, dx, y, dy, max_y


cdef void _scale_init(ChromaScale *c, Py_ssize_t sw, Py_ssize_t sh, Py_ssize_t dw,
                      Py_ssize_t dh) noexcept nogil:
    """ScaleFilterReduce, ScalePlane's choice of pass and ScaleSlope's 16.16 steps."""
    cdef int f = 2
    if sh == 1 or dh == sh or dh * 3 == sh:
        f = 1
    if sw == 1:
        f = 0
    if f == 1 and (dw == sw or dw * 3 == sw):
        f = 0
    c.sw = sw
    c.sh = sh
    c.dw = dw
    c.dh = dh
    c.mode = f
    c.x = 0
    c.dx = 0
    c.y = 0
    c.dy = 0
    c.max_y = 0
    if dw == sw and dh == sh:
        c.kind = SP_COPY
    elif dw == sw:
        c.kind = SP_VERTICAL
        c.dy = (<int64_t>sh << 16) // dh
        c.y = (c.dy >> 1) - 32768
        c.max_y = ((<int64_t>(sh - 1) << 16) - 1) if sh > 1 else 0
    elif 2 * dw == sw and 2 * dh == sh:
        c.kind = SP_BOX
    else:
        c.kind = SP_BILINEAR
        c.dx = (<int64_t>sw << 16) // dw
        c.x = (c.dx >> 1) - 32768
        c.dy = (<int64_t>sh << 16) // dh
        c.y = (c.dy >> 1) - 32768 if f == 2 else c.dy >> 1
        c.max_y = <int64_t>(sh - 1) << 16


cdef bint _scale_is_box(int sc, int dc, Py_ssize_t w, Py_ssize_t h) noexcept nogil:
    """Whether the kernels' own box average serves the chroma shrink from sc to dc: I444 ->
    I422 at even widths, where libyuv's linear pass is the pair average (a + b + 1) >> 1."""
    # 4:2:0 destinations: ScalePlane's own passes, its 2x2 box (SP_BOX) at even sizes
    # included, read the planes directly and are faster than repeating chroma per pixel.
    return sc == F_I444 and not _sy(dc) and w % 2 == 0


cdef inline int _lerp(int a, int b, int f) noexcept nogil:
    """InterpolateRow_C: (a * (256 - f) + b * f + 128) >> 8."""
    return (a * (256 - f) + b * f + 128) >> 8


cdef void _scale_row(const ChromaScale *c, const uint8_t *p, Py_ssize_t stride, Py_ssize_t j,
                     Py_ssize_t c0, Py_ssize_t n, uint8_t *out) noexcept nogil:
    """Samples [c0, c0 + n) of destination row j of plane p (row stride ``stride``)."""
    cdef const uint8_t *a
    cdef const uint8_t *b
    cdef const uint8_t *src
    cdef uint8_t row[2 * SPAN_OUT + 4]
    cdef int64_t yy, xx
    cdef int yf = 0, fx, s0, s1
    cdef uint16_t wa, wb
    cdef Py_ssize_t i, k, xi, xj, m, lo, hi
    if c.kind == SP_COPY:
        memcpy(out, p + j * stride + c0, n)
        return
    if c.kind == SP_BOX:
        a = p + 2 * j * stride
        b = a + stride
        a += 2 * c0
        b += 2 * c0
        for i in range(n):  # 16-bit sums (at most 1022): vectorised by the compiler
            out[i] = <uint8_t>((<uint16_t>a[2 * i] + a[2 * i + 1] + b[2 * i] + b[2 * i + 1]
                                + 2) >> 2)
        return
    yy = c.y + j * c.dy
    if yy > c.max_y:
        yy = c.max_y
    a = p + (yy >> 16) * stride
    if c.mode == 2 or (c.kind == SP_VERTICAL and c.mode != 0):
        yf = <int>((yy >> 8) & 255)
    b = a + stride if yf else a
    if c.kind == SP_VERTICAL:
        wa = <uint16_t>(256 - yf)
        wb = <uint16_t>yf
        a += c0
        b += c0
        for i in range(n):  # _lerp in 16 bits (at most 255 * 256 + 128): vectorised
            out[i] = <uint8_t>((<uint16_t>(a[i] * wa) + <uint16_t>(b[i] * wb) + 128) >> 8)
        return
    while n > 0:  # blocks of SPAN_OUT: rows blended over the columns they use, then columns
        m = min(n, <Py_ssize_t>SPAN_OUT)
        xx = c.x + c0 * c.dx
        lo = <Py_ssize_t>(xx >> 16)
        hi = <Py_ssize_t>((xx + (m - 1) * c.dx) >> 16) + 1
        if hi > c.sw - 1:
            hi = c.sw - 1
        src = a + lo
        if yf:
            for k in range(hi - lo + 1):
                row[k] = <uint8_t>_lerp(a[lo + k], b[lo + k], yf)
            src = row
        for i in range(m):
            xi = <Py_ssize_t>(xx >> 16)
            xj = xi + 1 if xi + 1 < c.sw else xi
            fx = <int>((xx & 0xFFFF) >> 9)
            s0 = src[xi - lo]
            s1 = src[xj - lo]
            out[i] = <uint8_t>((s0 * 128 + fx * (s1 - s0) + 64) >> 7)
            xx += c.dx
        out += m
        c0 += m
        n -= m
