"""The public API: every name exported, and the references' signatures equal the kernels'."""

from __future__ import annotations

import inspect

import pytest

import lkfast
import lkfast.reference

KERNELS = ["float_to_int16", "int16_to_float32", "interleave", "deinterleave", "remix",
           "apply_gain", "fade", "levels"]


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


@pytest.mark.parametrize("method", ["push", "flush", "clear"])
def test_framer_signatures(method: str) -> None:
    def params(fn: object) -> list[str]:
        return [p.name for p in inspect.signature(fn).parameters.values()]

    assert params(getattr(lkfast.reference.AudioFramer, method)) == params(
        getattr(lkfast.AudioFramer, method))
