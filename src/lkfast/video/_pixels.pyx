# Baseline build of the packed-pixel kernels (x86-64: SSE2, scalar shuffles; aarch64: NEON).
"""Compiled packed-pixel and fill kernels (baseline ISA); :mod:`lkfast._core.variants` picks this
or a faster build. The public API is :mod:`lkfast.video.conversion`."""

include "_pixels.pxi"
