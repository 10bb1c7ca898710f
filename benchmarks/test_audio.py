"""PCM sample conversion: pure Python vs numpy recipe vs lkfast vs memcpy."""

from __future__ import annotations

import pytest

from lkfast.bench import Case
from lkfast.bench.audio import cases


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_audio(benchmark, case: Case) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = case.group
    benchmark(case.make())
