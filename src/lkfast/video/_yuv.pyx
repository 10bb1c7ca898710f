# Baseline build of the YUV kernels (x86-64: SSE2; any other CPU: its default ISA).
"""Compiled YUV conversions (baseline ISA); :mod:`lkfast._core.variants` picks this or _yuv_avx2."""

include "_yuv.pxi"
