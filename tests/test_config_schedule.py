"""The [schedule] section of briefing.toml, `config_items` and `check_config`."""

from pathlib import Path

import pytest

from briefing.config import check_config, config_items, load_config
from briefing.errors import ConfigError


def write_config(folder: Path, text: str) -> Path:
    path = folder / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_schedule_keys_are_read_and_normalised(tmp_path):
    write_config(tmp_path, '[schedule]\nat = "6:05"\ntimezone = "Europe/London"\ngrace = "2h"\nlock_wait = 30\n')
    config = load_config(cwd=tmp_path)
    schedule = config.schedule
    assert (schedule.at, schedule.cron, schedule.timezone, schedule.grace, schedule.lock_wait) == (
        "06:05", None, "Europe/London", 7200, 30)


def test_toml_local_time_is_accepted_for_at(tmp_path):
    write_config(tmp_path, "[schedule]\nat = 06:30:00\n")
    assert load_config(cwd=tmp_path).schedule.at == "06:30"


def test_schedule_timezone_defaults_to_the_briefing_timezone(tmp_path):
    path = write_config(tmp_path, 'timezone = "Asia/Tokyo"\n[schedule]\ncron = "0 7 * * *"\n')
    config = load_config(cwd=tmp_path)
    assert config.schedule.timezone == "Asia/Tokyo"
    assert config.origins["schedule.timezone"] == f"{path} (timezone)"
    assert load_config(flags={"--timezone": "UTC"}, cwd=tmp_path).schedule.timezone == "UTC"
    assert load_config(flags={"--timezone": "UTC"}, cwd=tmp_path).timezone == "Asia/Tokyo"


def test_a_flag_of_either_kind_replaces_the_file_schedule(tmp_path):
    write_config(tmp_path, '[schedule]\ncron = "0 7 * * *"\n')
    config = load_config(flags={"--at": "08:00"}, cwd=tmp_path)
    assert (config.schedule.cron, config.schedule.at, config.origins["schedule.at"]) == (None, "08:00", "flag")
    with pytest.raises(ConfigError, match="give only one of --cron and --at"):
        load_config(flags={"--at": "08:00", "--cron": "0 8 * * *"}, cwd=tmp_path)


@pytest.mark.parametrize("text, message", [
    ('[schedule]\ncron = "61 * * * *"\n', r"schedule.cron: bad cron expression '61 \* \* \* \*': minute 61 is out of range"),
    ('[schedule]\nat = "25:00"\n', "schedule.at must be a time of day HH:MM"),
    ("[schedule]\nat = 630\n", "schedule.at must be a time of day"),
    ('[schedule]\ntimezone = "Mars/Olympus"\n', "schedule.timezone: unknown time zone 'Mars/Olympus'"),
    ('[schedule]\ngrace = "soon"\n', "schedule.grace must be a duration"),
    ("[schedule]\ngrace = 0\n", "schedule.grace must be a duration"),
    # isdigit() says "²" is a digit, which int() cannot read; int() reads no more than 4,300 digits.
    ('[schedule]\ngrace = "²h"\n', "schedule.grace must be a duration"),
    ('[schedule]\nlock_wait = "²"\n', "schedule.lock_wait must be a duration"),
    ('[schedule]\ngrace = "' + "1" * 5000 + 'm"\n', "schedule.grace must be at most a year"),
    ('[schedule]\nevery = "5m"\n', "unknown key 'schedule.every'"),
    # A time of day in ASCII digits, as a cron expression: "0٦:3٠" was taken where "٠٦:٣٠" was refused.
    ('[schedule]\nat = "0\u0666:3\u0660"\n', "schedule.at must be a time of day HH:MM"),
    ('[schedule]\ncron = "0 7 * * *"\nat = "07:00"\n', "set only one of schedule.cron and schedule.at"),
])
def test_bad_schedule_is_one_clear_error(tmp_path, text, message):
    write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=tmp_path)


