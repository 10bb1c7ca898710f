"""LiveKit audio sources made safely, and published as microphone tracks.

``rtc.AudioSource`` hands its arguments to LiveKit's native side, which aborts the whole
process (a Rust assertion) when ``queue_size_ms`` is not a multiple of 10;
:func:`make_audio_source` validates first and remembers the queue size, which
:class:`lkfast.AudioPublisher` needs to check its batching against.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from typing import Any, Optional

from livekit import rtc

from lkfast._core.checks import check_livekit_sample_rate, check_num_channels, check_queue_size_ms


@dataclass(eq=False)
class SourceState:
    """What lkfast knows about one ``rtc.AudioSource`` (shared by its publishers).

    Attributes:
        queue_size_ms: the source's queue, when lkfast made it or was told.
        playback: the ``play()`` capturing into the source, if any (one writer at a time).
        capture: the latest ``capture_frame`` task; LiveKit refuses a capture while one is
            pending, so a new writer waits for it.
    """

    queue_size_ms: Optional[int] = None
    playback: Optional[Any] = None
    capture: Optional[asyncio.Future[None]] = None


_STATES: weakref.WeakKeyDictionary[rtc.AudioSource, SourceState] = weakref.WeakKeyDictionary()


def source_state(source: rtc.AudioSource) -> SourceState:
    """The state lkfast keeps for ``source`` (created on first use)."""
    state = _STATES.get(source)
    if state is None:
        state = _STATES[source] = SourceState()
    return state


def make_audio_source(sample_rate: int, num_channels: int, queue_size_ms: int = 1000, *,
                      loop: Optional[asyncio.AbstractEventLoop] = None) -> rtc.AudioSource:
    """Create an ``rtc.AudioSource``, validating what LiveKit would crash or drift on.

    Args:
        sample_rate: Hz, 8000 to 192000 and a multiple of 100 (LiveKit moves audio in 10 ms
            blocks of ``sample_rate / 100`` samples per channel; 11025 or 22050 Hz would
            drift).
        num_channels: 1 to 8.
        queue_size_ms: the source's queue, a multiple of 10 from 10 to 60000 ms (LiveKit's
            default is 1000). ``capture_frame`` returns at once while the queue has room, so
            a small queue (50-200 ms) paces a producer in real time with little latency.
        loop: the event loop the source belongs to (default: the current one).

    Returns:
        The source; :class:`lkfast.AudioPublisher` knows its queue size.

    Raises:
        TypeError, ValueError: a parameter LiveKit cannot take, named in the message.
    """
    rate = check_livekit_sample_rate(sample_rate)
    channels = check_num_channels(num_channels)
    queue = check_queue_size_ms(queue_size_ms)
    source = rtc.AudioSource(rate, channels, queue_size_ms=queue, loop=loop)
    source_state(source).queue_size_ms = queue
    return source


async def publish_audio_track(
    participant: rtc.LocalParticipant,
    source: rtc.AudioSource,
    name: str,
    *,
    options: Optional[rtc.TrackPublishOptions] = None,
) -> rtc.LocalTrackPublication:
    """Create a ``LocalAudioTrack`` over ``source`` and publish it as a microphone track.

    What LiveKit's docs do by hand: ``LocalAudioTrack.create_audio_track(name, source)``, then
    ``participant.publish_track(track, TrackPublishOptions(source=SOURCE_MICROPHONE))``.

    Args:
        participant: the room's ``local_participant``.
        source: the audio source the track carries.
        name: the track's name, non-empty.
        options: publish options instead of the microphone default.

    Returns:
        The publication; its ``.track`` is the new ``LocalAudioTrack``.
    """
    if not isinstance(source, rtc.AudioSource):
        raise TypeError(f"source must be an rtc.AudioSource, got {type(source).__name__}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    track = rtc.LocalAudioTrack.create_audio_track(name, source)
    if options is None:
        options = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
    return await participant.publish_track(track, options)
