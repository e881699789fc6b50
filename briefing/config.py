"""Config: built-in defaults < briefing.toml < command-line flags, validated once.

Relative paths in briefing.toml resolve against the folder that holds it;
relative paths from defaults and flags resolve against the working folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import ConfigError

CONFIG_FILE_NAME = "briefing.toml"

# newsrank is briefing's own (briefing/newsrank.py); the others are sumy's.
ALGORITHMS = (
    "newsrank", "lexrank", "lsa", "luhn", "textrank", "kl", "sumbasic", "reduction", "edmundson",
)
DEFAULT_ALGORITHM = "newsrank"

SMTP_SECURITY = ("starttls", "ssl", "none")
_DEFAULT_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
# What a subject template may name: str.format fields.
SUBJECT_FIELDS = ("title", "date", "date_long", "stories")


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
    # Read from the environment variables named above when the config is loaded.
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, with absolute paths."""

    seeds: Path
    out: Path
    state: Path
    templates: Path | None = None  # the user's folder, searched before the built-in one
    timezone: str | None = None  # IANA name; None = the system's
    jobs: int = 0  # 0 = one per core
    algorithm: str = DEFAULT_ALGORITHM
    sentences: int = 3
    ratio: float | None = None  # summary length as a share of the article's sentences
    words: int | None = None  # summary length as a word budget
    key_points: int = 5
    language: str = "english"
    max_file_bytes: int = 5_000_000
    max_sentences: int = 500
    site_title: str = "Daily briefing"
    site_url: str | None = None  # where out/ is published: absolute links and ids in the feed
    feed_entries: int = 30  # the newest days the feed holds
    email: EmailDelivery | None = None  # None: no delivery
    # [schedule]: when `briefing schedule` runs; at most one of cron and at.
    cron: str | None = None  # 5-field cron expression
    at: str | None = None  # "HH:MM", daily
    schedule_timezone: str | None = None  # IANA name; default: `timezone`, else the system's
    grace: int = 12 * 3600  # seconds: a run missed by less than this still runs once
    lock_wait: int = 600  # seconds a scheduled run waits for another run to finish
    # Where each value came from: "default", the config file's path, or "flag".
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key} must be a positive whole number, not {value!r}")
    return value


def _non_negative_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{key} must be a whole number of 0 or more, not {value!r}")
    return value


def _ratio(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{key} must be a number above 0 and at most 1, not {value!r}")
    return float(value)


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, not {value!r}")
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
    import datetime as dt

    from .cron import parse_at

    if not isinstance(value, (str, dt.time)):
        raise ConfigError(f"{key} must be a time of day such as \"06:30\", not {value!r}")
    try:
        hour, minute = parse_at(value)
    except ValueError as error:
        raise ConfigError(f"{key} {error}") from None
    return f"{hour:02d}:{minute:02d}"


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


# Keys of briefing.toml: dotted name -> (Config field, validator). Paths are
# handled apart because they resolve against the file's folder.
_PATH_KEYS = {"seeds": "seeds", "out": "out", "state": "state", "templates": "templates"}
_VALUE_KEYS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    "timezone": ("timezone", _timezone),
    "jobs": ("jobs", _non_negative_int),
    "summary.algorithm": ("algorithm", _algorithm),
    "summary.sentences": ("sentences", _positive_int),
    "summary.ratio": ("ratio", _ratio),
    "summary.words": ("words", _positive_int),
    "summary.key_points": ("key_points", _positive_int),
    "summary.language": ("language", _language),
    "limits.max_file_bytes": ("max_file_bytes", _positive_int),
    "limits.max_sentences": ("max_sentences", _positive_int),
    "site.title": ("site_title", _string),
    "site.url": ("site_url", _site_url),
    "site.feed_entries": ("feed_entries", _positive_int),
    "schedule.cron": ("cron", _cron),
    "schedule.at": ("at", _at),
    "schedule.timezone": ("schedule_timezone", _timezone),
    "schedule.grace": ("grace", _duration),
    "schedule.lock_wait": ("lock_wait", _duration),
}
_SECTIONS = {"summary", "limits", "site", "schedule"}
# [delivery.email] is read whole by `_email_delivery`.
_EMAIL_SECTION = "delivery.email"
# Flags whose name differs from their Config field, for error messages.
_FLAG_NAMES = {"schedule_timezone": "--timezone"}

_DEFAULT_PATHS = {"seeds": "seeds", "out": "out", "state": ".briefing/state.sqlite3"}


