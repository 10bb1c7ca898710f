"""A benchmark case: one implementation of one operation at one size.

Cases are defined once, here in the package; ``benchmarks/`` (pytest-benchmark) and the
``lkfast bench`` command both run them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Case:
    """One row of a comparison table.

    Attributes:
        group: the operation and size; every case of a group does the same work, e.g.
            ``"tone 10 ms 48 kHz mono"``.
        impl: which implementation: "pure-python", "numpy", "lkfast", "lkfast-1t",
            "lkfast-Nt", "livekit", "opencv", "agents", or "memcpy"/"memset" for the limit.
        make: builds the inputs and returns the zero-argument callable to time.
        family: the kernel family (the ``--only`` name), e.g. "tone", "audio", "video".
        nbytes: bytes produced per call (for throughput and the memcpy ratio); 0 if not
            meaningful.
        quick: part of ``--quick`` runs.
        note: shown beside the figure, e.g. why LiveKit's path is missing.
        isolate: time the case in a child Python process (``lkfast bench`` only), for calls
            that may kill the process, such as LiveKit's ``VideoFrame.convert`` on ABGR sources
            (a Rust panic, exit 134). The child finds the case again by ``family`` and ``id``
            (so ``cases()`` must return the same list there) and calls ``make`` itself; a death
            is reported as "aborts (exit 134)" and the run goes on. In-process runners such
            as ``benchmarks/`` should skip isolated cases that may abort.
    """

    group: str
    impl: str
    make: Callable[[], Callable[[], object]]
    family: str
    nbytes: int = 0
    quick: bool = True
    note: str = ""
    isolate: bool = False

    @property
    def id(self) -> str:
        """A stable identifier for pytest ids and JSON keys."""
        return f"{self.group} [{self.impl}]"
