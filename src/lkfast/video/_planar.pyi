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
def chroma_scale(
    src: ReadableBuffer,
    src_stride: int,
    src_width: int,
    src_height: int,
    dst: WritableBuffer,
    dst_stride: int,
    dst_width: int,
    dst_height: int,
) -> None: ...
