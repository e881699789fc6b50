"""What a run did, and the one line that says it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

# A run that writes more files than this lists them as a count.
FILES_LISTED = 12  # four days' pages and data


@dataclass(frozen=True)
class RunReport:
    """What a run did, for the one-line summary and the log."""

    day: dt.date  # the run's day: new seeds go into its briefing
    seeds: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason): seeds that could not be read as articles
    # (path, reason): other entries of the seeds folder skipped this run, not read (another type of file, a
    # link, a folder that cannot be listed); counted apart, so that a run's counts of its seeds add up.
    others_skipped: tuple[tuple[str, str], ...] = ()
    deferred: tuple[str, ...] = ()  # still being written: left for the next run
    ignored: tuple[tuple[str, str], ...] = ()  # not seeds: hidden files, other types
    files: tuple[Path, ...] = ()  # written
    deleted: tuple[Path, ...] = ()  # the files of days left with no article
    dry_run: bool = False
    seconds: float = 0.0
    delivered: tuple[str, ...] = ()  # days sent by email in this run
    undelivered: tuple[tuple[str, str], ...] = ()  # (day, reason): still pending, retried next run
    retrying: tuple[tuple[str, int], ...] = ()  # (day, readers who refused it for now): tried again next run
    rebuild: bool = False
    again: int = 0  # seeds summarised again into the day they were in (a rebuild, or new settings)
    removed: tuple[tuple[str, dt.date | None], ...] = ()  # (seed, the day it was in): `briefing remove`
    removed_before: tuple[str, ...] = ()  # of those, the seeds a removal had taken out already
    days: tuple[dt.date, ...] = ()  # days whose briefings were written (or, in a dry run, would be)

    def summary_line(self) -> str:
        """One line that says what the run wrote: `2026-11-25: 6 seeds, 1 new, 5 unchanged; wrote ...`.

        A rebuild names the days it rebuilt and counts the seeds summarised
        again; a removal names each seed and the day it was taken out of.
        """
        clauses = []
        if self.removed:
            clauses.append("removed " + ", ".join(
                f"{name} from {day}" if day else f"{name} (removed before)" if name in self.removed_before
                else f"{name} (in no briefing)" for name, day in self.removed))
        counts = self._counts()
        if self.rebuild:
            clauses.append(f"rebuilt {_days_text(self.days)}: {counts}")
        elif not self.removed or self.new or self.skipped or self.others_skipped or self.deferred:
            clauses.append(f"{self.day}: {counts}")
        changes = [listed("would write" if self.dry_run else "wrote", self.files),
                   listed("would delete" if self.dry_run else "deleted", self.deleted)]
        if any(changes):
            written = "; ".join(change for change in changes if change)
        elif self.new:
            written = "nothing written"
        else:
            written = "nothing new, no files changed"
        sent = ""
        waiting = dict(self.retrying)
        if self.delivered:
            sent += "; emailed " + ", ".join(
                day + (f" ({_readers(waiting[day])} refused it for now, will retry)" if day in waiting else "")
                for day in self.delivered)
        if refused_again := [day for day in waiting if day not in self.delivered]:
            sent += "; email of " + ", ".join(f"{day} to {_readers(waiting[day])}" for day in refused_again) + (
                " refused for now, will retry")
        if self.undelivered:
            sent += f"; email of {', '.join(day for day, _ in self.undelivered)} failed, will retry"
        return f"{'; '.join(clauses + [written])}{sent} ({self.seconds:.1f}s)"

    def _counts(self) -> str:
        parts = [f"{self.seeds} seed{'s' if self.seeds != 1 else ''}"]
        if self.rebuild:
            parts.append(f"{self.again} summarised again")
            if self.new:
                parts.append(f"{self.new} new into {self.day}")
        else:
            parts.append(f"{self.new} new")
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.again and not self.rebuild:
            parts.append(f"{self.again} summarised again with the new settings")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.deferred:
            parts.append(f"{len(self.deferred)} still being written")
        if self.others_skipped:
            others = len(self.others_skipped)
            parts.append(f"{others} other file{'s' if others != 1 else ''} skipped")
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored")
        return ", ".join(parts)


def listed(verb: str, paths: Sequence[Path]) -> str:
    """"wrote out/a.md, out/a.html", or "wrote 15 files in out"; nothing for no paths."""
    if not paths:
        return ""
    if len(paths) > FILES_LISTED:
        return f"{verb} {len(paths)} files in {as_given(paths[0].parent)}"
    return f"{verb} {', '.join(as_given(p) for p in paths)}"


def as_given(path: Path) -> str:
    """A path as short as a user would type it: relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd())) if path.is_absolute() else str(path)
    except (ValueError, OSError):  # elsewhere, or the working folder is gone
        return str(path)


def _days_text(days: Sequence[dt.date]) -> str:
    """"2026-11-24 and 2026-11-25", or "30 days, 2026-10-27 to 2026-11-25"."""
    days = sorted(days)
    if not days:
        return "no day"
    if len(days) <= 3:
        return " and ".join([", ".join(str(d) for d in days[:-1]), str(days[-1])] if len(days) > 1 else [str(days[0])])
    return f"{len(days)} days, {days[0]} to {days[-1]}"


def _readers(count: int) -> str:
    return f"{count} reader{'s' if count != 1 else ''}"
