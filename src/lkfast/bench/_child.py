"""Child process of an isolated benchmark run: ``python -m lkfast.bench._child``.

Reads ``{"config": {...}, "cases": [{"family", "module", "id"}, ...]}`` as JSON on stdin, finds
each case again in ``module.cases()`` by family and id, times it, and writes one JSON line per
event to its stdout: ``{"event": "start"}`` before a case, then ``{"event": "done", "status",
"message", "detail", "timing"}``. Whatever the cases print goes to stderr. If a case kills the
process, the parent sees a start without its done.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import sys
from typing import Any

from lkfast.bench._case import Case
from lkfast.bench._runner import ERROR, Result, run_in_process
from lkfast.bench._timer import TimerConfig


def _find(item: dict[str, str], registry: dict[str, list[Case]]) -> Case | None:
    module = item["module"]
    if module not in registry:
        registry[module] = importlib.import_module(module).cases()
    for case in registry[module]:
        if case.family == item["family"] and case.id == item["id"]:
            return case
    return None


def _event(result: Result) -> dict[str, Any]:
    timing = dataclasses.asdict(result.timing) if result.timing else None
    return {"event": "done", "status": result.status, "message": result.message,
            "detail": result.detail, "timing": timing}


def _error(text: str) -> dict[str, Any]:
    return {"event": "done", "status": ERROR, "message": f"error: {text}", "detail": text,
            "timing": None}


def main() -> int:
    """Serves one request from stdin; returns the exit code."""
    try:  # an abort is expected here: no core file
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # a case's own prints must not corrupt the protocol
    request = json.load(sys.stdin)
    config = TimerConfig(**request["config"])
    registry: dict[str, list[Case]] = {}
    for item in request["cases"]:
        protocol.write(json.dumps({"event": "start"}) + "\n")
        protocol.flush()
        try:
            case = _find(item, registry)
        except Exception as exc:  # the family's module fails to import or list its cases
            event = _error(f"{item['module']}: {type(exc).__name__}: {exc}")
        else:
            if case is None:
                event = _error(f"no case {item['id']!r} in {item['module']}.cases()")
            else:
                event = _event(run_in_process(case, config))
        protocol.write(json.dumps(event) + "\n")
        protocol.flush()
    protocol.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
