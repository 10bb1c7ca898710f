"""Ratios within each group, the text table and the JSON document of a benchmark run."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

from lkfast.bench._runner import OK, Result
from lkfast.bench._timer import TimerConfig, Timing

SCHEMA = "lkfast-bench/1"

PURE_PYTHON = "pure-python"
NUMPY = "numpy"
#: Impls that are the physical limit of their group (the first one present is used).
LIMITS = ("memcpy", "memset")

COLUMNS = ("median", "min", "throughput", "vs python", "vs numpy", "of limit")
LEGEND = (
    "time per call: median and min over calibrated rounds; speed-ups compare medians within a\n"
    "group; 'of limit': throughput as a fraction of the group's memcpy/memset row (the limit)"
)


@dataclass(frozen=True)
class Row:
    """A result with the figures derived from its group.

    Attributes:
        result: the timed case.
        throughput: bytes per second (``Case.nbytes`` / median), None if not timed or no bytes.
        vs_pure_python: pure-Python median / this median (the speed-up), None without both.
        vs_numpy: numpy median / this median.
        of_limit: limit median / this median: the fraction of memcpy/memset bandwidth.
        limit_impl: the group's limit row ("memcpy" or "memset"), None if it has none.
    """

    result: Result
    throughput: Optional[float] = None
    vs_pure_python: Optional[float] = None
    vs_numpy: Optional[float] = None
    of_limit: Optional[float] = None
    limit_impl: Optional[str] = None


def _median(result: Result) -> Optional[float]:
    if result.status != OK or result.timing is None or result.timing.median_s <= 0:
        return None
    return result.timing.median_s


def analyse(results: Sequence[Result]) -> list[Row]:
    """Throughput and ratios of every result, in the order given."""
    medians: dict[tuple[str, str], float] = {}
    for r in results:
        median = _median(r)
        if median is not None:
            medians.setdefault((r.case.group, r.case.impl), median)
    rows = []
    for r in results:
        median = _median(r)
        group = r.case.group
        limit = next((impl for impl in LIMITS if (group, impl) in medians), None)
        if median is None:
            rows.append(Row(r, limit_impl=limit))
            continue
        rows.append(Row(
            r,
            throughput=r.case.nbytes / median if r.case.nbytes > 0 else None,
            vs_pure_python=_speedup(medians.get((group, PURE_PYTHON)), median),
            vs_numpy=_speedup(medians.get((group, NUMPY)), median),
            of_limit=_speedup(medians.get((group, limit)) if limit else None, median),
            limit_impl=limit,
        ))
    return rows


def _speedup(base: Optional[float], median: float) -> Optional[float]:
    return base / median if base is not None else None


def grouped(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Rows by ``Case.group``, groups in order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.result.case.group, []).append(row)
    return list(groups.items())


def _three_digits(value: float, units: Sequence[tuple[float, str]]) -> str:
    """``value`` with 3 significant digits in the largest unit that keeps it >= 1."""
    rounded = float(f"{value:.3g}")
    for scale, name in units:
        if rounded >= scale or scale == units[-1][0]:
            scaled = rounded / scale
            decimals = max(0, 2 - math.floor(math.log10(scaled))) if scaled > 0 else 0
            return f"{scaled:.{decimals}f} {name}"
    raise AssertionError("unreachable")


def format_seconds(seconds: float, micro: str = "µs") -> str:
    """e.g. "1.23 µs", "45.6 ms"."""
    return _three_digits(seconds, ((1.0, "s"), (1e-3, "ms"), (1e-6, micro), (1e-9, "ns")))


def format_bytes(nbytes: float, per: str = "") -> str:
    """Decimal units: "960 B", "1.92 MB", "3.4 GB/s" (with ``per="/s"``)."""
    units = ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1.0, "B"))
    return _three_digits(nbytes, tuple((s, n + per) for s, n in units))


def format_ratio(ratio: float) -> str:
    """A speed-up: "1,523x", "82.3x", "4.75x", "0.21x"."""
    if ratio >= 100:
        return f"{ratio:,.0f}x"
    if ratio >= 10:
        return f"{ratio:.1f}x"
    if ratio >= 1:
        return f"{ratio:.2f}x"
    return f"{ratio:.2g}x"


def format_fraction(fraction: float) -> str:
    """A fraction as a percentage: "100%", "8.2%", "0.31%"."""
    percent = 100 * fraction
    if percent >= 10:
        return f"{percent:.0f}%"
    if percent >= 1:
        return f"{percent:.1f}%"
    return f"{percent:.2g}%"


def _cells(row: Row, micro: str) -> list[str]:
    timing = row.result.timing
    assert timing is not None  # only called for timed rows
    optional = (
        (row.throughput, lambda v: format_bytes(v, "/s")),
        (row.vs_pure_python, format_ratio),
        (row.vs_numpy, format_ratio),
        (row.of_limit, format_fraction),
    )
    return [format_seconds(timing.median_s, micro), format_seconds(timing.min_s, micro)] + [
        fmt(value) if value is not None else "" for value, fmt in optional]


def format_table(rows: Sequence[Row], micro: str = "µs") -> str:
    """One table: a line per group (with its bytes per call), then a line per impl."""
    groups = grouped(rows)
    impl_width = max([len(r.result.case.impl) + 2 for r in rows] + [len("impl")])
    cells = {id(r): _cells(r, micro) for r in rows if r.result.timing is not None}
    widths = [max([len(c[i]) for c in cells.values()] + [len(COLUMNS[i])])
              for i in range(len(COLUMNS))]
    header = "impl".ljust(impl_width) + "".join(
        "  " + name.rjust(w) for name, w in zip(COLUMNS, widths))
    lines = [header.rstrip()]
    for group, members in groups:
        nbytes = members[0].result.case.nbytes
        lines.append(f"{group} ({format_bytes(nbytes)} per call)" if nbytes > 0 else group)
        for row in members:
            case = row.result.case
            text = ("  " + case.impl).ljust(impl_width)
            if id(row) in cells:
                text += "".join("  " + c.rjust(w) for c, w in zip(cells[id(row)], widths))
            else:
                text += "  " + row.result.message
            if case.note:
                text += "  " + case.note
            lines.append(text.rstrip())
    return "\n".join(lines)


def result_record(row: Row) -> dict[str, Any]:
    """One flat JSON object per case: identity, status, timing (seconds per call), ratios."""
    result, case = row.result, row.result.case
    timing = dataclasses.asdict(result.timing) if result.timing else dict.fromkeys(
        f.name for f in dataclasses.fields(Timing))
    return {
        "id": case.id,
        "family": case.family,
        "group": case.group,
        "impl": case.impl,
        "nbytes": case.nbytes,
        "note": case.note,
        "isolate": case.isolate,
        "status": result.status,
        "message": result.message,
        "detail": result.detail,
        **timing,
        "throughput_bytes_per_s": row.throughput,
        "speedup_vs_pure_python": row.vs_pure_python,
        "speedup_vs_numpy": row.vs_numpy,
        "fraction_of_limit": row.of_limit,
        "limit_impl": row.limit_impl,
    }


def report_document(
    rows: Sequence[Row],
    *,
    mode: str,
    families: Sequence[str],
    config: TimerConfig,
    elapsed_s: float,
    machine: dict[str, Any],
    versions: dict[str, Optional[str]],
    build: dict[str, Any],
) -> dict[str, Any]:
    """The ``--json`` document (schema "lkfast-bench/1"); times in seconds per call."""
    return {
        "schema": SCHEMA,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": mode,
        "families": list(families),
        "elapsed_s": elapsed_s,
        "machine": machine,
        "versions": versions,
        "build": build,
        "timer": dataclasses.asdict(config),
        "results": [result_record(row) for row in rows],
    }
