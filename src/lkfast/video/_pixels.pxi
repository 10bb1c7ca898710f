# Packed-pixel conversions (RGBA, BGRA, ARGB, ABGR, RGB24, BGR24) and solid fills of every
# format. Included by _pixels.pyx (baseline build), _pixels_ssse3.pyx, _pixels_avx2.pyx and
# _pixels_avx512.pyx; setup.py compiles each with its own flags (ISA_VARIANTS) and
# lkfast._core.variants imports the best one the CPU runs. Directives (boundscheck/wraparound
# off) come from setup.py; lkfast.video.conversion validates every argument, or
# try_convert/try_fill check it, before a kernel runs.
#
# This file holds the Python entry points (convert_rows, fill_rows, try_convert, try_fill,
# overlap, simd_name) and the native-pool jobs behind them; the kernels are in
# _pixels_blocks.pxi (format tables, shuffle masks, 16/32/64-byte blocks) and _pixels_rows.pxi
# (converting and filling runs of pixels).

from cpython.buffer cimport PyBuffer_Release
from libc.stdint cimport uint8_t
from libc.string cimport memcpy, memset

from lkfast._core._buffer cimport try_acquire_bytes
from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows
from lkfast._core._simd cimport LK_SIMD_NAME

include "lkfast/_core/_variant.pxi"

include "_pixels_blocks.pxi"
include "_pixels_rows.pxi"


cdef struct _PackedJob:
    const uint8_t *src
    uint8_t *dst
    Py_ssize_t width
    int src_code, dst_code


cdef void _packed_band(void *ctx, Py_ssize_t begin, Py_ssize_t end) noexcept nogil:
    cdef _PackedJob *job = <_PackedJob *>ctx
    cdef Py_ssize_t first = begin * job.width
    convert_packed(job.src + first * BPP[job.src_code], job.dst + first * BPP[job.dst_code],
                   (end - begin) * job.width, job.src_code, job.dst_code)


def convert_rows(const uint8_t[::1] src, uint8_t[::1] dst, int width, int height, int src_code,
                 int dst_code, int row_begin, int row_end, int matrix, int threads=1):
    """Convert rows [row_begin, row_end) between two packed formats (``matrix`` unused), in
    ``threads`` bands on the native pool (lkfast._core._pool).

    The caller has checked the codes, sizes and row range; ``src`` and ``dst`` are whole
    frames.
    """
    cdef _PackedJob job
    job.src = &src[0]
    job.dst = &dst[0]
    job.width = width
    job.src_code = src_code
    job.dst_code = dst_code
    with nogil:
        lk_parallel_rows(_packed_band, &job, row_begin, row_end, threads, 1)


cdef struct _FillJob:
    uint8_t *dst
    Py_ssize_t width, height
    int code
    uint8_t pixel[4]


cdef void _fill_band(void *ctx, Py_ssize_t row_begin, Py_ssize_t row_end) noexcept nogil:
    cdef _FillJob *job = <_FillJob *>ctx
    cdef Py_ssize_t w = job.width, luma = job.width * job.height
    cdef Py_ssize_t cw = (job.width + 1) // 2, ch = (job.height + 1) // 2
    cdef Py_ssize_t c0 = row_begin // 2, c1 = (row_end + 1) // 2
    cdef uint8_t *d = job.dst
    cdef const uint8_t *p = job.pixel
    cdef int code = job.code
    cdef uint8_t uv[2]
    if code < NPACKED:
        fill_pattern(d + row_begin * w * BPP[code], (row_end - row_begin) * w * BPP[code],
                     p, BPP[code])
    else:
        memset(d + row_begin * w, p[0], (row_end - row_begin) * w)
        if code == I420:
            memset(d + luma + c0 * cw, p[1], (c1 - c0) * cw)
            memset(d + luma + cw * ch + c0 * cw, p[2], (c1 - c0) * cw)
        else:
            uv[0] = p[1]
            uv[1] = p[2]
            fill_pattern(d + luma + c0 * 2 * cw, (c1 - c0) * 2 * cw, uv, 2)


