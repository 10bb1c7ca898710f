"""make_audio_source and publish_audio_track: validation before LiveKit sees a value."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from fakes import FakeParticipant
from livekit import rtc

import lkfast


def test_makes_a_source_and_remembers_its_queue() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(44100, 2, queue_size_ms=50)
        assert isinstance(source, rtc.AudioSource)
        assert (source.sample_rate, source.num_channels) == (44100, 2)
        assert lkfast.AudioPublisher(source, frame_ms=50).queue_size_ms == 50
        default = lkfast.make_audio_source(16000, 1)
        assert lkfast.AudioPublisher(default, frame_ms=100).queue_size_ms == 1000
        await source.aclose()
        await default.aclose()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("args", "exc", "words"),
    [
        ((48000, 1, 15), ValueError, "multiple of 10"),
        ((48000, 1, 5), ValueError, "multiple of 10"),
        ((48000, 1, 0), ValueError, "queue_size_ms"),
        ((48000, 1, -10), ValueError, "queue_size_ms"),
        ((48000, 1, 60010), ValueError, "queue_size_ms"),
        ((48000, 1, 100.0), TypeError, "queue_size_ms"),
        ((22050, 1, 100), ValueError, "multiple of 100"),
        ((11025, 1, 100), ValueError, "multiple of 100"),
        ((7900, 1, 100), ValueError, "sample_rate"),
        ((384000, 1, 100), ValueError, "sample_rate"),
        (("48000", 1, 100), TypeError, "sample_rate"),
        ((48000, 0, 100), ValueError, "num_channels"),
        ((48000, 9, 100), ValueError, "num_channels"),
    ],
)
def test_bad_parameters_raise_instead_of_aborting(args: tuple, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        lkfast.make_audio_source(*args)


def test_livekit_itself_aborts_on_such_a_queue() -> None:
    # What make_audio_source prevents: the Rust assertion kills the whole process.
    code = ("import asyncio\nfrom livekit import rtc\n"
            "async def main():\n    rtc.AudioSource(48000, 1, queue_size_ms=15)\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode != 0 and b"multiple of 10" in done.stderr


def test_publish_audio_track_as_a_microphone() -> None:
    async def main() -> None:
        source = lkfast.make_audio_source(48000, 1)
        participant = FakeParticipant()
        result = await lkfast.publish_audio_track(participant, source, "agent-voice")
        assert result.track is participant.published[0][0]
        (track, options), = participant.published
        assert isinstance(track, rtc.LocalAudioTrack) and track.name == "agent-voice"
        assert options.source == rtc.TrackSource.SOURCE_MICROPHONE
        custom = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_SCREENSHARE_AUDIO)
        await lkfast.publish_audio_track(participant, source, "screen", options=custom)
        assert participant.published[1][1] is custom
        with pytest.raises(ValueError, match="name"):
            await lkfast.publish_audio_track(participant, source, "")
        with pytest.raises(TypeError, match="rtc.AudioSource"):
            await lkfast.publish_audio_track(participant, object(), "x")  # type: ignore[arg-type]
        await source.aclose()

    asyncio.run(main())
