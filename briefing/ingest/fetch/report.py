"""What a fetch did, as `briefing fetch` reports it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FetchReport:
    """What a fetch did: counts, the seeds written, and one line per failure."""

    sources: int = 0  # sources tried (the enabled ones)
    fetched: int = 0  # feeds and pages downloaded whole
    not_modified: int = 0  # "unchanged": feeds that answered 304, and pages fetched by an earlier fetch
    new: int = 0  # seeds written
    duplicates: int = 0  # entries already seeds (another feed, a new id, a tracking URL)
    failures: tuple[str, ...] = ()  # "<source>: [<entry link>: ]<reason>", one line each
    written: tuple[Path, ...] = ()
    requests: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary_line(self) -> str:
        sources = f"{self.sources} source{'' if self.sources == 1 else 's'}"
        entries = f"{self.new} new entr{'y' if self.new == 1 else 'ies'}"
        # (Entries that are seeds already, under another link or from another feed: else a feed of three entries
        # that link one page said "1 new entry, 0 unchanged, 0 failed", and the other two were nowhere.)
        if self.duplicates:
            entries += f", {self.duplicates} already seed{'' if self.duplicates == 1 else 's'}"
        return f"fetch: {sources}, {entries}, {self.not_modified} unchanged, {self.failed} failed ({self.seconds:.1f}s)"
