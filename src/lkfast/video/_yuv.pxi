# YUV conversion kernels: every pair with I420 or NV12 on either side, libyuv's arithmetic.
# Included by _yuv.pyx (baseline build), _yuv_ssse3.pyx, _yuv_avx2.pyx and _yuv_avx512.pyx;
# setup.py compiles each with its own flags (ISA_VARIANTS) and lkfast._core.variants imports the best
# one the CPU runs. Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
#
# Two paths, byte-identical. Where the build has SSSE3 or AVX2 (LK_SIMD_ARITH), whole runs of
# 32 pixels go through the SIMD steps of _yuv_simd.pxi: shuffles and 16-bit arithmetic in
# registers. The rest of a row, and everything in the baseline build, goes through the planar
# passes below, written for the C compiler's vectoriser: fixed-point arithmetic in 16-bit lanes
# over short runs of at most CHUNK pixels, read from and written to planar scratch arrays that
# stay in L1, with separate passes to interleave or deinterleave the packed pixels. The exact
# formulas (and their proof against LiveKit) are in lkfast/reference/yuv.py.

from libc.stdint cimport int16_t, uint8_t, uint16_t, uint32_t
from libc.string cimport memcpy, memset

include "lkfast/_core/_variant.pxi"

from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows

cdef enum:
    # Pixels per pass: scratch rows of this length stay in L1; even, so chunks own whole
    # chroma samples.
    CHUNK = 512
    HALF_CHUNK = 256  # chroma samples per chunk
    PAIRS = 257  # uint16 pairs per chunk row of byte planes, with room for an odd-width pad
    # Format codes (lkfast.video.formats.CODES).
    F_RGBA = 0
    F_BGRA = 1
    F_ARGB = 2
    F_ABGR = 3
    F_RGB24 = 4
    F_BGR24 = 5
    F_I420 = 6
    F_NV12 = 7
    # YUV -> RGB sums are kept as uint16 with this bias (a multiple of 64) added, so that
    # libyuv's signed 16-bit range (-18440 to 34981 with these constants) fits without the
    # saturating adds C lacks: (x + BIAS) >> 6 == (x >> 6) + BIAS / 64 exactly.
    BIAS = 18496
    BIAS_STEPS = 289  # BIAS // 64


cdef struct ToRgb:
    # y1 = ((y * 0x0101 * yg) >> 16) + yb; B = (y1 + ub*u) >> 6, G = (y1 - ug*u - vg*v) >> 6,
    # R = (y1 + vr*v) >> 6 with u, v = U - 128, V - 128 (libyuv's YuvConstants).
    uint16_t yg
    int16_t yb
    int16_t ub
    int16_t ug
    int16_t vg
    int16_t vr


cdef struct ToYuv:
    # Y = (yr R + yg G + yb B + ybias) >> 8 per pixel; U, V from the 2x2 block average with
    # coefficients (ur, ug, ub), (vr, vg, vb) and cbias, all in 16-bit arithmetic.
    uint16_t yr
    uint16_t yg
    uint16_t yb
    uint16_t ybias
    int16_t ur
    int16_t ug
    int16_t ub
    int16_t vr
    int16_t vg
    int16_t vb
    uint16_t cbias


# Per matrix code (formats.matrix_code): bt601 limited (LiveKit's), bt601 full, bt709 limited,
# bt709 full. Same values as lkfast.video.reference.yuv.YUV_TO_RGB / RGB_TO_YUV.
cdef ToRgb TO_RGB[4]
TO_RGB[0] = ToRgb(18997, -1160, 128, 25, 52, 102)
TO_RGB[1] = ToRgb(16320, 32, 113, 22, 46, 90)
TO_RGB[2] = ToRgb(18997, -1160, 135, 14, 34, 115)
TO_RGB[3] = ToRgb(16320, 32, 119, 12, 30, 101)

cdef ToYuv TO_YUV[4]
TO_YUV[0] = ToYuv(66, 129, 25, 0x1080, -38, -74, 112, 112, -94, -18, 0x8000)
TO_YUV[1] = ToYuv(77, 150, 29, 0x80, -43, -85, 128, 128, -107, -21, 0x807F)
TO_YUV[2] = ToYuv(47, 157, 16, 0x1080, -26, -87, 113, 112, -102, -10, 0x807F)
TO_YUV[3] = ToYuv(54, 183, 19, 0x80, -29, -99, 128, 128, -116, -12, 0x807F)

# Byte offsets of R, G, B and A (-1: none) in each packed format (formats.CHANNEL_OFFSETS).
cdef int OFFSETS[6][4]
OFFSETS[F_RGBA] = [0, 1, 2, 3]
OFFSETS[F_BGRA] = [2, 1, 0, 3]
OFFSETS[F_ARGB] = [1, 2, 3, 0]
OFFSETS[F_ABGR] = [3, 2, 1, 0]
OFFSETS[F_RGB24] = [0, 1, 2, -1]
OFFSETS[F_BGR24] = [2, 1, 0, -1]

# The alpha "plane" packed into 4-byte outputs.
cdef uint8_t OPAQUE[CHUNK]
memset(OPAQUE, 255, CHUNK)

