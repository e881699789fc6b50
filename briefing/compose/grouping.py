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

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Sequence

import numpy as np
from scipy import sparse

from .blocking import blocking_rows, candidate_blocks, index_type, pairs_among
from .clustering import average_link
from .numbered_terms import NumberedTerms
from .pair_products import UnitCounts, pair_dots, stem_rows, top_two_shares
from .weights import Background, weight_matrix

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
# Two reports whose plain term counts have a lower cosine than this tell two
# events, however rare the words they share. On days of 50 unrelated
# news-dev articles, half the reports were put in stories of several; with
# this, 16% (12% with a Background). The price: the DUC topic clusters'
# pairs lose 6% of their links (mixed days' F1 0.857 -> 0.843 with a
# Background; benchmarks/stories.py section 1).
SAME_WORDS = 0.2
# Reports of one event share its names, several of them. A single shared
# name is most often a country, a party, a club, a first name or the agency
# ("EU", "Tories", "Madrid", "Diaz", "CNN"): a pair needs SHARED_NAMES names
# in common, or one and two headline words, or to be a near copy (NEAR_COPY).
SHARED_NAMES = 2
# Two events on one topic meet on one or two heavy words ("wenger"; "wales"
# and "jones"; "sunderland" and "newcastle"), while reports of one event
# share many. A pair whose two heaviest shared terms carry more than
# TOP_TWO_SHARE of its similarity is two stories, unless a near copy or its
# headlines share two words (as for SAME_WORDS). Pairs across languages,
# alike on names alone, keep their own rule (CROSS_NAMES: asking this of
# them too cost the DUC clusters made half another language's up to 0.013
# F1), and so do links across days (`across_days`). No linked pair of the DUC
# clusters' own has more than 0.85 of its similarity in two terms. With both
# rules, on 12 days of 50 unrelated news-dev articles the reports put in
# stories of several fell from 0.162 to 0.120 (0.123 -> 0.085 with a
# Background); every DUC figure of benchmarks/stories.py stayed as it was
# (benchmarks/README.md, "one name or two words").
TOP_TWO_SHARE = 0.8
# Pairs less similar than MIN_LINK * SAME_STORY are dropped (count as 0)
# before clustering: they barely move an average, and on a big day they are
# most of the pairs.
MIN_LINK = 0.25
# Two reports in two languages share no words but names (and numbers): the
# plain counts cannot say that they retell one event (SAME_WORDS). Such a
# pair counts when they share at least CROSS_NAMES names (an English and a
# French report of one earthquake name its town, its province, the agency,
# the minister and the president; two events in one country may share its
# capital and its leader), and its similarity must reach SAME_STORY as any
# pair's. Measured on the DUC clusters with half the reports' words made
# another language's (benchmarks/stories.py, section 1): the pairs across
# languages are found with the precision of same-language ones (0.89-0.96);
# 2, 3 or 4 names, or also asking a share of the names, move it by 0.003.
CROSS_NAMES = 3
# Blocking: a report is compared only with reports sharing one of its
# BLOCKING_TERMS most salient terms (plain TF-IDF, among terms found in two
# to MAX_POSTINGS reports). 20 finds every pair that matters on the dev set.
BLOCKING_TERMS = 20
# A term in more reports than this is most often a topic of the day, not an
# event: it blocks only for those of its reports as like its other holders as
# one story's reports are (SAME_STORY on average), when more than this many
# are (an event hundreds of reports tell; 500,000 pairs at most: see
# blocking.event_rows). It still counts in the similarity.
MAX_POSTINGS = 100
# Candidate pairs (see _similar_pairs) are scored at most this many at a time: each pair takes some
# 90 bytes while its block is scored, and the first blocks of a big day's candidates hold 220,000 pairs.
PAIR_BLOCK = 1 << 15


