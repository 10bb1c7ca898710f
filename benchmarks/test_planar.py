"""I420A/I422/I444/I010 pairs and strided input: lkfast vs LiveKit vs memcpy (1 thread)."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.planar import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_planar(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
