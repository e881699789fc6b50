"""How far a long run's reading has got: a scheduled run's log lines (the CLI draws a bar: cli/commands.py)."""

from __future__ import annotations

import logging
import time

# A run with at least this many seeds to read tells its progress: on a terminal, a bar; in a service's log,
# a line at most every PROGRESS_INTERVAL seconds (a log has no progress bar).
PROGRESS_MIN_SEEDS = 10
PROGRESS_INTERVAL = 15.0

log = logging.getLogger("briefing.schedule")  # (a scheduled run's lines, among the scheduler's own)


class ProgressLog:
    """run_once's progress callback for a service: now and then a log line of how far the reading has got."""

    def __init__(self, interval: float = PROGRESS_INTERVAL, clock=time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._last: float | None = None
        self._told = False

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_SEEDS:
            return
        now = self.clock()
        if self._last is None:
            self._last = now
            log.info("reading %s seeds", f"{total:,}")
        elif done == total:
            if self._told:
                log.info("read all %s seeds; writing the briefings", f"{total:,}")
        elif now - self._last >= self.interval:
            self._last, self._told = now, True
            log.info("read %s of %s seeds", f"{done:,}", f"{total:,}")
