# YUV -> packed RGB, the planar passes (included by _yuv.pxi): per chroma row, the chroma
# terms of each pixel, then R, G, B of each luma row in 16-bit lanes, interleaved into the
# packed format (_yuv_planes.pxi). _yuv_to_packed converts the whole steps of a row with the
# SIMD steps (_yuv_simd.pxi) first when asked, and the rest, odd widths included, here.

from libc.stdint cimport int16_t, uint8_t, uint16_t, uint32_t


cdef inline void _chroma_terms(const uint8_t *u, const uint8_t *v, int16_t *tb, int16_t *tg,
                               int16_t *tr, Py_ssize_t n, int16_t ub, int16_t ug, int16_t vg,
                               int16_t vr) noexcept nogil:
    """Each chroma sample's B, G and R terms, written twice: one per pixel of a row."""
    cdef Py_ssize_t j
    cdef int16_t du, dv, b, g, r
    for j in range(n):
        du = <int16_t>u[j] - 128
        dv = <int16_t>v[j] - 128
        b = du * ub
        g = du * ug + dv * vg
        r = dv * vr
        tb[2 * j] = b
        tb[2 * j + 1] = b
        tg[2 * j] = g
        tg[2 * j + 1] = g
        tr[2 * j] = r
        tr[2 * j + 1] = r


cdef inline int16_t _max16(int16_t a, int16_t b) noexcept nogil:
    return a if a > b else b


cdef inline int16_t _min16(int16_t a, int16_t b) noexcept nogil:
    return a if a < b else b


cdef inline void _rgb_row(const uint8_t *y, const int16_t *tb, const int16_t *tg,
                          const int16_t *tr, uint8_t *r, uint8_t *g, uint8_t *b, Py_ssize_t n,
                          uint16_t yg, uint16_t yb) noexcept nogil:
    """R, G, B of n pixels; yb already carries BIAS. 16-bit lanes throughout."""
    cdef Py_ssize_t i
    cdef uint16_t y1
    cdef int16_t lo = BIAS_STEPS, hi = 255
    for i in range(n):
        y1 = <uint16_t>((<uint32_t><uint16_t>(y[i] * 257) * yg) >> 16) + yb
        # (sum + BIAS) >> 6 is 0 to 835; clamp((sum >> 6), 0, 255) = clamp(that - 289, 0, 255).
        b[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 + tb[i]) >> 6), lo) - lo, hi)
        g[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 - tg[i]) >> 6), lo) - lo, hi)
        r[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 + tr[i]) >> 6), lo) - lo, hi)


cdef void _yuv_to_packed(const uint8_t *src, uint8_t *dst, Py_ssize_t ds, Py_ssize_t w,
                         Py_ssize_t h, int src_code, int dst_code, Py_ssize_t row_begin,
                         Py_ssize_t row_end, const ToRgb *k, bint simd) noexcept nogil:
    """``ds``: the row stride of ``dst`` in bytes (any sign; ``w * bpp`` when packed)."""
    cdef Py_ssize_t cw = (w + 1) // 2, ch = (h + 1) // 2
    cdef int bpp = 3 if dst_code >= F_RGB24 else 4
    cdef const uint8_t *u_plane = src + w * h
    cdef const uint8_t *v_plane = u_plane + cw * ch
    cdef const uint8_t *u
    cdef const uint8_t *v
    cdef int16_t tb[CHUNK]
    cdef int16_t tg[CHUNK]
    cdef int16_t tr[CHUNK]
    cdef uint8_t rgb[3][CHUNK]
    cdef uint8_t us[HALF_CHUNK]
    cdef uint8_t vs[HALF_CHUNK]
    cdef const uint8_t *out[4]
    cdef uint16_t yb = <uint16_t>(k.yb + BIAS)
    cdef bint nv12 = src_code == F_NV12
    cdef ToRgbSteps steps
    cdef Py_ssize_t row = row_begin, stop, r, x, n, nc
    cdef int c
    for c in range(3):
        out[OFFSETS[dst_code][c]] = rgb[c]
    if bpp == 4:
        out[OFFSETS[dst_code][3]] = OPAQUE
    if simd:
        _to_rgb_steps(&steps, k, dst_code)
    while row < row_end:
        stop = min(row - row % 2 + 2, row_end)  # the luma rows of this chroma row
        x = 0
        if simd:
            x = _yuv_to_packed_steps(
                src + row * w, src + (row + 1) * w if stop - row == 2 else NULL,
                dst + row * ds, dst + (row + 1) * ds,
                u_plane + (row // 2) * (2 * cw if nv12 else cw), v_plane + (row // 2) * cw, w,
                dst_code, nv12, &steps)
        while x < w:
            n = min(<Py_ssize_t>CHUNK, w - x)
            nc = (n + 1) // 2
            if nv12:
                _deinterleave(u_plane + (row // 2) * 2 * cw + x, us, vs, nc)
                u = us
                v = vs
            else:
                u = u_plane + (row // 2) * cw + x // 2
                v = v_plane + (row // 2) * cw + x // 2
            _chroma_terms(u, v, tb, tg, tr, nc, k.ub, k.ug, k.vg, k.vr)
            for r in range(row, stop):
                _rgb_row(src + r * w + x, tb, tg, tr, rgb[0], rgb[1], rgb[2], n, k.yg, yb)
                if bpp == 4:
                    _pack4(dst + r * ds + x * 4, out[0], out[1], out[2], out[3], n)
                else:
                    _pack3(dst + r * ds + x * 3, out[0], out[1], out[2], n)
            x += n
        row = stop
