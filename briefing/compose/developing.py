"""Developing stories: the story of the days before that each of today's stories follows on from.

Today's stories are compared with the earlier ones on the earlier ones'
statistics (and the days' before them: Background), each as one more story
among them (grouping.report_similarities' `earlier`). So the story a story
follows depends on it and on the earlier ones alone, never on the rest of
its day: a report added to a big day changes the link of the story it joins,
and the others' links are remembered (LinkMemo), not found again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ..models import Earlier, Summary
from .grouping import Background, ReportFeatures, report_similarities

# A story of a day whose similarity to a story of an earlier day reaches
# this follows on from it ("developing"). Set on the dev clusters fed one
# date at a time (benchmarks/stories.py): a precision of links above 0.9.
SAME_EVENT_ACROSS_DAYS = 0.045

# Part of what a remembered link was found from: raise it when `follows_on` would find otherwise from the same
# stories, and every link is found again.
LINKS_VERSION = 2


@dataclass(frozen=True)
class EarlierStory:
    """A story of an earlier day's briefing, as the state store keeps it to find developing stories."""

    day: dt.date
    title: str
    anchor: str
    features: ReportFeatures  # the story's reports merged into one
    shown: frozenset[str] = frozenset()  # the sentences it showed
    first: Earlier | None = None  # where it was first reported, if it was itself developing


def stored_features(key: str, features: object) -> ReportFeatures:
    """An earlier story's reports merged, as the state store keeps them (pipeline.days.kept_story) and reads
    them: with their types checked (state.records.story_features_from_json), or as JSON reads them; TypeError
    or KeyError if they do not read so."""
    if type(features) is not dict:
        try:
            terms, names, title = features.terms, features.names, features.title  # type: ignore[attr-defined]
            day, language = features.day, features.language  # type: ignore[attr-defined]
        except AttributeError:
            raise TypeError("not a story's features") from None
        return ReportFeatures(key=key, terms=terms, names=names, title=title, day=day, language=language or None)
    language = features.get("language")
    # A language that is no name: compared as if it were any story's (so are those of an older release).
    return ReportFeatures(key=key, terms=tuple(map(tuple, features["terms"])), names=frozenset(features["names"]),
                          title=tuple(features["title"]), day=features["day"],
                          language=language if isinstance(language, str) and language else None)


def _weighable(features: ReportFeatures) -> bool:
    """Whether a story's features are of the types weighing takes (a stored one may have been damaged)."""
    terms, day = features.terms, features.day
    return not (set(map(len, terms)) - {2} or set(map(type, map(_term, terms))) - {str}
                or set(map(type, map(_count, terms))) - {int} or min(map(_count, terms), default=1) < 1
                or set(map(type, features.names)) - {str} or set(map(type, features.title)) - {str}
                or not (day is None or (type(day) is int and 0 < day <= dt.date.max.toordinal())))


_term, _count = operator.itemgetter(0), operator.itemgetter(1)


class LinkMemo:
    """The earlier story each story of a day was found to follow, by what it was found from.

    That is the story's reports (their records' digests, `digests` by seed), the language preferred, and the
    `window`: a digest of the earlier stories and the days' frequencies they were compared on (None when they
    are not all as stored: a day composed in this run is among them; nothing is remembered then). `known`:
    what `used` held when the day was last written. `used`: the links this memo gave or was told, to remember.
    """

    def __init__(self, known: Mapping[str, str | None] | None, window: str | None,
                 digests: Mapping[str, str]) -> None:
        self._known = dict(known or {}) if window is not None else {}
        self._window = window
        self._digests = digests
        self.used: dict[str, str] = {}

    def key(self, reports: Sequence[Summary], preferred: str | None) -> str | None:
        """What a story of `reports` is found to follow from; None if it cannot be remembered."""
        if self._window is None:
            return None
        seeds = sorted(report.article.seed for report in reports)
        if any(seed not in self._digests for seed in seeds):
            return None
        parts = [LINKS_VERSION, SAME_EVENT_ACROSS_DAYS, self._window, preferred,
                 [[seed, self._digests[seed]] for seed in seeds]]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def recall(self, key: str | None) -> tuple[bool, tuple[dt.date, str] | None]:
        """(whether `key` is remembered, the day and anchor of the story it follows or None)."""
        if key is None or key not in self._known:
            return False, None
        try:
            found = json.loads(self._known[key])  # (a NULL, which no link is written as, does not read)
            if found is None:
                return True, None
            day, anchor = found
            return True, (dt.date.fromisoformat(day), str(anchor))
        except (ValueError, TypeError):
            return False, None  # a record that does not read: the link is found again

    def note(self, key: str | None, found: EarlierStory | None) -> None:
        if key is not None:
            self.used[key] = json.dumps(None if found is None else [found.day.isoformat(), found.anchor])


def follows_on(
    groups: Sequence[Sequence[Summary]], features: Callable[[Sequence[Summary]], ReportFeatures],
    earlier: Sequence[EarlierStory], background: Background | None, preferred: str | None = None,
    memo: LinkMemo | None = None,
) -> dict[int, EarlierStory]:
    """The earlier story each group of today's reports follows on from, by the group's index; `features`
    gives a group's reports merged into one (asked only of the groups whose link is not remembered)."""
    placed = {(story.day, story.anchor): story for story in earlier}
    found: dict[int, EarlierStory] = {}
    keys = [memo.key(reports, preferred) if memo is not None else None for reports in groups]
    asked = []
    for k, key in enumerate(keys):
        remembered, place = memo.recall(key) if memo is not None else (False, None)
        if not remembered or (place is not None and place not in placed):
            asked.append(k)
        elif place is not None:
            found[k] = placed[place]
    for k, index in zip(asked, search_links([features(groups[k]) for k in asked], earlier, background)):
        if index is not None:
            found[k] = earlier[index]
    if memo is not None:
        for k, key in enumerate(keys):
            memo.note(key, found.get(k))
    return found


def search_links(today: Sequence[ReportFeatures], earlier: Sequence[EarlierStory],
                 background: Background | None) -> list[int | None]:
    """For each of today's stories (its reports merged), the index of the earlier story it follows, or None."""
    if not today or not earlier:
        return [None] * len(today)
    # A story days later tells its event in new words, on fewer of its names: the likeness of one name, or of
    # two words, that parts two reports of a day still links it (benchmarks/stories.py section 5: asking more
    # of it lost 3 of the 65 right links of the DUC dates and no wrong one).
    try:
        i, j, sims = report_similarities([story.features for story in earlier] + list(today), background=background,
                                         across_days=True, earlier=len(earlier))
    except (TypeError, ValueError, OverflowError):
        # A story whose record reads but not as a story's (a count that is no number): the others are weighed
        # without it. Looked for only now: checking every story as it is read cost as much as reading it.
        weighable = [k for k, story in enumerate(earlier) if _weighable(story.features)]
        if len(weighable) == len(earlier):
            raise
        found = search_links(today, [earlier[k] for k in weighable], background)
        return [None if k is None else weighable[k] for k in found]
    best: dict[int, tuple[float, int, int]] = {}  # today's story -> (similarity, day, earlier story)
    # (Each pair is an earlier story, then one of today's: see `earlier`.)
    for theirs, ours, similarity in zip(i.tolist(), j.tolist(), sims.tolist()):
        if similarity < SAME_EVENT_ACROSS_DAYS:
            continue
        key = (similarity, earlier[theirs].day.toordinal(), theirs)
        ours -= len(earlier)
        if ours not in best or key > best[ours]:
            best[ours] = key
    return [best[k][2] if k in best else None for k in range(len(today))]
