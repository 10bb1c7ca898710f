# 32-pixel SIMD steps of the planar kernels' YUV -> packed RGB rows (included by _planar.pxi
# after _yuv_simd.pxi, whose ToRgbSteps, _rgb_step and stores they reuse): I420A (the I420 step
# with the A plane as the alpha bytes), I444 (one chroma pair per pixel, libyuv's
# I444ToARGBRow) and I010 (libyuv's I010ToARGBRow: 10-bit luma clamped to 1023 and widened to
# (Y << 6) | (Y >> 4), chroma clamp255(C >> 2), on 16-bit lanes). Same arithmetic as the planar
# passes of _planar_rows.pxi (lkfast/video/reference/planar.py); each step reads and writes
# exactly its own 32 pixels, and the caller converts the rest of a row with the planar passes.

from libc.stdint cimport uint8_t, uint16_t

from lkfast._core._simd cimport (
    lk_addsw32, lk_addw32, lk_deal32, lk_dup16, lk_load2x16, lk_load32, lk_maddubs32, lk_mulhuw32,
    lk_or32, lk_packuswb32, lk_shuffle32, lk_sllw32, lk_splatw32, lk_srlw32, lk_subsw32,
    lk_unpackhbw32, lk_unpacklbw32, lk_v32, lk_xor32,
)

cdef enum:
    # Per-pixel steps: what the chroma planes hold.
    K_DUP = 0  # one 8-bit sample per two pixels (I420A), with an alpha row
    K_444 = 1  # one 8-bit sample per pixel (I444)
    K_010 = 2  # one 10-bit little-endian sample per two pixels (I010); 10-bit luma

# I010 chroma: after packing U (bytes 0-7) and V (8-15) of a lane's 8 samples, the (U, V) pair
# of each pixel of the lane's first [0] and second [1] 8 (lane-local, so both lanes alike).
cdef uint8_t PAIRS10[2][32]
cdef int _j
for _j in range(32):
    PAIRS10[0][_j] = (_j % 16) // 4 + 8 * (_j % 2)
    PAIRS10[1][_j] = 4 + (_j % 16) // 4 + 8 * (_j % 2)


cdef inline lk_v32 _luma10(const uint8_t *lo, const uint8_t *hi, lk_v32 yg,
                           lk_v32 yb) noexcept nogil:
    """y1 of 16 10-bit samples (8 at lo | 8 at hi): ((min(Y, 1023) widened) * yg >> 16) + yb.

    min(Y, 1023) without an unsigned compare: Y ^ 0x8000 is Y - 32768 as a signed word; adding
    32767 and then 31745 with signed saturation gives Y + 31744 for Y <= 1023 and 32767 above.
    """
    cdef lk_v32 a = lk_xor32(lk_load2x16(lo, hi), lk_splatw32(0x8000))
    a = lk_addsw32(lk_addsw32(a, lk_splatw32(32767)), lk_splatw32(31745))
    a = lk_addw32(a, lk_splatw32(<uint16_t>(65536 - 31744)))
    return lk_addw32(lk_mulhuw32(lk_or32(lk_sllw32(a, 6), lk_srlw32(a, 4)), yg), yb)


