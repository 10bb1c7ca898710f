"""Format names, LiveKit buffer types, frame sizes and colour-matrix codes."""

from __future__ import annotations

import pytest
from livekit import rtc
from livekit.rtc.video_frame import _get_plane_length

from lkfast.video.formats import (
    FORMATS,
    buffer_type,
    check_size,
    frame_size,
    layout,
    matrix_code,
    parse_format,
)


@pytest.mark.parametrize("name", ["RGBA", "ABGR", "ARGB", "BGRA", "RGB24", "I420", "NV12"])
def test_livekit_buffer_types_round_trip(name: str) -> None:
    value = getattr(rtc.VideoBufferType, name)
    assert parse_format(value) == name
    assert buffer_type(name) == value
    assert parse_format(name.lower()) == name


def test_bgr24_has_no_livekit_type() -> None:
    assert parse_format("bgr24") == "BGR24"
    with pytest.raises(ValueError, match="BGR24"):
        buffer_type("BGR24")


@pytest.mark.parametrize(("fmt", "exc", "words"), [
    ("YUYV", ValueError, "unknown format 'YUYV'"),
    (rtc.VideoBufferType.I420A, ValueError, "I420A is not supported"),
    (99, ValueError, "value 99"),
    (None, TypeError, "NoneType"),
    (True, TypeError, "bool"),
    (1.0, TypeError, "float"),
])
def test_bad_formats_are_named(fmt: object, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        parse_format(fmt)


def test_sizes_agree_with_livekit() -> None:
    for w, h in [(1, 1), (3, 5), (640, 480), (641, 479)]:
        for name in FORMATS:
            if name == "BGR24":
                continue
            assert frame_size(name, w, h) == _get_plane_length(buffer_type(name), w, h)
    assert frame_size("BGR24", 3, 5) == 45
    assert layout("I420", 3, 3).planes == ((0, 9), (9, 4), (13, 4))
    assert layout("NV12", 3, 3).planes == ((0, 9), (9, 8))


@pytest.mark.parametrize(("w", "h", "exc", "words"), [
    (0, 1, ValueError, "width must be between 1 and 16384, got 0"),
    (1, -1, ValueError, "height must be between 1 and 16384, got -1"),
    (16385, 1, ValueError, "width"),
    (1.0, 1, TypeError, "width must be an integer"),
    (1, "2", TypeError, "height must be an integer"),
])
def test_bad_sizes(w: object, h: object, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        check_size(w, h)


def test_matrix_codes() -> None:
    assert [matrix_code(m, f) for m in ("bt601", "bt709") for f in (False, True)] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="bt2020"):
        matrix_code("bt2020", False)
    with pytest.raises(TypeError, match="full_range"):
        matrix_code("bt601", 1)
