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

from libc.stdint cimport uint8_t

include "lkfast/_core/_variant.pxi"

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
