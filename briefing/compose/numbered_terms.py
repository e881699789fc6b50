"""Reports' terms as the state store numbers them (state/term_records.py), read as arrays for grouping.

A big day's reports hold a million (report, term) entries: weighed from
these arrays, grouping looks up only the day's distinct stems as strings
(see weights.weight_matrix), and counts the day's stems in one pass.
Nothing here holds a Python object per entry, nor per report beyond its key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from ..models import Summary


# Entries of a day's terms counted at a time (see day_frequencies).
COUNTED_AT_A_TIME = 1 << 18
# Rows put into the arrays at a time (see numbered_terms): a big day's rows are never all held at once.
ROWS_AT_A_TIME = 1000


@dataclass(frozen=True)
class NumberedTerms:
    """Terms of reports, a row each: row r holds the terms of the report `keys[r]`, in their order, at
    numbers[starts[r]:starts[r] + lengths[r]] and the same place of `counts` (a length of -1: a row that does
    not read); a number k stands for the stem `stems[k]` (the day's stems, numbered from 0)."""

    numbers: np.ndarray
    counts: np.ndarray
    keys: Sequence[str]
    starts: np.ndarray
    lengths: np.ndarray
    stems: Sequence[str]

    def rows_of(self, reports: Iterable[tuple[str, int]]) -> np.ndarray:
        """The row of each report (its key, how many terms it has), -1 where its terms are not held, or not as
        many."""
        row_of = {key: row for row, key in enumerate(self.keys)}
        rows, sizes = [], []
        for key, size in reports:
            rows.append(row_of.get(key, -1))
            sizes.append(size)
        del row_of
        found = np.array(rows, np.int64)
        held = found >= 0
        held[held] = self.lengths[found[held]] == np.array(sizes, np.int64)[held]
        found[~held] = -1
        return found

    def positions(self, rows: np.ndarray) -> slice | np.ndarray:
        """Where the terms of these rows are, one row after the other: a slice when each row follows the one
        before it (a day's reports in the order the store keeps them, as they are grouped: by name)."""
        starts, lengths = self.starts[rows], self.lengths[rows]
        if len(starts) and (starts[1:] == starts[:-1] + lengths[:-1]).all():
            return slice(int(starts[0]), int(starts[-1] + lengths[-1]))
        return ranges(starts, lengths)


class HeldTerms(SequenceABC):
    """A report's terms as the (stem, count) pairs of its row of a NumberedTerms, in their order: what a
    loaded Summary holds in place of its tuple of them (see held_terms), equal to it and pickled as it.

    A big day's reports held their terms as tuples through grouping and publishing: 550 bytes a report,
    27 MB at 50,000 (the arrays take a fifth of that, and grouping reads them anyway). Those few that read
    a story's merged terms (developing stories, the stories recorded) make the pairs as they read them.
    """

    __slots__ = ("_numbered", "_row")

    def __init__(self, numbered: NumberedTerms, row: int) -> None:
        self._numbered, self._row = numbered, row

    def pairs(self) -> tuple[tuple[str, int], ...]:
        numbered = self._numbered
        start = int(numbered.starts[self._row])
        end = start + int(numbered.lengths[self._row])
        return tuple(zip(map(numbered.stems.__getitem__, numbered.numbers[start:end].tolist()),
                         numbered.counts[start:end].tolist()))

    def __len__(self) -> int:
        return int(self._numbered.lengths[self._row])

    def __getitem__(self, index):
        return self.pairs()[index]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self.pairs())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HeldTerms):
            other = other.pairs()
        return self.pairs() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.pairs())

    def __repr__(self) -> str:
        return repr(self.pairs())

    def __reduce__(self):
        return tuple, (self.pairs(),)  # (a report sent to a worker takes its pairs, not the day's arrays)


def held_terms(numbered: NumberedTerms) -> Callable[[str], HeldTerms | None]:
    """The terms a report (by key) holds as its row of `numbered` (HeldTerms), or None where that row does
    not read: given to the store as a day is loaded, so that a report's terms are never parsed from its record
    (a third of loading a day of real articles) nor all held as tuples at once (see summary_from_json)."""
    row_of = {key: row for row, key in enumerate(numbered.keys)}
    lengths = numbered.lengths.tolist()

    def held(key: str) -> HeldTerms | None:
        row = row_of.get(key, -1)
        return HeldTerms(numbered, row) if row >= 0 and lengths[row] >= 0 else None

    return held


