"""The frames :class:`~lkfast.audio.publisher.AudioPublisher` captures: tones, clips and
chunk streams cut into frames of ``samples_per_channel``, zero-padded to whole 10 ms blocks,
limited to a duration and faded.

Every frame comes with the number of its samples per channel that are audio; the rest of it is
padding (LiveKit drains whole 10 ms blocks, so a shorter tail would stay stuck, and the end of a
longer frame than the samples left would be noise).
"""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator, Iterable
from typing import Any, Optional, Union

import numpy as np
from livekit import rtc

import lkfast.audio.reference.tone
from lkfast.audio._framing import AudioFramer
from lkfast.audio._gain import fade
from lkfast.audio._tone import SineGenerator
from lkfast.audio.rate_input import InputRate

#: A frame to capture and how many of its samples per channel are audio (the rest is padding).
Frame = tuple[rtc.AudioFrame, int]
#: What ``AudioPublisher.play`` takes.
Playable = Union[SineGenerator, "lkfast.audio.reference.tone.SineGenerator", np.ndarray, bytes,
                 bytearray, memoryview, rtc.AudioFrame, AsyncIterator[Any], Iterable[Any]]


class FrameMaker:
    """Makes the frames of one source's format.

    Args:
        rate: sample rate, Hz. channels: channel count.
        spc: samples per channel of a full frame (a whole number of 10 ms blocks).
    """

    __slots__ = ("rate", "channels", "spc", "block", "resamplers")

    def __init__(self, rate: int, channels: int, spc: int) -> None:
        self.rate = rate
        self.channels = channels
        self.spc = spc
        self.block = rate // 100  # LiveKit's 10 ms block, samples per channel
        self.resamplers: dict[int, Any] = {}  # by input rate, reused across plays

    def frames_of(self, what: Any, total: Optional[int],
                  input_rate: Optional[int] = None) -> AsyncIterator[Frame]:
        """Frames of ``samples_per_channel`` for ``what`` (validated here, before playing);
        PCM without a rate of its own is at ``input_rate`` Hz (None: the source's)."""
        input_rate = self.rate if input_rate is None else input_rate
        if isinstance(what, (SineGenerator, lkfast.audio.reference.tone.SineGenerator)):
            if (what.sample_rate, what.num_channels) != (self.rate, self.channels):
                raise ValueError(
                    f"the SineGenerator makes {what.sample_rate} Hz, {what.num_channels} "
                    f"channels; the source takes {self.rate} Hz, {self.channels} channels")
            return self.tone(what, total)
        if isinstance(what, (str, int, float)) or what is None:
            raise TypeError(f"play() takes a SineGenerator, a clip (numpy array, bytes-like, "
                            f"rtc.AudioFrame) or an (async) iterable of PCM chunks, got "
                            f"{type(what).__name__}")
        if isinstance(what, rtc.AudioFrame) and what.sample_rate != self.rate:
            return self.chunks([what], input_rate)
        if isinstance(what, rtc.AudioFrame) or _is_buffer(what):
            clip = (what if isinstance(what, (np.ndarray, bytes, bytearray, rtc.AudioFrame))
                    else np.asarray(memoryview(what)))  # keeps the dtype and shape
            AudioFramer(self.rate, self.channels, self.spc).push(_empty_like(clip))
            nbytes = _clip_nbytes(clip)
            if nbytes % (2 * self.channels):
                raise ValueError(f"the clip holds {nbytes} bytes, not a whole number of "
                                 f"{self.channels}-channel int16 samples")
            return self.chunks(_clip_pieces(clip, self.spc * self.channels), input_rate)
        if hasattr(what, "__aiter__") or isinstance(what, Iterable):
            return self.chunks(what, input_rate)
        raise TypeError(f"play() takes a SineGenerator, a clip (numpy array, bytes-like, "
                        f"rtc.AudioFrame) or an (async) iterable of PCM chunks, got "
                        f"{type(what).__name__}")

    def frame(self, data: bytearray, samples_per_channel: int) -> rtc.AudioFrame:
        return rtc.AudioFrame(data, self.rate, self.channels, samples_per_channel)

    def padded(self, samples: int) -> int:
        """Samples per channel of a frame carrying ``samples``: whole 10 ms blocks."""
        return -(-samples // self.block) * self.block

    async def tone(self, gen: Any, total: Optional[int]) -> AsyncIterator[Frame]:
        """Frames of the generator, ``total`` samples per channel (None: endless); it is
        never run past them, so a next ``play()`` continues the phase."""
        left = total
        while left is None or left > 0:
            n = self.spc if left is None else min(self.spc, left)
            size = self.padded(n)
            data = bytearray(size * self.channels * 2)
            with memoryview(data) as view, view[: n * self.channels * 2] as part:
                gen.fill(part)
            yield self.frame(data, size), n
            if left is not None:
                left -= n

    async def chunks(self, chunks: Any, input_rate: int) -> AsyncIterator[Frame]:
        framer = AudioFramer(self.rate, self.channels, self.spc)
        rates = InputRate(self.rate, self.channels, input_rate, self.resamplers)
        if hasattr(chunks, "__aiter__"):
            async for chunk in chunks:
                for piece in rates.convert(_unwrap(chunk)):
                    for frame in framer.push(piece):
                        yield frame, self.spc
        else:
            for chunk in chunks:
                for piece in rates.convert(_unwrap(chunk)):
                    for frame in framer.push(piece):
                        yield frame, self.spc
        for piece in rates.flush():  # the resampler's tail
            for frame in framer.push(piece):
                yield frame, self.spc
        pending = framer.pending_bytes - framer.pending_bytes % 2  # flush drops half a sample
        valid = -(-pending // (2 * self.channels))  # a partial channel group still plays
        for frame in framer.flush():  # zero-padded to the full frame: trim to 10 ms blocks
            yield self.trimmed(frame, valid), valid

    def trimmed(self, frame: rtc.AudioFrame, valid: int) -> rtc.AudioFrame:
        """``frame`` cut to the 10 ms blocks that hold its first ``valid`` samples per channel,
        with everything after those samples zero."""
        keep = self.padded(valid)
        data = bytearray(memoryview(frame.data).cast("B")[: keep * self.channels * 2])
        end = valid * self.channels * 2
        data[end:] = bytes(len(data) - end)
        return self.frame(data, keep)

    async def limited(self, frames: AsyncIterator[Frame],
                       total: Optional[int]) -> AsyncIterator[Frame]:
        """At most ``total`` samples per channel (None: all), the last frame trimmed."""
        try:
            if total is None:
                async for item in frames:
                    yield item
                return
            left = total
            if left <= 0:
                return
            async for frame, valid in frames:
                if valid >= left:
                    cut = valid > left or frame.samples_per_channel > self.padded(left)
                    yield (self.trimmed(frame, left) if cut else frame), left
                    return
                yield frame, valid
                left -= valid
        finally:
            await frames.aclose()  # type: ignore[attr-defined]

    async def faded(self, frames: AsyncIterator[Frame], fade_in: int,
                     fade_out: int) -> AsyncIterator[Frame]:
        """Fade-in over the first ``fade_in`` samples, fade-out over the last ``fade_out``
        (frames are held back until ``fade_out`` samples follow them)."""
        pos = 0
        held: collections.deque[Frame] = collections.deque()
        held_samples = 0
        try:
            async for frame, valid in frames:
                if pos < fade_in:
                    fade(frame, fade_in, "in", start=pos, out=frame)
                pos += valid
                if not fade_out:
                    yield frame, valid
                    continue
                held.append((frame, valid))
                held_samples += valid
                while held_samples - held[0][1] >= fade_out:
                    item = held.popleft()
                    held_samples -= item[1]
                    yield item
            j = fade_out - held_samples  # fade position of the first held sample
            for frame, valid in held:
                fade(frame, fade_out, "out", start=j, out=frame)
                j += valid
                yield frame, valid
        finally:
            await frames.aclose()  # type: ignore[attr-defined]



def _unwrap(chunk: Any) -> Any:
    """A chunk of a stream; ``rtc.AudioStream`` yields frame events."""
    return chunk.frame if isinstance(chunk, rtc.AudioFrameEvent) else chunk


def _is_buffer(obj: Any) -> bool:
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def _empty_like(clip: Any) -> Any:
    """A zero-length piece of ``clip`` with its dtype and shape, to validate it cheaply."""
    if isinstance(clip, np.ndarray):
        return clip[:0] if clip.ndim else clip.reshape(-1)[:0]
    return b""


def _clip_nbytes(clip: Any) -> int:
    if isinstance(clip, rtc.AudioFrame):
        return clip.samples_per_channel * clip.num_channels * 2
    if isinstance(clip, np.ndarray) and clip.dtype.kind == "f":
        return clip.size * 2  # as int16
    return memoryview(clip).nbytes


def _clip_pieces(clip: Any, samples: int) -> Iterable[Any]:
    """``clip`` in pieces of ``samples`` (all channels), without copying it."""
    if isinstance(clip, rtc.AudioFrame):
        clip = np.frombuffer(clip.data, dtype=np.int16)[: clip.samples_per_channel
                                                          * clip.num_channels]
    if isinstance(clip, np.ndarray):
        flat = clip.reshape(-1) if clip.flags.c_contiguous else np.ascontiguousarray(clip).ravel()
        return (flat[i : i + samples] for i in range(0, flat.size, samples))
    view = memoryview(clip).cast("B")
    step = 2 * samples
    return (view[i : i + step] for i in range(0, view.nbytes, step))