@pytest.mark.parametrize("written, seconds", [('"1_000s"', 1000), ('" +90s "', 90), ('"1_0.5_0m"', 630),
                                              ('"\uff11_\uff10m"', 600)])
def test_a_duration_is_written_as_python_writes_a_number(tmp_path, written, seconds):
    """"_" between digits and a sign, as int() reads them (and every number of the command line): "1_000s" was
    refused where `--jobs 1_000` and `--wait 1_000` were taken."""
    write_config(tmp_path, f"[schedule]\nat = \"06:30\"\ngrace = {written}\nlock_wait = {written}\n"
                           f"[fetch]\ndeadline = {written}\n")
    config = load_config(cwd=tmp_path)
    assert (config.schedule.grace, config.schedule.lock_wait, config.fetch.deadline) == (seconds, seconds, seconds)


@pytest.mark.parametrize("written", ['"_10s"', '"10_s"', '"1__0s"', '"++1s"', '"-1s"', '"1._5s"'])
def test_a_duration_with_a_stray_underscore_or_sign_is_one_clear_error(tmp_path, written):
    write_config(tmp_path, f"[schedule]\nat = \"06:30\"\ngrace = {written}\n")
    with pytest.raises(ConfigError, match="schedule.grace must be a duration"):
        load_config(cwd=tmp_path)


def test_a_duration_may_be_written_in_any_decimal_digits(tmp_path):
    write_config(tmp_path, '[schedule]\nat = "06:30"\ngrace = "١٢h"\nlock_wait = " 90s "\n')
    schedule = load_config(cwd=tmp_path).schedule
    assert (schedule.grace, schedule.lock_wait) == (12 * 3600, 90)


@pytest.mark.parametrize("written, seconds", [('"1 h"', 3600), ('"1.5h"', 5400), ('"2000ms"', 2), ('" 90 S "', 90),
                                              ("7200.0", 7200), ('"1.50000h"', 5400), ('"' + "0" * 5000 + '1h"', 3600)])
def test_schedule_durations_take_what_the_fetch_times_take(tmp_path, written, seconds):
    """One grammar for every time in the config: `fetch.deadline = "1 h"` was taken, `grace = "1 h"` refused."""
    write_config(tmp_path, f"[schedule]\nat = \"06:30\"\ngrace = {written}\n[fetch]\ndeadline = {written}\n")
    config = load_config(cwd=tmp_path)
    assert (config.schedule.grace, config.fetch.deadline) == (seconds, seconds)


@pytest.mark.parametrize("written", ['"1.5s"', '"1.' + "1" * 5000 + 'h"', "1.5", "nan", "inf"])
def test_a_schedule_duration_of_a_fraction_of_a_second_is_one_clear_error(tmp_path, written):
    write_config(tmp_path, f"[schedule]\nat = \"06:30\"\ngrace = {written}\n")
    with pytest.raises(ConfigError, match="schedule.grace must be (a whole number of seconds|a duration)"):
        load_config(cwd=tmp_path)


@pytest.mark.parametrize("written", ['"400.' + "0" * 40 + '1d"', '"9000.' + "0" * 40 + '1h"'])
def test_a_schedule_duration_over_a_year_with_a_long_fraction_is_said_to_be_over_a_year(tmp_path, written):
    # A fraction of over 30 digits was a third of a second, not of the unit: "400.000...1d" was 400 seconds and
    # a third, refused as no whole number of seconds rather than as more than a year.
    write_config(tmp_path, f"[schedule]\nat = \"06:30\"\ngrace = {written}\n")
    with pytest.raises(ConfigError, match="schedule.grace must be at most a year"):
        load_config(cwd=tmp_path)


