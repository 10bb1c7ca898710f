"""YUV conversions: the compiled kernels (every ISA build) against the pure-Python reference,
both against LiveKit's own ``VideoFrame.convert``, and the other matrices against the float
formulas."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc

from lkfast._core import variants as _variants
from lkfast.video.formats import CODES, FORMATS, YUV, buffer_type, layout, matrix_code
from lkfast.video.reference.yuv import RGB_TO_YUV, YUV_TO_RGB, convert_yuv, rgb_to_yuv

FORMATS = FORMATS[:8]  # the _yuv kernels' eight; the other four: test_video_planar.py

#: The 28 pairs with I420 or NV12 on either side: 24 packed <-> YUV, 4 YUV <-> YUV.
PAIRS = [(s, d) for s in FORMATS for d in FORMATS if s in YUV or d in YUV]
#: What LiveKit's convert supports among them (the rest raise, or abort the process: NV12 ->
#: NV12 and everything from ABGR are never called here).
LIVEKIT_PAIRS = [("RGBA", "I420"), ("BGRA", "I420"), ("ARGB", "I420"), ("RGB24", "I420"),
                 ("I420", "RGBA"), ("I420", "ABGR"), ("I420", "ARGB"), ("I420", "BGRA"),
                 ("I420", "RGB24"), ("I420", "I420"), ("NV12", "RGBA"), ("NV12", "BGRA"),
                 ("NV12", "I420")]
MATRICES = [("bt601", False), ("bt601", True), ("bt709", False), ("bt709", True)]
KR_KB = {"bt601": (0.299, 0.114), "bt709": (0.2126, 0.0722)}


def _builds() -> list[types.ModuleType]:
    """Every compiled build of the kernels this CPU can run (baseline first)."""
    import importlib

    mods = [importlib.import_module("lkfast.video._yuv")]
    for variant in _variants.supported():
        if variant != _variants.BASELINE:
            try:
                mods.append(importlib.import_module(f"lkfast.video._yuv_{variant}"))
            except ImportError:  # not built for this platform
                pass
    return mods


BUILDS = _builds()


@pytest.fixture(params=BUILDS, ids=lambda m: m.VARIANT)
def build(request: pytest.FixtureRequest) -> types.ModuleType:
    return request.param  # type: ignore[no-any-return]


def compiled(mod: types.ModuleType, src: bytes, w: int, h: int, s: str, d: str,
             matrix: str = "bt601", full_range: bool = False,
             bands: tuple[int, ...] = ()) -> bytes:
    """Convert with ``convert_rows``, in one call or in the row bands split at ``bands``."""
    out = bytearray(layout(d, w, h).size)  # type: ignore[arg-type]
    edges = [0, *bands, h]
    for begin, end in zip(edges, edges[1:]):
        mod.convert_rows(src, out, w, h, CODES[s], CODES[d], begin, end,
                         matrix_code(matrix, full_range))
    return bytes(out)


def reference(src: bytes, w: int, h: int, s: str, d: str, matrix: str = "bt601",
              full_range: bool = False) -> bytes:
    return bytes(convert_yuv(memoryview(src), w, h, s, d, matrix, full_range))


def livekit(src: bytes, w: int, h: int, s: str, d: str) -> bytes:
    frame = rtc.VideoFrame(w, h, buffer_type(s), bytearray(src))
    return bytes(frame.convert(buffer_type(d)).data)


def random_frame(fmt: str, w: int, h: int, seed: int) -> bytes:
    size = layout(fmt, w, h).size  # type: ignore[arg-type]
    return np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes()


def gradient_frame(fmt: str, w: int, h: int) -> bytes:
    """Ramps that cross every value, full black and white, and legal-range limits."""
    size = layout(fmt, w, h).size  # type: ignore[arg-type]
    ramp = (np.arange(size) * 7 + (np.arange(size) // max(w, 1)) * 3) % 256
    ramp[: size // 8] = 0
    ramp[size // 8 : size // 4] = 255
    ramp[size // 4 : size // 4 + size // 16] = 16
    ramp[size // 4 + size // 16 : size // 4 + size // 8] = 235
    return ramp.astype(np.uint8).tobytes()


# ---- compiled == reference ---------------------------------------------------------------

@pytest.mark.parametrize(("s", "d"), PAIRS, ids=lambda p: str(p))
def test_compiled_equals_reference_every_pair_and_matrix(build: types.ModuleType, s: str,
                                                         d: str) -> None:
    for w, h in [(1, 1), (2, 2), (1, 4), (5, 1), (3, 5), (6, 4), (17, 9)]:
        src = random_frame(s, w, h, seed=w * 100 + h)
        for matrix, full in MATRICES:
            assert compiled(build, src, w, h, s, d, matrix, full) == \
                reference(src, w, h, s, d, matrix, full), (w, h, matrix, full)


@pytest.mark.parametrize(("s", "d"), PAIRS, ids=lambda p: str(p))
def test_compiled_equals_reference_across_chunk_edges(build: types.ModuleType, s: str,
                                                      d: str) -> None:
    # The kernels work in runs of 512 pixels: widths around multiples of it, odd and even.
    for w, h in [(513, 3), (1026, 2)]:
        src = random_frame(s, w, h, seed=w + h)
        assert compiled(build, src, w, h, s, d) == reference(src, w, h, s, d), (w, h)


def test_builds_agree_on_a_large_frame() -> None:
    if len(BUILDS) < 2:
        pytest.skip("only the baseline build runs on this CPU")
    w, h = 1283, 37
    for s, d in PAIRS:
        src = random_frame(s, w, h, seed=3)
        for matrix, full in MATRICES:
            outs = {compiled(mod, src, w, h, s, d, matrix, full) for mod in BUILDS}
            assert len(outs) == 1, (s, d, matrix, full)


@settings(max_examples=60, deadline=None)
@given(w=st.integers(1, 24), h=st.integers(1, 12), pair=st.sampled_from(PAIRS),
       matrix=st.sampled_from(MATRICES), seed=st.integers(0, 2**32 - 1))
def test_hypothesis_compiled_equals_reference(w: int, h: int, pair: tuple[str, str],
                                              matrix: tuple[str, bool], seed: int) -> None:
    s, d = pair
    src = random_frame(s, w, h, seed)
    want = reference(src, w, h, s, d, *matrix)
    for mod in BUILDS:
        assert compiled(mod, src, w, h, s, d, *matrix) == want


@pytest.mark.parametrize(("s", "d"), PAIRS, ids=lambda p: str(p))
def test_row_bands_equal_one_call(build: types.ModuleType, s: str, d: str) -> None:
    w, h = 37, 23
    src = random_frame(s, w, h, seed=11)
    whole = compiled(build, src, w, h, s, d)
    for bands in [(2,), (10,), (2, 4, 6, 20), (22,), tuple(range(2, 23, 2))]:
        assert compiled(build, src, w, h, s, d, bands=bands) == whole, bands


def test_a_band_writes_only_its_rows(build: types.ModuleType) -> None:
    w, h = 9, 7
    for s, d in PAIRS:
        src = random_frame(s, w, h, seed=5)
        whole = np.frombuffer(compiled(build, src, w, h, s, d), np.uint8)
        out = np.full(layout(d, w, h).size, 77, np.uint8)  # type: ignore[arg-type]
        build.convert_rows(src, out, w, h, CODES[s], CODES[d], 2, 6, 0)
        written = out != 77
        if d in YUV:
            y_rows = np.zeros(w * h, bool)
            y_rows[2 * w : 6 * w] = True
            assert not written[: w * h][~y_rows].any(), (s, d)
            assert (out[: w * h][y_rows] == whole[: w * h][y_rows]).all(), (s, d)
        else:
            bpp = layout(d, w, 1).size // w  # type: ignore[arg-type]
            assert not written[: 2 * w * bpp].any() and not written[6 * w * bpp :].any()
            assert (out[2 * w * bpp : 6 * w * bpp] == whole[2 * w * bpp : 6 * w * bpp]).all()


def test_out_of_range_arguments_convert_nothing(build: types.ModuleType) -> None:
    src = random_frame("I420", 4, 4, seed=1)
    for args in [(4, 4, CODES["I420"], CODES["RGBA"], 0, 5, 0),  # row_end > height
                 (4, 4, CODES["I420"], CODES["RGBA"], 2, 2, 0),  # empty band
                 (4, 4, CODES["I420"], CODES["RGBA"], 0, 4, 4),  # unknown matrix
                 (4, 4, 8, CODES["RGBA"], 0, 4, 0),  # unknown format
                 (4, 4, CODES["RGBA"], CODES["BGRA"], 0, 4, 0),  # no YUV side
                 (0, 4, CODES["I420"], CODES["RGBA"], 0, 4, 0)]:
        out = bytearray(64)
        build.convert_rows(src, out, *args)
        assert out == bytearray(64), args
    # Buffers too small for the frame: nothing is read or written out of bounds.
    out = bytearray(63)
    build.convert_rows(src, out, 4, 4, CODES["I420"], CODES["RGBA"], 0, 4, 0)
    assert out == bytearray(63)
    out = bytearray(64)
    build.convert_rows(src[:-1], out, 4, 4, CODES["I420"], CODES["RGBA"], 0, 4, 0)
    build.convert_rows(src, out, 1 << 20, 1 << 20, CODES["I420"], CODES["RGBA"], 0, 4, 0)
    assert out == bytearray(64)


# ---- against LiveKit ---------------------------------------------------------------------

LIVEKIT_SIZES = [(1, 1), (2, 2), (1, 5), (5, 1), (3, 5), (4, 6), (33, 17), (64, 3)]


@pytest.mark.parametrize(("s", "d"), LIVEKIT_PAIRS, ids=lambda p: str(p))
def test_reference_equals_livekit(s: str, d: str) -> None:
    for w, h in LIVEKIT_SIZES:
        for src in (random_frame(s, w, h, seed=w * h), gradient_frame(s, w, h)):
            assert reference(src, w, h, s, d) == livekit(src, w, h, s, d), (w, h)


@pytest.mark.parametrize(("s", "d"), LIVEKIT_PAIRS, ids=lambda p: str(p))
def test_compiled_equals_livekit(build: types.ModuleType, s: str, d: str) -> None:
    for w, h in [*LIVEKIT_SIZES, (641, 479), (640, 360)]:
        for src in (random_frame(s, w, h, seed=w + h), gradient_frame(s, w, h)):
            assert compiled(build, src, w, h, s, d) == livekit(src, w, h, s, d), (w, h)


def test_every_yuv_value_converts_as_livekit(build: types.ModuleType) -> None:
    """All 2**24 (Y, U, V) triples through I420 -> RGBA, against LiveKit."""
    w = h = 4096
    uv = np.arange(65536, dtype=np.uint32)
    u = np.repeat((uv >> 8).astype(np.uint8), 64).reshape(2048, 2048)
    v = np.repeat((uv & 255).astype(np.uint8), 64).reshape(2048, 2048)
    k = (np.arange(2048 * 2048) % 64).reshape(2048, 2048)
    y = np.empty((h, w), np.uint8)
    for dy in range(2):
        for dx in range(2):
            y[dy::2, dx::2] = (k * 4 + dy * 2 + dx).astype(np.uint8)
    src = y.tobytes() + u.tobytes() + v.tobytes()
    assert compiled(build, src, w, h, "I420", "RGBA") == livekit(src, w, h, "I420", "RGBA")


def test_every_rgb_value_converts_as_livekit(build: types.ModuleType) -> None:
    """2**22 (R, G, B) as uniform 2x2 blocks through RGBA -> I420, against LiveKit."""
    k = np.arange(1 << 22, dtype=np.uint32)
    rgb = k * 4 + (k >> 12) % 4  # a quarter of them (every R, G; B's low bits vary) is quick
    block = np.stack([rgb >> 16, (rgb >> 8) & 255, rgb & 255, rgb & 255], -1).astype(np.uint8)
    img = np.repeat(np.repeat(block.reshape(2048, 2048, 4), 2, 0), 2, 1)
    src = img.tobytes()
    assert compiled(build, src, 4096, 4096, "RGBA", "I420") == \
        livekit(src, 4096, 4096, "RGBA", "I420")


# ---- other matrices against the float formulas -------------------------------------------

def float_rgb(y: np.ndarray, u: np.ndarray, v: np.ndarray, matrix: str,
              full: bool) -> np.ndarray:
    kr, kb = KR_KB[matrix]
    kg = 1 - kr - kb
    ys, cs = (y.astype(float), 1.0) if full else ((y - 16.0) * 255 / 219, 255 / 224)
    du, dv = (u - 128.0) * cs, (v - 128.0) * cs
    r = ys + 2 * (1 - kr) * dv
    g = ys - 2 * (1 - kb) * kb / kg * du - 2 * (1 - kr) * kr / kg * dv
    b = ys + 2 * (1 - kb) * du
    return np.clip(np.floor(np.stack([r, g, b], -1) + 0.5), 0, 255)


def float_yuv(rgb: np.ndarray, matrix: str, full: bool) -> np.ndarray:
    kr, kb = KR_KB[matrix]
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    luma = kr * r + (1 - kr - kb) * g + kb * b
    sy, sc, oy = (1.0, 1.0, 0.0) if full else (219 / 255, 224 / 255, 16.0)
    out = [oy + sy * luma, 128 + sc * (b - luma) / (2 * (1 - kb)),
           128 + sc * (r - luma) / (2 * (1 - kr))]
    return np.clip(np.floor(np.stack(out, -1) + 0.5), 0, 255)


@pytest.mark.parametrize(("matrix", "full"), MATRICES[1:])
def test_yuv_to_rgb_within_one_of_float(build: types.ModuleType, matrix: str,
                                        full: bool) -> None:
    w, h = 512, 256  # every (Y, U, V) with U, V on a 2-step grid
    uv = np.arange(128 * 256)
    u = (uv // 256 * 2).astype(np.uint8).reshape(128, 256)
    v = (uv % 256).astype(np.uint8).reshape(128, 256)
    y = (np.arange(w * h) % 256).astype(np.uint8).reshape(h, w)
    src = y.tobytes() + u.tobytes() + v.tobytes()
    got = np.frombuffer(compiled(build, src, w, h, "I420", "RGB24", matrix, full), np.uint8)
    up = lambda c: np.repeat(np.repeat(c, 2, 0), 2, 1)  # noqa: E731
    want = float_rgb(y.astype(float), up(u).astype(float), up(v).astype(float), matrix, full)
    assert np.abs(got.reshape(h, w, 3) - want).max() <= 1


@pytest.mark.parametrize(("matrix", "full"), MATRICES[1:])
def test_rgb_to_yuv_within_one_of_float(build: types.ModuleType, matrix: str,
                                        full: bool) -> None:
    w, h = 512, 512
    rgb = np.random.default_rng(9).integers(0, 256, (h, w, 3), dtype=np.uint8)
    got = np.frombuffer(compiled(build, rgb.tobytes(), w, h, "RGB24", "I420", matrix, full),
                        np.uint8)
    want_y = float_yuv(rgb.astype(float), matrix, full)[..., 0]
    assert np.abs(got[: w * h].reshape(h, w) - want_y).max() <= 1
    mean = rgb.astype(float).reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3))
    want_uv = float_yuv(mean, matrix, full)
    n = (w // 2) * (h // 2)
    assert np.abs(got[w * h : w * h + n].reshape(h // 2, w // 2) - want_uv[..., 1]).max() <= 1
    assert np.abs(got[w * h + n :].reshape(h // 2, w // 2) - want_uv[..., 2]).max() <= 1


@pytest.mark.parametrize(("matrix", "full"), MATRICES)
def test_rgb_to_yuv_of_solid_colours(matrix: str, full: bool) -> None:
    rng = np.random.default_rng(2)
    for r, g, b in [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 255, 0), (0, 0, 255),
                    *(tuple(int(c) for c in rng.integers(0, 256, 3)) for _ in range(30))]:
        solid = bytes([r, g, b]) * 6
        frame = reference(solid, 3, 2, "RGB24", "I420", matrix, full)
        assert rgb_to_yuv(r, g, b, matrix, full) == (frame[0], frame[6], frame[8])
        if matrix != "bt601" or full:  # LiveKit's own matrix truncates chroma (+0x8000)
            want = float_yuv(np.array([r, g, b], float), matrix, full)
            assert np.abs(np.array(rgb_to_yuv(r, g, b, matrix, full)) - want).max() <= 1
    assert rgb_to_yuv(255, 255, 255) == (235, 128, 128)
    assert rgb_to_yuv(0, 0, 0, full_range=True) == (0, 128, 128)
    assert rgb_to_yuv(255, 255, 255, "bt709", True) == (255, 128, 128)


def test_constant_tables_are_consistent() -> None:
    for (yr, yg, yb, ybias), u, v, cbias in RGB_TO_YUV:
        assert sum(u) == 0 and sum(v) == 0  # grey keeps U = V = 128
        assert yr + yg + yb in (220, 256)  # white is 235 (limited) or 255 (full)
        # The kernels compute in 16-bit lanes: every sum must stay within 0..65535.
        assert (yr + yg + yb) * 255 + ybias <= 0xFFFF
        for coefs in (u, v):
            assert sum(c for c in coefs if c > 0) * 255 + cbias <= 0xFFFF
            assert sum(c for c in coefs if c < 0) * 255 + cbias >= 0
    assert YUV_TO_RGB[0] == (18997, -1160, 128, 25, 52, 102)  # libyuv kYuvI601Constants


@pytest.mark.parametrize(("args", "words"), [
    ((0, 0, 0, "bt2020"), "unknown matrix"),
    ((256, 0, 0), "r must be an integer from 0 to 255"),
    ((0, 1.0, 0), "g must be"),
    ((0, 0, True), "b must be"),
])
def test_rgb_to_yuv_rejects_bad_input(args: tuple, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        rgb_to_yuv(*args)


def test_reference_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="needs 24"):
        convert_yuv(memoryview(bytes(23)), 4, 4, "I420", "RGBA")
    with pytest.raises(ValueError, match="no YUV side"):
        convert_yuv(memoryview(bytes(64)), 4, 4, "RGBA", "BGRA")
    with pytest.raises(ValueError, match="unknown format 'YUYV'"):
        convert_yuv(memoryview(bytes(64)), 4, 4, "YUYV", "I420")


# ---- the benchmarks compare like with like -----------------------------------------------

@pytest.mark.parametrize(("s", "d"), PAIRS, ids=lambda p: str(p))
def test_bench_numpy_recipe_is_exact(s: str, d: str) -> None:
    from lkfast.bench.yuv import numpy_convert

    w, h = 34, 12
    src = np.frombuffer(random_frame(s, w, h, seed=4), np.uint8)
    out = np.zeros(layout(d, w, h).size, np.uint8)  # type: ignore[arg-type]
    numpy_convert(src, out, w, h, s, d)
    assert out.tobytes() == reference(src.tobytes(), w, h, s, d)


def test_bench_cases_cover_every_impl() -> None:
    from lkfast.bench import all_cases

    cases = all_cases("yuv")
    impls = {c.impl for c in cases}
    assert {"lkfast-1t", "numpy", "memcpy", "pure-python", "livekit"} <= impls
    assert not any(c.impl == "pure-python" and "640x480" not in c.group for c in cases)
    assert not any(c.impl == "livekit" and ("ABGR->" in c.group or "NV12->NV12" in c.group)
                   for c in cases)
    for case in cases:
        if "640x480" in case.group and case.impl != "pure-python":
            case.make()()  # every maker builds and runs


def test_bands_converted_by_parallel_threads_equal_one_call(build: types.ModuleType) -> None:
    from concurrent.futures import ThreadPoolExecutor

    w, h = 641, 479
    edges = [0, 120, 240, 360, h]
    for s, d in [("I420", "RGBA"), ("RGB24", "NV12"), ("NV12", "I420")]:
        src = random_frame(s, w, h, seed=8)
        out = np.zeros(layout(d, w, h).size, np.uint8)  # type: ignore[arg-type]
        jobs = [(src, out, w, h, CODES[s], CODES[d], begin, end, 0)
                for begin, end in zip(edges, edges[1:])]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda args: build.convert_rows(*args), jobs))
        assert out.tobytes() == compiled(build, src, w, h, s, d), (s, d)
