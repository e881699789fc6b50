"""The term weights grouping compares reports by (see grouping.py): a row of TF-IDF weights for each report.

Every report's terms go through flat arrays, never a Python object each: a
big day has 1.7 million (report, term) entries, 14 MB an array.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Sequence

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from .grouping import Background, ReportFeatures

# Rows scaled to unit length at a time (see _unit_rows).
UNIT_ROWS = 4096


def weight_matrix(
    reports: Sequence[ReportFeatures], name_weight: float, title_count: int, idf_power: float,
    background: Background | None = None,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Unit-length TF-IDF rows, unit-length rows of plain term counts, each term's document frequency, its IDF.

    The plain counts say how much two reports say the same, whatever the
    words (see grouping.NEAR_COPY). IDF counts the given reports plus the
    `background` ones, when given.
    """
    n = len(reports)
    # Every report's terms, then every headline word, flat, each entry keyed by (report, term): a term
    # given twice, or also in the headline, is summed into one. No Python loop per entry beyond the
    # flattening, and each array is let go as soon as it is used: a big day has 1.7 million entries
    # (14 MB an array), and its arrays once took 140 MB at a time.
    first_met: dict[str, int] = {}  # each term numbered as first met, then alphabetically below
    number_of = first_met.setdefault
    said = np.fromiter(itertools.chain(
        (number_of(term, len(first_met)) for report in reports for term, _ in report.terms),
        (number_of(term, len(first_met)) for report in reports for term in report.title)), np.int32)
    names = np.fromiter((first_met.get(name, -1) for report in reports for name in report.names), np.int64)
    alphabetical = sorted(first_met)
    width = max(len(alphabetical), 1)
    place = np.empty(len(alphabetical), np.int64)  # first met -> alphabetical
    place[np.fromiter(map(first_met.__getitem__, alphabetical), np.int64, len(alphabetical))] = np.arange(
        len(alphabetical))
    del first_met, number_of  # (a big day's 70,000 terms: 5 MB)
    every = np.arange(n, dtype=np.int64) * width
    counted = sum(len(r.terms) for r in reports)
    keys = np.empty(len(said), np.int64)
    keys[:counted] = np.repeat(every, [len(r.terms) for r in reports])
    keys[counted:] = np.repeat(every, [len(r.title) for r in reports])
    keys += place[said]
    del said
    counts = np.zeros(len(keys))  # the terms' counts, then nothing for the headline's words
    counts[:counted] = np.fromiter((count for report in reports for _, count in report.terms), float, counted)
    order = np.argsort(keys, kind="stable")  # by report, then term; each entry's parts in the order given
    keys = keys[order]
    counts = counts[order]
    titled = order >= counted
    del order
    fresh = np.ones(len(keys), bool)  # where each (report, term) begins
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    starts = np.flatnonzero(fresh)
    del fresh
    entries = keys[starts]
    del keys
    termed = names >= 0  # a name among no report's terms boosts nothing
    named = np.repeat(every, [len(r.names) for r in reports])[termed] + place[names[termed]]
    del names, termed, place
    boosted = np.zeros(0, np.int64)  # where a report has one of its names as a term
    if len(entries):
        at = np.minimum(np.searchsorted(entries, named), len(entries) - 1)
        boosted = np.unique(at[entries[at] == named])
    del named
    # Each report's entries are together and in order: its count of them is all the rows need.
    lengths = np.bincount(entries // width, minlength=n)
    cols_a = (entries % width).astype(np.int32)
    del entries
    plain = np.add.reduceat(counts, starts)
    counts[titled] = title_count  # a headline word counts as title_count more occurrences
    tfs = np.add.reduceat(counts, starts)
    del counts, titled, starts
    # Columns numbered as each term is first met, report by report and alphabetically within one: the
    # order ties between blocking terms are broken in, and each row's products are summed in.
    met = np.argsort(np.unique(cols_a, return_index=True)[1], kind="stable")
    number = np.empty(width, np.int32)
    number[met] = np.arange(len(met))
    cols_a = number[cols_a]
    shape = (n, width)
    df = np.bincount(cols_a, minlength=len(alphabetical)).astype(float)
    total, df_all = n, df
    if background is not None and background.reports > 0:
        total = n + background.reports
        df_all = df + np.fromiter((background.df.get(alphabetical[k], 0) for k in met), float, len(met))
    # Smoothed IDF: a word in every report still weighs something, so two
    # reports alone on a day can still be found to match.
    idf = np.log((total + 1) / (df_all + 1)) + 1.0
    # (1 + log tf) * idf ** idf_power * (1 + name_weight for a name), in place, in that order.
    values = np.log(tfs)
    del tfs
    values += 1.0
    scale = idf[cols_a]
    scale **= idf_power
    values *= scale
    del scale
    values[boosted] *= 1.0 + name_weight
    matrix = _unit_rows(values, lengths, cols_a.copy(), shape)
    del values
    return matrix, _unit_rows(plain, lengths, cols_a, shape), df, idf


def _unit_rows(values: np.ndarray, lengths: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """Each row scaled to unit length: row r is the next lengths[r] of `values` and `cols` (both become the
    matrix's own; `values` scaled in place). No (row, column) is given twice."""
    starts = np.concatenate(([0], np.cumsum(lengths)))
    # A few thousand rows at a time: each entry's row number, and the squares, for the whole of a big day
    # took 25 MB at once. (Each row's squares are summed in the same order either way.)
    for first in range(0, shape[0], UNIT_ROWS):
        last = min(first + UNIT_ROWS, shape[0])
        part = slice(starts[first], starts[last])
        rows = np.repeat(np.arange(last - first), lengths[first:last])
        norms = np.sqrt(np.bincount(rows, weights=values[part] ** 2, minlength=last - first))
        values[part] /= np.where(norms > 0, norms, 1.0)[rows]
    # Built as CSR straight away: the (row, column) form scipy converts from takes three times the memory.
    matrix = sparse.csr_matrix((values, cols, starts), shape=shape)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix
