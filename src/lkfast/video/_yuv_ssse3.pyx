# SSSE3 build of the YUV kernels (setup.py ISA_VARIANTS); x86-64 only. Import it only where the
# CPU has SSSE3 (lkfast._core.variants checks): its code may use SSSE3 anywhere.
"""Compiled YUV conversions (SSSE3); :mod:`lkfast._core.variants` picks this or a faster build."""

include "_yuv.pxi"
