"""Find the seed files under the seeds folder, and say why any other file is passed over."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..models import PassedOver, SeedFile

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_LEFTOVER_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", ".bak", ".orig")


def passed_over(name: str) -> PassedOver | None:
    """Why a file name is not a seed at all, or None if it may be one."""
    if name.startswith("."):
        return PassedOver(Path(name), "hidden file", routine=True)
    if name.endswith("~") or name.lower().endswith(_LEFTOVER_SUFFIXES):
        return PassedOver(Path(name), "editor or download leftover", routine=True)
    if not name.lower().endswith(SUPPORTED_SUFFIXES):
        return PassedOver(Path(name), f"unsupported file type (seeds are {', '.join(SUPPORTED_SUFFIXES)})")
    return None


def _has_undecodable_name(path: Path, root: Path) -> bool:
    # os.walk gives bytes that are not UTF-8 as lone surrogates: such a name
    # cannot be stored, shown or made into a title.
    try:
        str(path.relative_to(root)).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def find_seed_files(seeds_dir: Path) -> Iterator[SeedFile | PassedOver]:
    """Yield every file under `seeds_dir` as a SeedFile or a PassedOver, in a stable order.

    Symlinks are followed only while they stay inside the seeds folder, so a
    link cannot pull in files from elsewhere.
    """
    root = seeds_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rule = passed_over(name)
            if rule is not None:
                yield PassedOver(path, rule.reason, rule.routine)
                continue
            if _has_undecodable_name(path, root):
                yield PassedOver(path, "file name is not valid UTF-8: rename the file")
                continue
            if path.is_symlink() and root not in path.resolve().parents:
                yield PassedOver(path, "symlink to a file outside the seeds folder: not followed")
                continue
            try:
                info = path.stat()
            except OSError as error:
                yield PassedOver(path, f"cannot read: {error.strerror}")
                continue
            if not path.is_file():
                yield PassedOver(path, "not a regular file")
                continue
            yield SeedFile(path=path, size=info.st_size, mtime_ns=info.st_mtime_ns)
