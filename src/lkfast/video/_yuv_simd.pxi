# 32-pixel SIMD steps of the YUV kernels (included by _yuv.pxi): packed RGB of two rows to
# their Y and to the chroma row between them; a chroma row and its luma rows to packed RGB.
# Same arithmetic as the planar passes in _yuv.pxi (libyuv's, lkfast/reference/yuv.py), with
# the packed pixels (de)interleaved by byte shuffles in registers instead of separate passes.
#
# Built on lkfast._core._simd's 32-byte primitives: AVX2, or two SSSE3 halves with the same lane
# semantics, or (only when a test asks for it: LK_SIMD_ARITH is 0) a plain-C emulation. Every
# step reads and writes exactly its own 32 pixels (16 chroma samples); the callers convert the
# rest of a row, odd widths included, with the planar passes.

from lkfast._core._simd cimport (
    LK_SIMD_ARITH, lk_addsw32, lk_addw32, lk_deal32, lk_dup16, lk_haddw32, lk_load2x16,
    lk_load32, lk_maddubs32, lk_mulhuw32, lk_mullw32, lk_or32, lk_pack24, lk_packuswb32,
    lk_permq0213, lk_shuffle32, lk_sllw32, lk_splatw32, lk_sraw32, lk_srlw32, lk_store24,
    lk_store2x16, lk_store32, lk_subsw32, lk_unpackhbw32, lk_unpackhdq32, lk_unpackhqdq32,
    lk_unpackhwd32, lk_unpacklbw32, lk_unpackldq32, lk_unpacklqdq32, lk_unpacklwd32, lk_v32,
    lk_xor32,
)

cdef enum:
    STEP = 32  # pixels per SIMD step
    ZERO = 0x80  # in a shuffle mask: this byte is 0

# ---- packed RGB -> YUV ------------------------------------------------------------------
#
# A step's pixels are loaded in four "groups": group g (0-3) holds pixels 4g..4g+3 in its low
# 16-byte lane and 16+4g..16+4g+3 in the high one. With that layout, horizontal adds
# (lk_haddw32) and packs (lk_packuswb32) of groups 0-3 come out in pixel order without
# cross-lane moves, and so do the 2x2 blocks of a 4x4 transpose of their sums.

cdef struct ToYuvSteps:
    # Y = sum over a pixel's bytes x of ycoef * (x - 128), plus ybias (+ 128 * the
    # coefficients' sum, all mod 2**16), >> 8: maddubs on the bytes XOR 0x80. Partial sums of
    # two bytes stay within 237 * 128 < 2**15 (tests check the constants).
    uint8_t ycoef[32]  # per byte of a 4-byte pixel: the coefficient of its channel (0: alpha)
    uint16_t ybias
    # 3-byte pixels to 4-byte ones (byte 3: 0), for groups 0-2 [0] and for group 3 [1], whose
    # high lane is loaded 4 bytes before its pixels (not to read past the step).
    uint8_t spread[2][32]
    # Per lane, the R, G, B bytes of its two 2x1 blocks, R R' R R' G G' G G' B B' B B' 0 0 0 0
    # (maddubs with 1s: the sums of horizontal pairs), for groups 0-2 [0] and group 3 [1].
    uint8_t pairs[2][32]
    # U, V = (the coefficients times the 2x2 means of R, G, B + cbias) >> 8.
    int16_t ucoef[3]
    int16_t vcoef[3]
    uint16_t cbias


cdef void _to_yuv_steps(ToYuvSteps *t, const ToYuv *k, int src_code) noexcept nogil:
    cdef int bpp = 3 if src_code >= F_RGB24 else 4
    cdef const int *off = OFFSETS[src_code]
    cdef int ycoefs[3]
    cdef int lane, p, c, j, shift, base, early
    ycoefs[:] = [k.yr, k.yg, k.yb]
    memset(t.ycoef, 0, 32)
    for p in range(8):
        for c in range(3):
            t.ycoef[4 * p + off[c]] = <uint8_t>ycoefs[c]
    t.ybias = <uint16_t>((k.ybias + 128 * (k.yr + k.yg + k.yb)) & 0xFFFF)
    for shift in range(2):
        for lane in range(2):
            base = 16 * lane
            for j in range(16):
                t.spread[shift][base + j] = ZERO
                t.pairs[shift][base + j] = ZERO
            early = 4 if shift and lane == 1 and bpp == 3 else 0
            for p in range(4):
                for c in range(3):
                    # byte c of a 4-byte pixel, in the source's channel order
                    t.spread[shift][base + 4 * p + c] = early + bpp * p + c
                    # channel c (R, G, B) of block p // 2, its pixel p % 2
                    t.pairs[shift][base + 4 * c + p] = early + bpp * p + off[c]
    t.ucoef[:] = [k.ur, k.ug, k.ub]
    t.vcoef[:] = [k.vr, k.vg, k.vb]
    t.cbias = k.cbias


