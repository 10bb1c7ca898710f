"""Conversions among the six packed formats, fills, and the checks before every kernel.

Runs on the compiled package and on the pure-Python reference (fixture ``impl``); the compiled
kernels are also compared with the reference byte for byte on random data.
"""

from __future__ import annotations

import array
import itertools
import types
from typing import Optional

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.video.formats import frame_size

PACKED = ["RGBA", "BGRA", "ARGB", "ABGR", "RGB24", "BGR24"]
PAIRS = list(itertools.product(PACKED, PACKED))
# One pixel with R=10, G=20, B=30, A=40 in every packed format.
PIXEL = {"RGBA": [10, 20, 30, 40], "BGRA": [30, 20, 10, 40], "ARGB": [40, 10, 20, 30],
         "ABGR": [40, 30, 20, 10], "RGB24": [10, 20, 30], "BGR24": [30, 20, 10]}


def random_frame(fmt: str, width: int, height: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, frame_size(fmt, width, height),
                                                dtype=np.uint8)


@pytest.mark.parametrize(("src", "dst"), PAIRS)
def test_one_pixel_moves_each_channel(impl: types.ModuleType, src: str, dst: str) -> None:
    want = list(PIXEL[dst])
    if dst in ("RGBA", "BGRA") and src in ("RGB24", "BGR24"):
        want[3] = 255
    if dst in ("ARGB", "ABGR") and src in ("RGB24", "BGR24"):
        want[0] = 255
    frame = np.array(PIXEL[src] * 7, dtype=np.uint8)  # 7x1: block paths and the scalar tail
    assert list(bytes(impl.convert(frame, 7, 1, src, dst))) == want * 7


@pytest.mark.parametrize(("src", "dst"), PAIRS)
def test_compiled_equals_reference_on_random_frames(src: str, dst: str) -> None:
    # Widths around every block size (4, 5, 8, 16, 32 pixels) and the 16-pixel lead-in of
    # the RGB24 <-> BGR24 path; heights 1 to 3; 1920 wide for long rows.
    for width, height in [(1, 1), (2, 3), (5, 1), (11, 2), (13, 3), (31, 1), (33, 2),
                          (47, 1), (49, 3), (64, 3), (97, 2), (1920, 3)]:
        frame = random_frame(src, width, height, width * height)
        got = lkfast.convert(frame, width, height, src, dst)
        want = lkfast.reference.convert(frame, width, height, src, dst)
        assert got.dtype == np.uint8 and got.ndim == 1
        assert got.tobytes() == bytes(want), (src, dst, width, height)


@given(width=st.integers(1, 70), height=st.integers(1, 4), pair=st.sampled_from(PAIRS),
       seed=st.integers(0, 2**32 - 1))
@settings(max_examples=200, deadline=None)
def test_any_size_matches_reference(width: int, height: int, pair: tuple[str, str],
                                    seed: int) -> None:
    frame = random_frame(pair[0], width, height, seed)
    assert lkfast.convert(frame, width, height, *pair).tobytes() == \
        bytes(lkfast.reference.convert(frame, width, height, *pair))


@pytest.mark.parametrize(("src", "dst"), [("RGBA", "BGRA"), ("BGRA", "RGBA")])
@pytest.mark.parametrize(("width", "height"), [(1, 1), (7, 5), (640, 480)])
def test_matches_livekit_convert(impl: types.ModuleType, src: str, dst: str, width: int,
                                 height: int) -> None:
    # The only packed pairs LiveKit's VideoFrame.convert supports.
    data = random_frame(src, width, height).tobytes()
    frame = rtc.VideoFrame(width, height, getattr(rtc.VideoBufferType, src), data)
    want = bytes(frame.convert(getattr(rtc.VideoBufferType, dst)).data)
    assert bytes(impl.convert(data, width, height, src, dst)) == want


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "array", "hw4", "uint32",
                                  "buffer_type"])
def test_every_kind_of_source(impl: types.ModuleType, kind: str) -> None:
    frame = random_frame("RGBA", 6, 5)
    want = bytes(lkfast.reference.convert(frame.tobytes(), 6, 5, "RGBA", "RGB24"))
    src: object = {
        "bytes": frame.tobytes(), "bytearray": bytearray(frame.tobytes()),
        "memoryview": memoryview(frame.tobytes()), "array": array.array("B", frame.tobytes()),
        "hw4": frame.reshape(5, 6, 4), "uint32": frame.view(np.uint32).reshape(5, 6),
        "buffer_type": frame,
    }[kind]
    src_format = rtc.VideoBufferType.RGBA if kind == "buffer_type" else "rgba"
    assert bytes(impl.convert(src, 6, 5, src_format, "RGB24")) == want


