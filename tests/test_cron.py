"""cron.py: expressions read as crontab reads them, their run times, and what is said when one is wrong."""

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest

from briefing.cron import at_schedule, parse_at, parse_cron

UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def first_times(text: str, start: dt.datetime, count: int, zone=UTC) -> list[dt.datetime]:
    return list(itertools.islice(parse_cron(text).times_after(start, zone), count))


SUNDAY = dt.datetime(2026, 11, 22, tzinfo=UTC)


@pytest.mark.parametrize("text, part, expected", [
    ("30 6 * * 1-5", "weekday", {1, 2, 3, 4, 5}),  # Monday to Friday, as in crontab
    ("0 9 * * 0", "weekday", {0}),
    ("0 9 * * 7", "weekday", {0}),  # 7 is Sunday too
    ("0 9 * * 5-7", "weekday", {0, 5, 6}),
    ("0 9 * * mon-fri", "weekday", {1, 2, 3, 4, 5}),
    ("0 9 * * SAT,sun", "weekday", {0, 6}),
    ("0 9 * * 1-5/2", "weekday", {1, 3, 5}),
    ("*/15 * * * *", "minute", {0, 15, 30, 45}),
    ("5/20 * * * *", "minute", {5, 25, 45}),
    ("0,30 * * * *", "minute", {0, 30}),
    ("0 8-18/5 * * *", "hour", {8, 13, 18}),
    ("0 0 1 jan,jul *", "month", {1, 7}),
    ("0 0 31 * *", "day", {31}),
    ("@daily", "hour", {0}),
    ("@hourly", "minute", {0}),
    ("@weekly", "weekday", {0}),
])
def test_fields_are_read_as_crontab_reads_them(text, part, expected):
    times = first_times(text, SUNDAY, 40)
    seen = {t.isoweekday() % 7 if part == "weekday" else getattr(t, part) for t in times}
    assert seen == expected


def test_a_day_of_month_and_a_weekday_match_either_as_in_cron():
    times = first_times("0 9 13 * 5", SUNDAY, 30)
    assert all(t.day == 13 or t.weekday() == 4 for t in times)
    assert any(t.day == 13 and t.weekday() != 4 for t in times)
    assert any(t.weekday() == 4 and t.day != 13 for t in times)
    # A day no month has still runs on the weekday (cronsim before 2.8 refused it).
    assert {t.weekday() for t in first_times("0 9 30 2 1", SUNDAY, 8)} == {0}
    # A field that starts with a star restricts nothing: then both must match, as in cron.
    times = first_times("0 9 13 * */2", SUNDAY, 10)  # the 13th, when a Sunday, Tuesday, Thursday or Saturday
    assert all(t.day == 13 and t.isoweekday() % 7 in {0, 2, 4, 6} for t in times)


def test_an_expression_keeps_its_text_and_says_in_words_what_it_does():
    schedule = parse_cron(" @daily ")
    assert (schedule.text, schedule.expression) == ("@daily", "0 0 * * *")
    assert parse_cron("30 6 * * 1-5").explain() == "At 06:30 on Monday through Friday"
    assert parse_cron("*/15 * * * *").explain() == "Every 15th minute of every hour"
    assert at_schedule(7, 5).explain() == "At 07:05 every day"


@pytest.mark.parametrize("text, expected", [
    # cronsim writes every ordinal past "ninth" with "th": "the 31th day", "the 22th".
    ("0 9 31 * *", "At 09:00 on the 31st day of every month"),
    ("0 9 1,2,3,22 * *", "At 09:00 on the first, the second, the third, and the 22nd day of month"),
    ("0 9 11,12,13,23 * *", "At 09:00 on the 11th, the 12th, the 13th, and the 23rd day of month"),
    ("0 9 */21 * *", "At 09:00 on the first and the 22nd day of month"),
    # 0 and 7 are both Sunday: "on Sunday and Sunday".
    ("0 9 * * 0,7", "At 09:00 on Sunday"),
    ("0 9 * * 6-7,0", "At 09:00 on Sunday and Saturday"),
    ("0 9 * * 5-7", "At 09:00 on Friday through Sunday"),
])
def test_the_words_for_a_schedule_are_good_english(text, expected):
    assert parse_cron(text).explain() == expected


