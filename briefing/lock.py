"""One run at a time: an advisory lock on a file that is never deleted.

flock is released by the kernel when its holder exits, however it exits, so
a killed run never leaves a stale lock behind. The file itself stays: deleting
it would let a second process lock a new file while the first still holds the
old one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from .config import make_folders, not_writable, state_refused
from .errors import LockedError, OutputError


# Lock files held by this process. A forked child (a summarising worker)
# closes its copies at once: flock belongs to the open file, which a fork
# shares, so a worker outliving a killed run would otherwise hold the lock for
# ever and every later run would exit 75.
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in _HELD:
        try:
            os.close(fd)  # closing, not LOCK_UN: that would release the parent's lock
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


class RunLock:
    """Hold the run lock for the duration of a `with` block."""

    def __init__(self, path: Path, wait: float = 0.0, poll: float = 0.1, reading: bool = False,
                 store: Path | None = None, doing: str = "run") -> None:
        self.path = path
        self.doing = doing  # what holds it, written in the lock file: a run, a fetch, a removal (see _holder)
        self.wait = wait
        self.poll = poll
        self.reading = reading  # for a dry run, which writes nothing: see _opened_to_read
        self.store = store  # what the lock guards: with neither it nor the lock file, a dry run has nothing to lock
        self._fd: int | None = None
        self._owner: int | None = None

    def __enter__(self) -> "RunLock":
        if self.reading and self.store is not None and not os.path.lexists(self.store) \
                and not os.path.lexists(self.path):
            # A dry run writes nothing, a folder and a lock file for a store that does not exist yet not either
            # (a project's first dry run left .briefing/ behind, and failed on a read-only disk). With a store, it
            # locks, a lock file gone or not: a run beside it would meet the store busy, not the lock.
            return self
        try:
            make_folders(self.path.parent)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if self.reading and error.errno in (errno.EROFS, errno.EPERM, errno.EACCES):
                fd = self._opened_to_read()
                if fd is None:
                    return self
            else:
                raise self._refused(error) from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(fd)
                    os.close(fd)
                    raise LockedError(
                        f"another briefing {holder} is in progress (lock {self.path}); try again later", self.wait
                    ) from None
                time.sleep(self.poll)
            except OSError as error:
                # ENOLCK, EOPNOTSUPP: a network or FUSE file system that cannot lock. Running without the
                # lock could let two runs write the same briefing, so none runs.
                os.close(fd)
                raise OutputError(
                    f"cannot lock {self.path}: {error.strerror}: its file system does not support locking; "
                    "put the state store on a local disk (state = ... in briefing.toml, or --state)"
                ) from None
        self._fd, self._owner = fd, os.getpid()
        _HELD.add(fd)
        if not self.reading:
            try:  # (a word, for the message of whoever finds it held: a fetch was called "another briefing run")
                os.ftruncate(fd, 0)
                os.pwrite(fd, self.doing.encode("ascii"), 0)
            except OSError:
                pass
        return self

    def _opened_to_read(self) -> int | None:
        """The lock file opened to read, for a dry run that may not write beside the store (another user's
        store, a read-only disk): flock takes a file opened to read as well. None where there is no lock
        file: no run has written there since the store's folder stopped taking new files."""
        try:
            return os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise self._refused(error) from None

    def _refused(self, error: OSError) -> OutputError:
        # (The lock is beside the state store: what keeps it from being made keeps the store from being written.)
        why = (not_writable(self.path, "it" if os.path.lexists(self.path) else "its folder")
               if error.errno in (errno.EROFS, errno.EPERM, errno.EACCES) else None)
        if why is None and error.errno in (errno.EPERM, errno.EACCES):  # the user's to mend, not a retry's
            why = state_refused(self.path)
        if error.errno == errno.EISDIR:
            why = "a folder stands where the lock file goes, beside the state store: move the folder away"
        return OutputError(f"cannot open lock file {self.path}: {error.strerror}" + (f": {why}" if why else ""))

    def __exit__(self, *exc) -> None:
        if self._fd is not None and self._owner == os.getpid():
            _HELD.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        self._fd = None


_HOLDERS = ("run", "fetch", "removal")


def _holder(fd: int) -> str:
    """What holds the lock, as its holder wrote it in the lock file ("run" if it says nothing known)."""
    try:
        written = os.pread(fd, 16, 0).decode("ascii", "replace")
    except OSError:
        return "run"
    return written if written in _HOLDERS else "run"
