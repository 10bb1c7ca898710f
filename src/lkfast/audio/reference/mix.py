"""Pure-Python twin of :func:`lkfast.mix`: sample by sample, no numpy."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from lkfast._core.checks import check_mix_args
from lkfast.audio.reference._samples import Samples, get_output, get_samples
from lkfast.audio.reference.gain import to_float32
from lkfast.audio.reference.pcm import saturate


def mix(streams: Sequence[Any], gains: Optional[Sequence[float]] = None, *,
        out: Optional[Any] = None, clip: bool = False) -> Any:
    """``sum_k streams[k][i] * gains[k]`` in double, stream order; int16 rounds half to even and
    saturates, float32 rounds once (clamped to [-1, 1] first with ``clip``)."""
    items, values = check_mix_args(streams, gains, clip)
    read: list[Samples] = []
    for k, obj in enumerate(items):
        s = get_samples(obj, f"streams[{k}]", "hf")
        if read and s.code != read[0].code:
            kind = "int16" if read[0].code == "h" else "float32"
            raise TypeError(f"streams[0] holds {kind} samples but streams[{k}] does not; all "
                            f"streams need one dtype")
        if read and len(s.values) != len(read[0].values):
            raise ValueError(f"streams[0] holds {len(read[0].values)} samples but streams[{k}] "
                             f"holds {len(s.values)}; all streams need the same length")
        read.append(s)
    g: list[float] = values if values is not None else [1.0] * len(read)
    code = read[0].code
    result, dst = get_output(out, code, len(read[0].values))
    for i in range(len(read[0].values)):
        acc = read[0].values[i] * g[0]
        for k in range(1, len(read)):
            acc += read[k].values[i] * g[k]
        if code == "h":
            dst[i] = saturate(acc)
            continue
        if clip:
            acc = -1.0 if acc < -1.0 else acc
            acc = 1.0 if acc > 1.0 else acc
        dst[i] = to_float32(acc)  # type: ignore[call-overload]  # a float into format 'f'
    return result
