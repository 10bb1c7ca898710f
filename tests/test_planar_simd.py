"""The planar kernels' 32-pixel SIMD steps to packed RGB (``_planar_simd.pxi``: I420A with its
alpha, I444's per-pixel chroma, I010's 10-bit samples) in every build: native on SSSE3, AVX2
and AVX-512, emulated in plain C on the baseline build (``simd=True``), against the pure-Python
twin and the planar passes (``simd=False``)."""

from __future__ import annotations

import importlib
import types

import numpy as np
import pytest

from lkfast._core import variants as _variants
from lkfast.video.formats import CODES, layout, matrix_code, plane_shapes
from lkfast.video.planar_conversion import split
from lkfast.video.reference.planar import convert_planar, convert_planes

PACKED = ["RGBA", "BGRA", "ARGB", "ABGR", "RGB24", "BGR24"]
SOURCES = ["I420A", "I422", "I444", "I010"]
MATRICES = [("bt601", False), ("bt601", True), ("bt709", False), ("bt709", True)]


def _builds() -> list[types.ModuleType]:
    """Every compiled build of the planar kernels this CPU can run (baseline first)."""
    mods = [importlib.import_module("lkfast.video._planar")]
    for variant in _variants.supported():
        if variant != _variants.BASELINE:
            try:
                mods.append(importlib.import_module(f"lkfast.video._planar_{variant}"))
            except ImportError:  # not built for this platform
                pass
    return mods


BUILDS = _builds()
#: Each build with the SIMD steps and with the planar passes only.
PATHS = [(mod, simd) for mod in BUILDS for simd in (True, False)]


def frame(fmt: str, w: int, h: int, seed: int) -> bytes:
    """Random samples, a third of them extremes (0, 255 and neighbours; I010: 0, 1023 and
    samples above 1023, which clamp)."""
    size = layout(fmt, w, h).size  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    if fmt == "I010":
        values = np.array([0, 1, 3, 4, 64, 511, 512, 940, 1020, 1023, 1024, 1027, 4095, 32767,
                           32768, 65535], np.uint16)
        data = rng.integers(0, 1024, size // 2, dtype=np.uint16)
        extreme = rng.random(size // 2) < 0.33
        data[extreme] = rng.choice(values, int(extreme.sum()))
        return data.astype("<u2").tobytes()
    values = np.array([0, 1, 2, 16, 127, 128, 129, 235, 240, 253, 254, 255], np.uint8)
    data = rng.integers(0, 256, size, dtype=np.uint8)
    extreme = rng.random(size) < 0.33
    data[extreme] = rng.choice(values, int(extreme.sum()))
    return data.tobytes()


def converted(mod: types.ModuleType, simd: bool, src: bytes, w: int, h: int, s: str, d: str,
              matrix: int, bands: tuple[int, ...] = ()) -> bytes:
    out = bytearray(layout(d, w, h).size)  # type: ignore[arg-type]
    sp, ss = split(memoryview(src), s, w, h)  # type: ignore[arg-type]
    dp, ds = split(memoryview(out), d, w, h)  # type: ignore[arg-type]
    edges = [0, *bands, h]
    for begin, end in zip(edges, edges[1:]):
        mod.convert_planes(sp, ss, dp, ds, w, h, CODES[s], CODES[d], begin, end, matrix, simd)
    return bytes(out)


def test_every_isa_build_is_here() -> None:
    # On this x86 machine the baseline and at least the SSSE3 build load (AVX2 and AVX-512
    # where the CPU has them), so the steps run natively, not only emulated.
    assert BUILDS[0].VARIANT == _variants.BASELINE
    assert {m.VARIANT for m in BUILDS} == set(_variants.supported())


@pytest.mark.parametrize("d", PACKED)
@pytest.mark.parametrize("s", SOURCES)
def test_every_width_to_70_and_odd_heights_equal_the_twin(s: str, d: str) -> None:
    # A step converts 32 pixels and the planar passes the rest: widths 1-70 give 0, 1 and 2
    # steps with every remainder.
    for w in range(1, 71):
        for h in (1, 3):
            matrix = matrix_code(*MATRICES[(w + h) % len(MATRICES)])
            src = frame(s, w, h, w * 10 + h)
            want = bytes(convert_planar(src, w, h, s, d, matrix))  # type: ignore[arg-type]
            for mod, simd in PATHS:
                assert converted(mod, simd, src, w, h, s, d, matrix) == want, \
                    (mod.VARIANT, simd, w, h, matrix)


@pytest.mark.parametrize("d", PACKED)
@pytest.mark.parametrize("s", SOURCES)
def test_steps_equal_the_planar_passes_on_a_large_frame(s: str, d: str) -> None:
    w, h = 1283, 7
    src = frame(s, w, h, 5)
    for matrix in range(4):
        want = converted(BUILDS[0], False, src, w, h, s, d, matrix)
        for mod, simd in PATHS:
            assert converted(mod, simd, src, w, h, s, d, matrix, bands=(2, 4)) == want, \
                (mod.VARIANT, simd, matrix)


@pytest.mark.parametrize("mod", BUILDS, ids=lambda m: m.VARIANT)
def test_i420a_alpha_and_i010_clamp_reach_the_output(mod: types.ModuleType) -> None:
    w, h = 64, 2
    # I420A: every pixel's alpha byte is its A sample, through the steps too.
    src = bytearray(frame("I420A", w, h, 1))
    a_off = layout("I420A", w, h).planes[3][0]
    src[a_off:a_off + w * h] = bytes(range(w * h))
    out = converted(mod, True, bytes(src), w, h, "I420A", "ARGB", 0)
    assert out[0::4] == bytes(range(w * h))
    # I010: samples above 1023 give what 1023 gives.
    grey = np.full(layout("I010", w, h).size // 2, 512, "<u2")  # type: ignore[arg-type]
    grey[: w * h] = 1023
    high = grey.copy()
    high[: w * h: 3] = 0xFFFF
    high[1: w * h: 3] = 1024
    assert converted(mod, True, high.tobytes(), w, h, "I010", "RGBA", 0) == \
        converted(mod, True, grey.tobytes(), w, h, "I010", "RGBA", 0) == bytes([255] * 4 * w * h)


@pytest.mark.parametrize("s", SOURCES)
def test_padded_rows_at_odd_offsets_equal_the_twin(s: str) -> None:
    # Each plane starts at an odd address and its rows are 1-9 bytes longer than their data,
    # so the steps' loads and stores are unaligned and follow each plane's own stride.
    w, h = 67, 5
    shapes = plane_shapes(s, w, h)  # type: ignore[arg-type]
    strides = [row + 1 + 2 * i for i, (row, _) in enumerate(shapes)]
    planes = []
    for (row, rows), stride in zip(shapes, strides):
        data = frame("I010" if s == "I010" else "I444", stride, rows + 1, row)
        planes.append(memoryview(bytearray(data[:1 + stride * rows]))[1:])
    for d in ("RGBA", "ABGR", "BGR24"):
        stride = w * (4 if "A" in d else 3) + 5
        want = bytearray(stride * h)
        convert_planes(planes, strides, [want], [stride], w, h, CODES[s], CODES[d], 0, h, 0)
        for mod, simd in PATHS:
            got = bytearray(stride * h)
            mod.convert_planes(planes, strides, [got], [stride], w, h, CODES[s], CODES[d], 0, h,
                               0, simd)
            assert got == want, (mod.VARIANT, simd, d)
        assert len(set(bytes(want))) > 10  # not a blank frame
