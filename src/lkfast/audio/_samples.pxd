# Sample buffers for the PCM kernels (_pcm, _channels, _gain, _levels): acquiring int16 /
# float32 / float64 samples (numpy arrays, bytes-likes, an rtc.AudioFrame) with every check an
# unchecked loop relies on, and the float -> int16 rounding they share.
# The functions are defined in _samples.pyx; the inline helpers live here.
from libc.stdint cimport int16_t

# Sample pointers into user buffers: any address (lk_unaligned.h says why).
cdef extern from "lkfast/_core/simd/lk_unaligned.h":
    ctypedef int16_t lk_i16u
    ctypedef float lk_f32u
    ctypedef double lk_f64u

cdef extern from *:
    """
    #include "lkfast/_core/simd/lk_unaligned.h"
    /* Adding then subtracting 1.5 * 2**52 rounds a double (|x| < 2**51) to the nearest
       integer, ties to even (as Python's round()). */
    #define LKFAST_SAMPLES_ROUND_MAGIC 6755399441055744.0

    /* Float -> int16 loops with SSE2 (every x86-64 CPU) and a scalar tail / fallback.
       Compilers do not vectorise the NaN-safe selects of the scalar form (they are control
       flow under IEEE rules), which costs about 10x. Both forms compute, per sample:
       NaN -> 0, clamp to [-32768, 32767], round to nearest with ties to even (the SSE2
       conversion uses the default MXCSR rounding, as every float operation here does). */
    #if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
    #include <emmintrin.h>
    #define LKFAST_SSE2 1
    #else
    #define LKFAST_SSE2 0
    #endif

    static inline int16_t lkfast_saturate_int16(double x) {
        x = x == x ? x : 0.0;
        x = x < 32767.0 ? x : 32767.0;
        x = x > -32768.0 ? x : -32768.0;
        return (int16_t)((x + LKFAST_SAMPLES_ROUND_MAGIC) - LKFAST_SAMPLES_ROUND_MAGIC);
    }

    #if LKFAST_SSE2
    /* 4 doubles (NaN-free after the mask) -> 4 int32, clamped and rounded. */
    static inline __m128i lkfast_pd4_to_epi32(__m128d a, __m128d b) {
        const __m128d hi = _mm_set1_pd(32767.0), lo = _mm_set1_pd(-32768.0);
        a = _mm_max_pd(_mm_min_pd(_mm_and_pd(a, _mm_cmpeq_pd(a, a)), hi), lo);
        b = _mm_max_pd(_mm_min_pd(_mm_and_pd(b, _mm_cmpeq_pd(b, b)), hi), lo);
        return _mm_unpacklo_epi64(_mm_cvtpd_epi32(a), _mm_cvtpd_epi32(b));
    }
    #endif

    /* dst[i] = saturate(round(src[i] * 32768)); float math is exact here (x 2**15). */
    static inline void lkfast_f32_to_i16(const lk_f32u *src, lk_i16u *dst, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if LKFAST_SSE2
        const __m128 scale = _mm_set1_ps(32768.0f);
        const __m128 hi = _mm_set1_ps(32767.0f), lo = _mm_set1_ps(-32768.0f);
        for (; i + 8 <= n; i += 8) {
            __m128 a = _mm_mul_ps(_mm_loadu_ps(src + i), scale);
            __m128 b = _mm_mul_ps(_mm_loadu_ps(src + i + 4), scale);
            a = _mm_max_ps(_mm_min_ps(_mm_and_ps(a, _mm_cmpeq_ps(a, a)), hi), lo);
            b = _mm_max_ps(_mm_min_ps(_mm_and_ps(b, _mm_cmpeq_ps(b, b)), hi), lo);
            _mm_storeu_si128((__m128i *)(dst + i),
                             _mm_packs_epi32(_mm_cvtps_epi32(a), _mm_cvtps_epi32(b)));
        }
    #endif
        for (; i < n; i++)
            dst[i] = lkfast_saturate_int16(src[i] * 32768.0);
    }

    /* dst[i] = saturate(round(src[i] * 32768)) from doubles. */
    static inline void lkfast_f64_to_i16(const lk_f64u *src, lk_i16u *dst, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if LKFAST_SSE2
        const __m128d scale = _mm_set1_pd(32768.0);
        for (; i + 8 <= n; i += 8) {
            __m128i p = lkfast_pd4_to_epi32(_mm_mul_pd(_mm_loadu_pd(src + i), scale),
                                            _mm_mul_pd(_mm_loadu_pd(src + i + 2), scale));
            __m128i q = lkfast_pd4_to_epi32(_mm_mul_pd(_mm_loadu_pd(src + i + 4), scale),
                                            _mm_mul_pd(_mm_loadu_pd(src + i + 6), scale));
            _mm_storeu_si128((__m128i *)(dst + i), _mm_packs_epi32(p, q));
        }
    #endif
        for (; i < n; i++)
            dst[i] = lkfast_saturate_int16(src[i] * 32768.0);
    }

    /* dst[i] = saturate(round(src[i] * g)), the product in double. dst may be src. */
    static inline void lkfast_gain_i16(const lk_i16u *src, lk_i16u *dst, Py_ssize_t n,
                                       double g) {
        Py_ssize_t i = 0;
    #if LKFAST_SSE2
        const __m128d vg = _mm_set1_pd(g);
        for (; i + 8 <= n; i += 8) {
            __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
            __m128i lo4 = _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16);
            __m128i hi4 = _mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16);
            __m128i p = lkfast_pd4_to_epi32(
                _mm_mul_pd(_mm_cvtepi32_pd(lo4), vg),
                _mm_mul_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(lo4, 0x4E)), vg));
            __m128i q = lkfast_pd4_to_epi32(
                _mm_mul_pd(_mm_cvtepi32_pd(hi4), vg),
                _mm_mul_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(hi4, 0x4E)), vg));
            _mm_storeu_si128((__m128i *)(dst + i), _mm_packs_epi32(p, q));
        }
    #endif
        for (; i < n; i++)
            dst[i] = lkfast_saturate_int16(src[i] * g);
    }
    """
    const double ROUND_MAGIC "LKFAST_SAMPLES_ROUND_MAGIC"
    int16_t saturate_int16 "lkfast_saturate_int16" (double x) noexcept nogil
    void f32_to_i16 "lkfast_f32_to_i16" (const lk_f32u *src, lk_i16u *dst,
                                         Py_ssize_t n) noexcept nogil
    void f64_to_i16 "lkfast_f64_to_i16" (const lk_f64u *src, lk_i16u *dst,
                                         Py_ssize_t n) noexcept nogil
    void gain_i16 "lkfast_gain_i16" (const lk_i16u *src, lk_i16u *dst, Py_ssize_t n,
                                     double g) noexcept nogil

