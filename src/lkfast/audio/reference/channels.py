"""Pure-Python twins of :func:`lkfast.interleave`, :func:`lkfast.deinterleave` and
:func:`lkfast.remix`."""

from __future__ import annotations

from typing import Any, Optional

from livekit import rtc

from lkfast._core.checks import MAX_CHANNELS, check_channels_for
from lkfast.audio.reference._samples import get_output, get_samples


def interleave(planes: Any, out: Optional[Any] = None) -> Any:
    """Per-channel samples (a 2-D ``(channels, samples)`` buffer or a sequence of 1-D buffers)
    to interleaved L0 R0 L1 R1 ..."""
    try:
        view: Optional[memoryview] = (None if isinstance(planes, rtc.AudioFrame)
                                      else memoryview(planes))
    except TypeError:
        view = None
    if view is not None:
        whole = get_samples(planes, "planes", "hf")
        if view.ndim != 2:
            raise ValueError("planes must be a 2-D array (num_channels, samples) or a sequence "
                             "of 1-D channel buffers")
        nch, n = view.shape  # type: ignore[misc]
        if not 1 <= nch <= MAX_CHANNELS:
            raise ValueError(f"planes has {nch} channels (shape ({nch}, {n})); 1 to "
                             f"{MAX_CHANNELS} are supported")
        rows = [whole.values[c * n : (c + 1) * n] for c in range(nch)]
        code = whole.code
    else:
        if isinstance(planes, (str, bytes, rtc.AudioFrame)) or not hasattr(planes, "__len__"):
            raise TypeError(f"planes must be a 2-D array (num_channels, samples) or a sequence "
                            f"of 1-D channel buffers, got {type(planes).__name__}")
        nch = check_channels_for("len(planes)", len(planes))
        rows, code = [], ""
        for c in range(nch):
            name = f"planes[{c}]"
            plane = get_samples(planes[c], name, "hf")
            if memoryview(planes[c]).ndim > 1:
                raise ValueError(f"{name} must be 1-D, got {memoryview(planes[c]).ndim} "
                                 f"dimensions")
            code = code or plane.code
            if plane.code != code:
                kind = "int16" if code == "h" else "float32"
                raise TypeError(f"planes[0] holds {kind} samples but {name} does not; all "
                                f"channels need one dtype")
            if rows and len(plane.values) != len(rows[0]):
                raise ValueError(f"planes[0] holds {len(rows[0])} samples but {name} holds "
                                 f"{len(plane.values)}; all channels need the same length")
            rows.append(plane.values)
        n = len(rows[0])
    result, dst = get_output(out, code, n * nch)
    for c, row in enumerate(rows):
        for i, x in enumerate(row):
            dst[i * nch + c] = x
    return result


def deinterleave(src: Any, num_channels: Optional[int] = None, out: Optional[Any] = None) -> Any:
    """Interleaved samples to one contiguous plane per channel: ``(channels, samples)``."""
    samples = get_samples(src, "src", "hf", layout=True, num_channels=num_channels)
    nch, n = samples.channels, samples.frames
    result, dst = get_output(out, samples.code, n * nch)
    for i, x in enumerate(samples.values):
        dst[(i % nch) * n + i // nch] = x
    return result


def remix(src: Any, out_channels: int, num_channels: Optional[int] = None,
          out: Optional[Any] = None) -> Any:
    """Mono -> N duplicates, N -> mono averages (int16: round half to even), N -> N copies."""
    to = check_channels_for("out_channels", out_channels)
    samples = get_samples(src, "src", "hf", layout=True, num_channels=num_channels)
    nch, n, values = samples.channels, samples.frames, samples.values
    if nch != to and nch != 1 and to != 1:
        raise ValueError(f"remix from {nch} to {to} channels is not supported: mono -> N "
                         f"duplicates, N -> mono averages, N -> N copies")
    result, dst = get_output(out, samples.code, n * to)
    for i in range(n):
        if nch == to:
            for c in range(nch):
                dst[i * nch + c] = values[i * nch + c]
        elif nch == 1:
            for c in range(to):
                dst[i * to + c] = values[i]
        else:
            total = 0.0 if samples.code == "f" else 0
            for c in range(nch):
                total += values[i * nch + c]
            mean = total / nch  # exact or correctly rounded; never across a .5 boundary
            dst[i] = mean if samples.code == "f" else round(mean)  # type: ignore[assignment]
    return result
