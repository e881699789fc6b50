"""The one walk: built-in defaults < briefing.toml < command-line flags, every value checked.

`build_config` reads the file, applies the flags, validates every value and
returns the Config (or None), where each value came from, and every problem
found: `load_config` raises them joined, `config check` prints them all.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import ConfigError, FlagError
from ..text import MAX_INT_BITS, short_line
from .delivery import _email_delivery, subject_problem
from .folders import (
    WORKING_FOLDER_GONE, folders_problem, home_expanded, needs_working_folder, seeds_folder_problem, working_folder,
)
from .keys import _DEFAULT_PATHS, _KEYS, _LENGTH_KEYS, _SCHEDULE_KEYS, _SECTION_NAMES, FLAGS
from .path_rules import check_paths, length_problem, templates_problem
from .settings import (
    CONFIG_FILE_NAME, EMAIL_SECTION, SOURCES, Config, EditorSettings, EmailDelivery, FetchSettings, Limits, Paths,
    ScheduleSettings, Site, Source, SummarySettings,
)
from .sources import _sources
from .values import _shown


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
        return _config_file(explicit)
    candidate = cwd / CONFIG_FILE_NAME
    try:
        os.lstat(candidate)
    except OSError:
        return None
    # Something is there: a link to a config that moved, a loop, a folder is a problem, never "no config"
    # (the run would go on with the defaults, into another out/ and state store).
    return _config_file(candidate)


def _config_file(path: Path) -> Path:
    try:
        info = path.stat()
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            if path.is_symlink():
                raise ConfigError(f"config file {path} is a symbolic link to {os.readlink(path)}, "
                                  "which is not there") from None
            raise ConfigError(f"config file not found: {path}") from None
        raise ConfigError(f"config file {path} cannot be read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"config file {path} is a folder; give the path of a file")
    if not stat.S_ISREG(info.st_mode):  # /dev/null, a pipe: paths in it would be read from its folder
        raise ConfigError(f"config file {path} is not a regular file")
    if info.st_size > MAX_CONFIG_BYTES:  # (read whole, a 2 GB log named by mistake took 4 GB and 20 s)
        raise ConfigError(f"config file {path} is {info.st_size:,} bytes: no config file (at most "
                          f"{MAX_CONFIG_BYTES:,}); give the path of briefing.toml")
    return path


# A briefing.toml of every section and a thousand sources is about 100 KB.
MAX_CONFIG_BYTES = 1_000_000


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
            problems.append(f"{where}: unknown key {_shown(key)}{_suggestion(key)}")
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
    return f" (did you mean {_shown(close[0])}?)" if close else ""


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
    cwd = working_folder(cwd)
    if cwd is None:
        if needs_working_folder(config_path, flags):
            return ConfigResult(None, (WORKING_FOLDER_GONE,), None, read=False)
        cwd = config_path.parent  # every path is absolute, or the file's: none is read from here
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
                    sources_problems: list[str] = []
                    sources = _sources(raw, sources_problems)
                    problems.extend(f"{file_path}: {problem}" for problem in sources_problems)
                    origins[SOURCES] = str(file_path)
                    continue
                value = _KEYS[name].check(name, raw)
                values[name] = base / home_expanded(Path(value), name) if _KEYS[name].is_path else value
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
        try:
            values[name] = cwd / home_expanded(Path(value), flag) if _KEYS[name].is_path else value
        except ConfigError as error:  # no home folder: the environment's problem, not the command line's
            problems.append(str(error))
            continue
        origins[name] = "flag"

    for rule in (_keep_one_length, _keep_one_schedule):
        try:
            rule(values, origins)
        except FlagError as error:
            flag_problems.append(str(error))
        except ConfigError as error:
            problems.append(str(error))
    if email is not None and (problem := subject_problem(email, values.get("site.title", Site.title))) is not None:
        problems.append(problem)
    if values.get("schedule.fetch") and not any(source.enabled for source in sources):
        problems.append("schedule.fetch is true, but there are no [[sources]] to fetch")
    templates = values.get("templates")  # as the Config will hold it: "a/../b" is b, whether a exists or not
    if (problem := templates_problem(Path(os.path.normpath(templates)) if templates else None)) is not None:
        problems.append(problem)
    if problems or flag_problems:
        return ConfigResult(None, tuple(problems + flag_problems), file_path, flag_problems=tuple(flag_problems))

    config = _assemble(values, origins, email, sources)
    try:
        check_paths(config)
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
        raise ConfigError("\n".join(shown_problems(result.problems)))
    return result.config


# A run names at most this many of a config's problems (a file that is no briefing.toml at all, a
# settings file of another program, has thousands): `briefing config check` lists every one.
PROBLEMS_SHOWN = 20


def shown_problems(problems: Sequence[str]) -> list[str]:
    """The problems a run names: PROBLEMS_SHOWN at most, the last saying how many more there are."""
    if len(problems) <= PROBLEMS_SHOWN:
        return list(problems)
    more = len(problems) - PROBLEMS_SHOWN + 1
    return [*problems[:PROBLEMS_SHOWN - 1], f"and {more:,} more problems (`briefing config check` lists every one)"]


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
        try:
            seeds = _seeds_folder_named(config_path, flags, working_folder(cwd) or Path("/"), result.file)
        except ConfigError:  # a ~ with no home folder: the walk said so
            seeds = None
    # (A path too long is said by the walk; is_dir would raise for it.)
    if seeds is not None and length_problem(seeds, "seeds folder") is None and (problem := seeds_folder_problem(seeds)):
        problems.append(problem)
    if result.config is not None and (problem := folders_problem(result.config.paths)):
        problems.append(problem)
    return problems


def _seeds_folder_named(config_path, flags, cwd: Path, file_path: Path | None) -> Path | None:
    flag = (flags or {}).get("--seeds")
    if flag is not None:
        return cwd / home_expanded(Path(str(flag)), "--seeds")
    if file_path is not None:
        raw = _read_toml(file_path).get("seeds")
        if isinstance(raw, str) and raw.strip():
            return file_path.resolve().parent / home_expanded(Path(raw.strip()), "seeds")
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
