"""Read, summarise and record the run's new and changed seeds (the days they join and leave become pending)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Sequence

from .. import __version__
from ..config import Config
from ..errors import SeedError, SeedUnreadable
from ..ingest.opening import read_seed_bytes, read_seed_sidecar
from ..ingest.readers import content_hash, read_article
from ..ingest.scan import Scan
from ..languages import unsupported_script
from ..models import SeedFile, Summary
from ..publish.output import FEED_NAME, INDEX_NAME, day_paths
from ..state import State, summary_to_json
from ..text import printable
from ..workers import WorkerPool, batch_size
from .settings import Settings, code_signature
from .summarising import SummarisingHere

log = logging.getLogger("briefing")

# Called as progress(done, total) while seeds are read and summarised.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SeedOutcome:
    """What became of one seed in a worker: its content hash, and its summary or why it has none."""

    digest: str | None = None
    unchanged: bool = False  # same content as recorded: only its stat changed
    summary_json: str | None = None  # the Summary as the state store keeps it
    reason: str | None = None  # why the seed is skipped
    retry: bool = False  # the system could not read it now: not recorded, tried again next run
    warnings: tuple[str, ...] = ()  # what was left out of a seed that is read (a date that is no date)
    detail: str | None = None  # for the verbose log: its language, where its title (and text) came from


@dataclass(frozen=True)
class Recorded:
    """What the run recorded of the seeds it read."""

    new: int
    unchanged: int  # read again (touched), same content
    skipped: tuple[tuple[str, str], ...]
    news: frozenset[dt.date]  # days that gained or changed articles: their briefings are owed by email
    again: int = 0  # summarised again into the day they were in


# --- read and summarise -----------------------------------------------------------


def read_seeds(
    scan: Scan, state: State, config: Config, settings: Settings, pool: WorkerPool, day: dt.date, rebuild: bool,
    progress: Progress | None = None, meanwhile: Callable[[], None] | None = None,
    here: SummarisingHere | None = None, retry: Collection[str] = (), withdrawn_now: Collection[str] = (),
) -> Recorded:
    """Summarise the new and changed seeds, record them, and mark the days to write.

    Then the seeds of those days that were summarised with other settings
    are summarised again, so that every day written is built with today's.
    `meanwhile` is done here while the pool's workers summarise. `here` is
    given when the pool is the run's own process: the seeds summarised again
    are noted in it too, or go to a worker if a run died summarising them.
    `retry` names the seeds to summarise again though their content is the
    same (see `retried`). `withdrawn_now` names the seeds this run takes out of their briefings (`briefing
    remove`): they stay out whatever their file holds now.
    """
    known = {} if rebuild or not scan.ready else state.known_digests()
    for name in retry if known else ():
        known.pop(name, None)
    outcomes = summarize_seeds(scan.ready, known, config, pool, progress, meanwhile)
    recorded = record_seeds(state, outcomes, day, settings, rebuild, withdrawn_now)
    state.mark_pending(recorded.news, news=True)
    days = set()
    if state.has_day(day) and state.built_with(day) != settings.whole:
        days.add(day)  # the run's own day shows the run's settings
    published = state.published()
    for written in published:
        # (is_file: a folder made in a file's name is in the way of writing it, which says so, and exits 1)
        if any(not path.is_file() for path in day_paths(config.paths.out, written.day)):
            days.add(written.day)  # someone deleted a day's files
    if published and not days and not all((config.paths.out / name).is_file() for name in (INDEX_NAME, FEED_NAME)):
        days.add(published[-1].day)  # someone deleted the archive or the feed: writing a day writes them
    state.mark_pending(days)
    stale_names = state.stale_seeds(state.pending_days(), settings.summary)
    stale = [SeedFile(name, *stat) for name, stat in _stats(state, stale_names, config)] if stale_names else []
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


def _how_names_differ(name: str, other: str) -> str:
    """A word on two names that read the same yet differ (an accent as one character, or as a letter and a
    combining mark), else nothing: "same content as café.txt" beside café.txt named no file to delete."""
    if unicodedata.normalize("NFC", name) != unicodedata.normalize("NFC", other):
        return ""
    return " (the same name with its accents encoded another way: Unicode NFC and NFD)"


def _gone(state: State, name: str, twin: str) -> str:
    """A word when the twin's file is gone (a seed renamed after it was read): where its article is."""
    if state.holder_of(name) == name:
        return ""
    day = state.day_of(twin)
    where = f"stays in the {day} briefing under that name" if day is not None else "is in no briefing"
    return f", whose file is gone (renamed?): the article {where}"


