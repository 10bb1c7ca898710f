"""Pixel formats and colour matrices: names, kernel codes, byte sizes, LiveKit buffer types.

Formats are named by their byte order in memory, as LiveKit names them: ``RGBA`` is bytes
R, G, B, A; ``RGB24`` is bytes R, G, B. ``BGR24`` (OpenCV's order) is not a LiveKit type.
``I420`` is the Y plane, then U, then V, each chroma plane ``(w+1)//2 x (h+1)//2``; ``NV12`` is
the Y plane, then one plane of interleaved U, V pairs. Everything is tightly packed, as
``rtc.VideoFrame`` holds it. LiveKit's other types: ``I420A`` (I420, then an alpha plane
``w x h``), ``I422`` (chroma planes ``(w+1)//2 x h``), ``I444`` (three ``w x h`` planes) and
``I010`` (I420's layout in little-endian uint16 samples of 10 bits: every plane twice the bytes).
"""

from __future__ import annotations

import operator
from typing import Literal, NamedTuple, Union

from lkfast._core.checks import check_int

# Re-exported: lkfast.formats has always offered the matrix names and codes.
from lkfast.video.colour import MATRIX_CODES as MATRIX_CODES
from lkfast.video.colour import MatrixName as MatrixName
from lkfast.video.colour import matrix_code as matrix_code
from lkfast.video.colour import rgb_to_yuv

# Spelled as unions of one-value Literals: the same type to a checker, and a typing.Union at
# runtime too, which mypy.stubtest requires of an alias it reads as a union.
FormatName = Union[Literal["RGBA"], Literal["BGRA"], Literal["ARGB"], Literal["ABGR"],
                   Literal["RGB24"], Literal["BGR24"], Literal["I420"], Literal["NV12"],
                   Literal["I420A"], Literal["I422"], Literal["I444"], Literal["I010"]]
#: A format as a name (any case) or an ``rtc.VideoBufferType`` value.
FormatLike = Union[str, int]

#: Kernel codes, in this order; the compiled modules take these integers.
FORMATS: tuple[FormatName, ...] = ("RGBA", "BGRA", "ARGB", "ABGR", "RGB24", "BGR24", "I420",
                                   "NV12", "I420A", "I422", "I444", "I010")
CODES: dict[str, int] = {name: code for code, name in enumerate(FORMATS)}
PACKED: frozenset[str] = frozenset(FORMATS[:6])
#: The YUV formats of the _yuv kernels; PLANAR: the others, converted by the _planar kernels.
YUV: frozenset[str] = frozenset(("I420", "NV12"))
PLANAR: frozenset[str] = frozenset(("I420A", "I422", "I444", "I010"))

#: Byte offsets of R, G, B and A (-1: none) inside one pixel of each packed format.
CHANNEL_OFFSETS: dict[str, tuple[int, int, int, int]] = {
    "RGBA": (0, 1, 2, 3),
    "BGRA": (2, 1, 0, 3),
    "ARGB": (1, 2, 3, 0),
    "ABGR": (3, 2, 1, 0),
    "RGB24": (0, 1, 2, -1),
    "BGR24": (2, 1, 0, -1),
}
BYTES_PER_PIXEL: dict[str, int] = {"RGBA": 4, "BGRA": 4, "ARGB": 4, "ABGR": 4, "RGB24": 3,
                                   "BGR24": 3}

#: ``rtc.VideoBufferType`` values (livekit's protobuf enum) of the formats LiveKit has.
BUFFER_TYPES: dict[FormatName, int] = {"RGBA": 0, "ABGR": 1, "ARGB": 2, "BGRA": 3, "RGB24": 4,
                                "I420": 5, "I420A": 6, "I422": 7, "I444": 8, "I010": 9,
                                "NV12": 10}
_BY_BUFFER_TYPE: dict[int, FormatName] = {value: name for name, value in BUFFER_TYPES.items()}
#: Exact spellings parse_format accepts without further work.
KNOWN_SPELLINGS: dict[object, FormatName] = {}
for _name in FORMATS:
    KNOWN_SPELLINGS[_name] = KNOWN_SPELLINGS[_name.lower()] = _name
    if _name in BUFFER_TYPES:
        KNOWN_SPELLINGS[BUFFER_TYPES[_name]] = _name
del _name

#: Largest width or height accepted (16384 x 16384 RGBA is 1 GiB; offsets stay below 2**31).
MAX_DIMENSION = 16384

class Layout(NamedTuple):
    """Byte layout of one frame: total size and the offset and size of each plane."""

    size: int
    planes: tuple[tuple[int, int], ...]  # (offset, size) in bytes


