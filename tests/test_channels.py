"""interleave / deinterleave / remix, on the compiled kernels and the references."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from livekit import rtc


def arr(result: object, dtype: type = np.int16) -> np.ndarray:
    """A result of either implementation as a flat numpy array."""
    return np.asarray(result, dtype=dtype).ravel()


def test_interleave_known_values(impl: types.ModuleType) -> None:
    planes = np.array([[1, 2, 3], [-4, -5, -6]], dtype=np.int16)
    want = [1, -4, 2, -5, 3, -6]
    assert arr(impl.interleave(planes)).tolist() == want
    assert arr(impl.interleave([planes[0], planes[1].tobytes()])).tolist() == want
    three = [np.array([1, 2], np.int16), np.array([3, 4], np.int16), np.array([5, 6], np.int16)]
    assert arr(impl.interleave(three)).tolist() == [1, 3, 5, 2, 4, 6]
    floats = [np.array([0.5, -0.25], np.float32), np.array([1.0, 0.0], np.float32)]
    assert arr(impl.interleave(floats), np.float32).tolist() == [0.5, 1.0, -0.25, 0.0]


def test_compiled_shapes() -> None:
    import lkfast

    planes = np.zeros((2, 5), np.int16)
    assert lkfast.interleave(planes).shape == (5, 2)
    assert lkfast.deinterleave(np.zeros((5, 3), np.float32)).shape == (3, 5)
    assert lkfast.remix(np.zeros(10, np.int16), 2).shape == (10, 2)
    assert lkfast.remix(np.zeros((5, 2), np.int16), 1).shape == (5, 1)


def test_deinterleave_known_values(impl: types.ModuleType) -> None:
    src = np.array([[1, -4], [2, -5], [3, -6]], dtype=np.int16)
    assert arr(impl.deinterleave(src)).tolist() == [1, 2, 3, -4, -5, -6]
    assert arr(impl.deinterleave(src.ravel(), 3)).tolist() == [1, -5, -4, 3, 2, -6]
    assert arr(impl.deinterleave(src.tobytes(), num_channels=2)).tolist() == [1, 2, 3, -4, -5, -6]
    frame = rtc.AudioFrame(bytearray(src.tobytes()), 48000, 2, 3)
    assert arr(impl.deinterleave(frame)).tolist() == [1, 2, 3, -4, -5, -6]


@pytest.mark.parametrize("channels", [1, 2, 3, 8])
def test_round_trip(impl: types.ModuleType, channels: int) -> None:
    src = (np.arange(50 * channels) * 97 - 2000).astype(np.int16).reshape(50, channels)
    planes = np.asarray(impl.deinterleave(src), np.int16).reshape(channels, 50)
    np.testing.assert_array_equal(planes, src.T)
    np.testing.assert_array_equal(arr(impl.interleave(planes)), src.ravel())


def test_remix_stereo_to_mono_rounds_half_to_even(impl: types.ModuleType) -> None:
    pairs = [(1, 2), (-1, -2), (1, 0), (3, 0), (-3, 0), (32767, 32767), (-32768, -32768),
             (32767, -32768), (5, 6), (100, -101)]
    # means: 1.5, -1.5, 0.5, 1.5, -1.5, 32767, -32768, -0.5, 5.5, -0.5
    want = [2, -2, 0, 2, -2, 32767, -32768, 0, 6, 0]
    src = np.array(pairs, dtype=np.int16)
    assert arr(impl.remix(src, 1)).tolist() == want


def test_remix_many_channels_to_mono(impl: types.ModuleType) -> None:
    src = np.array([[1, 1, 0], [2, 2, 1], [-1, 0, 0], [32767, 32767, 32767]], np.int16)
    # 2/3 -> 1, 5/3 -> 2, -1/3 -> 0, 32767
    assert arr(impl.remix(src, 1)).tolist() == [1, 2, 0, 32767]
    six = np.array([[1, 2, 3, 4, 5, 6]], np.int16)  # 3.5 -> 4
    assert arr(impl.remix(six, 1)).tolist() == [4]
    floats = np.array([[0.5, 0.25], [1.0, -1.0]], np.float32)
    assert arr(impl.remix(floats, 1), np.float32).tolist() == [0.375, 0.0]


def test_remix_up_and_identity(impl: types.ModuleType) -> None:
    mono = np.array([7, -8, 9], np.int16)
    assert arr(impl.remix(mono, 2)).tolist() == [7, 7, -8, -8, 9, 9]
    assert arr(impl.remix(mono, 3)).tolist() == [7, 7, 7, -8, -8, -8, 9, 9, 9]
    stereo = np.array([[1, 2], [3, 4]], np.int16)
    assert arr(impl.remix(stereo, 2)).tolist() == [1, 2, 3, 4]
    assert arr(impl.remix(stereo.ravel(), 1, num_channels=2)).tolist() == [2, 4]  # 1.5, 3.5


def test_frames_and_out(impl: types.ModuleType) -> None:
    stereo = np.array([[100, 300], [-100, -301]], np.int16)
    frame = rtc.AudioFrame(bytearray(stereo.tobytes()), 48000, 2, 2)
    mono = rtc.AudioFrame.create(48000, 1, 2)
    result = impl.remix(frame, 1, out=mono)
    assert result is mono
    assert list(mono.data) == [200, -200]  # -200.5 -> -200
    out = bytearray(8)
    impl.interleave([np.array([1, 2], np.int16), np.array([3, 4], np.int16)], out=out)
    assert np.frombuffer(out, np.int16).tolist() == [1, 3, 2, 4]


@pytest.mark.parametrize("shift", [-4, -1, 0, 1, 4])
def test_out_may_overlap_the_input(impl: types.ModuleType, shift: int) -> None:
    base = (np.arange(40) * 13 - 200).astype(np.int16)
    src_at, n = 8, 24
    want_de = arr(impl.deinterleave(base[src_at : src_at + n].copy(), 2))
    want_mix = arr(impl.remix(base[src_at : src_at + n].copy(), 1, num_channels=2))
    buf = base.copy()
    impl.deinterleave(buf[src_at : src_at + n], 2, out=buf[src_at + shift : src_at + shift + n])
    np.testing.assert_array_equal(buf[src_at + shift : src_at + shift + n], want_de)
    buf = base.copy()
    impl.remix(buf[src_at : src_at + n], 1, num_channels=2,
               out=buf[src_at + shift : src_at + shift + n // 2])
    np.testing.assert_array_equal(buf[src_at + shift : src_at + shift + n // 2], want_mix)


int16_frames = st.integers(1, 8).flatmap(
    lambda ch: hnp.arrays(np.int16, st.tuples(st.integers(0, 40), st.just(ch))))
float_frames = st.integers(1, 8).flatmap(
    lambda ch: hnp.arrays(np.float32, st.tuples(st.integers(0, 40), st.just(ch)),
                          elements=st.floats(-2, 2, width=32)))


@given(st.one_of(int16_frames, float_frames), st.integers(1, 8))
@settings(max_examples=120, deadline=None)
def test_compiled_equals_reference(src: np.ndarray, to: int) -> None:
    import lkfast
    import lkfast.reference as ref

    dtype = src.dtype.type
    np.testing.assert_array_equal(arr(lkfast.deinterleave(src), dtype),
                                  arr(ref.deinterleave(src), dtype))
    planes = np.ascontiguousarray(src.T)
    np.testing.assert_array_equal(arr(lkfast.interleave(planes), dtype), src.ravel())
    np.testing.assert_array_equal(arr(ref.interleave(planes), dtype), src.ravel())
    channels = src.shape[1]
    if channels == to or channels == 1 or to == 1:
        got = arr(lkfast.remix(src, to), dtype)
        np.testing.assert_array_equal(got, arr(ref.remix(src, to), dtype))
        if to == 1 and dtype is np.int16 and len(src):
            exact = src.astype(np.int64).sum(axis=1) / channels
            np.testing.assert_array_equal(got, np.rint(exact).astype(np.int16))


@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (lambda m: m.interleave(np.zeros(4, np.int16)), ValueError, "2-D"),
        (lambda m: m.interleave([]), ValueError, "between 1 and 8"),
        (lambda m: m.interleave(np.zeros((9, 2), np.int16)), ValueError, "9 channels"),
        (lambda m: m.interleave([np.zeros(2, np.int16), np.zeros(3, np.int16)]), ValueError,
         "same length"),
        (lambda m: m.interleave([np.zeros(2, np.int16), np.zeros(2, np.float32)]), TypeError,
         "one dtype"),
        (lambda m: m.interleave([np.zeros((2, 2), np.int16)]), ValueError, "1-D"),
        (lambda m: m.interleave("ab"), TypeError, "planes"),
        (lambda m: m.interleave(5), TypeError, "planes"),
        (lambda m: m.interleave([np.zeros(2, np.int32)]), TypeError, "int16"),
        (lambda m: m.deinterleave(np.zeros(5, np.int16), 2), ValueError, "2-channel groups"),
        (lambda m: m.deinterleave(np.zeros((4, 2), np.int16), 3), ValueError, "num_channels=3"),
        (lambda m: m.deinterleave(np.zeros((4, 9), np.int16)), ValueError, "9 channels"),
        (lambda m: m.deinterleave(np.zeros((2, 2, 2), np.int16)), ValueError, "dimensions"),
        (lambda m: m.deinterleave(np.zeros(4, np.float64)), TypeError, "float64"),
        (lambda m: m.deinterleave(np.zeros(4, ">i2")), TypeError, "big-endian"),
        (lambda m: m.deinterleave(b"abc"), ValueError, "3 bytes"),
        (lambda m: m.deinterleave(np.zeros(4, np.int16), 0), ValueError, "num_channels"),
        (lambda m: m.deinterleave(np.zeros(4, np.int16), 2.0), TypeError, "num_channels"),
        (lambda m: m.remix(np.zeros((4, 2), np.int16), 3), ValueError, "not supported"),
        (lambda m: m.remix(np.zeros((4, 2), np.int16), 0), ValueError, "out_channels"),
        (lambda m: m.remix(np.zeros((4, 2), np.int16), 1, out=np.zeros(3, np.int16)),
         ValueError, "out holds 3"),
        (lambda m: m.remix(np.zeros((4, 2), np.int16), 1, out=np.zeros(4, np.float32)),
         TypeError, "out"),
        (lambda m: m.remix(np.zeros((4, 2), np.int16), 1, out=bytes(8)), ValueError,
         "read-only"),
        (lambda m: m.remix([1, 2], 1), TypeError, "buffer"),
    ],
)
def test_bad_input_is_rejected(impl: types.ModuleType, call, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        call(impl)
