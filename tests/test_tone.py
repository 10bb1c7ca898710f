"""SineGenerator: closed-form samples, exact phase after 24 h, buffers, bad input.

Every test runs on the compiled kernel and on the pure-Python reference (fixture ``impl``).
"""

from __future__ import annotations

import array
import math
import types
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc

HOURS_24 = 24 * 3600 * 48000


def expected(k: int, frequency: float, sample_rate: int, amplitude: float) -> int:
    """round(A * 32767 * sin(2*pi*f*k/sr)) with the phase reduced exactly (no float error)."""
    cycles = Fraction(frequency) * k / sample_rate
    frac = cycles - math.floor(cycles)
    return round(amplitude * 32767 * math.sin(2 * math.pi * float(frac)))


def expected_block(k0: int, n: int, frequency: float, sample_rate: int, amplitude: float) -> list:
    return [expected(k0 + i, frequency, sample_rate, amplitude) for i in range(n)]


def within_one_lsb(got: np.ndarray, want: list) -> None:
    diff = np.abs(np.asarray(got, dtype=np.int64) - np.asarray(want, dtype=np.int64))
    assert diff.max(initial=0) <= 1, f"max error {diff.max()} LSB at {int(diff.argmax())}"


def test_first_samples_match_closed_form(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator(48000, 1, 440.0, 0.5)
    out = np.zeros(480, dtype=np.int16)
    assert gen.fill(out) == 480
    within_one_lsb(out, expected_block(0, 480, 440.0, 48000, 0.5))
    assert out[0] == 0
    # 440 Hz at 48 kHz: a quarter period is 27.27 samples; sample 27 is near the peak 16384.
    assert abs(int(out[27]) - round(16383.5 * math.sin(2 * math.pi * 440 * 27 / 48000))) <= 1


@pytest.mark.parametrize(
    ("rate", "freq", "amp"),
    [(8000, 1000.0, 1.0), (16000, 3999.5, 0.25), (44100, 440.0, 0.8), (48000, 0.1, 1.0),
     (192000, 95999.0, 0.9), (48000, 1234.5678, 0.0)],
)
def test_closed_form_across_parameters(impl: types.ModuleType, rate: int, freq: float,
                                       amp: float) -> None:
    gen = impl.SineGenerator(rate, 1, freq, amp)
    out = np.zeros(3000, dtype=np.int16)  # crosses the compiled kernel's 1024-sample blocks
    gen.fill(out)
    within_one_lsb(out, expected_block(0, 3000, freq, rate, amp))


def test_full_scale_peaks_and_symmetry(impl: types.ModuleType) -> None:
    # 12 kHz at 48 kHz: exactly 0, +A, 0, -A, ...
    gen = impl.SineGenerator(48000, 1, 12000.0, 1.0)
    out = np.zeros(8, dtype=np.int16)
    gen.fill(out)
    assert out.tolist() == [0, 32767, 0, -32767, 0, 32767, 0, -32767]


def test_phase_continues_across_calls(impl: types.ModuleType) -> None:
    whole = np.zeros(4801, dtype=np.int16)
    impl.SineGenerator(44100, 1, 997.0, 0.7).fill(whole)
    gen = impl.SineGenerator(44100, 1, 997.0, 0.7)
    parts = []
    for n in (1, 440, 1023, 1024, 1025, 7, 1281):
        part = np.zeros(n, dtype=np.int16)
        gen.fill(part)
        parts.append(part)
    assert gen.position == 4801
    np.testing.assert_array_equal(np.concatenate(parts), whole)


@pytest.mark.parametrize("hours", [1, 12, 24])
def test_seek_to_hour_is_exact(impl: types.ModuleType, hours: int) -> None:
    k0 = hours * 3600 * 48000
    for freq in (440.0, 1000.1, 17.3):
        gen = impl.SineGenerator(48000, 1, freq, 1.0)
        gen.seek(k0)
        assert gen.position == k0
        out = np.zeros(960, dtype=np.int16)
        gen.fill(out)
        within_one_lsb(out, expected_block(k0, 960, freq, 48000, 1.0))


def test_end_of_24_hours_is_exact(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator(48000, 1, 440.0001, 1.0)
    gen.seek(HOURS_24 - 480)
    out = np.zeros(480, dtype=np.int16)
    gen.fill(out)
    within_one_lsb(out, expected_block(HOURS_24 - 480, 480, 440.0001, 48000, 1.0))


@given(k0=st.integers(0, HOURS_24), freq=st.floats(0.01, 23999.0), amp=st.floats(0.0, 1.0),
       n=st.integers(1, 40))
@settings(max_examples=60, deadline=None)
def test_any_position_matches_closed_form(k0: int, freq: float, amp: float, n: int) -> None:
    import lkfast
    import lkfast.reference

    for cls in (lkfast.SineGenerator, lkfast.reference.SineGenerator):
        gen = cls(48000, 1, freq, amp)
        gen.seek(k0)
        out = np.zeros(n, dtype=np.int16)
        gen.fill(out)
        within_one_lsb(out, expected_block(k0, n, freq, 48000, amp))


@pytest.mark.parametrize("channels", [1, 2, 3, 8])
def test_channels_carry_the_same_sample(impl: types.ModuleType, channels: int) -> None:
    mono = np.zeros(1500, dtype=np.int16)
    impl.SineGenerator(48000, 1, 440.0, 0.5).fill(mono)
    out = np.zeros((1500, channels), dtype=np.int16)
    assert impl.SineGenerator(48000, channels, 440.0, 0.5).fill(out) == 1500
    for c in range(channels):
        np.testing.assert_array_equal(out[:, c], mono)


def test_compiled_equals_reference_bit_for_bit() -> None:
    import lkfast
    import lkfast.reference

    for rate, ch, freq, amp in [(48000, 2, 440.0, 0.5), (16000, 1, 123.456, 1.0)]:
        a = np.zeros(5000 * ch, dtype=np.int16)
        b = np.zeros(5000 * ch, dtype=np.int16)
        lkfast.SineGenerator(rate, ch, freq, amp).fill(a)
        lkfast.reference.SineGenerator(rate, ch, freq, amp).fill(b)
        within_one_lsb(a, b.tolist())


@pytest.mark.parametrize("kind", ["bytearray", "memoryview", "array", "numpy2d", "frame"])
def test_fills_every_writable_int16_buffer(impl: types.ModuleType, kind: str) -> None:
    want = np.zeros(960, dtype=np.int16)
    impl.SineGenerator(48000, 2, 440.0, 0.5).fill(want)
    gen = impl.SineGenerator(48000, 2, 440.0, 0.5)
    if kind == "bytearray":
        buf = bytearray(1920)
        gen.fill(buf)
        got = np.frombuffer(buf, dtype=np.int16)
    elif kind == "memoryview":
        raw = bytearray(1920)
        gen.fill(memoryview(raw))
        got = np.frombuffer(raw, dtype=np.int16)
    elif kind == "array":
        arr = array.array("h", bytes(1920))
        gen.fill(arr)
        got = np.frombuffer(arr, dtype=np.int16)
    elif kind == "numpy2d":
        got = np.zeros((480, 2), dtype=np.int16)
        gen.fill(got)
    else:
        frame = rtc.AudioFrame.create(48000, 2, 480)
        gen.fill(frame.data)
        got = np.frombuffer(frame.data, dtype=np.int16)
    np.testing.assert_array_equal(np.ravel(got), want)


def test_next_frame_defaults_to_10_ms(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator(44100, 2, 440.0, 0.5)
    frame = gen.next_frame()
    assert isinstance(frame, rtc.AudioFrame)
    assert (frame.sample_rate, frame.num_channels, frame.samples_per_channel) == (44100, 2, 441)
    got = np.frombuffer(frame.data, dtype=np.int16).reshape(-1, 2)
    within_one_lsb(got[:, 0], expected_block(0, 441, 440.0, 44100, 0.5))
    second = gen.next_frame(100)
    assert second.samples_per_channel == 100
    assert gen.position == 541
    within_one_lsb(np.frombuffer(second.data, dtype=np.int16)[::2],
                   expected_block(441, 100, 440.0, 44100, 0.5))


def test_empty_buffer_writes_nothing(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator()
    assert gen.fill(bytearray()) == 0
    assert gen.position == 0


def test_repr_and_attributes(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator(16000, 2, 300, 1)
    assert (gen.sample_rate, gen.num_channels, gen.frequency, gen.amplitude) == (16000, 2, 300.0,
                                                                                   1.0)
    assert repr(gen) == "SineGenerator(sample_rate=16000, num_channels=2, frequency=300.0, " \
                        "amplitude=1.0)"


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"sample_rate": 7999}, ValueError, "sample_rate"),
        ({"sample_rate": 192001}, ValueError, "sample_rate"),
        ({"sample_rate": 48000.0}, TypeError, "sample_rate"),
        ({"sample_rate": True}, TypeError, "sample_rate"),
        ({"num_channels": 0}, ValueError, "num_channels"),
        ({"num_channels": 9}, ValueError, "num_channels"),
        ({"num_channels": "2"}, TypeError, "num_channels"),
        ({"frequency": 0.0}, ValueError, "frequency"),
        ({"frequency": -1.0}, ValueError, "frequency"),
        ({"frequency": 24000.0}, ValueError, "frequency"),
        ({"frequency": float("nan")}, ValueError, "frequency"),
        ({"frequency": "440"}, TypeError, "frequency"),
        ({"amplitude": 1.0001}, ValueError, "amplitude"),
        ({"amplitude": -0.1}, ValueError, "amplitude"),
        ({"amplitude": float("inf")}, ValueError, "amplitude"),
        ({"amplitude": None}, TypeError, "amplitude"),
    ],
)
def test_bad_parameters_are_named(impl: types.ModuleType, kwargs: dict, exc: type,
                                  words: str) -> None:
    with pytest.raises(exc, match=words):
        impl.SineGenerator(**kwargs)


def test_numpy_integer_parameters_are_accepted(impl: types.ModuleType) -> None:
    gen = impl.SineGenerator(np.int64(16000), np.int32(2), np.float32(250.0), np.float64(0.5))
    assert (gen.sample_rate, gen.num_channels) == (16000, 2)


@pytest.mark.parametrize(
    ("make", "exc", "words"),
    [
        (lambda: np.zeros(480, dtype=np.float32), TypeError, "int16.*float32"),
        (lambda: np.zeros(480, dtype=np.int32), TypeError, "int16.*int32"),
        (lambda: np.zeros(480, dtype=np.uint16), TypeError, "int16.*uint16"),
        (lambda: bytes(960), ValueError, "read-only"),
        (lambda: np.zeros(480, dtype=np.int16)[::2], ValueError, "contiguous"),
        (lambda: bytearray(961), ValueError, "961 bytes"),
        (lambda: np.zeros(481, dtype=np.int16), ValueError, "multiple of num_channels=2"),
        (lambda: [0] * 480, TypeError, "buffer"),
        (lambda: None, TypeError, "buffer"),
        (lambda: "abc", TypeError, "buffer"),
    ],
)
def test_bad_buffers_raise_clearly(impl: types.ModuleType, make, exc: type, words: str) -> None:
    gen = impl.SineGenerator(48000, 2)
    with pytest.raises(exc, match=words):
        gen.fill(make())
    assert gen.position == 0


def test_read_only_numpy_array_is_rejected(impl: types.ModuleType) -> None:
    out = np.zeros(480, dtype=np.int16)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        impl.SineGenerator().fill(out)
    assert not out.any()


@pytest.mark.parametrize(("value", "exc"), [(-1, ValueError), (2**53, ValueError),
                                             (1.5, TypeError), ("1", TypeError)])
def test_bad_seek(impl: types.ModuleType, value: object, exc: type) -> None:
    with pytest.raises(exc, match="sample_index"):
        impl.SineGenerator().seek(value)


@pytest.mark.parametrize(("value", "exc"), [(0, ValueError), (-480, ValueError),
                                             (10**9, ValueError), (4.8, TypeError)])
def test_bad_frame_length(impl: types.ModuleType, value: object, exc: type) -> None:
    with pytest.raises(exc, match="samples_per_channel"):
        impl.SineGenerator().next_frame(value)
