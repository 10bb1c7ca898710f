"""Fuzz the stateful and multi-buffer audio kernels against their twins: SineGenerator,
AudioFramer (push/flush over random chunkings), resample / AudioResampler.push, mix (the
property and the knobs are in tests/fuzzing.py)."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
from fuzzing import (
    EDGE_SIZES,
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

RATES = st.one_of(st.sampled_from([8000, 16000, 22050, 24000, 44100, 48000, 96000, 192000]),
                  st.sampled_from([0, -1, 7999, 192001, 2**31, 2**62, 48000.0, "48000", None]))
CHANNELS = st.one_of(st.integers(1, 8), st.sampled_from([0, -1, 9, 2**31, 2.0, None]))


def _frame_values(frames: list[Any]) -> list[tuple[int, int, int, bytes]]:
    return [(f.sample_rate, f.num_channels, f.samples_per_channel,
             bytes(memoryview(f.data).cast("B"))) for f in frames]


@given(RATES, CHANNELS,
       st.one_of(st.floats(0.5, 20000),
                 st.sampled_from([0.0, -1.0, math.nan, math.inf, 1e9, 10**400, "440"])),
       st.one_of(st.floats(0, 1), st.sampled_from([-0.1, 1.1, math.nan, math.inf])),
       st.one_of(st.integers(0, 2**40), st.sampled_from([-1, 2**53, 2**63, 2**64])),
       st.one_of(st.integers(0, 40), st.sampled_from(EDGE_SIZES)),
       st.sampled_from(["exact", "misaligned", "odd_bytes", "readonly", "strided", "float32",
                        "bytearray", "2d"]))
@fuzz_settings()
def test_sine_generator(rate: Any, channels: Any, freq: Any, amp: Any, seek: Any, n: int,
                        mode: str) -> None:
    gen = call("SineGenerator", lkfast.SineGenerator, rate, channels, freq, amp)
    gref = twin(ref.SineGenerator, rate, channels, freq, amp)
    if not agree(gen, gref):
        return
    if not agree(call("SineGenerator", gen.seek, seek), twin(gref.seek, seek)):
        return
    nch = gen.num_channels
    count = n * nch if 0 <= n <= 64 else 7
    nbytes = 2 * count
    guard = None
    if mode in ("exact", "misaligned", "2d"):
        guard = Guarded(nbytes, np.int16, misalign=1 if mode == "misaligned" else 0)
        out = guard.array if mode != "2d" or count % nch else guard.array.reshape(-1, nch)
    elif mode == "odd_bytes":
        guard = Guarded(nbytes + 1)
        out = guard.array
    elif mode == "readonly":
        out = np.zeros(count, np.int16)
        out.flags.writeable = False
    elif mode == "strided":
        out = np.zeros(2 * count, np.int16)[::2]
    elif mode == "float32":
        out = np.zeros(count, np.float32)
    else:
        out = bytearray(nbytes)
    want_out = np.zeros(count, np.int16) if mode in ("exact", "misaligned", "2d",
                                                     "bytearray") else out
    got = call("SineGenerator.fill", gen.fill, out)
    want = twin(gref.fill, want_out)
    if guard is not None:
        guard.check()
    if agree(got, want):
        assert got == want == count // nch
        got_values = (out.reshape(-1) if isinstance(out, np.ndarray)
                      else np.frombuffer(out, np.int16))
        # The contract is within 1 LSB of the closed form (the twin computes it directly).
        assert np.abs(got_values.astype(int) - want_out.astype(int)).max(initial=0) <= 1
        assert gen.position == gref.position
    frame = call("SineGenerator.next_frame", gen.next_frame, n if n != 0 else None)
    frame_ref = twin(gref.next_frame, n if n != 0 else None)
    if agree(frame, frame_ref):
        a = np.frombuffer(frame.data, np.int16).astype(int)
        b = np.frombuffer(frame_ref.data, np.int16).astype(int)
        assert a.shape == b.shape and np.abs(a - b).max(initial=0) <= 1


@st.composite
def chunks(draw: Any) -> list[Any]:
    """Chunks pushed into a framer: int16 bytes of any length (odd too), arrays of any sample
    dtype, wrong buffers."""
    out = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["bytes", "bytes", "int16", "float32", "float64", "2d",
                                     "misaligned", "bad"]))
        if kind == "bytes":
            out.append(draw(st.binary(max_size=41)))
        elif kind in ("int16", "float32", "float64"):
            a = draw(samples_array(np.dtype(kind), 12, 1)).reshape(-1)
            out.append(as_container(a, draw(containers)))
        elif kind == "2d":
            out.append(draw(samples_array(np.int16, 8)))
        elif kind == "misaligned":
            out.append(misaligned(draw(samples_array(np.float32, 8, 1)).reshape(-1)))
        else:
            out.append(draw(st.sampled_from([None, 5, "ab", np.zeros(3, np.int32),
                                             np.zeros((1, 1, 2), np.int16)])))
    return out


@given(RATES, CHANNELS, st.one_of(st.none(), st.integers(-1, 40), st.sampled_from(EDGE_SIZES)),
       chunks(), st.booleans())
@fuzz_settings()
def test_audio_framer(rate: Any, channels: Any, spc: Any, pushes: list[Any],
                      clear: bool) -> None:
    framer = call("AudioFramer", lkfast.AudioFramer, rate, channels, spc)
    fref = twin(ref.AudioFramer, rate, channels, spc)
    if not agree(framer, fref):
        return
    for data in pushes:
        got = call("AudioFramer.push", framer.push, data)
        want = twin(fref.push, data)
        if agree(got, want):
            assert _frame_values(got) == _frame_values(want)
        assert framer.pending_bytes == fref.pending_bytes
    if clear:
        framer.clear()
        fref.clear()
    with warnings.catch_warnings(record=True) as got_warnings:
        warnings.simplefilter("always")
        got = call("AudioFramer.flush", framer.flush)
    with warnings.catch_warnings(record=True) as want_warnings:
        warnings.simplefilter("always")
        want = twin(fref.flush)
    assert len(got_warnings) == len(want_warnings)
    assert agree(got, want) and _frame_values(got) == _frame_values(want)
    assert framer.pending_bytes == 0


QUALITIES = st.sampled_from(["quick", "low", "medium", "high", "very_high", "best", 3])


@given(samples_array(np.int16, 30), st.sampled_from([np.int16, np.float32, np.float64]),
       st.sampled_from(["array", "array", "misaligned", "readonly", "strided", "reversed",
                        "fortran", "3d", "list", "bytes"]),
       RATES, RATES, QUALITIES)
@fuzz_settings(20)
def test_resample(a: np.ndarray, dtype: Any, kind: str, rin: Any, rout: Any,
                  quality: Any) -> None:
    x = (a / 32768).astype(dtype) if dtype != np.int16 else a
    src = as_container(x, kind)
    got = call("resample", lkfast.resample, src, rin, rout, quality=quality)
    if refused(got):
        return  # the twin computes without checking its arguments: nothing to compare
    want = ref.resample(as_container(x.copy(), kind), rin, rout, quality=quality)
    if True:
        assert got.dtype == x.dtype and got.shape[1:] == src.shape[1:]
        assert got.shape[0] == round(src.shape[0] * rout / rin)
        assert np.array_equal(got, want, equal_nan=True)


@given(st.sampled_from([8000, 16000, 44100, 48000]), st.sampled_from([8000, 24000, 48000]),
       st.integers(1, 3), st.sampled_from([np.int16, np.float32]),
       st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["array", "2d", "bytes",
                                                               "misaligned", "wrong"])),
                max_size=5))
@fuzz_settings(20)
def test_audio_resampler_push(rin: int, rout: int, channels: int, dtype: Any,
                              pushes: list[tuple[int, str]]) -> None:
    """Random chunkings through push_array equal the one-shot twin of the whole input."""
    r = lkfast.AudioResampler(rin, rout, channels, quality="quick", dtype=dtype)
    rng = np.random.default_rng(len(pushes))
    pieces, taken = [], []
    for n, kind in pushes:
        x = rng.integers(-32768, 32768, (n, channels)).astype(np.int16)
        x = x if dtype == np.int16 else (x / 32768).astype(np.float32)
        data: Any = {"array": x.reshape(-1), "2d": x, "misaligned": misaligned(x.reshape(-1)),
                     "bytes": x.tobytes(),
                     "wrong": x.astype(np.float64 if dtype == np.int16 else np.int16)}[kind]
        if channels > 1 and kind == "2d":
            data = x
        got = call("AudioResampler.push", r.push_array, data)
        if refused(got):
            continue
        taken.append(x)
        pieces.append(np.asarray(got).reshape(-1))
    pieces.append(r.flush_array().reshape(-1))
    whole = np.concatenate(taken) if taken else np.zeros((0, channels), dtype)
    want = ref.resample(whole if channels > 1 else whole[:, 0], rin, rout, quality="quick")
    assert np.array_equal(np.concatenate(pieces), np.asarray(want).reshape(-1))


@st.composite
def mix_case(draw: Any) -> tuple[list[Any], Any, Any]:
    k = draw(st.integers(0, 5) | st.just(65))
    dtype = draw(st.sampled_from([np.int16, np.int16, np.float32, np.float32, np.float64]))
    n = draw(st.integers(0, 20))
    streams: list[Any] = [np.zeros(n, dtype)] * k if k > 5 else []  # too many: refused
    for _ in range(k if k <= 5 else 0):
        m = n + draw(st.sampled_from([0, 0, 0, 0, 1, -1])) if n else n
        a = draw(samples_array(dtype, max(m, 0), 1)).reshape(-1)[:max(m, 0)]
        streams.append(as_container(a, draw(st.sampled_from(["array", "array", "bytes",
                                                            "misaligned", "readonly",
                                                            "strided", "list"]))))
    gains = draw(st.one_of(st.none(), st.lists(st.floats(-4, 4) | st.sampled_from(
        [math.nan, math.inf, 1001.0, 10**400, "1"]), min_size=k, max_size=k + 1)))
    return streams, gains, draw(st.booleans() | st.just(1))


@given(mix_case(), st.sampled_from(["none", "exact", "misaligned", "short", "alias"]))
@fuzz_settings()
def test_mix(case: tuple[list[Any], Any, Any], mode: str) -> None:
    streams, gains, clip = case
    first = streams[0] if streams else None
    dt = first.dtype if isinstance(first, np.ndarray) else np.dtype(np.int16)
    n = (first.size if isinstance(first, np.ndarray)
         else len(first) // 2 if isinstance(first, bytes) else 0)
    guard, out_k, out_t = None, None, None
    if mode in ("exact", "misaligned", "short"):
        guard = Guarded(max(0, n - (mode == "short")) * dt.itemsize, dt,
                        misalign=mode == "misaligned")
        out_k, out_t = guard.array, np.zeros_like(guard.array)
    streams_t = [s.copy() if isinstance(s, np.ndarray) else s for s in streams]
    if mode == "alias" and isinstance(first, np.ndarray) and first.flags.writeable:
        out_k, out_t = first, streams_t[0]
    got = call("mix", lkfast.mix, streams, gains, out=out_k, clip=clip)
    want = twin(ref.mix, streams_t, gains, out=out_t, clip=clip)
    if guard is not None:
        guard.check()
    if agree(got, want):
        g = np.asarray(got).reshape(-1)
        w = np.frombuffer(memoryview(want).cast("B"), g.dtype)
        assert g.dtype in (np.int16, np.float32) and np.array_equal(g, w, equal_nan=True)


# --- regressions found by the fuzzing above ----------------------------------------------------

def test_huge_ints_as_floats_are_value_errors() -> None:
    """float(10**400) overflows: that was an OverflowError out of check_real/check_gain_db."""
    import pytest

    with pytest.raises(ValueError, match="gain_db"):
        lkfast.apply_gain(np.zeros(4, np.int16), 10**400)
    with pytest.raises(ValueError, match="frequency"):
        lkfast.SineGenerator(48000, 1, 10**400)
    with pytest.raises(ValueError, match=r"gains\[1\]"):
        lkfast.mix([np.zeros(4, np.int16)] * 2, [1.0, -10**400])


def test_the_resample_twin_takes_empty_input() -> None:
    for x in (np.zeros(0, np.int16), np.zeros((0, 2), np.float32)):
        got, want = lkfast.resample(x, 8000, 16000), ref.resample(x, 8000, 16000)
        assert want.shape == got.shape == x.shape and want.dtype == x.dtype