@pytest.mark.parametrize("kind", ["ndarray", "hw3", "bytearray", "memoryview"])
def test_out_is_written_and_returned(kind: str) -> None:
    frame = random_frame("BGRA", 4, 3)
    want = bytes(lkfast.reference.convert(frame, 4, 3, "BGRA", "BGR24"))
    out: object = {"ndarray": np.zeros(36, np.uint8), "hw3": np.zeros((3, 4, 3), np.uint8),
                   "bytearray": bytearray(36), "memoryview": memoryview(bytearray(36))}[kind]
    result = lkfast.convert(frame, 4, 3, "BGRA", "BGR24", out=out)
    assert bytes(out) == want  # type: ignore[call-overload]
    assert result.tobytes() == want and result.ndim == 1
    result[0] = 99  # the result is a view of out, not a copy
    assert bytes(out)[0] == 99  # type: ignore[call-overload]
    if kind == "ndarray":
        assert result is out


def test_reference_returns_out(impl: types.ModuleType) -> None:
    out = bytearray(12)
    result = impl.convert(bytes(range(16)), 2, 2, "RGBA", "RGB24", out=out)
    assert bytes(out) == bytes([0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14])
    assert bytes(result) == bytes(out)


@pytest.mark.parametrize(("src", "dst"), [p for p in PAIRS if "24" not in p[0] + p[1]])
def test_four_byte_conversions_run_in_place(src: str, dst: str) -> None:
    frame = random_frame(src, 37, 3)
    want = bytes(lkfast.reference.convert(frame, 37, 3, src, dst))
    assert lkfast.convert(frame, 37, 3, src, dst, out=frame) is frame
    assert frame.tobytes() == want


def test_overlap_is_refused() -> None:
    buf = np.zeros(4 * 40 + 4, np.uint8)
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.convert(buf[:160], 40, 1, "RGBA", "BGRA", out=buf[4:])
    rgb = np.zeros(120, np.uint8)
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.convert(rgb, 40, 1, "RGB24", "BGR24", out=rgb)
    assert not buf.any() and not rgb.any()


def test_same_format_is_a_copy(impl: types.ModuleType) -> None:
    frame = random_frame("ABGR", 9, 9)
    out = impl.convert(frame, 9, 9, "ABGR", "ABGR")
    assert bytes(out) == frame.tobytes()


def test_threads_give_identical_results() -> None:
    w, h = 1280, 720
    for src, dst in [("RGBA", "BGRA"), ("RGB24", "ARGB"), ("BGRA", "BGR24"),
                     ("RGB24", "BGR24")]:
        frame = random_frame(src, w, h)
        one = lkfast.convert(frame, w, h, src, dst, threads=1)
        for threads in (2, 3, 7, None):
            assert np.array_equal(lkfast.convert(frame, w, h, src, dst, threads=threads), one)
    small = random_frame("RGBA", 5, 9)  # more threads than even 2-row bands: still exact
    assert lkfast.convert(small, 5, 9, "RGBA", "RGB24", threads=16).tobytes() == \
        bytes(lkfast.reference.convert(small, 5, 9, "RGBA", "RGB24"))


def test_thread_count_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from lkfast.video.args import thread_count

    monkeypatch.setenv("LKFAST_NUM_THREADS", "3")
    assert thread_count(None, 1280, 720, "yuv") == 3
    assert thread_count(None, 1280, 720, "packed") == 1  # memory-bound: from 1080p
    assert thread_count(None, 1920, 1080, "packed") == 3
    for kind in ("fill", "planes"):  # memset and memcpy speed: from 4K
        assert thread_count(None, 1920, 1080, kind) == 1
        assert thread_count(None, 3840, 2160, kind) == 3
    assert thread_count(None, 640, 480, "yuv") == 1  # below 720p: one thread
    assert thread_count(5, 640, 480, "fill") == 5
    monkeypatch.setenv("LKFAST_NUM_THREADS", "many")
    with pytest.raises(ValueError, match="LKFAST_NUM_THREADS"):
        thread_count(None, 1920, 1080, "yuv")


GOOD = bytes(4 * 6)


