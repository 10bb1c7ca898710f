"""A one-line progress bar on a terminal stream (carriage returns, no dependency)."""

from __future__ import annotations

import shutil
from typing import TextIO

from lkfast.bench._case import Case


class ProgressBar:
    """``[#####.....] 12/40 group [impl]``, redrawn in place; silent when disabled."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True, width: int = 24) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self._shown = False

    def start(self, case: Case) -> None:
        """Shows that ``case`` is being timed."""
        self._draw(case.id)

    def advance(self, *_: object) -> None:
        """Counts one more case as finished."""
        self.done += 1

    def _draw(self, label: str) -> None:
        if not self.enabled:
            return
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {label}"
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r" + line[:columns].ljust(columns))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erases the bar so that what follows starts on a clean line."""
        if self._shown:
            columns = shutil.get_terminal_size((80, 24)).columns - 1
            self.stream.write("\r" + " " * columns + "\r")
            self.stream.flush()
            self._shown = False
