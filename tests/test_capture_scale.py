"""Many AudioPublishers on one loop: one shared FFI subscription instead of one per waiting
capture (LiveKit's own capture_frame), every stream arriving intact through real LiveKit, the
source's playout bookkeeping kept; the scale bench family's figures and CLI."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest
from livekit import rtc
from livekit.rtc._ffi_client import FfiClient

import lkfast
from lkfast.audio import capture
from lkfast.audio.loopback import find_offset
from lkfast.bench import scale
from lkfast.cli import main


def subscribers() -> int:
    return len(FfiClient.instance.queue._subscribers)


@pytest.mark.parametrize("frame_ms", [10, 100])
def test_many_streams_share_one_subscription_and_arrive_intact(frame_ms: int) -> None:
    streams = 8

    async def run() -> tuple[list[int], list[np.ndarray], int]:
        base = subscribers()
        sources = [lkfast.make_audio_source(48000, 1, 500) for _ in range(streams)]
        tracks = [rtc.LocalAudioTrack.create_audio_track(f"t{i}", s)
                  for i, s in enumerate(sources)]
        readers = [rtc.AudioStream(t, sample_rate=48000, num_channels=1) for t in tracks]
        received: list[list[np.ndarray]] = [[] for _ in range(streams)]

        async def read(i: int) -> None:
            async for event in readers[i]:
                received[i].append(np.frombuffer(event.frame.data, np.int16).copy())

        tasks = [asyncio.ensure_future(read(i)) for i in range(streams)]
        publishers = [lkfast.AudioPublisher(s, frame_ms=frame_ms) for s in sources]
        assert all(p._capturer.direct for p in publishers)
        plays = [asyncio.ensure_future(p.play(lkfast.SineGenerator(48000, 1, 300.0 + 50 * i),
                                              0.5))
                 for i, p in enumerate(publishers)]
        await asyncio.sleep(0.2)
        during = subscribers() - base  # LiveKit's capture_frame: one per waiting capture
        sent = await asyncio.gather(*plays)
        for p in publishers:
            await p.wait_for_playout()
            assert p.source.queued_duration == 0.0
        await asyncio.sleep(0.3)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for r in readers:
            await r.aclose()
        for s in sources:
            await s.aclose()
        return sent, [np.concatenate(c) for c in received], during

    sent, received, during = asyncio.run(run())
    assert during <= streams + 1  # the readers (one each) and the publishers (one for all)
    assert sent == [24000] * streams
    for i, got in enumerate(received):
        want = np.zeros(24000, np.int16)
        lkfast.SineGenerator(48000, 1, 300.0 + 50 * i).fill(want)
        start = find_offset(got, want)
        assert start >= 0, f"stream {i} never arrived"
        np.testing.assert_array_equal(got[start : start + want.size], want)


def test_one_dispatcher_subscription_while_captures_wait() -> None:
    async def run() -> list[int]:
        base = subscribers()
        sources = [lkfast.make_audio_source(48000, 1, 100) for _ in range(8)]
        publishers = [lkfast.AudioPublisher(s, frame_ms=100) for s in sources]
        plays = [asyncio.ensure_future(p.play(lkfast.SineGenerator())) for p in publishers]
        await asyncio.sleep(0.2)
        seen = set()
        for _ in range(30):  # between two completions nothing may be pending: then none
            seen.add(subscribers() - base)
            await asyncio.sleep(0.007)
        counts = [max(seen), len(seen - {0, 1})]
        for p in publishers:
            p.interrupt()
        await asyncio.gather(*plays)
        for p in publishers:
            await p.aclose()
        await asyncio.sleep(0.05)
        counts.append(subscribers() - base)  # nothing pending: unsubscribed
        for s in sources:
            await s.aclose()
        return counts

    assert asyncio.run(run()) == [1, 0, 0]  # one while captures wait, never more


def test_falls_back_to_capture_frame_when_replaced_or_subclassed() -> None:
    class Mine(rtc.AudioSource):
        async def capture_frame(self, frame: rtc.AudioFrame) -> None:
            calls.append(frame.samples_per_channel)

    calls: list[int] = []

    async def run() -> None:
        source = Mine(48000, 1)
        assert not capture.supported(source)
        await lkfast.AudioPublisher(source).play(np.zeros(960, np.int16))
        await source.aclose()

    asyncio.run(run())
    assert calls == [480, 480]


def test_scale_measure_reports_every_figure() -> None:
    point = asyncio.run(scale.measure(3, 0.4, warmup_s=0.3, baseline_s=0.4))
    assert point.impl == "lkfast" and point.streams == 3
    assert point.seconds >= 0.4 and point.cpu_percent > 0 and 0 < point.slowest
    assert math.isclose(point.per_stream_percent,
                        point.idle_source_percent + point.publishing_percent, abs_tol=1e-9)
    assert point.lag_p50_ms <= point.lag_p99_ms <= point.lag_max_ms
    assert point.realtime == (point.slowest >= scale.REALTIME_FRACTION)
    row = scale.format_point(point)
    assert row.split()[:2] == ["lkfast", "3"]
    with pytest.raises(ValueError, match="impl"):
        asyncio.run(scale.measure(1, impl="nope"))
    with pytest.raises(ValueError, match="streams"):
        asyncio.run(scale.measure(0))


def test_cli_lists_scale_and_soak_and_refuses_bad_counts(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    assert main(["bench", "--only", "scale", "--only", "soak", "--streams", "1,10",
                 "--list"]) == 0
    out = capsys.readouterr().out
    assert "scale    1, 10 streams" in out and "soak     100000 frames" in out
    for bad in ("0", "x", "1,,2", "3000"):
        with pytest.raises(SystemExit):
            main(["bench", "--only", "scale", "--streams", bad])
    assert "--streams" in capsys.readouterr().err
    assert main(["bench", "--quick", "--list"]) == 0
    assert "scale " not in capsys.readouterr().out  # --quick without --only skips it
