"""The state store's schema, as numbered steps from an empty database.

`schema_version` in the `meta` table says how many steps a store has had.
Opening a store applies the missing steps in order, each in its own
transaction, so a store made by any earlier release is brought up to date,
and one made by a newer release is refused rather than damaged.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Callable


def _v1_initial(db: sqlite3.Connection) -> None:
    """The tables as first released: seeds, runs, written briefings, deliveries."""
    # One statement at a time: executescript() would commit the step's transaction.
    for statement in _V1_STATEMENTS:
        db.execute(statement)


_V1_STATEMENTS = (
    """
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
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS seeds_by_day ON seeds (out_dir, day)
    """,
    """
    CREATE INDEX IF NOT EXISTS seeds_by_hash ON seeds (out_dir, content_hash)
    """,
    """
    CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        out_dir TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        new INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        files INTEGER NOT NULL
    )
    """,
    """
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
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS deliveries (
        out_dir TEXT NOT NULL,
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at TEXT,
        PRIMARY KEY (out_dir, day, channel)
    )
    """,
)


def _v2_terms_as_pairs(db: sqlite3.Connection) -> None:
    """A summary's terms become [[stem, count], ...] instead of one "stem:count stem:count" string."""
    rows = db.execute("SELECT rowid, summary FROM seeds WHERE summary IS NOT NULL").fetchall()
    for rowid, text in rows:
        data = json.loads(text)
        terms = data.get("terms", "")
        if isinstance(terms, str):
            pairs = [item.rpartition(":") for item in terms.split()]
            data["terms"] = [[term, int(count)] for term, _, count in pairs]
            db.execute("UPDATE seeds SET summary = ? WHERE rowid = ?",
                       (json.dumps(data, ensure_ascii=False, separators=(",", ":")), rowid))


# Step k brings a store from version k - 1 to version k. Append only: a step,
# once released, never changes.
STEPS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_initial,
    _v2_terms_as_pairs,
)
SCHEMA_VERSION = len(STEPS)


class NewerSchema(Exception):
    """Raised when a store was written by a newer release, with more steps than this one knows."""


def migrate(db: sqlite3.Connection) -> None:
    """Apply the steps a store is missing, each in a transaction of its own; db in autocommit mode."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    while True:
        db.execute("BEGIN IMMEDIATE")  # one process migrates; another waits, then finds it done
        try:
            version = current_version(db)
            if version > SCHEMA_VERSION:
                raise NewerSchema(str(version))
            if version == SCHEMA_VERSION:
                db.execute("ROLLBACK")
                return
            STEPS[version](db)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version + 1),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def current_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    return int(row[0])  # ValueError for a damaged value: the caller says how to recover
