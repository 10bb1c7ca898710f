"""Video publishing and receiving, in process CPU seconds: LiveKit's docs recipe (pure Python),
numpy, VideoPublisher; received frames to BGR24 arrays; the cost of a capture per format.
And scale_i420 against OpenCV and the pure-Python reference (wall time)."""

from __future__ import annotations

import time

import pytest

from lkfast.bench import Case
from lkfast.bench.publish import CPU_GROUPS, PUBLISH_GROUP, cases

CASES = cases()
CPU = [c for c in CASES if c.group in CPU_GROUPS]
WALL = [c for c in CASES if c.group not in CPU_GROUPS]


@pytest.mark.benchmark(timer=time.process_time)
@pytest.mark.parametrize("case", CPU, ids=lambda c: c.id)
def test_publish_cpu(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    """Each call of a publishing case is one second of 30 fps video (30 captures)."""
    benchmark.group = case.group
    fn = case.make()
    rounds = 5 if case.group == PUBLISH_GROUP else 50
    try:
        benchmark.pedantic(fn, rounds=rounds, iterations=1, warmup_rounds=1)
    finally:
        close = getattr(fn, "close", None)
        if close is not None:
            close()


@pytest.mark.parametrize("case", WALL, ids=lambda c: c.id)
def test_scale(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
