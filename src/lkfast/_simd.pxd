# 16-byte shuffle primitives for the pixel kernels: SSSE3 pshufb (any x86 build with SSSE3,
# AVX or AVX2 enabled), NEON tbl on aarch64, and a scalar emulation elsewhere. The kernels
# test LK_SHUFFLE (a compile-time constant) and take a scalar path when it is 0, so the
# emulation only has to compile, never to be fast.
from libc.stdint cimport uint8_t

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    #if defined(__SSSE3__) || defined(__AVX__) || defined(__AVX2__)
    #include <tmmintrin.h>
    #define LK_SHUFFLE 1
    #if defined(__AVX2__)
    #define LK_SIMD_NAME "avx2"
    #else
    #define LK_SIMD_NAME "ssse3"
    #endif
    typedef __m128i lk_v16;
    static inline lk_v16 lk_load16(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }
    static inline void lk_store16(uint8_t *p, lk_v16 v) { _mm_storeu_si128((__m128i *)p, v); }
    /* Byte k of the result is v[m[k]], or 0 where m[k] has its top bit set. */
    static inline lk_v16 lk_shuffle16(lk_v16 v, lk_v16 m) { return _mm_shuffle_epi8(v, m); }
    static inline lk_v16 lk_or16(lk_v16 a, lk_v16 b) { return _mm_or_si128(a, b); }
    #elif defined(__aarch64__) || defined(_M_ARM64)
    #include <arm_neon.h>
    #define LK_SHUFFLE 1
    #define LK_SIMD_NAME "neon"
    typedef uint8x16_t lk_v16;
    static inline lk_v16 lk_load16(const uint8_t *p) { return vld1q_u8(p); }
    static inline void lk_store16(uint8_t *p, lk_v16 v) { vst1q_u8(p, v); }
    /* tbl gives 0 for any index >= 16, so 0x80 means zero as with pshufb. */
    static inline lk_v16 lk_shuffle16(lk_v16 v, lk_v16 m) { return vqtbl1q_u8(v, m); }
    static inline lk_v16 lk_or16(lk_v16 a, lk_v16 b) { return vorrq_u8(a, b); }
    #else
    #define LK_SHUFFLE 0
    #define LK_SIMD_NAME "scalar"
    typedef struct { uint8_t b[16]; } lk_v16;
    static inline lk_v16 lk_load16(const uint8_t *p) { lk_v16 v; memcpy(v.b, p, 16); return v; }
    static inline void lk_store16(uint8_t *p, lk_v16 v) { memcpy(p, v.b, 16); }
    static inline lk_v16 lk_shuffle16(lk_v16 v, lk_v16 m) {
        lk_v16 r; int k;
        for (k = 0; k < 16; k++) r.b[k] = (m.b[k] & 0x80) ? 0 : v.b[m.b[k] & 15];
        return r;
    }
    static inline lk_v16 lk_or16(lk_v16 a, lk_v16 b) {
        int k; for (k = 0; k < 16; k++) a.b[k] |= b.b[k];
        return a;
    }
    #endif

    /* 32 bytes as two 16-byte lanes (AVX2). Shuffles stay inside each lane; lk_load2x16
       fills the lanes from two addresses; lk_permd32 moves 32-bit words across lanes. */
    #if defined(__AVX2__)
    #include <immintrin.h>
    #define LK_SIMD32 1
    typedef __m256i lk_v32;
    static inline lk_v32 lk_load32(const uint8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
    static inline lk_v32 lk_load2x16(const uint8_t *lo, const uint8_t *hi) {
        return _mm256_inserti128_si256(
            _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)lo)),
            _mm_loadu_si128((const __m128i *)hi), 1);
    }
    static inline lk_v32 lk_dup16(const uint8_t *p) {
        return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)p));
    }
    static inline void lk_store32(uint8_t *p, lk_v32 v) { _mm256_storeu_si256((__m256i *)p, v); }
    static inline lk_v32 lk_shuffle32(lk_v32 v, lk_v32 m) { return _mm256_shuffle_epi8(v, m); }
    static inline lk_v32 lk_or32(lk_v32 a, lk_v32 b) { return _mm256_or_si256(a, b); }
    /* Words 0-2 of each lane to words 0-5: the 24 bytes two 12-byte lanes hold. */
    static inline lk_v32 lk_pack24(lk_v32 v) {
        return _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
    }
    /* Stores the low 24 bytes only. */
    static inline void lk_store24(uint8_t *p, lk_v32 v) {
        _mm_storeu_si128((__m128i *)p, _mm256_castsi256_si128(v));
        _mm_storel_epi64((__m128i *)(p + 16), _mm256_extracti128_si256(v, 1));
    }
    #else
    #define LK_SIMD32 0
    typedef struct { lk_v16 lo, hi; } lk_v32;
    static inline lk_v32 lk_load32(const uint8_t *p) { lk_v32 v; v.lo = lk_load16(p); v.hi = lk_load16(p + 16); return v; }
    static inline lk_v32 lk_load2x16(const uint8_t *lo, const uint8_t *hi) { lk_v32 v; v.lo = lk_load16(lo); v.hi = lk_load16(hi); return v; }
    static inline lk_v32 lk_dup16(const uint8_t *p) { lk_v32 v; v.lo = lk_load16(p); v.hi = v.lo; return v; }
    static inline void lk_store32(uint8_t *p, lk_v32 v) { lk_store16(p, v.lo); lk_store16(p + 16, v.hi); }
    static inline lk_v32 lk_shuffle32(lk_v32 v, lk_v32 m) { v.lo = lk_shuffle16(v.lo, m.lo); v.hi = lk_shuffle16(v.hi, m.hi); return v; }
    static inline lk_v32 lk_or32(lk_v32 a, lk_v32 b) { a.lo = lk_or16(a.lo, b.lo); a.hi = lk_or16(a.hi, b.hi); return a; }
    static inline lk_v32 lk_pack24(lk_v32 v) {
        uint8_t b[32]; lk_store16(b, v.lo); lk_store16(b + 16, v.hi);
        memmove(b + 12, b + 16, 12);
        return lk_load32(b);
    }
    static inline void lk_store24(uint8_t *p, lk_v32 v) {
        uint8_t b[32]; lk_store32(b, v); memcpy(p, b, 24);
    }
    #endif
    """
    const bint LK_SHUFFLE
    const bint LK_SIMD32
    const char *LK_SIMD_NAME
    ctypedef struct lk_v16:
        pass
    ctypedef struct lk_v32:
        pass
    lk_v16 lk_load16(const uint8_t *p) noexcept nogil
    void lk_store16(uint8_t *p, lk_v16 v) noexcept nogil
    lk_v16 lk_shuffle16(lk_v16 v, lk_v16 m) noexcept nogil
    lk_v16 lk_or16(lk_v16 a, lk_v16 b) noexcept nogil
    lk_v32 lk_load32(const uint8_t *p) noexcept nogil
    lk_v32 lk_load2x16(const uint8_t *lo, const uint8_t *hi) noexcept nogil
    lk_v32 lk_dup16(const uint8_t *p) noexcept nogil
    void lk_store32(uint8_t *p, lk_v32 v) noexcept nogil
    lk_v32 lk_shuffle32(lk_v32 v, lk_v32 m) noexcept nogil
    lk_v32 lk_or32(lk_v32 a, lk_v32 b) noexcept nogil
    lk_v32 lk_pack24(lk_v32 v) noexcept nogil
    void lk_store24(uint8_t *p, lk_v32 v) noexcept nogil
