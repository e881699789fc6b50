"""Stopping the long-running commands (`schedule`, `serve`) on SIGINT or SIGTERM."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from typing import Iterator

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def stopped_by_signals(stop: threading.Event, log: logging.Logger, enabled: bool = True) -> Iterator[None]:
    """Within the block, SIGINT or SIGTERM sets `stop`; a second one ends the process at once.

    Ending at once is safe: every file is replaced atomically. The handlers
    there before are put back when the block ends. With `enabled` false (a
    thread that is not the main one cannot set handlers) it does nothing.
    """
    if not enabled:
        yield
        return

    def on_signal(signum, frame) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()
        for sig in _SIGNALS:
            signal.signal(sig, signal.SIG_DFL)

    previous = {sig: signal.signal(sig, on_signal) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
