"""Sample buffers for the pure-Python references: the checks the compiled kernels make.

Inputs are read through ``memoryview`` (format ``'h'``, ``'f'`` or ``'d'``), outputs are
``array.array`` unless the caller passes ``out``; nothing here uses numpy.
"""

from __future__ import annotations

import array
from typing import Any, Optional

from livekit import rtc

from lkfast._core.checks import MAX_CHANNELS, check_channels_for
from lkfast._core.views import buffer_view
from lkfast.audio.reference._buffers import _NAMES, _code

_KIND_NAMES = {"h": "int16", "f": "float32", "d": "float64"}
_ITEMSIZE = {"h": 2, "f": 4, "d": 8}


class Samples:
    """Flat samples of one kind, with their channel layout.

    Attributes:
        values: the samples as a list (a copy: writing ``out`` cannot change them).
        code: ``'h'`` (int16), ``'f'`` (float32) or ``'d'`` (float64).
        channels: channels of the interleaved layout (1 unless asked for).
    """

    def __init__(self, values: list, code: str, channels: int) -> None:
        self.values = values
        self.code = code
        self.channels = channels

    @property
    def frames(self) -> int:
        """Samples per channel."""
        return len(self.values) // self.channels


def _flat(obj: Any, name: str, codes: str, writable: bool) -> tuple[memoryview, int, str]:
    """A flat view of ``obj``'s samples, the channels of a frame (else 0), and their code."""
    frame_channels, limit = 0, -1
    if isinstance(obj, rtc.AudioFrame):
        frame_channels = obj.num_channels
        limit = obj.samples_per_channel * obj.num_channels
        obj = obj.data
    view = buffer_view(obj, name, writable)
    if view.format[:1] in (">", "!"):
        raise TypeError(f"{name} holds big-endian samples (format {view.format!r}); convert "
                        f"them to native byte order")
    code = _code(view.format)
    if code in ("B", "b", "c") and view.itemsize == 1 and view.ndim <= 1:
        if "h" in codes and view.nbytes % 2:
            raise ValueError(f"{name} holds {view.nbytes} bytes, not a whole number of int16 "
                             f"samples")
        code = "h" if "h" in codes else code
    elif code not in _ITEMSIZE or view.itemsize != _ITEMSIZE[code]:
        code = "?" + code
    if code not in codes:
        wanted = " or ".join(f"`{_KIND_NAMES[c]}`" for c in codes)
        got = _NAMES.get(code.lstrip("?"), view.format)
        raise TypeError(f"Expected {name} with dtype {wanted} but got `{got}`")
    raw = view.cast("B") if view.nbytes else memoryview(bytearray() if writable else b"")
    flat = raw.cast(code)  # type: ignore[call-overload]
    if 0 <= limit < len(flat):
        flat = flat[:limit]
    return flat, frame_channels, code


def get_samples(obj: Any, name: str, codes: str, *, layout: bool = False,
                num_channels: Optional[object] = None) -> Samples:
    """Read ``obj`` (a buffer of one of ``codes``, or an ``rtc.AudioFrame``).

    With ``layout``, the channels come from the frame, the second axis of a 2-D buffer, or
    ``num_channels`` (default 1), as in the compiled kernels.
    """
    flat, frame_channels, code = _flat(obj, name, codes, False)
    values = flat.tolist()
    if not layout:
        return Samples(values, code, frame_channels or 1)
    view = memoryview(obj.data if isinstance(obj, rtc.AudioFrame) else obj)
    if frame_channels:
        nch = frame_channels
        if num_channels is not None and check_channels_for("num_channels", num_channels) != nch:
            raise ValueError(f"num_channels={num_channels!r} but the frame has {nch} channels")
    elif view.ndim == 2:
        rows, nch = view.shape  # type: ignore[misc]
        if not 1 <= nch <= MAX_CHANNELS:
            raise ValueError(f"{name} has {nch} channels (shape ({rows}, {nch})); 1 to "
                             f"{MAX_CHANNELS} are supported")
        if num_channels is not None and check_channels_for("num_channels", num_channels) != nch:
            raise ValueError(f"num_channels={num_channels!r} but {name} has shape "
                             f"({rows}, {nch}): {nch} channels")
    elif view.ndim > 2:
        raise ValueError(f"{name} must be 1-D interleaved or 2-D (samples, channels), got "
                         f"{view.ndim} dimensions")
    else:
        nch = 1 if num_channels is None else check_channels_for("num_channels", num_channels)
    if len(values) % nch:
        raise ValueError(f"{name} holds {len(values)} samples, not a whole number of "
                         f"{nch}-channel groups")
    return Samples(values, code, nch)


def get_output(out: Any, code: str, count: int) -> tuple[Any, memoryview]:
    """``(result, flat view)``: ``out`` checked (writable, ``code``, ``count`` samples), or a new
    zeroed ``array.array``."""
    if out is None:
        result: Any = array.array(code, bytes(count * _ITEMSIZE[code]))
        return result, memoryview(result)
    flat, _, _ = _flat(out, "out", code, True)
    if len(flat) != count:
        raise ValueError(f"out holds {len(flat)} samples, the result has {count}")
    return out, flat
