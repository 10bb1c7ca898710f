/* lk_v16.h: 16-byte vectors (lk_v16) for the pixel and YUV kernels, part of lkfast._core._simd.
 *
 * Byte shuffles: SSSE3 pshufb (LK_X86_SSSE3: any x86 build with SSSE3, AVX or AVX2 enabled),
 * NEON tbl on aarch64, and a scalar emulation elsewhere. The kernels test LK_SHUFFLE (a
 * compile-time constant) and take a scalar path when it is 0, so the emulation only has to
 * compile, never to be fast. Then 16-bit integer arithmetic on the same vectors (SSSE3, or an
 * exact plain-C emulation where LK_SIMD_ARITH is 0), which lk_v32.h builds its fallback on.
 * LK_SIMD_NAME names the widest byte-shuffle instructions of the build. */
#ifndef LKFAST_SIMD_LK_V16_H
#define LKFAST_SIMD_LK_V16_H

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

#endif /* LKFAST_SIMD_LK_V16_H */
