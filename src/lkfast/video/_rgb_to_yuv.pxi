# Packed RGB -> YUV, the planar passes (included by _yuv.pxi): per pair of rows, byte planes
# of the packed pixels (_yuv_planes.pxi), Y of each row, and U, V of each 2x2 block (an odd
# last row or column pairs with itself). _packed_to_yuv converts the whole steps of a row pair
# with the SIMD steps (_yuv_simd.pxi) first when asked, and the rest here.

from libc.stdint cimport int16_t, uint8_t, uint16_t


cdef inline void _y_row(const uint8_t *r, const uint8_t *g, const uint8_t *b, uint8_t *y,
                        Py_ssize_t n, uint16_t cr, uint16_t cg, uint16_t cb,
                        uint16_t bias) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        y[i] = <uint8_t>(<uint16_t>(cr * r[i] + cg * g[i] + cb * b[i] + bias) >> 8)


cdef inline void _uv_row(const uint16_t *r0, const uint16_t *g0, const uint16_t *b0,
                         const uint16_t *r1, const uint16_t *g1, const uint16_t *b1,
                         uint8_t *u, uint8_t *v, Py_ssize_t n, const ToYuv *k) noexcept nogil:
    """U, V of n 2x2 blocks; each uint16 of r0.. holds two horizontally adjacent samples."""
    cdef Py_ssize_t j
    cdef uint16_t ar, ag, ab
    cdef int16_t ur = k.ur, ug = k.ug, ub = k.ub, vr = k.vr, vg = k.vg, vb = k.vb
    cdef uint16_t bias = k.cbias
    for j in range(n):
        ar = <uint16_t>((r0[j] & 255) + (r0[j] >> 8) + (r1[j] & 255) + (r1[j] >> 8) + 2) >> 2
        ag = <uint16_t>((g0[j] & 255) + (g0[j] >> 8) + (g1[j] & 255) + (g1[j] >> 8) + 2) >> 2
        ab = <uint16_t>((b0[j] & 255) + (b0[j] >> 8) + (b1[j] & 255) + (b1[j] >> 8) + 2) >> 2
        u[j] = <uint8_t>(<uint16_t>(ur * ar + ug * ag + ub * ab + bias) >> 8)
        v[j] = <uint8_t>(<uint16_t>(vr * ar + vg * ag + vb * ab + bias) >> 8)


cdef inline void _unpack_row(const uint8_t *src, int bpp, uint16_t *c0, uint16_t *c1,
                             uint16_t *c2, uint16_t *c3, Py_ssize_t n) noexcept nogil:
    """Split n packed pixels into byte planes (stored in uint16 arrays, read in pairs)."""
    if bpp == 4:
        _unpack4(src, <uint8_t *>c0, <uint8_t *>c1, <uint8_t *>c2, <uint8_t *>c3, n)
    else:
        _unpack3(src, <uint8_t *>c0, <uint8_t *>c1, <uint8_t *>c2, n)


cdef void _packed_to_yuv(const uint8_t *src, Py_ssize_t ss, uint8_t *dst, Py_ssize_t w,
                         Py_ssize_t h, int src_code, int dst_code, Py_ssize_t row_begin,
                         Py_ssize_t row_end, const ToYuv *k, bint simd) noexcept nogil:
    """``ss``: the row stride of ``src`` in bytes (any sign; ``w * bpp`` when packed)."""
    cdef Py_ssize_t cw = (w + 1) // 2, ch = (h + 1) // 2
    cdef int bpp = 3 if src_code >= F_RGB24 else 4
    cdef int ro = OFFSETS[src_code][0], go = OFFSETS[src_code][1], bo = OFFSETS[src_code][2]
    cdef uint8_t *u_plane = dst + w * h
    cdef uint8_t *v_plane = u_plane + cw * ch
    # Two rows of byte planes, one spare byte for the odd-width pad.
    cdef uint16_t planes[2][4][PAIRS]
    cdef uint8_t us[HALF_CHUNK]
    cdef uint8_t vs[HALF_CHUNK]
    cdef uint16_t (*q)[PAIRS]
    cdef uint8_t *p
    cdef bint nv12 = dst_code == F_NV12
    cdef ToYuvSteps steps
    cdef Py_ssize_t cy, top, bottom, x, n, nc, row
    cdef int t, c
    if simd:
        _to_yuv_steps(&steps, k, src_code)
    for cy in range(row_begin // 2, (row_end + 1) // 2):
        top = 2 * cy
        bottom = min(top + 1, h - 1)  # an odd last row pairs with itself
        x = 0
        if simd:
            x = _packed_to_yuv_steps(
                src + top * ss, src + bottom * ss,
                dst + top * w if row_begin <= top < row_end else NULL,
                dst + bottom * w if bottom != top and row_begin <= bottom < row_end else NULL,
                u_plane + cy * (2 * cw if nv12 else cw), v_plane + cy * cw, w, bpp, nv12,
                &steps)
        while x < w:
            n = min(<Py_ssize_t>CHUNK, w - x)
            nc = (n + 1) // 2
            for t in range(1 if bottom == top else 2):
                row = top + t
                q = planes[t]
                _unpack_row(src + row * ss + x * bpp, bpp, q[0], q[1], q[2], q[3], n)
                if row_begin <= row < row_end:
                    _y_row(<uint8_t *>q[ro], <uint8_t *>q[go], <uint8_t *>q[bo],
                           dst + row * w + x, n, k.yr, k.yg, k.yb, k.ybias)
                if n % 2:  # an odd last column pairs with itself
                    for c in range(bpp):
                        p = <uint8_t *>q[c]
                        p[n] = p[n - 1]
            q = planes[0]
            if bottom != top:
                q = planes[1]
            if dst_code == F_NV12:
                _uv_row(planes[0][ro], planes[0][go], planes[0][bo], q[ro], q[go], q[bo],
                        us, vs, nc, k)
                _interleave(u_plane + cy * 2 * cw + x, us, vs, nc)
            else:
                _uv_row(planes[0][ro], planes[0][go], planes[0][bo], q[ro], q[go], q[bo],
                        u_plane + cy * cw + x // 2, v_plane + cy * cw + x // 2, nc, k)
            x += n
