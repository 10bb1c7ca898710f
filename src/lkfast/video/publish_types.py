"""The LiveKit buffer types a :class:`~lkfast.video.publisher.VideoPublisher` captures, and its
pooled frames of one type.

What ``VideoSource.capture_frame`` does with each type (livekit 1.1.21 and 1.2.1, measured in
loopback ``VideoSource -> LocalVideoTrack -> VideoStream``):

* I420: taken as it is (the cheapest capture).
* I422, I444: taken and delivered as themselves (full chroma kept to the encoder).
* I420A: taken as I420, alpha dropped.
* RGBA, BGRA, ARGB, ABGR, RGB24: converted to I420 by LiveKit inside every capture (libyuv's
  arithmetic, the same bytes lkfast's RGB -> I420 gives); the first frame of a new track may
  arrive blank.
* I010: taken, but LiveKit's stream cannot convert it ("failed to convert video frame"):
  nothing is ever delivered. Refused.
* NV12: taken, then LiveKit panics when a stream or encoder reads it, killing the process.
  Refused.
"""

from __future__ import annotations

import threading
from typing import Any, Literal, Optional, Union, cast

import numpy as np
from livekit import rtc

from lkfast.video.conversion import convert
from lkfast.video.formats import BUFFER_TYPES, FormatLike, FormatName, byte_size, parse_format
from lkfast.video.frames import I420Fitter
from lkfast.video.scaling import Colour, FitName

#: ``VideoPublisher(fit=...)``: raise on frames of another size, or how to scale them.
FitOption = Union[Literal["error"], FitName]
#: The types ``VideoPublisher(buffer_type=...)`` publishes as.
CAPTURE_TYPES: tuple[FormatName, ...] = ("I420", "I420A", "I422", "I444", "RGBA", "BGRA",
                                         "ARGB", "ABGR", "RGB24")
_REFUSED = {
    "I010": "LiveKit takes an I010 capture but its stream cannot convert it, so nothing is "
            "ever delivered",
    "NV12": "LiveKit aborts the whole process (a Rust panic) when a captured NV12 frame is "
            "read by a stream or an encoder",
    "BGR24": "LiveKit has no BGR24 buffer type",
}


def capture_type(buffer_type: FormatLike) -> FormatName:
    """The format name of ``buffer_type`` if a publisher can capture it.

    Raises:
        ValueError: an unknown type, or one LiveKit cannot take through ``capture_frame``
            (I010, NV12), naming why.
    """
    fmt = parse_format(buffer_type, "buffer_type")
    if fmt not in CAPTURE_TYPES:
        raise ValueError(f"buffer_type={fmt} cannot be published: {_REFUSED[fmt]}; use one "
                         f"of {', '.join(CAPTURE_TYPES)} (lkfast converts {fmt} input to it)")
    return fmt


class FrameSlot:
    """One pooled frame of a capture type: its bytes, a numpy view for the kernels, the
    ``rtc.VideoFrame`` over the same bytes (LiveKit copies it at capture)."""

    __slots__ = ("data", "array", "frame")

    def __init__(self, width: int, height: int, fmt: FormatName = "I420") -> None:
        self.data = bytearray(byte_size(fmt, width, height))
        self.array = np.frombuffer(self.data, dtype=np.uint8)
        self.frame = rtc.VideoFrame(width, height, cast(Any, BUFFER_TYPES[fmt]), self.data)


class FrameWriter:
    """Writes frames of any format into frames of one capture type and size.

    Args:
        fmt: the capture type.
        size: ``(width, height)`` of the frames written.
        fitter: scales frames of another size to ``size`` (into I420), or None.
    """

    def __init__(self, fmt: FormatName, size: tuple[int, int],
                 fitter: Optional[I420Fitter]) -> None:
        self.format = fmt
        self.size = size
        self.fitter = fitter
        self._scratch: Optional[np.ndarray] = None  # the fitter's I420, when fmt is not I420
        self._lock = threading.Lock()

    def resizes(self, w: int, h: int) -> bool:
        """Whether a ``w x h`` frame is scaled (it has another size).

        Raises:
            ValueError: another size and no ``fit``.
        """
        if (w, h) == self.size:
            return False
        if self.fitter is None:
            raise ValueError(f"the frame is {w}x{h} but the publisher sends {self.size[0]}x"
                             f"{self.size[1]} (the source's size): resize it, or give the "
                             f"publisher fit='letterbox', 'crop' or 'stretch'")
        return True

    def write(self, view: Any, w: int, h: int, fmt: FormatName, out: np.ndarray,
              fit: bool) -> None:
        """Write the ``w x h`` frame of ``fmt`` in ``view`` into ``out``: scaled by the fitter
        if ``fit`` (through I420: alpha becomes 255), else copied (same format) or converted,
        on this thread."""
        dst = self.format
        if fit and self.fitter is not None:
            if dst == "I420":
                self.fitter.fit(view, w, h, fmt, out)
                return
            width, height = self.size
            with self._lock:  # one scratch frame: set_frame may run on several threads
                scratch = self._scratch
                if scratch is None:
                    scratch = self._scratch = np.empty(byte_size("I420", width, height),
                                                       np.uint8)
                self.fitter.fit(view, w, h, fmt, scratch)
                convert(scratch, width, height, "I420", dst, out=out, threads=1)
        elif fmt == dst:  # a plain copy (memcpy speed)
            np.copyto(out, np.frombuffer(view, dtype=np.uint8))
        else:
            convert(view, w, h, fmt, dst, out=out, threads=1)


def make_writer(fmt: FormatName, size: tuple[int, int], fit: str,
                background: Colour) -> FrameWriter:
    """A writer to ``fmt`` frames of ``size``, scaling as ``fit`` says (``"error"``: none)."""
    fitter = I420Fitter(size, cast(FitName, fit), background) if fit != "error" else None
    return FrameWriter(fmt, size, fitter)


__all__ = ["CAPTURE_TYPES", "FitOption", "FrameSlot", "FrameWriter", "capture_type", "make_writer"]
