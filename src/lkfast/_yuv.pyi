from lkfast._typing import ReadableBuffer, WritableBuffer

VARIANT: str

def convert_rows(
    src: ReadableBuffer,
    dst: WritableBuffer,
    width: int,
    height: int,
    src_code: int,
    dst_code: int,
    row_begin: int,
    row_end: int,
    matrix: int,
    simd: bool | None = None,
) -> None: ...
