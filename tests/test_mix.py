"""lkfast.mix: closed forms, rounding and saturation, aliasing, bad input; kernel = twin."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast._core import variants


def arr(result: object, dtype: type = np.int16) -> np.ndarray:
    return np.frombuffer(memoryview(result).cast("B"), dtype=dtype) if not isinstance(
        result, np.ndarray) else result.ravel()


def test_rounds_half_to_even_and_saturates(impl: types.ModuleType) -> None:
    a = np.array([1, 3, 5, -1, -3, -5, 7, 0], np.int16)
    # x 0.5: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -1.5 -> -2, -2.5 -> -2, 3.5 -> 4
    assert arr(impl.mix([a], [0.5])).tolist() == [0, 2, 2, 0, -2, -2, 4, 0]
    big = np.array([32767, -32768, 20000, -20000, 1], np.int16)
    assert arr(impl.mix([big, big])).tolist() == [32767, -32768, 32767, -32768, 2]
    assert arr(impl.mix([big, big], [1.0, -1.0])).tolist() == [0] * 5
    assert arr(impl.mix([big, big], [-1.0, -0.0])).tolist() == [-32767, 32767, -20000, 20000, -1]
    # the sum saturates once, at the end: 32767 + 32767 - 32768 is 32766
    assert arr(impl.mix([big[:1], big[:1], big[1:2]])).tolist() == [32766]


def test_float32_sums_in_double_and_clips_on_request(impl: types.ModuleType) -> None:
    a = np.array([0.75, -0.75, 0.25, np.nan, 1e-8], np.float32)
    b = np.array([0.5, -0.5, 0.125, 0.0, 1e-8], np.float32)
    free = arr(impl.mix([a, b], [1.0, 2.0]), np.float32)
    want = (a.astype(np.float64) + 2.0 * b.astype(np.float64)).astype(np.float32)
    np.testing.assert_array_equal(free, want)
    assert free[0] == 1.75
    clipped = arr(impl.mix([a, b], [1.0, 2.0], clip=True), np.float32)
    assert clipped[:3].tolist() == [1.0, -1.0, 0.5] and np.isnan(clipped[3])
    assert clipped[4] == want[4]


def test_matches_float64_numpy_closed_form(impl: types.ModuleType) -> None:
    rng = np.random.default_rng(7)
    streams = [rng.integers(-32768, 32768, (480, 2)).astype(np.int16) for _ in range(8)]
    gains = [0.5, 0.7, 1.3, 0.25, 1.0, 0.9, 0.6, 0.33]
    acc = streams[0] * gains[0]
    for s, g in zip(streams[1:], gains[1:]):
        acc = acc + s * g
    want = np.clip(np.rint(acc), -32768, 32767).astype(np.int16)
    np.testing.assert_array_equal(arr(impl.mix(streams, gains)), want.ravel())


def test_compiled_equals_reference_and_every_build() -> None:
    rng = np.random.default_rng(3)
    builds = variants.builds("lkfast.audio._mix")
    for n, ns in ((0, 1), (1, 1), (7, 3), (960, 8), (1029, 5), (2 * 512 + 3, 64)):
        streams = [rng.integers(-32768, 32768, n).astype(np.int16) for _ in range(ns)]
        gains = rng.uniform(-3, 3, ns).tolist()
        for g in (None, gains):
            want = arr(lkfast.reference.mix(streams, g))
            np.testing.assert_array_equal(lkfast.mix(streams, g), want)
            for mod in builds:
                np.testing.assert_array_equal(mod.mix_buffers(streams, g, None, False), want)
        floats = [rng.uniform(-1.5, 1.5, n).astype(np.float32) for _ in range(ns)]
        for clip in (False, True):
            want = arr(lkfast.reference.mix(floats, gains, clip=clip), np.float32)
            got = lkfast.mix(floats, gains, clip=clip)
            np.testing.assert_array_equal(got.view(np.int32), want.view(np.int32))
            for mod in builds:
                np.testing.assert_array_equal(mod.mix_buffers(floats, gains, None, clip), want)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(0, 40), st.integers(0, 2**32 - 1),
       st.sampled_from([0.5, 1.0, -1.0, 0.1, 3.0, 1000.0]))
def test_kernel_equals_twin_on_random_input(ns: int, n: int, seed: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    streams = [rng.integers(-32768, 32768, n).astype(np.int16) for _ in range(ns)]
    gains = (rng.uniform(-1, 1, ns) * scale).tolist()
    np.testing.assert_array_equal(lkfast.mix(streams, gains),
                                  arr(lkfast.reference.mix(streams, gains)))


def test_shapes_frames_bytes_and_out(impl: types.ModuleType) -> None:
    a = np.arange(12, dtype=np.int16).reshape(6, 2)
    b = np.full((6, 2), 100, np.int16)
    if impl is lkfast:
        assert impl.mix([a, b]).shape == (6, 2)
    frame = rtc.AudioFrame(b.tobytes(), 48000, 2, 6)
    got = impl.mix([a, frame, b.tobytes()])
    assert arr(got).tolist() == (a.ravel() + 200).tolist()
    out = np.zeros(12, np.int16)  # another shape, same sample count
    assert impl.mix([a, b], out=out) is out
    assert out.tolist() == (a.ravel() + 100).tolist()
    dst = rtc.AudioFrame.create(48000, 2, 6)
    assert impl.mix([a, b], [2.0, 1.0], out=dst) is dst
    assert list(dst.data) == (2 * a.ravel() + 100).tolist()


def test_out_may_be_a_stream_or_overlap_one(impl: types.ModuleType) -> None:
    rng = np.random.default_rng(5)
    a = rng.integers(-1000, 1000, 3000).astype(np.int16)
    b = rng.integers(-1000, 1000, 3000).astype(np.int16)
    want = arr(lkfast.reference.mix([a, b], [0.5, 1.5])).copy()
    for k in (0, 1):
        s = [a.copy(), b.copy()]
        impl.mix(s, [0.5, 1.5], out=s[k])
        np.testing.assert_array_equal(s[k], want)
    buf = np.zeros(4000, np.int16)
    buf[:3000] = a
    impl.mix([buf[:3000], b], [0.5, 1.5], out=buf[1000:])  # overlaps, shifted
    np.testing.assert_array_equal(buf[1000:], want)


@pytest.mark.parametrize(("args", "kwargs", "error", "text"), [
    (([],), {}, ValueError, "streams must hold 1 to 64"),
    (([np.zeros(4, np.int16)] * 65,), {}, ValueError, "streams must hold 1 to 64"),
    ((np.zeros(4, np.int16),), {}, TypeError, "streams must be a sequence"),
    ((b"abcd",), {}, TypeError, "streams must be a sequence"),
    (([np.zeros(4, np.int16), np.zeros(5, np.int16)],), {}, ValueError, "streams[1] holds 5"),
    (([np.zeros(4, np.int16), np.zeros(4, np.float32)],), {}, TypeError, "streams[1]"),
    (([np.zeros(4, np.float64)],), {}, TypeError, "streams[0] with dtype"),
    (([np.zeros((4, 2), np.int16)[:, 0]],), {}, ValueError, "C-contiguous"),
    (([np.zeros(4, np.int16)], [1.0, 2.0]), {}, ValueError, "gains holds 2 values for 1"),
    (([np.zeros(4, np.int16)], 1.0), {}, TypeError, "gains must be None or a sequence"),
    (([np.zeros(4, np.int16)], [float("nan")]), {}, ValueError, "gains[0]"),
    (([np.zeros(4, np.int16)], [float("inf")]), {}, ValueError, "gains[0]"),
    (([np.zeros(4, np.int16)], [1001.0]), {}, ValueError, "gains[0] must be between"),
    (([np.zeros(4, np.int16)], ["1"]), {}, TypeError, "gains[0] must be a real"),
    (([np.zeros(4, np.int16)],), {"clip": 1}, TypeError, "clip must be True or False"),
    (([np.zeros(4, np.int16)],), {"out": np.zeros(5, np.int16)}, ValueError, "out holds 5"),
    (([np.zeros(4, np.int16)],), {"out": np.zeros(4, np.float32)}, TypeError, "out"),
    (([np.zeros(4, np.int16)],), {"out": bytes(8)}, ValueError, "out is read-only"),
])
def test_bad_input_names_the_argument(impl: types.ModuleType, args: tuple, kwargs: dict,
                                      error: type, text: str) -> None:
    with pytest.raises(error) as info:
        impl.mix(*args, **kwargs)
    assert text in str(info.value)


def test_rejected_call_leaves_out_untouched() -> None:
    out = np.full(4, 9, np.int16)
    with pytest.raises(ValueError):
        lkfast.mix([np.ones(4, np.int16), np.ones(3, np.int16)], out=out)
    assert out.tolist() == [9] * 4
