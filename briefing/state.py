"""The SQLite record of what was processed, per output folder.

One row per seed file and output folder: the file's stat and content hash,
and for a seed that was summarised, the day it belongs to and its article and
summary as JSON, so a day's briefing can be rebuilt without re-reading seeds.
A seed that failed is recorded too, with its reason, so an unchanged bad file
is not re-read and re-reported on every run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Iterator

from .errors import OutputError
from .models import Article, ScoredSentence, SeedFile, Summary

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
"""


def summary_to_json(summary: Summary) -> str:
    return json.dumps(asdict(summary), ensure_ascii=False, separators=(",", ":"))


def summary_from_json(text: str) -> Summary:
    data = json.loads(text)
    article = data["article"]
    article["paragraphs"] = tuple(article["paragraphs"])
    article["tags"] = tuple(article["tags"])
    return Summary(
        article=Article(**article),
        sentences=tuple(ScoredSentence(**s) for s in data["sentences"]),
        key_points=tuple(data["key_points"]),
        algorithm=data["algorithm"],
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
            self._check_version()
        except sqlite3.DatabaseError as error:
            raise OutputError(f"state store {path}: {error}") from None
        except OSError as error:
            raise OutputError(f"state store {path}: {error.strerror}") from None

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
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

    # --- changes (call inside `transaction()`) ------------------------------

    def record_summary(self, seed: SeedFile, summary: Summary, day: dt.date) -> None:
        self._upsert(seed, summary.article.content_hash, day.isoformat(), None, summary_to_json(summary))

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
            (self.out_dir, str(seed.path), seed.size, seed.mtime_ns, digest, day, reason, summary,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        )