def test_bad_flag_names_the_flag(tmp_path):
    with pytest.raises(ConfigError, match="^--timezone: unknown time zone"):
        load_config(flags={"--timezone": "Mars/Olympus"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="^--cron: bad cron expression"):
        load_config(flags={"--cron": "* * *"}, cwd=tmp_path)


def test_config_items_cover_every_key_with_its_origin(tmp_path):
    path = write_config(tmp_path, 'out = "site"\n[summary]\nsentences = 4\n[schedule]\nat = "06:30"\n')
    items = {key: (value, origin) for key, value, origin in config_items(load_config(flags={"--algorithm": "lsa"}, cwd=tmp_path))}
    assert items["out"] == (str(tmp_path / "site"), str(path))
    assert items["seeds"] == (str(tmp_path / "seeds"), "default")
    assert items["summary.sentences"] == (4, str(path))
    assert items["summary.algorithm"] == ("lsa", "flag")
    assert items["schedule.at"] == ("06:30", str(path))
    assert items["schedule.cron"] == (None, "default")
    assert items["schedule.grace"] == (12 * 3600, "default")
    # Laid out as briefing.toml is: top-level keys, then the sections.
    keys = [key for key, _, _ in config_items(load_config(cwd=tmp_path))]
    assert keys.index("seeds") < keys.index("summary.algorithm") < keys.index("schedule.at")


def test_config_items_call_a_sources_keys_it_leaves_out_default(tmp_path):
    path = write_config(tmp_path, '[[sources]]\nname = "Wire"\nfeed = "https://news.example.org/feed.xml"\n'
                                  'enabled = true\n')
    items = {key: (value, origin) for key, value, origin in config_items(load_config(cwd=tmp_path))}
    assert items["sources.1.feed"] == ("https://news.example.org/feed.xml", str(path))
    assert items["sources.1.enabled"] == (True, str(path))  # written, though it is the default
    assert items["sources.1.full_text"] == (True, "default")
    assert items["sources.1.section"] == (None, "default")


@pytest.mark.parametrize("text, problem", [
    ('[fetch]\nmax_age = "400d"\n', 'fetch.max_age must be at most 31,622,400 seconds ("366d"), not \'400d\''),
    ('[fetch]\ndelay = "2h"\n', 'fetch.delay must be at most 3,600 seconds ("1h"), not \'2h\''),
])
def test_a_time_over_its_bound_names_the_bound_as_it_may_be_written(tmp_path, text, problem):
    write_config(tmp_path, text)
    (tmp_path / "seeds").mkdir()
    assert any(problem in line for line in check_config(cwd=tmp_path)), check_config(cwd=tmp_path)


def test_check_reports_every_problem_at_once(tmp_path):
    write_config(tmp_path, 'colour = "blue"\n[schedule]\ncron = "61 * * * *"\ntimezone = "Mars/Olympus"\n')
    problems = check_config(cwd=tmp_path)
    assert len(problems) == 4, problems
    assert any("unknown key 'colour'" in p for p in problems)
    assert any("minute 61 is out of range" in p for p in problems)
    assert any("unknown time zone 'Mars/Olympus'" in p for p in problems)
    assert any(p == f"seeds folder not found: {tmp_path / 'seeds'}" for p in problems)


def test_check_finds_settings_that_exclude_each_other(tmp_path):
    (tmp_path / "seeds").mkdir()
    write_config(tmp_path, '[schedule]\ncron = "0 7 * * *"\nat = "07:00"\n')
    assert check_config(cwd=tmp_path) == ["set only one of schedule.cron and schedule.at"]


def test_check_of_a_good_config_finds_nothing(tmp_path):
    (tmp_path / "news").mkdir()
    write_config(tmp_path, 'seeds = "news"\ntimezone = "Europe/London"\n[schedule]\ncron = "30 6 * * 1-5"\n')
    assert check_config(cwd=tmp_path) == []
    assert check_config(flags={"--seeds": "elsewhere"}, cwd=tmp_path) == [
        f"seeds folder not found: {tmp_path / 'elsewhere'}"]


def test_check_reads_the_named_file_only(tmp_path):
    assert check_config(tmp_path / "missing.toml", cwd=tmp_path) == [
        f"config file not found: {tmp_path / 'missing.toml'}"]
    write_config(tmp_path, "seeds = \n")
    assert "not valid TOML" in check_config(cwd=tmp_path)[0]
