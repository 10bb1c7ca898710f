"""Received audio as numpy arrays: ``rtc.AudioStream`` frames to ``(samples, channels)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Union

import numpy as np
from livekit import rtc

from lkfast._core.results import Levels
from lkfast.audio._levels import levels as measure_levels
from lkfast.audio._pcm import int16_to_float32

_DTYPES = {"float32": np.float32, "int16": np.int16}


def audio_arrays(stream: Any, dtype: Any = "float32", *,
                 levels: bool = False) -> AsyncIterator[Any]:
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
    return _arrays(stream, name == "float32", levels)


async def _arrays(stream: Any, as_float: bool,
                  with_levels: bool) -> AsyncIterator[Union[np.ndarray, tuple[np.ndarray, Levels]]]:
    try:
        async for item in stream:
            frame = item.frame if isinstance(item, rtc.AudioFrameEvent) else item
            if not isinstance(frame, rtc.AudioFrame):
                raise TypeError(f"the stream yielded {type(item).__name__}, not an "
                                f"rtc.AudioFrameEvent or rtc.AudioFrame")
            count = frame.samples_per_channel * frame.num_channels
            samples = np.frombuffer(frame.data, dtype=np.int16, count=count)
            samples = samples.reshape(frame.samples_per_channel, frame.num_channels)
            array = int16_to_float32(samples) if as_float else samples
            if with_levels:
                yield array, measure_levels(samples)
            else:
                yield array
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
