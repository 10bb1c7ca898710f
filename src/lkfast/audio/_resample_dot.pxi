# C inner loops of the resampling kernel (included by _resample.pxi): the blocked 16-output
# sums and the 16-lane dot products. Plain C with GCC/clang vector types (split by the compiler
# to the build's ISA: the same lane arithmetic in every build) and a scalar fallback.

cdef extern from *:
    """
    /* Two independent 16-lane dot products of n (a multiple of 16) floats. Each lane sums
       its products in order; the lanes then fold 16 -> 8 -> 4 -> 2 -> 1. Two at once give
       the CPU independent dependency chains; each result equals a dot of its own. With GCC
       or clang the 16 lanes are one vector (the compiler splits it to the ISA's width: the
       same lane arithmetic in every build); elsewhere plain loops do the same sums. */
    static inline float lkr_fold(float *a) {
        int j;
        for (j = 0; j < 8; j++) a[j] = a[j] + a[j + 8];
        for (j = 0; j < 4; j++) a[j] = a[j] + a[j + 4];
        a[0] = a[0] + a[2];
        a[1] = a[1] + a[3];
        return a[0] + a[1];
    }
    /* Blocked: 16 outputs, lane j = output j. For each step t < n, add g[t][j] * x[r[t]]
       (the rows of the block's table that are not all zero, ascending) to partial sum t % 2 of
       lane j; y[j] = sum0 + sum1. lkr_block2 does the same for two channels with one pass
       over g. */
    #if defined(__GNUC__)
    typedef float lkr_v8 __attribute__((vector_size(32)));
    #define LKR_LOAD8(v, p) __builtin_memcpy(&(v), (p), sizeof(lkr_v8))
    #define LKR_BCAST(v, s) do { float s_ = (s); (v) = (lkr_v8){s_, s_, s_, s_, s_, s_, s_, s_}; } while (0)
    /* The loop bodies, for the row of step t at input index IDX(t); g holds the n rows
       one after another (16 floats each). */
    #define LKR_BLOCK_BODY(IDX) \
        lkr_v8 a0 = {0}, a1 = {0}, b0 = {0}, b1 = {0}, g0, g1, g2, g3, u, v; \
        int t = 0; \
        for (; t + 1 < n; t += 2, g += 32) { \
            LKR_BCAST(u, x[IDX(t)]); LKR_BCAST(v, x[IDX(t + 1)]); \
            LKR_LOAD8(g0, g); LKR_LOAD8(g1, g + 8); \
            LKR_LOAD8(g2, g + 16); LKR_LOAD8(g3, g + 24); \
            a0 = a0 + g0 * u; a1 = a1 + g1 * u; \
            b0 = b0 + g2 * v; b1 = b1 + g3 * v; \
        } \
        if (t < n) { \
            LKR_BCAST(u, x[IDX(t)]); \
            LKR_LOAD8(g0, g); LKR_LOAD8(g1, g + 8); \
            a0 = a0 + g0 * u; a1 = a1 + g1 * u; \
        } \
        a0 = a0 + b0; a1 = a1 + b1; \
        __builtin_memcpy(y, &a0, sizeof a0); \
        __builtin_memcpy(y + 8, &a1, sizeof a1);
    #define LKR_BLOCK2_BODY(IDX) \
        lkr_v8 a0 = {0}, a1 = {0}, b0 = {0}, b1 = {0}, c0 = {0}, c1 = {0}, d0 = {0}, \
               d1 = {0}, g0, g1, u, v; \
        int t = 0; \
        for (; t + 1 < n; t += 2, g += 32) { \
            LKR_LOAD8(g0, g); LKR_LOAD8(g1, g + 8); \
            LKR_BCAST(u, x[IDX(t)]); LKR_BCAST(v, w[IDX(t)]); \
            a0 = a0 + g0 * u; a1 = a1 + g1 * u; \
            c0 = c0 + g0 * v; c1 = c1 + g1 * v; \
            LKR_LOAD8(g0, g + 16); LKR_LOAD8(g1, g + 24); \
            LKR_BCAST(u, x[IDX(t + 1)]); LKR_BCAST(v, w[IDX(t + 1)]); \
            b0 = b0 + g0 * u; b1 = b1 + g1 * u; \
            d0 = d0 + g0 * v; d1 = d1 + g1 * v; \
        } \
        if (t < n) { \
            LKR_LOAD8(g0, g); LKR_LOAD8(g1, g + 8); \
            LKR_BCAST(u, x[IDX(t)]); LKR_BCAST(v, w[IDX(t)]); \
            a0 = a0 + g0 * u; a1 = a1 + g1 * u; \
            c0 = c0 + g0 * v; c1 = c1 + g1 * v; \
        } \
        a0 = a0 + b0; a1 = a1 + b1; c0 = c0 + d0; c1 = c1 + d1; \
        __builtin_memcpy(y, &a0, sizeof a0); \
        __builtin_memcpy(y + 8, &a1, sizeof a1); \
        __builtin_memcpy(z, &c0, sizeof c0); \
        __builtin_memcpy(z + 8, &c1, sizeof c1);
    #define LKR_SPARSE(t) r[t]
    #define LKR_DENSE(t) (t)
    static inline void lkr_block_sparse(const float *x, const float *g, const int *r, int n,
                                        float *y) { LKR_BLOCK_BODY(LKR_SPARSE) }
    static inline void lkr_block_dense(const float *x, const float *g, int n, float *y) {
        LKR_BLOCK_BODY(LKR_DENSE) }
    static inline void lkr_block2_sparse(const float *x, const float *w, const float *g,
                                         const int *r, int n, float *y, float *z) {
        LKR_BLOCK2_BODY(LKR_SPARSE) }
    static inline void lkr_block2_dense(const float *x, const float *w, const float *g, int n,
                                        float *y, float *z) { LKR_BLOCK2_BODY(LKR_DENSE) }
    /* r == NULL: rows 0, 1, ..., n - 1 */
    static inline void lkr_block(const float *x, const float *g, const int *r, int n,
                                 float *y) {
        if (r) lkr_block_sparse(x, g, r, n, y); else lkr_block_dense(x, g, n, y);
    }
    static inline void lkr_block2(const float *x, const float *w, const float *g, const int *r,
                                  int n, float *y, float *z) {
        if (r) lkr_block2_sparse(x, w, g, r, n, y, z); else lkr_block2_dense(x, w, g, n, y, z);
    }
    typedef int lkr_i8 __attribute__((vector_size(32)));
    /* o[j] = y[j] rounded to nearest (ties to even) and saturated to int16, NaN -> 0, as
       lkfast_saturate_int16 (clamped first, so the float rounding is exact: 1.5 * 2^23) */
    static inline void lkr_to_i16(const float *y, int16_t *o) {
        const lkr_v8 hi = {32767.f, 32767.f, 32767.f, 32767.f, 32767.f, 32767.f, 32767.f,
                           32767.f};
        const lkr_v8 lo = {-32768.f, -32768.f, -32768.f, -32768.f, -32768.f, -32768.f,
                           -32768.f, -32768.f};
        const lkr_v8 mg = {12582912.f, 12582912.f, 12582912.f, 12582912.f, 12582912.f,
                           12582912.f, 12582912.f, 12582912.f};
        lkr_v8 v;
        lkr_i8 m, iv;
        int h, j;
        for (h = 0; h < 16; h += 8) {
            LKR_LOAD8(v, y + h);
            m = v == v;
            v = (lkr_v8)((lkr_i8)v & m);
            m = v < hi;
            v = (lkr_v8)(((lkr_i8)v & m) | ((lkr_i8)hi & ~m));
            m = v > lo;
            v = (lkr_v8)(((lkr_i8)v & m) | ((lkr_i8)lo & ~m));
            v = (v + mg) - mg;
            iv = __builtin_convertvector(v, lkr_i8);
            for (j = 0; j < 8; j++) o[h + j] = (int16_t)iv[j];
        }
    }
    #else
    static inline void lkr_to_i16(const float *y, int16_t *o) {
        int j;
        for (j = 0; j < 16; j++) {
            float v = y[j] == y[j] ? y[j] : 0.0f;
            v = v < 32767.f ? v : 32767.f;
            v = v > -32768.f ? v : -32768.f;
            v = (v + 12582912.f) - 12582912.f;
            o[j] = (int16_t)v;
        }
    }
    static inline void lkr_block(const float *x, const float *g, const int *r, int n,
                                 float *y) {
        float a[16] = {0}, b[16] = {0};
        int t, j;
        for (t = 0; t < n; t++)
            for (j = 0; j < 16; j++) {
                float p = g[16 * t + j] * x[r ? r[t] : t];
                if (t % 2) b[j] = b[j] + p;
                else a[j] = a[j] + p;
            }
        for (j = 0; j < 16; j++) y[j] = a[j] + b[j];
    }
    static inline void lkr_block2(const float *x, const float *w, const float *g, const int *r,
                                  int n, float *y, float *z) {
        lkr_block(x, g, r, n, y);
        lkr_block(w, g, r, n, z);
    }
    #endif
    #if defined(__GNUC__)
    typedef float lkr_v16 __attribute__((vector_size(64)));
    /* an unaligned load, as a macro: no vector-typed function ABI */
    #define LKR_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(lkr_v16))
    static inline void lkr_dot2(const float *x0, const float *h0, const float *x1,
                                const float *h1, int n, float *y0, float *y1) {
        lkr_v16 a = {0}, b = {0}, u, v, w, z;
        float fa[16], fb[16];
        int i;
        for (i = 0; i < n; i += 16) {
            LKR_LOAD(u, x0 + i); LKR_LOAD(v, h0 + i);
            LKR_LOAD(w, x1 + i); LKR_LOAD(z, h1 + i);
            a = a + u * v;
            b = b + w * z;
        }
        __builtin_memcpy(fa, &a, sizeof fa);
        __builtin_memcpy(fb, &b, sizeof fb);
        *y0 = lkr_fold(fa);
        *y1 = lkr_fold(fb);
    }
    static inline float lkr_dot(const float *x, const float *h, int n) {
        lkr_v16 a = {0}, u, v;
        float fa[16];
        int i;
        for (i = 0; i < n; i += 16) {
            LKR_LOAD(u, x + i); LKR_LOAD(v, h + i);
            a = a + u * v;
        }
        __builtin_memcpy(fa, &a, sizeof fa);
        return lkr_fold(fa);
    }
    #else
    static inline void lkr_dot2(const float *x0, const float *h0, const float *x1,
                                const float *h1, int n, float *y0, float *y1) {
        float a[16] = {0}, b[16] = {0};
        int i, j;
        for (i = 0; i < n; i += 16)
            for (j = 0; j < 16; j++) {
                a[j] = a[j] + x0[i + j] * h0[i + j];
                b[j] = b[j] + x1[i + j] * h1[i + j];
            }
        *y0 = lkr_fold(a);
        *y1 = lkr_fold(b);
    }
    static inline float lkr_dot(const float *x, const float *h, int n) {
        float a[16] = {0};
        int i, j;
        for (i = 0; i < n; i += 16)
            for (j = 0; j < 16; j++)
                a[j] = a[j] + x[i + j] * h[i + j];
        return lkr_fold(a);
    }
    #endif
    """
    float lkr_dot(const float *x, const float *h, int n) noexcept nogil
    void lkr_to_i16(const float *y, int16_t *o) noexcept nogil
    void lkr_block(const float *x, const float *g, const int *r, int n, float *y) noexcept nogil
    void lkr_block2(const float *x, const float *w, const float *g, const int *r, int n,
                    float *y, float *z) noexcept nogil
    void lkr_dot2(const float *x0, const float *h0, const float *x1, const float *h1, int n,
                  float *y0, float *y1) noexcept nogil
