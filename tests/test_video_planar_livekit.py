"""lkfast against LiveKit's own ``VideoFrame.convert`` on all 144 pairs, in one child process
(LiveKit aborts the process on I010 and ABGR sources, and on NV12 -> NV12): per pair and size
the child reports ``ok`` (identical bytes), ``diff``, ``raise`` or, by the pair it was in
when it died, ``abort``; aborting pairs are skipped on the next run of the child."""

from __future__ import annotations

import json
import subprocess
import sys

from lkfast.video.formats import FORMATS

LK = [f for f in FORMATS if f != "BGR24"]
#: Odd sizes included: I444ToI420 / I422ToI420 scale chroma with libyuv's ScalePlane there.
SIZES = [(64, 36), (640, 480), (3, 5), (33, 17), (17, 33), (1, 7), (7, 1), (2, 3), (641, 479)]

CHILD = r"""
import json, sys
import numpy as np
from livekit import rtc
import lkfast
from lkfast.video.formats import frame_size
pairs, sizes, skip = json.loads(sys.argv[1])
for s, d in pairs:
    if [s, d] in skip:
        continue
    for w, h in sizes:
        print(json.dumps([s, d, w, h, "start"]), flush=True)
        src = np.random.default_rng(w * h).integers(0, 256, frame_size(s, w, h), dtype=np.uint8)
        frame = rtc.VideoFrame(w, h, getattr(rtc.VideoBufferType, s), src.tobytes())
        try:
            got = bytes(frame.convert(getattr(rtc.VideoBufferType, d)).data)
        except Exception:
            print(json.dumps([s, d, w, h, "raise"]), flush=True)
            continue
        mine = bytes(lkfast.convert(src, w, h, s, d))
        print(json.dumps([s, d, w, h, "ok" if mine == got else "diff"]), flush=True)
"""


def _run_all() -> dict[tuple[str, str, int, int], str]:
    pairs = [[s, d] for s in LK for d in LK]
    skip: list[list[str]] = []
    results: dict[tuple[str, str, int, int], str] = {}
    for _ in range(len(pairs)):
        proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps([pairs, SIZES, skip])],
                              capture_output=True, text=True, timeout=600)
        last = None
        for line in proc.stdout.splitlines():
            s, d, w, h, what = json.loads(line)
            if what == "start":
                last = (s, d, w, h)
            else:
                results[(s, d, w, h)] = what
                last = None
        if proc.returncode == 0:
            break
        assert last is not None, proc.stderr[-2000:]
        results[last] = "abort"
        skip.append([last[0], last[1]])
    return results


def test_identical_to_livekit_wherever_it_converts() -> None:
    results = _run_all()
    ok = {k for k, v in results.items() if v == "ok"}
    diff = {k for k, v in results.items() if v == "diff"}
    assert ok, results
    assert not diff, sorted(diff)
    assert {k[:2] for k in ok} >= {("I444", "I420"), ("I422", "I420"), ("I420", "RGBA")}
    aborts = {k[:2] for k, v in results.items() if v == "abort"}
    assert {p for p in aborts if p[0] not in ("I010", "ABGR")} <= {("NV12", "NV12")}
