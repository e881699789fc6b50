"""The previous versions of the files a commit replaces or removes in out/, kept until it is done.

A commit puts its files in place one rename at a time. A rename that fails
midway (ENOSPC, EIO) would leave out/ half new until the next run finishes
it, which under cron may be a day later. Each file the commit replaces or
removes is first given a second name (a hard link: no data is copied), so
that the renames made can be undone and out/ holds the previous run's files.
A file system without hard links keeps nothing: such a commit is finished by
the next run, as a killed one is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Sequence

from ..config import fsync_dir

# A link refused for want of room or by the disk: the renames would fail alike, and nothing is renamed yet.
_DISK_FAILED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO})
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def keep_previous(folder: Path, moves: Sequence[tuple[str, str]], suffix: str) -> dict[str, str] | None:
    """A second name (`.<name>.<8 characters><suffix>`, a temporary file's) for each file of `folder` the
    `moves` (temporary file or "", name) replace or remove, by name; None if one cannot be kept (no hard
    links here, a file of another user's, not a regular file): the commit cannot be undone.
    Raises OSError if the disk refused one (full, or failing): the commit fails before any rename."""
    kept: dict[str, str] = {}
    for _, name in moves:
        try:
            if not stat.S_ISREG(os.lstat(folder / name).st_mode):
                raise OSError(errno.EPERM, "not a regular file")
            kept[name] = _linked(folder, name, suffix)
        except FileNotFoundError:
            continue  # a new file: undone, it is taken away
        except OSError as error:
            drop(folder, kept)
            if error.errno in _DISK_FAILED:
                raise
            return None
    return kept


def _linked(folder: Path, name: str, suffix: str) -> str:
    while True:
        second = f".{name}.{''.join(secrets.choice(_NAME_CHARACTERS) for _ in range(8))}{suffix}"
        try:
            os.link(folder / name, folder / second, follow_symlinks=False)
            return second
        except FileExistsError:
            continue


def put_back(folder: Path, applied: Sequence[tuple[str, str]], kept: dict[str, str], removed: str) -> bool:
    """Undo the `applied` moves with the files `kept`: each new file back to its temporary name, then the
    previous one in its place; whether all were undone. Stopped midway, what is left is a commit the
    journal finishes: a move undone has its temporary file again, and is made again."""
    try:
        for temp, name in reversed(applied):
            if temp != removed:
                os.replace(folder / name, folder / temp)
            if name in kept:
                os.replace(folder / kept.pop(name), folder / name)
        fsync_dir(folder)
    except OSError:
        return False
    return True


def forget_undone(folder: Path, journal: Path, temps: Sequence[str]) -> bool:
    """Remove the journal of a commit undone, then its temporary files in `folder`; False if the journal
    stays (the next run then finishes the commit)."""
    try:
        journal.unlink()
        fsync_dir(journal.parent)  # gone for good before its files are: it could never make half a commit
    except OSError:
        return False
    for temp in temps:
        with contextlib.suppress(OSError):
            os.unlink(folder / temp)
    return True


def drop(folder: Path, kept: dict[str, str]) -> None:
    """Remove the second names (a run's leftovers of them are removed by the next, as temporary files)."""
    for second in kept.values():
        with contextlib.suppress(OSError):
            os.unlink(folder / second)
    kept.clear()
