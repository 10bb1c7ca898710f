"""AudioPublisher: what it captures (recorded), and real LiveKit in loopback (no server)."""

from __future__ import annotations

import array
import asyncio
import time
import types
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.audio.loopback import audio_loopback, find_offset


class Recorder:
    """Replaces a real source's ``capture_frame``: keeps a copy of every frame, no pacing."""

    def __init__(self, source: rtc.AudioSource) -> None:
        self.frames: list[rtc.AudioFrame] = []
        self.source = source
        source.capture_frame = self.capture  # type: ignore[method-assign]

    async def capture(self, frame: rtc.AudioFrame) -> None:
        self.frames.append(rtc.AudioFrame(bytearray(frame.data.cast("B")), frame.sample_rate,
                                          frame.num_channels, frame.samples_per_channel))
        await asyncio.sleep(0)

    @property
    def lengths(self) -> list[int]:
        return [f.samples_per_channel for f in self.frames]

    def samples(self) -> np.ndarray:
        chunks = [np.frombuffer(f.data, np.int16) for f in self.frames]
        return np.concatenate(chunks) if chunks else np.zeros(0, np.int16)


def recorded(coro_fn: Any, rate: int = 48000, channels: int = 1, queue_size_ms: int = 100,
             **kwargs: Any) -> tuple[Recorder, Any]:
    """Run ``coro_fn(publisher)`` against a recording source; returns the recorder and result."""

    async def main() -> tuple[Recorder, Any]:
        source = lkfast.make_audio_source(rate, channels, queue_size_ms)
        recorder = Recorder(source)
        result = await coro_fn(lkfast.AudioPublisher(source, **kwargs))
        await source.aclose()
        return recorder, result

    return asyncio.run(main())


def tone(rate: int, channels: int, n: int, impl: types.ModuleType = lkfast) -> np.ndarray:
    out = np.zeros(n * channels, np.int16)
    impl.SineGenerator(rate, channels, 440.0, 0.5).fill(out)
    return out


@pytest.mark.parametrize(("frame_ms", "duration", "lengths"), [
    (10, 0.025, [480, 480, 480]),         # 1200 samples: the last frame padded to 10 ms
    (100, 0.25, [4800, 4800, 2400]),      # a short last frame: whole 10 ms blocks only
    (20, 0.0, []),
])
def test_tone_for_a_duration(impl: types.ModuleType, frame_ms: int, duration: float,
                             lengths: list[int]) -> None:
    gen = impl.SineGenerator(48000, 1, 440.0, 0.5)
    rec, sent = recorded(lambda p: p.play(gen, duration), frame_ms=frame_ms)
    n = round(duration * 48000)
    assert sent == n and rec.lengths == lengths
    got = rec.samples()
    np.testing.assert_array_equal(got[:n], tone(48000, 1, n, impl))
    assert not got[n:].any()
    assert gen.position == n  # the generator is not run past the duration


def test_tone_continues_its_phase_in_stereo() -> None:
    gen = lkfast.SineGenerator(44100, 2, 440.0, 0.5)

    async def twice(p: lkfast.AudioPublisher) -> int:
        return await p.play(gen, 0.02) + await p.play(gen, 0.02)

    rec, sent = recorded(twice, rate=44100, channels=2)
    assert sent == 2 * 882 and rec.lengths == [441, 441, 441, 441]
    np.testing.assert_array_equal(rec.samples(), tone(44100, 2, 1764))


@pytest.mark.parametrize("kind", ["int16", "float32", "bytes", "frame", "2-D", "memoryview",
                                  "array"])
def test_clip_is_framed_and_zero_padded(kind: str) -> None:
    rng = np.random.default_rng(1)
    pcm = rng.integers(-20000, 20000, 1234 * 2, dtype=np.int16)
    clip: Any = {
        "int16": pcm,
        "float32": pcm.astype(np.float32) / 32768,
        "bytes": pcm.tobytes(),
        "frame": rtc.AudioFrame(bytearray(pcm.tobytes()), 48000, 2, 1234),
        "2-D": pcm.reshape(1234, 2),
        "memoryview": memoryview(pcm.astype(np.float32) / 32768),
        "array": array.array("h", pcm.tobytes()),
    }[kind]
    rec, sent = recorded(lambda p: p.play(clip), channels=2, frame_ms=10)
    assert sent == 1234 and rec.lengths == [480, 480, 480]
    got = rec.samples()
    np.testing.assert_array_equal(got[: pcm.size], pcm)
    assert not got[pcm.size :].any()


