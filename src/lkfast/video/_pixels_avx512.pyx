# AVX-512 build of the packed-pixel kernels (setup.py ISA_VARIANTS); x86-64 only. Import it
# only where the CPU has AVX-512 (lkfast._core.variants checks): its code may use it anywhere.
"""Compiled packed-pixel and fill kernels (AVX-512 build); :mod:`lkfast._core.variants` picks it."""

include "_pixels.pxi"
