# Planar kernels: every conversion with I420A, I422, I444 or I010 on either side, each plane
# given as (buffer, row stride in bytes). Included by _planar.pyx (baseline) and its ISA
# variants (setup.py ISA_VARIANTS; lkfast._core.variants picks one). The arithmetic is the
# _yuv kernels' (libyuv's), reused: their constants, planar row passes and 32-pixel SIMD steps
# are included here, and _planar_rows.pxi adds the per-pixel chroma, 10-bit and plane passes.
# The exact rules, and the pure-Python twin, are in lkfast/video/reference/planar.py.
#
# Three drivers, each over destination rows [r0, r1) (bands start on even rows):
# YUV -> packed RGB (per row: luma, per-pixel chroma terms, RGB, alpha, pack), packed RGB ->
# YUV (per row pair or row: Y, chroma of the 2x2 / 2x1 / 1x1 block average, alpha) and
# YUV -> YUV (luma moved or re-quantised; chroma upsampled by repetition to one sample per
# pixel, then 2x2 or 2x1 box averaged as the destination needs; I444 / I422 chroma shrinks at
# sizes where that is not libyuv's result go through _planar_scale.pxi's ScalePlane instead).

from libc.stdint cimport int16_t, uint8_t, uint16_t
from libc.string cimport memcpy, memset

include "lkfast/_core/_variant.pxi"

from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows
from lkfast._core._simd cimport LK_SIMD_ARITH

include "_yuv_constants.pxi"
include "_yuv_simd.pxi"
include "_yuv_planes.pxi"
include "_yuv_to_rgb.pxi"
include "_rgb_to_yuv.pxi"
include "_planar_rows.pxi"
include "_planar_scale.pxi"


# The 32-pixel steps of I420A, I444 and I010 to packed RGB (_to_packed's SIMD part).
include "_planar_simd.pxi"


cdef void _to_packed(const Img *src, int sc, const Img *dst, int dc, Py_ssize_t w,
                     Py_ssize_t r0, Py_ssize_t r1, const ToRgb *k, bint simd) noexcept nogil:
    cdef int bpp = 3 if dc >= F_RGB24 else 4
    cdef int16_t tb[CHUNK]
    cdef int16_t tg[CHUNK]
    cdef int16_t tr[CHUNK]
    cdef uint16_t y16[CHUNK]
    cdef uint8_t rgb[3][CHUNK]
    cdef uint8_t us[CHUNK]
    cdef uint8_t vs[CHUNK]
    cdef const uint8_t *out[4]
    cdef const uint8_t *arow
    cdef uint8_t *drow
    cdef uint16_t yb = <uint16_t>(k.yb + BIAS)
    cdef int ao = OFFSETS[dc][3]
    cdef bint steps_ok = simd and sc != F_NV12
    cdef int kind = K_444 if sc == F_I444 else K_010 if sc == F_I010 else K_DUP
    cdef ToRgbSteps steps
    cdef Py_ssize_t r, x, n, cr
    cdef int c
    for c in range(3):
        out[OFFSETS[dc][c]] = rgb[c]
    if steps_ok:
        _to_rgb_steps(&steps, k, dc)
    for r in range(r0, r1):
        drow = dst.p[0] + r * dst.s[0]
        arow = src.p[3] + r * src.s[3] if sc == F_I420A else NULL
        x = 0
        if steps_ok:
            cr = r >> _sy(sc)
            if kind == K_DUP and (arow == NULL or bpp == 3):
                x = _yuv_to_packed_steps(src.p[0] + r * src.s[0], NULL, drow, NULL,
                                         src.p[1] + cr * src.s[1], src.p[2] + cr * src.s[2],
                                         w, dc, False, &steps)
            else:  # I420A's alpha fused, I444's chroma per pixel, I010's 10-bit samples
                x = _planar_steps(src.p[0] + r * src.s[0], src.p[1] + cr * src.s[1],
                                  src.p[2] + cr * src.s[2], arow, drow, w, dc, kind, &steps)
        while x < w:
            n = min(<Py_ssize_t>CHUNK, w - x)
            _chroma444(src, sc, r, x, n, us, vs)
            _terms444(us, vs, tb, tg, tr, n, k)
            if sc == F_I010:
                _luma16(src.p[0] + r * src.s[0] + 2 * x, n, y16)
                _rgb16_row(y16, tb, tg, tr, rgb[0], rgb[1], rgb[2], n, k.yg, yb)
            else:
                _rgb_row(src.p[0] + r * src.s[0] + x, tb, tg, tr, rgb[0], rgb[1], rgb[2], n,
                         k.yg, yb)
            if bpp == 4:
                out[ao] = arow + x if arow != NULL else OPAQUE
                _pack4(drow + 4 * x, out[0], out[1], out[2], out[3], n)
            else:
                _pack3(drow + 3 * x, out[0], out[1], out[2], n)
            x += n


