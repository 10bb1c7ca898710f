from collections.abc import Sequence

from lkfast._core.buffer_types import ReadableBuffer, WritableBuffer

VARIANT: str
NATIVE_POOL: bool

def convert_planes(
    src: Sequence[ReadableBuffer],
    src_strides: Sequence[int],
    dst: Sequence[WritableBuffer],
    dst_strides: Sequence[int],
    width: int,
    height: int,
    src_code: int,
    dst_code: int,
    row_begin: int,
    row_end: int,
    matrix: int,
    simd: bool | None = None,
    threads: int = 1,
) -> None: ...
