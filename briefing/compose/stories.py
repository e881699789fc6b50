"""The day's reports -> its Stories: the reports of one event grouped and summarised together.

A story of one report shows that report's own summary and key points. A
story of several shows sentences chosen across all of them for coverage and
without repeats (story_summary.py), each naming the report it comes from,
and key points from across the reports that the summary does not say.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import operator
from collections import Counter
from dataclasses import asdict, replace
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence

from ..config import SummarySettings
from ..languages import word_count
from ..models import Earlier, Sourced, Story, Summary
from ..datelines import as_offered
from ..textrules import opens_with_pronoun, rules_for
from .arrangement import arranged, distinct_anchors, in_story_language, weighed
from .developing import EarlierStory, LinkMemo, follows_on
from .grouping import Background, ReportFeatures, group_reports
from .numbered_terms import NumberedTerms
from .story_summary import Budget, CandidateSentence, story_key_points, summarize_story

def features_of(summary: Summary) -> ReportFeatures:
    """What grouping needs to know of one report."""
    return ReportFeatures(
        key=summary.article.seed, terms=summary.terms, names=summary.names,
        title=summary.title_stems, day=_day(summary), language=_language_of(summary),
    )


def _language_of(summary: Summary) -> str | None:
    """The language a report's stems are of, if known (a text in no supported language: not known)."""
    return (summary.language or None) if summary.language_known else None


def merged_features(story: Story) -> ReportFeatures:
    """A story's reports as one: their terms summed, their names joined, the lead's headline."""
    counts: dict[str, int] = {}
    names: set[str] = set()
    for report in story.reports:
        for term, count in report.terms:
            counts[term] = counts.get(term, 0) + count
        names.update(report.names)
    # By count, most first, then by term: sorted by term, then stably by count (C-level keys, no lambda: a
    # day's stories are compared with earlier ones in every run).
    terms = tuple(sorted(sorted(counts.items(), key=_term), key=_count, reverse=True)[:200])
    days = [d for d in (_day(r) for r in story.reports) if d is not None]
    return ReportFeatures(key=story.anchor, terms=terms, names=frozenset(names), title=story.lead.title_stems,
                          day=max(days) if days else None, language=_language_of(story.lead))


_term, _count = operator.itemgetter(0), operator.itemgetter(1)


def _merged(reports: Sequence[Summary], preferred: str | None) -> ReportFeatures:
    """A group of reports merged as the story they make would be (its lead first)."""
    ordered, _, anchor = arranged(reports, preferred)
    return merged_features(Story(reports=ordered, summary=(), key_points=(), anchor=anchor))


def _day(summary: Summary) -> int | None:
    published = summary.article.published
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def compose_stories(
    summaries: Sequence[Summary],
    settings: SummarySettings,
    *,
    background: Background | None = None,
    earlier: Sequence[EarlierStory] = (),
    memo: StoryMemo | None = None,
    mapper: Callable = map,
    kept: Sequence[Sequence[int]] = (),
    held: Callable[[list[str]], Mapping[str, Collection[str]]] | None = None,
    numbered: Callable[[], NumberedTerms | None] | None = None,
    links: LinkMemo | None = None,
) -> list[Story]:
    """The reports grouped by the event they tell, each group made a Story; developing ones linked.

    With a `memo`, a story made of the same reports as one it remembers is
    not summarised again; the others are summarised through `mapper` (a
    map over worker processes, or the built-in one). `kept` groups of
    `summaries` (indexes) are the day's stories found before: only those the
    other reports link to are grouped again (see group_reports). `numbered`, called once, gives the terms of
    reports, by seed name, as the state store numbers them (see numbered_terms.py and group_reports). With
    `links`, a story of the same reports as one it remembers follows what that one followed (developing.py).
    """
    memo = memo if memo is not None else StoryMemo()
    features = [features_of(s) for s in summaries]
    found = group_reports(features, background=background, kept=kept, numbered=numbered)
    del features  # (one object a report: 4 MB of a day of 50,000 held while its stories are made)
    groups = [[summaries[i] for i in group] for group in found]
    del found
    follows = follows_on(groups, functools.partial(_merged, preferred=settings.language), earlier, background,
                         settings.language, links) if earlier else {}
    # Each story is summarised once: one that develops an earlier story leaves out what that one showed.
    shown = [follows[k].shown if k in follows else frozenset() for k in range(len(groups))]
    stories = memo.stories_of(groups, settings, mapper=mapper, each_shown=shown)
    del shown
    for k, found in follows.items():
        stories[k] = replace(stories[k], follows=found.first or Earlier(found.day, found.title, found.anchor))
    return distinct_anchors(stories, held)


