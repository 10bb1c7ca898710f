"""CPU-timed benchmark groups: ``lkfast bench`` times them with ``time.process_time``."""

from __future__ import annotations

import sys
import time
import types

import pytest

from lkfast.bench import FAMILIES, Case, all_cases
from lkfast.bench._runner import cpu_timed, run_in_process
from lkfast.bench._timer import TimerConfig, time_cpu

TINY = TimerConfig(round_s=0.0005, budget_s=0.03, min_rounds=3, max_rounds=20, warmup_s=0.0)


def sleep() -> None:
    time.sleep(0.01)


def spin() -> None:  # 10 ms of this process's CPU, however loaded the machine is
    end = time.process_time() + 0.01
    while time.process_time() < end:
        pass


def test_time_cpu_counts_cpu_not_wall_time() -> None:
    assert time_cpu(sleep, TINY).median_s < 0.005
    assert time_cpu(spin, TINY).median_s >= 0.01


def test_runner_uses_the_cpu_timer_for_listed_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("fake_cpu_family")
    module.CPU_GROUPS = frozenset(["window"])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_cpu_family", module)
    monkeypatch.setitem(FAMILIES, "fakecpu", "fake_cpu_family")
    windowed = Case("window", "lkfast", lambda: sleep, "fakecpu")
    walled = Case("other", "lkfast", lambda: sleep, "fakecpu")
    assert cpu_timed(windowed) and not cpu_timed(walled)
    cpu = run_in_process(windowed, TINY)
    wall = run_in_process(walled, TINY)
    assert cpu.timing is not None and wall.timing is not None
    assert cpu.timing.median_s < 0.005 <= 0.01 <= wall.timing.median_s


def test_audio_cpu_groups_are_cpu_timed() -> None:
    from lkfast.bench.audio import CPU_GROUPS

    timed = [c for c in all_cases("audio") if cpu_timed(c)]
    assert {c.group for c in timed} == set(CPU_GROUPS)
    assert {c.impl for c in timed} == {"livekit", "lkfast"}
    assert not any(c.quick for c in timed)
