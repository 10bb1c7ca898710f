"""Pacer: absolute deadlines on a fake clock, over simulated hours; late ticks dropped."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from lkfast.video.pacing import NS_PER_S, Pacer, Tick, check_fps


class FakeClock:
    """A monotonic clock in nanoseconds that moves only when told."""

    def __init__(self, start_ns: int = 5 * NS_PER_S) -> None:
        self.now = start_ns

    def __call__(self) -> int:
        return self.now


def run(pacer: Pacer, clock: FakeClock, seconds: float, rng: random.Random,
        jitter_ns: int, stall_every: int = 0,
        stall_ns: int = 0) -> tuple[list[tuple[int, int, int]], int]:
    """Sleep until each deadline (overshooting by up to ``jitter_ns``, stalling now and then),
    poll; returns ``(index, deadline_ns, now_ns)`` of every tick handed out, and the stalls."""
    end = clock.now + int(seconds * NS_PER_S)
    sent = []
    stalls = 0
    while clock.now < end:
        clock.now += pacer.wait_ns() + rng.randrange(jitter_ns + 1)
        if stall_every and rng.randrange(stall_every) == 0:
            clock.now += stall_ns
            stalls += 1
        tick = pacer.poll()
        assert tick is not None  # the wait was long enough
        assert pacer.poll() is None  # one tick per wake-up: never a burst
        assert tick.lateness_ns == clock.now - tick.deadline_ns >= 0
        sent.append((tick.index, tick.deadline_ns, clock.now))
    return sent, stalls


def test_no_drift_over_simulated_hours() -> None:
    # NTSC's 29.97 fps for 4 hours, every wake-up up to 3 ms late: a loop that slept one
    # period after each send would now be about 10 minutes behind.
    clock = FakeClock()
    fps = Fraction(30000, 1001)
    pacer = Pacer(fps, clock=clock)
    start = clock.now
    sent, _ = run(pacer, clock, 4 * 3600, random.Random(1), jitter_ns=3_000_000)
    last_index, last_deadline, last_now = sent[-1]
    # Deadlines are start + k * 1001/30 s exactly (to the nanosecond), however late the loop.
    assert last_deadline == start + round(last_index * Fraction(1001, 30000) * NS_PER_S)
    assert abs(last_now - start - last_index / fps * NS_PER_S) < 4_000_000
    assert last_index == math.floor((last_now - start) * fps / NS_PER_S)
    assert pacer.dropped == 0 and len(sent) == last_index + 1
    assert [k for k, _, _ in sent] == list(range(len(sent)))


def test_late_ticks_are_dropped_not_burst() -> None:
    clock = FakeClock()
    pacer = Pacer(10, clock=clock)
    start = clock.now
    rng = random.Random(2)
    sent, stalls = run(pacer, clock, 3600, rng, jitter_ns=2_000_000, stall_every=50,
                       stall_ns=350_000_000)  # now and then 350 ms late: 3 ticks missed
    indices = [k for k, _, _ in sent]
    assert indices == sorted(set(indices))  # strictly increasing
    assert len(sent) + pacer.dropped == indices[-1] + 1  # each tick sent or counted dropped
    assert stalls > 500 and pacer.dropped == 3 * stalls
    for k, deadline, now in sent:
        assert deadline == start + k * NS_PER_S // 10
        assert now - deadline < NS_PER_S // 10  # the latest due tick, never an older one
    # No catching up: each tick sent was not yet due when the previous one went out.
    assert all(b[1] > a[2] for a, b in zip(sent, sent[1:]))


def test_poll_before_a_deadline_and_after_a_long_stall() -> None:
    clock = FakeClock(1000)
    pacer = Pacer(4, clock=clock)
    assert pacer.poll() == Tick(0, 1000, 0, 0)  # tick 0 is due at the start
    assert pacer.poll() is None and pacer.wait_ns() == 250_000_000
    clock.now += 249_999_999
    assert pacer.poll() is None and pacer.wait_ns() == 1
    clock.now += 10 * NS_PER_S  # 10 s asleep: ticks 1-39 missed, tick 40 is sent
    tick = pacer.poll()
    assert tick is not None
    assert (tick.index, tick.dropped) == (40, 39)
    assert tick.deadline_ns == 1000 + 40 * 250_000_000
    assert tick.lateness_ns == clock.now - tick.deadline_ns
    assert pacer.next_index == 41 and pacer.dropped == 39


@pytest.mark.parametrize("fps", [Fraction(30000, 1001), Fraction(1, 3600), 7, 999.5, 1000])
def test_deadlines_round_to_the_nanosecond(fps: float) -> None:
    pacer = Pacer(fps, clock=lambda: 0, start_ns=0)
    rate = check_fps(fps)
    for k in (0, 1, 2, 3, 1234, 10**9 + 7):
        exact = k * NS_PER_S / rate
        assert abs(pacer.deadline_ns(k) - exact) <= Fraction(1, 2)
        # The index due at any instant is the one whose deadline just passed.
        for now in (pacer.deadline_ns(k), pacer.deadline_ns(k) + 1, pacer.deadline_ns(k + 1) - 1):
            fresh = Pacer(fps, clock=lambda: 0, start_ns=0)
            tick = fresh.poll(now)
            assert tick is not None and tick.index == k


def test_float_rates_are_read_as_decimal_fractions() -> None:
    assert check_fps(29.97) == Fraction(2997, 100)
    assert check_fps(10) == 10
    assert Pacer(2.5, clock=lambda: 0).fps == Fraction(5, 2)


@pytest.mark.parametrize(("fps", "exc"), [
    (0, ValueError), (-1, ValueError), (1001, ValueError), (float("nan"), ValueError),
    (float("inf"), ValueError), (Fraction(1, 7200), ValueError), ("30", TypeError),
    (None, TypeError), (True, TypeError),
])
def test_bad_rates(fps: object, exc: type) -> None:
    with pytest.raises(exc, match="fps"):
        Pacer(fps, clock=lambda: 0)  # type: ignore[arg-type]


def test_ticks_that_fall_due_during_a_slow_send_are_skipped() -> None:
    clock = FakeClock(0)
    pacer = Pacer(10, clock=clock)
    rng = random.Random(3)
    sends: list[tuple[int, int, int]] = []  # (deadline, start, end) of each send
    while clock.now < 600 * NS_PER_S:
        clock.now += pacer.wait_ns()
        tick = pacer.poll()
        assert tick is not None
        start = clock.now
        clock.now += rng.choice([1, 1, 1, 2, 5]) * 30_000_000  # sends of 30-150 ms
        sends.append((tick.deadline_ns, start, clock.now))
        pacer.skip_due()
    assert pacer.dropped > 500
    assert len(sends) + pacer.dropped == pacer.next_index
    # Every tick sent fell due after the previous send ended: never two back to back.
    assert all(b[0] > a[2] for a, b in zip(sends, sends[1:]))
    assert pacer.skip_due() == 0  # nothing due right after a skip
