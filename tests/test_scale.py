"""scale_i420: byte-identical to its pure-Python twin, within 1 of the filters' definitions
(and of OpenCV when installed), exact on solid colours, halving and copies; letterbox, crop,
and errors."""

from __future__ import annotations

import inspect
import types
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkfast
import lkfast.reference
import lkfast.video.scale
from lkfast._core import variants as _variants
from lkfast.video import _scale
from lkfast.video.formats import frame_size
from lkfast.video.reference.yuv import rgb_to_yuv
from lkfast.video.scaling import FITS, fit_rects, taps


def random_i420(width: int, height: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, frame_size("I420", width, height),
                                                dtype=np.uint8)


def planes(frame: Any, width: int, height: int) -> list[np.ndarray]:
    """Y, U and V of an I420 frame as 2-D arrays."""
    data = np.frombuffer(bytes(frame), np.uint8)
    cw, ch = (width + 1) // 2, (height + 1) // 2
    y = data[: width * height].reshape(height, width)
    u = data[width * height : width * height + cw * ch].reshape(ch, cw)
    v = data[width * height + cw * ch :].reshape(ch, cw)
    return [y, u, v]


def i420_of(y: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.concatenate([y.ravel(), u.ravel(), v.ravel()])


@given(w=st.integers(1, 24), h=st.integers(1, 24), dw=st.integers(1, 24), dh=st.integers(1, 24),
       fit=st.sampled_from(FITS), colour=st.tuples(*[st.integers(0, 255)] * 3),
       seed=st.integers(0, 1000))
@settings(max_examples=300, deadline=None)
def test_matches_the_reference(w: int, h: int, dw: int, dh: int, fit: str,
                               colour: tuple[int, int, int], seed: int) -> None:
    src = random_i420(w, h, seed)
    got = lkfast.scale_i420(src, w, h, dw, dh, fit=fit, background=colour)  # type: ignore[arg-type]
    want = lkfast.reference.scale_i420(src, w, h, dw, dh, fit=fit, background=colour)
    assert got.tobytes() == bytes(want)


@pytest.mark.parametrize(("w", "h", "dw", "dh"), [(64, 36, 40, 30), (33, 17, 65, 35),
                                                  (160, 90, 17, 9), (2, 200, 100, 3)])
def test_larger_frames_match_the_reference(w: int, h: int, dw: int, dh: int) -> None:
    src = random_i420(w, h, w + h)
    for fit in FITS:
        got = lkfast.scale_i420(src, w, h, dw, dh, fit=fit)  # type: ignore[arg-type]
        assert got.tobytes() == bytes(lkfast.reference.scale_i420(src, w, h, dw, dh, fit=fit))


def weight_matrix(src_len: int, dst_len: int) -> np.ndarray:
    """The filter's definition in floating point: area average shrinking, bilinear otherwise."""
    m = np.zeros((dst_len, src_len))
    scale = src_len / dst_len
    for i in range(dst_len):
        if dst_len < src_len:
            lo, hi = i * scale, (i + 1) * scale
            for j in range(int(lo), min(src_len, int(np.ceil(hi)))):
                m[i, j] = (min(hi, j + 1) - max(lo, j)) / scale
        else:
            c = min(max((i + 0.5) * scale - 0.5, 0.0), src_len - 1.0)
            left = min(int(c), src_len - 1)
            frac = c - left
            m[i, left] += 1 - frac
            if frac:
                m[i, left + 1] += frac
    return m


@pytest.mark.parametrize(("w", "h", "dw", "dh"), [(97, 61, 40, 30), (40, 30, 97, 61),
                                                  (64, 48, 64, 20), (30, 30, 31, 29)])
def test_within_one_of_the_filters_definition(w: int, h: int, dw: int, dh: int) -> None:
    src = random_i420(w, h, 7)
    got = planes(lkfast.scale_i420(src, w, h, dw, dh), dw, dh)
    for plane, (s, g) in enumerate(zip(planes(src, w, h), got)):
        exact = weight_matrix(s.shape[0], g.shape[0]) @ s @ weight_matrix(s.shape[1],
                                                                          g.shape[1]).T
        assert np.abs(g - exact).max() <= 0.5 + 1 / 64, plane  # rounding, plus fixed point


def test_within_one_of_opencv() -> None:
    cv2 = pytest.importorskip("cv2")
    for (w, h, dw, dh), interpolation in [((1920, 1080, 1280, 720), cv2.INTER_AREA),
                                          ((100, 60, 37, 23), cv2.INTER_AREA),
                                          ((50, 30, 77, 41), cv2.INTER_LINEAR)]:
        src = random_i420(w, h, 3)
        y = planes(lkfast.scale_i420(src, w, h, dw, dh), dw, dh)[0].astype(int)
        want = cv2.resize(planes(src, w, h)[0], (dw, dh), interpolation=interpolation)
        assert np.abs(y - want).max() <= 1


def test_solid_colours_stay_exact(impl: types.ModuleType) -> None:
    for (w, h, dw, dh) in [(7, 5, 3, 2), (4, 4, 13, 9), (31, 17, 31, 17)]:
        frame = lkfast.solid_frame(w, h, (200, 30, 90), "I420")
        got = impl.scale_i420(frame.data, w, h, dw, dh)
        yuv = rgb_to_yuv(200, 30, 90)
        assert [set(p.ravel().tolist()) for p in planes(got, dw, dh)] == [{c} for c in yuv]


def test_the_same_size_is_a_copy(impl: types.ModuleType) -> None:
    src = random_i420(9, 7)
    assert bytes(impl.scale_i420(src, 9, 7, 9, 7)) == src.tobytes()


def test_halving_averages_2x2_blocks_like_libyuv(impl: types.ModuleType) -> None:
    src = random_i420(16, 12, 5)
    got = planes(impl.scale_i420(src, 16, 12, 8, 6), 8, 6)
    for s, g in zip(planes(src, 16, 12), got):
        s = s.astype(int)
        want = (s[0::2, 0::2] + s[0::2, 1::2] + s[1::2, 0::2] + s[1::2, 1::2] + 2) >> 2
        assert (g == want).all()


def test_letterbox_bars_and_picture(impl: types.ModuleType) -> None:
    src = random_i420(16, 9, 2)
    got = planes(impl.scale_i420(src, 16, 9, 8, 8, fit="letterbox", background=(0, 255, 0)),
                 8, 8)
    # 16:9 in 8x8: a picture 8x4 (4.5 made even) from row 2, green bars above and below.
    picture = planes(lkfast.scale_i420(src, 16, 9, 8, 4), 8, 4)
    green = rgb_to_yuv(0, 255, 0)
    for plane, (g, p) in enumerate(zip(got, picture)):
        top, rows = (2, 4) if plane == 0 else (1, 2)
        assert (g[top : top + rows] == p).all()
        bars = np.concatenate([g[:top], g[top + rows :]])
        assert set(bars.ravel().tolist()) == {green[plane]}


def test_crop_keeps_the_centre(impl: types.ModuleType) -> None:
    src = random_i420(16, 9, 4)
    y, u, v = planes(src, 16, 9)
    # 16:9 cropped to 1:1: the middle 8 columns (9 made even), from column 4.
    centre = i420_of(y[:, 4:12], u[:, 2:6], v[:, 2:6])
    want = lkfast.scale_i420(centre, 8, 9, 8, 8)
    assert bytes(impl.scale_i420(src, 16, 9, 8, 8, fit="crop")) == want.tobytes()


def test_geometry() -> None:
    assert fit_rects(1920, 1080, 640, 480, "letterbox") == ((0, 0, 1920, 1080), (0, 60, 640, 360))
    assert fit_rects(640, 480, 1280, 720, "letterbox") == ((0, 0, 640, 480), (160, 0, 960, 720))
    assert fit_rects(1920, 1080, 640, 480, "crop") == ((240, 0, 1440, 1080), (0, 0, 640, 480))
    assert fit_rects(640, 480, 1280, 720, "crop") == ((0, 60, 640, 360), (0, 0, 1280, 720))
    assert fit_rects(7, 3, 5, 5, "stretch") == ((0, 0, 7, 3), (0, 0, 5, 5))
    assert fit_rects(1000, 1, 3, 3, "letterbox")[1] == (0, 0, 3, 1)  # never empty, even offset
    t = taps(4, 2)
    assert (t.starts, t.counts, t.weights) == ((0, 2), (2, 2), (8192, 8192, 8192, 8192))
    for src_len, dst_len in [(7, 3), (3, 7), (1920, 1280), (1, 5), (5, 1), (8192, 3)]:
        t = taps(src_len, dst_len)
        for i in range(dst_len):
            assert sum(t.weights[i * t.width : (i + 1) * t.width]) == 1 << 14
            assert 0 <= t.starts[i] <= src_len - t.counts[i]


def test_out_is_written_and_returned() -> None:
    src = random_i420(10, 10)
    out = np.zeros(frame_size("I420", 4, 6), np.uint8)
    result = lkfast.scale_i420(src, 10, 10, 4, 6, out=out)
    assert np.shares_memory(result, out) and (out == lkfast.scale_i420(src, 10, 10, 4, 6)).all()
    buf = bytearray(out.nbytes)
    assert lkfast.reference.scale_i420(src, 10, 10, 4, 6, out=buf) is buf and buf == out.tobytes()


@pytest.mark.parametrize(("args", "kwargs", "exc", "words"), [
    ((bytes(10), 4, 4, 2, 2), {}, ValueError, "needs 24 bytes"),
    ((bytes(24), 4, 4, 0, 2), {}, ValueError, "dst_width"),
    ((bytes(24), 4, 4, 2, 17000), {}, ValueError, "dst_height"),
    ((bytes(24), 4, 4.0, 2, 2), {}, TypeError, "height"),
    ((bytes(24), 4, 4, 2, 2), {"fit": "zoom"}, ValueError, "unknown fit"),
    ((bytes(24), 4, 4, 2, 2), {"background": (0, 0, 256)}, ValueError, "rgba"),
    ((bytes(24), 4, 4, 2, 2), {"matrix": "bt2020"}, ValueError, "matrix"),
    ((bytes(24), 4, 4, 2, 2), {"out": bytes(6)}, ValueError, "read-only"),
    ((bytes(24), 4, 4, 2, 2), {"out": bytearray(7)}, ValueError, "needs 6 bytes"),
    ((np.zeros(24, np.float32), 4, 4, 2, 2), {}, TypeError, "uint8"),
])
def test_bad_arguments(impl: types.ModuleType, args: tuple, kwargs: dict[str, Any], exc: type,
                       words: str) -> None:
    with pytest.raises(exc, match=words):
        impl.scale_i420(*args, **kwargs)


def test_out_overlapping_src_is_refused() -> None:
    buf = np.zeros(frame_size("I420", 8, 8), np.uint8)
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.scale_i420(buf, 8, 8, 4, 4, out=buf[: frame_size("I420", 4, 4)])


def test_the_kernel_checks_its_rectangles_and_taps() -> None:
    src, dst = np.zeros(100, np.uint8), np.zeros(100, np.uint8)
    t = [np.array(v, np.int32) for v in (taps(10, 5).starts, taps(10, 5).counts,
                                         taps(10, 5).weights)]
    good = (src, 0, 10, 10, 10, dst, 0, 10, 5, 5, *t, taps(10, 5).width, *t, taps(10, 5).width)
    _scale.scale_plane(*good)
    for index, value, words in [(1, 1, "source rectangle"), (2, 5, "source rectangle"),
                                (6, 60, "destination rectangle"), (8, 11, "destination"),
                                (13, 1, "x taps"), (17, 1, "y taps"), (4, 0, "empty")]:
        args = list(good)
        args[index] = value
        with pytest.raises(ValueError, match=words):
            _scale.scale_plane(*args)
    bad = t[0].copy()
    bad[4] = 9  # reads source pixels 9 and 10 of 10
    with pytest.raises(ValueError, match="x tap 4 reads outside"):
        _scale.scale_plane(src, 0, 10, 10, 10, dst, 0, 10, 5, 5, bad, t[1], t[2], 2,
                           *t, 2)
    with pytest.raises(ValueError, match="does not fit"):
        _scale.fill_rect(dst, 95, 10, 10, 1, 0)


@given(w=st.integers(-2, 12), h=st.integers(-2, 12), dw=st.integers(-2, 12),
       dh=st.integers(-2, 12), nbytes=st.integers(0, 300), out_bytes=st.integers(0, 300),
       fit=st.sampled_from([*FITS, "zoom"]))
@settings(max_examples=300, deadline=None)
def test_fuzzed_arguments_raise_or_match_the_reference(w: int, h: int, dw: int, dh: int,
                                                        nbytes: int, out_bytes: int,
                                                        fit: str) -> None:
    src = np.arange(nbytes, dtype=np.uint8)
    out, ref_out = np.zeros(out_bytes, np.uint8), bytearray(out_bytes)
    outcomes = []
    for call in (lambda: lkfast.scale_i420(src, w, h, dw, dh, fit=fit, out=out),  # type: ignore[arg-type]
                 lambda: lkfast.reference.scale_i420(src, w, h, dw, dh, fit=fit, out=ref_out)):
        try:
            call()
            outcomes.append("ok")
        except (TypeError, ValueError) as exc:
            outcomes.append(type(exc).__name__)
    assert outcomes[0] == outcomes[1]
    if outcomes[0] == "ok":
        assert out.tobytes() == bytes(ref_out)


def test_equal_sizes_use_the_tables_given() -> None:
    # The kernel copies rows when the x taps are the identity; other tables of the same size
    # (here: shift left by one pixel) are applied as given.
    src = np.arange(100, dtype=np.uint8)
    dst = np.zeros(100, np.uint8)
    ident = [np.array(v, np.int32) for v in (taps(10, 10).starts, taps(10, 10).counts,
                                             taps(10, 10).weights)]
    shifted = [np.minimum(np.arange(10, dtype=np.int32) + 1, 9), ident[1], ident[2]]
    _scale.scale_plane(src, 0, 10, 10, 10, dst, 0, 10, 10, 10, *shifted, 1, *ident, 1)
    want = src.reshape(10, 10)[:, np.minimum(np.arange(10) + 1, 9)]
    assert (dst.reshape(10, 10) == want).all()
    _scale.scale_plane(src, 0, 10, 10, 10, dst, 0, 10, 10, 10, *ident, 1, *ident, 1)
    assert (dst == src).all()


def test_the_reference_has_the_same_signature() -> None:
    def params(fn: object) -> list[tuple[str, object]]:
        return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]

    assert params(lkfast.reference.scale_i420) == params(lkfast.scale_i420)


