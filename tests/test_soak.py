"""Soak (short CI setting): frames through the audio publisher (real LiveKit source), framer,
video publisher and conversions with resident memory, threads and file descriptors flat after
the warm-up. ``LKFAST_SOAK_FRAMES=100000`` runs the full soak (``lkfast bench --only soak``
does the same and prints the table)."""

from __future__ import annotations

import os

import pytest

from lkfast.bench import soak

FRAMES = int(os.environ.get("LKFAST_SOAK_FRAMES", "3000"))


@pytest.mark.parametrize("part", list(soak.PARTS))
def test_memory_threads_and_fds_stay_flat(part: str) -> None:
    (result,) = soak.run(FRAMES, [part])
    assert result.part == part and result.frames == FRAMES
    assert result.rss_warm_mb > 0 and result.rss_peak_mb >= result.rss_end_mb
    assert result.growth_mb < soak.MAX_GROWTH_MB, soak.format_result(result)
    assert result.threads_end == result.threads_warm, soak.format_result(result)
    assert result.fds_end == result.fds_warm, soak.format_result(result)
    assert result.ok


def test_a_leak_is_seen() -> None:
    """The watch is not blind: a part that keeps 20 kB per frame fails."""
    kept = []
    watch = soak._Watch("leaky", 1000)
    for i in range(1, 1001):
        kept.append(bytearray(20_000))
        kept[-1][::4096] = b"x" * len(kept[-1][::4096])  # touch the pages
        watch.tick(i)
    result = watch.result()
    assert result.growth_mb > soak.MAX_GROWTH_MB and not result.ok
