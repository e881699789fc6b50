"""Validators of briefing.toml's values: (key as the user wrote it, raw value) -> value, or ConfigError."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from ..errors import ConfigError
from ..hosts import without_credentials
from ..text import quoted
from .settings import ALGORITHMS

# A value of the config as a problem line quotes it: its repr, clipped.
_shown = quoted


def _whole(low: int, high: int) -> Callable[[str, Any], int]:
    """A whole number from `low` to `high`: every count has a sane bound, so none can exhaust the machine."""
    def check(key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            kind = "a positive whole number" if low == 1 else f"a whole number of {low} or more"
            advice = _quoted_number(key, value, int, lambda n: low <= n <= high)
            raise ConfigError(f"{key} must be {kind}, not {_shown(value)}{advice}")
        if value > high:
            raise ConfigError(f"{key} must be at most {high:,}, not {value:,}")
        return value

    return check




def _ratio(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{key} must be a number above 0 and at most 1, not {_shown(value)}"
                          f"{_quoted_number(key, value, float, lambda n: 0 < n <= 1)}")
    return float(value)


def _quoted_number(key: str, value: Any, read: Callable[[str], Any], fits: Callable[[Any], bool]) -> str:
    """What to write for a fitting number given in quotes (`jobs = "2"`, `jobs = "２"`), which TOML reads as
    text: the number as TOML writes it; "" for anything else, and for a flag (--jobs)."""
    if not isinstance(value, str) or len(value) > 100 or key.startswith("-"):
        return ""
    try:
        number = read(value)
    except ValueError:
        return ""
    if not fits(number):  # (NaN fits no bound)
        return ""
    return f" (a number in briefing.toml is written without quotes: {key.rpartition('.')[2]} = {number})"


def _string(key: str, value: Any) -> str:
    from ..text import clean_text, forbidden_characters

    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, not {_shown(value)}")
    if undecoded := [f"0x{ord(c) - 0xDC00:02X}" for c in value if "\udc80" <= c <= "\udcff"]:
        # Bytes of a path given on the command line that the locale's UTF-8 could not read (surrogate escapes).
        raise ConfigError(f"{key} holds bytes that are not UTF-8 ({', '.join(dict.fromkeys(undecoded))}): "
                          "give it in UTF-8")
    # U+2028 and U+2029 are line breaks too, which no control-character check finds (a page's <title> kept one).
    separators = sorted({f"U+{ord(c):04X}" for c in value if c in "\u2028\u2029"})
    if "\n" in value or "\t" in value or forbidden_characters(value) or separators:
        bad = ", ".join(forbidden_characters(value) + separators) or "a line break or tab"
        raise ConfigError(f"{key} must be one line of text without control characters (found {bad})")
    if (shown := clean_text(value)) != value:
        # Unicode's tag characters, which no reader sees and every output removes: a title of them alone was
        # no title, and every run failed on the feed.
        hidden = sorted({f"U+{ord(c):04X}" for c in value if c not in shown}) or ["tag characters"]
        raise ConfigError(f"{key} must hold no characters that are never shown (found {', '.join(hidden[:5])}"
                          f"{', ...' if len(hidden) > 5 else ''})")
    return value.strip()


def _shown_text(key: str, value: Any) -> str:
    """A text readers see (a title): not only characters drawn blank (zero-width spaces, a Hangul filler)."""
    from ..text import shows_anything

    value = _string(key, value)
    if not shows_anything(value):
        raise ConfigError(f"{key} must show something: it holds only characters drawn blank "
                          f"({', '.join(sorted({f'U+{ord(c):04X}' for c in value})[:5])})")
    return value


def without_encoded_words(key: str, value: str) -> str:
    """`value`, if no mail header would read part of it as other text (an RFC 2047 encoded word)."""
    from ..text import encoded_word

    if (found := encoded_word(value)) is not None:
        raise ConfigError(f"{key}: {_shown(found)} is an encoded word (RFC 2047), which a mail's header would read as the text "
                          "it encodes: write that text itself, in any characters")
    return value


def _algorithm(key: str, value: Any) -> str:
    value = _string(key, value).lower()
    if value not in ALGORITHMS:
        raise ConfigError(f"{key} must be one of {', '.join(ALGORITHMS)}; got {_shown(value)}")
    return value


def _timezone(key: str, value: Any) -> str:
    import zoneinfo

    value = _string(key, value)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder of zones
        raise ConfigError(
            f"{key}: unknown time zone {_shown(value)} (use an IANA name such as 'Europe/London')"
        ) from None
    return value


def _cron(key: str, value: Any) -> str:
    from ..cron import parse_cron

    try:
        return parse_cron(_string(key, value)).text
    except ValueError as error:
        raise ConfigError(f"{key}: bad cron expression {_shown(value)}: {error}") from None


def _at(key: str, value: Any) -> str:
    from ..cron import parse_at

    if not isinstance(value, (str, dt.time)):
        raise ConfigError(f"{key} must be a time of day such as \"06:30\", not {_shown(value)}")
    try:
        hour, minute = parse_at(value)
    except ValueError as error:
        raise ConfigError(f"{key} {error}") from None
    return f"{hour:02d}:{minute:02d}"


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGEST = 366 * 86400  # a year: longer is a typo, and too long for date arithmetic
_FRACTION_UNITS = {"ms": 0.001, **_DURATION_UNITS}


# A number, and a unit after it or none (seconds): the one grammar of every time in the config. The number
# is written as Python's int() and float() read one (a sign, "_" between digits, any decimal digits), as
# every number of the command line is: "1_000s" was refused where --jobs 1_000 and --wait 1_000 were taken.
_DURATION_TEXT = re.compile(r"(\+?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?)\s*(ms|s|m|h|d)?")


def seconds_written(text: str) -> float | None:
    """The seconds a duration written as text is ("500ms", "1.5s", "10 m", "3d", "90"), or None if it is none."""
    match = _DURATION_TEXT.fullmatch(text.strip().lower())
    return float(match.group(1)) * _FRACTION_UNITS[match.group(2) or "s"] if match else None


def _seconds(*, zero: bool, most: float) -> Callable[[str, Any], float]:
    """Seconds, fractions allowed: a number, or a string such as "500ms", "1.5s", "10m", "3d"."""
    def check(key: str, value: Any) -> float:
        seconds = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value)
        elif isinstance(value, str):
            seconds = seconds_written(value)
        if seconds is None or seconds != seconds or seconds < 0 or (seconds == 0 and not zero):
            low = "0 or more" if zero else "above 0"
            raise ConfigError(f"{key} must be a number of seconds {low} or a duration such as \"500ms\", "
                              f"\"30s\", \"10m\" or \"3d\", not {_shown(value)}")
        if seconds > most:
            raise ConfigError(f"{key} must be at most {most:,.0f} seconds ({_as_duration(most)}), not {_shown(value)}")
        return seconds

    return check


def _as_duration(seconds: float) -> str:
    """A whole number of seconds as briefing.toml may write it: 3600 -> '"1h"', 31622400 -> '"366d"'."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f'"{seconds // size:.0f}{unit}"'
    return f'"{seconds:g}s"'


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, not {_shown(value)}")
    return value


def _web_address(key: str, value: Any, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """An address a fetch may use: one of `schemes`, a host, no credentials, no spaces."""
    import urllib.parse

    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be an address such as 'https://example.org/feed.xml', not {_shown(value)}")
    value = value.strip()
    shown = _shown(without_credentials(value))  # (a password is never said back: the error goes to logs)
    try:
        parts = urllib.parse.urlsplit(value)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise ConfigError(f"{key} is not a valid address: {shown}") from None
    if port == 0:  # no server listens on port 0 (site.url refuses it too): every fetch would fail
        raise ConfigError(f"{key} is not a valid address (port 0): {shown}")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value) or len(value) > 2000:
        raise ConfigError(f"{key} is not a valid address: {shown}")
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ConfigError(f"{key} must be an {' or '.join(schemes)} address, not {shown}")
    if (scheme in ("http", "https") and not parts.hostname) or (scheme == "mailto" and "@" not in parts.path):
        raise ConfigError(f"{key} has no host or address: {shown}")
    if parts.username or parts.password:
        raise ConfigError(f"{key} must not hold a user name or password: {shown}")
    return value


def _contact(key: str, value: Any) -> str:
    value = _web_address(key, value, ("http", "https", "mailto"))
    if not value.isascii():  # it goes into the User-Agent header, which is ASCII
        raise ConfigError(f"{key} must be written in ASCII (a host in its xn-- form, %-escapes), not {_shown(value)}")
    return value


def _duration(key: str, value: Any) -> int:
    """Whole seconds: a number, or a string in the grammar of the fetch times (_seconds) such as
    "90s", "30m", "12 h", "1.5h" or "1d" (a user who wrote `deadline = "1 h"` may write `grace = "1 h"`)."""
    from fractions import Fraction

    seconds = None
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = Fraction(value)
    elif isinstance(value, float) and value == value and abs(value) != float("inf"):
        seconds = Fraction(value)
    elif isinstance(value, str):
        # \d: the digits int() reads ("١٢h" too), not every character isdigit() says is one ("²h").
        match = _DURATION_TEXT.fullmatch(value.strip().lower())
        if match:
            whole, _, fraction = match[1].lstrip("+").replace("_", "").partition(".")
            whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
            if len(whole) > 4000:  # a number too long for int(): more than a year, refused below
                seconds = Fraction(_LONGEST + 1)
            else:
                # So long a fraction (5,000 digits cost int() a while) makes no unit whole seconds: it is
                # as much as a sliver (1/7: no unit is a multiple of 7), still in the unit.
                seconds = Fraction(int(whole)) + (Fraction(1, 7 * 10 ** 30) if len(fraction) > 30 else
                                                  Fraction(int(fraction), 10 ** len(fraction)) if fraction else 0)
                seconds *= Fraction(str(_FRACTION_UNITS[match[2] or "s"]))
    if seconds is None or seconds < 1:
        raise ConfigError(
            f"{key} must be a duration such as 600, \"90s\", \"30m\", \"12h\" or \"1d\", not {_shown(value)}"
        )
    if seconds > _LONGEST:
        raise ConfigError(f"{key} must be at most a year (\"366d\"), not {_shown(value)}")
    if seconds.denominator != 1:
        raise ConfigError(f"{key} must be a whole number of seconds, not {_shown(value)}")
    return int(seconds)


def _minutes(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
        raise ConfigError(f"{key} must be a number of minutes above 0, at most 600, not {_shown(value)}")
    return float(value)


_MAX_SECTIONS = 100


def _names(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{key} must be a list of names, such as [\"World\", \"Business\"], not {_shown(value)}")
    if len(value) > _MAX_SECTIONS:
        raise ConfigError(f"{key} must name at most {_MAX_SECTIONS} sections, not {len(value):,}")
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
            raise ConfigError(f"{key}.{name} must be a weight from 0 to 100, not {_shown(weight)}")
        weights.append((_string(f"{key}.{name}", name), float(weight)))
    return tuple(weights)


def _language(key: str, value: Any) -> str:
    from ..languages import SUPPORTED_LANGUAGES, language_name

    name = language_name(_string(key, value))
    if name not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{key} must be one of {', '.join(SUPPORTED_LANGUAGES)}; got {_shown(value)}")
    return name


def _site_url(key: str, value: Any) -> str:
    import urllib.parse

    value = _string(key, value)
    shown = _shown(without_credentials(value))  # (a password is never said back: the error goes to logs)
    try:
        parts = urllib.parse.urlsplit(value)
        port = parts.port  # raises for "https://x.example:99999/", a port no browser reaches
    except ValueError:  # "http://[::1/"
        parts, port = None, None
    # A space (any: "\u00a0" too) would be in every link and in the feed's ids, which may hold none.
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or any(c.isspace() for c in value) or port == 0
            or "" in parts.hostname.removesuffix(".").split(".")):  # "https://news..example/": no such host
        raise ConfigError(f"{key} must be an http(s) address such as 'https://example.org/briefing/', not {shown}")
    if "@" in parts.netloc:
        raise ConfigError(f"{key} must not hold a user name or password (every link and the feed would publish it): "
                          f"{shown}")
    # The folder's address: briefings are found relative to it.
    return value if value.endswith("/") else value + "/"
