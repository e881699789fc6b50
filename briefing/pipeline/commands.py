"""The library calls behind the commands besides `run` and `summarize`: fetch, remove, and what `schedule` asks."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Collection, Iterable

from ..config import Config
from ..errors import ConfigError
from ..lock import RunLock
from ..state import State

if TYPE_CHECKING:
    from ..ingest.fetch import FetchReport


def seed_names(config: Config, paths: Iterable[Path]) -> list[str]:
    """The names in the seeds folder of seeds given as paths (the files need not exist any more)."""
    seeds = os.path.abspath(config.paths.seeds)
    names = []
    for path in paths:
        full = os.path.abspath(path)
        if full.startswith(seeds + os.sep):
            names.append(Path(os.path.relpath(full, seeds)).as_posix())
        elif not path.is_absolute() and (os.path.exists(config.paths.seeds / path) or not os.path.exists(path)):
            # Given by its name inside the seeds folder; a file gone since is still a name the store may know.
            # (os.path: Path.exists raises for a name too long for any file system, which is no seed either.)
            names.append(path.as_posix())
        else:
            raise ConfigError(f"{path} is not in the seeds folder {config.paths.seeds}")
    return list(dict.fromkeys(names))  # a seed given twice (by two paths) is taken out once, and said once


def known_name(name: str, known: Collection[str]) -> str:
    """`name`, or the one known seed that is the same name with its accents encoded another way (a Mac's file,
    NFD, named as typed, NFC): `briefing remove café.txt` found no seed while `ls` showed café.txt."""
    if name in known:
        return name
    same = [seed for seed in known if unicodedata.normalize("NFC", seed) == unicodedata.normalize("NFC", name)]
    return same[0] if len(same) == 1 else name


def fetch_once(config: Config, *, lock_wait: float = 0.0, now: dt.datetime | None = None,
               **options) -> "FetchReport":
    """Fetch the [[sources]]' new entries into the seeds folder (`briefing fetch`).

    Under the run lock, so a fetch and a run never overlap: a run never meets
    a seed being written, and the two share the state store, where the fetch
    keeps each feed's validators and the entries it has written. `options`
    go to fetch_sources (a test's network and TLS context).
    """
    from ..ingest.fetch import fetch_sources  # httpx and feedparser: only when fetching

    if not config.sources:
        raise ConfigError("nothing to fetch: add [[sources]] tables to briefing.toml, each with a name and a feed "
                          "(see the README, Fetching feeds)")
    paths = config.paths
    if now is None:
        from zoneinfo import ZoneInfo

        now = dt.datetime.now(ZoneInfo(config.timezone)) if config.timezone else dt.datetime.now().astimezone()
    with RunLock(paths.lock, wait=lock_wait, doing="fetch"), State(paths.state, paths.out, paths.seeds) as state:
        return fetch_sources(config.sources, config.fetch, paths.seeds, state, now=now,
                             max_seed_bytes=config.limits.max_file_bytes, **options)


def last_run_started(config: Config) -> dt.datetime | None:
    """When the latest completed (not dry) run into the output folder started, in UTC; None if none did."""
    if not config.paths.state.exists():
        return None
    with State(config.paths.state, config.paths.out, config.paths.seeds) as state:
        return state.last_run_started()
