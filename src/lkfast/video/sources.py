"""LiveKit video sources made safely, and published as camera tracks.

``rtc.VideoSource(width, height)`` hands its size to LiveKit's native side, which aborts the
whole process on a zero size (libwebrtc's ``Check failed: width > 0``, once a track is made
over the source) or on sizes whose area overflows; and it never tells the size back.
:func:`make_video_source` validates first and remembers the size, which
:class:`lkfast.VideoPublisher` checks frames against and :func:`publish_video_track` chooses a
bitrate from.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Optional, Union

import numpy as np
from livekit import rtc

from lkfast.video.formats import check_size
from lkfast.video.pacing import Rate, check_fps


@dataclass(eq=False)
class VideoSourceState:
    """What lkfast knows about one ``rtc.VideoSource``.

    Attributes:
        size: ``(width, height)`` in pixels, when lkfast made the source or was told.
        publisher: a weak reference to the :class:`lkfast.VideoPublisher` capturing into it
            (one at a time).
    """

    size: Optional[tuple[int, int]] = None
    publisher: Optional[weakref.ref[Any]] = None


_STATES: weakref.WeakKeyDictionary[rtc.VideoSource, VideoSourceState] = (
    weakref.WeakKeyDictionary())


def video_source_state(source: rtc.VideoSource) -> VideoSourceState:
    """The state lkfast keeps for ``source`` (created on first use)."""
    state = _STATES.get(source)
    if state is None:
        state = _STATES[source] = VideoSourceState()
    return state


def publisher_size(state: VideoSourceState, width: Optional[int],
                   height: Optional[int]) -> Optional[tuple[int, int]]:
    """The frame size a publisher on a source of ``state`` sends: ``width x height`` if given
    (checked against a known size), else the source's known size, else None (a plain
    ``rtc.VideoSource``: the publisher takes the size of the first frame it is given).

    Raises:
        TypeError: only one of width and height. ValueError: a bad size, or one that differs
            from the source's.
    """
    if (width is None) != (height is None):
        raise TypeError("give both width and height, or neither")
    if width is None:
        return state.size
    size = check_size(width, height)
    if state.size is not None and state.size != size:
        raise ValueError(f"width x height = {size[0]}x{size[1]}, but the source was made "
                         f"{state.size[0]}x{state.size[1]}")
    return size


def make_video_source(width: int, height: int, *, is_screencast: bool = False) -> rtc.VideoSource:
    """Create an ``rtc.VideoSource``, validating what LiveKit would abort the process on.

    LiveKit crops frames whose width or height is not a multiple of 4 to the multiple of 4
    below (measured in loopback: 160x90 arrives as 160x88), so prefer such sizes.

    Args:
        width, height: pixels, 1 to 16384 each (LiveKit aborts the process on 0).
        is_screencast: LiveKit's screen-content mode (keeps resolution, drops frames instead).

    Returns:
        The source; :class:`lkfast.VideoPublisher` and :func:`publish_video_track` know its
        size.

    Raises:
        TypeError, ValueError: a size LiveKit cannot take.
    """
    w, h = check_size(width, height)
    if not isinstance(is_screencast, bool):
        raise TypeError(f"is_screencast must be a bool, got {type(is_screencast).__name__}")
    source = rtc.VideoSource(w, h, is_screencast=is_screencast)
    video_source_state(source).size = (w, h)
    return source


def video_source_size(source: rtc.VideoSource) -> Optional[tuple[int, int]]:
    """``(width, height)`` of a source lkfast made or was told about, else None."""
    state = _STATES.get(source)
    return None if state is None else state.size


#: LiveKit's default encodings (``livekit/src/room/options.rs`` in rust-sdks): width, height,
#: max bitrate in bits per second, for 16:9 and 4:3 sources.
_PRESETS_16_9 = ((160, 90, 90_000), (320, 180, 160_000), (384, 216, 180_000),
                 (640, 360, 450_000), (960, 540, 800_000), (1280, 720, 1_700_000),
                 (1920, 1080, 3_000_000), (2560, 1440, 5_000_000), (3840, 2160, 8_000_000))
_PRESETS_4_3 = ((160, 120, 80_000), (240, 180, 100_000), (320, 240, 150_000),
                (480, 360, 225_000), (640, 480, 300_000), (720, 540, 450_000),
                (960, 720, 1_500_000), (1440, 1080, 2_500_000), (1920, 1440, 3_500_000))
#: Codec names and their ``rtc.VideoCodec`` values; LiveKit scales the preset bitrate for VP9
#: (x 0.85) and AV1 (x 0.7).
CODECS = {"vp8": 0, "h264": 1, "av1": 2, "vp9": 3, "h265": 4}
_CODEC_BITRATE_SCALE = {2: 0.7, 3: 0.85}


def default_bitrate(width: int, height: int, codec: int = 0) -> int:
    """LiveKit's preset max bitrate (bits per second) for a camera track of this size.

    The same choice LiveKit makes when no encoding is given: the presets of the nearer aspect
    ratio (16:9 or 4:3), the first one wider than the longer side (the largest otherwise),
    scaled down for VP9 and AV1.
    """
    ar = max(width, height) / min(width, height)
    presets = _PRESETS_16_9 if abs(ar - 16 / 9) < abs(ar - 4 / 3) else _PRESETS_4_3
    size = max(width, height)
    bitrate = presets[-1][2]
    for preset_width, _, preset_bitrate in presets:
        bitrate = preset_bitrate
        if preset_width > size:
            break
    scale = _CODEC_BITRATE_SCALE.get(codec)
    # LiveKit scales in f32 and truncates.
    return bitrate if scale is None else int(np.float32(bitrate) * np.float32(scale))


def _codec_value(codec: Union[str, int]) -> int:
    if isinstance(codec, str):
        value = CODECS.get(codec.lower())
        if value is None:
            raise ValueError(f"unknown codec {codec!r}; known: {', '.join(CODECS)}")
        return value
    if isinstance(codec, bool) or not isinstance(codec, int) or codec not in CODECS.values():
        raise ValueError(f"codec must be a name ({', '.join(CODECS)}) or an rtc.VideoCodec "
                         f"value, got {codec!r}")
    return codec


async def publish_video_track(
    participant: rtc.LocalParticipant,
    source: rtc.VideoSource,
    name: str,
    *,
    fps: Rate = 30,
    codec: Union[str, int] = "vp8",
    max_bitrate: Optional[int] = None,
    simulcast: bool = True,
    options: Optional[rtc.TrackPublishOptions] = None,
) -> rtc.LocalTrackPublication:
    """Create a ``LocalVideoTrack`` over ``source`` and publish it as a camera track.

    What LiveKit's docs do by hand: ``LocalVideoTrack.create_video_track(name, source)``, then
    ``participant.publish_track(track, TrackPublishOptions(source=SOURCE_CAMERA,
    video_encoding=VideoEncoding(max_framerate=fps, max_bitrate=...), video_codec=codec))``.
    An encoding given to LiveKit replaces its whole default, bitrate included, so the bitrate
    is LiveKit's own preset for the source's size unless ``max_bitrate`` says otherwise.

    Args:
        participant: the room's ``local_participant``.
        source: the video source the track carries; its size must be known
            to lkfast (:func:`make_video_source`, or a :class:`lkfast.VideoPublisher` that
            has sent a frame) for lkfast to pick the bitrate; a plain ``rtc.VideoSource`` of
            unknown size gets LiveKit's whole default encoding (its preset for the frames it
            receives, and its frame rate).
        name: the track's name, non-empty.
        fps: the encoder's frame-rate cap, frames per second (match the publisher's rate).
        codec: ``"vp8"`` (LiveKit's default), ``"h264"``, ``"vp9"``, ``"av1"``, ``"h265"`` or
            an ``rtc.VideoCodec`` value.
        max_bitrate: bits per second for the top layer (default: LiveKit's preset).
        simulcast: also send LiveKit's lower-resolution layers (LiveKit's default).
        options: publish options to use as they are instead of all of the above.

    Returns:
        The publication; its ``.track`` is the new ``LocalVideoTrack``.

    Raises:
        TypeError, ValueError: a bad argument.
    """
    if not isinstance(source, rtc.VideoSource):
        raise TypeError(f"source must be an rtc.VideoSource, got {type(source).__name__}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    if options is None:
        rate = check_fps(fps)
        codec_value = _codec_value(codec)
        if not isinstance(simulcast, bool):
            raise TypeError(f"simulcast must be a bool, got {type(simulcast).__name__}")
        if max_bitrate is None:
            size = video_source_size(source)
            # A plain rtc.VideoSource of unknown size: no encoding, so LiveKit keeps its whole
            # default (preset chosen from the frames it receives; an encoding given to LiveKit
            # replaces all of it).
            bitrate = None if size is None else default_bitrate(size[0], size[1], codec_value)
        else:
            if isinstance(max_bitrate, bool) or not isinstance(max_bitrate, int):
                raise TypeError(f"max_bitrate must be an integer (bits per second), got "
                                f"{type(max_bitrate).__name__}")
            if not 10_000 <= max_bitrate <= 100_000_000:
                raise ValueError(f"max_bitrate must be between 10000 and 100000000 bits per "
                                 f"second, got {max_bitrate}")
            bitrate = max_bitrate
        options = rtc.TrackPublishOptions(
            source=rtc.TrackSource.SOURCE_CAMERA,
            video_codec=codec_value,  # type: ignore[arg-type]
            simulcast=simulcast,
        )
        if bitrate is not None:
            options.video_encoding.CopyFrom(
                rtc.VideoEncoding(max_framerate=float(rate), max_bitrate=bitrate))
    track = rtc.LocalVideoTrack.create_video_track(name, source)
    return await participant.publish_track(track, options)


__all__ = ["CODECS", "VideoSourceState", "default_bitrate", "make_video_source",
           "publish_video_track", "video_source_size", "video_source_state"]
