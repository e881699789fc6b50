"""What the store keeps of the stories each day showed: to link later days' stories to them, and to group a
day again from its stories."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
from typing import Collection, Iterable, Iterator, Mapping, TypeVar

from .records import KeptStory, story_features_from_json
from .store import Store, _json, _stored


# record_stories writes a day's stories this many at a time.
STORIES_PER_WRITE = 500

Item = TypeVar("Item")


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """The items, `size` at a time (itertools.batched from Python 3.12)."""
    found = iter(items)
    while batch := list(itertools.islice(found, size)):
        yield batch


class StoryRecords(Store):
    """The stories each written day showed, and the stems of its reports."""

    def stories_developing(self, days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date, str]]:
        """(its day, the day it was first reported, that story's anchor) of every story first reported on
        one of `days`: their pages link to it."""
        found = []
        for day in days:
            # Later days only, by the key's order: writing today's day reads nothing.
            rows = self._rows("SELECT day, json_extract(first, '$.anchor') FROM stories WHERE out_key = ? "
                              "AND day > ? AND json_valid(first) AND json_extract(first, '$.day') = ?",
                              (self.out_key, day.isoformat(), day.isoformat()))
            for text, anchor in rows:
                with contextlib.suppress(ValueError, TypeError):
                    found.append((dt.date.fromisoformat(text), day, str(anchor)))
        return found

    def stories_developing_through(self, day: dt.date, window: int) -> list[tuple[dt.date, str]]:
        """(its day, the anchor on `day` it may have followed) of every story of the `window` days after `day`
        that follows the story first reported where a story of `day` (as last written) follows it: the later
        one was composed against `day`'s, the nearest, and left out what that one showed."""
        if window <= 0:
            return []
        last = dt.date.fromordinal(min(dt.date.max.toordinal(), day.toordinal() + window))
        rows = self._rows(
            "SELECT later.day, mine.anchor FROM stories AS mine JOIN stories AS later "
            "ON later.out_key = mine.out_key AND later.day > mine.day AND later.day <= ? "
            "AND json_valid(later.first) AND json_valid(mine.first) "
            "AND json_extract(later.first, '$.day') = json_extract(mine.first, '$.day') "
            "AND json_extract(later.first, '$.anchor') = json_extract(mine.first, '$.anchor') "
            "WHERE mine.out_key = ? AND mine.day = ?", (last.isoformat(), self.out_key, day.isoformat()))
        found = []
        for text, anchor in rows:
            with contextlib.suppress(ValueError, TypeError):
                found.append((dt.date.fromisoformat(text), str(anchor)))
        return found

    def stories_as_written(self, day: dt.date) -> dict[str, tuple[str, list[str], dict | None]]:
        """Each story of the day as last written, by anchor: (title, its sentences, the story it follows)."""
        found = {}
        for anchor, title, shown, first in self._rows(
                "SELECT anchor, title, shown, first FROM stories WHERE out_key = ? AND day = ?",
                (self.out_key, day.isoformat())):
            with contextlib.suppress(ValueError, TypeError):
                found[anchor] = (title, list(json.loads(shown)), json.loads(first) if first else None)
        return found

    def story_faces(self, day: dt.date) -> dict[str, tuple[str, list[str]]]:
        """What each story of the day showed when it was last written, by anchor: (title, its sentences)."""
        found = {}
        for anchor, title, shown in self._rows("SELECT anchor, title, shown FROM stories WHERE out_key = ? AND day = ?",
                                               (self.out_key, day.isoformat())):
            with contextlib.suppress(ValueError, TypeError):
                found[anchor] = (title, list(json.loads(shown)))
        return found

    def record_stories(self, day: dt.date, stories: Iterable[KeptStory], reuse: bool = True) -> None:
        """The stories a written day shows, in place of those it showed before.

        A story whose reports are those of a stored one (the same seeds, made
        from the same content with the same settings) has the same merged
        features: unless not `reuse` (a rebuild), they are read back, not
        computed again, and a row that would not change is not written. So a
        day that gains a report rewrites the stories it changed, not the day.
        """
        key = (self.out_key, day.isoformat())
        written: set[str] = set()
        # A batch at a time, each compared with its own stored rows: a big day's rows (its stories' terms
        # as JSON) are never all held at once, as new or as stored.
        for batch in _batched(stories, STORIES_PER_WRITE):
            anchors = [story.anchor for story in batch]
            found = self._rows("SELECT anchor, title, features, shown, first, reports FROM stories WHERE out_key = ? "
                               f"AND day = ? AND anchor IN ({', '.join('?' * len(anchors))})", (*key, *anchors))
            stored = {anchor: tuple(row) for anchor, *row in found}
            made = self.seed_versions(day, [name for story in batch for name in story.seeds])
            rows = {}
            for story in batch:
                reports = _json([[name, *made.get(name, ("", ""))] for name in story.seeds])
                before = stored.get(story.anchor)
                # Read back only what reads as _json wrote it: a damaged record is made anew.
                same = (reuse and before is not None and before[4] == reports
                        and before[1].startswith('{"terms":') and before[1].endswith("}"))
                features = before[1] if same else _json(story.features())
                rows[story.anchor] = (story.title, features, _json(story.shown),
                                      _json(story.first) if story.first else None, reports)
            changed = [(*key, anchor, *row) for anchor, row in rows.items() if stored.get(anchor) != row]
            with self._errors():
                self._db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)", changed)
            written.update(rows)
        kept = self._rows("SELECT anchor FROM stories WHERE out_key = ? AND day = ?", key)
        gone = [(*key, anchor) for (anchor,) in kept if anchor not in written]
        with self._errors():
            self._db.executemany("DELETE FROM stories WHERE out_key = ? AND day = ? AND anchor = ?", gone)

    def stories_holding(self, day: dt.date, anchors: list[str]) -> dict[str, frozenset[str]]:
        """The reports (seed names) of the story that held each of `anchors` when the day was last written."""
        found = {}
        for some in _batched(anchors, STORIES_PER_WRITE):
            for anchor, reports in self._rows(
                    "SELECT anchor, reports FROM stories WHERE out_key = ? AND day = ? AND anchor IN "
                    f"({', '.join('?' * len(some))})", (self.out_key, day.isoformat(), *some)):
                # A record that does not read names none: the stories that meet are told apart as on a new day.
                with contextlib.suppress(ValueError, TypeError):
                    rows = json.loads(reports or "[]")
                    if isinstance(rows, list):
                        found[anchor] = frozenset(str(row[0]) for row in rows if isinstance(row, list) and row)
        return found

    def seed_versions(self, day: dt.date, names: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """The day's seeds in its briefing (those of `names`, if given), by name, each with what its summary
        was made from: (content hash, settings)."""
        select = "SELECT name, content_hash, settings FROM seeds WHERE out_key = ? AND reason IS NULL AND "
        key = (self.out_key, day.isoformat())
        if names is None:
            rows = self._rows(select + "day = ? ORDER BY name", key)
        else:  # a few hundred names to a query (SQLite takes a bounded number of parameters), each found in
            # the index of versions (out_key, day, name, ...): the table's rows are not read
            rows = (row for some in _batched(names, STORIES_PER_WRITE) for row in self._rows(
                select + f"day = ? AND name IN ({', '.join('?' * len(some))})", (*key, *some)))
        return {name: (content or "", settings or "") for name, content, settings in rows}

    def unwritten_news(self) -> set[str]:
        """The seeds of days waiting to be written with news that no written version of their day showed:
        recorded by a run that could not write out/ (refused, a full disk) or was stopped before it did. The
        reader has not seen them, though the next run finds their files as it recorded them."""
        found: set[str] = set()
        for day in self.pending_news():
            key = (self.out_key, day.isoformat())
            if self._rows("SELECT 1 FROM stories WHERE out_key = ? AND day = ? AND reports IS NULL LIMIT 1", key):
                continue  # written before stories kept their reports: what it showed is not known
            shown = {(name, content) for story in self.story_reports(day) for name, content, _ in story}
            found.update(name for name, content in self._rows(
                "SELECT name, content_hash FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL "
                "AND withdrawn = 0", key) if (name, content) not in shown)
        return found

    @_stored
    def story_reports(self, day: dt.date) -> list[list[tuple[str, str, str]]]:
        """The reports of each story of the day when it was last written: (seed, content hash, settings)."""
        rows = self._rows("SELECT reports FROM stories WHERE out_key = ? AND day = ? AND reports IS NOT NULL "
                          "ORDER BY anchor", (self.out_key, day.isoformat()))
        found = []
        for (text,) in rows:
            try:
                found.append([(str(name), str(content), str(settings)) for name, content, settings in json.loads(text)])
            except (ValueError, TypeError):
                continue  # a record that does not read: its reports are grouped again
        return found

    @_stored
    def stories_between(self, first: dt.date, last: dt.date
                        ) -> tuple[list[tuple[dt.date, str, str, object, list[str], dict | None]], str]:
        """The stories of written days from `first` to `last`: (day, anchor, title, features, shown, first report),
        the features read by story_features_from_json;
        and a digest of what links to them are found from (their days, anchors and features as stored), of the
        stories given only (one whose record does not read is as if it were not there)."""
        rows = self._rows("SELECT day, anchor, title, features, shown, first FROM stories WHERE out_key = ? "
                          "AND day BETWEEN ? AND ? ORDER BY day, anchor",
                          (self.out_key, first.isoformat(), last.isoformat()))
        found, digest = [], hashlib.sha256()
        for day, anchor, title, features, shown, first_report in rows:
            try:
                found.append((dt.date.fromisoformat(day), anchor, title, story_features_from_json(features),
                              json.loads(shown),
                              json.loads(first_report) if first_report else None))
            except ValueError:
                continue  # a record that does not read: that story is not found as developing
            _digested(digest, day, anchor, features)
        return found, digest.hexdigest()

    def story_texts(self, day: dt.date) -> dict[str, str]:
        """The texts of the day's stories when it was last written, by what each was made of (StoryMemo)."""
        return self._remembered("story_texts", "texts", day)

    def record_story_texts(self, day: dt.date, texts: Mapping[str, str]) -> None:
        """The texts of the stories a written day shows: only these are kept, so the table stays the day's size."""
        self._remember("story_texts", day, texts)

    def story_links(self, day: dt.date) -> dict[str, str | None]:
        """The earlier story each story of the day followed when it was last written, by what it was found from
        (LinkMemo)."""
        return self._remembered("story_links", "found", day)

    def record_story_links(self, day: dt.date, links: Mapping[str, str]) -> None:
        """The links of the stories a written day shows: only these are kept, so the table stays the day's size."""
        self._remember("story_links", day, links)

    def _remembered(self, table: str, column: str, day: dt.date) -> dict:
        """A memo's values of the day (story_texts or story_links), by what each was made of."""
        return dict(self._rows(f"SELECT made_of, {column} FROM {table} WHERE out_key = ? AND day = ?",
                               (self.out_key, day.isoformat())))

    def _remember(self, table: str, day: dt.date, values: Mapping[str, str]) -> None:
        """The day's values of a memo (story_texts or story_links) in place of those it held."""
        self._run(f"DELETE FROM {table} WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))
        # A row at a time: a memo's values may be made as they are read (see compose/stories.StoryTexts).
        rows = ((self.out_key, day.isoformat(), made_of, values[made_of]) for made_of in sorted(values))
        with self._errors():
            self._db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)

    def record_day_terms(self, day: dt.date, reports: int, df: dict[str, int]) -> None:
        self._run("INSERT OR REPLACE INTO day_terms VALUES (?, ?, ?, ?)",
                  (self.out_key, day.isoformat(), reports, _json(df)))

    @_stored
    def day_terms_between(self, first: dt.date, last: dt.date, leaving_out: Collection[dt.date] = ()
                          ) -> tuple[list[tuple[int, dict[str, int]]], str]:
        """(reports, {stem: df}) of each written day from `first` to `last` but those `leaving_out`; and a digest
        of them as stored. A day whose record does not read is not counted (a rebuild writes it again)."""
        rows = self._rows("SELECT day, reports, df FROM day_terms WHERE out_key = ? AND day BETWEEN ? AND ? "
                          "ORDER BY day", (self.out_key, first.isoformat(), last.isoformat()))
        found, digest = [], hashlib.sha256()
        left_out = {day.isoformat() for day in leaving_out}
        for day, reports, df in rows:
            if day in left_out:
                continue
            try:
                frequencies = json.loads(df)
            except (TypeError, ValueError):
                continue
            # (Summed by background_of, which a count of another type stops with a TypeError; a count below 0
            # made a NaN of its words' weights, and numpy's warnings on the terminal.)
            if (type(reports) is not int or type(frequencies) is not dict
                    or not set(map(type, frequencies.values())) <= {int}
                    or reports < 0 or min(frequencies.values(), default=0) < 0):
                continue
            _digested(digest, day, str(reports), df)
            found.append((reports, frequencies))
        return found, digest.hexdigest()


def _digested(digest, *texts: str) -> None:
    """`texts` added to `digest`, each with its length before it (no two lists of texts add the same bytes)."""
    for text in texts:
        data = str(text).encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
