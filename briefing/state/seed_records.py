"""What the store keeps of each seed file: its stat, its content hash, its summary or why it has none."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from ..models import SeedFile, Summary
from .records import (KnownReport, record_digest, record_parts, summary_from_json, summary_to_json,
                      whole_record)
from .store import _bytes_of, _now, _stored, _text_of
from .term_records import TermRecords


class SeedRecords(TermRecords):
    """The seeds' rows: one per seed file and output folder."""

    def known_stats(self) -> dict[str, tuple[int, int, int | None]]:
        """name -> (size, mtime_ns, ctime_ns) of every recorded seed (ctime_ns None if recorded without)."""
        rows = self._rows("SELECT name, size, mtime_ns, ctime_ns FROM seeds WHERE out_key = ?", (self.out_key,))
        return {name: (size, mtime, ctime) for name, size, mtime, ctime in rows}

    def failures(self) -> dict[str, tuple[str, str | None]]:
        """name -> (why it has no summary, what it was tried with), of every seed recorded without one."""
        rows = self._rows("SELECT name, reason, settings FROM seeds WHERE out_key = ? AND reason IS NOT NULL",
                          (self.out_key,))
        return {name: (reason, tried_with) for name, reason, tried_with in rows}

    def digest_of(self, name: str) -> str | None:
        """The content hash recorded for the seed `name`, if any."""
        rows = self._rows("SELECT content_hash FROM seeds WHERE out_key = ? AND name = ?", (self.out_key, name))
        return rows[0][0] if rows else None

    def known_digests(self) -> dict[str, str | None]:
        """name -> content hash of every recorded seed."""
        return dict(self._rows("SELECT name, content_hash FROM seeds WHERE out_key = ?", (self.out_key,)))

    def withdrawn(self) -> dict[str, str | None]:
        """name -> content hash of every seed taken out of its briefing."""
        return dict(self._rows("SELECT name, content_hash FROM seeds WHERE out_key = ? AND withdrawn = 1",
                               (self.out_key,)))

    def seed_with_content(self, content_hash: str, other_than: str) -> str | None:
        """A seed in a briefing, other than `other_than`, with this content, if any."""
        rows = self._rows(
            "SELECT name FROM seeds WHERE out_key = ? AND content_hash = ? AND name != ? AND +reason IS NULL "
            # "+name": sort the few matches, not walk the name index past every seed. "+reason": found by the
            # hashes' index; the index of versions (WHERE reason IS NULL) would be walked past every seed, for
            # each seed a run summarises.
            "ORDER BY +name LIMIT 1", (self.out_key, content_hash, other_than))
        return rows[0][0] if rows else None

    @_stored
    def day_of(self, name: str) -> dt.date | None:
        rows = self._rows("SELECT day FROM seeds WHERE out_key = ? AND name = ?", (self.out_key, name))
        return dt.date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def days_written_without(self, names: Sequence[str]) -> set[dt.date]:
        """The days of these seeds whose briefings were written with other summary settings than the seeds':
        a seed whose file was gone when its day was written with new settings keeps its article as it was."""
        days: set[dt.date] = set()
        for start in range(0, len(names), 500):  # (SQLite's bound on a statement's parameters)
            rows = self._rows(
                "SELECT DISTINCT seeds.day FROM seeds JOIN briefings ON briefings.out_key = seeds.out_key "
                "AND briefings.day = seeds.day WHERE seeds.out_key = ? AND seeds.reason IS NULL "
                "AND substr(briefings.settings, 1, length(seeds.settings) + 1) != seeds.settings || '/' "
                f"AND seeds.name IN ({', '.join('?' * len(names[start:start + 500]))})",
                (self.out_key, *names[start:start + 500]))
            days.update(dt.date.fromisoformat(day) for (day,) in rows)
        return days

    def stale_seeds(self, days: Iterable[dt.date], settings: str) -> list[str]:
        """Seeds of these days summarised with other settings than `settings`."""
        names: list[str] = []
        for day in days:
            rows = self._rows(
                "SELECT name FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL "
                "AND settings IS NOT ? ORDER BY name", (self.out_key, day.isoformat(), settings))
            names += [name for (name,) in rows]
        return names

    @_stored
    def summaries_for_day(self, day: dt.date) -> Iterator[Summary]:
        """The day's summaries, by seed name (their articles without text)."""
        shared: dict = {}
        for name, text in self._day_records(day):
            yield summary_from_json(text, shared=shared, name=name)

    def reports_for_day(
        self, day: dt.date, candidates: bool = True, known: Mapping[str, KnownReport] | None = None,
        made: Mapping[str, tuple[str, str]] | None = None, held: Callable[[str], Sequence | None] | None = None,
    ) -> Iterator[tuple[Summary, str]]:
        """The day's summaries, by seed name, each with a digest of its record: equal digests, equal summaries.

        Without `candidates`, without their candidate sentences, sentences and key points (see summary_from_json
        and summaries_named);
        then `known` (from `reports_by_name`, earlier in the same run) gives the summaries read before: a
        record made since from the same content with the same settings is the same record, and is not
        read again. (A run writes a seed's record again only when its content changed, or to summarise it
        with other settings.) `made`: the day's `seed_versions`, if read already. `held(name)`, if given,
        gives the terms the caller holds for a report (see compose/numbered_terms.held_terms), or None: its
        record is read without its own, and the others keep their own pairs; otherwise the summaries read
        share one tuple for each (term, count) pair (see summary_from_json).
        """
        if candidates and known:
            raise ValueError("known reports are without their candidate sentences")
        return self._reports_for_day(day, candidates, known or {}, made, held)

    @_stored
    def _reports_for_day(
        self, day: dt.date, candidates: bool, known: Mapping[str, KnownReport],
        made: Mapping[str, tuple[str, str]] | None, held: Callable[[str], Sequence | None] | None,
    ) -> Iterator[tuple[Summary, str]]:
        # Without `known`, the day's versions are not read: at 50,000 reports, 16 MB held while the day loads.
        made = (self.seed_versions(day) if made is None else made) if known else {}
        changed = [name for name, made_from in made.items() if name not in known or known[name].made_from != made_from]
        if not known or len(changed) * 2 > len(made):  # most of the day to read: in one pass
            del made, changed
            for _, summary, digest, _ in self._reports(day, candidates, held):
                yield summary, digest
            return
        shared: dict | None = {} if held is None else None
        texts = self._records_named(changed)
        for name in made:
            if name in texts:
                text = texts[name]
                terms = held(name) if held is not None else None
                yield summary_from_json(text, candidates, shared, name=name, terms=terms), record_digest(text)
            else:
                yield known[name].summary, known[name].digest

    def reports_by_name(self, day: dt.date, held: Callable[[str], Sequence | None] | None = None
                        ) -> dict[str, KnownReport]:
        """The day's summaries without candidate sentences, by seed name, with their records' digests and
        what each was made from; `held` as for reports_for_day."""
        return {name: KnownReport(digest, summary, made_from)
                for name, summary, digest, made_from in self._reports(day, False, held)}

    @_stored
    def _reports(self, day: dt.date, candidates: bool, held: Callable[[str], Sequence | None] | None = None
                 ) -> Iterator[tuple[str, Summary, str, tuple[str, str]]]:
        # (Unshared, a summary's pairs go with its tuple when the caller lets that go.)
        shared: dict | None = {} if held is None else None
        # Without candidates, their column is not read: SQLite then stops short of most of each record.
        rows = self._each_row(
            f"SELECT name, summary, {'candidates' if candidates else 'NULL'}, record_digest, content_hash, settings "
            "FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL ORDER BY name", (self.out_key, day.isoformat()))
        for name, head, more, digest, content, settings in rows:
            if digest is None:  # (every record written or upgraded by this release has one)
                digest = record_digest(self._records_named([name]).get(name, head))
            terms = held(name) if held is not None else None
            summary = summary_from_json(whole_record(head, more), candidates, shared, name=name, terms=terms)
            yield name, summary, digest, (content or "", settings or "")

    def _records_named(self, names: Sequence[str]) -> dict[str, str]:
        """The records of these seeds, by name (those that have one)."""
        found: dict[str, str] = {}
        for start in range(0, len(names), 500):  # SQLite's limit on parameters is 999 in old builds
            chunk = names[start:start + 500]
            found.update((name, whole_record(head, more)) for name, head, more in self._rows(
                f"SELECT name, summary, candidates FROM seeds WHERE out_key = ? AND name IN "
                f"({', '.join('?' * len(chunk))}) AND summary IS NOT NULL", (self.out_key, *chunk)))
        return found

    def report_count(self, day: dt.date) -> int:
        """How many seeds the day's briefing holds."""
        return self._rows("SELECT count(*) FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL",
                          (self.out_key, day.isoformat()))[0][0]

    def _day_records(self, day: dt.date) -> Iterator[tuple[str, str]]:
        rows = self._rows(
            "SELECT name, summary, candidates FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL "
            "ORDER BY name", (self.out_key, day.isoformat()))
        return ((name, whole_record(head, more)) for name, head, more in rows)

    @_stored
    def summaries_named(self, names: Sequence[str]) -> dict[str, Summary]:
        """The whole summaries of these seeds, by name (those that have one)."""
        return {name: summary_from_json(text, name=name)
                for name, text in self._records_named(sorted(set(names))).items()}

    def has_day(self, day: dt.date) -> bool:
        return bool(self._rows("SELECT 1 FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL LIMIT 1",
                               (self.out_key, day.isoformat())))

    @_stored
    def days(self) -> list[dt.date]:
        """Every day that has, or had, articles."""
        rows = self._rows(
            "SELECT day FROM seeds WHERE out_key = ? AND day IS NOT NULL UNION "
            "SELECT day FROM briefings WHERE out_key = ? ORDER BY 1", (self.out_key, self.out_key))
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def record_summary_json(self, seed: SeedFile, content_hash: str, summary_json: str, day: dt.date,
                            settings: str) -> None:
        """A seed summarised into `day`, its Summary already made JSON by `summary_to_json` (in a worker)."""
        self._upsert(seed, content_hash, day=day.isoformat(), summary=summary_json, settings=settings)

    def record_summary(self, seed: SeedFile, summary: Summary, day: dt.date, settings: str = "") -> None:
        self.record_summary_json(seed, summary.article.content_hash, summary_to_json(summary), day, settings)

    def record_failure(self, seed: SeedFile, content_hash: str | None, reason: str, tried_with: str | None = None) -> None:
        """A seed whose content cannot be a briefing's article: reported once, read again only when it changes
        (or, for a failure that may be mended, when what it was `tried_with` changes: see failures)."""
        self._upsert(seed, content_hash, reason=reason, settings=tried_with)

    def record_twin(self, seed: SeedFile, content_hash: str, twin_of: str) -> None:
        """A seed with the same content as `twin_of`: summarised once, read again if the original changes."""
        self._upsert(seed, content_hash, reason=f"same content as {twin_of}", twin_of=twin_of)

    def passed_over(self) -> dict[str, str]:
        """name -> reason of the entries of the seeds folder that are no seeds, as the last run found them."""
        rows = self._rows("SELECT name, reason FROM passed_over WHERE out_key = ?", (self.out_key,))
        return {_text_of(name): _text_of(reason) for name, reason in rows}

    def record_passed_over(self, entries: Iterable[tuple[str, str]]) -> None:
        """The entries of the seeds folder that are no seeds, with why, in place of those recorded before."""
        self._run("DELETE FROM passed_over WHERE out_key = ?", (self.out_key,))
        with self._errors():
            self._db.executemany("INSERT OR REPLACE INTO passed_over VALUES (?, ?, ?)",
                                 # As bytes: a name that is not UTF-8 is why an entry is passed over.
                                 [(self.out_key, _bytes_of(name), _bytes_of(reason)) for name, reason in entries])

    def record_stats(self, seeds: Iterable[SeedFile]) -> None:
        """The stats of seeds whose content is as recorded (touched, or recorded by an older release)."""
        with self._errors():
            self._db.executemany(
                "UPDATE seeds SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE out_key = ? AND name = ?",
                [(seed.size, seed.mtime_ns, seed.ctime_ns, self.out_key, seed.name) for seed in seeds])

    def record_stat(self, seed: SeedFile) -> None:
        """The file was touched but its content is the same: remember the new stat."""
        self.record_stats([seed])

    def holder_of(self, name: str) -> str:
        """The seed whose article `name` repeats (same content) when that seed's file is gone (a seed moved
        after it was read is a twin of its old name), else `name` itself."""
        rows = self._rows("SELECT twin_of FROM seeds WHERE out_key = ? AND name = ?", (self.out_key, name))
        holder = rows[0][0] if rows and rows[0][0] else None
        if holder is None or os.path.lexists(self._seeds_dir / holder):
            return name  # two copies kept on purpose: removing one leaves the other's article
        return holder

    def withdraw(self, names: Iterable[str]) -> list[dt.date]:
        """Take seeds out of their briefings for good (until their content changes); the days they leave.

        A seed that repeats the article of a seed whose file is gone (a seed moved after it was read)
        takes that article out: the seed holding it, and every twin, go with it.
        """
        days = set()
        for given in names:
            name = self.holder_of(given)
            if name != given:
                self._run("UPDATE seeds SET withdrawn = 1, day = NULL, reason = 'withdrawn by briefing remove', "
                          "twin_of = NULL, summary = NULL, candidates = NULL, record_digest = NULL, "
                          "term_numbers = NULL, settings = NULL "
                          "WHERE out_key = ? AND name = ?",
                          (self.out_key, given))
            day = self.day_of(name)
            if day is not None:
                days.add(day)
            # Its twins hold the same article: they go with it.
            twins = [twin for (twin,) in self._rows("SELECT name FROM seeds WHERE out_key = ? AND twin_of = ?",
                                                    (self.out_key, name))]
            for withdrawn in (name, *twins):
                self._run("UPDATE seeds SET withdrawn = 1, day = NULL, reason = 'withdrawn by briefing remove', "
                          "twin_of = NULL, summary = NULL, candidates = NULL, record_digest = NULL, "
                          "term_numbers = NULL, settings = NULL "
                          "WHERE out_key = ? AND name = ?",
                          (self.out_key, withdrawn))
        return sorted(days)

    def _upsert(self, seed: SeedFile, digest: str | None, *, day: str | None = None, reason: str | None = None,
                summary: str | None = None, settings: str | None = None, twin_of: str | None = None) -> None:
        before = self._rows("SELECT content_hash, day, summary, candidates, settings FROM seeds "
                            "WHERE out_key = ? AND name = ? AND reason IS NULL", (self.out_key, seed.name))
        if before and before[0][0] != digest:
            self._hand_over(seed.name, *before[0])
        head, more, whole_digest = record_parts(summary) if summary is not None else (None, None, None)
        terms = self._terms_blob(head) if head is not None else None
        self._run(
            "INSERT INTO seeds (out_key, name, size, mtime_ns, ctime_ns, content_hash, day, reason, twin_of, "
            "withdrawn, summary, candidates, record_digest, term_numbers, settings, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (out_key, name) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
            "ctime_ns = excluded.ctime_ns, "
            "content_hash = excluded.content_hash, day = excluded.day, reason = excluded.reason, "
            "twin_of = excluded.twin_of, withdrawn = 0, summary = excluded.summary, "
            "candidates = excluded.candidates, record_digest = excluded.record_digest, "
            "term_numbers = excluded.term_numbers, settings = excluded.settings, processed_at = excluded.processed_at",
            (self.out_key, seed.name, seed.size, seed.mtime_ns, seed.ctime_ns, digest, day, reason, twin_of, head, more,
             whole_digest, terms, settings, _now()))

    @_stored
    def _hand_over(self, name: str, digest: str, day: str, head: str, candidates: str | None,
                   settings: str | None) -> None:
        """The article of `name` is leaving it (its content changed): a twin holding that article takes it over.

        The twin keeps the article in the day it was in, with the summary made
        of that same content; the other twins now repeat the new holder.
        """
        twins = self._rows("SELECT name FROM seeds WHERE out_key = ? AND twin_of = ? AND content_hash = ? "
                           "ORDER BY name", (self.out_key, name, digest))
        if not twins:
            return
        heir = twins[0][0]
        # Joined only for a twin to inherit: a damaged record that no twin inherits is written over, as before.
        data = json.loads(whole_record(head, candidates))
        data["article"]["seed"] = heir
        parts = record_parts(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        self._run("UPDATE seeds SET day = ?, reason = NULL, twin_of = NULL, summary = ?, candidates = ?, "
                  "record_digest = ?, term_numbers = ?, settings = ? WHERE out_key = ? AND name = ?",
                  (day, *parts, self._terms_blob(parts.head), settings, self.out_key, heir))
        self._run("UPDATE seeds SET twin_of = ?, reason = ? WHERE out_key = ? AND twin_of = ? AND content_hash = ?",
                  (heir, f"same content as {heir}", self.out_key, name, digest))
