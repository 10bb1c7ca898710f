"""VideoPublisher(buffer_type=...) through real LiveKit, no server: each type it accepts is
captured into a ``VideoSource`` and read back from a ``VideoStream`` of its track, exactly; the
types LiveKit cannot take are refused (and shown to fail, in a child process)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import numpy as np
import pytest
from livekit import rtc

import lkfast
from lkfast.video.formats import frame_size, parse_format
from lkfast.video.publish_types import CAPTURE_TYPES

W, H = 64, 36  # multiples of 4: LiveKit crops other sizes
#: What LiveKit delivers for each accepted type.
DELIVERED = {"I422": "I422", "I444": "I444"}


def quadrants(w: int = W, h: int = H) -> np.ndarray:
    """An RGBA image of four colours (alpha 128 and 255), edges on even pixels."""
    img = np.empty((h, w, 4), np.uint8)
    img[: h // 2, : w // 2] = (200, 30, 90, 128)
    img[: h // 2, w // 2 :] = (12, 180, 250, 255)
    img[h // 2 :, : w // 2] = (255, 255, 0, 128)
    img[h // 2 :, w // 2 :] = (0, 128, 255, 255)
    return img


def expected(fmt: str, img: np.ndarray) -> tuple[str, bytes]:
    """The type and bytes LiveKit delivers for ``img`` published as ``fmt``: lkfast's
    conversion to ``fmt``, then LiveKit's own to I420 (packed types: libyuv's arithmetic,
    which lkfast reproduces) or none (I422, I444); I420A loses its alpha plane."""
    h, w = img.shape[:2]
    published = lkfast.convert(img, w, h, "RGBA", fmt)
    kind = DELIVERED.get(fmt, "I420")
    if kind == fmt:
        return kind, bytes(published)
    return kind, bytes(lkfast.convert(published, w, h, fmt, "I420"))


async def _received(pub: lkfast.VideoPublisher, stream: rtc.VideoStream,
                    count: int) -> list[rtc.VideoFrame]:
    frames = []
    for _ in range(count):
        pub.send_now()
        event = await asyncio.wait_for(stream.__anext__(), 5)
        frames.append(event.frame)
    return frames


@pytest.mark.parametrize("fmt", CAPTURE_TYPES)
def test_each_accepted_type_arrives_exactly(fmt: str) -> None:
    async def main() -> None:
        source = lkfast.make_video_source(W, H)
        track = rtc.LocalVideoTrack.create_video_track("lkfast-types", source)
        stream = rtc.VideoStream(track)
        pub = lkfast.VideoPublisher(source, buffer_type=fmt)
        assert pub.buffer_type == fmt and fmt in repr(pub)
        img = quadrants()
        pub.set_frame(img, "RGBA")
        kind, want = expected(fmt, img)
        # Packed-RGB captures may deliver a blank first frame: the later ones are checked.
        frames = await _received(pub, stream, 3)
        last = frames[-1]
        assert parse_format(last.type) == kind and (last.width, last.height) == (W, H)
        assert len(last.data) == frame_size(kind, W, H)
        assert bytes(last.data) == want, fmt
        assert bytes(frames[1].data) == want, fmt
        # The colours as a receiver sees them: each quadrant one colour, alpha gone.
        rgba = lkfast.to_ndarray(last, dst_format="RGBA")
        for rows in (slice(0, H // 2), slice(H // 2, H)):
            for cols in (slice(0, W // 2), slice(W // 2, W)):
                quad = rgba[rows, cols].reshape(-1, 4)
                assert len({tuple(p) for p in quad.tolist()}) == 1
                assert quad[0, 3] == 255
                colour = img[rows, cols][0, 0, :3].astype(int)
                assert np.abs(quad[0, :3].astype(int) - colour).max() <= 3, (fmt, quad[0])
        await stream.aclose()
        await pub.aclose()
        await source.aclose()

    asyncio.run(main())


@pytest.mark.parametrize("fmt", ["I444", "RGBA"])
def test_fit_and_a_plain_source_with_another_type(fmt: str) -> None:
    """A plain rtc.VideoSource, frames of another size scaled (through I420) into ``fmt``."""
    async def main() -> None:
        source = rtc.VideoSource(W, H)
        stream = rtc.VideoStream(rtc.LocalVideoTrack.create_video_track("lkfast-fit", source))
        pub = lkfast.VideoPublisher(source, width=W, height=H, fit="stretch",
                                    buffer_type=getattr(rtc.VideoBufferType, fmt))
        big = np.empty((2 * H, 2 * W, 3), np.uint8)
        big[:] = (90, 200, 10)
        pub.set_frame(big)
        frames = await _received(pub, stream, 2)
        scaled = lkfast.solid_frame(W, H, (90, 200, 10), "I420")  # a solid colour stays one
        published = lkfast.convert(scaled.data, W, H, "I420", fmt)
        want = published if fmt in DELIVERED else lkfast.convert(published, W, H, fmt, "I420")
        assert parse_format(frames[-1].type) == DELIVERED.get(fmt, "I420")
        assert bytes(frames[-1].data) == bytes(want)
        await stream.aclose()
        await pub.aclose()
        await source.aclose()

    asyncio.run(main())


@pytest.mark.parametrize(("fmt", "why"), [("I010", "nothing is ever delivered"),
                                          ("NV12", "aborts the whole process"),
                                          ("BGR24", "no BGR24 buffer type")])
def test_types_livekit_cannot_capture_are_refused(fmt: str, why: str) -> None:
    source = rtc.VideoSource(16, 16)
    with pytest.raises(ValueError, match=f"buffer_type={fmt} cannot be published: .*{why}"):
        lkfast.VideoPublisher(source, buffer_type=fmt)
    with pytest.raises(ValueError, match="unknown buffer_type 'YUY2'"):
        lkfast.VideoPublisher(source, buffer_type="YUY2")
    # Refused publishers leave the source free.
    assert lkfast.VideoPublisher(source, buffer_type="I444").buffer_type == "I444"


def test_livekit_delivers_nothing_for_an_i010_capture() -> None:
    """Why I010 is refused: LiveKit takes the capture, its stream fails to convert it and no
    frame ever arrives (in a child process, as LiveKit's failures may abort it). NV12's abort:
    tests/test_video_loopback.py."""
    code = (
        "import asyncio\nfrom livekit import rtc\n"
        "async def main():\n"
        "    source = rtc.VideoSource(16, 16)\n"
        "    track = rtc.LocalVideoTrack.create_video_track('t', source)\n"
        "    stream = rtc.VideoStream(track)\n"
        "    frame = rtc.VideoFrame(16, 16, rtc.VideoBufferType.I010, bytearray(768))\n"
        "    for i in range(3):\n"
        "        source.capture_frame(frame, timestamp_us=1000 * (i + 1))\n"
        "    try:\n"
        "        await asyncio.wait_for(stream.__anext__(), 2)\n"
        "        print('delivered')\n"
        "    except asyncio.TimeoutError:\n"
        "        print('nothing')\n"
        "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip().splitlines()[-1:] == ["nothing"], done.stderr[-2000:]
