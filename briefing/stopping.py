"""Stopping the long-running commands (`schedule`, `serve`) on SIGINT, SIGTERM or SIGHUP."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from typing import Iterator

# SIGHUP: the terminal it was started from closed. (Windows has none.)
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stopped_by_signals(stop: threading.Event, log: logging.Logger, enabled: bool = True) -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM or SIGHUP sets `stop`; a second one ends the process at once.

    Ending at once is safe: every file is replaced atomically. A signal
    ignored when the block begins stays ignored (`nohup` ignores SIGHUP so
    that the command outlives its terminal). The handlers there before are
    put back when the block ends. With `enabled` false (a thread that is not
    the main one cannot set handlers) it does nothing.
    """
    if not enabled:
        yield
        return
    handled = [sig for sig in _SIGNALS if signal.getsignal(sig) is not signal.SIG_IGN]

    def on_signal(signum, frame) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()
        for sig in handled:
            signal.signal(sig, signal.SIG_DFL)

    previous = {sig: signal.signal(sig, on_signal) for sig in handled}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
