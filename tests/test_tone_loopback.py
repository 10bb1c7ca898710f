"""Tone through the real LiveKit native stack: AudioSource -> LocalAudioTrack -> AudioStream."""

from __future__ import annotations

import asyncio
import types

import numpy as np
import pytest
from livekit import rtc

from lkfast.audio.loopback import audio_loopback, find_offset, zero_crossing_frequency


@pytest.mark.parametrize("channels", [1, 2])
def test_tone_arrives_sample_for_sample(impl: types.ModuleType, channels: int) -> None:
    rate, frames = 48000, 50  # 0.5 s of 10 ms frames
    gen = impl.SineGenerator(rate, channels, 440.0, 0.5)

    async def produce(source: rtc.AudioSource) -> None:
        for _ in range(frames):
            await source.capture_frame(gen.next_frame())

    received = asyncio.run(audio_loopback(produce, rate, channels))
    sent = np.zeros((frames * 480, channels), dtype=np.int16)
    impl.SineGenerator(rate, channels, 440.0, 0.5).fill(sent)
    start = find_offset(received[:, 0], sent[:, 0])
    assert start >= 0, "the tone never arrived"
    assert not received[:start].any(), "something other than silence came before the tone"
    np.testing.assert_array_equal(received[start : start + len(sent)], sent)
    assert abs(zero_crossing_frequency(sent[:, 0], rate) - 440.0) < 0.05


def test_zero_crossing_frequency_measures_a_known_tone() -> None:
    t = np.arange(48000) / 48000
    assert abs(zero_crossing_frequency(np.sin(2 * np.pi * 1000.0 * t + 0.3), 48000) - 1000) < 1e-3
