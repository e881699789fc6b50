"""The [[sources]] tables of briefing.toml: the feeds and pages `briefing fetch` reads."""

from __future__ import annotations

from typing import Any, Callable

from ..errors import ConfigError
from .settings import Source
from .values import _bool, _shown, _string, _web_address

_SOURCE_KEYS = ("name", "feed", "page", "section", "full_text", "enabled")


def _sources(raw: Any, problems: list[str]) -> tuple[Source, ...]:
    """The [[sources]] tables -> Sources; every problem is one line, and a source with one is left out."""
    if not isinstance(raw, list):
        problems.append("sources must be written as [[sources]] tables, each with a name and a feed (or page)")
        return ()
    found: list[Source] = []
    names: set[str] = set()
    slugs: dict[str, str] = {}
    for index, table in enumerate(raw, start=1):
        source = _source(index, table, problems)
        if source is None:
            continue
        if source.name.lower() in names:
            problems.append(f"[[sources]] {_shown(source.name)}: the name is used by an earlier source")
        elif (folder := source.slug.casefold()) in slugs:  # (one folder where case is folded: "οδος", "οδοσ")
            problems.append(f"[[sources]] {_shown(source.name)}: its folder seeds/{source.slug}/ is already "
                            f"{_shown(slugs[folder])}'s; choose a name that differs in letters or digits")
        else:
            names.add(source.name.lower())
            slugs[folder] = source.name
            found.append(source)
    return tuple(found)


def _source(index: int, table: Any, problems: list[str]) -> Source | None:
    label = f"[[sources]] #{index}"
    if not isinstance(table, dict):
        problems.append(f"{label} must be a table with a name and a feed (or page), not {type(table).__name__}")
        return None
    before = len(problems)
    values: dict[str, Any] = {}
    try:
        if "name" not in table:
            raise ConfigError(f"{label}: name is required")
        values["name"] = _string(f"{label}: name", table["name"])
        label = f"[[sources]] {_shown(values['name'])}"
    except ConfigError as error:
        problems.append(str(error))
    for key in table:
        if key not in _SOURCE_KEYS:
            problems.append(f"{label}: unknown key {_shown(key)} (known: {', '.join(_SOURCE_KEYS)})")
    checks: dict[str, Callable[[str, Any], Any]] = {
        "feed": _web_address, "page": _web_address, "section": _string, "full_text": _bool, "enabled": _bool,
    }
    for key, check in checks.items():
        if key in table:
            try:
                values[key] = check(f"{label}: {key}", table[key])
            except ConfigError as error:
                problems.append(str(error))
    if "feed" in table and "page" in table:
        problems.append(f"{label}: give one of feed and page, not both")
    elif "feed" not in table and "page" not in table:
        problems.append(f"{label}: feed (or page) is required")
    elif "full_text" in table and "page" in table:
        problems.append(f"{label}: full_text is for feeds; a page is always fetched whole")
    return Source(**values, given=frozenset(values)) if len(problems) == before else None
