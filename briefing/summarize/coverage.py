"""NewsRank's greedy choice: the sentences that cover the most expected summary words per word of summary.

    value(S) = (expected words covered by S + PAIR_WEIGHT * expected word pairs covered by S)
               / (words in S + SUMMARY_PRIOR_WORDS)

Each step adds the sentence that raises the value most (see newsrank.py for
where the expectations come from). A word already covered earns only what a
further use is worth, so repeats need no penalty of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from .newsrank import Analysis

# Rating of a boilerplate sentence: below any real rating, but finite so that
# callers can sort, print and serialise ratings without special cases.
BOILERPLATE_RATING = -1.0e9

# How each constant was chosen: benchmarks/README.md (How NewsRank 2 was made).
# The length of the summary a reader is assumed to want, in words, in the
# denominator of the value: the larger, the more a long sentence with many
# likely words is worth against a short one. Chosen by 2-fold cross-validation
# on 2,000 CNN/DM articles (grid 20, 30, 40, 50, 60; flat between 30 and 40).
SUMMARY_PRIOR_WORDS = 35.0
# Weight of an expected word pair against an expected word (ROUGE-2 against ROUGE-1).
PAIR_WEIGHT = 1.0
# A sentence opening with a pronoun ("He shakes his head.") says little to a
# reader without the sentence before it: while that one is not chosen, its
# summary value is weighed by this factor. Deferring such sentences outright
# cost ROUGE; so did choosing the sentence before instead. Factors from 0.6
# to 0.95 were measured: from 0.85 down none is left without the sentence
# before it on the dev pages, and ROUGE moves within the noise (cnndm-dev
# 2-fold CV up 0.04 R-1, the cased dev sets down 0.06, both not significant).
LEANING_FACTOR = 0.8
# The greedy choice runs for this many sentences; the rest follow by their
# value alone (only a long summary of a long article reaches that far).
GREEDY_STEPS = 10


def greedy_order(
    a: "Analysis", word_p: np.ndarray, pair_p: np.ndarray, deferred: Sequence[bool] | None = None,
    leaning: Sequence[bool] | None = None,
) -> tuple[list[int], list[float]]:
    """Greedy choice by summary value, deferred sentences last, a leaning one weighed by LEANING_FACTOR
    while the sentence before it is not chosen; the rating of each sentence is its value alone."""
    n = a.n
    word_gain = _cumulative(word_p)
    pair_gain = _cumulative(pair_p)
    have_w = np.zeros(len(word_p), int)
    have_p = np.zeros(len(pair_p), int)

    def gains() -> np.ndarray:
        g = _marginal(a.word_sent, a.word_type, a.word_count, have_w, word_gain, n)
        g += PAIR_WEIGHT * _marginal(a.pair_sent, a.pair_type, a.pair_count, have_p, pair_gain, n)
        return g * a.factor

    g = gains()
    ratings = g / (a.lengths + SUMMARY_PRIOR_WORDS)
    candidates = a.candidates.copy()
    # Chosen at each step, when any is left, among the sentences that are not deferred:
    # what they add is weighed against what is already chosen.
    later = np.zeros(n, bool) if deferred is None else np.asarray(deferred, bool)
    lean = np.zeros(n, bool) if leaning is None else np.asarray(leaning, bool)
    taken = np.zeros(n, bool)
    order: list[int] = []
    covered = length = 0.0
    for _ in range(min(int(candidates.sum()), GREEDY_STEPS)):
        pool = candidates & ~later if (candidates & ~later).any() else candidates
        value = np.where(pool, (covered + g) / (length + a.lengths + SUMMARY_PRIOR_WORDS), -np.inf)
        if lean.any():
            alone = lean.copy()
            alone[1:] &= ~taken[:-1]
            value = np.where(alone, value * LEANING_FACTOR, value)
        best = int(np.argmax(value))  # the first of equals: the earlier sentence
        order.append(best)
        taken[best] = True
        candidates[best] = False
        covered += g[best]
        length += a.lengths[best]
        _take(a.word_sent, a.word_type, a.word_count, best, have_w)
        _take(a.pair_sent, a.pair_type, a.pair_count, best, have_p)
        g = gains()
    for rest in (np.flatnonzero(candidates & ~later), np.flatnonzero(candidates & later)):
        value = g[rest] / (a.lengths[rest] + SUMMARY_PRIOR_WORDS)
        order.extend(int(i) for i in rest[np.argsort(-value, kind="stable")])
    chosen = set(order)
    order.extend(i for i in range(n) if i not in chosen)  # boilerplate, in document order
    ratings = np.where(a.boilerplate, BOILERPLATE_RATING, ratings)
    return order, ratings.tolist()


def _cumulative(p: np.ndarray) -> np.ndarray:
    """table[j, c] = expected matches of type j when a summary holds it c times (c = 0..K)."""
    return np.column_stack([np.zeros(len(p)), np.cumsum(p, axis=1)])


def _marginal(sent, typ, count, have, table, n) -> np.ndarray:
    """Expected new matches each sentence would add, given the counts ``have`` already in the summary."""
    if len(sent) == 0:
        return np.zeros(n)
    top = table.shape[1] - 1
    held = have[typ]
    before = np.minimum(held, top)
    after = np.minimum(held + count, top)
    return np.bincount(sent, weights=table[typ, after] - table[typ, before], minlength=n)


def _take(sent, typ, count, index, have) -> None:
    lo, hi = np.searchsorted(sent, [index, index + 1])
    have[typ[lo:hi]] += count[lo:hi]
