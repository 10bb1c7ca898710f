"""levels(): RMS and peak dBFS per channel, on the compiled kernel and the reference."""

from __future__ import annotations

import math
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from livekit import rtc

HALF_DB = 20 * math.log10(0.5)  # -6.0206


def test_known_levels(impl: types.ModuleType) -> None:
    half = np.full(100, 16384, np.int16)
    rms, peak = impl.levels(half)
    assert rms == pytest.approx((HALF_DB,), abs=1e-12)
    assert peak == pytest.approx((HALF_DB,), abs=1e-12)
    square = np.tile(np.array([-32768, 32767], np.int16), 50)
    rms, peak = impl.levels(square)
    assert peak == (0.0,)  # |-32768| is full scale
    assert rms[0] == pytest.approx(20 * math.log10(math.sqrt((32768**2 + 32767**2) / 2) / 32768))
    assert impl.levels(np.array([32767], np.int16)).peak_dbfs[0] == pytest.approx(-0.000265,
                                                                                   abs=1e-6)


def test_full_scale_sine_reads_minus_3_db(impl: types.ModuleType) -> None:
    t = np.arange(4800)
    sine = np.sin(2 * np.pi * 100 * t / 48000).astype(np.float32)  # whole periods
    rms, peak = impl.levels(sine)
    assert rms[0] == pytest.approx(-3.0103, abs=1e-3)
    assert peak[0] == pytest.approx(0.0, abs=1e-6)


def test_silence_and_empty_are_minus_infinity(impl: types.ModuleType) -> None:
    assert impl.levels(np.zeros(480, np.int16)) == ((-math.inf,), (-math.inf,))
    assert impl.levels(np.zeros((0, 2), np.int16)) == ((-math.inf,) * 2, (-math.inf,) * 2)
    assert impl.levels(b"") == ((-math.inf,), (-math.inf,))
    assert impl.levels(np.zeros(4, np.float32), num_channels=2).rms_dbfs == (-math.inf,) * 2


def test_channels_are_measured_apart(impl: types.ModuleType) -> None:
    stereo = np.zeros((480, 2), np.int16)
    stereo[:, 0] = 16384
    stereo[::2, 1] = -8192
    frame = rtc.AudioFrame(bytearray(stereo.tobytes()), 48000, 2, 480)
    for src, kwargs in ((stereo, {}), (frame, {}), (stereo.ravel(), {"num_channels": 2}),
                        (stereo.tobytes(), {"num_channels": 2})):
        rms, peak = impl.levels(src, **kwargs)
        assert rms[0] == pytest.approx(HALF_DB)
        assert rms[1] == pytest.approx(20 * math.log10(0.25 * math.sqrt(0.5)))
        assert peak == pytest.approx((HALF_DB, 20 * math.log10(0.25)))


def test_float_nan_makes_its_channel_nan(impl: types.ModuleType) -> None:
    src = np.array([[0.5, 0.5], [float("nan"), 0.25]], np.float32)
    rms, peak = impl.levels(src)
    assert math.isnan(rms[0]) and math.isnan(peak[0])
    assert peak[1] == pytest.approx(HALF_DB)


def test_result_type(impl: types.ModuleType) -> None:
    import lkfast

    result = impl.levels(np.ones(4, np.int16))
    assert isinstance(result, lkfast.Levels)
    assert isinstance(result.rms_dbfs, tuple) and isinstance(result.peak_dbfs[0], float)


@given(st.integers(1, 8).flatmap(
    lambda ch: hnp.arrays(np.int16, st.tuples(st.integers(0, 50), st.just(ch)))))
@settings(max_examples=100, deadline=None)
def test_compiled_equals_reference(src: np.ndarray) -> None:
    import lkfast
    import lkfast.reference as ref

    for data in (src, src.astype(np.float32) / 32768):
        got, want = lkfast.levels(data), ref.levels(data)
        assert got.peak_dbfs == want.peak_dbfs
        assert got.rms_dbfs == pytest.approx(want.rms_dbfs, rel=1e-12, abs=1e-12)
    if len(src):
        x = src.astype(np.float64)
        rms = np.sqrt((x**2).mean(axis=0)) / 32768
        with np.errstate(divide="ignore"):
            want_rms = 20 * np.log10(rms)
        np.testing.assert_allclose(lkfast.levels(src).rms_dbfs, want_rms, rtol=1e-9)


@pytest.mark.parametrize(
    ("src", "kwargs", "exc", "words"),
    [
        (np.zeros(4, np.int32), {}, TypeError, "int32"),
        (np.zeros(4, np.float64), {}, TypeError, "float64"),
        (np.zeros(5, np.int16), {"num_channels": 2}, ValueError, "2-channel groups"),
        (np.zeros((3, 2), np.int16), {"num_channels": 1}, ValueError, "num_channels=1"),
        (np.zeros((3, 10), np.int16), {}, ValueError, "10 channels"),
        (np.zeros(8, np.int16)[::2], {}, ValueError, "contiguous"),
        (None, {}, TypeError, "buffer"),
    ],
)
def test_bad_input_is_rejected(impl: types.ModuleType, src: object, kwargs: dict, exc: type,
                               words: str) -> None:
    with pytest.raises(exc, match=words):
        impl.levels(src, **kwargs)