def test_duration_cuts_a_clip() -> None:
    pcm = np.arange(1, 3001, dtype=np.int16)
    rec, sent = recorded(lambda p: p.play(pcm, duration=0.021), frame_ms=20)
    assert sent == 1008 and rec.lengths == [960, 480]
    got = rec.samples()
    np.testing.assert_array_equal(got[:1008], pcm[:1008])
    assert not got[1008:].any()


def chunks_of(data: bytes, cuts: list[int]) -> list[bytes]:
    out, pos = [], 0
    for cut in cuts:
        out.append(data[pos : pos + cut])
        pos += cut
    return out + [data[pos:]]


@pytest.mark.parametrize("asynchronous", [True, False])
def test_stream_of_odd_chunks(asynchronous: bool) -> None:
    pcm = (np.arange(1234 * 2) * 31 % 30000 - 15000).astype(np.int16)
    pieces = chunks_of(pcm.tobytes(), [1, 3, 999, 2, 7, 1500])

    async def stream() -> AsyncIterator[bytes]:
        for piece in pieces:
            await asyncio.sleep(0)
            yield piece

    source = stream() if asynchronous else iter(pieces)
    rec, sent = recorded(lambda p: p.play(source), channels=2, frame_ms=10)
    assert sent == 1234 and rec.lengths == [480, 480, 480]
    got = rec.samples()
    np.testing.assert_array_equal(got[: pcm.size], pcm)
    assert not got[pcm.size :].any()


def test_fades_on_a_clip_and_on_a_stream() -> None:
    clip = np.full(2400, 10000, np.int16)  # 50 ms
    want = np.asarray(lkfast.reference.fade(clip, 480, "in"), np.int16)
    want = np.asarray(lkfast.reference.fade(want, 960, "out"), np.int16)

    async def both(p: lkfast.AudioPublisher) -> None:
        await p.play(clip, fade_in_ms=10, fade_out_ms=20)

        async def stream() -> AsyncIterator[np.ndarray]:
            for start in range(0, 2400, 700):
                yield clip[start : start + 700]

        await p.play(stream(), fade_in_ms=10, fade_out_ms=20)

    rec, _ = recorded(both, frame_ms=10)
    got = rec.samples()
    np.testing.assert_array_equal(got[:2400], want)
    np.testing.assert_array_equal(got[2400:], want)
    assert got[0] == 0 and got[2399] == 0 and got[1200] == 10000


def test_fade_out_on_a_tone_ends_in_silence() -> None:
    gen = lkfast.SineGenerator(16000, 1, 1000.0, 1.0)
    rec, _ = recorded(lambda p: p.play(gen, 0.1, fade_out_ms=30), rate=16000)
    want = np.asarray(lkfast.fade(_tone(16000, 1000.0, 1600), 480, "out"))
    np.testing.assert_array_equal(rec.samples(), want)
    assert rec.samples()[-1] == 0 and rec.samples()[-480:].any()


def _tone(rate: int, freq: float, n: int) -> np.ndarray:
    out = np.zeros(n, np.int16)
    lkfast.SineGenerator(rate, 1, freq, 1.0).fill(out)
    return out


def test_one_writer_at_a_time() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 100)
        Recorder(source)
        first, second = lkfast.AudioPublisher(source), lkfast.AudioPublisher(source)
        task = asyncio.ensure_future(first.play(lkfast.SineGenerator()))
        await asyncio.sleep(0.01)
        assert first.playing and not second.playing
        for publisher in (first, second):
            with pytest.raises(RuntimeError, match="one writer at a time"):
                await publisher.play(np.zeros(480, np.int16))
        second.interrupt()  # stops whoever writes into the source
        assert await asyncio.wait_for(task, 1) > 0
        assert await second.play(np.ones(480, np.int16)) == 480
        await source.aclose()

    asyncio.run(main())


