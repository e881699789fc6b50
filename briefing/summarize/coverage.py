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
    gains = _Gains(a, word_p, pair_p)
    g = gains.now()
    # Word counts and the prior are whole numbers: adding them first changes no sum.
    spans = a.lengths + SUMMARY_PRIOR_WORDS
    ratings = g / spans
    candidates = a.candidates.copy()
    # Chosen at each step, when any is left, among the sentences that are not deferred:
    # what they add is weighed against what is already chosen.
    later = np.zeros(n, bool) if deferred is None else np.asarray(deferred, bool)
    free = ~later
    # The pool of the sentences not deferred, and the leaning sentences whose sentence before is not chosen
    # yet, are kept up to date as sentences are taken, not made again at each step: a step is a few passes
    # over arrays of a few dozen sentences, each pass costing more to start than to run.
    pool = candidates & free
    pool_size = int(pool.sum())
    alone = np.asarray(leaning, bool).copy() if leaning is not None and any(leaning) else None
    order: list[int] = []
    covered = length = 0.0
    for _ in range(min(int(candidates.sum()), GREEDY_STEPS)):
        value = np.where(pool if pool_size else candidates, (covered + g) / (length + spans), -np.inf)
        if alone is not None:
            np.multiply(value, LEANING_FACTOR, out=value, where=alone)
        best = int(value.argmax())  # the first of equals: the earlier sentence
        order.append(best)
        candidates[best] = False
        if pool[best]:
            pool[best] = False
            pool_size -= 1
        if alone is not None and best + 1 < n:
            alone[best + 1] = False  # the sentence before it is chosen
        covered += g[best]
        length += a.lengths[best]
        gains.take(best)
        g = gains.now()
    for rest in (np.flatnonzero(candidates & free), np.flatnonzero(candidates & later)):
        value = g[rest] / spans[rest]
        order.extend(rest[np.argsort(-value, kind="stable")].tolist())
    chosen = set(order)
    order.extend(i for i in range(n) if i not in chosen)  # boilerplate, in document order
    ratings = np.where(a.boilerplate, BOILERPLATE_RATING, ratings)
    return order, ratings.tolist()


class _Gains:
    """What each sentence would add to the summary chosen so far: expected new word matches plus
    PAIR_WEIGHT times expected new pair matches, damped by the sentence's length factor.

    Words and pairs are kept in one set of flat arrays so that a step costs
    one pass of array operations; every element is computed as a separate
    pass over words and pairs would compute it, and each sentence's sum
    adds the same numbers in the same order.
    """

    __slots__ = ("a", "n", "words", "word_sent", "pair_sent", "typ", "count", "base", "last", "ranges", "table",
                 "have")

    def __init__(self, a: "Analysis", word_p: np.ndarray, pair_p: np.ndarray) -> None:
        self.a, self.n = a, a.n
        layout = _layout(a, word_p.shape, pair_p.shape)
        self.words, self.word_sent, self.pair_sent = layout.words, layout.word_sent, layout.pair_sent
        self.typ, self.count, self.base, self.last, self.ranges = (
            layout.typ, layout.count, layout.base, layout.last, layout.ranges)
        self.table = np.concatenate([_cumulative(word_p).ravel(), _cumulative(pair_p).ravel()])
        self.have = np.zeros(len(word_p) + len(pair_p), np.intp)

    def now(self) -> np.ndarray:
        # Each entry's place in its row of the table before and after the sentence: (row start + held) and
        # (row start + held + count), neither past the row's last column.
        start = self.base + self.have[self.typ]
        table, last = self.table, self.last
        added = table[np.minimum(start + self.count, last)] - table[np.minimum(start, last)]
        cut = self.words
        # (bincount of no entries gives whole zeros, whatever the weights)
        g = np.bincount(self.word_sent, weights=added[:cut], minlength=self.n).astype(float, copy=False)
        pairs = np.bincount(self.pair_sent, weights=added[cut:], minlength=self.n)
        g += pairs if PAIR_WEIGHT == 1.0 else PAIR_WEIGHT * pairs
        g *= self.a.factor
        return g

    def take(self, index: int) -> None:
        """Count sentence `index`'s words and pairs as in the summary."""
        word_from, word_to, pair_from, pair_to = self.ranges[index]
        self.have[self.typ[word_from:word_to]] += self.count[word_from:word_to]
        self.have[self.typ[pair_from:pair_to]] += self.count[pair_from:pair_to]


class _Layout:
    """Where an analysis's word and pair entries are in _Gains' flat arrays: the same for every greedy
    run over the analysis (an article's own order, then the order it offers its story)."""

    __slots__ = ("words", "word_sent", "pair_sent", "typ", "count", "base", "last", "ranges")

    def __init__(self, a: "Analysis", word_shape: tuple[int, ...], pair_shape: tuple[int, ...]) -> None:
        self.words = len(a.word_sent)
        self.word_sent, self.pair_sent = a.word_sent, a.pair_sent
        self.typ = np.concatenate([a.word_type, a.pair_type + word_shape[0]])
        self.count = np.concatenate([a.word_count, a.pair_count])
        # Row starts in one flat table of the word rows then the pair rows (_cumulative adds a column to
        # each), and where each row's last column is.
        word_width, pair_width = word_shape[1] + 1, pair_shape[1] + 1
        self.base = np.concatenate([a.word_type * word_width, word_shape[0] * word_width + a.pair_type * pair_width])
        self.last = self.base + np.concatenate([np.full(self.words, word_width - 1),
                                                np.full(len(a.pair_sent), pair_width - 1)])
        # Where each sentence's words and pairs are (entries are sorted by sentence).
        sentences = np.arange(a.n + 1)
        word_at = np.searchsorted(a.word_sent, sentences)
        pair_at = np.searchsorted(a.pair_sent, sentences) + self.words
        self.ranges = list(zip(word_at[:-1].tolist(), word_at[1:].tolist(), pair_at[:-1].tolist(), pair_at[1:].tolist()))


# The layout of the analysis seen last, for the next greedy run over it.
_last_layout: tuple = (None, None, None)


def _layout(a: "Analysis", word_shape: tuple[int, ...], pair_shape: tuple[int, ...]) -> _Layout:
    global _last_layout
    analysis, shapes, layout = _last_layout
    if analysis is not a or shapes != (word_shape, pair_shape):
        layout = _Layout(a, word_shape, pair_shape)
        _last_layout = (a, (word_shape, pair_shape), layout)
    return layout


def _cumulative(p: np.ndarray) -> np.ndarray:
    """table[j, c] = expected matches of type j when a summary holds it c times (c = 0..K)."""
    return np.column_stack([np.zeros(len(p)), np.cumsum(p, axis=1)])
