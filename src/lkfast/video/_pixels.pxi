# Packed-pixel conversions (RGBA, BGRA, ARGB, ABGR, RGB24, BGR24) and solid fills of every
# format. Included by _pixels.pyx (baseline build), _pixels_avx2.pyx and _pixels_avx512.pyx;
# setup.py compiles each with its own flags (ISA_VARIANTS) and lkfast._core.variants imports the
# best one the CPU runs. Directives (boundscheck/wraparound off) come from setup.py;
# lkfast.video.conversion validates every argument, or try_convert/try_fill check it, before a kernel runs.

from cpython.buffer cimport PyBuffer_Release
from libc.stdint cimport uint8_t, uint32_t, uint64_t, uintptr_t
from libc.string cimport memcpy, memmove, memset

from lkfast._core._buffer cimport try_acquire_bytes
from lkfast._core._pool cimport LK_NATIVE_POOL, lk_parallel_rows

from lkfast._core._simd cimport (
    LK_PERM64, lk_load64, lk_mask_store64, lk_maskz_load64, lk_or64, lk_perm2b64, lk_permb64,
    lk_store64, lk_v64,
    LK_SHUFFLE, LK_SIMD32, LK_SIMD_NAME, lk_copy_forward, lk_dup16, lk_load2x16, lk_load16,
    lk_load32, lk_or16, lk_stos64,
    lk_or32, lk_pack24, lk_shuffle16, lk_shuffle32, lk_store16, lk_store24, lk_store32, lk_v16,
    lk_v32,
)

include "lkfast/_core/_variant.pxi"

cdef enum:
    NPACKED = 6
    OPAQUE = 0xff  # in PERM: "this byte is alpha 255", the source has no alpha
    I420 = 6
    NV12 = 7

# Kernel codes as in lkfast.video.formats.FORMATS: RGBA BGRA ARGB ABGR RGB24 BGR24.
cdef int BPP[NPACKED]
cdef int OFFSETS[NPACKED][4]          # byte offset of R, G, B, A; -1: no alpha
# PERM[s][d][j]: destination byte j of a pixel is source byte PERM[s][d][j] (or OPAQUE).
cdef uint8_t PERM[NPACKED][NPACKED][4]
# Shuffle masks for one 16-byte block: MASK picks the source byte of every destination byte
# (0x80: zero), ALPHA is OR-ed in afterwards. MASK5 holds 5 pixels (3-byte to 3-byte, 15 of
# 16 bytes), MASK4 holds 4 (also one 16-byte lane of a 32-byte block).
cdef uint8_t MASK4[NPACKED][NPACKED][16]
cdef uint8_t MASK5[NPACKED][NPACKED][16]
cdef uint8_t ALPHA[NPACKED][NPACKED][16]
# 64-byte blocks (AVX-512 VBMI): 16 pixels, or 21 when both sides are 3 bytes. IDX64 gives the
# source byte of each destination byte (any byte where ALPHA64 puts alpha 255).
cdef uint8_t IDX64[NPACKED][NPACKED][64]
cdef uint8_t ALPHA64[NPACKED][NPACKED][64]
# RGB24 <-> BGR24 in 32-byte blocks: output byte t of a block at byte Q comes from one of two
# loads, at Q - 2 and Q + 2 (SWAP3_LO, SWAP3_HI; 0x80 where the other one has it). The masks
# depend on Q % 3, which cycles 0, 2, 1 over three consecutive blocks.
cdef uint8_t SWAP3_LO[3][32]
cdef uint8_t SWAP3_HI[3][32]
# The same in 64-byte blocks (AVX-512 VBMI): output byte t of a block at byte Q is byte
# SWAP3_64[Q % 3 cycle][t] of the 128 bytes loaded at Q - 2.
cdef uint8_t SWAP3_64[3][64]


cdef void _block_mask(int s, int d, int pixels, uint8_t *mask) noexcept:
    cdef int j, p
    for j in range(16):
        mask[j] = 0x80
    for p in range(pixels):
        for j in range(BPP[d]):
            if PERM[s][d][j] != OPAQUE:
                mask[p * BPP[d] + j] = <uint8_t>(p * BPP[s] + PERM[s][d][j])


