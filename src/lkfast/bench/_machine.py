"""What a benchmark ran on: machine, Python, package versions and lkfast's build."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Optional

#: Distributions whose versions a report records; the first installed one of each tuple.
VERSIONED: dict[str, tuple[str, ...]] = {
    "livekit": ("livekit",),
    "livekit-agents": ("livekit-agents",),
    "numpy": ("numpy",),
    "opencv": ("opencv-python-headless", "opencv-python", "opencv-contrib-python-headless",
               "opencv-contrib-python"),
    "matplotlib": ("matplotlib",),
}


def dist_version(name: str) -> Optional[str]:
    """The installed version of distribution ``name``, or None."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def cpu_model() -> str:
    """The CPU's marketing name where the OS tells it, else the architecture."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                        return value.strip()
        except OSError:
            pass
    elif sys.platform == "darwin":
        try:
            out = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                 capture_output=True, text=True, timeout=5, check=True)
            if out.stdout.strip():
                return out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict[str, Any]:
    """CPU, core counts (logical, and usable by this process), OS and Python."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "machine": platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
    }


def versions() -> dict[str, Optional[str]]:
    """lkfast's version and those of its peers (None when not installed)."""
    import lkfast

    found: dict[str, Optional[str]] = {"lkfast": lkfast.__version__}
    for key, dists in VERSIONED.items():
        found[key] = next((v for v in map(dist_version, dists) if v is not None), None)
    return found


def build_info() -> dict[str, Any]:
    """How the compiled kernels were built (``lkfast._core._buildinfo.build_info()``), and which ISA
    build of each variant kernel module runs here (``"variants"``: module -> build)."""
    from lkfast._core import variants as _variants  # noqa: F401
    from lkfast._core._buildinfo import build_info as compiled_build_info
    from lkfast.video import kernels as _kernels  # noqa: F401  (importing _kernels loads the builds)

    info = dict(compiled_build_info())
    info["variants"] = dict(_variants.active())
    return info
