"""Import the fastest build of a compiled kernel module that the running CPU can execute.

setup.py builds a kernel module ``lkfast._x`` for the baseline ISA and, on x86, again as
``lkfast._x_ssse3``, ``lkfast._x_avx2`` and ``lkfast._x_avx512`` (``ISA_VARIANTS`` there). A
variant module may use its instructions anywhere, even while it is imported, so it is imported
only once the CPU is known to have them. ``LKFAST_ISA=baseline`` (or ``ssse3``, ``avx2``,
``avx512``) restricts the choice, e.g. to test or compare builds.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

from lkfast._core._buildinfo import cpu_features

#: Variant suffix -> CPU features it needs, best first. Keep in step with setup.py.
VARIANTS: dict[str, tuple[str, ...]] = {
    "avx512": ("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512vbmi"),
    "avx2": ("avx2", "fma"),
    "ssse3": ("ssse3",),
}
BASELINE = "baseline"

#: Base module name -> (variant, module) that ``load`` chose.
_loaded: dict[str, tuple[str, ModuleType]] = {}


def supported() -> list[str]:
    """Variants the running CPU can execute, best first, ``"baseline"`` last."""
    have = set(cpu_features())
    return [name for name, needs in VARIANTS.items() if have.issuperset(needs)] + [BASELINE]


def _allowed() -> list[str]:
    wanted = os.environ.get("LKFAST_ISA", "").strip().lower()
    choices = supported()
    if not wanted:
        return choices
    if wanted not in VARIANTS and wanted != BASELINE:
        known = ", ".join([*VARIANTS, BASELINE])
        raise ValueError(f"LKFAST_ISA={wanted!r} is not a known variant; known: {known}")
    # A variant the CPU lacks is never imported: fall back to the baseline.
    return [wanted] if wanted in choices else [BASELINE]


def load(name: str) -> ModuleType:
    """The best importable build of ``name`` (e.g. ``"lkfast.video._yuv"``) for this CPU.

    A variant that was not built here (a non-x86 wheel) is skipped. The choice is made once
    per process.
    """
    if name in _loaded:
        return _loaded[name][1]
    chosen = BASELINE
    module = None
    for variant in _allowed():
        if variant == BASELINE:
            break
        try:
            module = importlib.import_module(f"{name}_{variant}")
        except ImportError:
            continue
        chosen = variant
        break
    if module is None:
        module = importlib.import_module(name)
    _loaded[name] = (chosen, module)
    return module


def builds(name: str) -> list[ModuleType]:
    """Every build of ``name`` this CPU runs and this installation has, baseline first.

    Imports them all, whatever ``LKFAST_ISA`` says: for tests and comparisons of the builds.
    """
    mods = [importlib.import_module(name)]
    for variant in supported():
        if variant != BASELINE:
            try:
                mods.append(importlib.import_module(f"{name}_{variant}"))
            except ImportError:  # not built on this platform
                continue
    return mods


def active() -> dict[str, str]:
    """Variant in use for each module ``load`` has loaded so far."""
    return {name: variant for name, (variant, _) in _loaded.items()}
