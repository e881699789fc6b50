"""One summary across a story's reports: sentences chosen for coverage, without repeats.

The candidates are the sentences each report kept when it was summarised
(its top-K by the single-document ranker). Default: Lin and Bilmes' (2011)
submodular coverage + diversity, chosen greedily; or `method="ilp"`: the
concept ILP of concepts.py. Repeats earn nothing either way, and
near-duplicates are never both chosen. Chosen sentences come back in
reading order (report date, then report, then position), each naming its
report, so a reader can check every fact. Key points come from across the
reports and never repeat the summary.

Nothing here knows a language; every result is deterministic and
independent of the order of the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

from ..facts import HEAD_SHARED, LEAST_HEAD_STEMS, Told, fact_head, same_fact
from .concepts import ILP_SECONDS, concept_weights, greedy_concepts, solve_ilp

# How each constant was chosen is in REPORT.md.

# Sentences shorter than this say too little to stand in a summary (and are
# often datelines, bylines or fragments); longer ones eat the budget.
MIN_SENTENCE_WORDS = 8
MAX_SENTENCE_WORDS = 50
# Two sentences this similar (TF-IDF cosine) say the same thing: never both.
NEAR_DUPLICATE = 0.7
# Submodular selection (Lin & Bilmes 2011). DIVERSITY, COST_SCALE and
# CLUSTER_SHARE are the values Lin & Bilmes used on DUC (lambda = 6, r = 0.3,
# K = 0.2 N), unchanged; SATURATION (their alpha = a / N) was set on the dev
# clusters: a = 5, 10, 20 gave ROUGE-1 37.0, 38.1, 36.9.
# A candidate counts as covered once the chosen sentences give it
# SATURATION / N of its total similarity to the N candidates.
SATURATION = 10.0
# Weight of the diversity reward (sqrt of the centrality drawn from each cluster of sentences).
DIVERSITY = 6.0
# Gains are divided by words ** COST_SCALE: long sentences are not punished in full.
COST_SCALE = 0.3
# Clusters for the diversity reward: this share of the candidate count.
CLUSTER_SHARE = 0.2
# Concept ILP (Gillick & Favre 2009): a bigram counts as a concept of the
# story when at least this share of its reports use it (and at least 2).
CONCEPT_REPORT_SHARE = 0.25
# Key points: short, and new against the summary.
KEY_POINT_MAX_WORDS = 30
KEY_POINT_OVERLAP = 0.5


@dataclass(frozen=True)
class CandidateSentence:
    """One sentence a report offers to its story's summary.

    `report` is the index of its report (any integer the caller maps back to
    the article; reports are read in the order of (`day`, `report`));
    `position` its index in the report; `words` its length in words as the
    budget counts them (whitespace-separated); `stems` its content stems in
    order (stop words removed, stemmed by the report's language); `day` the
    report's date as an ordinal, for reading order; `rank` (optional) its
    rank in the single-document ranker (1 = best): the caller picks the
    story's `opening` by it, and it decides when nothing is shared and one
    sentence must be picked, and between key points; `makes_point` whether it makes a
    key point that stands alone (a question or a cut quotation does not).
    """

    report: int
    position: int
    words: int
    stems: tuple[str, ...]
    day: int | None = None
    rank: int | None = None
    makes_point: bool = True
    leans: bool = False  # it opens with a pronoun that refers to the sentence before it


@dataclass(frozen=True)
class Budget:
    """How long a story summary may be: a word budget, a sentence count, or both (the tighter wins)."""

    words: int | None = 100
    sentences: int | None = None

    @classmethod
    def from_ratio(cls, ratio: float, report_words: Iterable[int]) -> "Budget":
        """A share of the story's median report length, in words."""
        lengths = sorted(report_words)
        median = lengths[len(lengths) // 2] if lengths else 0
        return cls(words=max(1, round(ratio * median)))


def _reading_key(c: CandidateSentence) -> tuple:
    return (c.day if c.day is not None else 0, c.report, c.position)


def _in_reading_order(candidates: Sequence[CandidateSentence]) -> list[int]:
    # Also the canonical order: every computation runs in it, so the result
    # does not depend on the order candidates are given in.
    return sorted(range(len(candidates)), key=lambda k: (_reading_key(candidates[k]), candidates[k].stems))


def _sentence_similarity(stem_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine similarity of the sentences' TF-IDF vectors (IDF over these sentences), n x n."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for r, stems in enumerate(stem_lists):
        for s in stems:
            rows.append(r)
            cols.append(vocabulary.setdefault(s, len(vocabulary)))
    n, v = len(stem_lists), max(1, len(vocabulary))
    # Sparse: a story's sentences use a few thousand distinct stems, each a few.
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))), shape=(n, v))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=v)
    # IDF as log(1 + (n + 1) / (df + 1)): positive even for a stem in every sentence.
    counts.data = (1.0 + np.log(counts.data)) * np.log((n + 1) / (df[counts.indices] + 1) + 1.0)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    x = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ counts
    return (x @ x.T).toarray()


