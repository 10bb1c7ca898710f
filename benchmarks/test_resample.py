"""Resampling per 10 ms chunk: lkfast vs soxr vs rtc.AudioResampler."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.resample import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_resample(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
