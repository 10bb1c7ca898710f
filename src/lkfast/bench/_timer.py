"""A calibrated wall-clock timer for one benchmark callable (and a CPU timer for fixed windows).

Like ``timeit.Timer.autorange`` and pytest-benchmark: the number of calls per round is calibrated
so that a round lasts a few milliseconds (far above the clock's resolution), the calibration
doubles as warm-up, and several rounds are timed with the garbage collector disabled.
"""

from __future__ import annotations

import gc
import itertools
import math
import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class TimerConfig:
    """How long to time one callable.

    Attributes:
        round_s: target duration of one round (seconds); calls per round are calibrated to it.
        budget_s: timed rounds stop once they add up to this (seconds) and ``min_rounds`` ran.
        min_rounds: rounds always taken, however slow one call is.
        max_rounds: rounds never exceeded, however fast one call is.
        warmup_s: minimum time spent calling before the timed rounds (seconds); calibration
            counts towards it.
    """

    round_s: float = 0.005
    budget_s: float = 1.0
    min_rounds: int = 5
    max_rounds: int = 200
    warmup_s: float = 0.05


#: ``lkfast bench --quick``: about 0.2 s per case.
QUICK = TimerConfig(round_s=0.002, budget_s=0.08, min_rounds=3, max_rounds=100, warmup_s=0.01)
#: ``lkfast bench``: about 1 s per case.
FULL = TimerConfig()


@dataclass(frozen=True)
class Timing:
    """Seconds per call, over ``rounds`` rounds of ``calls_per_round`` calls each."""

    rounds: int
    calls_per_round: int
    median_s: float
    min_s: float
    mean_s: float
    max_s: float
    stdev_s: float


def _round(fn: Callable[[], object], calls: int) -> float:
    """Seconds taken by ``calls`` consecutive calls of ``fn``."""
    start = time.perf_counter()
    for _ in itertools.repeat(None, calls):
        fn()
    return time.perf_counter() - start


def time_cpu(fn: Callable[[], object], config: TimerConfig = FULL) -> Timing:
    """Times ``fn()`` in process CPU seconds (``time.process_time``: every thread).

    For calls that last a fixed wall time while work runs, such as streams publishing for a
    window (the groups a family lists in ``CPU_GROUPS``): one call per round, after one
    warm-up call, until the rounds add up to ``budget_s`` of wall time and ``min_rounds``
    ran.
    """
    fn()
    per_call: list[float] = []
    wall = 0.0
    while len(per_call) < config.max_rounds:
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        fn()
        per_call.append(time.process_time() - start_cpu)
        wall += time.perf_counter() - start_wall
        if len(per_call) >= config.min_rounds and wall >= config.budget_s:
            break
    return _timing(per_call, 1)


def time_callable(fn: Callable[[], object], config: TimerConfig = FULL) -> Timing:
    """Times ``fn()`` (calibrated rounds, GC disabled); exceptions from ``fn`` propagate."""
    gc.collect()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        calls = 1
        spent = 0.0
        while True:  # calibrate: grow the round until it lasts about round_s
            elapsed = _round(fn, calls)
            spent += elapsed
            if elapsed >= 0.9 * config.round_s:
                break
            wanted = math.ceil(calls * config.round_s / max(elapsed, 1e-9))
            calls = min(10 * calls, max(calls + 1, wanted))
        while spent < config.warmup_s:
            spent += _round(fn, calls)
        per_call: list[float] = []
        total = 0.0
        while len(per_call) < config.max_rounds:
            elapsed = _round(fn, calls)
            total += elapsed
            per_call.append(elapsed / calls)
            if len(per_call) >= config.min_rounds and total >= config.budget_s:
                break
    finally:
        if gc_was_enabled:
            gc.enable()
    return _timing(per_call, calls)


def _timing(per_call: list[float], calls: int) -> Timing:
    return Timing(
        rounds=len(per_call),
        calls_per_round=calls,
        median_s=statistics.median(per_call),
        min_s=min(per_call),
        mean_s=statistics.fmean(per_call),
        max_s=max(per_call),
        stdev_s=statistics.stdev(per_call) if len(per_call) > 1 else 0.0,
    )
