"""Every build of the packed-pixel kernels this CPU runs (baseline, SSSE3, AVX2, AVX-512), not
only the one ``lkfast.convert`` imported, against the pure-Python reference."""

from __future__ import annotations

import importlib.util
import itertools
import types

import numpy as np
import pytest

from lkfast._core import variants as _variants
from lkfast.video.formats import CODES, frame_size
from lkfast.video.reference.pixels import convert_packed

PACKED = ["RGBA", "BGRA", "ARGB", "ABGR", "RGB24", "BGR24"]
BUILDS = _variants.builds("lkfast.video._pixels")


@pytest.fixture(params=BUILDS, ids=lambda m: m.VARIANT)
def build(request: pytest.FixtureRequest) -> types.ModuleType:
    return request.param  # type: ignore[no-any-return]


def test_every_x86_build_this_cpu_runs_is_tested() -> None:
    built = {m.VARIANT for m in BUILDS}
    assert "baseline" in built
    if importlib.util.find_spec("lkfast.video._pixels_ssse3") is not None:
        assert set(_variants.supported()) <= built


@pytest.mark.parametrize(("s", "d"), list(itertools.product(PACKED, PACKED)))
def test_build_equals_reference_at_every_width(build: types.ModuleType, s: str,
                                                d: str) -> None:
    # 16- and 32-byte blocks, then single pixels: widths 1-80 cover every remainder.
    for w in range(1, 81):
        h = 1 + w % 3
        src = np.random.default_rng(w).integers(0, 256, frame_size(s, w, h), np.uint8)
        out = np.zeros(frame_size(d, w, h), np.uint8)
        build.convert_rows(src, out, w, h, CODES[s], CODES[d], 0, h, 0)
        assert out.tobytes() == convert_packed(src.tobytes(), w * h, s, d), (w, h)


def test_simd_name_matches_the_build(build: types.ModuleType) -> None:
    names = {"baseline": ("scalar", "neon"), "ssse3": ("ssse3",), "avx2": ("avx2",),
             "avx512": ("avx512vbmi",)}
    assert build.simd_name() in names[build.VARIANT]


# Long runs first convert a few pixels so that the vector stores land on aligned addresses:
# every start address modulo 64, on both sides, must give the same bytes and touch nothing
# outside the destination.
ALIGN_W, ALIGN_H = 523, 3  # 1569 pixels: above the aligning threshold, an odd count


@pytest.mark.parametrize(("s", "d"), [(s, d) for s, d in itertools.product(PACKED, PACKED)
                                      if s != d])
def test_build_equals_reference_at_every_alignment(build: types.ModuleType, s: str,
                                                   d: str) -> None:
    w, h = ALIGN_W, ALIGN_H
    src = np.random.default_rng(7).integers(0, 256, frame_size(s, w, h), np.uint8)
    want = np.frombuffer(bytes(convert_packed(src.tobytes(), w * h, s, d)), np.uint8)
    n_src, n_dst = src.size, want.size
    src_big = np.empty(n_src + 64, np.uint8)
    for offset in range(64):
        src_off = (offset * 7) % 64
        src_big[src_off:src_off + n_src] = src
        guard = np.full(n_dst + 64, 0xA5, np.uint8)
        build.convert_rows(src_big[src_off:src_off + n_src], guard[offset:offset + n_dst], w, h,
                           CODES[s], CODES[d], 0, h, 0)
        assert np.array_equal(guard[offset:offset + n_dst], want), (offset, src_off)
        assert (guard[:offset] == 0xA5).all() and (guard[offset + n_dst:] == 0xA5).all()


@pytest.mark.parametrize("fmt", PACKED)
def test_build_fills_at_every_alignment(build: types.ModuleType, fmt: str) -> None:
    w, h = ALIGN_W, ALIGN_H
    n = frame_size(fmt, w, h)
    bpp = n // (w * h)
    pixel = np.array([11, 22, 33, 44][:bpp], np.uint8)
    for offset in range(64):
        guard = np.full(n + 64, 0xA5, np.uint8)
        build.fill_rows(guard[offset:offset + n], w, h, CODES[fmt], pixel, 0, h)
        assert np.array_equal(guard[offset:offset + n], np.tile(pixel, w * h)), offset
        assert (guard[:offset] == 0xA5).all() and (guard[offset + n:] == 0xA5).all()
