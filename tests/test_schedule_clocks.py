"""`briefing schedule --next` agrees with cronsim, and so with cron, on every clock change.

cronsim is checked against Debian's cron on clock changes by its authors; here
the command line, its flags and the APScheduler trigger around cronsim are
checked against cronsim itself, over a matrix of expressions, zones and the
days their clocks change: a spring-forward gap, a repeated hour, a change at
midnight (Santiago), a 30-minute shift (Lord Howe) and a 15-minute one
(Kathmandu in 1986).
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from cronsim import CronSim

from conftest import run_briefing

UTC = dt.timezone.utc
ZONES = ("Europe/London", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu")
# (what briefing is given, the same for cronsim, which has no aliases)
EXPRESSIONS = [
    ("30 1 * * *", "30 1 * * *"),
    ("0 2 * * *", "0 2 * * *"),
    ("15 2 * * *", "15 2 * * *"),
    ("30 2 * * *", "30 2 * * *"),
    ("@daily", "0 0 * * *"),
    ("30 0 * * *", "30 0 * * *"),
    ("59 23 * * *", "59 23 * * *"),
    ("24 */2 * * *", "24 */2 * * *"),
    ("*/15 * * * *", "*/15 * * * *"),
    ("@hourly", "0 * * * *"),
    ("30 1-3 * * *", "30 1-3 * * *"),
    ("45 0,1,2,23 * * sun", "45 0,1,2,23 * * sun"),
    ("0 9 * * 1-5", "0 9 * * 1-5"),
    ("10 0 1,15 * *", "10 0 1,15 * *"),
]
COUNT = 40


def clock_changes(zone_name: str, year: int) -> list[dt.datetime]:
    """The instants in `year` at which the zone's UTC offset changes."""
    zone = ZoneInfo(zone_name)
    moment = dt.datetime(year, 1, 1, tzinfo=UTC)
    changes = []
    while moment.year == year:
        following = moment + dt.timedelta(minutes=15)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            changes.append(following)
        moment = following
    return changes


def cases() -> list[tuple[str, dt.datetime]]:
    found = []
    for name in ZONES:
        changes = clock_changes(name, 2026) or clock_changes(name, 1985)  # Kathmandu: +05:30 -> +05:45 in 1986
        assert changes, name
        found += [(name, change) for change in changes]
    return found


CASES = cases()


def test_the_matrix_covers_every_kind_of_change():
    shifts = {(change.astimezone(ZoneInfo(name)).utcoffset() - (change - dt.timedelta(minutes=1)).astimezone(
        ZoneInfo(name)).utcoffset()) for name, change in CASES}
    assert {dt.timedelta(hours=1), dt.timedelta(hours=-1), dt.timedelta(minutes=30), dt.timedelta(minutes=-30),
            dt.timedelta(minutes=15)} <= shifts
    # Santiago's clocks change at midnight.
    assert any(name == "America/Santiago" and change.astimezone(ZoneInfo(name)).hour in (0, 23)
               for name, change in CASES)


@pytest.mark.parametrize("zone_name, change", CASES, ids=lambda v: v if isinstance(v, str) else f"{v:%Y-%m-%d}")
def test_next_agrees_with_cronsim_around_each_clock_change(empty_workdir, zone_name, change):
    zone = ZoneInfo(zone_name)
    # From a few hours before the change, so that hourly jobs meet it and daily ones see the days around it.
    start = (change - dt.timedelta(hours=3)).astimezone(zone).replace(second=0, microsecond=0)
    for ours, theirs in EXPRESSIONS:
        result = run_briefing("schedule", "--next", str(COUNT), "--cron", ours, "--timezone", zone_name,
                              "--from", f"{start:%Y-%m-%d %H:%M}", cwd=empty_workdir)
        assert result.code == 0, result.stderr
        listed = [line.split()[0] for line in result.stdout.splitlines()]
        # --from lists the runs from that minute on; cronsim lists those after the time it is given.
        just_before = (start.astimezone(UTC) - dt.timedelta(seconds=1)).astimezone(zone)
        expected = [t.isoformat(timespec="minutes") for t in itertools.islice(CronSim(theirs, just_before), COUNT)]
        assert listed == expected, f"{ours} in {zone_name} from {start}"
