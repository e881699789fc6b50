"""run_once(config): find new seeds, summarise them, compose and write the day's briefing.

The only module that imports every step. The order of a run is what makes it
safe to kill at any instant: all state changes of a run are one SQLite
transaction, and it is committed only after every briefing file it describes
has been written atomically. A run killed before the commit leaves the previous
files or complete new ones, and the previous state, so the next run redoes the
work and each article still appears exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .compose import compose_briefing
from .config import Config
from .errors import ConfigError, SeedError
from .lock import RunLock
from .models import SeedFile, Summary
from .render import Renderer, briefing_paths, write_atomic
from .seeds import content_hash, find_seed_files, printable, read_article, read_seed_bytes
from .state import State
from .summarize import summarize_article

log = logging.getLogger("briefing")

# A file changed this recently may still be being written: look again after this long.
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class RunReport:
    """What a run did, for the one-line summary and the log."""

    day: dt.date
    seeds: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)
    deferred: tuple[str, ...] = ()  # still being written: left for the next run
    ignored: tuple[tuple[str, str], ...] = ()  # not seeds: hidden files, other types
    files: tuple[Path, ...] = ()
    dry_run: bool = False
    seconds: float = 0.0

    def summary_line(self) -> str:
        parts = [f"{self.seeds} seed{'s' if self.seeds != 1 else ''}", f"{self.new} new"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.deferred:
            parts.append(f"{len(self.deferred)} still being written")
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored")
        if self.files:
            verb = "would write" if self.dry_run else "wrote"
            written = f"{verb} {', '.join(str(p) for p in self.files)}"
        elif self.new:
            written = "nothing written"
        else:
            written = "nothing new, no files changed"
        return f"{self.day}: {', '.join(parts)}; {written} ({self.seconds:.1f}s)"


def today_in(timezone: str | None) -> dt.date:
    if timezone is None:
        return dt.date.today()
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def lock_path(config: Config) -> Path:
    return config.state.with_name(config.state.name + ".lock")


def _settle(seeds: list[SeedFile]) -> tuple[list[SeedFile], list[SeedFile]]:
    """Split seeds into those that are stable and those still being written.

    A file modified within the last second is looked at again a second later;
    if its size or modification time moved, it is left for the next run. Files
    that are merely new but untouched for a second are processed at once.
    """
    now_ns = time.time_ns()
    recent = [s for s in seeds if now_ns - s.mtime_ns < SETTLE_SECONDS * 1e9]
    if not recent:
        return seeds, []
    time.sleep(SETTLE_SECONDS)
    moving = set()
    for seed in recent:
        try:
            info = seed.path.stat()
        except OSError:
            moving.add(seed.path)
            continue
        if (info.st_size, info.st_mtime_ns) != (seed.size, seed.mtime_ns):
            moving.add(seed.path)
    return [s for s in seeds if s.path not in moving], [s for s in seeds if s.path in moving]


def _remove_stale_temporaries(out_dir: Path) -> None:
    # Left by a run killed mid-write; we hold the lock, so no writer owns them.
    if out_dir.is_dir():
        for temp in out_dir.glob(".*.tmp"):
            temp.unlink(missing_ok=True)


def run_once(
    config: Config,
    *,
    day: dt.date | None = None,
    rebuild: bool = False,
    dry_run: bool = False,
    lock_wait: float = 0.0,
) -> RunReport:
    """Process new and changed seeds into the day's briefing files; return what happened."""
    started = time.monotonic()
    started_at = dt.datetime.now(dt.timezone.utc)
    day = day or today_in(config.timezone)
    if not config.seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {config.seeds}")

    with RunLock(lock_path(config), wait=lock_wait), State(config.state, config.out) as state:
        if not dry_run:
            _remove_stale_temporaries(config.out)
        known = state.known_stats()
        candidates: list[SeedFile] = []
        ignored: list[tuple[str, str]] = []
        skipped: list[tuple[str, str]] = []
        for found in find_seed_files(config.seeds):
            if isinstance(found, SeedFile):
                candidates.append(found)
            elif found.routine:
                ignored.append((str(found.path), found.reason))
                log.info("ignored %s: %s", printable(str(found.path)), found.reason)
            else:
                skipped.append((str(found.path), found.reason))
        changed = [
            seed for seed in candidates
            if rebuild or known.get(str(seed.path), (None, None))[:2] != (seed.size, seed.mtime_ns)
        ]
        ready, moving = _settle(changed)

        new = unchanged = 0
        days: set[dt.date] = set()
        files: list[Path] = []
        with state.transaction(commit=not dry_run):
            for seed in ready:
                path = str(seed.path)
                try:
                    data = read_seed_bytes(seed, config.max_file_bytes)
                except SeedError as error:
                    state.record_failure(seed, None, str(error))
                    skipped.append((path, str(error)))
                    continue
                digest = content_hash(data)
                if not rebuild and known.get(path, (None, None, None))[2] == digest:
                    state.record_stat(seed)  # touched, same content: nothing to do
                    unchanged += 1
                    continue
                twin = state.path_with_hash(digest, other_than=path)
                if twin is not None:
                    reason = f"same content as {twin}"
                    state.record_failure(seed, digest, reason)
                    skipped.append((path, reason))
                    continue
                try:
                    article = read_article(seed.path, data, seed_id=path)
                    summary = summarize_article(article, config)
                except SeedError as error:
                    state.record_failure(seed, digest, str(error))
                    skipped.append((path, str(error)))
                    continue
                except Exception as error:  # noqa: BLE001 - one seed must never stop the day's briefing
                    # A reader or sumy failing on input nobody foresaw is a bug,
                    # but it is the seed's bug to carry, not the whole run's.
                    log.debug("internal error reading %s", printable(path), exc_info=True)
                    reason = f"could not be read (internal error: {type(error).__name__}; --verbose shows it)"
                    state.record_failure(seed, digest, reason)
                    skipped.append((path, reason))
                    continue
                # A rebuild keeps each seed in the briefing of its own day.
                seed_day = (state.day_of(path) if rebuild else None) or day
                state.record_summary(seed, summary, seed_day)
                days.add(seed_day)
                new += 1
            skipped = [(printable(p), printable(reason)) for p, reason in skipped]
            for skip_path, reason in skipped:
                log.warning("skipped %s: %s", skip_path, reason)
            for seed in moving:
                log.warning("left for the next run %s: still being written", printable(str(seed.path)))

            days |= _days_missing_files(state, config.out, day)
            if rebuild:
                days |= set(state.days())
            renderer = Renderer(config.templates) if days else None
            for briefing_day in sorted(days):
                files.extend(_write_day(state.summaries_for_day(briefing_day), briefing_day, config, renderer, dry_run))
            if not dry_run:
                state.record_run(started_at, dt.datetime.now(dt.timezone.utc), new, len(skipped), len(files))

    return RunReport(
        day=day,
        seeds=len(candidates),
        new=new,
        unchanged=unchanged + len(candidates) - len(changed),
        skipped=tuple(skipped),
        deferred=tuple(printable(str(s.path)) for s in moving),
        ignored=tuple((printable(p), reason) for p, reason in ignored),
        files=tuple(files),
        dry_run=dry_run,
        seconds=time.monotonic() - started,
    )


def summarize_file(path: Path, config: Config) -> Summary:
    """Read any file as a seed and summarise it; no state is read or written."""
    try:
        info = path.stat()
    except OSError as error:
        raise SeedError(f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SeedError("not a regular file")  # a FIFO would block the read forever
    data = read_seed_bytes(SeedFile(path, info.st_size, info.st_mtime_ns), config.max_file_bytes)
    return summarize_article(read_article(path, data), config)


def _days_missing_files(state: State, out_dir: Path, day: dt.date) -> set[dt.date]:
    """The run's day, if it has articles but someone deleted its files."""
    if any(not p.exists() for p in briefing_paths(out_dir, day)) and state.has_day(day):
        return {day}
    return set()


def _write_day(
    summaries: Iterable[Summary], day: dt.date, config: Config, renderer: Renderer, dry_run: bool
) -> list[Path]:
    briefing = compose_briefing(day, summaries)
    markdown_text = renderer.markdown(briefing)
    html_text = renderer.html(briefing, markdown_text, lang=config.language)
    markdown_path, html_path = briefing_paths(config.out, day)
    if not dry_run:
        write_atomic(markdown_path, markdown_text, config.out)
        write_atomic(html_path, html_text, config.out)
    return [markdown_path, html_path]
