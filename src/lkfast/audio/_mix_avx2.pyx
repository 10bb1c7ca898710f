# AVX2 + FMA build of the mixing kernel (setup.py ISA_VARIANTS); x86-64 only. Import it only
# where the CPU has AVX2 (lkfast._core.variants checks): its code may use AVX2 anywhere.
"""Compiled mixing kernel (AVX2); :mod:`lkfast._core.variants` picks this or _mix."""

include "_mix.pxi"
