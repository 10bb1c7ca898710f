"""The builds of the ISA-variant kernel modules this CPU runs (baseline, SSSE3, AVX2 or
AVX-512).

Chosen once, at first import, by :func:`lkfast._variants.load` (``LKFAST_ISA`` restricts it).
"""

from __future__ import annotations

from types import ModuleType

from lkfast._variants import load

#: Packed-pixel conversions and fills (``convert_rows``, ``fill_rows``, ``try_convert``, ...).
pixels: ModuleType = load("lkfast._pixels")
#: Every conversion with I420 or NV12 on either side (``convert_rows``).
yuv: ModuleType = load("lkfast._yuv")
#: The plane scaler of :mod:`lkfast.scale` (``scale_plane``, ``fill_rect``).
scale: ModuleType = load("lkfast._scale")
