"""``lkfast demo``: the loopback checked end to end, its verdicts, and room-mode arguments."""

from __future__ import annotations

import asyncio
import io
import math
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from fakes import FakeParticipant
from livekit import rtc

import lkfast
from lkfast.cli import main
from lkfast.demo import (
    DemoConfig,
    DemoUsageError,
    FrameSeen,
    RoomTarget,
    expected_colours,
    fft_frequency,
    loopback,
    measure_tone,
    measure_video,
    mint_token,
    print_report,
    resolve_room_target,
    room_session,
    run_loopback,
    run_room,
)
from lkfast.demo._analysis import sent_tone

#: Long enough for every palette colour at 2 frames each (6 x 0.2 s), short for the tests.
QUICK = DemoConfig(frames_per_colour=2)
SECONDS = 1.2


# -- the loopback, end to end -------------------------------------------------------------


def test_cli_demo_checks_what_arrived() -> None:
    proc = subprocess.run([sys.executable, "-m", "lkfast", "demo", "--seconds", "1"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "in loopback, no server; 1 s" in out
    assert "48000 of 48000 sent samples, unchanged and in order" in out
    assert "440.000 Hz by FFT" in out
    assert "RMS -9.03 dBFS" in out
    assert "10 of 10 sent, 10 due in 1 s at 10 fps" in out
    assert "  red      (255, 0, 0)      (82, 90, 239)    (1, 1, 254)      5" in out
    assert "  yellow   (255, 255, 0)    (210, 16, 145)   (2, 255, 253)    5" in out
    assert "every frame exactly its expected BGR24" in out
    assert "FAIL" not in out
    assert out.rstrip().endswith("result: what arrived matches what was sent")


def test_loopback_sees_every_colour_in_order() -> None:
    report = asyncio.run(loopback(QUICK, SECONDS))
    assert report.ok, report
    assert [(run.name, run.frames) for run in report.video.runs] == [
        (name, 2) for name, _ in QUICK.palette]
    assert report.video_stats.frames_sent == 12
    assert report.tone.exact and report.tone.sent == round(SECONDS * 48000)
    out = io.StringIO()
    print_report(report, QUICK, SECONDS, out)
    assert out.getvalue().rstrip().endswith("result: what arrived matches what was sent")


def test_wrong_expected_colour_is_a_mismatch() -> None:
    palette = (("red", (250, 0, 0)),) + QUICK.palette[1:]  # red as (250, 0, 0) arrives otherwise
    out = io.StringIO()
    status = run_loopback(QUICK, SECONDS, expect=replace(QUICK, palette=palette), out=out)
    text = out.getvalue()
    assert status == 1, text
    assert "FAIL colours" in text and "UNEXPECTED colours (BGR): (1, 1, 254)" in text
    assert "FAIL sequence" in text
    assert "result: MISMATCH (colours, sequence)" in text


def test_wrong_expected_tone_is_a_mismatch() -> None:
    out = io.StringIO()
    status = run_loopback(QUICK, SECONDS, expect=replace(QUICK, frequency=445.0), out=out)
    text = out.getvalue()
    assert status == 1, text
    assert "FAIL samples" in text and "FAIL fft" in text and "FAIL zero crossings" in text
    assert "result: MISMATCH (samples, fft, zero crossings)" in text


def test_wrong_expected_amplitude_is_a_mismatch() -> None:
    out = io.StringIO()
    assert run_loopback(QUICK, SECONDS, expect=replace(QUICK, amplitude=0.4), out=out) == 1
    assert "FAIL rms" in out.getvalue() and "FAIL peak" in out.getvalue()


# -- measurements and expectations --------------------------------------------------------


@pytest.mark.parametrize("frequency", [100.0, 440.0, 1234.5])
def test_fft_frequency_measures_a_known_tone(frequency: float) -> None:
    t = np.arange(36000) / 48000
    assert abs(fft_frequency(np.sin(2 * np.pi * frequency * t + 0.7), 48000) - frequency) < 0.03
    assert fft_frequency(np.zeros(100), 48000) == 0.0


def test_measure_tone_finds_the_tone_after_silence() -> None:
    sent = sent_tone(QUICK, 0.5)
    received = np.concatenate([np.zeros(960, np.int16), sent, np.zeros(480, np.int16)])
    report = measure_tone(received, 30, QUICK, 0.5)
    assert report.offset == 960 and report.exact
    assert all(v.ok for v in report.verdicts), report.verdicts
    assert math.isclose(report.rms_dbfs, 20 * math.log10(0.5 * 32767 / math.sqrt(2) / 32768),
                        abs_tol=0.01)


def test_measure_tone_rejects_one_wrong_sample() -> None:
    received = sent_tone(QUICK, 0.5)
    received[10000] += 1
    verdicts = {v.name: v.ok for v in measure_tone(received, 50, QUICK, 0.5).verdicts}
    assert verdicts["samples"] is False
    assert verdicts["fft"] and verdicts["rms"]  # one LSB does not move the measurements


def test_measure_tone_of_nothing_fails_every_check() -> None:
    report = measure_tone(np.zeros(4800, np.int16), 10, QUICK, 0.1)
    assert not any(v.ok for v in report.verdicts)


def test_expected_colours_are_what_livekit_makes_of_them() -> None:
    colours = expected_colours(QUICK)
    assert [c.name for c in colours] == [name for name, _ in QUICK.palette]
    red = colours[0]
    assert red.rgb == (255, 0, 0)
    assert red.yuv == (82, 90, 239)  # libyuv: Y = (66*255 + 0x1080) >> 8, ...
    assert red.bgr == (1, 1, 254)  # not (0, 0, 255): YUV rounds
    for colour in colours:
        rgba = bytes([*colour.rgb, 255]) * 4
        livekit = rtc.VideoFrame(2, 2, rtc.VideoBufferType.RGBA, bytearray(rgba)).convert(
            rtc.VideoBufferType.I420)
        assert bytes(livekit.data) == bytes([colour.yuv[0]] * 4 + list(colour.yuv[1:]))
        back = lkfast.convert(livekit.data, 2, 2, "I420", "BGR24")
        assert tuple(back[:3]) == colour.bgr


def _frames(names: list[str], config: DemoConfig = QUICK, step_us: int = 100_000,
            uniform: bool = True) -> list[FrameSeen]:
    bgr = {c.name: c.bgr for c in expected_colours(config)}
    return [FrameSeen(1_000_000 + k * step_us, k / 10, config.width, config.height, bgr[name],
                      uniform) for k, name in enumerate(names)]


SENT = [name for name, _ in QUICK.palette for _ in range(2)]  # what QUICK sends in 1.2 s


def _failed(frames: list[FrameSeen], **kwargs: Any) -> set[str]:
    report = measure_video(frames, QUICK, SECONDS, **kwargs)
    return {v.name for v in report.verdicts if not v.ok}


def test_measure_video_accepts_what_was_sent() -> None:
    assert _failed(_frames(SENT)) == set()
    assert _failed(_frames(SENT[:-1])) == set()  # the last frame lost: within tolerance
    assert _failed(_frames(SENT[:5] + SENT[6:])) == set()  # one lost in the middle


def test_measure_video_rejects_what_was_not_sent() -> None:
    assert _failed(_frames(SENT[2:] + SENT[:2])) == {"sequence"}  # starts on the wrong colour
    swapped = SENT[:2] + SENT[4:6] + SENT[2:4] + SENT[6:]
    assert _failed(_frames(swapped)) == {"sequence"}
    assert _failed(_frames(SENT[:2] * 6)) == {"sequence"}
    assert _failed(_frames(SENT[:8])) == {"frames", "sequence"}
    assert _failed(_frames(SENT, uniform=False)) == {"solid"}
    assert _failed(_frames(SENT, step_us=80_000)) == {"timestamps"}
    assert _failed(_frames(SENT), frames_sent=20) == {"frames", "sequence"}
    assert "frames" in _failed([])
    wrong = _frames(SENT)
    wrong[3] = FrameSeen(wrong[3].timestamp_us, 0.3, 640, 480, (0, 0, 255), True)
    assert _failed(wrong) == {"colours", "sequence"}
    stamps = _frames(SENT)
    stamps[4], stamps[5] = stamps[5], stamps[4]
    assert "timestamps" in _failed(stamps)


def test_demo_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="frames_per_colour"):
        DemoConfig(frames_per_colour=0)
    with pytest.raises(ValueError, match="palette"):
        DemoConfig(palette=())
    with pytest.raises(ValueError, match="fps"):
        DemoConfig(fps=0)
    assert DemoConfig().frames_in(3.0) == 30 and DemoConfig().frames_in(1.2) == 12


# -- room mode: arguments, environment, token ---------------------------------------------

KEY = "APIdemoKey"
SECRET = "a-secret-of-at-least-thirty-two-bytes-0123456789"  # PyJWT warns about short keys


def test_no_url_means_loopback() -> None:
    assert resolve_room_target(env={}) is None
    assert resolve_room_target(loopback=True, env={"LIVEKIT_URL": "wss://x"}) is None


def test_url_and_token_are_used_as_given() -> None:
    target = resolve_room_target(url="wss://lk.example", token="tok", env={})
    assert target == RoomTarget("wss://lk.example", "tok", minted=False)
    env = {"LIVEKIT_URL": "wss://from-env", "LIVEKIT_API_KEY": KEY, "LIVEKIT_API_SECRET": SECRET}
    assert resolve_room_target(token="tok", env=env) == RoomTarget("wss://from-env", "tok", False)


@pytest.mark.parametrize(("kwargs", "env", "message"), [
    ({"url": "wss://x"}, {}, "needs --token, or an API key and secret"),
    ({"url": "wss://x", "api_key": KEY}, {}, "an API secret missing"),
    ({}, {"LIVEKIT_URL": "wss://x", "LIVEKIT_API_SECRET": SECRET}, "an API key missing"),
    ({"token": "tok"}, {}, "--token given without --url"),
    ({"api_key": KEY, "api_secret": SECRET}, {}, "without --url"),
    ({"url": "localhost:7880", "token": "t"}, {}, "must start with wss://"),
    ({"url": "wss://x", "loopback": True}, {}, "--loopback runs without a server"),
])
def test_room_arguments_that_cannot_work(kwargs: dict[str, Any], env: dict[str, str],
                                          message: str) -> None:
    with pytest.raises(DemoUsageError, match=message):
        resolve_room_target(env=env, **kwargs)


def test_token_is_minted_from_key_and_secret() -> None:
    jwt = pytest.importorskip("jwt")
    pytest.importorskip("livekit.api")
    env = {"LIVEKIT_URL": "wss://lk.example", "LIVEKIT_API_KEY": KEY, "LIVEKIT_API_SECRET": SECRET}
    target = resolve_room_target(room="studio", identity="bot-1", env=env)
    assert target is not None and target.minted and target.url == "wss://lk.example"
    claims = jwt.decode(target.token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == KEY and claims["sub"] == "bot-1"
    assert claims["video"]["room"] == "studio" and claims["video"]["roomJoin"] is True
    assert claims["video"]["canPublish"] is True
    assert 0 < claims["exp"] - claims["nbf"] <= 6 * 3600
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(mint_token(KEY, "another-secret-of-thirty-two-bytes-or-more", "r", "i"),
                   SECRET, algorithms=["HS256"])


@pytest.mark.parametrize(("argv", "message"), [
    (["--url", "wss://x"], "needs --token"),
    (["--token", "t"], "without --url"),
    (["--url", "ftp://x", "--token", "t"], "must start with wss://"),
])
def test_cli_usage_errors_exit_2(argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["demo", *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_rejects_a_bad_duration(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--seconds", "0"])
    assert exc.value.code == 2


def test_unreachable_server_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["demo", "--url", f"ws://127.0.0.1:{port}", "--token", "t", "--seconds", "1"]) == 1
    assert f"could not join ws://127.0.0.1:{port}" in capsys.readouterr().err


# -- room mode: the session, against a stand-in room --------------------------------------


class FakeRoom:
    """What room_session uses of an ``rtc.Room``, without a server."""

    name = "studio"

    def __init__(self) -> None:
        self.local_participant = FakeParticipant("lkfast-demo")
        self.connected_with: tuple[str, str, rtc.RoomOptions] | None = None
        self.disconnected = False

    async def connect(self, url: str, token: str, options: rtc.RoomOptions) -> None:
        self.connected_with = (url, token, options)

    async def disconnect(self) -> None:
        self.disconnected = True


def test_room_session_publishes_and_reports_each_second() -> None:
    room, out = FakeRoom(), io.StringIO()
    target = RoomTarget("wss://lk.example", "tok", minted=True)
    asyncio.run(room_session(QUICK, target, 2.2, out=out, room=room))
    assert room.connected_with is not None
    assert room.connected_with[:2] == ("wss://lk.example", "tok")
    assert room.connected_with[2].auto_subscribe is False
    assert room.disconnected
    kinds = {type(track).__name__: options for track, options in
             room.local_participant.published}
    assert kinds["LocalAudioTrack"].source == rtc.TrackSource.SOURCE_MICROPHONE
    assert kinds["LocalVideoTrack"].source == rtc.TrackSource.SOURCE_CAMERA
    assert kinds["LocalVideoTrack"].video_encoding.max_framerate == QUICK.fps
    text = out.getvalue()
    assert "joined room 'studio' at wss://lk.example as 'lkfast-demo' (token minted" in text
    ticks = [line for line in text.splitlines() if "of tone captured" in line]
    assert len(ticks) == 2, text
    # One second in, the tone is ahead of real time by at most the queue and one frame.
    captured = float(ticks[0].split("audio")[1].split()[0])
    limit = 1 + (QUICK.queue_size_ms + QUICK.audio_frame_ms) / 1000
    assert 0.9 <= captured <= limit + 0.1, ticks[0]
    videos = [line.split() for line in text.splitlines() if "frames sent" in line]
    assert len(videos) == 2 and 9 <= int(videos[0][1]) <= 12, text  # 10 frames a second


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_room_runs_until_interrupted() -> None:
    room, out = FakeRoom(), io.StringIO()
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        status = run_room(QUICK, RoomTarget("wss://x", "t", False), None, out=out, room=room)
    finally:
        timer.cancel()
    assert status == 0
    assert out.getvalue().rstrip().endswith("stopped") and room.disconnected
    assert "until interrupted" in out.getvalue()
