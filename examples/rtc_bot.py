"""A LiveKit bot with ``livekit.rtc`` alone: publishes a 440 Hz tone and a solid colour with
lkfast, and reads every track it subscribes to as numpy arrays (float32 audio with levels,
BGR24 video).

    python examples/rtc_bot.py --url wss://my.livekit.cloud --token <jwt>
    LIVEKIT_URL=... LIVEKIT_TOKEN=... python examples/rtc_bot.py --seconds 60
    python examples/rtc_bot.py --loopback      # no server: the same code on local tracks

``agent.py`` does the same as a livekit-agents agent.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Sequence
from typing import Optional

import numpy as np
from livekit import rtc

import lkfast

from tone_and_colour import (
    FPS,
    ToneAndColour,
    make_sources,
    publish_tracks,
    watch_audio,
    watch_remote_tracks,
    watch_video,
)


async def in_room(url: str, token: str, seconds: Optional[float]) -> None:
    """Join, publish, watch remote tracks for ``seconds`` (None: until interrupted), leave."""
    room = rtc.Room()
    watchers = watch_remote_tracks(room)  # before connecting: no subscription is missed
    await room.connect(url, token, rtc.RoomOptions(auto_subscribe=True))
    audio, video = make_sources()
    media = None
    try:
        await publish_tracks(room.local_participant, audio, video)
        media = ToneAndColour(audio, video)
        await asyncio.sleep(seconds if seconds is not None else float("inf"))
    finally:
        if media is not None:
            await media.aclose()
        for task in list(watchers):
            task.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
        await room.disconnect()


async def in_loopback(seconds: float) -> tuple[Optional[lkfast.Levels], Optional[np.ndarray]]:
    """The same publishing and watching on local tracks (LiveKit's native stack, no server).

    Returns the last audio levels and the last image seen.
    """
    audio, video = make_sources()
    audio_track = rtc.LocalAudioTrack.create_audio_track("tone", audio)
    video_track = rtc.LocalVideoTrack.create_video_track("colour", video)
    watchers = asyncio.gather(watch_audio(audio_track, frames=round(seconds * 100)),
                              watch_video(video_track, frames=round(seconds * FPS)))
    media = ToneAndColour(audio, video)
    try:
        levels, image = await watchers
    finally:
        await media.aclose()
        await audio.aclose()
    return levels, image


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("LIVEKIT_URL"))
    parser.add_argument("--token", default=os.environ.get("LIVEKIT_TOKEN"))
    parser.add_argument("--seconds", type=float, help="default: until interrupted (loopback 2)")
    parser.add_argument("--loopback", action="store_true", help="local tracks, no server")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.loopback:
        levels, image = asyncio.run(in_loopback(args.seconds or 2.0))
        if levels is None or image is None:
            print("nothing arrived")
            return 1
        b, g, r = (int(c) for c in image[0, 0])
        print(f"last audio frame: RMS {levels.rms_dbfs[0]:.2f} dBFS; "
              f"last image {image.shape}, (r, g, b) = ({r}, {g}, {b})")
        return 0
    if not args.url or not args.token:
        parser.error("give --url and --token (or LIVEKIT_URL and LIVEKIT_TOKEN), or --loopback")
    try:
        asyncio.run(in_room(args.url, args.token, args.seconds))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
