"""Strided packed frames (issue 15): crops, flips and regions of a wider canvas convert in place,
as ``src`` and as ``out``, byte for byte as their contiguous copies; bad strides are refused.
"""

from __future__ import annotations

import itertools
from typing import Callable

import numpy as np
import pytest
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.video.formats import BYTES_PER_PIXEL, FORMATS, frame_size, plane_shapes
from lkfast.video.kernels import pixels as _pixels
from lkfast.video.kernels import yuv as _yuv

PACKED = list(FORMATS[:6])
SIZES = [(1, 1), (3, 5), (33, 17), (64, 36)]  # width x height


def _image(fmt: str, w: int, h: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, BYTES_PER_PIXEL[fmt]), np.uint8)


def _crop(fmt: str, w: int, h: int) -> np.ndarray:
    """A region of interest of a bigger image: ``big[y0:y1, x0:x1]``."""
    return _image(fmt, w + 9, h + 7, w * h)[3:3 + h, 4:4 + w]


def _flip(fmt: str, w: int, h: int) -> np.ndarray:
    """A vertical flip, ``img[::-1]`` (a negative row stride)."""
    return _image(fmt, w, h, w + h)[::-1]


def _wide(fmt: str, w: int, h: int) -> np.ndarray:
    """A 2-D ``(h, w * bpp)`` window at an odd byte offset of a wider canvas of rows."""
    bpp = BYTES_PER_PIXEL[fmt]
    canvas = np.random.default_rng(3 * w + h).integers(0, 256, (h, (w + 5) * bpp + 1), np.uint8)
    return canvas[:, 1 + 2 * bpp:1 + (2 + w) * bpp]


VIEWS: dict[str, Callable[[str, int, int], np.ndarray]] = {
    "crop": _crop, "flip": _flip, "wide": _wide}


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(PACKED, FORMATS)))
def test_strided_src_converts_as_its_contiguous_copy(src: str, dst: str) -> None:
    for (w, h), (kind, make) in itertools.product(SIZES, VIEWS.items()):
        view = make(src, w, h)
        assert not view.flags.c_contiguous or h == 1
        want = lkfast.convert(np.ascontiguousarray(view), w, h, src, dst)
        got = lkfast.convert(view, w, h, src, dst)
        assert got.tobytes() == want.tobytes(), (kind, w, h)
        arr = lkfast.to_ndarray(view, w, h, src, dst)
        assert arr.tobytes() == want.tobytes(), (kind, w, h)


@pytest.mark.parametrize("src", PACKED)
@pytest.mark.parametrize("kind", list(VIEWS))
def test_strided_src_matches_the_reference_twin(src: str, kind: str) -> None:
    w, h = 33, 17
    view = VIEWS[kind](src, w, h)
    for dst in ("BGRA", "RGB24", "I420", "NV12", "I444", "I010"):
        want = bytes(lkfast.reference.convert(view, w, h, src, dst))
        assert lkfast.convert(view, w, h, src, dst).tobytes() == want, dst


@pytest.mark.parametrize("kind", list(VIEWS))
def test_strided_src_over_threads(kind: str) -> None:
    w, h = 64, 36
    view = VIEWS[kind]("BGR24", w, h)
    for dst in ("RGBA", "RGB24", "I420", "I422"):
        want = lkfast.convert(np.ascontiguousarray(view), w, h, "BGR24", dst).tobytes()
        for threads in (2, 3):
            assert lkfast.convert(view, w, h, "BGR24", dst, threads=threads).tobytes() == want


def test_bgr24_roi_of_an_opencv_image_to_i420_is_read_in_place() -> None:
    img = np.random.default_rng(5).integers(0, 256, (1080, 1920, 3), np.uint8)
    roi = img[500:1000, 700:1340]
    want = lkfast.convert(roi.copy(), 640, 500, "BGR24", "I420")
    assert np.array_equal(lkfast.convert(roi, 640, 500, "BGR24", "I420"), want)


