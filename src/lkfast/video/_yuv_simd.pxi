# 32-pixel SIMD steps of the YUV kernels (included by _yuv.pxi): packed RGB of two rows to
# their Y and to the chroma row between them (_rgb_to_yuv_simd.pxi); a chroma row and its luma
# rows to packed RGB (_yuv_to_rgb_simd.pxi). Same arithmetic as the planar passes of
# _rgb_to_yuv.pxi and _yuv_to_rgb.pxi (libyuv's, lkfast/video/reference/yuv.py), with the packed
# pixels (de)interleaved by byte shuffles in registers instead of separate passes.
#
# Built on lkfast._core._simd's 32-byte primitives: AVX2, or two SSSE3 halves with the same lane
# semantics, or (only when a test asks for it: LK_SIMD_ARITH is 0) a plain-C emulation. Every
# step reads and writes exactly its own 32 pixels (16 chroma samples); the callers convert the
# rest of a row, odd widths included, with the planar passes.

cdef enum:
    STEP = 32  # pixels per SIMD step
    ZERO = 0x80  # in a shuffle mask: this byte is 0

include "_rgb_to_yuv_simd.pxi"
include "_yuv_to_rgb_simd.pxi"
