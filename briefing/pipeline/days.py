"""The days to write, composed from the state store: each day's reports grouped into stories and edited.

A day grown from its kept stories (those whose reports did not change)
summarises only the stories a new report joins; the days before it tell a
developing story from a new one, and their stem frequencies the day's topic
words from its events' words.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import gc
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

from ..config import Config
from ..ingest.scan import Scan
from ..models import Briefing, Earlier, Story, Summary
from ..state import KeptStory, KnownReport, State
from ..workers import ITEMS_WORTH_A_POOL, jobs_for

if TYPE_CHECKING:
    from ..compose.developing import EarlierStory


@contextlib.contextmanager
def kept_to_the_end() -> Iterator[None]:
    """What is made inside lives until the run ends: made with Python's cycle collector off, and never
    walked by it after (frozen; `collected_apart` thaws it when the run ends).

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
def collected_apart(collect_after: bool = True) -> Iterator[None]:
    """A run's cycle collections walk only the run's own objects; when it ends, everything it froze goes back
    in the collector's care, and is collected (unless not `collect_after`: the command's process ends).

    What the process made before the run (its imports' objects, a scheduler's or a caller's) is frozen as it
    starts: the full collection before a day is loaded (`kept_to_the_end`) walked it all, 0.04 s of every run of
    the command. Garbage made before the run is collected after it: a process running run after run would
    otherwise freeze it again at each, and never collect it.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if collect_after:
            gc.collect()


def shown_texts(story: Story) -> frozenset[str]:
    """The sentences a story showed, as they read, and as a later day's candidates read them (without datelines)."""
    from ..datelines import strip_dateline

    languages = {report.article.seed: report.language for report in story.reports}  # (a Czech dateline is Czech's)
    texts = {sentence.text for sentence in story.summary}
    return frozenset(texts | {strip_dateline(s.text, languages.get(s.seed)) for s in story.summary})


def kept_story(story: Story) -> KeptStory:
    def features() -> dict:
        from ..compose.stories import merged_features

        merged = merged_features(story)
        return {"terms": merged.terms, "names": sorted(merged.names), "title": merged.title, "day": merged.day,
                "language": merged.language}

    first = story.follows
    return KeptStory(
        anchor=story.anchor, title=story.lead.article.title,
        seeds=sorted(report.article.seed for report in story.reports), shown=sorted(shown_texts(story)),
        first={"day": first.day.isoformat(), "title": first.title, "anchor": first.anchor} if first else None,
        features=features)


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
        from ..compose.numbered_terms import held_terms, numbered_terms

        with kept_to_the_end():
            # Each report holding its terms as its row of the day's arrays, as composing holds them: their
            # records are read without them (see held_terms). The arrays stay with the reports.
            numbered = numbered_terms(self.state.term_rows_for_day(self.day), self.state.stems_numbered)
            self.reports = self.state.reports_by_name(self.day, held=held_terms(numbered) if numbered.keys else None)
        # Composing comes next: its numpy and scipy (a quarter of a second) are imported while the worker
        # may still be summarising.
        from ..compose import editor  # noqa: F401


def warm_day(state: State, config: Config, scan: Scan, day: dt.date) -> WarmDay | None:
    """The run's day to load while its seeds are summarised: when there are a few new ones (more are
    summarised on a pool), a second core may be used, and the day is big."""
    if not 0 < len(scan.ready) < ITEMS_WORTH_A_POOL or jobs_for(config.jobs, 2) < 2:
        return None
    return WarmDay(state, day) if state.report_count(day) >= WARM_DAY_REPORTS else None


# Stem frequencies over this many earlier days tell a day's topic words from its events' words.
BACKGROUND_DAYS = 30

# glibc's malloc maps a block of at least this size on its own, and unmaps it when it is freed (mallopt's
# M_MMAP_THRESHOLD; -3 is its number in malloc.h).
OWN_MAPPING_BYTES = 1024 * 1024
_M_MMAP_THRESHOLD = -3


