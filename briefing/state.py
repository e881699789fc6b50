"""The SQLite record of what was read and written, per output folder.

One row per seed file and output folder: the file's name inside the seeds
folder, its stat and content hash, and for a seed that was summarised the day
it belongs to and its summary as JSON (without the article's text, which stays
in the seed file), so a day's briefing can be composed again without
re-reading seeds. A seed that is not in a briefing is recorded too, with its
reason, so an unchanged bad file is not re-read and re-reported on every run.
Days whose briefing must be written again are pending until it is. Each
written day has a row (story count, when first written and last changed, the
page's body) for the archive and the feed, and each briefing owed by email a
row until it is sent. For `briefing fetch`, each feed's validators (ETag,
Last-Modified) and the keys of every entry already written as a seed, per
seeds folder. The schema and its upgrades are in migrations.py.

Output folders are known by their path from the store's folder and seeds by
their path inside the seeds folder, so a project moved or renamed as a whole
carries on as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import inspect
import json
import os
import sqlite3
import sys
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .errors import OutputError
from .migrations import SCHEMA_VERSION, Context, NewerSchema, UnreadableRecord, current_version, migrate, output_key
from .models import PublishedBriefing, SeedFile, Summary

# sqlite3 error codes of a store that is not a sound database.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = 5  # SQLITE_BUSY: another connection holds the write lock longer than the busy timeout


def summary_to_json(summary: Summary) -> str:
    """A Summary as the state store keeps it: without its article's text.

    A briefing never shows an article's text, and the seed file keeps it.
    Left out, a summary is under half the size to send from a worker, to
    store, and to load when a big day is composed. (The fields in their
    order, no spaces, non-ASCII as it is: what json.dumps of asdict wrote,
    in a tenth of the time; byte for byte on the 2,706 dev articles, and a
    float may be spelled another way, 1e-05 as 0.00001.)
    """
    without_text = replace(summary, article=replace(summary.article, paragraphs=()))
    return _summary_codec().encoder.encode(without_text).decode("utf-8")


# Where a record's candidate sentences begin: records keep the dataclass's field order, and candidates
# come last. The quotes are bare, so this cannot be inside a string (JSON escapes them there).
_CANDIDATES_KEY = ',"candidates":'


@dataclass(frozen=True)
class _Codec:
    encoder: object
    decoder: object


@functools.cache
def _summary_codec() -> _Codec:
    """Records written from the models and read straight back into them, checked against their fields'
    types: a big day's 10,000 reports load in a third of the time json.loads and building each object
    take. (Imported when first used: a run with nothing new reads no summary.)"""
    import msgspec

    return _Codec(msgspec.json.Encoder(), msgspec.json.Decoder(Summary))


def load_record_codec() -> None:
    """Import msgspec now rather than on first use (before forking workers that write records)."""
    _summary_codec()


def summary_from_json(
    text: str, candidates: bool = True, shared: dict | None = None, name: str | None = None
) -> Summary:
    """A Summary from its JSON; its article has no paragraphs (see summary_to_json).

    `name` is the seed's name in the store: the article's key whatever the record says (an
    earlier release kept the name cleaned for display, and two names may clean to one).

    Without `candidates`, its candidate sentences are left out, and not
    parsed: only a story summarised across its reports reads them, and they
    are most of a record. Nor are its own sentences and key points kept:
    only a story of that one report shows them (it is made from the report
    read whole: see StoryMemo), and a big day's took 50 MB at 50,000
    reports while the day was grouped. `shared` holds the (term, count)
    pairs of the summaries read before: a big day's reports share one tuple
    for each (otherwise most of the memory a loaded report takes).
    """
    if not candidates and (cut := text.rfind(_CANDIDATES_KEY)) > 0 and text.endswith("]}"):
        text = text[:cut] + "}"
    summary = _summary_codec().decoder.decode(text)
    if summary.article.paragraphs:  # kept by no briefing, but a record is not trusted to lack them
        summary = replace(summary, article=replace(summary.article, paragraphs=()))
    if name is not None and summary.article.seed != name:
        summary = replace(summary, article=replace(summary.article, seed=name))
    shared = {} if shared is None else shared
    intern = sys.intern  # a big day holds thousands of summaries, and their stems repeat
    # Set on the object just decoded, before anything else can see it: `replace` would build it again.
    settle = object.__setattr__
    settle(summary, "terms", tuple(map(shared.setdefault, summary.terms, summary.terms)))
    # Words every report of a day repeats, once each (about 230 bytes a report otherwise).
    settle(summary, "algorithm", intern(summary.algorithm))
    settle(summary, "language", intern(summary.language))
    article = summary.article
    for field in ("source", "lang", "section", "title_from"):
        if (value := getattr(article, field)) is not None:
            settle(article, field, intern(value))
    settle(summary, "names", tuple(map(intern, summary.names)))
    settle(summary, "title_stems", tuple(map(intern, summary.title_stems)))
    if not candidates:
        settle(summary, "sentences", ())
        settle(summary, "key_points", ())
    if not candidates and summary.candidates:  # a record whose candidates could not be cut off before parsing
        summary = replace(summary, candidates=())
    for candidate in summary.candidates:
        settle(candidate, "stems", tuple(map(intern, candidate.stems)))
    return summary


class KnownReport(NamedTuple):
    """A report read earlier in a run (State.reports_by_name): its record's digest, its summary, and what
    the summary was made from (the seed's content hash, the summary settings)."""

    digest: str
    summary: Summary
    made_from: tuple[str, str]


@dataclass(frozen=True)
class KeptStory:
    """What the state store keeps of a story a day shows: to find, on later days, the stories that develop it;
    and to group the day again from its stories when it gains a report."""

    anchor: str
    title: str
    seeds: Sequence[str]  # its reports
    shown: Sequence[str]  # the sentences it showed, sorted
    first: dict | None  # where it was first reported, if it was developing
    features: Callable[[], dict]  # its reports merged; called only when no stored story has the same reports


def _read_only(path: Path) -> str | None:
    """Which file of the store at `path` (or its folder) this process may not write, said before SQLite opens
    it; None if none. Opened, a read-only store fails only at its first write, and SQLite makes the -wal and
    -shm files it creates beside it as read-only as it is: those would fail every run after the store
    itself is made writable again, the message naming the store."""
    effective = os.access in os.supports_effective_ids
    for file in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        if os.path.lexists(file) and not os.access(file, os.W_OK, effective_ids=effective):
            if file == path:
                return f"it is read-only: make it writable (chmod u+w {file})"
            return (f"{file.name} beside it is read-only (SQLite made it so while the store was): make it writable "
                    f"(chmod u+w {file})")
    if not os.access(path.parent, os.W_OK | os.X_OK, effective_ids=effective):
        return f"its folder {path.parent} is read-only: SQLite writes files beside the store; make it writable"
    return None


def _emptied(path: Path, out_dir: Path) -> bool:
    """Whether the store is an empty file beside an output folder with files in it: SQLite would
    open it as a new store, and every seed would be published again as news.

    A store that is missing is new (moved aside on purpose); one emptied (truncated, or restored
    from a bad copy) is damage. An empty file and an empty output folder is a first run that was
    stopped while it made the store. (An empty file may still hold a store whose pages are all in its
    -wal file, a first run stopped before SQLite copied them: the caller looks inside.)
    """
    try:
        if path.stat().st_size:
            return False
    except FileNotFoundError:
        return False
    try:
        return any(True for _ in out_dir.iterdir())
    except OSError:
        return False


# What decoding a stored value raises when the value is not what was written
# (msgspec's DecodeError is a ValueError): damage SQLite cannot see.
_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError)