def _canvas(fmt: str, w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    """A canvas of guard bytes and a region of it, ``out`` to convert into."""
    canvas = np.full((h + 4, w + 6, BYTES_PER_PIXEL[fmt]), 0xA5, np.uint8)
    return canvas, canvas[2:2 + h, 3:3 + w]


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(FORMATS, PACKED)))
def test_strided_out_writes_only_its_region(src: str, dst: str) -> None:
    for w, h in SIZES:
        frame = np.random.default_rng(w * h).integers(0, 256, frame_size(src, w, h), np.uint8)
        if src in BYTES_PER_PIXEL:
            frame = frame.reshape(h, w, -1)
        want = lkfast.convert(frame, w, h, src, dst).reshape(h, w, -1)
        for flip in (False, True):
            canvas, region = _canvas(dst, w, h)
            out = region[::-1] if flip else region
            got = lkfast.convert(frame, w, h, src, dst, out=out)
            assert np.shares_memory(got, canvas) and got.tobytes() == want.tobytes()
            assert np.array_equal(out, want), (w, h, flip)
            region[:] = 0xA5
            assert (canvas == 0xA5).all(), (w, h, flip)  # nothing outside the region changed


@pytest.mark.parametrize("dst", PACKED)
def test_strided_src_into_strided_out(dst: str) -> None:
    w, h = 33, 17
    view = _crop("BGR24", w, h)
    want = lkfast.convert(view.copy(), w, h, "BGR24", dst).reshape(h, w, -1)
    canvas, region = _canvas(dst, w, h)
    lkfast.convert(view, w, h, "BGR24", dst, out=region[::-1])
    assert np.array_equal(region[::-1], want)
    region[:] = 0xA5
    assert (canvas == 0xA5).all()


def test_to_ndarray_into_a_region_of_a_canvas() -> None:
    w, h = 33, 17
    frame = lkfast.solid_frame(w, h, (200, 100, 50), "I420")
    canvas, region = _canvas("BGR24", w, h)
    got = lkfast.to_ndarray(frame, out=region)
    assert got.shape == (h, w, 3) and np.shares_memory(got, canvas)
    assert np.array_equal(got, lkfast.to_ndarray(frame))


def test_in_place_on_a_strided_view() -> None:
    w, h = 33, 17
    view = _crop("RGBA", w, h)
    want = lkfast.convert(view.copy(), w, h, "RGBA", "ABGR").reshape(h, w, 4)
    lkfast.convert(view, w, h, "RGBA", "ABGR", out=view)
    assert np.array_equal(view, want)


def test_regions_side_by_side_in_one_canvas_are_not_overlap() -> None:
    w, h = 16, 8
    canvas = np.random.default_rng(2).integers(0, 256, (h, 2 * w, 4), np.uint8)
    left, right = canvas[:, :w], canvas[:, w:]
    for dst in ("BGRA", "I444"):
        if dst == "I444":
            right = np.zeros(frame_size("I444", w, h), np.uint8)
        want = lkfast.convert(left.copy(), w, h, "RGBA", dst)
        assert lkfast.convert(left, w, h, "RGBA", dst, out=right).tobytes() == want.tobytes()


@pytest.mark.parametrize("dst", ["BGRA", "RGB24", "I420", "I444"])
def test_overlapping_strided_out_is_refused(dst: str) -> None:
    w, h = 16, 8
    canvas = np.zeros((h + 1, w + 1, 4), np.uint8)
    src = canvas[:h, :w]
    out = (canvas[1:, 1:] if dst in BYTES_PER_PIXEL else canvas.reshape(-1))
    if dst in ("RGB24",):
        out = canvas.reshape(-1)[:frame_size(dst, w, h)].reshape(h, w, 3)[::-1]
    if dst in ("I420", "I444"):
        out = canvas.reshape(-1)[:frame_size(dst, w, h)]
    before = canvas.copy()
    with pytest.raises(ValueError, match="out overlaps src"):
        lkfast.convert(src, w, h, "RGBA", dst, out=out)
    assert np.array_equal(canvas, before)


def _short_rows(fmt: str, w: int, h: int) -> np.ndarray:
    base = np.zeros(h * w * BYTES_PER_PIXEL[fmt], np.uint8)
    bpp = BYTES_PER_PIXEL[fmt]
    return np.lib.stride_tricks.as_strided(base, (h, w, bpp), ((w - 1) * bpp, bpp, 1))