def test_interrupt_stops_a_stalled_stream_at_once() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 100)
        rec = Recorder(source)
        publisher = lkfast.AudioPublisher(source)
        stalled = asyncio.Event()

        async def stream() -> AsyncIterator[np.ndarray]:
            yield np.ones(960, np.int16)
            stalled.set()
            await asyncio.sleep(3600)
            yield np.ones(960, np.int16)

        task = asyncio.ensure_future(publisher.play(stream()))
        await stalled.wait()
        start = time.monotonic()
        publisher.interrupt()
        assert await asyncio.wait_for(task, 1) == 960
        assert time.monotonic() - start < 0.5 and rec.lengths == [480, 480]
        assert not publisher.playing
        await source.aclose()

    asyncio.run(main())


def test_closed_publisher_refuses_to_play() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 100)
        Recorder(source)
        async with lkfast.AudioPublisher(source) as publisher:
            await publisher.play(np.ones(100, np.int16))
        with pytest.raises(RuntimeError, match="closed"):
            await publisher.play(np.ones(100, np.int16))
        await publisher.aclose()  # twice is fine
        await source.aclose()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"frame_ms": 15}, ValueError, "frame_ms"),
        ({"frame_ms": 110}, ValueError, "frame_ms"),
        ({"frame_ms": 0}, ValueError, "frame_ms"),
        ({"frame_ms": "10"}, TypeError, "frame_ms"),
        ({"frame_ms": 100}, ValueError, "queue_size_ms=50"),
        ({"queue_size_ms": 60}, ValueError, "made with queue_size_ms=50"),
        ({"input_rate": 7999}, ValueError, "input_rate"),
        ({"input_rate": 192001}, ValueError, "input_rate"),
        ({"input_rate": 24000.0}, TypeError, "input_rate"),
        ({"input_rate": "24000"}, TypeError, "input_rate"),
    ],
)
def test_bad_publisher_parameters(kwargs: dict, exc: type, words: str) -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 50)
        with pytest.raises(exc, match=words):
            lkfast.AudioPublisher(source, **kwargs)
        await source.aclose()

    asyncio.run(main())


def test_queue_size_of_a_plain_source_must_be_given() -> None:
    async def main() -> None:
        source = rtc.AudioSource(48000, 1, queue_size_ms=200)
        assert lkfast.AudioPublisher(source).frame_ms == 10
        with pytest.raises(ValueError, match="queue size is unknown"):
            lkfast.AudioPublisher(source, frame_ms=20)
        publisher = lkfast.AudioPublisher(source, frame_ms=100, queue_size_ms=200)
        assert publisher.samples_per_channel == 4800 and publisher.queue_size_ms == 200
        with pytest.raises(TypeError, match="rtc.AudioSource"):
            lkfast.AudioPublisher("source")  # type: ignore[arg-type]
        await source.aclose()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("what", "kwargs", "exc", "words"),
    [
        (np.zeros(10, np.int16), {"duration": -1.0}, ValueError, "duration"),
        (np.zeros(10, np.int16), {"duration": float("nan")}, ValueError, "duration"),
        (np.zeros(10, np.int16), {"fade_in_ms": -5}, ValueError, "fade_in_ms"),
        (np.zeros(10, np.int16), {"fade_out_ms": "5"}, TypeError, "fade_out_ms"),
        (np.zeros(10, np.int32), {}, TypeError, "int16"),
        (np.zeros((10, 3), np.int16), {}, ValueError, "channels"),
        (np.zeros(11, np.int16), {}, ValueError, "2-channel"),
        (b"\x00" * 6, {}, ValueError, "6 bytes"),
        (memoryview(np.zeros(4, np.int32)), {}, TypeError, "int32"),
        ("a string", {}, TypeError, "SineGenerator"),
        (12, {}, TypeError, "SineGenerator"),
        (lkfast.SineGenerator(24000, 2), {}, ValueError, "24000 Hz"),
        (lkfast.reference.SineGenerator(48000, 1), {}, ValueError, "1 channels"),
    ],
)
def test_bad_play_arguments(what: Any, kwargs: dict, exc: type, words: str) -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 2, 100)
        rec = Recorder(source)
        publisher = lkfast.AudioPublisher(source)
        with pytest.raises(exc, match=words):
            await publisher.play(what, **kwargs)
        assert rec.frames == [] and not publisher.playing
        await source.aclose()

    asyncio.run(main())


# --- real LiveKit in loopback ------------------------------------------------------------


