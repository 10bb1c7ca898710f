# PCM sample conversions between float and int16.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled float <-> int16 sample conversions; documented in :mod:`lkfast.audio.pcm`."""

from libc.stdint cimport int16_t

from lkfast.audio._samples cimport (
    lk_f32u, lk_i16u,
    FLOAT32, FLOAT64, INT16, SampleIO, close_io, f32_to_i16, f64_to_i16, open_input,
    open_output,
)


cdef void _int16_to_float32(const lk_i16u *src, lk_f32u *dst, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        dst[i] = <float>(src[i] * (1.0 / 32768.0))


def float_to_int16(src, out=None):
    """Convert float32/float64 samples in [-1, 1] to int16: x 32768, round, saturate.

    Rounding is to the nearest integer, ties to even; results beyond [-32768, 32767] saturate
    (1.0 gives 32767) and NaN gives 0.

    Args:
        src: C-contiguous float32 or float64 samples of any shape (numpy array, ``array('f')``,
            memoryview).
        out: optional writable C-contiguous int16 buffer of as many samples (numpy array,
            ``rtc.AudioFrame`` or its ``.data``, bytearray). It may overlap ``src``.

    Returns:
        ``out``, or a new int16 array shaped like ``src``.

    Raises:
        TypeError: wrong dtype or not a buffer. ValueError: non-contiguous, read-only or
            wrong-size ``out``.
    """
    cdef SampleIO io
    open_input(&io, src, FLOAT32 | FLOAT64, False, None)
    try:
        result = open_output(&io, out, INT16, -1, 0, False)
        with nogil:
            if io.s.kind == FLOAT32:
                f32_to_i16(<const lk_f32u *>io.s.data, <lk_i16u *>io.o.data, io.s.count)
            else:
                f64_to_i16(<const double *>io.s.data, <lk_i16u *>io.o.data, io.s.count)
    finally:
        close_io(&io)
    return result


def int16_to_float32(src, out=None):
    """Convert int16 samples to float32 in [-1, 1): ÷ 32768, exactly.

    Args:
        src: C-contiguous int16 samples of any shape (numpy array, ``rtc.AudioFrame`` or its
            ``.data``, bytes of an even length).
        out: optional writable C-contiguous float32 buffer of as many samples. It may overlap
            ``src``.

    Returns:
        ``out``, or a new float32 array shaped like ``src`` (``(samples_per_channel,
        num_channels)`` for a frame).

    Raises:
        TypeError: wrong dtype or not a buffer. ValueError: non-contiguous, read-only or
            wrong-size ``out``, an odd number of bytes.
    """
    cdef SampleIO io
    open_input(&io, src, INT16, False, None)
    try:
        result = open_output(&io, out, FLOAT32, -1, 0, False)
        with nogil:
            _int16_to_float32(<const lk_i16u *>io.s.data, <lk_f32u *>io.o.data, io.s.count)
    finally:
        close_io(&io)
    return result
