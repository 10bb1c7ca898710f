"""Tone synthesis: pure Python vs numpy (LiveKit docs' recipe) vs lkfast vs memset."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.tone import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_tone(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
