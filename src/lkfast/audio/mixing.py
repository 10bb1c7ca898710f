"""Mixing: the weighted sum of equal-length sample buffers, with int16 rounding and saturation.

The kernel is compiled (``lkfast.audio._mix``, in a baseline and an AVX2 build chosen at
import); its pure-Python twin is :func:`lkfast.reference.mix`.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from lkfast._core.checks import check_mix_args, check_mix_streams
from lkfast._core.variants import load

_kernel = load("lkfast.audio._mix")

__all__ = ["mix"]


def mix(streams: Sequence[Any], gains: Optional[Sequence[float]] = None, *,
        out: Optional[Any] = None, clip: bool = False) -> Any:
    """Sum ``streams``, each times its gain: ``out[i] = sum_k streams[k][i] * gains[k]``.

    The products are summed in double precision in stream order, starting from stream 0's.
    int16: the sum is rounded to nearest, ties to even (as Python's ``round``), and saturated
    to [-32768, 32767]. float32: the sum is rounded once to float32; ``clip=True`` clamps it
    to [-1, 1] first (NaN stays NaN), otherwise nothing is clipped. The layout is irrelevant
    (element-wise), so interleaved stereo mixes like mono.

    Args:
        streams: 1 to 64 buffers of one dtype, int16 or float32, each with the same number of
            samples: numpy arrays of any shape (C-contiguous), ``rtc.AudioFrame``s, bytes-likes
            (int16).
        gains: one linear gain per stream, finite, within +-1000; default 1 for every stream.
        out: optional writable C-contiguous buffer of the same dtype and sample count (numpy
            array, ``rtc.AudioFrame`` or its ``.data``, bytearray); nothing is allocated then.
            It may be one of the streams (``out=streams[0]`` mixes in place) or overlap any of
            them: the result is as if every stream had been read first.
        clip: float32 only: clamp the sum to [-1, 1]. int16 always saturates.

    Returns:
        ``out``, or a new array shaped like ``streams[0]`` (``(samples, channels)`` for a
        frame).

    Raises:
        TypeError: ``streams`` or ``gains`` is not a sequence, a buffer of another dtype, mixed
            dtypes, ``clip`` not a bool. ValueError: no or more than 64 streams, streams of
            different lengths, a ``gains`` length that is not the stream count, a gain out of
            range or not finite, ``out`` read-only, non-contiguous or of the wrong size.
    """
    if type(streams) is not list and type(streams) is not tuple:
        streams = check_mix_streams(streams)
    if (clip is not False and clip is not True) or (
            gains is not None and type(gains) is not list and type(gains) is not tuple):
        streams, gains = check_mix_args(streams, gains, clip)  # TypeError, or gains as a list
    # The kernel checks the stream count, the gains' count and values, and every buffer.
    return _kernel.mix_buffers(streams, gains, out, clip)
