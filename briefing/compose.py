"""The day's Summaries -> a Briefing: related reports grouped, stories ordered, key points of the day."""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import defaultdict
from typing import Iterable, Sequence

from .models import Briefing, Story, Summary

DAY_KEY_POINTS = 5
# Two articles whose TF-IDF cosine over their top 40 content stems reaches this
# report the same event. Rewrites of one story by two outlets score about 0.4
# to 0.5, different stories on one topic 0.15 or less (tests/test_compose.py):
# the threshold sits between the two.
SAME_STORY_SIMILARITY = 0.3
# Each article is compared only with articles that share one of its most
# distinctive terms, so grouping stays far below quadratic on a big day.
_CANDIDATE_TERMS = 8
# Reports of one event share several of these terms; sharing one is chance.
_MIN_SHARED_TERMS = 2
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


def _term_counts(terms: str) -> tuple[list[str], list[int]]:
    """"stem:3 other:2" -> (["stem", "other"], [3, 2])."""
    pairs = [item.rpartition(":") for item in terms.split()]
    return [term for term, _, _ in pairs], [int(count) for _, _, count in pairs]


def _weighted_terms(summaries: Sequence[Summary]) -> list[tuple[tuple[str, ...], array]]:
    """Unit-length TF-IDF vectors of the articles' terms (idf over the day), most weighty first.

    Each vector is a tuple of terms and an array of their weights: a big day
    holds thousands at once, and these take a tenth of the memory of dicts.
    """
    vocabulary: dict[str, str] = {}  # one string object per distinct term
    df: dict[str, int] = defaultdict(int)
    counted = []
    for summary in summaries:
        terms, counts = _term_counts(summary.terms)
        terms = [vocabulary.setdefault(term, term) for term in terms]
        for term in terms:
            df[term] += 1
        counted.append((terms, counts))
    n = len(summaries)
    idf = {term: math.log((n + 1) / (count + 1)) + 1 for term, count in df.items()}
    vectors = []
    for terms, counts in counted:
        # Heaviest first, ties by term: (-weight, term) sorts that way.
        weighted = sorted((-math.log1p(count) * idf[term], term) for term, count in zip(terms, counts))
        norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
        vectors.append((tuple(t for _, t in weighted), array("d", (-w / norm for w, _ in weighted))))
    return vectors


def related_groups(summaries: Sequence[Summary]) -> list[list[int]]:
    """Indexes of `summaries` grouped by the event they report; singletons included.

    Two articles are compared only if they share at least two of their most
    distinctive terms; they are one story if their cosine reaches
    SAME_STORY_SIMILARITY. Groups are the connected pairs (union-find).
    """
    vectors = _weighted_terms(summaries)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, (terms, _) in enumerate(vectors):
        for term in terms[:_CANDIDATE_TERMS]:
            postings[term].append(index)
    parent = list(range(len(summaries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, (terms, weights) in enumerate(vectors):
        shared: dict[int, int] = defaultdict(int)
        for term in terms[:_CANDIDATE_TERMS]:
            members = postings[term]
            if len(members) <= _MAX_POSTINGS:
                for b in members:
                    if b > a:
                        shared[b] += 1
        lookup = None
        for b, count in shared.items():
            if count < _MIN_SHARED_TERMS or root(a) == root(b):
                continue
            lookup = lookup or dict(zip(terms, weights))
            other_terms, other_weights = vectors[b]
            cosine = sum(w * lookup.get(t, 0.0) for t, w in zip(other_terms, other_weights))
            if cosine >= SAME_STORY_SIMILARITY:
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
