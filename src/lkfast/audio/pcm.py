"""PCM sample kernels: conversion, channel layout, gain, fades and levels.

Conventions, shared by every function here and its twin in :mod:`lkfast.reference`:

- Samples are int16 (LiveKit's format) or float32 in [-1, 1); ``float_to_int16`` also takes
  float64. A bytes-like input (bytes, bytearray, ``rtc.AudioFrame.data``) holds int16.
- Interleaved layout (L0 R0 L1 R1 ...) as in ``rtc.AudioFrame``: an input is an
  ``rtc.AudioFrame``, a 2-D array ``(samples, num_channels)``, or a 1-D buffer with
  ``num_channels`` given (default 1).
- Scale is 32768 both ways, so ``int16 -> float32 -> int16`` is exact; every float -> int16
  step rounds to nearest, ties to even, and saturates to [-32768, 32767]; NaN becomes 0.
- ``out=`` takes any writable C-contiguous buffer of the result's dtype and size (numpy array,
  ``rtc.AudioFrame`` or its ``.data``, bytearray) and may overlap the input; without it a new
  numpy array is returned.
- Levels are in dBFS with full scale 32768 for int16 and 1.0 for float: see :func:`levels`.
"""

from __future__ import annotations

from lkfast._core.results import Levels
from lkfast.audio._channels import deinterleave, interleave, remix
from lkfast.audio._gain import apply_gain, fade
from lkfast.audio._levels import levels
from lkfast.audio._pcm import float_to_int16, int16_to_float32

__all__ = ["Levels", "apply_gain", "deinterleave", "fade", "float_to_int16",
           "int16_to_float32", "interleave", "levels", "remix"]
