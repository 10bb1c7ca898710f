"""Packed-pixel conversions and fills: pure Python, numpy, OpenCV, LiveKit, lkfast, memcpy."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.video import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_video(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    if case.isolate or case.note:
        pytest.skip(f"{case.note}: `lkfast bench` reports it (isolated in a child process)")
    benchmark.group = case.group
    benchmark(case.make())
