"""The state store's schema, as numbered steps from an empty database (applied by migrations.py).

Step k brings a store from version k - 1 to version k. Append only: a step,
once released, never changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .schema_sql import V1_STATEMENTS, V3_INDEXES, V3_STATEMENTS, V5_STATEMENTS


@dataclass(frozen=True)
class Context:
    """Where the store is used: some steps turn absolute paths into names relative to these."""

    state_dir: Path
    seeds_dir: Path
    out_dir: Path


def output_key(out_dir: Path, state_dir: Path) -> str:
    """How the store names an output folder: its path from the store's folder, so a moved project carries on."""
    return Path(os.path.relpath(out_dir.resolve(), state_dir.resolve())).as_posix()


def _v1_initial(db: sqlite3.Connection, context: Context) -> None:
    """The tables as first released: seeds, runs, written briefings, deliveries."""
    # One statement at a time: executescript() would commit the step's transaction.
    for statement in V1_STATEMENTS:
        db.execute(statement)


def _v2_terms_as_pairs(db: sqlite3.Connection, context: Context) -> None:
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


def _v3_relative_names(db: sqlite3.Connection, context: Context) -> None:
    """Records keyed by names that survive a moved project; pending days; settings; withdrawn seeds.

    Output folders were known by their absolute path and seeds by theirs:
    after `mv proj proj2` every seed looked new. Now an output folder is
    known by its path from the store's folder, and a seed by its path inside
    the seeds folder (seeds outside today's seeds folder keep their absolute
    path: they match nothing, as before).
    """
    for statement in V3_STATEMENTS:
        db.execute(statement)
    keys: dict[str, str] = {}

    def key(out_dir: str) -> str:
        if out_dir not in keys:
            keys[out_dir] = output_key(Path(out_dir), context.state_dir)
            # Feed entries keep the ids they had: the same name-based UUIDs.
            namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{Path(out_dir).as_uri()}")
            db.execute("INSERT OR IGNORE INTO outputs VALUES (?, ?, NULL)", (keys[out_dir], str(namespace)))
        return keys[out_dir]

    seeds_dir = str(context.seeds_dir.resolve())
    for row in db.execute("SELECT * FROM seeds").fetchall():
        out_dir, path, size, mtime_ns, digest, day, reason, summary, processed_at = row
        name = Path(os.path.relpath(path, seeds_dir)).as_posix() if path.startswith(seeds_dir + os.sep) else path
        twin_of = None
        if reason and reason.startswith("same content as "):
            twin = reason.removeprefix("same content as ")
            twin_of = Path(os.path.relpath(twin, seeds_dir)).as_posix() if twin.startswith(seeds_dir + os.sep) else twin
            reason = f"same content as {twin_of}"
        if summary is not None:
            data = json.loads(summary)
            data["article"]["seed"] = name
            summary = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        db.execute("INSERT OR REPLACE INTO seeds3 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?)",
                   (key(out_dir), name, size, mtime_ns, digest, day, reason, twin_of, summary, processed_at))
    for row in db.execute("SELECT * FROM briefings").fetchall():
        db.execute("INSERT OR REPLACE INTO briefings3 VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", (key(row[0]), *row[1:]))
    for row in db.execute("SELECT out_dir, started_at, finished_at, new, skipped, files FROM runs").fetchall():
        db.execute("INSERT INTO runs3 (out_key, started_at, finished_at, new, skipped, files) VALUES (?, ?, ?, ?, ?, ?)",
                   (key(row[0]), *row[1:]))
    for row in db.execute("SELECT * FROM deliveries").fetchall():
        db.execute("INSERT OR REPLACE INTO deliveries3 VALUES (?, ?, ?, ?, ?, ?, ?)", (key(row[0]), *row[1:]))
    for table in ("seeds", "briefings", "runs", "deliveries"):
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}3 RENAME TO {table}")
    for statement in V3_INDEXES:
        db.execute(statement)


def _v4_stories(db: sqlite3.Connection, context: Context) -> None:
    """The stories each written day showed, to find developing stories; each day's stem frequencies."""
    db.execute(
        "CREATE TABLE stories (out_key TEXT NOT NULL, day TEXT NOT NULL, anchor TEXT NOT NULL, "
        "title TEXT NOT NULL, "
        "features TEXT NOT NULL, "  # JSON: the story's reports merged (terms, names, headline stems, date)
        "shown TEXT NOT NULL, "  # JSON: the sentences it showed
        "first TEXT, "  # JSON: where it was first reported, if it was developing
        "PRIMARY KEY (out_key, day, anchor))"
    )
    db.execute(
        "CREATE TABLE day_terms (out_key TEXT NOT NULL, day TEXT NOT NULL, reports INTEGER NOT NULL, "
        "df TEXT NOT NULL, "  # JSON: stem -> how many of the day's reports keep it among their terms
        "PRIMARY KEY (out_key, day))"
    )


