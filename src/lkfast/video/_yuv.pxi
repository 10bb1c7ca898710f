# YUV conversion kernels: every pair with I420 or NV12 on either side, libyuv's arithmetic.
# Included by _yuv.pyx (baseline build), _yuv_ssse3.pyx, _yuv_avx2.pyx and _yuv_avx512.pyx;
# setup.py compiles each with its own flags (ISA_VARIANTS) and lkfast._core.variants imports
# the best one the CPU runs. Directives (boundscheck/wraparound off, cdivision on) come from
# setup.py.
#
# Two paths, byte-identical. Where the build has SSSE3 or AVX2 (LK_SIMD_ARITH), whole runs of
# 32 pixels go through the SIMD steps of _yuv_simd.pxi: shuffles and 16-bit arithmetic in
# registers. The rest of a row, and everything in the baseline build, goes through the planar
# passes, written for the C compiler's vectoriser: fixed-point arithmetic in 16-bit lanes
# over short runs of at most CHUNK pixels, read from and written to planar scratch arrays that
# stay in L1, with separate passes to interleave or deinterleave the packed pixels. The exact
# formulas (and their proof against LiveKit) are in lkfast/video/reference/yuv.py.
#
# This file holds the entry point (convert_rows) and its dispatch over rows and bands; the
# kernels are in _yuv_constants.pxi (format codes, matrix coefficients), _yuv_planes.pxi
# (interleaving passes, I420 <-> NV12), _yuv_to_rgb.pxi and _rgb_to_yuv.pxi (the planar row
# passes of each direction) and _yuv_simd.pxi (the 32-pixel steps).

from cpython.buffer cimport PyBuffer_Release
from libc.stdint cimport uint8_t

include "lkfast/_core/_variant.pxi"

from lkfast._core._buffer cimport acquire, try_acquire_rows
from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows
from lkfast._core._simd cimport LK_SIMD_ARITH

include "_yuv_constants.pxi"
# Whole runs of 32 pixels: shuffles and arithmetic in registers (ToRgbSteps, ToYuvSteps).
include "_yuv_simd.pxi"
include "_yuv_planes.pxi"
include "_yuv_to_rgb.pxi"
include "_rgb_to_yuv.pxi"


cdef inline Py_ssize_t _frame_size(int code, Py_ssize_t w, Py_ssize_t h) noexcept nogil:
    """Bytes of a tightly packed frame (formats.layout); 0 for an unknown code."""
    if 0 <= code < F_RGB24:
        return w * h * 4
    if F_RGB24 <= code < F_I420:
        return w * h * 3
    if F_I420 <= code <= F_NV12:
        return w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)
    return 0


cdef void _convert_rows(const uint8_t *src, Py_ssize_t ss, uint8_t *dst, Py_ssize_t ds,
                        Py_ssize_t w, Py_ssize_t h, int src_code, int dst_code,
                        Py_ssize_t row_begin, Py_ssize_t row_end, int matrix,
                        bint simd) noexcept nogil:
    # ss, ds: row strides in bytes of a packed src or dst (any sign); unused for YUV sides.
    if (w <= 0 or h <= 0 or not 0 <= row_begin < row_end <= h or not 0 <= matrix < 4
            or not 0 <= src_code <= F_NV12 or not 0 <= dst_code <= F_NV12):
        return
    if src_code >= F_I420 and dst_code >= F_I420:
        _yuv_to_yuv(src, dst, w, h, src_code, dst_code, row_begin, row_end)
    elif src_code >= F_I420:
        _yuv_to_packed(src, dst, ds, w, h, src_code, dst_code, row_begin, row_end,
                       &TO_RGB[matrix], simd)
    elif dst_code >= F_I420:
        _packed_to_yuv(src, ss, dst, w, h, src_code, dst_code, row_begin, row_end,
                       &TO_YUV[matrix], simd)


