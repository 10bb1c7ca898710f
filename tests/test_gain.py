"""apply_gain and fade, on the compiled kernels and the references."""

from __future__ import annotations

import math
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from livekit import rtc

SIX_DB = 20 * math.log10(2)  # x2


def arr(result: object, dtype: type = np.int16) -> np.ndarray:
    return np.asarray(result, dtype=dtype).ravel()


def test_gain_doubles_halves_and_saturates(impl: types.ModuleType) -> None:
    src = np.array([0, 1, 3, -3, 16383, 16384, -16384, -16385, 32767, -32768], np.int16)
    assert arr(impl.apply_gain(src, SIX_DB)).tolist() == [
        0, 2, 6, -6, 32766, 32767, -32768, -32768, 32767, -32768]
    # x0.5: 0.5 -> 0, 1.5 -> 2, -1.5 -> -2 (ties to even)
    assert arr(impl.apply_gain(src, -SIX_DB)).tolist() == [
        0, 0, 2, -2, 8192, 8192, -8192, -8192, 16384, -16384]
    assert arr(impl.apply_gain(src, 0.0)).tolist() == src.tolist()
    assert not arr(impl.apply_gain(src, float("-inf"))).any()


def test_gain_matches_the_closed_form(impl: types.ModuleType) -> None:
    src = (np.arange(-32768, 32768, 7)).astype(np.int16)
    for db in (-40.0, -3.0, 1.5, 12.0):
        g = 10 ** (db / 20)
        want = np.clip(np.rint(src * g), -32768, 32767).astype(np.int16)
        np.testing.assert_array_equal(arr(impl.apply_gain(src, db)), want)


def test_float_gain_does_not_clip(impl: types.ModuleType) -> None:
    src = np.array([0.75, -0.5, 0.0], np.float32)
    got = arr(impl.apply_gain(src, SIX_DB), np.float32)
    np.testing.assert_allclose(got, [1.5, -1.0, 0.0], rtol=1e-6)


def test_gain_in_place_on_a_frame(impl: types.ModuleType) -> None:
    frame = rtc.AudioFrame(bytearray(np.array([1000, -2000, 3000, 5], np.int16).tobytes()),
                           48000, 2, 2)
    assert impl.apply_gain(frame, -SIX_DB, out=frame) is frame
    assert list(frame.data) == [500, -1000, 1500, 2]  # 2.5 -> 2


@given(hnp.arrays(np.int16, st.integers(0, 200)), st.floats(-60, 30))
@settings(max_examples=100, deadline=None)
def test_gain_compiled_equals_reference(src: np.ndarray, db: float) -> None:
    import lkfast
    import lkfast.reference as ref

    np.testing.assert_array_equal(arr(lkfast.apply_gain(src, db)), arr(ref.apply_gain(src, db)))
    floats = src.astype(np.float32) / 32768
    np.testing.assert_array_equal(arr(lkfast.apply_gain(floats, db), np.float32),
                                  arr(ref.apply_gain(floats, db), np.float32))


def test_fade_in_and_out_values(impl: types.ModuleType) -> None:
    ones = np.full(6, 1000, np.int16)
    assert arr(impl.fade(ones, 4)).tolist() == [0, 250, 500, 750, 1000, 1000]
    assert arr(impl.fade(ones, 4, "out")).tolist() == [1000, 1000, 750, 500, 250, 0]
    # A fade-out that starts later, and samples after its end.
    assert arr(impl.fade(ones, 2, "out", start=-1)).tolist() == [1000, 500, 0, 0, 0, 0]
    # A fade-in that has not begun yet: silence before it.
    assert arr(impl.fade(ones, 2, "in", start=-2)).tolist() == [0, 0, 0, 500, 1000, 1000]
    assert arr(impl.fade(ones, 1)).tolist() == [0, 1000, 1000, 1000, 1000, 1000]
    assert arr(impl.fade(ones, 1, "out")).tolist() == [1000, 1000, 1000, 1000, 1000, 0]


