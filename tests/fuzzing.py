"""Shared pieces of the fuzz suite (``tests/test_fuzz_*.py``): settings, call counting, guarded
output buffers, buffer-shaped strategies and the one property every call must meet.

The property: a call to a public kernel either returns a result of the documented size and
dtype that equals the pure-Python twin's (:mod:`lkfast.reference`), or raises ``ValueError`` or
``TypeError``. Any other exception, a crash, or a write outside the ``out`` slice it was given
(guard bytes around every ``out``) fails the test.

``LKFAST_FUZZ_CALLS=N`` sets the examples per kernel (hypothesis ``max_examples``; each example
makes at least one call); ``LKFAST_FUZZ_REPORT=path`` writes ``{"kernel": calls, ...}`` as JSON
when the run ends; ``LKFAST_FUZZ_SHRINK=0`` reports a failing example unshrunk. Runs are
derandomized (the same examples every time) and write no database.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections import Counter
from typing import Any, Callable, Optional

import numpy as np
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

#: Examples per kernel at the default (CI) setting.
DEFAULT_CALLS = 40
CALLS = int(os.environ.get("LKFAST_FUZZ_CALLS") or DEFAULT_CALLS)
#: Calls made per kernel in this process (every call, whatever its outcome).
CALLS_MADE: Counter[str] = Counter()
_STARTED = time.monotonic()

#: Guard bytes on each side of an ``out`` slice, and their value.
GUARD = 32
GUARD_BYTE = 0xA5

#: Sizes that have broken kernels elsewhere: empty, one, odd, block edges, limits, overflows.
EDGE_SIZES = [0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 65, 16383, 16384, 16385, -1, -2,
              2**15, 2**16 + 1, 2**31 - 1, 2**31, 2**32 + 1, 2**62, 2**63 - 1, 2**63, 2**64]


def fuzz_settings(examples: Optional[int] = None) -> settings:
    """Settings of one fuzzed kernel: ``CALLS`` examples (or ``examples`` scaled alike)."""
    n = CALLS if examples is None else max(1, examples * CALLS // DEFAULT_CALLS)
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if os.environ.get("LKFAST_FUZZ_SHRINK", "1") != "0":
        phases.append(Phase.shrink)
    return settings(max_examples=n, deadline=None, database=None, derandomize=True,
                    print_blob=False, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


def _write_report() -> None:
    path = os.environ.get("LKFAST_FUZZ_REPORT")
    if not path or not CALLS_MADE:
        return
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"examples_per_kernel": CALLS, "seconds": round(time.monotonic() - _STARTED, 1),
                   "calls": dict(sorted(CALLS_MADE.items()))}, f, indent=1)


atexit.register(_write_report)


class Refused:
    """The outcome of a call that raised ``ValueError`` or ``TypeError``."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def __repr__(self) -> str:
        return f"Refused({type(self.exc).__name__}: {self.exc})"


