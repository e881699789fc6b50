"""Config: built-in defaults < briefing.toml < command-line flags, in one walk.

The Config is a frozen object of sections that mirror briefing.toml
(`[summary]`, `[limits]`, `[site]`, `[schedule]`, `[delivery.email]`,
`[fetch]` and the `[[sources]]` tables; the top-level `seeds`, `out`, `state`
and `templates` form `paths`). One walk,
`build_config`, reads the file, applies the flags, validates every value and
returns the Config (or None), where each value came from, and every problem
found: `load_config` raises them joined, `config check` prints them all.

Relative paths in briefing.toml resolve against the folder that holds it;
relative paths from defaults and flags resolve against the working folder.
Nothing else in briefing reads the config file or the environment.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import ConfigError, FlagError
from .text import MAX_INT_BITS, short_line

CONFIG_FILE_NAME = "briefing.toml"

# newsrank is briefing's own (briefing/summarize/newsrank.py); the others are sumy's.
ALGORITHMS = (
    "newsrank", "lexrank", "lsa", "luhn", "textrank", "kl", "sumbasic", "reduction", "edmundson",
)
DEFAULT_ALGORITHM = "newsrank"

SMTP_SECURITY = ("starttls", "ssl", "none")
_DEFAULT_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
# What a subject template may name: str.format fields.
SUBJECT_FIELDS = ("title", "date", "date_long", "stories")

EMAIL_SECTION = "delivery.email"
SOURCES = "sources"  # the [[sources]] tables: an array, not a section of keys


# --- the sections ------------------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Where seeds are read, briefings written and the state kept; absolute."""

    seeds: Path
    out: Path
    state: Path
    templates: Path | None = None  # the user's folder, searched before the built-in one

    @property
    def lock(self) -> Path:
        """The run lock: a file beside the state store, never deleted."""
        return self.state.with_name(self.state.name + ".lock")


@dataclass(frozen=True)
class SummarySettings:
    """[summary]: how each article is summarised."""

    algorithm: str = DEFAULT_ALGORITHM
    sentences: int = 3
    ratio: float | None = None  # summary length as a share of the article's sentences
    words: int | None = None  # summary length as a word budget
    key_points: int = 5
    language: str = "english"  # default language; a seed's `lang` wins


@dataclass(frozen=True)
class Limits:
    """[limits]: bounds on the work one seed can cause."""

    max_file_bytes: int = 5_000_000
    max_sentences: int = 500


@dataclass(frozen=True)
class Site:
    """[site]: what the pages, the archive and the feed are called, and where they live."""

    title: str = "Daily briefing"
    url: str | None = None  # where out/ is published: absolute links and ids in the feed
    feed_entries: int = 30  # the newest days the feed holds
    # The language of the templates' own words ("Key points", "Sources"): the pages' and the feed's lang.
    # A story in another language has its text marked with its own.
    language: str = "english"


@dataclass(frozen=True)
class ScheduleSettings:
    """[schedule]: when `briefing schedule` runs; at most one of cron and at."""

    cron: str | None = None  # 5-field cron expression
    at: str | None = None  # "HH:MM", daily
    timezone: str | None = None  # IANA name; default: the top-level timezone, else the system's
    grace: int = 12 * 3600  # seconds: a run missed by less than this still runs once
    lock_wait: int = 600  # seconds a scheduled run waits for another run to finish
    fetch: bool = False  # fetch the [[sources]] before each scheduled run


@dataclass(frozen=True)
class EditorSettings:
    """[briefing]: what the day's editor puts first, and how much a reader is given in full."""

    top_stories: int = 5  # stories given in full; the rest are one line each. 0: every story in full
    reading_minutes: float | None = None  # or: as many stories in full as fit this reading time
    sections: tuple[str, ...] = ()  # the order of sections; others follow, by their best story
    developing_days: int = 7  # a story seen in a briefing of this many days before is "developing"
    source_weights: tuple[tuple[str, float], ...] = ()  # (source name, weight) for importance; default 1


