import datetime as dt

import pytest

from briefing.cron import parse_at, parse_cron


@pytest.mark.parametrize("text, field, expected", [
    ("30 6 * * 1-5", "weekdays", (1, 2, 3, 4, 5)),  # Monday to Friday, as in crontab
    ("0 9 * * 0", "weekdays", (0,)),
    ("0 9 * * 7", "weekdays", (0,)),  # 7 is Sunday too
    ("0 9 * * 5-7", "weekdays", (0, 5, 6)),
    ("0 9 * * mon-fri", "weekdays", (1, 2, 3, 4, 5)),
    ("0 9 * * SAT,sun", "weekdays", (0, 6)),
    ("0 9 * * 1-5/2", "weekdays", (1, 3, 5)),
    ("*/15 * * * *", "minutes", (0, 15, 30, 45)),
    ("5/20 * * * *", "minutes", (5, 25, 45)),
    ("0,30 * * * *", "minutes", (0, 30)),
    ("0 8-18/5 * * *", "hours", (8, 13, 18)),
    ("0 0 1 jan,jul *", "months", (1, 7)),
    ("0 0 31 * *", "days", (31,)),
    ("@daily", "hours", (0,)),
    ("@hourly", "minutes", (0,)),
    ("@weekly", "weekdays", (0,)),
])
def test_fields_are_read_as_crontab_reads_them(text, field, expected):
    assert getattr(parse_cron(text), field) == expected


def test_which_fields_are_restricted():
    spec = parse_cron("0 9 13 * 5")
    assert spec.days_restricted and spec.weekdays_restricted and spec.hours_restricted
    spec = parse_cron("*/10 * */2 * *")
    assert not spec.days_restricted and not spec.weekdays_restricted and not spec.hours_restricted
    assert parse_cron("0 9 * * 1-5").weekday_names == ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize("text, message", [
    ("61 * * * *", "minute 61 is out of range 0-59"),
    ("* 24 * * *", "hour 24 is out of range 0-23"),
    ("* * 0 * *", "day 0 is out of range 1-31"),
    ("* * * 13 *", "month 13 is out of range 1-12"),
    ("* * * * 8", "weekday 8 is out of range 0-7"),
    ("* * * * funday", "bad weekday 'funday'"),
    ("5-1 * * * *", "runs backwards"),
    ("*/0 * * * *", "bad step '0'"),
    (",5 * * * *", "empty item"),
    ("* * *", "expected 5 fields"),
    ("0 30 6 * * 1", "expected 5 fields"),
    ("@reboot", "unknown cron macro"),
])
def test_bad_expressions_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
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