def find_config_file(explicit: Path | None, cwd: Path) -> Path | None:
    """The config file to read: the one named, else briefing.toml in the working folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return explicit
    candidate = cwd / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def _flatten(table: Mapping[str, Any], where: Path, problems: list[str] | None = None) -> dict[str, Any]:
    """briefing.toml as {"section.key": value}; [delivery.email] stays one table.

    An unknown section raises ConfigError, or is added to `problems` if given.
    """
    def unknown(message: str) -> None:
        if problems is None:
            raise ConfigError(message)
        problems.append(message)

    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key == "delivery" and isinstance(value, dict):
            for channel, settings in value.items():
                if f"delivery.{channel}" != _EMAIL_SECTION or not isinstance(settings, dict):
                    unknown(f"{where}: unknown section [delivery.{channel}] (known: [{_EMAIL_SECTION}])")
                else:
                    flat[_EMAIL_SECTION] = settings
        elif isinstance(value, dict):
            if key not in _SECTIONS:
                unknown(f"{where}: unknown section [{key}]")
                continue
            for sub_key, sub_value in value.items():
                flat[f"{key}.{sub_key}"] = sub_value
        else:
            flat[key] = value
    return flat


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    flat = _flatten(table, path)
    for key in flat:
        if key not in _PATH_KEYS and key not in _VALUE_KEYS and key != _EMAIL_SECTION:
            raise ConfigError(f"{path}: unknown key {key!r}")
    return flat


def load_config(
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the Config: defaults, then the config file, then the flags in `overrides`.

    `overrides` uses Config field names; None values mean "flag not given".
    `environ` (default: the process environment) supplies the delivery credentials.
    """
    cwd = (cwd or Path.cwd()).resolve()
    file_path = find_config_file(config_path, cwd)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}

    for name, default in _DEFAULT_PATHS.items():
        values[name] = cwd / default
        origins[name] = "default"

    if file_path is not None:
        base = file_path.resolve().parent
        where = str(file_path)
        for key, raw in _read_config_file(file_path).items():
            if key in _PATH_KEYS:
                values[_PATH_KEYS[key]] = base / Path(_string(key, raw)).expanduser()
                origins[_PATH_KEYS[key]] = where
            elif key == _EMAIL_SECTION:
                values["email"] = _email_delivery(raw, base, os.environ if environ is None else environ)
                origins["email"] = where
            else:
                name, validate = _VALUE_KEYS[key]
                values[name] = validate(key, raw)
                origins[name] = where

    flag_validators = {name: (key, check) for key, (name, check) in _VALUE_KEYS.items()}
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name in _PATH_KEYS.values():
            values[name] = cwd / Path(raw).expanduser()
        elif name in flag_validators:
            key, validate = flag_validators[name]
            values[name] = validate(_FLAG_NAMES.get(name, f"--{name}"), raw)
        else:
            raise ConfigError(f"unknown setting {name!r}")
        origins[name] = "flag"

    # A length given by flag wins over a length from the file, whatever its kind.
    _keep_one_length(values, origins)
    _keep_one_schedule(values, origins)

    config = Config(
        **{name: (Path(os.path.normpath(v)) if isinstance(v, Path) else v) for name, v in values.items()},
        origins=origins,
    )
    _check_paths(config)
    return config


_EMAIL_VALIDATORS: dict[str, Callable[[str, Any], Any]] = {
    "host": _string,
    "port": _positive_int,
    "from": _string,
    "subject": _string,
    "ca_file": _string,
    "username_env": _string,
    "password_env": _string,
}


def _email_delivery(table: Mapping[str, Any], base: Path, environ: Mapping[str, str]) -> EmailDelivery | None:
    """The [delivery.email] table -> EmailDelivery, or None when it says `enabled = false`."""
    section = _EMAIL_SECTION
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
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{section}.timeout must be a number of seconds above 0, not {timeout!r}")
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


def _keep_one_length(values: dict[str, Any], origins: dict[str, str]) -> None:
    given = [name for name in ("words", "ratio", "sentences") if name in values]
    by_flag = [name for name in given if origins.get(name) == "flag"]
    if len(by_flag) > 1:
        raise ConfigError("give only one of --sentences, --ratio and --words")
    if by_flag:
        keep = by_flag[0]
    elif len(given) > 1:
        raise ConfigError("set only one of summary.sentences, summary.ratio and summary.words")
    else:
        return
    for name in given:
        if name != keep and name != "sentences":
            del values[name]
            origins.pop(name, None)