def _older_schema(db: sqlite3.Connection) -> bool:
    """Whether the store needs migration steps (an empty one needs them all)."""
    try:
        return current_version(db) < SCHEMA_VERSION
    except sqlite3.OperationalError:  # no meta table: an empty store
        return True
    except ValueError:  # a damaged version: migrate() says so
        return False


def _in_memory(db: sqlite3.Connection) -> sqlite3.Connection:
    """A copy of the store in memory, in place of `db` (closed)."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    db.backup(copy)
    db.close()
    return copy


def _bytes_of(text: str) -> bytes:
    """A name as the file system gives it (undecodable bytes as surrogates, os.fsdecode's way), to store."""
    return text.encode("utf-8", "surrogateescape")


def _text_of(stored: bytes | str) -> str:
    return stored.decode("utf-8", "surrogateescape") if isinstance(stored, bytes) else stored


def _stored(method):
    """Mark a method that decodes stored values: one that cannot be decoded is a damaged store."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def reading(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except _UNREADABLE as error:
                raise self._damaged(f"a stored value cannot be read: {type(error).__name__}") from None
    else:
        @functools.wraps(method)
        def reading(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _UNREADABLE as error:
                raise self._damaged(f"a stored value cannot be read: {type(error).__name__}") from None
    return reading


class State:
    """The state store of one output folder. Use as a context manager.

    In a dry run everything happens in one transaction that is rolled back
    when the store is closed: the run sees its own changes, nothing is kept.
    """

    def __init__(self, path: Path, out_dir: Path, seeds_dir: Path, dry_run: bool = False) -> None:
        self.path = path
        self.dry_run = dry_run
        self._seeds_dir = seeds_dir
        self._depth = 0  # open transactions
        self.is_new = not path.exists()  # made by this run (a store moved aside, or the first run)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() or not dry_run:
                if (problem := _read_only(path)) is not None:
                    raise OutputError(f"state store {path}: {problem}")
            emptied = _emptied(path, out_dir)
            # Autocommit mode: transactions are opened explicitly by `transaction()`. A dry run with
            # no store yet works on one in memory: it leaves no file behind.
            self._db = sqlite3.connect(path if path.exists() or not dry_run else ":memory:", isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise OutputError(f"state store {path}: {getattr(error, 'strerror', None) or error}") from None
        try:
            self._prepare(out_dir, seeds_dir, emptied)
        except BaseException:
            # Let go of a store that cannot be used now, not when the garbage collector comes by: a
            # scheduler's failing runs would each keep it open meanwhile.
            self._db.close()
            raise

    def _prepare(self, out_dir: Path, seeds_dir: Path, emptied: bool) -> None:
        """The store checked, migrated and keyed to this output folder; OutputError if it cannot be used."""
        path, dry_run = self.path, self.dry_run
        if emptied and not self._holds_tables():
            raise self._damaged(f"it is empty, but {out_dir} is not")
        self.out_key = output_key(out_dir, path.parent)
        # Fetch records belong to the seeds folder (named the same way as an output folder):
        # what was fetched into it is there for every briefing made from it.
        self.seeds_key = output_key(seeds_dir, path.parent)
        with self._errors():
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            if dry_run and _older_schema(self._db):
                # Upgraded for good, the store would be refused by the release that wrote it: a dry run
                # upgrades a copy in memory.
                self._db = _in_memory(self._db)
            try:
                migrate(self._db, Context(path.parent, seeds_dir, out_dir))
            except NewerSchema as error:
                raise OutputError(
                    f"state store {path} was written by a newer briefing (schema {error}); upgrade briefing"
                ) from None
            except UnreadableRecord as error:
                raise self._damaged(str(error)) from None
            except ValueError:
                raise self._damaged("its schema version is not a number") from None
            if dry_run:
                self._db.execute("BEGIN IMMEDIATE")
            # Named after the folder it was first used at; kept, so that it stays when the folder moves.
            namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{out_dir.resolve().as_uri()}")
            self._db.execute("INSERT OR IGNORE INTO outputs (out_key, feed_namespace) VALUES (?, ?)",
                             (self.out_key, str(namespace)))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.dry_run:
                self._db.execute("ROLLBACK")
        self._db.close()

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _holds_tables(self) -> bool:
        """Whether the store holds any table: its pages may all be in the -wal file beside it."""
        try:
            return bool(self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        except sqlite3.Error:
            return False

    def _damaged(self, what: str) -> OutputError:
        return OutputError(
            f"state store {self.path} is damaged ({what}): restore it from a backup (and delete the -wal and "
            "-shm files beside it), or move it aside and run again (every seed is then read as new)"
        )

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Any SQLite failure as one OutputError that names the store, and says how to recover from damage."""
        try:
            yield
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", None) in _DAMAGED or "malformed" in str(error):
                raise self._damaged(str(error)) from None
            if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF == _BUSY:
                # Never another briefing run (the run lock keeps those apart): an sqlite3 shell, a backup.
                raise OutputError(f"state store {self.path}: {error}: another program holds it open for writing; "
                                  "close it (an sqlite3 shell, a database browser) and run again") from None
            raise OutputError(f"state store {self.path}: {error}") from None

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._errors():
            return self._db.execute(sql, params).fetchall()

    def _each_row(self, sql: str, params: tuple = (), batch: int = 256) -> Iterator[tuple]:
        """`_rows`, a batch at a time: a big day's records are hundreds of megabytes, read once each."""
        with self._errors():
            cursor = self._db.execute(sql, params)
            while rows := cursor.fetchmany(batch):
                yield from rows

    def _run(self, sql: str, params: tuple = ()) -> None:
        with self._errors():
            self._db.execute(sql, params)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All changes inside are committed together, or not at all.

        Inside another transaction (and in a dry run) this is a savepoint:
        it is undone on failure, and kept only as long as the outer one is.
        """
        nested = self._depth > 0 or self.dry_run
        self._run("SAVEPOINT step" if nested else "BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            with contextlib.suppress(sqlite3.Error):  # after a failed COMMIT SQLite may have rolled back already
                self._db.execute("ROLLBACK TO step" if nested else "ROLLBACK")
                if nested:
                    self._db.execute("RELEASE step")
            raise
        self._depth -= 1
        try:
            self._run("RELEASE step" if nested else "COMMIT")
        except OutputError:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise

    # --- seeds -------------------------------------------------------------

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
            "SELECT name FROM seeds WHERE out_key = ? AND content_hash = ? AND name != ? AND reason IS NULL "
            # "+name": sort the few matches, not walk the name index past every seed.
            "ORDER BY +name LIMIT 1", (self.out_key, content_hash, other_than))
        return rows[0][0] if rows else None

    @_stored
    def day_of(self, name: str) -> dt.date | None:
        rows = self._rows("SELECT day FROM seeds WHERE out_key = ? AND name = ?", (self.out_key, name))
        return dt.date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

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
        self, day: dt.date, candidates: bool = True, known: Mapping[str, KnownReport] | None = None
    ) -> Iterator[tuple[Summary, str]]:
        """The day's summaries, by seed name, each with a digest of its record: equal digests, equal summaries.

        Without `candidates`, without their candidate sentences, sentences and key points (see summary_from_json
        and summaries_named);
        then `known` (from `reports_by_name`, earlier in the same run) gives the summaries read before: a
        record made since from the same content with the same settings is the same record, and is not
        read again. (A run writes a seed's record again only when its content changed, or to summarise it
        with other settings.)
        """
        if candidates and known:
            raise ValueError("known reports are without their candidate sentences")
        return self._reports_for_day(day, candidates, known or {})

    @_stored
    def _reports_for_day(
        self, day: dt.date, candidates: bool, known: Mapping[str, KnownReport]
    ) -> Iterator[tuple[Summary, str]]:
        # Without `known`, the day's versions are not read: at 50,000 reports, 16 MB held while the day loads.
        made = self.seed_versions(day) if known else {}
        changed = [name for name, made_from in made.items() if name not in known or known[name].made_from != made_from]
        if not known or len(changed) * 2 > len(made):  # most of the day to read: in one pass
            del made, changed
            for _, summary, digest, _ in self._reports(day, candidates):
                yield summary, digest
            return
        shared: dict = {}
        texts = self._records_named(changed)
        for name in made:
            if name in texts:
                text = texts[name]
                yield (summary_from_json(text, candidates, shared, name=name),
                       hashlib.sha256(text.encode("utf-8")).hexdigest())
            else:
                yield known[name].summary, known[name].digest

    def reports_by_name(self, day: dt.date) -> dict[str, KnownReport]:
        """The day's summaries without candidate sentences, by seed name, with their records' digests and
        what each was made from."""
        return {name: KnownReport(digest, summary, made_from)
                for name, summary, digest, made_from in self._reports(day, False)}

    @_stored
    def _reports(self, day: dt.date, candidates: bool) -> Iterator[tuple[str, Summary, str, tuple[str, str]]]:
        shared: dict = {}
        rows = self._each_row(
            "SELECT name, summary, content_hash, settings FROM seeds WHERE out_key = ? AND day = ? "
            "AND reason IS NULL ORDER BY name", (self.out_key, day.isoformat()))
        for name, text, content, settings in rows:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            yield name, summary_from_json(text, candidates, shared, name=name), digest, (content or "", settings or "")

    def _records_named(self, names: Sequence[str]) -> dict[str, str]:
        """The records of these seeds, by name (those that have one)."""
        found: dict[str, str] = {}
        for start in range(0, len(names), 500):  # SQLite's limit on parameters is 999 in old builds
            chunk = names[start:start + 500]
            found.update(self._rows(
                f"SELECT name, summary FROM seeds WHERE out_key = ? AND name IN ({', '.join('?' * len(chunk))}) "
                "AND summary IS NOT NULL", (self.out_key, *chunk)))
        return found

    def report_count(self, day: dt.date) -> int:
        """How many seeds the day's briefing holds."""
        return self._rows("SELECT count(*) FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL",
                          (self.out_key, day.isoformat()))[0][0]

    def _day_records(self, day: dt.date) -> Iterator[tuple[str, str]]:
        rows = self._rows(
            "SELECT name, summary FROM seeds WHERE out_key = ? AND day = ? AND reason IS NULL ORDER BY name",
            (self.out_key, day.isoformat()))
        return iter(rows)

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
                          "twin_of = NULL, summary = NULL, settings = NULL WHERE out_key = ? AND name = ?",
                          (self.out_key, given))
            day = self.day_of(name)
            if day is not None:
                days.add(day)
            # Its twins hold the same article: they go with it.
            twins = [twin for (twin,) in self._rows("SELECT name FROM seeds WHERE out_key = ? AND twin_of = ?",
                                                    (self.out_key, name))]
            for withdrawn in (name, *twins):
                self._run("UPDATE seeds SET withdrawn = 1, day = NULL, reason = 'withdrawn by briefing remove', "
                          "twin_of = NULL, summary = NULL, settings = NULL WHERE out_key = ? AND name = ?",
                          (self.out_key, withdrawn))
        return sorted(days)

    def _upsert(self, seed: SeedFile, digest: str | None, *, day: str | None = None, reason: str | None = None,
                summary: str | None = None, settings: str | None = None, twin_of: str | None = None) -> None:
        before = self._rows("SELECT content_hash, day, summary, settings FROM seeds WHERE out_key = ? AND name = ? "
                            "AND reason IS NULL", (self.out_key, seed.name))
        if before and before[0][0] != digest:
            self._hand_over(seed.name, *before[0])
        self._run(
            "INSERT INTO seeds (out_key, name, size, mtime_ns, ctime_ns, content_hash, day, reason, twin_of, "
            "withdrawn, summary, settings, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
            "ON CONFLICT (out_key, name) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
            "ctime_ns = excluded.ctime_ns, "
            "content_hash = excluded.content_hash, day = excluded.day, reason = excluded.reason, "
            "twin_of = excluded.twin_of, withdrawn = 0, summary = excluded.summary, settings = excluded.settings, "
            "processed_at = excluded.processed_at",
            (self.out_key, seed.name, seed.size, seed.mtime_ns, seed.ctime_ns, digest, day, reason, twin_of, summary,
             settings, _now()))

    @_stored
    def _hand_over(self, name: str, digest: str, day: str, summary: str, settings: str | None) -> None:
        """The article of `name` is leaving it (its content changed): a twin holding that article takes it over.

        The twin keeps the article in the day it was in, with the summary made
        of that same content; the other twins now repeat the new holder.
        """
        twins = self._rows("SELECT name FROM seeds WHERE out_key = ? AND twin_of = ? AND content_hash = ? "
                           "ORDER BY name", (self.out_key, name, digest))
        if not twins:
            return
        heir = twins[0][0]
        data = json.loads(summary)
        data["article"]["seed"] = heir
        self._run("UPDATE seeds SET day = ?, reason = NULL, twin_of = NULL, summary = ?, settings = ? "
                  "WHERE out_key = ? AND name = ?",
                  (day, json.dumps(data, ensure_ascii=False, separators=(",", ":")), settings, self.out_key, heir))
        self._run("UPDATE seeds SET twin_of = ?, reason = ? WHERE out_key = ? AND twin_of = ? AND content_hash = ?",
                  (heir, f"same content as {heir}", self.out_key, name, digest))

    # --- days ----------------------------------------------------------------

    def mark_pending(self, days: Iterable[dt.date], news: bool = False) -> None:
        """These days' briefings must be written (again) by this run or the next; `news`: they gained articles."""
        for day in days:
            self._run("INSERT INTO pending_days VALUES (?, ?, ?) ON CONFLICT (out_key, day) "
                      "DO UPDATE SET news = max(news, excluded.news)", (self.out_key, day.isoformat(), int(news)))

    def rebuilding(self) -> bool:
        """Whether a rebuild of this output folder was begun and not finished: a run killed in it."""
        return bool(self._rows("SELECT 1 FROM meta WHERE key = ?", (f"rebuilding {self.out_key}",)))

    def record_rebuilding(self, begun: bool) -> None:
        if begun:
            self._run("INSERT OR REPLACE INTO meta VALUES (?, '1')", (f"rebuilding {self.out_key}",))
        else:
            self._run("DELETE FROM meta WHERE key = ?", (f"rebuilding {self.out_key}",))

    @_stored
    def pending_days(self) -> list[dt.date]:
        rows = self._rows("SELECT day FROM pending_days WHERE out_key = ? ORDER BY day", (self.out_key,))
        return [dt.date.fromisoformat(day) for (day,) in rows]

    @_stored
    def pending_news(self) -> set[dt.date]:
        """Pending days that gained articles since they were last written."""
        rows = self._rows("SELECT day FROM pending_days WHERE out_key = ? AND news = 1", (self.out_key,))
        return {dt.date.fromisoformat(day) for (day,) in rows}

    @_stored
    def published(self) -> list[PublishedBriefing]:
        """Every day whose briefing was written, oldest first."""
        rows = self._rows(
            "SELECT day, stories, first_written, updated, content_hash FROM briefings WHERE out_key = ? ORDER BY day",
            (self.out_key,))
        return [
            PublishedBriefing(dt.date.fromisoformat(day), stories, dt.datetime.fromisoformat(first),
                              dt.datetime.fromisoformat(updated), digest)
            for day, stories, first, updated, digest in rows
        ]

    def built_with(self, day: dt.date) -> str | None:
        """The settings a written day's briefing was built with."""
        rows = self._rows("SELECT settings FROM briefings WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))
        return rows[0][0] if rows else None

    def kept_body(self, day: dt.date) -> tuple[str, str, str | None, str | None] | None:
        """The day's sanitised page body and feed summary as last written, and the language and title its page
        was written with (None if not known: written by an older release); None if none was."""
        rows = self._rows("SELECT body_html, feed_summary, page FROM briefings WHERE out_key = ? AND day = ?",
                          (self.out_key, day.isoformat()))
        if not rows or rows[0][0] is None:
            return None
        try:
            page = json.loads(rows[0][2]) if rows[0][2] else {}
        except ValueError:
            page = {}  # damaged: the page is written with the run's
        page = page if isinstance(page, dict) else {}
        language, title = page.get("language"), page.get("title")
        return (rows[0][0], rows[0][1], language if isinstance(language, str) and language else None,
                title if isinstance(title, str) else None)

    def record_briefing(self, record: PublishedBriefing, body_html: str, feed_summary: str, settings: str,
                        language: str | None = None, title: str | None = None) -> None:
        """A day's briefing as written: it is no longer pending."""
        page = _json({"language": language, "title": title}) if language is not None else None
        self._run(
            "INSERT INTO briefings (out_key, day, stories, content_hash, first_written, updated, body_html, "
            "feed_summary, settings, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (out_key, day) DO UPDATE SET stories = excluded.stories, "
            "content_hash = excluded.content_hash, first_written = excluded.first_written, "
            "updated = excluded.updated, body_html = excluded.body_html, feed_summary = excluded.feed_summary, "
            "settings = excluded.settings, page = excluded.page",
            (self.out_key, record.day.isoformat(), record.stories, record.digest, _stamp(record.first_written),
             _stamp(record.updated), body_html, feed_summary, settings, page))
        self._run("DELETE FROM pending_days WHERE out_key = ? AND day = ?", (self.out_key, record.day.isoformat()))

    def html_pieces(self, day: dt.date) -> dict[str, str]:
        """The HTML of the pieces of the day's page as last written, by piece (see publish/html.py)."""
        return dict(self._rows("SELECT piece, html FROM html_pieces WHERE out_key = ? AND day = ?",
                               (self.out_key, day.isoformat())))

    def record_html_pieces(self, day: dt.date, pieces: Mapping[str, str], anew: bool = False) -> None:
        """The pieces of the page a day was written with: only these are kept, so the table stays the day's size.

        A piece kept before is not written again, unless `anew` (a rebuild,
        which converted every piece: what was kept may be what it repairs).
        """
        key = (self.out_key, day.isoformat())
        if anew:
            self._run("DELETE FROM html_pieces WHERE out_key = ? AND day = ?", key)
        kept = {piece for (piece,) in self._rows("SELECT piece FROM html_pieces WHERE out_key = ? AND day = ?", key)}
        with self._errors():
            self._db.executemany("DELETE FROM html_pieces WHERE out_key = ? AND day = ? AND piece = ?",
                                 [(*key, piece) for piece in kept if piece not in pieces])
            self._db.executemany("INSERT INTO html_pieces VALUES (?, ?, ?, ?)",
                                 [(*key, piece, html) for piece, html in pieces.items() if piece not in kept])

    @_stored
    def last_day_written(self) -> dt.date | None:
        """The newest day with a briefing written."""
        rows = self._rows("SELECT MAX(day) FROM briefings WHERE out_key = ?", (self.out_key,))
        return dt.date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def forget_html_pieces_before(self, day: dt.date) -> None:
        """Let go of the kept pieces of the days before `day`: a day is rarely written again once it is past,
        and one that is has every piece converted again (the pieces would take megabytes a month)."""
        self._run("DELETE FROM html_pieces WHERE out_key = ? AND day < ?", (self.out_key, day.isoformat()))

    def forget_day(self, day: dt.date) -> None:
        """A day left with no article: its records go, it is no longer pending, and no email of it is owed."""
        for table in ("briefings", "pending_days", "stories", "day_terms", "story_texts", "html_pieces", "deliveries"):
            self._run(f"DELETE FROM {table} WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))

    # --- stories across days ----------------------------------------------------------

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

    def unmark_pending(self, days: Iterable[dt.date]) -> None:
        """`days` are no longer to be written (composed in case, they were found as they were)."""
        for day in days:
            self._run("DELETE FROM pending_days WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))

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
        made = self.seed_versions(day)
        stored = {anchor: (title, features, shown, first, reports) for anchor, title, features, shown, first, reports
                  in self._rows("SELECT anchor, title, features, shown, first, reports FROM stories "
                                "WHERE out_key = ? AND day = ?", key)}
        rows = {}
        for story in stories:
            reports = _json([[name, *made.get(name, ("", ""))] for name in story.seeds])
            before = stored.get(story.anchor)
            # Read back only what reads as _json wrote it: a damaged record is made anew.
            same = (reuse and before is not None and before[4] == reports
                    and before[1].startswith('{"terms":') and before[1].endswith("}"))
            features = before[1] if same else _json(story.features())
            rows[story.anchor] = (story.title, features, _json(story.shown),
                                  _json(story.first) if story.first else None, reports)
        gone = [(*key, anchor) for anchor in stored if anchor not in rows]
        changed = [(*key, anchor, *row) for anchor, row in rows.items() if stored.get(anchor) != row]
        with self._errors():
            self._db.executemany("DELETE FROM stories WHERE out_key = ? AND day = ? AND anchor = ?", gone)
            self._db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)", changed)

    def seed_versions(self, day: dt.date) -> dict[str, tuple[str, str]]:
        """The day's seeds in its briefing, by name, each with what its summary was made from: (content hash,
        settings)."""
        rows = self._rows("SELECT name, content_hash, settings FROM seeds WHERE out_key = ? AND day = ? "
                          "AND reason IS NULL ORDER BY name", (self.out_key, day.isoformat()))
        return {name: (content or "", settings or "") for name, content, settings in rows}

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
    def stories_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str, str, dict, list[str], dict | None]]:
        """The stories of written days from `first` to `last`: (day, anchor, title, features, shown, first report)."""
        rows = self._rows("SELECT day, anchor, title, features, shown, first FROM stories WHERE out_key = ? "
                          "AND day BETWEEN ? AND ? ORDER BY day, anchor",
                          (self.out_key, first.isoformat(), last.isoformat()))
        found = []
        for day, anchor, title, features, shown, first_report in rows:
            try:
                found.append((dt.date.fromisoformat(day), anchor, title, json.loads(features), json.loads(shown),
                              json.loads(first_report) if first_report else None))
            except ValueError:
                continue  # a record that does not read: that story is not found as developing
        return found

    def story_texts(self, day: dt.date) -> dict[str, str]:
        """The texts of the day's stories when it was last written, by what each was made of (StoryMemo)."""
        return dict(self._rows("SELECT made_of, texts FROM story_texts WHERE out_key = ? AND day = ?",
                               (self.out_key, day.isoformat())))

    def record_story_texts(self, day: dt.date, texts: Mapping[str, str]) -> None:
        """The texts of the stories a written day shows: only these are kept, so the table stays the day's size."""
        self._run("DELETE FROM story_texts WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))
        for made_of, text in sorted(texts.items()):
            self._run("INSERT INTO story_texts VALUES (?, ?, ?, ?)", (self.out_key, day.isoformat(), made_of, text))

    def record_day_terms(self, day: dt.date, reports: int, df: dict[str, int]) -> None:
        self._run("INSERT OR REPLACE INTO day_terms VALUES (?, ?, ?, ?)",
                  (self.out_key, day.isoformat(), reports, _json(df)))

    @_stored
    def day_terms_between(self, first: dt.date, last: dt.date) -> list[tuple[int, dict[str, int]]]:
        """(reports, {stem: df}) of each written day from `first` to `last`."""
        rows = self._rows("SELECT reports, df FROM day_terms WHERE out_key = ? AND day BETWEEN ? AND ?",
                          (self.out_key, first.isoformat(), last.isoformat()))
        return [(reports, json.loads(df)) for reports, df in rows]

    # --- the output folder -------------------------------------------------------

    def knows_output(self, key: str) -> bool:
        """Whether an output folder of this store has the key `key` (see migrations.output_key)."""
        return bool(self._rows("SELECT 1 FROM outputs WHERE out_key = ?", (key,)))

    def feed_changed(self) -> dt.datetime | None:
        """When a day last left the feed (see publish_days), or None."""
        rows = self._rows("SELECT feed_updated FROM outputs WHERE out_key = ?", (self.out_key,))
        try:
            found = dt.datetime.fromisoformat(rows[0][0]) if rows and rows[0][0] else None
        except (TypeError, ValueError):
            return None  # damaged: the feed's entries alone date it
        return found if found is not None and found.tzinfo is not None else None

    def record_feed_changed(self, when: dt.datetime) -> None:
        self._run("UPDATE outputs SET feed_updated = ? WHERE out_key = ?", (when.isoformat(), self.out_key))

    def feed_namespace(self) -> str:
        """A UUID of this output folder that names its feed's entries when site.url is not set."""
        found = self._rows("SELECT feed_namespace FROM outputs WHERE out_key = ?", (self.out_key,))[0][0]
        try:
            return str(uuid.UUID(str(found)))
        except ValueError:
            raise self._damaged("a stored value cannot be read: the feed's namespace is no UUID") from None

    def archive_settings(self) -> str | None:
        """The site settings (`Settings.page`) the archive and the feed were last written with; None if unknown."""
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (f"archive settings {self.out_key}",))
        return rows[0][0] if rows else None

    def record_archive_settings(self, page: str) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"archive settings {self.out_key}", page))

    def last_settings(self) -> str | None:
        rows = self._rows("SELECT settings FROM outputs WHERE out_key = ?", (self.out_key,))
        return rows[0][0] if rows else None

    def record_settings(self, settings: str) -> None:
        self._run("UPDATE outputs SET settings = ? WHERE out_key = ?", (settings, self.out_key))

    # --- runs and deliveries -------------------------------------------------------

    def record_run(self, started: dt.datetime, finished: dt.datetime, new: int, skipped: int, files: int) -> None:
        self._run("INSERT INTO runs (out_key, started_at, finished_at, new, skipped, files) VALUES (?, ?, ?, ?, ?, ?)",
                  (self.out_key, started.isoformat(), finished.isoformat(), new, skipped, files))

    @_stored
    def last_run_started(self) -> dt.datetime | None:
        """When the latest completed run of this output folder started (UTC), if any did."""
        rows = self._rows("SELECT MAX(started_at) FROM runs WHERE out_key = ?", (self.out_key,))
        return dt.datetime.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def queue_delivery(self, day: dt.date, channel: str) -> None:
        """Mark a day's briefing to be sent (again, if it was sent before and has changed)."""
        self._run(
            "INSERT INTO deliveries (out_key, day, channel, queued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (out_key, day, channel) DO UPDATE SET queued_at = excluded.queued_at, "
            "attempts = 0, last_error = NULL, sent_at = NULL",
            (self.out_key, day.isoformat(), channel, _now()))

    @_stored
    def pending_deliveries(self, channel: str) -> list[dt.date]:
        rows = self._rows("SELECT day FROM deliveries WHERE out_key = ? AND channel = ? AND sent_at IS NULL "
                          "ORDER BY day", (self.out_key, channel))
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def record_delivery(self, day: dt.date, channel: str, error: str | None) -> None:
        """One attempt to deliver: sent if `error` is None, else still pending with the reason."""
        if error is None:
            self._run("UPDATE deliveries SET attempts = attempts + 1, last_error = NULL, sent_at = ? "
                      "WHERE out_key = ? AND day = ? AND channel = ?", (_now(), self.out_key, day.isoformat(), channel))
        else:
            self._run("UPDATE deliveries SET attempts = attempts + 1, last_error = ? "
                      "WHERE out_key = ? AND day = ? AND channel = ?", (error, self.out_key, day.isoformat(), channel))


    # --- fetching (the FetchStore of briefing/ingest/fetch) -------------------------

    def get_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) last stored for a feed; (None, None) if none."""
        rows = self._rows("SELECT etag, last_modified FROM fetch_validators WHERE seeds_key = ? AND feed_url = ?",
                          (self.seeds_key, feed_url))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def set_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        """Store a feed's validators once its new entries are written; both None forgets them."""
        with self.transaction():
            if etag is None and last_modified is None:
                self._run("DELETE FROM fetch_validators WHERE seeds_key = ? AND feed_url = ?",
                          (self.seeds_key, feed_url))
            else:
                self._run("INSERT INTO fetch_validators VALUES (?, ?, ?, ?, ?) ON CONFLICT (seeds_key, feed_url) "
                          "DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                          "updated_at = excluded.updated_at", (self.seeds_key, feed_url, etag, last_modified, _now()))

    def seen(self, key: str) -> bool:
        """True if an entry with this key was written as a seed before."""
        return self.seed_of(key) is not None

    def seed_of(self, key: str) -> str | None:
        """The seed (inside the seeds folder) written for an entry with this key, if any."""
        rows = self._rows("SELECT path FROM fetch_seen WHERE seeds_key = ? AND key = ?", (self.seeds_key, key))
        return rows[0][0] if rows else None

    def keys_of(self, path: str) -> list[str]:
        """The keys recorded for the seed at `path`."""
        return [key for key, in self._rows("SELECT key FROM fetch_seen WHERE seeds_key = ? AND path = ?",
                                           (self.seeds_key, path))]

    def mark_seen(self, keys: Sequence[str], path: str) -> None:
        """Record, all together and at once, that these keys belong to the seed at `path` (inside the seeds folder).

        Called after the seed's files are written, so the store never claims a seed that is not on disk.
        """
        stamp = _now()
        with self.transaction():
            for key in keys:
                self._run("INSERT OR IGNORE INTO fetch_seen VALUES (?, ?, ?, ?)", (self.seeds_key, key, path, stamp))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _now() -> str:
    return _stamp(dt.datetime.now(dt.timezone.utc))
