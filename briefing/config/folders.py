"""The folders a config names: the working folder relative paths are read from, and why a folder
cannot be used (missing, or a file where a folder must be)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from ..errors import ConfigError
from ..text import printable
from .keys import _KEYS, FLAGS
from .settings import Paths
from .values import _shown


def seeds_folder_problem(seeds: Path) -> str | None:
    """Why `seeds` cannot be read, if it cannot: it is missing, a file stands in its place, a folder above it
    refuses this user, or it does (mode 000, another's 0700: every run found nothing new, and exited 0)."""
    if os.path.isdir(seeds):
        try:
            with os.scandir(seeds):
                return None
        except PermissionError:
            return (f"cannot list the seeds folder {seeds}: it belongs to another user or its mode refuses this user: "
                    "let this user read it, or name another with --seeds")
        except OSError as error:
            return f"cannot list the seeds folder {seeds}: {error.strerror}"
    if refused := unreachable(seeds, "the seeds folder", "name another with --seeds"):
        return refused
    return f"seeds folder not found: {seeds}" if not os.path.exists(seeds) else f"seeds is a file, not a folder: {seeds}"


def unreachable(path: Path, name: str, other: str) -> str | None:
    """Why `path` (said as `name`) cannot be reached, if a folder above it refuses this user (another's, mode
    0700), with the fix or the `other` way out. Met where a command first looked, such a folder was said to be
    "the disk or the file system" failing, to be run again once mended: no run mends it."""
    refused = False
    for step in (path, *path.parents):
        try:
            os.lstat(step)
        except PermissionError:
            refused = True
        except (OSError, ValueError):  # not there (yet), or a file on the way: said apart
            refused = False
        else:
            return f"cannot reach {name} {path}: {refusal(step, 'open')}, or {other}" if refused else None
    return None


def refusal(folder: Path, how: str) -> str:
    """Why `folder` refused this user, and the fix: to let this user `how` it ("open", "read and write")."""
    return f"{folder} belongs to another user or its mode refuses this user: let this user {how} it"


def state_refused(path: Path) -> str:
    """Why a file beside the state store (`path`), or its folder, refused this user's write, and the fix."""
    return (unreachable(path.parent, "its folder", _ELSEWHERE)
            or f"{refusal(path if os.path.lexists(path) else path.parent, 'read and write')}, or {_ELSEWHERE}")


def folders_problem(paths: Paths) -> str | None:
    """Why the output or state folder cannot be made: a file stands where it, or a folder above it, would be,
    or a folder above it refuses this user."""
    for folder, name, other in ((paths.out, "the output folder", "write elsewhere with --out"),
                                (paths.state.parent, "the state store's folder", _ELSEWHERE)):
        if refused := unreachable(folder, name, other):
            return refused
        place = None
        for step in (folder, *folder.parents):
            if os.path.exists(step):  # (False on any OSError)
                place = step
                break
            if os.path.islink(step):
                # No folder can be made through it: the run failed at its first file with "File exists".
                return (f"{step} is a symbolic link to {printable(os.readlink(step))}, which does not exist: "
                        "make that folder, or remove the link")
        if place is not None and not os.path.isdir(place):
            return f"{place} is a file, not a folder: move it aside"
    return None


def fsync_dir(folder: Path) -> None:
    """The folder's entries on disk: a file renamed or made in it is durable only once they are."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    """`folder` and every missing folder above it made, as folder.mkdir(parents=True, exist_ok=True) does, one
    level at a time: pathlib recurses once per missing level, and --state or --out naming a path 1,000 folders
    deep ended in "internal error: RecursionError". OSError as pathlib's (a file where a folder must be...)."""
    missing = []
    for step in (folder, *folder.parents):
        if step.is_dir():  # (False on any OSError: making it says why)
            break
        missing.append(step)
    for step in reversed(missing):
        try:
            step.mkdir()
        except FileExistsError:
            if not step.is_dir():
                raise


# A state store on such a disk is put elsewhere: what the messages below say to do.
_ELSEWHERE = "put the state store elsewhere (state = ... in briefing.toml, or --state)"


def not_writable(path: Path, name: str = "it") -> str | None:
    """What keeps this process from writing `path` (a file, or the folder a file is to be made in; the
    nearest that exists) beyond its permission bits, said of it as `name`, and what to do: a file system
    mounted read-only, or an immutable file (chattr +i, which no chmod undoes, and which binds root too);
    None if neither."""
    existing = next((step for step in (path, *path.parents) if os.path.lexists(step)), None)
    if existing is None:
        return None
    try:
        if os.statvfs(existing).f_flag & os.ST_RDONLY:
            return f"{name} is on a file system mounted read-only: remount it read-write, or {_ELSEWHERE}"
    except (OSError, ValueError):
        return None
    if _immutable(existing):
        return f"{name} is immutable (chattr +i): make it mutable (chattr -i {existing}), or {_ELSEWHERE}"
    return None


def _immutable(path: Path) -> bool:
    """Whether Linux's inode flags mark `path` immutable or append-only (False where they cannot be read)."""
    import array
    import fcntl
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        return False
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(fd, 0x80086601, flags, True)  # FS_IOC_GETFLAGS
        return bool(flags[0] & 0x30)  # FS_IMMUTABLE_FL, FS_APPEND_FL
    except OSError:  # a file system without such flags
        return False
    finally:
        os.close(fd)


def log_file_problem(log_file: Path, paths: Paths, config_file: Path | None = None) -> str | None:
    """Why the log file (--log-file) cannot be where it is: in the output folder (people publish it, logs
    and all), in the seeds folder (the next run reads what it finds there), on the state store or a file
    SQLite keeps beside it (each line would be written into the database), on the config file (the next run
    could not read it) or in the templates folder (a template may include any of its files, so a line naming a
    seed would run as a template's code, and every file counts in the templates' signature)."""
    try:
        log, out, seeds, state = (path.resolve() for path in (log_file, paths.out, paths.seeds, paths.state))
        config = config_file.resolve() if config_file is not None else None
        templates = paths.templates.resolve() if paths.templates is not None else None
    except (OSError, RuntimeError):
        return None  # a path that cannot be resolved: the config's check, or opening the file, says why
    if log == config:
        return f"the log file {log_file} is the config file {config_file}; put it elsewhere"
    if templates is not None and templates in log.parents:
        return (f"the log file {log_file} is inside the templates folder {paths.templates}, whose every file a "
                "template may include (each line would mark the briefings out of date); put it elsewhere")
    if out in log.parents:
        return f"the log file {log_file} is inside the output folder {paths.out}, which people publish; put it elsewhere"
    if seeds in log.parents:
        return (f"the log file {log_file} is inside the seeds folder {paths.seeds}, which every run reads; "
                "put it elsewhere")
    if log.parent == state.parent and log.name.startswith(state.name):
        return f"the log file {log_file} is the state store {paths.state} or one of its files; put it elsewhere"
    return None


WORKING_FOLDER_GONE = ("the working folder is gone (deleted or moved since this shell entered it): cd into the "
                       "project folder, or give --config and path flags as absolute paths")


def working_folder(cwd: Path | None) -> Path | None:
    """The folder relative paths are read from; None if it is gone (a deploy replaced it under a shell,
    or a service, still in it)."""
    try:
        return (cwd or Path.cwd()).resolve()
    except OSError:
        return None


def needs_working_folder(config_path: Path | None, flags: Mapping[str, Any] | None) -> bool:
    """Whether a path of the command line is read from the working folder: the config file found there,
    or named, or a path flag given, relative to it."""
    if config_path is None or not config_path.is_absolute():
        return True
    return any(raw is not None and flag in FLAGS and _KEYS[FLAGS[flag]].is_path
               and not (Path(str(raw)).is_absolute() or str(raw).startswith("~")) for flag, raw in (flags or {}).items())


def home_expanded(path: Path, name: str) -> Path:
    """`path` with a leading ~ made the home folder; ConfigError naming `name` when no home folder is known
    (HOME unset, and a user with no entry in /etc/passwd: a container started with a bare user id)."""
    parts = path.parts
    if parts and parts[0] == "~" and os.environ.get("HOME") is not None and not os.environ["HOME"].strip():
        # Python (and a shell) reads an empty HOME as no folder at all: "~/site" was "/site", at the root.
        raise ConfigError(f"{name}: {_shown(str(path))} starts with ~, but HOME is empty: set HOME, or write the "
                          "whole path")
    try:
        return path.expanduser()
    except RuntimeError:
        if parts and parts[0] != "~":  # "~ana/...": no user of that name on this machine
            raise ConfigError(f"{name}: {_shown(str(path))} starts with {_shown(parts[0])}, but this machine has no "
                              f"user {_shown(parts[0][1:])}: write the whole path") from None
        raise ConfigError(f"{name}: {_shown(str(path))} starts with ~, but this user's home folder is unknown (HOME is "
                          "not set): set HOME, or write the whole path") from None
