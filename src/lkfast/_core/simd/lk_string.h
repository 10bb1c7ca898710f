/* lk_string.h: fast string operations for the fill kernels, part of lkfast._core._simd.
 *
 * lk_stos64 repeats an 8-byte pattern and lk_copy_forward copies upwards byte by byte, with
 * x86-64 string instructions where the compiler allows inline assembly or intrinsics for them
 * (LK_FAST_STOS 1) and plain C loops elsewhere. Independent of the vector headers. */
#ifndef LKFAST_SIMD_LK_STRING_H
#define LKFAST_SIMD_LK_STRING_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif /* LKFAST_SIMD_LK_STRING_H */
