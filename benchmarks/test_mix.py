"""Mixing: lkfast.mix vs the numpy loop vs the pure-Python twin (8 streams, 10 ms stereo)."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.mix import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_mix(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
