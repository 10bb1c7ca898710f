"""The YUV kernels' 32-pixel SIMD steps (``_yuv_simd.pxi``) in every build: native on AVX2 and
AVX-512, emulated in plain C on the baseline build (``simd=True``), against the reference, the
planar passes (``simd=False``) and LiveKit."""

from __future__ import annotations

import types

import numpy as np
import pytest
from test_yuv import BUILDS, MATRICES, livekit, random_frame, reference

from lkfast.video.formats import CODES, FORMATS, YUV, layout, matrix_code
from lkfast.video.reference.yuv import RGB_TO_YUV, YUV_TO_RGB

FORMATS = FORMATS[:8]  # the _yuv kernels' eight; the other four: test_video_planar.py

#: The 24 pairs between a packed format and I420 or NV12.
STEP_PAIRS = [(s, d) for s in FORMATS for d in FORMATS if (s in YUV) != (d in YUV)]
LIVEKIT_STEP_PAIRS = [("RGBA", "I420"), ("BGRA", "I420"), ("ARGB", "I420"), ("RGB24", "I420"),
                      ("I420", "RGBA"), ("I420", "ABGR"), ("I420", "ARGB"), ("I420", "BGRA"),
                      ("I420", "RGB24"), ("NV12", "RGBA"), ("NV12", "BGRA")]
#: Each build with the SIMD steps and with the planar passes only.
PATHS = [(mod, simd) for mod in BUILDS for simd in (True, False)]


def converted(mod: types.ModuleType, simd: bool, src: bytes, w: int, h: int, s: str, d: str,
              matrix: tuple[str, bool] = ("bt601", False),
              bands: tuple[int, ...] = ()) -> bytes:
    out = bytearray(layout(d, w, h).size)  # type: ignore[arg-type]
    edges = [0, *bands, h]
    for begin, end in zip(edges, edges[1:]):
        mod.convert_rows(src, out, w, h, CODES[s], CODES[d], begin, end, matrix_code(*matrix),
                         simd)
    return bytes(out)


def extreme_frame(fmt: str, w: int, h: int, seed: int) -> bytes:
    """Random bytes, mostly 0, 255 and their neighbours: saturated sums and clamped results."""
    size = layout(fmt, w, h).size  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    values = np.array([0, 1, 2, 16, 127, 128, 129, 235, 240, 253, 254, 255], np.uint8)
    frame = rng.choice(values, size)
    mixed = rng.random(size) < 0.25
    frame[mixed] = rng.integers(0, 256, int(mixed.sum()), dtype=np.uint8)
    return frame.tobytes()


@pytest.mark.parametrize(("s", "d"), STEP_PAIRS, ids=lambda p: str(p))
def test_every_width_to_70_and_odd_heights_equal_the_reference(s: str, d: str) -> None:
    # Steps cover whole runs of 32 pixels and the planar passes the rest: widths 1-70 give
    # 0, 1 and 2 steps with every remainder, odd ones included.
    for w in range(1, 71):
        for h in (1, 2, 3):
            matrix = MATRICES[(w + h) % len(MATRICES)]
            src = (random_frame if w % 2 else extreme_frame)(s, w, h, w * 10 + h)
            want = reference(src, w, h, s, d, *matrix)
            for mod, simd in PATHS:
                assert converted(mod, simd, src, w, h, s, d, matrix) == want, \
                    (mod.VARIANT, simd, w, h, matrix)


@pytest.mark.parametrize(("s", "d"), STEP_PAIRS, ids=lambda p: str(p))
def test_steps_equal_the_planar_passes_on_a_large_frame(s: str, d: str) -> None:
    w, h = 1283, 21
    for seed, make in enumerate((random_frame, extreme_frame)):
        src = make(s, w, h, seed)
        for matrix in MATRICES:
            want = converted(BUILDS[0], False, src, w, h, s, d, matrix)
            for mod, simd in PATHS:
                assert converted(mod, simd, src, w, h, s, d, matrix) == want, \
                    (mod.VARIANT, simd, matrix)


