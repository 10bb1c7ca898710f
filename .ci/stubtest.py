"""Run mypy.stubtest on lkfast without importing ISA builds the CPU cannot execute.

stubtest imports every submodule it finds. A kernel module built for AVX2 or AVX-512 may use
those instructions while it is imported, so on a CPU without them the import itself would kill
the process. Each such module is checked as its baseline build instead (the stubs are the
same), by putting the baseline module in its place in ``sys.modules`` before stubtest runs.
"""

from __future__ import annotations

import importlib
import os
import sys

import lkfast
from lkfast import _variants


def main() -> int:
    usable = set(_variants.supported())
    here = os.path.dirname(lkfast.__file__)
    for entry in sorted(os.listdir(here)):
        stem = entry.split(".", 1)[0]
        base, _, suffix = stem.rpartition("_")
        if (suffix in _variants.VARIANTS and suffix not in usable
                and f"lkfast.{stem}" not in sys.modules):
            print(f"stubtest: the CPU lacks {suffix}; checking lkfast.{stem} as lkfast.{base}")
            sys.modules[f"lkfast.{stem}"] = importlib.import_module(f"lkfast.{base}")
    from mypy.stubtest import main as stubtest

    sys.argv = ["stubtest", "lkfast"]
    return stubtest()


if __name__ == "__main__":
    sys.exit(main())
