# Mixing kernel: the weighted sum of equal-length int16 or float32 buffers. Built twice (setup.py
# ISA_VARIANTS): _mix.pyx (baseline SSE2) and _mix_avx2.pyx; lkfast.audio.mixing picks one.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.

from libc.stdint cimport int16_t
from libc.stdlib cimport free

from cpython.buffer cimport PyBuffer_Release

from lkfast.audio._samples cimport (
    lk_f32u, lk_i16u,
    FLOAT32, INT16, Samples, get_output, get_samples, new_array, separate, shape_of,
)

include "lkfast/_core/_variant.pxi"

cdef extern from *:
    """
    #include <stdint.h>
    #include "lkfast/_core/simd/lk_unaligned.h"
    #if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
    #include <emmintrin.h>
    #define LKFAST_MIX_SSE2 1
    #else
    #define LKFAST_MIX_SSE2 0
    #endif
    /* Samples per block: the accumulator (doubles) stays in L1 while every stream is added. */
    #define LKFAST_MIX_BLOCK 512
    #define LKFAST_MIX_MAGIC 6755399441055744.0  /* 1.5 * 2**52: round half to even */

    /* acc (finite) -> int16: clamp to [-32768, 32767], round to nearest, ties to even. */
    static void lkfast_mix_store_i16(const double *acc, lk_i16u *dst, Py_ssize_t m) {
        Py_ssize_t j = 0;
    #if LKFAST_MIX_SSE2
        const __m128d hi = _mm_set1_pd(32767.0), lo = _mm_set1_pd(-32768.0);
        for (; j + 8 <= m; j += 8) {
            __m128i a = _mm_cvtpd_epi32(_mm_max_pd(_mm_min_pd(_mm_loadu_pd(acc + j), hi), lo));
            __m128i b = _mm_cvtpd_epi32(_mm_max_pd(_mm_min_pd(_mm_loadu_pd(acc + j + 2), hi), lo));
            __m128i c = _mm_cvtpd_epi32(_mm_max_pd(_mm_min_pd(_mm_loadu_pd(acc + j + 4), hi), lo));
            __m128i d = _mm_cvtpd_epi32(_mm_max_pd(_mm_min_pd(_mm_loadu_pd(acc + j + 6), hi), lo));
            _mm_storeu_si128((__m128i *)(dst + j),
                             _mm_packs_epi32(_mm_unpacklo_epi64(a, b), _mm_unpacklo_epi64(c, d)));
        }
    #endif
        for (; j < m; j++) {
            double x = acc[j];
            x = x < 32767.0 ? x : 32767.0;
            x = x > -32768.0 ? x : -32768.0;
            dst[j] = (int16_t)((x + LKFAST_MIX_MAGIC) - LKFAST_MIX_MAGIC);
        }
    }

    /* dst = saturate(round(sum_k src[k] * g[k])), summed in double in stream order. */
    static void lkfast_mix_i16(const lk_i16u **src, const double *g, int ns, lk_i16u *dst,
                               Py_ssize_t n) {
        double acc[LKFAST_MIX_BLOCK];
        for (Py_ssize_t i0 = 0; i0 < n; i0 += LKFAST_MIX_BLOCK) {
            Py_ssize_t m = n - i0 < LKFAST_MIX_BLOCK ? n - i0 : LKFAST_MIX_BLOCK;
            const lk_i16u *s = src[0] + i0;
            double gk = g[0];
            for (Py_ssize_t j = 0; j < m; j++)
                acc[j] = (double)s[j] * gk;
            for (int k = 1; k < ns; k++) {
                s = src[k] + i0;
                gk = g[k];
                for (Py_ssize_t j = 0; j < m; j++)
                    acc[j] += (double)s[j] * gk;
            }
            lkfast_mix_store_i16(acc, dst + i0, m);
        }
    }

    /* Every gain 1: the sum is exact in int32 (up to 65536 streams), the same result. */
    static void lkfast_mix_i16_unity(const lk_i16u **src, int ns, lk_i16u *dst, Py_ssize_t n) {
        int32_t acc[LKFAST_MIX_BLOCK];
        for (Py_ssize_t i0 = 0; i0 < n; i0 += LKFAST_MIX_BLOCK) {
            Py_ssize_t m = n - i0 < LKFAST_MIX_BLOCK ? n - i0 : LKFAST_MIX_BLOCK;
            const lk_i16u *s = src[0] + i0;
            for (Py_ssize_t j = 0; j < m; j++)
                acc[j] = s[j];
            for (int k = 1; k < ns; k++) {
                s = src[k] + i0;
                for (Py_ssize_t j = 0; j < m; j++)
                    acc[j] += s[j];
            }
            lk_i16u *d = dst + i0;
            Py_ssize_t j = 0;
    #if LKFAST_MIX_SSE2
            for (; j + 8 <= m; j += 8)  /* packs saturates to int16 */
                _mm_storeu_si128((__m128i *)(d + j),
                                 _mm_packs_epi32(_mm_loadu_si128((const __m128i *)(acc + j)),
                                                 _mm_loadu_si128((const __m128i *)(acc + j + 4))));
    #endif
            for (; j < m; j++) {
                int32_t v = acc[j];
                d[j] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
            }
        }
    }

    /* dst = (float)sum_k (double)src[k] * g[k], optionally clipped to [-1, 1] (NaN stays). */
    static void lkfast_mix_f32(const lk_f32u **src, const double *g, int ns, lk_f32u *dst,
                               Py_ssize_t n, int clip) {
        double acc[LKFAST_MIX_BLOCK];
        for (Py_ssize_t i0 = 0; i0 < n; i0 += LKFAST_MIX_BLOCK) {
            Py_ssize_t m = n - i0 < LKFAST_MIX_BLOCK ? n - i0 : LKFAST_MIX_BLOCK;
            const lk_f32u *s = src[0] + i0;
            double gk = g[0];
            for (Py_ssize_t j = 0; j < m; j++)
                acc[j] = (double)s[j] * gk;
            for (int k = 1; k < ns; k++) {
                s = src[k] + i0;
                gk = g[k];
                for (Py_ssize_t j = 0; j < m; j++)
                    acc[j] += (double)s[j] * gk;
            }
            lk_f32u *d = dst + i0;
            if (clip) {
                for (Py_ssize_t j = 0; j < m; j++) {
                    double x = acc[j];
                    x = x < -1.0 ? -1.0 : x;
                    x = x > 1.0 ? 1.0 : x;
                    d[j] = (float)x;
                }
            } else {
                for (Py_ssize_t j = 0; j < m; j++)
                    d[j] = (float)acc[j];
            }
        }
    }
    """
    void mix_i16 "lkfast_mix_i16" (const lk_i16u **src, const double *g, int ns, lk_i16u *dst,
                                   Py_ssize_t n) noexcept nogil
    void mix_i16_unity "lkfast_mix_i16_unity" (const lk_i16u **src, int ns, lk_i16u *dst,
                                               Py_ssize_t n) noexcept nogil
    void mix_f32 "lkfast_mix_f32" (const lk_f32u **src, const double *g, int ns, lk_f32u *dst,
                                   Py_ssize_t n, int clip) noexcept nogil

