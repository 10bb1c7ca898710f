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
from lkfast.audio._samples cimport lk_f32u, lk_i16u, saturate_int16

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
            _setup_blocks(self, blocks[0], blocks[1], blocks[2])
        self.reset()

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
        # Caller's samples: any address (np.frombuffer(buf, offset=1)), read as unaligned.
        cdef const lk_i16u *s16 = <const lk_i16u *>data
        cdef const lk_f32u *s32 = <const lk_f32u *>data
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
            _run_blocks(self, dst, count)
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


include "_resample_blocks.pxi"