def _check_paths(config: Config) -> None:
    out = config.out.resolve()
    state = config.state.resolve()
    if state == out or out in state.parents:
        raise ConfigError(
            f"state {config.state} is inside the output folder {config.out}, which people "
            "publish; put it elsewhere (default .briefing/state.sqlite3)"
        )
    if config.templates is not None and not config.templates.is_dir():
        raise ConfigError(f"templates folder not found: {config.templates}")


def _keep_one_schedule(values: dict[str, Any], origins: dict[str, str]) -> None:
    """At most one of cron and at; a flag of either kind replaces the file's; the time zone defaults."""
    given = [name for name in ("cron", "at") if name in values]
    by_flag = [name for name in given if origins.get(name) == "flag"]
    if len(by_flag) > 1:
        raise ConfigError("give only one of --cron and --at")
    if len(given) > 1 and not by_flag:
        raise ConfigError("set only one of schedule.cron and schedule.at")
    for name in given:
        if by_flag and name != by_flag[0]:
            del values[name]
            origins.pop(name, None)
    # The schedule's time zone is the briefing's unless set apart.
    if "schedule_timezone" not in values and "timezone" in values:
        values["schedule_timezone"] = values["timezone"]
        origins["schedule_timezone"] = f"{origins['timezone']} (timezone)"


def config_items(config: Config) -> list[tuple[str, Any, str]]:
    """(key as written in briefing.toml, effective value, where it came from) for every key."""
    keys = {**{field: key for key, field in _PATH_KEYS.items()},
            **{field: key for key, (field, _) in _VALUE_KEYS.items()}}
    items = []
    for field_name, key in keys.items():
        value = getattr(config, field_name)
        items.append((key, str(value) if isinstance(value, Path) else value,
                      config.origins.get(field_name, "default")))
    if config.email is not None:
        origin = config.origins.get("email", "default")
        for name in ("host", "port", "security", "sender", "to", "subject", "timeout", "ca_file",
                     "username_env", "password_env"):
            value = getattr(config.email, name)
            key = "from" if name == "sender" else name
            items.append((f"{_EMAIL_SECTION}.{key}", str(value) if isinstance(value, Path) else value, origin))
    # Top-level keys first, then each section in turn, as briefing.toml is laid out.
    sections = list(dict.fromkeys(key.rsplit(".", 1)[0] for key, _, _ in items if "." in key))
    return sorted(items, key=lambda item: sections.index(item[0].rsplit(".", 1)[0]) + 1 if "." in item[0] else 0)


def check_config(
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
) -> list[str]:
    """Every problem with the config file, the flags and the folders they name, one line each."""
    cwd = (cwd or Path.cwd()).resolve()
    overrides = {name: raw for name, raw in (overrides or {}).items() if raw is not None}
    try:
        file_path = find_config_file(config_path, cwd)
    except ConfigError as error:
        return [str(error)]
    problems: list[str] = []
    seeds = cwd / "seeds"
    if file_path is not None:
        try:
            with file_path.open("rb") as handle:
                table = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            return [f"{file_path}: not valid TOML: {error}"]
        except OSError as error:
            return [f"{file_path}: cannot read: {error.strerror}"]
        base = file_path.resolve().parent
        for key, raw in _flatten(table, file_path, problems).items():
            try:
                if key in _PATH_KEYS:
                    path = base / Path(_string(key, raw)).expanduser()
                    if key == "seeds":
                        seeds = path
                elif key == _EMAIL_SECTION:
                    _email_delivery(raw, base, os.environ)
                elif key in _VALUE_KEYS:
                    _VALUE_KEYS[key][1](key, raw)
                else:
                    problems.append(f"{file_path}: unknown key {key!r}")
            except ConfigError as error:
                problems.append(str(error))
    flag_validators = {name: (key, check) for key, (name, check) in _VALUE_KEYS.items()}
    for name, raw in overrides.items():
        if name in flag_validators:
            try:
                flag_validators[name][1](_FLAG_NAMES.get(name, f"--{name}"), raw)
            except ConfigError as error:
                problems.append(str(error))
        elif name == "seeds":
            seeds = cwd / Path(raw).expanduser()
    if not problems:
        # What only the whole can show: settings that exclude each other, folders.
        try:
            seeds = load_config(config_path, overrides, cwd).seeds
        except ConfigError as error:
            problems.append(str(error))
    if not seeds.is_dir():
        problems.append(f"seeds folder not found: {seeds}")
    return problems
