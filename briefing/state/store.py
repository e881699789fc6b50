"""The SQLite connection of the state store: opened, checked, migrated; transactions, and failures said
in one line that names the store."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import json
import os
import sqlite3
import stat
import uuid
from pathlib import Path
from typing import Iterator

from ..config import make_folders, not_writable
from ..errors import OutputError
from ..text import printable, short_line
from .migrations import (
    SCHEMA_VERSION, Context, NewerSchema, UnreadableRecord, UnversionedTables, check_versioned, current_version,
    migrate, output_key,
)

# sqlite3 error codes of a store that is not a sound database.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = 5  # SQLITE_BUSY: another connection holds the write lock longer than the busy timeout
_READONLY = 8  # SQLITE_READONLY: a write refused
_IOERR = 10  # SQLITE_IOERR: a read or write failed (SQLite says so of a full disk too, growing its -shm file)
# Below this many bytes free, the disk holding the store is taken to be why a write failed.
_FULL_BELOW = 1 << 20
_READ_ONLY_FIX = ("make it, the -wal and -shm files beside it and its folder writable, or put the state store "
                  "elsewhere (state = ... in briefing.toml, or --state)")
# The longest absolute path of a store SQLite opens: its 512 bytes (MAX_PATHNAME) less the "-journal" it
# may add. Past it SQLite says only "unable to open database file".
_LONGEST_PATH = 504


def _read_only(path: Path) -> str | None:
    """Which file of the store at `path` (or its folder) this process may not write, said before SQLite opens
    it; None if none. Opened, a read-only store fails only at its first write, and SQLite makes the -wal and
    -shm files it creates beside it as read-only as it is: those would fail every run after the store
    itself is made writable again, the message naming the store."""
    effective = os.access in os.supports_effective_ids
    if os.path.islink(path) and not os.path.exists(path):
        # A link to a store still to be made (on another disk): SQLite makes it, if the link's folder is there.
        if not os.path.isdir(os.path.dirname(os.path.realpath(path))):
            return (f"it is a symbolic link to {printable(os.readlink(path))}, whose folder does not exist: make "
                    "that folder, or remove the link")
    for file in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        if os.path.exists(file) and not os.access(file, os.W_OK, effective_ids=effective):
            if (why := not_writable(file, "it" if file == path else f"{file.name} beside it")) is not None:
                return why
            if file == path:
                return f"it is read-only: make it writable (chmod u+w {file})"
            return (f"{file.name} beside it is read-only (SQLite made it so while the store was): make it writable "
                    f"(chmod u+w {file})")
    if not os.access(path.parent, os.W_OK | os.X_OK, effective_ids=effective):
        if (why := not_writable(path.parent, f"its folder {path.parent}")) is not None:
            return why
        return f"its folder {path.parent} is read-only: SQLite writes files beside the store; make it writable"
    return None


def _odd_file_beside(path: Path) -> str | None:
    """Which file SQLite keeps beside the store at `path` is no regular file, said before SQLite opens it;
    None if none. SQLite opens a FIFO named like its journal to read it, and waits for a writer for
    good (every later run then waits on the run lock); a folder there failed with "disk I/O error"."""
    for end in ("-journal", "-wal", "-shm"):
        file = path.with_name(path.name + end)
        try:
            mode = os.stat(file).st_mode
        except (OSError, ValueError):
            continue  # not there (as between runs), or not to be looked into: SQLite says why
        if not stat.S_ISREG(mode):
            return f"{file.name} beside it is not a regular file (a FIFO, a folder or a device): move it aside"
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


def _read_into_memory(path: Path) -> sqlite3.Connection:
    """A copy in memory of the store at `path`, read without a file made beside it.

    Read as a file no one changes (SQLite's `immutable`), unless a -wal file holds pages not yet in the store
    (a run killed while it wrote): then through SQLite's index of them, the -shm file, where that can be
    used. Opened only to read, SQLite still makes a -shm file where the folder lets it, owned by this user:
    another user's store would be left with a file its runs may not write.
    """
    uri = path.resolve().as_uri()
    if os.path.exists(path.with_name(path.name + "-wal")):
        try:
            db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return _in_memory(db)
        except sqlite3.OperationalError:
            pass
    return _in_memory(sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None))


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


class Store:
    """The connection to the state store of one output folder, checked, migrated and keyed to the folder;
    its transactions (see `transaction`), and its failures as one OutputError that names the store.

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
            unwritable = False
            if path.exists() or not dry_run:  # (a dry run with no store yet makes no folder for one either)
                make_folders(path.parent)
                if (problem := _odd_file_beside(path)) is None and (problem := _read_only(path)) is not None:
                    # A dry run writes nothing: a store it may not write (another user's, on a disk mounted
                    # read-only) is read into memory, as an older one is upgraded there.
                    unwritable, problem = dry_run, None if dry_run else problem
                if problem is not None:
                    raise OutputError(f"state store {path}: {problem}")
            emptied = _emptied(path, out_dir)
            # Autocommit mode: transactions are opened explicitly by `transaction()`. A dry run with
            # no store yet works on one in memory: it leaves no file behind.
            self._db = (_read_into_memory(path) if unwritable else
                        sqlite3.connect(path if path.exists() or not dry_run else ":memory:", isolation_level=None))
        except (OSError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error) and len(os.fsencode(os.path.abspath(path))) > _LONGEST_PATH:
                raise OutputError(f"state store {path}: its path is {len(os.fsencode(os.path.abspath(path))):,} "
                                  f"bytes long, and SQLite opens none longer than {_LONGEST_PATH}: give it a "
                                  "shorter one (state = ... in briefing.toml, or --state)") from None
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
        with self._errors():
            with self._refusals():
                check_versioned(self._db)  # before the first write: another program's database is left as it is
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            if dry_run and _older_schema(self._db):
                # Upgraded for good, the store would be refused by the release that wrote it: a dry run
                # upgrades a copy in memory.
                self._db = _in_memory(self._db)
            with self._refusals():
                migrate(self._db, Context(path.parent, seeds_dir, out_dir))
            self.out_key = self._key_of(out_dir, "outputs", "out_key")
            # Fetch records belong to the seeds folder (named the same way as an output folder):
            # what was fetched into it is there for every briefing made from it.
            self.seeds_key = self._key_of(seeds_dir, "fetch_seen", "seeds_key")
            if dry_run:
                self._db.execute("BEGIN IMMEDIATE")
            # Named after the folder it was first used at; kept, so that it stays when the folder moves.
            namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{out_dir.resolve().as_uri()}")
            self._db.execute("INSERT OR IGNORE INTO outputs (out_key, feed_namespace) VALUES (?, ?)",
                             (self.out_key, str(namespace)))

    def _key_of(self, folder: Path, table: str, column: str) -> str:
        """The store's key for `folder` (output_key): the path of the folder it is. A folder moved elsewhere
        with a symbolic link left in its place (out/ served from a web server's folder) keeps the key it had,
        if the store knows that one: otherwise every seed would be read again as news, and every feed entry
        be new to feed readers."""
        key = output_key(folder, self.path.parent)
        if not os.path.islink(folder):  # (False where a folder above refuses this user: the command says so)
            return key
        # The link's own path: the folder's before it became a link.
        as_link = Path(os.path.relpath(folder.parent.resolve() / folder.name, self.path.parent.resolve())).as_posix()
        if as_link == key:
            return key
        for candidate in (key, as_link):
            if self._db.execute(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", (candidate,)).fetchone():
                return candidate
        return key

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.dry_run:
                self._db.execute("ROLLBACK")
        self._db.close()

    def __enter__(self) -> "Store":
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
    def _refusals(self) -> Iterator[None]:
        """What opening and upgrading the store refuses, as one OutputError that says why."""
        try:
            yield
        except NewerSchema as error:
            raise OutputError(
                f"state store {self.path} was written by a newer briefing (schema {error}); upgrade briefing"
            ) from None
        except UnreadableRecord as error:
            raise self._damaged(str(error)) from None
        except UnversionedTables as error:
            if error.ours:
                raise self._damaged("its schema version is gone") from None
            raise OutputError(
                f"state store {self.path} is another program's database (it holds tables briefing never makes: "
                f"{short_line(str(error), 80)}); give briefing a file of its own (default .briefing/state.sqlite3)"
            ) from None
        except ValueError:
            raise self._damaged("its schema version is not a number of steps") from None

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Any SQLite failure as one OutputError that names the store, and says how to recover from damage."""
        try:
            yield
        except sqlite3.Error as error:
            # A table or column the schema version says is there and is not: dropped by hand, or by a tool.
            if (getattr(error, "sqlite_errorcode", None) in _DAMAGED or "malformed" in str(error)
                    or str(error).startswith(("no such table", "no such column"))):
                raise self._damaged(str(error)) from None
            if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF == _READONLY:
                # Opened writable, refused at a write: a file system remounted read-only, a file made so meanwhile.
                raise OutputError(f"state store {self.path}: {error}: {_read_only(self.path) or _READ_ONLY_FIX}")
            if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF == _BUSY:
                # Never another briefing run (the run lock keeps those apart): an sqlite3 shell, a backup.
                raise OutputError(f"state store {self.path}: {error}: another program holds it open for writing; "
                                  "close it (an sqlite3 shell, a database browser) and run again") from None
            if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF == _IOERR and \
                    (free := _free_bytes(self.path.parent)) is not None and free < _FULL_BELOW:
                raise OutputError(f"state store {self.path}: {error}: its disk is full ({free:,} bytes "
                                  "free); make room and run again") from None
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


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _now() -> str:
    return _stamp(dt.datetime.now(dt.timezone.utc))


def _free_bytes(folder: Path) -> int | None:
    """The bytes this user may still write on the disk holding `folder`, if it says."""
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):  # (Windows has no statvfs)
        return None
    return found.f_bavail * found.f_frsize
