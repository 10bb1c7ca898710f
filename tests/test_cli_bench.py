"""``lkfast bench``: timer, runner (in-process and isolated), table, JSON, plot, CLI errors."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib.metadata
import importlib.util
import io
import json
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest

import lkfast
import lkfast.bench._timer
from lkfast._core._buildinfo import build_info
from lkfast.bench import FAMILIES, Case, all_cases
from lkfast.bench._progress import ProgressBar
from lkfast.bench._report import (
    COLUMNS,
    format_bytes,
    format_fraction,
    format_ratio,
    format_seconds,
)
from lkfast.bench._runner import exit_message, run_cases
from lkfast.bench._timer import TimerConfig, time_callable
from lkfast.cli import main

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))  # whatever pytest's import mode; child processes get it too
import bench_fake_family as fake  # noqa: E402

sys.path.remove(str(TESTS))

#: A timer config that keeps every case to a few milliseconds.
TINY = TimerConfig(round_s=0.0005, budget_s=0.003, min_rounds=3, max_rounds=20, warmup_s=0.0)
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _register_fake(mp: pytest.MonkeyPatch) -> None:
    """Registers the "fake" family (also for child processes) and makes every run tiny."""
    mp.syspath_prepend(str(TESTS))
    mp.setitem(FAMILIES, fake.FAMILY, "bench_fake_family")
    mp.setattr(lkfast.bench._timer, "QUICK", TINY)
    mp.setattr(lkfast.bench._timer, "FULL", TINY)


@pytest.fixture
def fake_family(monkeypatch: pytest.MonkeyPatch) -> None:
    _register_fake(monkeypatch)


class Run(NamedTuple):
    code: int
    out: str
    err: str
    document: dict[str, Any]
    plot: Path


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """``lkfast bench --only fake --json ... --plot ...`` in full mode, run once for the module."""
    tmp = tmp_path_factory.mktemp("bench")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        _register_fake(mp)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["bench", "--only", "fake", "--json", str(tmp / "out.json"),
                         "--plot", str(tmp / "out.png")])
    document = json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    yield Run(code, out.getvalue(), err.getvalue(), document, tmp / "out.png")


def _row(out: str, impl: str, group: str = fake.GROUP) -> str:
    """The table line of ``impl`` under ``group``."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(group))
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        if line.split()[0] == impl:
            return line
    raise AssertionError(f"no row {impl!r} under {group!r} in:\n{out}")


def _record(document: dict[str, Any], impl: str, group: str = fake.GROUP) -> dict[str, Any]:
    matches = [r for r in document["results"] if r["impl"] == impl and r["group"] == group]
    assert len(matches) == 1, matches
    return matches[0]


# --- timer ---------------------------------------------------------------------------------


def test_timer_calibrates_rounds_with_gc_disabled() -> None:
    calls = 0
    gc_states = set()

    def fn() -> None:
        nonlocal calls
        calls += 1
        gc_states.add(gc.isenabled())

    config = TimerConfig(round_s=0.001, budget_s=0.01, min_rounds=4, max_rounds=50,
                         warmup_s=0.002)
    timing = time_callable(fn, config)
    assert gc_states == {False} and gc.isenabled()
    assert timing.calls_per_round > 10  # a call takes well under 0.1 ms
    assert 4 <= timing.rounds <= 50
    assert calls >= timing.rounds * timing.calls_per_round
    assert 0 < timing.min_s <= timing.median_s <= timing.max_s
    assert timing.min_s <= timing.mean_s <= timing.max_s


def test_timer_slow_call_takes_min_rounds_of_one_call() -> None:
    config = TimerConfig(round_s=0.001, budget_s=0.001, min_rounds=3, max_rounds=50,
                         warmup_s=0.0)
    timing = time_callable(lambda: time.sleep(0.002), config)
    assert timing.calls_per_round == 1
    assert timing.rounds == 3
    assert timing.min_s >= 0.002


def test_timer_propagates_exceptions_and_restores_gc() -> None:
    def fn() -> None:
        raise KeyError("x")

    with pytest.raises(KeyError):
        time_callable(fn, TINY)
    assert gc.isenabled()


# --- formatting ----------------------------------------------------------------------------


def test_formatting_three_significant_digits() -> None:
    assert format_seconds(1.234e-6) == "1.23 µs"
    assert format_seconds(1.234e-6, micro="us") == "1.23 us"
    assert format_seconds(45.67e-3) == "45.7 ms"
    assert format_seconds(0.9997) == "1.00 s"  # rounds up into the next unit
    assert format_seconds(999.6e-9) == "1.00 µs"
    assert format_seconds(12e-9) == "12.0 ns"
    assert format_bytes(960) == "960 B"
    assert format_bytes(1_920_000) == "1.92 MB"
    assert format_bytes(3.456e9, "/s") == "3.46 GB/s"
    assert format_ratio(1523.4) == "1,523x"
    assert format_ratio(82.34) == "82.3x"
    assert format_ratio(1.0) == "1.00x"
    assert format_ratio(0.0543) == "0.054x"
    assert format_fraction(1.0) == "100%"
    assert format_fraction(0.082) == "8.2%"
    assert format_fraction(0.0019) == "0.19%"


