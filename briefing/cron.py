"""Cron expressions and `at` times: checked, explained and stepped through with cronsim.

cronsim (the cron library of healthchecks.io) is the only source of run
times, and the only module that imports it is this one. It reads an
expression as Debian's cron does, and does what cron does when clocks
change: a job at a fixed time the clocks skip runs when they jump (01:30 on
the day London goes from 01:00 GMT to 02:00 BST runs at 02:00 BST), one at
a time they repeat runs at its first occurrence only, and a job with `*` as
its minute or hour keeps to the real clock (every 15 minutes runs through
the repeated hour too).

What is left here is what cronsim leaves to its callers: the `@daily`
aliases, five fields only (minutes are the finest step), crontab's syntax
only (cronsim's `L`, `W` and `#` are not cron's, and a schedule should move
to a crontab line as it is), messages that say which field is wrong and
why, and the care that instants need around clock changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from cronsim import CronSim, CronSimError

from .text import quoted

MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")

# name, lowest, highest, names (index 0 = lowest value)
_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day", 1, 31, ()),
    ("month", 1, 12, _MONTHS),
    ("weekday", 0, 7, _WEEKDAYS),  # 0 and 7 are both Sunday
)

# ASCII digits only, as a cron expression's: \d let "0٦:3٠" through while "٠٦:٣٠" was refused.
_AT = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_UTC = dt.timezone.utc
_SECOND = dt.timedelta(seconds=1)


_ORDINAL = re.compile(r"\b(\d+)th\b")


def _suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# At most this many times a step gives are named, not "every Nth" (see CronSchedule.explain).
NAMED_TIMES = 6


def _round_evenly(values: set[int], size: int) -> bool:
    """Whether `values` (a field's, of `size` in all) are as far apart all the way round, or too many to name."""
    ordered = sorted(values)
    if len(ordered) > NAMED_TIMES:
        return True
    gaps = {later - earlier for earlier, later in zip(ordered, ordered[1:])} | {ordered[0] + size - ordered[-1]}
    return len(ordered) > 1 and len(gaps) == 1


@dataclass(frozen=True)
class CronSchedule:
    """A checked cron expression; its run times are cronsim's, in the time zone asked for."""

    text: str  # as written: "@daily", "30 6 * * 1-5"
    expression: str  # the five fields cronsim reads

    def explain(self) -> str:
        """The schedule in words: "At 06:30 on Monday through Friday"."""
        fields = self.expression.split()
        parsed = CronSim(self.expression, dt.datetime(2000, 1, 1))
        weekdays = parsed.weekdays
        # A step that does not go evenly round its field ("*/45": minutes 0 and 45, 45 then 15 apart; "*/60":
        # minute 0 alone) was "every 45th minute": a few such times are named instead.
        for number, values in enumerate((parsed.minutes, parsed.hours, parsed.days, parsed.months)):
            _, low, high, _ = _FIELDS[number]
            if "/" in fields[number] and "," not in fields[number] and not _round_evenly(values, high - low + 1):
                fields[number] = ",".join(map(str, sorted(values)))
        # Sunday twice ("0,7", "6-7,0"): cronsim said "on Sunday and Sunday". (A field that starts with a star
        # holds both too, and is left as it is: it is read otherwise when a day of the month is given.)
        if {0, 7} <= weekdays and not fields[4].startswith("*"):
            fields[4] = ",".join(str(day) for day in sorted(weekdays - {7}))
        words = CronSim(" ".join(fields), dt.datetime(2000, 1, 1)).explain()
        # cronsim writes every ordinal past "ninth" with "th": "the 31th day".
        return _ORDINAL.sub(lambda found: found[1] + _suffix(int(found[1])), words)

    def times_after(self, moment: dt.datetime, zone: dt.tzinfo) -> Iterator[dt.datetime]:
        """The run times strictly after the instant `moment`, in `zone`, earliest first."""
        start = moment.astimezone(zone)
        # cronsim reads a fixed-time job's start as a wall-clock time without its fold,
        # so from the second pass of a repeated hour it would offer times already past.
        # (Compared in UTC: datetimes of one zone compare by wall clock, fold ignored.)
        for found in CronSim(self.expression, start):
            if found.astimezone(_UTC) > start.astimezone(_UTC):
                yield found

    def next_time(self, moment: dt.datetime, zone: dt.tzinfo, *, inclusive: bool = False) -> dt.datetime | None:
        """The first run time after `moment` (or at it, if `inclusive`), or None if there is none."""
        if inclusive:
            moment = shifted(moment, -dt.timedelta(microseconds=1))
        return next(self.times_after(moment, zone), None)

    def last_time(self, moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
        """The latest run time at or before the instant `moment`, or None if there is none."""
        # Reverse iteration starts one second before where it is put.
        start = shifted(moment.replace(microsecond=0), _SECOND).astimezone(zone)
        try:
            latest = next(CronSim(self.expression, start, reverse=True))
        except StopIteration:
            return None
        # From the second pass of a repeated hour cronsim looks back from the first pass:
        # a run time between that and `moment` is the latest.
        for later in self.times_after(latest, zone):
            if later.astimezone(_UTC) > moment.astimezone(_UTC):  # same-zone comparison ignores the fold
                break
            latest = later
        return latest


def shifted(moment: dt.datetime, by: dt.timedelta) -> dt.datetime:
    """`moment` moved by `by` in real time (arithmetic on an aware datetime is wall-clock arithmetic)."""
    return (moment.astimezone(_UTC) + by).astimezone(moment.tzinfo)


def on_wall_clock(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The instant the clocks of `zone` show the naive `moment`: its first occurrence when they show it twice,
    and the instant they jump when they skip it (when cron runs a job set at that time)."""
    first = moment.replace(tzinfo=zone, fold=0)
    try:
        if shifted(first, dt.timedelta(0)).replace(tzinfo=None) == moment:
            return first
    except OverflowError:  # a moment past the calendar's last day in UTC: no clock jumps there, and no run follows
        return first
    # Skipped: fold=0 reads it with the offset before the jump, an instant after it; fold=1 with the one after,
    # an instant before it. The jump is the first instant in between whose clock is past `moment`.
    before, after = moment.replace(tzinfo=zone, fold=1).astimezone(_UTC), first.astimezone(_UTC)
    while after - before > dt.timedelta(microseconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).replace(tzinfo=None) > moment:
            after = middle
        else:
            before = middle
    return after.astimezone(zone)


def parse_cron(text: str) -> CronSchedule:
    """A 5-field cron expression or an alias such as @daily; ValueError says what is wrong."""
    original = text.strip()
    expression = MACROS.get(original.lower(), original)
    if expression.startswith("@"):
        raise ValueError(f"unknown cron macro {quoted(original)} (known: {', '.join(MACROS)})")
    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(parts)}")
    expression = " ".join(parts)
    try:
        CronSim(expression, dt.datetime(2000, 1, 1))
    except (CronSimError, ValueError) as error:  # ValueError: a number too long for int() (4,300 digits)
        raise ValueError(_why_refused(parts, str(error))) from None
    _refuse_extensions(parts)
    return CronSchedule(original, expression)


def at_schedule(hour: int, minute: int) -> CronSchedule:
    """The schedule of `at = "HH:MM"`: every day at that time."""
    return CronSchedule(f"{hour:02d}:{minute:02d}", f"{minute} {hour} * * *")


def parse_at(value: str | dt.time) -> tuple[int, int]:
    """A time of day, "HH:MM" (24-hour) or a TOML local time, as (hour, minute)."""
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise ValueError(f"must be a whole minute, not {value.isoformat()!r}")
        return value.hour, value.minute
    match = _AT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"must be a time of day HH:MM between 00:00 and 23:59, not {quoted(value)}")
    return int(match[1]), int(match[2])


# --- messages: why cronsim refused an expression ------------------------------------


def _why_refused(parts: list[str], cronsim_says: str) -> str:
    """cronsim says only "Bad minute": name the item and what is wrong with it."""
    for part, field in zip(parts, _FIELDS):
        problem = _field_problem(part, *field)
        if problem:
            return problem
    if cronsim_says == "Bad day-of-month":
        # Every field is well formed, so the days asked for exist in no month asked for.
        return f"never runs: no month it allows has day {parts[2]}"
    return cronsim_says


def _field_problem(text: str, name: str, low: int, high: int, names: tuple[str, ...]) -> str | None:
    for element in text.split(","):
        if not element:
            return f"empty item in {name} field {quoted(text)}"
        span, slash, step = element.partition("/")
        # Any step cronsim reads is good, however big ("*/100" runs once an hour); one too long for int() is not.
        if slash and ((_number(step) or 0) < 1 or len(step) > 4000):
            return f"bad step {quoted(step)} in {name} field {quoted(text)}"
        if span == "*":
            continue
        first, dash, last = span.partition("-")
        values = []
        for value in (first, last) if dash else (first,):
            if (number := _number(value)) is not None:
                if not low <= number <= high:
                    shown = number if number < 10**6 else f"{value[:6]}... ({len(value)} digits)"
                    return f"{name} {shown} is out of range {low}-{high}"
                values.append(number)
            elif value.lower() in names:
                values.append(names.index(value.lower()) + low)
            else:
                expected = f"a number {low}-{high}" + (f" or a name ({', '.join(names)})" if names else "")
                return f"bad {name} {quoted(value)}: expected {expected}"
        if dash and values[0] > values[1]:
            return f"{name} range {quoted(span)} runs backwards"
    return None


def _number(text: str) -> int | None:
    """A number as crontab writes one, in ASCII digits ("²" and "٣" are none, though isdigit() says so), or
    None; one too long to convert is as big as any that is out of range."""
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) <= 4000 else 10**6


def _refuse_extensions(parts: list[str]) -> None:
    day, weekday = parts[2], parts[4]
    if re.search(r"[a-z]", day, re.IGNORECASE) or "#" in weekday or "l" in weekday.lower():
        raise ValueError(
            "L, W and # are not crontab(5) syntax; list the days instead (for example 28-31 or 1-7)"
        )
