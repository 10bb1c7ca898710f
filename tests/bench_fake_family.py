"""A tiny benchmark family for ``tests/test_cli_bench.py`` (registered there as "fake").

In-process cases (quick): pure Python, numpy, "lkfast" and memcpy copying 4096 bytes, and
one whose call raises. Isolated cases (full mode only): one that aborts the process like
LiveKit's ABGR conversions, one whose ``make`` raises LiveKit's message, one that works
(and prints, which must not disturb the child's protocol), and, only when the environment
has ``LKFAST_FAKE_HANG=1`` (inherited by the child), one that hangs.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable

import numpy as np

from lkfast.bench import Case

FAMILY = "fake"
GROUP = "copy 4 kB"
OTHER = "other op"
NBYTES = 4096
PANIC = "thread '<unnamed>' panicked at src/video_frame.rs:1:1: not implemented"
LIVEKIT_ERROR = "invalid request: ABGR to RGBA is not supported"


def _pure_python() -> Callable[[], object]:
    src, dst = bytes(range(256)) * 16, bytearray(NBYTES)

    def run() -> None:
        for i in range(0, NBYTES, 64):
            dst[i : i + 64] = src[i : i + 64]

    return run


def _numpy() -> Callable[[], object]:
    src, dst = np.arange(NBYTES, dtype=np.uint8), np.empty(NBYTES, dtype=np.uint8)
    return lambda: np.copyto(dst, src + 1)


def _memcpy() -> Callable[[], object]:
    src, dst = np.arange(NBYTES, dtype=np.uint8), np.empty(NBYTES, dtype=np.uint8)
    return lambda: np.copyto(dst, src)


def _raising_call() -> Callable[[], object]:
    def run() -> None:
        raise ValueError("boom")

    return run


def _aborting() -> Callable[[], object]:
    print(PANIC, file=sys.stderr, flush=True)
    return os.abort


def _raising_make() -> Callable[[], object]:
    raise RuntimeError(LIVEKIT_ERROR)


def _printing_copy() -> Callable[[], object]:
    print("noise on stdout")
    return _memcpy()


def _hanging() -> Callable[[], object]:
    time.sleep(60)
    return _memcpy()


def cases() -> list[Case]:
    if os.environ.get("LKFAST_FAKE_HANG") == "1":
        return [Case(GROUP, "hangs", _hanging, FAMILY, NBYTES, isolate=True)]
    return [
        Case(GROUP, "pure-python", _pure_python, FAMILY, NBYTES),
        Case(GROUP, "numpy", _numpy, FAMILY, NBYTES),
        Case(GROUP, "lkfast", _memcpy, FAMILY, NBYTES, note="a note"),
        Case(GROUP, "memcpy", _memcpy, FAMILY, NBYTES),
        Case(GROUP, "broken", _raising_call, FAMILY, NBYTES),
        Case(GROUP, "livekit", _aborting, FAMILY, NBYTES, quick=False, isolate=True,
             note="ABGR source"),
        Case(GROUP, "livekit-raises", _raising_make, FAMILY, NBYTES, quick=False, isolate=True),
        Case(GROUP, "isolated", _printing_copy, FAMILY, NBYTES, quick=False, isolate=True),
        Case(OTHER, "numpy", _numpy, FAMILY, 0, quick=False),
    ]

