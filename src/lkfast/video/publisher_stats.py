"""What a :class:`~lkfast.video.publisher.VideoPublisher` counts, and its snapshot type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoPublisherStats:
    """A snapshot of what a :class:`VideoPublisher` did.

    Attributes:
        frames_sent: ``capture_frame`` calls made (paced ticks and ``send_now``).
        frames_set: new frames received (``set_frame`` calls and producer answers).
        frames_repeated: sends that re-sent the previous frame because nothing new came.
        late_ticks_dropped: ticks skipped because the loop was already past a later one.
        mean_lateness_ms: mean delay of paced sends after their deadlines, milliseconds.
        max_lateness_ms: largest such delay, milliseconds.
        cpu_s: CPU seconds lkfast spent converting and capturing frames (thread CPU time of
            the threads doing it; the producer's own work is not counted).
        cpu_per_frame_us: ``cpu_s`` per frame sent, microseconds.
        pool_buffers: I420 buffers allocated so far (constant in the steady state).
    """

    frames_sent: int
    frames_set: int
    frames_repeated: int
    late_ticks_dropped: int
    mean_lateness_ms: float
    max_lateness_ms: float
    cpu_s: float
    cpu_per_frame_us: float
    pool_buffers: int


class PublisherCounters:
    """The running totals behind :class:`VideoPublisherStats`.

    Not locked itself: the publisher updates and reads it under its own lock.
    """

    __slots__ = ("sent", "set", "repeated", "dropped", "paced_sends", "lateness_sum_ns",
                 "lateness_max_ns", "cpu_s", "buffers")

    def __init__(self) -> None:
        self.sent = 0
        self.set = 0
        self.repeated = 0
        self.dropped = 0
        self.paced_sends = 0
        self.lateness_sum_ns = 0
        self.lateness_max_ns = 0
        self.cpu_s = 0.0
        self.buffers = 0

    def paced_send(self, lateness_ns: int, dropped: int) -> None:
        """Count a send on a tick ``lateness_ns`` after its deadline, and ticks dropped."""
        self.dropped += dropped
        self.paced_sends += 1
        self.lateness_sum_ns += lateness_ns
        self.lateness_max_ns = max(self.lateness_max_ns, lateness_ns)

    def snapshot(self) -> VideoPublisherStats:
        """The totals so far, with the means and per-frame figures derived from them."""
        sent, cpu = self.sent, self.cpu_s
        mean = self.lateness_sum_ns / self.paced_sends / 1e6 if self.paced_sends else 0.0
        return VideoPublisherStats(
            frames_sent=sent, frames_set=self.set, frames_repeated=self.repeated,
            late_ticks_dropped=self.dropped, mean_lateness_ms=mean,
            max_lateness_ms=self.lateness_max_ns / 1e6, cpu_s=cpu,
            cpu_per_frame_us=cpu / sent * 1e6 if sent else 0.0, pool_buffers=self.buffers)
