# baseline build of the plane scaler (setup.py ISA_VARIANTS).
"""Compiled plane scaler (baseline); the public API is :mod:`lkfast.scale`, the taps and the
arithmetic are documented in :mod:`lkfast._scaling`; :mod:`lkfast._variants` picks the build."""

include "_scale.pxi"
