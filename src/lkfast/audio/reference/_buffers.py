"""Buffer handling for the pure-Python references: the same checks the kernels make."""

from __future__ import annotations

from lkfast._core.views import buffer_view

_NAMES = {"b": "int8", "B": "uint8", "c": "char", "h": "int16", "H": "uint16", "i": "int32",
          "I": "uint32", "l": "long", "L": "unsigned long", "q": "int64", "Q": "uint64",
          "e": "float16", "f": "float32", "d": "float64", "?": "bool"}


def _code(fmt: str) -> str:
    return fmt[1:] if fmt[:1] in "@=<" and len(fmt) > 1 else fmt


def acquire_int16(obj: object, name: str, writable: bool) -> memoryview:
    """Return an int16 (format 'h') view; bytes-like buffers must have an even length."""
    view = buffer_view(obj, name, writable)
    code = _code(view.format)
    if code == "h" and view.itemsize == 2:
        return view.cast("B").cast("h")
    if code in ("B", "b", "c") and view.itemsize == 1:
        if view.nbytes % 2:
            raise ValueError(
                f"{name} holds {view.nbytes} bytes, not a whole number of int16 samples")
        return view.cast("B").cast("h")
    raise TypeError(f"Expected {name} with dtype `int16` but got `{_NAMES.get(code, view.format)}`")