@pytest.mark.parametrize("text, expected", [
    # A step that does not go evenly round its field: "every 59th minute" ran at :00 and :59, "every 60th" at
    # :00 alone, "every fifth hour" at 20:00 and then 00:00.
    ("*/59 * * * *", "At minutes 0 and 59 of every hour"),
    ("*/60 * * * *", "At the start of every hour"),
    ("0 */5 * * *", "At minute 0 past hours 0, 5, 10, 15, and 20"),
    ("0 0 1 */5 *", "At 00:00 on the first day of January, June, and November"),
    # Those that do, or give too many times to name, keep cron's words.
    ("*/15 * * * *", "Every 15th minute of every hour"),
    ("0 */12 * * *", "At minute 0 past every 12th hour"),
    ("*/7 * * * *", "Every seventh minute of every hour"),
])
def test_a_step_is_said_as_the_times_it_gives_when_every_nth_would_mislead(text, expected):
    assert parse_cron(text).explain() == expected
    # (The times themselves are cronsim's, whatever the words.)
    assert parse_cron(text).expression == text


@pytest.mark.parametrize("text, message", [
    ("61 * * * *", "minute 61 is out of range 0-59"),
    ("* 24 * * *", "hour 24 is out of range 0-23"),
    ("* * 0 * *", "day 0 is out of range 1-31"),
    ("* * * 13 *", "month 13 is out of range 1-12"),
    ("* * * * 8", "weekday 8 is out of range 0-7"),
    ("* * * * funday", "bad weekday 'funday'"),
    ("* * * smarch *", "bad month 'smarch': expected a number 1-12 or a name (jan, feb,"),
    ("5-1 * * * *", "minute range '5-1' runs backwards"),
    ("*/0 * * * *", "bad step '0'"),
    ("*/x * * * *", "bad step 'x'"),
    (",5 * * * *", "empty item"),
    ("* * *", "expected 5 fields"),
    ("0 30 6 * * 1", "expected 5 fields"),  # cronsim's seconds field is not cron's
    ("@reboot", "unknown cron macro"),
    ("0 0 30 2 *", "never runs: no month it allows has day 30"),
    ("0 0 31 4,6,9,11 *", "never runs"),
    # cronsim's extensions, which crontab does not know.
    ("0 0 L * *", "not crontab(5) syntax"),
    ("0 0 LW * *", "not crontab(5) syntax"),
    ("0 0 * * 5L", "not crontab(5) syntax"),
    ("0 0 * * 5#2", "not crontab(5) syntax"),
    # Numbers crontab does not write: digits isdigit() accepts but int() or cron does not, and too many digits.
    ("² * * * *", "bad minute '²': expected a number 0-59"),
    ("*/² * * * *", "bad step '²'"),
    ("٣ * * * *", "bad minute '٣': expected a number 0-59"),
    ("1" * 5000 + " * * * *", "minute 111111... (5000 digits) is out of range 0-59"),
    ("1-" + "1" * 5000 + " * * * *", "minute 111111... (5000 digits) is out of range 0-59"),
    ("*/" + "1" * 5000 + " * * * *", "bad step '111"),
    # A step cronsim takes is not what is wrong: the weekday is.
    ("*/1000000 * * * 9", "weekday 9 is out of range 0-7"),
])
def test_bad_expressions_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_cron(text)


@pytest.mark.parametrize("value, expected", [
    ("06:30", (6, 30)), ("6:30", (6, 30)), ("00:00", (0, 0)), ("23:59", (23, 59)),
    (dt.time(7, 15), (7, 15)),
])
def test_at_times(value, expected):
    assert parse_at(value) == expected