SCALE_BUILDS = _variants.builds("lkfast.video._scale")


@pytest.mark.parametrize("build", SCALE_BUILDS, ids=lambda m: m.VARIANT)
@pytest.mark.parametrize(("w", "h", "dw", "dh"), [
    (256, 6, 128, 3),    # halving both axes (the 2x2 box path)
    (200, 8, 100, 8),    # halving x only
    (120, 6, 120, 6),    # a copy
    (150, 12, 100, 8),   # 1.5:1, two taps per output (windowed blocks)
    (97, 7, 155, 11),    # bilinear enlargement, odd sizes
    (160, 4, 83, 3),     # just under 2:1: some blocks' taps exceed the window
    (311, 5, 100, 4),    # over 3:1: the general path
])
def test_every_build_matches_the_reference(monkeypatch: pytest.MonkeyPatch,
                                           build: types.ModuleType, w: int, h: int, dw: int,
                                           dh: int) -> None:
    monkeypatch.setattr(lkfast.video.scale, "_scale", build)
    src = random_i420(w, h, w * dw)
    want = bytes(lkfast.reference.scale_i420(src, w, h, dw, dh))
    assert lkfast.scale_i420(src, w, h, dw, dh).tobytes() == want


def check_two_taps(build: types.ModuleType, src: np.ndarray, starts: np.ndarray,
                   w0: int) -> None:
    """One row through ``build.scale_plane`` with two taps ``(w0, ONE - w0)`` at ``starts``
    and a vertical identity, against the arithmetic of lkfast.video.scaling."""
    w, dw, w1 = src.size, starts.size, (1 << 14) - w0
    counts = np.full(dw, 2, np.int32)
    weights = np.tile(np.array([w0, w1], np.int32), dw)
    one = [np.zeros(1, np.int32), np.ones(1, np.int32), np.full(1, 1 << 14, np.int32)]
    dst = np.zeros(dw, np.uint8)
    build.scale_plane(src, 0, w, w, 1, dst, 0, dw, dw, 1, starts.astype(np.int32), counts,
                      weights, 2, *one, 1)
    row = src.astype(np.int64) << 8
    assert (dst == (w0 * row[starts] + w1 * row[starts + 1] + (1 << 21)) >> 22).all()


@pytest.mark.parametrize("build", SCALE_BUILDS, ids=lambda m: m.VARIANT)
def test_two_taps_out_of_order_are_applied_as_given(build: types.ModuleType) -> None:
    # Windowed blocks need taps in order; any other two-tap table takes the plain path.
    src = np.random.default_rng(1).integers(0, 256, 64, np.uint8)
    check_two_taps(build, src, np.random.default_rng(2).integers(0, 63, 48), 10000)


@pytest.mark.parametrize("build", SCALE_BUILDS, ids=lambda m: m.VARIANT)
def test_two_taps_spanning_a_whole_window_are_exact(build: types.ModuleType) -> None:
    # Blocks of 8 (AVX2) or 16 (AVX-512) outputs whose taps span exactly 16 or 32 source
    # pixels: one past what their two-register window holds.
    src = np.random.default_rng(3).integers(0, 256, 40, np.uint8)
    starts = np.array([0, 1, 2, 3, 4, 5, 6, 15, 16, 17, 18, 19, 20, 21, 22, 31])
    check_two_taps(build, src, starts, 9000)
