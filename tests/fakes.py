"""Stand-ins for LiveKit objects that need a server, shared by the tests."""

from __future__ import annotations

import types
from typing import Any

from livekit import rtc


class FakeParticipant:
    """An ``rtc.LocalParticipant`` as far as lkfast publishes to one: it records each
    ``publish_track`` call and returns a publication naming the track."""

    def __init__(self, identity: str = "agent") -> None:
        self.identity = identity
        self.published: list[tuple[Any, rtc.TrackPublishOptions]] = []

    async def publish_track(self, track: Any, options: rtc.TrackPublishOptions) -> Any:
        self.published.append((track, options))
        return types.SimpleNamespace(name=track.name, track=track)
