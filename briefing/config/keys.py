"""The keys of briefing.toml: the section and field each sets, how it is checked, and its flag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .values import (
    _LONGEST, _algorithm, _at, _bool, _contact, _cron, _duration, _language, _minutes, _names, _ratio, _seconds,
    _shown_text, _site_url, _string, _timezone, _weights, _whole,
)


@dataclass(frozen=True)
class _Key:
    """One key of briefing.toml: the section and field it sets, how it is checked, and its flag."""

    section: str  # a Config field holding a section ("paths", "summary", ...), or "" for Config itself
    name: str  # the field in that section
    check: Callable[[str, Any], Any]
    flag: str | None = None  # the command-line flag that sets it, if any
    is_path: bool = False


_KEYS: dict[str, _Key] = {
    "seeds": _Key("paths", "seeds", _string, "--seeds", is_path=True),
    "out": _Key("paths", "out", _string, "--out", is_path=True),
    "state": _Key("paths", "state", _string, "--state", is_path=True),
    "templates": _Key("paths", "templates", _string, "--templates", is_path=True),
    "timezone": _Key("", "timezone", _timezone),
    "jobs": _Key("", "jobs", _whole(0, 1024), "--jobs"),
    "summary.algorithm": _Key("summary", "algorithm", _algorithm, "--algorithm"),
    "summary.sentences": _Key("summary", "sentences", _whole(1, 1000), "--sentences"),
    "summary.ratio": _Key("summary", "ratio", _ratio, "--ratio"),
    "summary.words": _Key("summary", "words", _whole(1, 100_000), "--words"),
    "summary.key_points": _Key("summary", "key_points", _whole(1, 100)),
    "summary.language": _Key("summary", "language", _language),
    "limits.max_file_bytes": _Key("limits", "max_file_bytes", _whole(1, 1 << 30)),
    "limits.max_sentences": _Key("limits", "max_sentences", _whole(1, 1_000_000)),
    "site.title": _Key("site", "title", _shown_text),
    "site.url": _Key("site", "url", _site_url),
    "site.feed_entries": _Key("site", "feed_entries", _whole(1, 10_000)),
    "site.language": _Key("site", "language", _language),
    "schedule.cron": _Key("schedule", "cron", _cron, "--cron"),
    "schedule.at": _Key("schedule", "at", _at, "--at"),
    "schedule.timezone": _Key("schedule", "timezone", _timezone, "--timezone"),
    "briefing.top_stories": _Key("editor", "top_stories", _whole(0, 1000)),
    "briefing.reading_minutes": _Key("editor", "reading_minutes", _minutes),
    "briefing.sections": _Key("editor", "sections", _names),
    "briefing.developing_days": _Key("editor", "developing_days", _whole(0, 366)),
    "briefing.source_weights": _Key("editor", "source_weights", _weights),
    "schedule.grace": _Key("schedule", "grace", _duration),
    "schedule.lock_wait": _Key("schedule", "lock_wait", _duration),
    "schedule.fetch": _Key("schedule", "fetch", _bool),
    "fetch.contact": _Key("fetch", "contact", _contact),
    "fetch.delay": _Key("fetch", "delay", _seconds(zero=True, most=3600)),
    "fetch.connect_timeout": _Key("fetch", "connect_timeout", _seconds(zero=False, most=3600)),
    "fetch.read_timeout": _Key("fetch", "read_timeout", _seconds(zero=False, most=3600)),
    "fetch.deadline": _Key("fetch", "deadline", _seconds(zero=False, most=86400)),
    "fetch.max_bytes": _Key("fetch", "max_bytes", _whole(1000, 10**10)),
    "fetch.max_decompressed_bytes": _Key("fetch", "max_decompressed_bytes", _whole(1000, 10**10)),
    "fetch.max_entries": _Key("fetch", "max_entries", _whole(1, 10_000)),
    "fetch.max_age": _Key("fetch", "max_age", _seconds(zero=True, most=_LONGEST)),
    "fetch.max_redirects": _Key("fetch", "max_redirects", _whole(0, 20)),
    "fetch.retries": _Key("fetch", "retries", _whole(0, 10)),
    "fetch.retry_backoff": _Key("fetch", "retry_backoff", _seconds(zero=True, most=3600)),
    "fetch.max_retry_wait": _Key("fetch", "max_retry_wait", _seconds(zero=True, most=86400)),
    "fetch.max_time": _Key("fetch", "max_time", _seconds(zero=True, most=86400)),
}
_SECTION_NAMES = ("summary", "limits", "site", "schedule", "briefing", "fetch")
_DEFAULT_PATHS = {"seeds": "seeds", "out": "out", "state": ".briefing/state.sqlite3"}
# The flags that set a value, for the CLI: "--sentences" -> "summary.sentences".
FLAGS: dict[str, str] = {key.flag: name for name, key in _KEYS.items() if key.flag}
_LENGTH_KEYS = ("summary.words", "summary.ratio", "summary.sentences")
_SCHEDULE_KEYS = ("schedule.cron", "schedule.at")
