"""The lkfast parts of the examples: publish a tone and a solid colour, read remote tracks.

``agent.py`` (livekit-agents) and ``rtc_bot.py`` (livekit.rtc alone) wire these into a room;
``rtc_bot.py --loopback`` runs them on local tracks without a server.

What LiveKit's docs sample gets wrong, done right here: every name is defined, the tone's
amplitude is a fraction of int16 full scale (0.3 = 9830 of 32767, not 255), and the colour is
given as RGB components with an explicit frame format (a colour packed as ARGB into a buffer
labelled RGBA comes out wrong).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

import numpy as np
from livekit import rtc

import lkfast

SAMPLE_RATE = 48000  # Hz
NUM_CHANNELS = 1
TONE_HZ = 440.0
AMPLITUDE = 0.3  # of full scale: peak 9830 of 32767
WIDTH, HEIGHT, FPS = 640, 480, 10
COLOUR = (0, 128, 255)  # (r, g, b): a sky blue

log = logging.getLogger("lkfast-example")


def make_sources() -> tuple[rtc.AudioSource, rtc.VideoSource]:
    """An audio source with a 200 ms queue (real-time pacing) and a 640x480 video source."""
    audio = lkfast.make_audio_source(SAMPLE_RATE, NUM_CHANNELS, queue_size_ms=200)
    return audio, lkfast.make_video_source(WIDTH, HEIGHT)


async def publish_tracks(participant: rtc.LocalParticipant, audio: rtc.AudioSource,
                         video: rtc.VideoSource) -> None:
    """Publish the sources as a microphone and a camera track."""
    await lkfast.publish_audio_track(participant, audio, "tone")
    await lkfast.publish_video_track(participant, video, "colour", fps=FPS)


class ToneAndColour:
    """Plays the tone and keeps sending the colour (late joiners see it) until ``aclose()``."""

    def __init__(self, audio: rtc.AudioSource, video: rtc.VideoSource) -> None:
        self.audio = lkfast.AudioPublisher(audio, frame_ms=100)  # 100 ms per capture: less CPU
        tone = lkfast.SineGenerator(SAMPLE_RATE, NUM_CHANNELS, TONE_HZ, AMPLITUDE)
        self._tone = asyncio.ensure_future(self.audio.play(tone))  # until interrupted
        self.video = lkfast.VideoPublisher(video, fps=FPS)
        self.video.set_frame(lkfast.solid_frame(WIDTH, HEIGHT, COLOUR, "RGBA"))
        self.video.start()

    async def aclose(self) -> None:
        await self.audio.aclose()
        await asyncio.gather(self._tone, return_exceptions=True)
        await self.video.aclose()


async def watch_audio(track: rtc.Track, frames: Optional[int] = None) -> Optional[lkfast.Levels]:
    """Read a track's audio as float32 ``(samples, channels)`` arrays with their levels.

    Logs the level every 50 frames (0.5 s). Returns the last frame's levels after ``frames``
    frames (None: until the track ends or the task is cancelled).
    """
    stream = rtc.AudioStream(track, sample_rate=SAMPLE_RATE, num_channels=NUM_CHANNELS)
    last: Optional[lkfast.Levels] = None
    count = 0
    async for samples, levels in lkfast.audio_arrays(stream, "float32", levels=True):
        # samples: float32 in [-1, 1), shape (480, 1) per 10 ms: what VAD and STT models take
        last, count = levels, count + 1
        if count % 50 == 0:
            log.info("audio from %s: %d samples, RMS %.1f dBFS, peak %.1f dBFS", track.sid,
                     len(samples), levels.rms_dbfs[0], levels.peak_dbfs[0])
        if frames is not None and count >= frames:
            break  # audio_arrays closes the stream
    return last


async def watch_video(track: rtc.Track, frames: Optional[int] = None) -> Optional[np.ndarray]:
    """Read a track's video as BGR24 ``(height, width, 3)`` arrays, OpenCV's layout.

    Logs once per second. Returns the last image after ``frames`` frames (None: until the
    track ends or the task is cancelled).
    """
    stream = rtc.VideoStream(track)
    last: Optional[np.ndarray] = None
    count = 0
    async for image, timestamp_us in lkfast.video_arrays(stream, "BGR24"):
        # image: uint8 (h, w, 3), B G R; hand it to cv2 or a model. Copy it to keep it.
        last, count = image.copy(), count + 1
        if count % FPS == 0:
            b, g, r = (int(c) for c in image[image.shape[0] // 2, image.shape[1] // 2])
            log.info("video from %s: %dx%d at %d us, centre (r, g, b) = (%d, %d, %d)",
                     track.sid, image.shape[1], image.shape[0], timestamp_us, r, g, b)
        if frames is not None and count >= frames:
            break
    return last


def watch_remote_tracks(room: rtc.Room) -> set[asyncio.Task[object]]:
    """On every subscribed track, start ``watch_audio`` or ``watch_video``; returns the tasks
    (kept referenced: asyncio holds only weak references to running tasks)."""
    tasks: set[asyncio.Task[object]] = set()

    @room.on("track_subscribed")
    def on_track_subscribed(track: rtc.Track, publication: rtc.RemoteTrackPublication,
                            participant: rtc.RemoteParticipant) -> None:
        task: asyncio.Task[object]
        if track.kind == rtc.TrackKind.KIND_AUDIO:
            task = asyncio.ensure_future(watch_audio(track))
        elif track.kind == rtc.TrackKind.KIND_VIDEO:
            task = asyncio.ensure_future(watch_video(track))
        else:
            return
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return tasks
