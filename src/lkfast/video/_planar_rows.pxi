# Row passes of the planar kernels (included by _planar.pxi): format codes and plane geometry
# of LiveKit's other YUV types, reading a row's luma and its per-pixel chroma from any YUV
# format, and writing luma, chroma and alpha rows in any YUV format. The arithmetic is stated in
# lkfast/video/reference/planar.py; every pass works on at most CHUNK pixels of one row.

from libc.stdint cimport int16_t, uint8_t, uint16_t, uint32_t
from libc.string cimport memcpy, memset

cdef enum:
    # lkfast.video.formats.CODES of the formats beyond _yuv's eight.
    F_I420A = 8
    F_I422 = 9
    F_I444 = 10
    F_I010 = 11
    F_LAST = 11


cdef struct Img:
    # One frame as up to four planes: the first byte of each and its row stride in bytes.
    uint8_t *p[4]
    Py_ssize_t s[4]


cdef inline bint _is_yuv(int code) noexcept nogil:
    return code >= F_I420


cdef inline int _sx(int code) noexcept nogil:
    """Horizontal chroma shift: 0 for I444, else 1."""
    return 0 if code == F_I444 else 1


cdef inline int _sy(int code) noexcept nogil:
    """Vertical chroma shift: 1 for the 4:2:0 formats, 0 for I422 and I444."""
    return 0 if code == F_I422 or code == F_I444 else 1


cdef int _shapes(int code, Py_ssize_t w, Py_ssize_t h, Py_ssize_t *row_bytes,
                 Py_ssize_t *rows) noexcept nogil:
    """Row bytes and rows of each plane (formats.plane_shapes); returns the plane count."""
    cdef Py_ssize_t cw = (w + 1) // 2, ch = (h + 1) // 2
    cdef int i
    if code < F_RGB24:
        row_bytes[0] = 4 * w
        rows[0] = h
        return 1
    if code < F_I420:
        row_bytes[0] = 3 * w
        rows[0] = h
        return 1
    row_bytes[0] = 2 * w if code == F_I010 else w
    rows[0] = h
    if code == F_NV12:
        row_bytes[1] = 2 * cw
        rows[1] = ch
        return 2
    for i in range(1, 3):
        row_bytes[i] = w if code == F_I444 else 2 * cw if code == F_I010 else cw
        rows[i] = ch if _sy(code) else h
    if code == F_I420A:
        row_bytes[3] = w
        rows[3] = h
        return 4
    return 3


# ---- reading ----------------------------------------------------------------------------

cdef inline uint16_t _rd16(const uint8_t *p, Py_ssize_t i) noexcept nogil:
    """Sample i of a little-endian uint16 row."""
    return <uint16_t>(p[2 * i] | (p[2 * i + 1] << 8))


cdef inline uint8_t _ten_to_8(uint16_t a) noexcept nogil:
    """libyuv's I010ToI420 sample: clamp255(x >> 2)."""
    a = a >> 2
    return <uint8_t>(255 if a > 255 else a)


cdef void _chroma444(const Img *im, int code, Py_ssize_t r, Py_ssize_t x, Py_ssize_t n,
                     uint8_t *u, uint8_t *v) noexcept nogil:
    """8-bit U, V of pixels [x, x + n) of row r, one per pixel (nearest chroma sample)."""
    cdef Py_ssize_t cr = r >> _sy(code), i, j
    cdef const uint8_t *pu = im.p[1] + cr * im.s[1]
    cdef const uint8_t *pv = pu
    if code != F_NV12:
        pv = im.p[2] + cr * im.s[2]
    if code == F_I444:
        memcpy(u, pu + x, n)
        memcpy(v, pv + x, n)
    elif code == F_NV12:
        for i in range(n):
            j = (x + i) >> 1
            u[i] = pu[2 * j]
            v[i] = pu[2 * j + 1]
    elif code == F_I010:
        for i in range(n):
            j = (x + i) >> 1
            u[i] = _ten_to_8(_rd16(pu, j))
            v[i] = _ten_to_8(_rd16(pv, j))
    else:
        for i in range(n):
            j = (x + i) >> 1
            u[i] = pu[j]
            v[i] = pv[j]


cdef void _luma8(const Img *im, int code, Py_ssize_t r, Py_ssize_t x, Py_ssize_t n,
                 uint8_t *y) noexcept nogil:
    """8-bit luma of pixels [x, x + n) of row r (I010: clamp255(Y >> 2))."""
    cdef const uint8_t *p = im.p[0] + r * im.s[0]
    cdef Py_ssize_t i
    if code == F_I010:
        for i in range(n):
            y[i] = _ten_to_8(_rd16(p, x + i))
    else:
        memcpy(y, p + x, n)


cdef void _luma16(const uint8_t *p, Py_ssize_t n, uint16_t *y) noexcept nogil:
    """I010 luma as libyuv's YuvPixel10 widens it: (Y << 6) | (Y >> 4), Y clamped to 1023."""
    cdef Py_ssize_t i
    cdef uint16_t a
    for i in range(n):
        a = _rd16(p, i)
        if a > 1023:
            a = 1023
        y[i] = <uint16_t>((a << 6) | (a >> 4))


