# PCM framing: any chunking in, fixed-length rtc.AudioFrames out.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py.
"""Compiled AudioFramer: see :class:`lkfast.AudioFramer`."""

from cpython.buffer cimport PyBuffer_Release, PyObject_CheckBuffer
from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_FromStringAndSize
from libc.stdint cimport int16_t
from libc.string cimport memcpy, memset

from lkfast._core._buffer cimport _format_code, _is_native_or_little, acquire, lkfast_format_name
from lkfast.audio._samples cimport f32_to_i16, f64_to_i16, lk_f32u, lk_f64u, lk_i16u

import warnings

from livekit import rtc

from lkfast._core.checks import check_frame_layout

cdef extern from *:
    """
    /* object.__new__(type): an instance whose __init__ has not run. */
    static PyObject *lkfast_bare_instance(PyObject *type, PyObject *no_args) {
        return PyBaseObject_Type.tp_new((PyTypeObject *)type, no_args, NULL);
    }
    """
    object bare_instance "lkfast_bare_instance" (object type, object no_args)

# The instance attributes rtc.AudioFrame.__init__ sets (livekit 1.1 and 1.2).
cdef frozenset _FRAME_ATTRS = frozenset(
    ["_data", "_sample_rate", "_num_channels", "_samples_per_channel", "_userdata"])
cdef tuple _NO_ARGS = ()

cdef enum:
    _INT16 = 1
    _FLOAT32 = 2
    _FLOAT64 = 3


cdef dict _frame_template(object frame_type, int rate, int nch, int spc, Py_ssize_t nbytes):
    """The attributes of a frame built by ``frame_type(...)``, minus its data and userdata,
    if that frame has exactly the layout lkfast knows; else None (use the constructor)."""
    data = bytearray(nbytes)
    frame = frame_type(data, rate, nch, spc)
    attrs = getattr(frame, "__dict__", None)
    if (type(frame) is not frame_type or type(attrs) is not dict
            or frozenset(attrs) != _FRAME_ATTRS or attrs["_data"] is not data
            or type(attrs["_userdata"]) is not dict or attrs["_userdata"]
            or (frame.sample_rate, frame.num_channels, frame.samples_per_channel)
            != (rate, nch, spc)):
        return None
    template = dict(attrs)
    del template["_data"], template["_userdata"]
    return template


