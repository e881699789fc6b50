"""Reports' terms as the state store numbers them (state/term_records.py), read as arrays for grouping.

A big day's reports hold a million (report, term) entries: weighed from
these arrays, grouping looks up only the day's distinct stems as strings
(see weights.weight_matrix), and counts the day's stems in one pass.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from ..models import Summary


@dataclass(frozen=True)
class NumberedTerms:
    """Terms of reports by key: `spans[key]` = (start, length) of its terms in `numbers` and `counts`, in the
    order of the report's terms; a number k stands for the stem `stems[k]` (the day's stems, numbered from 0)."""

    numbers: np.ndarray
    counts: np.ndarray
    spans: Mapping[str, tuple[int, int]]
    stems: Sequence[str]

    def span_of(self, key: str, terms: int) -> tuple[int, int] | None:
        """Where the report `key`'s terms are, if held for as many terms as it has."""
        span = self.spans.get(key)
        return span if span is not None and span[1] == terms else None


def numbered_terms(
    found: tuple[int, Iterable[tuple[str, bytes | None]]], stems_of: Callable[[Sequence[int]], Mapping[int, str]]
) -> NumberedTerms:
    """The terms of reports from the store's rows: their size in bytes, and each row (key, terms as numbers then
    counts, or None); `stems_of` gives the stems of the store's numbers. A row that does not read as terms
    (damaged, or a number without its stem) is left out: that report's terms are read from its summary."""
    size, rows = found
    # Filled as the rows are read, four bytes an entry each: a day of 50,000 real articles has 5 million.
    numbers, counts = np.empty(size // 8, "<u4"), np.empty(size // 8, "<u4")
    keys, lengths, filled = [], [], 0
    for key, blob in rows:
        if isinstance(blob, bytes) and len(blob) % 8 == 0 and filled + len(blob) // 8 <= len(numbers):
            both = np.frombuffer(blob, "<u4").reshape(2, -1)  # its numbers, then its counts
            numbers[filled:filled + both.shape[1]] = both[0]
            counts[filled:filled + both.shape[1]] = both[1]
            filled += both.shape[1]
            keys.append(key)
            lengths.append(both.shape[1])
    numbers, counts, lengths = numbers[:filled], counts[:filled], np.array(lengths, np.int64)
    # The store's numbers of the day's stems, and each entry's number among them.
    if len(numbers) and numbers.max() < 4 * len(numbers) + (1 << 20):  # a table of them is small: no sort
        present = np.zeros(int(numbers.max()) + 1, bool)
        present[numbers] = True
        used = np.flatnonzero(present)
        del present
        among = np.zeros(int(used[-1]) + 1, np.int32)
        among[used] = np.arange(len(used))
        numbers = among[numbers]
        del among
    else:  # (numbers far apart: only in a damaged row)
        used, numbers = np.unique(numbers, return_inverse=True)
        numbers = numbers.astype(np.int32)
    found = stems_of(used.tolist())
    stems = [found.get(number) for number in used.tolist()]
    ends = np.cumsum(lengths)
    unknown = np.zeros(len(keys) + 1, bool)
    absent = np.flatnonzero(np.fromiter((stem is None for stem in stems), bool, len(stems)))
    if len(absent):
        unknown[np.searchsorted(ends, np.flatnonzero(np.isin(numbers, absent)), side="right")] = True
    spans = {key: (int(end - length), int(length)) for key, end, length, bad in zip(keys, ends, lengths, unknown)
             if not bad}
    return NumberedTerms(numbers, counts, spans, stems)


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions starts[k], ..., starts[k] + lengths[k] - 1 for each k, one after the other."""
    ends = np.cumsum(lengths, dtype=np.int64)
    return np.arange(ends[-1] if len(ends) else 0, dtype=np.int64) + np.repeat(starts - (ends - lengths), lengths)


def day_frequencies(summaries: Iterable[Summary], numbered: NumberedTerms | None = None) -> tuple[int, dict[str, int]]:
    """How many reports a day has, and in how many of them each stem is a kept term (a report's terms are
    distinct stems); the reports `numbered` holds are counted from its arrays."""
    df: Counter[str] = Counter()
    count = 0
    held = []
    for summary in summaries:
        count += 1
        span = numbered.span_of(summary.article.seed, len(summary.terms)) if numbered is not None else None
        if span is None:
            df.update(term for term, _ in summary.terms)
        else:
            held.append(span)
    if held:
        starts, lengths = np.array(held, np.int64).reshape(-1, 2).T
        found = np.bincount(numbered.numbers[ranges(starts, lengths)])
        stems = numbered.stems
        df.update({stems[number]: int(found[number]) for number in np.flatnonzero(found).tolist()})
    return count, dict(df)
