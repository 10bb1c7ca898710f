"""The builds of the ISA-variant kernel modules this CPU runs (baseline, SSSE3, AVX2 or
AVX-512).

Chosen once, at first import, by :func:`lkfast._core.variants.load` (``LKFAST_ISA`` restricts it).
"""

from __future__ import annotations

from types import ModuleType

from lkfast._core.variants import load

#: Packed-pixel conversions and fills (``convert_rows``, ``fill_rows``, ``try_convert``, ...).
pixels: ModuleType = load("lkfast.video._pixels")
#: Every conversion with I420 or NV12 on either side (``convert_rows``).
yuv: ModuleType = load("lkfast.video._yuv")
#: The plane scaler of :mod:`lkfast.video.scale` (``scale_plane``, ``fill_rect``).
scale: ModuleType = load("lkfast.video._scale")
#: Conversions with I420A, I422, I444 or I010 on a side (``convert_planes``).
planar: ModuleType = load("lkfast.video._planar")