def _stats(state: State, names: list[str], config: Config) -> list[tuple[str, tuple[int, int, int | None]]]:
    """The recorded stats of the seeds `names` whose files are still there. A seed file deleted keeps its
    article in its briefing as it was: it cannot be summarised again, and was reported as a seed skipped,
    "tried again next run", by every run that wrote its day with new settings."""
    known = state.known_stats()
    return [(name, known[name]) for name in names if name in known and os.path.lexists(config.paths.seeds / name)]


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
    return SeedOutcome(digest=digest, reason=f"{DIED}twice (out of memory, or killed); tried again when it "
                                             "changes, or by `briefing run --rebuild`")


# Why a seed has no summary when summarising it raised an error (a bug, or a library failing on odd
# input): such a seed is tried again when the release or the summary settings change, which may mend it;
# and when its process died while summarising it, twice: tried again when it changes.
RAISED = "could not summarise: "
DIED = "could not summarise: the process summarising it died "


def tried_with(settings: Settings) -> str:
    """What a seed's summarising was tried with: this release (its code, whatever its version number) and the
    summary settings."""
    return f"{__version__}+{code_signature()}/{settings.summary}"


# Why a seed larger than limits.max_file_bytes was not read (ingest/opening.py).
TOO_LARGE = "too large: "


def retried(state: State, settings: Settings, known: dict[str, tuple[int, int, int | None]] | None = None,
            max_file_bytes: int | None = None) -> set[str]:
    """The seeds to read as new though their content is the same: those skipped (or whose summarising raised
    an error) with another release or other summary settings, and those too large for a limit since raised
    above their size (else they would stay out of their briefings until they changed). A new release reads
    what the last could not (a page it can now read, an encoding it now knows) once; an unchanged bad file is
    not read again by the same release and settings. `known`: the recorded seeds' stats
    (State.known_stats), which the run has read already: read again, 50,000 took 0.1 s."""
    failures = state.failures()
    now = tried_with(settings) if failures else None
    # (Not a seed that killed its worker: that is tried again apart, one at a time. Twins were tried with
    # nothing: they are read again when their original changes. A store of a release before `tried_with`
    # has none for its failures either: of those, the ones that raised.)
    names = {name for name, (reason, tried) in failures.items()
             if tried != now and not reason.startswith((DIED, TOO_LARGE))
             and (tried is not None or reason.startswith(RAISED))}
    if known is not None and max_file_bytes is not None:
        names.update(name for name, (reason, _) in failures.items()
                     if reason.startswith(TOO_LARGE) and name in known and known[name][0] <= max_file_bytes)
    return names


