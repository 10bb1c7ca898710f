"""Pure-Python twin of :mod:`lkfast.audio._resample`: the filter design in plain Python
(``math``, same operations in the same order as the kernel, so the table is bit-identical) and
the polyphase loop in numpy (which the issue allows here), with the kernel's summation order
(blocked: per output, the rows of its block in order, alternating between two partial sums;
otherwise 16 lanes over the taps), so the output is bit-identical too."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lkfast.audio.resample_quality import BLOCK, blocks, output_length, plan


def _bessel_i0(y: float) -> float:
    q = y * y / 4.0
    term = 1.0
    total = 1.0
    for k in range(1, 500):
        term = term * (q / (k * k))
        total = total + term
        if term < total * 1e-17:
            break
    return total


def design(taps: int, rows: int, phases: int, cutoff: float, beta: float) -> np.ndarray:
    """The kernel's polyphase table, ``rows`` x ``taps`` float32 (see ``_resample.design``)."""
    half = taps // 2
    i0b = _bessel_i0(beta)
    table = []
    for p in range(rows):
        for m in range(taps):
            pos = p / phases + float(half - 1 - m)
            if abs(pos) >= half:
                table.append(0.0)
                continue
            x = cutoff * pos
            if x == 0.0:
                s = 1.0
            elif abs(x - math.floor(x + 0.5)) < 1e-9:
                s = 0.0
            else:
                s = math.sin(math.pi * x) / (math.pi * x)
            r = pos / half
            table.append(cutoff * s * _bessel_i0(beta * math.sqrt(1.0 - r * r)) / i0b)
    return np.array(table, dtype=np.float64).astype(np.float32).reshape(rows, taps)


def _dots(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Row-wise dots of (k, taps) float32 arrays in the kernel's lane order."""
    prod = (x * h).reshape(len(x), x.shape[1] // 16, 16)
    acc = np.zeros((len(x), 16), dtype=np.float32)
    for b in range(prod.shape[1]):
        acc = acc + prod[:, b, :]
    acc = acc[:, :8] + acc[:, 8:]
    acc = acc[:, :4] + acc[:, 4:]
    acc = acc[:, :2] + acc[:, 2:]
    return acc[:, 0] + acc[:, 1]


def _blocked(x: np.ndarray, count: int, up: int, down: int,
             tables: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Outputs 0..count-1 of padded mono ``x`` (output k's window starts at k * down // up):
    output ``k`` is lane ``k % 16`` of block ``k // 16``, of kind ``block % kinds``."""
    coeffs, rows, counts = tables
    k = np.arange(count, dtype=np.int64)
    b, lane = k // BLOCK, k % BLOCK
    start = b * BLOCK * down // up
    kind = b % len(counts)
    out = np.empty(count, dtype=np.float32)
    for t in range(len(counts)):
        sel = kind == t
        acc = [np.zeros(int(sel.sum()), np.float32), np.zeros(int(sel.sum()), np.float32)]
        for i, row in enumerate(rows[t, :counts[t]]):
            acc[i % 2] = acc[i % 2] + coeffs[t, row, lane[sel]] * x[start[sel] + row]
        out[sel] = acc[0] + acc[1]
    return out


def resample(samples: Any, input_rate: int, output_rate: int, *,
             quality: Any = "high") -> np.ndarray:
    """Same as :func:`lkfast.resample`, computed from scratch."""
    x = np.asarray(samples)
    p = plan(input_rate, output_rate, quality)
    two_d = x.ndim == 2
    x2 = x.reshape(len(x), x.shape[1] if two_d else 1).astype(np.float32)
    n, ch = x2.shape
    count = output_length(n, p.up, p.down)
    table = design(p.taps, p.rows, p.phases, p.cutoff, p.beta)
    half = p.taps // 2
    k = np.arange(count, dtype=np.int64)
    num = k * p.down
    start = num // p.up - (half - 1)
    phase = num % p.up
    tables = None if p.interpolate else blocks(table, p.up, p.down)
    extra = 0 if tables is None else tables[0].shape[1] + BLOCK * p.down // p.up
    padded = np.zeros((n + 2 * p.taps + p.down // p.up + 2 + extra, ch), dtype=np.float32)
    padded[half - 1:half - 1 + n] = x2
    idx = (start + half - 1)[:, None] + np.arange(p.taps)[None, :]
    out = np.empty((count, ch), dtype=np.float32)
    for c in range(ch):
        if tables is not None:
            out[:, c] = _blocked(padded[:, c], count, p.up, p.down, tables)
            continue
        win = padded[:, c][idx]
        if p.interpolate:
            prod = phase * p.phases
            q = prod // p.up
            a = (prod % p.up).astype(np.float32) / np.float32(p.up)
            d0 = _dots(win, table[q])
            d1 = _dots(win, table[q + 1])
            out[:, c] = d0 + a * (d1 - d0)
        else:
            out[:, c] = _dots(win, table[phase])
    if x.dtype == np.int16:
        y = np.where(np.isnan(out), 0.0, out.astype(np.float64))
        out = np.rint(np.clip(y, -32768.0, 32767.0)).astype(np.int16)
    return out if two_d else out.reshape(-1)
