"""Find the seed files under the seeds folder, and say why any other entry is passed over.

The walk keeps its own stack rather than recursing, so no depth of folders
can stop it, and looks at each entry once (one lstat). Symbolic links are
never followed: a link could lead out of the seeds folder, or in a circle.
Any entry that cannot be looked at is passed over with its reason.

A page with a metadata sidecar beside it (`page.html.meta.toml`) is one seed
known by the stat of both files, so an edited sidecar makes its page be read
again; a sidecar without its page is passed over as routine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from ..models import PassedOver, SeedFile
from .sidecar import SIDECAR_SUFFIX, is_absent, is_sidecar_name, takes_sidecar

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
# The state store keeps times as SQLite's 64-bit integers of nanoseconds, which end in April 2262.
_LAST_NS, _FIRST_NS = 2**63 - 1, -(2**63)
_LEFTOVER_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", ".bak", ".orig")
# Files a system writes into any folder it shows, which nobody put there as a seed: Windows' thumbnails and
# folder settings, the Mac's custom folder icon ("Icon" and a carriage return), and the download mark
# ("x.html:Zone.Identifier") Windows' copy into WSL brings along.
_SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})


def passed_over(name: str) -> PassedOver | None:
    """Why a file name is not a seed at all, or None if it may be one."""
    lower = name.lower()
    # The common case first: no leftover or sidecar suffix is a seed's suffix.
    if lower.endswith(SUPPORTED_SUFFIXES) and not name.startswith("."):
        return None
    if name.startswith("."):
        return PassedOver(name, "hidden file", routine=True)
    if name.endswith("~") or lower.endswith(_LEFTOVER_SUFFIXES):
        return PassedOver(name, "editor or download leftover", routine=True)
    if lower in _SYSTEM_FILES or lower.endswith(":zone.identifier"):
        return PassedOver(name, "a file the system keeps in folders", routine=True)
    if is_sidecar_name(name):
        return PassedOver(name, "metadata sidecar without its page", routine=True)
    return PassedOver(name, f"unsupported file type (seeds are {', '.join(SUPPORTED_SUFFIXES)})")


def find_seed_files(seeds_dir: Path, leave_out: Iterable[Path] = ()) -> Iterator[SeedFile | PassedOver]:
    """Every entry under `seeds_dir` as a SeedFile or a PassedOver, in a stable order.

    Folders in `leave_out` (the state store's, when it lies inside the seeds
    folder) are not entered. Hidden folders are not entered either. Files in
    `leave_out` (the state store and the files kept beside it, when they lie
    in the seeds folder) are passed over quietly.
    """
    root = seeds_dir.resolve()
    skip = {str(path.resolve()) for path in leave_out if path.is_dir()}
    # A file by the path of its folder: the store may be a symbolic link.
    own_files = {str(path.parent.resolve() / path.name) for path in leave_out if not path.is_dir()}
    stack = [""]  # folders to list, by their path inside the seeds folder
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(os.path.join(root, folder) if folder else root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield PassedOver(folder or ".", f"cannot list this folder: {error.strerror}")
            continue
        subfolders = []
        by_name = {entry.name: entry for entry in entries}
        for entry in entries:
            name = f"{folder}/{entry.name}" if folder else entry.name
            found = _look_at(entry, name)
            if found is not None and entry.path in own_files:
                found = PassedOver(name, "the state store's own file", routine=True)
            if found is None:  # a folder to enter
                if not entry.name.startswith(".") and entry.path not in skip:
                    subfolders.append(name)
            elif isinstance(found, SeedFile) and takes_sidecar(entry.name):
                yield _with_sidecar(found, by_name.get(entry.name + SIDECAR_SUFFIX))
            elif is_sidecar_name(entry.name) and (page := entry.name[: -len(SIDECAR_SUFFIX)]) in by_name and (
                    takes_sidecar(page) or page.lower().endswith(_MARKDOWN_SUFFIXES)):
                # A sidecar beside its page is part of that seed, not a file passed over; beside a Markdown
                # seed, which takes none, it was said to be "without its page".
                if not takes_sidecar(page):
                    yield PassedOver(name, f"metadata sidecar beside {page}, which takes none (sidecars go with .txt "
                                           "and .html seeds; a Markdown seed's fields go in its front matter)")
            else:
                yield found
        stack.extend(reversed(subfolders))  # depth first, in name order


def _look_at(entry: os.DirEntry, name: str) -> SeedFile | PassedOver | None:
    """What one entry of a listing is; None for a folder to enter."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        # A name whose bytes are not UTF-8 comes as lone surrogates: it cannot
        # be stored, shown or made into a title.
        return PassedOver(name, "file name is not valid UTF-8: rename the file")
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as error:
        return PassedOver(name, f"cannot read: {error.strerror}")
    if stat.S_ISDIR(info.st_mode):
        return None
    rule = passed_over(entry.name)
    if rule is not None and rule.routine:  # hidden files and editor leftovers, links among them
        return PassedOver(name, rule.reason, routine=True)
    if stat.S_ISLNK(info.st_mode):
        return PassedOver(name, "symbolic link: not followed (put the file itself in the seeds folder)")
    if rule is not None:
        return PassedOver(name, rule.reason)
    if not stat.S_ISREG(info.st_mode):
        return PassedOver(name, "not a regular file")
    return SeedFile(name=name, size=info.st_size, mtime_ns=_storable(info.st_mtime_ns),
                    ctime_ns=_storable(info.st_ctime_ns))


def _storable(time_ns: int) -> int:
    """A file's time within what the store can hold: a time past 2262 (a clock set wrong, `touch -d 2500-01-01`,
    an archive's bogus dates) stopped every run with an OverflowError; it reads as the last time the store has."""
    return min(max(time_ns, _FIRST_NS), _LAST_NS)


def _with_sidecar(seed: SeedFile, sidecar: os.DirEntry | None) -> SeedFile:
    """The seed known by its own stat and its sidecar's: their sizes added, the later times."""
    if sidecar is None:
        return seed
    try:
        info = sidecar.stat(follow_symlinks=False)
    except OSError:
        return seed  # gone since the listing: the reader finds it gone too
    changed = None if seed.ctime_ns is None else max(seed.ctime_ns, _storable(info.st_ctime_ns))
    return SeedFile(seed.name, seed.size + info.st_size, max(seed.mtime_ns, _storable(info.st_mtime_ns)), changed)


def seed_stat(seeds_dir: Path, name: str) -> tuple[int, int]:
    """(size, mtime_ns) of the seed `name` as find_seed_files gives it, sidecar included; OSError if it is gone."""
    info = os.lstat(seeds_dir / name)
    size, mtime_ns = info.st_size, _storable(info.st_mtime_ns)
    if takes_sidecar(name):
        try:
            sidecar = os.lstat(seeds_dir / (name + SIDECAR_SUFFIX))
        except OSError as error:
            if is_absent(error):
                return size, mtime_ns
            raise
        size, mtime_ns = size + sidecar.st_size, max(mtime_ns, _storable(sidecar.st_mtime_ns))
    return size, mtime_ns