@pytest.mark.parametrize(("s", "d"), LIVEKIT_STEP_PAIRS, ids=lambda p: str(p))
def test_steps_equal_livekit(s: str, d: str) -> None:
    for w, h in [(32, 2), (97, 5), (160, 9)]:
        for src in (random_frame(s, w, h, seed=w), extreme_frame(s, w, h, seed=h)):
            want = livekit(src, w, h, s, d)
            for mod in BUILDS:
                assert converted(mod, True, src, w, h, s, d) == want, (mod.VARIANT, w, h)


@pytest.mark.parametrize(("s", "d"), STEP_PAIRS, ids=lambda p: str(p))
def test_steps_in_row_bands_equal_one_call(s: str, d: str) -> None:
    w, h = 75, 13
    src = random_frame(s, w, h, seed=13)
    for mod, simd in PATHS:
        whole = converted(mod, simd, src, w, h, s, d)
        for bands in [(2,), (4, 8), tuple(range(2, 13, 2))]:
            assert converted(mod, simd, src, w, h, s, d, bands=bands) == whole, bands


def test_steps_convert_every_yuv_value_as_the_planar_passes() -> None:
    """All 2**24 (Y, U, V) triples, I420 -> RGBA and NV12 -> RGB24: saturation and clamps."""
    w = h = 4096
    uv = np.repeat(np.arange(1 << 16, dtype=np.uint32), 64).reshape(h // 2, w // 2)
    u, v = (uv >> 8).astype(np.uint8), (uv & 255).astype(np.uint8)
    # 64 blocks share each (U, V); block k of them holds the Y values 4k .. 4k + 3
    base = (np.arange(uv.size) % 64 * 4).reshape(h // 2, 1, w // 2, 1)
    y = (base + np.array([[0, 1], [2, 3]]).reshape(1, 2, 1, 2)).astype(np.uint8).reshape(h, w)
    i420 = y.tobytes() + u.tobytes() + v.tobytes()
    nv12 = y.tobytes() + np.stack([u, v], -1).tobytes()
    for src, s, d in [(i420, "I420", "RGBA"), (nv12, "NV12", "RGB24")]:
        for matrix in (MATRICES[0], MATRICES[2]):
            want = converted(BUILDS[0], False, src, w, h, s, d, matrix)
            for mod in BUILDS:
                assert converted(mod, True, src, w, h, s, d, matrix) == want, (mod.VARIANT, s)


def test_steps_convert_every_rgb_value_as_the_planar_passes() -> None:
    """2**22 colours as uniform 2x2 blocks, and every byte at every position of a block."""
    k = np.arange(1 << 22, dtype=np.uint32)
    rgb = k * 4 + (k >> 12) % 4
    block = np.stack([rgb >> 16, (rgb >> 8) & 255, rgb & 255, rgb & 255], -1).astype(np.uint8)
    uniform = np.repeat(np.repeat(block.reshape(2048, 2048, 4), 2, 0), 2, 1).tobytes()
    noise = random_frame("RGBA", 4096, 4096, seed=7)
    for src, s, d, matrices in [(uniform, "RGBA", "I420", MATRICES),
                                (noise, "ARGB", "NV12", MATRICES[::3])]:
        for matrix in matrices:
            want = converted(BUILDS[0], False, src, 4096, 4096, s, d, matrix)
            for mod in BUILDS:
                assert converted(mod, True, src, 4096, 4096, s, d, matrix) == want, \
                    (mod.VARIANT, s, d, matrix)


def test_constants_fit_the_steps_byte_multiplies() -> None:
    """The steps multiply bytes by these constants as unsigned bytes (maddubs), adding two
    products in 16 signed bits: each must fit a byte and two of them must not overflow."""
    for (yr, yg, yb, _), _u, _v, _bias in RGB_TO_YUV:
        # Y: coefficient * (byte - 128) for two adjacent bytes of a pixel, any two channels
        for a, b in [(yr, yg), (yg, yb), (yr, yb)]:
            assert 0 <= a <= 255 and 0 <= b <= 255 and (a + b) * 128 <= 32767
    for _yg, _yb, ub, ug, vg, vr in YUV_TO_RGB:
        # chroma terms: ub du, ug du + vg dv, vr dv with du, dv in -128..127
        assert all(0 <= c <= 255 for c in (ub, ug, vg, vr))
        assert max(ub, ug + vg, vr) * 128 <= 32767
