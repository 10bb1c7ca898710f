# PCM sample conversions between float and int16.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled PCM sample kernels; the public wrappers in :mod:`lkfast.pcm` validate first."""

from libc.stdint cimport int16_t

cdef extern from *:
    """
    #define LKFAST_PCM_ROUND_MAGIC 6755399441055744.0
    """
    const double ROUND_MAGIC "LKFAST_PCM_ROUND_MAGIC"


cdef inline int16_t _to_int16(double x) noexcept nogil:
    # Scale by 32768, saturate, round to nearest (ties to even); NaN becomes 0. Written as
    # selects, not branches, so the loop vectorises.
    x = x * 32768.0
    x = x if x == x else 0.0
    x = x if x < 32767.0 else 32767.0
    x = x if x > -32768.0 else -32768.0
    return <int16_t>((x + ROUND_MAGIC) - ROUND_MAGIC)


def float32_to_int16_kernel(const float[::1] src, int16_t[::1] out):
    """out[i] = saturate(round(src[i] * 32768)); lengths already checked equal."""
    cdef Py_ssize_t i, n = src.shape[0]
    with nogil:
        for i in range(n):
            out[i] = _to_int16(src[i])


def float64_to_int16_kernel(const double[::1] src, int16_t[::1] out):
    """out[i] = saturate(round(src[i] * 32768)); lengths already checked equal."""
    cdef Py_ssize_t i, n = src.shape[0]
    with nogil:
        for i in range(n):
            out[i] = _to_int16(src[i])


def int16_to_float32_kernel(const int16_t[::1] src, float[::1] out):
    """out[i] = src[i] / 32768 (exact); lengths already checked equal."""
    cdef Py_ssize_t i, n = src.shape[0]
    with nogil:
        for i in range(n):
            out[i] = src[i] * (1.0 / 32768.0)
