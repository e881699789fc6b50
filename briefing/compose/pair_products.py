"""Products of pairs of rows of a sparse matrix, a chunk of pairs at a time (see grouping._PairScorer).

A big day has millions of candidate pairs: the full n x n product is out of
reach, and so is a copy of both rows of every pair at once.
"""

from __future__ import annotations

from typing import Collection, Sequence

import numpy as np
from scipy import sparse


def stem_rows(stems: Sequence[Collection[str]]) -> sparse.csr_matrix:
    """A row for each collection of distinct stems (a report's names, its headline's words) with a 1 for
    each: the product of two rows is how many stems they share. (A set intersection per pair took 100 MB
    of Python ints on a day of a million pairs.)"""
    numbers: dict[str, int] = {}
    columns = np.fromiter((numbers.setdefault(stem, len(numbers)) for each in stems for stem in each), np.int32)
    starts = np.concatenate(([0], np.cumsum([len(each) for each in stems], dtype=np.int64)))
    shape = (len(stems), max(len(numbers), 1))
    # A byte a stem (a big day's names and headline words are 660,000: 2 MB less than as floats)...
    rows = sparse.csr_matrix((np.ones(len(columns), np.int8), columns, starts), shape=shape)
    rows.sum_duplicates()
    if len(rows.data) < len(columns):  # ...but a stem given twice counts twice, and its products may pass 127
        columns = np.fromiter((numbers[stem] for each in stems for stem in each), np.int32)  # (sorted in place)
        rows = sparse.csr_matrix((np.ones(len(columns), np.float32), columns, starts), shape=shape)
        rows.sum_duplicates()
    return rows


class UnitCounts:
    """Rows of whole counts read at unit length: row r is counts[r] / divisors[r], computed when read, the
    very floats a matrix of the scaled rows would hold. A count is held as a float32 (exact below 2**24):
    half the memory of the scaled rows (6 MB of a big day's). Read as pair_dots reads a matrix: rows[r]."""

    def __init__(self, counts: sparse.csr_matrix, divisors: np.ndarray) -> None:
        self.counts, self.divisors, self.shape = counts, divisors, counts.shape

    def __getitem__(self, rows: np.ndarray) -> sparse.csr_matrix:
        part = self.counts[rows]
        scaled = part.data.astype(float)
        scaled /= np.repeat(self.divisors[rows], np.diff(part.indptr))
        return sparse.csr_matrix((scaled, part.indices, part.indptr), shape=part.shape)


def pair_dots(matrix: sparse.csr_matrix | UnitCounts, i: np.ndarray, j: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """Row-wise dot products matrix[i[k]] . matrix[j[k]], without the full n x n product.

    In chunks of pairs: a big day has millions of candidate pairs, and
    matrix[i] copies a row per pair (gigabytes at 50,000 reports at once;
    chunks of 50,000 pairs still took 80 MB, the peak of a 10,000-report day;
    of 10,000, 14 MB; of 4,096, 5 MB, the top of a 50,000-report day's
    grouping; of 1,024, 1.3 MB, for a tenth more CPU).
    """
    out = np.empty(len(i))
    for start in range(0, len(i), chunk):
        a, b = i[start:start + chunk], j[start:start + chunk]
        out[start:start + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return out


def top_two_shares(matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """For each pair, the share of the dot product matrix[i[k]] . matrix[j[k]] that its two largest terms
    make (1 where the rows share nothing); in chunks of pairs, as pair_dots."""
    out = np.ones(len(i))
    for start in range(0, len(i), chunk):
        a, b = i[start:start + chunk], j[start:start + chunk]
        products = matrix[a].multiply(matrix[b]).tocsr()
        rows = np.repeat(np.arange(len(a)), np.diff(products.indptr))
        order = np.lexsort((-products.data, rows))  # each pair's products, largest first
        rows, data = rows[order], products.data[order]
        first_two = np.arange(len(rows)) - np.searchsorted(rows, rows) < 2
        top = np.bincount(rows[first_two], weights=data[first_two], minlength=len(a))
        total = np.bincount(rows, weights=data, minlength=len(a))
        np.divide(top, total, out=out[start:start + len(a)], where=total > 0)
    return out
