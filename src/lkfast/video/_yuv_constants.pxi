# Constants of the YUV kernels (included by _yuv.pxi first): chunk sizes, format codes, the
# bias that keeps YUV -> RGB sums unsigned, libyuv's fixed-point coefficients of each colour
# matrix in both directions (ToRgb, ToYuv), the channel offsets of the packed formats and an
# opaque alpha plane. New formats or bit depths add their codes and constants here.

from libc.stdint cimport int16_t, uint8_t, uint16_t
from libc.string cimport memset

cdef enum:
    # Pixels per pass: scratch rows of this length stay in L1; even, so chunks own whole
    # chroma samples.
    CHUNK = 512
    HALF_CHUNK = 256  # chroma samples per chunk
    PAIRS = 257  # uint16 pairs per chunk row of byte planes, with room for an odd-width pad
    # Format codes (lkfast.video.formats.CODES).
    F_RGBA = 0
    F_BGRA = 1
    F_ARGB = 2
    F_ABGR = 3
    F_RGB24 = 4
    F_BGR24 = 5
    F_I420 = 6
    F_NV12 = 7
    # YUV -> RGB sums are kept as uint16 with this bias (a multiple of 64) added, so that
    # libyuv's signed 16-bit range (-18440 to 34981 with these constants) fits without the
    # saturating adds C lacks: (x + BIAS) >> 6 == (x >> 6) + BIAS / 64 exactly.
    BIAS = 18496
    BIAS_STEPS = 289  # BIAS // 64


cdef struct ToRgb:
    # y1 = ((y * 0x0101 * yg) >> 16) + yb; B = (y1 + ub*u) >> 6, G = (y1 - ug*u - vg*v) >> 6,
    # R = (y1 + vr*v) >> 6 with u, v = U - 128, V - 128 (libyuv's YuvConstants).
    uint16_t yg
    int16_t yb
    int16_t ub
    int16_t ug
    int16_t vg
    int16_t vr


cdef struct ToYuv:
    # Y = (yr R + yg G + yb B + ybias) >> 8 per pixel; U, V from the 2x2 block average with
    # coefficients (ur, ug, ub), (vr, vg, vb) and cbias, all in 16-bit arithmetic.
    uint16_t yr
    uint16_t yg
    uint16_t yb
    uint16_t ybias
    int16_t ur
    int16_t ug
    int16_t ub
    int16_t vr
    int16_t vg
    int16_t vb
    uint16_t cbias


# Per matrix code (formats.matrix_code): bt601 limited (LiveKit's), bt601 full, bt709 limited,
# bt709 full. Same values as lkfast.video.reference.yuv.YUV_TO_RGB / RGB_TO_YUV.
cdef ToRgb TO_RGB[4]
TO_RGB[0] = ToRgb(18997, -1160, 128, 25, 52, 102)
TO_RGB[1] = ToRgb(16320, 32, 113, 22, 46, 90)
TO_RGB[2] = ToRgb(18997, -1160, 135, 14, 34, 115)
TO_RGB[3] = ToRgb(16320, 32, 119, 12, 30, 101)

cdef ToYuv TO_YUV[4]
TO_YUV[0] = ToYuv(66, 129, 25, 0x1080, -38, -74, 112, 112, -94, -18, 0x8000)
TO_YUV[1] = ToYuv(77, 150, 29, 0x80, -43, -85, 128, 128, -107, -21, 0x807F)
TO_YUV[2] = ToYuv(47, 157, 16, 0x1080, -26, -87, 113, 112, -102, -10, 0x807F)
TO_YUV[3] = ToYuv(54, 183, 19, 0x80, -29, -99, 128, 128, -116, -12, 0x807F)

# Byte offsets of R, G, B and A (-1: none) in each packed format (formats.CHANNEL_OFFSETS).
cdef int OFFSETS[6][4]
OFFSETS[F_RGBA] = [0, 1, 2, 3]
OFFSETS[F_BGRA] = [2, 1, 0, 3]
OFFSETS[F_ARGB] = [1, 2, 3, 0]
OFFSETS[F_ABGR] = [3, 2, 1, 0]
OFFSETS[F_RGB24] = [0, 1, 2, -1]
OFFSETS[F_BGR24] = [2, 1, 0, -1]

# The alpha "plane" packed into 4-byte outputs.
cdef uint8_t OPAQUE[CHUNK]
memset(OPAQUE, 255, CHUNK)
