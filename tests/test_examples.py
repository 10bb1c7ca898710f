"""The examples import, and their lkfast parts run on local tracks (no server)."""

from __future__ import annotations

import asyncio
import importlib
import logging
import math
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from fakes import FakeParticipant
from livekit import rtc

import lkfast.reference

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
if not EXAMPLES.is_dir():  # e.g. the wheel's tests, copied without the source tree
    pytest.skip("examples/ is not beside tests/", allow_module_level=True)
sys.path.insert(0, str(EXAMPLES))

tone_and_colour: Any = importlib.import_module("tone_and_colour")
rtc_bot: Any = importlib.import_module("rtc_bot")


def colour_after_yuv(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """``rgb`` as it arrives: through I420 (BT.601 limited, libyuv's arithmetic) and back."""
    i420 = bytearray(6)
    lkfast.reference.fill(i420, 2, 2, "I420", (*rgb, 255))
    back = lkfast.reference.convert(i420, 2, 2, "I420", "RGB24")
    return back[0], back[1], back[2]


def tone_rms_dbfs() -> float:
    return 20 * math.log10(tone_and_colour.AMPLITUDE * 32767 / math.sqrt(2) / 32768)


#: A 10 ms frame holds 4.4 periods of 440 Hz: its RMS differs from the closed form by up to
#: 10 * log10(1 + 1 / (4 * pi * 4.4)) = 0.08 dB.
FRAME_RMS_TOLERANCE_DB = 0.1


def test_every_example_is_tested_here() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.py")} == {"tone_and_colour", "rtc_bot", "agent"}


def test_the_docs_bugs_are_not_copied() -> None:
    assert 0 < tone_and_colour.AMPLITUDE <= 1  # a fraction of full scale, not 255 of 32767
    assert len(tone_and_colour.COLOUR) == 3  # RGB components, not a packed integer


def test_rtc_bot_loopback_publishes_and_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    assert rtc_bot.main(["--loopback", "--seconds", "1"]) == 0
    r, g, b = colour_after_yuv(tone_and_colour.COLOUR)
    assert f"last image (480, 640, 3), (r, g, b) = ({r}, {g}, {b})" in capsys.readouterr().out


def test_watchers_turn_tracks_into_arrays() -> None:
    levels, image = asyncio.run(rtc_bot.in_loopback(0.5))
    assert abs(levels.rms_dbfs[0] - tone_rms_dbfs()) <= FRAME_RMS_TOLERANCE_DB
    assert image.shape == (480, 640, 3) and image.dtype == np.uint8
    r, g, b = colour_after_yuv(tone_and_colour.COLOUR)
    assert (image == np.array([b, g, r], dtype=np.uint8)).all()  # BGR24: OpenCV's order


def test_rtc_bot_needs_a_room_or_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIVEKIT_URL", raising=False)
    monkeypatch.delenv("LIVEKIT_TOKEN", raising=False)
    with pytest.raises(SystemExit) as exc:
        rtc_bot.main([])
    assert exc.value.code == 2


class FakeRoom(rtc.EventEmitter):  # type: ignore[type-arg]
    """An ``rtc.Room`` as far as the examples use one, without a server."""

    def __init__(self) -> None:
        super().__init__()
        self.local_participant = FakeParticipant()


async def subscribe_local_tracks(room: FakeRoom) -> Callable[[], Any]:
    """Make the room announce a local tone track and colour track as subscribed; returns a
    function that stops their publishers."""
    audio, video = tone_and_colour.make_sources()
    media = tone_and_colour.ToneAndColour(audio, video)
    for track in (rtc.LocalAudioTrack.create_audio_track("remote-tone", audio),
                  rtc.LocalVideoTrack.create_video_track("remote-colour", video)):
        room.emit("track_subscribed", track, None, None)
    return media.aclose


def test_watch_remote_tracks_starts_a_watcher_per_track(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        room = FakeRoom()
        watchers = tone_and_colour.watch_remote_tracks(room)
        stop = await subscribe_local_tracks(room)
        assert len(watchers) == 2
        await asyncio.sleep(1.2)
        for task in list(watchers):
            task.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
        await stop()
        assert not watchers  # finished tasks are dropped

    with caplog.at_level(logging.INFO, logger="lkfast-example"):
        asyncio.run(scenario())
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("audio from") and "RMS -13." in m for m in messages), messages
    r, g, b = colour_after_yuv(tone_and_colour.COLOUR)
    assert any(m.startswith("video from") and f"= ({r}, {g}, {b})" in m for m in messages)


def test_agent_entrypoint_connects_publishes_and_watches(caplog: pytest.LogCaptureFixture) -> None:
    agents = pytest.importorskip("livekit.agents", reason="livekit-agents is not installed")
    agent = importlib.import_module("agent")

    class FakeJobContext:
        def __init__(self) -> None:
            self.room = FakeRoom()
            self.connected_with: Any = None
            self.shutdown: list[Callable[[], Any]] = []

        async def connect(self, *, auto_subscribe: Any) -> None:
            self.connected_with = auto_subscribe

        def add_shutdown_callback(self, callback: Callable[[], Any]) -> None:
            self.shutdown.append(callback)

    async def scenario() -> FakeJobContext:
        ctx = FakeJobContext()
        await agent.entrypoint(ctx)
        stop = await subscribe_local_tracks(ctx.room)
        await asyncio.sleep(1.2)
        for callback in ctx.shutdown:
            await callback()
        await stop()
        return ctx

    with caplog.at_level(logging.INFO, logger="lkfast-example"):
        ctx = asyncio.run(scenario())
    assert ctx.connected_with == agents.AutoSubscribe.SUBSCRIBE_ALL
    sources = sorted(options.source for _, options in ctx.room.local_participant.published)
    assert sources == sorted([rtc.TrackSource.SOURCE_MICROPHONE, rtc.TrackSource.SOURCE_CAMERA])
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("audio from") for m in messages)
    assert any(m.startswith("video from") for m in messages)