@functools.cache
def big_blocks_given_back() -> None:
    """Freed blocks of OWN_MAPPING_BYTES or more go back to the system at once (on glibc; elsewhere nothing).

    Composing a big day makes and frees numpy arrays of megabytes by the thousand. Once one is freed,
    glibc raises the size it maps on its own to that block's, so the next ones come from the heap, where
    the small objects made meanwhile pin them: at 50,000 seeds the run's peak was 46 MB more (320 against
    274 MB; 10,000 seeds: 145 against 136; benchmarks/README.md). Setting the threshold turns that sliding
    off. At a megabyte, not lower: the arrays of a few hundred KB that weighing makes by the thousand, each
    mapped afresh, were faulted in page by page (weight_matrix on 10,000 real articles took 0.33 s with a
    128 KB threshold, 0.21 s with this one, the same peak: 248 and 249 MB at 50,000 seeds). The price: those
    arrays come from the heap, some of it pinned after: adding one article to that day peaks at 143-149 MB
    against 138 (512 KB: 139-140 MB, and weighing 0.19-0.24 s).
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process runs on
    except (OSError, AttributeError):
        return  # not glibc (macOS has no mallopt): its allocator is left as it is
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, OWN_MAPPING_BYTES)


@dataclass(frozen=True)
class Composed:
    """The briefings of the days composed, and each day's story texts and links to remember (see StoryMemo
    and LinkMemo)."""

    briefings: list[Briefing]
    story_texts: dict[dt.date, Mapping[str, str]]
    remembered: bool = True  # made with what was kept of the days before (not a rebuild)
    # Each day's count of reports and its stems' document frequencies (see day_frequencies).
    frequencies: dict[dt.date, tuple[int, dict[str, int]]] = field(default_factory=dict)
    story_links: dict[dt.date, dict[str, str]] = field(default_factory=dict)


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
    big_blocks_given_back()
    # compose/ brings numpy and scipy: imported by the runs that compose, not by `briefing summarize`
    # or by a run with nothing new.
    from ..compose.developing import LinkMemo
    from ..compose.editor import compose_briefing
    from ..compose.numbered_terms import day_frequencies, held_terms, numbered_terms
    from ..compose.stories import StoryMemo, background_of

    briefings: list[Briefing] = []
    texts: dict[dt.date, Mapping[str, str]] = {}
    links: dict[dt.date, dict[str, str]] = {}
    fresh: dict[dt.date, Briefing] = {}
    frequencies: dict[dt.date, tuple[int, dict[str, int]]] = {}
    for day in days:
        # The day's terms as numbers (read after the run recorded its summaries: they are of the same records).
        numbered = numbered_terms(state.term_rows_for_day(day), state.stems_numbered)
        # The reports without their candidate sentences (most of a record): only the stories summarised
        # again read them, a batch at a time. A day grown from its kept stories summarises few.
        with kept_to_the_end():
            known = warm.reports if warm is not None and warm.day == day else None
            stored = state.story_reports(day) if remember else []
            # What each report was made from: read once, for the known reports and the kept stories (if any).
            made = state.seed_versions(day) if known or stored else None
            # Each holding its terms as its row of the arrays, read without them (a warm day's reports hold
            # those of the arrays it was loaded with, to the end); their pairs are shared only when kept as tuples.
            held = held_terms(numbered) if known is None and numbered.keys else None
            summaries, digests = _unzipped(state.reports_for_day(day, candidates=False, known=known, made=made,
                                                                 held=held))
            del held
            # (The earlier days' frequencies and stories too: a week of big days is as many objects again.)
            day_terms, terms_digest = _day_terms(state, day, frequencies)
            background = background_of(day_terms)
            earlier, stories_digest = _earlier_stories(state, day, config.editor.developing_days, fresh)
            del day_terms
        by_seed = {s.article.seed: digest for s, digest in zip(summaries, digests)}
        memo = StoryMemo(state.story_texts(day) if remember else None, digests=by_seed, whole=state.summaries_named)
        # The links found against the same earlier stories and frequencies, as stored (none are remembered when
        # a day composed in this run is among them).
        window = (f"{stories_digest} {terms_digest}" if stories_digest is not None and terms_digest is not None
                  else None)
        link_memo = LinkMemo(state.story_links(day) if remember else None, window, by_seed)
        kept = _kept_groups(summaries, stored, made or {})
        del stored, made
        frequencies[day] = day_frequencies(summaries, numbered)
        # Handed over to grouping, which lets the arrays go once it has weighed them (unless the reports hold
        # their terms in them: see held_terms).
        handed, numbered = [numbered].pop, None
        briefing = compose_briefing(day, summaries, config.summary, config.editor, background=background,
                                    earlier=earlier, memo=memo, mapper=mapper, kept=kept,
                                    held=functools.partial(state.stories_holding, day), numbered=handed,
                                    links=link_memo)
        del handed
        fresh[day] = briefing
        briefings.append(briefing)
        texts[day] = memo.used
        links[day] = link_memo.used
    return Composed(briefings, texts, remember, frequencies, links)


def _unzipped(pairs: Iterable[tuple[Summary, str]]) -> tuple[list[Summary], list[str]]:
    summaries, digests = [], []
    for summary, digest in pairs:
        summaries.append(summary)
        digests.append(digest)
    return summaries, digests


def _kept_groups(
    summaries: Sequence[Summary], stories: Sequence[Sequence[tuple[str, str, str]]], made: Mapping[str, tuple[str, str]]
) -> list[list[int]]:
    """The day's `stories` when it was last written, as groups of `summaries` (indexes): those whose
    reports are all still in the day, made from the same content (`made`: State.seed_versions) with the same
    settings."""
    if not stories:
        return []
    index = {summary.article.seed: number for number, summary in enumerate(summaries)}
    kept, taken = [], set()
    for reports in stories:
        names = {name for name, _, _ in reports}
        if reports and not names & taken and all(name in index and made.get(name) == (content, settings)
                                                 for name, content, settings in reports):
            kept.append([index[name] for name in sorted(names)])
            taken |= names
    return kept


def _days_before(day: dt.date, days: int) -> dt.date:
    """`days` days before `day`, or the calendar's first (a day stored pending before FIRST_DAY was checked)."""
    return day - dt.timedelta(days=days) if day.toordinal() > days else dt.date.min