def _v5_fetch_tables(db: sqlite3.Connection, context: Context) -> None:
    """What `briefing fetch` remembers: each feed's ETag and Last-Modified, and the entries already written.

    Both belong to a seeds folder, not to an output folder: the seeds a fetch
    writes are read by every briefing made from that folder.
    """
    for statement in V5_STATEMENTS:
        db.execute(statement)


def _v6_story_texts(db: sqlite3.Connection, context: Context) -> None:
    """The texts of each written day's stories, by what each was made of; every seed's stat in an index.

    A story that gains no report is then not summarised again (StoryMemo).
    """
    db.execute(
        "CREATE TABLE story_texts (out_key TEXT NOT NULL, day TEXT NOT NULL, "
        "made_of TEXT NOT NULL, "  # a digest of the story's reports, the settings and the sentences shown before
        "texts TEXT NOT NULL, "  # JSON: [[summary text, seed], ...], [[key point, seed], ...]
        "PRIMARY KEY (out_key, day, made_of))"
    )
    # Every run reads every seed's stat: from this index alone, not from the
    # table's pages with each seed's summary (0.2 s at 50,000 seeds).
    db.execute("CREATE INDEX seeds_stats ON seeds (out_key, name, size, mtime_ns)")


def _v7_story_reports(db: sqlite3.Connection, context: Context) -> None:
    """Which reports each written story holds: a day that gains a report groups only the stories it can join."""
    # JSON: [[seed name, content hash, summary settings], ...]; NULL for stories written before.
    db.execute("ALTER TABLE stories ADD COLUMN reports TEXT")


def _v8_html_pieces(db: sqlite3.Connection, context: Context) -> None:
    """The HTML of each piece of a written day's page: a day that gains a report converts only what changed."""
    db.execute(
        "CREATE TABLE html_pieces (out_key TEXT NOT NULL, day TEXT NOT NULL, "
        "piece TEXT NOT NULL, "  # a digest of the piece's Markdown and of what converts it (publish/html.py)
        "html TEXT NOT NULL, "  # before sanitising: the page's HTML is sanitised whole
        "PRIMARY KEY (out_key, day, piece))"
    )


def _v9_passed_over(db: sqlite3.Connection, context: Context) -> None:
    """The entries of the seeds folder that are no seeds (a PDF, a FIFO), as last reported: reported once."""
    db.execute(
        "CREATE TABLE passed_over (out_key TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL, "
        "PRIMARY KEY (out_key, name))"
    )


def _v10_feed_updated(db: sqlite3.Connection, context: Context) -> None:
    """When the feed last changed: a day leaving it changes it, and its `updated` must not go back."""
    db.execute("ALTER TABLE outputs ADD COLUMN feed_updated TEXT")  # ISO 8601, UTC; NULL until a feed is written


def _v11_failures_index(db: sqlite3.Connection, context: Context) -> None:
    """The seeds recorded without a summary, found without reading every seed: each run retries those whose
    summarising raised an error (pipeline/seeds.py)."""
    db.execute("CREATE INDEX seeds_without_summary ON seeds (out_key) WHERE reason IS NOT NULL")


def _v12_seed_ctime(db: sqlite3.Connection, context: Context) -> None:
    """When each seed's inode last changed: a seed replaced by another of the same size with its time kept
    (`cp -p`, `tar x`) is read again. NULL until a run records it. The stats' index covers it, so that a
    run with nothing new reads no seed's record (State.known_stats)."""
    db.execute("ALTER TABLE seeds ADD COLUMN ctime_ns INTEGER")
    db.execute("DROP INDEX seeds_stats")
    db.execute("CREATE INDEX seeds_stats ON seeds (out_key, name, size, mtime_ns, ctime_ns)")


def _v13_page_settings(db: sqlite3.Connection, context: Context) -> None:
    """The language and title each day's page was written with: a neighbour's page written again for its
    links keeps them (it kept its words and its stories' languages, under another `lang`). NULL until written."""
    db.execute("ALTER TABLE briefings ADD COLUMN page TEXT")  # JSON: {"language": ..., "title": ...}


def _v14_records_parted(db: sqlite3.Connection, context: Context) -> None:
    """Each summary's record kept in two parts, its candidate sentences (most of it) apart, with a digest of
    the whole: a big day's reports are loaded for grouping without reading the candidates, or hashing every
    record again (records.record_parts)."""
    from .records import record_parts

    db.execute("ALTER TABLE seeds ADD COLUMN record_digest TEXT")  # before `candidates`: read without walking it
    db.execute("ALTER TABLE seeds ADD COLUMN candidates TEXT")  # NULL: none, or `summary` is the whole record
    for records in _records_in_chunks(db):
        db.executemany("UPDATE seeds SET summary = ?, candidates = ?, record_digest = ? WHERE rowid = ?",
                       [(*record_parts(record), rowid) for rowid, record in records])


