/* lk_unaligned.h: sample types that may sit at any address, for the PCM kernels.
 *
 * Sample buffers come from users: np.frombuffer(buf, np.int16, offset=1) is a valid
 * C-contiguous int16 array whose samples are not 2-byte aligned. Dereferencing an int16_t *
 * or float * there is undefined behaviour in C (UBSan reports it; some targets fault). Loads
 * and stores through these typedefs are declared unaligned, which compiles to the same
 * instructions on x86 and aarch64 and keeps the loops vectorised. */
#ifndef LKFAST_SIMD_LK_UNALIGNED_H
#define LKFAST_SIMD_LK_UNALIGNED_H

#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
typedef int16_t lk_i16u __attribute__((aligned(1)));
typedef float lk_f32u __attribute__((aligned(1)));
typedef double lk_f64u __attribute__((aligned(1)));
#else /* MSVC on x86-64 and arm64 loads unaligned scalars as they are */
typedef int16_t lk_i16u;
typedef float lk_f32u;
typedef double lk_f64u;
#endif

#endif
