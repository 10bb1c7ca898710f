# Plane resampling for I420 scaling: separable area-average / bilinear taps in fixed point.
# Included by _scale.pyx (baseline build), _scale_avx2.pyx and _scale_avx512.pyx; setup.py
# compiles each with its own flags (ISA_VARIANTS) and lkfast._core.variants imports the best one
# the CPU runs. Directives (boundscheck/wraparound off, cdivision on) come from setup.py.

from libc.stdint cimport int32_t, uint8_t, uint16_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memset

include "lkfast/_core/_variant.pxi"

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    #if defined(__AVX512F__) || defined(__AVX2__)
    #include <immintrin.h>
    #endif
    /* Two-tap horizontal pass, (w0[i] * row[xs[i]] + w1[i] * row[xs[i] + 1] + (1 << 21)) >> 22,
       for non-decreasing xs. A block of LK_HBLOCK outputs whose taps lie within LK_HWINDOW
       entries of its first one loads that window and permutes it (no gather); other blocks
       and the tail are done one output at a time. row must be readable LK_HWINDOW entries
       past its last tap. */
    #if defined(__AVX512F__)
    #define LK_HBLOCK 16
    #define LK_HWINDOW 32
    static inline void lk_hblock(const int32_t *row, uint8_t *d, const int32_t *xs,
                                 const int32_t *w0, const int32_t *w1) {
        __m512i base = _mm512_set1_epi32(xs[0]);
        __m512i rel = _mm512_sub_epi32(_mm512_loadu_si512((const void *)xs), base);
        __m512i lo = _mm512_loadu_si512((const void *)(row + xs[0]));
        __m512i hi = _mm512_loadu_si512((const void *)(row + xs[0] + 16));
        __m512i r0 = _mm512_permutex2var_epi32(lo, rel, hi);
        __m512i r1 = _mm512_permutex2var_epi32(lo, _mm512_add_epi32(rel, _mm512_set1_epi32(1)), hi);
        __m512i acc = _mm512_add_epi32(
            _mm512_add_epi32(_mm512_mullo_epi32(r0, _mm512_loadu_si512((const void *)w0)),
                             _mm512_mullo_epi32(r1, _mm512_loadu_si512((const void *)w1))),
            _mm512_set1_epi32(1 << 21));
        _mm_storeu_si128((__m128i *)d, _mm512_cvtepi32_epi8(_mm512_srai_epi32(acc, 22)));
    }
    #elif defined(__AVX2__)
    #define LK_HBLOCK 8
    #define LK_HWINDOW 16
    static inline void lk_hblock(const int32_t *row, uint8_t *d, const int32_t *xs,
                                 const int32_t *w0, const int32_t *w1) {
        __m256i rel = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)xs),
                                       _mm256_set1_epi32(xs[0]));
        __m256i rel1 = _mm256_add_epi32(rel, _mm256_set1_epi32(1));
        __m256i lo = _mm256_loadu_si256((const __m256i *)(row + xs[0]));
        __m256i hi = _mm256_loadu_si256((const __m256i *)(row + xs[0] + 8));
        __m256i seven = _mm256_set1_epi32(7);
        __m256i r0 = _mm256_blendv_epi8(_mm256_permutevar8x32_epi32(lo, rel),
                                        _mm256_permutevar8x32_epi32(hi, rel),
                                        _mm256_cmpgt_epi32(rel, seven));
        __m256i r1 = _mm256_blendv_epi8(_mm256_permutevar8x32_epi32(lo, rel1),
                                        _mm256_permutevar8x32_epi32(hi, rel1),
                                        _mm256_cmpgt_epi32(rel1, seven));
        __m256i acc = _mm256_add_epi32(
            _mm256_add_epi32(_mm256_mullo_epi32(r0, _mm256_loadu_si256((const __m256i *)w0)),
                             _mm256_mullo_epi32(r1, _mm256_loadu_si256((const __m256i *)w1))),
            _mm256_set1_epi32(1 << 21));
        __m256i p = _mm256_srai_epi32(acc, 22);
        p = _mm256_packus_epi32(p, p);
        p = _mm256_packus_epi16(p, p);
        _mm_storel_epi64((__m128i *)d, _mm_unpacklo_epi32(_mm256_castsi256_si128(p),
                                                           _mm256_extracti128_si256(p, 1)));
    }
    #else
    #define LK_HBLOCK 1
    #define LK_HWINDOW 2
    static inline void lk_hblock(const int32_t *row, uint8_t *d, const int32_t *xs,
                                 const int32_t *w0, const int32_t *w1) {
        d[0] = (uint8_t)((w0[0] * row[xs[0]] + w1[0] * row[xs[0] + 1] + (1 << 21)) >> 22);
    }
    #endif
    static void lk_horizontal2(const int32_t *row, uint8_t *d, Py_ssize_t dw, const int32_t *xs,
                               const int32_t *w0, const int32_t *w1) {
        Py_ssize_t i = 0;
        for (; i + LK_HBLOCK <= dw; i += LK_HBLOCK) {
            if (xs[i + LK_HBLOCK - 1] + 1 - xs[i] < LK_HWINDOW) {
                lk_hblock(row, d + i, xs + i, w0 + i, w1 + i);
            } else {
                Py_ssize_t k;
                for (k = i; k < i + LK_HBLOCK; k++)
                    d[k] = (uint8_t)((w0[k] * row[xs[k]] + w1[k] * row[xs[k] + 1] + (1 << 21)) >> 22);
            }
        }
        for (; i < dw; i++)
            d[i] = (uint8_t)((w0[i] * row[xs[i]] + w1[i] * row[xs[i] + 1] + (1 << 21)) >> 22);
    }
    """
    enum: LK_HWINDOW
    void lk_horizontal2(const int32_t *row, uint8_t *d, Py_ssize_t dw, const int32_t *xs,
                        const int32_t *w0, const int32_t *w1) noexcept nogil


cdef enum:  # lkfast.video.scaling: ONE, ROW_SHIFT, ROW_ROUND, OUT_SHIFT, OUT_ROUND
    ONE = 16384
    HALF = 8192
    ROW_SHIFT = 6
    ROW_ROUND = 32
    OUT_SHIFT = 22
    OUT_ROUND = 2097152

cdef enum:  # what the taps of one axis do, for the fast paths (same results as the general)
    GENERAL = 0
    IDENTITY = 1  # output i is source i
    HALVING = 2   # output i is the mean of source 2i and 2i + 1
    TWO_TAPS = 3  # at most two taps per output (bilinear)


cdef void _vertical(const uint8_t *src, Py_ssize_t src_stride, int sw, int start, int count,
                    const int32_t *w, int32_t *row) noexcept nogil:
    """One output row's source rows, weighted, into 8.8 fixed point: ``(sum(w * s) + 32) >>
    6``. One and two taps are single passes the compiler vectorises."""
    cdef const uint8_t *s0 = src + start * src_stride
    cdef const uint8_t *s1
    cdef const uint8_t *s
    cdef int32_t w0 = w[0], w1, wk
    cdef Py_ssize_t x
    cdef int k
    if count == 1:
        for x in range(sw):
            row[x] = (w0 * s0[x] + ROW_ROUND) >> ROW_SHIFT
        return
    s1 = s0 + src_stride
    w1 = w[1]
    if count == 2:
        for x in range(sw):
            row[x] = (w0 * s0[x] + w1 * s1[x] + ROW_ROUND) >> ROW_SHIFT
        return
    for x in range(sw):
        row[x] = w0 * s0[x] + w1 * s1[x] + ROW_ROUND
    for k in range(2, count):
        s = s0 + k * src_stride
        wk = w[k]
        for x in range(sw):
            row[x] += wk * s[x]
    for x in range(sw):
        row[x] >>= ROW_SHIFT


cdef void _horizontal(const int32_t *row, uint8_t *d, int dw, int kind, const int32_t *xs,
                      const int32_t *xc, const int32_t *xw, int xn, const int32_t *w0,
                      const int32_t *w1) noexcept nogil:
    """One output row from its 8.8 fixed-point source row: ``(sum(w * row) + (1 << 21)) >>
    22``, written out for the identity and halving (where it reduces to shifts)."""
    cdef Py_ssize_t i
    cdef int k
    cdef int32_t acc
    cdef const int32_t *r
    cdef const int32_t *wk
    if kind == IDENTITY:  # (ONE * v + OUT_ROUND) >> OUT_SHIFT
        for i in range(dw):
            d[i] = <uint8_t>((row[i] + 128) >> 8)
    elif kind == HALVING:  # (HALF * (a + b) + OUT_ROUND) >> OUT_SHIFT
        for i in range(dw):
            d[i] = <uint8_t>((row[2 * i] + row[2 * i + 1] + 256) >> 9)
    elif kind == TWO_TAPS:  # a missing second tap has weight 0 and reads the 0 after the row
        lk_horizontal2(row, d, dw, xs, w0, w1)
    else:
        for i in range(dw):
            r = row + xs[i]
            wk = xw + i * xn
            acc = OUT_ROUND
            for k in range(xc[i]):
                acc += wk[k] * r[k]
            d[i] = <uint8_t>(acc >> OUT_SHIFT)


cdef void _halve_both(const uint8_t *src, Py_ssize_t src_stride, uint8_t *dst,
                      Py_ssize_t dst_stride, int dw, int dh) noexcept nogil:
    """2x2 box average, ``(a + b + c + d + 2) >> 2``: the general path's result when both axes
    halve, without its intermediate row."""
    cdef const uint8_t *s0
    cdef const uint8_t *s1
    cdef uint8_t *d
    cdef Py_ssize_t i, j
    cdef uint16_t a, b  # a pair of bytes; their sum does not depend on the byte order
    for j in range(dh):
        s0 = src + 2 * j * src_stride
        s1 = s0 + src_stride
        d = dst + j * dst_stride
        for i in range(dw):
            memcpy(&a, s0 + 2 * i, 2)
            memcpy(&b, s1 + 2 * i, 2)
            d[i] = <uint8_t>(<uint16_t>((a & 0xff) + (a >> 8) + (b & 0xff) + (b >> 8) + 2) >> 2)


cdef void _scale(const uint8_t *src, Py_ssize_t src_stride, int sw, uint8_t *dst,
                 Py_ssize_t dst_stride, int dw, int dh, int x_kind, const int32_t *xs,
                 const int32_t *xc, const int32_t *xw, int xn, int y_kind, const int32_t *ys,
                 const int32_t *yc, const int32_t *yw, int yn, int32_t *row,
                 int32_t *w0, int32_t *w1) noexcept nogil:
    cdef int i, j
    if x_kind == IDENTITY and y_kind == IDENTITY:
        for j in range(dh):
            memcpy(dst + j * dst_stride, src + j * src_stride, dw)
        return
    if x_kind == HALVING and y_kind == HALVING:
        _halve_both(src, src_stride, dst, dst_stride, dw, dh)
        return
    if x_kind == TWO_TAPS:  # the two weights as separate arrays: a loop the compiler gathers
        for i in range(dw):
            w0[i] = xw[2 * i]
            w1[i] = xw[2 * i + 1]
    for j in range(dh):
        _vertical(src, src_stride, sw, ys[j], yc[j], yw + j * yn, row)
        _horizontal(row, dst + j * dst_stride, dw, x_kind, xs, xc, xw, xn, w0, w1)


cdef int _check_taps(const int32_t[::1] starts, const int32_t[::1] counts,
                     const int32_t[::1] weights, int width, int src_len, int dst_len,
                     str axis) except -1:
    """Raise unless every tap reads inside the source; return what the taps do (the kinds
    above)."""
    cdef Py_ssize_t i
    cdef bint identity = src_len == dst_len, halving = src_len == 2 * dst_len and width == 2
    cdef bint monotonic = True
    if (starts.shape[0] != dst_len or counts.shape[0] != dst_len or width < 1
            or weights.shape[0] != <Py_ssize_t>dst_len * width):
        raise ValueError(f"{axis} taps do not match {dst_len} outputs")
    for i in range(dst_len):
        if (counts[i] < 1 or counts[i] > width or starts[i] < 0
                or starts[i] > src_len - counts[i]):
            raise ValueError(f"{axis} tap {i} reads outside the {src_len} source pixels")
        if starts[i] != i or counts[i] != 1 or weights[i * width] != ONE:
            identity = False
        if halving and (starts[i] != 2 * i or counts[i] != 2 or weights[2 * i] != HALF
                        or weights[2 * i + 1] != HALF):
            halving = False
        if i and starts[i] < starts[i - 1]:
            monotonic = False
    if identity:
        return IDENTITY
    if halving:
        return HALVING
    return TWO_TAPS if width == 2 and monotonic else GENERAL


def scale_plane(const uint8_t[::1] src, Py_ssize_t src_offset, Py_ssize_t src_stride,
                int src_w, int src_h, uint8_t[::1] dst, Py_ssize_t dst_offset,
                Py_ssize_t dst_stride, int dst_w, int dst_h,
                const int32_t[::1] x_starts, const int32_t[::1] x_counts,
                const int32_t[::1] x_weights, int x_width,
                const int32_t[::1] y_starts, const int32_t[::1] y_counts,
                const int32_t[::1] y_weights, int y_width):
    """Resample a ``src_w`` x ``src_h`` rectangle of one plane into a ``dst_w`` x ``dst_h`` one.

    Rectangles are given by their first byte and their plane's row stride. Every read and
    write is checked to stay inside ``src`` and ``dst`` before the loop runs.
    """
    if src_w < 1 or src_h < 1 or dst_w < 1 or dst_h < 1:
        raise ValueError("empty rectangle")
    if (src_offset < 0 or src_stride < src_w
            or src_offset + (src_h - 1) * src_stride + src_w > src.shape[0]):
        raise ValueError("the source rectangle does not fit in src")
    if (dst_offset < 0 or dst_stride < dst_w
            or dst_offset + (dst_h - 1) * dst_stride + dst_w > dst.shape[0]):
        raise ValueError("the destination rectangle does not fit in dst")
    cdef int x_kind = _check_taps(x_starts, x_counts, x_weights, x_width, src_w, dst_w, "x")
    cdef int y_kind = _check_taps(y_starts, y_counts, y_weights, y_width, src_h, dst_h, "y")
    # The source row in 8.8 fixed point, then zeros: read with weight 0 by a two-tap output
    # whose second tap is missing, and loaded (unused) by lk_horizontal2's windows; then the
    # two-tap weights, dst_w each.
    cdef Py_ssize_t padded = src_w + LK_HWINDOW
    cdef int32_t *row = <int32_t *>malloc((padded + 2 * <Py_ssize_t>dst_w) * sizeof(int32_t))
    if row == NULL:
        raise MemoryError()
    memset(row + src_w, 0, LK_HWINDOW * sizeof(int32_t))
    try:
        with nogil:
            _scale(&src[0] + src_offset, src_stride, src_w, &dst[0] + dst_offset, dst_stride,
                   dst_w, dst_h, x_kind, &x_starts[0], &x_counts[0], &x_weights[0], x_width,
                   y_kind, &y_starts[0], &y_counts[0], &y_weights[0], y_width, row,
                   row + padded, row + padded + dst_w)
    finally:
        free(row)


def fill_rect(uint8_t[::1] dst, Py_ssize_t offset, Py_ssize_t stride, int width, int height,
              int value):
    """Set a ``width`` x ``height`` rectangle of a plane (first byte ``offset``) to ``value``."""
    if width < 0 or height < 0 or not 0 <= value <= 255:
        raise ValueError("bad rectangle or value")
    if width == 0 or height == 0:
        return
    if offset < 0 or stride < width or offset + (height - 1) * stride + width > dst.shape[0]:
        raise ValueError("the rectangle does not fit in dst")
    cdef int j
    cdef uint8_t *d = &dst[0] + offset
    with nogil:
        for j in range(height):
            memset(d + j * stride, value, width)
