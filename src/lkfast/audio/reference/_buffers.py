"""Buffer handling for the pure-Python references: the same checks the kernels make."""

from __future__ import annotations

_NAMES = {"b": "int8", "B": "uint8", "c": "char", "h": "int16", "H": "uint16", "i": "int32",
          "I": "uint32", "l": "long", "L": "unsigned long", "q": "int64", "Q": "uint64",
          "e": "float16", "f": "float32", "d": "float64", "?": "bool"}


def _code(fmt: str) -> str:
    return fmt[1:] if fmt[:1] in "@=<" and len(fmt) > 1 else fmt


def acquire(obj: object, name: str, writable: bool) -> memoryview:
    """Return a flat byte view of a C-contiguous buffer; TypeError/ValueError otherwise."""
    try:
        view = memoryview(obj)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{name} must support the buffer protocol (bytes, bytearray, memoryview, numpy "
            f"array), got {type(obj).__name__}") from None
    if not view.c_contiguous:
        raise ValueError(f"{name} must be C-contiguous")
    if writable and view.readonly:
        raise ValueError(f"{name} is read-only; pass a writable buffer (bytearray, numpy array)")
    return view


def acquire_int16(obj: object, name: str, writable: bool) -> memoryview:
    """Return an int16 (format 'h') view; bytes-like buffers must have an even length."""
    view = acquire(obj, name, writable)
    code = _code(view.format)
    if code == "h" and view.itemsize == 2:
        return view.cast("B").cast("h")
    if code in ("B", "b", "c") and view.itemsize == 1:
        if view.nbytes % 2:
            raise ValueError(
                f"{name} holds {view.nbytes} bytes, not a whole number of int16 samples")
        return view.cast("B").cast("h")
    raise TypeError(f"Expected {name} with dtype `int16` but got `{_NAMES.get(code, view.format)}`")