cdef void _build_tables() noexcept:
    cdef int s, d, j, c
    BPP[:] = [4, 4, 4, 4, 3, 3]
    OFFSETS[0][:] = [0, 1, 2, 3]
    OFFSETS[1][:] = [2, 1, 0, 3]
    OFFSETS[2][:] = [1, 2, 3, 0]
    OFFSETS[3][:] = [3, 2, 1, 0]
    OFFSETS[4][:] = [0, 1, 2, -1]
    OFFSETS[5][:] = [2, 1, 0, -1]
    for s in range(NPACKED):
        for d in range(NPACKED):
            for c in range(4):
                if OFFSETS[d][c] >= 0:
                    PERM[s][d][OFFSETS[d][c]] = OPAQUE if OFFSETS[s][c] < 0 else OFFSETS[s][c]
            _block_mask(s, d, 4, MASK4[s][d])
            _block_mask(s, d, 5, MASK5[s][d])
            for j in range(16):
                ALPHA[s][d][j] = 0xff if BPP[d] == 4 and PERM[s][d][j % 4] == OPAQUE else 0
    cdef int p, k, pixels
    for s in range(NPACKED):
        for d in range(NPACKED):
            pixels = 21 if BPP[s] == 3 and BPP[d] == 3 else 16
            for k in range(64):
                IDX64[s][d][k] = 0
                ALPHA64[s][d][k] = 0
            for p in range(pixels):
                for j in range(BPP[d]):
                    k = p * BPP[d] + j
                    if PERM[s][d][j] == OPAQUE:
                        ALPHA64[s][d][k] = 0xff
                    else:
                        IDX64[s][d][k] = <uint8_t>(p * BPP[s] + PERM[s][d][j])
    cdef int block, lane, t, r
    for block in range(3):
        for lane in range(2):
            for t in range(16):
                # the byte's channel: 0 takes the source byte 2 ahead, 2 the one 2 behind
                c = (32 * block + 16 * lane + t) % 3
                r = t + (2 if c == 0 else (0 if c == 1 else -2))
                SWAP3_LO[block][16 * lane + t] = r + 2 if r <= 13 else 0x80
                SWAP3_HI[block][16 * lane + t] = r - 2 if r > 13 else 0x80
    for block in range(3):
        for t in range(64):
            c = (64 * block + t) % 3
            SWAP3_64[block][t] = t + (4 if c == 0 else (2 if c == 1 else 0))


_build_tables()


cdef Py_ssize_t _blocks32(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                          int dc) noexcept nogil:
    """8 pixels per 32-byte block, as two 4-pixel lanes; returns the pixels done.

    A block reads up to 28 (3-byte source) or 32 bytes and writes 32 (the last 8 are junk
    that the next block overwrites, for a 3-byte destination), so blocks stop `reach` pixels
    before the end of the range: the loads and stores never leave it.
    """
    cdef int sb = BPP[sc], db = BPP[dc]
    cdef Py_ssize_t reach = 8 if sb == 4 and db == 4 else (11 if db == 3 else 10)
    cdef Py_ssize_t k, blocks
    cdef lk_v32 mask = lk_dup16(MASK4[sc][dc]), alpha = lk_dup16(ALPHA[sc][dc])
    if n < reach:
        return 0
    blocks = (n - reach) // 8 + 1
    if sb == 4 and db == 4:
        for k in range(blocks):
            lk_store32(dst + 32 * k, lk_shuffle32(lk_load32(src + 32 * k), mask))
    elif sb == 4:
        for k in range(blocks):
            lk_store24(dst + 24 * k, lk_pack24(lk_shuffle32(lk_load32(src + 32 * k), mask)))
    elif db == 4:
        for k in range(blocks):
            lk_store32(dst + 32 * k, lk_or32(lk_shuffle32(
                lk_load2x16(src + 24 * k, src + 24 * k + 12), mask), alpha))
    else:
        for k in range(blocks):
            lk_store24(dst + 24 * k, lk_pack24(lk_shuffle32(
                lk_load2x16(src + 24 * k, src + 24 * k + 12), mask)))
    return blocks * 8


cdef inline uint64_t _byte_mask(Py_ssize_t nbytes) noexcept nogil:
    """The low ``nbytes`` bits set, 1 <= nbytes <= 64."""
    return 0xFFFFFFFFFFFFFFFFULL >> (64 - nbytes)


cdef void _blocks64(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc, int dc) noexcept nogil:
    """All ``n`` pixels in 64-byte blocks of byte-masked loads, permutes and stores.

    A block reads and writes exactly its own pixels, so blocks need no room at the end of the
    range and the last, partial block needs no scalar tail; each block is loaded before it is
    stored, so ``dst`` may be ``src`` for 4-byte to 4-byte.
    """
    cdef int sb = BPP[sc], db = BPP[dc]
    cdef Py_ssize_t pixels = 21 if sb == 3 and db == 3 else 16
    cdef Py_ssize_t k, blocks = n // pixels, rest = n - blocks * pixels
    cdef uint64_t load_mask = _byte_mask(pixels * sb), store_mask = _byte_mask(pixels * db)
    cdef lk_v64 idx = lk_load64(IDX64[sc][dc]), alpha = lk_load64(ALPHA64[sc][dc])
    if sb == 3 and db == 4:
        for k in range(blocks):
            lk_mask_store64(dst + k * pixels * 4, store_mask, lk_or64(lk_permb64(
                lk_maskz_load64(load_mask, src + k * pixels * 3), idx), alpha))
    else:
        for k in range(blocks):
            lk_mask_store64(dst + k * pixels * db, store_mask, lk_permb64(
                lk_maskz_load64(load_mask, src + k * pixels * sb), idx))
    if rest:
        lk_mask_store64(dst + blocks * pixels * db, _byte_mask(rest * db), lk_or64(lk_permb64(
            lk_maskz_load64(_byte_mask(rest * sb), src + blocks * pixels * sb), idx), alpha))


