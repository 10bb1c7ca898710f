"""Pure-Python twins of :mod:`lkfast.pcm` (array and memoryview only, no numpy)."""

from __future__ import annotations

import array
import math
from typing import Any, Optional


def _samples(src: Any, name: str, codes: str) -> memoryview:
    try:
        view = memoryview(src)
    except TypeError:
        raise TypeError(f"{name} must be a buffer, got {type(src).__name__}") from None
    if not view.c_contiguous:
        raise ValueError(f"{name} must be C-contiguous")
    code = view.format.lstrip("@=<")
    if code not in codes:
        raise TypeError(f"Expected {name} with format {codes!r} but got {view.format!r}")
    return view.cast("B").cast(code)  # type: ignore[call-overload]


def _out(out: Any, n: int, code: str) -> memoryview:
    try:
        view = memoryview(out)
    except TypeError:
        raise TypeError(f"out must be a writable buffer, got {type(out).__name__}") from None
    if view.readonly:
        raise ValueError("out is read-only")
    if not view.c_contiguous:
        raise ValueError("out must be C-contiguous")
    if view.format.lstrip("@=<") != code:
        raise TypeError(f"Expected out with format {code!r} but got {view.format!r}")
    flat = view.cast("B").cast(code)  # type: ignore[call-overload]
    if len(flat) != n:
        raise ValueError(f"out holds {len(flat)} samples, src holds {n}")
    return flat


def float_to_int16(src: Any, out: Optional[Any] = None) -> Any:
    """Float samples in [-1, 1] to int16: x 32768, round half to even, saturate, NaN -> 0."""
    samples = _samples(src, "src", "fd")
    result = array.array("h", bytes(2 * len(samples))) if out is None else out
    dst = _out(result, len(samples), "h")
    for i, x in enumerate(samples):
        if math.isnan(x):
            dst[i] = 0
        else:
            dst[i] = max(-32768, min(32767, round(max(-2.0, min(2.0, x)) * 32768.0)))
    return result


def int16_to_float32(src: Any, out: Optional[Any] = None) -> Any:
    """int16 samples to float32 in [-1, 1): ÷ 32768."""
    samples = _samples(src, "src", "h")
    result = array.array("f", bytes(4 * len(samples))) if out is None else out
    dst = _out(result, len(samples), "f")
    for i, x in enumerate(samples):
        dst[i] = x / 32768.0  # type: ignore[call-overload]  # a float into format 'f'

    return result
