"""The output folder: a run's files written as one unit, and the names they have.

Every file of a run is first written in full to a temporary file beside its
target and flushed to disk. Only when all are written are they renamed into
place, after a journal naming them is on disk; the journal is removed once the
renames are done. A run that fails while writing leaves every previous file
as it was; one whose renames fail midway puts them back (publish/backups.py).
A run killed while renaming leaves the journal, and the next run finishes the
renames before it does anything else (`recover`), so the folder holds either
the previous run's files or all of the new ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import fsync_dir, make_folders
from ..errors import OutputError
from .backups import drop, forget_undone, keep_previous, put_back
from .signals import signals_held

INDEX_NAME = "index.html"
FEED_NAME = "feed.xml"
_TEMP_SUFFIX = ".tmp"
_REMOVED = ""  # in place of a temporary file: the file is removed


def briefing_names(day: dt.date) -> tuple[str, str]:
    """The Markdown and HTML file names of a day. Names come from the date alone."""
    stem = day.isoformat()
    return f"{stem}.md", f"{stem}.html"


def json_name(day: dt.date) -> str:
    return f"{day.isoformat()}.json"


def day_paths(out_dir: Path, day: dt.date) -> tuple[Path, Path, Path]:
    """The Markdown, HTML and JSON files of a day."""
    markdown_name, html_name = briefing_names(day)
    return out_dir / markdown_name, out_dir / html_name, out_dir / json_name(day)


class OutputWriter:
    """Stages the files of one run in the output folder, then puts them all in place at once."""

    def __init__(self, out_dir: Path, journal: Path, dry_run: bool = False, folder_key: str | None = None) -> None:
        """`folder_key`: how the state store beside `journal` names `out_dir` (State.out_key), written in
        the journal so that a killed run is finished in its own folder whichever folder the next writes."""
        self.out_dir = out_dir
        self.journal = journal
        self.dry_run = dry_run
        self.folder_key = folder_key
        self._staged: dict[str, str | None] = {}  # file name -> its temporary file (None in a dry run)
        self.deleted: tuple[Path, ...] = ()  # the files the last commit removed (or, in a dry run, would)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._staged)

    def _check(self, name: str) -> None:
        if name in ("", ".", "..") or "/" in name or os.sep in name:
            raise OutputError(f"refusing to write {name!r} outside the output folder {self.out_dir}")
        if name in self._staged:
            raise OutputError(f"{name} written twice in one run")  # a bug, never two versions of a file

    def remove(self, name: str) -> bool:
        """Remove `name` with the rest of the run's changes; False if there is no such file."""
        self._check(name)
        if not (self.out_dir / name).exists():
            return False
        self._staged[name] = _REMOVED
        return True

    def holds(self, name: str, text: str) -> bool:
        """Whether `name` in the output folder holds `text` now."""
        return _holds(self.out_dir / name, text)

    def stage(self, name: str, text: str | Iterable[str], *, unless_same: bool = False) -> bool:
        """Write `text` as the next version of `name`; False if `unless_same` and the file already holds it.

        `text` may be given as pieces, written one after another: a big day's
        JSON (14 MB at 50,000 reports) is never whole in memory, nor its UTF-8.
        """
        self._check(name)
        if unless_same and not isinstance(text, str):
            text = "".join(text)
        if unless_same and _holds(self.out_dir / name, text):
            return False
        if self.dry_run:
            self._staged[name] = None
            return True
        try:
            make_folders(self.out_dir)
            fd, temp = tempfile.mkstemp(dir=self.out_dir, prefix=f".{name}.", suffix=_TEMP_SUFFIX)
        except OSError as error:
            raise OutputError(f"cannot write {self.out_dir / name}: {_reason(error, self.out_dir)}") from None
        self._staged[name] = temp
        try:
            _write_whole(fd, _encoded([text] if isinstance(text, str) else text), mode=0o644)
        except OSError as error:
            raise OutputError(f"cannot write {self.out_dir / name}: {_reason(error, self.out_dir)}") from None
        return True

    def commit(self) -> tuple[Path, ...]:
        """Rename every staged file into place, and remove those staged for removal (`deleted`); the
        paths written. Ctrl+C or SIGTERM meanwhile waits until they are (see signals_held)."""
        with signals_held():
            return self._commit()

    def _commit(self) -> tuple[Path, ...]:
        paths = tuple(self.out_dir / name for name, temp in self._staged.items() if temp != _REMOVED)
        self.deleted = tuple(self.out_dir / name for name, temp in self._staged.items() if temp == _REMOVED)
        if self.dry_run or not self._staged:
            self._staged.clear()
            return paths
        for name in self._staged:
            if (self.out_dir / name).is_dir() and not (self.out_dir / name).is_symlink():
                # Found before any file is put in place: a rename onto it would fail halfway through.
                raise OutputError(f"cannot write {self.out_dir / name}: a folder of that name is in the way; "
                                  "move it aside")
        if (theirs := _owned_by_another_in_a_sticky_folder(self.out_dir, self._staged)) is not None:
            # Likewise: the files before it were put in place, it and those after were not (a mixed out/).
            raise OutputError(f"cannot write {theirs}: it belongs to another user, and {self.out_dir} is a sticky "
                              "folder (chmod +t) of another's, where only a file's owner may replace it; let this "
                              "user own it, or write elsewhere with --out")
        # Names only, and the folder by the store's key (relative to the
        # store's folder): the journal stays right if the project folder is moved.
        moves = [(os.path.basename(temp) if temp != _REMOVED else _REMOVED, name)
                 for name, temp in sorted(self._staged.items(), key=self._linked_first) if temp is not None]
        kept: dict[str, str] | None = None
        try:
            kept = keep_previous(self.out_dir, moves, _TEMP_SUFFIX)  # a rename failing midway is undone
            fsync_dir(self.out_dir)  # the temporary files' names are on disk
            _write_journal(self.journal, self.folder_key, moves)
        except OSError as error:
            drop(self.out_dir, kept or {})
            raise OutputError(f"cannot write {self.out_dir}: {_reason(error, self.out_dir)}") from None
        # From here the journal owns the temporary files: if putting them in
        # place fails (its own folder entry too), the next run finishes it (`recover`).
        self._staged.clear()
        applied: list[tuple[str, str]] = []
        try:
            fsync_dir(self.journal.parent)
            try:
                _apply(self.out_dir, moves, applied)
            except OSError as error:
                # Undone, out/ holds the previous run's files now, not until the next run.
                if kept is not None and put_back(self.out_dir, applied, kept, _REMOVED) \
                        and forget_undone(self.out_dir, self.journal, [t for t, _ in moves if t != _REMOVED]):
                    drop(self.out_dir, kept)
                    raise OutputError(f"cannot write {_where(error, self.out_dir)}: "
                                      f"{_reason(error, self.out_dir, False)}") from None
                raise
            self.journal.unlink()
            fsync_dir(self.journal.parent)
        except OSError as error:
            raise OutputError(f"cannot write {_where(error, self.out_dir)}: {_reason(error, self.out_dir, False)}; "
                              "the next run finishes putting the new files in place") from None
        drop(self.out_dir, kept or {})
        return paths

    def _linked_first(self, staged: tuple[str, str | None]) -> int:
        """A staged file's place in the renames, so that a commit stopped midway leaves no link to a page not
        there: new files (nothing links to them yet), the days replaced, the archive and the feed, removals."""
        name, temp = staged
        if temp == _REMOVED or name in (INDEX_NAME, FEED_NAME):
            return 4 if temp == _REMOVED else 2 if name == INDEX_NAME else 3
        return 1 if os.path.lexists(self.out_dir / name) else 0

    def discard(self) -> None:
        """Remove every staged file: the folder keeps the previous run's files."""
        for temp in self._staged.values():
            if temp is not None and temp != _REMOVED:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        self._staged.clear()

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()  # anything not committed by now is not part of the run's output