def call(kernel: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, counted under ``kernel``; ``Refused`` for ValueError/TypeError.

    Every other exception propagates (and fails the test), with the kernel's name attached.
    """
    CALLS_MADE[kernel] += 1
    try:
        return fn(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        if not str(exc):
            raise AssertionError(f"{kernel}: {type(exc).__name__} without a message") from exc
        return Refused(exc)
    except Exception as exc:
        raise AssertionError(f"{kernel} raised {type(exc).__name__}, not ValueError or "
                             f"TypeError: {exc}") from exc


def twin(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The twin's outcome: its result, or ``Refused`` for ValueError/TypeError (not counted)."""
    try:
        return fn(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        return Refused(exc)


def refused(x: Any) -> bool:
    return isinstance(x, Refused)


def agree(got: Any, want: Any) -> bool:
    """Both refused, or neither: the kernel and its twin take the same inputs."""
    if refused(got) != refused(want):
        raise AssertionError(f"kernel {got!r} but twin {want!r}")
    return not refused(got)


class Guarded:
    """A writable ``out`` of ``nbytes`` bytes inside a larger buffer with guard bytes around it.

    ``misalign`` shifts the slice by that many bytes off the natural alignment of ``dtype``.
    :meth:`check` fails if a byte outside the slice changed.
    """

    def __init__(self, nbytes: int, dtype: Any = np.uint8, *, misalign: int = 0,
                 fill: int = 0x5A) -> None:
        self.dtype = np.dtype(dtype)
        self.nbytes = nbytes
        self.start = GUARD + misalign
        self.base = np.full(nbytes + 2 * GUARD + misalign, GUARD_BYTE, np.uint8)
        self.base[self.start:self.start + nbytes] = fill
        raw = self.base[self.start:self.start + nbytes]
        self.array = raw.view(self.dtype) if nbytes % self.dtype.itemsize == 0 else raw

    def check(self) -> None:
        head = self.base[:self.start]
        tail = self.base[self.start + self.nbytes:]
        bad = np.flatnonzero(np.concatenate([head, tail]) != GUARD_BYTE)
        if bad.size:
            raise AssertionError(f"{bad.size} guard bytes around out were written "
                                 f"(first at {int(bad[0])})")

    def inner(self) -> bytes:
        return self.base[self.start:self.start + self.nbytes].tobytes()


def misaligned(a: np.ndarray, shift: int = 1) -> np.ndarray:
    """A C-contiguous copy of ``a`` whose data starts ``shift`` bytes off its alignment."""
    raw = bytearray(a.nbytes + shift)
    m = np.frombuffer(raw, dtype=a.dtype, count=a.size, offset=shift).reshape(a.shape)
    m[...] = a
    return m


def readonly(a: np.ndarray) -> np.ndarray:
    b = a.copy()
    b.flags.writeable = False
    return b


#: int16 values with the edges.
int16_values = st.one_of(st.integers(-32768, 32767),
                         st.sampled_from([-32768, -32767, -1, 0, 1, 32766, 32767]))
#: float values with NaN, infinities, huge, subnormal and signed zeros.
float_values = st.one_of(
    st.floats(-1.5, 1.5, width=32),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1 / 65536, 0.99999, float("nan"),
                     float("inf"), float("-inf"), 3e38, -3e38, 1e-45, 32767 / 32768]),
)


def samples_array(dtype: Any, max_frames: int = 24, channels: Optional[int] = None) -> Any:
    """Strategy: int16 / float32 / float64 samples, ``(n,)`` or ``(n, channels)``."""
    dt = np.dtype(dtype)
    values = int16_values if dt.kind == "i" else float_values
    ch = st.just(channels) if channels is not None else st.integers(1, 8)

    @st.composite
    def build(draw: Any) -> np.ndarray:
        n = draw(st.integers(0, max_frames))
        c = draw(ch)
        flat = draw(st.lists(values, min_size=n * c, max_size=n * c))
        a = np.array(flat, dtype=np.float64 if dt.kind == "f" else np.int64)
        with np.errstate(over="ignore", invalid="ignore"):
            a = a.astype(dt)
        return a.reshape(n, c) if draw(st.booleans()) else a
    return build()


def as_container(a: np.ndarray, kind: str) -> Any:
    """``a`` in another kind of buffer (some of which kernels must refuse)."""
    if kind == "array":
        return a
    if kind == "bytes":
        return a.tobytes()
    if kind == "bytearray":
        return bytearray(a.tobytes())
    if kind == "memoryview":
        return memoryview(a)
    if kind == "readonly":
        return readonly(a)
    if kind == "misaligned":
        return misaligned(a)
    if kind == "strided":
        big = np.repeat(a.reshape(-1), 2)
        return big[::2].reshape(a.shape)
    if kind == "reversed":
        return a.reshape(-1)[::-1]
    if kind == "fortran":
        return np.asfortranarray(a.reshape(a.shape[0], -1)) if a.ndim == 2 else a
    if kind == "3d":
        return a.reshape(1, 1, -1)
    if kind == "list":
        return a.tolist()
    if kind == "none":
        return None
    if kind == "bigendian":
        return a.astype(a.dtype.newbyteorder(">"))
    raise AssertionError(kind)


CONTAINERS = ["array", "array", "array", "bytes", "bytearray", "memoryview", "readonly",
              "misaligned", "misaligned", "strided", "reversed", "fortran", "3d", "list", "none",
              "bigendian"]
containers = st.sampled_from(CONTAINERS)
#: The sample dtypes, mostly the good ones.
SAMPLE_DTYPES = [np.int16, np.int16, np.float32, np.float32, np.float64, np.int32, np.uint8,
                 np.int8, np.float16, np.uint16, np.bool_, np.complex64]
