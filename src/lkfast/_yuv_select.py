"""The build of the YUV kernels this CPU runs: ``lkfast._yuv``, ``_yuv_avx2`` or ``_yuv_avx512``.

Chosen once, at first import, by :func:`lkfast._variants.load` (``LKFAST_ISA`` restricts it).
"""

from __future__ import annotations

from types import ModuleType

from lkfast._variants import load

#: The module whose ``convert_rows`` :mod:`lkfast.video` calls for every pair with I420/NV12.
yuv: ModuleType = load("lkfast._yuv")
