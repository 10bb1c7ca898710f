"""Buffer views for the pure-Python side: the checks the compiled kernels make on a buffer."""

from __future__ import annotations

from typing import Any

#: What a buffer argument may be, as error messages say it.
BUFFERS = "bytes, bytearray, memoryview, numpy array"


def buffer_view(obj: Any, name: str, writable: bool,
                what: str = f"support the buffer protocol ({BUFFERS})") -> memoryview:
    """A memoryview of ``obj``, which must be a C-contiguous buffer (and writable if asked).

    Raises:
        TypeError: ``obj`` is no buffer (the message says ``name`` must ``what``).
        ValueError: not C-contiguous, or read-only where ``writable``.
    """
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError(f"{name} must {what}, got {type(obj).__name__}") from None
    if not view.c_contiguous:
        raise ValueError(f"{name} must be C-contiguous")
    if writable and view.readonly:
        raise ValueError(f"{name} is read-only; pass a writable buffer (bytearray, numpy array)")
    return view
