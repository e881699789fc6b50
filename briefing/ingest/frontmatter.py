"""Front matter of a Markdown seed (YAML between `---`, or TOML between `+++` as Hugo writes it), and its
fields checked one by one.

The only module that imports PyYAML. Front matter is untrusted: YAML is loaded
with the safe loader, TOML with the standard library's tomllib (plain data
only), both bounded in size, and each field must have its type.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from ..errors import SeedError
from ..languages import SUPPORTED_LANGUAGES, language_name
from ..text import MAX_INT_BITS, clean_text, short_line
from .months import day_in_words

# Front matter is a few lines of metadata; anything bigger is not front matter.
MAX_FRONT_MATTER_BYTES = 16_384
_MAX_TAGS = 30

# A `---` followed by a blank line is a Markdown rule, not the start of front matter (whatever follows).
_RULE = re.compile(r"---[ \t]*\n[ \t]*(?:\n|\Z)")
# (Empty front matter, `---` twice, is front matter too, as Jekyll and Hugo read it.)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Hugo's TOML front matter: `+++` lines around it (a line of + is no Markdown rule).
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(?:(.*?)\n)??\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# Where tomllib says a TOML error is: "Invalid value (at line 2, column 9)".
_TOML_WHERE = re.compile(r"(.*) \(at line (\d+), column \d+\)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split `---` YAML or `+++` TOML front matter from a Markdown body; no front matter gives {}."""
    text = text.lstrip("\ufeff")
    if _RULE.match(text):
        return {}, text
    toml = text.startswith("+++")
    match = (_TOML_FRONT_MATTER if toml else _FRONT_MATTER).match(text)
    if match is None:
        for opening in ("---", "+++"):
            if re.match(rf"{re.escape(opening)}[ \t]*\n", text):
                raise SeedError(f"front matter starts with {opening} but never ends")
        return {}, text
    # What no text may keep is removed where it enters, front matter too: PyYAML refuses U+FFFE outright.
    # NEL is a line break to YAML. In TOML it would be removed with the other controls, joining two words,
    # and a line break would cut a string in two: a space there (as YAML folds a break in a quoted string).
    raw = clean_text((match.group(1) or "").replace("\x85", " " if toml else "\n"))
    if len(raw.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise SeedError(f"front matter too large (over {MAX_FRONT_MATTER_BYTES:,} bytes)")
    return (parse_toml_front_matter(raw) if toml else parse_front_matter(raw)), text[match.end():]


def parse_toml_front_matter(raw: str) -> dict[str, Any]:
    import tomllib

    try:
        meta = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        # tomllib counts lines from the first inside the `+++` lines: the file's line, as YAML's errors say it.
        found = _TOML_WHERE.fullmatch(str(error))
        where, problem = (f" at line {int(found[2]) + 1}", found[1]) if found else ("", str(error))
        raise SeedError(f"malformed front matter{where}: {short_line(problem, 120)}") from None
    except ValueError:  # int()'s own words: "Exceeds the limit (4300 digits) ...; use sys.set_int_max_str_digits()"
        raise SeedError("malformed front matter: a decimal integer of thousands of digits") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays
        raise SeedError("malformed front matter: nested too deeply") from None
    # A hex, octal or binary integer escapes int()'s limit on digits, to fail wherever it is written out
    # (`title = 0xFFFF...`): as YAML's are, one too long is text, in hex. (Only the values fields are read from.)
    return {key: [_short_int_or_text(item) for item in value] if isinstance(value, list)
            else _short_int_or_text(value) for key, value in meta.items()}


def _short_int_or_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        return hex(value)
    return value


def parse_front_matter(raw: str) -> dict[str, Any]:
    import yaml

    try:
        # SafeLoader builds only plain data: a tag such as !!python/object is an
        # error here, never a call.
        meta = yaml.load(raw, Loader=_loader())  # noqa: S506 - a SafeLoader
    except ValueError as error:  # a value no constructor below reads; a loader's own fault, if any
        raise SeedError(f"malformed front matter: {short_line(str(error), 120)}") from None
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


@functools.lru_cache(maxsize=1)
def _loader() -> type:
    """SafeLoader, but a date that is no day (2026-02-30) or an integer too long to convert stays text,
    and so does a YAML 1.1 boolean.

    PyYAML raises ValueError for the first two, which would cost the whole seed; as text, a date is
    left out with a warning (published_field) and any other key is read as text or ignored. No key
    takes a boolean, and the words that make one are words too: `title: No`, `lang: no` (Norwegian),
    `tags: [on]` cost the seed as "must be text, not bool".
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError, AttributeError):  # (`!!timestamp abc` fails on a missed match)
            return loader.construct_scalar(node)

    def int_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            number = yaml.SafeLoader.construct_yaml_int(loader, node)
        except ValueError:
            return loader.construct_scalar(node)
        return number if number.bit_length() <= MAX_INT_BITS else loader.construct_scalar(node)  # too long: text

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_or_text)
    Loader.add_constructor("tag:yaml.org,2002:int", int_or_text)
    Loader.add_constructor("tag:yaml.org,2002:bool", yaml.SafeLoader.construct_scalar)
    return Loader


def text_field(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):  # `title: 2026-11-25`, a day's notes
        value = value.isoformat()
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SeedError(f"front matter {key!r} must be text, not {type(value).__name__}")
    value = " ".join(str(value).split())
    return value or None


# The names static site generators give the publication date (Pelican, Hugo and
# Jekyll all write `date`), after briefing's own.
DATE_KEYS = ("published", "date")


def published_field(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """The publication date as ISO 8601, and what was wrong with it if it had to be left out.

    Read from `published`, else `date`. ISO dates and date-times, RFC 2822
    dates and the common written forms ("25 November 2026", "Nov 25, 2026",
    "2026/11/25") are read; anything else is left out with a reason, and
    never costs the article.
    """
    for key in DATE_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        published = parse_date(value)
        if published is None:
            read = _parse_date(value)
            if read is not None:  # a date, but no moment in UTC
                return None, f"front matter {key!r} is a moment past the ends of the calendar in UTC ({read}): left out"
            shown = repr(value)[:60] if isinstance(value, (str, int, float)) else type(value).__name__
            return None, f"front matter {key!r} is not a date briefing can read ({shown}): left out"
        return published, None
    return None, None


# Written dates, tried after ISO 8601 and RFC 2822, once commas, a leading
# weekday and ordinal suffixes ("25th") are gone.
_WRITTEN_DATES = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y/%m/%d", "%d.%m.%Y")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+", re.IGNORECASE)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\s+(\d{1,2}:\d{2})(?::\d{2})?$")


def parse_date(value: Any) -> str | None:
    """`value` as an ISO 8601 date or date-time, or None if it is no date that can be read (or none
    that can be compared with others: 9999-12-31T23:59-14:00 is past the last moment in UTC)."""
    found = _parse_date(value)
    return found if found is None or in_range(found) else None


def in_range(iso: str) -> bool:
    """Whether an ISO date or date-time is a moment in UTC too: every time is compared in UTC."""
    if len(iso) <= 10:
        return True
    try:
        moment = dt.datetime.fromisoformat(iso)
        if moment.tzinfo is not None:
            moment.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        return False
    return True


# A year under 1000 written in four digits ("Mon, 01 Jan 0001 00:00:00 +0000", "Jan 01 0099", "01-Jan-0001"):
# no day, time or zone ("+0000") is four digits with a leading zero. (Three digits are 1900 and more, as RFC
# 2822's obsolete years read.)
_WRITTEN_YEAR = re.compile(r"(?<![\d+])(?<!\s-)(0\d{3})(?![\d:])")
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def rfc2822_moment(text: str) -> dt.datetime | None:
    """An RFC 2822 date-time (a mail's, a feed's), or None. Its year as written: email.utils reads any year
    under 100 as one of 19xx or 20xx, "0001" (Go's zero time) as 2001, as it reads a two-digit "01"."""
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    clock = _TIME_OF_DAY.search(text)  # (the year comes before the time; a zone after it: "GMT-0500", "0100")
    written = _WRITTEN_YEAR.search(text, 0, clock.start() if clock else len(text))
    if written is not None and int(written.group(1)) != moment.year:
        try:
            return moment.replace(year=int(written.group(1)))
        except ValueError:  # year 0, or 29 February of a year without one
            return None
    return moment


def _parse_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = " ".join(value.split())
    for attempt in (text.replace("Z", "+00:00"), text):
        try:
            return (dt.datetime if len(attempt) > 10 else dt.date).fromisoformat(attempt).isoformat()
        except ValueError:
            pass
    if (moment := rfc2822_moment(text)) is not None:
        return moment.isoformat()
    plain = _ORDINAL.sub("", _WEEKDAY.sub("", text.replace(",", " "))).replace(". ", " ")
    plain = " ".join(plain.split())
    clock = _CLOCK.search(plain)
    day_part = plain[:clock.start()] if clock else plain
    for pattern in _WRITTEN_DATES:
        try:
            day = dt.datetime.strptime(day_part, pattern)
        except ValueError:
            continue
        if clock is None:
            return day.date().isoformat()
        hour, minute = map(int, clock.group(1).split(":"))
        if hour < 24 and minute < 60:
            return day.replace(hour=hour, minute=minute).isoformat()
    # A month in the words of another language ("14. Oktober 2025", "14 października 2025"): its day.
    if (found := day_in_words(text)) is not None:
        try:
            return dt.date(*found).isoformat()
        except ValueError:  # 31 November
            return None
    return None


def names_field(meta: dict[str, Any], key: str) -> tuple[str | None, str | None]:
    """A name or a list of names (`author: [Ana, Ben]`, as Hugo allows) as one line, or why it was left out."""
    value = meta.get(key)
    if value is None:
        return None, None
    if isinstance(value, list) and all(isinstance(v, str) for v in value[:20]):
        value = ", ".join(" ".join(v.split()) for v in value[:20] if v.strip())
    if not isinstance(value, str):
        return None, f"front matter {key!r} must be a name, not {type(value).__name__}: left out"
    return " ".join(value.split())[:300] or None, None


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


def language_field(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """The language `lang` names, or None and why it was left out. A `lang` briefing does not support
    (`xx`, `zh-Hant`, `nl`) is a hint it cannot take, as a sidecar's is: the text decides, as without one
    (the seed was skipped, and lost from the briefing)."""
    try:
        value = text_field(meta, "lang")
    except SeedError as error:
        return None, f"{error}: left out, the language is taken from the text"
    if value is None:
        return None, None
    name = language_name(value)
    if name not in SUPPORTED_LANGUAGES:
        # Shown clipped: the value may be the whole 16 KB of front matter, and the reason is one line.
        return None, (f"front matter lang {short_line(value, 40)!r} is not supported "
                      f"({', '.join(SUPPORTED_LANGUAGES)}): the language is taken from the text")
    return name, None


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
