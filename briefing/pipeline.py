"""run_once(config): find new seeds, summarise them, compose and write the day's briefing.

The only module that imports every step. The order of a run is what makes it
safe to kill at any instant: all state changes of a run are one SQLite
transaction, and it is committed only after every briefing file it describes
has been written atomically. A run killed before the commit leaves the previous
files or complete new ones, and the previous state, so the next run redoes the
work and each article still appears exactly once.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import logging
import os
import signal
import stat
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .compose import compose_briefing
from .config import Config
from .deliver import build_message, email_subject, send_message
from .errors import ConfigError, DeliveryError, SeedError
from .feed import FeedEntry, FeedIds, render_feed
from .lock import RunLock
from .models import Briefing, SeedFile, Summary
from .render import (
    FEED_NAME, INDEX_NAME, Renderer, briefing_paths, day_links, load_markdown, long_date,
    markdown_to_safe_html, write_atomic, write_if_changed,
)
from .seeds import content_hash, find_seed_files, printable, read_article, read_seed_bytes
from .state import State, summary_to_json

log = logging.getLogger("briefing")

# A file changed this recently may still be being written: look again after this long.
SETTLE_SECONDS = 1.0
_SEEDS_WORTH_A_POOL = 8
# Markdown that takes Python-Markdown about 10 ms: below this, sending parts of
# it to workers costs more than converting them here.
_HTML_WORTH_SPLITTING = 40_000
EMAIL = "email"  # the delivery channel's name in the state store

# Called as progress(done, total) while seeds are read and summarised.
Progress = Callable[[int, int], None]


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
    delivered: tuple[str, ...] = ()  # days sent by email in this run
    undelivered: tuple[tuple[str, str], ...] = ()  # (day, reason): still pending, retried next run

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
        sent = ""
        if self.delivered:
            sent += f"; emailed {', '.join(self.delivered)}"
        if self.undelivered:
            sent += f"; email of {', '.join(day for day, _ in self.undelivered)} failed, will retry"
        return f"{self.day}: {', '.join(parts)}; {written}{sent} ({self.seconds:.1f}s)"


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


def jobs_for(config: Config) -> int:
    return config.jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class SeedOutcome:
    """What became of one seed in a worker: its content hash, and its summary or why it has none."""

    digest: str | None = None
    unchanged: bool = False  # same content as recorded: only its stat changed
    summary_json: str | None = None  # the Summary as the state store keeps it
    reason: str | None = None  # why the seed is skipped


def process_seed(seed: SeedFile, known_digest: str | None, config: Config) -> SeedOutcome:
    """Read, hash and summarise one seed: all a seed's work that needs no state.

    Runs in worker processes, so that reading and serialising are spread over
    the cores too. Any failure is a reason, not a crash: one bad file must not
    stop the day's briefing.
    """
    from .summarize import summarize_article  # NLTK costs 0.2 s to import: not for runs with nothing new

    try:
        data = read_seed_bytes(seed, config.max_file_bytes)
    except SeedError as error:
        return SeedOutcome(reason=str(error))
    digest = content_hash(data)
    if digest == known_digest:
        return SeedOutcome(digest=digest, unchanged=True)
    try:
        summary = summarize_article(read_article(seed.path, data, seed_id=str(seed.path)), config)
    except SeedError as error:
        return SeedOutcome(digest=digest, reason=str(error))
    except Exception as error:  # a bug or a library failing on odd input
        log.debug("summarising %s failed", seed.path, exc_info=True)
        return SeedOutcome(digest=digest, reason=f"could not summarise: {type(error).__name__}: {error}")
    return SeedOutcome(digest=digest, summary_json=summary_to_json(summary))


def process_seeds(
    work: Iterable[tuple[SeedFile, str | None]], config: Config, pool: Executor | None, jobs: int = 1,
    batch_size: int = 1,
) -> Iterator[tuple[SeedFile, SeedOutcome]]:
    """process_seed over (seed, known digest) pairs, on `pool`'s `jobs` workers if given; in input order.

    Workers take `batch_size` seeds per task. At most two tasks per worker are
    in flight, so memory stays flat however many seeds there are. The order,
    and so every output, is the same for any number of jobs.
    """
    if pool is None:
        for seed, known_digest in work:
            yield seed, process_seed(seed, known_digest, config)
        return
    pending: collections.deque = collections.deque()
    batch: list[tuple[SeedFile, str | None]] = []
    for item in work:
        batch.append(item)
        if len(batch) == batch_size:
            pending.append((batch, pool.submit(_process_batch, batch, config)))
            batch = []
            if len(pending) >= jobs * 2:
                yield from _results(*pending.popleft())
    if batch:
        pending.append((batch, pool.submit(_process_batch, batch, config)))
    while pending:
        yield from _results(*pending.popleft())


@contextlib.contextmanager
def _workers(config: Config, jobs: int) -> Iterator[Executor | None]:
    """A pool of `jobs` worker processes for the run; None to do all work in this one."""
    if jobs <= 1:
        yield None
        return
    from .summarize import prepare_language

    # Loaded once here rather than once per worker: forked workers start with them.
    prepare_language(config.language)
    load_markdown()
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield pool


def _batch_size(seeds: int, jobs: int) -> int:
    """Seeds per task sent to a worker.

    Up to 16, so that sending a task and its result costs little beside the
    work; but at least 16 tasks per worker, so that all keep busy to the end.
    """
    return max(1, min(16, seeds // (jobs * 16)))


def _process_batch(batch: list[tuple[SeedFile, str | None]], config: Config) -> list[SeedOutcome]:
    return [process_seed(seed, known_digest, config) for seed, known_digest in batch]


def _results(batch, future) -> Iterator[tuple[SeedFile, SeedOutcome]]:
    return zip((seed for seed, _ in batch), future.result())


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends when the run that started it ends, however it ends.

    A worker waits for tasks on a pipe whose both ends it holds, so it never
    sees the run die: after a SIGKILL it would wait for ever, holding the
    state store and the terminal's pipes open.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # not Linux: a killed run's workers may linger, but hold no lock (see lock.py)
    if os.getppid() != parent:  # the run died before prctl took effect
        os._exit(1)


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
    progress: Progress | None = None,
) -> RunReport:
    """Process new and changed seeds into the day's briefing files; return what happened.

    After the files and the state are written, briefings waiting to be sent by
    email (this run's and those that failed before) are delivered.
    """
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
        # Starting worker processes costs more than a few articles take. The
        # workers also convert parts of a big day's HTML, so they last until it is written.
        jobs = jobs_for(config) if len(ready) >= _SEEDS_WORTH_A_POOL else 1
        with state.transaction(commit=not dry_run), _workers(config, jobs) as pool:
            renderer = None
            if ready:
                # A broken template fails the run now, not after all the summarising.
                renderer = Renderer(config.templates)
                renderer.check()
            in_run: dict[str, str] = {}  # content hash -> path, for twins within this run
            # A rebuild summarises even seeds whose content is as recorded.
            work = ((seed, None if rebuild else known.get(str(seed.path), (None, None, None))[2]) for seed in ready)
            batch_size = _batch_size(len(ready), jobs)
            for done, (seed, outcome) in enumerate(process_seeds(work, config, pool, jobs, batch_size)):
                if progress is not None:
                    progress(done, len(ready))
                path = str(seed.path)
                if outcome.unchanged:
                    state.record_stat(seed)  # touched, same content: nothing to do
                    unchanged += 1
                    continue
                twin = None
                if outcome.digest is not None:
                    twin = in_run.get(outcome.digest) or state.path_with_hash(outcome.digest, other_than=path)
                reason = f"same content as {twin}" if twin else outcome.reason
                if reason is not None:
                    state.record_failure(seed, outcome.digest, reason)
                    skipped.append((path, reason))
                    continue
                in_run[outcome.digest] = path
                # A rebuild keeps each seed in the briefing of its own day.
                seed_day = (state.day_of(path) if rebuild else None) or day
                state.record_summary_json(seed, outcome.digest, outcome.summary_json, seed_day)
                days.add(seed_day)
                new += 1
            if progress is not None and ready:
                progress(len(ready), len(ready))
            skipped = [(printable(p), printable(reason)) for p, reason in skipped]
            for skip_path, reason in skipped:
                log.warning("skipped %s: %s", skip_path, reason)
            for seed in moving:
                log.warning("left for the next run %s: still being written", printable(str(seed.path)))
            # Days with new articles are new briefings to send; a rebuild sends nothing.
            news = set() if rebuild else set(days)

            days |= _days_missing_files(state, config.out, day)
            days |= set(state.days_not_published())
            if rebuild:
                days |= set(state.days())
            if days:
                renderer = renderer or Renderer(config.templates)
                files.extend(_write_days(state, sorted(days), news, config, renderer, dry_run, pool, jobs))
            if not dry_run:
                state.record_run(started_at, dt.datetime.now(dt.timezone.utc), new, len(skipped), len(files))

        delivered: list[str] = []
        undelivered: list[tuple[str, str]] = []
        if config.email is not None and not dry_run:
            delivered, undelivered = _deliver_pending(state, config, renderer or Renderer(config.templates))

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
        delivered=tuple(delivered),
        undelivered=tuple(undelivered),
    )


def last_run_started(config: Config) -> dt.datetime | None:
    """When the latest completed (not dry) run into config.out started, in UTC; None if none did."""
    if not config.state.exists():
        return None
    with State(config.state, config.out) as state:
        return state.last_run_started()


def summarize_file(path: Path, config: Config) -> Summary:
    """Read any file as a seed and summarise it; no state is read or written."""
    try:
        info = path.stat()
    except OSError as error:
        raise SeedError(f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SeedError("not a regular file")  # a FIFO would block the read forever
    from .summarize import summarize_article

    data = read_seed_bytes(SeedFile(path, info.st_size, info.st_mtime_ns), config.max_file_bytes)
    return summarize_article(read_article(path, data, seed_id=str(path)), config)


def _days_missing_files(state: State, out_dir: Path, day: dt.date) -> set[dt.date]:
    """The run's day, if it has articles but someone deleted its files."""
    if any(not p.exists() for p in briefing_paths(out_dir, day)) and state.has_day(day):
        return {day}
    return set()


def _write_days(
    state: State, days: list[dt.date], news: set[dt.date], config: Config, renderer: Renderer, dry_run: bool,
    pool: Executor | None = None, jobs: int = 1,
) -> list[Path]:
    """Write the briefings of `days`, then what links to them: neighbouring days, the archive, the feed.

    Called inside the run's transaction: the records made here are committed
    only after every file is written.
    """
    now = dt.datetime.now(dt.timezone.utc)
    published = sorted({record.day for record in state.published()} | set(days))
    files: list[Path] = []
    for day in days:
        briefing = compose_briefing(day, state.summaries_for_day(day))
        markdown_text = renderer.markdown(briefing, title=config.site_title)
        if pool is not None and len(markdown_text) >= _HTML_WORTH_SPLITTING:
            body_html = markdown_to_safe_html(markdown_text, parts=jobs, mapper=pool.map)
        else:
            body_html = markdown_to_safe_html(markdown_text)
        html_text = renderer.page(day, len(briefing.stories), body_html, lang=config.language,
                                  links=day_links(published, day), title=config.site_title)
        markdown_path, html_path = briefing_paths(config.out, day)
        if not dry_run:
            write_atomic(markdown_path, markdown_text, config.out)
            write_atomic(html_path, html_text, config.out)
        files += [markdown_path, html_path]
        changed = state.record_briefing(day, len(briefing.stories), _digest(markdown_text), now,
                                        body_html, _feed_summary(briefing))
        if changed and day in news and config.email is not None:
            state.queue_delivery(day, EMAIL)

    # A new day changes the "next day" link of the one before it and the
    # "previous day" link of the one after.
    neighbours: set[dt.date] = set()
    for day in days:
        links = day_links(published, day)
        neighbours |= {d for d in (links.previous, links.next) if d is not None and d not in days}
    for day in sorted(neighbours):
        body_html, _, stories = _kept_body(state, day, config, renderer)
        html_text = renderer.page(day, stories, body_html, lang=config.language,
                                  links=day_links(published, day), title=config.site_title)
        html_path = briefing_paths(config.out, day)[1]
        if dry_run or write_if_changed(html_path, html_text, config.out):
            files.append(html_path)

    files += _write_archive(state, config, renderer, dry_run)
    return files


def _write_archive(state: State, config: Config, renderer: Renderer, dry_run: bool) -> list[Path]:
    """out/index.html (every briefing) and out/feed.xml (the newest `feed_entries` of them)."""
    from .languages import language_code

    published = state.published()
    index_text = renderer.index(published, lang=config.language, title=config.site_title)
    entries = []
    for record in sorted(published, key=lambda r: r.day)[-config.feed_entries:]:
        body_html, feed_summary, _ = _kept_body(state, record.day, config, renderer)
        entries.append(FeedEntry(
            day=record.day,
            title=f"{config.site_title}: {long_date(record.day)}",
            href=briefing_paths(Path(), record.day)[1].name,
            html=body_html,
            summary=feed_summary,
            published=record.first_written,
            updated=record.updated,
        ))
    feed_text = render_feed(entries, title=config.site_title, ids=FeedIds(config.site_url, config.out),
                            lang=language_code(config.language), index_href=INDEX_NAME, feed_href=FEED_NAME)
    files = []
    for name, text in ((INDEX_NAME, index_text), (FEED_NAME, feed_text)):
        path = config.out / name
        if dry_run or write_if_changed(path, text, config.out):
            files.append(path)
    return files


def _kept_body(state: State, day: dt.date, config: Config, renderer: Renderer) -> tuple[str, str, int]:
    """A written day's sanitised body, feed summary and story count.

    Kept in state when the day was written; composed again only for state
    from before it was kept.
    """
    kept = state.kept_body(day)
    if kept is not None:
        return kept
    briefing = compose_briefing(day, state.summaries_for_day(day))
    body_html = markdown_to_safe_html(renderer.markdown(briefing, title=config.site_title))
    return body_html, _feed_summary(briefing), len(briefing.stories)


def _feed_summary(briefing: Briefing) -> str:
    count = len(briefing.stories)
    titles = "; ".join(story.summary.article.title for story in briefing.stories)
    return f"{count} {'story' if count == 1 else 'stories'}: {titles}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _deliver_pending(state: State, config: Config, renderer: Renderer) -> tuple[list[str], list[tuple[str, str]]]:
    """Send every briefing waiting for email, oldest first; record each attempt.

    Runs after the run's transaction is committed, so the files are written
    whatever happens here. A failure leaves the day pending for the next run.
    """
    email = config.email
    assert email is not None
    delivered: list[str] = []
    undelivered: list[tuple[str, str]] = []
    pending = state.pending_deliveries(EMAIL)
    for number, day in enumerate(pending):
        briefing = compose_briefing(day, state.summaries_for_day(day))
        markdown_text = renderer.markdown(briefing, title=config.site_title)
        # Links to other days would lead nowhere from a mailbox: the page goes without them.
        html_text = renderer.html(briefing, markdown_text, lang=config.language, links=None, title=config.site_title)
        subject = email_subject(email, title=config.site_title, day=day, day_long=long_date(day),
                                stories=len(briefing.stories))
        try:
            send_message(email, build_message(email, subject, markdown_text, html_text))
        except DeliveryError as error:
            log.warning("email of the %s briefing failed, will retry on the next run: %s", day, error)
            undelivered.append((day.isoformat(), str(error)))
            with state.transaction():
                state.record_delivery(day, EMAIL, str(error))
            # The server is likely to fail the rest the same way: leave them for the next run.
            undelivered += [(later.isoformat(), "not tried after the failure above") for later in pending[number + 1:]]
            break
        log.info("emailed the %s briefing to %s", day, ", ".join(email.to))
        delivered.append(day.isoformat())
        with state.transaction():
            state.record_delivery(day, EMAIL, None)
    return delivered, undelivered
