"""lkfast.resample / AudioResampler: length, chunk invariance, quality figures, twin equality,
bad input."""

from __future__ import annotations

import numpy as np
import pytest
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast._core import variants
from lkfast.audio import _resample
from lkfast.audio.reference.resample import design as twin_design
from lkfast.audio.resample_quality import QUALITIES, blocks, plan

PAIRS = [(48000, 16000), (48000, 24000), (16000, 48000), (44100, 48000), (48000, 44100),
         (22050, 48000), (8001, 192000), (192000, 8000)]


def _noise(n: int, ch: int, dtype: type, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, ch)) * 0.2
    return (x * 32767).astype(np.int16) if dtype is np.int16 else x.astype(np.float32)


def _stream(r: lkfast.AudioResampler, x: np.ndarray, sizes: list[int]) -> np.ndarray:
    parts, i, j = [], 0, 0
    while i < len(x):
        k = sizes[j % len(sizes)]
        parts.append(r.push_array(x[i:i + k]))
        i, j = i + k, j + 1
    parts.append(r.flush_array())
    return np.concatenate(parts)


@pytest.mark.parametrize(("rin", "rout"), PAIRS)
@pytest.mark.parametrize("dtype", [np.int16, np.float32])
def test_chunk_invariance_and_length(rin: int, rout: int, dtype: type) -> None:
    ch = 2
    x = _noise(rin // 20, ch, dtype)
    whole = lkfast.resample(x, rin, rout)
    assert whole.dtype == dtype and whole.shape == (round(len(x) * rout / rin), ch)
    r = lkfast.AudioResampler(rin, rout, ch, dtype=dtype)
    rng = np.random.default_rng(1)
    for sizes in ([rin // 100], [int(v) for v in rng.integers(1, 400, 50)], [1]):
        xs = x[:300] if sizes == [1] else x
        expect = whole if sizes != [1] else lkfast.resample(xs, rin, rout)
        assert np.array_equal(_stream(r, xs, sizes), expect)


@pytest.mark.parametrize(("rin", "rout"), PAIRS)
def test_kernel_equals_twin(rin: int, rout: int) -> None:
    p = plan(rin, rout)
    table = _resample.design(p.taps, p.rows, p.phases, p.cutoff, p.beta)
    assert np.array_equal(table, twin_design(p.taps, p.rows, p.phases, p.cutoff, p.beta))
    for dtype in (np.int16, np.float32):
        x = _noise(rin // 50, 3, dtype, seed=4)
        assert np.array_equal(lkfast.resample(x, rin, rout),
                              lkfast.reference.resample(x, rin, rout))
        assert np.array_equal(lkfast.resample(x[:, 0], rin, rout),
                              lkfast.reference.resample(x[:, 0], rin, rout))
    loud = np.where(np.arange(rin // 50) % (rin // 500) < rin // 1000, 32767, -32768)
    loud = loud.astype(np.int16)  # a 500 Hz square at full scale
    got = lkfast.resample(loud, rin, rout)  # the overshoot saturates
    assert got.max() == 32767 and got.min() == -32768
    assert np.array_equal(got, lkfast.reference.resample(loud, rin, rout))


@pytest.mark.parametrize(("rin", "rout"), PAIRS)
@pytest.mark.parametrize("dtype", [np.int16, np.float32])
def test_every_isa_build_gives_the_same_bytes(rin: int, rout: int, dtype: type) -> None:
    p = plan(rin, rout)
    table = _resample.design(p.taps, p.rows, p.phases, p.cutoff, p.beta)
    tables = None if p.interpolate else blocks(table, p.up, p.down)
    x = _noise(rin // 25, 3, dtype, seed=5)
    outs = []
    for mod in variants.builds("lkfast.audio._resample"):
        k = mod.Kernel()
        k.setup(table, p.up, p.down, p.phases, p.interpolate, 3, dtype is np.int16, rin, tables)
        outs.append(b"".join(k.push(x[i:i + 97]).tobytes() for i in range(0, len(x), 97)))
    assert len(outs[0]) > 0 and all(o == outs[0] for o in outs)


def _tone(freq: float, rate: int, n: int, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * freq * np.arange(n) / rate)).astype(np.float32)


def test_high_snr_1khz_48k_to_16k() -> None:
    y = lkfast.resample(_tone(1000, 48000, 48000), 48000, 16000).astype(np.float64)
    ideal = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(len(y)) / 16000)
    e = (y - ideal)[400:-400]  # the edges see the zeros before and after the signal
    snr = 10 * np.log10(np.mean(ideal[400:-400] ** 2) / np.mean(e ** 2))
    assert snr >= 90


def test_high_alias_10khz_to_16k() -> None:
    y = lkfast.resample(_tone(10000, 48000, 48000), 48000, 16000).astype(np.float64)
    level = np.sqrt(np.mean(y[400:-400] ** 2)) / (0.5 / np.sqrt(2))
    assert 20 * np.log10(level) <= -80


@pytest.mark.parametrize(("rin", "rout"), [(48000, 16000), (44100, 48000), (16000, 48000)])
def test_high_passband_flat(rin: int, rout: int) -> None:
    nyq = min(rin, rout) / 2
    for f in np.linspace(100, 0.9 * nyq, 7):
        y = lkfast.resample(_tone(f, rin, rin), rin, rout).astype(np.float64)[800:-800]
        t = np.arange(800, 800 + len(y)) / rout
        basis = np.stack([np.sin(2 * np.pi * f * t), np.cos(2 * np.pi * f * t)], axis=1)
        amp = np.hypot(*np.linalg.lstsq(basis, y, rcond=None)[0])
        assert abs(20 * np.log10(amp / 0.5)) <= 0.1, f


def test_int16_saturates_and_nan() -> None:
    x = np.zeros(4800, dtype=np.float32)
    x[1000] = np.nan
    y = lkfast.resample(x, 48000, 16000)
    assert np.isnan(y).any()
    z = lkfast.resample(np.full(4800, 32767, np.int16), 48000, 16000)
    assert z.max() == 32767 and z.dtype == np.int16


def test_frames_api_and_drop_in() -> None:
    x = _noise(4800, 1, np.int16)
    r = lkfast.AudioResampler(48000, 16000, quality=rtc.AudioResamplerQuality.HIGH)
    frames = []
    for i in range(0, 4800, 480):
        f = rtc.AudioFrame(x[i:i + 480].tobytes(), 48000, 1, 480)
        frames += r.push(f)
    frames += r.flush()
    got = np.concatenate([np.frombuffer(f.data, np.int16) for f in frames])
    assert all(f.sample_rate == 16000 and f.num_channels == 1 for f in frames)
    assert np.array_equal(got, lkfast.resample(x, 48000, 16000)[:, 0])


def test_quality_levels_all_work() -> None:
    x = _tone(1000, 48000, 4800)
    for name in QUALITIES:
        assert lkfast.resample(x, 48000, 24000, quality=name).shape == (2400,)


def test_bad_input_rejected_without_losing_state() -> None:
    with pytest.raises(ValueError, match="input_rate"):
        lkfast.AudioResampler(7999, 16000)
    with pytest.raises(TypeError, match="output_rate"):
        lkfast.AudioResampler(48000, 16000.5)
    with pytest.raises(ValueError, match="num_channels"):
        lkfast.AudioResampler(48000, 16000, 9)
    with pytest.raises(ValueError, match="num_channels"):
        lkfast.AudioResampler(48000, 16000, 0)
    with pytest.raises(ValueError, match="quality"):
        lkfast.AudioResampler(48000, 16000, quality="best")
    with pytest.raises(TypeError, match="dtype"):
        lkfast.AudioResampler(48000, 16000, dtype=np.float64)
    with pytest.raises(TypeError, match="samples"):
        lkfast.resample(np.zeros(10), 48000, 16000)
    x = _noise(960, 2, np.int16)
    r = lkfast.AudioResampler(48000, 16000, 2)
    parts = [r.push_array(x[:480])]
    for bad, exc in [(x[480:].astype(np.float32), TypeError), (x[480:, 0], ValueError),
                     (b"\x00" * 6, ValueError),
                     (rtc.AudioFrame(bytes(960), 16000, 1, 480), ValueError),
                     (rtc.AudioFrame(bytes(1920), 48000, 1, 960), ValueError)]:
        with pytest.raises(exc, match="data|frame"):
            r.push_array(bad)
    parts += [r.push_array(x[480:]), r.flush_array()]
    assert np.array_equal(np.concatenate(parts), lkfast.resample(x, 48000, 16000))


def test_audio_arrays_resamples_continuously() -> None:
    import asyncio

    x = _noise(4800, 2, np.int16, seed=7)
    frames = [rtc.AudioFrame(x[i:i + 480].tobytes(), 48000, 2, 480) for i in range(0, 4800, 480)]

    async def gen():  # type: ignore[no-untyped-def]
        for f in frames:
            yield f

    async def main() -> list[np.ndarray]:
        return [a async for a in lkfast.audio_arrays(gen(), np.int16, sample_rate=16000,
                                                      num_channels=1)]

    got = np.concatenate(asyncio.run(main()))
    mono = lkfast.remix(x, 1)
    assert np.array_equal(got, lkfast.resample(mono, 48000, 16000))