def recover(out_dir: Path, journal: Path, folder_key: str, known: Callable[[str], bool] | None = None) -> None:
    """Finish the renames of a run killed while committing, then remove its leftover temporary files.

    The renames are finished in the folder the killed run wrote to, which
    may be another output folder of the same store (`--out`): `folder_key`
    is this run's folder's key in the store, and `known` says whether the
    store knows another key. A journal naming a folder the store does not
    know is dropped untouched; one without a folder is this run's folder's.
    If the folder is gone there is nothing to finish. Called under the run
    lock, before a run reads or writes anything else, so no other writer
    owns these files.
    """
    for file in journal_files(journal):
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.lstat(file).st_mode):
                # Read, a FIFO waits for a writer for good, under the run lock (every later run waits too).
                raise OutputError(f"{file} beside the state store is not a regular file (a FIFO, a folder, a link "
                                  "or a device): move it aside; a run notes there the files it puts in place")
    folder = out_dir
    try:
        if journal.exists():
            key, moves = _read_journal(journal)
            if key is not None and key != folder_key:
                folder = journal.parent.resolve() / key if known is not None and known(key) else None
            if folder is not None and folder.is_dir():
                _apply(folder, [(temp, name) for temp, name in moves if temp == _REMOVED or (folder / temp).exists()])
                _remove_temporary_files(folder, [name for _, name in moves])  # and what it kept (backups.py)
            journal.unlink()
            folder = out_dir
        _remove_temporary_files(out_dir)
    except OSError as error:
        raise OutputError(f"cannot finish the previous run's writes in {_where(error, folder or out_dir)}: "
                          f"{_reason(error, folder or out_dir, elsewhere=False)}") from None


