"""The "publish" benchmark family: registered, every group CPU-timed, cases that run."""

from __future__ import annotations

from lkfast.bench import FAMILIES, all_cases
from lkfast.bench._runner import OK, cpu_timed, run_in_process
from lkfast.bench._timer import TimerConfig
from lkfast.bench.publish import CPU_GROUPS, PUBLISH_GROUP, RECEIVE_GROUP

TINY = TimerConfig(round_s=0.0005, budget_s=0.01, min_rounds=2, max_rounds=3, warmup_s=0.0)


def test_family_is_registered_and_cpu_timed() -> None:
    assert FAMILIES["publish"] == "lkfast.bench.publish"
    cases = all_cases("publish")
    timed = [c for c in cases if cpu_timed(c)]
    assert {c.group for c in timed} == set(CPU_GROUPS)
    assert all(c.group.startswith("scale_i420") for c in cases if c not in timed)
    publishing = [c for c in cases if c.group == PUBLISH_GROUP]
    assert {c.impl for c in publishing} == {"pure-python", "numpy", "lkfast",
                                            "lkfast-new-frames"}
    assert not any(c.quick for c in publishing)  # each call is a second of video


def test_receiving_and_capture_cases_run() -> None:
    cases = [c for c in all_cases("publish") if c.quick and c.impl.startswith("lkfast")]
    assert any(c.group == RECEIVE_GROUP for c in cases)
    for case in cases:
        result = run_in_process(case, TINY)
        assert result.status == OK, result.detail
        assert result.timing is not None and result.timing.median_s > 0
