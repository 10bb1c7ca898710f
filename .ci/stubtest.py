"""Run mypy.stubtest on lkfast without importing ISA builds the CPU cannot execute.

stubtest imports every submodule it finds. A kernel module built for AVX2 or AVX-512 may use
those instructions while it is imported, so on a CPU without them the import itself would kill
the process. Each such module is checked as its baseline build instead (the stubs are the
same), by putting the baseline module in its place in ``sys.modules`` before stubtest runs.
"""

from __future__ import annotations

import importlib
import sys

from lkfast._core import variants as _variants


def main() -> int:
    usable = set(_variants.supported())
    from lkfast.cli import compiled_module_names

    for name in compiled_module_names():
        base, _, suffix = name.rpartition("_")
        if suffix in _variants.VARIANTS and suffix not in usable and name not in sys.modules:
            print(f"stubtest: the CPU lacks {suffix}; checking {name} as {base}")
            sys.modules[name] = importlib.import_module(base)
    from mypy.stubtest import main as stubtest

    sys.argv = ["stubtest", "lkfast"]
    return stubtest()


if __name__ == "__main__":
    sys.exit(main())
