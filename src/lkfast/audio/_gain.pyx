# Gain kernels: constant gain in dB, linear fades.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled gain and fade kernels; documented in :mod:`lkfast.audio.pcm`."""

from libc.stdint cimport int16_t, int64_t
from libc.string cimport memcpy, memset

from lkfast.audio._samples cimport (
    lk_f32u, lk_i16u,
    FLOAT32, INT16, SampleIO, close_io, gain_i16, open_input, open_output, round_half_even,
)

from lkfast._core.checks import check_fade, check_gain_db


cdef void _gain_float32(const lk_f32u *src, lk_f32u *dst, Py_ssize_t n, double g) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        dst[i] = <float>(src[i] * g)


cdef inline Py_ssize_t _clamp(int64_t v, Py_ssize_t n) noexcept nogil:
    return 0 if v < 0 else n if v > n else <Py_ssize_t>v


cdef void _fade(const char *src, char *dst, Py_ssize_t frames, int nch, int itemsize,
                bint is_int16, int64_t length, bint fade_out, int64_t first) noexcept nogil:
    """Multiply sample frame i by g(j), j = first + i: in g = clamp(j / length, 0, 1); out
    g = clamp((length - 1 - j) / length, 0, 1). Gain 0 writes 0, gain 1 copies."""
    cdef Py_ssize_t ramp_from, ramp_to, i, k
    cdef Py_ssize_t row = nch * itemsize
    cdef int c
    cdef int64_t j
    cdef double g
    cdef const lk_i16u *s16 = <const lk_i16u *>src
    cdef lk_i16u *d16 = <lk_i16u *>dst
    cdef const lk_f32u *s32 = <const lk_f32u *>src
    cdef lk_f32u *d32 = <lk_f32u *>dst
    if fade_out:
        ramp_from = _clamp(-first, frames)               # before: gain 1
        ramp_to = _clamp(length - 1 - first, frames)     # from here on: gain 0
        if src != dst:
            memcpy(dst, src, ramp_from * row)
        memset(dst + ramp_to * row, 0, (frames - ramp_to) * row)
    else:
        ramp_from = _clamp(1 - first, frames)            # before: gain 0
        ramp_to = _clamp(length - first, frames)         # from here on: gain 1
        memset(dst, 0, ramp_from * row)
        if src != dst:
            memcpy(dst + ramp_to * row, src + ramp_to * row, (frames - ramp_to) * row)
    for i in range(ramp_from, ramp_to):
        j = first + i
        if fade_out:
            j = length - 1 - j
        g = <double>j / <double>length
        k = i * nch
        if is_int16:
            for c in range(nch):
                d16[k + c] = <int16_t>round_half_even(s16[k + c] * g)
        else:
            for c in range(nch):
                d32[k + c] = <float>(s32[k + c] * g)


def apply_gain(src, gain_db, out=None):
    """Multiply samples by ``10 ** (gain_db / 20)``; int16 results round and saturate.

    int16: ``saturate(round(x * g))``, rounding to nearest with ties to even. float32:
    ``x * g`` in double, rounded once to float32, not clipped (``float_to_int16`` saturates
    later).

    Args:
        src: int16 or float32 samples, any shape (numpy array, ``rtc.AudioFrame`` or its
            ``.data``, bytes).
        gain_db: gain in dB, -200 to 200; ``float("-inf")`` mutes.
        out: optional writable buffer of the same dtype and size; ``out=src`` works in place
            (pass ``frame.data`` or the frame to change a frame).

    Returns:
        ``out``, or a new array shaped like ``src``.

    Raises:
        TypeError: wrong dtype, non-numeric gain. ValueError: gain out of range or NaN, bad
            ``out``.
    """
    cdef SampleIO io
    cdef double g = check_gain_db(gain_db)
    open_input(&io, src, INT16 | FLOAT32, False, None)
    try:
        result = open_output(&io, out, io.s.kind, -1, 0, True)
        with nogil:
            if io.s.kind == INT16:
                gain_i16(<const lk_i16u *>io.s.data, <lk_i16u *>io.o.data, io.s.count, g)
            else:
                _gain_float32(<const lk_f32u *>io.s.data, <lk_f32u *>io.o.data, io.s.count, g)
    finally:
        close_io(&io)
    return result


def fade(src, length, direction="in", start=None, num_channels=None, out=None):
    """Apply a linear fade-in or fade-out over ``length`` samples per channel.

    With ``j`` the position of a sample relative to the fade's first sample, a fade-in
    multiplies it by ``j / length`` clamped to [0, 1] (0 at the first sample, 1 from sample
    ``length`` on, 0 before the fade) and a fade-out is its mirror image,
    ``(length - 1 - j) / length`` clamped (1 before the fade, ``(length - 1) / length`` at its
    first sample, 0 at its last and after). int16 results round to nearest, ties to even.

    A fade may span several frames: give each frame its ``start``. By default a fade-in starts
    at the first sample of ``src`` and a fade-out ends at its last one.

    Args:
        src: int16 or float32 interleaved samples: an ``rtc.AudioFrame``, a 2-D array
            ``(samples, num_channels)``, or a 1-D buffer with ``num_channels`` given.
        length: samples per channel over which the gain goes from 0 to 1 (or 1 to 0).
        direction: ``"in"`` or ``"out"``.
        start: ``j`` of the first sample of ``src`` (samples per channel; negative when the
            fade begins later in ``src``). Default: 0 for ``"in"``, ``length - len(src)`` for
            ``"out"``.
        num_channels: channels of a 1-D ``src`` (default 1).
        out: optional writable buffer of the same dtype and size; ``out=src`` works in place.

    Returns:
        ``out``, or a new array shaped like ``src``.

    Raises:
        TypeError: wrong dtype or argument type. ValueError: ``length`` < 1, unknown
            ``direction``, bad layout or ``out``.
    """
    cdef SampleIO io
    cdef int64_t n, first
    cdef bint fade_out
    open_input(&io, src, INT16 | FLOAT32, True, num_channels)
    try:
        n, fade_out, first = check_fade(length, direction, start, io.s.frames)
        result = open_output(&io, out, io.s.kind, -1, 0, True)
        with nogil:
            _fade(io.s.data, io.o.data, io.s.frames, io.s.channels, io.s.itemsize,
                  io.s.kind == INT16, n, fade_out, first)
    finally:
        close_io(&io)
    return result
