"""Every pair of the twelve formats (I420A, I422, I444, I010 included): the kernels against
their pure-Python twin, alpha, 10-bit and size rules, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import lkfast
from lkfast import reference
from lkfast.video.formats import FORMATS, PLANAR, frame_size

PAIRS = [(a, b) for a in FORMATS for b in FORMATS]


def _frame(fmt: str, w: int, h: int, seed: int = 0) -> np.ndarray:
    data = np.random.default_rng(seed + w * h).integers(0, 256, frame_size(fmt, w, h),
                                                           dtype=np.uint8)
    if fmt == "I010":  # 10-bit samples, a few beyond 1023 (clamped)
        wide = data.view("<u2") & 0x3FF
        wide[::97] = 0xFFFF
        data = wide.view(np.uint8)
    return data


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 5), (33, 17)])
@pytest.mark.parametrize(("src_format", "dst_format"), PAIRS)
def test_pair_matches_twin(src_format: str, dst_format: str, width: int, height: int) -> None:
    src = _frame(src_format, width, height)
    got = lkfast.convert(src, width, height, src_format, dst_format)
    assert got.nbytes == frame_size(dst_format, width, height)
    want = reference.convert(src, width, height, src_format, dst_format)
    assert bytes(got) == bytes(want)


@pytest.mark.parametrize("dst_format", FORMATS)
@pytest.mark.parametrize("src_format", sorted(PLANAR))
def test_large_frame_paths_agree(src_format: str, dst_format: str) -> None:
    """640x480: SIMD and planar passes, one and two threads, give the same bytes."""
    src = _frame(src_format, 640, 480)
    one = lkfast.convert(src, 640, 480, src_format, dst_format, threads=1)
    two = lkfast.convert(src, 640, 480, src_format, dst_format, threads=2)
    assert one.nbytes == frame_size(dst_format, 640, 480)
    assert bytes(one) == bytes(two)
    back = lkfast.convert(src, 640, 480, dst_format, src_format) if dst_format == src_format \
        else None
    if back is not None:
        assert bytes(back) == bytes(src)


@pytest.mark.parametrize("width,height", [(640, 480), (33, 17)])
def test_matrix_options_match_twin(width: int, height: int) -> None:
    w, h = (33, 17)
    for sf, df in [("I444", "RGBA"), ("RGB24", "I422"), ("I010", "BGR24"), ("BGRA", "I420A")]:
        src = _frame(sf, w, h)
        for matrix, full in [("bt709", False), ("bt601", True), ("bt709", True)]:
            got = lkfast.convert(src, w, h, sf, df, matrix=matrix, full_range=full)
            want = reference.convert(src, w, h, sf, df, matrix=matrix, full_range=full)
            assert bytes(got) == bytes(want)


def test_i420a_alpha_round_trip() -> None:
    w, h = 37, 21
    rgba = _frame("RGBA", w, h)
    yuva = lkfast.convert(rgba, w, h, "RGBA", "I420A")
    assert bytes(yuva[-w * h:]) == bytes(rgba[3::4])
    back = lkfast.convert(yuva, w, h, "I420A", "RGBA")
    assert bytes(back[3::4]) == bytes(rgba[3::4])
    i420 = lkfast.convert(yuva, w, h, "I420A", "I420")
    assert bytes(i420) == bytes(yuva[:-w * h])
    again = lkfast.convert(i420, w, h, "I420", "I420A")
    assert bytes(again[:-w * h]) == bytes(i420) and set(again[-w * h:].tolist()) == {255}
    opaque = lkfast.convert(lkfast.convert(rgba, w, h, "RGBA", "RGB24"), w, h, "RGB24", "I420A")
    assert set(opaque[-w * h:].tolist()) == {255}


def test_i010_from_8_bit_within_one() -> None:
    w, h = 64, 36
    i420 = _frame("I420", w, h)
    wide = (i420.astype(np.uint16) * 4 + i420 // 64).astype("<u2")
    assert bytes(lkfast.convert(i420, w, h, "I420", "I010")) == wide.tobytes()
    assert bytes(lkfast.convert(wide, w, h, "I010", "I420")) == bytes(i420)
    ten = lkfast.convert(wide, w, h, "I010", "RGBA").astype(int)
    eight = lkfast.convert(i420, w, h, "I420", "RGBA").astype(int)
    assert np.abs(ten - eight).max() <= 1


def test_chroma_rules() -> None:
    """I444 -> I420 is the 2x2 box average; I420 -> I444 repeats each sample."""
    w, h = 4, 2
    y = np.zeros(8, np.uint8)
    u = np.array([10, 20, 30, 41, 50, 60, 70, 80], np.uint8)
    v = u[::-1].copy()
    out = lkfast.convert(np.concatenate([y, u, v]), w, h, "I444", "I420")
    assert out[8:].tolist() == [(10 + 20 + 50 + 60 + 2) >> 2, (30 + 41 + 70 + 80 + 2) >> 2,
                                (80 + 70 + 41 + 30 + 2) >> 2, (60 + 50 + 20 + 10 + 2) >> 2]
    up = lkfast.convert(out, w, h, "I420", "I444")
    assert up[8:16].tolist() == [out[8]] * 2 + [out[9]] * 2 + [out[8]] * 2 + [out[9]] * 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_fill_any_type(fmt: str) -> None:
    w, h = 5, 3
    got = lkfast.fill(bytearray(frame_size(fmt, w, h)), w, h, fmt, (200, 30, 90, 128))
    want = reference.fill(bytearray(frame_size(fmt, w, h)), w, h, fmt, (200, 30, 90, 128))
    assert bytes(got) == bytes(want)
    rgba = lkfast.convert(got, w, h, fmt, "RGBA")
    assert bytes(rgba) == bytes(lkfast.convert(got[: frame_size(fmt, 1, 1)] if False else got,
                                               w, h, fmt, "RGBA"))
    if fmt != "BGR24":
        frame = lkfast.solid_frame(w, h, (200, 30, 90, 128), fmt)
        assert bytes(frame.data) == bytes(got)


def test_wide_frame_converts() -> None:
    src = _frame("I444", 16384, 8)
    got = lkfast.convert(src, 16384, 8, "I444", "RGBA")
    assert bytes(got[-4 * 3:]) == bytes(reference.convert(
        src.reshape(3, 8, 16384)[:, :, -3:].copy(), 3, 8, "I444", "RGBA")[-12:])


def test_bad_input() -> None:
    w, h = 6, 4
    with pytest.raises(ValueError, match="src holds"):
        lkfast.convert(bytes(10), w, h, "I422", "RGBA")
    with pytest.raises(TypeError, match="src"):
        lkfast.convert(np.zeros(frame_size("I444", w, h) // 2, np.uint16), w, h, "I444", "RGBA")
    wide = np.zeros(frame_size("I010", w, h) // 2, np.uint16)
    assert lkfast.convert(wide, w, h, "I010", "RGBA").nbytes == w * h * 4
    assert lkfast.convert(wide.tobytes(), w, h, "I010", "RGBA").nbytes == w * h * 4
    for width in (0, 16385):
        with pytest.raises(ValueError, match="width"):
            lkfast.convert(b"", width, h, "I010", "RGBA")
    with pytest.raises(ValueError, match="out"):
        lkfast.convert(bytes(frame_size("I420A", w, h)), w, h, "I420A", "RGBA", out=bytes(96))
    buf = bytearray(frame_size("I444", w, h))
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.convert(buf, w, h, "I444", "I444", out=buf)