from lkfast._core.checks import MAX_MIX_GAIN as _MAX_MIX_GAIN, check_mix_gain

#: Most streams one call mixes.
MAX_STREAMS = 64
cdef enum:
    _MAX = 64
cdef double _MAX_GAIN = _MAX_MIX_GAIN


def mix_buffers(streams, gains, out, bint clip):
    """Mix ``streams`` (a list or tuple of 1 to 64 buffers) with ``gains`` (None: all 1, or a
    sequence of reals, one per stream) into ``out`` (None: a new array shaped like
    ``streams[0]``).

    The caller (:func:`lkfast.mix`) has made ``streams`` a list or tuple; this checks the gains
    (count, finite, within +-1000) and every buffer (dtype, equal sample counts, ``out``'s
    dtype, size and writability) before the loop.
    """
    cdef Py_buffer views[_MAX]
    cdef Samples s[_MAX]
    cdef void *owned[_MAX]
    cdef const char *ptrs[_MAX]
    cdef double g[_MAX]
    cdef Py_buffer ov
    cdef Samples o
    cdef int ns = len(streams), acquired = 0, copies = 0, k
    cdef bint unity = gains is None
    cdef Py_ssize_t n
    cdef double v
    if not 1 <= ns <= _MAX:
        raise ValueError(f"streams must hold 1 to {<int>_MAX} buffers, got {ns}")
    if not unity:
        if len(gains) != ns:
            raise ValueError(f"gains holds {len(gains)} values for {ns} streams")
        for k in range(ns):
            gk = gains[k]
            if type(gk) is float:  # the common case, checked here without a call
                v = gk
                if not -_MAX_GAIN <= v <= _MAX_GAIN:  # also NaN
                    v = check_mix_gain(k, gk)
            else:
                v = check_mix_gain(k, gk)
            g[k] = v
    try:
        for k in range(ns):
            name = f"streams[{k}]"
            get_samples(streams[k], &views[k], &s[k], name, INT16 | FLOAT32, False, None)
            acquired += 1
            if s[k].kind != s[0].kind:
                kind = "int16" if s[0].kind == INT16 else "float32"
                raise TypeError(f"streams[0] holds {kind} samples but {name} does not; all "
                                f"streams need one dtype")
            if s[k].count != s[0].count:
                raise ValueError(f"streams[0] holds {s[0].count} samples but {name} holds "
                                 f"{s[k].count}; all streams need the same length")
            if unity:
                g[k] = 1.0
        n = s[0].count
        result = new_array(shape_of(False, &views[0], &s[0]), s[0].kind) if out is None else out
        get_output(result, &ov, &o, s[0].kind, n)
        try:
            for k in range(ns):
                separate(&s[k], &o, True, &owned[k])  # an exact alias is safe, block by block
                copies += 1
                ptrs[k] = s[k].data
                if g[k] != 1.0:
                    unity = False
            with nogil:
                if s[0].kind == INT16:
                    if unity:
                        mix_i16_unity(<const lk_i16u **>ptrs, ns, <lk_i16u *>o.data, n)
                    else:
                        mix_i16(<const lk_i16u **>ptrs, g, ns, <lk_i16u *>o.data, n)
                else:
                    mix_f32(<const lk_f32u **>ptrs, g, ns, <lk_f32u *>o.data, n, clip)
        finally:
            for k in range(copies):
                free(owned[k])
            PyBuffer_Release(&ov)
    finally:
        for k in range(acquired):
            PyBuffer_Release(&views[k])
    return result