# Sample kinds, as bit flags so that a kernel can list the kinds it takes.
cdef enum:
    INT16 = 1
    FLOAT32 = 2
    FLOAT64 = 4


cdef struct Samples:
    char *data              # first byte
    Py_ssize_t nbytes       # bytes
    Py_ssize_t count        # samples, all channels
    Py_ssize_t frames       # samples per channel (count // channels)
    int channels            # 1 unless the kernel asked for a channel layout
    int kind                # INT16, FLOAT32 or FLOAT64
    int itemsize            # bytes per sample


cdef inline double round_half_even(double x) noexcept nogil:
    return (x + ROUND_MAGIC) - ROUND_MAGIC


# One kernel call's input and output: open_input, then open_output, run the loop on s.data and
# o.data, and close_io in a finally (it releases whatever was acquired).
cdef struct SampleIO:
    Py_buffer sv            # the input's buffer
    Py_buffer ov            # the output's buffer
    Samples s               # the input
    Samples o               # the output
    void *owned             # private copy of the input when the output overlaps it, or NULL
    bint has_src
    bint has_out
    bint frame_input        # the input was an rtc.AudioFrame


cdef int get_samples(object obj, Py_buffer *view, Samples *s, str name, int kinds,
                     bint layout, object num_channels) except -1
cdef int get_output(object out, Py_buffer *view, Samples *s, int kind,
                    Py_ssize_t count) except -1
cdef object shape_of(bint frame_input, Py_buffer *view, Samples *s)
cdef object new_array(object shape, int kind)
cdef bint overlap(Samples *a, Samples *b) noexcept
cdef int separate(Samples *src, Samples *out, bint in_place_ok, void **owned) except -1
cdef int open_input(SampleIO *io, object src, int kinds, bint layout,
                    object num_channels) except -1
cdef object open_output(SampleIO *io, object out, int kind, Py_ssize_t rows, Py_ssize_t cols,
                        bint in_place_ok)
cdef void close_io(SampleIO *io) noexcept
