"""float <-> int16 sample conversion, on the compiled kernel and the reference."""

from __future__ import annotations

import array
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def test_float_to_int16_rounds_and_saturates(impl: types.ModuleType) -> None:
    src = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -7.0, 1 / 65536, 3 / 65536, -1 / 65536,
                    0.99999, float("nan"), float("inf"), float("-inf"), 1e300], dtype=np.float64)
    got = np.asarray(impl.float_to_int16(src), dtype=np.int16)
    # x * 32768: 0.5 -> 16384, 1.0 saturates to 32767, ties (0.5, 1.5, -0.5 LSB) go to even.
    assert got.tolist() == [0, 16384, -16384, 32767, -32768, 32767, -32768, 0, 2, 0,
                            32767, 0, 32767, -32768, 32767]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_to_int16_matches_numpy_formula(impl: types.ModuleType, dtype: type) -> None:
    rng = np.random.default_rng(1)
    src = rng.uniform(-1.2, 1.2, 4801).astype(dtype)
    want = np.clip(np.rint(src.astype(np.float64) * 32768.0), -32768, 32767).astype(np.int16)
    np.testing.assert_array_equal(np.asarray(impl.float_to_int16(src), dtype=np.int16), want)


def test_int16_round_trip_is_exact(impl: types.ModuleType) -> None:
    every = np.arange(-32768, 32768, dtype=np.int16)
    as_float = np.asarray(impl.int16_to_float32(every), dtype=np.float32)
    np.testing.assert_array_equal(as_float, every.astype(np.float32) / np.float32(32768))
    assert as_float.min() == -1.0 and as_float.max() < 1.0
    np.testing.assert_array_equal(np.asarray(impl.float_to_int16(as_float), dtype=np.int16), every)


def test_shapes_buffers_and_out(impl: types.ModuleType) -> None:
    src = np.linspace(-1, 1, 960, dtype=np.float32).reshape(480, 2)
    out = np.zeros((480, 2), dtype=np.int16)
    result = impl.float_to_int16(src, out)
    assert result is out
    assert out[0, 0] == -32768 and out[-1, -1] == 32767
    from livekit import rtc

    frame = rtc.AudioFrame.create(48000, 2, 480)
    impl.float_to_int16(src, frame.data)
    np.testing.assert_array_equal(np.frombuffer(frame.data, np.int16), out.ravel())
    back = np.zeros(960, dtype=np.float32)
    impl.int16_to_float32(frame.data, back)
    np.testing.assert_array_equal(back, out.ravel() / np.float32(32768))
    floats = array.array("f", [0.25, -0.25])
    assert list(np.asarray(impl.float_to_int16(floats), dtype=np.int16)) == [8192, -8192]


@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (lambda m: m.float_to_int16(np.zeros(4, np.int16)), TypeError, "src"),
        (lambda m: m.int16_to_float32(np.zeros(4, np.float32)), TypeError, "src"),
        (lambda m: m.float_to_int16(np.zeros(8, np.float32)[::2]), ValueError, "contiguous"),
        (lambda m: m.float_to_int16(np.zeros(4, np.float32), np.zeros(3, np.int16)), ValueError,
         "samples"),
        (lambda m: m.float_to_int16(np.zeros(4, np.float32), np.zeros(4, np.int32)), TypeError,
         "out"),
        (lambda m: m.int16_to_float32(np.zeros(4, np.int16), np.zeros(4, np.float64)), TypeError,
         "out"),
        (lambda m: m.float_to_int16(np.zeros(4, np.float32), bytes(8)), (ValueError, TypeError),
         "out"),
        (lambda m: m.float_to_int16(None), TypeError, "src"),
        (lambda m: m.float_to_int16(np.zeros(4, np.float32), [0] * 4), TypeError, "out"),
    ],
)
def test_bad_input_is_rejected(impl: types.ModuleType, call, exc, words: str) -> None:
    with pytest.raises(exc, match=words):
        call(impl)


def test_read_only_out_is_rejected(impl: types.ModuleType) -> None:
    out = np.zeros(4, dtype=np.int16)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        impl.float_to_int16(np.ones(4, np.float32), out)


@given(hnp.arrays(st.sampled_from([np.float32, np.float64]), st.integers(0, 300),
                  elements=st.floats(-3, 3, width=32)))
@settings(max_examples=80, deadline=None)
def test_compiled_equals_reference(src: np.ndarray) -> None:
    import lkfast
    import lkfast.reference

    np.testing.assert_array_equal(
        lkfast.float_to_int16(src),
        np.asarray(lkfast.reference.float_to_int16(src), dtype=np.int16))
