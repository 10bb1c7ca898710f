# SIMD primitives for the pixel and YUV kernels: the Cython declarations of the C headers in
# lkfast/_core/simd/ (setup.py puts src on the include path), in the style of libyuv's row.h.
#
# lk_v16.h: 16-byte shuffles (SSSE3 pshufb, NEON tbl, or a scalar emulation: the kernels test
# LK_SHUFFLE, a compile-time constant, and take a scalar path when it is 0) and 16-bit integer
# arithmetic. lk_v32.h: the YUV kernels' 32-byte vectors (lk_maddubs32, lk_haddw32, ...): AVX2
# instructions, or the same on two 16-byte halves with SSSE3 (LK_SIMD_ARITH 1); elsewhere they
# are emulated in plain C, exact but slow, so the kernels use them only where LK_SIMD_ARITH is
# 1, or when a test asks them to. lk_v64.h: AVX-512 VBMI byte permutes with masked loads and
# stores (LK_PERM64). lk_string.h: pattern fills with x86 string instructions (LK_FAST_STOS).
from libc.stdint cimport uint8_t, uint16_t, uint64_t

cdef extern from "lkfast/_core/simd/lk_string.h":
    const bint LK_FAST_STOS
    void lk_stos64(uint8_t *dst, size_t n, uint64_t pattern) noexcept nogil
    void lk_copy_forward(uint8_t *dst, const uint8_t *src, size_t n) noexcept nogil

cdef extern from "lkfast/_core/simd/lk_v64.h":
    const bint LK_PERM64
    ctypedef struct lk_v64:
        pass
    lk_v64 lk_maskz_load64(uint64_t mask, const uint8_t *p) noexcept nogil
    void lk_mask_store64(uint8_t *p, uint64_t mask, lk_v64 v) noexcept nogil
    lk_v64 lk_load64(const uint8_t *p) noexcept nogil
    lk_v64 lk_permb64(lk_v64 v, lk_v64 idx) noexcept nogil
    lk_v64 lk_perm2b64(lk_v64 a, lk_v64 idx, lk_v64 b) noexcept nogil
    void lk_store64(uint8_t *p, lk_v64 v) noexcept nogil
    lk_v64 lk_or64(lk_v64 a, lk_v64 b) noexcept nogil

cdef extern from "lkfast/_core/simd/lk_v16.h":
    const bint LK_SHUFFLE
    const bint LK_SIMD_ARITH
    const char *LK_SIMD_NAME
    ctypedef struct lk_v16:
        pass
    lk_v16 lk_load16(const uint8_t *p) noexcept nogil
    void lk_store16(uint8_t *p, lk_v16 v) noexcept nogil
    lk_v16 lk_shuffle16(lk_v16 v, lk_v16 m) noexcept nogil
    lk_v16 lk_or16(lk_v16 a, lk_v16 b) noexcept nogil

cdef extern from "lkfast/_core/simd/lk_v32.h":
    const bint LK_SIMD32
    ctypedef struct lk_v32:
        pass
    lk_v32 lk_load32(const uint8_t *p) noexcept nogil
    lk_v32 lk_load2x16(const uint8_t *lo, const uint8_t *hi) noexcept nogil
    lk_v32 lk_dup16(const uint8_t *p) noexcept nogil
    void lk_store32(uint8_t *p, lk_v32 v) noexcept nogil
    lk_v32 lk_shuffle32(lk_v32 v, lk_v32 m) noexcept nogil
    lk_v32 lk_or32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_pack24(lk_v32 v) noexcept nogil
    void lk_store24(uint8_t *p, lk_v32 v) noexcept nogil
    lk_v32 lk_xor32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_splatw32(uint16_t x) noexcept nogil
    lk_v32 lk_addw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_addsw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_subsw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_mullw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_mulhuw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_srlw32(lk_v32 a, int n) noexcept nogil
    lk_v32 lk_sraw32(lk_v32 a, int n) noexcept nogil
    lk_v32 lk_sllw32(lk_v32 a, int n) noexcept nogil
    lk_v32 lk_packuswb32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpacklbw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpackhbw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpacklwd32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpackhwd32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpackldq32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpackhdq32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpacklqdq32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_unpackhqdq32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_maddubs32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_haddw32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_deal32(lk_v32 v) noexcept nogil
    lk_v32 lk_permq0213(lk_v32 v) noexcept nogil
    void lk_store2x16(uint8_t *lo, uint8_t *hi, lk_v32 v) noexcept nogil
