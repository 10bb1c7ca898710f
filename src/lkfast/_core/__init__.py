"""Machinery shared by :mod:`lkfast.audio` and :mod:`lkfast.video` (private).

Buffer acquisition (``_buffer.pxd``), argument checks (:mod:`.checks`), the native thread pool
(``_pool.pxd``) and Python row bands (:mod:`.bands`), SIMD primitives (``_simd.pxd``) and ISA
dispatch (:mod:`.variants`), build information (``_buildinfo``) and result types
(:mod:`.results`). Nothing here imports from ``lkfast.audio`` or ``lkfast.video``.
"""
