"""The ``--plot`` chart: speed-ups over pure Python (or numpy), log scale, a block per group."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Optional

from lkfast.bench._report import NUMPY, PURE_PYTHON, Row, format_ratio, grouped
from lkfast.bench._runner import OK

#: Bar colours of the usual impls; others take the next colour of matplotlib's cycle.
COLOURS = {
    "numpy": "#4c72b0",
    "lkfast": "#dd8452",
    "lkfast-1t": "#dd8452",
    "lkfast-Nt": "#c05a1b",
    "livekit": "#55a868",
    "opencv": "#c44e52",
    "agents": "#8172b3",
    "memcpy": "#8c8c8c",
    "memset": "#8c8c8c",
}

MISSING = "lkfast bench: --plot needs matplotlib (pip install 'lkfast[bench]'); no chart written"


def _baseline(members: Sequence[Row]) -> Optional[str]:
    ok = {r.result.case.impl for r in members if r.result.status == OK}
    return PURE_PYTHON if PURE_PYTHON in ok else NUMPY if NUMPY in ok else None


def speedup_blocks(rows: Sequence[Row]) -> list[tuple[str, list[tuple[str, float]]]]:
    """Per group: its title (naming the baseline) and (impl, speed-up) for each other timed impl.

    Groups without a timed pure-Python or numpy row are left out.
    """
    blocks = []
    for group, members in grouped(rows):
        base = _baseline(members)
        if base is None:
            continue
        bars = []
        for row in members:
            ratio = row.vs_pure_python if base == PURE_PYTHON else row.vs_numpy
            if row.result.case.impl != base and ratio is not None:
                bars.append((row.result.case.impl, ratio))
        if bars:
            title = group if base == PURE_PYTHON else f"{group} (vs numpy)"
            blocks.append((title, bars))
    return blocks


def plot_speedups(rows: Sequence[Row], path: str, title: str = "lkfast bench") -> None:
    """Writes the chart to ``path`` (format from its suffix, e.g. PNG).

    Raises:
        ImportError: matplotlib is not installed.
    """
    # Imported by name: matplotlib is optional (the bench extra), so type checkers need not see it.
    matplotlib = importlib.import_module("matplotlib")
    Figure = importlib.import_module("matplotlib.figure").Figure

    blocks = speedup_blocks(rows)
    slots = sum(len(bars) + 1 for _, bars in blocks)
    fig = Figure(figsize=(10, 1.6 + 0.28 * max(slots, 3)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xscale("log")
    ax.set_title(f"{title}: speed-up over pure Python (over numpy where marked), median per call")
    ax.set_xlabel("speed-up (x, log scale)")
    if not blocks:
        ax.text(0.5, 0.5, "no group has a timed pure-Python or numpy row", ha="center",
                transform=ax.transAxes)
    cycle = iter(c["color"] for c in matplotlib.rcParams["axes.prop_cycle"])
    colours = dict(COLOURS)
    y = 0.0
    ticks: list[tuple[float, str]] = []
    values = [ratio for _, bars in blocks for _, ratio in bars]
    for group, bars in blocks:
        ax.text(0.005, y, group, transform=ax.get_yaxis_transform(), fontweight="bold",
                va="center", ha="left", fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        y += 1
        for impl, ratio in bars:
            if impl not in colours:
                colours[impl] = next(cycle, "#333333")
            ax.barh(y, abs(ratio - 1), left=min(ratio, 1.0), height=0.7, color=colours[impl])
            ax.text(ratio, y, f" {format_ratio(ratio)} ", va="center", fontsize=8,
                    ha="left" if ratio >= 1 else "right")
            ticks.append((y, impl))
            y += 1
    if values:
        low, high = min(values + [1.0]), max(values + [1.0])
        ax.set_xlim(low / 4, high * 4)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks([t for t, _ in ticks], [label for _, label in ticks], fontsize=8)
    ax.set_ylim(y - 0.5, -0.7)
    ax.grid(axis="x", which="major", alpha=0.3)
    fig.savefig(path, dpi=110)