def fill_rows(uint8_t[::1] dst, int width, int height, int code, const uint8_t[::1] pixel,
              int row_begin, int row_end, int threads=1):
    """Fill rows [row_begin, row_end) of a frame with one colour, already encoded, in
    ``threads`` bands on the native pool.

    ``pixel`` holds the bytes of one packed pixel in the format's order, or Y, U, V for I420
    and NV12 (``row_begin`` even, so that a band owns its chroma rows).
    """
    cdef _FillJob job
    job.dst = &dst[0]
    job.width = width
    job.height = height
    job.code = code
    memcpy(job.pixel, &pixel[0], min(pixel.shape[0], 4))
    with nogil:
        lk_parallel_rows(_fill_band, &job, row_begin, row_end, threads,
                         1 if code < NPACKED else 2)


#: Whether ``threads`` > 1 runs on native threads here (else lkfast._core.bands uses Python's).
NATIVE_POOL = bool(LK_NATIVE_POOL)


def simd_name():
    """The byte-shuffle instructions this build of the kernels uses: ssse3, neon or scalar."""
    return LK_SIMD_NAME.decode("ascii")


def overlap(const uint8_t[::1] a, const uint8_t[::1] b):
    """How two buffers share memory: 0 not at all, 1 the very same bytes, 2 partly."""
    cdef const uint8_t *pa = &a[0]
    cdef const uint8_t *pb = &b[0]
    cdef Py_ssize_t na = a.shape[0], nb = b.shape[0]
    if pa + na <= pb or pb + nb <= pa:
        return 0
    return 1 if pa == pb and na == nb else 2


def try_convert(src, out, int width, int height, int src_code, int dst_code):
    """Convert between packed formats if every check passes at C speed; else return False.

    The checks are those of :func:`lkfast.convert` for its common case: ``src`` and ``out``
    C-contiguous integer buffers of exactly the frame sizes, ``out`` writable, the two
    disjoint or the very same bytes of a 4-byte to 4-byte conversion. When any fails, or the
    arguments are out of range, nothing is written and the caller runs the full checks.
    """
    cdef Py_buffer sv, dv
    cdef Py_ssize_t pixels, ssize, dsize
    cdef const uint8_t *s
    cdef uint8_t *d
    if not (0 <= src_code < NPACKED and 0 <= dst_code < NPACKED and 0 < width <= 16384
            and 0 < height <= 16384):
        return False
    pixels = <Py_ssize_t>width * height
    ssize = pixels * BPP[src_code]
    dsize = pixels * BPP[dst_code]
    if not try_acquire_bytes(src, &sv, False):
        return False
    if not try_acquire_bytes(out, &dv, True):
        PyBuffer_Release(&sv)
        return False
    s = <const uint8_t *>sv.buf
    d = <uint8_t *>dv.buf
    ok = sv.len == ssize and dv.len == dsize and (
        s + ssize <= d or d + dsize <= s
        or (s == d and BPP[src_code] == 4 and BPP[dst_code] == 4))
    if ok:
        with nogil:
            convert_packed(s, d, pixels, src_code, dst_code)
    PyBuffer_Release(&dv)
    PyBuffer_Release(&sv)
    return ok


def try_fill(out, int width, int height, int code, rgba):
    """Fill a packed-format frame if every check passes at C speed; else return False.

    ``rgba`` must be a tuple of 3 or 4 ints 0-255 and ``out`` a writable C-contiguous
    integer buffer of exactly the frame size; otherwise nothing is written and the caller runs
    the full checks of :func:`lkfast.fill`.
    """
    cdef Py_buffer view
    cdef uint8_t colour[4]
    cdef uint8_t pixel[4]
    cdef Py_ssize_t size
    cdef int c
    if not (0 <= code < NPACKED and 0 < width <= 16384 and 0 < height <= 16384
            and type(rgba) is tuple and 3 <= len(rgba) <= 4):
        return False
    colour[3] = 255
    for c in range(len(rgba)):
        value = rgba[c]
        if type(value) is not int or not 0 <= value <= 255:
            return False
        colour[c] = <uint8_t>value
    for c in range(4):
        if OFFSETS[code][c] >= 0:
            pixel[OFFSETS[code][c]] = colour[c]
    size = <Py_ssize_t>width * height * BPP[code]
    if not try_acquire_bytes(out, &view, True):
        return False
    ok = view.len == size
    if ok:
        with nogil:
            fill_pattern(<uint8_t *>view.buf, size, pixel, BPP[code])
    PyBuffer_Release(&view)
    return ok