# A write refused by the file's or the folder's owner or mode: a retry fails alike, so the user is told the fix.
_NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM})


def _reason(error: OSError, folder: Path, elsewhere: bool = True) -> str:
    """Why a write failed (in the folder it names, or the folder of the file it names, else `folder`), with
    what to do when the user can mend it; `elsewhere`: whether another output folder (--out) is a way out."""
    reason = error.strerror or str(error)
    refused = Path(os.fsdecode(error.filename)) if error.filename is not None else None
    # A folder opened to flush its entries is refused itself (out/ another's, without read for this user):
    # its parent, which this user may well write to, was named.
    itself = refused is not None and os.path.isdir(refused)  # (False where it may not look: no OSError)
    named = folder if refused is None else refused if itself else refused.parent
    # Another --out is no way out of a folder that is not the output folder (the journal's, beside the store);
    # it is out of one whose own folder refuses to make it.
    other = ", or write elsewhere with --out" if elsewhere and folder in (named, refused) else ""
    if error.errno in _NOT_ALLOWED and itself:
        return (f"{reason} ({named} belongs to another user or its mode refuses this user: let this user read "
                f"and write it{other})")
    if error.errno in _NOT_ALLOWED:
        return (f"{reason} ({named} or a file in it belongs to another user or is read-only: let this user "
                f"write to them{other})")
    if error.errno == errno.EROFS:
        return f"{reason} (remount the disk read-write{other})"
    return reason


def _where(error: OSError, folder: Path) -> Path:
    """The file a failed rename or removal was putting in place or removing (`folder` if unknown): one of
    `folder`'s, or the journal beside the store (it was named as if in out/, a file that never was)."""
    named = error.filename2 if error.filename2 is not None else error.filename
    return folder if named is None else Path(os.fsdecode(named))


# The temporary file of an output (`OutputWriter.stage`, tempfile.mkstemp's eight random characters):
# a file of the user's named `.notes.tmp` is none of ours, and is left alone.
_OUR_TEMPORARY = re.compile(r"\.(?:\d{4}-\d{2}-\d{2}\.(?:md|html|json)|index\.html|feed\.xml)\.[a-z0-9_]{8}"
                            + re.escape(_TEMP_SUFFIX))


def _remove_temporary_files(folder: Path, names: Iterable[str] = ()) -> None:
    """Remove the temporary files of outputs, and of the files `names` (a journal's, which may be any)."""
    theirs = [re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX)) for name in names]
    if folder.is_dir():
        for temp in folder.glob(f".*{_TEMP_SUFFIX}"):
            if any(ours.fullmatch(temp.name) for ours in [_OUR_TEMPORARY, *theirs]) and not temp.is_dir():
                try:
                    temp.unlink(missing_ok=True)
                except PermissionError:
                    # Another user's run left it in a sticky folder, where only they may remove it: it is
                    # none of this user's runs', and it stopped every one of them ("cannot finish ...").
                    if _owned_by_another_in_a_sticky_folder(folder, [temp.name]) is None:
                        raise


