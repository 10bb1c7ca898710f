"""The whole conversion matrix through the public API: all 64 pairs, LiveKit, threads, fills.

The kernels themselves are tested in ``test_video_packed.py`` (packed pairs) and
``test_yuv.py`` (pairs with I420 or NV12, every ISA build); here the public functions are
checked end to end against the pure-Python reference and LiveKit's ``VideoFrame.convert``.
"""

from __future__ import annotations

import itertools
import types
from typing import Optional

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from livekit import rtc

import lkfast
import lkfast.reference
from lkfast.video.formats import FORMATS, frame_size, layout
from lkfast.video.reference.yuv import rgb_to_yuv

ALL_PAIRS = list(itertools.product(FORMATS[:8], FORMATS[:8]))  # new types: test_video_planar
#: Pairs LiveKit's VideoFrame.convert supports (LIVEKIT_FACTS.md), asserted below.
LIVEKIT_OK = [("RGBA", "BGRA"), ("RGBA", "I420"), ("ARGB", "I420"), ("BGRA", "RGBA"),
              ("BGRA", "I420"), ("RGB24", "I420"), ("I420", "RGBA"), ("I420", "ABGR"),
              ("I420", "ARGB"), ("I420", "BGRA"), ("I420", "RGB24"), ("I420", "I420"),
              ("NV12", "RGBA"), ("NV12", "BGRA"), ("NV12", "I420")]


def random_frame(fmt: str, width: int, height: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, frame_size(fmt, width, height),
                                                dtype=np.uint8)


