# Plane resampling for I420 scaling: separable area-average / bilinear taps in fixed point.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled plane scaler; the public API is :mod:`lkfast.scale`, the taps and the arithmetic
are documented in :mod:`lkfast._scaling`."""

from libc.stdint cimport int32_t, uint8_t
from libc.stdlib cimport free, malloc
from libc.string cimport memset

cdef enum:  # lkfast._scaling: ONE, ROW_SHIFT, ROW_ROUND, OUT_SHIFT, OUT_ROUND
    ONE = 16384
    ROW_SHIFT = 6
    ROW_ROUND = 32
    OUT_SHIFT = 22
    OUT_ROUND = 2097152


cdef void _scale(const uint8_t *src, Py_ssize_t src_stride, int sw, uint8_t *dst,
                 Py_ssize_t dst_stride, int dw, int dh, const int32_t *xs, const int32_t *xc,
                 const int32_t *xw, int xn, const int32_t *ys, const int32_t *yc,
                 const int32_t *yw, int yn, bint x_identity, int32_t *row) noexcept nogil:
    cdef int i, j, k, x, count
    cdef int32_t w, acc
    cdef const uint8_t *s
    cdef const int32_t *wk
    cdef const int32_t *r
    cdef uint8_t *d
    for j in range(dh):
        # Vertical: the output row's source rows, weighted, into 8.8 fixed point.
        count = yc[j]
        s = src + ys[j] * src_stride
        w = yw[j * yn]
        for x in range(sw):
            row[x] = w * s[x]
        for k in range(1, count):
            s = src + (ys[j] + k) * src_stride
            w = yw[j * yn + k]
            for x in range(sw):
                row[x] += w * s[x]
        for x in range(sw):
            row[x] = (row[x] + ROW_ROUND) >> ROW_SHIFT
        # Horizontal. The identity (one tap of weight ONE each): (ONE * v + OUT_ROUND) >>
        # OUT_SHIFT is (v + 128) >> 8, vectorised. Two taps (bilinear, or halving): one
        # branch-free expression; a missing second tap has weight 0 and reads the zero after
        # the row.
        d = dst + j * dst_stride
        if x_identity:
            for i in range(dw):
                d[i] = <uint8_t>((row[i] + 128) >> 8)
            continue
        if xn == 2:
            for i in range(dw):
                r = row + xs[i]
                d[i] = <uint8_t>((xw[2 * i] * r[0] + xw[2 * i + 1] * r[1] + OUT_ROUND)
                                 >> OUT_SHIFT)
            continue
        for i in range(dw):
            r = row + xs[i]
            wk = xw + i * xn
            acc = OUT_ROUND
            for k in range(xc[i]):
                acc += wk[k] * r[k]
            d[i] = <uint8_t>(acc >> OUT_SHIFT)


cdef int _check_taps(const int32_t[::1] starts, const int32_t[::1] counts,
                     const int32_t[::1] weights, int width, int src_len, int dst_len,
                     str axis) except -1:
    """Raise unless every tap reads inside the source; return 1 for the identity."""
    cdef Py_ssize_t i
    cdef bint identity = src_len == dst_len
    if (starts.shape[0] != dst_len or counts.shape[0] != dst_len or width < 1
            or weights.shape[0] != <Py_ssize_t>dst_len * width):
        raise ValueError(f"{axis} taps do not match {dst_len} outputs")
    for i in range(dst_len):
        if (counts[i] < 1 or counts[i] > width or starts[i] < 0
                or starts[i] > src_len - counts[i]):
            raise ValueError(f"{axis} tap {i} reads outside the {src_len} source pixels")
        if starts[i] != i or counts[i] != 1 or weights[i * width] != ONE:
            identity = False
    return identity


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
    cdef bint x_identity = _check_taps(x_starts, x_counts, x_weights, x_width, src_w, dst_w,
                                       "x")
    _check_taps(y_starts, y_counts, y_weights, y_width, src_h, dst_h, "y")
    cdef int32_t *row = <int32_t *>malloc((src_w + 1) * sizeof(int32_t))
    if row == NULL:
        raise MemoryError()
    row[src_w] = 0  # read, with weight 0, by a two-tap output whose second tap is missing
    try:
        with nogil:
            _scale(&src[0] + src_offset, src_stride, src_w, &dst[0] + dst_offset, dst_stride,
                   dst_w, dst_h, &x_starts[0], &x_counts[0], &x_weights[0], x_width,
                   &y_starts[0], &y_counts[0], &y_weights[0], y_width, x_identity, row)
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