cdef Py_ssize_t _swap3_blocks(const uint8_t *src, uint8_t *dst, Py_ssize_t n) noexcept nogil:
    """RGB24 <-> BGR24, 32 pixels (three 32-byte blocks) per step; returns the pixels done.

    Blocks start after the first 16 pixels (a block reads 2 bytes before itself) and end
    where the last load (34 bytes past the block) stays inside the range.
    """
    cdef Py_ssize_t q, k, steps
    cdef lk_v32 lo0 = lk_load32(SWAP3_LO[0]), hi0 = lk_load32(SWAP3_HI[0])
    cdef lk_v32 lo1 = lk_load32(SWAP3_LO[1]), hi1 = lk_load32(SWAP3_HI[1])
    cdef lk_v32 lo2 = lk_load32(SWAP3_LO[2]), hi2 = lk_load32(SWAP3_HI[2])
    if 3 * n < 48 + 98:
        return 0
    _convert_scalar(src, dst, 16, 4, 5)
    steps = (3 * n - 48 - 98) // 96 + 1
    for k in range(steps):
        q = 48 + 96 * k
        lk_store32(dst + q, lk_or32(lk_shuffle32(lk_load32(src + q - 2), lo0),
                                    lk_shuffle32(lk_load32(src + q + 2), hi0)))
        lk_store32(dst + q + 32, lk_or32(lk_shuffle32(lk_load32(src + q + 30), lo1),
                                         lk_shuffle32(lk_load32(src + q + 34), hi1)))
        lk_store32(dst + q + 64, lk_or32(lk_shuffle32(lk_load32(src + q + 62), lo2),
                                         lk_shuffle32(lk_load32(src + q + 66), hi2)))
    return 16 + 32 * steps


cdef Py_ssize_t _swap3_blocks64(const uint8_t *src, uint8_t *dst, Py_ssize_t n) noexcept nogil:
    """RGB24 <-> BGR24, 64 pixels (three 64-byte blocks) per step; returns the pixels done.

    The first 64 pixels go through masked blocks (a step reads 2 bytes before itself); steps
    follow while their last load (254 bytes past the step) stays inside the range. Each load
    serves two blocks.
    """
    cdef Py_ssize_t q, k, steps
    cdef lk_v64 i0 = lk_load64(SWAP3_64[0]), i1 = lk_load64(SWAP3_64[1])
    cdef lk_v64 i2 = lk_load64(SWAP3_64[2]), a, b, c, e
    if 3 * n < 192 + 254:
        return 0
    _blocks64(src, dst, 64, 4, 5)
    steps = (3 * n - 192 - 254) // 192 + 1
    a = lk_load64(src + 190)
    for k in range(steps):
        q = 192 + 192 * k
        b = lk_load64(src + q + 62)
        c = lk_load64(src + q + 126)
        e = lk_load64(src + q + 190)
        lk_store64(dst + q, lk_perm2b64(a, i0, b))
        lk_store64(dst + q + 64, lk_perm2b64(b, i1, c))
        lk_store64(dst + q + 128, lk_perm2b64(c, i2, e))
        a = e
    return 64 + 64 * steps


cdef Py_ssize_t _blocks16(const uint8_t *src, uint8_t *dst, Py_ssize_t n, int sc,
                          int dc) noexcept nogil:
    """4 pixels (5 for 3-byte to 3-byte) per 16-byte block; returns the pixels done.

    A block loads 16 bytes and stores 16, so it may start only where both stay inside the
    range: `reach` pixels before its end.
    """
    cdef int sb = BPP[sc], db = BPP[dc]
    cdef Py_ssize_t step = 5 if sb == 3 and db == 3 else 4
    cdef Py_ssize_t reach = 4 if sb == 4 and db == 4 else 6
    cdef Py_ssize_t k, blocks
    cdef lk_v16 mask = lk_load16(&MASK5[sc][dc][0] if step == 5 else &MASK4[sc][dc][0])
    cdef lk_v16 alpha = lk_load16(ALPHA[sc][dc])
    if n < reach:
        return 0
    blocks = (n - reach) // step + 1
    if sb == 3 and db == 4:
        for k in range(blocks):
            lk_store16(dst + 16 * k, lk_or16(lk_shuffle16(lk_load16(src + 12 * k), mask), alpha))
    else:
        for k in range(blocks):
            lk_store16(dst + step * db * k, lk_shuffle16(lk_load16(src + step * sb * k), mask))
    return blocks * step


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
    if not (0 <= src_code < NPACKED and 0 <= dst_code < NPACKED and 0 < width <= 8192
            and 0 < height <= 8192):
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
    if not (0 <= code < NPACKED and 0 < width <= 8192 and 0 < height <= 8192
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