def test_exit_message_is_shell_style() -> None:
    assert exit_message(-6) == "aborts (exit 134)"
    assert exit_message(-11) == "aborts (exit 139, SIGSEGV)"
    assert exit_message(3) == "aborts (exit 3)"


# --- a full run of the fake family -------------------------------------------------------------


def test_table(full_run: Run) -> None:
    assert full_run.code == 0
    out = full_run.out
    header = next(line for line in out.splitlines() if line.startswith("impl"))
    assert header.split()[0] == "impl" and all(name in header for name in COLUMNS)
    assert f"{fake.GROUP} (4.10 kB per call)" in out.splitlines()
    assert fake.OTHER in out.splitlines()  # no bytes: no size
    pure = _row(out, "pure-python")
    assert "1.00x" in pure and "B/s" in pure
    assert _row(out, "lkfast").endswith("a note")
    assert _row(out, "memcpy").endswith("100%")
    assert _row(out, "broken").split(None, 1)[1] == "raises: boom"
    abort_text = "aborts (exit 134)" if sys.platform != "win32" else "aborts (exit "
    assert abort_text in _row(out, "livekit") and _row(out, "livekit").endswith("ABGR source")
    assert _row(out, "livekit-raises").split(None, 1)[1] == f"raises: {fake.LIVEKIT_ERROR}"
    assert "B/s" in _row(out, "isolated")  # timed in a new child after the abort
    assert _row(out, "numpy", fake.OTHER).split()[-1] == "1.00x"
    assert "noise on stdout" not in out



def test_json_describes_machine_and_versions(full_run: Run) -> None:
    doc = full_run.document
    assert doc["schema"] == "lkfast-bench/1"
    assert doc["mode"] == "full" and doc["families"] == ["fake"]
    assert doc["elapsed_s"] > 0
    assert set(doc["machine"]) == {"cpu", "cores", "usable_cores", "machine", "platform",
                                   "python", "python_implementation"}
    assert doc["machine"]["python"] == platform.python_version()
    assert doc["machine"]["cpu"]
    versions = doc["versions"]
    assert versions["lkfast"] == lkfast.__version__
    assert versions["numpy"] == np.__version__
    assert versions["livekit"] == importlib.metadata.version("livekit")
    assert "opencv" in versions and "livekit-agents" in versions
    from lkfast._core import variants as _variants
    from lkfast.video import kernels as _kernels

    assert doc["build"] == {**build_info(), "variants": _variants.active()}
    assert doc["build"]["variants"]["lkfast.video._yuv"] in ("baseline", "avx2", "avx512")
    assert _kernels.yuv.VARIANT == doc["build"]["variants"]["lkfast.video._yuv"]
    assert doc["timer"] == dataclasses.asdict(TINY)


def test_json_figures_and_statuses(full_run: Run) -> None:
    doc = full_run.document
    assert [r["id"] for r in doc["results"]] == [c.id for c in fake.cases()]
    keys = {"id", "family", "group", "impl", "nbytes", "note", "isolate", "status", "message",
            "detail", "rounds", "calls_per_round", "median_s", "min_s", "mean_s", "max_s",
            "stdev_s", "throughput_bytes_per_s", "speedup_vs_pure_python", "speedup_vs_numpy",
            "fraction_of_limit", "limit_impl"}
    assert all(set(r) == keys for r in doc["results"])
    pure = _record(doc, "pure-python")["median_s"]
    numpy_median = _record(doc, "numpy")["median_s"]
    limit = _record(doc, "memcpy")["median_s"]
    for impl in ("pure-python", "numpy", "lkfast", "memcpy", "isolated"):
        r = _record(doc, impl)
        assert r["status"] == "ok" and r["message"] == "", r
        assert r["rounds"] >= TINY.min_rounds and r["calls_per_round"] >= 1
        assert 0 < r["min_s"] <= r["median_s"] <= r["max_s"]
        assert r["throughput_bytes_per_s"] == pytest.approx(fake.NBYTES / r["median_s"])
        assert r["speedup_vs_pure_python"] == pytest.approx(pure / r["median_s"])
        assert r["speedup_vs_numpy"] == pytest.approx(numpy_median / r["median_s"])
        assert r["fraction_of_limit"] == pytest.approx(limit / r["median_s"])
        assert r["limit_impl"] == "memcpy"
    assert _record(doc, "pure-python")["speedup_vs_pure_python"] == 1.0
    assert _record(doc, "memcpy")["fraction_of_limit"] == 1.0
    assert _record(doc, "isolated")["isolate"] is True

    aborted = _record(doc, "livekit")
    assert aborted["status"] == "aborts" and aborted["median_s"] is None
    if sys.platform != "win32":
        assert aborted["message"] == "aborts (exit 134)"
    assert fake.PANIC in aborted["detail"]  # the end of the child's stderr
    assert aborted["note"] == "ABGR source" and aborted["limit_impl"] == "memcpy"
    raised = _record(doc, "livekit-raises")
    assert raised["status"] == "raises"
    assert raised["message"] == f"raises: {fake.LIVEKIT_ERROR}"
    assert raised["detail"] == f"RuntimeError: {fake.LIVEKIT_ERROR}"
    broken = _record(doc, "broken")
    assert (broken["status"], broken["message"], broken["detail"]) == (
        "raises", "raises: boom", "ValueError: boom")
    assert broken["throughput_bytes_per_s"] is None and broken["rounds"] is None

    other = _record(doc, "numpy", fake.OTHER)
    assert other["nbytes"] == 0 and other["throughput_bytes_per_s"] is None
    assert other["speedup_vs_numpy"] == 1.0 and other["speedup_vs_pure_python"] is None
    assert other["fraction_of_limit"] is None and other["limit_impl"] is None


