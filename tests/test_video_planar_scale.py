"""I444 / I422 chroma shrunk as libyuv's I444ToI420 / I422ToI420 do it (ScalePlane with
kFilterBilinear): the kernel's pass against its twin at odd and even sizes, the even sizes
against the plain box averages, and whole conversions against the twin."""

from __future__ import annotations

import numpy as np
import pytest

import lkfast
from lkfast import reference
from lkfast.video.formats import frame_size
from lkfast.video.kernels import planar
from lkfast.video.reference import planar as twin

SIZES = [(1, 1), (1, 7), (7, 1), (2, 3), (3, 2), (2, 2), (4, 6), (5, 5), (17, 33), (33, 17),
         (64, 36), (641, 479)]


def _plane(w: int, h: int, stride: int) -> np.ndarray:
    return np.random.default_rng(w * 1000 + h).integers(0, 256, stride * h, dtype=np.uint8)


SHAPES = [(sw, sh, kw, kh) for sw, sh in SIZES
          for kw, kh in [(False, False), (True, False), (False, True)]
          if sw * sh < 5000 or not (kw or kh)]  # the twin is slow: one large shape


@pytest.mark.parametrize(("sw", "sh", "keep_w", "keep_h"), SHAPES)
def test_chroma_scale_matches_twin(sw: int, sh: int, keep_w: bool, keep_h: bool) -> None:
    dw = sw if keep_w else (sw + 1) // 2
    dh = sh if keep_h else (sh + 1) // 2
    src = _plane(sw, sh, sw + 3)  # a stride longer than the row
    got = bytearray(b"\x07" * (dw + 1) * dh)
    want = bytearray(got)
    planar.chroma_scale(src, sw + 3, sw, sh, got, dw + 1, dw, dh)
    twin.chroma_scale(src, sw + 3, sw, sh, want, dw + 1, dw, dh)
    assert got == want
    assert all(got[j * (dw + 1) + dw] == 7 for j in range(dh))  # nothing past the row


@pytest.mark.parametrize(("sw", "sh"), [(2, 2), (4, 6), (64, 36), (640, 2)])
def test_even_sizes_are_the_box_averages(sw: int, sh: int) -> None:
    flat = _plane(sw, sh, sw)
    src = flat.astype(int).reshape(sh, sw)
    half = bytearray(sw // 2 * sh // 2)
    planar.chroma_scale(flat, sw, sw, sh, half, sw // 2, sw // 2, sh // 2)
    box = (src[0::2, 0::2] + src[0::2, 1::2] + src[1::2, 0::2] + src[1::2, 1::2] + 2) >> 2
    assert bytes(half) == box.astype(np.uint8).tobytes()
    rows = bytearray(sw * sh // 2)  # I422 -> I420: rows paired
    planar.chroma_scale(flat, sw, sw, sh, rows, sw, sw, sh // 2)
    assert bytes(rows) == ((src[0::2] + src[1::2] + 1) >> 1).astype(np.uint8).tobytes()
    cols = bytearray(sw // 2 * sh)  # I444 -> I422: columns paired
    planar.chroma_scale(flat, sw, sw, sh, cols, sw // 2, sw // 2, sh)
    assert bytes(cols) == ((src[:, 0::2] + src[:, 1::2] + 1) >> 1).astype(np.uint8).tobytes()


def test_odd_sizes_blend_as_libyuv() -> None:
    """3x1 -> 2x1 (linear columns): x = 0.25, 1.75 of the row in 7-bit fractions."""
    out = bytearray(2)
    planar.chroma_scale(bytes([0, 100, 200]), 3, 3, 1, out, 2, 2, 1)
    assert list(out) == [0 + ((32 * 100 + 64) >> 7), 100 + ((96 * 100 + 64) >> 7)]
    col = bytearray(1)  # a 1-wide plane is point-sampled: row 0 of 1x2 -> 1x1
    planar.chroma_scale(bytes([10, 250]), 1, 1, 2, col, 1, 1, 1)
    assert list(col) == [10]


@pytest.mark.parametrize(("width", "height"), [(1, 7), (7, 1), (2, 3), (17, 33), (4, 6)])
@pytest.mark.parametrize(("src_format", "dst_format"),
                         [("I444", "I420"), ("I422", "I420"), ("I444", "I422"), ("I444", "NV12"),
                          ("I422", "I420A"), ("I444", "I010"), ("I422", "NV12")])
def test_conversions_match_twin(src_format: str, dst_format: str, width: int,
                                height: int) -> None:
    src = np.random.default_rng(width * height).integers(
        0, 256, frame_size(src_format, width, height), dtype=np.uint8)
    got = lkfast.convert(src, width, height, src_format, dst_format, threads=2)
    want = reference.convert(src, width, height, src_format, dst_format)
    assert bytes(got) == bytes(want)


def test_large_odd_frame_matches_one_thread_and_twin_rows() -> None:
    w, h = 641, 479
    src = np.random.default_rng(5).integers(0, 256, frame_size("I444", w, h), dtype=np.uint8)
    one = lkfast.convert(src, w, h, "I444", "I420", threads=1)
    two = lkfast.convert(src, w, h, "I444", "I420", threads=2)
    assert bytes(one) == bytes(two)
    cw, ch = (w + 1) // 2, (h + 1) // 2
    u = bytearray(cw * ch)
    twin.chroma_scale(src[w * h:2 * w * h], w, w, h, u, cw, cw, ch)
    assert bytes(one[w * h:w * h + cw * ch]) == bytes(u)


def test_bad_sizes() -> None:
    with pytest.raises(ValueError, match="keep or halve"):
        planar.chroma_scale(bytes(16), 4, 4, 4, bytearray(4), 1, 1, 4)
    with pytest.raises(ValueError, match="src holds"):
        planar.chroma_scale(bytes(15), 4, 4, 4, bytearray(4), 2, 2, 2)
    with pytest.raises(ValueError, match="stride"):
        planar.chroma_scale(bytes(16), 3, 4, 4, bytearray(4), 2, 2, 2)
    with pytest.raises(ValueError, match="1 to 16384"):
        planar.chroma_scale(b"", 0, 0, 4, bytearray(4), 2, 2, 2)