def gradient_frame(fmt: str, width: int, height: int) -> np.ndarray:
    n = frame_size(fmt, width, height)
    return ((np.arange(n) * 7 + np.arange(n) // max(1, width) * 3) % 256).astype(np.uint8)


@pytest.mark.parametrize(("src", "dst"), ALL_PAIRS)
def test_all_64_pairs_match_the_reference(src: str, dst: str) -> None:
    for width, height in [(1, 1), (2, 2), (3, 5), (8, 3), (17, 9)]:
        frame = random_frame(src, width, height, width * 31 + height)
        got = lkfast.convert(frame, width, height, src, dst)
        want = lkfast.reference.convert(frame, width, height, src, dst)
        assert got.tobytes() == bytes(want), (src, dst, width, height)
        assert got.nbytes == frame_size(dst, width, height)


@pytest.mark.parametrize(("src", "dst"), LIVEKIT_OK)
@pytest.mark.parametrize(("width", "height"), [(1, 1), (7, 5), (64, 48), (641, 3)])
def test_byte_identical_to_livekit(src: str, dst: str, width: int, height: int) -> None:
    for data in (random_frame(src, width, height), gradient_frame(src, width, height)):
        frame = rtc.VideoFrame(width, height, getattr(rtc.VideoBufferType, src), data.tobytes())
        want = bytes(frame.convert(getattr(rtc.VideoBufferType, dst)).data)
        assert lkfast.convert(data, width, height, src, dst).tobytes() == want
        assert bytes(lkfast.convert_frame(frame, dst).data) == want


def test_livekit_supports_exactly_these_pairs() -> None:
    # If a LiveKit release adds a pair, the exactness test above should cover it too. ABGR
    # sources and NV12 -> NV12 abort the process, so they are not called here.
    for src, dst in ALL_PAIRS:
        if src in ("ABGR", "BGR24") or dst == "BGR24" or (src, dst) == ("NV12", "NV12"):
            continue
        frame = rtc.VideoFrame(4, 2, getattr(rtc.VideoBufferType, src),
                               bytes(frame_size(src, 4, 2)))
        try:
            frame.convert(getattr(rtc.VideoBufferType, dst))
        except Exception:
            supported = False
        else:
            supported = True
        assert supported == ((src, dst) in LIVEKIT_OK), (src, dst)


@pytest.mark.parametrize(("src", "dst"), [("RGBA", "I420"), ("I420", "BGRA"), ("NV12", "RGB24"),
                                          ("BGR24", "NV12"), ("I420", "NV12")])
def test_threads_give_identical_yuv_results(src: str, dst: str) -> None:
    for width, height in [(1280, 720), (33, 17)]:
        frame = random_frame(src, width, height)
        one = lkfast.convert(frame, width, height, src, dst, threads=1)
        for threads in (2, 3, 5, None):
            got = lkfast.convert(frame, width, height, src, dst, threads=threads)
            assert np.array_equal(got, one), (threads, width, height)


def test_environment_sets_the_default_thread_count(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    import lkfast.video.conversion as video

    real = video.run_rows

    def spy(kernel, head, tail, height, threads, even, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(threads)
        return real(kernel, head, tail, height, threads, even, **kwargs)

    monkeypatch.setattr(video, "run_rows", spy)
    monkeypatch.setenv("LKFAST_NUM_THREADS", "3")
    frame = random_frame("I420", 1280, 720)
    lkfast.convert(frame, 1280, 720, "I420", "RGBA")
    lkfast.convert(frame[: 640 * 480 * 3 // 2], 640, 480, "I420", "RGBA")
    lkfast.convert(frame, 1280, 720, "I420", "RGBA", threads=2)
    lkfast.convert(frame, 1280, 720, "I420", "NV12")  # a plane move: memcpy speed, from 4K
    assert calls == [3, 1, 2, 1]


@pytest.mark.parametrize("fmt", ["I420", "NV12"])
@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 5), (16, 9), (1280, 720)])
def test_yuv_fill_matches_the_colour(impl: types.ModuleType, fmt: str, width: int,
                                     height: int) -> None:
    if impl is lkfast.reference and width > 100:
        pytest.skip("the reference is covered at small sizes")
    for rgba in [(255, 0, 0), (0, 255, 0, 7), (12, 200, 99), (0, 0, 0), (255, 255, 255)]:
        out = bytearray(frame_size(fmt, width, height))
        impl.fill(out, width, height, fmt, rgba)
        y, u, v = rgb_to_yuv(*rgba[:3])
        planes = layout(fmt, width, height).planes  # type: ignore[arg-type]
        assert out[: width * height] == bytes([y]) * (width * height)
        chroma = ((width + 1) // 2) * ((height + 1) // 2)
        if fmt == "I420":
            assert out[planes[1][0] : planes[2][0]] == bytes([u]) * chroma
            assert out[planes[2][0] :] == bytes([v]) * chroma
        else:
            assert out[planes[1][0] :] == bytes([u, v]) * chroma


def test_yuv_fill_equals_livekit_converting_a_solid_frame() -> None:
    for rgba in [(255, 0, 0, 255), (30, 60, 90, 255), (128, 128, 128, 255)]:
        rgba_frame = lkfast.solid_frame(7, 5, rgba)
        want = bytes(rgba_frame.convert(rtc.VideoBufferType.I420).data)
        assert bytes(lkfast.solid_frame(7, 5, rgba, "I420").data) == want


def test_yuv_fill_threads_and_matrices() -> None:
    a = np.zeros(frame_size("NV12", 1920, 1080), np.uint8)
    b = np.zeros_like(a)
    lkfast.fill(a, 1920, 1080, "NV12", (10, 20, 30), matrix="bt709", full_range=True)
    lkfast.fill(b, 1920, 1080, "NV12", (10, 20, 30), matrix="bt709", full_range=True, threads=4)
    assert np.array_equal(a, b)
    y, u, v = rgb_to_yuv(10, 20, 30, "bt709", True)
    assert a[0] == y and a[1920 * 1080] == u and a[1920 * 1080 + 1] == v


@pytest.mark.parametrize("fmt", ["I420", "NV12"])
def test_solid_yuv_frames_read_back_as_the_colour(fmt: str) -> None:
    frame = lkfast.solid_frame(6, 4, (200, 100, 50), fmt)
    assert frame.type == getattr(rtc.VideoBufferType, fmt)
    rgb = lkfast.to_ndarray(frame, dst_format="RGB24")
    want = lkfast.reference.convert(bytes(frame.data), 6, 4, fmt, "RGB24")
    assert rgb.tobytes() == bytes(want)
    assert np.abs(rgb.astype(int) - [200, 100, 50]).max() <= 3  # YUV rounding only


def test_convert_frame_from_ABGR_does_not_crash() -> None:
    # LiveKit aborts the whole process on any conversion from ABGR; lkfast converts it.
    frame = lkfast.solid_frame(4, 4, (1, 2, 3, 4), "ABGR")
    i420 = lkfast.convert_frame(frame, rtc.VideoBufferType.I420)
    assert i420.type == rtc.VideoBufferType.I420
    assert bytes(i420.data) == bytes(lkfast.solid_frame(4, 4, (1, 2, 3), "I420").data)


def test_yuv_source_size_is_checked(impl: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="src holds 15 bytes; I420 at 3x3 needs 17 bytes"):
        impl.convert(bytes(15), 3, 3, "I420", "RGBA")
    with pytest.raises(ValueError, match="out holds 17 bytes; NV12 at 4x4 needs 24 bytes"):
        impl.convert(bytes(64), 4, 4, "RGBA", "NV12", out=bytearray(17))


def test_yuv_overlap_is_refused() -> None:
    buf = np.zeros(frame_size("I420", 8, 8) * 2, np.uint8)
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.convert(buf[:96], 8, 8, "I420", "NV12", out=buf[10:106])
    with pytest.raises(ValueError, match="overlaps"):
        lkfast.convert(buf[:96], 8, 8, "I420", "I420", out=buf[:96])


@given(width=st.integers(-1, 9), height=st.integers(-1, 9), nbytes=st.integers(0, 400),
       src=st.sampled_from(FORMATS), dst=st.sampled_from(FORMATS),
       out_bytes=st.one_of(st.none(), st.integers(0, 400)),
       matrix=st.sampled_from(["bt601", "bt709"]), full=st.booleans())
@settings(max_examples=300, deadline=None)
def test_fuzzed_arguments_agree_with_reference(width: int, height: int, nbytes: int, src: str,
                                               dst: str, out_bytes: Optional[int], matrix: str,
                                               full: bool) -> None:
    data = bytes(range(7, 256)) * 2
    results = []
    for module in (lkfast, lkfast.reference):
        out = None if out_bytes is None else bytearray(b"\x55" * out_bytes)
        try:
            got = module.convert(data[:nbytes], width, height, src, dst, out=out, matrix=matrix,
                                 full_range=full)
        except (ValueError, TypeError) as exc:
            results.append((type(exc), str(exc), None if out is None else bytes(out)))
        else:
            results.append((None, bytes(got), None if out is None else bytes(out)))
    assert results[0] == results[1]


@given(width=st.integers(1, 40), height=st.integers(1, 12), fmt=st.sampled_from(FORMATS),
       rgba=st.tuples(*[st.integers(0, 255)] * 4), matrix=st.sampled_from(["bt601", "bt709"]),
       full=st.booleans(), threads=st.one_of(st.none(), st.integers(1, 4)))
@settings(max_examples=200, deadline=None)
def test_fuzzed_fills_agree_with_reference(width: int, height: int, fmt: str,
                                           rgba: tuple[int, int, int, int], matrix: str,
                                           full: bool, threads: Optional[int]) -> None:
    a = bytearray(frame_size(fmt, width, height))
    b = bytearray(len(a))
    lkfast.fill(a, width, height, fmt, rgba, matrix=matrix, full_range=full, threads=threads)
    lkfast.reference.fill(b, width, height, fmt, rgba, matrix=matrix, full_range=full)
    assert a == b


@pytest.mark.parametrize(("src", "dst"), [("RGBA", "I420"), ("I420", "BGR24"), ("NV12", "ARGB"),
                                          ("BGRA", "RGB24"), ("RGB24", "NV12")])
@pytest.mark.parametrize(("width", "height"),
                         [(16384, 2), (2, 16384), (16383, 1), (1, 16383), (8191, 3)])
def test_extreme_dimensions(src: str, dst: str, width: int, height: int) -> None:
    frame = random_frame(src, width, height, width + height)
    assert lkfast.convert(frame, width, height, src, dst).tobytes() == \
        bytes(lkfast.reference.convert(frame, width, height, src, dst))


@pytest.mark.parametrize(("src", "dst"), [("BGR24", "I420"), ("I420", "RGBA"), ("NV12", "BGR24"),
                                          ("RGBA", "BGRA")])
@pytest.mark.parametrize(("width", "height"), [(16384, 8), (8, 16384)])
def test_the_widest_frames_convert(src: str, dst: str, width: int, height: int) -> None:
    # A picture that repeats every 64 pixels along the long side (even, so 2x2 chroma blocks
    # repeat too) converts to the repetition of the 64-pixel tile's conversion.
    tw, th = min(width, 64), min(height, 64)
    tile = np.frombuffer(random_frame("RGBA", tw, th, 7), np.uint8).reshape(th, tw, 4)
    whole = np.tile(tile, (height // th, width // tw, 1))
    want = lkfast.convert(lkfast.convert(tile, tw, th, "RGBA", src), tw, th, src, dst)
    got = lkfast.convert(lkfast.convert(whole, width, height, "RGBA", src), width, height, src,
                         dst)
    assert got.size == frame_size(dst, width, height)
    if dst in ("RGBA", "BGRA", "BGR24"):
        bpp = {"RGBA": 4, "BGRA": 4, "BGR24": 3}[dst]
        expected = np.tile(want.reshape(th, tw, bpp), (height // th, width // tw, 1))
        assert (got.reshape(height, width, bpp) == expected).all()
    else:  # I420: each plane is the tiled plane of the tile
        planes = [(tw, th), ((tw + 1) // 2, (th + 1) // 2), ((tw + 1) // 2, (th + 1) // 2)]
        offset = got_offset = 0
        for pw, ph in planes:
            part = want[offset : offset + pw * ph].reshape(ph, pw)
            gw, gh = pw * width // tw, ph * height // th
            whole_part = got[got_offset : got_offset + gw * gh].reshape(gh, gw)
            assert (whole_part == np.tile(part, (height // th, width // tw))).all()
            offset, got_offset = offset + pw * ph, got_offset + gw * gh


@pytest.mark.parametrize("side", [0, 16385])
def test_sides_beyond_16384_are_refused(side: int) -> None:
    for w, h, name in ((side, 8, "width"), (8, side, "height")):
        with pytest.raises(ValueError, match=f"{name} must be between 1 and 16384, got {side}"):
            lkfast.convert(bytes(4), w, h, "RGBA", "I420")
        with pytest.raises(ValueError, match=f"{name} must be between 1 and 16384"):
            lkfast.convert(bytes(4), w, h, "RGBA", "BGRA")


def test_streams_convert_concurrently_from_python_threads() -> None:
    # The kernels release the GIL: several threads converting their own streams at once must
    # each get exactly their own result.
    from concurrent.futures import ThreadPoolExecutor

    jobs = [("I420", "RGBA", 320, 240), ("RGBA", "I420", 322, 180), ("NV12", "BGR24", 64, 64),
            ("BGRA", "RGB24", 100, 50), ("RGB24", "NV12", 33, 31), ("ABGR", "ARGB", 200, 3)]
    frames = [random_frame(s, w, h, i) for i, (s, _, w, h) in enumerate(jobs)]
    want = [lkfast.convert(f, w, h, s, d).tobytes() for f, (s, d, w, h) in zip(frames, jobs)]

    def work(i: int) -> bool:
        s, d, w, h = jobs[i % len(jobs)]
        out = np.empty(frame_size(d, w, h), np.uint8)
        for _ in range(30):
            lkfast.convert(frames[i % len(jobs)], w, h, s, d, out=out, threads=1 + i % 2)
            if out.tobytes() != want[i % len(jobs)]:
                return False
        return True

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert all(pool.map(work, range(12)))