def test_plot_is_a_png(full_run: Run) -> None:
    if not HAS_MATPLOTLIB:
        assert "--plot needs matplotlib" in full_run.err and not full_run.plot.exists()
        pytest.skip("matplotlib is not installed: checked the message instead of the PNG")
    data = full_run.plot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 5000
    assert full_run.err == ""  # not a terminal: no progress bar, and no message


# --- the command's options -------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("fake_family")
def test_plot_without_matplotlib_prints_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    assert main(["bench", "--only", "fake", "--quick", "--plot", str(tmp_path / "x.png")]) == 0
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lkfast bench: --plot needs matplotlib")
    assert not (tmp_path / "x.png").exists()
    impls = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert impls == [c.impl for c in fake.cases() if c.quick]  # --quick: no isolated cases


@pytest.mark.usefixtures("fake_family")
def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["bench", "--only", "fake", "--quick"]) == 0
    quick = [c for c in fake.cases() if c.quick]
    assert "\r[" in terminal.getvalue() and f"/{len(quick)} {fake.GROUP} [" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # erased before the table
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["bench", "--only", "fake", "--quick", "--no-progress"]) == 0
    assert terminal.getvalue() == ""


def test_progress_bar_draws_counts() -> None:
    stream = io.StringIO()
    bar = ProgressBar(2, stream)
    case = Case("g", "impl", lambda: (lambda: None), "f")
    bar.start(case)
    bar.advance()
    bar.start(case)
    assert "[" + "." * 24 + "] 0/2 g [impl]" in stream.getvalue()
    assert "[" + "#" * 12 + "." * 12 + "] 1/2 g [impl]" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r")


@pytest.mark.usefixtures("fake_family")
def test_unknown_family_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["bench", "--only", "nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--only: invalid choice" in err and "nope" in err
    assert "tone" in err and "fake" in err  # the known families


@pytest.mark.usefixtures("fake_family")
def test_list_shows_cases_without_timing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--only", "fake", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(fake.cases())
    assert lines[5] == f"fake     {fake.GROUP} [livekit]  (isolated)"


@pytest.mark.usefixtures("fake_family")
def test_real_tone_family_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--only", "tone", "--quick", "--no-progress"]) == 0
    out = capsys.readouterr().out
    for case in all_cases("tone"):
        if case.quick:
            line = _row(out, case.impl, case.group)
            assert "B/s" in line, line  # timed, not an error
    assert "tone 10 ms 48 kHz mono (960 B per call)" in out.splitlines()


def test_python_m_lkfast_bench_lists_cases() -> None:
    proc = subprocess.run([sys.executable, "-m", "lkfast", "bench", "--only", "tone", "--list"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.splitlines() == [f"tone     {c.id}" for c in all_cases("tone")]


# --- runner edge cases ---------------------------------------------------------------------


@pytest.mark.usefixtures("fake_family")
def test_hanging_isolated_case_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKFAST_FAKE_HANG", "1")
    (result,) = run_cases(all_cases("fake"), TINY, timeout_s=2.0)
    assert (result.status, result.message) == ("timeout", "timed out after 2 s")


def test_duplicate_case_ids_are_refused() -> None:
    case = Case("g", "impl", lambda: (lambda: None), "f")
    with pytest.raises(ValueError, match="duplicate benchmark case 'g \\[impl\\]'"):
        run_cases([case, case], TINY)
