"""The SQLite record of what was processed, per output folder.

One row per seed file and output folder: the file's stat and content hash,
and for a seed that was summarised, the day it belongs to and its article and
summary as JSON, so a day's briefing can be rebuilt without re-reading seeds.
A seed that failed is recorded too, with its reason, so an unchanged bad file
is not re-read and re-reported on every run. Each day whose briefing was
written has a row (story count, when first written and last changed) for the
archive and the feed, and each briefing owed by email a row until it is sent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from dataclasses import asdict, replace
from pathlib import Path
from typing import Iterator

from .errors import OutputError
from .models import Article, PublishedBriefing, ScoredSentence, SeedFile, Summary

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seeds (
    out_dir TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT,
    day TEXT,             -- YYYY-MM-DD of the briefing that holds it; NULL if it failed
    reason TEXT,          -- why it was skipped; NULL if it was summarised
    summary TEXT,         -- JSON of the Summary, with its Article
    processed_at TEXT NOT NULL,
    PRIMARY KEY (out_dir, path)
);
CREATE INDEX IF NOT EXISTS seeds_by_day ON seeds (out_dir, day);
CREATE INDEX IF NOT EXISTS seeds_by_hash ON seeds (out_dir, content_hash);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    out_dir TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    new INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    files INTEGER NOT NULL
);
-- One row per day whose briefing was written: the archive and the feed.
CREATE TABLE IF NOT EXISTS briefings (
    out_dir TEXT NOT NULL,
    day TEXT NOT NULL,
    stories INTEGER NOT NULL,
    content_hash TEXT NOT NULL,  -- of the Markdown: `updated` moves only when this does
    first_written TEXT NOT NULL,
    updated TEXT NOT NULL,
    feed_html TEXT,     -- the sanitised body, kept so the feed and neighbouring pages need no day composed again
    feed_summary TEXT,
    PRIMARY KEY (out_dir, day)
);
-- Briefings to send; a row with sent_at NULL is pending and is retried every run.
CREATE TABLE IF NOT EXISTS deliveries (
    out_dir TEXT NOT NULL,
    day TEXT NOT NULL,
    channel TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at TEXT,
    PRIMARY KEY (out_dir, day, channel)
);
"""


def summary_to_json(summary: Summary) -> str:
    """A Summary as the state store keeps it: without its article's text.

    A briefing never shows an article's text, and the seed file keeps it.
    Left out, a summary is under half the size to send from a worker, to
    store, and to load when a big day is composed.
    """
    without_text = replace(summary, article=replace(summary.article, paragraphs=()))
    return json.dumps(asdict(without_text), ensure_ascii=False, separators=(",", ":"))


def summary_from_json(text: str) -> Summary:
    """A Summary from its JSON; its article has no paragraphs (see summary_to_json)."""
    data = json.loads(text)
    article = data["article"]
    paragraphs = article.pop("paragraphs")  # empty, but for rows written when the text was kept
    article["tags"] = tuple(article["tags"])
    article.setdefault("word_count", sum(len(p.split()) for p in paragraphs))
    terms = data.get("terms", "")
    if not isinstance(terms, str):  # pairs, as written before terms became one string
        terms = " ".join(f"{term}:{count}" for term, count in terms)
    return Summary(
        article=Article(**article, paragraphs=()),
        sentences=tuple(ScoredSentence(**s) for s in data["sentences"]),
        key_points=tuple(data["key_points"]),
        algorithm=data["algorithm"],
        terms=terms,
    )