cdef void _terms444(const uint8_t *u, const uint8_t *v, int16_t *tb, int16_t *tg,
                    int16_t *tr, Py_ssize_t n, const ToRgb *k) noexcept nogil:
    """Each pixel's B, G and R chroma terms (as _chroma_terms, without the doubling)."""
    cdef Py_ssize_t i
    cdef int16_t du, dv
    cdef int16_t ub = k.ub, ug = k.ug, vg = k.vg, vr = k.vr
    for i in range(n):
        du = <int16_t>u[i] - 128
        dv = <int16_t>v[i] - 128
        tb[i] = du * ub
        tg[i] = du * ug + dv * vg
        tr[i] = dv * vr


cdef void _rgb16_row(const uint16_t *y, const int16_t *tb, const int16_t *tg,
                     const int16_t *tr, uint8_t *r, uint8_t *g, uint8_t *b, Py_ssize_t n,
                     uint16_t yg, uint16_t yb) noexcept nogil:
    """_rgb_row from widened 16-bit luma (libyuv's y32); yb carries BIAS."""
    cdef Py_ssize_t i
    cdef uint16_t y1
    cdef int16_t lo = BIAS_STEPS, hi = 255
    for i in range(n):
        y1 = <uint16_t>((<uint32_t>y[i] * yg) >> 16) + yb
        b[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 + tb[i]) >> 6), lo) - lo, hi)
        g[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 - tg[i]) >> 6), lo) - lo, hi)
        r[i] = <uint8_t>_min16(_max16(<int16_t>(<uint16_t>(y1 + tr[i]) >> 6), lo) - lo, hi)


# ---- writing ----------------------------------------------------------------------------

cdef inline void _wr16(uint8_t *p, Py_ssize_t i, uint8_t a) noexcept nogil:
    """Write 8-bit a as libyuv's I420ToI010 does: a * 4 + a // 64, little-endian."""
    cdef uint16_t t = <uint16_t>(a * 4 + (a >> 6))
    p[2 * i] = <uint8_t>(t & 255)
    p[2 * i + 1] = <uint8_t>(t >> 8)


cdef void _put_luma(const Img *im, int code, Py_ssize_t r, Py_ssize_t x, const uint8_t *y,
                      Py_ssize_t n) noexcept nogil:
    cdef uint8_t *p = im.p[0] + r * im.s[0]
    cdef Py_ssize_t i
    if code == F_I010:
        for i in range(n):
            _wr16(p, x + i, y[i])
    else:
        memcpy(p + x, y, n)


cdef void _store_chroma(const Img *im, int code, Py_ssize_t cr, Py_ssize_t cx,
                        const uint8_t *u, const uint8_t *v, Py_ssize_t n) noexcept nogil:
    """Chroma samples [cx, cx + n) of chroma row cr."""
    cdef uint8_t *pu = im.p[1] + cr * im.s[1]
    cdef uint8_t *pv
    cdef Py_ssize_t i
    if code == F_NV12:
        _interleave(pu + 2 * cx, u, v, n)
        return
    pv = im.p[2] + cr * im.s[2]
    if code == F_I010:
        for i in range(n):
            _wr16(pu, cx + i, u[i])
            _wr16(pv, cx + i, v[i])
    else:
        memcpy(pu + cx, u, n)
        memcpy(pv + cx, v, n)


cdef void _store_alpha(const Img *im, int code, Py_ssize_t r, Py_ssize_t x, const uint8_t *a,
                       Py_ssize_t n) noexcept nogil:
    """Alpha of pixels [x, x + n) of row r for I420A (a NULL: opaque); nothing otherwise."""
    if code != F_I420A:
        return
    if a == NULL:
        memset(im.p[3] + r * im.s[3] + x, 255, n)
    else:
        memcpy(im.p[3] + r * im.s[3] + x, a, n)


cdef void _box(const uint8_t *a, const uint8_t *b, uint8_t *out, Py_ssize_t n) noexcept nogil:
    """n 2x2 block averages (s + 2) >> 2 of rows a, b; each holds 2n samples (pad included)."""
    cdef Py_ssize_t j
    for j in range(n):
        out[j] = <uint8_t>((a[2 * j] + a[2 * j + 1] + b[2 * j] + b[2 * j + 1] + 2) >> 2)


cdef void _uv444_row(const uint8_t *r, const uint8_t *g, const uint8_t *b, uint8_t *u,
                     uint8_t *v, Py_ssize_t n, const ToYuv *k) noexcept nogil:
    """U, V of each pixel (RGB -> I444: no averaging)."""
    cdef Py_ssize_t i
    for i in range(n):
        u[i] = <uint8_t>(<uint16_t>(k.ur * r[i] + k.ug * g[i] + k.ub * b[i] + k.cbias) >> 8)
        v[i] = <uint8_t>(<uint16_t>(k.vr * r[i] + k.vg * g[i] + k.vb * b[i] + k.cbias) >> 8)
