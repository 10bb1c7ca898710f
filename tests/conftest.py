"""Fixtures shared by the tests."""

from __future__ import annotations

import types

import pytest

import lkfast
import lkfast.reference


@pytest.fixture(params=["compiled", "reference"])
def impl(request: pytest.FixtureRequest) -> types.ModuleType:
    """The compiled package or its pure-Python reference: same names, same contract."""
    return lkfast if request.param == "compiled" else lkfast.reference
