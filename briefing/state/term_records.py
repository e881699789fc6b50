"""Each summary's terms as numbers: the store numbers every stem once, and keeps a record's terms as an array.

Grouping a big day weighs a million (report, term) entries. Read from the
records, each entry is a Python string and count, looked up one at a time
(a third of adding one seed to a day of 10,000 real articles: 0.5 s); read
as the arrays kept beside the records, a day's entries are two numpy
arrays, and only its distinct stems (some tens of thousands) are strings.
The record keeps its terms too: it stays the whole summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import sys
from array import array
from typing import Iterable, Iterator, Sequence

from .records import summary_terms
from .store import Store, _stored

# Numbers, then counts: each an unsigned 32-bit integer, little-endian, whatever the machine.
_ITEM = "I"


def terms_blob(numbers: Sequence[int], counts: Sequence[int]) -> bytes | None:
    """A record's terms as kept beside it (None if a count does not fit the array's integers)."""
    try:
        both = array(_ITEM, numbers)
        both.extend(counts)
    except OverflowError:  # a count past 2**32 or below 0 (a record is not trusted): read from the record
        return None
    if sys.byteorder == "big":
        both.byteswap()
    return both.tobytes()


def number_stems(db: sqlite3.Connection, stems: Iterable[str], known: dict[str, int]) -> list[int]:
    """The number of each stem, numbering those the store does not know yet; `known` caches them."""
    stems = list(stems)
    missing = [stem for stem in dict.fromkeys(stems) if stem not in known]
    for start in range(0, len(missing), 500):  # SQLite's limit on parameters is 999 in old builds
        chunk = missing[start:start + 500]
        db.executemany("INSERT OR IGNORE INTO stems (stem) VALUES (?)", [(stem,) for stem in chunk])
        known.update(db.execute(f"SELECT stem, number FROM stems WHERE stem IN ({', '.join('?' * len(chunk))})",
                                chunk).fetchall())
    return [known[stem] for stem in stems]


def numbered_terms_blob(db: sqlite3.Connection, head: str, known: dict[str, int]) -> bytes | None:
    """The terms of a record as kept beside it, or None if it has none that read as terms."""
    terms = summary_terms(head)
    if terms is None:
        return None
    stems = [stem for stem, _ in terms]
    return terms_blob(number_stems(db, stems, known), [count for _, count in terms])


class TermRecords(Store):
    """The table of stems, and each record's terms as numbers into it."""

    _stem_numbers: dict[str, int] | None = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Store.transaction; the stems numbered in it are forgotten when it ends. Undone, their numbers
        may be given to other stems; kept, a first run's were held through composing and writing every day
        (about 110 bytes a stem: 2.3 MB for the 21,500 stems of 1,215 dev articles)."""
        try:
            with super().transaction():
                yield
        finally:
            self._stem_numbers = None

    def _terms_blob(self, head: str) -> bytes | None:
        if self._stem_numbers is None:
            self._stem_numbers = {}
        with self._errors():
            return numbered_terms_blob(self._db, head, self._stem_numbers)

    def term_rows_for_day(self, day: dt.date) -> tuple[int, Iterator[tuple[str, bytes | None]]]:
        """The size in bytes of the day's terms as numbers, and (seed name, its terms as numbers: see terms_blob,
        or None) of each of its reports, by name, read as they are taken (a big day's are tens of megabytes)."""
        key = (self.out_key, day.isoformat())
        # Blobs only: a value damaged into text that is not UTF-8 fails the reading of the whole day.
        blob = "CASE typeof(term_numbers) WHEN 'blob' THEN term_numbers END"
        # (typeof and length of a value read its header alone: the blobs are not read twice.)
        size = self._rows("SELECT total(CASE typeof(term_numbers) WHEN 'blob' THEN length(term_numbers) END) "
                          "FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL", key)[0][0]
        return int(size), self._each_row(f"SELECT name, {blob} FROM seeds WHERE out_key = ? AND day = ? "
                                         "AND reason IS NULL ORDER BY name", key)

    @_stored
    def stems_numbered(self, numbers: Sequence[int]) -> dict[int, str]:
        """number -> stem, of these numbers (and maybe of others)."""
        found: dict[int, str] = {}
        if numbers and max(numbers) - min(numbers) < 4 * len(numbers):  # most of a range: read it whole
            return self._stems_where("number BETWEEN ? AND ?", (min(numbers), max(numbers)))
        for start in range(0, len(numbers), 1 << 16):
            chunk = "[" + ",".join(map(str, numbers[start:start + (1 << 16)])) + "]"
            found.update(self._stems_where("number IN (SELECT value FROM json_each(?))", (chunk,)))
        return found

    def _stems_where(self, condition: str, params: tuple) -> dict[int, str]:
        with self._errors():
            try:
                return dict(self._db.execute(f"SELECT number, stem FROM stems WHERE {condition}", params).fetchall())
            except sqlite3.OperationalError:  # a stem damaged into text that is not UTF-8 (or a failure: see below)
                # Read as bytes, a stem that is not UTF-8 left out: its number is one without its stem, and its
                # records' terms are read from the records. (The failed read of the whole day, read again, is
                # twice as slow: only in a damaged store.)
                rows = self._db.execute(f"SELECT number, CAST(stem AS BLOB) FROM stems WHERE {condition}",
                                        params).fetchall()
        found = {}
        for number, stem in rows:
            with contextlib.suppress(UnicodeDecodeError):
                found[number] = stem.decode("utf-8")
        return found