@pytest.mark.parametrize("frame_ms", [10, 100])
def test_tone_and_clip_arrive_complete_and_in_order(frame_ms: int) -> None:
    clip = np.random.default_rng(7).integers(-20000, 20000, 1234, dtype=np.int16)
    clip[0] = 1234  # never silence at the start

    async def produce(source: rtc.AudioSource) -> None:
        publisher = lkfast.AudioPublisher(source, frame_ms=frame_ms)
        assert await publisher.play(lkfast.SineGenerator(48000, 1, 440.0, 0.5), 1.0) == 48000
        assert await publisher.play(clip) == 1234
        await publisher.wait_for_playout()

    received = asyncio.run(audio_loopback(produce, 48000, 1, queue_size_ms=200))[:, 0]
    sent = np.r_[tone(48000, 1, 48000), clip]
    start = find_offset(received, sent)
    assert start >= 0, "the tone never arrived"
    assert not received[:start].any()
    np.testing.assert_array_equal(received[start : start + sent.size], sent)
    tail = received[start + sent.size :]
    assert tail.size >= 480 - 1234 % 480 and not tail.any()  # zero padding, then silence


def test_small_queue_paces_in_real_time() -> None:
    async def main() -> float:
        source = lkfast.make_audio_source(48000, 1, queue_size_ms=50)
        rtc.LocalAudioTrack.create_audio_track("pacing", source)
        publisher = lkfast.AudioPublisher(source)
        start = time.monotonic()
        await publisher.play(lkfast.SineGenerator(), duration=2.0)
        await publisher.wait_for_playout()
        elapsed = time.monotonic() - start
        await source.aclose()
        return elapsed

    elapsed = asyncio.run(main())
    assert 1.7 < elapsed < 3.0, f"2 s of audio took {elapsed:.2f} s"


def test_interrupt_empties_the_queue() -> None:
    interrupted_after = 0.3
    played: list[int] = []

    async def produce(source: rtc.AudioSource) -> None:
        publisher = lkfast.AudioPublisher(source, frame_ms=100)
        task = asyncio.ensure_future(publisher.play(lkfast.SineGenerator(48000, 1, 440.0, 0.5)))
        await asyncio.sleep(interrupted_after)
        publisher.interrupt()
        played.append(await asyncio.wait_for(task, 0.5))
        assert source.queued_duration == 0.0

    received = asyncio.run(audio_loopback(produce, 48000, 1, queue_size_ms=1000,
                                          settle_s=0.5))[:, 0]
    heard = np.count_nonzero(received) / 48000
    # The queue held about 1-2 s when interrupted; only what had played by then is heard.
    assert played[0] / 48000 > 1.0
    assert 0.5 * interrupted_after < heard < interrupted_after + 0.15, heard


def test_cancelled_play_leaves_the_source_usable() -> None:
    clip = np.arange(1, 2401, dtype=np.int16)

    async def produce(source: rtc.AudioSource) -> None:
        publisher = lkfast.AudioPublisher(source, frame_ms=50)
        task = asyncio.ensure_future(publisher.play(lkfast.SineGenerator()))
        await asyncio.sleep(0.2)  # the queue is full: a capture is pending in LiveKit
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not publisher.playing
        # A new writer right away: no "InvalidState" from LiveKit's pending capture.
        assert await lkfast.AudioPublisher(source, frame_ms=50).play(clip) == 2400

    received = asyncio.run(audio_loopback(produce, 48000, 1, queue_size_ms=100))[:, 0]
    start = find_offset(received, clip)
    assert start > 0, "the clip never arrived"
    np.testing.assert_array_equal(received[start : start + clip.size], clip)


def test_closed_source_raises_instead_of_spinning() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1, 100)
        publisher = lkfast.AudioPublisher(source)
        await source.aclose()
        with pytest.raises(RuntimeError, match="source is closed"):
            await asyncio.wait_for(publisher.play(lkfast.SineGenerator()), 2)

    asyncio.run(main())


def test_relays_a_stream_of_frame_events() -> None:
    pcm = np.arange(1, 1001, dtype=np.int16)
    events = [rtc.AudioFrameEvent(rtc.AudioFrame(bytearray(pcm[i : i + 250].tobytes()), 48000,
                                                 1, 250)) for i in range(0, 1000, 250)]
    rec, sent = recorded(lambda p: p.play(iter(events)))
    assert sent == 1000 and rec.lengths == [480, 480, 480]
    np.testing.assert_array_equal(rec.samples()[:1000], pcm)
