# baseline build of the plane scaler (setup.py ISA_VARIANTS).
"""Compiled plane scaler (baseline); the public API is :mod:`lkfast.video.scale`, the taps and the
arithmetic are documented in :mod:`lkfast.video.scaling`; :mod:`lkfast._core.variants` picks the build."""

include "_scale.pxi"
