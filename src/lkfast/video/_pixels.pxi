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

from cpython.buffer cimport (
    PyBUF_RECORDS_RO, PyBuffer_IsContiguous, PyBuffer_Release, PyObject_GetBuffer,
)
from libc.stdint cimport uint8_t
from libc.string cimport memcpy, memset

from lkfast._core._buffer cimport acquire_rows, try_acquire_bytes, try_acquire_rows
from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows
from lkfast._core._simd cimport LK_SIMD_NAME

include "lkfast/_core/_variant.pxi"

include "_pixels_blocks.pxi"
include "_pixels_rows.pxi"


cdef struct _PackedJob:
    const uint8_t *src
    uint8_t *dst
    Py_ssize_t width, src_stride, dst_stride  # strides: bytes from a row to the next, any sign
    int src_code, dst_code


cdef void _packed_band(void *ctx, Py_ssize_t begin, Py_ssize_t end) noexcept nogil:
    cdef _PackedJob *job = <_PackedJob *>ctx
    cdef Py_ssize_t w = job.width, ss = job.src_stride, ds = job.dst_stride, r
    cdef int sc = job.src_code, dc = job.dst_code
    if ss == w * BPP[sc] and ds == w * BPP[dc]:  # tightly packed: the band is one run
        convert_packed(job.src + begin * ss, job.dst + begin * ds, (end - begin) * w, sc, dc)
        return
    for r in range(begin, end):
        convert_packed(job.src + r * ss, job.dst + r * ds, w, sc, dc)


cdef bint _disjoint(const uint8_t *a, Py_ssize_t sa, Py_ssize_t na, const uint8_t *b,
                    Py_ssize_t sb, Py_ssize_t nb, Py_ssize_t rows) noexcept nogil:
    """Whether ``rows`` rows of ``na`` bytes at stride ``sa`` from ``a`` and those of ``b``
    lie in disjoint address ranges (rows interleaved in one canvas count as overlapping)."""
    cdef const uint8_t *alo = a + min(0, (rows - 1) * sa)
    cdef const uint8_t *ahi = a + max(0, (rows - 1) * sa) + na
    cdef const uint8_t *blo = b + min(0, (rows - 1) * sb)
    cdef const uint8_t *bhi = b + max(0, (rows - 1) * sb) + nb
    return ahi <= blo or bhi <= alo


def convert_rows(src, dst, int width, int height, int src_code, int dst_code, int row_begin,
                 int row_end, int matrix, int threads=1):
    """Convert rows [row_begin, row_end) between two packed formats (``matrix`` unused), in
    ``threads`` bands on the native pool (lkfast._core._pool).

    ``src`` and ``dst`` are whole frames: tightly packed buffers, or 2-D/3-D buffers whose
    rows are contiguous at any row stride, negative included (``img[y0:y1, x0:x1]``,
    ``img[::-1]``). The caller has checked the codes, sizes, row range and overlap.

    Raises:
        ValueError: a buffer that is not ``height`` rows of the format's row bytes.
    """
    cdef _PackedJob job
    cdef Py_buffer sv, dv
    if not (0 <= src_code < NPACKED and 0 <= dst_code < NPACKED and 0 < width <= 16384
            and 0 < height <= 16384 and 0 <= row_begin <= row_end <= height):
        raise ValueError("codes, size or rows out of range")
    acquire_rows(src, &sv, "src", False, height, <Py_ssize_t>width * BPP[src_code],
                 &job.src_stride)
    try:
        acquire_rows(dst, &dv, "dst", True, height, <Py_ssize_t>width * BPP[dst_code],
                     &job.dst_stride)
    except BaseException:
        PyBuffer_Release(&sv)
        raise
    job.src = <const uint8_t *>sv.buf
    job.dst = <uint8_t *>dv.buf
    job.width = width
    job.src_code = src_code
    job.dst_code = dst_code
    with nogil:
        lk_parallel_rows(_packed_band, &job, row_begin, row_end, threads, 1)
    PyBuffer_Release(&dv)
    PyBuffer_Release(&sv)


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


