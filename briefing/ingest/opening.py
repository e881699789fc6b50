"""Open seed files without trusting what the folder listing saw.

A seed may be swapped for a link, a FIFO or a growing file between the
listing and the read: files are opened relative to the seeds folder without
following links, only a regular file is read, and never more than the limit
is held.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import SeedError, SeedUnreadable
from .sidecar import SIDECAR_SUFFIX, is_absent, open_error, read_sidecar_fd, takes_sidecar

_CHUNK = 1 << 20
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a FIFO put in a seed's place must not block the open; fstat then refuses it.
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_seed_bytes(seeds_dir: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of the seed `name` inside `seeds_dir`, read without trusting what the listing saw.

    The file may have been swapped since the folder was listed: each folder on
    the way and the file itself are opened relative to the one before,
    without following links, and only a regular file is read, in bounded
    chunks. A failure of the system (permissions, I/O, a vanished file) is
    SeedUnreadable, tried again next run; a file that is not fit to be a
    seed is SeedError.
    """
    try:
        fd = _open_in(seeds_dir, name)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise SeedUnreadable("replaced by a symbolic link while the run was reading: not followed") from None
        raise SeedUnreadable(f"cannot read: {error.strerror}") from None
    return _read_regular(fd, max_bytes, SeedUnreadable)


def _open_in(seeds_dir: Path, name: str) -> int:
    """The file `name` inside `seeds_dir` opened for reading, each folder on the way without following links."""
    *folders, file_name = name.split("/")
    try:
        folder_fd = os.open(seeds_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise SeedUnreadable(f"cannot read the seeds folder: {error.strerror}") from None
    try:
        for folder in folders:
            next_fd = os.open(folder, _DIRECTORY, dir_fd=folder_fd)
            os.close(folder_fd)
            folder_fd = next_fd
        return os.open(file_name, _FILE, dir_fd=folder_fd)
    finally:
        os.close(folder_fd)


def read_seed_sidecar(seeds_dir: Path, name: str) -> bytes | None:
    """The bytes of the metadata sidecar of the seed `name`, read as warily as the seed; None if it has none."""
    if not takes_sidecar(name):
        return None
    try:
        fd = _open_in(seeds_dir, name + SIDECAR_SUFFIX)
    except OSError as error:
        if is_absent(error):
            return None
        raise open_error(error, Path(name).name + SIDECAR_SUFFIX) from None
    try:
        return read_sidecar_fd(fd, Path(name).name + SIDECAR_SUFFIX)
    finally:
        os.close(fd)


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of any file a user names (`briefing summarize`): a regular file, within the limit."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise SeedError(f"cannot read: {error.strerror}") from None
    return _read_regular(fd, max_bytes, SeedError)


def _read_regular(fd: int, max_bytes: int, failure: type[SeedError]) -> bytes:
    """Read the opened `fd` if it is a regular file within the limit, and close it; else `failure`."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise failure("not a regular file")  # a FIFO would block the read for ever
        if info.st_size > max_bytes:
            raise SeedError(f"too large: {info.st_size:,} bytes (limit {max_bytes:,}; see limits.max_file_bytes)")
        return _read_bounded(fd, max_bytes)
    except OSError as error:
        raise failure(f"cannot read: {error.strerror}") from None
    finally:
        os.close(fd)


def _read_bounded(fd: int, max_bytes: int) -> bytes:
    # The file may grow while it is read: never more than the limit is held.
    chunks, held = [], 0
    while held <= max_bytes:
        chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - held))
        if not chunk:
            break
        chunks.append(chunk)
        held += len(chunk)
    if held > max_bytes:
        raise SeedError(f"too large: over {max_bytes:,} bytes (see limits.max_file_bytes)")
    return b"".join(chunks)
