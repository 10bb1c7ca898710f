# Compiled helpers for the PCM kernels (cimported by them): no Python-level API.

__pyx_capi__: dict[str, object]
