"""`briefing summarize`: any files read as seeds and summarised, alone or as one story; no state, no lock.

Apart from run.py, so that summarising a file imports none of what a run
writes with (the state store, the lock, publishing, the workers).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

from ..config import Config
from ..errors import SeedError
from ..ingest.opening import read_file_bytes
from ..ingest.readers import read_article
from ..ingest.sidecar import read_sidecar_file
from ..models import Story, Summary
from ..text import printable

log = logging.getLogger("briefing")


def summarize_file(path: Path, config: Config, *, for_stories: bool = True) -> Summary:
    """Read any file as a seed and summarise it; no state is read or written. Unless `for_stories`, without
    what only grouping and stories read (see summarize_article)."""
    from ..summarize.article import summarize_article

    data = read_file_bytes(path, config.limits.max_file_bytes)

    def warn(message: str) -> None:
        log.warning("%s: %s", printable(str(path)), printable(message))

    def note(message: str) -> None:
        log.debug("%s: %s", printable(str(path)), printable(message))

    article = read_article(path, data, seed_id=str(path), sidecar=read_sidecar_file(path), warn=warn, note=note)
    return summarize_article(article, config.summary, config.limits.max_sentences, for_stories=for_stories)


def summarize_story_files(paths: Sequence[Path], config: Config) -> tuple[Story | None, list[tuple[Path, str]]]:
    """The files summarised together as one story, as the briefing would; and the files skipped, with why."""
    from ..compose.stories import story_of

    summaries, skipped = [], []
    first_with: dict[str, Path] = {}  # content hash -> the file read with it
    for path in paths:
        try:
            summary = summarize_file(path, config)
        except SeedError as error:
            skipped.append((path, str(error)))
            continue
        # One report given twice (a file named twice, a page saved twice) would be told and cited twice.
        if (first := first_with.get(summary.article.content_hash)) is not None:
            log.warning("%s: same content as %s: read once", printable(str(path)), printable(str(first)))
            continue
        first_with[summary.article.content_hash] = path
        summaries.append(summary)
    return (story_of(summaries, config.summary) if summaries else None), skipped
