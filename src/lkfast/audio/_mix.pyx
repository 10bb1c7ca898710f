# Baseline (SSE2 on x86-64) build of the mixing kernel; the code is in _mix.pxi.
"""Compiled mixing kernel; documented in :mod:`lkfast.audio.mixing`."""

include "_mix.pxi"