cdef struct _YuvJob:
    const uint8_t *src
    uint8_t *dst
    Py_ssize_t src_stride, dst_stride
    Py_ssize_t width, height
    int src_code, dst_code, matrix
    bint simd


cdef void _yuv_band(void *ctx, Py_ssize_t begin, Py_ssize_t end) noexcept nogil:
    cdef _YuvJob *job = <_YuvJob *>ctx
    _convert_rows(job.src, job.src_stride, job.dst, job.dst_stride, job.width, job.height,
                  job.src_code, job.dst_code, begin, end, job.matrix, job.simd)


#: Whether ``threads`` > 1 runs on native threads here (else lkfast._core.bands uses Python's).
NATIVE_POOL = bool(LK_NATIVE_POOL)


cdef bint _side(object obj, Py_buffer *view, int code, Py_ssize_t w, Py_ssize_t h,
                bint writable, Py_ssize_t *stride) except -1:
    """Acquire one side: a packed format as rows at any stride (``rows_layout``), a YUV
    frame C-contiguous; False (nothing acquired) for a packed buffer of another layout, a
    YUV buffer too small, or an unknown code."""
    if 0 <= code < F_I420:
        return try_acquire_rows(obj, view, writable, h, w * (4 if code < F_RGB24 else 3),
                                stride)
    if not F_I420 <= code <= F_NV12:
        return False
    if writable:
        acquire(obj, view, "dst", True)
    else:
        acquire(obj, view, "src", False)
    stride[0] = w
    if view.len < _frame_size(code, w, h):
        PyBuffer_Release(view)
        return False
    return True


def convert_rows(src, dst, int width, int height, int src_code, int dst_code, int row_begin,
                 int row_end, int matrix, simd=None, int threads=1):
    """Convert destination rows [row_begin, row_end) of a frame; one side I420 or NV12.

    ``src`` and ``dst`` are whole frames whose sizes the caller has checked
    (``formats.layout``): a YUV side tightly packed, a packed side tightly packed or
    ``height`` contiguous rows at any row stride, negative included (``img[y0:y1, x0:x1]``,
    ``img[::-1]``); codes are ``formats.CODES`` and ``formats.matrix_code`` values.
    ``row_begin`` is even and ``row_end`` even unless it is ``height``, so that bands own
    whole chroma rows: bands may run in parallel threads and give the same bytes as one
    call. Runs without the GIL; out-of-range arguments, or buffers too small for the frame
    (or a packed side of another layout), convert nothing.

    ``simd``: None for this build's fastest path; True to convert whole runs of 32 pixels
    with the SIMD steps even where they are only emulated (tests), False to use only the
    planar passes. ``threads``: bands run on the native pool (lkfast._core._pool).
    """
    cdef bint use_steps = LK_SIMD_ARITH if simd is None else bool(simd)
    cdef _YuvJob job
    cdef Py_buffer sv, dv
    if (not 0 < width <= 16384 or not 0 < height <= 16384 or not 0 <= matrix < 4
            or not 0 <= row_begin < row_end <= height or not 0 <= src_code <= F_NV12
            or not 0 <= dst_code <= F_NV12 or (src_code < F_I420 and dst_code < F_I420)):
        return
    if not _side(src, &sv, src_code, width, height, False, &job.src_stride):
        return
    try:
        if not _side(dst, &dv, dst_code, width, height, True, &job.dst_stride):
            PyBuffer_Release(&sv)
            return
    except BaseException:
        PyBuffer_Release(&sv)
        raise
    job.src = <const uint8_t *>sv.buf
    job.dst = <uint8_t *>dv.buf
    job.width = width
    job.height = height
    job.src_code = src_code
    job.dst_code = dst_code
    job.matrix = matrix
    job.simd = use_steps
    with nogil:
        lk_parallel_rows(_yuv_band, &job, row_begin, row_end, threads, 2)
    PyBuffer_Release(&dv)
    PyBuffer_Release(&sv)