@pytest.mark.parametrize(("kwargs", "exc", "words"), [
    ({"src": bytes(23)}, ValueError, "src holds 23 bytes; RGBA at 3x2 needs 24 bytes"),
    ({"src": bytes(25)}, ValueError, "needs 24 bytes"),
    ({"src_format": "YUY2"}, ValueError, "unknown src_format 'YUY2'"),
    ({"dst_format": "rgb"}, ValueError, "unknown dst_format 'rgb'"),
    ({"dst_format": rtc.VideoBufferType.I444}, ValueError, "I444 is not supported"),
    ({"src_format": None}, TypeError, "src_format"),
    ({"width": 0}, ValueError, "width must be between 1 and 16384, got 0"),
    ({"width": -3}, ValueError, "width"),
    ({"height": 16385}, ValueError, "height must be between 1 and 16384, got 16385"),
    ({"width": 3.0}, TypeError, "width must be an integer"),
    ({"height": "2"}, TypeError, "height must be an integer"),
    ({"src": np.zeros(6, np.float32)}, TypeError, "uint8.*float32"),
    ({"src": np.zeros(48, np.uint8)[::2]}, ValueError, "C-contiguous"),
    ({"src": "RGBA" * 6}, TypeError, "buffer"),
    ({"src": None}, TypeError, "buffer"),
    ({"out": bytes(18)}, ValueError, "out is read-only"),
    ({"out": bytearray(17)}, ValueError, "out holds 17 bytes; RGB24 at 3x2 needs 18 bytes"),
    ({"out": np.zeros(36, np.uint8)[::2]}, ValueError, "out must be C-contiguous"),
    ({"out": np.zeros(18, np.float64)}, TypeError, "out.*float64"),
    ({"out": [0] * 18}, TypeError, "out must be a buffer"),
    ({"threads": 0}, ValueError, "threads must be between 1 and 256, got 0"),
    ({"threads": 1.5}, TypeError, "threads"),
    ({"matrix": "bt2020"}, ValueError, "unknown matrix 'bt2020'"),
    ({"full_range": 1}, TypeError, "full_range"),
])
def test_bad_arguments_are_named(impl: types.ModuleType, kwargs: dict, exc: type,
                                 words: str) -> None:
    args = {"src": GOOD, "width": 3, "height": 2, "src_format": "RGBA", "dst_format": "RGB24"}
    args.update(kwargs)
    src = args.pop("src")
    with pytest.raises(exc, match=words):
        impl.convert(src, **args)


def test_read_only_numpy_out_is_refused(impl: types.ModuleType) -> None:
    out = np.zeros(18, np.uint8)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        impl.convert(GOOD, 3, 2, "RGBA", "RGB24", out=out)


@given(width=st.integers(-2, 12), height=st.integers(-2, 12), nbytes=st.integers(0, 600),
       src=st.sampled_from(PACKED), dst=st.sampled_from(PACKED),
       out_bytes=st.one_of(st.none(), st.integers(0, 600)))
@settings(max_examples=300, deadline=None)
def test_fuzzed_arguments_agree_with_reference(width: int, height: int, nbytes: int, src: str,
                                               dst: str, out_bytes: Optional[int]) -> None:
    data = bytes(range(256)) * 3
    results = []
    for module in (lkfast, lkfast.reference):
        out = None if out_bytes is None else bytearray(b"\x55" * out_bytes)
        try:
            got = module.convert(data[:nbytes], width, height, src, dst, out=out)
        except (ValueError, TypeError) as exc:
            results.append((type(exc), str(exc), None if out is None else bytes(out)))
        else:
            results.append((None, bytes(got), None if out is None else bytes(out)))
    assert results[0] == results[1]


# Fills


@pytest.mark.parametrize("fmt", PACKED)
@pytest.mark.parametrize(("width", "height"), [(1, 1), (5, 3), (17, 16), (33, 7)])
def test_fill_writes_the_colour_everywhere(impl: types.ModuleType, fmt: str, width: int,
                                           height: int) -> None:
    out = bytearray(b"\x01" * frame_size(fmt, width, height))
    impl.fill(out, width, height, fmt, (10, 20, 30, 40))
    assert bytes(out) == bytes(PIXEL[fmt]) * (width * height)


def test_fill_without_alpha_is_opaque(impl: types.ModuleType) -> None:
    out = np.zeros((2, 2, 4), np.uint8)
    result = impl.fill(out, 2, 2, "ARGB", (1, 2, 3))
    assert out.reshape(-1, 4).tolist() == [[255, 1, 2, 3]] * 4
    assert bytes(result) == out.tobytes()


def test_fill_threads_and_large_frames() -> None:
    for fmt in PACKED:
        size = frame_size(fmt, 1280, 720)
        a, b = np.zeros(size, np.uint8), np.zeros(size, np.uint8)
        lkfast.fill(a, 1280, 720, fmt, (1, 2, 3, 4), threads=1)
        lkfast.fill(b, 1280, 720, fmt, (1, 2, 3, 4), threads=3)
        assert np.array_equal(a, b)
        assert a.tobytes() == bytes(PIXEL[fmt]).translate(
            bytes.maketrans(bytes([10, 20, 30, 40]), bytes([1, 2, 3, 4]))) * (1280 * 720)


