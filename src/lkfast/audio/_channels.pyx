# Channel layout kernels: interleave, deinterleave, remix.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled channel kernels; documented in :mod:`lkfast.audio.pcm`."""

from cpython.buffer cimport PyBuffer_Release, PyObject_CheckBuffer
from libc.stdint cimport int16_t, int32_t
from libc.stdlib cimport free
from libc.string cimport memcpy

from lkfast.audio._samples cimport (
    lk_f32u, lk_i16u,
    FLOAT32, INT16, SampleIO, Samples, close_io, get_output, get_samples, new_array, open_input,
    open_output, round_half_even, separate,
)

from livekit.rtc import AudioFrame

from lkfast._core.checks import MAX_CHANNELS as _MAX_CHANNELS, check_channels_for

ctypedef fused sample_t:
    lk_i16u
    lk_f32u


cdef void _interleave(sample_t **planes, sample_t *out, Py_ssize_t n,
                      int nch) noexcept nogil:
    cdef Py_ssize_t i
    cdef int c
    cdef sample_t *a
    cdef sample_t *b
    if nch == 2:
        a = planes[0]
        b = planes[1]
        for i in range(n):
            out[2 * i] = a[i]
            out[2 * i + 1] = b[i]
    else:
        for c in range(nch):
            a = planes[c]
            for i in range(n):
                out[i * nch + c] = a[i]


cdef void _deinterleave(const sample_t *src, sample_t *out, Py_ssize_t n,
                        int nch) noexcept nogil:
    cdef Py_ssize_t i
    cdef int c
    if nch == 2:
        for i in range(n):
            out[i] = src[2 * i]
            out[n + i] = src[2 * i + 1]
    else:
        for c in range(nch):
            for i in range(n):
                out[c * n + i] = src[i * nch + c]


cdef void _upmix(const sample_t *src, sample_t *out, Py_ssize_t n, int nch) noexcept nogil:
    cdef Py_ssize_t i
    cdef int c
    if nch == 2:
        for i in range(n):
            out[2 * i] = src[i]
            out[2 * i + 1] = src[i]
    else:
        for i in range(n):
            for c in range(nch):
                out[i * nch + c] = src[i]


cdef void _downmix_int16(const lk_i16u *src, lk_i16u *out, Py_ssize_t n,
                         int nch) noexcept nogil:
    # Mean of the channels, rounded to nearest, ties to even. The sum is exact in int32 and
    # sum / nch is exact or correctly rounded in double, never across a .5 boundary.
    cdef Py_ssize_t i
    cdef int c
    cdef int32_t acc
    cdef int32_t half
    if nch == 2:  # the same in integers: floor, then a tie (odd sum) goes to the even side
        for i in range(n):
            acc = <int32_t>src[2 * i] + src[2 * i + 1]
            half = acc >> 1
            out[i] = <int16_t>(half + (acc & half & 1))
    else:
        for i in range(n):
            acc = 0
            for c in range(nch):
                acc += src[i * nch + c]
            out[i] = <int16_t>round_half_even(<double>acc / nch)


cdef void _downmix_float32(const lk_f32u *src, lk_f32u *out, Py_ssize_t n,
                           int nch) noexcept nogil:
    # Channels summed left to right in double, divided, rounded once to float32.
    cdef Py_ssize_t i
    cdef int c
    cdef double acc
    for i in range(n):
        acc = 0.0
        for c in range(nch):
            acc += src[i * nch + c]
        out[i] = <float>(acc / nch)


def interleave(planes, out=None):
    """Interleave per-channel (planar) samples into LiveKit's layout: L0 R0 L1 R1 ...

    Args:
        planes: a C-contiguous 2-D array ``(num_channels, samples)``, or a sequence of
            ``num_channels`` 1-D buffers of equal length; int16 or float32, 1 to 8 channels.
        out: optional writable C-contiguous buffer of the same dtype and total size (numpy
            array, ``rtc.AudioFrame`` or its ``.data``). It may overlap the input.

    Returns:
        ``out``, or a new array of shape ``(samples, num_channels)``.

    Raises:
        TypeError: wrong dtype, mixed dtypes, not a buffer. ValueError: channels of different
            lengths, no or too many channels, bad ``out``.
    """
    cdef Py_buffer views[8]
    cdef Py_buffer ov
    cdef Samples s[8]
    cdef Samples o
    cdef void *owned[8]
    cdef char *ptrs[8]
    cdef int nch = 0, acquired = 0, copies = 0, c
    cdef Py_ssize_t n, i
    try:
        if PyObject_CheckBuffer(planes) and not isinstance(planes, AudioFrame):
            get_samples(planes, &views[0], &s[0], "planes", INT16 | FLOAT32, False, None)
            acquired = 1
            if views[0].ndim != 2 or views[0].itemsize != s[0].itemsize:
                raise ValueError("planes must be a 2-D array (num_channels, samples) or a "
                                 "sequence of 1-D channel buffers")
            nch = <int>views[0].shape[0]
            if not 1 <= nch <= _MAX_CHANNELS:
                raise ValueError(f"planes has {nch} channels (shape ({nch}, "
                                 f"{views[0].shape[1]})); 1 to {_MAX_CHANNELS} are supported")
            n = views[0].shape[1]
            for c in range(nch):  # one Samples per row
                s[c] = s[0]
                s[c].data = s[0].data + c * n * s[0].itemsize
                s[c].count = s[c].frames = n
                s[c].nbytes = n * s[0].itemsize
        else:
            if isinstance(planes, (str, bytes, AudioFrame)) or not hasattr(planes, "__len__"):
                raise TypeError(f"planes must be a 2-D array (num_channels, samples) or a "
                                f"sequence of 1-D channel buffers, got {type(planes).__name__}")
            nch = check_channels_for("len(planes)", len(planes))
            for c in range(nch):
                name = f"planes[{c}]"
                get_samples(planes[c], &views[c], &s[c], name, INT16 | FLOAT32, False, None)
                acquired += 1
                if views[c].ndim > 1:
                    raise ValueError(f"{name} must be 1-D, got {views[c].ndim} dimensions")
                if s[c].kind != s[0].kind:
                    kind = "int16" if s[0].kind == INT16 else "float32"
                    raise TypeError(f"planes[0] holds {kind} samples but {name} does not; all "
                                    f"channels need one dtype")
                if s[c].count != s[0].count:
                    raise ValueError(f"planes[0] holds {s[0].count} samples but {name} holds "
                                     f"{s[c].count}; all channels need the same length")
            n = s[0].count
        result = new_array((n, nch), s[0].kind) if out is None else out
        get_output(result, &ov, &o, s[0].kind, n * nch)
        try:
            for c in range(nch):
                separate(&s[c], &o, False, &owned[c])
                copies += 1
                ptrs[c] = s[c].data
            with nogil:
                if s[0].kind == INT16:
                    _interleave(<lk_i16u **>ptrs, <lk_i16u *>o.data, n, nch)
                else:
                    _interleave(<lk_f32u **>ptrs, <lk_f32u *>o.data, n, nch)
        finally:
            for c in range(copies):
                free(owned[c])
            PyBuffer_Release(&ov)
    finally:
        for c in range(acquired):
            PyBuffer_Release(&views[c])
    return result


