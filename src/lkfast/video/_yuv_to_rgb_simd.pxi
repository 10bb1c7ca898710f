# YUV -> packed RGB in 32-pixel SIMD steps (included by _yuv_simd.pxi, which defines STEP and
# ZERO): ToRgbSteps holds a matrix's coefficients and shuffle masks as vectors, and
# _yuv_to_packed_steps converts the whole steps at the start of one or two luma rows sharing a
# chroma row, for _yuv_to_packed (_yuv_to_rgb.pxi).

from libc.stdint cimport int16_t, uint8_t, uint16_t

from lkfast._core._simd cimport (
    lk_addsw32, lk_addw32, lk_deal32, lk_dup16, lk_load2x16, lk_load32, lk_maddubs32, lk_mulhuw32,
    lk_or32, lk_packuswb32, lk_shuffle32, lk_splatw32, lk_sraw32, lk_store2x16, lk_store32,
    lk_subsw32, lk_unpackhbw32, lk_unpackhwd32, lk_unpacklbw32, lk_unpacklwd32, lk_v32, lk_xor32,
)

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