def _owned_by_another_in_a_sticky_folder(folder: Path, names: Iterable[str]) -> Path | None:
    """The first of `names` in `folder` this process may not replace or remove: the folder is sticky and
    another's, and so is the file, and the process lacks CAP_FOWNER, which lifts the rule; None if none."""
    try:
        found = os.stat(folder)
        uid = os.geteuid()
        if not found.st_mode & stat.S_ISVTX or uid == found.st_uid or _may_replace_anothers_files():
            return None
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                if os.lstat(folder / name).st_uid != uid:
                    return folder / name
    except OSError:
        pass  # what cannot be looked at is found by the renames themselves
    return None


def _may_replace_anothers_files() -> bool:
    """Whether this process holds CAP_FOWNER (root does, unless a service manager or setpriv dropped it);
    where Linux's /proc cannot say, whether it is root."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("CapEff:"):
                    return bool(int(line.split()[1], 16) & 1 << 3)  # CAP_FOWNER
    return os.geteuid() == 0


def _apply(out_dir: Path, moves: list[tuple[str, str]], applied: list[tuple[str, str]] | None = None) -> None:
    """Make the `moves`; each one made is added to `applied`."""
    for temp, name in moves:
        if temp == _REMOVED:
            (out_dir / name).unlink(missing_ok=True)
        else:
            os.replace(out_dir / temp, out_dir / name)
        if applied is not None:
            applied.append((temp, name))
    fsync_dir(out_dir)


def _holds(path: Path, text: str) -> bool:
    """Whether `path` is a regular file that holds `text`. Anything else (a FIFO, a device, a link to one or
    to a huge file) is not opened to wait on, nor read whole: it is replaced like any file that differs."""
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        held = bytearray()
        while len(held) <= len(data) and (chunk := os.read(fd, len(data) + 1 - len(held))):
            held += chunk
        return held == data
    except OSError:
        return False
    finally:
        os.close(fd)


# Characters encoded at a time: a whole-day text is not copied whole as UTF-8.
_ENCODED_AT_ONCE = 1 << 20


def _encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    for piece in pieces:
        for start in range(0, len(piece), _ENCODED_AT_ONCE):
            yield piece[start:start + _ENCODED_AT_ONCE].encode("utf-8")


def _write_whole(fd: int, data: Iterable[bytes], mode: int) -> None:
    """Write all of `data` (bytes, or pieces of them) to the new file `fd`, on disk before the descriptor is
    closed."""
    try:
        for chunk in [data] if isinstance(data, bytes) else data:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def journal_files(journal: Path) -> list[Path]:
    """The journal and the file it is written to before it is put in place."""
    return [journal, journal.with_name(journal.name + _TEMP_SUFFIX)]


def _write_journal(journal: Path, folder_key: str | None, moves: list[tuple[str, str]]) -> None:
    """Put the journal in place (its folder's entry is made durable by the caller)."""
    make_folders(journal.parent)
    temp = journal_files(journal)[1]
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    _write_whole(fd, json.dumps({"folder": folder_key, "moves": moves}).encode("utf-8"), mode=0o600)
    os.replace(temp, journal)


def _read_journal(journal: Path) -> tuple[str | None, list[tuple[str, str]]]:
    """The key of the folder a journal's renames are in (None in a journal written before it was kept:
    this run's folder's), and the renames."""
    try:
        found = json.loads(journal.read_text(encoding="utf-8"))
        key, moves = (found["folder"], found["moves"]) if isinstance(found, dict) else (None, found)
        key = None if key is None else str(key)
        return key, [(os.path.basename(str(temp)), os.path.basename(str(name))) for temp, name in moves]
    except (ValueError, TypeError, KeyError):
        return None, []  # torn before its rename: nothing was moved yet
