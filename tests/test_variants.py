"""ISA builds of the kernel modules: CPU detection, the import-time choice, ``lkfast info``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

import lkfast.video._yuv
from lkfast import cli
from lkfast._core import variants as _variants
from lkfast._core._buildinfo import cpu_features

KNOWN = {"sse2", "ssse3", "sse4.1", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq",
         "avx512vl", "avx512vbmi"}


def test_cpu_features_are_known_names() -> None:
    features = cpu_features()
    assert set(features) <= KNOWN
    assert features == cpu_features()
    if "avx2" in features:
        assert "avx" in features and "sse2" in features


def test_supported_variants_follow_the_cpu() -> None:
    names = _variants.supported()
    assert names[-1] == _variants.BASELINE
    assert ("avx2" in names) == {"avx2", "fma"}.issubset(cpu_features())
    assert ("avx512" in names) == {"avx512bw", "avx512vl", "avx512vbmi"}.issubset(cpu_features())


def test_load_picks_the_best_build_and_remembers_it() -> None:
    module = _variants.load("lkfast.video._yuv")
    assert module is _variants.load("lkfast.video._yuv")
    variant = _variants.active()["lkfast.video._yuv"]
    assert module.VARIANT == variant
    assert variant in _variants.supported()
    if variant == _variants.BASELINE:
        assert module is lkfast.video._yuv


def _choice_in_child(isa: str) -> str:
    env = dict(os.environ, LKFAST_ISA=isa)
    code = ("from lkfast._core import variants; "
            "print(variants.load('lkfast.video._yuv').VARIANT)")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=False)
    return run.stdout.strip() or run.stderr.strip().splitlines()[-1]


def _runnable(variant: str) -> bool:
    """Whether this CPU runs ``variant`` and this installation has it built."""
    return (variant in _variants.supported()
            and importlib.util.find_spec(f"lkfast.video._yuv_{variant}") is not None)


def test_lkfast_isa_restricts_the_choice() -> None:
    assert _choice_in_child("baseline") == "baseline"
    for variant in _variants.VARIANTS:
        assert _choice_in_child(variant) == (variant if _runnable(variant) else "baseline")
    best = next((v for v in _variants.VARIANTS if _runnable(v)), "baseline")
    assert _choice_in_child("") == best
    assert "LKFAST_ISA='sse9' is not a known variant" in _choice_in_child("sse9")


def test_info_reports_cpu_and_kernel_builds(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"cpu      {' '.join(cpu_features())}" in out
    variant = _variants.active()["lkfast.video._yuv"]
    assert f"kernels  lkfast.video._yuv: {variant} build" in out
    pool = "native pool" if lkfast.video._yuv.NATIVE_POOL else "Python threads"
    assert f"by default, on the {pool} (yuv from 921600 px" in out


def test_ssse3_variant_follows_the_cpu() -> None:
    names = _variants.supported()
    assert ("ssse3" in names) == ("ssse3" in cpu_features())
    assert names.index("ssse3" if "ssse3" in names else "baseline") >= names.index(
        "avx2" if "avx2" in names else names[0])


def test_builds_lists_every_runnable_build_baseline_first() -> None:
    mods = _variants.builds("lkfast.video._yuv")
    assert mods[0] is lkfast.video._yuv
    assert [m.VARIANT for m in mods[1:]] == [
        v for v in _variants.supported() if v != _variants.BASELINE and _runnable(v)]