@dataclass(frozen=True)
class EmailDelivery:
    """[delivery.email]: where and how each new briefing is sent. Credentials come from the environment."""

    host: str
    sender: str
    to: tuple[str, ...]
    port: int = 587
    security: str = "starttls"  # starttls, ssl, or none (loopback only)
    subject: str = "{title}: {date_long}"
    timeout: float = 30.0
    ca_file: Path | None = None  # extra CA certificates to trust, e.g. a company's own
    username_env: str | None = None
    password_env: str | None = None
    # Read from the environment variables named above when the config is built.
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Source:
    """One [[sources]] table: a feed whose new entries become seeds, or one page fetched once."""

    name: str
    feed: str | None = None  # RSS 0.9x/1.0/2.0, Atom or JSON Feed
    page: str | None = None  # one article page, fetched once
    section: str | None = None  # the briefing section its stories go in
    full_text: bool = True  # fetch each entry's page; False: the feed's own text, as a .md seed
    enabled: bool = True

    @property
    def url(self) -> str:
        return self.feed or self.page or ""

    @property
    def slug(self) -> str:
        """The folder under seeds/ that holds this source's seeds."""
        from .text import slugify

        return slugify(self.name, max_chars=60, fallback="source")


@dataclass(frozen=True)
class FetchSettings:
    """[fetch]: how `briefing fetch` treats the sites it reads. Times are seconds, sizes bytes."""

    contact: str | None = None  # an http(s) or mailto: address named in the User-Agent
    delay: float = 1.0  # between the end of one request and the start of the next to the same host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest wait for the next bytes of a response
    deadline: float = 120.0  # longest time for one response, from connecting to its last byte
    max_bytes: int = 5_000_000  # a response body as sent (compressed)
    max_decompressed_bytes: int = 10_000_000  # the same body decompressed: a gzip bomb stops here
    max_entries: int = 30  # entries taken from the top of each feed
    max_age: float = 3 * 86400.0  # entries published longer ago are left alone; 0 = no limit
    max_redirects: int = 5
    retries: int = 2  # after a 429 or 5xx
    retry_backoff: float = 2.0  # first wait without Retry-After; doubled each time
    max_retry_wait: float = 60.0  # most time spent waiting to retry one request


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, with absolute paths."""

    paths: Paths
    summary: SummarySettings = SummarySettings()
    limits: Limits = Limits()
    site: Site = Site()
    schedule: ScheduleSettings = ScheduleSettings()
    editor: EditorSettings = EditorSettings()  # [briefing] in briefing.toml
    email: EmailDelivery | None = None  # None: no delivery
    timezone: str | None = None  # IANA name of the briefing's day; None = the system's
    jobs: int = 0  # processes that do the work; 0 = one per core
    sources: tuple[Source, ...] = ()  # what `briefing fetch` reads
    fetch: FetchSettings = FetchSettings()
    # Where each value came from, by its key in briefing.toml: "default", the
    # config file's path, or "flag".
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


# --- validators: (key as the user wrote it, raw value) -> value, or ConfigError --------


def _whole(low: int, high: int) -> Callable[[str, Any], int]:
    """A whole number from `low` to `high`: every count has a sane bound, so none can exhaust the machine."""
    def check(key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            kind = "a positive whole number" if low == 1 else f"a whole number of {low} or more"
            raise ConfigError(f"{key} must be {kind}, not {value!r}")
        if value > high:
            raise ConfigError(f"{key} must be at most {high:,}, not {value:,}")
        return value

    return check




def _ratio(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{key} must be a number above 0 and at most 1, not {value!r}")
    return float(value)


def _string(key: str, value: Any) -> str:
    from .text import forbidden_characters

    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, not {value!r}")
    if "\n" in value or "\t" in value or forbidden_characters(value):
        bad = ", ".join(forbidden_characters(value)) or "a line break or tab"
        raise ConfigError(f"{key} must be one line of text without control characters (found {bad})")
    return value.strip()


def _algorithm(key: str, value: Any) -> str:
    value = _string(key, value).lower()
    if value not in ALGORITHMS:
        raise ConfigError(f"{key} must be one of {', '.join(ALGORITHMS)}; got {value!r}")
    return value


def _timezone(key: str, value: Any) -> str:
    import zoneinfo

    value = _string(key, value)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder of zones
        raise ConfigError(
            f"{key}: unknown time zone {value!r} (use an IANA name such as 'Europe/London')"
        ) from None
    return value


def _cron(key: str, value: Any) -> str:
    from .cron import parse_cron

    try:
        return parse_cron(_string(key, value)).text
    except ValueError as error:
        raise ConfigError(f"{key}: bad cron expression {value!r}: {error}") from None


def _at(key: str, value: Any) -> str:
    from .cron import parse_at

    if not isinstance(value, (str, dt.time)):
        raise ConfigError(f"{key} must be a time of day such as \"06:30\", not {value!r}")
    try:
        hour, minute = parse_at(value)
    except ValueError as error:
        raise ConfigError(f"{key} {error}") from None
    return f"{hour:02d}:{minute:02d}"


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGEST = 366 * 86400  # a year: longer is a typo, and too long for date arithmetic
_FRACTION_UNITS = {"ms": 0.001, **_DURATION_UNITS}


def _seconds(*, zero: bool, most: float) -> Callable[[str, Any], float]:
    """Seconds, fractions allowed: a number, or a string such as "500ms", "1.5s", "10m", "3d"."""
    def check(key: str, value: Any) -> float:
        seconds = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value)
        elif isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*", value.lower())
            if match:
                seconds = float(match.group(1)) * _FRACTION_UNITS[match.group(2) or "s"]
        if seconds is None or seconds != seconds or seconds < 0 or (seconds == 0 and not zero):
            low = "0 or more" if zero else "above 0"
            raise ConfigError(f"{key} must be a number of seconds {low} or a duration such as \"500ms\", "
                              f"\"30s\", \"10m\" or \"3d\", not {value!r}")
        if seconds > most:
            raise ConfigError(f"{key} must be at most {most:g} seconds, not {value!r}")
        return seconds

    return check


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, not {value!r}")
    return value


def _web_address(key: str, value: Any, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """An address a fetch may use: one of `schemes`, a host, no credentials, no spaces."""
    import urllib.parse

    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be an address such as 'https://example.org/feed.xml', not {value!r}")
    value = value.strip()
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise ConfigError(f"{key} is not a valid address: {value!r}") from None
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value) or len(value) > 2000:
        raise ConfigError(f"{key} is not a valid address: {value!r}")
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ConfigError(f"{key} must be an {' or '.join(schemes)} address, not {value!r}")
    if (scheme in ("http", "https") and not parts.hostname) or (scheme == "mailto" and "@" not in parts.path):
        raise ConfigError(f"{key} has no host or address: {value!r}")
    if parts.username or parts.password:
        raise ConfigError(f"{key} must not hold a user name or password: {value!r}")
    return value


def _contact(key: str, value: Any) -> str:
    value = _web_address(key, value, ("http", "https", "mailto"))
    if not value.isascii():  # it goes into the User-Agent header, which is ASCII
        raise ConfigError(f"{key} must be written in ASCII (a host in its xn-- form, %-escapes), not {value!r}")
    return value


def _duration(key: str, value: Any) -> int:
    """Seconds, as a whole number or a string such as "90s", "30m", "12h", "1d"."""
    seconds = None
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    elif isinstance(value, str):
        text = value.strip().lower()
        if text[:-1].isdigit() and text[-1:] in _DURATION_UNITS:
            seconds = int(text[:-1]) * _DURATION_UNITS[text[-1]]
        elif text.isdigit():
            seconds = int(text)
    if seconds is None or seconds < 1:
        raise ConfigError(
            f"{key} must be a duration such as 600, \"90s\", \"30m\", \"12h\" or \"1d\", not {value!r}"
        )
    if seconds > _LONGEST:
        raise ConfigError(f"{key} must be at most a year (\"366d\"), not {value!r}")
    return seconds


def _minutes(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
        raise ConfigError(f"{key} must be a number of minutes above 0, at most 600, not {value!r}")
    return float(value)


def _names(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 100:
        raise ConfigError(f"{key} must be a list of names, such as [\"World\", \"Business\"], not {value!r}")
    names = tuple(_string(key, item) for item in value)
    if len({name.casefold() for name in names}) != len(names):
        raise ConfigError(f"{key} names a section twice")
    return names


def _weights(key: str, value: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict) or len(value) > 1000:
        raise ConfigError(f"{key} must be a table of source names and weights, such as {{ Reuters = 1.5 }}")
    weights = []
    for name, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 100:
            raise ConfigError(f"{key}.{name} must be a weight from 0 to 100, not {weight!r}")
        weights.append((_string(f"{key}.{name}", name), float(weight)))
    return tuple(weights)


def _language(key: str, value: Any) -> str:
    from .languages import SUPPORTED_LANGUAGES, language_name

    name = language_name(_string(key, value))
    if name not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{key} must be one of {', '.join(SUPPORTED_LANGUAGES)}; got {value!r}")
    return name


def _site_url(key: str, value: Any) -> str:
    import urllib.parse

    value = _string(key, value)
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:  # "http://[::1/"
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{key} must be an http(s) address such as 'https://example.org/briefing/', not {value!r}")
    # The folder's address: briefings are found relative to it.
    return value if value.endswith("/") else value + "/"


# --- the keys ------------------------------------------------------------------


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
    "site.title": _Key("site", "title", _string),
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
}
_SECTION_NAMES = ("summary", "limits", "site", "schedule", "briefing", "fetch")
_DEFAULT_PATHS = {"seeds": "seeds", "out": "out", "state": ".briefing/state.sqlite3"}
# The flags that set a value, for the CLI: "--sentences" -> "summary.sentences".
FLAGS: dict[str, str] = {key.flag: name for name, key in _KEYS.items() if key.flag}
_LENGTH_KEYS = ("summary.words", "summary.ratio", "summary.sentences")
_SCHEDULE_KEYS = ("schedule.cron", "schedule.at")


# --- the walk ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigResult:
    """What one walk over defaults, the config file and the flags found."""

    config: Config | None  # None when there are problems
    problems: tuple[str, ...]
    file: Path | None  # the config file read, if any
    read: bool = True  # False when the config file could not be found or read at all
    flag_problems: tuple[str, ...] = ()  # those of `problems` that come from command-line flags


def find_config_file(explicit: Path | None, cwd: Path) -> Path | None:
    """The config file to read: the one named, else briefing.toml in the working folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return explicit
    candidate = cwd / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a config file to read

    try:
        # A byte order mark, as some Windows editors write, is read past (as in a seed's sidecar).
        table = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        if _holds_a_number_too_long(table):  # a hex number escapes int()'s limit, to fail where it is shown
            raise ConfigError(f"{path}: not valid TOML: a number with more than 4,300 digits")
        return table
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 text") from None
    except ValueError as error:  # an integer too long to convert (tomllib lets int()'s error through)
        raise ConfigError(f"{path}: not valid TOML: {short_line(str(error).split(':')[0], 80)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _holds_a_number_too_long(value: Any) -> bool:
    if isinstance(value, dict):
        return any(map(_holds_a_number_too_long, value.values()))
    if isinstance(value, list):
        return any(map(_holds_a_number_too_long, value))
    return isinstance(value, int) and value.bit_length() > MAX_INT_BITS


def _file_entries(table: Mapping[str, Any], where: Path, problems: list[str]) -> dict[str, Any]:
    """briefing.toml as {"section.key": value}; [delivery.email] stays one table. Unknown names are problems."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key == SOURCES:
            flat[SOURCES] = value  # an array of tables, checked as a whole by _sources
        elif key == "delivery" and isinstance(value, dict):
            for channel, settings in value.items():
                if f"delivery.{channel}" != EMAIL_SECTION or not isinstance(settings, dict):
                    problems.append(f"{where}: unknown section [delivery.{channel}] (known: [{EMAIL_SECTION}])")
                else:
                    flat[EMAIL_SECTION] = settings
        elif key == "briefing" and isinstance(value, dict) and isinstance(value.get("source_weights"), dict):
            # A table inside a section: one key holding the whole table.
            flat["briefing.source_weights"] = value["source_weights"]
            flat.update((f"briefing.{k}", v) for k, v in value.items() if k != "source_weights")
        elif isinstance(value, dict):
            if key not in _SECTION_NAMES:
                close = difflib.get_close_matches(key, sorted(_SECTION_NAMES), n=1, cutoff=0.7)
                problems.append(f"{where}: unknown section [{key}]" + (f" (did you mean [{close[0]}]?)" if close else ""))
                continue
            for sub_key, sub_value in value.items():
                flat[f"{key}.{sub_key}"] = sub_value
        else:
            flat[key] = value
    for key in list(flat):
        if key not in _KEYS and key not in (EMAIL_SECTION, SOURCES):
            problems.append(f"{where}: unknown key {key!r}{_suggestion(key)}")
            del flat[key]
    return flat


def _suggestion(name: str) -> str:
    """What a key unknown where it is written may be: the same key in its right place, or one spelt alike."""
    last = name.rsplit(".", 1)[-1]
    placed = [key for key in _KEYS if key.rsplit(".", 1)[-1] == last and key != name]
    if placed:
        return " (it goes " + " or ".join(
            f"under [{key.rsplit('.', 1)[0]}]" if "." in key else "at the top of the file, before any [section]"
            for key in placed) + ")"
    close = difflib.get_close_matches(name, sorted(_KEYS), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def build_config(
    config_path: Path | None = None,
    flags: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConfigResult:
    """The one walk: defaults, then the config file, then `flags`; every problem collected.

    `flags` maps a flag ("--sentences") to its value; None means "not given".
    `environ` (default: the process environment) supplies the delivery credentials.
    """
    cwd = (cwd or Path.cwd()).resolve()
    environ = os.environ if environ is None else environ
    problems: list[str] = []
    flag_problems: list[str] = []  # a bad command line: exit 2, not 1
    values: dict[str, Any] = {}  # "summary.sentences" -> value
    origins: dict[str, str] = {}
    for name, default in _DEFAULT_PATHS.items():
        values[name], origins[name] = cwd / default, "default"

    try:
        file_path = find_config_file(config_path, cwd)
    except ConfigError as error:
        return ConfigResult(None, (str(error),), None, read=False)
    email: EmailDelivery | None = None
    sources: tuple[Source, ...] = ()
    if file_path is not None:
        try:
            table = _read_toml(file_path)
        except ConfigError as error:
            return ConfigResult(None, (str(error),), file_path, read=False)
        base = file_path.resolve().parent
        # The file's folder is the project's: the paths it leaves to their defaults are there too, wherever
        # the command runs from (`briefing --config ~/news/briefing.toml run` from cron's home folder).
        for name, default in _DEFAULT_PATHS.items():
            values[name] = base / default
        for name, raw in _file_entries(table, file_path, problems).items():
            try:
                if name == EMAIL_SECTION:
                    email = _email_delivery(raw, base, environ)
                    # Each key the table sets comes from the file; the others keep their defaults.
                    origins.update({f"{EMAIL_SECTION}.{key}": str(file_path) for key in raw})
                    continue
                if name == SOURCES:
                    sources = _sources(raw, problems)
                    origins[SOURCES] = str(file_path)
                    continue
                value = _KEYS[name].check(name, raw)
                values[name] = base / Path(value).expanduser() if _KEYS[name].is_path else value
                origins[name] = str(file_path)
            except ConfigError as error:
                problems.append(f"{file_path}: {error}")

    for flag, raw in (flags or {}).items():
        if raw is None:
            continue
        name = FLAGS.get(flag)
        if name is None:
            flag_problems.append(f"unknown flag {flag}")
            continue
        try:
            value = _KEYS[name].check(flag, str(raw) if _KEYS[name].is_path else raw)
        except ConfigError as error:
            flag_problems.append(str(error))
            continue
        values[name] = cwd / Path(value).expanduser() if _KEYS[name].is_path else value
        origins[name] = "flag"

    for rule in (_keep_one_length, _keep_one_schedule):
        try:
            rule(values, origins)
        except FlagError as error:
            flag_problems.append(str(error))
        except ConfigError as error:
            problems.append(str(error))
    if values.get("schedule.fetch") and not any(source.enabled for source in sources):
        problems.append("schedule.fetch is true, but there are no [[sources]] to fetch")
    templates = values.get("templates")  # as the Config will hold it: "a/../b" is b, whether a exists or not
    if (problem := _templates_problem(Path(os.path.normpath(templates)) if templates else None)) is not None:
        problems.append(problem)
    if problems or flag_problems:
        return ConfigResult(None, tuple(problems + flag_problems), file_path, flag_problems=tuple(flag_problems))

    config = _assemble(values, origins, email, sources)
    try:
        _check_paths(config)
    except ConfigError as error:
        return ConfigResult(None, (str(error),), file_path)
    return ConfigResult(config, (), file_path)


def _assemble(values: Mapping[str, Any], origins: dict[str, str], email: EmailDelivery | None,
              sources: tuple[Source, ...] = ()) -> Config:
    """The frozen Config from validated values by key; absent keys keep their defaults."""
    sections: dict[str, dict[str, Any]] = {
        "paths": {}, "summary": {}, "limits": {}, "site": {}, "schedule": {}, "editor": {}, "fetch": {},
    }
    top: dict[str, Any] = {}
    for name, value in values.items():
        key = _KEYS[name]
        if isinstance(value, Path):
            value = Path(os.path.normpath(value))
        (sections[key.section] if key.section else top)[key.name] = value
    for name in _KEYS:
        origins.setdefault(name, "default")
    return Config(
        paths=Paths(**sections["paths"]),
        summary=SummarySettings(**sections["summary"]),
        limits=Limits(**sections["limits"]),
        site=Site(**sections["site"]),
        schedule=ScheduleSettings(**sections["schedule"]),
        editor=EditorSettings(**sections["editor"]),
        fetch=FetchSettings(**sections["fetch"]),
        sources=sources,
        email=email,
        origins=dict(origins),
        **top,
    )


def load_config(
    config_path: Path | None = None,
    flags: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """The Config, or ConfigError with every problem, one per line.

    Problems with the flags come first, as FlagError and alone, as a bad
    command line does before any file is read.
    """
    result = build_config(config_path, flags, cwd, environ)
    if result.flag_problems:
        raise FlagError("\n".join(result.flag_problems))
    if result.config is None:
        raise ConfigError("\n".join(result.problems))
    return result.config


def check_config(
    config_path: Path | None = None,
    flags: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """Every problem with the config file, the flags and the folders they name, one line each."""
    result = build_config(config_path, flags, cwd, environ)
    problems = list(result.problems)
    if not result.read:
        return problems
    if result.config is not None:
        seeds = result.config.paths.seeds
    else:
        # The seeds folder is still worth checking when other keys are wrong.
        seeds = _seeds_folder_named(config_path, flags, (cwd or Path.cwd()).resolve(), result.file)
    if seeds is not None and not seeds.is_dir():
        problems.append(seeds_folder_problem(seeds))
    return problems


def seeds_folder_problem(seeds: Path) -> str:
    """Why `seeds`, which is no folder, cannot be read: it is missing, or a file stands in its place."""
    return f"seeds folder not found: {seeds}" if not seeds.exists() else f"seeds is a file, not a folder: {seeds}"


def _seeds_folder_named(config_path, flags, cwd: Path, file_path: Path | None) -> Path | None:
    flag = (flags or {}).get("--seeds")
    if flag is not None:
        return cwd / Path(str(flag)).expanduser()
    if file_path is not None:
        raw = _read_toml(file_path).get("seeds")
        if isinstance(raw, str) and raw.strip():
            return file_path.resolve().parent / Path(raw.strip()).expanduser()
        if raw is not None:
            return None
        return file_path.resolve().parent / _DEFAULT_PATHS["seeds"]  # beside the file, as build_config has it
    return cwd / _DEFAULT_PATHS["seeds"]


# --- rules across keys ------------------------------------------------------------


def _keep_one_length(values: dict[str, Any], origins: dict[str, str]) -> None:
    """A length given by flag wins over a length from the file, whatever its kind."""
    given = [name for name in _LENGTH_KEYS if name in values]
    by_flag = [name for name in given if origins.get(name) == "flag"]
    if len(by_flag) > 1:
        raise FlagError("give only one of --sentences, --ratio and --words")
    if by_flag:
        keep = by_flag[0]
    elif len(given) > 1:
        raise ConfigError("set only one of summary.sentences, summary.ratio and summary.words")
    else:
        return
    for name in given:
        if name != keep and name != "summary.sentences":
            del values[name]
            origins.pop(name, None)


def _keep_one_schedule(values: dict[str, Any], origins: dict[str, str]) -> None:
    """At most one of cron and at; a flag of either kind replaces the file's; the time zone defaults."""
    given = [name for name in _SCHEDULE_KEYS if name in values]
    by_flag = [name for name in given if origins.get(name) == "flag"]
    if len(by_flag) > 1:
        raise FlagError("give only one of --cron and --at")
    if len(given) > 1 and not by_flag:
        raise ConfigError("set only one of schedule.cron and schedule.at")
    for name in given:
        if by_flag and name != by_flag[0]:
            del values[name]
            origins.pop(name, None)
    # The schedule's time zone is the briefing's unless set apart.
    if "schedule.timezone" not in values and "timezone" in values:
        values["schedule.timezone"] = values["timezone"]
        origins["schedule.timezone"] = f"{origins['timezone']} (timezone)"


def _check_paths(config: Config) -> None:
    out = _resolved(config.paths.out, "output folder")
    state = _resolved(config.paths.state, "state")
    seeds = _resolved(config.paths.seeds, "seeds folder")
    if out == seeds or seeds in out.parents:
        # The next run would read its own briefings as seeds.
        raise ConfigError(
            f"the output folder {config.paths.out} is inside the seeds folder {config.paths.seeds}; "
            "put it beside it (default: out next to seeds)"
        )
    if state == out or out in state.parents:
        raise ConfigError(
            f"state {config.paths.state} is inside the output folder {config.paths.out}, which people "
            "publish; put it elsewhere (default .briefing/state.sqlite3)"
        )


def _templates_problem(templates: Path | None) -> str | None:
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


# --- [[sources]] ---------------------------------------------------------------------

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
            problems.append(f"[[sources]] {source.name!r}: the name is used by an earlier source")
        elif source.slug in slugs:
            problems.append(f"[[sources]] {source.name!r}: its folder seeds/{source.slug}/ is already "
                            f"{slugs[source.slug]!r}'s; choose a name that differs in letters or digits")
        else:
            names.add(source.name.lower())
            slugs[source.slug] = source.name
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
        label = f"[[sources]] {values['name']!r}"
    except ConfigError as error:
        problems.append(str(error))
    for key in table:
        if key not in _SOURCE_KEYS:
            problems.append(f"{label}: unknown key {key!r} (known: {', '.join(_SOURCE_KEYS)})")
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
    return Source(**values) if len(problems) == before else None


# --- [delivery.email] ---------------------------------------------------------------

_EMAIL_VALIDATORS: dict[str, Callable[[str, Any], Any]] = {
    "host": _string,
    "port": _whole(1, 65535),
    "from": _string,
    "subject": _string,
    "ca_file": _string,
    "username_env": _string,
    "password_env": _string,
}


def _email_delivery(table: Mapping[str, Any], base: Path, environ: Mapping[str, str]) -> EmailDelivery | None:
    """The [delivery.email] table -> EmailDelivery, or None when it says `enabled = false`."""
    section = EMAIL_SECTION
    for secret in ("username", "password", "user", "pass"):
        if secret in table:
            raise ConfigError(
                f"{section}.{secret}: credentials are never read from the config file; "
                f"set {section}.{'password' if secret.startswith('pass') else 'username'}_env "
                "to the name of an environment variable that holds it"
            )
    known = {*_EMAIL_VALIDATORS, "enabled", "to", "security", "timeout"}
    for key in table:
        if key not in known:
            raise ConfigError(f"unknown key '{section}.{key}'")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{section}.enabled must be true or false, not {enabled!r}")
    if not enabled:
        return None
    values = {key: check(f"{section}.{key}", table[key]) for key, check in _EMAIL_VALIDATORS.items() if key in table}
    for required in ("host", "from", "to"):
        if required not in table:
            raise ConfigError(f"{section}.{required} is required to send briefings by email")

    security = table.get("security", "starttls")
    if security not in SMTP_SECURITY:
        raise ConfigError(f"{section}.security must be one of {', '.join(SMTP_SECURITY)}; got {security!r}")
    if security == "none" and not _is_loopback(values["host"]):
        raise ConfigError(
            f"{section}.security = 'none' sends the briefing and any password unencrypted; "
            f"it is allowed only for a server on this machine (localhost), not {values['host']!r}"
        )
    recipients = table["to"]
    if isinstance(recipients, str):
        recipients = [recipients]
    if not isinstance(recipients, list) or not recipients:
        raise ConfigError(f"{section}.to must be an address or a list of addresses, not {table['to']!r}")
    to = tuple(_address(f"{section}.to", r) for r in recipients)
    sender = _address(f"{section}.from", values["from"])
    subject = values.get("subject", EmailDelivery.subject)
    _check_subject(f"{section}.subject", subject)
    timeout = table.get("timeout", EmailDelivery.timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 3600:
        raise ConfigError(f"{section}.timeout must be a number of seconds above 0, at most 3600, not {timeout!r}")
    ca_file = None
    if "ca_file" in values:
        ca_file = Path(os.path.normpath(base / Path(values["ca_file"]).expanduser()))
        if not ca_file.is_file():
            raise ConfigError(f"{section}.ca_file not found: {ca_file}")
    names = {}
    for key in ("username_env", "password_env"):
        if key in values:
            if not values[key].replace("_", "a").isalnum() or values[key][0].isdigit():
                raise ConfigError(f"{section}.{key} must name an environment variable, such as BRIEFING_SMTP_PASSWORD; got {values[key]!r}")
            names[key] = values[key]
    return EmailDelivery(
        host=values["host"],
        sender=sender,
        to=to,
        port=values.get("port", _DEFAULT_SMTP_PORTS[security]),
        security=security,
        subject=subject,
        timeout=float(timeout),
        ca_file=ca_file,
        username_env=names.get("username_env"),
        password_env=names.get("password_env"),
        # A variable that is named but not set is reported when a delivery is tried,
        # so that it never stops the briefing itself from being written.
        username=environ.get(names["username_env"]) if "username_env" in names else None,
        password=environ.get(names["password_env"]) if "password_env" in names else None,
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _address(key: str, value: Any) -> str:
    from email.utils import parseaddr

    text = _string(key, value)
    _, address = parseaddr(text)
    if "@" not in address or any(c in text for c in "\r\n"):
        raise ConfigError(f"{key}: {text!r} is not an email address")
    return text


def _check_subject(key: str, template: str) -> None:
    import string

    if "\n" in template or "\r" in template:
        raise ConfigError(f"{key} must be one line")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise ConfigError(f"{key}: {error} (write a literal brace as {{{{ or }}}})") from None
    for name in names:
        if name not in SUBJECT_FIELDS:
            raise ConfigError(f"{key}: unknown field {{{name}}}; use {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)}")
    specs = [spec for _, _, spec, _ in string.Formatter().parse(template) if spec]
    if any(re.search(r"\d{4,}", spec) for spec in specs):
        raise ConfigError(f"{key}: a field's width or precision must be under 1000")
    try:  # formatted with sample values, so a bad format spec is found now, not at each delivery
        template.format(title="Daily briefing", date="2026-11-25", date_long="Wednesday 25 November 2026", stories=5)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as error:
        raise ConfigError(f"{key}: {template!r} cannot be filled in: {error}") from None


# --- showing the config ---------------------------------------------------------------


def config_items(config: Config) -> list[tuple[str, Any, str]]:
    """(key as written in briefing.toml, effective value, where it came from) for every key.

    Top-level keys first, then each section in turn, as briefing.toml is laid out.
    """
    items = []
    for name, key in _KEYS.items():
        holder = getattr(config, key.section) if key.section else config
        value = getattr(holder, key.name)
        if name == "briefing.source_weights":
            value = dict(value)  # a table in briefing.toml
        items.append((name, str(value) if isinstance(value, Path) else value, config.origins.get(name, "default")))
    if config.email is not None:
        items.append((f"{EMAIL_SECTION}.enabled", True, config.origins.get(f"{EMAIL_SECTION}.enabled", "default")))
        for name in ("host", "port", "security", "sender", "to", "subject", "timeout", "ca_file",
                     "username_env", "password_env"):
            value = getattr(config.email, name)
            key = "from" if name == "sender" else name
            origin = config.origins.get(f"{EMAIL_SECTION}.{key}", "default")
            items.append((f"{EMAIL_SECTION}.{key}", str(value) if isinstance(value, Path) else value, origin))
    origin = config.origins.get(SOURCES, "default")
    for number, source in enumerate(config.sources, start=1):
        for name in ("name", "feed", "page", "section", "full_text", "enabled"):
            value = getattr(source, name)
            if (value is not None or name == "section") and not (name == "full_text" and source.page):
                items.append((f"{SOURCES}.{number}.{name}", value, origin))
    sections = list(dict.fromkeys(name.rsplit(".", 1)[0] for name, _, _ in items if "." in name))
    return sorted(items, key=lambda item: sections.index(item[0].rsplit(".", 1)[0]) + 1 if "." in item[0] else 0)
