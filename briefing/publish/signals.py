"""Ctrl+C, SIGTERM and SIGHUP held off while a run puts its files in place."""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

# SIGHUP: the terminal the run was started from closed. (Windows has none.) In the order they are raised again
# when several came: a handler that ends the run leaves the rest unraised, and SIGTERM's end is the one a
# service manager waits for.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP wait: each one that arrives is raised again when the block
    ends, to the handler there before. For a step of milliseconds that must not stop halfway: a run's files
    put in place together (Ctrl+C among the renames left a day's new page beside its old one until the next
    run).

    Each one that came is raised again, as often as it came (under `briefing schedule` a second Ctrl+C ends
    at once), SIGTERM first. Raised while an error leaves the block, a handler's exception (Ctrl+C's
    KeyboardInterrupt) takes its place: the run stops as asked. A signal ignored stays ignored; in a thread
    that is not the main one (which cannot set handlers: Python handles signals in the main one) it does
    nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def wait(signum, frame) -> None:
        arrived.append(signum)

    # (None: a handler not set from Python, left as it is.)
    held = [sig for sig in _SIGNALS if signal.getsignal(sig) not in (signal.SIG_IGN, None)]
    previous = {sig: signal.signal(sig, wait) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in sorted(arrived, key=_SIGNALS.index):
            signal.raise_signal(signum)
