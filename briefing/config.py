"""Config: built-in defaults < briefing.toml < command-line flags, in one walk.

The Config is a frozen object of sections that mirror briefing.toml
(`[summary]`, `[limits]`, `[site]`, `[schedule]`, `[delivery.email]`; the
top-level `seeds`, `out`, `state` and `templates` form `paths`). One walk,
`build_config`, reads the file, applies the flags, validates every value and
returns the Config (or None), where each value came from, and every problem
found: `load_config` raises them joined, `config check` prints them all.

Relative paths in briefing.toml resolve against the folder that holds it;
relative paths from defaults and flags resolve against the working folder.
Nothing else in briefing reads the config file or the environment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import ConfigError, FlagError

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


@dataclass(frozen=True)
class ScheduleSettings:
    """[schedule]: when `briefing schedule` runs; at most one of cron and at."""

    cron: str | None = None  # 5-field cron expression
    at: str | None = None  # "HH:MM", daily
    timezone: str | None = None  # IANA name; default: the top-level timezone, else the system's
    grace: int = 12 * 3600  # seconds: a run missed by less than this still runs once
    lock_wait: int = 600  # seconds a scheduled run waits for another run to finish


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
class Config:
    """Everything a run needs to know, with absolute paths."""

    paths: Paths
    summary: SummarySettings = SummarySettings()
    limits: Limits = Limits()
    site: Site = Site()
    schedule: ScheduleSettings = ScheduleSettings()
    email: EmailDelivery | None = None  # None: no delivery
    timezone: str | None = None  # IANA name of the briefing's day; None = the system's
    jobs: int = 0  # processes that do the work; 0 = one per core
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
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
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


def _language(key: str, value: Any) -> str:
    from .languages import SUPPORTED_LANGUAGES, language_name

    name = language_name(_string(key, value))
    if name not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{key} must be one of {', '.join(SUPPORTED_LANGUAGES)}; got {value!r}")
    return name


def _site_url(key: str, value: Any) -> str:
    import urllib.parse

    value = _string(key, value)
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
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
    "schedule.cron": _Key("schedule", "cron", _cron, "--cron"),
    "schedule.at": _Key("schedule", "at", _at, "--at"),
    "schedule.timezone": _Key("schedule", "timezone", _timezone, "--timezone"),
    "schedule.grace": _Key("schedule", "grace", _duration),
    "schedule.lock_wait": _Key("schedule", "lock_wait", _duration),
}
_SECTION_NAMES = ("summary", "limits", "site", "schedule")
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
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _file_entries(table: Mapping[str, Any], where: Path, problems: list[str]) -> dict[str, Any]:
    """briefing.toml as {"section.key": value}; [delivery.email] stays one table. Unknown names are problems."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key == "delivery" and isinstance(value, dict):
            for channel, settings in value.items():
                if f"delivery.{channel}" != EMAIL_SECTION or not isinstance(settings, dict):
                    problems.append(f"{where}: unknown section [delivery.{channel}] (known: [{EMAIL_SECTION}])")
                else:
                    flat[EMAIL_SECTION] = settings
        elif isinstance(value, dict):
            if key not in _SECTION_NAMES:
                problems.append(f"{where}: unknown section [{key}]")
                continue
            for sub_key, sub_value in value.items():
                flat[f"{key}.{sub_key}"] = sub_value
        else:
            flat[key] = value
    for key in list(flat):
        if key not in _KEYS and key != EMAIL_SECTION:
            problems.append(f"{where}: unknown key {key!r}")
            del flat[key]
    return flat


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
    if file_path is not None:
        try:
            table = _read_toml(file_path)
        except ConfigError as error:
            return ConfigResult(None, (str(error),), file_path, read=False)
        base = file_path.resolve().parent
        for name, raw in _file_entries(table, file_path, problems).items():
            try:
                if name == EMAIL_SECTION:
                    email = _email_delivery(raw, base, environ)
                    origins[EMAIL_SECTION] = str(file_path)
                    continue
                value = _KEYS[name].check(name, raw)
                values[name] = base / Path(value).expanduser() if _KEYS[name].is_path else value
                origins[name] = str(file_path)
            except ConfigError as error:
                problems.append(str(error))

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
    if problems or flag_problems:
        return ConfigResult(None, tuple(problems + flag_problems), file_path, flag_problems=tuple(flag_problems))

    config = _assemble(values, origins, email)
    try:
        _check_paths(config)
    except ConfigError as error:
        return ConfigResult(None, (str(error),), file_path)
    return ConfigResult(config, (), file_path)


def _assemble(values: Mapping[str, Any], origins: dict[str, str], email: EmailDelivery | None) -> Config:
    """The frozen Config from validated values by key; absent keys keep their defaults."""
    sections: dict[str, dict[str, Any]] = {"paths": {}, "summary": {}, "limits": {}, "site": {}, "schedule": {}}
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
        problems.append(f"seeds folder not found: {seeds}")
    return problems


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
    out = config.paths.out.resolve()
    state = config.paths.state.resolve()
    seeds = config.paths.seeds.resolve()
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
    if config.paths.templates is not None and not config.paths.templates.is_dir():
        raise ConfigError(f"templates folder not found: {config.paths.templates}")


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
        items.append((name, str(value) if isinstance(value, Path) else value, config.origins.get(name, "default")))
    if config.email is not None:
        origin = config.origins.get(EMAIL_SECTION, "default")
        for name in ("host", "port", "security", "sender", "to", "subject", "timeout", "ca_file",
                     "username_env", "password_env"):
            value = getattr(config.email, name)
            key = "from" if name == "sender" else name
            items.append((f"{EMAIL_SECTION}.{key}", str(value) if isinstance(value, Path) else value, origin))
    sections = list(dict.fromkeys(name.rsplit(".", 1)[0] for name, _, _ in items if "." in name))
    return sorted(items, key=lambda item: sections.index(item[0].rsplit(".", 1)[0]) + 1 if "." in item[0] else 0)
