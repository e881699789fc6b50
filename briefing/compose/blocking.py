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


def blocking_rows(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int,
) -> sparse.csr_matrix:
    """A row per report, True at each of its blocking terms: its `blocking_terms` most salient terms found
    in 2 to `max_postings` reports.

    Salient by (1 + log count) * idf, the plain TF-IDF weight: the words the report is about, not merely
    its rarest words (those would pair reports by a shared oddity and miss pairs that share the story's
    main vocabulary).
    """
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
