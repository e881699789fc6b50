"""A store brought to this release's schema: the steps of schema.py it is missing, applied in order.

`schema_version` in the `meta` table says how many steps a store has had.
Opening a store applies the missing steps in order, each in its own
transaction, so a store made by any earlier release is brought up to date,
and one made by a newer release is refused rather than damaged.
"""

from __future__ import annotations

import contextlib
import sqlite3

from .schema import SCHEMA_VERSION, STEPS, Context, output_key

__all__ = ["SCHEMA_VERSION", "STEPS", "Context", "NewerSchema", "UnreadableRecord", "UnversionedTables",
           "check_versioned", "current_version", "migrate", "output_key"]


class UnreadableRecord(Exception):
    """A record a step must read does not read as the schema it upgrades from wrote it: damage."""


class NewerSchema(Exception):
    """Raised when a store was written by a newer release, with more steps than this one knows."""


class UnversionedTables(Exception):
    """Raised when a store with no schema version holds tables no release before versions made: another
    program's database (its tables named), or a store of briefing's that lost its version."""

    def __init__(self, tables: list[str], ours: bool) -> None:
        super().__init__(", ".join(tables))
        self.tables, self.ours = tables, ours


# The tables of the release before schema versions, which a store without one may hold (step 1 keeps them).
_UNVERSIONED_TABLES = {"seeds", "runs", "briefings", "deliveries"}
_BRIEFING_TABLES = _UNVERSIONED_TABLES | {
    "outputs", "pending_days", "stories", "day_terms", "fetch_validators", "fetch_seen", "story_texts", "story_links",
    "html_pieces", "passed_over", "stems",
}


def migrate(db: sqlite3.Connection, context: Context) -> None:
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
            try:
                STEPS[version](db, context)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                raise UnreadableRecord(f"a stored value cannot be read while upgrading it: {type(error).__name__}") \
                    from None
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version + 1),))
            db.execute("COMMIT")
        except BaseException:
            # A failure such as a full disk may have rolled back already: its error is the one to tell.
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise


def current_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    version = int(row[0])  # ValueError for a damaged value: the caller says how to recover
    if version < 0:
        raise ValueError(version)
    return version


def check_versioned(db: sqlite3.Connection) -> None:
    """UnversionedTables for a store without a schema version that holds tables the first step would not keep:
    briefing's tables would be added to another program's database, or step 2 fail on a table it makes.
    Reads only: called before anything is written to the store (even the journal mode)."""
    try:
        if current_version(db) != 0:
            return
    except sqlite3.OperationalError as error:  # no meta table (or one of another program's): a new store, or theirs
        if not str(error).startswith(("no such table", "no such column")):
            raise  # a failure to read it (a full disk, an I/O error) is no store without a version
    except ValueError:  # a damaged version: migrate() says so
        return
    tables = sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                    if name != "meta" and not name.startswith("sqlite_"))
    if not set(tables) <= _UNVERSIONED_TABLES:
        foreign = [name for name in tables if name not in _BRIEFING_TABLES]
        raise UnversionedTables(foreign or tables, ours=not foreign)