cdef void _from_packed(const Img *src, int sc, const Img *dst, int dc, Py_ssize_t w,
                       Py_ssize_t h, Py_ssize_t r0, Py_ssize_t r1,
                       const ToYuv *k) noexcept nogil:
    cdef int bpp = 3 if sc >= F_RGB24 else 4
    cdef int ro = OFFSETS[sc][0], go = OFFSETS[sc][1], bo = OFFSETS[sc][2], ao = OFFSETS[sc][3]
    cdef uint16_t planes[2][4][PAIRS]
    cdef uint8_t ys[CHUNK]
    cdef uint8_t us[CHUNK]
    cdef uint8_t vs[CHUNK]
    cdef uint16_t (*q)[PAIRS]
    cdef uint8_t *p
    cdef int sy = _sy(dc)
    cdef Py_ssize_t cr, top, bottom, x, n, nc, row
    cdef int t, c
    for cr in range(r0 >> sy, (r1 + sy) >> sy):
        top = cr << sy
        bottom = min(top + 1, h - 1) if sy else top
        x = 0
        while x < w:
            n = min(<Py_ssize_t>CHUNK, w - x)
            nc = (n + 1) // 2
            for t in range(1 if bottom == top else 2):
                row = top + t
                q = planes[t]
                _unpack_row(src.p[0] + row * src.s[0] + x * bpp, bpp, q[0], q[1], q[2], q[3], n)
                if r0 <= row < r1:
                    _y_row(<uint8_t *>q[ro], <uint8_t *>q[go], <uint8_t *>q[bo], ys, n,
                           k.yr, k.yg, k.yb, k.ybias)
                    _put_luma(dst, dc, row, x, ys, n)
                    _store_alpha(dst, dc, row, x, <uint8_t *>q[ao] if ao >= 0 else NULL, n)
                if n % 2:  # an odd last column pairs with itself
                    for c in range(bpp):
                        p = <uint8_t *>q[c]
                        p[n] = p[n - 1]
            if dc == F_I444:
                q = planes[0]
                _uv444_row(<uint8_t *>q[ro], <uint8_t *>q[go], <uint8_t *>q[bo], us, vs, n, k)
                _store_chroma(dst, dc, cr, x, us, vs, n)
            else:
                q = planes[0]
                if bottom != top:
                    q = planes[1]
                _uv_row(planes[0][ro], planes[0][go], planes[0][bo], q[ro], q[go], q[bo],
                        us, vs, nc, k)
                _store_chroma(dst, dc, cr, x // 2, us, vs, nc)
            x += n


cdef void _copy_rows(const uint8_t *s, Py_ssize_t ss, uint8_t *d, Py_ssize_t ds,
                     Py_ssize_t nbytes, Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    cdef Py_ssize_t r
    for r in range(a, b):
        memcpy(d + r * ds, s + r * ss, nbytes)


cdef void _same_planes(const Img *src, int sc, const Img *dst, int dc, Py_ssize_t w,
                       Py_ssize_t h, Py_ssize_t r0, Py_ssize_t r1) noexcept nogil:
    """Identity conversions, and I420 <-> I420A: plane copies (A = 255 from I420)."""
    cdef Py_ssize_t row_bytes[4]
    cdef Py_ssize_t rows[4]
    cdef int planes = _shapes(sc, w, h, row_bytes, rows), i
    cdef Py_ssize_t a, b, r
    for i in range(planes):
        if i == 3 and dc != F_I420A:
            break
        a, b = r0, r1
        if rows[i] != h:
            a, b = r0 // 2, (r1 + 1) // 2
        _copy_rows(src.p[i], src.s[i], dst.p[i], dst.s[i], row_bytes[i], a, b)
    if dc == F_I420A and sc != F_I420A:
        for r in range(r0, r1):
            memset(dst.p[3] + r * dst.s[3], 255, w)


cdef void _scaled_to_i420(const Img *src, const Img *dst, int dc, const ChromaScale *cs,
                          Py_ssize_t w, Py_ssize_t r0, Py_ssize_t r1) noexcept nogil:
    """I444/I422 -> I420/I420A rows [r0, r1): luma copied, chroma by ScalePlane's pass
    written into the destination planes (alpha 255)."""
    cdef Py_ssize_t row, cr, nc = (w + 1) // 2
    for row in range(r0, r1):
        memcpy(dst.p[0] + row * dst.s[0], src.p[0] + row * src.s[0], w)
        if dc == F_I420A:
            memset(dst.p[3] + row * dst.s[3], 255, w)
    for cr in range(r0 >> 1, (r1 + 1) >> 1):
        _scale_row(cs, src.p[1], src.s[1], cr, 0, nc, dst.p[1] + cr * dst.s[1])
        _scale_row(cs, src.p[2], src.s[2], cr, 0, nc, dst.p[2] + cr * dst.s[2])


cdef void _yuv_to_yuv_rows(const Img *src, int sc, const Img *dst, int dc, Py_ssize_t w,
                           Py_ssize_t h, Py_ssize_t r0, Py_ssize_t r1) noexcept nogil:
    cdef uint8_t ys[CHUNK]
    cdef uint8_t u0[CHUNK + 2]
    cdef uint8_t v0[CHUNK + 2]
    cdef uint8_t u1[CHUNK + 2]
    cdef uint8_t v1[CHUNK + 2]
    cdef uint8_t uc[CHUNK]
    cdef uint8_t vc[CHUNK]
    cdef int sy = _sy(dc), sx = _sx(dc)
    cdef Py_ssize_t cr, top, bottom, x, n, nc, row
    cdef int t
    cdef ChromaScale cs
    cdef bint scaled = False
    if sc == dc or ((sc == F_I420 or sc == F_I420A) and (dc == F_I420 or dc == F_I420A)):
        _same_planes(src, sc, dst, dc, w, h, r0, r1)
        return
    if sx and (sc == F_I444 or (sc == F_I422 and sy)) and not _scale_is_box(sc, dc, w, h):
        scaled = True  # libyuv's ScalePlane (I444ToI420, I422ToI420) at these sizes
        _scale_init(&cs, w if sc == F_I444 else (w + 1) // 2, h, (w + 1) // 2,
                    (h + 1) // 2 if sy else h)
        if dc == F_I420 or dc == F_I420A:  # straight into the planes, no row buffers
            _scaled_to_i420(src, dst, dc, &cs, w, r0, r1)
            return
    for cr in range(r0 >> sy, (r1 + sy) >> sy):
        top = cr << sy
        bottom = min(top + 1, h - 1) if sy else top
        x = 0
        while x < w:
            n = min(<Py_ssize_t>CHUNK, w - x)
            nc = (n + 1) // 2
            for t in range(1 if bottom == top else 2):
                row = top + t
                if r0 <= row < r1:
                    _luma8(src, sc, row, x, n, ys)
                    _put_luma(dst, dc, row, x, ys, n)
                    _store_alpha(dst, dc, row, x,
                                 src.p[3] + row * src.s[3] + x if sc == F_I420A else NULL, n)
            if not sx:
                _chroma444(src, sc, top, x, n, uc, vc)
                _store_chroma(dst, dc, cr, x, uc, vc, n)
            elif scaled:
                _scale_row(&cs, src.p[1], src.s[1], cr, x // 2, nc, uc)
                _scale_row(&cs, src.p[2], src.s[2], cr, x // 2, nc, vc)
                _store_chroma(dst, dc, cr, x // 2, uc, vc, nc)
            else:
                _chroma444(src, sc, top, x, n, u0, v0)
                u0[n] = u0[n - 1]
                v0[n] = v0[n - 1]
                if bottom != top:
                    _chroma444(src, sc, bottom, x, n, u1, v1)
                    u1[n] = u1[n - 1]
                    v1[n] = v1[n - 1]
                    _box(u0, u1, uc, nc)
                    _box(v0, v1, vc, nc)
                else:
                    _box(u0, u0, uc, nc)
                    _box(v0, v0, vc, nc)
                _store_chroma(dst, dc, cr, x // 2, uc, vc, nc)
            x += n


cdef struct _Job:
    Img src
    Img dst
    Py_ssize_t width, height
    int src_code, dst_code, matrix
    bint simd


cdef void _band(void *ctx, Py_ssize_t r0, Py_ssize_t r1) noexcept nogil:
    cdef _Job *j = <_Job *>ctx
    if _is_yuv(j.src_code) and _is_yuv(j.dst_code):
        _yuv_to_yuv_rows(&j.src, j.src_code, &j.dst, j.dst_code, j.width, j.height, r0, r1)
    elif _is_yuv(j.src_code):
        _to_packed(&j.src, j.src_code, &j.dst, j.dst_code, j.width, r0, r1, &TO_RGB[j.matrix],
                   j.simd)
    elif _is_yuv(j.dst_code):
        _from_packed(&j.src, j.src_code, &j.dst, j.dst_code, j.width, j.height, r0, r1,
                     &TO_YUV[j.matrix])


#: Whether ``threads`` > 1 runs on native threads here (else lkfast._core.bands uses Python's).
NATIVE_POOL = bool(LK_NATIVE_POOL)


cdef int _planes_of(object planes, object strides, int code, Py_ssize_t w, Py_ssize_t h,
                    Img *im, list keep, bint writable, str name) except -1:
    cdef Py_ssize_t row_bytes[4]
    cdef Py_ssize_t rows[4]
    cdef int count = _shapes(code, w, h, row_bytes, rows), i
    cdef const uint8_t[::1] ro
    cdef uint8_t[::1] rw
    cdef Py_ssize_t stride, size
    if len(planes) != count or len(strides) != count:
        raise ValueError(f"{name}: {count} planes and strides expected, got {len(planes)} and "
                         f"{len(strides)}")
    for i in range(count):
        stride = strides[i]
        if stride < row_bytes[i]:
            raise ValueError(f"{name} plane {i}: stride {stride} is shorter than a row "
                             f"({row_bytes[i]} bytes)")
        if writable:
            rw = planes[i]
            size = rw.shape[0]
            im.p[i] = &rw[0] if size else NULL
            keep.append(rw)
        else:
            ro = planes[i]
            size = ro.shape[0]
            im.p[i] = <uint8_t *>&ro[0] if size else NULL
            keep.append(ro)
        if size < (rows[i] - 1) * stride + row_bytes[i]:
            raise ValueError(f"{name} plane {i} holds {size} bytes; {rows[i]} rows of "
                             f"{row_bytes[i]} bytes at stride {stride} need "
                             f"{(rows[i] - 1) * stride + row_bytes[i]}")
        im.s[i] = stride
    for i in range(count, 4):
        im.p[i] = NULL
        im.s[i] = 0
    return 0


def convert_planes(src, src_strides, dst, dst_strides, int width, int height, int src_code,
                   int dst_code, int row_begin, int row_end, int matrix, simd=None,
                   int threads=1):
    """Convert destination rows [row_begin, row_end) of a frame; one side I420A, I422, I444
    or I010 (or any YUV pair).

    ``src``, ``dst``: sequences of byte buffers, one per plane in LiveKit's order (packed
    formats: one), with ``src_strides``/``dst_strides`` their row strides in bytes; codes are
    ``formats.CODES``, ``matrix`` a ``formats.matrix_code``. ``row_begin`` is even. Runs
    without the GIL; ``threads``: bands on the native pool. ``simd``: None for this build's
    fastest path, False for the planar passes only.

    Raises:
        ValueError: codes, sizes, rows, plane counts, strides or plane sizes out of range.
    """
    cdef _Job job
    cdef list keep = []
    if not (0 < width <= 16384 and 0 < height <= 16384):
        raise ValueError(f"width, height must be 1 to 16384, got {width}x{height}")
    if not (0 <= src_code <= F_LAST and 0 <= dst_code <= F_LAST and 0 <= matrix < 4):
        raise ValueError("unknown format code or matrix")
    if not (_is_yuv(src_code) or _is_yuv(dst_code)):
        raise ValueError("one side must be YUV")
    if not (0 <= row_begin <= row_end <= height and row_begin % 2 == 0):
        raise ValueError(f"rows [{row_begin}, {row_end}) out of range")
    _planes_of(src, src_strides, src_code, width, height, &job.src, keep, False, "src")
    _planes_of(dst, dst_strides, dst_code, width, height, &job.dst, keep, True, "dst")
    job.width = width
    job.height = height
    job.src_code = src_code
    job.dst_code = dst_code
    job.matrix = matrix
    job.simd = LK_SIMD_ARITH if simd is None else bool(simd)
    if row_end > row_begin:
        with nogil:
            lk_parallel_rows(_band, &job, row_begin, row_end, threads, 2)


def chroma_scale(src, Py_ssize_t src_stride, int src_width, int src_height, dst,
                 Py_ssize_t dst_stride, int dst_width, int dst_height):
    """One plane scaled as libyuv's ScalePlane(kFilterBilinear) (x86 arithmetic), each side
    kept or halved (``(n + 1) // 2``): the chroma pass of I444/I422 -> 4:2:0 and I444 -> I422.

    Raises:
        ValueError: sizes out of range, a side neither kept nor halved, a stride shorter than
            a row or a buffer too short.
    """
    cdef const uint8_t[::1] s = src
    cdef uint8_t[::1] d = dst
    cdef ChromaScale cs
    cdef Py_ssize_t j
    if not (0 < src_width <= 16384 and 0 < src_height <= 16384):
        raise ValueError(f"src size must be 1 to 16384 a side, got {src_width}x{src_height}")
    if dst_width not in (src_width, (src_width + 1) // 2) or \
            dst_height not in (src_height, (src_height + 1) // 2):
        raise ValueError(f"dst size {dst_width}x{dst_height} must keep or halve each side of "
                         f"{src_width}x{src_height}")
    if src_stride < src_width or dst_stride < dst_width:
        raise ValueError("src_stride, dst_stride must be at least a row")
    if s.shape[0] < (src_height - 1) * src_stride + src_width:
        raise ValueError(f"src holds {s.shape[0]} bytes, too few for {src_height} rows")
    if d.shape[0] < (dst_height - 1) * dst_stride + dst_width:
        raise ValueError(f"dst holds {d.shape[0]} bytes, too few for {dst_height} rows")
    _scale_init(&cs, src_width, src_height, dst_width, dst_height)
    with nogil:
        for j in range(dst_height):
            _scale_row(&cs, &s[0], src_stride, j, 0, dst_width, &d[0] + j * dst_stride)