BAD: list[tuple[str, Callable[[int, int], object], type, str]] = [
    ("every other pixel", lambda w, h: np.zeros((h, 2 * w, 3), np.uint8)[:, ::2], ValueError,
     r"src has a pixel stride of 6 bytes; BGR24 needs 3"),
    ("2-D every other byte", lambda w, h: np.zeros((h, 6 * w), np.uint8)[:, ::2], ValueError,
     r"src has a pixel stride of 6 bytes; BGR24 needs 3"),
    ("channels reversed", lambda w, h: np.zeros((h, w, 3), np.uint8)[..., ::-1], ValueError,
     r"src has a channel stride of -1 bytes"),
    ("row stride shorter than a row", lambda w, h: _short_rows("BGR24", w, h), ValueError,
     r"src has a row stride of 21 bytes, shorter than a row \(24 bytes"),
    ("too many rows", lambda w, h: np.zeros((h + 2, w + 1, 3), np.uint8)[1:, 1:], ValueError,
     r"src has shape \(6, 8, 3\).*needs \(5, 8, 3\) or \(5, 24\)"),
    ("too few pixels", lambda w, h: np.zeros((h, w + 1, 3), np.uint8)[:, 2:], ValueError,
     r"src has shape \(5, 7, 3\)"),
    ("four channels", lambda w, h: np.zeros((h, w + 1, 4), np.uint8)[:, 1:], ValueError,
     r"src has 4 bytes per pixel .*BGR24 has 3"),
    ("float", lambda w, h: np.zeros((h, w + 1, 3), np.float32)[:, 1:], TypeError,
     r"Expected src with dtype `uint8` \(pixel bytes\) but got `float32`"),
    ("1-D strided", lambda w, h: np.zeros(2 * 3 * w * h, np.uint8)[::2], ValueError,
     r"src must be C-contiguous, or a strided BGR24 frame .*non-contiguous 1-D"),
]


@pytest.mark.parametrize(("what", "make", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_strided_src_is_refused(what: str, make: Callable[[int, int], object],
                                    error: type, message: str) -> None:
    w, h = 8, 5
    for dst in ("RGBA", "I420", "I444"):
        with pytest.raises(error, match=message):
            lkfast.convert(make(w, h), w, h, "BGR24", dst)
        with pytest.raises(error, match=message):
            lkfast.reference.convert(make(w, h), w, h, "BGR24", dst)


@pytest.mark.parametrize("src", ["RGBA", "I420", "I444"])
def test_bad_strided_out_is_refused(src: str) -> None:
    w, h = 8, 5
    frame = np.zeros(frame_size(src, w, h), np.uint8)
    canvas = np.zeros((h, 2 * w, 3), np.uint8)
    with pytest.raises(ValueError, match="out has a pixel stride of 6 bytes; BGR24 needs 3"):
        lkfast.convert(frame, w, h, src, "BGR24", out=canvas[:, ::2])
    canvas.flags.writeable = False
    with pytest.raises(ValueError, match="out is read-only"):
        lkfast.convert(frame, w, h, src, "BGR24", out=canvas[:, :w])


def test_convert_frame_wants_a_contiguous_out() -> None:
    frame = lkfast.solid_frame(8, 4, (1, 2, 3), "I420")
    canvas = np.zeros((4, 9, 4), np.uint8)
    with pytest.raises(ValueError, match="out must be C-contiguous"):
        lkfast.convert_frame(frame, rtc.VideoBufferType.RGBA, out=canvas[:, 1:])


def test_kernels_guard_the_row_layout() -> None:
    w, h = 8, 5
    bad = np.zeros((h, 2 * w, 4), np.uint8)[:, ::2]
    out = np.zeros(frame_size("BGRA", w, h), np.uint8)
    with pytest.raises(ValueError, match="src is not 5 rows of 32 contiguous bytes"):
        _pixels.convert_rows(bad, out, w, h, 0, 1, 0, h, 0)
    out = np.zeros(frame_size("I420", w, h), np.uint8)
    _yuv.convert_rows(bad, out, w, h, 0, 6, 0, h, 0)  # converts nothing, as out of range
    assert not out.any()


# ---- YUV frames as a sequence of planes --------------------------------------------------

YUV_FORMATS = ["I420", "NV12", "I420A", "I422", "I444", "I010"]


def _plane_views(fmt: str, w: int, h: int, frame: np.ndarray, flip: bool) -> list[np.ndarray]:
    """Each plane of ``frame`` copied into a region of its own wider canvas (a row stride of
    its own), flipped vertically if asked; I010 planes as uint16."""
    views = []
    offset = 0
    for i, (row, rows) in enumerate(plane_shapes(fmt, w, h)):
        plane = frame[offset:offset + row * rows].reshape(rows, row)
        offset += row * rows
        canvas = np.full((rows + 2, row + 8 + 2 * i), 0x5A, np.uint8)
        region = canvas[1:1 + rows, 2:2 + row]
        region[:] = plane[::-1] if flip else plane
        view = region[::-1] if flip else region
        views.append(view.view("<u2") if fmt == "I010" else view)
    return views


def _frame(fmt: str, w: int, h: int) -> np.ndarray:
    rng = np.random.default_rng(w * 7 + h)
    if fmt == "I010":
        return rng.integers(0, 1024, frame_size(fmt, w, h) // 2, dtype=np.uint16).view(np.uint8)
    return rng.integers(0, 256, frame_size(fmt, w, h), dtype=np.uint8)


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(YUV_FORMATS, FORMATS)))
def test_planes_as_src_convert_as_the_frame(src: str, dst: str) -> None:
    for (w, h), flip in itertools.product(SIZES, (False, True)):
        frame = _frame(src, w, h)
        want = lkfast.convert(frame, w, h, src, dst).tobytes()
        got = lkfast.convert(_plane_views(src, w, h, frame, flip), w, h, src, dst)
        assert got.tobytes() == want, (w, h, flip)


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(FORMATS, YUV_FORMATS)))
def test_planes_as_out_write_only_their_regions(src: str, dst: str) -> None:
    for (w, h), flip in itertools.product(SIZES[1:], (False, True)):
        frame = _frame(src, w, h)
        want = lkfast.convert(frame, w, h, src, dst)
        zero = np.zeros(frame_size(dst, w, h), np.uint8)
        out = _plane_views(dst, w, h, zero, flip)
        canvases = [np.asarray(o).base for o in out]
        got = lkfast.convert(frame, w, h, src, dst, out=out)
        assert b"".join(np.ascontiguousarray(p).tobytes() for p in got) == want.tobytes()
        for plane in out:
            plane[...] = 0x5A5A if plane.dtype == np.uint16 else 0x5A
        for canvas in canvases:
            assert (np.asarray(canvas).view(np.uint8) == 0x5A).all(), (w, h, flip)