cdef inline lk_v32 _load_group(const uint8_t *px, int bpp, int g) noexcept nogil:
    """Group g of the step at px (see the lane layout above)."""
    if bpp == 4:
        return lk_load2x16(px + 16 * g, px + 64 + 16 * g)
    if g == 3:  # its high lane would end 4 bytes past the step: load it 4 bytes early
        return lk_load2x16(px + 36, px + 80)
    return lk_load2x16(px + 12 * g, px + 48 + 12 * g)


cdef inline lk_v32 _luma_sums(lk_v32 px, int bpp, lk_v32 spread, lk_v32 coef,
                              lk_v32 sign) noexcept nogil:
    """Two partial Y sums (words) per pixel: coef * (byte - 128) over byte pairs."""
    if bpp == 3:
        px = lk_shuffle32(px, spread)
    return lk_maddubs32(coef, lk_xor32(px, sign))


cdef inline void _group(const uint8_t *top, const uint8_t *bottom, int bpp, int g,
                        lk_v32 spread, lk_v32 pairs, lk_v32 ycoef, lk_v32 sign, lk_v32 ones,
                        lk_v32 *ytop, lk_v32 *ybottom, lk_v32 *sums) noexcept nogil:
    """Group g of a step in two rows: the pixels' partial Y sums, and the R, G, B sums of
    its 2x2 blocks (two per lane) as 32-bit words R, G, B, 0 of two 16-bit sums each."""
    cdef lk_v32 t = _load_group(top, bpp, g), b = _load_group(bottom, bpp, g)
    ytop[0] = _luma_sums(t, bpp, spread, ycoef, sign)
    ybottom[0] = _luma_sums(b, bpp, spread, ycoef, sign)
    sums[0] = lk_addw32(lk_maddubs32(lk_shuffle32(t, pairs), ones),
                        lk_maddubs32(lk_shuffle32(b, pairs), ones))


cdef inline void _store_luma(uint8_t *y, lk_v32 s0, lk_v32 s1, lk_v32 s2, lk_v32 s3,
                             lk_v32 ybias) noexcept nogil:
    """Y of a step's 32 pixels from the groups' partial sums."""
    # per lane, hadd(s0, s1) holds pixels 4g.. of groups 0 and 1: 0-7 low, 16-23 high
    cdef lk_v32 lo = lk_srlw32(lk_addw32(lk_haddw32(s0, s1), ybias), 8)
    cdef lk_v32 hi = lk_srlw32(lk_addw32(lk_haddw32(s2, s3), ybias), 8)
    lk_store32(y, lk_packuswb32(lo, hi))


cdef inline lk_v32 _mean4(lk_v32 sum4, lk_v32 two) noexcept nogil:
    return lk_srlw32(lk_addw32(sum4, two), 2)


cdef inline lk_v32 _chroma_words(lk_v32 r, lk_v32 g, lk_v32 b, lk_v32 cr, lk_v32 cg,
                                 lk_v32 cb, lk_v32 bias) noexcept nogil:
    """(cr r + cg g + cb b + bias) >> 8 per word: exact mod 2**16, the true sums being
    0..65535."""
    return lk_srlw32(lk_addw32(lk_addw32(lk_addw32(lk_mullw32(r, cr), lk_mullw32(g, cg)),
                                         lk_mullw32(b, cb)), bias), 8)


