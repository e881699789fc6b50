"""The note of the seeds a run summarises in its own process: what tells the next run, if this one dies of
a seed, to summarise those on a worker."""

from __future__ import annotations

import contextlib
import json
import os
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
        try:  # read now, before this run notes its own seeds in it
            self.left = frozenset(_noted_name(line) for line in
                                  self.path.read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            self.left = frozenset()

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
                self.temp.write_text("".join(f"{json.dumps(seed.name)}\n" for seed in seeds), encoding="utf-8")
                os.replace(self.temp, self.path)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def _noted_name(line: str) -> str:
    """A seed's name as SummarisingHere notes it: a JSON string (a line of a release before it: the name)."""
    try:
        name = json.loads(line) if line.startswith('"') else line
    except ValueError:
        return line
    return name if isinstance(name, str) else line
