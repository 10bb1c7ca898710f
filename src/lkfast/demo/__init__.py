"""``lkfast demo``: a tone and a colour-cycling video published with lkfast through LiveKit.

Without a server it runs LiveKit's native stack in loopback, reads the tracks back and checks
that what arrived is what was sent; with a URL and a token (or an API key and secret) it
publishes the same tracks in a real room. Both modes run :class:`DemoMedia`.
"""

from lkfast.demo._analysis import (
    ExpectedColour,
    FrameSeen,
    ToneReport,
    Verdict,
    VideoReport,
    expected_colours,
    fft_frequency,
    measure_tone,
    measure_video,
)
from lkfast.demo._config import PALETTE, DemoConfig
from lkfast.demo._loopback import LoopbackReport, loopback, print_report, run_loopback
from lkfast.demo._media import ColourTrack, DemoMedia, ToneTrack
from lkfast.demo._room import (
    DemoUsageError,
    RoomTarget,
    mint_token,
    publish_demo_tracks,
    resolve_room_target,
    room_session,
    run_room,
)

__all__ = [
    "PALETTE",
    "ColourTrack",
    "DemoConfig",
    "DemoMedia",
    "DemoUsageError",
    "ExpectedColour",
    "FrameSeen",
    "LoopbackReport",
    "RoomTarget",
    "ToneReport",
    "ToneTrack",
    "Verdict",
    "VideoReport",
    "expected_colours",
    "fft_frequency",
    "loopback",
    "measure_tone",
    "measure_video",
    "mint_token",
    "print_report",
    "publish_demo_tracks",
    "resolve_room_target",
    "room_session",
    "run_loopback",
    "run_room",
]
