# Polyphase resampling: filter design and the streaming kernel. Included by _resample.pyx and
# its ISA variants (_resample_avx2.pyx, _resample_avx512.pyx); setup.py gives each its flags.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
# Every output sample is one dot product (or two, blended, for interpolated phases) of 16
# float32 lanes in a fixed order, so every build and the numpy twin give the same floats.

from cpython.buffer cimport PyBuffer_Release
from libc.math cimport M_PI, fabs, sin, sqrt
from libc.stdint cimport int16_t, int64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memmove, memset

from lkfast._core._buffer cimport _format_code, _is_native_or_little, acquire, lkfast_format_name
from lkfast.audio._samples cimport saturate_int16

import numpy as np
from livekit.rtc import AudioFrame

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
    void lkr_dot2(const float *x0, const float *h0, const float *x1, const float *h1, int n,
                  float *y0, float *y1) noexcept nogil


# --- filter design ---------------------------------------------------------------------------

cdef double _bessel_i0(double y) noexcept nogil:
    """Modified Bessel function I0 by its power series, to a relative 1e-17."""
    cdef double q = y * y / 4.0
    cdef double term = 1.0
    cdef double total = 1.0
    cdef int k
    for k in range(1, 500):
        term = term * (q / <double>(k * k))
        total = total + term
        if term < total * 1e-17:
            break
    return total


def design(int taps, int rows, int phases, double cutoff, double beta):
    """The polyphase table: ``rows`` x ``taps`` float32 coefficients.

    Row p, tap m is ``h(p / phases + taps / 2 - 1 - m)`` with ``h(t) = cutoff * sinc(cutoff *
    t) * kaiser(t / (taps / 2), beta)`` (t in input samples; 0 for ``|t| >= taps / 2``),
    computed in double and rounded once to float32.
    """
    if taps < 16 or taps % 16 or rows < 1 or phases < 1 or not 0.0 < cutoff <= 1.0:
        raise ValueError(f"bad filter size: taps={taps}, rows={rows}, phases={phases}, "
                         f"cutoff={cutoff}")
    table = np.empty((rows, taps), dtype=np.float32)
    cdef float[:, ::1] t = table
    cdef int half = taps // 2
    cdef int p, m
    cdef double x, pos, r, s, i0b = _bessel_i0(beta)
    with nogil:
        for p in range(rows):
            for m in range(taps):
                pos = <double>p / <double>phases + <double>(half - 1 - m)
                if fabs(pos) >= half:
                    t[p, m] = 0.0
                    continue
                x = cutoff * pos
                s = 1.0 if x == 0.0 else sin(M_PI * x) / (M_PI * x)
                r = pos / half
                t[p, m] = <float>(cutoff * s * _bessel_i0(beta * sqrt(1.0 - r * r)) / i0b)
    return table


# --- the streaming kernel --------------------------------------------------------------------

cdef object _empty = np.empty
cdef object _ndarray = np.ndarray
cdef object _INT16 = np.dtype(np.int16)
cdef object _FLOAT32 = np.dtype(np.float32)


