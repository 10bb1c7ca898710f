"""Frame pacing by absolute deadlines on a monotonic clock: no drift, late ticks dropped.

Tick ``k`` is due at ``start + k / fps``, computed from the tick index in integer nanoseconds
(the rate kept as an exact fraction), never by adding up intervals: however late the loop wakes,
the error does not accumulate, and after hours tick ``k`` is still due at its own instant. A
loop that wakes after several deadlines have passed gets only the latest of them, and ticks that
fall due while a send is under way can be skipped too (:meth:`Pacer.skip_due`): the ones in
between are counted as dropped instead of being sent in a burst.

The clock is injectable (nanoseconds, like ``time.monotonic_ns``) so the logic can be tested
over simulated hours in a fraction of a second.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Optional, Union

from lkfast._core.checks import check_int

NS_PER_S = 1_000_000_000
#: Rates accepted, frames per second.
MIN_FPS = Fraction(1, 3600)
MAX_FPS = 1000
#: Denominator bound when a float rate is turned into a fraction: 29.97 -> 2997/100.
_FLOAT_DENOMINATOR = 1_000_000

#: A frame rate: a number of frames per second (``Fraction(30000, 1001)`` is exact NTSC).
Rate = Union[int, float, Fraction]


def check_fps(fps: object) -> Fraction:
    """A frame rate as an exact fraction, from 1/3600 to 1000 frames per second.

    Floats are read as the nearest fraction with a denominator up to 10**6, so ``29.97`` is
    ``2997/100``; pass ``Fraction(30000, 1001)`` for NTSC's exact rate.
    """
    if isinstance(fps, bool) or not isinstance(fps, (int, float, Fraction)):
        raise TypeError(f"fps must be a number of frames per second, got {type(fps).__name__} "
                        f"{fps!r}")
    if isinstance(fps, float):
        if not math.isfinite(fps):
            raise ValueError(f"fps must be finite, got {fps!r}")
        rate = Fraction(fps).limit_denominator(_FLOAT_DENOMINATOR)
    else:
        rate = Fraction(fps)
    if not MIN_FPS <= rate <= MAX_FPS:
        raise ValueError(f"fps must be between 1/3600 and {MAX_FPS} frames per second, got "
                         f"{fps!r}")
    return rate


@dataclass(frozen=True)
class Tick:
    """One tick handed out by :meth:`Pacer.poll`.

    Attributes:
        index: the tick's number since the pacer started (0 is due at the start).
        deadline_ns: when it was due, on the pacer's clock (nanoseconds).
        lateness_ns: how long after its deadline it was polled (nanoseconds, >= 0).
        dropped: ticks skipped just before this one because they were already late.
    """

    index: int
    deadline_ns: int
    lateness_ns: int
    dropped: int


class Pacer:
    """Hands out ticks at ``fps`` on absolute deadlines; never two for one wake-up.

    Args:
        fps: ticks per second (see :func:`check_fps`).
        clock: a monotonic clock in nanoseconds (default ``time.monotonic_ns``).
        start_ns: when tick 0 is due (default: now).
    """

    def __init__(self, fps: Rate, *, clock: Callable[[], int] = time.monotonic_ns,
                 start_ns: Optional[int] = None) -> None:
        rate = check_fps(fps)
        self._num = rate.numerator  # period = den / num seconds
        self._den = rate.denominator
        self._clock = clock
        self._start = clock() if start_ns is None else check_int("start_ns", start_ns)
        self._next = 0
        self._dropped = 0

    @property
    def fps(self) -> Fraction:
        """Ticks per second."""
        return Fraction(self._num, self._den)

    @property
    def start_ns(self) -> int:
        """When tick 0 is due, on the pacer's clock."""
        return self._start

    @property
    def next_index(self) -> int:
        """The index of the next tick :meth:`poll` can hand out."""
        return self._next

    @property
    def dropped(self) -> int:
        """Ticks skipped so far because the caller was late for them."""
        return self._dropped

    def deadline_ns(self, index: int) -> int:
        """When tick ``index`` is due: ``start + index / fps``, rounded to the nanosecond."""
        return self._start + (2 * index * NS_PER_S * self._den + self._num) // (2 * self._num)

    def _due_index(self, now_ns: int) -> int:
        """The largest index whose deadline is at or before ``now_ns`` (-1: none yet)."""
        elapsed = now_ns - self._start
        if elapsed < 0:
            return -1
        k = elapsed * self._num // (NS_PER_S * self._den)
        while self.deadline_ns(k + 1) <= now_ns:  # rounding of deadline_ns: at most one step
            k += 1
        while k >= 0 and self.deadline_ns(k) > now_ns:
            k -= 1
        return k

    def wait_ns(self, now_ns: Optional[int] = None) -> int:
        """Nanoseconds until the next tick is due (0 when it is due already)."""
        now = self._clock() if now_ns is None else now_ns
        return max(0, self.deadline_ns(self._next) - now)

    def poll(self, now_ns: Optional[int] = None) -> Optional[Tick]:
        """The tick to send now, or None when the next one is not due yet.

        When several deadlines have passed, returns the latest one and counts the earlier
        ones as dropped: a late caller catches up without sending a burst.
        """
        now = self._clock() if now_ns is None else now_ns
        if now < self.deadline_ns(self._next):
            return None
        k = self._due_index(now)
        dropped = k - self._next
        self._dropped += dropped
        self._next = k + 1
        deadline = self.deadline_ns(k)
        return Tick(k, deadline, now - deadline, dropped)

    def skip_due(self, now_ns: Optional[int] = None) -> int:
        """Drop every tick already due at ``now_ns``; returns how many.

        Called after a send that took longer than a period: the ticks that fell due meanwhile
        are skipped rather than sent right behind it.
        """
        now = self._clock() if now_ns is None else now_ns
        k = self._due_index(now)
        if k < self._next:
            return 0
        dropped = k + 1 - self._next
        self._dropped += dropped
        self._next = k + 1
        return dropped

    def __repr__(self) -> str:
        return f"Pacer(fps={self.fps}, next_index={self._next}, dropped={self._dropped})"


__all__ = ["MAX_FPS", "MIN_FPS", "Pacer", "Rate", "Tick", "check_fps"]
