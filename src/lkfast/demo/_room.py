"""The demo in a real LiveKit room: join with a URL and a token, publish the demo's tracks
until interrupted, and print the publishers' figures once per second.

The token is given (``--token``) or minted here from an API key and secret with
``livekit-api`` (the ``room`` extra: ``pip install 'lkfast[room]'``), which signs the JWT
locally; no server is contacted until the room is joined.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional, TextIO

from livekit import rtc

import lkfast
from lkfast.demo._config import DemoConfig
from lkfast.demo._media import DemoMedia, Tick

URL_SCHEMES = ("ws://", "wss://", "http://", "https://")
TOKEN_TTL = datetime.timedelta(hours=6)


class DemoUsageError(ValueError):
    """The demo's arguments or environment cannot say where or how to join."""


@dataclass(frozen=True)
class RoomTarget:
    """Where and how the demo joins a room.

    Attributes:
        url: the LiveKit server, ``wss://...`` (or ``ws://`` for a local dev server).
        token: the access token (a JWT).
        minted: the token was minted here from an API key and secret.
    """

    url: str
    token: str
    minted: bool


def mint_token(api_key: str, api_secret: str, room: str, identity: str, *,
               ttl: datetime.timedelta = TOKEN_TTL) -> str:
    """An access token to join ``room`` as ``identity`` and publish, signed with the secret.

    Raises:
        DemoUsageError: ``livekit-api`` is not installed.
    """
    try:
        from livekit import api
    except ImportError as exc:
        raise DemoUsageError(f"minting a token from an API key and secret needs livekit-api: "
                             f"pip install 'lkfast[room]' ({exc})") from None
    grants = api.VideoGrants(room_join=True, room=room, can_publish=True, can_subscribe=True)
    return (api.AccessToken(api_key, api_secret).with_identity(identity)
            .with_name("lkfast demo").with_grants(grants).with_ttl(ttl).to_jwt())


def resolve_room_target(*, url: Optional[str] = None, token: Optional[str] = None,
                        api_key: Optional[str] = None, api_secret: Optional[str] = None,
                        room: str = "lkfast-demo", identity: str = "lkfast-demo",
                        loopback: bool = False,
                        env: Optional[Mapping[str, str]] = None) -> Optional[RoomTarget]:
    """Where to join, from the arguments and then the environment; None for the loopback.

    ``url`` falls back to ``LIVEKIT_URL``, ``api_key``/``api_secret`` to ``LIVEKIT_API_KEY``/
    ``LIVEKIT_API_SECRET``. With a URL, ``token`` is used as given, or else one is minted from
    the key and secret. Without a URL the demo runs in loopback.

    Raises:
        DemoUsageError: a URL without credentials, credentials without a URL, a URL that is
            not ws(s):// or http(s)://, or ``loopback`` together with room arguments.
    """
    env = os.environ if env is None else env
    given = [name for name, value in (("--url", url), ("--token", token),
                                      ("--api-key", api_key), ("--api-secret", api_secret))
             if value]
    if loopback:
        if given:
            raise DemoUsageError(f"--loopback runs without a server; drop {', '.join(given)}")
        return None
    url = url or env.get("LIVEKIT_URL") or None
    if not url:
        if given:
            raise DemoUsageError(f"{', '.join(given)} given without --url (or LIVEKIT_URL)")
        return None
    if not url.startswith(URL_SCHEMES):
        raise DemoUsageError(f"the URL must start with wss:// (or ws://, https://, http://), "
                             f"got {url!r}")
    if token:
        return RoomTarget(url, token, minted=False)
    api_key = api_key or env.get("LIVEKIT_API_KEY") or None
    api_secret = api_secret or env.get("LIVEKIT_API_SECRET") or None
    if api_key and api_secret:
        return RoomTarget(url, mint_token(api_key, api_secret, room, identity), minted=True)
    missing = "an API secret" if api_key else "an API key" if api_secret else "credentials"
    raise DemoUsageError(
        f"joining {url} needs --token, or an API key and secret (--api-key and --api-secret, "
        f"or LIVEKIT_API_KEY and LIVEKIT_API_SECRET); {missing} missing. Use --loopback to run "
        f"without a server.")


async def publish_demo_tracks(participant: rtc.LocalParticipant, media: DemoMedia) -> list[Any]:
    """Publish the demo's tracks in a room; returns the publications."""
    audio = await lkfast.publish_audio_track(participant, media.tone.source, "lkfast-tone")
    video = await lkfast.publish_video_track(participant, media.colours.source, "lkfast-colours",
                                             fps=media.config.fps)
    return [audio, video]


async def room_session(config: DemoConfig, target: RoomTarget, duration: Optional[float], *,
                       out: TextIO = sys.stdout, room: Optional[Any] = None) -> None:
    """Join, publish the demo's media for ``duration`` s (None: until cancelled), leave.

    Args:
        room: an ``rtc.Room`` to use (default: a new one); tests pass a stand-in.
    """
    room = rtc.Room() if room is None else room
    await room.connect(target.url, target.token, rtc.RoomOptions(auto_subscribe=False))
    media = DemoMedia(config)
    try:
        identity = room.local_participant.identity
        print(f"joined room {room.name!r} at {target.url} as {identity!r} "
              f"(token {'minted from the API key' if target.minted else 'given'})", file=out)
        publications = await publish_demo_tracks(room.local_participant, media)
        names = ", ".join(getattr(p, "name", "?") for p in publications)
        until = "until interrupted (Ctrl-C)" if duration is None else f"for {duration:g} s"
        print(f"publishing {names} {until}", file=out)

        def report(tick: Tick) -> None:
            lines = media.describe_stats()
            print(f"{tick.elapsed_s:6.1f} s  {lines[0]}; process CPU {tick.cpu_percent:.1f} % "
                  f"of a core", file=out)
            for line in lines[1:]:
                print(f"{'':10}{line}", file=out)
            out.flush()

        await media.run(duration, on_tick=report)
    finally:
        await media.aclose()
        await room.disconnect()


def run_room(config: DemoConfig, target: RoomTarget, duration: Optional[float] = None, *,
             out: TextIO = sys.stdout, room: Optional[Any] = None) -> int:
    """Run :func:`room_session` until ``duration`` or SIGINT/SIGTERM; the exit status."""

    async def main() -> int:
        task = asyncio.ensure_future(room_session(config, target, duration, out=out, room=room))
        loop = asyncio.get_running_loop()
        stopping: list[int] = []

        def stop(sig: int) -> None:
            stopping.append(sig)
            task.cancel()

        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop, sig)
        try:
            await task
        except asyncio.CancelledError:
            if not stopping:
                raise
            print("stopped", file=out)
        except rtc.ConnectError as exc:
            print(f"lkfast demo: could not join {target.url}: {exc}", file=sys.stderr)
            return 1
        return 0

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:  # where signal handlers cannot be installed (Windows)
        print("stopped", file=out)
        return 0
