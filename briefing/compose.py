"""The day's Summaries -> a Briefing: related reports grouped, stories ordered, key points of the day."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Iterable, Sequence

from .models import Briefing, Story, Summary

DAY_KEY_POINTS = 5
# Two articles whose TF-IDF cosine over their content stems reaches this report
# the same event. Rewrites of one story by two outlets score about 0.5 to 0.6,
# different stories on one topic 0.2 or less (tests/test_compose.py).
SAME_STORY_SIMILARITY = 0.4
# Each article is compared only with articles that share one of its most
# distinctive terms, so grouping stays far below quadratic on a big day.
_CANDIDATE_TERMS = 8
# A term that many articles rank among their most distinctive is a topic, not an event.
_MAX_POSTINGS = 500


def _story_order(story: Story) -> tuple:
    article = story.summary.article
    # Stories reported by more sources first, then the newest, then by title so
    # the order never depends on the order files were processed in.
    published = article.published or ""
    return (-len(story.summaries), _descending(published), article.title.casefold(), article.seed)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def day_key_points(stories: Iterable[Story], limit: int = DAY_KEY_POINTS) -> tuple[str, ...]:
    """The best key point of each story in turn, then the second best, until `limit`."""
    lists = [story.summary.key_points for story in stories]
    points: list[str] = []
    depth = 0
    while len(points) < limit and any(len(kp) > depth for kp in lists):
        for key_points in lists:
            if depth < len(key_points) and len(points) < limit and key_points[depth] not in points:
                points.append(key_points[depth])
        depth += 1
    return tuple(points)


def _weighted_terms(summaries: Sequence[Summary]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of the articles' terms, idf over the day."""
    df: dict[str, int] = defaultdict(int)
    for summary in summaries:
        for term, _ in summary.terms:
            df[term] += 1
    n = len(summaries)
    vectors = []
    for summary in summaries:
        vector = {t: math.log1p(c) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in summary.terms}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors


def related_groups(summaries: Sequence[Summary]) -> list[list[int]]:
    """Indexes of `summaries` grouped by the event they report; singletons included."""
    vectors = _weighted_terms(summaries)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term in sorted(vector, key=lambda t: (-vector[t], t))[:_CANDIDATE_TERMS]:
            postings[term].append(index)
    parent = list(range(len(summaries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    compared: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > _MAX_POSTINGS:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                small, large = sorted((vectors[a], vectors[b]), key=len)
                if sum(w * large.get(t, 0.0) for t, w in small.items()) >= SAME_STORY_SIMILARITY:
                    parent[root(b)] = root(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(summaries)):
        groups[root(index)].append(index)
    return list(groups.values())


def _lead_first(group: list[Summary]) -> Story:
    # The fullest report leads; the others are listed as its other sources.
    ordered = sorted(group, key=lambda s: (-s.article.word_count, s.article.seed))
    return Story(summary=ordered[0], related=tuple(ordered[1:]))


def compose_briefing(day: dt.date, summaries: Iterable[Summary]) -> Briefing:
    day_summaries = list(summaries)
    groups = related_groups(day_summaries)
    stories = sorted((_lead_first([day_summaries[i] for i in g]) for g in groups), key=_story_order)
    return Briefing(day=day, stories=tuple(stories), key_points=day_key_points(stories))
