"""Ctrl+C, SIGTERM and SIGHUP held off while a run puts its files in place."""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

# SIGHUP: the terminal the run was started from closed. (Windows has none.)
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP wait: each one that arrives is raised again when the block
    ends, to the handler there before. For a step of milliseconds that must not stop halfway: a run's files
    put in place together (Ctrl+C among the renames left a day's new page beside its old one until the next
    run).

    A signal ignored stays ignored; in a thread that is not the main one (which cannot set handlers: Python
    handles signals in the main one) it does nothing.
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
        for signum in dict.fromkeys(arrived):
            signal.raise_signal(signum)
