"""run_once(config): one run of the briefing, as the phases it is made of.

scan the seeds folder -> read and summarise what is new -> record it ->
compose each day to write -> publish its files, and what links to them, as
one unit -> record what was written -> deliver by email.

The only module that imports every phase. The order of a run is what makes
it safe to kill or fail at any instant:

- what was read is recorded first, with the days it touches marked pending:
  a failure while publishing never undoes the reading, and the next run
  writes what is still pending;
- every file of the run is written in full before any is put in place, and
  they are put in place together (publish/output.py), so out/ holds the
  previous run's files or all of the new ones;
- a day stops being pending only in the transaction that follows its files,
  so the state never records what was not written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .config import Config
from .errors import ConfigError, DeliveryError, FlagError, SeedError, SeedUnreadable
from .ingest.opening import read_file_bytes, read_seed_bytes, read_seed_sidecar
from .ingest.readers import content_hash, read_article
from .ingest.scan import Scan, scan_seeds
from .ingest.sidecar import read_sidecar_file
from .lock import RunLock
from .models import Briefing, Earlier, SeedFile, Story, Summary
from .publish.deliver import build_message, email_subject, send_message
from .publish.output import OutputWriter, briefing_paths, recover
from .publish.publisher import KeptDay, Publication, email_pages, publish_days
from .publish.templates import Renderer
from .publish.views import long_date
from .state import KeptStory, KnownReport, State, load_record_codec, summary_to_json
from .text import printable
from .workers import ITEMS_WORTH_A_POOL, WorkerPool, batch_size, jobs_for

if TYPE_CHECKING:
    from .compose.stories import EarlierStory
    from .ingest.fetch import FetchReport

log = logging.getLogger("briefing")

EMAIL = "email"  # the delivery channel's name in the state store
# Part of the settings a summary is made with: raised when the summariser
# itself changes what it makes, so that a rebuild is not the only way to see it.
SUMMARIZER_VERSION = 3  # 2: story candidates in the order that defers nothing; 3: titles, furniture, quote marks

# The days a briefing can be for.
FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9998, 12, 31)

# Called as progress(done, total) while seeds are read and summarised.
Progress = Callable[[int, int], None]


# A run that writes more files than this lists them as a count.
FILES_LISTED = 12  # four days' pages and data


@dataclass(frozen=True)
class RunReport:
    """What a run did, for the one-line summary and the log."""

    day: dt.date  # the run's day: new seeds go into its briefing
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
    rebuild: bool = False
    again: int = 0  # seeds summarised again into the day they were in (a rebuild, or new settings)
    removed: tuple[tuple[str, dt.date | None], ...] = ()  # (seed, the day it was in): `briefing remove`
    days: tuple[dt.date, ...] = ()  # days whose briefings were written (or, in a dry run, would be)

    def summary_line(self) -> str:
        """One line that says what the run wrote: `2026-11-25: 6 seeds, 1 new, 5 unchanged; wrote ...`.

        A rebuild names the days it rebuilt and counts the seeds summarised
        again; a removal names each seed and the day it was taken out of.
        """
        clauses = []
        if self.removed:
            clauses.append("removed " + ", ".join(
                f"{name} from {day}" if day else f"{name} (in no briefing)" for name, day in self.removed))
        counts = self._counts()
        if self.rebuild:
            clauses.append(f"rebuilt {_days_text(self.days)}: {counts}")
        elif not self.removed or self.new or self.skipped or self.deferred:
            clauses.append(f"{self.day}: {counts}")
        if self.files:
            verb = "would write" if self.dry_run else "wrote"
            if len(self.files) > FILES_LISTED:
                written = f"{verb} {len(self.files)} files in {_as_given(self.files[0].parent)}"
            else:
                written = f"{verb} {', '.join(_as_given(p) for p in self.files)}"
        elif self.new:
            written = "nothing written"
        else:
            written = "nothing new, no files changed"
        sent = ""
        if self.delivered:
            sent += f"; emailed {', '.join(self.delivered)}"
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
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored")
        return ", ".join(parts)


def _as_given(path: Path) -> str:
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


@dataclass(frozen=True)
class Settings:
    """What a briefing is built with, as signatures: a day built with others is rebuilt when it is written."""

    summary: str  # the summary settings: a seed summarised with others is summarised again
    page: str  # the site settings and the templates

    @property
    def whole(self) -> str:
        return f"{self.summary}/{self.page}"


@dataclass(frozen=True)
class SeedOutcome:
    """What became of one seed in a worker: its content hash, and its summary or why it has none."""

    digest: str | None = None
    unchanged: bool = False  # same content as recorded: only its stat changed
    summary_json: str | None = None  # the Summary as the state store keeps it
    reason: str | None = None  # why the seed is skipped
    retry: bool = False  # the system could not read it now: not recorded, tried again next run
    warnings: tuple[str, ...] = ()  # what was left out of a seed that is read (a date that is no date)
    detail: str | None = None  # for the verbose log: its language and where its title came from


@dataclass(frozen=True)
class Recorded:
    """What the run recorded of the seeds it read."""

    new: int
    unchanged: int  # read again (touched), same content
    skipped: tuple[tuple[str, str], ...]
    news: frozenset[dt.date]  # days that gained or changed articles: their briefings are owed by email
    again: int = 0  # summarised again into the day they were in


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
    withdraw: Sequence[str] = (),
) -> RunReport:
    """Process new and changed seeds into their briefings; return what happened.

    `withdraw` names seeds (inside the seeds folder) to take out of their
    briefings. After the files and the state are written, briefings waiting
    to be sent by email (this run's and those that failed before) are sent.
    """
    started = time.monotonic()
    now = (now or utc_now()).replace(microsecond=0)
    day = day or today_in(config.timezone)
    if not FIRST_DAY <= day <= LAST_DAY:
        # Days before it are looked back on (a month, up to a year): near the
        # calendar's ends that arithmetic fails, and a day left pending would fail every run.
        raise FlagError(f"--date must be a day between {FIRST_DAY} and {LAST_DAY}, not {day}")
    paths = config.paths
    if not paths.seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {paths.seeds}")
    with _loaded_days_thawed(), RunLock(paths.lock, wait=lock_wait), \
            State(paths.state, paths.out, paths.seeds, dry_run) as state:
        if not dry_run:
            recover(paths.out, journal_path(config), state.out_key, known=state.knows_output)
        renderer = Renderer(paths.templates)
        settings = settings_of(config, renderer)
        with state.transaction():  # a rebuild or a removal is remembered before any work, so a kill cannot lose it
            removed = begin_run(state, settings, rebuild, withdraw, day)
        scan = scan_seeds(paths.seeds, state.known_stats(), rebuild, leave_out=[paths.state.parent])
        if scan.ready:
            renderer.check()  # a broken template fails the run now, not after all the summarising
        jobs = jobs_for(config.jobs, len(scan.ready)) if len(scan.ready) >= ITEMS_WORTH_A_POOL else 1
        warm = _warm_day(state, config, scan, day) if not rebuild else None
        attempt = SummarisingHere(config, dry_run)
        # Seeds a run was summarising in its own process when it died go to a worker this time.
        apart = jobs == 1 and attempt.died_with(scan.ready)
        with WorkerPool(jobs, _preload(config)) as pool:
            # A warm day is loaded here while one worker summarises the few new seeds.
            summarisers = WorkerPool(1, beside=True) if warm or apart else contextlib.nullcontext(pool)
            here = jobs == 1 and not (warm or apart)
            with state.transaction(), summarisers as summarising, attempt.noted(scan.ready if here else ()):
                recorded = read_seeds(scan, state, config, settings, summarising, day, rebuild, progress,
                                      meanwhile=warm.load if warm else None, here=attempt if here else None)
            _log_scan(scan, recorded)
            composed = compose_days(state, config, state.pending_days(), remember=not rebuild,
                                    mapper=_batched_map(pool), warm=warm)
            with OutputWriter(paths.out, journal_path(config), dry_run, folder_key=state.out_key) as writer:
                publication = publish_days(
                    composed.briefings, published=state.published(), kept=_kept(state), writer=writer,
                    renderer=renderer, site=config.site, language=config.summary.language,
                    feed_namespace=state.feed_namespace(), now=now, mapper=pool.map, parts=pool.jobs,
                    pieces=state.html_pieces if not rebuild else lambda day: {},
                )
        with state.transaction():
            record_publication(state, publication, composed, settings, config)
            state.record_run(now, dt.datetime.now(dt.timezone.utc), recorded.new, len(recorded.skipped),
                             len(publication.files))
        delivery = deliver_pending(state, config, renderer) if config.email and not dry_run else Delivery()
    return RunReport(
        day=day, seeds=scan.seeds, new=recorded.new, unchanged=scan.unchanged + recorded.unchanged,
        skipped=_shown(scan.skipped) + recorded.skipped, deferred=tuple(printable(s.name) for s in scan.settling),
        ignored=_shown(scan.ignored), files=publication.files, dry_run=dry_run,
        seconds=time.monotonic() - started, delivered=delivery.delivered, undelivered=delivery.undelivered,
        rebuild=rebuild, again=recorded.again, removed=removed,
        days=tuple(sorted({w.record.day for w in publication.days} | set(publication.removed))),
    )


@contextlib.contextmanager
def kept_to_the_end() -> Iterator[None]:
    """What is made inside lives until the run ends: made with Python's cycle collector off, and never
    walked by it after (frozen; `_loaded_days_thawed` thaws it when the run ends).

    A big day's summaries are hundreds of thousands of objects in no cycle;
    each walk of the collector over them finds nothing, and as more are made
    it walks them again and again (loading 10,000 reports: 1.45 s of CPU with
    it, 1.1 s without, and 0.09 s more at each full collection after;
    benchmarks/README.md). Garbage made before is collected first, so that
    none is frozen with them. (Called outside `run_once`, what it froze
    stays frozen until `gc.unfreeze()`.)
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _loaded_days_thawed() -> Iterator[None]:
    """The objects frozen by `kept_to_the_end` back in the collector's care at the end of the run (the
    scheduler runs many runs in one process)."""
    try:
        yield
    finally:
        gc.unfreeze()


def utc_now() -> dt.datetime:
    """The clock a run stamps its briefings with (a test may set it)."""
    return dt.datetime.now(dt.timezone.utc)


def today_in(timezone: str | None) -> dt.date:
    if timezone is None:
        return dt.date.today()
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


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
        self.path = config.paths.state.with_name(config.paths.state.name + ".summarising")
        self.dry_run = dry_run  # a dry run reads the file, and neither writes nor removes it
        try:  # read now, before this run notes its own seeds in it
            self.left = frozenset(self.path.read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            self.left = frozenset()

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
            temp = self.path.with_name(self.path.name + ".tmp")
            with contextlib.suppress(OSError):  # a hint: a run goes on without it
                temp.write_text("".join(f"{seed.name}\n" for seed in seeds), encoding="utf-8")
                os.replace(temp, self.path)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def journal_path(config: Config) -> Path:
    """Where a run notes the renames it is making in out/: beside the state store, never published."""
    return config.paths.state.with_name(config.paths.state.name + ".commit")


def settings_of(config: Config, renderer: Renderer) -> Settings:
    """The signatures of what the run's summaries and pages are built with."""
    summary = {**asdict(config.summary), "max_sentences": config.limits.max_sentences, "version": SUMMARIZER_VERSION}
    page = {"site": asdict(config.site), "language": config.summary.language, "templates": renderer.signature()}
    return Settings(_signature(summary), _signature(page))


def _signature(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


# --- begin ---------------------------------------------------------------------


def begin_run(
    state: State, settings: Settings, rebuild: bool, withdraw: Sequence[str], day: dt.date
) -> tuple[tuple[str, dt.date | None], ...]:
    """What must be done whatever the seeds hold: a rebuild, seeds withdrawn; and say once if settings changed.

    Returns each seed withdrawn with the day it was taken out of.
    """
    removed: tuple[tuple[str, dt.date | None], ...] = ()
    if rebuild:
        state.mark_pending(state.days())
    if withdraw:
        known = state.known_stats()
        unknown = [name for name in withdraw if name not in known]
        if unknown:
            raise ConfigError(f"not a seed any briefing has read: {printable(unknown[0])}")
        removed = tuple((printable(name), state.day_of(name)) for name in withdraw)
        state.mark_pending(state.withdraw(withdraw))
    last = state.last_settings()
    if last is not None and last != settings.whole and not rebuild:
        others = sum(written.day != day for written in state.published())  # the run's own day is written anew
        log.warning("the settings, templates or summariser changed since the last run: the briefings this run writes use them"
                    + (f"; the {others} written before keep theirs until `briefing run --rebuild`" if others else ""))
    state.record_settings(settings.whole)
    return removed


# --- read and summarise -----------------------------------------------------------


def read_seeds(
    scan: Scan, state: State, config: Config, settings: Settings, pool: WorkerPool, day: dt.date, rebuild: bool,
    progress: Progress | None = None, meanwhile: Callable[[], None] | None = None,
    here: SummarisingHere | None = None,
) -> Recorded:
    """Summarise the new and changed seeds, record them, and mark the days to write.

    Then the seeds of those days that were summarised with other settings
    are summarised again, so that every day written is built with today's.
    `meanwhile` is done here while the pool's workers summarise. `here` is
    given when the pool is the run's own process: the seeds summarised again
    are noted in it too, or go to a worker if a run died summarising them.
    """
    known = {} if rebuild or not scan.ready else state.known_digests()
    outcomes = summarize_seeds(scan.ready, known, config, pool, progress, meanwhile)
    recorded = record_seeds(state, outcomes, day, settings, rebuild)
    state.mark_pending(recorded.news, news=True)
    days = set()
    if state.has_day(day) and state.built_with(day) != settings.whole:
        days.add(day)  # the run's own day shows the run's settings
    for written in state.published():
        if any(not path.exists() for path in briefing_paths(config.paths.out, written.day)):
            days.add(written.day)  # someone deleted a day's files
    state.mark_pending(days)
    stale_names = state.stale_seeds(state.pending_days(), settings.summary)
    stale = [SeedFile(name, *stat) for name, stat in _stats(state, stale_names)] if stale_names else []
    if stale:
        with _summarising_again(stale, pool, here) as summariser:
            again = record_seeds(state, summarize_seeds(stale, {}, config, summariser), day, settings, rebuild=True)
        recorded = Recorded(recorded.new, recorded.unchanged, recorded.skipped + again.skipped, recorded.news,
                            recorded.again + again.again + again.new)
    return recorded


@contextlib.contextmanager
def _summarising_again(
    seeds: Sequence[SeedFile], pool: WorkerPool, here: SummarisingHere | None
) -> Iterator[WorkerPool]:
    """The pool to summarise `seeds` again with: a worker if a run died summarising one of them in its own
    process (new settings can kill where the old did not); else `pool`, the seeds noted while it works."""
    if here is None:
        yield pool
    elif here.died_with(seeds):
        with WorkerPool(1, beside=True) as worker:
            yield worker
    else:
        with here.noted(seeds):
            yield pool


def _stats(state: State, names: list[str]) -> list[tuple[str, tuple[int, int]]]:
    known = state.known_stats()
    return [(name, known[name]) for name in names if name in known]


def summarize_seeds(
    seeds: Iterable[SeedFile], known: dict[str, str | None], config: Config, pool: WorkerPool,
    progress: Progress | None = None, meanwhile: Callable[[], None] | None = None,
) -> Iterator[tuple[SeedFile, SeedOutcome]]:
    """Read, hash and summarise each seed on the pool's workers; in input order, as they are done
    (a big first run never holds every summary at once)."""
    work = [(seed, known.get(seed.name)) for seed in seeds]
    process = functools.partial(process_seed, config=config)
    lost = functools.partial(_worker_died, config=config)
    outcomes = pool.map_batched(process, work, batch_size(len(work), pool.jobs), meanwhile, lost=lost)
    for done, outcome in enumerate(outcomes):
        if progress is not None:
            progress(done, len(work))
        yield work[done][0], outcome
    if progress is not None and work:
        progress(len(work), len(work))


def _seed_content(seed: SeedFile, config: Config):
    """A seed's bytes and its sidecar's metadata, if it has a sidecar (SeedError if they cannot be read)."""
    return (read_seed_bytes(config.paths.seeds, seed.name, config.limits.max_file_bytes),
            read_seed_sidecar(config.paths.seeds, seed.name))


def _not_read(error: SeedError) -> SeedOutcome:
    """A seed that could not be read: tried again next run when the system could not read it now."""
    if isinstance(error, SeedUnreadable):
        return SeedOutcome(reason=f"{error} (tried again next run)", retry=True)
    return SeedOutcome(reason=str(error))


def _worker_died(item: tuple[SeedFile, str | None], config: Config) -> SeedOutcome:
    """A seed whose worker process died while summarising it, and again on a worker of its own.

    Recorded as a failure with its content hash, as a seed that trips a bug
    is: tried again when its content changes. (Tried again next run, it
    would be summarised in the run's own process when the run has few new
    seeds, and kill the run.)
    """
    try:
        digest = content_hash(*_seed_content(item[0], config))
    except SeedError as error:
        return _not_read(error)
    return SeedOutcome(digest=digest, reason="could not summarise: the process summarising it died twice (out of "
                                             "memory, or killed); tried again when it changes, or by "
                                             "`briefing run --rebuild`")


def process_seed(item: tuple[SeedFile, str | None], config: Config) -> SeedOutcome:
    """Read, hash and summarise one seed: all a seed's work that needs no state.

    Runs in worker processes, so that reading and serialising are spread over
    the cores too. Any failure is a reason, not a crash: one bad file must not
    stop the day's briefing.
    """
    from .summarize.article import (
        summarize_article,  # NLTK costs 0.2 s to import: not for runs with nothing new
    )

    seed, known_digest = item
    try:
        data, sidecar = _seed_content(seed, config)
    except SeedError as error:
        return _not_read(error)
    digest = content_hash(data, sidecar)
    if digest == known_digest:
        return SeedOutcome(digest=digest, unchanged=True)
    warnings: list[str] = []
    try:
        article = read_article(Path(seed.name), data, seed_id=seed.name, sidecar=sidecar, warn=warnings.append)
        summary = summarize_article(article, config.summary, config.limits.max_sentences)
    except SeedError as error:
        return SeedOutcome(digest=digest, reason=str(error))
    except Exception as error:  # a bug or a library failing on odd input
        log.debug("summarising %s failed", seed.name, exc_info=True)
        return SeedOutcome(digest=digest, reason=f"could not summarise: {type(error).__name__}: {error}")
    return SeedOutcome(digest=digest, summary_json=summary_to_json(summary), warnings=tuple(warnings),
                       detail=_detail(summary))


_TITLE_SOURCES = {"front matter": "its front matter", "heading": "its first heading", "first line": "its first line",
                  "file name": "its file name", "html": "the page's metadata"}


def _detail(summary: Summary) -> str:
    """What the verbose log says of a seed that was read: its language and where its title came from."""
    article = summary.article
    language = f"{summary.language} ({'its lang' if article.lang else 'detected'})"
    return f"{language}, title from {_TITLE_SOURCES.get(article.title_from or '', 'its file name')}"


def _preload(config: Config) -> Callable[[], None]:
    def load() -> None:
        from .compose import editor  # noqa: F401  # numpy and scipy: imported once, not once per worker
        from .publish.html import load_markdown
        from .summarize.sumy_bridge import prepare_language

        prepare_language(config.summary.language)
        load_markdown()
        load_record_codec()

    return load


# --- record ------------------------------------------------------------------------


def record_seeds(
    state: State, outcomes: Iterable[tuple[SeedFile, SeedOutcome]], day: dt.date, settings: Settings, rebuild: bool
) -> Recorded:
    """Record each seed's summary or why it has none; the days it joins and leaves become pending.

    The same article under two names is summarised once. A seed the system
    could not read is not recorded, so the next run tries it again.
    """
    new = unchanged = again = 0
    skipped: list[tuple[str, str]] = []
    news: set[dt.date] = set()
    in_run: dict[str, str] = {}  # content hash -> name, for twins within this run
    withdrawn: dict[str, str | None] | None = None  # read at the first seed: a run with nothing new need not
    for seed, outcome in outcomes:
        if withdrawn is None:
            withdrawn = state.withdrawn()
        name = seed.name
        if outcome.unchanged or (name in withdrawn and withdrawn[name] == outcome.digest):
            state.record_stat(seed)  # touched, same content (or still withdrawn): nothing to do
            log.debug("%s: same content as before%s", printable(name), ", still removed" if name in withdrawn else "")
            unchanged += 1
            continue
        for warning in outcome.warnings:
            log.warning("%s: %s", printable(name), printable(warning))
        if outcome.retry:
            skipped.append((name, outcome.reason or "cannot read"))
            continue
        previous_day = state.day_of(name)
        twin = None
        if outcome.digest is not None and outcome.reason is None:
            twin = in_run.get(outcome.digest) or state.seed_with_content(outcome.digest, other_than=name)
        if twin is not None:
            state.record_twin(seed, outcome.digest, twin)
            skipped.append((name, f"same content as {twin}"))
        elif outcome.reason is not None:
            state.record_failure(seed, outcome.digest, outcome.reason)
            skipped.append((name, outcome.reason))
        else:
            in_run[outcome.digest] = name
            # A seed summarised again for a rebuild or new settings stays in its own day.
            seed_day = (previous_day if rebuild else None) or day
            state.record_summary_json(seed, outcome.digest, outcome.summary_json, seed_day, settings.summary)
            if not rebuild:
                news.add(seed_day)
            if rebuild and previous_day is not None:
                again += 1
                fate = "summarised again"
            else:
                new += 1
                fate = "changed" if previous_day is not None else "new"
            log.debug("%s: %s: %s; in the %s briefing", printable(name), fate, printable(outcome.detail or ""), seed_day)
        if previous_day is not None:
            state.mark_pending([previous_day])  # the day it was in is written again without it
    return Recorded(new=new, unchanged=unchanged, skipped=_shown(skipped), news=frozenset(news), again=again)


def _shown(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(path, reason) pairs fit for a terminal: seed names and texts are untrusted."""
    return tuple((printable(path), printable(reason)) for path, reason in pairs)


def _log_scan(scan: Scan, recorded: Recorded) -> None:
    if log.isEnabledFor(logging.DEBUG):  # -v: a line for each of what may be 10,000 files
        for name in scan.unchanged_names:
            log.debug("%s: unchanged since the last run (same size and time)", printable(name))
    for path, reason in _shown(scan.ignored):
        log.info("ignored %s: %s", path, reason)
    for path, reason in _shown(scan.skipped) + recorded.skipped:
        log.warning("skipped %s: %s", path, reason)
    for seed in scan.settling:
        log.warning("left for the next run %s: still being written", printable(seed.name))


# The pages of the last this many days (to the newest day written) keep their converted pieces (see
# publish/html.py): an older day written again has every piece converted again.
HTML_PIECES_KEPT_DAYS = 7


def record_publication(
    state: State, publication: Publication, composed: Composed, settings: Settings, config: Config
) -> None:
    """Record the days written and removed, and their stories; a day with new articles is owed by email."""
    if publication.days:  # compose/ is imported by the runs that compose, not by a run with nothing new
        from .compose.stories import day_frequencies
    news = state.pending_news()
    by_day = {briefing.day: briefing for briefing in composed.briefings}
    pieces_from = _html_pieces_from(state, publication) if publication.days else None
    for written in publication.days:
        day = written.record.day
        state.record_briefing(written.record, written.kept.body_html, written.kept.feed_summary, settings.whole)
        if pieces_from is not None and day >= pieces_from:
            state.record_html_pieces(day, written.pieces, anew=not composed.remembered)
        state.record_stories(day, [_kept_story(story) for story in by_day[day].stories], reuse=composed.remembered)
        state.record_story_texts(day, composed.story_texts.get(day, {}))
        state.record_day_terms(day, *day_frequencies(r for story in by_day[day].stories for r in story.reports))
        if written.changed and day in news and config.email is not None:
            state.queue_delivery(day, EMAIL)
    for day in publication.removed:
        state.forget_day(day)
    if pieces_from is not None:
        state.forget_html_pieces_before(pieces_from)


def _html_pieces_from(state: State, publication: Publication) -> dt.date:
    """The first day whose page keeps its pieces: HTML_PIECES_KEPT_DAYS to the newest day written, this
    run's or before."""
    newest = max(written.record.day for written in publication.days)
    before = state.last_day_written()
    return dt.date.fromordinal(max(1, max(newest, before or newest).toordinal() - (HTML_PIECES_KEPT_DAYS - 1)))


def _shown_texts(story: Story) -> frozenset[str]:
    """The sentences a story showed, as they read, and as a later day's candidates read them (without datelines)."""
    from .summarize.datelines import strip_dateline

    texts = {sentence.text for sentence in story.summary}
    return frozenset(texts | {strip_dateline(text) for text in texts})


def _kept_story(story: Story) -> KeptStory:
    def features() -> dict:
        from .compose.stories import merged_features

        merged = merged_features(story)
        return {"terms": merged.terms, "names": sorted(merged.names), "title": merged.title, "day": merged.day}

    first = story.follows
    return KeptStory(
        anchor=story.anchor, title=story.lead.article.title,
        seeds=sorted(report.article.seed for report in story.reports), shown=sorted(_shown_texts(story)),
        first={"day": first.day.isoformat(), "title": first.title, "anchor": first.anchor} if first else None,
        features=features)


# --- compose -----------------------------------------------------------------------

# A day of at least this many reports is loaded while the run's few new seeds
# are summarised on a worker beside it (see WarmDay). Starting the worker
# costs about 0.2 s: at 1,000 reports (0.06 s to load) adding a seed took
# 1.69 s with it against 1.56 s without; at 10,000, 4.10 against 4.79 s.
WARM_DAY_REPORTS = 4000


class WarmDay:
    """A big day's reports, loaded while the run's new seeds are summarised on a worker process.

    Adding a seed to a day of 10,000 costs loading the 10,000 (half a
    second) and summarising the seed (as long, with NLTK's import): on two
    cores the two can overlap. Composing then reads only the records that
    changed meanwhile (`State.reports_for_day`'s `known`).
    """

    def __init__(self, state: State, day: dt.date) -> None:
        self.state = state
        self.day = day
        self.reports: dict[str, KnownReport] = {}

    def load(self) -> None:
        with kept_to_the_end():
            self.reports = self.state.reports_by_name(self.day)
        # Composing comes next: its numpy and scipy (a quarter of a second) are imported while the worker
        # may still be summarising.
        from .compose import editor  # noqa: F401


def _warm_day(state: State, config: Config, scan: Scan, day: dt.date) -> WarmDay | None:
    """The run's day to load while its seeds are summarised: when there are a few new ones (more are
    summarised on a pool), a second core may be used, and the day is big."""
    if not 0 < len(scan.ready) < ITEMS_WORTH_A_POOL or jobs_for(config.jobs, 2) < 2:
        return None
    return WarmDay(state, day) if state.report_count(day) >= WARM_DAY_REPORTS else None


# Stem frequencies over this many earlier days tell a day's topic words from its events' words.
BACKGROUND_DAYS = 30


@dataclass(frozen=True)
class Composed:
    """The briefings of the days composed, and each day's story texts to remember (see StoryMemo)."""

    briefings: list[Briefing]
    story_texts: dict[dt.date, dict[str, str]]
    remembered: bool = True  # made with what was kept of the days before (not a rebuild)


def compose_days(
    state: State, config: Config, days: Iterable[dt.date], remember: bool = True, mapper: Callable = map,
    warm: WarmDay | None = None,
) -> Composed:
    """The briefings of `days`, oldest first: each sees the stories of the days before it to find developing ones.

    A story made of the same reports as when its day was last written is not
    summarised again (unless not `remember`: a rebuild makes every story anew);
    the others are summarised through `mapper`, on the workers. The `warm`
    day's reports were loaded before: only those recorded since are read.
    """
    days = sorted(days)
    if not days:
        return Composed([], {}, remember)
    # compose/ brings numpy and scipy: imported by the runs that compose, not by `briefing summarize`
    # or by a run with nothing new.
    from .compose.editor import compose_briefing
    from .compose.stories import StoryMemo, background_of

    briefings: list[Briefing] = []
    texts: dict[dt.date, dict[str, str]] = {}
    fresh: dict[dt.date, Briefing] = {}
    for day in days:
        # The reports without their candidate sentences (most of a record): only the stories summarised
        # again read them, a batch at a time. A day grown from its kept stories summarises few.
        with kept_to_the_end():
            known = warm.reports if warm is not None and warm.day == day else None
            summaries, digests = _unzipped(state.reports_for_day(day, candidates=False, known=known))
        background = background_of(_day_terms(state, day, fresh))
        earlier = _earlier_stories(state, day, config.editor.developing_days, fresh)
        memo = StoryMemo(state.story_texts(day) if remember else None,
                         digests={s.article.seed: digest for s, digest in zip(summaries, digests)},
                         whole=state.summaries_named)
        kept = _kept_groups(state, day, summaries, state.story_reports(day) if remember else [])
        briefing = compose_briefing(day, summaries, config.summary, config.editor, background=background,
                                    earlier=earlier, memo=memo, mapper=mapper, kept=kept)
        fresh[day] = briefing
        briefings.append(briefing)
        texts[day] = memo.used
    return Composed(briefings, texts, remember)


def _unzipped(pairs: Iterable[tuple[Summary, str]]) -> tuple[list[Summary], list[str]]:
    summaries, digests = [], []
    for summary, digest in pairs:
        summaries.append(summary)
        digests.append(digest)
    return summaries, digests


def _kept_groups(
    state: State, day: dt.date, summaries: Sequence[Summary], stories: Sequence[Sequence[tuple[str, str, str]]]
) -> list[list[int]]:
    """The day's `stories` when it was last written, as groups of `summaries` (indexes): those whose
    reports are all still in the day, made from the same content with the same settings."""
    if not stories:
        return []
    index = {summary.article.seed: number for number, summary in enumerate(summaries)}
    made = state.seed_versions(day)
    kept, taken = [], set()
    for reports in stories:
        names = {name for name, _, _ in reports}
        if reports and not names & taken and all(name in index and made.get(name) == (content, settings)
                                                 for name, content, settings in reports):
            kept.append([index[name] for name in sorted(names)])
            taken |= names
    return kept


def _batched_map(pool: WorkerPool) -> Callable:
    """A map over the pool's workers that sends them several items per task."""
    def mapper(function: Callable, items: Iterable) -> Iterator:
        items = list(items)
        return pool.map_batched(function, items, batch_size(len(items), pool.jobs))

    return mapper


def _days_before(day: dt.date, days: int) -> dt.date:
    """`days` days before `day`, or the calendar's first (a day stored pending before FIRST_DAY was checked)."""
    return day - dt.timedelta(days=days) if day.toordinal() > days else dt.date.min


def _day_terms(state: State, day: dt.date, fresh: dict[dt.date, Briefing]):
    from .compose.stories import day_frequencies

    first, last = _days_before(day, BACKGROUND_DAYS), _days_before(day, 1)
    found = state.day_terms_between(first, last)
    # Days composed in this run count as they are now.
    found += [day_frequencies(r for story in b.stories for r in story.reports)
              for d, b in fresh.items() if first <= d <= last]
    return found


def _earlier_stories(state: State, day: dt.date, window: int, fresh: dict[dt.date, Briefing]) -> list[EarlierStory]:
    from .compose.grouping import ReportFeatures
    from .compose.stories import EarlierStory, merged_features

    if window <= 0:
        return []
    first, last = _days_before(day, window), _days_before(day, 1)
    earlier = []
    for found_day, anchor, title, features, shown, first_report in state.stories_between(first, last):
        if found_day in fresh:
            continue
        try:
            earlier.append(EarlierStory(
                day=found_day, title=title, anchor=anchor,
                features=ReportFeatures(key=f"{found_day}#{anchor}", terms=tuple(map(tuple, features["terms"])),
                                        names=frozenset(features["names"]), title=tuple(features["title"]),
                                        day=features["day"]),
                shown=frozenset(shown),
                first=Earlier(dt.date.fromisoformat(first_report["day"]), first_report["title"],
                              first_report["anchor"]) if first_report else None,
            ))
        except (KeyError, TypeError, ValueError):
            continue  # a record that does not read as a story: it is not found as developing
    for found_day, briefing in fresh.items():
        if first <= found_day <= last:
            for story in briefing.stories:
                merged = merged_features(story)
                earlier.append(EarlierStory(found_day, story.lead.article.title, story.anchor,
                                            replace(merged, key=f"{found_day}#{story.anchor}"),
                                            _shown_texts(story), story.follows))
    return earlier


def _kept(state: State) -> Callable[[dt.date], KeptDay | None]:
    def kept(day: dt.date) -> KeptDay | None:
        found = state.kept_body(day)
        return KeptDay(*found) if found else None

    return kept


# --- deliver -----------------------------------------------------------------------


def deliver_pending(state: State, config: Config, renderer: Renderer) -> Delivery:
    """Send every briefing waiting for email, oldest first; record each attempt.

    Runs after the run's files and state are written, whatever happens here.
    A failure leaves the day pending for the next run.
    """
    email = config.email
    assert email is not None
    delivered: list[str] = []
    undelivered: list[tuple[str, str]] = []
    pending = state.pending_deliveries(EMAIL)
    for number, day in enumerate(pending):
        (briefing,) = compose_days(state, config, [day]).briefings
        try:
            send_message(email, _email_of(briefing, config, renderer))
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


def _email_of(briefing: Briefing, config: Config, renderer: Renderer):
    email = config.email
    assert email is not None
    text, page = email_pages(briefing, renderer, config.site, config.summary.language)
    subject = email_subject(email, title=config.site.title, day=briefing.day, day_long=long_date(briefing.day),
                            stories=len(briefing.stories))
    return build_message(email, subject, text, page)


# --- outside a run -----------------------------------------------------------------


def seed_names(config: Config, paths: Iterable[Path]) -> list[str]:
    """The names in the seeds folder of seeds given as paths (the files need not exist any more)."""
    import os

    seeds = os.path.abspath(config.paths.seeds)
    names = []
    for path in paths:
        full = os.path.abspath(path)
        if full.startswith(seeds + os.sep):
            names.append(Path(os.path.relpath(full, seeds)).as_posix())
        elif not path.is_absolute() and (config.paths.seeds / path).exists():
            names.append(path.as_posix())  # given by its name inside the seeds folder
        else:
            raise ConfigError(f"{path} is not in the seeds folder {config.paths.seeds}")
    return names


def fetch_once(config: Config, *, lock_wait: float = 0.0, now: dt.datetime | None = None,
               **options) -> "FetchReport":
    """Fetch the [[sources]]' new entries into the seeds folder (`briefing fetch`).

    Under the run lock, so a fetch and a run never overlap: a run never meets
    a seed being written, and the two share the state store, where the fetch
    keeps each feed's validators and the entries it has written. `options`
    go to fetch_sources (a test's network and TLS context).
    """
    from .ingest.fetch import fetch_sources  # httpx and feedparser: only when fetching

    if not config.sources:
        raise ConfigError("nothing to fetch: add [[sources]] tables to briefing.toml, each with a name and a feed "
                          "(see the README, Fetching feeds)")
    paths = config.paths
    if now is None:
        from zoneinfo import ZoneInfo

        now = dt.datetime.now(ZoneInfo(config.timezone)) if config.timezone else dt.datetime.now().astimezone()
    with RunLock(paths.lock, wait=lock_wait), State(paths.state, paths.out, paths.seeds) as state:
        return fetch_sources(config.sources, config.fetch, paths.seeds, state, now=now, **options)


def last_run_started(config: Config) -> dt.datetime | None:
    """When the latest completed (not dry) run into the output folder started, in UTC; None if none did."""
    if not config.paths.state.exists():
        return None
    with State(config.paths.state, config.paths.out, config.paths.seeds) as state:
        return state.last_run_started()


def summarize_file(path: Path, config: Config) -> Summary:
    """Read any file as a seed and summarise it; no state is read or written."""
    from .summarize.article import summarize_article

    data = read_file_bytes(path, config.limits.max_file_bytes)

    def warn(message: str) -> None:
        log.warning("%s: %s", printable(str(path)), printable(message))

    article = read_article(path, data, seed_id=str(path), sidecar=read_sidecar_file(path), warn=warn)
    return summarize_article(article, config.summary, config.limits.max_sentences)



def summarize_story_files(paths: Sequence[Path], config: Config) -> tuple[Story | None, list[tuple[Path, str]]]:
    """The files summarised together as one story, as the briefing would; and the files skipped, with why."""
    from .compose.stories import story_of

    summaries, skipped = [], []
    for path in paths:
        try:
            summaries.append(summarize_file(path, config))
        except SeedError as error:
            skipped.append((path, str(error)))
    return (story_of(summaries, config.summary) if summaries else None), skipped
