"""Declares lkfast's compiled extensions; all metadata lives in pyproject.toml.

Every ``src/lkfast/**/_*.pyx`` becomes the extension named by its path
(``src/lkfast/video/_yuv.pyx`` -> ``lkfast.video._yuv``). Cython finds ``cimport`` and
``include`` targets, and the C compiler ``#include`` headers, by their full path under ``src``
(``lkfast/_core/_variant.pxi``, ``lkfast/_core/simd/lk_v32.h``).

ISA variants: a kernel module can also be built for newer x86-64 CPUs. Put its code in
``_x.pxi``, and make ``_x.pyx`` and any of ``_x_ssse3.pyx``, ``_x_avx2.pyx`` and
``_x_avx512.pyx`` each just ``include "_x.pxi"``; each suffixed module is compiled with its
flags in ``ISA_VARIANTS`` (and skipped when the target is not x86), and
``lkfast._core.variants.load("lkfast.video._x")`` imports the best build the running CPU supports.
``.pxi`` files ship in the sdist.

Environment flags:
    LKFAST_DEBUG=1    annotate (.html), linetrace and bounds/wraparound checks, -O0 -g.
    LKFAST_NATIVE=1   add -march=native (a local build only; never for a wheel).
"""

from __future__ import annotations

import os
import platform
import re
import sys
import sysconfig
from glob import glob

from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

DEBUG = os.environ.get("LKFAST_DEBUG", "") not in ("", "0")
NATIVE = os.environ.get("LKFAST_NATIVE", "") not in ("", "0")

# No fused multiply-add contraction: the kernels must round exactly like their pure-Python
# references on every architecture (aarch64 and -march=native builds would contract).
GCC_FLAGS = ["-O0", "-g"] if DEBUG else ["-O3"]
GCC_FLAGS.append("-ffp-contract=off")
if NATIVE and not DEBUG:
    GCC_FLAGS.append("-march=native")
MSVC_FLAGS = ["/Od", "/Zi"] if DEBUG else ["/O2"]

#: Module-name suffix -> extra compiler flags (gcc/clang, msvc). Keep in step with
#: ``lkfast._core.variants.VARIANTS``, which names the CPU features each suffix needs.
ISA_VARIANTS: dict[str, dict[str, list[str]]] = {
    # Core 2 / Atom and later without AVX2: byte shuffles (pshufb) and pmaddubsw. MSVC has no
    # SSSE3 switch (its intrinsics need none): the macro tells the code it may use them.
    "ssse3": {"unix": ["-mssse3"], "msvc": ["/DLKFAST_SSSE3"]},
    "avx2": {"unix": ["-mavx2", "-mfma"], "msvc": ["/arch:AVX2"]},
    # Ice Lake / Zen 4 and later: AVX-512 with VBMI's byte permutes, in 256-bit vectors.
    "avx512": {"unix": ["-mavx2", "-mfma", "-mavx512f", "-mavx512bw", "-mavx512dq",
                        "-mavx512vl", "-mavx512vbmi"], "msvc": ["/arch:AVX512"]},
}


def isa_variant(module: str) -> str | None:
    """The ``ISA_VARIANTS`` suffix of a module name (``lkfast.video._yuv_avx2`` -> ``avx2``)."""
    for suffix in ISA_VARIANTS:
        if module.endswith("_" + suffix):
            return suffix
    return None


def targets_x86() -> bool:
    """Whether the extensions are compiled for x86 (cross builds included)."""
    archs = re.findall(r"-arch\s+(\S+)", os.environ.get("ARCHFLAGS", ""))
    if archs:  # macOS; a universal2 build also compiles for arm64, so no variants there
        return all(arch in ("x86_64", "i386") for arch in archs)
    target = os.environ.get("_PYTHON_HOST_PLATFORM") or sysconfig.get_platform()
    machine = target.rsplit("-", 1)[-1].lower() if "-" in target else platform.machine().lower()
    return machine in ("x86_64", "amd64", "win_amd64", "i386", "i686", "x86", "win32")


class BuildExt(build_ext):
    """Chooses optimisation flags per compiler and records them for ``lkfast info``."""

    def build_extensions(self) -> None:
        msvc = self.compiler.compiler_type == "msvc"
        for ext in self.extensions:
            variant = isa_variant(ext.name)
            extra = ISA_VARIANTS[variant]["msvc" if msvc else "unix"] if variant else []
            flags = (MSVC_FLAGS if msvc else GCC_FLAGS) + extra
            quoted = '\\"' + " ".join(flags) + '\\"' if msvc else '"' + " ".join(flags) + '"'
            ext.extra_compile_args = list(flags) + ext.extra_compile_args
            ext.define_macros.append(("LKFAST_CFLAGS", quoted))
        super().build_extensions()


def extensions() -> list[Extension]:
    macros = [("CYTHON_TRACE_NOGIL", "1")] if DEBUG else []
    exts = []
    x86 = targets_x86()
    for path in sorted(glob(os.path.join("src", "lkfast", "**", "_*.pyx"), recursive=True)):
        name = os.path.splitext(os.path.relpath(path, "src"))[0].replace(os.sep, ".")
        if isa_variant(name) and not x86:
            continue
        # include_dirs: C headers by their full path under src ("lkfast/_core/simd/lk_v32.h")
        exts.append(Extension(name, [path], include_dirs=["src"], define_macros=list(macros)))
    return exts


directives = {
    "language_level": 3,
    "embedsignature": True,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": not DEBUG,
    # No generated pickling or doctest helpers: they are not part of the API (and not stubbed).
    "auto_pickle": False,
    "autotestdict": False,
}
if DEBUG:
    directives["linetrace"] = True

setup(
    ext_modules=cythonize(
        extensions(),
        compiler_directives=directives,
        include_path=["src"],
        annotate=DEBUG,
        nthreads=0 if sys.platform == "win32" else os.cpu_count() or 1,
    ),
    cmdclass={"build_ext": BuildExt},
)