def story_of(
    reports: Sequence[Summary], settings: SummarySettings = SummarySettings(), shown: frozenset[str] = frozenset()
) -> Story:
    """One story of these reports: the lead, the summary (across the reports if several), the key points."""
    ordered, chronological, anchor = arranged(reports, settings.language)
    lead = ordered[0]
    # The reports it is told from (those in the story's language): its length is theirs, and its sentences are
    # those of the ones it weighs (the lead and the first published, on a story of very many).
    told_from = in_story_language(reports, settings.language)
    told = {id(report) for report in weighed(told_from, lead, chronological)}

    def leads_own() -> Story:
        # Without its wire dateline ("LONDON (Reuters) - "), as a story of several reports shows each, as its
        # candidate reads (after a byline too: "di Salvo Palazzolo" + "PALERMO - ...").
        seed = lead.article.seed
        dated = {c.position: c.text for c in lead.candidates}
        summary = tuple(Sourced(as_offered(s.text, s.position, dated, lead.language), seed) for s in lead.sentences)
        return Story(reports=ordered, summary=summary,
                     key_points=tuple(Sourced(p, seed) for p in lead.key_points), anchor=anchor)

    if len(reports) == 1:
        return leads_own() if not shown else _news_of_one(lead, ordered, anchor, shown) or story_of(reports, settings)
    candidates, texts = [], []
    offered: set[str] = set()
    for number, report in enumerate(chronological):
        if id(report) not in told:
            continue  # in another language than the story's: one of its sources, not of its sentences
        own = {candidate.text for candidate in report.candidates}
        if own and own <= offered:
            continue  # a copy of what came before (a wire's re-send under a new slug): its sentences counted twice
        offered |= own
        day = _day(report)
        rules = rules_for(report.language)
        for candidate in report.candidates:
            if candidate.text in shown:
                continue  # shown on an earlier day: what is new comes first
            candidates.append(CandidateSentence(report=number, position=candidate.position,
                                                words=word_count(candidate.text), stems=candidate.stems,
                                                day=day, rank=candidate.rank,
                                                makes_point=candidate.point is not None,
                                                leans=opens_with_pronoun(candidate.text, rules)))
            texts.append((candidate, report.article.seed))
    if not candidates:
        # Nothing new to say: the story as it would be without the earlier day; and with no candidate
        # sentence in any report (a record that kept none), the lead's own summary.
        return story_of(reports, settings) if shown else leads_own()
    # What happened is in the summary: the best sentence of the first report of it (its rank 1) is
    # chosen first (the summary reads in the reports' order). On the DUC dev clusters, ROUGE moved
    # within the noise (R-1 38.07 -> 37.79, R-2 9.97 -> 10.01); the lead report's instead cost R-1
    # 0.9 and R-2 1.1 (benchmarks/README.md).
    opening = min(range(len(candidates)), key=lambda k: (candidates[k].rank or 10**9, candidates[k].report))
    chosen = summarize_story(candidates, _budget(settings, told_from), opening=opening)
    points = story_key_points(candidates, chosen, limit=settings.key_points)
    return Story(
        reports=ordered,
        summary=tuple(Sourced(texts[k][0].text, texts[k][1]) for k in chosen),
        key_points=tuple(Sourced(texts[k][0].point, texts[k][1]) for k in points if texts[k][0].point),
        anchor=anchor,
    )


def _news_of_one(lead: Summary, ordered: tuple[Summary, ...], anchor: str, shown: frozenset[str]) -> Story | None:
    """A developing story of one report: its best sentences that were not shown on an earlier day, as
    many as its own summary has, in article order; and its key points not shown nor in that summary.
    None if it has none left.

    The summary across reports weighs what reports share, which one report
    cannot: its lead ("Police have arrested two men ...") lost to shorter
    sentences, and the news was nowhere on the page.
    """
    wanted = max(1, len(lead.sentences))
    new = [candidate for candidate in lead.candidates if candidate.text not in shown]
    kept = sorted(new[:wanted], key=lambda candidate: candidate.position)
    if not kept:
        return None
    seed = lead.article.seed
    said = shown | {candidate.text for candidate in kept}
    # A point is a sentence trimmed: one made of a sentence shown, here or before, is said already.
    said |= {candidate.point for candidate in lead.candidates if candidate.point and candidate.text in said}
    points = tuple(Sourced(p, seed) for p in lead.key_points if p not in said)
    return Story(reports=ordered, summary=tuple(Sourced(c.text, seed) for c in kept), key_points=points, anchor=anchor)


