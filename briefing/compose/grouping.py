"""Group the reports of one event: average-link clustering of what each report is about.

Average-link agglomerative clustering (no single-link chaining) of TF-IDF
vectors over each report's most frequent content stems. Rare terms weigh far
more than common ones (IDF cubed), names and headline words more than other
words, and the similarity of two reports fades with the days between them.
Pairs are compared only when they share one of their salient, not-too-common
terms (blocking), so a day of 10,000 reports takes seconds. A `Background`
(stem document frequencies of earlier days) sharpens IDF on small days.

Nothing here knows a language: the caller passes content stems (stop words
removed, stemmed by the language's stemmer) and the names it found. Every
result is deterministic and independent of the order of the input. How each
constant was chosen: benchmarks/stories.py and benchmarks/README.md.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

# How each was chosen is in REPORT.md: a coarse grid on the 18 DUC 2003 dev
# clusters, read on three evaluations at once (all clusters as one day,
# random mixed days, date by date), taking a point inside the plateau.

# Two groups whose average pairwise similarity reaches this are one story.
# (Similarities are small because IDF is cubed: rare shared terms dominate.)
SAME_STORY = 0.045
# Weight of a term = (1 + log count) * idf ** IDF_POWER * (1 + NAME_WEIGHT
# if a name). Cubing the IDF makes the rare terms that name an event (people,
# places, the thing that happened) outweigh the vocabulary of its topic
# ("senate", "republican", "market"), which plain TF-IDF lets merge two
# events on one topic.
IDF_POWER = 3.0
# A term written with a capital inside a sentence (a person, a place, an
# organisation) tells events apart better than common vocabulary.
NAME_WEIGHT = 1.0
# A headline word counts as this many more occurrences in its report.
TITLE_COUNT = 2
# Similarity fades with the distance between two reports' dates: halved
# after DAY_HALF_LIFE days. Follow-ups of a story come days or weeks later;
# reports months apart that share words are usually different events.
DAY_HALF_LIFE = 30.0
# Reports of one event name the same people or places. Two that share no
# name are usually two events on one topic ("rail", "union", "strike"),
# which a small day, whose IDF cannot tell topic words from event words,
# would otherwise join: such a pair counts only when it says nearly the same
# thing word for word (the cosine of their plain term counts reaches
# NEAR_COPY: a copy under another headline). On the dev clusters requiring
# a shared name costs 0.006 F1 on the day of all 18 and 0.002 on mixed days.
NEAR_COPY = 0.7
# Pairs less similar than MIN_LINK * SAME_STORY are dropped (count as 0)
# before clustering: they barely move an average, and on a big day they are
# most of the pairs.
MIN_LINK = 0.25
# Blocking: a report is compared only with reports sharing one of its
# BLOCKING_TERMS most salient terms (plain TF-IDF, among terms found in two
# to MAX_POSTINGS reports). 20 finds every pair that matters on the dev set.
BLOCKING_TERMS = 20
# A term in more reports than this is a topic of the day, not an event: it is
# never used for blocking (it still counts in the similarity).
MAX_POSTINGS = 100


@dataclass(frozen=True)
class ReportFeatures:
    """What grouping needs to know of one report; computed once per article.

    `key` is unique and stable (the seed path): it breaks ties, so groups do
    not depend on the order reports are given in. `terms` are the report's
    most frequent content stems with their counts (100 recommended; 40
    costs about 0.01 F1);
    `names` are the stems among them that the text writes with a capital
    letter inside a sentence; `title` the content stems of the headline (may
    be empty); `day` the publication date as an ordinal (``date.toordinal()``),
    or None when unknown.
    """

    key: str
    terms: tuple[tuple[str, int], ...]
    names: frozenset[str] = frozenset()
    title: tuple[str, ...] = ()
    day: int | None = None


def _canonical_order(reports: Sequence[ReportFeatures]) -> list[int]:
    # Everything below runs in this order, so the same reports in any input
    # order give the same arithmetic, the same ties and the same groups.
    return sorted(
        range(len(reports)),
        key=lambda i: (
            reports[i].key,
            reports[i].day if reports[i].day is not None else -1,
            reports[i].terms,
            reports[i].title,
            tuple(sorted(reports[i].names)),
        ),
    )


def _weight_matrix(
    reports: Sequence[ReportFeatures], name_weight: float, title_count: int, idf_power: float = IDF_POWER,
    background: "Background | None" = None,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Unit-length TF-IDF rows, unit-length rows of plain term counts, each term's document frequency, its IDF.

    The plain counts say how much two reports say the same, whatever the
    words (see NEAR_COPY). IDF counts the given reports plus the
    `background` ones, when given.
    """
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    tfs: list[float] = []
    plain: list[float] = []
    boosts: list[float] = []
    for r, report in enumerate(reports):
        counts = dict(report.terms)
        if len(counts) != len(report.terms):  # a term given twice counts twice
            counts = {}
            for term, count in report.terms:
                counts[term] = counts.get(term, 0) + count
        said = counts
        if report.title:
            counts = dict(counts)
            for term in report.title:
                counts[term] = counts.get(term, 0) + title_count
        terms = sorted(counts)
        rows.extend([r] * len(terms))
        cols.extend([vocabulary.setdefault(term, len(vocabulary)) for term in terms])
        tfs.extend([counts[term] for term in terms])
        plain.extend([said.get(term, 0) for term in terms])
        names = report.names
        boosts.extend([1.0 + name_weight if term in names else 1.0 for term in terms])
    n = len(reports)
    rows_a = np.asarray(rows, dtype=np.int64)
    cols_a = np.asarray(cols, dtype=np.int64)
    df = np.bincount(cols_a, minlength=len(vocabulary)).astype(float)
    total, df_all = n, df
    if background is not None and background.reports > 0:
        total = n + background.reports
        df_all = df + np.fromiter((background.df.get(t, 0) for t in vocabulary), float, len(vocabulary))
    # Smoothed IDF: a word in every report still weighs something, so two
    # reports alone on a day can still be found to match.
    idf = np.log((total + 1) / (df_all + 1)) + 1.0
    tf = np.asarray(tfs)
    values = (1.0 + np.log(tf)) * idf[cols_a] ** idf_power * np.asarray(boosts)
    shape = (n, max(len(vocabulary), 1))
    return _unit_rows(values, rows_a, cols_a, shape), _unit_rows(np.asarray(plain, float), rows_a, cols_a, shape), \
        df, idf


