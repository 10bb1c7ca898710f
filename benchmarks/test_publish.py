"""Video publishing and receiving, in process CPU seconds: LiveKit's docs recipe (pure Python),
numpy, VideoPublisher; received frames to BGR24 arrays; the cost of a capture per format."""

from __future__ import annotations

import time

import pytest

from lkfast.bench import Case
from lkfast.bench.publish import PUBLISH_GROUP, cases


@pytest.mark.benchmark(timer=time.process_time)
@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_publish(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
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
