"""The frames a :class:`~lkfast.video.publisher.VideoPublisher` takes and the I420 frames it
keeps: what ``set_frame`` accepts, and one pooled LiveKit frame."""

from __future__ import annotations

import threading
from typing import Any, Optional, cast

import numpy as np
from livekit import rtc

from lkfast.video.conversion import convert
from lkfast.video.formats import (
    BUFFER_TYPES,
    BYTES_PER_PIXEL,
    FormatLike,
    FormatName,
    byte_size,
    check_size,
    parse_format,
)
from lkfast.video.scale import scale_i420
from lkfast.video.scaling import Colour, FitName

#: What ``set_frame`` and a producer take: an ``rtc.VideoFrame``, an ``(h, w, 3|4)`` uint8
#: array, or any buffer (with its format).
FrameLike = Any

_DEFAULT_ARRAY_FORMATS: dict[int, FormatName] = {3: "RGB24", 4: "RGBA"}
_I420 = BUFFER_TYPES["I420"]


class I420Slot:
    """One pooled I420 frame: its bytes, a numpy view for the kernels, the ``rtc.VideoFrame``
    over the same bytes (LiveKit copies it at capture)."""

    __slots__ = ("data", "array", "frame")

    def __init__(self, width: int, height: int) -> None:
        self.data = bytearray(byte_size("I420", width, height))
        self.array = np.frombuffer(self.data, dtype=np.uint8)
        self.frame = rtc.VideoFrame(width, height, cast(Any, _I420), self.data)


class I420Fitter:
    """Scales frames of another size into I420 frames of one size, as ``fit`` says.

    Args:
        size: ``(width, height)`` of the frames written, pixels.
        fit: ``"stretch"``, ``"letterbox"`` or ``"crop"`` (:func:`lkfast.scale_i420`).
        background: the letterbox bars' colour, ``(r, g, b)`` 0-255.
    """

    def __init__(self, size: tuple[int, int], fit: FitName, background: Colour) -> None:
        self._width, self._height = size
        self._fit = fit
        self._background = background
        self._scratch: Optional[np.ndarray] = None  # I420 at a frame's own size, to scale
        self._lock = threading.Lock()

    def fit(self, view: Any, w: int, h: int, fmt: FormatName, out: np.ndarray) -> None:
        """Convert ``view`` (``w x h`` of ``fmt``) to I420 at its own size unless it is I420,
        then scale it into ``out``. Safe from any thread (one scratch frame, locked)."""
        with self._lock:  # one scratch frame, reused while the size stays
            source: Any = view
            if fmt != "I420":
                scratch = self._scratch
                if scratch is None or scratch.nbytes != byte_size("I420", w, h):
                    scratch = self._scratch = np.empty(byte_size("I420", w, h), np.uint8)
                convert(view, w, h, fmt, "I420", out=scratch, threads=1)
                source = scratch
            scale_i420(source, w, h, self._width, self._height, fit=self._fit,
                       background=self._background, out=out)


def write_i420(view: Any, w: int, h: int, fmt: FormatName, out: np.ndarray,
               fitter: Optional[I420Fitter]) -> None:
    """Write the ``w x h`` frame of ``fmt`` in ``view`` into ``out`` as I420: scaled by
    ``fitter`` if given, else copied (I420) or converted at the same size, on this thread."""
    if fitter is not None:
        fitter.fit(view, w, h, fmt, out)
    elif fmt == "I420":  # a plain copy (memcpy speed)
        np.copyto(out, np.frombuffer(view, dtype=np.uint8))
    else:
        convert(view, w, h, fmt, "I420", out=out, threads=1)


def frame_source(frame: FrameLike, format: Optional[FormatLike], width: Optional[int],
                 height: Optional[int], size: tuple[int, int]) -> tuple[Any, int, int, FormatName]:
    """The pixels, width, height and format of anything ``set_frame`` takes.

    Args:
        frame, format, width, height: as ``VideoPublisher.set_frame`` takes them.
        size: ``(width, height)`` of a plain buffer given without ``width``/``height``.

    Raises:
        TypeError: an unsupported kind of frame, a wrong dtype, a missing format.
        ValueError: a format or size that contradicts the frame.
    """
    if isinstance(frame, rtc.VideoFrame):
        if width is not None or height is not None:
            raise TypeError("width and height come from the rtc.VideoFrame; do not pass them")
        fmt = parse_format(frame.type, "frame.type")
        if format is not None and parse_format(format) != fmt:
            raise ValueError(f"format={format!r} but the rtc.VideoFrame holds {fmt}")
        return frame.data, frame.width, frame.height, fmt
    if isinstance(frame, np.ndarray) and frame.ndim == 3:
        if frame.dtype != np.uint8:
            raise TypeError(f"Expected numpy array with dtype `uint8` but got `{frame.dtype}`")
        h, w, channels = frame.shape
        if format is None:
            if channels not in _DEFAULT_ARRAY_FORMATS:
                raise ValueError(f"an array of shape (h, w, {channels}) is no image: use "
                                 f"(h, w, 3) for RGB24 or (h, w, 4) for RGBA")
            fmt = _DEFAULT_ARRAY_FORMATS[channels]
        else:
            fmt = parse_format(format)
            if BYTES_PER_PIXEL.get(fmt) != channels:
                raise ValueError(f"an array of shape (h, w, {channels}) cannot hold {fmt}")
        for name, given, actual in (("width", width, w), ("height", height, h)):
            if given is not None and given != actual:
                raise ValueError(f"{name}={given} but the array's shape gives {actual}")
        w, h = check_size(w, h)
        if not frame.flags.c_contiguous:
            frame = np.ascontiguousarray(frame)
        return frame, w, h, fmt
    if isinstance(frame, (str, int, float)) or frame is None:
        raise TypeError(f"frame must be an rtc.VideoFrame, a numpy array or a buffer, got "
                        f"{type(frame).__name__}")
    if format is None:
        raise TypeError(f"a {type(frame).__name__} holds no format: pass format= (e.g. "
                        f"'RGBA' or 'I420')")
    fmt = parse_format(format)
    w, h = size if width is None and height is None else check_size(width, height)
    return frame, w, h, fmt
