"""Run a row kernel over a frame, split into bands of rows across threads.

The compiled kernels release the GIL, so bands converted in pool threads run in parallel.
Bands never overlap and every row belongs to exactly one, so the result does not depend on
the number of threads.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional

_pool: Optional[ThreadPoolExecutor] = None
_pool_workers = 0
_pool_lock = threading.Lock()


def bands(height: int, count: int, even: bool) -> list[tuple[int, int]]:
    """Split rows ``[0, height)`` into at most ``count`` near-equal bands.

    With ``even``, every band but the last starts and ends on an even row, so that a band owns
    whole chroma rows of a 4:2:0 frame.
    """
    unit = 2 if even else 1
    units = (height + unit - 1) // unit
    count = max(1, min(count, units))
    edges = [min(height, units * i // count * unit) for i in range(count + 1)]
    return list(zip(edges[:-1], edges[1:]))


def _executor(workers: int) -> ThreadPoolExecutor:
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers < workers:
            old = _pool
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lkfast")
            _pool_workers = workers
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def run_rows(kernel: Callable[..., Any], head: tuple, tail: tuple, height: int, threads: int,
             even: bool, native: bool = False) -> None:
    """Call ``kernel(*head, row_begin, row_end, *tail)`` over all rows, on up to ``threads``.

    ``native``: the kernel takes ``threads=`` and splits the rows itself on its native pool
    (lkfast._core._pool: no GIL hand-offs); otherwise bands go to a pool of Python threads.
    """
    if threads <= 1 or height <= 2:
        kernel(*head, 0, height, *tail)
        return
    if native:
        kernel(*head, 0, height, *tail, threads=threads)
        return
    spans = bands(height, threads, even)
    if len(spans) == 1:
        kernel(*head, 0, height, *tail)
        return
    pool = _executor(len(spans) - 1)
    futures = [pool.submit(kernel, *head, begin, end, *tail) for begin, end in spans[1:]]
    try:
        kernel(*head, spans[0][0], spans[0][1], *tail)
    finally:
        for future in futures:
            future.result()
