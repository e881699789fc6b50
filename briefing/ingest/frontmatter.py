"""YAML front matter of a Markdown seed, and its fields checked one by one.

The only module that imports PyYAML. Front matter is untrusted: it is loaded
with the safe loader, bounded in size, and each field must have its type.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import SeedError
from ..languages import SUPPORTED_LANGUAGES, language_name

# Front matter is a few lines of metadata; anything bigger is not front matter.
MAX_FRONT_MATTER_BYTES = 16_384
_MAX_TAGS = 30

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split `---` YAML front matter from a Markdown body; no front matter gives {}."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if match is None:
        if text.startswith("---\n"):
            raise SeedError("front matter starts with --- but never ends")
        return {}, text
    raw = match.group(1)
    if len(raw.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise SeedError(f"front matter too large (over {MAX_FRONT_MATTER_BYTES:,} bytes)")
    return parse_front_matter(raw), text[match.end():]


def parse_front_matter(raw: str) -> dict[str, Any]:
    import yaml

    try:
        # SafeLoader builds only plain data: a tag such as !!python/object is an
        # error here, never a call.
        meta = yaml.load(raw, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise SeedError(f"malformed front matter{where}: {problem}") from None
    except RecursionError:
        # PyYAML recurses once per level of nesting: `[[[[...` a few KB long is enough.
        raise SeedError("malformed front matter: nested too deeply") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise SeedError("front matter is not a mapping of keys to values")
    return meta


def text_field(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SeedError(f"front matter {key!r} must be text, not {type(value).__name__}")
    value = " ".join(str(value).split())
    return value or None


def date_field(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise SeedError(f"front matter {key!r} is not an ISO date: {value[:40]!r}") from None
    raise SeedError(f"front matter {key!r} must be a date, not {type(value).__name__}")


def tags_field(meta: dict[str, Any]) -> tuple[str, ...]:
    value = meta.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        raise SeedError(f"front matter 'tags' must be a list of words, not {type(value).__name__}")
    tags = []
    # Look at no more than the first _MAX_TAGS items: an alias bomb is a short
    # list whose items nest deeply, and its items are never walked.
    for item in value[:_MAX_TAGS]:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise SeedError("front matter 'tags' must be a list of words")
        tag = " ".join(str(item).split())[:60]
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def language_field(meta: dict[str, Any]) -> str | None:
    value = text_field(meta, "lang")
    if value is None:
        return None
    name = language_name(value)
    if name not in SUPPORTED_LANGUAGES:
        raise SeedError(f"front matter lang {value!r} is not supported ({', '.join(SUPPORTED_LANGUAGES)})")
    return name


def format_front_matter(meta: dict[str, Any]) -> str:
    """`meta` as `---` YAML front matter (for the .md seeds `briefing fetch` writes): plain data only.

    Dates become ISO 8601 strings and tuples lists; None and empty values are left out.
    """
    import yaml

    front: dict[str, Any] = {}
    for key, value in meta.items():
        if value in (None, "", (), []):
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        front[key] = value
    # The safe dumper writes plain data only, quoting whatever YAML would read as something else.
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    return f"---\n{dumped}---\n"