def overlap(a, b):
    """How two buffers share memory: 0 not at all, 1 the very same bytes (the same start,
    strides and shape), 2 they may (address ranges that meet: an exact test is the caller's).

    Each may be strided (any buffer of integer items); its address range runs from its lowest
    to its highest byte.
    """
    cdef Py_buffer av, bv
    cdef Py_ssize_t alo, ahi, blo, bhi
    cdef int i
    PyObject_GetBuffer(a, &av, PyBUF_RECORDS_RO)
    try:
        PyObject_GetBuffer(b, &bv, PyBUF_RECORDS_RO)
    except BaseException:
        PyBuffer_Release(&av)
        raise
    _extent(&av, &alo, &ahi)
    _extent(&bv, &blo, &bhi)
    same = av.buf == bv.buf and av.len == bv.len
    if same and not (PyBuffer_IsContiguous(&av, b'C') and PyBuffer_IsContiguous(&bv, b'C')):
        same = av.ndim == bv.ndim and av.strides != NULL and bv.strides != NULL
        for i in range(av.ndim if same else 0):
            if av.strides[i] != bv.strides[i] or av.shape[i] != bv.shape[i]:
                same = False
    PyBuffer_Release(&bv)
    PyBuffer_Release(&av)
    if ahi <= blo or bhi <= alo or alo == ahi or blo == bhi:
        return 0
    return 1 if same else 2


cdef void _extent(Py_buffer *v, Py_ssize_t *lo, Py_ssize_t *hi) noexcept:
    """The addresses [lo, hi) a buffer's items occupy."""
    cdef Py_ssize_t low = <Py_ssize_t>v.buf, high = low + v.itemsize, i
    if v.len == 0:
        lo[0] = hi[0] = low
        return
    if v.strides == NULL or v.ndim == 0:
        high = low + v.len
    else:
        for i in range(v.ndim):
            if v.strides[i] < 0:
                low += (v.shape[i] - 1) * v.strides[i]
            else:
                high += (v.shape[i] - 1) * v.strides[i]
    lo[0] = low
    hi[0] = high


def try_convert(src, out, int width, int height, int src_code, int dst_code):
    """Convert between packed formats if every check passes at C speed; else return False.

    The checks are those of :func:`lkfast.convert` for its common case: ``src`` and ``out``
    integer buffers of exactly the frame sizes, C-contiguous or ``height`` contiguous rows at
    any stride (``rows_layout``), ``out`` writable, the two in disjoint address ranges or the
    very same bytes of a 4-byte to 4-byte conversion. When any fails, or the arguments are out
    of range, nothing is written and the caller runs the full checks.
    """
    cdef Py_buffer sv, dv
    cdef _PackedJob job
    cdef Py_ssize_t sb, db
    if not (0 <= src_code < NPACKED and 0 <= dst_code < NPACKED and 0 < width <= 16384
            and 0 < height <= 16384):
        return False
    sb = <Py_ssize_t>width * BPP[src_code]
    db = <Py_ssize_t>width * BPP[dst_code]
    if not try_acquire_rows(src, &sv, False, height, sb, &job.src_stride):
        return False
    if not try_acquire_rows(out, &dv, True, height, db, &job.dst_stride):
        PyBuffer_Release(&sv)
        return False
    job.src = <const uint8_t *>sv.buf
    job.dst = <uint8_t *>dv.buf
    job.width = width
    job.src_code = src_code
    job.dst_code = dst_code
    ok = _disjoint(job.src, job.src_stride, sb, job.dst, job.dst_stride, db, height) or (
        <const uint8_t *>job.dst == job.src and job.src_stride == job.dst_stride
        and BPP[src_code] == 4 and BPP[dst_code] == 4)
    if ok:
        with nogil:
            _packed_band(&job, 0, height)
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
