"""run_once(config): one run of the briefing, as the phases it is made of.

scan the seeds folder -> read and summarise what is new -> record it ->
compose each day to write -> publish its files, and what links to them, as
one unit -> record what was written -> deliver by email.

The only module that imports every phase. The order of a run is what makes
it safe to kill at any instant: all state changes of a run are one SQLite
transaction, committed only after every file it describes is in place. A run
killed before the commit leaves the previous files (or, once renaming has
begun, a journal the next run completes) and the previous state, so the next
run redoes the work and each article still appears exactly once.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .compose.editor import compose_briefing
from .config import Config
from .errors import ConfigError, DeliveryError, SeedError
from .ingest.readers import content_hash, read_article, read_seed_bytes
from .ingest.scan import Scan, scan_seeds
from .lock import RunLock
from .models import SeedFile, Summary
from .publish.deliver import build_message, email_subject, send_message
from .publish.output import OutputWriter, briefing_paths, recover
from .publish.publisher import KeptDay, Publication, email_pages, publish_days
from .publish.templates import Renderer
from .publish.views import long_date
from .state import State, summary_to_json
from .text import printable
from .workers import ITEMS_WORTH_A_POOL, WorkerPool, batch_size, jobs_for

log = logging.getLogger("briefing")

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


@dataclass(frozen=True)
class SeedOutcome:
    """What became of one seed in a worker: its content hash, and its summary or why it has none."""

    digest: str | None = None
    unchanged: bool = False  # same content as recorded: only its stat changed
    summary_json: str | None = None  # the Summary as the state store keeps it
    reason: str | None = None  # why the seed is skipped


@dataclass(frozen=True)
class Recorded:
    """What the run recorded of the seeds it read."""

    new: int
    unchanged: int  # read again (touched), same content
    skipped: tuple[tuple[str, str], ...]
    days: frozenset[dt.date]  # days that gained or changed articles


@dataclass(frozen=True)
class Delivery:
    delivered: tuple[str, ...] = ()
    undelivered: tuple[tuple[str, str], ...] = ()


def run_once(
    config: Config,
    *,
    day: dt.date | None = None,
    rebuild: bool = False,
    dry_run: bool = False,
    lock_wait: float = 0.0,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> RunReport:
    """Process new and changed seeds into the day's briefing files; return what happened.

    After the files and the state are written, briefings waiting to be sent by
    email (this run's and those that failed before) are delivered.
    """
    started = time.monotonic()
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    day = day or today_in(config.timezone)
    paths = config.paths
    if not paths.seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {paths.seeds}")
    with RunLock(paths.lock, wait=lock_wait), State(paths.state, paths.out) as state:
        if not dry_run:
            recover(paths.out, journal_path(config))
        scan = scan_seeds(paths.seeds, state.known_stats(), rebuild)
        renderer = Renderer(paths.templates)
        if scan.ready:
            renderer.check()  # a broken template fails the run now, not after all the summarising
        jobs = jobs_for(config.jobs, len(scan.ready)) if len(scan.ready) >= ITEMS_WORTH_A_POOL else 1
        with state.transaction(commit=not dry_run), WorkerPool(jobs, _preload(config)) as pool:
            outcomes = summarize_seeds(scan.ready, state.known_digests(), config, pool, rebuild, progress)
            recorded = record_seeds(state, outcomes, day, rebuild)
            _log_scan(scan, recorded)
            days = days_to_write(state, config, recorded, day, rebuild)
            briefings = [compose_briefing(d, state.summaries_for_day(d)) for d in days]
            with OutputWriter(paths.out, journal_path(config), dry_run) as writer:
                publication = publish_days(
                    briefings, published=state.published(), kept=_kept(state), writer=writer, renderer=renderer,
                    site=config.site, language=config.summary.language, now=now, mapper=pool.map, parts=pool.jobs,
                )
            record_publication(state, publication, recorded.days if not rebuild else frozenset(), config)
            if not dry_run:
                state.record_run(now, dt.datetime.now(dt.timezone.utc), recorded.new, len(recorded.skipped),
                                 len(publication.files))
        delivery = deliver_pending(state, config, renderer) if config.email and not dry_run else Delivery()
    return RunReport(
        day=day, seeds=scan.seeds, new=recorded.new, unchanged=scan.unchanged + recorded.unchanged,
        skipped=_shown(scan.skipped) + recorded.skipped, deferred=tuple(printable(str(s.path)) for s in scan.settling),
        ignored=_shown(scan.ignored), files=publication.files,
        dry_run=dry_run, seconds=time.monotonic() - started, delivered=delivery.delivered,
        undelivered=delivery.undelivered,
    )


def today_in(timezone: str | None) -> dt.date:
    if timezone is None:
        return dt.date.today()
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def journal_path(config: Config) -> Path:
    """Where a run notes the renames it is making in out/: beside the state store, never published."""
    return config.paths.state.with_name(config.paths.state.name + ".commit")


# --- summarise ---------------------------------------------------------------------


def summarize_seeds(
    seeds: Iterable[SeedFile], known: dict[str, str | None], config: Config, pool: WorkerPool, rebuild: bool,
    progress: Progress | None = None,
) -> list[tuple[SeedFile, SeedOutcome]]:
    """Read, hash and summarise each seed on the pool's workers; in input order."""
    seeds = list(seeds)
    # A rebuild summarises even seeds whose content is as recorded.
    work = [(seed, None if rebuild else known.get(str(seed.path))) for seed in seeds]
    results = []
    process = functools.partial(process_seed, config=config)
    for done, outcome in enumerate(pool.map_batched(process, work, batch_size(len(work), pool.jobs))):
        if progress is not None:
            progress(done, len(work))
        results.append((work[done][0], outcome))
    if progress is not None and work:
        progress(len(work), len(work))
    return results


def process_seed(item: tuple[SeedFile, str | None], config: Config) -> SeedOutcome:
    """Read, hash and summarise one seed: all a seed's work that needs no state.

    Runs in worker processes, so that reading and serialising are spread over
    the cores too. Any failure is a reason, not a crash: one bad file must not
    stop the day's briefing.
    """
    from .summarize.article import summarize_article  # NLTK costs 0.2 s to import: not for runs with nothing new

    seed, known_digest = item
    try:
        data = read_seed_bytes(seed, config.limits.max_file_bytes)
    except SeedError as error:
        return SeedOutcome(reason=str(error))
    digest = content_hash(data)
    if digest == known_digest:
        return SeedOutcome(digest=digest, unchanged=True)
    try:
        article = read_article(seed.path, data, seed_id=str(seed.path))
        summary = summarize_article(article, config.summary, config.limits.max_sentences)
    except SeedError as error:
        return SeedOutcome(digest=digest, reason=str(error))
    except Exception as error:  # a bug or a library failing on odd input
        log.debug("summarising %s failed", seed.path, exc_info=True)
        return SeedOutcome(digest=digest, reason=f"could not summarise: {type(error).__name__}: {error}")
    return SeedOutcome(digest=digest, summary_json=summary_to_json(summary))


def _preload(config: Config) -> Callable[[], None]:
    def load() -> None:
        from .publish.html import load_markdown
        from .summarize.sumy_bridge import prepare_language

        prepare_language(config.summary.language)
        load_markdown()

    return load


# --- record ------------------------------------------------------------------------


def record_seeds(
    state: State, outcomes: Iterable[tuple[SeedFile, SeedOutcome]], day: dt.date, rebuild: bool
) -> Recorded:
    """Record each seed's summary or failure; the same article under two names is summarised once."""
    new = unchanged = 0
    skipped: list[tuple[str, str]] = []
    days: set[dt.date] = set()
    in_run: dict[str, str] = {}  # content hash -> path, for twins within this run
    for seed, outcome in outcomes:
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
        assert outcome.digest is not None and outcome.summary_json is not None
        in_run[outcome.digest] = path
        # A rebuild keeps each seed in the briefing of its own day.
        seed_day = (state.day_of(path) if rebuild else None) or day
        state.record_summary_json(seed, outcome.digest, outcome.summary_json, seed_day)
        days.add(seed_day)
        new += 1
    return Recorded(new=new, unchanged=unchanged, skipped=_shown(skipped), days=frozenset(days))


def _shown(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(path, reason) pairs fit for a terminal: seed names and texts are untrusted."""
    return tuple((printable(path), printable(reason)) for path, reason in pairs)


def _log_scan(scan: Scan, recorded: Recorded) -> None:
    for path, reason in _shown(scan.ignored):
        log.info("ignored %s: %s", path, reason)
    for path, reason in _shown(scan.skipped) + recorded.skipped:
        log.warning("skipped %s: %s", path, reason)
    for seed in scan.settling:
        log.warning("left for the next run %s: still being written", printable(str(seed.path)))


def record_publication(state: State, publication: Publication, news: frozenset[dt.date], config: Config) -> None:
    """Record the days written; a day with new articles whose content changed is owed by email."""
    for written in publication.days:
        state.record_briefing(written.record, written.kept.body_html, written.kept.feed_summary)
        if written.changed and written.record.day in news and config.email is not None:
            state.queue_delivery(written.record.day, EMAIL)


# --- compose -----------------------------------------------------------------------


def days_to_write(state: State, config: Config, recorded: Recorded, day: dt.date, rebuild: bool) -> list[dt.date]:
    """Days whose briefing must be written: those that changed, and any whose files are missing."""
    days = set(recorded.days) | set(state.days_not_published())
    if any(not p.exists() for p in briefing_paths(config.paths.out, day)) and state.has_day(day):
        days.add(day)  # someone deleted the day's files
    if rebuild:
        days |= set(state.days())
    return sorted(days)


def _kept(state: State) -> Callable[[dt.date], KeptDay | None]:
    def kept(day: dt.date) -> KeptDay | None:
        found = state.kept_body(day)
        return KeptDay(*found) if found else None

    return kept


# --- deliver -----------------------------------------------------------------------


def deliver_pending(state: State, config: Config, renderer: Renderer) -> Delivery:
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
        text, page = email_pages(briefing, renderer, config.site, config.summary.language)
        subject = email_subject(email, title=config.site.title, day=day, day_long=long_date(day),
                                stories=len(briefing.stories))
        try:
            send_message(email, build_message(email, subject, text, page))
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
    return Delivery(tuple(delivered), tuple(undelivered))


# --- outside a run -----------------------------------------------------------------


def last_run_started(config: Config) -> dt.datetime | None:
    """When the latest completed (not dry) run into the output folder started, in UTC; None if none did."""
    if not config.paths.state.exists():
        return None
    with State(config.paths.state, config.paths.out) as state:
        return state.last_run_started()


def summarize_file(path: Path, config: Config) -> Summary:
    """Read any file as a seed and summarise it; no state is read or written."""
    from .summarize.article import summarize_article

    try:
        info = path.stat()
    except OSError as error:
        raise SeedError(f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SeedError("not a regular file")  # a FIFO would block the read forever
    data = read_seed_bytes(SeedFile(path, info.st_size, info.st_mtime_ns), config.limits.max_file_bytes)
    return summarize_article(read_article(path, data, seed_id=str(path)), config.summary, config.limits.max_sentences)