cdef class Kernel:
    """One stream's polyphase state: the table, per-channel history (planar float32) and the
    position of the next output. Not thread-safe: one thread per instance (the GIL is released
    while it computes). :class:`lkfast.AudioResampler` subclasses it and calls :meth:`setup`.
    """

    cdef float *table
    cdef float *buf
    cdef int taps, up, down, phases, channels, step_i, step_p, rate
    cdef bint interp, int16
    cdef Py_ssize_t cap, n, s
    cdef int64_t p
    cdef readonly int64_t frames_in
    cdef readonly int64_t frames_out
    cdef readonly bint last_2d

    def __cinit__(self, *args, **kwargs):
        self.table = NULL
        self.buf = NULL

    def setup(self, table, int up, int down, int phases, bint interpolate, int channels,
              bint int16, int input_rate):
        """Load the filter and start a stream.

        Args:
            table: float32 ``(rows, taps)`` from :func:`design`.
            up, down: output and input rate over their gcd (L, M).
            phases: table phases (``up``, or the interpolation grid).
            interpolate: blend rows ``q`` and ``q + 1`` (``rows == phases + 1``).
            channels: 1 to 8. int16: samples are int16 (else float32), in and out.
            input_rate: Hz, what a pushed ``rtc.AudioFrame`` must have.
        """
        cdef const float[:, ::1] t = table
        if self.table != NULL:
            raise RuntimeError("the kernel is already set up")
        if not 1 <= channels <= 8 or up < 1 or down < 1 or t.shape[1] % 16 or t.shape[1] < 16:
            raise ValueError("bad kernel parameters")
        if t.shape[0] != (phases + 1 if interpolate else up):
            raise ValueError(f"table has {t.shape[0]} rows for {phases} phases")
        self.taps = <int>t.shape[1]
        self.up, self.down, self.phases, self.interp = up, down, phases, interpolate
        self.channels, self.int16, self.rate = channels, int16, input_rate
        self.step_i, self.step_p = down // up, down % up
        self.cap = 4 * self.taps + 4096
        self.table = <float *>malloc(t.shape[0] * t.shape[1] * sizeof(float))
        self.buf = <float *>malloc(self.cap * channels * sizeof(float))
        if self.table == NULL or self.buf == NULL:
            raise MemoryError()
        memcpy(self.table, &t[0, 0], t.shape[0] * t.shape[1] * sizeof(float))
        self.reset()

    def __dealloc__(self):
        free(self.table)
        free(self.buf)

    def reset(self):
        """Back to the start: history of ``taps / 2 - 1`` zeros, output 0 next."""
        if self.buf == NULL:
            raise RuntimeError("the kernel is not set up")
        self.n = self.taps // 2 - 1
        memset(self.buf, 0, self.cap * self.channels * sizeof(float))
        self.s = 0
        self.p = 0
        self.frames_in = 0
        self.frames_out = 0

    cdef int _reserve(self, Py_ssize_t frames) except -1:
        cdef Py_ssize_t cap = self.cap, c
        cdef float *grown
        if self.n + frames <= cap:
            return 0
        while cap < self.n + frames:
            cap *= 2
        grown = <float *>malloc(cap * self.channels * sizeof(float))
        if grown == NULL:
            raise MemoryError()
        for c in range(self.channels):
            memcpy(grown + c * cap, self.buf + c * self.cap, self.n * sizeof(float))
        free(self.buf)
        self.buf = grown
        self.cap = cap
        return 0

    cdef Py_ssize_t _available(self) noexcept nogil:
        """Outputs computable from the buffered input."""
        cdef int64_t d = self.n - self.taps - self.s
        if d < 0:
            return 0
        return <Py_ssize_t>(((d + 1) * self.up - self.p + self.down - 1) // self.down)

    def push(self, data, Py_ssize_t max_out=-1):
        """Append ``data`` (int16 or float32 per the kernel, bytes, or an ``rtc.AudioFrame``;
        1-D interleaved or 2-D ``(frames, channels)``) and return every output now computable
        (at most ``max_out`` when >= 0), shaped like ``data`` (1-D or 2-D). ``data`` is fully
        checked before any state changes."""
        cdef Py_buffer view
        cdef Py_ssize_t frames, count, f, o, start
        cdef int c, ch = self.channels, itemsize = 2 if self.int16 else 4
        cdef char code
        cdef bint two_d
        if self.buf == NULL:
            raise RuntimeError("the kernel is not set up")
        if type(data) is not _ndarray and isinstance(data, AudioFrame):
            data = self._frame_data(data)
        acquire(data, &view, "data", False)
        try:
            code = _format_code(view.format)
            if not _is_native_or_little(view.format):
                raise TypeError("data holds big-endian samples; convert them to native order")
            if code == b'B' or code == b'b' or code == b'c':
                if view.ndim > 1:
                    raise TypeError("data must be a 1-D bytes-like or an int16/float32 array")
            elif not ((code == b'h' and view.itemsize == 2 and self.int16) or
                      (code == b'f' and view.itemsize == 4 and not self.int16)):
                want = "int16" if self.int16 else "float32"
                fmt = lkfast_format_name(view.format).decode("ascii", "replace")
                raise TypeError(f"Expected data with dtype `{want}` (the resampler's dtype) "
                                f"but got `{fmt}`")
            two_d = view.ndim == 2
            if view.ndim > 2 or (two_d and view.shape[1] != ch):
                raise ValueError(f"data must be 1-D interleaved or 2-D (frames, {ch}), got "
                                 f"shape {tuple(view.shape[i] for i in range(view.ndim))}")
            if view.len % (itemsize * ch):
                raise ValueError(f"data holds {view.len} bytes, not a whole number of "
                                 f"{ch}-channel {'int16' if self.int16 else 'float32'} frames")
            frames = view.len // (itemsize * ch)
            self._reserve(frames + self.taps)
            with nogil:
                self._append(<const char *>view.buf, frames)
        finally:
            PyBuffer_Release(&view)
        count = self._available()
        if 0 <= max_out < count:
            count = max_out
        if two_d:
            shape = (count, ch)
        else:
            shape = count * ch
        out = _empty(shape, _INT16 if self.int16 else _FLOAT32)
        cdef char *dst = NULL
        cdef Py_buffer ov
        if count:
            acquire(out, &ov, "out", True)
            dst = <char *>ov.buf
            with nogil:
                self._run(dst, count)
            PyBuffer_Release(&ov)
        with nogil:
            self._compact()
        self.frames_in += frames
        self.frames_out += count
        self.last_2d = two_d
        return out

    cdef object _frame_data(self, frame):
        if not self.int16:
            raise TypeError("an rtc.AudioFrame holds int16 samples; this resampler takes "
                            "float32 (dtype=np.float32)")
        if frame.sample_rate != self.rate or frame.num_channels != self.channels:
            raise ValueError(f"the frame is {frame.sample_rate} Hz, {frame.num_channels} "
                             f"channel(s); the resampler takes {self.rate} Hz, "
                             f"{self.channels} channel(s)")
        return frame.data[:frame.samples_per_channel * frame.num_channels]

    cdef void _append(self, const char *data, Py_ssize_t frames) noexcept nogil:
        cdef Py_ssize_t f
        cdef int c, ch = self.channels
        cdef const int16_t *s16 = <const int16_t *>data
        cdef const float *s32 = <const float *>data
        cdef float *row
        for c in range(ch):
            row = self.buf + c * self.cap + self.n
            if self.int16:
                for f in range(frames):
                    row[f] = <float>s16[f * ch + c]
            else:
                for f in range(frames):
                    row[f] = s32[f * ch + c]
        self.n += frames

    cdef void _compact(self) noexcept nogil:
        cdef int c
        if self.s == 0:
            return
        for c in range(self.channels):
            memmove(self.buf + c * self.cap, self.buf + c * self.cap + self.s,
                    (self.n - self.s) * sizeof(float))
        self.n -= self.s
        self.s = 0

    cdef inline void _store(self, char *dst, Py_ssize_t k, float y) noexcept nogil:
        if self.int16:
            (<int16_t *>dst)[k] = saturate_int16(y)
        else:
            (<float *>dst)[k] = y

    cdef void _run(self, char *dst, Py_ssize_t count) noexcept nogil:
        cdef int T = self.taps, ch = self.channels, c
        cdef Py_ssize_t o = 0, s0, s1
        cdef int64_t p0, p1, prod
        cdef float y0, y1, a
        cdef const float *x
        cdef const float *h0
        cdef const float *h1
        cdef int64_t up = self.up
        while o < count:
            s0, p0 = self.s, self.p
            self._advance()
            if self.interp:
                prod = p0 * self.phases
                h0 = self.table + (prod // up) * T
                a = <float>(prod % up) / <float>up
                for c in range(ch):
                    x = self.buf + c * self.cap + s0
                    lkr_dot2(x, h0, x, h0 + T, T, &y0, &y1)
                    self._store(dst, o * ch + c, y0 + a * (y1 - y0))
                o += 1
            elif o + 1 < count:
                s1, p1 = self.s, self.p
                self._advance()
                h0 = self.table + p0 * T
                h1 = self.table + p1 * T
                for c in range(ch):
                    x = self.buf + c * self.cap
                    lkr_dot2(x + s0, h0, x + s1, h1, T, &y0, &y1)
                    self._store(dst, o * ch + c, y0)
                    self._store(dst, (o + 1) * ch + c, y1)
                o += 2
            else:
                for c in range(ch):
                    y0 = lkr_dot(self.buf + c * self.cap + s0, self.table + p0 * T, T)
                    self._store(dst, o * ch + c, y0)
                o += 1

    cdef inline void _advance(self) noexcept nogil:
        self.p += self.step_p
        self.s += self.step_i
        if self.p >= self.up:
            self.p -= self.up
            self.s += 1
