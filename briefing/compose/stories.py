"""Group the reports of one event into a Story."""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from typing import Sequence

from ..models import Story, Summary

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


def _weighted_terms(summaries: Sequence[Summary]) -> list[tuple[tuple[str, ...], array]]:
    """Unit-length TF-IDF vectors of the articles' terms (idf over the day), most weighty first.

    Each vector is a tuple of terms and an array of their weights: a big day
    holds thousands at once, and these take a tenth of the memory of dicts.
    """
    df: dict[str, int] = defaultdict(int)
    for summary in summaries:
        for term, _ in summary.terms:
            df[term] += 1
    n = len(summaries)
    idf = {term: math.log((n + 1) / (count + 1)) + 1 for term, count in df.items()}
    vectors = []
    for summary in summaries:
        # Heaviest first, ties by term: (-weight, term) sorts that way.
        weighted = sorted((-math.log1p(count) * idf[term], term) for term, count in summary.terms)
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


def group_reports(summaries: Sequence[Summary]) -> list[Story]:
    """The day's summaries as stories, each holding every report of its event."""
    return [_lead_first([summaries[i] for i in group]) for group in related_groups(summaries)]