def test_livekit_frame_planes_convert() -> None:
    frame = lkfast.solid_frame(33, 17, (200, 100, 50), "I420")
    planes = [frame.get_plane(i) for i in range(3)]
    assert np.array_equal(lkfast.to_ndarray(planes, 33, 17, "I420", "RGBA"),
                          lkfast.to_ndarray(frame, dst_format="RGBA"))


def test_bad_planes_are_refused() -> None:
    w, h = 8, 6
    y, u, v = (np.zeros((h, w), np.uint8), np.zeros((3, 4), np.uint8),
               np.zeros((3, 4), np.uint8))
    with pytest.raises(ValueError, match="src has 2 planes; I420 has 3"):
        lkfast.convert([y, u], w, h, "I420", "RGBA")
    with pytest.raises(ValueError, match=r"src\[1\] has shape \(3, 3\)"):
        lkfast.convert([y, np.zeros((3, 5), np.uint8)[:, 1:4], v], w, h, "I420", "RGBA")
    with pytest.raises(ValueError, match=r"src\[0\] has a row stride of 7 bytes"):
        short = np.lib.stride_tricks.as_strided(np.zeros(64, np.uint8), (h, w), (7, 1))
        lkfast.convert([short, u, v], w, h, "I420", "RGBA")
    with pytest.raises(ValueError, match=r"src\[2\] must be C-contiguous or a 2-D array"):
        lkfast.convert([y, u, np.zeros((3, 8), np.uint8)[:, ::2]], w, h, "I420", "RGBA")
    with pytest.raises(TypeError, match=r"Expected src\[0\] with dtype `uint8` for I420"):
        lkfast.convert([y.astype(np.uint16), u, v], w, h, "I420", "RGBA")
    with pytest.raises(ValueError, match=r"src\[1\] holds 11 bytes"):
        lkfast.convert([y, bytes(11), v], w, h, "I420", "RGBA")
    with pytest.raises(TypeError, match="got list: a sequence of planes needs a YUV"):
        lkfast.convert([y], w, h, "RGBA", "I420")
    with pytest.raises(ValueError, match="out overlaps src"):
        lkfast.convert([y, u, v], w, h, "I420", "I420", out=[y, u, v])
    with pytest.raises(ValueError, match=r"out\[0\] is read-only"):
        lkfast.convert([y, u, v], w, h, "I420", "I420", out=[bytes(48), u.copy(), v.copy()])
