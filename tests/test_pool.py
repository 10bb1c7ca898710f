"""The native thread pool of the row kernels (lkfast._core._pool): bands on worker threads give the
same bytes as one call, calls from several Python threads at once stay correct (one uses the
pool, the others run alone), and a forked child starts its own workers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import types

import numpy as np
import pytest

import lkfast
from lkfast._core import bands as _bands
from lkfast._core import variants as _variants
from lkfast.video.formats import CODES, frame_size

BUILDS = [*_variants.builds("lkfast.video._pixels"), *_variants.builds("lkfast.video._yuv")]


def frame(fmt: str, width: int, height: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, frame_size(fmt, width, height), np.uint8)


def test_linux_builds_have_the_native_pool() -> None:
    if sys.platform.startswith("linux"):
        assert all(build.NATIVE_POOL for build in BUILDS)


@pytest.mark.parametrize("build", BUILDS, ids=lambda m: m.__name__.split(".")[-1])
@pytest.mark.parametrize(("width", "height"), [(37, 1), (64, 2), (101, 33), (640, 97)])
def test_bands_on_the_pool_equal_one_call(build: types.ModuleType, width: int,
                                          height: int) -> None:
    # To YUV, a band must own whole chroma rows (even edges); from YUV every row stands alone.
    pairs = [("I420", "BGRA"), ("RGB24", "NV12")] if "yuv" in build.__name__ else [
        ("RGB24", "ARGB")]
    for src_fmt, dst_fmt in pairs:
        src = frame(src_fmt, width, height, width + height)
        want = np.zeros(frame_size(dst_fmt, width, height), np.uint8)
        build.convert_rows(src, want, width, height, CODES[src_fmt], CODES[dst_fmt], 0, height,
                           0)
        for threads in (2, 3, 4, 7, 64, 200):
            got = np.zeros_like(want)
            build.convert_rows(src, got, width, height, CODES[src_fmt], CODES[dst_fmt], 0,
                               height, 0, threads=threads)
            assert np.array_equal(got, want), (src_fmt, dst_fmt, threads)


@pytest.mark.parametrize("fmt", ["RGB24", "RGBA", "I420", "NV12"])
def test_fills_on_the_pool_equal_one_call(fmt: str) -> None:
    width, height = 333, 77
    pixel = np.array([9, 99, 199, 250][: 3 if fmt in ("RGB24", "I420", "NV12") else 4],
                     np.uint8)
    for build in _variants.builds("lkfast.video._pixels"):
        want = np.zeros(frame_size(fmt, width, height), np.uint8)
        build.fill_rows(want, width, height, CODES[fmt], pixel, 0, height)
        for threads in (2, 3, 8):
            got = np.zeros_like(want)
            build.fill_rows(got, width, height, CODES[fmt], pixel, 0, height, threads=threads)
            assert np.array_equal(got, want), (build.VARIANT, threads)


def test_python_threads_and_native_pool_agree() -> None:
    from lkfast.video.kernels import yuv

    width, height = 320, 181
    src = frame("NV12", width, height, 5)
    outs = []
    for native in (False, True):
        out = np.zeros(frame_size("RGB24", width, height), np.uint8)
        _bands.run_rows(yuv.convert_rows, (src, out, width, height, CODES["NV12"],
                                           CODES["RGB24"]), (0,), height, 3, even=True,
                        native=native)
        outs.append(out)
    assert np.array_equal(outs[0], outs[1])
    assert np.array_equal(outs[0], lkfast.convert(src, width, height, "NV12", "RGB24",
                                                  threads=1))


def test_calls_from_several_python_threads_at_once() -> None:
    width, height = 640, 360
    frames = [frame("I420", width, height, seed) for seed in range(4)]
    wants = [lkfast.convert(f, width, height, "I420", "RGBA", threads=1) for f in frames]
    errors: list[str] = []

    def work(k: int) -> None:
        out = np.empty(frame_size("RGBA", width, height), np.uint8)
        for _ in range(25):
            lkfast.convert(frames[k], width, height, "I420", "RGBA", out=out, threads=2)
            if not np.array_equal(out, wants[k]):
                errors.append(f"thread {k}")
            lkfast.convert(wants[k], width, height, "RGBA", "BGRA", out=out, threads=3)
            if not np.array_equal(out, lkfast.convert(wants[k], width, height, "RGBA", "BGRA",
                                                      threads=1)):
                errors.append(f"thread {k} packed")

    workers = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in workers)
    assert errors == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() here")
def test_a_forked_child_converts_on_its_own_workers() -> None:
    script = textwrap.dedent("""
        import os, sys
        import numpy as np
        import lkfast
        src = np.random.default_rng(1).integers(0, 256, 1280 * 720 * 3 // 2, np.uint8)
        want = lkfast.convert(src, 1280, 720, "I420", "RGBA", threads=1)
        assert np.array_equal(lkfast.convert(src, 1280, 720, "I420", "RGBA", threads=2), want)
        pid = os.fork()
        if pid == 0:
            ok = all(np.array_equal(lkfast.convert(src, 1280, 720, "I420", "RGBA", threads=2),
                                    want) for _ in range(5))
            os._exit(0 if ok else 3)
        _, status = os.waitpid(pid, 0)
        sys.exit(os.waitstatus_to_exitcode(status))
    """)
    done = subprocess.run([sys.executable, "-c", script], timeout=60, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
