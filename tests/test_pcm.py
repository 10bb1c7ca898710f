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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 15, 16, 17, 4803])
def test_every_length_and_special_value(impl: types.ModuleType, dtype: type, n: int) -> None:
    # Lengths around the compiled kernel's 8-sample vector blocks, with NaN, infinities,
    # ties (k + 0.5 LSB), full scale and beyond, spread over vector lanes and the tail.
    specials = [float("nan"), float("inf"), float("-inf"), 1.0, -1.0, 1.5, -1.5,
                0.5 / 32768, 1.5 / 32768, -2.5 / 32768, 32766.5 / 32768, -32767.5 / 32768,
                32767.4 / 32768, -32768.6 / 32768, 1e30, -1e-30, 0.0, -0.0]
    values = [specials[(i * 7) % len(specials)] if i % 3 else (i % 17 - 8) / 9 for i in range(n)]
    src = np.array(values, dtype=dtype)
    with np.errstate(invalid="ignore"):
        scaled = np.nan_to_num(src.astype(np.float64) * 32768.0, nan=0.0, posinf=4e4,
                               neginf=-4e4)
    want = np.clip(np.rint(scaled), -32768, 32767).astype(np.int16)
    np.testing.assert_array_equal(np.asarray(impl.float_to_int16(src), dtype=np.int16), want)


def test_frames_in_and_out(impl: types.ModuleType) -> None:
    from livekit import rtc

    frame = rtc.AudioFrame.create(48000, 2, 4)
    src = np.array([[0.5, -0.5], [0.25, 1.0], [0.0, -1.0], [2.0, 0.125]], np.float32)
    assert impl.float_to_int16(src, out=frame) is frame
    assert list(frame.data) == [16384, -16384, 8192, 32767, 0, -32768, 32767, 4096]
    back = impl.int16_to_float32(frame)
    np.testing.assert_array_equal(np.asarray(back, np.float32).ravel(),
                                  np.frombuffer(frame.data, np.int16) / np.float32(32768))
    import lkfast

    if impl is lkfast:
        assert back.shape == (4, 2)  # (samples_per_channel, num_channels)


def test_frame_longer_buffer_counts_only_its_samples(impl: types.ModuleType) -> None:
    from livekit import rtc

    frame = rtc.AudioFrame(bytearray(np.arange(10, dtype=np.int16).tobytes()), 48000, 1, 4)
    got = np.asarray(impl.int16_to_float32(frame), np.float32).ravel()
    np.testing.assert_array_equal(got * 32768, [0, 1, 2, 3])


@pytest.mark.parametrize("shift", [-3, 0, 2, 5])
def test_out_may_overlap_the_input(impl: types.ModuleType, shift: int) -> None:
    raw = bytearray(200)
    src = np.frombuffer(raw, dtype=np.float32, count=20, offset=40)
    src[:] = np.linspace(-1, 1, 20, dtype=np.float32)
    want = np.asarray(impl.float_to_int16(src.copy()), np.int16)
    out = np.frombuffer(raw, dtype=np.int16, count=20, offset=40 + 2 * shift)
    impl.float_to_int16(src, out)
    np.testing.assert_array_equal(out, want)


def test_big_endian_is_rejected(impl: types.ModuleType) -> None:
    with pytest.raises(TypeError, match="big-endian"):
        impl.float_to_int16(np.zeros(4, ">f4"))
    with pytest.raises(TypeError, match="big-endian"):
        impl.int16_to_float32(np.zeros(4, ">i2"))


@given(hnp.arrays(np.float64, st.integers(0, 300),
                  elements=st.floats(allow_nan=True, allow_infinity=True)))
@settings(max_examples=80, deadline=None)
def test_float64_compiled_equals_reference(src: np.ndarray) -> None:
    import lkfast
    import lkfast.reference

    np.testing.assert_array_equal(
        lkfast.float_to_int16(src),
        np.asarray(lkfast.reference.float_to_int16(src), dtype=np.int16))
