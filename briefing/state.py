"""The SQLite record of what was processed, per output folder.

One row per seed file and output folder: the file's stat and content hash,
and for a seed that was summarised, the day it belongs to and its summary as
JSON (without the article's text, which stays in the seed file), so a day's
briefing can be composed again without re-reading seeds. A seed that failed
is recorded too, with its reason, so an unchanged bad file is not re-read and
re-reported on every run. Each day whose briefing was written has a row
(story count, when first written and last changed, the page's body) for the
archive and the feed, and each briefing owed by email a row until it is sent.
The schema and its upgrades are in migrations.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Iterator

from .errors import OutputError
from .migrations import NewerSchema, migrate
from .models import Article, PublishedBriefing, ScoredSentence, SeedFile, Summary


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
    article["paragraphs"] = ()
    article["tags"] = tuple(article["tags"])
    return Summary(
        article=Article(**article),
        sentences=tuple(ScoredSentence(**s) for s in data["sentences"]),
        key_points=tuple(data["key_points"]),
        algorithm=data["algorithm"],
        # Interned: a big day holds thousands of summaries, and their terms repeat.
        terms=tuple((sys.intern(term), count) for term, count in data["terms"]),
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
            migrate(self._db)
        except NewerSchema as error:
            raise OutputError(
                f"state store {path} was written by a newer briefing (schema {error}); upgrade briefing"
            ) from None
        except sqlite3.DatabaseError as error:
            raise OutputError(f"state store {path}: {error}") from None
        except OSError as error:
            raise OutputError(f"state store {path}: {error.strerror}") from None

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

    def known_stats(self) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of every recorded seed."""
        rows = self._db.execute("SELECT path, size, mtime_ns FROM seeds WHERE out_dir = ?", (self.out_dir,))
        return {path: (size, mtime) for path, size, mtime in rows}

    def known_digests(self) -> dict[str, str | None]:
        """path -> content hash of every recorded seed (None if it could not be read)."""
        rows = self._db.execute("SELECT path, content_hash FROM seeds WHERE out_dir = ?", (self.out_dir,))
        return dict(rows.fetchall())

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
            "SELECT day, stories, first_written, updated, content_hash FROM briefings WHERE out_dir = ? ORDER BY day",
            (self.out_dir,),
        )
        return [
            PublishedBriefing(dt.date.fromisoformat(day), stories, dt.datetime.fromisoformat(first),
                              dt.datetime.fromisoformat(updated), digest)
            for day, stories, first, updated, digest in rows
        ]

    def days_not_published(self) -> list[dt.date]:
        """Days with articles but no briefing on record."""
        rows = self._db.execute(
            "SELECT DISTINCT day FROM seeds WHERE out_dir = ? AND day IS NOT NULL AND reason IS NULL "
            "AND day NOT IN (SELECT day FROM briefings WHERE out_dir = ?) ORDER BY day",
            (self.out_dir, self.out_dir),
        )
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def kept_body(self, day: dt.date) -> tuple[str, str] | None:
        """The day's sanitised page body and feed summary as last written; None if none was."""
        row = self._db.execute(
            "SELECT feed_html, feed_summary FROM briefings WHERE out_dir = ? AND day = ?",
            (self.out_dir, day.isoformat()),
        ).fetchone()
        return (row[0], row[1]) if row and row[0] is not None else None

    def pending_deliveries(self, channel: str) -> list[dt.date]:
        rows = self._db.execute(
            "SELECT day FROM deliveries WHERE out_dir = ? AND channel = ? AND sent_at IS NULL ORDER BY day",
            (self.out_dir, channel),
        )
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def last_run_started(self) -> dt.datetime | None:
        """When the latest completed run of this output folder started (UTC), if any did."""
        row = self._db.execute(
            "SELECT MAX(started_at) FROM runs WHERE out_dir = ?", (self.out_dir,)
        ).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    # --- changes (call inside `transaction()`) ------------------------------

    def record_briefing(self, record: PublishedBriefing, body_html: str, feed_summary: str) -> None:
        """Record a day's briefing as written, with the body its neighbours and the feed reuse."""
        self._db.execute(
            "INSERT INTO briefings (out_dir, day, stories, content_hash, first_written, updated, feed_html, "
            "feed_summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (out_dir, day) DO UPDATE SET stories = excluded.stories, "
            "content_hash = excluded.content_hash, first_written = excluded.first_written, "
            "updated = excluded.updated, feed_html = excluded.feed_html, feed_summary = excluded.feed_summary",
            (self.out_dir, record.day.isoformat(), record.stories, record.digest, _stamp(record.first_written),
             _stamp(record.updated), body_html, feed_summary),
        )

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
        """A seed summarised into `day`, its Summary already made JSON by `summary_to_json` (in a worker)."""
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


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _now() -> str:
    return _stamp(dt.datetime.now(dt.timezone.utc))
