"""AudioPublisher at any input rate: resampled continuously across chunks (equal to
``lkfast.resample`` of the whole input however it is split), flushed at the end, through
real LiveKit in loopback and recorded; bad rates and chunks refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any

import numpy as np
import pytest
from livekit import rtc
from test_publisher import recorded

import lkfast
from lkfast.audio.loopback import audio_loopback, find_offset


def tone(rate: int, channels: int, n: int, freq: float = 440.0) -> np.ndarray:
    out = np.zeros(n * channels, np.int16)
    lkfast.SineGenerator(rate, channels, freq, 0.5).fill(out)
    return out


def random_split(data: np.ndarray, seed: int, step: int, largest: int = 700) -> list[np.ndarray]:
    """``data`` cut at random places, in whole channel groups of ``step`` samples."""
    rng = np.random.default_rng(seed)
    frames = data.size // step
    cuts = np.sort(rng.choice(np.arange(1, frames), size=min(frames - 1, frames // 200 + 5),
                              replace=False))
    pieces = np.split(data.reshape(frames, step), cuts)
    out = []
    for piece in pieces:  # a few more tiny ones, incl. single samples
        while piece.shape[0] > largest:
            out.append(piece[:largest].ravel())
            piece = piece[largest:]
        out.append(piece.ravel())
    return out


async def agen(chunks: Iterable[Any]) -> AsyncIterator[Any]:
    for chunk in chunks:
        yield chunk


def expected(data: np.ndarray, rate_in: int, rate_out: int, channels: int) -> np.ndarray:
    shaped = data.reshape(-1, channels) if channels > 1 else data
    return lkfast.resample(shaped, rate_in, rate_out).ravel()


def test_24k_tone_in_random_chunks_arrives_resampled_through_livekit() -> None:
    n = 24000 * 3 // 4 + 7  # not a whole number of 10 ms blocks at either rate
    pcm = tone(24000, 1, n, 300.0)
    want = expected(pcm, 24000, 48000, 1)
    assert want.size == 2 * n

    async def produce(source: rtc.AudioSource) -> None:
        publisher = lkfast.AudioPublisher(source, frame_ms=100, input_rate=24000)
        assert publisher.input_rate == 24000 and "input_rate=24000" in repr(publisher)
        assert await publisher.play(agen(random_split(pcm, 3, 1))) == want.size
        await publisher.wait_for_playout()

    received = asyncio.run(audio_loopback(produce, 48000, 1, queue_size_ms=200))[:, 0]
    start = find_offset(received, want)
    assert start >= 0, "the resampled tone never arrived"
    assert not received[:start].any()
    np.testing.assert_array_equal(received[start : start + want.size], want)
    tail = received[start + want.size :]
    assert tail.size >= 480 - want.size % 480 and not tail.any()  # zero padding, then silence


@pytest.mark.parametrize(("rate_in", "channels"), [(24000, 1), (16000, 2), (44100, 2),
                                                   (22050, 1), (96000, 1)])
def test_any_chunking_gives_the_one_shot_resample(rate_in: int, channels: int) -> None:
    n = rate_in // 5 + 3
    pcm = tone(rate_in, channels, n)
    want = expected(pcm, rate_in, 48000, channels)
    per_10ms = [pcm[i : i + rate_in // 100 * channels]
                for i in range(0, pcm.size, rate_in // 100 * channels)]
    chunkings = [random_split(pcm, 1, channels), random_split(pcm, 2, channels, 3), per_10ms,
                 [pcm]]
    for chunks in chunkings:
        rec, sent = recorded(lambda p, c=chunks: p.play(iter(c)), channels=channels,
                             input_rate=rate_in)
        assert sent * channels == want.size
        got = rec.samples()
        np.testing.assert_array_equal(got[: want.size], want)
        assert not got[want.size :].any() and got.size % (480 * channels) == 0


def test_bytes_split_inside_samples_and_floats() -> None:
    pcm = tone(24000, 2, 2401)
    want = expected(pcm, 24000, 48000, 2)
    raw = pcm.tobytes()
    cuts = [0, 1, 2, 3, 7, 100, 1001, 5000, len(raw)]
    pieces = [raw[a:b] for a, b in zip(cuts, cuts[1:])]  # cut inside samples and groups
    rec, sent = recorded(lambda p: p.play(iter(pieces), sample_rate=24000), channels=2)
    np.testing.assert_array_equal(rec.samples()[: want.size], want)
    floats = pcm.astype(np.float32) / 32768  # exactly representable: the same samples
    rec, _ = recorded(lambda p: p.play(floats.reshape(-1, 2)), channels=2, input_rate=24000)
    np.testing.assert_array_equal(rec.samples()[: want.size], want)


def test_frames_carry_their_own_rate() -> None:
    pcm = tone(16000, 1, 1601)
    want = expected(pcm, 16000, 48000, 1)
    frames = [rtc.AudioFrame(pcm[i : i + 160].tobytes(), 16000, 1, len(pcm[i : i + 160]))
              for i in range(0, pcm.size, 160)]
    rec, sent = recorded(lambda p: p.play(agen(frames)))  # no input_rate given
    assert sent == want.size
    np.testing.assert_array_equal(rec.samples()[: want.size], want)
    events = [rtc.AudioFrameEvent(f) for f in frames]
    rec, _ = recorded(lambda p: p.play(iter(events)), input_rate=24000)  # frames win
    np.testing.assert_array_equal(rec.samples()[: want.size], want)
    clip = rtc.AudioFrame(pcm.tobytes(), 16000, 1, pcm.size)
    rec, sent = recorded(lambda p: p.play(clip))
    assert sent == want.size
    np.testing.assert_array_equal(rec.samples()[: want.size], want)


def test_rate_changes_in_a_stream_and_across_plays() -> None:
    a, b = tone(24000, 1, 1000), tone(48000, 1, 960, 1000.0)
    c = tone(16000, 1, 555)
    stream = [rtc.AudioFrame(a.tobytes(), 24000, 1, a.size),
              rtc.AudioFrame(b.tobytes(), 48000, 1, b.size),
              rtc.AudioFrame(c.tobytes(), 16000, 1, c.size)]
    want = np.r_[expected(a, 24000, 48000, 1), b, expected(c, 16000, 48000, 1)]

    async def twice(p: lkfast.AudioPublisher) -> list[int]:
        return [await p.play(iter(stream)), await p.play(iter(stream))]

    rec, sent = recorded(twice)
    got = rec.samples()
    assert sent == [want.size, want.size]
    first = got[: want.size]
    np.testing.assert_array_equal(first, want)
    second_start = -(-want.size // 480) * 480  # after the first play's zero-padded tail
    np.testing.assert_array_equal(got[second_start : second_start + want.size], want)


def test_an_interrupted_play_leaves_no_state() -> None:
    first, second = tone(24000, 1, 24000), tone(24000, 1, 2400, 700.0)
    want = expected(second, 24000, 48000, 1)

    async def slowly(chunks: list[np.ndarray]) -> AsyncIterator[np.ndarray]:
        for chunk in chunks:
            await asyncio.sleep(0.002)
            yield chunk

    async def main(p: lkfast.AudioPublisher) -> list[int]:
        task = asyncio.ensure_future(p.play(slowly(np.split(first, 100))))
        await asyncio.sleep(0.05)
        p.interrupt()
        return [await task, await p.play(second)]

    rec, sent = recorded(main, input_rate=24000)
    assert 0 < sent[0] < 2 * first.size and sent[1] == want.size  # cut in the middle
    padded = -(-want.size // 480) * 480
    last = rec.samples()[-padded:]  # the second play's frames
    np.testing.assert_array_equal(last[: want.size], want)


@pytest.mark.parametrize(("channels", "what", "kwargs", "error", "match"), [
    (1, np.zeros(100, np.int16), {"sample_rate": 0}, ValueError, "sample_rate"),
    (1, np.zeros(100, np.int16), {"sample_rate": True}, TypeError, "sample_rate"),
    (1, [np.zeros(100, np.int32)], {"sample_rate": 24000}, TypeError, "int32"),
    (1, [rtc.AudioFrame(bytes(400), 24000, 2, 100)], {}, ValueError, "2 channels"),
    (2, [np.zeros(101, np.int16)], {"sample_rate": 24000}, ValueError, "channel"),
    (1, [3.5], {"sample_rate": 24000}, TypeError, "chunk"),
])
def test_bad_chunks(channels: int, what: Any, kwargs: dict[str, Any], error: type,
                    match: str) -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, channels, 100)
        publisher = lkfast.AudioPublisher(source)
        with pytest.raises(error, match=match):
            await publisher.play(what, **kwargs)
        assert not publisher.playing
        await source.aclose()

    asyncio.run(main())
