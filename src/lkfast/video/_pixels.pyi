from typing import Any

VARIANT: str
NATIVE_POOL: bool

def convert_rows(
    src: Any,
    dst: Any,
    width: int,
    height: int,
    src_code: int,
    dst_code: int,
    row_begin: int,
    row_end: int,
    matrix: int,
    threads: int = 1,
) -> None: ...
def fill_rows(
    dst: Any,
    width: int,
    height: int,
    code: int,
    pixel: Any,
    row_begin: int,
    row_end: int,
    threads: int = 1,
) -> None: ...
def try_convert(
    src: Any, out: Any, width: int, height: int, src_code: int, dst_code: int
) -> bool: ...
def try_fill(out: Any, width: int, height: int, code: int, rgba: Any) -> bool: ...
def overlap(a: Any, b: Any) -> int: ...
def simd_name() -> str: ...
