"""AudioFramer vs livekit-agents' AudioByteStream: the same pushes through both.

Equal where AudioByteStream is right (frames from any chunking, flush of whole samples up to
the length of its shorter frame); lkfast's documented behaviour where the two differ (a full
zero-padded flush frame, a partial sample or channel group at flush)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import lkfast

audio = pytest.importorskip("livekit.agents.utils.audio")


def samples(frames: list) -> np.ndarray:
    return np.concatenate([np.frombuffer(f.data, np.int16)[: f.samples_per_channel
                                                          * f.num_channels] for f in frames]
                          ) if frames else np.zeros(0, np.int16)


def layouts(frames: list) -> list[tuple[int, int, int]]:
    return [(f.sample_rate, f.num_channels, f.samples_per_channel) for f in frames]


@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_push_and_write_give_the_same_frames(channels: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 256, 48000, dtype=np.uint8).tobytes()
    cuts = np.cumsum(rng.integers(1, 3000, 40))
    ours = lkfast.AudioFramer(24000, channels, 2400)
    theirs = audio.AudioByteStream(24000, channels, 2400)
    got: list = []
    want: list = []
    start = 0
    for i, cut in enumerate([*cuts[cuts < len(raw)], len(raw)]):
        chunk = raw[start:cut]
        start = cut
        got += ours.write(chunk) if i % 2 else ours.push(chunk)
        want += theirs.write(chunk) if i % 2 else theirs.push(chunk)
    assert layouts(got) == layouts(want)
    np.testing.assert_array_equal(samples(got), samples(want))


def test_default_frame_length_differs() -> None:
    assert lkfast.AudioFramer(48000, 1).samples_per_channel == 480  # 10 ms
    (theirs,) = audio.AudioByteStream(48000, 1).push(bytes(2 * 4800))
    assert theirs.samples_per_channel == 4800  # 100 ms


@pytest.mark.parametrize("channels", [1, 2])
def test_flush_of_whole_samples_pads_a_full_frame(channels: int) -> None:
    data = np.arange(1, 1 + 300 * channels, dtype=np.int16).tobytes()
    ours, theirs = lkfast.AudioFramer(16000, channels, 1600), audio.AudioByteStream(
        16000, channels, 1600)
    assert ours.push(data) == [] and theirs.push(data) == []
    (mine,) = ours.flush()
    (other,) = theirs.flush()
    assert other.samples_per_channel == 300 and mine.samples_per_channel == 1600
    got = np.frombuffer(mine.data, np.int16)
    np.testing.assert_array_equal(got[: 300 * channels], samples([other]))
    assert not got[300 * channels:].any()


def test_flush_with_a_partial_sample_or_channel_group() -> None:
    # stereo, 5 int16 samples and a half: 2 whole groups, a lone left sample, a lone byte
    data = np.arange(1, 6, dtype=np.int16).tobytes() + b"\x07"
    ours, theirs = lkfast.AudioFramer(16000, 2, 160), audio.AudioByteStream(16000, 2, 160)
    ours.push(data)
    theirs.push(data)
    (other,) = theirs.flush()
    assert samples([other]).tolist() == [1, 2, 3, 4]  # keeps 3 bytes for the next push
    with pytest.warns(RuntimeWarning, match="half an int16 sample"):
        (mine,) = ours.flush()
    got = np.frombuffer(mine.data, np.int16)
    assert got[:6].tolist() == [1, 2, 3, 4, 5, 0] and not got[6:].any()  # lone left emitted
    assert ours.pending_bytes == 0
    # the next stream starts aligned with lkfast; AudioByteStream prepends the 3 old bytes
    nxt = np.full(320, 9, np.int16).tobytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (mine,) = ours.push(nxt)
    assert (np.frombuffer(mine.data, np.int16) == 9).all()
    (other,) = theirs.push(nxt)
    assert samples([other])[0] == 5
