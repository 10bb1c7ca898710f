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


def test_frames_are_pushed_as_samples(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 2, 4)
    pcm = np.arange(12, dtype=np.int16)
    frame = rtc.AudioFrame(bytearray(pcm.tobytes() + bytes(8)), 48000, 2, 6)  # longer buffer
    frames = framer.push(frame)
    assert len(frames) == 1 and framer.pending_bytes == 8
    np.testing.assert_array_equal(samples_of(frames + framer.flush()),
                                  np.r_[pcm, np.zeros(4, np.int16)])
    with pytest.raises(ValueError, match="44100 Hz"):
        framer.push(rtc.AudioFrame.create(44100, 2, 10))
    with pytest.raises(ValueError, match="1 channels"):
        framer.push(rtc.AudioFrame.create(48000, 1, 10))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_chunks_match_reference(dtype: type) -> None:
    import lkfast
    import lkfast.reference

    rng = np.random.default_rng(3)
    data = rng.uniform(-1.3, 1.3, 3001).astype(dtype)
    data[::97] = np.nan
    data[5::101] = 0.5 / 32768  # ties
    outputs = []
    for cls in (lkfast.AudioFramer, lkfast.reference.AudioFramer):
        framer = cls(16000, 1, 160)
        frames = []
        for cut in range(0, 3001, 333):
            frames += framer.push(data[cut : cut + 333])
        outputs.append(samples_of(frames + framer.flush()))
    np.testing.assert_array_equal(outputs[0], outputs[1])
    np.testing.assert_array_equal(outputs[0][:3001], lkfast.float_to_int16(data))


def test_frames_behave_like_constructed_ones(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(24000, 2, 240)
    pcm = np.arange(960, dtype=np.int16)
    first, second = framer.push(pcm)
    made = rtc.AudioFrame(bytearray(pcm[:480].tobytes()), 24000, 2, 240)
    assert type(first) is rtc.AudioFrame
    assert sorted(vars(first)) == sorted(vars(made))
    assert (first.sample_rate, first.num_channels, first.samples_per_channel, first.duration) == (
        made.sample_rate, made.num_channels, made.samples_per_channel, made.duration)
    assert bytes(first.data) == bytes(made.data) and first.to_wav_bytes() == made.to_wav_bytes()
    info, want = first._proto_info(), made._proto_info()
    assert (info.sample_rate, info.num_channels, info.samples_per_channel) == (
        want.sample_rate, want.num_channels, want.samples_per_channel)
    first.userdata["k"] = 1
    assert second.userdata == {} and first.userdata == {"k": 1}
    first.data[0] = 123  # each frame owns writable memory
    assert second.data[0] == 480 and first.data[0] == 123
    assert repr(first) == repr(made)


def test_unknown_frame_layout_falls_back_to_the_constructor(monkeypatch) -> None:
    import lkfast

    class Tagged(rtc.AudioFrame):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self.tag = "built by __init__"

    monkeypatch.setattr(rtc, "AudioFrame", Tagged)
    (frame,) = lkfast.AudioFramer(48000, 1).push(np.ones(480, np.int16))
    assert type(frame) is Tagged and frame.tag == "built by __init__"
    assert list(frame.data[:3]) == [1, 1, 1]


def test_empty_pushes(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 2)
    assert framer.push(b"") == [] and framer.push(np.zeros((0, 2), np.float32)) == []
    assert framer.push(np.zeros(0, np.int16)) == [] and framer.pending_bytes == 0


def test_bad_dtypes_name_the_dtype(impl: types.ModuleType) -> None:
    framer = impl.AudioFramer(48000, 1)
    with pytest.raises(TypeError, match="uint16"):
        framer.push(np.zeros(4, np.uint16))
    with pytest.raises(TypeError, match="big-endian"):
        framer.push(np.zeros(4, ">i2"))
    with pytest.raises(TypeError, match="uint8"):
        framer.push(np.zeros((4, 1), np.uint8))
