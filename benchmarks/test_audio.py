"""Audio: framing, sample kernels (pure Python vs numpy vs lkfast vs memcpy), and CPU per
published stream (LiveKit's docs recipe vs AudioPublisher)."""

from __future__ import annotations

import time

import pytest

from lkfast.bench import Case
from lkfast.bench.audio import CPU_GROUPS, cases

CASES = cases()
WALL = [c for c in CASES if c.group not in CPU_GROUPS]
CPU = [c for c in CASES if c.group in CPU_GROUPS]


@pytest.mark.parametrize("case", WALL, ids=lambda c: c.id)
def test_audio(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())


@pytest.mark.benchmark(timer=time.process_time)
@pytest.mark.parametrize("case", CPU, ids=lambda c: c.id)
def test_audio_cpu(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    """Timed in process CPU seconds: each call is 1 stream-second (see CPU_GROUPS)."""
    benchmark.group = case.group
    streams = case.make()
    try:
        benchmark.pedantic(streams, rounds=20, iterations=1, warmup_rounds=2)
    finally:
        streams.close()  # type: ignore[attr-defined]
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        per_stream = stats.stats.median
        benchmark.extra_info["cpu_percent_per_stream"] = round(100 * per_stream, 3)
        benchmark.extra_info["streams_per_core"] = round(1 / per_stream)