def _same_facts(stem_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """n x n, symmetric: whether one of the two sentences tells the other's fact again (`facts.same_fact`)."""
    n = len(stem_lists)
    vocabulary: dict[str, int] = {}
    heads = [[vocabulary.setdefault(s, len(vocabulary)) for s in fact_head(stems)] for stems in stem_lists]
    alls = [sorted({vocabulary.setdefault(s, len(vocabulary)) for s in stems}) for stems in stem_lists]
    v = max(1, len(vocabulary))

    def rows(lists: list[list[int]]) -> sparse.csr_matrix:
        starts = np.concatenate(([0], np.cumsum([len(each) for each in lists], dtype=np.int64)))
        columns = np.fromiter((c for each in lists for c in each), np.int64, int(starts[-1]))
        return sparse.csr_matrix((np.ones(len(columns)), columns, starts), shape=(n, v))

    found = (rows(heads) @ rows(alls).T).toarray()  # [i, j]: how many of i's head stems j holds
    sizes = np.array([len(head) for head in heads], dtype=float)
    repeats = (sizes[:, None] >= LEAST_HEAD_STEMS) & (found >= HEAD_SHARED * sizes[:, None])
    return repeats | repeats.T


def _kmeans_labels(similarity: np.ndarray, k: int, iterations: int = 20) -> np.ndarray:
    """Deterministic spherical k-means of unit vectors known only by their cosine matrix.

    Starts from the farthest-point centres (first: sentence 0); a centre is
    the normalised sum of its members, so a sentence's cosine to it is
    similarity[:, members].sum(1) / sqrt(similarity[members][:, members].sum()).
    """
    n = similarity.shape[0]
    k = max(1, min(k, n))
    centres = [0]
    distance = 1.0 - similarity[0]
    for _ in range(1, k):
        farthest = int(np.argmax(distance))
        centres.append(farthest)
        distance = np.minimum(distance, 1.0 - similarity[farthest])
    labels = np.argmax(similarity[:, centres], axis=1)
    for _ in range(iterations):
        member = np.zeros((n, k))
        member[np.arange(n), labels] = 1.0
        sums = similarity @ member  # n x k: each sentence's summed cosine to each cluster
        norms = np.sqrt(np.maximum((member * sums).sum(axis=0), 1e-12))
        new = np.argmax(sums / norms, axis=1)
        if (new == labels).all():
            break
        labels = new
    return labels


def _submodular(similarity, lengths, selectable, duplicate, word_limit, sentence_limit, opening=None):
    """Lin & Bilmes (2011): greedy on coverage + diversity, gains scaled by cost.

    Coverage L(S) = sum_i min(sum_{j in S} w_ij, alpha * sum_j w_ij): every
    candidate sentence wants to be represented in the summary, but only up
    to a saturation point, so a second sentence on content already covered
    earns little. Diversity R(S) = sum_k sqrt(sum_{j in S, cluster k} r_j)
    rewards centrality drawn from different clusters of sentences. Both are
    monotone submodular, so greedy selection is near-optimal (Lin & Bilmes
    prove a constant factor for this budgeted rule). An `opening` row, if
    selectable, is chosen first.
    """
    n = similarity.shape[0]
    alpha = SATURATION / n
    cap = alpha * similarity.sum(axis=1)
    reward = similarity.mean(axis=1)
    labels = _kmeans_labels(similarity, max(1, round(CLUSTER_SHARE * n)))
    per_cluster = np.zeros(labels.max() + 1)
    covered = np.zeros(n)
    lengths = np.asarray(lengths, float)
    left = np.asarray(selectable, bool).copy()
    chosen: list[int] = []
    used = 0.0
    value = 0.0
    first = opening if opening is not None and left[opening] and (word_limit is None or lengths[opening] <= word_limit) \
        else None
    while left.any() and (sentence_limit is None or len(chosen) < sentence_limit):
        if first is not None:
            best, first = first, None
        else:
            fits = left if word_limit is None else left & (lengths + used <= word_limit)
            options = np.flatnonzero(fits)
            if len(options) == 0:
                break
            coverage = np.minimum(covered[:, None] + similarity[:, options], cap[:, None]).sum(axis=0)
            base = np.sqrt(per_cluster).sum()
            own = per_cluster[labels[options]]
            diversity = base - np.sqrt(own) + np.sqrt(own + reward[options])
            gains = coverage + DIVERSITY * diversity - value
            ratio = gains / lengths[options] ** COST_SCALE
            pick = int(np.argmax(ratio))  # the first of equals: the earliest in reading order
            if gains[pick] <= 1e-12:
                break
            best = int(options[pick])
        chosen.append(best)
        covered += similarity[:, best]
        per_cluster[labels[best]] += reward[best]
        used += lengths[best]
        value = np.minimum(covered, cap).sum() + DIVERSITY * np.sqrt(per_cluster).sum()
        left[best] = False
        left &= ~duplicate[best]
    return chosen


def summarize_story(
    candidates: Sequence[CandidateSentence],
    budget: Budget = Budget(),
    *,
    method: str = "submodular",
    seconds: float = ILP_SECONDS,
    opening: int | None = None,
) -> list[int]:
    """Indexes of `candidates` forming the story's summary, in reading order.

    `method` "submodular" (default): Lin & Bilmes' coverage + diversity,
    greedy. "ilp": Gillick & Favre's concept coverage: the sentences whose
    bigrams, each weighted by how many reports use it, weigh most within the
    budget; solved exactly by HiGHS within `seconds`, else greedily.

    `opening` (an index of `candidates`), if it may be chosen, is chosen
    first by "submodular": the sentence that says what happened.

    Either way: a concept or a sentence's content counts once, so repeats
    earn nothing; exact repeats are offered once and two sentences more
    similar than NEAR_DUPLICATE are never both chosen; sentences of
    MIN_SENTENCE_WORDS..MAX_SENTENCE_WORDS words are preferred (others only
    if nothing else is left). The summary is never empty while any
    candidate fits the budget. Deterministic, and independent of the order
    of `candidates`.
    """
    if method not in ("submodular", "ilp"):
        raise ValueError(f"unknown method {method!r}: use 'submodular' or 'ilp'")
    if not candidates:
        return []
    order = _in_reading_order(candidates)
    seen: set[tuple[str, ...]] = set()
    unique = []
    for k in order:
        if candidates[k].stems not in seen or not candidates[k].stems:
            seen.add(candidates[k].stems)
            unique.append(k)
    fitting = [k for k in unique if budget.words is None or candidates[k].words <= budget.words]
    eligible = [k for k in fitting if MIN_SENTENCE_WORDS <= candidates[k].words <= MAX_SENTENCE_WORDS] or fitting
    # A sentence that leans on the one before it ("That has driven emissions down.") reads as a riddle
    # among other reports' sentences: chosen only when nothing else may be.
    eligible = [k for k in eligible if not candidates[k].leans] or eligible
    if not eligible or budget.sentences == 0:
        return []
    position = {k: p for p, k in enumerate(order)}
    similarity = _sentence_similarity([candidates[k].stems for k in order])
    same_fact = _same_facts([candidates[k].stems for k in order])
    lengths = [max(1, candidates[k].words) for k in order]

    chosen: list[int] = []
    if method == "submodular":
        rows = [position[k] for k in eligible]
        selectable = np.zeros(len(order), bool)
        selectable[rows] = True
        duplicate = (similarity >= NEAR_DUPLICATE) | same_fact
        np.fill_diagonal(duplicate, False)
        first = position[opening] if opening is not None and opening in eligible else None
        picked = _submodular(similarity, lengths, selectable, duplicate, budget.words, budget.sentences, first)
        chosen = [order[p] for p in picked]
    else:
        concepts_of, weights = concept_weights(candidates, order, CONCEPT_REPORT_SHARE)
        useful = [k for k in eligible if concepts_of[k] & weights.keys()]
        if useful:
            rows = [position[k] for k in useful]
            sub_concepts = [concepts_of[k] & weights.keys() for k in useful]
            sub_lengths = [lengths[r] for r in rows]
            duplicate = (similarity >= NEAR_DUPLICATE)[np.ix_(rows, rows)] | same_fact[np.ix_(rows, rows)]
            np.fill_diagonal(duplicate, False)
            pairs = [(a, b) for a, b in zip(*np.nonzero(np.triu(duplicate, 1)))]
            picked = solve_ilp(sub_lengths, sub_concepts, weights, pairs, budget.words, budget.sentences, seconds)
            if picked is None:
                picked = greedy_concepts(sub_lengths, sub_concepts, weights, duplicate, budget.words, budget.sentences)
            chosen = [useful[p] for p in picked]
    if not chosen:
        # Nothing shared: the best-ranked sentence that fits.
        chosen = [min(eligible, key=lambda k: (candidates[k].rank or 10**9, position[k]))]
    return sorted(chosen, key=position.__getitem__)


def story_key_points(
    candidates: Sequence[CandidateSentence],
    summary: Sequence[int],
    limit: int = 3,
    *,
    max_words: int = KEY_POINT_MAX_WORDS,
    overlap: float = KEY_POINT_OVERLAP,
) -> list[int]:
    """Up to `limit` indexes of short candidates, best first, that add to the summary.

    Each point is the short sentence (4..`max_words` words) that makes a
    point (`makes_point`) and whose story concepts (bigrams used by two or
    more reports) not yet covered by the summary or earlier points weigh
    most; when no sentence adds any, the
    best-ranked (`rank`) sentence, then the earliest in reading order. A
    sentence sharing more than `overlap` of its content stems with the
    summary or an earlier point, or telling its fact again (`same_fact`),
    repeats it and is passed over. Trimming the
    text to a clause is the caller's business.
    """
    order = _in_reading_order(candidates)
    concepts_of, weights = concept_weights(candidates, order, 0.0)
    chosen = set(summary)
    covered = set().union(*(concepts_of[k] for k in summary)) if summary else set()
    told = [Told.of(candidates[k].stems) for k in summary]  # the summary's sentences and the points taken
    seen = {candidates[k].stems for k in summary}
    pool = [k for k in order if k not in chosen and candidates[k].makes_point
            and 4 <= candidates[k].words <= max_words and candidates[k].stems]
    facts = {k: Told.of(candidates[k].stems) for k in pool}  # (each compared again at every round)
    points: list[int] = []
    while len(points) < limit:
        best, best_key = None, None
        for place, k in enumerate(pool):
            stems = facts[k].stems
            if candidates[k].stems in seen or any(
                len(stems & other.stems) > overlap * min(len(stems), len(other.stems)) or same_fact(facts[k], other)
                for other in told
            ):
                continue
            gain = sum(weights.get(c, 0) for c in concepts_of[k] - covered)
            # Most new story concepts first; then the report's own ranking.
            key = (-gain, candidates[k].rank or 10**9, place)
            if best_key is None or key < best_key:
                best, best_key = k, key
        if best is None:
            break
        points.append(best)
        covered |= concepts_of[best]
        told.append(facts[best])
        seen.add(candidates[best].stems)
        pool.remove(best)
    return points
