# Sample-buffer acquisition shared by the PCM kernels; declarations in _samples.pxd.
"""Acquisition of sample buffers for the compiled PCM kernels (no public API)."""

from cpython.buffer cimport PyBuffer_Release
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

from lkfast._core._buffer cimport _format_code, _is_native_or_little, acquire, lkfast_format_name

import numpy as np
from livekit.rtc import AudioFrame

from lkfast._core.checks import MAX_CHANNELS as _MAX_CHANNELS, check_channels_for

cdef object _INT16 = np.dtype(np.int16)
cdef object _FLOAT32 = np.dtype(np.float32)
cdef object _FLOAT64 = np.dtype(np.float64)
cdef object _empty = np.empty
cdef int _BYTES = 8  # bytes-like buffer read as int16 (internal flag, never returned)


cdef str _kinds_text(int kinds):
    names = []
    if kinds & INT16:
        names.append("`int16`")
    if kinds & FLOAT32:
        names.append("`float32`")
    if kinds & FLOAT64:
        names.append("`float64`")
    return " or ".join(names)


cdef int _kind_of(Py_buffer *view) noexcept:
    cdef char code = _format_code(view.format)
    if code == b'h' and view.itemsize == 2:
        return INT16
    if code == b'f' and view.itemsize == 4:
        return FLOAT32
    if code == b'd' and view.itemsize == 8:
        return FLOAT64
    if (code == b'B' or code == b'b' or code == b'c') and view.itemsize == 1 and view.ndim <= 1:
        return _BYTES
    return 0


cdef int _describe(Py_buffer *view, Samples *s, str name, int kinds) except -1:
    """Fill ``s`` from an acquired buffer; the caller releases it on error."""
    cdef int kind = _kind_of(view)
    if not _is_native_or_little(view.format):
        raise TypeError(f"{name} holds big-endian samples (format "
                        f"{view.format.decode('ascii', 'replace')!r}); convert them to native "
                        f"byte order")
    if kind == _BYTES and kinds & INT16:
        if view.len % 2:
            raise ValueError(f"{name} holds {view.len} bytes, not a whole number of int16 samples")
        kind = INT16
    elif not kind & kinds:
        fmt = lkfast_format_name(view.format).decode("ascii", "replace")
        raise TypeError(f"Expected {name} with dtype {_kinds_text(kinds)} but got `{fmt}`")
    s.data = <char *>view.buf
    s.nbytes = view.len
    s.kind = kind
    s.itemsize = 2 if kind == INT16 else 4 if kind == FLOAT32 else 8
    s.count = view.len // s.itemsize
    s.channels = 1
    s.frames = s.count
    return 0


cdef int _truncate(Samples *s, Py_ssize_t count) noexcept:
    # An rtc.AudioFrame's buffer may be longer than its samples; only these count.
    if s.count > count:
        s.count = count
        s.frames = count
        s.nbytes = count * s.itemsize
    return 0


cdef int _layout(Py_buffer *view, Samples *s, str name, int frame_channels,
                 object num_channels) except -1:
    cdef Py_ssize_t nch
    if frame_channels:
        nch = frame_channels
        if num_channels is not None and check_channels_for("num_channels", num_channels) != nch:
            raise ValueError(f"num_channels={num_channels!r} but the frame has {nch} channels")
    elif view.ndim == 2:
        nch = view.shape[1]
        if not 1 <= nch <= _MAX_CHANNELS:
            raise ValueError(f"{name} has {nch} channels (shape ({view.shape[0]}, {nch})); "
                             f"1 to {_MAX_CHANNELS} are supported")
        if num_channels is not None and check_channels_for("num_channels", num_channels) != nch:
            raise ValueError(f"num_channels={num_channels!r} but {name} has shape "
                             f"({view.shape[0]}, {nch}): {nch} channels")
    elif view.ndim > 2:
        raise ValueError(f"{name} must be 1-D interleaved or 2-D (samples, channels), got "
                         f"{view.ndim} dimensions")
    else:
        nch = 1 if num_channels is None else check_channels_for("num_channels", num_channels)
    if s.count % nch:
        raise ValueError(f"{name} holds {s.count} samples, not a whole number of "
                         f"{nch}-channel groups")
    s.channels = <int>nch
    s.frames = s.count // nch
    return 0


