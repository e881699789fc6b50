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

ALGORITHMS = (
    "lexrank", "lsa", "luhn", "textrank", "kl", "sumbasic", "reduction", "edmundson",
)


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, with absolute paths."""

    seeds: Path
    out: Path
    state: Path
    templates: Path | None = None  # the user's folder, searched before the built-in one
    timezone: str | None = None  # IANA name; None = the system's
    jobs: int = 0  # 0 = one per core
    algorithm: str = "lexrank"
    sentences: int = 3
    ratio: float | None = None  # summary length as a share of the article's sentences
    words: int | None = None  # summary length as a word budget
    key_points: int = 5
    language: str = "english"
    max_file_bytes: int = 5_000_000
    max_sentences: int = 500
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


def _language(key: str, value: Any) -> str:
    from .tokenize import SUPPORTED_LANGUAGES, language_name

    name = language_name(_string(key, value))
    if name not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{key} must be one of {', '.join(SUPPORTED_LANGUAGES)}; got {value!r}")
    return name


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
}
_SECTIONS = {"summary", "limits"}

_DEFAULT_PATHS = {"seeds": "seeds", "out": "out", "state": ".briefing/state.sqlite3"}


def find_config_file(explicit: Path | None, cwd: Path) -> Path | None:
    """The config file to read: the one named, else briefing.toml in the working folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return explicit
    candidate = cwd / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def _flatten(table: Mapping[str, Any], where: Path) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            if key not in _SECTIONS:
                raise ConfigError(f"{where}: unknown section [{key}]")
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
        if key not in _PATH_KEYS and key not in _VALUE_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}")
    return flat


def load_config(
    config_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Build the Config: defaults, then the config file, then the flags in `overrides`.

    `overrides` uses Config field names; None values mean "flag not given".
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
            values[name] = validate(f"--{name}", raw)
        else:
            raise ConfigError(f"unknown setting {name!r}")
        origins[name] = "flag"

    # A length given by flag wins over a length from the file, whatever its kind.
    _keep_one_length(values, origins)

    config = Config(
        **{name: (Path(os.path.normpath(v)) if isinstance(v, Path) else v) for name, v in values.items()},
        origins=origins,
    )
    _check_paths(config)
    return config


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