cdef inline Py_ssize_t _planar_loop(const uint8_t *y, const uint8_t *u, const uint8_t *v,
                                    const uint8_t *a, uint8_t *d, Py_ssize_t w, int dst_code,
                                    int kind, const ToRgbSteps *t) noexcept nogil:
    cdef int bpp = 3 if dst_code >= F_RGB24 else 4
    cdef lk_v32 sign = lk_splatw32(0x8080), alpha = lk_splatw32(0xFFFF)
    cdef lk_v32 cb = lk_load32(t.cb), cg = lk_load32(t.cg), cr = lk_load32(t.cr)
    cdef lk_v32 umask0 = lk_load32(t.umask[0]), umask1 = lk_load32(t.umask[1])
    cdef lk_v32 vmask0 = lk_load32(t.vmask[0]), vmask1 = lk_load32(t.vmask[1])
    cdef lk_v32 pairs0 = lk_load32(PAIRS10[0]), pairs1 = lk_load32(PAIRS10[1])
    cdef lk_v32 yg = lk_splatw32(t.yg), yb = lk_splatw32(t.yb)
    cdef lk_v32 us, vs, uv0, uv1, tb0, tb1, tg0, tg1, tr0, tr1, y0, y1, b, g, r
    cdef Py_ssize_t steps = w // STEP, k, x
    for k in range(steps):
        x = k * STEP
        if kind == K_444:  # the pixels' own samples, in the order the luma is taken
            us = lk_load32(u + x)
            vs = lk_load32(v + x)
            if bpp == 4:
                us = lk_deal32(us)
                vs = lk_deal32(vs)
            uv0 = lk_unpacklbw32(us, vs)
            uv1 = lk_unpackhbw32(us, vs)
        elif kind == K_010:  # 16 samples a plane at byte x: clamp255(C >> 2), then paired
            us = lk_packuswb32(lk_srlw32(lk_load32(u + x), 2), lk_srlw32(lk_load32(v + x), 2))
            uv0 = lk_shuffle32(us, pairs0)
            uv1 = lk_shuffle32(us, pairs1)
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
        if kind != K_010:
            if a != NULL and bpp == 4:
                alpha = lk_deal32(lk_load32(a + x))
            _rgb_step(y + x, d + bpp * x, dst_code, tb0, tb1, tg0, tg1, tr0, tr1, yg, yb,
                      alpha, t)
            continue
        # I010: pixels 0-7 | 16-23, then 8-15 | 24-31, so the bytes come out as 0-15 | 16-31
        y0 = _luma10(y + 2 * x, y + 2 * x + 32, yg, yb)
        y1 = _luma10(y + 2 * x + 16, y + 2 * x + 48, yg, yb)
        b = _clamp6(lk_addsw32(y0, tb0), lk_addsw32(y1, tb1))
        g = _clamp6(lk_subsw32(y0, tg0), lk_subsw32(y1, tg1))
        r = _clamp6(lk_addsw32(y0, tr0), lk_addsw32(y1, tr1))
        if bpp == 3:
            _store_pixels3(d + 3 * x, r, g, b, t)
            continue
        b = lk_deal32(b)  # the order _store_pixels4 takes
        g = lk_deal32(g)
        r = lk_deal32(r)
        if dst_code == F_RGBA:
            _store_pixels4(d + 4 * x, r, g, b, alpha)
        elif dst_code == F_BGRA:
            _store_pixels4(d + 4 * x, b, g, r, alpha)
        elif dst_code == F_ARGB:
            _store_pixels4(d + 4 * x, alpha, r, g, b)
        else:
            _store_pixels4(d + 4 * x, alpha, b, g, r)
    return steps * STEP


cdef inline Py_ssize_t _planar_kind(const uint8_t *y, const uint8_t *u, const uint8_t *v,
                                    const uint8_t *a, uint8_t *d, Py_ssize_t w, int dst_code,
                                    int kind, const ToRgbSteps *t) noexcept nogil:
    # One loop per 4-byte format and one for both 3-byte ones (t.rgb3 orders their bytes).
    if dst_code == F_RGBA:
        return _planar_loop(y, u, v, a, d, w, F_RGBA, kind, t)
    if dst_code == F_BGRA:
        return _planar_loop(y, u, v, a, d, w, F_BGRA, kind, t)
    if dst_code == F_ARGB:
        return _planar_loop(y, u, v, a, d, w, F_ARGB, kind, t)
    if dst_code == F_ABGR:
        return _planar_loop(y, u, v, a, d, w, F_ABGR, kind, t)
    return _planar_loop(y, u, v, a, d, w, F_RGB24, kind, t)


cdef Py_ssize_t _planar_steps(const uint8_t *y, const uint8_t *u, const uint8_t *v,
                              const uint8_t *a, uint8_t *d, Py_ssize_t w, int dst_code,
                              int kind, const ToRgbSteps *t) noexcept nogil:
    """Convert the whole steps at the start of one row; returns the pixels done.

    ``y``, ``u``, ``v``: the row's luma and chroma rows (I010: little-endian samples); ``a``:
    K_DUP's alpha row (NULL: opaque); ``d``: the output row. Each kind compiled apart.
    """
    if kind == K_444:
        return _planar_kind(y, u, v, a, d, w, dst_code, K_444, t)
    if kind == K_010:
        return _planar_kind(y, u, v, a, d, w, dst_code, K_010, t)
    return _planar_kind(y, u, v, a, d, w, dst_code, K_DUP, t)
