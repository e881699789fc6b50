"""The options several commands take, each declared once, and the Config they make with the config file."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable

import click

from ..config.settings import ALGORITHMS
from ..text import quoted
from .logs import _refuse_a_log_file_among_the_runs_files


class _Seconds(click.FloatRange):
    """Seconds to wait: 0 or more, at most a year as schedule.lock_wait, or inf to wait as long as it takes;
    not NaN, which no clock reaches, nor a number so big it is read as inf ("1e400")."""

    name = "number of seconds"

    def get_metavar(self, param: click.Parameter, *_: Any, **__: Any) -> str:
        return "SECONDS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..config.values import _LONGEST, seconds_written

        # "30s", "2m", "1 h": the forms schedule.lock_wait and every time in briefing.toml take (and, as click
        # reads a number, "inf").
        given = value
        forever = isinstance(value, str) and value.strip().lower() in ("inf", "infinity")
        if isinstance(value, str) and (written := seconds_written(value)) is not None:
            value = written
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:
            self.fail(f"{quoted(given)} is not a number of seconds", param, ctx)
        if seconds > _LONGEST and not forever:
            self.fail(f"{quoted(given)} is more than a year (\"366d\"); write inf to wait as long as it takes",
                      param, ctx)
        return seconds


_SECONDS = _Seconds(min=0)


class _Path(click.Path):
    """click's Path, which reads an empty value as "." (`--out "$OUT"` with OUT unset would write the briefings
    into the working folder): an empty or blank path is refused, as it is in briefing.toml."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(path_type=Path, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            kind = "file or folder" if self.file_okay and self.dir_okay else "file" if self.file_okay else "folder"
            self.fail(f"{quoted(value)} is no path; give a {kind} name", param, ctx)
        return super().convert(value, param, ctx)


# Every digit written out, in ASCII: strptime also reads "2026-1-1" and "２０２６-０３-０２", spellings the
# README never gives, and one day is written one way on the command line as in out/.
_WRITTEN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2})?")


class _Dates(click.DateTime):
    """click's DateTime, taking only the forms it names written out in full; a day that does not exist
    ("2026-13-01", "2026-02-30"), which click says does not match the format, is said to be no day."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            value = value.strip()  # (" 2026-03-02", as a shell line or a crontab may quote it: --at takes " 06:30")
        if isinstance(value, str) and _WRITTEN_DATE.fullmatch(value):
            try:
                dt.date.fromisoformat(value[:10])
            except ValueError as error:
                self.fail(f"{quoted(value)} is no day of the calendar ({error})", param, ctx)
            with contextlib.suppress(click.BadParameter):
                return super().convert(value, param, ctx)
        # (click names the strftime codes: "does not match the format '%Y-%m-%d'")
        self.fail(f"{quoted(value)} is not written {' or '.join(self._written())}, "
                  f"as in {dt.datetime(2026, 11, 25, 6, 30).strftime(self.formats[0])}", param, ctx)

    def get_metavar(self, param: click.Parameter, *_: Any, **__: Any) -> str:
        return "[" + "|".join(self._written()) + "]"

    def _written(self) -> list[str]:
        """The formats as a person writes them: '%Y-%m-%d %H:%M' as 'YYYY-MM-DD HH:MM' (a "T" for the space
        goes without saying)."""
        shown = []
        for written in self.formats:
            for code, word in (("%Y", "YYYY"), ("%m", "MM"), ("%d", "DD"), ("%H", "HH"), ("%M", "MM")):
                written = written.replace(code, word)
            shown.append(written.replace("T", " "))
        return list(dict.fromkeys(shown))


def _options(*decorators: Callable) -> Callable:
    """Apply click option decorators in the order listed (as they would read stacked)."""
    def apply(command: Callable) -> Callable:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


_logging_options = _options(
    click.option("-v", "--verbose", is_flag=True,
                 help="Log more: each seed or entry looked at and what became of it (a seed's language and "
                      "where its title came from), and tracebacks of internal errors."),
    click.option("-q", "--quiet", is_flag=True, help="Log errors only."),
    click.option("--log-file", type=_Path(dir_okay=False),
                 help="Append the log to this file instead of stderr."),
)


_path_options = _options(
    click.option("--seeds", type=_Path(file_okay=False), help="Folder of seed articles [default: seeds]."),
    click.option("--out", type=_Path(file_okay=False), help="Folder for the briefings [default: out]."),
    click.option("--state", type=_Path(dir_okay=False), help="State store [default: .briefing/state.sqlite3]."),
    click.option("--templates", type=_Path(file_okay=False), help="Your templates folder, searched before the built-in one."),
)


_length_options = _options(
    click.option("--algorithm", type=click.Choice(ALGORITHMS, case_sensitive=False), help="Summarisation algorithm [default: newsrank]."),
    click.option("--sentences", type=click.IntRange(min=1), help="Summary length in sentences [default: 3]."),
    click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), help="Summary length as a share of the article's sentences, e.g. 0.2."),
    click.option("--words", type=click.IntRange(min=1), help="Summary length as a word budget: the best sentences that fit."),
)


_jobs_option = click.option("--jobs", type=click.IntRange(min=0),
                           help="Processes summarising in parallel; 0 = one per core [default: 0].")


_schedule_options = _options(
    click.option("--cron", metavar="EXPR", help='Run on this 5-field cron schedule, e.g. "30 6 * * 1-5", instead of the config\'s.'),
    click.option("--at", metavar="HH:MM", help="Run daily at this time, instead of the config's schedule."),
    click.option("--timezone", metavar="ZONE", help="IANA time zone of the schedule [default: the config's timezone, else the system's]."),
)


def _config(ctx: click.Context):
    """The Config from the config file and every setting flag given to this command."""
    from ..config import FLAGS, load_config

    flags = {}
    for param in ctx.command.params:
        flag = max(param.opts, key=len) if param.opts else None
        if flag in FLAGS and ctx.params.get(param.name) is not None:
            flags[flag] = ctx.params[param.name]
    config = load_config(ctx.obj["config_path"], flags)
    _refuse_a_log_file_among_the_runs_files(ctx, config)
    _refuse_a_local_time_python_cannot_hold()
    return config


def _refuse_a_local_time_python_cannot_hold() -> None:
    """A TZ the C library takes with an offset of 24 hours or more (TZ=UTC+24, POSIX allows it) makes every
    local time Python asks for fail: each HTML seed was skipped with "cannot extract article text from
    HTML: ValueError" (its extractor dates the page by the local clock), `briefing fetch` stopped in an
    internal error. ConfigError, as for a time zone in briefing.toml that does not exist."""
    import os
    import time

    from ..errors import ConfigError

    offset = time.localtime().tm_gmtoff
    if offset is not None and abs(offset) >= 24 * 3600:
        where = f"TZ={quoted(os.environ['TZ'])}" if os.environ.get("TZ") else "the system's configuration"
        raise ConfigError(f"the system's time zone ({where}) is {abs(offset) / 3600:g} hours from UTC, which none "
                          "is (14 at most): set TZ to an IANA name such as Europe/London, or unset it")