# Whole runs of 32 pixels: shuffles and arithmetic in registers (ToRgbSteps, ToYuvSteps).
include "_yuv_simd.pxi"


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


# ---- YUV -> RGB -------------------------------------------------------------------------

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


cdef void _yuv_to_packed(const uint8_t *src, uint8_t *dst, Py_ssize_t w, Py_ssize_t h,
                         int src_code, int dst_code, Py_ssize_t row_begin, Py_ssize_t row_end,
                         const ToRgb *k, bint simd) noexcept nogil:
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
                dst + row * w * bpp, dst + (row + 1) * w * bpp,
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
                    _pack4(dst + (r * w + x) * 4, out[0], out[1], out[2], out[3], n)
                else:
                    _pack3(dst + (r * w + x) * 3, out[0], out[1], out[2], n)
            x += n
        row = stop


# ---- RGB -> YUV -------------------------------------------------------------------------

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


cdef void _packed_to_yuv(const uint8_t *src, uint8_t *dst, Py_ssize_t w, Py_ssize_t h,
                         int src_code, int dst_code, Py_ssize_t row_begin, Py_ssize_t row_end,
                         const ToYuv *k, bint simd) noexcept nogil:
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
                src + top * w * bpp, src + bottom * w * bpp,
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
                _unpack_row(src + (row * w + x) * bpp, bpp, q[0], q[1], q[2], q[3], n)
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


# ---- entry point ------------------------------------------------------------------------

cdef inline Py_ssize_t _frame_size(int code, Py_ssize_t w, Py_ssize_t h) noexcept nogil:
    """Bytes of a tightly packed frame (formats.layout); 0 for an unknown code."""
    if 0 <= code < F_RGB24:
        return w * h * 4
    if F_RGB24 <= code < F_I420:
        return w * h * 3
    if F_I420 <= code <= F_NV12:
        return w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)
    return 0


cdef void _convert_rows(const uint8_t *src, uint8_t *dst, Py_ssize_t w, Py_ssize_t h,
                        int src_code, int dst_code, Py_ssize_t row_begin, Py_ssize_t row_end,
                        int matrix, bint simd) noexcept nogil:
    if (w <= 0 or h <= 0 or not 0 <= row_begin < row_end <= h or not 0 <= matrix < 4
            or not 0 <= src_code <= F_NV12 or not 0 <= dst_code <= F_NV12):
        return
    if src_code >= F_I420 and dst_code >= F_I420:
        _yuv_to_yuv(src, dst, w, h, src_code, dst_code, row_begin, row_end)
    elif src_code >= F_I420:
        _yuv_to_packed(src, dst, w, h, src_code, dst_code, row_begin, row_end, &TO_RGB[matrix],
                       simd)
    elif dst_code >= F_I420:
        _packed_to_yuv(src, dst, w, h, src_code, dst_code, row_begin, row_end, &TO_YUV[matrix],
                       simd)


cdef struct _YuvJob:
    const uint8_t *src
    uint8_t *dst
    Py_ssize_t width, height
    int src_code, dst_code, matrix
    bint simd


cdef void _yuv_band(void *ctx, Py_ssize_t begin, Py_ssize_t end) noexcept nogil:
    cdef _YuvJob *job = <_YuvJob *>ctx
    _convert_rows(job.src, job.dst, job.width, job.height, job.src_code, job.dst_code, begin,
                  end, job.matrix, job.simd)


#: Whether ``threads`` > 1 runs on native threads here (else lkfast._core.bands uses Python's).
NATIVE_POOL = bool(LK_NATIVE_POOL)


def convert_rows(const uint8_t[::1] src, uint8_t[::1] dst, int width, int height,
                 int src_code, int dst_code, int row_begin, int row_end, int matrix,
                 simd=None, int threads=1):
    """Convert destination rows [row_begin, row_end) of a frame; one side I420 or NV12.

    ``src`` and ``dst`` are whole tightly packed frames whose sizes the caller has checked
    (``formats.layout``); codes are ``formats.CODES`` and ``formats.matrix_code`` values.
    ``row_begin`` is even and ``row_end`` even unless it is ``height``, so that bands own
    whole chroma rows: bands may run in parallel threads and give the same bytes as one
    call. Runs without the GIL; out-of-range arguments, or buffers too small for the frame,
    convert nothing.

    ``simd``: None for this build's fastest path; True to convert whole runs of 32 pixels
    with the SIMD steps even where they are only emulated (tests), False to use only the
    planar passes. ``threads``: bands run on the native pool (lkfast._core._pool).
    """
    cdef bint use_steps = LK_SIMD_ARITH if simd is None else bool(simd)
    cdef _YuvJob job
    if (width <= 0 or height <= 0 or src.shape[0] < _frame_size(src_code, width, height)
            or dst.shape[0] < _frame_size(dst_code, width, height)
            or src.shape[0] == 0 or dst.shape[0] == 0
            or not 0 <= row_begin < row_end <= height):
        return
    job.src = &src[0]
    job.dst = &dst[0]
    job.width = width
    job.height = height
    job.src_code = src_code
    job.dst_code = dst_code
    job.matrix = matrix
    job.simd = use_steps
    with nogil:
        lk_parallel_rows(_yuv_band, &job, row_begin, row_end, threads, 2)