def test_fade_rounds_half_to_even_and_keeps_channels_together(impl: types.ModuleType) -> None:
    src = np.array([[3, -3], [5, -5], [7, 7]], np.int16)
    # gains 0, 1/2, 1: 2.5 -> 2, -2.5 -> -2
    assert arr(impl.fade(src, 2)).tolist() == [0, 0, 2, -2, 7, 7]
    assert arr(impl.fade(src.ravel(), 2, num_channels=2)).tolist() == [0, 0, 2, -2, 7, 7]
    floats = np.array([[1.0, -1.0], [1.0, -1.0], [1.0, -1.0]], np.float32)
    assert arr(impl.fade(floats, 4, "out"), np.float32).tolist() == [
        0.5, -0.5, 0.25, -0.25, 0.0, 0.0]  # j = 1, 2, 3 of 4


def test_fade_across_frames_equals_one_fade(impl: types.ModuleType) -> None:
    rng = np.random.default_rng(5)
    clip = rng.integers(-30000, 30000, (2000, 2), dtype=np.int16)
    whole_in = arr(impl.fade(clip, 1500))
    whole_out = arr(impl.fade(clip, 1500, "out"))
    parts_in, parts_out = [], []
    for start in range(0, 2000, 480):
        frame = np.ascontiguousarray(clip[start : start + 480])
        parts_in.append(arr(impl.fade(frame, 1500, "in", start=start)))
        parts_out.append(arr(impl.fade(frame, 1500, "out", start=start - 500)))
    np.testing.assert_array_equal(np.concatenate(parts_in), whole_in)
    np.testing.assert_array_equal(np.concatenate(parts_out), whole_out)


def test_fade_in_place_on_a_frame(impl: types.ModuleType) -> None:
    frame = rtc.AudioFrame(bytearray(np.full(8, 400, np.int16).tobytes()), 48000, 2, 4)
    impl.fade(frame, 4, out=frame)
    assert list(frame.data) == [0, 0, 100, 100, 200, 200, 300, 300]


@given(st.integers(1, 3).flatmap(lambda ch: hnp.arrays(np.int16, st.tuples(st.integers(0, 60),
                                                                            st.just(ch)))),
       st.integers(1, 80), st.sampled_from(["in", "out"]), st.integers(-100, 100))
@settings(max_examples=120, deadline=None)
def test_fade_compiled_equals_reference(src: np.ndarray, length: int, direction: str,
                                        start: int) -> None:
    import lkfast
    import lkfast.reference as ref

    for kwargs in ({}, {"start": start}):
        got = arr(lkfast.fade(src, length, direction, **kwargs))
        np.testing.assert_array_equal(got, arr(ref.fade(src, length, direction, **kwargs)))
        floats = src.astype(np.float32) / 32768
        np.testing.assert_array_equal(
            arr(lkfast.fade(floats, length, direction, **kwargs), np.float32),
            arr(ref.fade(floats, length, direction, **kwargs), np.float32))


@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (lambda m: m.apply_gain(np.zeros(2, np.int16), float("nan")), ValueError, "gain_db"),
        (lambda m: m.apply_gain(np.zeros(2, np.int16), float("inf")), ValueError, "gain_db"),
        (lambda m: m.apply_gain(np.zeros(2, np.int16), 201.0), ValueError, "gain_db"),
        (lambda m: m.apply_gain(np.zeros(2, np.int16), "6"), TypeError, "gain_db"),
        (lambda m: m.apply_gain(np.zeros(2, np.float64), 0.0), TypeError, "float64"),
        (lambda m: m.apply_gain(np.zeros(2, np.int16), 0.0, out=np.zeros(3, np.int16)),
         ValueError, "out holds 3"),
        (lambda m: m.fade(np.zeros(2, np.int16), 0), ValueError, "length"),
        (lambda m: m.fade(np.zeros(2, np.int16), 2.5), TypeError, "length"),
        (lambda m: m.fade(np.zeros(2, np.int16), 2, "sideways"), ValueError, "direction"),
        (lambda m: m.fade(np.zeros(2, np.int16), 2, "in", 0.5), TypeError, "start"),
        (lambda m: m.fade(np.zeros(3, np.int16), 2, num_channels=2), ValueError, "groups"),
        (lambda m: m.fade(np.zeros(2, np.uint16), 2), TypeError, "uint16"),
    ],
)
def test_bad_input_is_rejected(impl: types.ModuleType, call, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        call(impl)


def test_read_only_out_is_rejected(impl: types.ModuleType) -> None:
    src = np.zeros(4, np.int16)
    src.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        impl.apply_gain(src, 0.0, out=src)
    assert arr(impl.apply_gain(src, 0.0)).tolist() == [0, 0, 0, 0]  # reading it is fine