class State:
    """The state store of one output folder. Use as a context manager."""

    def __init__(self, path: Path, out_dir: Path) -> None:
        self.path = path
        self.out_dir = str(out_dir.resolve())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly by `transaction()`.
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._add_missing_columns()
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise OutputError(f"state store {path}: {error}") from None
        except OSError as error:
            raise OutputError(f"state store {path}: {error.strerror}") from None

    def _add_missing_columns(self) -> None:
        # Columns added after a table was first made; each is nullable.
        known = {row[1] for row in self._db.execute("PRAGMA table_info(briefings)")}
        for column in ("feed_html", "feed_summary"):
            if column not in known:
                self._db.execute(f"ALTER TABLE briefings ADD COLUMN {column} TEXT")

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            # OR IGNORE: two processes may create a new store at the same moment.
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise OutputError(
                f"state store {self.path} was written by a newer briefing (schema {row[0]}); upgrade briefing"
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "State":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self, commit: bool = True) -> Iterator[None]:
        """All changes inside are committed together, or not at all (never, with commit=False)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise OutputError(f"state store {self.path}: {error}") from None
        try:
            yield
        except sqlite3.Error as error:
            # A full disk or an I/O error while recording: nothing of this run is kept.
            self._rollback()
            raise OutputError(f"state store {self.path}: {error}") from None
        except BaseException:
            self._rollback()
            raise
        if not commit:
            self._rollback()
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise OutputError(f"state store {self.path}: {error}") from None

    def _rollback(self) -> None:
        # After a failed COMMIT SQLite may have rolled back already.
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("ROLLBACK")

    # --- lookups ----------------------------------------------------------

    def known_stats(self) -> dict[str, tuple[int, int, str | None]]:
        """path -> (size, mtime_ns, content_hash) of every recorded seed."""
        rows = self._db.execute(
            "SELECT path, size, mtime_ns, content_hash FROM seeds WHERE out_dir = ?", (self.out_dir,)
        )
        return {path: (size, mtime, digest) for path, size, mtime, digest in rows}

    def path_with_hash(self, content_hash: str, other_than: str) -> str | None:
        """A summarised seed other than `other_than` with this content, if any."""
        row = self._db.execute(
            "SELECT path FROM seeds WHERE out_dir = ? AND content_hash = ? AND path != ? "
            "AND reason IS NULL LIMIT 1",
            (self.out_dir, content_hash, other_than),
        ).fetchone()
        return row[0] if row else None

    def day_of(self, path: str) -> dt.date | None:
        row = self._db.execute(
            "SELECT day FROM seeds WHERE out_dir = ? AND path = ?", (self.out_dir, path)
        ).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    def summaries_for_day(self, day: dt.date) -> Iterator[Summary]:
        """The day's summaries, by seed path (their articles without text)."""
        rows = self._db.execute(
            "SELECT summary FROM seeds WHERE out_dir = ? AND day = ? AND reason IS NULL ORDER BY path",
            (self.out_dir, day.isoformat()),
        )
        for (text,) in rows:
            yield summary_from_json(text)

    def has_day(self, day: dt.date) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM seeds WHERE out_dir = ? AND day = ? LIMIT 1", (self.out_dir, day.isoformat())
        ).fetchone()
        return row is not None

    def days(self) -> list[dt.date]:
        rows = self._db.execute(
            "SELECT DISTINCT day FROM seeds WHERE out_dir = ? AND day IS NOT NULL ORDER BY day",
            (self.out_dir,),
        )
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def published(self) -> list[PublishedBriefing]:
        """Every day whose briefing was written, oldest first."""
        rows = self._db.execute(
            "SELECT day, stories, first_written, updated FROM briefings WHERE out_dir = ? ORDER BY day",
            (self.out_dir,),
        )
        return [
            PublishedBriefing(dt.date.fromisoformat(day), stories, dt.datetime.fromisoformat(first),
                              dt.datetime.fromisoformat(updated))
            for day, stories, first, updated in rows
        ]

    def days_not_published(self) -> list[dt.date]:
        """Days with articles but no briefing on record (state from before the archive existed)."""
        rows = self._db.execute(
            "SELECT DISTINCT day FROM seeds WHERE out_dir = ? AND day IS NOT NULL AND reason IS NULL "
            "AND day NOT IN (SELECT day FROM briefings WHERE out_dir = ?) ORDER BY day",
            (self.out_dir, self.out_dir),
        )
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def pending_deliveries(self, channel: str) -> list[dt.date]:
        rows = self._db.execute(
            "SELECT day FROM deliveries WHERE out_dir = ? AND channel = ? AND sent_at IS NULL ORDER BY day",
            (self.out_dir, channel),
        )
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def delivery(self, day: dt.date, channel: str) -> dict | None:
        """The delivery record of a day: queued_at, attempts, last_error, sent_at."""
        self._db.row_factory = sqlite3.Row
        try:
            row = self._db.execute(
                "SELECT queued_at, attempts, last_error, sent_at FROM deliveries "
                "WHERE out_dir = ? AND day = ? AND channel = ?",
                (self.out_dir, day.isoformat(), channel),
            ).fetchone()
        finally:
            self._db.row_factory = None
        return dict(row) if row else None

    def last_run_started(self) -> dt.datetime | None:
        """When the latest completed run of this output folder started (UTC), if any did."""
        row = self._db.execute(
            "SELECT MAX(started_at) FROM runs WHERE out_dir = ?", (self.out_dir,)
        ).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    # --- changes (call inside `transaction()`) ------------------------------

    def record_briefing(
        self, day: dt.date, stories: int, content_hash: str, now: dt.datetime, feed_html: str, feed_summary: str
    ) -> bool:
        """Record that a day's briefing was written; True if it is new or its content changed."""
        self._db.execute(
            "UPDATE briefings SET feed_html = ?, feed_summary = ? WHERE out_dir = ? AND day = ?",
            (feed_html, feed_summary, self.out_dir, day.isoformat()),
        )
        row = self._db.execute(
            "SELECT content_hash FROM briefings WHERE out_dir = ? AND day = ?", (self.out_dir, day.isoformat())
        ).fetchone()
        stamp = now.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
        if row is None:
            self._db.execute(
                "INSERT INTO briefings (out_dir, day, stories, content_hash, first_written, updated, "
                "feed_html, feed_summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.out_dir, day.isoformat(), stories, content_hash, stamp, stamp, feed_html, feed_summary),
            )
            return True
        if row[0] == content_hash:
            return False
        self._db.execute(
            "UPDATE briefings SET stories = ?, content_hash = ?, updated = ? WHERE out_dir = ? AND day = ?",
            (stories, content_hash, stamp, self.out_dir, day.isoformat()),
        )
        return True

    def kept_body(self, day: dt.date) -> tuple[str, str, int] | None:
        """The day's sanitised body, feed summary and story count as last written; None if not kept."""
        row = self._db.execute(
            "SELECT feed_html, feed_summary, stories FROM briefings WHERE out_dir = ? AND day = ?",
            (self.out_dir, day.isoformat()),
        ).fetchone()
        return (row[0], row[1], row[2]) if row and row[0] is not None else None

    def queue_delivery(self, day: dt.date, channel: str) -> None:
        """Mark a day's briefing to be sent (again, if it was sent before and has changed)."""
        self._db.execute(
            "INSERT INTO deliveries (out_dir, day, channel, queued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (out_dir, day, channel) DO UPDATE SET queued_at = excluded.queued_at, "
            "attempts = 0, last_error = NULL, sent_at = NULL",
            (self.out_dir, day.isoformat(), channel, _now()),
        )

    def record_delivery(self, day: dt.date, channel: str, error: str | None) -> None:
        """One attempt to deliver: sent if `error` is None, else still pending with the reason."""
        if error is None:
            self._db.execute(
                "UPDATE deliveries SET attempts = attempts + 1, last_error = NULL, sent_at = ? "
                "WHERE out_dir = ? AND day = ? AND channel = ?",
                (_now(), self.out_dir, day.isoformat(), channel),
            )
        else:
            self._db.execute(
                "UPDATE deliveries SET attempts = attempts + 1, last_error = ? "
                "WHERE out_dir = ? AND day = ? AND channel = ?",
                (error, self.out_dir, day.isoformat(), channel),
            )

    def record_summary(self, seed: SeedFile, summary: Summary, day: dt.date) -> None:
        self.record_summary_json(seed, summary.article.content_hash, summary_to_json(summary), day)

    def record_summary_json(self, seed: SeedFile, content_hash: str, summary_json: str, day: dt.date) -> None:
        """record_summary for a Summary already made JSON by `summary_to_json` (in a worker)."""
        self._upsert(seed, content_hash, day.isoformat(), None, summary_json)

    def record_failure(self, seed: SeedFile, content_hash: str | None, reason: str) -> None:
        self._upsert(seed, content_hash, None, reason, None)

    def record_stat(self, seed: SeedFile) -> None:
        """The file was touched but its content is the same: remember the new stat."""
        self._db.execute(
            "UPDATE seeds SET size = ?, mtime_ns = ? WHERE out_dir = ? AND path = ?",
            (seed.size, seed.mtime_ns, self.out_dir, str(seed.path)),
        )

    def record_run(self, started: dt.datetime, finished: dt.datetime, new: int, skipped: int, files: int) -> None:
        self._db.execute(
            "INSERT INTO runs (out_dir, started_at, finished_at, new, skipped, files) VALUES (?, ?, ?, ?, ?, ?)",
            (self.out_dir, started.isoformat(), finished.isoformat(), new, skipped, files),
        )

    def _upsert(self, seed: SeedFile, digest: str | None, day: str | None, reason: str | None, summary: str | None) -> None:
        self._db.execute(
            "INSERT INTO seeds (out_dir, path, size, mtime_ns, content_hash, day, reason, summary, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (out_dir, path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
            "content_hash = excluded.content_hash, day = excluded.day, reason = excluded.reason, "
            "summary = excluded.summary, processed_at = excluded.processed_at",
            (self.out_dir, str(seed.path), seed.size, seed.mtime_ns, digest, day, reason, summary, _now()),
        )


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
