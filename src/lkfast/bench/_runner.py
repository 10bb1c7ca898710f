"""Runs benchmark cases, in this process or (``Case.isolate``) in a child process.

A case whose ``make()`` or call raises is reported as ``raises``; an isolated case whose child
process dies (LiveKit's Rust panics abort, exit 134) as ``aborts``; the run always goes on.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Callable, Optional

from lkfast.bench import FAMILIES
from lkfast.bench._case import Case
from lkfast.bench._timer import FULL, TimerConfig, Timing, time_callable, time_cpu

#: Seconds an isolated case may run (make, calibration and rounds) before its child is killed.
ISOLATED_TIMEOUT_S = 300.0

OK, RAISES, ABORTS, TIMEOUT, ERROR = "ok", "raises", "aborts", "timeout", "error"


@dataclass(frozen=True)
class Result:
    """The outcome of one case.

    Attributes:
        case: the case.
        status: "ok" (``timing`` set), "raises", "aborts", "timeout" or "error".
        message: what the table shows instead of figures, e.g. "aborts (exit 134)".
        detail: more for the JSON report: the exception, or the end of a dead child's stderr.
        timing: the figures when ``status == "ok"``.
    """

    case: Case
    status: str
    message: str = ""
    detail: str = ""
    timing: Optional[Timing] = None


def _one_line(text: str, limit: int = 100) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def cpu_timed(case: Case) -> bool:
    """Whether ``case`` is timed in CPU seconds: its family module lists its group in
    ``CPU_GROUPS`` (calls that last a fixed wall time, e.g. streams publishing)."""
    if case.family not in FAMILIES:
        return False
    module = importlib.import_module(FAMILIES[case.family])
    return case.group in getattr(module, "CPU_GROUPS", ())


def run_in_process(case: Case, config: TimerConfig = FULL) -> Result:
    """Times ``case`` here; an exception from ``make()`` or the call becomes a ``raises`` result."""
    timer = time_cpu if cpu_timed(case) else time_callable
    try:
        timing = timer(case.make(), config)
    except Exception as exc:
        text = str(exc) or type(exc).__name__
        return Result(case, RAISES, f"raises: {_one_line(text)}",
                      f"{type(exc).__name__}: {text}")
    return Result(case, OK, timing=timing)


def exit_message(returncode: int) -> str:
    """"aborts (exit 134)" for a child killed by SIGABRT; shell-style codes for signals."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        code = 128 - returncode
        return f"aborts (exit {code})" if name == "SIGABRT" else f"aborts (exit {code}, {name})"
    return f"aborts (exit {returncode})"


def _child_env() -> dict[str, str]:
    """This environment, with this process's ``sys.path`` so the child imports the same modules."""
    env = dict(os.environ)
    paths = [p for p in sys.path if p]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _read_lines(stream: IO[str], lines: queue.Queue[Optional[str]]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _stderr_tail(err: IO[bytes], lines: int = 20) -> str:
    """The child's last ``lines`` lines of stderr (a Rust panic's message and location)."""
    err.seek(0)
    text = err.read().decode(errors="replace").strip()
    return "\n".join(text.splitlines()[-lines:])


def _run_child(
    cases: Sequence[Case],
    config: TimerConfig,
    timeout_s: float,
    on_start: Callable[[Case], None],
    on_done: Callable[[Result], None],
) -> list[Result]:
    """Runs ``cases`` in one child, in order, until they are done or the child dies.

    Returns the results so far; the last one is ``aborts``/``timeout`` if the child died.
    """
    request = {
        "config": dataclasses.asdict(config),
        "cases": [{"family": c.family, "module": FAMILIES[c.family], "id": c.id} for c in cases],
    }
    results: list[Result] = []
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lkfast.bench._child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
            env=_child_env(),
        )
        assert proc.stdin is not None and proc.stdout is not None  # PIPEs (for type checkers)
        lines: queue.Queue[Optional[str]] = queue.Queue()
        threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
        try:
            proc.stdin.write(json.dumps(request))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the child died at start-up; reported below as the first case's abort
        while len(results) < len(cases):
            case = cases[len(results)]
            try:
                line = lines.get(timeout=timeout_s)
            except queue.Empty:
                proc.kill()
                proc.wait()
                results.append(Result(case, TIMEOUT, f"timed out after {timeout_s:g} s",
                                      _stderr_tail(err)))
                on_done(results[-1])
                break
            if line is None:  # the child is gone while this case ran
                returncode = proc.wait()
                results.append(Result(case, ABORTS, exit_message(returncode), _stderr_tail(err)))
                on_done(results[-1])
                break
            event = json.loads(line)
            if event["event"] == "start":
                on_start(case)
                continue
            timing = Timing(**event["timing"]) if event["timing"] else None
            results.append(Result(case, event["status"], event["message"], event["detail"],
                                  timing))
            on_done(results[-1])
        proc.wait()
        proc.stdout.close()
    return results


def run_isolated(
    cases: Sequence[Case],
    config: TimerConfig = FULL,
    timeout_s: float = ISOLATED_TIMEOUT_S,
    on_start: Callable[[Case], None] = lambda case: None,
    on_done: Callable[[Result], None] = lambda result: None,
) -> list[Result]:
    """Times ``cases`` in child processes (one after another, a new child after each death)."""
    results: list[Result] = []
    while len(results) < len(cases):
        results.extend(_run_child(cases[len(results):], config, timeout_s, on_start, on_done))
    return results


def run_cases(
    cases: Sequence[Case],
    config: TimerConfig = FULL,
    on_start: Callable[[Case], None] = lambda case: None,
    on_done: Callable[[Result], None] = lambda result: None,
    timeout_s: float = ISOLATED_TIMEOUT_S,
) -> list[Result]:
    """Times every case, in order; consecutive isolated cases share a child while it lives.

    Raises:
        ValueError: two cases of a family share an id (an isolated child could not tell them
            apart), or an isolated case's family is not in ``FAMILIES``.
    """
    seen: set[tuple[str, str]] = set()
    for case in cases:
        key = (case.family, case.id)
        if key in seen:
            raise ValueError(f"duplicate benchmark case {case.id!r} in family {case.family!r}")
        seen.add(key)
        if case.isolate and case.family not in FAMILIES:
            raise ValueError(f"isolated case {case.id!r}: family {case.family!r} is not registered")
    results: list[Result] = []
    for isolate, chunk in itertools.groupby(cases, key=lambda c: c.isolate):
        batch = list(chunk)
        if isolate:
            results.extend(run_isolated(batch, config, timeout_s, on_start, on_done))
            continue
        for case in batch:
            on_start(case)
            results.append(run_in_process(case, config))
            on_done(results[-1])
    return results
