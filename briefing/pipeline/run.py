"""run_once(config): one run, as the phases it is made of (see the package's docstring)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..config import Config, folders_problem, seeds_folder_problem
from ..errors import ConfigError, FlagError, OutputError
from ..ingest.scan import scan_seeds
from ..lock import RunLock
from ..models import Briefing
from ..publish.output import FEED_NAME, INDEX_NAME, OutputWriter, journal_files, recover
from ..publish.publisher import KeptDay, Publication, publish_days
from ..publish.templates import Renderer
from ..state import State, load_record_codec
from ..text import printable
from ..workers import ITEMS_WORTH_A_POOL, WorkerPool, batch_size, jobs_for
from .commands import known_name
from .delivery import EMAIL, Delivery, deliver_pending
from .days import Composed, collected_apart, compose_days, days_linking, kept_story, warm_day
from .report import RunReport, as_given, listed
from .seeds import Progress, log_scan, read_seeds, retried, shown
from .summarising import SummarisingHere
from .settings import Settings, settings_of

log = logging.getLogger("briefing")

# The days a briefing can be for.
FIRST_DAY, LAST_DAY = dt.date(1000, 1, 1), dt.date(9998, 12, 31)


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
    read_new: bool = True,
    process_ends: bool = False,
) -> RunReport:
    """Process new and changed seeds into their briefings; return what happened.

    `withdraw` names seeds (inside the seeds folder) to take out of their
    briefings; without `read_new` (`briefing remove`) no other seed is read (new ones wait for a run), and the
    days waiting are written as by any run. After the files and the state are written, briefings waiting
    to be sent by email (this run's and those that failed before) are sent. With `process_ends` (the
    command's run) what the run leaves is not collected at its end: the process's exit frees it all.
    """
    started = time.monotonic()
    now = (now or utc_now()).replace(microsecond=0)
    day = day or today_in(config.timezone)
    if not FIRST_DAY <= day <= LAST_DAY:
        # Days before it are looked back on (a month, up to a year): near the
        # calendar's ends that arithmetic fails, and a day left pending would fail every run.
        raise FlagError(f"--date must be a day between {FIRST_DAY} and {LAST_DAY}, not {day}")
    paths = config.paths
    if problem := seeds_folder_problem(paths.seeds):
        raise ConfigError(problem)
    problem = folders_problem(paths)
    if problem:
        raise ConfigError(problem)
    # (The lock first: a scheduled run waiting for it tries again every second, and collected nothing each time.)
    with RunLock(paths.lock, wait=lock_wait, reading=dry_run, store=paths.state,
                 doing="run" if read_new else "removal"), collected_apart(not process_ends), \
            State(paths.state, paths.out, paths.seeds, dry_run) as state:
        if state.is_new and (paths.out / INDEX_NAME).is_file():
            log.warning("the state store %s is new, but %s holds briefings written before: every seed is news again, "
                        "and the archive and the feed start from this run (restore the store to keep them)",
                        paths.state, paths.out)
        if not dry_run:
            recover(paths.out, journal_path(config), state.out_key, known=state.knows_output)
        renderer = Renderer(paths.templates, config.timezone)
        settings = settings_of(config, renderer)
        # A rebuild stopped midway left every day pending: this run writes them all grouped and made from
        # nothing, as the rebuild would have; its seeds are read as by any run (what is new is news).
        finishing = not rebuild and state.rebuilding()
        if finishing:
            log.warning("finishing the rebuild a run was stopped in: every day is grouped and written anew")
        anew = rebuild or finishing
        with state.transaction():  # a rebuild or a removal is remembered before any work, so a kill cannot lose it
            begun = begin_run(state, settings, rebuild, withdraw, day, paths.out)
        # The seeds withdrawn, by their names in the store (typed in another Unicode form, or of a file gone).
        withdrawn = frozenset(begun.withdrawn)
        known = state.known_stats()
        # Summarising them raised an error (this release or settings may not), or they fit a raised size limit.
        retry = retried(state, settings, known, config.limits.max_file_bytes)
        for name in retry:
            known.pop(name, None)
        scan = scan_seeds(paths.seeds, known, rebuild, leave_out=[paths.state.parent, *state_files(config)])
        passed_over = state.passed_over()
        scan = scan.told_before(passed_over)
        # The seeds whose recorded news (a failed run's) this run shows as new: those it finds unchanged; with a
        # removal, which reads none, those it finds at all.
        unchanged_names = scan.unchanged_names if read_new else (*scan.unchanged_names, *(s.name for s in scan.ready))
        if not read_new:
            # Only the seeds withdrawn are read, as they are now (they stay out whatever they hold): the others
            # new or changed wait for a run, which tells what it passes over too, and the new ones are no seeds
            # of this line. (The days waiting are written, as by any run: a removal or a run stopped before it
            # wrote, a rebuild stopped midway.)
            waiting = sum(seed.name not in known and seed.name not in retry for seed in scan.ready)
            scan = replace(scan, seeds=scan.seeds - waiting, settling=(), skipped=(), ignored=(), unrecorded=(),
                           ready=tuple(seed for seed in scan.ready if seed.name in withdrawn), unchanged_names=())
        if scan.ready:
            renderer.check()  # a broken template fails the run now, not after all the summarising
        jobs = jobs_for(config.jobs, len(scan.ready)) if len(scan.ready) >= ITEMS_WORTH_A_POOL else 1
        warm = warm_day(state, config, scan, day) if not rebuild else None
        attempt = SummarisingHere(config, dry_run)
        # Seeds a run was summarising in its own process when it died go to a worker this time.
        apart = jobs == 1 and attempt.died_with(scan.ready)
        with WorkerPool(jobs, _preload(config)) as pool:
            # A warm day is loaded here while one worker summarises the few new seeds.
            summarisers = WorkerPool(1, beside=True) if warm or apart else contextlib.nullcontext(pool)
            here = jobs == 1 and not (warm or apart)
            with state.transaction(), summarisers as summarising, attempt.noted(scan.ready if here else ()):
                if read_new and dict(scan.passed_over) != passed_over:
                    state.record_passed_over(scan.passed_over)
                if scan.unrecorded:  # a store of an older release: from now on a seed replaced in place is seen
                    state.record_stats(scan.unrecorded)
                # Recorded by a run that could not write them, and found unchanged: news still, not "unchanged".
                # (A removal writes them too, as any run finishes the work one left: its line counts them.)
                unwritten = (state.unwritten_news() - withdrawn) & set(unchanged_names) if not anew else set()
                recorded = read_seeds(scan, state, config, settings, summarising, day, rebuild, progress,
                                      meanwhile=warm.load if warm else None, here=attempt if here else None,
                                      retry=retry, withdrawn_now=withdrawn)
            log_scan(scan, recorded)
            # The folder's listing and stats let go before the days are composed: a first run over 50,000
            # seeds held them (about 20 MB) through its peak.
            del known
            scan = replace(scan, ready=(), unchanged_names=(), unrecorded=(), passed_over=())
            composed = compose_days(state, config, state.pending_days(), remember=not anew,
                                    mapper=_batched_map(pool), warm=warm)
            # Later days whose links or summaries depend on a day written now, composed again with it.
            linking = days_linking(state, composed.briefings, config.editor.developing_days, anew)
            if linking:
                # Not marked pending: a run killed after marking them made the next write them whatever they
                # held, with its settings, where this run keeps those as written (see `kept`). Unmarked, the
                # next run finds the same days linking, as nothing it compares them with is recorded yet.
                composed = compose_days(state, config, {*state.pending_days(), *linking}, remember=not anew,
                                        mapper=_batched_map(pool))
                # Composed in case, a day built with other settings reads otherwise whatever its stories (the
                # site's title, ...): unless its stories changed it keeps what it was written with, as every
                # day written before does until --rebuild.
                kept = {briefing.day for briefing in composed.briefings
                        if briefing.day in linking and state.built_with(briefing.day) != settings.whole
                        and _as_written(state, briefing)}
                if kept:
                    composed = replace(composed, briefings=[b for b in composed.briefings if b.day not in kept],
                                       story_texts={d: t for d, t in composed.story_texts.items() if d not in kept},
                                       story_links={d: t for d, t in composed.story_links.items() if d not in kept})
            archive = _archive_to_write(state, settings, paths.out)
            with OutputWriter(paths.out, journal_path(config), dry_run, folder_key=state.out_key) as writer:
                publication = publish_days(
                    composed.briefings, published=state.published(), kept=_kept(state), writer=writer,
                    renderer=renderer, site=config.site, language=config.site.language,
                    feed_namespace=state.feed_namespace(), now=now, mapper=pool.map, parts=pool.jobs,
                    pieces=state.html_pieces if not anew else lambda day: {},
                    feed_changed=state.feed_changed(),
                    archive=archive,
                    unless_same=linking,  # composed again in case: written only if they changed
                    rewrite=anew,
                )
        try:
            with state.transaction():
                record_publication(state, publication, composed, settings, config)
                # Only once an archive was written (or was to be): a store with no day yet records none, so
                # the next run with nothing new does not write an empty archive and feed.
                if (composed.briefings or archive) and state.archive_settings() != settings.page:
                    state.record_archive_settings(settings.page)
                state.record_run(now, dt.datetime.now(dt.timezone.utc), recorded.new, len(recorded.skipped),
                                 len(publication.files))
                if anew:
                    state.record_rebuilding(False)
        except OutputError as error:
            # out/ holds this run's briefings, whole: only their record failed, and the next run writes
            # those days again and records them.
            if not publication.files:
                raise
            raise OutputError(f"{listed('wrote', publication.files)}, but could not record them: {error}; "
                              "the next run writes those days again") from None
        delivery = deliver_pending(state, config, renderer) if config.email and not dry_run else Delivery()
    return RunReport(
        day=day, seeds=scan.seeds, new=recorded.new + len(unwritten),
        unchanged=max(0, scan.unchanged + recorded.unchanged - len(unwritten)),
        skipped=recorded.skipped, others_skipped=shown(scan.skipped),
        deferred=tuple(printable(s.name) for s in scan.settling),
        ignored=shown(scan.ignored), files=publication.files, deleted=publication.deleted, dry_run=dry_run,
        seconds=time.monotonic() - started, delivered=delivery.delivered, undelivered=delivery.undelivered,
        retrying=delivery.retrying,
        rebuild=rebuild, again=recorded.again, removed=begun.removed, removed_before=begun.removed_before,
        days=tuple(sorted({w.record.day for w in publication.days} | set(publication.removed))),
    )


def _as_written(state: State, briefing: Briefing) -> bool:
    """Whether the day's stories are those it showed when last written: the same titles, sentences and links."""
    stories = [kept_story(story) for story in briefing.stories]
    return bool(stories) and state.stories_as_written(briefing.day) == {
        story.anchor: (story.title, list(story.shown), story.first) for story in stories}


def _archive_to_write(state: State, settings: Settings, out: Path) -> bool:
    """Whether the archive and the feed are written even if no day is: they show the site settings (its
    title, language, address, how many days the feed holds), and changed they follow at once, not at the
    next day written; and one deleted by hand when no day is left (every article removed) is written again."""
    made_with = state.archive_settings()
    if made_with is not None and not all((out / name).is_file() for name in (INDEX_NAME, FEED_NAME)):
        return True
    return made_with != settings.page and bool(state.published())


def utc_now() -> dt.datetime:
    """The clock a run stamps its briefings with (a test may set it)."""
    return dt.datetime.now(dt.timezone.utc)


def today_in(timezone: str | None) -> dt.date:
    if timezone is None:
        return dt.date.today()
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def state_files(config: Config) -> list[Path]:
    """The files kept beside the state data: the store, SQLite's journals, the run lock, the renames' journal,
    the seeds a run is summarising in its own process."""
    state = config.paths.state
    return [state, *(state.with_name(state.name + end) for end in ("-wal", "-shm", "-journal")), config.paths.lock,
            *journal_files(journal_path(config)), *SummarisingHere.files(config)]


def journal_path(config: Config) -> Path:
    """Where a run notes the renames it is making in out/: beside the state store, never published."""
    return config.paths.state.with_name(config.paths.state.name + ".commit")


# --- begin ---------------------------------------------------------------------


@dataclass(frozen=True)
class Begun:
    """The seeds a run withdraws: each (as shown) with the day it was taken out of, those out already, and
    their names in the state store."""

    removed: tuple[tuple[str, dt.date | None], ...] = ()
    removed_before: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


def begin_run(state: State, settings: Settings, rebuild: bool, withdraw: Sequence[str], day: dt.date,
              out_dir: Path | None = None) -> Begun:
    """What must be done whatever the seeds hold: a rebuild, seeds withdrawn; and say once if settings changed."""
    removed: tuple[tuple[str, dt.date | None], ...] = ()
    before: tuple[str, ...] = ()
    if rebuild:
        state.mark_pending(state.days())
        state.record_rebuilding(True)  # until the run ends: the next finishes a rebuild killed midway
    if withdraw:
        known = state.known_stats()
        withdraw = list(dict.fromkeys(known_name(name, known) for name in withdraw))  # (as typed, and as named)
        unknown = [name for name in withdraw if name not in known]
        if unknown:
            # (Each output folder keeps what its briefings read: one made with another --out may have read it.)
            where = f" in {printable(as_given(out_dir))}" if out_dir is not None else ""
            raise ConfigError(f"not a seed any briefing{where} has read: {printable(unknown[0])}")
        removed = tuple((printable(name), state.day_of(state.holder_of(name))) for name in withdraw)
        out = state.withdrawn()
        before = tuple(printable(name) for name in withdraw if name in out)
        state.mark_pending(state.withdraw(withdraw))
    last = state.last_settings()
    if last is not None and last != settings.whole and not rebuild:
        others = sum(written.day != day for written in state.published())  # the run's own day is written anew
        log.warning(f"{_what_changed(last, settings)} changed since the last run: the briefings this run writes use them"
                    + (f"; the {others} written before keep theirs until `briefing run --rebuild`" if others else ""))
    state.record_settings(settings.whole)
    return Begun(removed, before, tuple(withdraw))


def _what_changed(last: str, settings: Settings) -> str:
    """Which of the run's settings differ from `last` (an earlier run's `Settings.whole`), in words."""
    summary, _, page = last.partition("/")
    changed = [words for before, now, words in (
        (summary, settings.summary, "the summary settings ([summary], limits.max_sentences) or the summariser"),
        (page, settings.page, "the site settings ([site]), the templates or the time zone")) if before != now]
    return " and ".join(changed) or "the settings"


def _preload(config: Config) -> Callable[[], None]:
    def load() -> None:
        from ..compose import editor  # noqa: F401  # numpy and scipy: imported once, not once per worker
        from ..publish.html import load_markdown
        from ..summarize.sumy_bridge import prepare_language

        prepare_language(config.summary.language)
        load_markdown()
        load_record_codec()
        # Frozen until the run ends (see kept_to_the_end): the workers' collections never walk what they
        # inherit, so they copy none of its pages, and this process's collections skip it too.
        gc.freeze()

    return load


# --- record what was written ------------------------------------------------------

# The pages of the last this many days (to the newest day written) keep their converted pieces (see
# publish/html.py): an older day written again has every piece converted again.
HTML_PIECES_KEPT_DAYS = 7


def record_publication(
    state: State, publication: Publication, composed: Composed, settings: Settings, config: Config
) -> None:
    """Record the days written and removed, and their stories; a day with new articles is owed by email."""
    news = state.pending_news()
    by_day = {briefing.day: briefing for briefing in composed.briefings}
    pieces_from = _html_pieces_from(state, publication) if publication.days else None
    for written in publication.days:
        day = written.record.day
        state.record_briefing(written.record, written.kept.body_html, written.kept.feed_summary, settings.whole,
                              written.kept.language, written.kept.title)
        if pieces_from is not None and day >= pieces_from:
            state.record_html_pieces(day, written.pieces, anew=not composed.remembered)
        state.record_stories(day, (kept_story(story) for story in by_day[day].stories), reuse=composed.remembered)
        state.record_story_texts(day, composed.story_texts.get(day, {}))
        state.record_story_links(day, composed.story_links.get(day, {}))
        state.record_day_terms(day, *composed.frequencies[day])
        if written.changed and day in news and config.email is not None:
            state.queue_delivery(day, EMAIL)
    for day in publication.removed:
        state.forget_day(day)
    if publication.feed_changed is not None:
        state.record_feed_changed(publication.feed_changed)
    if pieces_from is not None:
        state.forget_html_pieces_before(pieces_from)


def _html_pieces_from(state: State, publication: Publication) -> dt.date:
    """The first day whose page keeps its pieces: HTML_PIECES_KEPT_DAYS to the newest day written, this
    run's or before."""
    newest = max(written.record.day for written in publication.days)
    before = state.last_day_written()
    return dt.date.fromordinal(max(1, max(newest, before or newest).toordinal() - (HTML_PIECES_KEPT_DAYS - 1)))


def _batched_map(pool: WorkerPool) -> Callable:
    """A map over the pool's workers that sends them several items per task."""
    def mapper(function: Callable, items: Iterable) -> Iterator:
        items = list(items)
        return pool.map_batched(function, items, batch_size(len(items), pool.jobs))

    return mapper


def _kept(state: State) -> Callable[[dt.date], KeptDay | None]:
    def kept(day: dt.date) -> KeptDay | None:
        found = state.kept_body(day)
        return KeptDay(*found) if found else None

    return kept