@pytest.mark.parametrize("value", ["25:00", "24:00", "06:60", "0630", "6.30", "", "06:30:15", dt.time(6, 30, 15)])
def test_bad_at_times(value):
    with pytest.raises(ValueError):
        parse_at(value)


# --- clock changes, as cron (and cronsim) handle them ------------------------------


def local(zone, *fields, fold=0):
    return dt.datetime(*fields, tzinfo=zone, fold=fold)


def test_a_fixed_time_the_clocks_skip_runs_when_they_jump():
    # London, 2026-03-29: 01:00 GMT -> 02:00 BST; 01:30 does not exist that day.
    times = first_times("30 1 * * *", local(LONDON, 2026, 3, 28, 12), 3, LONDON)
    assert [t.isoformat() for t in times] == [
        "2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00", "2026-03-31T01:30:00+01:00"]


def test_a_fixed_time_the_clocks_repeat_runs_once_at_its_first_occurrence():
    # London, 2026-10-25: 02:00 BST -> 01:00 GMT; 01:30 happens twice.
    times = first_times("30 1 * * *", local(LONDON, 2026, 10, 24, 12), 2, LONDON)
    assert [t.isoformat() for t in times] == ["2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00"]


def test_a_job_with_a_star_hour_keeps_to_the_real_clock():
    # The example: every second hour at :24 in New York on the day clocks go forward.
    times = first_times("24 */2 * * *", local(NEW_YORK, 2026, 3, 7, 23, 59), 4, NEW_YORK)
    assert [t.isoformat() for t in times] == [
        "2026-03-08T00:24:00-05:00", "2026-03-08T04:24:00-04:00",
        "2026-03-08T06:24:00-04:00", "2026-03-08T08:24:00-04:00"]
    # Every half hour runs through the repeated hour: the day has 25 hours, so 50 runs.
    day = [t for t in first_times("*/30 * * * *", local(LONDON, 2026, 10, 24, 23, 59), 60, LONDON)
           if t.date() == dt.date(2026, 10, 25)]
    assert len(day) == len({t.astimezone(UTC) for t in day}) == 50


def test_from_the_second_pass_of_a_repeated_hour_the_times_are_still_ahead():
    second_pass = local(NEW_YORK, 2026, 11, 1, 1, 10, fold=1)  # 01:10 EST, after 01:30 EDT ran
    schedule = parse_cron("30 1 * * *")
    following = schedule.next_time(second_pass, NEW_YORK)
    assert following.isoformat() == "2026-11-02T01:30:00-05:00"
    # ... and the latest run time behind it is that morning's 01:30 EDT, not the day before's.
    assert schedule.last_time(second_pass, NEW_YORK).isoformat() == "2026-11-01T01:30:00-04:00"


@pytest.mark.parametrize("moment, expected", [
    (local(LONDON, 2026, 11, 25, 9, 0), "2026-11-25T06:30:00+00:00"),
    (local(LONDON, 2026, 11, 25, 6, 30), "2026-11-25T06:30:00+00:00"),  # at the time itself
    (local(LONDON, 2026, 11, 25, 6, 29, 59), "2026-11-24T06:30:00+00:00"),
    (local(LONDON, 2026, 11, 23, 9, 0), "2026-11-23T06:30:00+00:00"),
    (local(LONDON, 2026, 11, 22, 9, 0), "2026-11-20T06:30:00+00:00"),  # Sunday: Friday's
])
def test_the_last_time_due_looks_back_with_cronsim(moment, expected):
    assert parse_cron("30 6 * * 1-5").last_time(moment, LONDON).isoformat() == expected


def test_next_time_inclusive_counts_a_time_exactly_now():
    schedule = parse_cron("30 6 * * *")
    at = local(LONDON, 2026, 11, 25, 6, 30)
    assert schedule.next_time(at, LONDON, inclusive=True) == at
    assert schedule.next_time(at, LONDON) == local(LONDON, 2026, 11, 26, 6, 30)
    assert schedule.next_time(at + dt.timedelta(microseconds=1), LONDON, inclusive=True) == local(
        LONDON, 2026, 11, 26, 6, 30)
