"""Fetch: news feeds and pages -> seed files, the step before a run reads the seeds folder.

    addresses.py  which addresses a request may reach (loopback, private, ... are refused)
    inflate.py    gzip/deflate bodies decoded within a size limit
    http.py       the wire: one GET over kept-alive connections (the only httpx, httpcore and protego import)
    polite.py     redirects, retries, per-host pacing and robots.txt: a good citizen of the web
    feeds.py      a feed's bytes -> its entries (the only feedparser import; JSON Feed with json)
    written.py    a feed's ids and links as written: what feedparser's lenient parser spoils, put right
    markup.py     a feed's HTML -> the plain text a reader sees
    urls.py       fetchable schemes, canonical URLs, the key of an address
    known.py      what a fetch remembers: the keys an entry is known by, and whether it is a seed already
    writer.py     where a seed goes, and its atomic writes (page + sidecar, or a .md seed)
    answers.py    what a page's answer tells: a web page or not, its seed's suffix, the entry's headline in it
    fetcher.py    fetch_sources: every source's new entries -> seeds, and one report
    report.py     the report: counts, the seeds written, one line per failure

Imported lazily: `from briefing.ingest.fetch import fetch_sources` pays for
httpx and feedparser only when a fetch runs.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["FetchReport", "FetchStore", "Network", "fetch_sources"]

_HOMES = {"FetchReport": "report", "FetchStore": "known", "fetch_sources": "fetcher", "Network": "addresses"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