# Part of what a remembered story was made of: raise it when story_of would
# choose otherwise from the same reports, and every story is made again.
STORY_TEXTS_VERSION = 12  # 3: a developing story of one report leads with its own best sentences; 4: a story opens with its first report's best; 5: no sentence that leans on the one before it while others may be chosen; 6: no two sentences, and no point after them, that tell one fact (facts.same_fact); 7: a story of several languages told from the reports in one (arrangement.in_story_language), its length theirs; 8: a story of more than MOST_REPORTS_WEIGHED reports told from its lead and the first published; 9: the lead the fullest report whose headline reads as one (arrangement.headline_flaws); 10: a report whose sentences an earlier one offered, a copy, offers none; 11: a headline made from a file name leads only when no other reads as one; 12: reports in languages briefing has no model for count as one more language of a story's


# Stories summarised with their reports' candidate sentences read from the
# store take this many reports at a time (see StoryMemo._batches). A batch of
# whole reports takes about 12 KB a report: 2,000 (24 MB) were the peak of
# composing a day of 10,000 reports.
REPORTS_PER_BATCH = 500


class StoryMemo:
    """Stories' texts made before, by what they were made of: reports, settings, sentences shown.

    A day that gains a seed is grouped whole again, but only the story the
    seed joins is summarised again: every other story is made of the same
    reports as before. `used` is what this memo gave or made, to remember
    for the next run. Only stories of several reports (or with sentences
    shown before) are remembered: a story of one report costs nothing.
    """

    def __init__(self, known: Mapping[str, str] | None = None, digests: Mapping[str, str] | None = None,
                 whole: Callable[[list[str]], Mapping[str, Summary]] | None = None) -> None:
        """`known`: texts by made_of; `digests`: a digest of each report's summary by its seed, if the
        caller has one (the state store's record): cheaper than made_of reading every sentence. `whole`
        gives the summaries of seeds whole, when the reports given are without their sentences, key points and
        candidate sentences (see State.reports_for_day): a story is made from its reports read whole."""
        self._known = dict(known or {})
        self._digests = digests or {}
        self._whole = whole
        self.used = StoryTexts()

    def story_of(self, reports: Sequence[Summary], settings: SummarySettings = SummarySettings(),
                 shown: frozenset[str] = frozenset()) -> Story:
        (story,) = self.stories_of([reports], settings, each_shown=[shown])
        return story

    def stories_of(self, groups: Sequence[Sequence[Summary]], settings: SummarySettings, mapper: Callable = map,
                   each_shown: Sequence[frozenset[str]] | None = None) -> list[Story]:
        """story_of of each group of reports, in order, each leaving out its own of `each_shown` (what an
        earlier story showed; nothing if not given); those not remembered are made through `mapper`.

        `mapper` is a map over worker processes when there are several: each
        story is summarised on its own.
        """
        if each_shown is None:
            each_shown = [frozenset()] * len(groups)
        stories: list[Story | None] = []
        keys: list[str] = []
        for reports, left_out in zip(groups, each_shown, strict=True):
            if len(reports) == 1 and not left_out:
                # Shows the report's own summary: made here (no worker), from the report read whole when
                # the reports given are without their sentences (see _with_candidates).
                stories.append(story_of(reports, settings) if self._whole is None else None)
                keys.append("")
                continue
            keys.append(made_of(reports, settings, left_out, self._digests))
            stories.append(self._recalled(keys[-1], reports, settings.language))
        for alone in self._batches([k for k, story in enumerate(stories) if story is None and not keys[k]], groups):
            for k, reports in zip(alone, self._with_candidates([groups[k] for k in alone])):
                # The story keeps the report as given: the whole one is let go with its candidates.
                stories[k] = replace(story_of(reports, settings), reports=tuple(groups[k]))
        work = functools.partial(_story_texts_leaving_out, settings=settings)
        for missing in self._batches([k for k, story in enumerate(stories) if story is None], groups):
            # (The reports read whole are the map's argument alone: let go with the batch, not held while the
            # next batch is read.)
            for k, (summary, points) in zip(missing, mapper(work, zip(
                    self._with_candidates([groups[k] for k in missing]), (each_shown[k] for k in missing)))):
                ordered, _, anchor = arranged(groups[k], settings.language)
                stories[k] = Story(reports=ordered, summary=summary, key_points=points, anchor=anchor)
                self.used.made[keys[k]] = summary, points
        return stories  # type: ignore[return-value]  # every None was filled

    def _batches(self, missing: list[int], groups: Sequence[Sequence[Summary]]) -> Iterator[list[int]]:
        """The stories to make, a few thousand reports at a time when their candidates are read for them:
        a big day never holds every report's candidate sentences at once."""
        if self._whole is None:
            yield missing
            return
        batch: list[int] = []
        reports = 0
        for k in missing:
            batch.append(k)
            reports += len(groups[k])
            if reports >= REPORTS_PER_BATCH:
                yield batch
                batch, reports = [], 0
        if batch:
            yield batch

    def _with_candidates(self, groups: list[Sequence[Summary]]) -> list[list[Summary]]:
        if self._whole is None or not groups:
            return [list(reports) for reports in groups]
        whole = self._whole([r.article.seed for reports in groups for r in reports])
        return [[whole.get(r.article.seed, r) for r in reports] for reports in groups]

    def _recalled(self, key: str, reports: Sequence[Summary], preferred: str) -> Story | None:
        made = self.used.made.get(key)
        texts = self.used.recalled.get(key) or self._known.get(key)
        if made is None and texts is None:
            return None
        ordered, _, anchor = arranged(reports, preferred)
        if made is not None:
            return Story(reports=ordered, summary=made[0], key_points=made[1], anchor=anchor)
        try:
            summary, points = json.loads(texts)
            story = Story(reports=ordered, summary=tuple(Sourced(text, seed) for text, seed in summary),
                          key_points=tuple(Sourced(text, seed) for text, seed in points), anchor=anchor)
        except (ValueError, TypeError):
            return None  # a record that does not read: the story is made again
        self.used.recalled[key] = texts
        return story


