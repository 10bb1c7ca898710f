"""AudioFramer: exact frames from any chunking, zero-padded flush, clear errors."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc


def samples_of(frames: list[rtc.AudioFrame]) -> np.ndarray:
    if not frames:
        return np.zeros(0, dtype=np.int16)
    return np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])


@pytest.mark.parametrize(("rate", "spc"), [(48000, 480), (44100, 441), (16000, 160),
                                           (8000, 80)])
def test_default_frame_is_10_ms(impl: types.ModuleType, rate: int, spc: int) -> None:
    assert impl.AudioFramer(rate, 1).samples_per_channel == spc


def test_frames_are_exact_and_tail_is_zero_padded(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 2)
    pcm = np.arange(1234 * 2, dtype=np.int16)
    frames = framer.push(pcm.tobytes())
    assert len(frames) == 2
    for f in frames:
        assert (f.sample_rate, f.num_channels, f.samples_per_channel) == (48000, 2, 480)
    assert framer.pending_bytes == (1234 - 960) * 4
    tail = framer.flush()
    assert len(tail) == 1 and tail[0].samples_per_channel == 480
    got = samples_of(frames + tail)
    np.testing.assert_array_equal(got[: pcm.size], pcm)
    assert not got[pcm.size :].any() and got.size == 3 * 960
    assert framer.flush() == [] and framer.pending_bytes == 0


def test_split_inside_samples_and_channel_groups(impl: types.ModuleType) -> None:
    pcm = (np.arange(960 * 3, dtype=np.int32) * 7 - 9000).astype(np.int16)
    raw = pcm.tobytes()
    framer = impl.AudioFramer(48000, 2, 480)
    frames = []
    for cut in (1, 3, 5, 1001, 2, 3):  # odd byte counts: halves of samples and of pairs
        frames += framer.push(raw[:cut])
        raw = raw[cut:]
    frames += framer.push(raw)
    np.testing.assert_array_equal(samples_of(frames), pcm)


@given(cuts=st.lists(st.integers(0, 3000), max_size=12), channels=st.integers(1, 3),
       spc=st.integers(1, 500), data=st.data())
@settings(max_examples=60, deadline=None)
def test_any_chunking_matches_reference(cuts: list, channels: int, spc: int,
                                        data: st.DataObject) -> None:
    import lkfast
    import lkfast.reference

    nbytes = data.draw(st.integers(0, 6000))
    raw = np.random.default_rng(nbytes).integers(0, 256, nbytes, dtype=np.uint8).tobytes()
    outputs = []
    for cls in (lkfast.AudioFramer, lkfast.reference.AudioFramer):
        framer = cls(16000, channels, spc)
        frames, rest = [], raw
        for cut in cuts:
            frames += framer.push(rest[:cut])
            rest = rest[cut:]
        frames += framer.push(rest)
        if nbytes % 2:
            with pytest.warns(RuntimeWarning, match="half an int16 sample"):
                frames += framer.flush()
        else:
            frames += framer.flush()
        assert all(f.samples_per_channel == spc for f in frames)
        outputs.append(samples_of(frames))
    np.testing.assert_array_equal(outputs[0], outputs[1])
    whole = np.frombuffer(raw[: nbytes - nbytes % 2], dtype=np.int16)
    np.testing.assert_array_equal(outputs[0][: whole.size], whole)
    assert not outputs[0][whole.size :].any()


def test_numpy_inputs(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(16000, 2, 160)
    stereo = np.stack([np.arange(160), -np.arange(160)], axis=1).astype(np.int16)
    (frame,) = framer.push(stereo)
    np.testing.assert_array_equal(np.frombuffer(frame.data, np.int16), stereo.ravel())
    floats = np.full((160, 2), 0.5, dtype=np.float32)
    floats[0] = [2.0, -2.0]
    (frame,) = framer.push(floats)
    got = np.frombuffer(frame.data, np.int16)
    assert got[:2].tolist() == [32767, -32768] and (got[2:] == 16384).all()
    (frame,) = framer.push(np.full(320, -0.25, dtype=np.float64))
    assert (np.frombuffer(frame.data, np.int16) == -8192).all()


def test_dangling_half_sample_is_dropped_with_a_warning(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 1)
    framer.push(b"\x01\x02\x03")
    with pytest.warns(RuntimeWarning, match="half an int16 sample"):
        (frame,) = framer.flush()
    got = np.frombuffer(frame.data, np.int16)
    assert got[0] == 0x0201 and not got[1:].any()
    (frame,) = framer.push(np.arange(480, dtype=np.int16))  # aligned again
    np.testing.assert_array_equal(np.frombuffer(frame.data, np.int16), np.arange(480))


def test_clear_drops_pending(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 1)
    framer.push(bytes(100))
    framer.clear()
    assert framer.pending_bytes == 0 and framer.flush() == []


@pytest.mark.parametrize(
    ("data", "exc", "words"),
    [
        (np.zeros(10, np.int32), TypeError, "int16"),
        (np.zeros((10, 3), np.int16), ValueError, "channels"),
        (np.zeros((2, 2, 2), np.int16), ValueError, "shape"),
        (np.zeros(20, np.int16)[::2], ValueError, "contiguous"),
        ([1, 2, 3], TypeError, "bytes-like"),
        ("abc", TypeError, "bytes-like"),
    ],
)
def test_bad_pushes(impl: types.ModuleType, data: object, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        impl.AudioFramer(48000, 2).push(data)


def test_float_after_half_sample_is_rejected(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 1)
    framer.push(b"\x01")
    with pytest.raises(ValueError, match="half an int16 sample"):
        framer.push(np.zeros(4, np.float32))


@pytest.mark.parametrize(("args", "exc", "words"), [((7999, 1), ValueError, "sample_rate"),
                                                    ((48000, 0), ValueError, "num_channels"),
                                                    ((48000, 1, 0), ValueError,
                                                     "samples_per_channel"),
                                                    ((48000, 1, 1.5), TypeError,
                                                     "samples_per_channel")])
def test_bad_construction(impl: types.ModuleType, args: tuple, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        impl.AudioFramer(*args)
