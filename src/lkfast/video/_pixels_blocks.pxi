# Packed-pixel tables and block kernels (included by _pixels.pxi). The tables say where each
# byte of a destination pixel comes from, for every pair of the six packed formats (PERM), and
# are expanded at import into the byte-shuffle masks of one 16-byte block (MASK4, MASK5, ALPHA),
# of one 64-byte block (IDX64, ALPHA64) and of the RGB24 <-> BGR24 swaps (SWAP3_*). The block
# kernels apply them: 16-byte (SSSE3/NEON), 32-byte (AVX2) and 64-byte (AVX-512 VBMI) blocks,
# each converting the whole blocks of a run and returning where the caller (_pixels_rows.pxi)
# goes on; the swaps start with _pixels_rows.pxi's scalar path for their first pixels.

from libc.stdint cimport uint8_t, uint64_t

from lkfast._core._simd cimport (
    LK_SHUFFLE,
    lk_dup16, lk_load2x16, lk_load16, lk_load32, lk_load64, lk_mask_store64, lk_maskz_load64,
    lk_or16, lk_or32, lk_or64, lk_pack24, lk_perm2b64, lk_permb64, lk_shuffle16, lk_shuffle32,
    lk_store16, lk_store24, lk_store32, lk_store64, lk_v16, lk_v32, lk_v64,
)

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
    q = _blocks16(src, dst, 16, 4, 5) if LK_SHUFFLE else 0  # the head: 15 pixels, then 1
    _convert_scalar(src + 3 * q, dst + 3 * q, 16 - q, 4, 5)
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
