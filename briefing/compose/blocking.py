"""Blocking for grouping (see grouping.py): the candidate pairs, reports that share one of their blocking terms.

Comparing every pair of a big day's reports is out of reach (1.25 billion at
50,000 reports); two reports of one story share a salient, not-too-common
term, so only those pairs are scored.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Candidate pairs are found this many reports at a time (see candidate_blocks).
PRODUCT_ROWS = 1024
# A term in more than `max_postings` reports blocks only if the reports holding it are alike (see
# coherent_terms), and in at most this many (two million pairs).
MAX_EVENT_POSTINGS = 2_000
# Entries of reports holding such terms summed at a time to weigh them (a few MB).
COHERENCE_ENTRIES = 200_000


def blocking_rows(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int, coherence: float | None = None,
) -> sparse.csr_matrix:
    """A row per report, True at each of its blocking terms: its `blocking_terms` most salient terms found
    in 2 to `max_postings` reports; and, with `coherence`, each term it holds of those in more reports whose
    reports are as alike as that (see coherent_terms).

    Salient by (1 + log count) * idf, the plain TF-IDF weight: the words the report is about, not merely
    its rarest words (those would pair reports by a shared oddity and miss pairs that share the story's
    main vocabulary).
    """
    rows = _salient_rows(matrix, df, idf, idf_power, blocking_terms, max_postings)
    if coherence is None:
        return rows
    wide = coherent_terms(matrix, df, max_postings, coherence)
    if not len(wide):
        return rows
    # Every report holding one of them blocks on it too: an event told by hundreds of reports a day (a
    # flood, a wire story the whole press runs) has its names and words in more reports than max_postings,
    # and was cut into dozens of stories, most of one report.
    reports, terms = _holding(matrix, wide)
    kind = index_type(max(matrix.shape))
    extra = sparse.csr_matrix((np.ones(len(reports), bool), (reports.astype(kind), wide[terms].astype(kind))),
                              shape=matrix.shape)
    return rows + extra  # (boolean: either)


def coherent_terms(matrix: sparse.csr_matrix, df: np.ndarray, max_postings: int, coherence: float) -> np.ndarray:
    """The terms in more than `max_postings` reports (and at most MAX_EVENT_POSTINGS) whose reports are, on
    average, as alike as `coherence` (the mean of the unit rows' dot products, over the pairs of distinct
    reports holding the term): one event's, not a topic's ("police", "year"), whose reports share little else.

    The sum of a term's p rows has a squared length of the sum of r . s over every (r, s) of them: p for the
    rows with themselves, and the products of the p (p - 1) pairs of two.
    """
    wide = np.flatnonzero((df > max_postings) & (df <= MAX_EVENT_POSTINGS))
    if not len(wide):
        return wide
    reports, terms = _holding(matrix, wide)
    order = np.argsort(terms, kind="stable")
    reports, terms = reports[order], terms[order]
    starts = np.searchsorted(terms, np.arange(len(wide) + 1))
    entries = np.bincount(terms, weights=np.diff(matrix.indptr)[reports], minlength=len(wide))
    kept, first = [], 0
    while first < len(wide):  # a chunk of terms whose reports hold COHERENCE_ENTRIES entries (one term at least)
        last = first + max(1, int(np.searchsorted(np.cumsum(entries[first:]), COHERENCE_ENTRIES, side="right")))
        part = slice(starts[first], starts[last])
        holding = sparse.csr_matrix((np.ones(part.stop - part.start), (terms[part] - first, reports[part])),
                                    shape=(last - first, matrix.shape[0]))
        summed = holding @ matrix
        squared = np.asarray(summed.multiply(summed).sum(axis=1)).ravel()
        held = np.diff(starts[first:last + 1]).astype(float)
        pairs = held > 1
        mean = (squared[pairs] - held[pairs]) / (held[pairs] * (held[pairs] - 1))
        kept.append(wide[first:last][pairs][mean >= coherence])
        first = last
    return np.concatenate(kept)


def _holding(matrix: sparse.csr_matrix, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries of the matrix in `columns` (ascending): each one's report, and its column's place in them."""
    wanted = np.zeros(matrix.shape[1], bool)
    wanted[columns] = True
    holds = wanted[matrix.indices] & (matrix.data != 0)
    reports = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[holds]
    return reports, np.searchsorted(columns, matrix.indices[holds])


def _salient_rows(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int,
) -> sparse.csr_matrix:
    n = matrix.shape[0]
    kind = index_type(max(n, matrix.shape[1]))  # (a big day's million entries in half the memory)
    usable = (df >= 2) & (df <= max_postings)
    keep = usable[matrix.indices]
    rows = np.repeat(np.arange(n, dtype=kind), np.diff(matrix.indptr))[keep]
    cols = matrix.indices[keep].astype(kind)
    # The matrix holds idf ** power; divide down to plain tf-idf.
    salience = matrix.data[keep] / idf[cols] ** (idf_power - 1.0)
    del keep
    order = np.lexsort((cols, -salience, rows))  # each report's terms, most salient first
    del salience
    rows, cols = rows[order], cols[order]
    del order
    top = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left") < blocking_terms
    # Only whether two reports share a term matters: a byte an entry.
    return sparse.csr_matrix((np.ones(int(top.sum()), bool), (rows[top], cols[top])), shape=matrix.shape)


def candidate_blocks(blocking: sparse.csr_matrix, among: np.ndarray | None = None):
    """The pairs (i, j) of reports that share a blocking term, PRODUCT_ROWS reports' pairs at a time: each
    (i < j) once, or with `among`, every pair with an end in `among` from that end (a pair of two of them
    twice, in both orders).

    Postings are short (capped), so the product blocking @ blocking.T is sparse. It is made a few thousand
    rows at a time, each row's pairs as the whole product would give them: the whole of it, and its upper
    triangle, took 70 MB at once on a day of 50,000 reports (1.4 million pairs).
    """
    n = blocking.shape[0]
    ends = blocking.T.tocsr()
    wanted = np.arange(n) if among is None else among
    kind = index_type(n)  # (a big day's pairs in half the memory)
    for start in range(0, len(wanted), PRODUCT_ROWS):
        part = wanted[start:start + PRODUCT_ROWS]
        shared = (blocking[part] @ ends).tocoo()
        a, b = part[shared.row], shared.col
        del shared
        pair = a < b if among is None else a != b
        block = a[pair].astype(kind), b[pair].astype(kind)
        del a, b, pair  # (the product's pairs, in both orders: not held while the block's pairs are scored)
        yield block


def pairs_among(blocking: sparse.csr_matrix, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) of reports that share a blocking term with i or j in `among`, each once."""
    n = blocking.shape[0]
    kind = index_type(n)
    firsts, seconds = [np.zeros(0, kind)], [np.zeros(0, kind)]
    for a, b in candidate_blocks(blocking, among):
        firsts.append(a)
        seconds.append(b)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    del firsts, seconds
    keys = np.unique(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    return (keys // n).astype(kind), (keys % n).astype(kind)


def index_type(n: int) -> type:
    """The integer type for numbers below n: int32 where it will do (half the memory of a big day's pairs)."""
    return np.int32 if n < 2**31 else np.int64
