"""PCM sample conversions: float in [-1, 1] <-> int16, as LiveKit's frames hold it.

Scale is 32768 both ways, so ``int16 -> float32 -> int16`` is exact; floats are rounded to the
nearest integer (ties to even) and saturated to [-32768, 32767]; NaN becomes 0.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from lkfast import _pcm


def _contiguous_1d(src: Any, name: str, dtypes: tuple[type, ...]) -> np.ndarray:
    if isinstance(src, np.ndarray):
        arr = src
    else:
        try:
            view = memoryview(src)
        except TypeError:
            raise TypeError(f"{name} must be a numpy array or a buffer, got "
                            f"{type(src).__name__}") from None
        arr = np.frombuffer(view.cast("B"), dtype=np.dtype(view.format))
    if arr.dtype.type not in dtypes:
        names = " or ".join(f"`{np.dtype(d).name}`" for d in dtypes)
        raise TypeError(f"Expected {name} with dtype {names} but got `{arr.dtype.name}`")
    if not arr.flags.c_contiguous:
        raise ValueError(f"{name} must be C-contiguous")
    return arr.reshape(-1)


def _output(out: Optional[Any], like: np.ndarray, dtype: type) -> np.ndarray:
    if out is None:
        return np.empty(like.shape, dtype=dtype)
    if not isinstance(out, np.ndarray):
        try:
            view = memoryview(out)
        except TypeError:
            raise TypeError(f"out must be a writable buffer, got {type(out).__name__}") from None
        if view.readonly:
            raise ValueError("out is read-only")
        if not view.c_contiguous:
            raise ValueError("out must be C-contiguous")
        out = np.frombuffer(view.cast("B"), dtype=np.dtype(view.format))
    if out.dtype.type is not dtype:
        raise TypeError(
            f"Expected out with dtype `{np.dtype(dtype).name}` but got `{out.dtype.name}`")
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    if not out.flags.c_contiguous:
        raise ValueError("out must be C-contiguous")
    if out.size != like.size:
        raise ValueError(f"out holds {out.size} samples, src holds {like.size}")
    return out


def float_to_int16(src: npt.ArrayLike, out: Optional[Any] = None) -> Any:
    """Convert float32/float64 samples in [-1, 1] to int16 (x 32768, round, saturate).

    Args:
        src: C-contiguous float32 or float64 array (any shape), or a buffer of float32.
        out: optional writable C-contiguous int16 buffer (numpy array, ``AudioFrame.data``)
            of the same number of samples.

    Returns:
        The int16 array (``out`` when given), shaped like ``src``.

    Raises:
        TypeError: wrong dtype. ValueError: non-contiguous, read-only or wrong-size ``out``.
    """
    flat = _contiguous_1d(src, "src", (np.float32, np.float64))
    result = _output(out, src if isinstance(src, np.ndarray) else flat, np.int16)
    if flat.dtype.type is np.float32:
        _pcm.float32_to_int16_kernel(flat, result.reshape(-1))
    else:
        _pcm.float64_to_int16_kernel(flat, result.reshape(-1))
    return result if out is None or isinstance(out, np.ndarray) else out


def int16_to_float32(src: npt.ArrayLike, out: Optional[Any] = None) -> Any:
    """Convert int16 samples to float32 in [-1, 1) (÷ 32768, exact).

    Args:
        src: C-contiguous int16 array (any shape), or a buffer of int16 such as
            ``rtc.AudioFrame.data``.
        out: optional writable C-contiguous float32 buffer of the same number of samples.

    Returns:
        The float32 array (``out`` when given), shaped like ``src``.
    """
    flat = _contiguous_1d(src, "src", (np.int16,))
    result = _output(out, src if isinstance(src, np.ndarray) else flat, np.float32)
    _pcm.int16_to_float32_kernel(flat, result.reshape(-1))
    return result if out is None or isinstance(out, np.ndarray) else out
