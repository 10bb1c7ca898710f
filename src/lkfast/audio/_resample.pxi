# Polyphase resampling: the streaming kernel. Included by _resample.pyx and its ISA variants
# (_resample_avx2.pyx, _resample_avx512.pyx); setup.py gives each its flags and directives.
# Blocked plans (resample_quality.blocks) compute 16 consecutive outputs at once, one per lane,
# each a sum of products in a fixed order (no cross-lane arithmetic); other plans compute each
# output as one dot product (or two, blended, for interpolated phases) of 16 float32 lanes in a
# fixed order. Either way every build and the numpy twin give the same floats.

from cpython.buffer cimport PyBuffer_Release
from libc.math cimport M_PI, fabs, floor, sin, sqrt
from libc.stdint cimport int16_t, int64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memmove, memset

from lkfast._core._buffer cimport _format_code, _is_native_or_little, acquire, lkfast_format_name
from lkfast.audio._samples cimport saturate_int16

import numpy as np
from livekit.rtc import AudioFrame

include "_resample_dot.pxi"
include "_resample_design.pxi"

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
    cdef float *bcoef
    cdef int *brows
    cdef int *bcount
    cdef bint *bdense
    cdef int kinds, width, bt, done
    cdef bint blocked
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
        self.bcoef = NULL
        self.brows = NULL
        self.bcount = NULL
        self.bdense = NULL

    def setup(self, table, int up, int down, int phases, bint interpolate, int channels,
              bint int16, int input_rate, blocks=None):
        """Load the filter and start a stream.

        Args:
            table: float32 ``(rows, taps)`` from :func:`design`.
            up, down: output and input rate over their gcd (L, M).
            phases: table phases (``up``, or the interpolation grid).
            interpolate: blend rows ``q`` and ``q + 1`` (``rows == phases + 1``).
            channels: 1 to 8. int16: samples are int16 (else float32), in and out.
            input_rate: Hz, what a pushed ``rtc.AudioFrame`` must have.
            blocks: None, or ``resample_quality.blocks(table, up, down)``: compute 16 outputs
                at a time from it.
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
        if blocks is not None:
            self._setup_blocks(blocks[0], blocks[1], blocks[2])
        self.reset()

    cdef int _setup_blocks(self, coeffs, rows, counts) except -1:
        cdef const float[:, :, ::1] g = coeffs
        cdef const int[:, ::1] r = rows
        cdef const int[::1] n = counts
        cdef int t, i
        if self.interp or g.shape[2] != 16 or g.shape[1] < self.taps or r.shape[0] != g.shape[0] \
                or r.shape[1] != g.shape[1] or n.shape[0] != g.shape[0]:
            raise ValueError("bad block tables")
        for t in range(g.shape[0]):
            if not 0 <= n[t] <= g.shape[1]:
                raise ValueError("bad block tables")
            for i in range(n[t]):
                if not 0 <= r[t, i] < g.shape[1] or (i and r[t, i] <= r[t, i - 1]):
                    raise ValueError("bad block tables")
        self.kinds, self.width = <int>g.shape[0], <int>g.shape[1]
        self.bcoef = <float *>malloc(g.shape[0] * g.shape[1] * 16 * sizeof(float))
        self.brows = <int *>malloc(g.shape[0] * g.shape[1] * sizeof(int))
        self.bcount = <int *>malloc(g.shape[0] * sizeof(int))
        if self.bcoef == NULL or self.brows == NULL or self.bcount == NULL:
            raise MemoryError()
        # each kind's rows that are not all zero, one after another; its rows list, or none
        # (bdense) when they are 0, 1, 2, ...
        self.bdense = <bint *>malloc(g.shape[0] * sizeof(bint))
        if self.bdense == NULL:
            raise MemoryError()
        for t in range(g.shape[0]):
            self.bdense[t] = True
            for i in range(n[t]):
                memcpy(self.bcoef + (t * g.shape[1] + i) * 16, &g[t, r[t, i], 0],
                       16 * sizeof(float))
                self.bdense[t] = self.bdense[t] and r[t, i] == i
        memcpy(self.brows, &r[0, 0], g.shape[0] * g.shape[1] * sizeof(int))
        memcpy(self.bcount, &n[0], g.shape[0] * sizeof(int))
        self.blocked = True
        return 0

    def __dealloc__(self):
        free(self.table)
        free(self.buf)
        free(self.bcoef)
        free(self.brows)
        free(self.bcount)
        free(self.bdense)

    def reset(self):
        """Back to the start: history of ``taps / 2 - 1`` zeros, output 0 next."""
        if self.buf == NULL:
            raise RuntimeError("the kernel is not set up")
        self.n = self.taps // 2 - 1
        memset(self.buf, 0, self.cap * self.channels * sizeof(float))
        self.s = 0
        self.p = 0
        self.bt = 0
        self.done = 0
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
        """Outputs computable from the buffered input (``s``, ``p``: the next output's window
        start and phase, or, blocked, the block's; ``done`` of its outputs are out)."""
        cdef int64_t d = self.n - self.taps - self.s
        if d < 0:
            return 0
        return <Py_ssize_t>(((d + 1) * self.up - self.p + self.down - 1) // self.down) - self.done

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
        cdef float *row1
        if ch == 1 and self.int16:
            row = self.buf + self.n
            for f in range(frames):
                row[f] = <float>s16[f]
        elif ch == 2 and self.int16:
            row = self.buf + self.n
            row1 = self.buf + self.cap + self.n
            for f in range(frames):
                row[f] = <float>s16[2 * f]
                row1[f] = <float>s16[2 * f + 1]
        for c in range(ch if ch > 2 or not self.int16 else 0):
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

    cdef inline void _put(self, char *dst, Py_ssize_t first, const float *y, int lo,
                          int hi) noexcept nogil:
        """Lanes lo..hi-1 of a block to ``dst`` elements first, first + channels, ..."""
        cdef int16_t t[16]
        cdef int j, ch = self.channels
        cdef int16_t *d16 = <int16_t *>dst + first
        cdef float *d32 = <float *>dst + first
        if self.int16:
            lkr_to_i16(y, t)
            for j in range(lo, hi):
                d16[(j - lo) * ch] = t[j]
        else:
            for j in range(lo, hi):
                d32[(j - lo) * ch] = y[j]

    cdef void _run_blocks(self, char *dst, Py_ssize_t count) noexcept nogil:
        """``count`` outputs, 16 at a time; a block that is not complete yet is computed from
        the rows whose input has come (the others are 0 for its outputs so far) and computed
        again on the next call."""
        cdef int ch = self.channels, c, lo, hi, j, nr, k
        cdef Py_ssize_t o = 0
        cdef float y[16]
        cdef float z[16]
        cdef const float *x
        cdef const float *g
        cdef const int *r
        while o < count:
            lo = self.done
            hi = 16 if count - o >= 16 - lo else lo + <int>(count - o)
            k = self.bt
            g = self.bcoef + <Py_ssize_t>k * self.width * 16
            r = self.brows + <Py_ssize_t>k * self.width
            nr = self.bcount[k]
            while nr and self.s + r[nr - 1] >= self.n:
                nr -= 1
            if self.bdense[k]:
                r = NULL
            c = 0
            while c < ch:
                x = self.buf + c * self.cap + self.s
                if c + 1 < ch:
                    lkr_block2(x, x + self.cap, g, r, nr, y, z)
                    self._put(dst, o * ch + c, y, lo, hi)
                    self._put(dst, o * ch + c + 1, z, lo, hi)
                    c += 2
                else:
                    lkr_block(x, g, r, nr, y)
                    self._put(dst, o * ch + c, y, lo, hi)
                    c += 1
            o += hi - lo
            if hi == 16:
                self.done = 0
                self.p += 16 * self.down
                self.s += self.p // self.up
                self.p %= self.up
                self.bt = (self.bt + 1) % self.kinds
            else:
                self.done = hi

    cdef void _run(self, char *dst, Py_ssize_t count) noexcept nogil:
        cdef int T = self.taps, ch = self.channels, c
        cdef Py_ssize_t o = 0, s0, s1
        cdef int64_t p0, p1, prod
        cdef float y0, y1, a
        cdef const float *x
        cdef const float *h0
        cdef const float *h1
        cdef int64_t up = self.up
        if self.blocked:
            self._run_blocks(dst, count)
            return
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