cdef inline Py_ssize_t _packed_to_yuv_loop(const uint8_t *top, const uint8_t *bottom,
                                           uint8_t *ytop, uint8_t *ybottom, uint8_t *u,
                                           uint8_t *v, Py_ssize_t w, int bpp, bint nv12,
                                           const ToYuvSteps *t) noexcept nogil:
    cdef lk_v32 sign = lk_splatw32(0x8080), ones = lk_splatw32(0x0101), two = lk_splatw32(2)
    cdef lk_v32 ycoef = lk_load32(t.ycoef), ybias = lk_splatw32(t.ybias)
    cdef lk_v32 spread = lk_load32(t.spread[0]), spread3 = lk_load32(t.spread[1])
    cdef lk_v32 pairs = lk_load32(t.pairs[0]), pairs3 = lk_load32(t.pairs[1])
    cdef lk_v32 ur = lk_splatw32(<uint16_t>t.ucoef[0]), ug = lk_splatw32(<uint16_t>t.ucoef[1])
    cdef lk_v32 ub = lk_splatw32(<uint16_t>t.ucoef[2]), vr = lk_splatw32(<uint16_t>t.vcoef[0])
    cdef lk_v32 vg = lk_splatw32(<uint16_t>t.vcoef[1]), vb = lk_splatw32(<uint16_t>t.vcoef[2])
    cdef lk_v32 cbias = lk_splatw32(t.cbias)
    cdef lk_v32 t0, t1, t2, t3, b0, b1, b2, b3, c0, c1, c2, c3, rg01, b01, rg23, b23
    cdef lk_v32 r, g, b, uw, vw
    cdef const uint8_t *pt
    cdef const uint8_t *pb
    cdef Py_ssize_t steps = w // STEP, k, x
    for k in range(steps):
        x = k * STEP
        pt = top + bpp * x
        pb = bottom + bpp * x
        _group(pt, pb, bpp, 0, spread, pairs, ycoef, sign, ones, &t0, &b0, &c0)
        _group(pt, pb, bpp, 1, spread, pairs, ycoef, sign, ones, &t1, &b1, &c1)
        _group(pt, pb, bpp, 2, spread, pairs, ycoef, sign, ones, &t2, &b2, &c2)
        _group(pt, pb, bpp, 3, spread3, pairs3, ycoef, sign, ones, &t3, &b3, &c3)
        if ytop != NULL:
            _store_luma(ytop + x, t0, t1, t2, t3, ybias)
        if ybottom != NULL:
            _store_luma(ybottom + x, b0, b1, b2, b3, ybias)
        # the blocks' R, G and B sums, each in one vector in block order (a 4x4 transpose of
        # 32-bit words per lane), then their means
        rg01 = lk_unpackldq32(c0, c1)
        b01 = lk_unpackhdq32(c0, c1)
        rg23 = lk_unpackldq32(c2, c3)
        b23 = lk_unpackhdq32(c2, c3)
        r = _mean4(lk_unpacklqdq32(rg01, rg23), two)
        g = _mean4(lk_unpackhqdq32(rg01, rg23), two)
        b = _mean4(lk_unpacklqdq32(b01, b23), two)
        uw = _chroma_words(r, g, b, ur, ug, ub, cbias)
        vw = _chroma_words(r, g, b, vr, vg, vb, cbias)
        if nv12:
            lk_store32(u + 2 * (x // 2), lk_or32(uw, lk_sllw32(vw, 8)))
        else:  # packed per lane as U 0-7, V 0-7 | U 8-15, V 8-15
            lk_store2x16(u + x // 2, v + x // 2, lk_permq0213(lk_packuswb32(uw, vw)))
    return steps * STEP


cdef Py_ssize_t _packed_to_yuv_steps(const uint8_t *top, const uint8_t *bottom, uint8_t *ytop,
                                     uint8_t *ybottom, uint8_t *u, uint8_t *v, Py_ssize_t w,
                                     int bpp, bint nv12, const ToYuvSteps *t) noexcept nogil:
    """Convert the whole steps at the start of a row pair; returns the pixels done.

    ``ytop``/``ybottom``: the rows' Y, or NULL for a row outside the band (``bottom`` may be
    ``top``, for an odd last row); ``u``, ``v``: the chroma row (NV12: interleaved at ``u``).
    One loop per pixel size and chroma layout, each compiled with those as constants.
    """
    if bpp == 4 and nv12:
        return _packed_to_yuv_loop(top, bottom, ytop, ybottom, u, v, w, 4, True, t)
    if bpp == 4:
        return _packed_to_yuv_loop(top, bottom, ytop, ybottom, u, v, w, 4, False, t)
    if nv12:
        return _packed_to_yuv_loop(top, bottom, ytop, ybottom, u, v, w, 3, True, t)
    return _packed_to_yuv_loop(top, bottom, ytop, ybottom, u, v, w, 3, False, t)


# ---- YUV -> packed RGB ------------------------------------------------------------------
#
# 4-byte outputs: a step's luma is taken in the order lk_deal32 gives its 32-bit words (pixels
# 0-3, 8-11, 16-19, 24-27 | 4-7, 12-15, 20-23, 28-31); every later operation is lane-local, and
# interleaving the R, G, B and A bytes puts pixels 0-7, 8-15, 16-23, 24-31 in its four results.
# 3-byte outputs: the luma is taken as it is, so each lane ends up with 16 whole pixels (0-15 |
# 16-31) of R, G and B bytes, which shuffles merge into the lanes' 48 output bytes each. Either
# way each pixel's chroma pair is shuffled to where its luma is.

cdef struct ToRgbSteps:
    # Chroma pairs (U, V) as bytes XOR 0x80, i.e. signed U - 128, V - 128; maddubs with these
    # (unsigned, at most 135) gives libyuv's terms: ub du, ug du + vg dv, vr dv (|term| < 2**15).
    uint8_t cb[32]
    uint8_t cg[32]
    uint8_t cr[32]
    # The (U, V) of each pixel of the step's first [0] and second [1] 16 as the luma is taken:
    # I420, from the step's 16 U (V) samples in both lanes to even (odd) bytes; NV12 (pairs),
    # from 8 (U, V) pairs a lane (see _yuv_to_packed_loop).
    uint8_t umask[2][32]
    uint8_t vmask[2][32]
    uint8_t pairs[2][32]
    # 3-byte formats: per 16-byte block k of a lane's 48 output bytes, where its R, G and B
    # bytes come from (0x80: from another channel).
    uint8_t rgb3[3][3][32]
    uint16_t yg
    uint16_t yb


cdef int _chroma_of(int bpp, int half, int lane, int j) noexcept nogil:
    """The step's chroma sample of the pixel in word j of a lane, in half 0 or 1 of the luma."""
    cdef int deal[2][4]
    if bpp == 3:  # pixels 0-7 | 16-23, then 8-15 | 24-31
        return 8 * lane + 4 * half + j // 2
    deal[0][:] = [0, 1, 4, 5]  # pixels 0-3, 8-11 | 4-7, 12-15, then 16 more
    deal[1][:] = [2, 3, 6, 7]
    return 8 * half + deal[lane][j // 2]


cdef void _to_rgb_steps(ToRgbSteps *t, const ToRgb *k, int dst_code) noexcept nogil:
    cdef const int *off = OFFSETS[dst_code]
    cdef int bpp = 3 if dst_code >= F_RGB24 else 4
    cdef int j, lane, c, half, b, sample, o
    for j in range(16):
        t.cb[2 * j] = <uint8_t>k.ub
        t.cb[2 * j + 1] = 0
        t.cg[2 * j] = <uint8_t>k.ug
        t.cg[2 * j + 1] = <uint8_t>k.vg
        t.cr[2 * j] = 0
        t.cr[2 * j + 1] = <uint8_t>k.vr
    for half in range(2):
        for lane in range(2):
            for j in range(8):
                b = 16 * lane + 2 * j
                sample = _chroma_of(bpp, half, lane, j)
                t.umask[half][b] = sample
                t.umask[half][b + 1] = ZERO
                t.vmask[half][b] = ZERO
                t.vmask[half][b + 1] = sample
                t.pairs[half][b] = 2 * (sample % 8)
                t.pairs[half][b + 1] = 2 * (sample % 8) + 1
    for c in range(3):
        for j in range(3):
            for lane in range(2):
                for b in range(16):
                    o = 16 * j + b  # output byte o of the lane: byte o % 3 of pixel o // 3
                    t.rgb3[c][j][16 * lane + b] = o // 3 if bpp == 3 and o % 3 == off[c] else ZERO
    t.yg = k.yg
    t.yb = <uint16_t>k.yb


cdef inline lk_v32 _clamp6(lk_v32 lo, lk_v32 hi) noexcept nogil:
    """Bytes clamp(x >> 6, 0, 255) of two vectors of (saturated) sums."""
    return lk_packuswb32(lk_sraw32(lo, 6), lk_sraw32(hi, 6))


cdef inline void _store_pixels4(uint8_t *dst, lk_v32 c0, lk_v32 c1, lk_v32 c2,
                                lk_v32 c3) noexcept nogil:
    """32 4-byte pixels of bytes c0, c1, c2, c3 (as the luma is taken)."""
    cdef lk_v32 lo01 = lk_unpacklbw32(c0, c1), hi01 = lk_unpackhbw32(c0, c1)
    cdef lk_v32 lo23 = lk_unpacklbw32(c2, c3), hi23 = lk_unpackhbw32(c2, c3)
    lk_store32(dst, lk_unpacklwd32(lo01, lo23))
    lk_store32(dst + 32, lk_unpackhwd32(lo01, lo23))
    lk_store32(dst + 64, lk_unpacklwd32(hi01, hi23))
    lk_store32(dst + 96, lk_unpackhwd32(hi01, hi23))


cdef inline void _store_pixels3(uint8_t *dst, lk_v32 r, lk_v32 g, lk_v32 b,
                                const ToRgbSteps *t) noexcept nogil:
    """32 3-byte pixels from their R, G, B bytes (pixels 0-15 | 16-31)."""
    cdef int j
    for j in range(3):
        lk_store2x16(dst + 16 * j, dst + 48 + 16 * j, lk_or32(
            lk_or32(lk_shuffle32(r, lk_load32(t.rgb3[0][j])),
                    lk_shuffle32(g, lk_load32(t.rgb3[1][j]))),
            lk_shuffle32(b, lk_load32(t.rgb3[2][j]))))


cdef inline void _rgb_step(const uint8_t *y, uint8_t *dst, int dst_code, lk_v32 tb0,
                           lk_v32 tb1, lk_v32 tg0, lk_v32 tg1, lk_v32 tr0, lk_v32 tr1,
                           lk_v32 yg, lk_v32 yb, lk_v32 alpha,
                           const ToRgbSteps *t) noexcept nogil:
    """32 pixels of one row from their luma at y and their chroma terms.

    The sums saturate at +-2**15 where libyuv's exceed it; >> 6 of a saturated sum is still
    beyond 0..255, so the clamped bytes are the same.
    """
    cdef lk_v32 yv = lk_load32(y) if dst_code >= F_RGB24 else lk_deal32(lk_load32(y))
    cdef lk_v32 y0 = lk_addw32(lk_mulhuw32(lk_unpacklbw32(yv, yv), yg), yb)  # y * 0x0101
    cdef lk_v32 y1 = lk_addw32(lk_mulhuw32(lk_unpackhbw32(yv, yv), yg), yb)
    cdef lk_v32 b = _clamp6(lk_addsw32(y0, tb0), lk_addsw32(y1, tb1))
    cdef lk_v32 g = _clamp6(lk_subsw32(y0, tg0), lk_subsw32(y1, tg1))
    cdef lk_v32 r = _clamp6(lk_addsw32(y0, tr0), lk_addsw32(y1, tr1))
    if dst_code == F_RGBA:
        _store_pixels4(dst, r, g, b, alpha)
    elif dst_code == F_BGRA:
        _store_pixels4(dst, b, g, r, alpha)
    elif dst_code == F_ARGB:
        _store_pixels4(dst, alpha, r, g, b)
    elif dst_code == F_ABGR:
        _store_pixels4(dst, alpha, b, g, r)
    else:
        _store_pixels3(dst, r, g, b, t)


cdef inline Py_ssize_t _yuv_to_packed_loop(const uint8_t *y0, const uint8_t *y1,
                                           uint8_t *d0, uint8_t *d1, const uint8_t *u,
                                           const uint8_t *v, Py_ssize_t w, int dst_code,
                                           bint nv12, const ToRgbSteps *t) noexcept nogil:
    cdef int bpp = 3 if dst_code >= F_RGB24 else 4
    cdef lk_v32 sign = lk_splatw32(0x8080), alpha = lk_splatw32(0xFFFF)
    cdef lk_v32 cb = lk_load32(t.cb), cg = lk_load32(t.cg), cr = lk_load32(t.cr)
    cdef lk_v32 umask0 = lk_load32(t.umask[0]), umask1 = lk_load32(t.umask[1])
    cdef lk_v32 vmask0 = lk_load32(t.vmask[0]), vmask1 = lk_load32(t.vmask[1])
    cdef lk_v32 pairs0 = lk_load32(t.pairs[0]), pairs1 = lk_load32(t.pairs[1])
    cdef lk_v32 yg = lk_splatw32(t.yg), yb = lk_splatw32(t.yb)
    cdef lk_v32 us, vs, uv0, uv1, tb0, tb1, tg0, tg1, tr0, tr1
    cdef Py_ssize_t steps = w // STEP, k, x
    for k in range(steps):
        x = k * STEP
        if nv12 and bpp == 3:  # u: the interleaved UV row; pairs 0-7 | 8-15
            us = lk_load2x16(u + x, u + x + 16)
            uv0 = lk_shuffle32(us, pairs0)
            uv1 = lk_shuffle32(us, pairs1)
        elif nv12:  # pairs 0-7 in both lanes, then 8-15
            uv0 = lk_shuffle32(lk_dup16(u + x), pairs0)
            uv1 = lk_shuffle32(lk_dup16(u + x + 16), pairs1)
        else:
            us = lk_dup16(u + x // 2)
            vs = lk_dup16(v + x // 2)
            uv0 = lk_or32(lk_shuffle32(us, umask0), lk_shuffle32(vs, vmask0))
            uv1 = lk_or32(lk_shuffle32(us, umask1), lk_shuffle32(vs, vmask1))
        uv0 = lk_xor32(uv0, sign)
        uv1 = lk_xor32(uv1, sign)
        tb0 = lk_maddubs32(cb, uv0)
        tb1 = lk_maddubs32(cb, uv1)
        tg0 = lk_maddubs32(cg, uv0)
        tg1 = lk_maddubs32(cg, uv1)
        tr0 = lk_maddubs32(cr, uv0)
        tr1 = lk_maddubs32(cr, uv1)
        _rgb_step(y0 + x, d0 + bpp * x, dst_code, tb0, tb1, tg0, tg1, tr0, tr1, yg, yb, alpha,
                  t)
        if y1 != NULL:
            _rgb_step(y1 + x, d1 + bpp * x, dst_code, tb0, tb1, tg0, tg1, tr0, tr1, yg, yb,
                      alpha, t)
    return steps * STEP


cdef Py_ssize_t _yuv_to_packed_steps(const uint8_t *y0, const uint8_t *y1, uint8_t *d0,
                                     uint8_t *d1, const uint8_t *u, const uint8_t *v,
                                     Py_ssize_t w, int dst_code, bint nv12,
                                     const ToRgbSteps *t) noexcept nogil:
    """Convert the whole steps at the start of one or two rows sharing a chroma row; returns
    the pixels done.

    ``y0``, ``d0``: the first row's luma and output; ``y1``, ``d1`` the second's (``y1``
    NULL: none); ``u``, ``v``: the chroma row (NV12: interleaved at ``u``). One loop per
    4-byte format and one for both 3-byte ones (``t.rgb3`` orders their bytes), each for I420
    and NV12, compiled with those as constants.
    """
    if nv12:
        if dst_code == F_RGBA:
            return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_RGBA, True, t)
        if dst_code == F_BGRA:
            return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_BGRA, True, t)
        if dst_code == F_ARGB:
            return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_ARGB, True, t)
        if dst_code == F_ABGR:
            return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_ABGR, True, t)
        return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_RGB24, True, t)
    if dst_code == F_RGBA:
        return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_RGBA, False, t)
    if dst_code == F_BGRA:
        return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_BGRA, False, t)
    if dst_code == F_ARGB:
        return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_ARGB, False, t)
    if dst_code == F_ABGR:
        return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_ABGR, False, t)
    return _yuv_to_packed_loop(y0, y1, d0, d1, u, v, w, F_RGB24, False, t)