def deinterleave(src, num_channels=None, out=None):
    """Split interleaved samples (L0 R0 L1 R1 ...) into one contiguous plane per channel.

    Args:
        src: int16 or float32 interleaved samples: an ``rtc.AudioFrame``, a 2-D array
            ``(samples, num_channels)``, or a 1-D buffer with ``num_channels`` given.
        num_channels: channels of a 1-D ``src`` (default 1); checked against a frame or a 2-D
            array.
        out: optional writable C-contiguous buffer of the same dtype and total size. It may
            overlap ``src``.

    Returns:
        ``out``, or a new array of shape ``(num_channels, samples)``.

    Raises:
        TypeError: wrong dtype. ValueError: a length that is not a whole number of channel
            groups, mismatched ``num_channels``, bad ``out``.
    """
    cdef SampleIO io
    open_input(&io, src, INT16 | FLOAT32, True, num_channels)
    try:
        result = open_output(&io, out, io.s.kind, io.s.channels, io.s.frames, False)
        with nogil:
            if io.s.kind == INT16:
                _deinterleave(<const lk_i16u *>io.s.data, <lk_i16u *>io.o.data, io.s.frames,
                              io.s.channels)
            else:
                _deinterleave(<const lk_f32u *>io.s.data, <lk_f32u *>io.o.data, io.s.frames,
                              io.s.channels)
    finally:
        close_io(&io)
    return result


def remix(src, out_channels, num_channels=None, out=None):
    """Change the channel count of interleaved samples.

    Mono to N channels copies the one channel into each; N channels to mono takes their mean
    (int16: rounded to nearest, ties to even, so stereo ``(1, 2)`` gives 2 and ``(-1, -2)``
    gives -2; float32: summed in double, rounded once); N to N copies. Stereo <-> mono are
    the two common cases. Other mappings (say 6 -> 2) raise ``ValueError``.

    Args:
        src: int16 or float32 interleaved samples: an ``rtc.AudioFrame``, a 2-D array
            ``(samples, num_channels)``, or a 1-D buffer with ``num_channels`` given.
        out_channels: channels of the result, 1 to 8.
        num_channels: channels of a 1-D ``src`` (default 1); checked against a frame or a 2-D
            array.
        out: optional writable C-contiguous buffer of the same dtype and
            ``samples * out_channels`` samples. It may overlap ``src``.

    Returns:
        ``out``, or a new array of shape ``(samples, out_channels)``.

    Raises:
        TypeError: wrong dtype. ValueError: an unsupported mapping, bad channel counts, bad
            ``out``.
    """
    cdef SampleIO io
    cdef int to = check_channels_for("out_channels", out_channels)
    cdef Samples *s = &io.s
    cdef Samples *o = &io.o
    open_input(&io, src, INT16 | FLOAT32, True, num_channels)
    try:
        if s.channels != to and s.channels != 1 and to != 1:
            raise ValueError(f"remix from {s.channels} to {to} channels is not supported: "
                             f"mono -> N duplicates, N -> mono averages, N -> N copies")
        result = open_output(&io, out, s.kind, s.frames, to, False)
        with nogil:
            if s.channels == to:
                memcpy(o.data, s.data, s.nbytes)
            elif s.channels == 1:
                if s.kind == INT16:
                    _upmix(<const lk_i16u *>s.data, <lk_i16u *>o.data, s.frames, to)
                else:
                    _upmix(<const lk_f32u *>s.data, <lk_f32u *>o.data, s.frames, to)
            elif s.kind == INT16:
                _downmix_int16(<const lk_i16u *>s.data, <lk_i16u *>o.data, s.frames,
                               s.channels)
            else:
                _downmix_float32(<const lk_f32u *>s.data, <lk_f32u *>o.data, s.frames, s.channels)
    finally:
        close_io(&io)
    return result