cdef class AudioFramer:
    """Cuts int16 or float PCM, pushed in chunks of any size, into full ``rtc.AudioFrame``s.

    Every frame holds exactly ``samples_per_channel`` samples per channel. Bytes that do not
    fill a frame wait for the next ``push``, even half a sample or half a channel group, so no
    sample is lost, duplicated or shifted. Each input byte is copied once, straight into the
    memory of the frame that carries it (a whole ``bytearray``, which LiveKit reads without a
    further copy).

    A drop-in for livekit-agents' ``AudioByteStream`` (same constructor, ``push``/``write``/
    ``flush``/``clear``; ``push`` gives the same frames for any chunking), except:

    - the default frame is 10 ms (LiveKit's block), not 100 ms: pass
      ``samples_per_channel=sample_rate // 10`` for ``AudioByteStream``'s frames;
    - ``flush`` returns one full-length frame, zero-padded, not a shorter frame: LiveKit's
      native side drains whole 10 ms blocks and a short tail would stay stuck in it;
    - ``flush`` always emits every pending whole int16 sample: a partial channel group
      (stereo with an odd sample count) is emitted with the missing channels zero, and a
      dangling half sample (odd byte count) is dropped with a ``RuntimeWarning``, so the next
      push starts a new, aligned stream. ``AudioByteStream`` 1.8 keeps those bytes for the next
      push (right for a flush in the middle of a stream, misaligned for a new one); earlier
      releases returned nothing at all for such a flush ("incomplete frame during flush,
      dropping") and lost the whole pending audio;
    - it also takes numpy int16/float arrays and ``rtc.AudioFrame``s; no ``progressive`` mode.

    Frames are built without re-running ``rtc.AudioFrame.__init__``'s checks when the
    installed livekit lays frames out as lkfast knows (checked once per framer against a
    frame built by the constructor); otherwise through the constructor.

    Args:
        sample_rate: Hz, 8000 to 192000.
        num_channels: 1 to 8.
        samples_per_channel: frame length; default 10 ms (``sample_rate // 100``: 480 at
            48 kHz, 441 at 44.1 kHz, 160 at 16 kHz).

    Raises:
        TypeError, ValueError: a parameter is of the wrong type or out of range.
    """

    cdef readonly int sample_rate
    cdef readonly int num_channels
    cdef readonly int samples_per_channel
    cdef Py_ssize_t _frame_bytes
    cdef Py_ssize_t _pos          # bytes of _buf already filled
    cdef bytearray _buf           # the next frame's memory; bytes past _pos are undefined
    cdef object _frame_type
    cdef dict _template           # None: build frames with the constructor

    def __init__(self, sample_rate, num_channels, samples_per_channel=None):
        rate, nch, spc = check_frame_layout(sample_rate, num_channels, samples_per_channel)
        self.sample_rate = rate
        self.num_channels = nch
        self.samples_per_channel = spc
        self._frame_bytes = <Py_ssize_t>spc * nch * 2
        self._pos = 0
        self._buf = PyByteArray_FromStringAndSize(NULL, self._frame_bytes)
        self._frame_type = rtc.AudioFrame
        self._template = _frame_template(self._frame_type, rate, nch, spc, self._frame_bytes)

    @property
    def pending_bytes(self):
        """Bytes waiting for the next frame."""
        return self._pos

    cdef object _emit(self):
        """The filled buffer as a frame; a fresh buffer takes its place."""
        cdef bytearray data = self._buf
        self._buf = PyByteArray_FromStringAndSize(NULL, self._frame_bytes)
        self._pos = 0
        if self._template is None:
            return self._frame_type(data, self.sample_rate, self.num_channels,
                                    self.samples_per_channel)
        frame = bare_instance(self._frame_type, _NO_ARGS)
        attrs = self._template.copy()
        attrs["_data"] = data
        attrs["_userdata"] = {}
        frame.__dict__ = attrs
        return frame

    def push(self, data):
        """Add PCM and return the frames it completes.

        Args:
            data: int16 interleaved PCM as bytes, bytearray or memoryview (any length, even
                odd), a numpy int16 array of shape ``(n,)`` or ``(n, num_channels)``, a numpy
                float32/float64 array in [-1, 1] (x 32768, rounded to nearest, saturated), or
                an ``rtc.AudioFrame`` of the framer's rate and channels.

        Returns:
            The completed frames, oldest first (often none or one).

        Raises:
            TypeError: unsupported type or dtype. ValueError: a 2-D array whose second axis
                is not ``num_channels``, a non-contiguous buffer, a frame of another layout,
                or float input while half a sample is pending.
        """
        cdef Py_buffer view
        cdef Py_ssize_t limit = -1
        if isinstance(data, self._frame_type):
            if (data.sample_rate, data.num_channels) != (self.sample_rate, self.num_channels):
                raise ValueError(
                    f"frame has {data.sample_rate} Hz, {data.num_channels} channels; the "
                    f"framer takes {self.sample_rate} Hz, {self.num_channels} channels")
            limit = <Py_ssize_t>data.samples_per_channel * data.num_channels * 2
            data = data.data
        elif not PyObject_CheckBuffer(data):
            raise TypeError(f"data must be bytes-like, a numpy array or an rtc.AudioFrame, got "
                            f"{type(data).__name__}")
        acquire(data, &view, "data", False)
        try:
            kind = self._check(&view)
            if kind == _INT16:
                return self._push_bytes(<const char *>view.buf,
                                        view.len if limit < 0 else min(limit, view.len))
            return self._push_floats(<const char *>view.buf, kind, view.len // view.itemsize)
        finally:
            PyBuffer_Release(&view)

    def write(self, data):
        """Alias of :meth:`push` (as in livekit-agents' ``AudioByteStream``)."""
        return self.push(data)

    cdef int _check(self, Py_buffer *view) except -1:
        """The kind of samples in ``view``; errors for what the framer cannot take."""
        cdef char code = _format_code(view.format)
        cdef int kind = 0
        if _is_native_or_little(view.format):
            if code == b'h' and view.itemsize == 2:
                kind = _INT16
            elif (code == b'B' or code == b'b' or code == b'c') and view.itemsize == 1:
                kind = _INT16 if view.ndim <= 1 else 0
            elif code == b'f' and view.itemsize == 4:
                kind = _FLOAT32
            elif code == b'd' and view.itemsize == 8:
                kind = _FLOAT64
        if kind == 0:
            fmt = lkfast_format_name(view.format).decode("ascii", "replace")
            order = "" if _is_native_or_little(view.format) else " (big-endian)"
            raise TypeError(f"Expected data with dtype `int16`, `float32` or `float64` but got "
                            f"`{fmt}`{order}")
        if view.ndim > 2:
            shape = tuple([view.shape[i] for i in range(view.ndim)])
            raise ValueError(f"data must be 1-D or (n, num_channels), got shape {shape}")
        if view.ndim == 2 and view.shape[1] != self.num_channels:
            raise ValueError(f"data has {view.shape[1]} channels, the framer "
                             f"num_channels={self.num_channels}")
        if kind != _INT16 and self._pos % 2:
            raise ValueError("float data pushed while half an int16 sample is pending")
        return kind

    cdef list _push_bytes(self, const char *src, Py_ssize_t n):
        # Copies of one frame or less between frame constructions: releasing the GIL for
        # each would cost more than the copy.
        cdef list frames = []
        cdef Py_ssize_t take, offset = 0
        while offset < n:
            take = self._frame_bytes - self._pos
            if take > n - offset:
                take = n - offset
            memcpy(PyByteArray_AS_STRING(self._buf) + self._pos, src + offset, take)
            self._pos += take
            offset += take
            if self._pos == self._frame_bytes:
                frames.append(self._emit())
        return frames

    cdef list _push_floats(self, const char *src, int kind, Py_ssize_t count):
        cdef list frames = []
        cdef Py_ssize_t take, done = 0
        cdef int itemsize = 4 if kind == _FLOAT32 else 8
        cdef lk_i16u *dst
        while done < count:
            take = (self._frame_bytes - self._pos) // 2
            if take > count - done:
                take = count - done
            dst = <lk_i16u *>(PyByteArray_AS_STRING(self._buf) + self._pos)
            if kind == _FLOAT32:
                f32_to_i16(<const lk_f32u *>(src + done * itemsize), dst, take)
            else:
                f64_to_i16(<const lk_f64u *>(src + done * itemsize), dst, take)
            self._pos += 2 * take
            done += take
            if self._pos == self._frame_bytes:
                frames.append(self._emit())
        return frames

    def flush(self):
        """Return what is pending as one full-length frame, zero-padded; ``[]`` if nothing.

        A dangling half sample (an odd byte count) is dropped with a ``RuntimeWarning``, so
        the framer stays aligned for what is pushed next.
        """
        if self._pos % 2:
            warnings.warn("AudioFramer.flush dropped half an int16 sample (1 byte)",
                          RuntimeWarning, stacklevel=2)
            self._pos -= 1
        if self._pos == 0:
            return []
        memset(PyByteArray_AS_STRING(self._buf) + self._pos, 0, self._frame_bytes - self._pos)
        return [self._emit()]

    def clear(self):
        """Drop whatever is pending."""
        self._pos = 0

    def __repr__(self):
        return (f"AudioFramer(sample_rate={self.sample_rate}, num_channels={self.num_channels}, "
                f"samples_per_channel={self.samples_per_channel})")
