"""Sample-rate conversion: :func:`resample` (one-shot) and :class:`AudioResampler` (streaming).

Both run the same polyphase Kaiser-windowed-sinc filter (levels and their figures in
:mod:`lkfast.audio.resample_quality`). Output sample k is the signal at time
``k / output_rate`` (the filter's delay is compensated, not emitted as leading silence), and a
stream's concatenated output is identical, sample for sample, however its input was split,
and equals :func:`resample` of the whole input. The stream holds back about ``taps / 2``
input samples (its latency) until :meth:`AudioResampler.flush`.

Samples are int16 or float32, interleaved. Float input is filtered as is (NaN and inf pass
through the filter and spread over about its length plus a block of 16 outputs; exactly which
outputs next to them become NaN can depend on how the input was split, the one exception to
chunk invariance); int16 output is rounded to nearest (ties to even) and saturated, NaN giving 0.
"""

from __future__ import annotations

from typing import Any, Union

import numpy as np
from livekit import rtc

from lkfast._core.checks import check_channels_for
from lkfast._core.variants import load
from lkfast.audio._pcm import float_to_int16
from lkfast.audio.resample_quality import Plan, blocks, output_length, plan

_kernel = load("lkfast.audio._resample")
_DTYPES = {"int16": True, "float32": False}


_tables: dict[Plan, tuple[np.ndarray, Any]] = {}


def _table(p: Plan) -> tuple[np.ndarray, Any]:
    """The plan's coefficient table and its blocked form (or None), designed once per process
    (at most 64 kept)."""
    found = _tables.get(p)
    if found is None:
        if len(_tables) >= 64:
            _tables.clear()
        table = _kernel.design(p.taps, p.rows, p.phases, p.cutoff, p.beta)
        found = _tables[p] = (table, None if p.interpolate else blocks(table, p.up, p.down))
    return found


def _check_dtype(dtype: Any) -> bool:
    """True for int16, False for float32."""
    try:
        name = np.dtype(dtype).name
    except TypeError:
        raise TypeError(f"dtype must be np.int16 or np.float32, got {dtype!r}") from None
    if name not in _DTYPES:
        raise TypeError(f"dtype must be np.int16 or np.float32, got {name}")
    return _DTYPES[name]


