# Packed-pixel row kernels (included by _pixels.pxi): convert_packed converts a run of pixels
# between two packed formats, choosing per build the widest block kernels of _pixels_blocks.pxi
# and finishing with a 4-byte SWAR loop or one pixel at a time; fill_pattern repeats one pixel
# of 1 to 4 bytes over a run, at memset speed. Both work on whole rows or bands of rows and
# check nothing: the entry points in _pixels.pxi call them only with checked arguments.

from libc.stdint cimport uint8_t, uint32_t, uint64_t, uintptr_t
from libc.string cimport memcpy, memmove, memset

from lkfast._core._simd cimport (
    LK_PERM64, LK_SHUFFLE, LK_SIMD32, lk_copy_forward, lk_load32, lk_stos64, lk_store32, lk_v32,
)


cdef void _convert_scalar(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                          int dc) noexcept nogil:
    """One pixel at a time; each pixel is read whole before it is written."""
    cdef int sb = BPP[sc], db = BPP[dc], j
    cdef const uint8_t *perm = PERM[sc][dc]
    cdef uint8_t px[4]
    cdef Py_ssize_t i
    px[3] = 0xff
    for i in range(n):
        memcpy(px, src + i * sb, sb)
        for j in range(db):
            dst[i * db + j] = 0xff if perm[j] == OPAQUE else px[perm[j]]


cdef void _swizzle4_swar(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                         int dc) noexcept nogil:
    """4-byte to 4-byte with shifts on 32-bit words: what SSE2 alone vectorises well."""
    cdef const uint8_t *perm = PERM[sc][dc]
    cdef uint32_t s0 = 8 * perm[0], s1 = 8 * perm[1], s2 = 8 * perm[2], s3 = 8 * perm[3]
    cdef uint32_t x, y
    cdef Py_ssize_t i
    for i in range(n):
        memcpy(&x, src + 4 * i, 4)
        y = (((x >> s0) & 0xff) | (((x >> s1) & 0xff) << 8) | (((x >> s2) & 0xff) << 16)
             | (((x >> s3) & 0xff) << 24))
        memcpy(dst + 4 * i, &y, 4)


cdef Py_ssize_t _align_pixels(const uint8_t *dst, int db, int align, int phase) noexcept nogil:
    """How many ``db``-byte pixels to write first so that the rest of ``dst`` starts ``phase``
    bytes past an ``align``-byte boundary (``align`` a power of two, at most 64); 0 when no
    count does (a 4-byte destination at an odd address)."""
    cdef uintptr_t address = <uintptr_t>dst
    cdef Py_ssize_t k
    for k in range(align):
        if (address + <uintptr_t>(k * db)) % <uintptr_t>align == <uintptr_t>phase:
            return k
    return 0


cdef void convert_packed(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                         int dc) noexcept nogil:
    """Convert ``n`` pixels of packed format ``sc`` to ``dc``.

    ``dst`` may be ``src`` itself when both formats are 4 bytes: every block and pixel is
    read whole before it is written. Otherwise the two must not overlap.

    Vector stores that straddle cache lines cost 10-20 % of the bandwidth, so long runs first
    convert the few pixels that bring the stores onto aligned addresses.
    """
    cdef int sb = BPP[sc], db = BPP[dc]
    cdef Py_ssize_t head
    if sc == dc:
        memmove(dst, src, n * sb)
        return
    if (LK_PERM64 or LK_SIMD32) and n >= 1024:
        if LK_PERM64:
            head = _align_pixels(dst, db, 64, 0)
        elif sb == 3 and db == 3:  # _swap3_blocks stores 32 bytes at 48 + 96 k
            head = _align_pixels(dst, 3, 32, 16)
        else:
            head = _align_pixels(dst, db, 32, 0)
        _convert_run(src, dst, head, sc, dc)
        src += head * sb
        dst += head * db
        n -= head
    _convert_run(src, dst, n, sc, dc)


cdef void _convert_run(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                       int dc) noexcept nogil:
    """``convert_packed`` for two different formats, whatever the alignment."""
    cdef int sb = BPP[sc], db = BPP[dc]
    cdef Py_ssize_t done = 0
    if n <= 0:
        return
    if LK_PERM64:
        if sb == 3 and db == 3:  # RGB24 <-> BGR24
            done = _swap3_blocks64(src, dst, n)
        _blocks64(src + sb * done, dst + db * done, n - done, sc, dc)
        return
    if LK_SIMD32:
        if sb == 3 and db == 3:  # RGB24 <-> BGR24 (the only 3-byte pair that is not a copy)
            done = _swap3_blocks(src, dst, n)
        else:
            done = _blocks32(src, dst, n, sc, dc)
    if LK_SHUFFLE:
        done += _blocks16(src + done * sb, dst + done * db, n - done, sc, dc)
    elif sb == 4 and db == 4:
        _swizzle4_swar(src, dst, n, sc, dc)
        return
    _convert_scalar(src + done * sb, dst + done * db, n - done, sc, dc)


cdef void fill_pattern(uint8_t *dst, Py_ssize_t nbytes, const uint8_t *pixel,
                       int bpp) noexcept nogil:
    """Repeat the ``bpp``-byte ``pixel`` (1 to 4 bytes) over ``nbytes`` bytes of ``dst``.

    1 byte is a memset; 2 and 4 bytes a string store of an 8-byte pattern (memset speed);
    3 bytes 32-byte vector stores on aligned addresses (memset speed) where the build has
    them, else 1536 bytes of 16-byte stores copied forward along the frame.
    """
    cdef uint8_t pattern[128]
    cdef uint64_t word
    cdef Py_ssize_t k = 0
    cdef int j
    cdef const uint8_t *p
    cdef lk_v32 a, b, c
    if bpp == 1:
        memset(dst, pixel[0], nbytes)
        return
    for j in range(128):
        pattern[j] = pixel[j % bpp]
    if bpp != 3:
        memcpy(&word, pattern, 8)
        k = nbytes - nbytes % 8
        lk_stos64(dst, k, word)
        memcpy(dst + k, pattern, nbytes - k)
        return
    if LK_SIMD32 and nbytes >= 256:
        k = (32 - <Py_ssize_t>(<uintptr_t>dst & 31)) & 31
        memcpy(dst, pattern, k)
        p = pattern + k % 3  # the pattern as it continues at dst + k
        a = lk_load32(p)
        b = lk_load32(p + 32)
        c = lk_load32(p + 64)
        while k + 96 <= nbytes:
            lk_store32(dst + k, a)
            lk_store32(dst + k + 32, b)
            lk_store32(dst + k + 64, c)
            k += 96
        memcpy(dst + k, p, nbytes - k)
        return
    if nbytes >= 2 * 1536:  # 1536: a multiple of 48 = lcm(3, 16)
        while k + 48 <= 1536:
            memcpy(dst + k, pattern, 48)
            k += 48
        lk_copy_forward(dst + k, dst, nbytes - k)
        return
    while k + 48 <= nbytes:
        memcpy(dst + k, pattern, 48)
        k += 48
    memcpy(dst + k, pattern, nbytes - k)
