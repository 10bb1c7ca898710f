"""Type aliases shared by the public API and the ``.pyi`` stubs."""

from __future__ import annotations

import array
from typing import Any, Union

import numpy as np

#: Any C-contiguous buffer a kernel reads: bytes, bytearray, memoryview, array.array, ndarray.
ReadableBuffer = Union[bytes, bytearray, memoryview, "array.array[Any]", "np.ndarray[Any, Any]"]
#: A writable C-contiguous buffer a kernel writes into.
WritableBuffer = Union[bytearray, memoryview, "array.array[Any]", "np.ndarray[Any, Any]"]