class AudioResampler(_kernel.Kernel):  # type: ignore[misc, name-defined]
    """A streaming resampler, a drop-in for ``rtc.AudioResampler`` with numpy methods.

    Args:
        input_rate, output_rate: Hz, integers from 8000 to 192000 (any ratio).
        num_channels: 1 to 8, interleaved.
        quality: ``"quick"``, ``"low"``, ``"medium"``, ``"high"`` or ``"very_high"`` (or an
            ``rtc.AudioResamplerQuality``); see :data:`lkfast.audio.resample_quality.QUALITIES`.
        dtype: ``np.int16`` or ``np.float32``, the samples pushed and returned.

    One instance is one stream; instances are independent and may run in different threads
    (one thread each; the kernel releases the GIL).
    """

    def __init__(self, input_rate: int, output_rate: int, num_channels: int = 1, *,
                 quality: Any = "high", dtype: Any = np.int16) -> None:
        p = plan(input_rate, output_rate, quality)
        channels = check_channels_for("num_channels", num_channels)
        int16 = _check_dtype(dtype)
        table, blocked = _table(p)
        self.setup(table, p.up, p.down, p.phases, p.interpolate, channels, int16,
                   p.input_rate, blocked)
        self._plan = p
        self._channels = channels
        self._dtype = np.dtype(np.int16 if int16 else np.float32)

    #: ``push_array(data) -> ndarray``: append ``data`` (numpy array of the resampler's dtype,
    #: 1-D interleaved or 2-D ``(frames, channels)``; bytes-like; or an int16
    #: ``rtc.AudioFrame`` of the input rate and channels) and return the output it completes,
    #: 1-D interleaved or 2-D like ``data`` (possibly empty). A rejected ``data`` (TypeError,
    #: ValueError) leaves the stream as it was.
    push_array = _kernel.Kernel.push

    def flush_array(self) -> np.ndarray:
        """The rest of the stream (the held-back tail, to ``round(n * output_rate /
        input_rate)`` samples per channel in all), then start a new stream."""
        p = self._plan
        remaining = max(0, output_length(self.frames_in, p.up, p.down) - self.frames_out)
        pad = p.taps + remaining * p.down // p.up + 2
        shape = (pad, self._channels) if self.last_2d else (pad * self._channels,)
        out = _kernel.Kernel.push(self, np.zeros(shape, self._dtype), remaining)
        self.reset()
        return out

    def push(self, data: Union[bytes, bytearray, memoryview, np.ndarray,
                               rtc.AudioFrame]) -> list[rtc.AudioFrame]:
        """Like ``rtc.AudioResampler.push``: the completed output as ``rtc.AudioFrame``s (none
        or one; float32 is converted with :func:`lkfast.float_to_int16`)."""
        return self._frames(self.push_array(data))

    def flush(self) -> list[rtc.AudioFrame]:
        """Like ``rtc.AudioResampler.flush``: the rest of the stream as frames."""
        return self._frames(self.flush_array())

    def _frames(self, out: np.ndarray) -> list[rtc.AudioFrame]:
        if not out.size:
            return []
        if out.dtype != np.int16:
            out = float_to_int16(out)
        spc = out.size // self._channels
        return [rtc.AudioFrame(memoryview(out).cast("B"),  # type: ignore[arg-type]
                               self._plan.output_rate,
                               self._channels, spc)]

    @property
    def input_rate(self) -> int:
        """Input sample rate, Hz."""
        return self._plan.input_rate

    @property
    def output_rate(self) -> int:
        """Output sample rate, Hz."""
        return self._plan.output_rate

    @property
    def num_channels(self) -> int:
        """Channels, interleaved."""
        return self._channels

    @property
    def quality(self) -> str:
        """The quality level's name."""
        return self._plan.quality.name

    @property
    def delay(self) -> int:
        """Input samples per channel held back until more input (or ``flush``) comes."""
        return self._plan.delay

    def __repr__(self) -> str:
        return (f"AudioResampler({self.input_rate}, {self.output_rate}, {self._channels}, "
                f"quality={self.quality!r}, dtype=np.{self._dtype.name})")


def resample(samples: Any, input_rate: int, output_rate: int, *,
             quality: Any = "high") -> np.ndarray:
    """Resample a whole signal.

    Args:
        samples: int16 or float32 numpy array, ``(n,)`` (mono) or ``(n, channels)``
            (1 to 8 channels).
        input_rate, output_rate: Hz, 8000 to 192000.
        quality: as :class:`AudioResampler`.

    Returns:
        A new array of the same dtype and layout with ``round(n * output_rate / input_rate)``
        samples per channel; sample k is the signal at ``k / output_rate`` s (no delay).

    Raises:
        TypeError: not an int16/float32 array. ValueError: bad rates, shape or quality.
    """
    if not isinstance(samples, np.ndarray):
        raise TypeError(f"samples must be an int16 or float32 numpy array, got "
                        f"{type(samples).__name__}")
    if samples.dtype not in (np.int16, np.float32):
        raise TypeError(f"Expected samples with dtype `int16` or `float32` but got "
                        f"`{samples.dtype}`")
    if samples.ndim not in (1, 2):
        raise ValueError(f"samples must be (n,) or (n, channels), got shape {samples.shape}")
    channels = 1 if samples.ndim == 1 else check_channels_for("channels", samples.shape[1])
    r = AudioResampler(input_rate, output_rate, channels, quality=quality, dtype=samples.dtype)
    head = r.push_array(np.ascontiguousarray(samples))
    tail = r.flush_array()
    return np.concatenate([head, tail])