@dataclass(frozen=True, slots=True)  # (a big day holds one per report: no dictionary each, 100 bytes less)
class ReportFeatures:
    """What grouping needs to know of one report; computed once per article.

    `key` is unique and stable (the seed path): it breaks ties, so groups do
    not depend on the order reports are given in. `terms` are the report's
    most frequent content stems with their counts (100 recommended; 40
    costs about 0.01 F1);
    `names` are the stems among them that the text writes with a capital
    letter inside a sentence (a set, or a tuple of distinct stems: a
    summary's own tuple spares a big day a set per report); `title` the
    content stems of the headline (may be empty); `day` the publication date
    as an ordinal (``date.toordinal()``), or None when unknown.
    """

    key: str
    terms: tuple[tuple[str, int], ...]
    names: Collection[str] = frozenset()
    title: tuple[str, ...] = ()
    day: int | None = None
    # The language its stems are of; None when not known (compared as if it were any report's).
    language: str | None = None


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
    across_days: bool = False,
    earlier: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs (i, j) of reports, in the given order, and their similarities.

    Similarity is the cosine of the TF-IDF vectors, times 2 ** (-days apart /
    day_half_life) when both dates are known. With `across_days`, a pair
    counts with one shared name and a likeness on two words (see
    SHARED_NAMES and TOP_TWO_SHARE): a story is followed across days so.
    With `earlier`, the others are compared with the first `earlier` reports only, on their statistics
    alone (document frequencies, IDF, the terms that block: see weight_matrix's `counted`), each as one more
    report among them: only the pairs of one of them and one of the others are given, and a pair's similarity
    depends on its two reports and the first `earlier`, never on the rest (today's stories against earlier
    ones, see compose/developing.py).
    """
    weights = weight_matrix(reports, name_weight, title_count, idf_power, background, counted=earlier)
    if earlier is not None:
        matrix, plain, df, idf = weights
        # A term blocks in 2 to max_postings reports: the report compared is one of them.
        weights = matrix, plain, df + 1.0, idf
    return _similar_pairs(reports, weights, idf_power=idf_power, blocking_terms=blocking_terms,
                          max_postings=max_postings, day_half_life=day_half_life, across_days=across_days,
                          among=None if earlier is None else np.arange(earlier, len(reports)), split=earlier)


def _similar_pairs(
    reports: Sequence[ReportFeatures], weights: tuple, *, idf_power: float, blocking_terms: int, max_postings: int,
    day_half_life: float | None, among: np.ndarray | None = None, floor: float | None = None, across_days: bool = False,
    blocking: sparse.csr_matrix | None = None, split: int | None = None, likeness: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """report_similarities from the weights of `weight_matrix`; only pairs with an end in `among`, and only
    pairs whose similarity reaches `floor`, if given; with `split` too, only pairs of one of the first
    `split` reports and one of the others (all of `among`). With `likeness`, a term in more than
    `max_postings` reports blocks too, for its holders that are that like the others (blocking.event_rows).

    The pairs are scored a block at a time and those below `floor` let go at once: a big day's candidate
    pairs take 11 MB an array, and scoring them took five such arrays (100 MB in all at 50,000 reports).
    """
    matrix, plain, df, idf = weights
    if blocking is None:
        blocking = blocking_rows(matrix, df, idf, idf_power, blocking_terms, max_postings, likeness)
    if among is None:
        blocks = _in_blocks(candidate_blocks(blocking))
        score = _PairScorer(reports, matrix, plain, day_half_life, across_days=across_days)
    else:  # each pair once, as both its ends may be in `among`; scored only with its ends' names and headlines
        first, second = pairs_among(blocking, among)
        if split is not None:  # (pairs come as i < j)
            across = (first < split) & (second >= split)
            first, second = first[across], second[across]
        blocks = _in_blocks([(first, second)])
        score = _PairScorer(reports, matrix, plain, day_half_life, ends=np.unique(np.concatenate((first, second))),
                            across_days=across_days)
        del first, second
    kind = index_type(len(reports))
    firsts, seconds, similarities = [np.zeros(0, kind)], [np.zeros(0, kind)], [np.zeros(0)]
    for i, j in blocks:
        sims = score(i, j)
        if floor is not None:
            reach = sims >= floor
            i, j, sims = i[reach], j[reach], sims[reach]
        firsts.append(i)
        seconds.append(j)
        similarities.append(sims)
    del blocking, blocks, score
    return _joined(firsts), _joined(seconds), _joined(similarities)


def _in_blocks(found: Iterable[tuple[np.ndarray, np.ndarray]]):
    """The pairs (first[k], second[k]) of each (first, second) found, PAIR_BLOCK at a time."""
    for first, second in found:
        for start in range(0, len(first), PAIR_BLOCK):
            yield first[start:start + PAIR_BLOCK], second[start:start + PAIR_BLOCK]


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The parts as one array; the list emptied, so that joining three lists holds the kept pairs twice at
    most, not three arrays' parts and wholes at once."""
    whole = np.concatenate(parts)
    parts.clear()
    return whole


class _PairScorer:
    """The similarity of pairs of reports (see report_similarities), a block of pairs at a time.

    `ends`, if given, are the only reports the pairs have (ascending): the names and headline words are
    numbered for them alone (a report added to a big day has few pairs).
    """

    def __init__(self, reports: Sequence[ReportFeatures], matrix: sparse.csr_matrix, plain: UnitCounts,
                 day_half_life: float | None, ends: np.ndarray | None = None,
                 across_days: bool = False) -> None:
        self.matrix, self.plain, self.ends, self.across_days = matrix, plain, ends, across_days
        chosen = reports if ends is None else [reports[k] for k in ends.tolist()]
        self.names = stem_rows([report.names for report in chosen])
        self.headlines = stem_rows([tuple(set(report.title)) for report in chosen])
        # Each report's language as a number, -1 where not known; None when the reports have fewer than two.
        known = sorted({r.language for r in reports if r.language is not None})
        self.languages = None
        if len(known) > 1:
            number = {language: k for k, language in enumerate(known)}
            self.languages = np.array([number.get(r.language, -1) for r in reports], np.int32)
        self.day_half_life = day_half_life
        self.days = None
        if day_half_life:
            self.days = np.array([r.day if r.day is not None else np.nan for r in reports], dtype=float)

    def __call__(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        # The rows of names and headlines: the pairs' ends as numbered among `ends`.
        a, b = (i, j) if self.ends is None else (np.searchsorted(self.ends, i), np.searchsorted(self.ends, j))
        # How many names the two have in common (see SHARED_NAMES).
        shared_names = pair_dots(self.names, a, b)
        sims = pair_dots(self.matrix, i, j)
        # How much of the two reports' words are the same words (the cosine of their plain term counts):
        # reports of one event retell it in the same words, while two events on one topic share a few
        # rare words that the cubed IDF weighs heavily ("dutch", "city" paired a robot show with a
        # footballer's contract). Two headlines that share two words or more tell one event too (their
        # words are not among the plain counts).
        overlap = pair_dots(self.plain, i, j)
        apart = overlap < SAME_WORDS
        if apart.any():
            apart[np.flatnonzero(apart)[pair_dots(self.headlines, a[apart], b[apart]) >= 2]] = False
        crossing = np.zeros(0, np.intp)  # the pairs across two languages
        if self.languages is not None:
            # Two languages: the names they share say it, not their words (see CROSS_NAMES).
            ends_i, ends_j = self.languages[i], self.languages[j]
            crossing = np.flatnonzero((ends_i >= 0) & (ends_j >= 0) & (ends_i != ends_j))
            if len(crossing):
                apart[crossing] = pair_dots(self.names, a[crossing], b[crossing]) < CROSS_NAMES
        sims[apart] = 0.0
        if self.days is not None:
            days_apart = np.abs(self.days[i] - self.days[j])
            fading = np.exp2(-np.nan_to_num(days_apart) / self.day_half_life)
            fading[np.isnan(days_apart)] = 1.0
            sims *= fading
        # Not a near copy, and fewer than SHARED_NAMES shared names (one, with two headline words, will do).
        unnamed = (shared_names < (1 if self.across_days else SHARED_NAMES)) & (overlap < NEAR_COPY)
        one = np.flatnonzero(unnamed & (shared_names > 0))
        if len(one):
            unnamed[one[pair_dots(self.headlines, a[one], b[one]) >= 2]] = False
        sims[unnamed] = 0.0
        # A pair alike on two words only tells two events, unless a near copy or its headlines agree; a pair
        # across languages is alike on names alone and has its own rule (see TOP_TWO_SHARE).
        checked = (sims > 0) & (overlap < NEAR_COPY) & (not self.across_days)
        checked[crossing] = False
        alike = np.flatnonzero(checked)
        if len(alike):
            alike = alike[pair_dots(self.headlines, a[alike], b[alike]) < 2]
            sims[alike[top_two_shares(self.matrix, i[alike], j[alike]) > TOP_TWO_SHARE]] = 0.0
        return sims


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
    kept: Sequence[Sequence[int]] = (),
    numbered: Callable[[], NumberedTerms | None] | None = None,
) -> list[list[int]]:
    """Indexes of `reports` grouped by the story they tell; every report in exactly one group.

    Each group's indexes ascend, and groups are ordered by their first index.
    The partition does not depend on the order of `reports` (ties are broken
    by `ReportFeatures.key`).

    `kept` are groups of these reports found before (a day's stories when it
    was last written; disjoint). A kept group that no other report links to
    stays as it is; the reports in no kept group are grouped with the kept
    groups they link to, taken apart again. So a report added to a big day
    costs the stories it can join, not the whole day. (The same reports
    grouped from nothing may differ a little: the new report's words shift
    every weight, and a story it cannot join is not weighed again.)

    `numbered`, called once, gives the terms of reports (by key) as arrays (see weights.weight_matrix): they
    are let go as soon as the weights are made (20 MB of a day of 50,000 reports, the rest of grouping).
    """
    n = len(reports)
    if n == 0:
        return []
    # (An array: as a list, a big day's 50,000 Python ints take 1.8 MB through the whole of grouping.)
    order = np.array(_canonical_order(reports), np.intp)
    canonical = [reports[k] for k in order.tolist()]
    weights = weight_matrix(canonical, name_weight, title_count, idf_power, background,
                            numbered() if numbered is not None else None)
    pairs = functools.partial(_similar_pairs, canonical, weights, idf_power=idf_power, blocking_terms=blocking_terms,
                              max_postings=max_postings, day_half_life=day_half_life, floor=min_link * threshold,
                              likeness=threshold)
    position = np.empty(n, np.intp)
    position[order] = np.arange(n)
    group_of = np.full(n, -1, np.intp)  # canonical position -> its kept group
    for number, group in enumerate(kept):
        group_of[position[np.asarray(group, np.intp)]] = number
    if not kept or (group_of < 0).all():
        region = np.arange(n)
        i, j, sims = pairs()
    else:
        # The blocking terms made once for both passes (two tenths of a second at 10,000 real articles).
        matrix, _, df, idf = weights
        pairs = functools.partial(pairs, blocking=blocking_rows(matrix, df, idf, idf_power, blocking_terms,
                                                                max_postings, threshold))
        del matrix, df, idf
        fresh = np.flatnonzero(group_of < 0)
        i, j, _ = pairs(among=fresh)  # (the pairs that reach the link)
        touched = np.union1d(group_of[i], group_of[j])
        region = np.union1d(fresh, np.flatnonzero(np.isin(group_of, touched[touched >= 0])))
        i, j, sims = pairs(among=region)
        inside = np.isin(i, region) & np.isin(j, region)
        # The region's reports numbered 0..len(region) - 1, in canonical order.
        i, j, sims = np.searchsorted(region, i[inside]), np.searchsorted(region, j[inside]), sims[inside]
    # Clustering takes the most memory of a big day: the term weights let go (the pairs below the link,
    # most pairs, were dropped as they were scored).
    del weights, pairs
    labels = average_link(len(region), i, j, sims, threshold)
    groups: dict[int, list[int]] = defaultdict(list)
    members = order[region].tolist()
    for local, label in enumerate(labels):
        groups[label].append(members[local])
    found = [sorted(g) for g in groups.values()]
    regrouped = set(region.tolist())
    found += [sorted(g) for g in kept if g and position[g[0]] not in regrouped]
    return sorted(found, key=lambda g: g[0])

