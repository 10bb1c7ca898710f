/* lk_v32.h: 32-byte vectors (lk_v32) for the pixel and YUV kernels, part of lkfast._core._simd.
 *
 * AVX2 registers where the build targets AVX2 (LK_SIMD32 1); elsewhere a pair of lk_v16
 * halves with the same lane semantics (so SSSE3 builds run the same steps at half width, and
 * other builds emulate them exactly). Shuffles and integer arithmetic work lane by lane, as
 * the 16-byte primitives of lk_v16.h, on which this header builds. */
#ifndef LKFAST_SIMD_LK_V32_H
#define LKFAST_SIMD_LK_V32_H

#include "lk_v16.h"

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

#endif /* LKFAST_SIMD_LK_V32_H */