def process_seed(item: tuple[SeedFile, str | None], config: Config) -> SeedOutcome:
    """Read, hash and summarise one seed: all a seed's work that needs no state.

    Runs in worker processes, so that reading and serialising are spread over
    the cores too. Any failure is a reason, not a crash: one bad file must not
    stop the day's briefing.
    """
    from ..summarize.article import (
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
    notes: list[str] = []
    try:
        article = read_article(Path(seed.name), data, seed_id=seed.name, sidecar=sidecar, warn=warnings.append,
                               note=notes.append)
        summary = summarize_article(article, config.summary, config.limits.max_sentences)
    except SeedError as error:
        return SeedOutcome(digest=digest, reason=str(error))
    except Exception as error:  # a bug or a library failing on odd input
        log.debug("summarising %s failed", seed.name, exc_info=True)
        return SeedOutcome(digest=digest, reason=f"{RAISED}{type(error).__name__}: {error}")
    return SeedOutcome(digest=digest, summary_json=summary_to_json(summary), warnings=tuple(warnings),
                       detail=", ".join([_detail(summary, config.summary.language), *notes]))


_TITLE_SOURCES = {"front matter": "its front matter", "heading": "its first heading", "first line": "its first line",
                  "file name": "its file name", "html": "the page's metadata", "sidecar": "its sidecar"}


def _detail(summary: Summary, default: str) -> str:
    """What the verbose log says of a seed that was read: its language and where its title came from."""
    from ..summarize.detect import detected_language  # imported already: the seed was summarised

    article = summary.article
    if article.lang:
        language = f"{summary.language} (its lang)"
    elif summary.language != default or detected_language(article.text) == summary.language:
        language = f"{summary.language} (detected)"  # (another than the default can only have been detected)
    elif (script := unsupported_script(article.text)) is not None:  # Chinese, Cyrillic, Arabic, ...
        language = f"{summary.language} (the default: written in {script} script, which no supported language uses)"
    else:  # a text in an unsupported language, or one without stop words: summary.language
        language = f"{summary.language} (the default: no supported language detected)"
    return f"{language}, title from {_TITLE_SOURCES.get(article.title_from or '', 'its file name')}"


# --- record ------------------------------------------------------------------------


def record_seeds(
    state: State, outcomes: Iterable[tuple[SeedFile, SeedOutcome]], day: dt.date, settings: Settings, rebuild: bool,
    withdrawn_now: Collection[str] = (),
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
    digests: dict[str, str | None] | None = None  # the content each seed was summarised from, for a rebuild
    touched: list[str] = []  # read again, the same content
    for seed, outcome in outcomes:
        if withdrawn is None:
            withdrawn = state.withdrawn()
        name = seed.name
        # A withdrawn seed stays out while its content is the same, and while it cannot even be read
        # (too big, for one): a failure recorded in its place would let it back in once it can be.
        # One taken out by this very run (`briefing remove`) stays out though its file changed since the last
        # run read it: the run that took it out must not bring it back as news.
        still_out = name in withdrawn and (withdrawn[name] == outcome.digest or outcome.digest is None
                                           or name in withdrawn_now)
        if outcome.unchanged or (still_out and not outcome.retry):
            state.record_stat(seed)  # touched, same content (or still withdrawn): nothing to do
            if not still_out:
                touched.append(name)
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
            skipped.append((name, f"same content as {twin}{_how_names_differ(name, twin)}{_gone(state, name, twin)}"))
        elif (outcome.reason is not None and previous_day is not None and name not in withdrawn
              and (outcome.digest is None or outcome.digest != state.digest_of(name))):
            # A seed in a briefing, now emptied or replaced by junk (a sync tool's placeholder): its article
            # stays in its day, rather than the day losing it (its files deleted if it was the only one) and
            # the content, mended, coming back as news. (The same content new settings fail on: below.)
            state.record_stat(seed)
            skipped.append((name, f"{outcome.reason}; its article stays in the {previous_day} briefing as it "
                                  "was until the file is mended (or `briefing remove`)"))
            continue
        elif outcome.reason is not None:
            state.record_failure(seed, outcome.digest, outcome.reason, tried_with(settings))
            skipped.append((name, outcome.reason))
        else:
            in_run[outcome.digest] = name
            # A seed summarised again for a rebuild stays in its own day; one whose content changed moves to
            # the run's day, as in any run (and as a rebuild killed before this point, finished by the next run).
            if rebuild and previous_day is not None and digests is None:
                digests = state.known_digests()  # read once, and only by a rebuild
            again_only = rebuild and previous_day is not None and digests.get(name) == outcome.digest
            seed_day = previous_day if again_only else day
            state.record_summary_json(seed, outcome.digest, outcome.summary_json, seed_day, settings.summary)
            if not again_only:
                news.add(seed_day)
            if again_only:
                again += 1
                fate = "summarised again"
            else:
                new += 1
                fate = "changed" if previous_day is not None else "new"
            log.debug("%s: %s: %s; in the %s briefing", printable(name), fate, printable(outcome.detail or ""), seed_day)
        if previous_day is not None:
            state.mark_pending([previous_day])  # the day it was in is written again without it
    if touched:  # one whose file was gone when its day was written with new settings is summarised again now
        state.mark_pending(state.days_written_without(touched))
    return Recorded(new=new, unchanged=unchanged, skipped=shown(skipped), news=frozenset(news), again=again)


def shown(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(path, reason) pairs fit for a terminal: seed names and texts are untrusted."""
    return tuple((printable(path), printable(reason)) for path, reason in pairs)


def log_scan(scan: Scan, recorded: Recorded) -> None:
    if log.isEnabledFor(logging.DEBUG):  # -v: a line for each of what may be 10,000 files
        for name in scan.unchanged_names:
            log.debug("%s: unchanged since the last run (same size and time)", printable(name))
    for path, reason in shown(scan.ignored):
        log.info("ignored %s: %s", path, reason)
    for path, reason in shown(scan.skipped) + recorded.skipped:
        log.warning("skipped %s: %s", path, reason)
    for seed in scan.settling:
        log.warning("left for the next run %s: still being written", printable(seed.name))


# The pages of the last this many days (to the newest day written) keep their converted pieces (see
