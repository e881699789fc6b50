"""Where the configured paths may lead: no name or path longer than a file system takes, a state store that
is a regular file, and the seeds, the output and the state apart (none inside another: a run would read its
own briefings, or publish the seeds or the store)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ConfigError
from ..text import printable, short_line
from .settings import Config


# A file name's limit on almost every file system, and what the names of the files kept beside the state
# store add to its name (".summarising.tmp"; see pipeline.run.state_files).
MAX_NAME_BYTES = 255
STATE_NAME_ROOM = 16
# The longest path Linux opens (PATH_MAX, 4,096 with its NUL), less room for the longest name a run makes in
# a folder it is given (".index.html.<8 letters>.tmp" in out/, the state store's ".summarising.tmp").
MAX_PATH_BYTES = 4095
PATH_ROOM = 64


def check_paths(config: Config) -> None:
    for path, what in ((config.paths.seeds, "seeds folder"), (config.paths.out, "output folder"),
                       (config.paths.state, "state")):
        if (problem := length_problem(path, what)) is not None:
            raise ConfigError(problem)
    out = _resolved(config.paths.out, "output folder")
    state = _resolved(config.paths.state, "state")
    if not state.name or os.path.isdir(state):  # (isdir says False where it may not look)
        raise ConfigError(f"state {config.paths.state} is a folder; give the path of a file in one "
                          "(default .briefing/state.sqlite3)")
    if (name_bytes := len(os.fsencode(state.name))) > MAX_NAME_BYTES - STATE_NAME_ROOM:
        raise ConfigError(f"state {config.paths.state}: the file name is too long ({name_bytes} bytes; at most "
                          f"{MAX_NAME_BYTES - STATE_NAME_ROOM}, for the files named after it beside it)")
    if _is_special_file(state):  # SQLite on /dev/null says "disk I/O error" and leaves a journal beside it
        raise ConfigError(f"state {config.paths.state} is not a regular file (a device, a FIFO or a socket); "
                          "give the path of a file (default .briefing/state.sqlite3)")
    seeds = _resolved(config.paths.seeds, "seeds folder")
    if out == seeds or seeds in out.parents:
        # The next run would read its own briefings as seeds.
        raise ConfigError(
            f"the output folder {config.paths.out} is inside the seeds folder {config.paths.seeds}; "
            "put it beside it (default: out next to seeds)"
        )
    if out in seeds.parents:
        # Served or copied with the site, every seed (whole articles, fetched pages) would be published.
        raise ConfigError(
            f"the seeds folder {config.paths.seeds} is inside the output folder {config.paths.out}, which people "
            "publish; put it beside it (default: seeds next to out)"
        )
    if state == out or out in state.parents:
        raise ConfigError(
            f"state {config.paths.state} is inside the output folder {config.paths.out}, which people "
            "publish; put it elsewhere (default .briefing/state.sqlite3)"
        )
    for source in config.sources:
        folder = seeds / source.slug
        if folder == state.parent:
            # A run leaves the state store's folder out of the seeds it reads: what is fetched there never was.
            raise ConfigError(
                f"state {config.paths.state} is inside the folder of [[sources]] {printable(source.name)} "
                f"(seeds/{source.slug}/), whose seeds a run would then never read; put it elsewhere "
                "(default .briefing/state.sqlite3)"
            )


def length_problem(path: Path, what: str) -> str | None:
    """Why no file system would take `path`: a name in it, or the whole, too long (every look at it failed
    with "File name too long", which pathlib's is_file and is_dir raise rather than answer)."""
    shown = short_line(str(path), 80)
    for part in path.parts:
        if (name_bytes := len(os.fsencode(part))) > MAX_NAME_BYTES:
            return (f"{what} {shown}: a name in it is too long ({name_bytes:,} bytes; a file system takes at "
                    f"most {MAX_NAME_BYTES})")
    if (path_bytes := len(os.fsencode(str(path)))) > MAX_PATH_BYTES - PATH_ROOM:
        return f"{what} {shown}: the path is too long ({path_bytes:,} bytes; at most {MAX_PATH_BYTES - PATH_ROOM:,})"
    return None


def _is_special_file(path: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False  # not there (a new store), or not to be looked into: opening it says why


def templates_problem(templates: Path | None) -> str | None:
    if templates is None:
        return None
    try:
        if templates.is_dir():
            return None
    except OSError as error:  # not allowed to look (is_dir says False only for a missing path)
        return f"templates folder {templates}: {error.strerror or error}"
    return f"templates folder not found: {templates}"


def _resolved(path: Path, what: str) -> Path:
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 says so of a loop of symbolic links
        raise ConfigError(f"{what} {path} is a loop of symbolic links") from None
    except OSError as error:
        raise ConfigError(f"{what} {path}: {error.strerror or error}") from None
