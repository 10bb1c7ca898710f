"""Declares lkfast's compiled extensions; all metadata lives in pyproject.toml.

Every ``src/lkfast/_*.pyx`` becomes the extension ``lkfast._*``.

Environment flags:
    LKFAST_DEBUG=1    annotate (.html), linetrace and bounds/wraparound checks, -O0 -g.
    LKFAST_NATIVE=1   add -march=native (a local build only; never for a wheel).
"""

from __future__ import annotations

import os
import sys
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


class BuildExt(build_ext):
    """Chooses optimisation flags per compiler and records them for ``lkfast info``."""

    def build_extensions(self) -> None:
        msvc = self.compiler.compiler_type == "msvc"
        flags = MSVC_FLAGS if msvc else GCC_FLAGS
        quoted = '\\"' + " ".join(flags) + '\\"' if msvc else '"' + " ".join(flags) + '"'
        for ext in self.extensions:
            ext.extra_compile_args = list(flags) + ext.extra_compile_args
            ext.define_macros.append(("LKFAST_CFLAGS", quoted))
        super().build_extensions()


def extensions() -> list[Extension]:
    macros = [("CYTHON_TRACE_NOGIL", "1")] if DEBUG else []
    exts = []
    for path in sorted(glob(os.path.join("src", "lkfast", "_*.pyx"))):
        name = "lkfast." + os.path.splitext(os.path.basename(path))[0]
        exts.append(Extension(name, [path], define_macros=list(macros)))
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
        annotate=DEBUG,
        nthreads=0 if sys.platform == "win32" else os.cpu_count() or 1,
    ),
    cmdclass={"build_ext": BuildExt},
)
