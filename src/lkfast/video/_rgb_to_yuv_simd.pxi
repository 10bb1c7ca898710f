# Packed RGB -> YUV in 32-pixel SIMD steps (included by _yuv_simd.pxi, which defines STEP and
# ZERO): ToYuvSteps holds a matrix's coefficients and shuffle masks as vectors, and
# _packed_to_yuv_steps converts the whole steps at the start of a row pair, two rows of Y and
# their chroma row, for _packed_to_yuv (_rgb_to_yuv.pxi).

from libc.stdint cimport int16_t, uint8_t, uint16_t
from libc.string cimport memset

from lkfast._core._simd cimport (
    lk_addw32, lk_haddw32, lk_load2x16, lk_load32, lk_maddubs32, lk_mullw32, lk_or32, lk_packuswb32,
    lk_permq0213, lk_shuffle32, lk_sllw32, lk_splatw32, lk_srlw32, lk_store2x16, lk_store32,
    lk_unpackhdq32, lk_unpackhqdq32, lk_unpackldq32, lk_unpacklqdq32, lk_v32, lk_xor32,
)

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