def numbered_terms(
    found: tuple[int, Iterable[tuple[str, bytes | None]]], stems_of: Callable[[Sequence[int]], Mapping[int, str]]
) -> NumberedTerms:
    """The terms of reports from the store's rows: their size in bytes, and each row (key, terms as numbers then
    counts, or None); `stems_of` gives the stems of the store's numbers. A row that does not read as terms
    (damaged, or a number without its stem) is not held: that report's terms are read from its summary."""
    size, rows = found
    # Filled as the rows are read, four bytes an entry each: a day of 50,000 real articles has 5 million.
    numbers, counts = np.empty(size // 8, "<u4"), np.empty(size // 8, "<u4")
    keys: list[str] = []
    lengths: list[int] = []
    batch: list[bytes] = []
    filled = waiting = 0  # entries in the arrays, entries in the batch

    def take() -> None:  # the batch's numbers and counts into the arrays, a pass each for all its rows
        nonlocal filled, waiting
        sizes = np.array(lengths[-len(batch):], np.int64)
        both = np.frombuffer(b"".join(batch), "<u4")  # each row's numbers, then its counts
        at = ranges(2 * (np.cumsum(sizes) - sizes), sizes)
        numbers[filled:filled + waiting] = both[at]
        counts[filled:filled + waiting] = both[at + np.repeat(sizes, sizes)]
        filled, waiting = filled + waiting, 0
        batch.clear()

    for key, blob in rows:
        if isinstance(blob, bytes) and len(blob) % 8 == 0 and filled + waiting + len(blob) // 8 <= len(numbers):
            keys.append(key)
            lengths.append(len(blob) // 8)
            batch.append(blob)
            waiting += len(blob) // 8
            if len(batch) == ROWS_AT_A_TIME:
                take()
    if batch:
        take()
    numbers, counts, lengths = numbers[:filled], counts[:filled], np.array(lengths, np.int64)
    starts = np.cumsum(lengths) - lengths
    if counts.max(initial=0) < 1 << 16:  # (as a count of a word in one article always is: 2 bytes an entry)
        counts = counts.astype(np.uint16)
    # The store's numbers of the day's stems, and each entry's number among them.
    if len(numbers) and numbers.max() < 4 * len(numbers) + (1 << 20):  # a table of them is small: no sort
        present = np.zeros(int(numbers.max()) + 1, bool)
        present[numbers] = True
        used = np.flatnonzero(present)
        del present
        among = np.zeros(int(used[-1]) + 1, _smallest(len(used)))
        among[used] = np.arange(len(used))
        numbers = among[numbers]
        del among
    else:  # (numbers far apart: only in a damaged row)
        used, numbers = np.unique(numbers, return_inverse=True)
        numbers = numbers.astype(_smallest(len(used)))
    known = stems_of(used.tolist())
    stems = [known.get(number) for number in used.tolist()]
    absent = np.flatnonzero(np.fromiter((stem is None for stem in stems), bool, len(stems)))
    if len(absent):  # the rows with a number the store has no stem for are not held
        bad = np.searchsorted(np.cumsum(lengths), np.flatnonzero(np.isin(numbers, absent)), side="right")
        lengths[bad] = -1
    return NumberedTerms(numbers, counts, keys, starts, lengths, stems)


def _smallest(count: int) -> type:
    """The integers that number `count` stems: two bytes an entry for a day of up to 65,536 stems."""
    return np.uint16 if count <= 1 << 16 else np.int32


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions starts[k], ..., starts[k] + lengths[k] - 1 for each k, one after the other."""
    ends = np.cumsum(lengths, dtype=np.int64)
    return np.arange(ends[-1] if len(ends) else 0, dtype=np.int64) + np.repeat(starts - (ends - lengths), lengths)


def day_frequencies(summaries: Iterable[Summary], numbered: NumberedTerms | None = None) -> tuple[int, dict[str, int]]:
    """How many reports a day has, and in how many of them each stem is a kept term (a report's terms are
    distinct stems); the reports `numbered` holds are counted from its arrays."""
    summaries = list(summaries)
    rows = (numbered.rows_of((s.article.seed, len(s.terms)) for s in summaries) if numbered is not None
            else np.full(len(summaries), -1, np.int64))
    df: Counter[str] = Counter()
    for summary, row in zip(summaries, rows.tolist()):
        if row < 0:
            df.update(term for term, _ in summary.terms)
    held = rows[rows >= 0]
    if len(held):
        # A view of the arrays when the reports are in the store's order (they are), counted a part at a time:
        # bincount widens what it counts to 64 bits (40 MB at once for a big day's 5 million entries).
        entries = numbered.numbers[numbered.positions(held)]
        found = np.zeros(len(numbered.stems), np.int64)
        for first in range(0, len(entries), COUNTED_AT_A_TIME):
            found += np.bincount(entries[first:first + COUNTED_AT_A_TIME], minlength=len(found))
        stems = numbered.stems
        df.update({stems[number]: int(found[number]) for number in np.flatnonzero(found).tolist()})
    return len(summaries), dict(df)
