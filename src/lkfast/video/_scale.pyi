from typing import Any

VARIANT: str

def scale_plane(
    src: Any,
    src_offset: int,
    src_stride: int,
    src_w: int,
    src_h: int,
    dst: Any,
    dst_offset: int,
    dst_stride: int,
    dst_w: int,
    dst_h: int,
    x_starts: Any,
    x_counts: Any,
    x_weights: Any,
    x_width: int,
    y_starts: Any,
    y_counts: Any,
    y_weights: Any,
    y_width: int,
) -> None: ...
def fill_rect(dst: Any, offset: int, stride: int, width: int, height: int, value: int) -> None: ...
