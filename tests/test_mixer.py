"""lkfast.AudioMixer: real-time blocks, stalls, ends, add/remove while running; rtc.AudioMixer."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Optional

import numpy as np
import pytest
from livekit import rtc

import lkfast

RATE = 48000
BLOCK = 480  # 10 ms


async def frames(samples: np.ndarray, spc: int, rate: int = RATE, channels: int = 1,
                 stall_at: Optional[int] = None, stall_s: float = 0.0,
                 pace_s: float = 0.0) -> AsyncIterator[rtc.AudioFrame]:
    """``samples`` ((n,) or (n, channels) int16) as frames of ``spc`` samples per channel;
    sleeps ``stall_s`` before the frame starting at sample ``stall_at``."""
    flat = samples.reshape(len(samples), -1)
    for i in range(0, len(flat), spc):
        if stall_at is not None and i == stall_at:
            await asyncio.sleep(stall_s)
        elif pace_s:
            await asyncio.sleep(pace_s)
        chunk = np.ascontiguousarray(flat[i:i + spc])
        yield rtc.AudioFrame(chunk.tobytes(), rate, channels, len(chunk))


async def collect(mixer: Any, rate: int = RATE, channels: int = 1,
                  block: int = BLOCK) -> np.ndarray:
    """Every frame of ``mixer`` (each checked: ``rate``, ``channels``, ``block`` samples)."""
    out = []
    async for frame in mixer:
        assert (frame.sample_rate, frame.num_channels) == (rate, channels)
        assert frame.samples_per_channel == block
        out.append(np.frombuffer(frame.data, np.int16).reshape(-1, channels).copy())
    return np.concatenate(out) if out else np.zeros((0, channels), np.int16)


def blocks_of(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1, BLOCK)


def test_matches_rtc_audio_mixer_when_no_stream_stalls() -> None:
    a = (np.arange(10 * BLOCK + 100) % 30000 - 15000).astype(np.int16)
    b = np.full(5 * BLOCK, 20000, np.int16)

    async def run(cls: Any) -> np.ndarray:
        mixer = cls(RATE, 1, blocksize=BLOCK, stream_timeout_ms=1000)
        mixer.add_stream(frames(a, 160))
        mixer.add_stream(frames(b, 480))
        mixer.end_input()
        return await collect(mixer)

    ours, theirs = asyncio.run(run(lkfast.AudioMixer)), asyncio.run(run(rtc.AudioMixer))
    want = np.zeros(11 * BLOCK, np.int64)
    want[:len(a)] += a
    want[:len(b)] += b
    np.testing.assert_array_equal(ours.ravel(), np.clip(want, -32768, 32767))
    np.testing.assert_array_equal(ours, theirs)


def test_a_stalled_stream_is_silent_and_an_ended_one_leaves_no_gap() -> None:
    steady = np.arange(1, 12 * BLOCK + 1, dtype=np.int16)  # 12 blocks, ends
    late = (np.arange(14 * BLOCK) % 97 + 2000).astype(np.int16)  # stalls 60 ms after 2 blocks

    async def main() -> np.ndarray:
        mixer = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK, stream_timeout_ms=20)
        mixer.add_stream(frames(steady, 240))
        mixer.add_stream(frames(late, 480, stall_at=2 * BLOCK, stall_s=0.06))
        mixer.end_input()
        return await collect(mixer)

    out = asyncio.run(main()).ravel()
    assert len(out) % BLOCK == 0 and len(out) >= 12 * BLOCK
    # the steady stream is continuous from the first sample to its end
    np.testing.assert_array_equal(out[:4], steady[:4] + late[:4])
    rest = out.astype(np.int64)
    rest[:len(steady)] -= steady
    per_block = blocks_of(rest)
    silent = ~per_block.any(axis=1)
    assert silent[2:4].all()  # the stall: at least 2 blocks of silence for the late stream
    # the late stream's samples, in order, none lost or repeated, whole blocks only
    np.testing.assert_array_equal(per_block[~silent].ravel(), late)
    assert not silent[:2].any()
    # the steady stream ended after block 12: the late one goes on without a gap to its end
    assert not silent[12:].any()
    np.testing.assert_array_equal(out[-BLOCK:], late[-BLOCK:])


def test_add_and_remove_streams_while_running() -> None:
    first = np.arange(1, 40 * BLOCK + 1, dtype=np.int16) % 20000
    second = np.full(40 * BLOCK, 7, np.int16)

    async def main() -> tuple[np.ndarray, list[int]]:
        mixer = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK)
        one, two = frames(first, 480), frames(second, 480)
        mixer.add_stream(one)
        got: list[np.ndarray] = []
        counts: list[int] = []
        async for frame in mixer:
            got.append(np.frombuffer(frame.data, np.int16).copy())
            counts.append(mixer.streams)
            if len(got) == 3:
                mixer.add_stream(two)
            elif len(got) == 8:
                mixer.remove_stream(one)
            elif len(got) == 12:
                await mixer.aclose()
        return np.stack(got), counts

    out, counts = asyncio.run(main())
    assert len(out) == 12
    assert counts[:3] == [1, 1, 1] and counts[3:8] == [2] * 5 and counts[8:] == [1] * 4
    only_first = out[:3].ravel()
    np.testing.assert_array_equal(only_first, first[:3 * BLOCK])
    both = out[3:8].ravel().astype(np.int64)
    np.testing.assert_array_equal(both - 7, first[3 * BLOCK:8 * BLOCK])
    np.testing.assert_array_equal(out[8:].ravel(), second[5 * BLOCK:9 * BLOCK])


def test_gain_rounds_half_to_even_and_the_sum_saturates() -> None:
    odd = np.tile(np.array([1, 3, 5, -1, -3, -5], np.int16), BLOCK // 6)
    loud = np.full(BLOCK, 30000, np.int16)

    async def main() -> tuple[np.ndarray, np.ndarray]:
        halves = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK)
        halves.add_stream(frames(odd, BLOCK), gain=0.5)
        halves.end_input()
        sums = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK)
        sums.add_stream(frames(loud, BLOCK))
        sums.add_stream(frames(loud, BLOCK))
        sums.add_stream(frames(-loud, BLOCK), gain=0.0)
        sums.end_input()
        return await collect(halves), await collect(sums)

    halves, sums = asyncio.run(main())
    assert halves.ravel()[:6].tolist() == [0, 2, 2, 0, -2, -2]
    assert (sums == 32767).all()


def test_other_channel_counts_are_remixed() -> None:
    mono = np.arange(2 * BLOCK, dtype=np.int16)
    stereo = np.stack([np.full(2 * BLOCK, 10, np.int16), np.full(2 * BLOCK, 20, np.int16)], 1)

    async def main() -> tuple[np.ndarray, np.ndarray]:
        two = lkfast.AudioMixer(RATE, 2, blocksize=BLOCK)
        two.add_stream(frames(mono, 320))
        two.end_input()
        one = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK)
        one.add_stream(frames(stereo, 480, channels=2))
        one.end_input()
        return await collect(two, channels=2), await collect(one)

    up, down = asyncio.run(main())
    np.testing.assert_array_equal(up, np.stack([mono, mono], 1))
    assert (down == 15).all() and down.shape == (2 * BLOCK, 1)


def test_stream_events_and_a_failing_stream() -> None:
    class Event:
        def __init__(self, frame: rtc.AudioFrame) -> None:
            self.frame = frame

    async def events() -> AsyncIterator[Event]:
        async for f in frames(np.full(BLOCK, 3, np.int16), BLOCK):
            yield Event(f)

    async def broken() -> AsyncIterator[rtc.AudioFrame]:
        yield rtc.AudioFrame(np.full(BLOCK, 5, np.int16).tobytes(), RATE, 1, BLOCK)
        raise RuntimeError("boom")

    async def main() -> np.ndarray:
        mixer = lkfast.AudioMixer(RATE, 1, blocksize=BLOCK)
        mixer.add_stream(events())
        mixer.add_stream(broken())
        mixer.end_input()
        return await collect(mixer)

    out = asyncio.run(main())
    assert out.ravel().tolist() == [8] * BLOCK


def test_defaults_and_bad_arguments() -> None:
    async def main() -> None:
        mixer = lkfast.AudioMixer(16000, 2)
        assert (mixer.sample_rate, mixer.num_channels, mixer.blocksize) == (16000, 2, 1600)
        assert (mixer.stream_timeout_ms, mixer.capacity) == (100, 100)
        for kwargs, error in (({"blocksize": -1}, ValueError), ({"capacity": 0}, ValueError),
                              ({"stream_timeout_ms": 0}, ValueError),
                              ({"blocksize": 1.5}, TypeError)):
            with pytest.raises(error):
                lkfast.AudioMixer(16000, 1, **kwargs)
        with pytest.raises(ValueError, match="sample_rate"):
            lkfast.AudioMixer(1000, 1)
        with pytest.raises(ValueError, match="num_channels"):
            lkfast.AudioMixer(16000, 9)
        with pytest.raises(ValueError, match="gain"):
            mixer.add_stream(frames(np.zeros(10, np.int16), 10), gain=float("nan"))
        mixer.end_input()
        with pytest.raises(RuntimeError):
            mixer.add_stream(frames(np.zeros(10, np.int16), 10))
        assert (await collect(mixer, 16000, 2, 1600)).size == 0
        await mixer.aclose()

    asyncio.run(main())
