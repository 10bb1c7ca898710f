"""YUV conversions: pure Python vs numpy vs OpenCV vs LiveKit vs lkfast (1 thread) vs memcpy."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.yuv import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_yuv(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
