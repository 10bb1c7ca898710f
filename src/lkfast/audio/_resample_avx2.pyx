# AVX2 + FMA build of the resampling kernel (setup.py ISA_VARIANTS); x86-64 only. Import it
# only where the CPU has AVX2 (lkfast._core.variants checks): its code may use AVX2 anywhere.
"""Compiled polyphase resampler (AVX2); :mod:`lkfast._core.variants` picks this or _resample."""

include "_resample.pxi"