def _records_in_chunks(db: sqlite3.Connection) -> Iterator[list[tuple[int, str]]]:
    """(rowid, summary record) of every seed with one, 500 at a time: a big store's are not all held at once.
    A record that is not UTF-8 is left out: damage of its own, left as it was, as the readers find it (read as
    text, it would fail the whole upgrade, not only the reading of its day)."""
    rowids = [rowid for (rowid,) in db.execute("SELECT rowid FROM seeds WHERE summary IS NOT NULL")]
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        rows = db.execute("SELECT rowid, CAST(summary AS BLOB) FROM seeds WHERE typeof(summary) = 'text' AND rowid IN "
                          f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        records = []
        for rowid, stored in rows:
            with contextlib.suppress(UnicodeDecodeError):
                records.append((rowid, stored.decode("utf-8")))
        yield records


def _v15_terms_numbered(db: sqlite3.Connection, context: Context) -> None:
    """Every stem numbered once, and each record's terms kept beside it as numbers (term_records.py): a big
    day's terms are read for grouping as two arrays, not as a million strings."""
    from .term_records import numbered_terms_blob

    db.execute("CREATE TABLE stems (number INTEGER PRIMARY KEY, stem TEXT NOT NULL UNIQUE)")
    db.execute("ALTER TABLE seeds ADD COLUMN term_numbers BLOB")  # NULL: read the terms from the record
    # A day's terms read from the index alone: in the table they come after its records (a tenth of a
    # second for 10,000 reports, against 0.015 s).
    db.execute("CREATE INDEX seeds_terms ON seeds (out_key, day, name, term_numbers) WHERE reason IS NULL")
    known: dict[str, int] = {}  # the stems numbered so far
    for records in _records_in_chunks(db):
        db.executemany("UPDATE seeds SET term_numbers = ? WHERE rowid = ?",
                       [(numbered_terms_blob(db, record, known), rowid) for rowid, record in records])


def _v16_covering_indexes(db: sqlite3.Connection, context: Context) -> None:
    """What each run asks of every seed read from indexes alone, not from the table (where each row lies
    among records): the content hashes (twins), the withdrawn seeds, a day's versions, whole or by name, and its
    terms (adding one seed to a day of 10,000 read 10,000 rows four times over)."""
    # Indexes hold nothing of their own: one a user dropped, or made under one of these names, is made as
    # this step makes it, not a store that no run can open ("no such index") until it is mended by hand.
    for index in ("seeds_stats", "seeds_versions", "seeds_terms", "seeds_withdrawn"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    db.execute("CREATE INDEX seeds_stats ON seeds (out_key, name, size, mtime_ns, ctime_ns, content_hash)")
    # (`reason`, NULL in every entry, makes it covering for SQLite's planner: the queries ask `reason IS NULL`.)
    db.execute("CREATE INDEX seeds_versions ON seeds (out_key, day, name, content_hash, settings, reason) "
               "WHERE reason IS NULL")
    # The day's terms likewise: without `reason` the planner took the index of versions for them, as good to
    # it, and read each term_numbers from the table (7 ms for a day of 2,000, against 1.3).
    db.execute("CREATE INDEX seeds_terms ON seeds (out_key, day, name, term_numbers, reason) WHERE reason IS NULL")
    db.execute("CREATE INDEX seeds_withdrawn ON seeds (out_key, withdrawn, name, content_hash) WHERE withdrawn = 1")


def _v17_story_links(db: sqlite3.Connection, context: Context) -> None:
    """The earlier story each written story followed, by what it was found from: a day that gains a report
    finds the links of the stories it changed, not of all its stories (compose/developing.py)."""
    db.execute(
        "CREATE TABLE story_links (out_key TEXT NOT NULL, day TEXT NOT NULL, "
        "made_of TEXT NOT NULL, "  # a digest of the story's reports and of the earlier stories it was compared with
        "found TEXT, "  # JSON: [day, anchor] of the story it follows, or null: it follows none
        "PRIMARY KEY (out_key, day, made_of))"
    )


def _v18_delivery_progress(db: sqlite3.Connection, context: Context) -> None:
    """Whom each pending delivery has reached: a reader the server refused for now (a full mailbox, 452) is
    sent the day again by a later run, and those it reached are not, nor a part of a long list that went out
    before the connection failed."""
    db.execute("ALTER TABLE deliveries ADD COLUMN done_with TEXT")  # JSON: the mailboxes sent it or refused for good
    # ISO 8601, UTC: when a reader was first refused it for now (they are tried for pipeline.delivery's
    # RETRY_REFUSED_FOR from then); NULL until one is.
    db.execute("ALTER TABLE deliveries ADD COLUMN refused_since TEXT")


# Step k brings a store from version k - 1 to version k. Append only: a step,
# once released, never changes.
STEPS: tuple[Callable[[sqlite3.Connection, Context], None], ...] = (
    _v1_initial,
    _v2_terms_as_pairs,
    _v3_relative_names,
    _v4_stories,
    _v5_fetch_tables,
    _v6_story_texts,
    _v7_story_reports,
    _v8_html_pieces,
    _v9_passed_over,
    _v10_feed_updated,
    _v11_failures_index,
    _v12_seed_ctime,
    _v13_page_settings,
    _v14_records_parted,
    _v15_terms_numbered,
    _v16_covering_indexes,
    _v17_story_links,
    _v18_delivery_progress,
)
SCHEMA_VERSION = len(STEPS)
