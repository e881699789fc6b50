"""When a feed's entry was published, as it writes it: RSS's and Atom's dates through feedparser, JSON Feed's.

An entry's date decides the day its seed is in: a date no one can tell is
no date (the seed takes the day it is fetched), never a wrong one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Time zones written as letters that feedparser does not know (it knows UT, GMT, Z and the US ones)
# and would take for UTC: "Tue, 03 Mar 2026 08:00:00 AEDT" is Monday 21:00 UTC.
_ZONE_OFFSETS = {
    "CET": "+0100", "CEST": "+0200", "MET": "+0100", "MEST": "+0200", "BST": "+0100", "WET": "+0000",
    "WEST": "+0100", "EET": "+0200", "EEST": "+0300", "MSK": "+0300", "SAST": "+0200", "CAT": "+0200",
    "EAT": "+0300", "WAT": "+0100", "JST": "+0900", "KST": "+0900", "HKT": "+0800", "SGT": "+0800",
    "AWST": "+0800", "ACST": "+0930", "ACDT": "+1030", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200",
    "NZDT": "+1300",
}
_KNOWN_ZONES = frozenset({"UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"})
_ZONE_LETTERS = re.compile(r"\s([A-Za-z]{2,5})\s*$")
# An offset from UTC as a date ends in it ("+0100", "-05:00"). feedparser applies any it reads, "+9999" as
# 99 hours and 99 minutes: a date four days early.
_NUMERIC_ZONE = re.compile(r"[\d\s]([+-])(\d{2}):?(\d{2})\s*$")
# The widest offset any place keeps (Kiribati's +14:00; the calendar's other end, -12:00).
_WIDEST_OFFSET = dt.timedelta(hours=14)


def published_of(raw) -> dt.datetime | None:
    """When an entry was published, in UTC: its published, else updated, else created date."""
    for key in ("published", "updated", "created"):
        # (dict.get: feedparser's own get maps a missing "updated" to "published", with a warning)
        written = dict.get(raw, key)
        if isinstance(written, str) and not _offset_is_real(written):
            continue
        zone = _ZONE_LETTERS.search(written) if isinstance(written, str) else None
        if zone and zone.group(1).upper() not in _KNOWN_ZONES:
            offset = _ZONE_OFFSETS.get(zone.group(1).upper())
            if offset is None:
                continue  # a zone no one can tell: no date rather than a wrong one
            from ..frontmatter import rfc2822_moment

            moment = rfc2822_moment(written[:zone.start(1)] + offset)
            try:
                if moment is not None:
                    return moment.astimezone(dt.timezone.utc)
            except (ValueError, OverflowError):
                pass
            continue
        stamp = dict.get(raw, f"{key}_parsed")
        if stamp:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.timezone.utc)
            except (OverflowError, ValueError, OSError, TypeError):
                continue
    return None


def _offset_is_real(written: str) -> bool:
    """Whether a date written with an offset from UTC writes one a place keeps (any other date: True)."""
    found = _NUMERIC_ZONE.search(written[-12:])
    if found is None:
        return True
    _, hours, minutes = found.groups()
    return int(minutes) < 60 and dt.timedelta(hours=int(hours), minutes=int(minutes)) <= _WIDEST_OFFSET


def json_moment(value) -> dt.datetime | None:
    """A JSON Feed date (RFC 3339), in UTC; None if it is none."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    elif abs(stamp.utcoffset()) > _WIDEST_OFFSET:
        return None  # ("+23:59" reads, and is no place's)
    try:
        return stamp.astimezone(dt.timezone.utc)
    except OverflowError:  # "9999-12-31T23:59:59-14:00": past the calendar's end in UTC
        return None
