# AVX-512 (F/BW/DQ/VL/VBMI) build of the YUV kernels (setup.py ISA_VARIANTS); x86-64 only.
# Import it only where the CPU has those (lkfast._core.variants checks).
"""Compiled YUV conversions (AVX-512); :mod:`lkfast._core.variants` picks this, _yuv_avx2 or _yuv."""

include "_yuv.pxi"
