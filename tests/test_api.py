"""The public API: every name exported, and the references' signatures equal the kernels'."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import lkfast
import lkfast.reference
from lkfast import _moved

KERNELS = ["float_to_int16", "int16_to_float32", "interleave", "deinterleave", "remix",
           "apply_gain", "fade", "levels", "mix", "resample"]


def test_export_lists_are_the_media_lists() -> None:
    import lkfast.audio.reference
    import lkfast.video.reference

    assert sorted(lkfast.__all__) == sorted(
        [*lkfast.audio.__all__, *lkfast.video.__all__, "__version__"])
    assert sorted(lkfast.reference.__all__) == sorted(
        [*lkfast.audio.reference.__all__, *lkfast.video.reference.__all__, "Levels"])


def test_exports() -> None:
    for name in lkfast.__all__:
        assert hasattr(lkfast, name), name
    for name in lkfast.reference.__all__:
        assert hasattr(lkfast, name), f"lkfast.reference.{name} has no compiled twin"
    assert set(KERNELS) <= set(lkfast.reference.__all__)


@pytest.mark.parametrize("name", KERNELS)
def test_reference_signature_equals_the_kernel(name: str) -> None:
    def params(fn: object) -> list[tuple[str, object]]:
        return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]

    assert params(getattr(lkfast.reference, name)) == params(getattr(lkfast, name))


@pytest.mark.parametrize("method", ["push", "write", "flush", "clear"])
def test_framer_signatures(method: str) -> None:
    def params(fn: object) -> list[str]:
        return [p.name for p in inspect.signature(fn).parameters.values()]

    assert params(getattr(lkfast.reference.AudioFramer, method)) == params(
        getattr(lkfast.AudioFramer, method))


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_old_module_paths_import_the_moved_module(old: str) -> None:
    code = (f"import importlib, {old}; new = importlib.import_module({_moved.MOVED[old]!r}); "
            f"assert importlib.import_module({old!r}) is new; "
            f"from {old} import __name__ as name; print(name)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == _moved.MOVED[old]