def parse_format(fmt: object, name: str = "format") -> FormatName:
    """Return the canonical name of ``fmt`` (a name, any case, or an ``rtc.VideoBufferType``).

    Raises:
        TypeError: ``fmt`` is neither a string nor an integer.
        ValueError: an unknown name or value.
    """
    if type(fmt) is str or type(fmt) is int:
        known = KNOWN_SPELLINGS.get(fmt)
        if known is not None:
            return known
    if isinstance(fmt, str):
        key = fmt.upper()
        if key in CODES:
            return FORMATS[CODES[key]]
        raise ValueError(f"unknown {name} {fmt!r}; known: {', '.join(FORMATS)}")
    if isinstance(fmt, bool):
        raise TypeError(f"{name} must be a format name or rtc.VideoBufferType, got bool")
    try:
        value = operator.index(fmt)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be a format name or rtc.VideoBufferType, got "
                        f"{type(fmt).__name__} {fmt!r}") from None
    if value in _BY_BUFFER_TYPE:
        return _BY_BUFFER_TYPE[value]
    raise ValueError(f"unknown {name} rtc.VideoBufferType value {value}")


def buffer_type(fmt: object) -> int:
    """The ``rtc.VideoBufferType`` of a format; ValueError for BGR24, which LiveKit lacks."""
    name = parse_format(fmt)
    if name not in BUFFER_TYPES:
        raise ValueError(f"{name} has no rtc.VideoBufferType (LiveKit has RGB24, not BGR24)")
    return BUFFER_TYPES[name]


def check_size(width: object, height: object) -> tuple[int, int]:
    """Validate frame dimensions: integers from 1 to ``MAX_DIMENSION``."""
    if (type(width) is int and type(height) is int and 0 < width <= MAX_DIMENSION
            and 0 < height <= MAX_DIMENSION):
        return width, height  # type: ignore[return-value]
    w = check_int("width", width)
    h = check_int("height", height)
    for label, value in (("width", w), ("height", h)):
        if not 1 <= value <= MAX_DIMENSION:
            raise ValueError(f"{label} must be between 1 and {MAX_DIMENSION}, got {value}")
    return w, h


def byte_size(fmt: FormatName, width: int, height: int) -> int:
    """Bytes of one frame of an already validated format and size."""
    bpp = BYTES_PER_PIXEL.get(fmt)
    if bpp is not None:
        return width * height * bpp
    if fmt in PLANAR:
        return layout(fmt, width, height).size
    return width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)


def layout(fmt: FormatName, width: int, height: int) -> Layout:
    """Plane offsets and sizes in bytes of an already validated format and size."""
    if fmt in BYTES_PER_PIXEL:
        size = width * height * BYTES_PER_PIXEL[fmt]
        return Layout(size, ((0, size),))
    luma = width * height
    chroma = ((width + 1) // 2) * ((height + 1) // 2)
    if fmt in PLANAR:
        return planar_layout(fmt, width, height)
    if fmt == "I420":
        return Layout(luma + 2 * chroma, ((0, luma), (luma, chroma), (luma + chroma, chroma)))
    return Layout(luma + 2 * chroma, ((0, luma), (luma, 2 * chroma)))


def plane_shapes(fmt: FormatName, width: int, height: int) -> tuple[tuple[int, int], ...]:
    """(row bytes, rows) of each plane of a YUV format, in LiveKit's plane order."""
    cw, ch = (width + 1) // 2, (height + 1) // 2
    if fmt == "NV12":
        return ((width, height), (2 * cw, ch))
    if fmt == "I420A":
        return ((width, height), (cw, ch), (cw, ch), (width, height))
    if fmt == "I422":
        return ((width, height), (cw, height), (cw, height))
    if fmt == "I444":
        return ((width, height),) * 3
    if fmt == "I010":
        return ((2 * width, height), (2 * cw, ch), (2 * cw, ch))
    return ((width, height), (cw, ch), (cw, ch))


def planar_layout(fmt: FormatName, width: int, height: int) -> Layout:
    """``layout`` of a YUV format from its ``plane_shapes``, planes back to back."""
    planes = []
    offset = 0
    for row, rows in plane_shapes(fmt, width, height):
        planes.append((offset, row * rows))
        offset += row * rows
    return Layout(offset, tuple(planes))


def frame_size(fmt: object, width: object, height: object) -> int:
    """Bytes of one tightly packed frame of ``fmt`` at ``width`` x ``height`` pixels."""
    name = parse_format(fmt)
    w, h = check_size(width, height)
    return byte_size(name, w, h)


def encode_pixel(fmt: FormatName, rgba: tuple[int, int, int, int], matrix: str = "bt601",
                 full_range: bool = False) -> bytes:
    """One pixel of colour ``rgba`` in ``fmt``: its bytes for a packed format (alpha dropped
    where there is none), or its 8-bit ``(Y, U, V)`` for the YUV formats."""
    if fmt not in BYTES_PER_PIXEL:
        return bytes(rgb_to_yuv(rgba[0], rgba[1], rgba[2], matrix=matrix,
                                full_range=full_range))
    pixel = bytearray(BYTES_PER_PIXEL[fmt])
    for channel, offset in enumerate(CHANNEL_OFFSETS[fmt]):
        if offset >= 0:
            pixel[offset] = rgba[channel]
    return bytes(pixel)
