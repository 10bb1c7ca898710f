# AVX2 build of the plane scaler (setup.py ISA_VARIANTS).
# x86-64 only; lkfast._core.variants imports it only where the CPU has the instructions.
"""Compiled plane scaler (AVX2); the public API is :mod:`lkfast.video.scale`, the taps and the
arithmetic are documented in :mod:`lkfast.video.scaling`; :mod:`lkfast._core.variants` picks the build."""

include "_scale.pxi"
