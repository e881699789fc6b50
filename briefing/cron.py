"""Standard cron expressions and `at` times, parsed and checked without any scheduler.

A 5-field expression (minute hour day month weekday) is read the way crontab(5)
reads it, and expanded into explicit values, so that the scheduler never has to
interpret cron syntax itself. That matters because APScheduler's own reading
differs from cron's: it numbers weekdays from Monday = 0 (cron's `1-5` would
become Tuesday to Saturday), and when both the day of the month and the
weekday are restricted it requires both to match, where cron accepts either.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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

_AT = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class CronSpec:
    """A parsed cron expression: the values each field allows, weekdays with Sunday = 0."""

    text: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: tuple[int, ...]
    months: tuple[int, ...]
    weekdays: tuple[int, ...]
    # A field written starting with "*" leaves it unrestricted (crontab(5)).
    days_restricted: bool
    weekdays_restricted: bool
    hours_restricted: bool

    @property
    def weekday_names(self) -> tuple[str, ...]:
        return tuple(_WEEKDAYS[d] for d in self.weekdays)


def parse_cron(text: str) -> CronSpec:
    """Parse a 5-field cron expression or a macro such as @daily; ValueError says what is wrong."""
    original = text.strip()
    expression = MACROS.get(original.lower(), original)
    if expression.startswith("@"):
        raise ValueError(f"unknown cron macro {original!r} (known: {', '.join(MACROS)})")
    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(
            f"expected 5 fields (minute hour day month weekday), got {len(parts)}"
        )
    values = [_parse_field(part, *spec) for part, spec in zip(parts, _FIELDS)]
    weekdays = tuple(sorted({d % 7 for d in values[4]}))
    return CronSpec(
        text=original,
        minutes=values[0],
        hours=values[1],
        days=values[2],
        months=values[3],
        weekdays=weekdays,
        days_restricted=not parts[2].startswith("*"),
        weekdays_restricted=not parts[4].startswith("*"),
        hours_restricted=not parts[1].startswith("*"),
    )


def parse_at(value: str | dt.time) -> tuple[int, int]:
    """A time of day, "HH:MM" (24-hour) or a TOML local time, as (hour, minute)."""
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise ValueError(f"must be a whole minute, not {value.isoformat()!r}")
        return value.hour, value.minute
    match = _AT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"must be a time of day HH:MM between 00:00 and 23:59, not {value!r}")
    return int(match[1]), int(match[2])


def _parse_field(text: str, name: str, low: int, high: int, names: tuple[str, ...]) -> tuple[int, ...]:
    allowed: set[int] = set()
    for element in text.split(","):
        if not element:
            raise ValueError(f"empty item in {name} field {text!r}")
        span, _, step_text = element.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) < 1:
                raise ValueError(f"bad step {step_text!r} in {name} field {text!r}")
            step = int(step_text)
        if span == "*":
            start, end = low, high
        elif "-" in span:
            first, _, last = span.partition("-")
            start, end = _value(first, name, low, high, names), _value(last, name, low, high, names)
            if start > end:
                raise ValueError(f"{name} range {span!r} runs backwards")
        else:
            start = _value(span, name, low, high, names)
            end = high if step_text else start  # "5/15" means 5, 20, 35, 50
        allowed.update(range(start, end + 1, step))
    return tuple(sorted(allowed))


def _value(text: str, name: str, low: int, high: int, names: tuple[str, ...]) -> int:
    if text.isdigit():
        number = int(text)
        if not low <= number <= high:
            raise ValueError(f"{name} {number} is out of range {low}-{high}")
        return number
    if text.lower() in names:
        return names.index(text.lower()) + low
    expected = f"a number {low}-{high}" + (f" or a name ({', '.join(names)})" if names else "")
    raise ValueError(f"bad {name} {text!r}: expected {expected}")
