"""Fuzz the PCM sample kernels against their twins: float <-> int16, channel layout, gain, fade,
levels (the property and the knobs are in tests/fuzzing.py)."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from fuzzing import (
    SAMPLE_DTYPES,
    Guarded,
    agree,
    as_container,
    call,
    containers,
    fuzz_settings,
    misaligned,
    refused,
    samples_array,
    twin,
)
from hypothesis import given
from hypothesis import strategies as st

import lkfast
import lkfast.reference as ref

OUT_MODES = ["none", "none", "exact", "exact", "misaligned", "misaligned", "short", "long",
             "wrong_dtype", "readonly", "strided", "bytearray", "alias_start", "alias_shift"]


def _values(x: Any, dtype: np.dtype) -> np.ndarray:
    """A result (numpy array, array.array, bytes-like) as a flat array of ``dtype``."""
    if isinstance(x, np.ndarray):
        return x.reshape(-1).view(np.uint8).view(dtype) if x.dtype != dtype else x.reshape(-1)
    return np.frombuffer(memoryview(x).cast("B"), dtype=dtype)


def _same(got: Any, want: Any, dtype: np.dtype) -> None:
    g, w = _values(got, dtype), _values(want, dtype)
    assert g.shape == w.shape, (g.shape, w.shape)
    assert np.array_equal(g, w, equal_nan=dtype.kind == "f"), (g, w)


def _count(a: np.ndarray, kind: str) -> int:
    """Samples the kernels see in ``a`` passed as ``kind``: bytes-likes hold int16."""
    if kind in ("bytes", "bytearray") or (a.dtype.itemsize == 1 and a.ndim <= 1
                                           and kind not in ("3d", "fortran")):
        return a.nbytes // 2
    return a.size


def _src_pair(a: np.ndarray, kind: str) -> tuple[Any, Any]:
    """The same input for the kernel and the twin (each its own copy)."""
    return as_container(a, kind), as_container(a.copy(), kind)


def run_unary(kernel: str, fn: Callable[..., Any], twin_fn: Callable[..., Any], a: np.ndarray,
              kind: str, out_mode: str, out_dtype: Any, count: int, *args: Any,
              out_kw: bool = False) -> None:
    """One call of an element-wise or layout kernel ``fn(src, *args, out=...)``; ``count`` is
    the result's sample count when the call is valid, ``out_dtype`` its dtype (None: src's)."""
    dt = np.dtype(out_dtype if out_dtype is not None else
                  (a.dtype if a.dtype in (np.int16, np.float32)
                   and kind not in ("bytes", "bytearray") else np.int16))
    nbytes = count * dt.itemsize

    def invoke(f: Callable[..., Any], src: Any, out: Any, counted: bool) -> Any:
        kw = {"out": out} if out_kw else {}
        pos = () if out_kw else (out,)
        if counted:
            return call(kernel, f, src, *args, *pos, **kw)
        return twin(f, src, *args, *pos, **kw)

    if out_mode.startswith("alias"):
        # src and out share one buffer (out at src's start or a sample further on).
        shift = 0 if out_mode == "alias_start" else dt.itemsize
        size = max(a.nbytes, nbytes + shift)
        results = []
        for counted in (True, False):
            g = Guarded(size)
            g.array[:a.nbytes] = a.reshape(-1).view(np.uint8)
            src = g.array[:a.nbytes].view(a.dtype).reshape(a.shape)
            out = g.array[shift:shift + nbytes]
            out = out.view(dt) if nbytes % dt.itemsize == 0 else out
            r = invoke(fn if counted else twin_fn, src, out, counted)
            g.check()
            results.append((r, g.inner()))
        if agree(results[0][0], results[1][0]):
            assert results[0][1] == results[1][1]
        return

    src_k, src_t = _src_pair(a, kind)
    guard = None
    if out_mode == "none":
        out_k = out_t = None
    elif out_mode in ("exact", "misaligned", "short", "long"):
        n = nbytes + {"short": -dt.itemsize, "long": dt.itemsize}.get(out_mode, 0)
        guard = Guarded(max(n, 0), dt, misalign=1 if out_mode == "misaligned" else 0)
        out_k = guard.array
        out_t = np.zeros(max(n, 0) // dt.itemsize, dt)
    elif out_mode == "wrong_dtype":
        other = np.float64 if dt == np.int16 else np.int32
        out_k, out_t = np.zeros(count, other), np.zeros(count, other)
    elif out_mode == "readonly":
        out_k, out_t = np.zeros(count, dt), np.zeros(count, dt)
        out_k.flags.writeable = out_t.flags.writeable = False
    elif out_mode == "strided":
        out_k, out_t = np.zeros(2 * count, dt)[::2], np.zeros(2 * count, dt)[::2]
    else:  # bytearray: bytes-like outputs hold int16
        out_k, out_t = bytearray(nbytes), bytearray(nbytes)
    got = invoke(fn, src_k, out_k, True)
    want = invoke(twin_fn, src_t, out_t, False)
    if guard is not None:
        guard.check()
    if out_mode == "bytearray" and dt != np.int16 and not refused(got):
        raise AssertionError(f"{kernel} wrote {dt} samples into a bytearray")
    if agree(got, want):
        if out_k is not None:
            assert got is out_k
        elif isinstance(got, np.ndarray):
            assert got.dtype == dt and got.size == count, (got.dtype, got.shape)
        _same(got, want, dt)


@st.composite
def sample_case(draw: Any, max_frames: int = 24) -> tuple[np.ndarray, str, str]:
    dtype = draw(st.sampled_from(SAMPLE_DTYPES))
    if dtype in (np.int16, np.float32, np.float64):
        a = draw(samples_array(dtype, max_frames))
    else:
        n = draw(st.integers(0, 2 * max_frames))
        a = np.arange(n).astype(dtype)
    return a, draw(containers), draw(st.sampled_from(OUT_MODES))


@given(sample_case())
@fuzz_settings()
def test_float_to_int16(case: tuple[np.ndarray, str, str]) -> None:
    a, kind, mode = case
    run_unary("float_to_int16", lkfast.float_to_int16, ref.float_to_int16, a, kind, mode,
              np.int16, a.size)


@given(sample_case())
@fuzz_settings()
def test_int16_to_float32(case: tuple[np.ndarray, str, str]) -> None:
    a, kind, mode = case
    count = _count(a, kind)
    run_unary("int16_to_float32", lkfast.int16_to_float32, ref.int16_to_float32, a, kind, mode,
              np.float32, count)


GAINS = st.one_of(st.floats(-120, 60), st.sampled_from([0.0, -0.0, 6.0206, -200.0, 200.0,
                                                        math.nan, math.inf, -math.inf]),
                  st.sampled_from([None, "6", 1 + 1j, True, 10**400]))


@given(sample_case(), GAINS)
@fuzz_settings()
def test_apply_gain(case: tuple[np.ndarray, str, str], gain: Any) -> None:
    a, kind, mode = case
    count = _count(a, kind)
    run_unary("apply_gain", lkfast.apply_gain, ref.apply_gain, a, kind, mode, None, count, gain)


@given(sample_case(), st.one_of(st.integers(-3, 40), st.sampled_from([2**31, 2**62, 2**64])),
       st.sampled_from(["in", "out", "up", None]),
       st.one_of(st.none(), st.integers(-40, 40), st.sampled_from([2**62, -2**62, 2**64])),
       st.one_of(st.none(), st.integers(0, 9)))
@fuzz_settings()
def test_fade(case: tuple[np.ndarray, str, str], length: Any, direction: Any, start: Any,
              channels: Any) -> None:
    a, kind, mode = case
    count = _count(a, kind)

    def k(src: Any, out: Any = None) -> Any:
        return lkfast.fade(src, length, direction, start, channels, out=out)

    def t(src: Any, out: Any = None) -> Any:
        return ref.fade(src, length, direction, start, channels, out=out)
    run_unary("fade", k, t, a, kind, mode, None, count, out_kw=True)


@given(sample_case(), st.one_of(st.none(), st.integers(-1, 9), st.sampled_from([2**40, 2.0])))
@fuzz_settings()
def test_deinterleave(case: tuple[np.ndarray, str, str], channels: Any) -> None:
    a, kind, mode = case
    count = _count(a, kind)
    run_unary("deinterleave", lambda s, o=None: lkfast.deinterleave(s, channels, o),
              lambda s, o=None: ref.deinterleave(s, channels, o), a, kind, mode, None, count)


@given(sample_case(), st.integers(-1, 9), st.one_of(st.none(), st.integers(0, 9)))
@fuzz_settings()
def test_remix(case: tuple[np.ndarray, str, str], to: int, channels: Any) -> None:
    a, kind, mode = case
    count = _count(a, kind)
    frames_in = (a.shape[1] if a.ndim == 2 else channels or 1) or 1
    out_count = count // frames_in * max(to, 1)
    run_unary("remix", lambda s, o=None: lkfast.remix(s, to, channels, o),
              lambda s, o=None: ref.remix(s, to, channels, o), a, kind, mode, None, out_count)


@given(sample_case(), st.sampled_from(["2d", "list", "tuple", "ragged", "mixed"]))
@fuzz_settings()
def test_interleave(case: tuple[np.ndarray, str, str], layout: str) -> None:
    a, kind, mode = case
    planes = a.T.copy() if a.ndim == 2 else a.reshape(1, -1)
    count = sum(_count(p, "array") for p in planes) if layout != "2d" else _count(planes, kind)

    def arrange(p: np.ndarray) -> Any:
        rows = [as_container(r.copy(), kind) for r in p]
        if layout == "2d":
            return as_container(p, kind) if kind != "list" else p.tolist()
        if layout == "ragged" and len(rows) > 1:
            rows[-1] = rows[-1][:-1] if len(rows[-1]) else rows[-1]
        if layout == "mixed" and len(rows) > 1:
            rows[0] = np.zeros(len(p[0]), np.float32 if p.dtype == np.int16 else np.int16)
        return rows if layout != "tuple" else tuple(rows)
    run_unary("interleave", lambda s, o=None: lkfast.interleave(arrange(planes), o),
              lambda s, o=None: ref.interleave(arrange(planes), o), a, "array", mode, None,
              count)


@given(sample_case(), st.one_of(st.none(), st.integers(-1, 9)))
@fuzz_settings()
def test_levels(case: tuple[np.ndarray, str, str], channels: Any) -> None:
    a, kind, _ = case
    if kind == "misaligned" or a.dtype not in (np.int16, np.float32):
        src = as_container(a, kind)
    else:
        src = misaligned(a) if kind == "readonly" else as_container(a, kind)
    got = call("levels", lkfast.levels, src, channels)
    want = twin(ref.levels, as_container(a.copy(), kind) if kind != "readonly" else a.copy(),
                channels)
    if agree(got, want):
        assert isinstance(got, lkfast.Levels)
        assert len(got.rms_dbfs) == len(want.rms_dbfs) == len(got.peak_dbfs)
        for g, w in zip(got.peak_dbfs + got.rms_dbfs, want.peak_dbfs + want.rms_dbfs):
            assert isinstance(g, float)
            assert (math.isnan(g) and math.isnan(w)) or g == w or math.isclose(
                g, w, rel_tol=1e-12, abs_tol=1e-12), (got, want)


# --- regressions found by the fuzzing above ----------------------------------------------------

def test_misaligned_samples_match_aligned() -> None:
    """Samples 1 byte off their alignment (np.frombuffer(buf, offset=1)) in and out of every
    PCM kernel: the same values as aligned ones. The kernels used to dereference them as
    int16_t * / float *, undefined behaviour that UBSan reports (lk_unaligned.h)."""
    rng = np.random.default_rng(5)
    i16 = rng.integers(-32768, 32768, 37 * 2).astype(np.int16)
    f32 = (i16 / 32768).astype(np.float32)
    calls: list[tuple[Callable[..., Any], Any, tuple[Any, ...], Any]] = [
        (lkfast.float_to_int16, f32, (), np.int16),
        (lkfast.float_to_int16, f32.astype(np.float64), (), np.int16),
        (lkfast.int16_to_float32, i16, (), np.float32),
        (lkfast.apply_gain, i16, (-3.0,), np.int16),
        (lkfast.apply_gain, f32, (-3.0,), np.float32),
        (lambda s, o: lkfast.fade(s, 50, "in", None, 2, o), i16, (), np.int16),
        (lambda s, o: lkfast.fade(s, 50, "out", None, 2, o), f32, (), np.float32),
        (lambda s, o: lkfast.deinterleave(s, 2, o), i16, (), np.int16),
        (lambda s, o: lkfast.remix(s, 1, 2, o), f32, (), np.float32),
        (lambda s, o: lkfast.remix(s.reshape(-1)[:37], 2, 1, o), i16, (), np.int16),
        (lambda s, o: lkfast.interleave([s[:37], s[37:]], o), i16, (), np.int16),
        (lambda s, o: lkfast.mix([s, s], [0.5, 0.25], out=o), i16, (), np.int16),
        (lambda s, o: lkfast.mix([s, s], [0.5, 0.25], out=o), f32, (), np.float32),
    ]
    for fn, src, args, dtype in calls:
        want = np.asarray(fn(src, *args, None)).reshape(-1)
        out = Guarded(want.nbytes, dtype, misalign=1)
        fn(misaligned(src), *args, out.array)
        out.check()
        assert np.array_equal(out.array, want)
    got, want = lkfast.levels(misaligned(i16), 2), lkfast.levels(i16, 2)
    assert got == want
    tone = Guarded(2 * 96, np.int16, misalign=1)
    assert lkfast.SineGenerator(48000, 2).fill(tone.array) == 48
    tone.check()
    aligned = np.zeros(96, np.int16)
    lkfast.SineGenerator(48000, 2).fill(aligned)
    assert np.array_equal(tone.array, aligned)
    framer = lkfast.AudioFramer(48000, 1, 37)
    assert bytes(framer.push(misaligned(f32))[0].data) == lkfast.float_to_int16(f32[:37]).tobytes()
