# Byte moves of the YUV kernels (included by _yuv.pxi): interleaving passes between planar
# scratch rows and packed pixels or NV12's interleaved chroma, used by the planar row passes of
# both directions, and the YUV -> YUV conversions (I420 <-> NV12, or a copy), which only move
# planes. No arithmetic.

from libc.stdint cimport uint8_t
from libc.string cimport memcpy


# ---- interleaving passes ----------------------------------------------------------------

cdef inline void _pack4(uint8_t *dst, const uint8_t *p0, const uint8_t *p1, const uint8_t *p2,
                        const uint8_t *p3, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        dst[4 * i] = p0[i]
        dst[4 * i + 1] = p1[i]
        dst[4 * i + 2] = p2[i]
        dst[4 * i + 3] = p3[i]


cdef inline void _pack3(uint8_t *dst, const uint8_t *p0, const uint8_t *p1, const uint8_t *p2,
                        Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        dst[3 * i] = p0[i]
        dst[3 * i + 1] = p1[i]
        dst[3 * i + 2] = p2[i]


cdef inline void _unpack4(const uint8_t *src, uint8_t *c0, uint8_t *c1, uint8_t *c2,
                          uint8_t *c3, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        c0[i] = src[4 * i]
        c1[i] = src[4 * i + 1]
        c2[i] = src[4 * i + 2]
        c3[i] = src[4 * i + 3]


cdef inline void _unpack3(const uint8_t *src, uint8_t *c0, uint8_t *c1, uint8_t *c2,
                          Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        c0[i] = src[3 * i]
        c1[i] = src[3 * i + 1]
        c2[i] = src[3 * i + 2]


cdef inline void _interleave(uint8_t *uv, const uint8_t *u, const uint8_t *v,
                             Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t j
    for j in range(n):
        uv[2 * j] = u[j]
        uv[2 * j + 1] = v[j]


cdef inline void _deinterleave(const uint8_t *uv, uint8_t *u, uint8_t *v,
                               Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t j
    for j in range(n):
        u[j] = uv[2 * j]
        v[j] = uv[2 * j + 1]


# ---- YUV -> YUV -------------------------------------------------------------------------

cdef void _yuv_to_yuv(const uint8_t *src, uint8_t *dst, Py_ssize_t w, Py_ssize_t h,
                      int src_code, int dst_code, Py_ssize_t row_begin,
                      Py_ssize_t row_end) noexcept nogil:
    cdef Py_ssize_t cw = (w + 1) // 2, ch = (h + 1) // 2
    cdef Py_ssize_t c0 = row_begin // 2, c1 = (row_end + 1) // 2, cy
    cdef const uint8_t *s = src + w * h
    cdef uint8_t *d = dst + w * h
    memcpy(dst + row_begin * w, src + row_begin * w, (row_end - row_begin) * w)
    if src_code == dst_code:
        if src_code == F_I420:
            memcpy(d + c0 * cw, s + c0 * cw, (c1 - c0) * cw)
            memcpy(d + ch * cw + c0 * cw, s + ch * cw + c0 * cw, (c1 - c0) * cw)
        else:
            memcpy(d + c0 * 2 * cw, s + c0 * 2 * cw, (c1 - c0) * 2 * cw)
    elif src_code == F_I420:
        for cy in range(c0, c1):
            _interleave(d + cy * 2 * cw, s + cy * cw, s + ch * cw + cy * cw, cw)
    else:
        for cy in range(c0, c1):
            _deinterleave(s + cy * 2 * cw, d + cy * cw, d + ch * cw + cy * cw, cw)
