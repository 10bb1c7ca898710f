# 16-byte shuffle primitives for the pixel kernels: SSSE3 pshufb (LK_X86_SSSE3: any x86 build
# with SSSE3, AVX or AVX2 enabled), NEON tbl on aarch64, and a scalar emulation elsewhere. The
# kernels test LK_SHUFFLE (a compile-time constant) and take a scalar path when it is 0, so the
# emulation only has to compile, never to be fast.
#
# The YUV kernels also use 16-bit integer arithmetic on 32-byte vectors (lk_maddubs32,
# lk_haddw32, ...): AVX2 instructions, or the same on two 16-byte halves with SSSE3
# (LK_SIMD_ARITH 1). Elsewhere they are emulated in plain C, exact but slow: the kernels use
# them only where LK_SIMD_ARITH is 1, or when a test asks them to.
from libc.stdint cimport uint8_t, uint16_t, uint64_t

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    #if defined(__SSSE3__) || defined(__AVX__) || defined(__AVX2__) || defined(LKFAST_SSSE3)
    #define LK_X86_SSSE3 1
    #include <tmmintrin.h>
    #define LK_SHUFFLE 1
    #if defined(__AVX512VBMI__) && defined(__AVX512BW__)
    #define LK_SIMD_NAME "avx512vbmi"
    #elif defined(__AVX2__)
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

    /* Integer arithmetic on 16-byte vectors for the YUV kernels. Each primitive does what the
       x86 instruction in its name does (words: 16-bit little-endian lanes; "us": unsigned
       saturation, "s": signed saturation): SSSE3 wherever the compiler targets it
       (LK_SIMD_ARITH 1), otherwise a plain-C emulation that is exact but slow, so kernels test
       LK_SIMD_ARITH before choosing a path built on them. */
    #if defined(LK_X86_SSSE3)
    #define LK_SIMD_ARITH 1
    static inline lk_v16 lk_xor16(lk_v16 a, lk_v16 b) { return _mm_xor_si128(a, b); }
    static inline lk_v16 lk_splatw16(uint16_t x) { return _mm_set1_epi16((short)x); }
    static inline lk_v16 lk_addw16(lk_v16 a, lk_v16 b) { return _mm_add_epi16(a, b); }
    static inline lk_v16 lk_addsw16(lk_v16 a, lk_v16 b) { return _mm_adds_epi16(a, b); }
    static inline lk_v16 lk_subsw16(lk_v16 a, lk_v16 b) { return _mm_subs_epi16(a, b); }
    static inline lk_v16 lk_mullw16(lk_v16 a, lk_v16 b) { return _mm_mullo_epi16(a, b); }
    static inline lk_v16 lk_mulhuw16(lk_v16 a, lk_v16 b) { return _mm_mulhi_epu16(a, b); }
    /* Shift counts in a register: any int is valid C; compilers fold constants to immediates. */
    static inline lk_v16 lk_srlw16(lk_v16 a, int n) { return _mm_srl_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v16 lk_sraw16(lk_v16 a, int n) { return _mm_sra_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v16 lk_sllw16(lk_v16 a, int n) { return _mm_sll_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v16 lk_packuswb16(lk_v16 a, lk_v16 b) { return _mm_packus_epi16(a, b); }
    static inline lk_v16 lk_unpacklbw16(lk_v16 a, lk_v16 b) { return _mm_unpacklo_epi8(a, b); }
    static inline lk_v16 lk_unpackhbw16(lk_v16 a, lk_v16 b) { return _mm_unpackhi_epi8(a, b); }
    static inline lk_v16 lk_unpacklwd16(lk_v16 a, lk_v16 b) { return _mm_unpacklo_epi16(a, b); }
    static inline lk_v16 lk_unpackhwd16(lk_v16 a, lk_v16 b) { return _mm_unpackhi_epi16(a, b); }
    static inline lk_v16 lk_unpackldq16(lk_v16 a, lk_v16 b) { return _mm_unpacklo_epi32(a, b); }
    static inline lk_v16 lk_unpackhdq16(lk_v16 a, lk_v16 b) { return _mm_unpackhi_epi32(a, b); }
    static inline lk_v16 lk_unpacklqdq16(lk_v16 a, lk_v16 b) { return _mm_unpacklo_epi64(a, b); }
    static inline lk_v16 lk_unpackhqdq16(lk_v16 a, lk_v16 b) { return _mm_unpackhi_epi64(a, b); }
    static inline lk_v16 lk_maddubs16(lk_v16 a, lk_v16 b) { return _mm_maddubs_epi16(a, b); }
    static inline lk_v16 lk_haddw16(lk_v16 a, lk_v16 b) { return _mm_hadd_epi16(a, b); }
    #else
    #define LK_SIMD_ARITH 0
    /* Words as int32_t, whatever the byte order of the machine. */
    static inline void lk_get_words(lk_v16 v, int32_t *w) {
        uint8_t b[16]; int k; lk_store16(b, v);
        for (k = 0; k < 8; k++) w[k] = (int16_t)(uint16_t)(b[2 * k] | (b[2 * k + 1] << 8));
    }
    static inline lk_v16 lk_put_words(const int32_t *w) {
        uint8_t b[16]; int k;
        for (k = 0; k < 8; k++) {
            b[2 * k] = (uint8_t)((uint32_t)w[k] & 255);
            b[2 * k + 1] = (uint8_t)(((uint32_t)w[k] >> 8) & 255);
        }
        return lk_load16(b);
    }
    static inline int32_t lk_sat16(int32_t x) { return x < -32768 ? -32768 : (x > 32767 ? 32767 : x); }
    #define LK_WORDWISE(name, expr) \
        static inline lk_v16 name(lk_v16 va, lk_v16 vb) { \
            int32_t a[8], b[8], r[8]; int k; lk_get_words(va, a); lk_get_words(vb, b); \
            for (k = 0; k < 8; k++) r[k] = (expr); \
            return lk_put_words(r); \
        }
    LK_WORDWISE(lk_addw16, a[k] + b[k])
    LK_WORDWISE(lk_addsw16, lk_sat16(a[k] + b[k]))
    LK_WORDWISE(lk_subsw16, lk_sat16(a[k] - b[k]))
    LK_WORDWISE(lk_mullw16, a[k] * b[k])
    LK_WORDWISE(lk_mulhuw16, (int32_t)(((uint32_t)(uint16_t)a[k] * (uint16_t)b[k]) >> 16))
    LK_WORDWISE(lk_unpacklwd16, k % 2 ? b[k / 2] : a[k / 2])
    LK_WORDWISE(lk_unpackhwd16, k % 2 ? b[4 + k / 2] : a[4 + k / 2])
    LK_WORDWISE(lk_haddw16, k < 4 ? a[2 * k] + a[2 * k + 1] : b[2 * k - 8] + b[2 * k - 7])
    #undef LK_WORDWISE
    static inline lk_v16 lk_splatw16(uint16_t x) {
        int32_t w[8]; int k; for (k = 0; k < 8; k++) w[k] = x;
        return lk_put_words(w);
    }
    static inline lk_v16 lk_srlw16(lk_v16 v, int n) {
        int32_t w[8]; int k; lk_get_words(v, w);
        for (k = 0; k < 8; k++) w[k] = n > 15 ? 0 : (int32_t)((uint16_t)w[k] >> n);
        return lk_put_words(w);
    }
    static inline lk_v16 lk_sraw16(lk_v16 v, int n) {  /* floor division by 2**n */
        int32_t w[8]; int k; lk_get_words(v, w);
        if (n > 15) n = 15;
        for (k = 0; k < 8; k++) w[k] = w[k] < 0 ? -((-w[k] + (1 << n) - 1) >> n) : w[k] >> n;
        return lk_put_words(w);
    }
    static inline lk_v16 lk_sllw16(lk_v16 v, int n) {
        int32_t w[8]; int k; lk_get_words(v, w);
        for (k = 0; k < 8; k++) w[k] = n > 15 ? 0 : (int32_t)((uint32_t)w[k] << n);
        return lk_put_words(w);
    }
    static inline lk_v16 lk_xor16(lk_v16 a, lk_v16 b) {
        uint8_t x[16], y[16]; int k; lk_store16(x, a); lk_store16(y, b);
        for (k = 0; k < 16; k++) x[k] ^= y[k];
        return lk_load16(x);
    }
    static inline lk_v16 lk_packuswb16(lk_v16 va, lk_v16 vb) {
        int32_t a[8], b[8], x; uint8_t r[16]; int k; lk_get_words(va, a); lk_get_words(vb, b);
        for (k = 0; k < 16; k++) {
            x = k < 8 ? a[k] : b[k - 8];
            r[k] = (uint8_t)(x < 0 ? 0 : (x > 255 ? 255 : x));
        }
        return lk_load16(r);
    }
    static inline lk_v16 lk_unpacklbw16(lk_v16 a, lk_v16 b) {
        uint8_t x[16], y[16], r[16]; int k; lk_store16(x, a); lk_store16(y, b);
        for (k = 0; k < 16; k++) r[k] = k % 2 ? y[k / 2] : x[k / 2];
        return lk_load16(r);
    }
    static inline lk_v16 lk_unpackhbw16(lk_v16 a, lk_v16 b) {
        uint8_t x[16], y[16], r[16]; int k; lk_store16(x, a); lk_store16(y, b);
        for (k = 0; k < 16; k++) r[k] = k % 2 ? y[8 + k / 2] : x[8 + k / 2];
        return lk_load16(r);
    }
    /* Units of `unit` bytes from the low (or high) halves of a and b, alternately. */
    static inline lk_v16 lk_unpack_units(lk_v16 a, lk_v16 b, int unit, int high) {
        uint8_t x[16], y[16], r[16]; int k, base = high ? 8 : 0; lk_store16(x, a); lk_store16(y, b);
        for (k = 0; k < 16 / unit; k++)
            memcpy(r + unit * k, (k % 2 ? y : x) + base + unit * (k / 2), (size_t)unit);
        return lk_load16(r);
    }
    static inline lk_v16 lk_unpackldq16(lk_v16 a, lk_v16 b) { return lk_unpack_units(a, b, 4, 0); }
    static inline lk_v16 lk_unpackhdq16(lk_v16 a, lk_v16 b) { return lk_unpack_units(a, b, 4, 1); }
    static inline lk_v16 lk_unpacklqdq16(lk_v16 a, lk_v16 b) { return lk_unpack_units(a, b, 8, 0); }
    static inline lk_v16 lk_unpackhqdq16(lk_v16 a, lk_v16 b) { return lk_unpack_units(a, b, 8, 1); }
    /* Unsigned bytes of a times signed bytes of b, adjacent products summed (saturated). */
    static inline lk_v16 lk_maddubs16(lk_v16 a, lk_v16 b) {
        uint8_t x[16], y[16]; int32_t r[8]; int k; lk_store16(x, a); lk_store16(y, b);
        for (k = 0; k < 8; k++)
            r[k] = lk_sat16(x[2 * k] * (int32_t)(int8_t)y[2 * k]
                            + x[2 * k + 1] * (int32_t)(int8_t)y[2 * k + 1]);
        return lk_put_words(r);
    }
    #endif

    /* Repeat an 8-byte pattern over n bytes (n a multiple of 8): `rep stosq`, which fast-string
       CPUs run at memset speed (no read-for-ownership of the destination), or a plain loop. */
    /* lk_copy_forward(dst, src, n) with dst > src copies byte by byte upwards, so the bytes
       before dst repeat along it (a pattern fill); `rep movsb` does that at memcpy speed. */
    #if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
    #define LK_FAST_STOS 1
    static inline void lk_stos64(uint8_t *dst, size_t n, uint64_t pattern) {
        size_t count = n / 8;
        __asm__ volatile("cld; rep stosq" : "+D"(dst), "+c"(count) : "a"(pattern) : "memory", "cc");
    }
    static inline void lk_copy_forward(uint8_t *dst, const uint8_t *src, size_t n) {
        __asm__ volatile("cld; rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory", "cc");
    }
    #elif defined(_MSC_VER) && defined(_M_X64)
    #include <intrin.h>
    #define LK_FAST_STOS 1
    static inline void lk_stos64(uint8_t *dst, size_t n, uint64_t pattern) {
        __stosq((unsigned __int64 *)dst, pattern, n / 8);
    }
    static inline void lk_copy_forward(uint8_t *dst, const uint8_t *src, size_t n) {
        __movsb(dst, src, n);
    }
    #else
    #define LK_FAST_STOS 0
    static inline void lk_stos64(uint8_t *dst, size_t n, uint64_t pattern) {
        size_t k;
        for (k = 0; k + 8 <= n; k += 8) memcpy(dst + k, &pattern, 8);
    }
    static inline void lk_copy_forward(uint8_t *dst, const uint8_t *src, size_t n) {
        size_t gap = (size_t)(dst - src), c;  /* chunks of at most `gap` never overlap */
        while (n) { c = n < gap ? n : gap; memcpy(dst, src, c); dst += c; src += c; n -= c; }
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
    /* Integer arithmetic on 32-byte vectors: as the 16-byte primitives, lane by lane. */
    static inline lk_v32 lk_xor32(lk_v32 a, lk_v32 b) { return _mm256_xor_si256(a, b); }
    static inline lk_v32 lk_splatw32(uint16_t x) { return _mm256_set1_epi16((short)x); }
    static inline lk_v32 lk_addw32(lk_v32 a, lk_v32 b) { return _mm256_add_epi16(a, b); }
    static inline lk_v32 lk_addsw32(lk_v32 a, lk_v32 b) { return _mm256_adds_epi16(a, b); }
    static inline lk_v32 lk_subsw32(lk_v32 a, lk_v32 b) { return _mm256_subs_epi16(a, b); }
    static inline lk_v32 lk_mullw32(lk_v32 a, lk_v32 b) { return _mm256_mullo_epi16(a, b); }
    static inline lk_v32 lk_mulhuw32(lk_v32 a, lk_v32 b) { return _mm256_mulhi_epu16(a, b); }
    static inline lk_v32 lk_srlw32(lk_v32 a, int n) { return _mm256_srl_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v32 lk_sraw32(lk_v32 a, int n) { return _mm256_sra_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v32 lk_sllw32(lk_v32 a, int n) { return _mm256_sll_epi16(a, _mm_cvtsi32_si128(n)); }
    static inline lk_v32 lk_packuswb32(lk_v32 a, lk_v32 b) { return _mm256_packus_epi16(a, b); }
    static inline lk_v32 lk_unpacklbw32(lk_v32 a, lk_v32 b) { return _mm256_unpacklo_epi8(a, b); }
    static inline lk_v32 lk_unpackhbw32(lk_v32 a, lk_v32 b) { return _mm256_unpackhi_epi8(a, b); }
    static inline lk_v32 lk_unpacklwd32(lk_v32 a, lk_v32 b) { return _mm256_unpacklo_epi16(a, b); }
    static inline lk_v32 lk_unpackhwd32(lk_v32 a, lk_v32 b) { return _mm256_unpackhi_epi16(a, b); }
    static inline lk_v32 lk_unpackldq32(lk_v32 a, lk_v32 b) { return _mm256_unpacklo_epi32(a, b); }
    static inline lk_v32 lk_unpackhdq32(lk_v32 a, lk_v32 b) { return _mm256_unpackhi_epi32(a, b); }
    static inline lk_v32 lk_unpacklqdq32(lk_v32 a, lk_v32 b) { return _mm256_unpacklo_epi64(a, b); }
    static inline lk_v32 lk_unpackhqdq32(lk_v32 a, lk_v32 b) { return _mm256_unpackhi_epi64(a, b); }
    static inline lk_v32 lk_maddubs32(lk_v32 a, lk_v32 b) { return _mm256_maddubs_epi16(a, b); }
    static inline lk_v32 lk_haddw32(lk_v32 a, lk_v32 b) { return _mm256_hadd_epi16(a, b); }
    /* Across lanes: 32-bit words 0, 2, 4, 6 to the low lane, 1, 3, 5, 7 to the high one. */
    static inline lk_v32 lk_deal32(lk_v32 v) {
        return _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    }
    /* Across lanes: 64-bit words 0, 2, 1, 3 (the low halves of both lanes, then the high). */
    static inline lk_v32 lk_permq0213(lk_v32 v) { return _mm256_permute4x64_epi64(v, 0xD8); }
    /* Stores the low lane (16 bytes) at lo and the high one at hi. */
    static inline void lk_store2x16(uint8_t *lo, uint8_t *hi, lk_v32 v) {
        _mm_storeu_si128((__m128i *)lo, _mm256_castsi256_si128(v));
        _mm_storeu_si128((__m128i *)hi, _mm256_extracti128_si256(v, 1));
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
    #define LK_HALVES1(name, op) \
        static inline lk_v32 name(lk_v32 a, lk_v32 b) { a.lo = op(a.lo, b.lo); a.hi = op(a.hi, b.hi); return a; }
    LK_HALVES1(lk_xor32, lk_xor16)
    LK_HALVES1(lk_addw32, lk_addw16)
    LK_HALVES1(lk_addsw32, lk_addsw16)
    LK_HALVES1(lk_subsw32, lk_subsw16)
    LK_HALVES1(lk_mullw32, lk_mullw16)
    LK_HALVES1(lk_mulhuw32, lk_mulhuw16)
    LK_HALVES1(lk_packuswb32, lk_packuswb16)
    LK_HALVES1(lk_unpacklbw32, lk_unpacklbw16)
    LK_HALVES1(lk_unpackhbw32, lk_unpackhbw16)
    LK_HALVES1(lk_unpacklwd32, lk_unpacklwd16)
    LK_HALVES1(lk_unpackhwd32, lk_unpackhwd16)
    LK_HALVES1(lk_unpackldq32, lk_unpackldq16)
    LK_HALVES1(lk_unpackhdq32, lk_unpackhdq16)
    LK_HALVES1(lk_unpacklqdq32, lk_unpacklqdq16)
    LK_HALVES1(lk_unpackhqdq32, lk_unpackhqdq16)
    LK_HALVES1(lk_maddubs32, lk_maddubs16)
    LK_HALVES1(lk_haddw32, lk_haddw16)
    #undef LK_HALVES1
    static inline lk_v32 lk_splatw32(uint16_t x) { lk_v32 v; v.lo = lk_splatw16(x); v.hi = v.lo; return v; }
    static inline lk_v32 lk_srlw32(lk_v32 a, int n) { a.lo = lk_srlw16(a.lo, n); a.hi = lk_srlw16(a.hi, n); return a; }
    static inline lk_v32 lk_sraw32(lk_v32 a, int n) { a.lo = lk_sraw16(a.lo, n); a.hi = lk_sraw16(a.hi, n); return a; }
    static inline lk_v32 lk_sllw32(lk_v32 a, int n) { a.lo = lk_sllw16(a.lo, n); a.hi = lk_sllw16(a.hi, n); return a; }
    #if LK_SIMD_ARITH
    static inline lk_v32 lk_deal32(lk_v32 v) {
        lk_v32 r;
        r.lo = _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(v.lo), _mm_castsi128_ps(v.hi), 0x88));
        r.hi = _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(v.lo), _mm_castsi128_ps(v.hi), 0xDD));
        return r;
    }
    #else
    static inline lk_v32 lk_deal32(lk_v32 v) {
        uint8_t b[32], r[32]; int k; lk_store32(b, v);
        for (k = 0; k < 8; k++) memcpy(r + 4 * k, b + 4 * ((k % 4) * 2 + k / 4), 4);
        return lk_load32(r);
    }
    #endif
    static inline lk_v32 lk_permq0213(lk_v32 v) {
        lk_v32 r; r.lo = lk_unpacklqdq16(v.lo, v.hi); r.hi = lk_unpackhqdq16(v.lo, v.hi);
        return r;
    }
    static inline void lk_store2x16(uint8_t *lo, uint8_t *hi, lk_v32 v) { lk_store16(lo, v.lo); lk_store16(hi, v.hi); }
    #endif

    /* 64 bytes with a full byte permute (AVX-512 VBMI vpermb) and byte-masked loads and stores
       (AVX-512 BW): a packed-pixel block of 16 pixels (21 for 3-byte to 3-byte) is one masked
       load, one permute and one masked store, touching no byte outside the pixels. */
    #if defined(__AVX512VBMI__) && defined(__AVX512BW__)
    #define LK_PERM64 1
    typedef __m512i lk_v64;
    static inline lk_v64 lk_maskz_load64(uint64_t mask, const uint8_t *p) {
        return _mm512_maskz_loadu_epi8((__mmask64)mask, p);
    }
    static inline void lk_mask_store64(uint8_t *p, uint64_t mask, lk_v64 v) {
        _mm512_mask_storeu_epi8(p, (__mmask64)mask, v);
    }
    static inline lk_v64 lk_load64(const uint8_t *p) { return _mm512_loadu_si512((const void *)p); }
    /* Byte k of the result is v[idx[k] & 63]. */
    static inline lk_v64 lk_permb64(lk_v64 v, lk_v64 idx) { return _mm512_permutexvar_epi8(idx, v); }
    /* Byte k of the result is the 128 bytes a, b at idx[k] & 127 (vpermt2b). */
    static inline lk_v64 lk_perm2b64(lk_v64 a, lk_v64 idx, lk_v64 b) {
        return _mm512_permutex2var_epi8(a, idx, b);
    }
    static inline void lk_store64(uint8_t *p, lk_v64 v) { _mm512_storeu_si512((void *)p, v); }
    static inline lk_v64 lk_or64(lk_v64 a, lk_v64 b) { return _mm512_or_si512(a, b); }
    #else
    #define LK_PERM64 0
    typedef struct { uint8_t b[64]; } lk_v64;
    static inline lk_v64 lk_maskz_load64(uint64_t mask, const uint8_t *p) {
        lk_v64 v; int k;
        for (k = 0; k < 64; k++) v.b[k] = (mask >> k) & 1 ? p[k] : 0;
        return v;
    }
    static inline void lk_mask_store64(uint8_t *p, uint64_t mask, lk_v64 v) {
        int k; for (k = 0; k < 64; k++) if ((mask >> k) & 1) p[k] = v.b[k];
    }
    static inline lk_v64 lk_load64(const uint8_t *p) { lk_v64 v; memcpy(v.b, p, 64); return v; }
    static inline lk_v64 lk_permb64(lk_v64 v, lk_v64 idx) {
        lk_v64 r; int k; for (k = 0; k < 64; k++) r.b[k] = v.b[idx.b[k] & 63];
        return r;
    }
    static inline lk_v64 lk_or64(lk_v64 a, lk_v64 b) {
        int k; for (k = 0; k < 64; k++) a.b[k] |= b.b[k];
        return a;
    }
    static inline lk_v64 lk_perm2b64(lk_v64 a, lk_v64 idx, lk_v64 b) {
        lk_v64 r; int k;
        for (k = 0; k < 64; k++) r.b[k] = (idx.b[k] & 64) ? b.b[idx.b[k] & 63] : a.b[idx.b[k] & 63];
        return r;
    }
    static inline void lk_store64(uint8_t *p, lk_v64 v) { memcpy(p, v.b, 64); }
    #endif
    """
    const bint LK_SHUFFLE
    const bint LK_FAST_STOS
    void lk_stos64(uint8_t *dst, size_t n, uint64_t pattern) noexcept nogil
    void lk_copy_forward(uint8_t *dst, const uint8_t *src, size_t n) noexcept nogil
    const bint LK_SIMD32
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
    const bint LK_SIMD_ARITH
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
