# Baseline build of the resampling kernel; the code is in _resample.pxi.
"""Compiled polyphase resampler; documented in :mod:`lkfast.audio.resampler`."""

include "_resample.pxi"