def _unit_rows(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=shape[0]))
    matrix = sparse.csr_matrix((values / np.where(norms > 0, norms, 1.0)[rows], (rows, cols)), shape=shape)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


@dataclass(frozen=True)
class Background:
    """Document frequencies of stems over earlier reports (e.g. the last 30 days), to sharpen IDF.

    A small day (a dozen reports) says little about which words are common:
    "work", "accused", "launch" look rare among 12 reports and then pair
    unrelated reports. Counting the stems over earlier days tells topic
    vocabulary from the words of today's events. `reports` is how many
    reports `df` counts; `df[stem]` in how many of them the stem is among
    the kept terms.
    """

    reports: int
    df: Mapping[str, int]


def _candidate_pairs(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int,
):
    """Pairs (i < j) of reports that share one of either's blocking terms.

    A report's blocking terms are its `blocking_terms` most salient terms
    found in 2 to `max_postings` reports, salient by (1 + log count) * idf,
    the plain TF-IDF weight: the words the report is about, not merely its
    rarest words (those would pair reports by a shared oddity and miss pairs
    that share the story's main vocabulary).
    """
    n = matrix.shape[0]
    usable = (df >= 2) & (df <= max_postings)
    rows, cols = [], []
    for r in range(n):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        c = matrix.indices[start:end]
        v = matrix.data[start:end]
        keep = usable[c]
        c, v = c[keep], v[keep]
        if len(c) > blocking_terms:
            # The matrix holds idf ** power; divide down to plain tf-idf.
            salience = v / idf[c] ** (idf_power - 1.0)
            top = np.lexsort((c, -salience))[:blocking_terms]
            c = c[top]
        rows.extend([r] * len(c))
        cols.extend(c.tolist())
    block = sparse.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=matrix.shape,
    )
    # Postings are short (capped), so this product is sparse.
    shared = sparse.triu(block @ block.T, k=1).tocoo()
    return shared.row.astype(np.int64), shared.col.astype(np.int64)


