"""Geometry and filter taps of I420 scaling, shared by the kernel and its pure-Python twin.

Each axis is resampled separately with integer weights that sum to exactly ``1 << WEIGHT_BITS``:

* shrinking: the area average (a box filter, like OpenCV's ``INTER_AREA`` and libyuv's
  ``kFilterBox``): output pixel ``i`` covers source pixels ``[i * s / d, (i + 1) * s / d)`` and
  each source pixel weighs the length it overlaps. Halving a size averages pairs, so a 2x2
  reduction is libyuv's ``(a + b + c + d + 2) >> 2``.
* enlarging (and equal sizes): bilinear between the two source pixels around the output pixel's
  centre (``(i + 0.5) * s / d - 0.5``), clamped at the edges; equal sizes copy.

A plane is filtered vertically first into rows of 8.8 fixed point, ``(sum(wy * src) + 32) >>
6``, then horizontally, ``(sum(wx * row) + (1 << 21)) >> 22``: every result is exactly
reproducible in plain integers, a solid colour stays exactly that colour, and no result can
leave 0-255.

Geometry (:func:`fit_rects`): ``"stretch"`` maps the whole source on the whole frame;
``"letterbox"`` fits it inside, keeping its aspect ratio, and fills the bars with a colour;
``"crop"`` fills the frame, keeping the aspect ratio, and cuts the overflow equally on both
sides. Rectangles start on even pixels so that their chroma (4:2:0) is the rectangle halved.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, Optional, Union

from lkfast.video.args import check_rgba, frame_bytes
from lkfast.video.formats import check_size, encode_pixel, matrix_code

#: Weights of one output pixel sum to ``1 << WEIGHT_BITS``.
WEIGHT_BITS = 14
ONE = 1 << WEIGHT_BITS
#: Vertical pass: ``(sum + ROW_ROUND) >> ROW_SHIFT`` keeps 8 fractional bits.
ROW_SHIFT = WEIGHT_BITS - 8
ROW_ROUND = 1 << (ROW_SHIFT - 1)
#: Horizontal pass: ``(sum + OUT_ROUND) >> OUT_SHIFT``.
OUT_SHIFT = WEIGHT_BITS + 8
OUT_ROUND = 1 << (OUT_SHIFT - 1)

FitName = Union[Literal["stretch"], Literal["letterbox"], Literal["crop"]]
Colour = Union[tuple[int, int, int], tuple[int, int, int, int]]
FITS: tuple[str, ...] = ("stretch", "letterbox", "crop")


class Rect(NamedTuple):
    """A rectangle of a luma plane, pixels: ``x`` and ``y`` even (or 0)."""

    x: int
    y: int
    w: int
    h: int

    def chroma(self) -> Rect:
        """The same rectangle of a 4:2:0 chroma plane."""
        return Rect(self.x // 2, self.y // 2, (self.w + 1) // 2, (self.h + 1) // 2)


class Taps(NamedTuple):
    """Filter taps of one axis: output ``i`` is ``sum(weights[i * width + k] *
    src[starts[i] + k] for k in range(counts[i]))``."""

    starts: tuple[int, ...]
    counts: tuple[int, ...]
    weights: tuple[int, ...]  # ``width`` per output, zero-padded
    width: int


def check_fit(fit: object) -> str:
    """One of ``FITS``."""
    if not isinstance(fit, str) or fit not in FITS:
        raise ValueError(f"unknown fit {fit!r}; known: {', '.join(FITS)}")
    return fit


def _even_span(length: int, total: int) -> int:
    """``length`` (1 to ``total``) made even when it is shorter than ``total``, so that the span
    can be centred on an even offset and its chroma is exactly half of it."""
    length = max(1, min(length, total))
    if length < total and length % 2 and length > 1:
        length -= 1
    return length


def fit_rects(src_w: int, src_h: int, dst_w: int, dst_h: int, fit: str) -> tuple[Rect, Rect]:
    """The source rectangle scaled and the destination rectangle it fills.

    Sizes are validated already (1 or more).
    """
    src, dst = Rect(0, 0, src_w, src_h), Rect(0, 0, dst_w, dst_h)
    if fit == "stretch" or src_w * dst_h == dst_w * src_h:
        return src, dst
    wider = src_w * dst_h > dst_w * src_h  # the source's aspect ratio is wider than the frame's
    if fit == "letterbox":
        if wider:  # bars above and below
            h = _even_span((2 * dst_w * src_h + src_w) // (2 * src_w), dst_h)
            return src, Rect(0, (dst_h - h) // 2 & ~1, dst_w, h)
        w = _even_span((2 * dst_h * src_w + src_h) // (2 * src_h), dst_w)
        return src, Rect((dst_w - w) // 2 & ~1, 0, w, dst_h)
    if wider:  # crop: cut the sides
        w = _even_span((2 * src_h * dst_w + dst_h) // (2 * dst_h), src_w)
        return Rect((src_w - w) // 2 & ~1, 0, w, src_h), dst
    h = _even_span((2 * src_w * dst_h + dst_w) // (2 * dst_w), src_h)
    return Rect(0, (src_h - h) // 2 & ~1, src_w, h), dst


def _spread(total: int, parts: list[int]) -> list[int]:
    """Integer weights proportional to ``parts`` that sum to exactly ``total`` (cumulative
    rounding: each boundary rounded, so no error accumulates)."""
    whole = sum(parts)
    weights, cum, prev = [], 0, 0
    for part in parts:
        cum += part
        edge = (2 * cum * total + whole) // (2 * whole)
        weights.append(edge - prev)
        prev = edge
    return weights


_TAPS: dict[tuple[int, int], Taps] = {}


def taps(src_len: int, dst_len: int) -> Taps:
    """The filter taps resampling ``src_len`` pixels to ``dst_len`` (see the module doc);
    the last 64 pairs asked for are cached."""
    cached = _TAPS.get((src_len, dst_len))
    if cached is not None:
        return cached
    if len(_TAPS) >= 64:
        _TAPS.clear()
    result = _TAPS[(src_len, dst_len)] = _make_taps(src_len, dst_len)
    return result


def _make_taps(src_len: int, dst_len: int) -> Taps:
    rows: list[tuple[int, list[int]]] = []
    if dst_len < src_len:  # area average; coordinates in units of 1/dst_len source pixel
        for i in range(dst_len):
            lo, hi = i * src_len, (i + 1) * src_len
            first, last = lo // dst_len, (hi - 1) // dst_len
            parts = [min(hi, (j + 1) * dst_len) - max(lo, j * dst_len)
                     for j in range(first, last + 1)]
            rows.append((first, _spread(ONE, parts)))
    else:  # bilinear; centre (2i + 1) * src_len / (2 * dst_len) - 1/2, in units of 1/(2 dst)
        den = 2 * dst_len
        for i in range(dst_len):
            pos = (2 * i + 1) * src_len - dst_len
            if pos <= 0:
                rows.append((0, [ONE]))
                continue
            left, rem = divmod(pos, den)
            if left >= src_len - 1:
                rows.append((src_len - 1, [ONE]))
                continue
            right = (rem * ONE + dst_len) // den
            rows.append((left, [ONE - right, right]) if right else (left, [ONE]))
    width = max(len(w) for _, w in rows)
    weights: list[int] = []
    for _, w in rows:
        weights.extend(w + [0] * (width - len(w)))
    return Taps(tuple(s for s, _ in rows), tuple(len(w) for _, w in rows), tuple(weights),
                width)


def plane_layout(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """``(offset, stride, width, height)`` of the Y, U and V planes of an I420 frame."""
    cw, ch = (width + 1) // 2, (height + 1) // 2
    luma = width * height
    return [(0, width, width, height), (luma, cw, cw, ch), (luma + cw * ch, cw, cw, ch)]


def check_scale(src: Any, width: Any, height: Any, dst_width: Any, dst_height: Any, fit: Any,
                background: Any, matrix: Any, full_range: Any, out: Any,
                out_writable: bool = True) -> tuple[memoryview, int, int, int, int, str, bytes,
                                                    Optional[memoryview]]:
    """Validate the arguments of ``scale_i420`` (shared with the reference)."""
    w, h = check_size(width, height)
    try:
        dw, dh = check_size(dst_width, dst_height)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"dst_{exc}") from None
    name = check_fit(fit)
    colour = check_rgba(background)
    matrix_code(matrix, full_range)
    yuv = encode_pixel("I420", colour, matrix.lower(), full_range)
    view = frame_bytes(src, "src", "I420", w, h, False)
    target = None if out is None else frame_bytes(out, "out", "I420", dw, dh, out_writable)
    return view, w, h, dw, dh, name, yuv, target


__all__ = ["FITS", "ONE", "OUT_ROUND", "OUT_SHIFT", "ROW_ROUND", "ROW_SHIFT", "Colour",
           "FitName", "Rect", "Taps", "check_fit", "check_scale", "fit_rects", "plane_layout",
           "taps"]
