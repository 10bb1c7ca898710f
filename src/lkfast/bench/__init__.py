"""Benchmark cases shared by ``benchmarks/`` and ``lkfast bench``.

``FAMILIES`` maps a family name to the module whose ``cases()`` returns its
:class:`~lkfast.bench._case.Case` list.
"""

from __future__ import annotations

import importlib

from lkfast.bench._case import Case

FAMILIES: dict[str, str] = {
    "tone": "lkfast.bench.tone",
    "audio": "lkfast.bench.audio",
    "video": "lkfast.bench.video",
    "yuv": "lkfast.bench.yuv",
    "planar": "lkfast.bench.planar",
    "publish": "lkfast.bench.publish",
    "mix": "lkfast.bench.mix",
    "resample": "lkfast.bench.resample",
    "scale": "lkfast.bench.scale",
    "soak": "lkfast.bench.soak",
}


def all_cases(only: str | None = None) -> list[Case]:
    """Every case of every family (or of the family ``only``)."""
    names = [only] if only else list(FAMILIES)
    cases: list[Case] = []
    for name in names:
        if name not in FAMILIES:
            raise ValueError(f"unknown benchmark family {name!r}; known: {', '.join(FAMILIES)}")
        cases.extend(importlib.import_module(FAMILIES[name]).cases())
    return cases


__all__ = ["Case", "FAMILIES", "all_cases"]