def _day_terms(state: State, day: dt.date, fresh: dict[dt.date, tuple[int, dict[str, int]]]
               ) -> tuple[list[tuple[int, dict[str, int]]], str | None]:
    """The stem frequencies of the days before `day` (see BACKGROUND_DAYS); `fresh`, those of the days
    composed in this run, which count as they are now (in place of what was stored of them). And a digest of
    them as stored, None if any is fresh."""
    first, last = _days_before(day, BACKGROUND_DAYS), _days_before(day, 1)
    now = {d: found for d, found in fresh.items() if first <= d <= last}
    stored, digest = state.day_terms_between(first, last, leaving_out=now)
    return stored + list(now.values()), None if now else digest


def _earlier_stories(state: State, day: dt.date, window: int, fresh: dict[dt.date, Briefing]
                     ) -> tuple[list[EarlierStory], str | None]:
    """The stories of the `window` days before `day` (those of `fresh` days as composed in this run), and a
    digest of them as stored, None if any day among them is fresh."""
    from ..compose.developing import EarlierStory, stored_features
    from ..compose.stories import merged_features

    if window <= 0:
        return [], ""
    first, last = _days_before(day, window), _days_before(day, 1)
    earlier = []
    stored, digest = state.stories_between(first, last)
    for found_day, anchor, title, features, shown, first_report in stored:
        if found_day in fresh:
            continue
        try:
            earlier.append(EarlierStory(
                day=found_day, title=title, anchor=anchor,
                features=stored_features(f"{found_day}#{anchor}", features),
                shown=frozenset(shown),
                first=Earlier(dt.date.fromisoformat(first_report["day"]), first_report["title"],
                              first_report["anchor"]) if first_report else None,
            ))
        except (KeyError, TypeError, ValueError):
            # A record that does not read as a story: it is not found as developing, and the links found without
            # it are not remembered (the digest counts it).
            digest = None
            continue
    now = [(found_day, briefing) for found_day, briefing in fresh.items() if first <= found_day <= last]
    for found_day, briefing in now:
        for story in briefing.stories:
            merged = merged_features(story)
            earlier.append(EarlierStory(found_day, story.lead.article.title, story.anchor,
                                        replace(merged, key=f"{found_day}#{story.anchor}"),
                                        shown_texts(story), story.follows))
    # In the store's order (by day, then anchor) whether a day is stored or composed now: the order numbers the
    # terms, so it moves a similarity's last bits, and it breaks a tie between two stories of a day.
    earlier.sort(key=lambda story: (story.day, story.anchor))
    return earlier, None if now else digest


def days_linking(state: State, briefings: Sequence[Briefing], window: int, anew: bool) -> set[dt.date]:
    """The written days, not among `briefings` (the days written now), to compose again with them: their
    links or their summaries depend on a story of those days. Composed in case, they are written only if
    they changed."""
    # A later day that links to a story first reported on a day written now, which that day no longer
    # shows (a report left it, or the whole day went) or shows otherwise (a new lead's headline, other
    # sentences), is written again too: composed anew, it finds the story as it is now, or gone.
    if not briefings:
        return set()  # nothing written now: no day depends on it (and the store is not read)
    anchors = {briefing.day: {story.anchor for story in briefing.stories} for briefing in briefings}
    developing = state.stories_developing(anchors)
    # A story developing one that itself develops another (all three first reported on its first day)
    # was composed against the nearest: it left out what that one showed, not what the first did.
    written = [record.day for record in state.published()]
    developing += [(later, day, anchor) for day in _followed_by_others(anchors, written, window)
                   for later, anchor in state.stories_developing_through(day, window)]
    changed = _changed_faces(state, briefings, {day for _, day, _ in developing})
    linking = {later for later, day, anchor in developing
               if (anchor not in anchors[day] or anchor in changed[day]) and later not in anchors}
    # A day written after the days that follow it (`--date` in the past, or a seed moved to an earlier
    # day) may tell a story they develop: those within `developing_days` after it are composed again
    # with it, as a rebuild would compose them.
    if not anew:
        grown = [day for day in _followed_by_others(anchors, written, window)
                 if anchors[day] - state.story_faces(day).keys()]
        linking |= {later for day in grown for later in _others_after(day, anchors, written, window)}
    return linking


def _others_after(day: dt.date, anchors: dict[dt.date, set[str]], written: list[dt.date], window: int) -> list[dt.date]:
    """The written days within `window` days after `day`, not written now. `written` is in order: only the
    days of the window are looked at (a rebuild of years of days asked each about every other)."""
    if window <= 0:
        return []
    last = dt.date.fromordinal(min(dt.date.max.toordinal(), day.toordinal() + window))
    return [later for later in written[bisect.bisect_right(written, day):bisect.bisect_right(written, last)]
            if later not in anchors]


def _followed_by_others(anchors: dict[dt.date, set[str]], written: list[dt.date], window: int) -> list[dt.date]:
    """The days written now with a written day not written now within `window` days after them: a story of
    that day may have been composed against theirs (none in a rebuild, nor for a run's newest day)."""
    return [day for day in anchors if _others_after(day, anchors, written, window)] if window > 0 else []


def _changed_faces(state: State, briefings: Sequence[Briefing], days: set[dt.date]) -> dict[dt.date, set[str]]:
    """For each of `days` written now, the anchors of its stories whose title or sentences differ from
    what the day showed when it was last written (a later day's link names that title and leaves out
    those sentences)."""
    changed: dict[dt.date, set[str]] = {briefing.day: set() for briefing in briefings}
    for briefing in briefings:
        if briefing.day in days:
            faces = state.story_faces(briefing.day)
            for story in briefing.stories:
                kept = kept_story(story)
                if story.anchor in faces and faces[story.anchor] != (kept.title, list(kept.shown)):
                    changed[briefing.day].add(story.anchor)
    return changed