def report_similarities(
    reports: Sequence[ReportFeatures],
    *,
    name_weight: float = NAME_WEIGHT,
    title_count: int = TITLE_COUNT,
    day_half_life: float | None = DAY_HALF_LIFE,
    blocking_terms: int = BLOCKING_TERMS,
    max_postings: int = MAX_POSTINGS,
    idf_power: float = IDF_POWER,
    background: Background | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs (i, j) of reports, in the given order, and their similarities.

    Similarity is the cosine of the TF-IDF vectors, times 2 ** (-days apart /
    day_half_life) when both dates are known.
    """
    matrix, plain, df, idf = _weight_matrix(reports, name_weight, title_count, idf_power, background)
    i, j = _candidate_pairs(matrix, df, idf, idf_power, blocking_terms, max_postings)
    if len(i) == 0:
        return i, j, np.zeros(0)
    # Sims computed below; a pair without a shared name must be a near copy (see NEAR_COPY).
    named = np.fromiter((bool(reports[a].names & reports[b].names) for a, b in zip(i.tolist(), j.tolist())),
                        bool, len(i))
    sims = _pair_dots(matrix, i, j)
    if day_half_life:
        days = np.array([r.day if r.day is not None else np.nan for r in reports], dtype=float)
        apart = np.abs(days[i] - days[j])
        sims = sims * np.where(np.isnan(apart), 1.0, np.exp2(-np.nan_to_num(apart) / day_half_life))
    unnamed = ~named
    if unnamed.any():
        copies = _pair_dots(plain, i[unnamed], j[unnamed]) >= NEAR_COPY
        keep = named.copy()
        keep[np.flatnonzero(unnamed)[copies]] = True
        sims = np.where(keep, sims, 0.0)
    return i, j, sims


def _pair_dots(matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Row-wise dot products matrix[i[k]] . matrix[j[k]], without the full n x n product.

    In chunks of pairs: a big day has millions of candidate pairs, and
    matrix[i] copies a row per pair (gigabytes at 50,000 reports at once).
    """
    out = np.empty(len(i))
    for start in range(0, len(i), chunk):
        a, b = i[start:start + chunk], j[start:start + chunk]
        out[start:start + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return out


def _average_link(n: int, i: np.ndarray, j: np.ndarray, sims: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering over a sparse similarity graph.

    Missing pairs have similarity 0, so the average similarity of two groups
    is (sum of their pairs' similarities) / (size * size). Merging stops when
    no two groups reach `threshold`: one strong pair cannot pull two groups
    together the way single-link chaining does. Ties go to the pair of
    groups with the lowest ids (ids follow the canonical order). Returns each
    report's group label.
    """
    size = {c: 1 for c in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, s in zip(i.tolist(), j.tolist(), sims.tolist()):
        if s > 0:
            links[a][b] = links[a].get(b, 0.0) + s
            links[b][a] = links[b].get(a, 0.0) + s
    heap = [(-s / 1.0, min(a, b), max(a, b)) for a, nbrs in links.items() for b, s in nbrs.items() if a < b]
    heapq.heapify(heap)
    parent = list(range(n))
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue
        current = links[a].get(b, 0.0) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:
            continue  # stale entry
        if current < threshold:
            break
        c = next_id
        next_id += 1
        parent.append(c)
        parent[a] = parent[b] = c
        size[c] = size.pop(a) + size.pop(b)
        merged: dict[int, float] = {}
        for old in (a, b):
            for other, s in links.pop(old).items():
                if other in (a, b):
                    continue
                merged[other] = merged.get(other, 0.0) + s
                del links[other][old]
        links[c] = merged
        for other in sorted(merged):
            links[other][c] = merged[other]
            heapq.heappush(heap, (-merged[other] / (size[c] * size[other]), min(other, c), max(other, c)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    return [root(x) for x in range(n)]


def group_reports(
    reports: Sequence[ReportFeatures],
    *,
    threshold: float = SAME_STORY,
    name_weight: float = NAME_WEIGHT,
    title_count: int = TITLE_COUNT,
    day_half_life: float | None = DAY_HALF_LIFE,
    blocking_terms: int = BLOCKING_TERMS,
    max_postings: int = MAX_POSTINGS,
    idf_power: float = IDF_POWER,
    min_link: float = MIN_LINK,
    background: Background | None = None,
) -> list[list[int]]:
    """Indexes of `reports` grouped by the story they tell; every report in exactly one group.

    Each group's indexes ascend, and groups are ordered by their first index.
    The partition does not depend on the order of `reports` (ties are broken
    by `ReportFeatures.key`).
    """
    n = len(reports)
    if n == 0:
        return []
    order = _canonical_order(reports)
    canonical = [reports[k] for k in order]
    i, j, sims = report_similarities(
        canonical, name_weight=name_weight, title_count=title_count, day_half_life=day_half_life,
        blocking_terms=blocking_terms, max_postings=max_postings, idf_power=idf_power, background=background,
    )
    keep = sims >= min_link * threshold
    labels = _average_link(n, i[keep], j[keep], sims[keep], threshold)
    groups: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels):
        groups[label].append(order[position])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])