@pytest.mark.parametrize(("rgba", "exc", "words"), [
    ((1, 2), ValueError, "3 or 4 components"),
    ((1, 2, 3, 4, 5), ValueError, "3 or 4 components"),
    ((1, 2, 256), ValueError, r"rgba\[2\] must be between 0 and 255, got 256"),
    ((-1, 2, 3), ValueError, r"rgba\[0\]"),
    ((1.0, 2, 3), TypeError, r"rgba\[0\] must be an integer"),
    ("red", TypeError, "rgba must be a tuple"),
    (0xFF0000FF, TypeError, "rgba must be a tuple"),
])
def test_bad_colours(impl: types.ModuleType, rgba: object, exc: type, words: str) -> None:
    out = bytearray(16)
    with pytest.raises(exc, match=words):
        impl.fill(out, 2, 2, "RGBA", rgba)
    assert out == bytearray(16)


def test_fill_checks_the_buffer(impl: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="out holds 15 bytes; RGBA at 2x2 needs 16 bytes"):
        impl.fill(bytearray(15), 2, 2, "RGBA", (0, 0, 0))
    with pytest.raises(ValueError, match="read-only"):
        impl.fill(bytes(16), 2, 2, "RGBA", (0, 0, 0))


# rtc.VideoFrame helpers


@pytest.mark.parametrize("fmt", ["RGBA", "BGRA", "ARGB", "ABGR", "RGB24"])
def test_solid_frame(fmt: str) -> None:
    frame = lkfast.solid_frame(4, 3, (10, 20, 30, 40), fmt)
    assert isinstance(frame, rtc.VideoFrame)
    assert (frame.width, frame.height, frame.type) == (4, 3, getattr(rtc.VideoBufferType, fmt))
    assert bytes(frame.data) == bytes(PIXEL[fmt]) * 12


def test_solid_frame_rgba_is_what_livekit_reads_as_that_colour() -> None:
    # LiveKit's own RGBA -> BGRA of lkfast's red is BGRA red: the byte order is not mixed up.
    frame = lkfast.solid_frame(8, 8, (255, 0, 0, 255))
    bgra = frame.convert(rtc.VideoBufferType.BGRA)
    assert bytes(bgra.data) == bytes([0, 0, 255, 255]) * 64


def test_solid_frame_refuses_bgr24() -> None:
    with pytest.raises(ValueError, match="BGR24"):
        lkfast.solid_frame(2, 2, (0, 0, 0), "BGR24")


@pytest.mark.parametrize(("src", "dst"), [("RGBA", "BGRA"), ("ABGR", "RGB24"),
                                          ("RGB24", "ARGB"), ("ARGB", "ABGR")])
def test_convert_frame(src: str, dst: str) -> None:
    data = random_frame(src, 6, 4)
    frame = rtc.VideoFrame(6, 4, getattr(rtc.VideoBufferType, src), data.tobytes())
    got = lkfast.convert_frame(frame, getattr(rtc.VideoBufferType, dst))
    assert (got.width, got.height, got.type) == (6, 4, getattr(rtc.VideoBufferType, dst))
    assert bytes(got.data) == bytes(lkfast.reference.convert(data, 6, 4, src, dst))
    buf = bytearray(frame_size(dst, 6, 4))
    again = lkfast.convert_frame(frame, dst, out=buf)
    assert bytes(buf) == bytes(got.data) and bytes(again.data) == bytes(buf)


def test_convert_frame_checks() -> None:
    frame = lkfast.solid_frame(2, 2, (1, 2, 3))
    with pytest.raises(ValueError, match="BGR24"):
        lkfast.convert_frame(frame, "BGR24")
    with pytest.raises(TypeError, match="rtc.VideoFrame"):
        lkfast.convert_frame(bytes(16), "RGBA")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="out holds 3 bytes"):
        lkfast.convert_frame(frame, "RGB24", out=bytearray(3))


def test_to_ndarray() -> None:
    frame = lkfast.solid_frame(5, 3, (10, 20, 30))
    bgr = lkfast.to_ndarray(frame)
    assert bgr.shape == (3, 5, 3) and bgr.dtype == np.uint8
    assert bgr.reshape(-1, 3).tolist() == [[30, 20, 10]] * 15
    rgba = lkfast.to_ndarray(bytes(frame.data), 5, 3, "RGBA", "RGBA")
    assert rgba.shape == (3, 5, 4)
    out = np.zeros((3, 5, 3), np.uint8)
    again = lkfast.to_ndarray(frame, dst_format="RGB24", out=out)
    assert np.shares_memory(again, out) and out[0, 0].tolist() == [10, 20, 30]
    with pytest.raises(TypeError, match="width, height"):
        lkfast.to_ndarray(bytes(60))
    with pytest.raises(TypeError, match="comes from the rtc.VideoFrame"):
        lkfast.to_ndarray(frame, 5, 3)
