/* lk_v64.h: 64-byte vectors (lk_v64) for the packed-pixel kernels, part of lkfast._core._simd.
 *
 * AVX-512 VBMI byte permutes with AVX-512 BW byte-masked loads and stores (LK_PERM64 1), or a
 * scalar emulation that only has to compile: the kernels test LK_PERM64 before using them.
 * Independent of the 16- and 32-byte vectors. */
#ifndef LKFAST_SIMD_LK_V64_H
#define LKFAST_SIMD_LK_V64_H

#include <stdint.h>
#include <string.h>
#if defined(__AVX512VBMI__) && defined(__AVX512BW__)
#include <immintrin.h>
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

#endif /* LKFAST_SIMD_LK_V64_H */