cdef int get_samples(object obj, Py_buffer *view, Samples *s, str name, int kinds,
                     bint layout, object num_channels) except -1:
    """Acquire ``obj``'s samples (read-only is fine) into ``view`` and describe them in ``s``.

    ``obj`` is a C-contiguous buffer of one of ``kinds`` (a 1-D bytes-like counts as int16) or
    an ``rtc.AudioFrame``. With ``layout``, ``s.channels`` comes from the frame, from the
    second axis of a 2-D array, or from ``num_channels`` (default 1). On success the caller
    owns ``view`` and must release it.
    """
    cdef int frame_channels = 0
    cdef Py_ssize_t frame_count = -1
    if isinstance(obj, AudioFrame):
        frame_channels = obj.num_channels
        frame_count = obj.samples_per_channel * frame_channels
        obj = obj.data
    acquire(obj, view, name, False)
    try:
        _describe(view, s, name, kinds)
        if frame_count >= 0:
            _truncate(s, frame_count)
        if layout:
            _layout(view, s, name, frame_channels, num_channels)
        elif frame_channels:
            s.channels = frame_channels
            s.frames = s.count // frame_channels
    except BaseException:
        PyBuffer_Release(view)
        raise
    return 0


cdef int get_output(object out, Py_buffer *view, Samples *s, int kind,
                    Py_ssize_t count) except -1:
    """Acquire the writable output ``out`` (a buffer or an ``rtc.AudioFrame``) of ``count``
    samples of ``kind``; the caller owns ``view`` on success."""
    cdef Py_ssize_t frame_count = -1
    if isinstance(out, AudioFrame):
        frame_count = out.samples_per_channel * out.num_channels
        out = out.data
    acquire(out, view, "out", True)
    try:
        _describe(view, s, "out", kind)
        if frame_count >= 0:
            _truncate(s, frame_count)
        if s.count != count:
            raise ValueError(f"out holds {s.count} samples, the result has {count}")
    except BaseException:
        PyBuffer_Release(view)
        raise
    return 0


cdef object shape_of(bint frame_input, Py_buffer *view, Samples *s):
    """Shape of an element-wise result: the array's shape, (samples, channels) for a frame."""
    if frame_input:
        return (s.frames, s.channels)
    if view.ndim == 0:
        return ()
    if view.ndim == 1 or view.itemsize != s.itemsize:
        return (s.count,)
    return tuple([view.shape[i] for i in range(view.ndim)])


cdef object new_array(object shape, int kind):
    return _empty(shape, _INT16 if kind == INT16 else _FLOAT32 if kind == FLOAT32 else _FLOAT64)


cdef bint overlap(Samples *a, Samples *b) noexcept:
    return (a.nbytes > 0 and b.nbytes > 0 and a.data < b.data + b.nbytes
            and b.data < a.data + a.nbytes)


cdef int separate(Samples *src, Samples *out, bint in_place_ok, void **owned) except -1:
    """Make ``src`` safe to read while ``out`` is written.

    An element-wise kernel (``in_place_ok``) may write over its own input when ``out`` starts
    where ``src`` does with samples of the same size; any other overlap points ``src.data`` at
    a private copy, which the caller frees with ``free(owned[0])`` (``NULL`` when none was
    made). So ``out`` may alias ``src`` in any way and the result is as if ``src`` had been
    read whole first.
    """
    owned[0] = NULL
    if not overlap(src, out):
        return 0
    if in_place_ok and src.data == out.data and src.itemsize == out.itemsize:
        return 0
    owned[0] = malloc(src.nbytes)
    if owned[0] == NULL:
        raise MemoryError()
    memcpy(owned[0], src.data, src.nbytes)
    src.data = <char *>owned[0]
    return 0


cdef int open_input(SampleIO *io, object src, int kinds, bint layout,
                    object num_channels) except -1:
    """Start ``io``: acquire ``src`` (named "src") as :func:`get_samples` does. Call
    :func:`close_io` once this has returned, whatever happens next."""
    io.has_src = False
    io.has_out = False
    io.owned = NULL
    io.frame_input = isinstance(src, AudioFrame)
    get_samples(src, &io.sv, &io.s, "src", kinds, layout, num_channels)
    io.has_src = True
    return 0


cdef object open_output(SampleIO *io, object out, int kind, Py_ssize_t rows, Py_ssize_t cols,
                        bint in_place_ok):
    """Acquire ``out``, or a new array when it is None, for the result of ``io``'s input, and
    make the input safe to read while it is written (:func:`separate`). Returns the result.

    The result holds ``rows * cols`` samples of ``kind`` in that shape; ``rows < 0`` means as
    many samples as the input, shaped like it (:func:`shape_of`).
    """
    cdef Py_ssize_t count = io.s.count if rows < 0 else rows * cols
    if out is None:
        if rows < 0:
            out = new_array(shape_of(io.frame_input, &io.sv, &io.s), kind)
        else:
            out = new_array((rows, cols), kind)
    get_output(out, &io.ov, &io.o, kind, count)
    io.has_out = True
    separate(&io.s, &io.o, in_place_ok, &io.owned)
    return out


cdef void close_io(SampleIO *io) noexcept:
    """Release what :func:`open_input` and :func:`open_output` acquired."""
    free(io.owned)
    io.owned = NULL
    if io.has_out:
        PyBuffer_Release(&io.ov)
        io.has_out = False
    if io.has_src:
        PyBuffer_Release(&io.sv)
        io.has_src = False
