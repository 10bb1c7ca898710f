# Buffer acquisition shared by the kernel modules: every check a kernel needs before it runs
# an unchecked loop over raw memory. Directives come from setup.py (boundscheck/wraparound
# off unless LKFAST_DEBUG=1).
from cpython.buffer cimport (
    PyBUF_FORMAT, PyBUF_RECORDS_RO, PyBuffer_IsContiguous, PyBuffer_Release,
    PyObject_GetBuffer,
)

cdef extern from *:
    """
    static const char *lkfast_format_name(const char *fmt) {
        if (fmt == NULL) return "bytes (format 'B')";
        const char *f = fmt;
        if (*f == '@' || *f == '=' || *f == '<' || *f == '!' || *f == '>') f++;
        switch (*f) {
            case 'b': return "int8"; case 'B': return "uint8"; case 'c': return "char";
            case 'h': return "int16"; case 'H': return "uint16";
            case 'i': return "int32"; case 'I': return "uint32";
            case 'l': return "long"; case 'L': return "unsigned long";
            case 'q': return "int64"; case 'Q': return "uint64";
            case 'e': return "float16"; case 'f': return "float32"; case 'd': return "float64";
            case '?': return "bool";
        }
        return fmt;
    }
    """
    const char *lkfast_format_name(const char *fmt)


cdef inline bint _is_native_or_little(const char *fmt) noexcept:
    # Kernels assume little-endian hosts' native layout; reject explicit big-endian formats.
    return fmt == NULL or (fmt[0] != b'>' and fmt[0] != b'!')


cdef inline char _format_code(const char *fmt) noexcept:
    if fmt == NULL:
        return b'B'
    if fmt[0] == b'@' or fmt[0] == b'=' or fmt[0] == b'<':
        return fmt[1] if fmt[1] != 0 and fmt[2] == 0 else 0
    return fmt[0] if fmt[1] == 0 else 0


cdef inline int acquire(object obj, Py_buffer *view, str name, bint writable) except -1:
    """Get a C-contiguous buffer of ``obj``; TypeError/ValueError naming ``name`` otherwise."""
    try:
        PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO)
    except BufferError as exc:
        raise TypeError(
            f"{name} must be a C-contiguous buffer (bytes, bytearray, memoryview, numpy "
            f"array), got {type(obj).__name__}: {exc}") from None
    except TypeError:
        raise TypeError(
            f"{name} must support the buffer protocol (bytes, bytearray, memoryview, numpy "
            f"array), got {type(obj).__name__}") from None
    if not PyBuffer_IsContiguous(view, b'C'):
        PyBuffer_Release(view)
        raise ValueError(f"{name} must be C-contiguous")
    if writable and view.readonly:
        PyBuffer_Release(view)
        raise ValueError(f"{name} is read-only; pass a writable buffer (bytearray, numpy array)")
    return 0


cdef inline int acquire_int16(object obj, Py_buffer *view, str name, bint writable) except -1:
    """Like ``acquire``; the buffer must hold int16 items, or bytes of an even length."""
    acquire(obj, view, name, writable)
    cdef char code = _format_code(view.format)
    if code == b'h' and view.itemsize == 2 and _is_native_or_little(view.format):
        return 0
    if (code == b'B' or code == b'b' or code == b'c') and view.itemsize == 1:
        if view.len % 2:
            PyBuffer_Release(view)
            raise ValueError(f"{name} holds {view.len} bytes, not a whole number of int16 samples")
        return 0
    fmt = lkfast_format_name(view.format).decode("ascii", "replace")
    PyBuffer_Release(view)
    raise TypeError(f"Expected {name} with dtype `int16` but got `{fmt}`")


cdef inline bint try_acquire_bytes(object obj, Py_buffer *view, bint writable) noexcept:
    """Acquire a C-contiguous buffer of integer items, or return False (no error raised).

    The fast paths use it to accept the common cases at C speed; anything it refuses goes
    through the full Python checks, which say what is wrong.
    """
    cdef char code
    try:
        PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO)
    except Exception:
        return False
    code = _format_code(view.format)
    if (PyBuffer_IsContiguous(view, b'C') and not (writable and view.readonly)
            and _is_native_or_little(view.format) and code != 0
            and code in b"bBchHiIlLqQnN"):
        return True
    PyBuffer_Release(view)
    return False


cdef inline bint rows_layout(Py_buffer *view, Py_ssize_t rows, Py_ssize_t row_bytes,
                             Py_ssize_t *stride) noexcept:
    """Whether an acquired buffer of integer items holds ``rows`` rows of ``row_bytes`` bytes,
    each contiguous; sets ``stride`` to the row stride in bytes (``view.buf`` is row 0).

    Either C-contiguous and exactly ``rows * row_bytes`` bytes (stride ``row_bytes``), or a
    2-D ``(rows, row_bytes / itemsize)`` / 3-D ``(rows, pixels, channels)`` buffer whose rows
    are contiguous, at a row stride of any sign no shorter than a row (``img[y0:y1, x0:x1]``,
    ``img[::-1]``).
    """
    cdef char code = _format_code(view.format)
    cdef Py_ssize_t item = view.itemsize, s
    if code == 0 or code not in b"bBchHiIlLqQnN" or not _is_native_or_little(view.format):
        return False
    if PyBuffer_IsContiguous(view, b'C'):
        stride[0] = row_bytes
        return view.len == rows * row_bytes
    if view.strides == NULL or view.suboffsets != NULL or not 2 <= view.ndim <= 3:
        return False
    if view.shape[0] != rows or view.strides[view.ndim - 1] != item:
        return False
    if view.ndim == 2 and view.shape[1] * item != row_bytes:
        return False
    if view.ndim == 3 and (view.shape[1] * view.shape[2] * item != row_bytes
                           or view.strides[1] != view.shape[2] * item):
        return False
    s = view.strides[0]
    if rows > 1 and (s if s >= 0 else -s) < row_bytes:
        return False
    stride[0] = s
    return True


cdef inline int acquire_rows(object obj, Py_buffer *view, str name, bint writable,
                             Py_ssize_t rows, Py_ssize_t row_bytes,
                             Py_ssize_t *stride) except -1:
    """Get a buffer that ``rows_layout`` accepts; ValueError naming ``name`` otherwise.

    The kernels' own guard: the Python boundary (lkfast.video.args.packed_rows) has already
    said what is wrong with a buffer in detail.
    """
    try:
        PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO)
    except (BufferError, TypeError):
        raise TypeError(f"{name} must support the buffer protocol (bytes, bytearray, "
                        f"memoryview, numpy array), got {type(obj).__name__}") from None
    if writable and view.readonly:
        PyBuffer_Release(view)
        raise ValueError(f"{name} is read-only; pass a writable buffer (bytearray, numpy array)")
    if not rows_layout(view, rows, row_bytes, stride):
        PyBuffer_Release(view)
        raise ValueError(f"{name} is not {rows} rows of {row_bytes} contiguous bytes")
    return 0


cdef inline bint try_acquire_rows(object obj, Py_buffer *view, bint writable, Py_ssize_t rows,
                                  Py_ssize_t row_bytes, Py_ssize_t *stride) noexcept:
    """``acquire_rows`` for the fast paths: False (no error raised) where it would raise."""
    try:
        PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO)
    except Exception:
        return False
    if not (writable and view.readonly) and rows_layout(view, rows, row_bytes, stride):
        return True
    PyBuffer_Release(view)
    return False
