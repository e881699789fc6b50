"""The scan phase: which seed files are new or changed, which are settling, which are passed over."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..models import SeedFile
from .discover import find_seed_files, seed_stat

# A file changed this recently may still be being written: look again after this long.
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class Scan:
    """What the seeds folder holds, against what the state store knows."""

    seeds: int  # seed files found
    ready: tuple[SeedFile, ...]  # new or changed (or all, for a rebuild), and not being written
    settling: tuple[SeedFile, ...]  # still being written: left for the next run
    unchanged: int  # seed files whose stat is as recorded
    skipped: tuple[tuple[str, str], ...]  # (name, reason): entries that cannot be seeds
    ignored: tuple[tuple[str, str], ...]  # (name, reason): hidden files, editor leftovers
    unchanged_names: tuple[str, ...] = ()  # the seed files counted in `unchanged`, for the verbose log
    passed_over: tuple[tuple[str, str], ...] = ()  # (name, reason): every entry that cannot be a seed
    # Unchanged seeds recorded without their inode's change time (by an older release): to record it.
    unrecorded: tuple[SeedFile, ...] = ()

    def told_before(self, reported: Mapping[str, str]) -> "Scan":
        """This scan with the entries passed over that were `reported` (name -> reason) with the same reason
        moved from `skipped` to `ignored`: an unchanged bad file is reported once, not in every run's log."""
        again = [(name, reason) for name, reason in self.skipped if reported.get(name) == reason]
        if not again:
            return self
        told = set(again)  # a "page_files" folder may hold thousands
        return replace(self, skipped=tuple(entry for entry in self.skipped if entry not in told),
                       ignored=self.ignored + tuple((name, f"{reason} (as before)") for name, reason in again))


def _same_stat(known: tuple[int, int, int | None] | None, seed: SeedFile) -> bool:
    """Whether `seed` has the stat recorded for it: size and modification time, and the inode's change time
    when it was recorded (a store of an older release has none until a run records it: Scan.unrecorded)."""
    if known is None or known[:2] != (seed.size, seed.mtime_ns):
        return False
    return known[2] is None or known[2] == seed.ctime_ns


def scan_seeds(
    seeds_dir: Path,
    known: Mapping[str, tuple[int, int, int | None]],
    rebuild: bool = False,
    leave_out: Iterable[Path] = (),
    settle_seconds: float = SETTLE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Scan:
    """Find the seed files and split them by what must be done with each.

    `known` maps a recorded seed's name to its (size, mtime_ns, ctime_ns); a
    seed whose stat differs is read again (its content decides whether it
    changed). Folders in `leave_out` are not looked into, and files in it
    are passed over quietly (see find_seed_files).
    """
    candidates: list[SeedFile] = []
    skipped: list[tuple[str, str]] = []
    ignored: list[tuple[str, str]] = []
    for found in find_seed_files(seeds_dir, leave_out):
        if isinstance(found, SeedFile):
            candidates.append(found)
        elif found.routine:
            ignored.append((found.name, found.reason))
        else:
            skipped.append((found.name, found.reason))
    # One tuple comparison a seed (a nothing-new run over 50,000 seeds is mostly this loop and the listing);
    # _same_stat only where they differ.
    changed = [s for s in candidates if rebuild or (known.get(s.name) != (s.size, s.mtime_ns, s.ctime_ns)
                                                    and not _same_stat(known.get(s.name), s))]
    changed_names = {s.name for s in changed}
    ready, settling = _settle(seeds_dir, changed, settle_seconds, sleep)
    return Scan(
        seeds=len(candidates),
        ready=tuple(ready),
        settling=tuple(settling),
        unchanged=len(candidates) - len(changed),
        skipped=tuple(skipped),
        ignored=tuple(ignored),
        unchanged_names=tuple(s.name for s in candidates if s.name not in changed_names),
        passed_over=tuple(skipped),
        unrecorded=tuple(s for s in candidates if s.name not in changed_names and known[s.name][2] is None),
    )


def _settle(
    seeds_dir: Path, seeds: list[SeedFile], settle_seconds: float, sleep: Callable[[float], None]
) -> tuple[list[SeedFile], list[SeedFile]]:
    """Split seeds into those that are stable and those still being written.

    A file modified within the last `settle_seconds` is looked at again once
    it is that old (the youngest decides: `cp a.txt seeds/ && briefing run`
    waits a second, a seed a fetch wrote earlier less; a time in whole
    seconds, all of `settle_seconds`); if its size or modification time
    moved, it is left for the next run. Files that are merely new but
    untouched for that long are processed at once.
    """
    now_ns = time.time_ns()
    settle_ns = settle_seconds * 1e9
    recent = [s for s in seeds if now_ns - s.mtime_ns < settle_ns]
    if not recent:
        return seeds, []
    # Never longer than settle_seconds: a time in the future (another machine's clock) waits that long.
    youngest_age_ns = max(now_ns - max(s.mtime_ns for s in recent), 0)
    if any(s.mtime_ns % 1_000_000_000 == 0 for s in recent):
        # A file system that keeps whole seconds (FAT, HFS+, many network shares) gives a time up to a second
        # (FAT: two) before the last write: its age says nothing of how long the file has been left alone.
        youngest_age_ns = 0
    sleep((settle_ns - youngest_age_ns) / 1e9)
    moving = set()
    for seed in recent:
        try:
            now_stat = seed_stat(seeds_dir, seed.name)
        except OSError:
            moving.add(seed.name)
            continue
        if now_stat != (seed.size, seed.mtime_ns):
            moving.add(seed.name)
    return [s for s in seeds if s.name not in moving], [s for s in seeds if s.name in moving]
