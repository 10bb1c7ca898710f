# SSSE3 build of the planar kernels (setup.py ISA_VARIANTS); lkfast._core.variants picks one.
"""Compiled conversions with I420A, I422, I444 or I010 on a side (SSSE3)."""

include "_planar.pxi"
