"""The note of the seeds a run summarises in its own process: what tells the next run, if this one dies of
a seed, to summarise those on a worker."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import Iterator, Sequence

from ..config import Config
from ..models import SeedFile


class SummarisingHere:
    """The names of the seeds a run is summarising in its own process, in a file beside the state store
    while it does.

    A seed that kills the process summarising it (a crash in a C library, a
    blow-up of memory) kills a run that summarises it itself, before anything
    is recorded; the next run would meet it as new, and die again. The file,
    left behind, tells the next run to summarise those seeds on a worker,
    where such a seed is skipped with its reason (see WorkerPool.map_batched).
    """

    def __init__(self, config: Config, dry_run: bool = False) -> None:
        self.path, self.temp = self.files(config)
        self.dry_run = dry_run  # a dry run reads the file, and neither writes nor removes it
        # Read now, before this run notes its own seeds in it.
        self.left = frozenset(_noted_name(line) for line in _read_note(self.path).splitlines())

    @staticmethod
    def files(config: Config) -> tuple[Path, Path]:
        """The file, beside the state store, and the one it is written to before it is put in place."""
        path = config.paths.state.with_name(config.paths.state.name + ".summarising")
        return path, path.with_name(path.name + ".tmp")

    def died_with(self, seeds: Sequence[SeedFile]) -> bool:
        """Whether a run died summarising any of `seeds` in its own process."""
        return any(seed.name in self.left for seed in seeds)

    @contextlib.contextmanager
    def noted(self, seeds: Sequence[SeedFile]) -> Iterator[None]:
        """The names of `seeds` in the file while the block runs; no file after it, however it ends
        (short of the process dying). A dry run leaves the file as it found it."""
        if self.dry_run:
            yield
            return
        if seeds:
            with contextlib.suppress(OSError):  # a hint: a run goes on without it
                # One name a line, as a JSON string: a seed's name may hold a line break ("a\nb.txt" noted
                # as "a" and "b.txt" was never found again, and the seed killed every run).
                _write_note(self.temp, "".join(f"{json.dumps(seed.name)}\n" for seed in seeds))
                os.replace(self.temp, self.path)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


# Neither opening waits: a FIFO in the note's place (or its temporary file's) held the run for good, under
# the run lock. It is no note: not read, and not written to.
_NOT_WAITING = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read_note(path: Path) -> str:
    """The note's text; empty if there is none, or no regular file in its place."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOT_WAITING)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    finally:
        os.close(fd)


def _write_note(path: Path, text: str) -> None:
    """Write the note's temporary file; OSError if no regular file can be written there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | _NOT_WAITING, 0o644)
    with os.fdopen(fd, "wb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        handle.truncate()
        handle.write(text.encode("utf-8"))


def _noted_name(line: str) -> str:
    """A seed's name as SummarisingHere notes it: a JSON string (a line of a release before it: the name)."""
    try:
        name = json.loads(line) if line.startswith('"') else line
    except ValueError:
        return line
    return name if isinstance(name, str) else line
