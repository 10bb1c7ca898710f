"""make_video_source and publish_video_track: validation before LiveKit sees a value."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from fakes import FakeParticipant
from livekit import rtc

import lkfast
from lkfast.video.sources import default_bitrate, video_source_size


def test_makes_a_source_and_remembers_its_size() -> None:
    source = lkfast.make_video_source(1280, 720, is_screencast=True)
    assert isinstance(source, rtc.VideoSource)
    assert video_source_size(source) == (1280, 720)
    assert video_source_size(rtc.VideoSource(64, 64)) is None


@pytest.mark.parametrize(("args", "exc", "words"), [
    ((0, 480), ValueError, "width"),
    ((640, 0), ValueError, "height"),
    ((-1, 480), ValueError, "width"),
    ((16385, 480), ValueError, "width"),
    ((640.0, 480), TypeError, "width"),
    (("640", 480), TypeError, "width"),
])
def test_bad_sizes_raise_instead_of_aborting(args: tuple, exc: type, words: str) -> None:
    with pytest.raises(exc, match=words):
        lkfast.make_video_source(*args)


def test_livekit_itself_aborts_on_a_zero_size() -> None:
    # What make_video_source prevents: libwebrtc's check kills the whole process once a
    # track is made over the source. The check runs on a native thread: without the wait the
    # script may end first (seen once in a dozen CI runs).
    code = ("import time\nfrom livekit import rtc\nsource = rtc.VideoSource(0, 0)\n"
            "rtc.LocalVideoTrack.create_video_track('t', source)\ntime.sleep(5)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode != 0 and b"width > 0" in done.stderr


@pytest.mark.parametrize(("size", "codec", "bitrate"), [
    ((1280, 720), 0, 3_000_000),    # LiveKit takes the first preset wider than the frame
    ((1920, 1080), 0, 5_000_000),
    ((640, 480), 0, 450_000),       # 4:3 presets
    ((640, 360), 3, int(800_000 * 0.85)),  # VP9
    ((3840, 2160), 2, int(8_000_000 * 0.7)),  # AV1, above every preset: the largest
    ((100, 100), 0, 80_000),        # square: nearer 4:3
    ((360, 640), 0, 800_000),       # portrait: the longer side counts
])
def test_default_bitrate_follows_livekits_presets(size: tuple[int, int], codec: int,
                                                  bitrate: int) -> None:
    assert default_bitrate(*size, codec) == bitrate


def test_publish_video_track_as_a_camera() -> None:
    async def main() -> None:
        source = lkfast.make_video_source(1280, 720)
        participant = FakeParticipant()
        result = await lkfast.publish_video_track(participant, source, "agent-cam", fps=15,
                                                  codec="h264")
        assert result.track is participant.published[0][0]
        (track, options), = participant.published
        assert isinstance(track, rtc.LocalVideoTrack) and track.name == "agent-cam"
        assert options.source == rtc.TrackSource.SOURCE_CAMERA
        assert options.video_encoding.max_framerate == 15
        assert options.video_encoding.max_bitrate == 3_000_000
        assert options.video_codec == rtc.VideoCodec.H264 and options.simulcast

        plain = rtc.VideoSource(320, 240)
        await lkfast.publish_video_track(participant, plain, "x", fps=29.97,
                                         codec=rtc.VideoCodec.VP9, max_bitrate=500_000,
                                         simulcast=False)
        options = participant.published[1][1]
        assert options.video_encoding.max_framerate == pytest.approx(29.97)
        assert options.video_encoding.max_bitrate == 500_000
        assert options.video_codec == rtc.VideoCodec.VP9 and not options.simulcast

        custom = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_SCREENSHARE)
        await lkfast.publish_video_track(participant, plain, "screen", options=custom)
        assert participant.published[2][1] is custom

        # A publisher told the size of a plain source lets the bitrate be chosen.
        publisher = lkfast.VideoPublisher(plain, width=320, height=240)
        await lkfast.publish_video_track(participant, plain, "y")
        assert participant.published[3][1].video_encoding.max_bitrate == 225_000
        await publisher.aclose()

        for kwargs, exc, words in [
            ({"name": ""}, ValueError, "name"),
            ({"codec": "mjpeg"}, ValueError, "codec"),
            ({"codec": 9}, ValueError, "codec"),
            ({"fps": 0}, ValueError, "fps"),
            ({"max_bitrate": 5}, ValueError, "max_bitrate"),
            ({"max_bitrate": 1e6}, TypeError, "max_bitrate"),
            ({"simulcast": 1}, TypeError, "simulcast"),
        ]:
            args = {"name": "x", **kwargs}
            with pytest.raises(exc, match=words):
                await lkfast.publish_video_track(participant, source, **args)
        # A plain source of unknown size: LiveKit's whole default encoding (none given).
        unknown = rtc.VideoSource(64, 48)
        await lkfast.publish_video_track(participant, unknown, "z", fps=12)
        options = participant.published[4][1]
        assert not options.HasField("video_encoding")
        assert options.source == rtc.TrackSource.SOURCE_CAMERA and options.simulcast
        with pytest.raises(TypeError, match="rtc.VideoSource"):
            await lkfast.publish_video_track(participant, object(), "x")  # type: ignore[arg-type]
        assert len(participant.published) == 5
        await unknown.aclose()
        await source.aclose()
        await plain.aclose()

    asyncio.run(main())
