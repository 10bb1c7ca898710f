# AVX-512 build of the resampling kernel (setup.py ISA_VARIANTS); x86-64 only. Import it only
# where the CPU has AVX-512 (lkfast._core.variants checks).
"""Compiled polyphase resampler (AVX-512); :mod:`lkfast._core.variants` picks this or
_resample."""

include "_resample.pxi"
