"""The term weights grouping compares reports by (see grouping.py): a row of TF-IDF weights for each report.

Every report's terms go through flat arrays, never a Python object each: a
big day has 1.7 million (report, term) entries, 14 MB an array.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping, NamedTuple, Sequence

import numpy as np
from scipy import sparse

from .numbered_terms import NumberedTerms, ranges
from .pair_products import UnitCounts

if TYPE_CHECKING:
    from .grouping import ReportFeatures

_flat = itertools.chain.from_iterable
_first, _second = operator.itemgetter(0), operator.itemgetter(1)

# Reports whose entries are summed at a time (see weight_matrix).
REPORTS_AT_A_TIME = 1024
# Entries renumbered and weighed at a time (a big day's whole is 14 MB an array of them).
ENTRIES_AT_A_TIME = 1 << 18

# Rows scaled to unit length at a time (see _unit_rows).
UNIT_ROWS = 4096


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


def weight_matrix(
    reports: Sequence[ReportFeatures], name_weight: float, title_count: int, idf_power: float,
    background: Background | None = None, numbered: NumberedTerms | None = None, counted: int | None = None,
) -> tuple[sparse.csr_matrix, UnitCounts, np.ndarray, np.ndarray]:
    """Unit-length TF-IDF rows, unit-length rows of plain term counts, each term's document frequency, its IDF.

    The plain counts say how much two reports say the same, whatever the
    words (see grouping.NEAR_COPY); their rows hold the TF-IDF rows' columns,
    a 0 where a headline word is not among the terms, and are read at unit
    length (UnitCounts). IDF counts the given reports plus the `background`
    ones, when given. The terms of the reports `numbered` holds are read from its arrays (the same terms).

    With `counted`, only the first `counted` reports are counted (document frequencies, IDF) and number the
    columns; the terms of the others alone come after theirs, alphabetically: each of the others is then
    weighed as it would be beside them alone, whatever else is given (see compose/developing.py).
    """
    n = len(reports)
    terms = _Terms(reports, numbered)
    alphabetical = sorted(terms.words | set(_flat(r.title for r in reports)))
    width = max(len(alphabetical), 1)
    # Each report's entries, one per distinct (report, term), reports in order and terms alphabetically
    # within one, summed REPORTS_AT_A_TIME reports at a time: the whole of a big day's 1.7 million entries
    # sorted at once took 60 MB above what the matrices keep (benchmarks/README.md).
    room = sum(len(r.terms) + len(r.title) for r in reports)
    cols = np.empty(room, np.int32)  # the term's alphabetical number, then the column it is given
    plain = np.empty(room, np.float32)  # (whole counts: exact, in half the memory of float64)
    heads = np.empty(room, np.uint8)  # how often the term is in the headline (a byte, not a float tf: 12 MB)
    named = np.zeros(room, bool)
    lengths = np.zeros(n, np.int64)
    filled = 0
    number = dict(zip(alphabetical, range(len(alphabetical))))
    terms.number_by(number)
    for first in range(0, n, REPORTS_AT_A_TIME):
        part = reports[first:first + REPORTS_AT_A_TIME]
        found = _summed_entries(part, terms.entries(part, first), number, width)
        size = len(found.cols)
        cols[filled:filled + size] = found.cols
        if not (found.plain.astype(plain.dtype) == found.plain).all():  # (a count of 2**24 or more)
            plain = plain.astype(float)
        plain[filled:filled + size] = found.plain
        if found.heads.max(initial=0) > np.iinfo(heads.dtype).max:  # (a headline of one word said 256 times)
            heads = heads.astype(np.int64)
        heads[filled:filled + size] = found.heads
        named[filled:filled + size] = found.named
        lengths[first:first + len(part)] = found.lengths
        filled += size
    del number
    for array in (cols, plain, heads, named):
        array.resize(filled, refcheck=False)  # what was left for terms given twice, given back (none sees it)
    del array  # (or the last, `named`, outlives its `del`)
    # Columns numbered as each term is first met, report by report and alphabetically within one: the
    # order ties between blocking terms are broken in, and each row's products are summed in.
    # (Each term's first place found in one pass, not by sorting the entries: a sixth of weighing.)
    within = filled if counted is None else int(lengths[:counted].sum())  # the entries counted
    first_place = np.full(width, filled, np.int64)  # where each term is first met (every one is met)
    for part in _slices(within):
        np.minimum.at(first_place, cols[part], np.arange(part.start, part.stop))
    met = np.empty(width, np.int64)
    met[np.argsort(first_place, kind="stable")] = np.arange(width)
    del first_place
    for part in _slices(filled):
        cols[part] = met[cols[part]]
    by_column = np.empty(width, np.int64)  # column -> alphabetical
    by_column[met] = np.arange(width)
    del met
    shape = (n, width)
    # Counted a slice at a time: bincount widens the whole of a big day's int32 columns to 64 bits (12 MB).
    counts = np.zeros(len(alphabetical), np.int64)
    for part in _slices(within):
        counts += np.bincount(cols[part], minlength=len(alphabetical))
    df = counts.astype(float)
    del counts
    total, df_all = (n if counted is None else counted), df
    if background is not None and background.reports > 0:
        total += background.reports
        df_all = df + np.fromiter((background.df.get(alphabetical[k], 0) for k in by_column[:len(alphabetical)]),
                                  float, len(alphabetical))
    # Smoothed IDF: a word in every report still weighs something, so two
    # reports alone on a day can still be found to match.
    idf = np.log((total + 1) / (df_all + 1)) + 1.0
    del alphabetical, by_column, df_all
    # (1 + log tf) * idf ** idf_power * (1 + name_weight for a name), in place, in that order. A headline
    # word counts as title_count more occurrences: counts are whole numbers, so tf is the same sum in any order.
    values = np.empty(filled)
    void = None  # entries counted 0 times or fewer: only in a damaged record
    for part in _slices(filled):
        tfs = heads[part] * float(title_count)
        tfs += plain[part]
        if (bad := tfs <= 0).any():
            # Their log is none (numpy's warnings on the terminal, and a NaN in every likeness with the report):
            # they weigh nothing, and the report's other terms weigh as they would.
            void = np.zeros(filled, bool) if void is None else void
            void[part] = bad
            tfs[bad] = 1.0
        np.log(tfs, out=values[part])
        del tfs, bad  # (a slice's temporaries are not held after the loop: 2 MB each)
    del heads
    values += 1.0
    for part in _slices(filled):
        scale = idf[cols[part]]
        scale **= idf_power
        values[part] *= scale
        del scale
    values[named] *= 1.0 + name_weight
    del named
    if void is not None:
        values[void] = 0.0
        plain[void] = 0
    del void
    matrix, plain = _unit_rows(values, plain, lengths, cols, shape)
    del values
    if not matrix.data.all():  # (a weight of 0: only with a name_weight of -1)
        matrix = matrix.copy()  # (its own columns: the plain counts keep theirs)
        matrix.eliminate_zeros()
    return matrix, plain, df, idf


class _Terms:
    """The reports' terms, each report's read from the arrays of `numbered` when it holds them (see
    numbered_terms.py), else from its tuple of (stem, count): a big day's million entries then take no
    Python object each."""

    def __init__(self, reports: Sequence[ReportFeatures], numbered: NumberedTerms | None) -> None:
        self.numbered = numbered
        self.rows = (numbered.rows_of((r.key, len(r.terms)) for r in reports) if numbered is not None
                     else np.full(len(reports), -1, np.int64))
        held = self.rows >= 0
        # The reports' words: the stems of those read from tuples, and those the others' numbers stand for.
        self.words = {term for report, one in zip(reports, held.tolist()) if not one for term, _ in report.terms}
        self.used = np.zeros(0, np.int64)
        if held.any():
            present = np.zeros(len(numbered.stems), bool)
            present[numbered.numbers[numbered.positions(self.rows[held])]] = True
            self.used = np.flatnonzero(present)
            self.words.update(map(numbered.stems.__getitem__, self.used.tolist()))
        self.numbering = np.zeros(0, np.int64)

    def number_by(self, number: dict[str, int]) -> None:
        """Number the words by `number` (the alphabetical order of the day's words)."""
        stems = self.numbered.stems if self.numbered is not None else ()
        # By the day's number of each stem: its alphabetical number, where it is among these reports' words.
        self.numbering = np.full(len(stems), -1, np.int64)
        self.numbering[self.used] = np.fromiter((number[stems[k]] for k in self.used.tolist()), np.int64,
                                                len(self.used))
        self.number = number
        del self.words  # (a big day's: let go)

    def entries(self, part: Sequence[ReportFeatures], first: int) -> tuple[np.ndarray, np.ndarray]:
        """The terms of the reports `part` (from the `first`-th on) as their words' numbers and their counts,
        report after report, each report's in its order."""
        lengths = np.fromiter(map(len, (r.terms for r in part)), np.int64, len(part))
        ends = np.cumsum(lengths)
        total = int(ends[-1]) if len(ends) else 0
        said, counts = np.empty(total, np.int64), np.empty(total)
        rows = self.rows[first:first + len(part)]
        held = rows >= 0
        if held.any():
            at = ranges(ends[held] - lengths[held], lengths[held])
            where = self.numbered.positions(rows[held])
            said[at] = self.numbering[self.numbered.numbers[where]]
            counts[at] = self.numbered.counts[where]
        if not held.all():
            rest = [report for report, one in zip(part, held.tolist()) if not one]
            at = ranges(ends[~held] - lengths[~held], lengths[~held])
            pairs = list(_flat(r.terms for r in rest))
            said[at] = np.fromiter(map(self.number.__getitem__, map(_first, pairs)), np.int64, len(pairs))
            counts[at] = np.fromiter(map(_second, pairs), float, len(pairs))
        return said, counts


class _Entries(NamedTuple):
    cols: np.ndarray  # alphabetical numbers
    plain: np.ndarray  # the summed counts of the terms
    heads: np.ndarray  # how often each is in the headline
    named: np.ndarray
    lengths: np.ndarray


def _summed_entries(reports: Sequence[ReportFeatures], terms: tuple[np.ndarray, np.ndarray], number: dict[str, int],
                    width: int) -> _Entries:
    """These reports' (report, term) entries, a term given twice, or also in the headline, summed into one;
    by report, then alphabetically; each entry's counts summed in the order given. `terms`: the numbers and
    counts of their terms (_Terms.entries)."""
    n = len(reports)
    said, counted = terms[0], len(terms[0])
    # Mapped, not a generator's step per entry: a fifth less time over a big day's million entries.
    titles = np.fromiter(map(number.__getitem__, _flat(r.title for r in reports)), np.int64)
    every = np.arange(n, dtype=np.int64) * width
    keys = np.empty(counted + len(titles), np.int64)
    keys[:counted] = np.repeat(every, [len(r.terms) for r in reports])
    keys[counted:] = np.repeat(every, [len(r.title) for r in reports])
    keys[:counted] += said
    keys[counted:] += titles
    del said, titles
    counts = np.zeros(len(keys))  # the terms' counts, then nothing for the headline's words
    counts[:counted] = terms[1]
    order = np.argsort(keys, kind="stable")  # by report, then term; each entry's parts in the order given
    keys = keys[order]
    counts = counts[order]
    titled = order >= counted
    fresh = np.ones(len(keys), bool)  # where each (report, term) begins
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    starts = np.flatnonzero(fresh)
    entries = keys[starts]
    if not len(entries):
        return _Entries(np.zeros(0, np.int32), np.zeros(0), np.zeros(0, np.int32), np.zeros(0, bool),
                        np.zeros(n, np.int64))
    # A name among no report's terms boosts nothing.
    names = np.fromiter((number.get(name, -1) for report in reports for name in report.names), np.int64)
    termed = names >= 0
    wanted = np.repeat(every, [len(r.names) for r in reports])[termed] + names[termed]
    at = np.minimum(np.searchsorted(entries, wanted), len(entries) - 1)
    named = np.zeros(len(entries), bool)
    named[at[entries[at] == wanted]] = True
    plain = np.add.reduceat(counts, starts)
    heads = np.add.reduceat(titled.astype(np.int32), starts)
    # Each report's entries are together and in order: its count of them is all the rows need.
    return _Entries((entries % width).astype(np.int32), plain, heads, named,
                    np.bincount(entries // width, minlength=n))


def _slices(size: int) -> Iterator[slice]:
    return (slice(start, min(start + ENTRIES_AT_A_TIME, size)) for start in range(0, size, ENTRIES_AT_A_TIME))


def _unit_rows(values: np.ndarray, counts: np.ndarray, lengths: np.ndarray, cols: np.ndarray,
               shape: tuple[int, int]) -> tuple[sparse.csr_matrix, UnitCounts]:
    """`values` as a matrix of rows scaled to unit length, and `counts` as rows read at unit length: row r is
    the next lengths[r] of each and of `cols` (the arrays become theirs, `values` scaled, and all three put
    in column order in place). No (row, column) is given twice.

    The two share one array of columns and of row starts (a big day's columns are 6 MB): a 0 is kept where
    a count is 0 (a headline word is not a term). A product of two rows stores no 0, so every dot product
    is what it is without them.
    """
    starts = np.concatenate(([0], np.cumsum(lengths)))
    divisors = np.empty(shape[0])
    # A few thousand rows at a time: each entry's row number, and the squares, for the whole of a big day
    # took 25 MB at once. (Each row's squares are summed in the same order either way.)
    for first in range(0, shape[0], UNIT_ROWS):
        last = min(first + UNIT_ROWS, shape[0])
        part = slice(starts[first], starts[last])
        rows = np.repeat(np.arange(last - first), lengths[first:last])
        norms = np.sqrt(np.bincount(rows, weights=values[part] ** 2, minlength=last - first))
        values[part] /= np.where(norms > 0, norms, 1.0)[rows]
        norms = np.sqrt(np.bincount(rows, weights=counts[part].astype(float) ** 2, minlength=last - first))
        divisors[first:last] = np.where(norms > 0, norms, 1.0)
        # Each row's entries by column, as scipy's sort_indices leaves them (a column is in a row once).
        # Stable for speed: its timsort takes the rows, already in order, as runs (a sixth of weighing).
        by_column = np.argsort(rows * shape[1] + cols[part], kind="stable")
        for array in (cols, values, counts):
            array[part] = array[part][by_column]
    # Built as CSR straight away: the (row, column) form scipy converts from takes three times the memory.
    matrix = sparse.csr_matrix((values, cols, starts), shape=shape)
    return matrix, UnitCounts(sparse.csr_matrix((counts, matrix.indices, matrix.indptr), shape=shape), divisors)