class StoryTexts(Mapping[str, str]):
    """The texts of the stories a StoryMemo gave or made, by made_of: as JSON, to remember for the next run.

    A story made in this run is held as its own tuples of sentences (the story holds them too) and written
    out as JSON only when read: a big day's texts held as JSON beside its stories took 10 MB until the run
    recorded them (12,351 stories of 50,000 reports). One recalled keeps the text it was recalled from.
    """

    def __init__(self) -> None:
        self.made: dict[str, tuple[tuple[Sourced, ...], tuple[Sourced, ...]]] = {}
        self.recalled: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        made = self.made.get(key)
        if made is None:
            return self.recalled[key]
        summary, points = made
        return json.dumps([[[s.text, s.seed] for s in summary], [[p.text, p.seed] for p in points]],
                          ensure_ascii=False)

    def __iter__(self) -> Iterator[str]:
        yield from self.made
        yield from (key for key in self.recalled if key not in self.made)

    def __len__(self) -> int:
        return len(self.made) + sum(key not in self.made for key in self.recalled)


def story_texts(
    reports: Sequence[Summary], settings: SummarySettings, shown: frozenset[str] = frozenset()
) -> tuple[tuple[Sourced, ...], tuple[Sourced, ...]]:
    """A story's summary and key points: what a worker sends back (the reports stay where they are)."""
    story = story_of(reports, settings, shown)
    return story.summary, story.key_points


def _story_texts_leaving_out(
    reports_and_shown: tuple[Sequence[Summary], frozenset[str]], settings: SummarySettings
) -> tuple[tuple[Sourced, ...], tuple[Sourced, ...]]:
    """story_texts of a group of reports and what an earlier story of theirs showed (a worker's task)."""
    reports, shown = reports_and_shown
    return story_texts(reports, settings, shown)


def made_of(reports: Sequence[Summary], settings: SummarySettings, shown: frozenset[str],
            digests: Mapping[str, str] | None = None) -> str:
    """A digest of everything story_of reads: each report's seed, date, length, summary and candidate sentences
    (or the digest of its whole summary, in `digests` by seed)."""
    digests = digests or {}

    def read(r: Summary) -> list:
        digest = digests.get(r.article.seed)
        if digest is not None:
            return [r.article.seed, digest]
        return [r.article.seed, r.article.published, r.article.word_count, repr(r.sentences), repr(r.key_points),
                repr(r.candidates)]

    parts = [STORY_TEXTS_VERSION, _fields(settings), sorted(shown)] + [
        read(r) for r in sorted(reports, key=lambda r: r.article.seed)]
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=16)
def _fields(settings: SummarySettings) -> dict:
    # Once per settings, not once per story: asdict deep-copies (a fifth of recalling a big day's stories).
    return asdict(settings)


def _budget(settings: SummarySettings, reports: Iterable[Summary]) -> Budget:
    """The story's length in the same terms as a single summary's: words, a share, or sentences."""
    if settings.words is not None:
        return Budget(words=settings.words)
    if settings.ratio is not None:
        return Budget.from_ratio(settings.ratio, [r.article.word_count for r in reports])
    return Budget(words=None, sentences=settings.sentences)


def background_of(days: Iterable[tuple[int, dict[str, int]]]) -> Background | None:
    """The document frequencies of stems over earlier days: (reports, {stem: df}) per day, summed."""
    reports, df = 0, Counter()
    for count, frequencies in days:
        reports += count
        df.update(frequencies)
    return Background(reports=reports, df=dict(df)) if reports else None
