# Level meter: RMS and peak per channel, in dBFS.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled level meter; documented in :mod:`lkfast.audio.pcm`."""

from cpython.buffer cimport PyBuffer_Release
from libc.math cimport INFINITY, NAN, fabs, log10, sqrt
from libc.stdint cimport int16_t, int32_t, int64_t

from lkfast.audio._samples cimport INT16, FLOAT32, Samples, get_samples, lk_f32u, lk_i16u

from lkfast._core.results import Levels


cdef void _int16_levels(const lk_i16u *src, Py_ssize_t n, int nch, int64_t *squares,
                        int32_t *peaks) noexcept nogil:
    # Exact: squares in int64, peaks as |x| (32768 for -32768). Mono and stereo get their own
    # loops (int16 minima and maxima, one pass): compilers vectorise those.
    cdef Py_ssize_t i
    cdef int c
    cdef int16_t x, y, lo0 = 0, hi0 = 0, lo1 = 0, hi1 = 0
    cdef int64_t acc0 = 0, acc1 = 0
    cdef int32_t v, lo, hi
    if nch == 1:
        for i in range(n):
            x = src[i]
            acc0 += <int32_t>x * x
            lo0 = x if x < lo0 else lo0
            hi0 = x if x > hi0 else hi0
    elif nch == 2:
        for i in range(n):
            x = src[2 * i]
            y = src[2 * i + 1]
            acc0 += <int32_t>x * x
            acc1 += <int32_t>y * y
            lo0 = x if x < lo0 else lo0
            hi0 = x if x > hi0 else hi0
            lo1 = y if y < lo1 else lo1
            hi1 = y if y > hi1 else hi1
    if nch <= 2:
        squares[0] = acc0
        peaks[0] = hi0 if hi0 > -<int32_t>lo0 else -<int32_t>lo0
        squares[1] = acc1
        peaks[1] = hi1 if hi1 > -<int32_t>lo1 else -<int32_t>lo1
        return
    for c in range(nch):
        acc0 = 0
        lo = 0
        hi = 0
        for i in range(n):
            v = src[i * nch + c]
            acc0 += v * v
            lo = v if v < lo else lo
            hi = v if v > hi else hi
        squares[c] = acc0
        peaks[c] = hi if hi > -lo else -lo


cdef void _float32_levels(const lk_f32u *src, Py_ssize_t n, int nch, double *squares,
                          double *peaks) noexcept nogil:
    # Squares summed in sample order in double; any NaN makes both figures NaN.
    cdef Py_ssize_t i
    cdef int c
    cdef double x, acc, peak
    cdef bint nan
    for c in range(nch):
        acc = 0.0
        peak = 0.0
        nan = False
        for i in range(n):
            x = src[i * nch + c]
            acc += x * x
            peak = fabs(x) if fabs(x) > peak else peak
            nan = nan or x != x
        squares[c] = NAN if nan else acc
        peaks[c] = NAN if nan else peak


cdef double _dbfs(double ratio) noexcept:
    # 20 * log10(ratio); silence (0) is -inf.
    return -INFINITY if ratio == 0.0 else 20.0 * log10(ratio)


def levels(src, num_channels=None):
    """RMS and peak level of each channel, in dBFS.

    The reference (0 dBFS) is full scale 32768 for int16, 1.0 for float32, the scale of
    ``int16_to_float32``: ``rms_dbfs = 20 * log10(sqrt(mean(x**2)) / 32768)`` and
    ``peak_dbfs = 20 * log10(max|x| / 32768)``. So a full-scale square wave (or -32768) reads
    0 dB, 32767 reads -0.00027 dB, and a full-scale sine has an RMS of -3.01 dB (this is not
    AES17, which would add 3.01 dB to sine RMS). Silence, and an empty buffer, read
    ``-inf``; a float NaN makes both figures of its channel NaN.

    Args:
        src: int16 or float32 interleaved samples: an ``rtc.AudioFrame``, a 2-D array
            ``(samples, num_channels)``, or a 1-D buffer (mono unless ``num_channels`` says).
        num_channels: channels of a 1-D ``src`` (default 1).

    Returns:
        ``Levels(rms_dbfs, peak_dbfs)``: two tuples with one float per channel.

    Raises:
        TypeError: wrong dtype. ValueError: bad layout.
    """
    cdef Py_buffer sv
    cdef Samples s
    cdef int64_t isq[8]
    cdef int32_t ipk[8]
    cdef double fsq[8]
    cdef double fpk[8]
    cdef int c
    cdef double n
    get_samples(src, &sv, &s, "src", INT16 | FLOAT32, True, num_channels)
    try:
        with nogil:
            if s.kind == INT16:
                _int16_levels(<const lk_i16u *>s.data, s.frames, s.channels, isq, ipk)
            else:
                _float32_levels(<const lk_f32u *>s.data, s.frames, s.channels, fsq, fpk)
    finally:
        PyBuffer_Release(&sv)
    n = <double>s.frames
    if s.frames == 0:
        silent = (-INFINITY,) * s.channels
        return Levels(silent, silent)
    if s.kind == INT16:
        rms = tuple([_dbfs(sqrt(<double>isq[c] / n) / 32768.0) for c in range(s.channels)])
        peak = tuple([_dbfs(ipk[c] / 32768.0) for c in range(s.channels)])
    else:
        rms = tuple([_dbfs(sqrt(fsq[c] / n)) for c in range(s.channels)])
        peak = tuple([_dbfs(fpk[c]) for c in range(s.channels)])
    return Levels(rms, peak)
