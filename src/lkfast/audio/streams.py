"""Received audio as numpy arrays: ``rtc.AudioStream`` frames to ``(samples, channels)``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, Optional, Union

import numpy as np
from livekit import rtc

from lkfast._core.checks import check_num_channels
from lkfast._core.results import Levels
from lkfast.audio._channels import remix
from lkfast.audio._levels import levels as measure_levels
from lkfast.audio._pcm import int16_to_float32
from lkfast.audio.resample_quality import check_rate
from lkfast.audio.resampler import AudioResampler

_DTYPES = {"float32": np.float32, "int16": np.int16}


def audio_arrays(stream: Any, dtype: Any = "float32", *, levels: bool = False,
                 sample_rate: Optional[int] = None,
                 num_channels: Optional[int] = None) -> AsyncIterator[Any]:
    """Iterate over a stream's frames as numpy arrays of shape ``(samples, channels)``.

    ``float32`` (÷ 32768, in [-1, 1)) is what VAD and STT models take; ``int16`` is a view
    over the frame's own memory, with no copy. When the consumer stops (``break``, an
    exception, or the iterator is dropped) the stream is closed; ``contextlib.aclosing`` makes
    that immediate rather than at the iterator's garbage collection.

    Args:
        stream: an ``rtc.AudioStream``, or any async iterable of ``rtc.AudioFrameEvent`` or
            ``rtc.AudioFrame`` (closed with its ``aclose()`` if it has one).
        dtype: ``"float32"`` or ``"int16"`` (or the numpy dtypes).
        levels: also yield each frame's :class:`lkfast.Levels` (RMS and peak dBFS per
            channel), as ``(array, levels)`` pairs.
        sample_rate: Hz the arrays should have (e.g. 16000 for STT); frames at another rate go
            through one :class:`lkfast.AudioResampler` ("high") for the whole stream, so the
            audio is continuous across frames (arrays then have the resampler's output per
            frame, possibly empty; its tail comes when the stream ends). None: as received.
        num_channels: channels the arrays should have (mono <-> N via :func:`lkfast.remix`,
            before resampling). None: as received.

    Returns:
        An async iterator of arrays, or of ``(array, Levels)`` pairs with ``levels=True``.

    Raises:
        TypeError: ``stream`` is not async-iterable. ValueError: unsupported ``dtype``.
    """
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = repr(dtype)
    if name not in _DTYPES:
        raise ValueError(f"dtype must be 'float32' or 'int16', got {dtype!r}")
    if not hasattr(stream, "__aiter__"):
        raise TypeError(f"stream must be an rtc.AudioStream or an async iterable of frames, got "
                        f"{type(stream).__name__}")
    rate = None if sample_rate is None else check_rate("sample_rate", sample_rate)
    channels = None if num_channels is None else check_num_channels(num_channels)
    if rate is not None or channels is not None:
        return _converted(stream, name == "float32", levels, rate, channels)
    return _arrays(stream, name == "float32", levels)


async def _converted(stream: Any, as_float: bool, with_levels: bool, rate: Optional[int],
                     channels: Optional[int]) -> AsyncIterator[Any]:
    resampler: Optional[AudioResampler] = None
    fmt: tuple[int, int] = (0, 0)

    def emit(samples: np.ndarray) -> Any:
        array = int16_to_float32(samples) if as_float else samples
        return (array, measure_levels(samples)) if with_levels else array

    source = _samples(stream)
    try:
        async for samples, src_rate in source:
            if channels is not None and samples.shape[1] != channels:
                samples = remix(samples, channels)
            ch = samples.shape[1]
            if rate is None or src_rate == rate:
                yield emit(samples)
                continue
            if resampler is None or fmt != (src_rate, ch):
                if resampler is not None:
                    yield emit(resampler.flush_array())
                resampler = AudioResampler(src_rate, rate, ch)
                fmt = (src_rate, ch)
            yield emit(resampler.push_array(np.ascontiguousarray(samples)))
    finally:
        await source.aclose()
    if resampler is not None:
        yield emit(resampler.flush_array())


async def _arrays(stream: Any, as_float: bool,
                  with_levels: bool) -> AsyncIterator[Union[np.ndarray, tuple[np.ndarray, Levels]]]:
    source = _samples(stream)
    try:
        async for samples, _ in source:
            array = int16_to_float32(samples) if as_float else samples
            if with_levels:
                yield array, measure_levels(samples)
            else:
                yield array
    finally:
        await source.aclose()  # closes the stream now, not at garbage collection


async def _samples(stream: Any) -> AsyncGenerator[tuple[np.ndarray, int], None]:
    """Each frame's int16 samples (a view, ``(samples, channels)``) and its rate; closes the
    stream at the end."""
    try:
        async for item in stream:
            frame = item.frame if isinstance(item, rtc.AudioFrameEvent) else item
            if not isinstance(frame, rtc.AudioFrame):
                raise TypeError(f"the stream yielded {type(item).__name__}, not an "
                                f"rtc.AudioFrameEvent or rtc.AudioFrame")
            count = frame.samples_per_channel * frame.num_channels
            samples = np.frombuffer(frame.data, dtype=np.int16, count=count)
            yield samples.reshape(frame.samples_per_channel, frame.num_channels), frame.sample_rate
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
