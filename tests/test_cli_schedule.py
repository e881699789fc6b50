"""End to end: `briefing schedule` and `briefing config` as separate processes on real files.

No clock is faked: the scheduler runs at a real minute, signals are real signals.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from briefing.config import load_config
from conftest import article_text, recorded_run_started, run_briefing, run_process, story_titles

UTC = dt.timezone.utc


class Running:
    """`briefing ARGS...` running in the background, its stderr collected line by line."""

    def __init__(self, *args: str, cwd: Path, ignoring: tuple[int, ...] = ()) -> None:
        def ignore() -> None:  # as `nohup` starts a command: SIGHUP ignored, which exec keeps
            # The others as a terminal's foreground command has them, whatever the tests were started with (a
            # shell's `&` starts its command with SIGINT ignored, and the scheduler then keeps ignoring it).
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN if signum in ignoring else signal.SIG_DFL)

        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", *args], cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ignore,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if text in line:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged within {timeout}s; stderr:\n{self.stderr}")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def running():
    started: list[Running] = []

    def start(*args: str, cwd: Path) -> Running:
        process = Running(*args, cwd=cwd)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


def story_count(markdown_path: Path) -> int:
    return len(story_titles(markdown_path.read_text()))


def hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def far_from_now() -> str:
    """A daily time that is neither soon nor within the catch-up grace period behind us."""
    return hhmm(dt.datetime.now(UTC) + dt.timedelta(hours=6))


# --- the real scheduler ------------------------------------------------------------


def test_sigterm_during_a_run_lets_it_finish_and_leaves_whole_files(workdir, running):
    # A seed modified just now makes the run wait a second to see whether it is still growing.
    (workdir / "seeds" / "ferry.txt").write_text(article_text("ferry"))
    process = running("schedule", "--at", far_from_now(), "--timezone", "UTC", "--run-now", cwd=workdir)
    process.wait_for("run started", 60)
    code = process.stop(signal.SIGTERM)
    assert code == 0, process.stderr
    log = process.stderr
    assert log.index("SIGTERM received: stopping") < log.index("run finished") < log.index("stopped")
    assert "6 seeds, 6 new" in log
    today = dt.datetime.now(UTC).date()
    markdown_path, html_path = workdir / "out" / f"{today}.md", workdir / "out" / f"{today}.html"
    assert story_count(markdown_path) == 6
    assert html_path.read_text().rstrip().endswith("</html>")
    assert not list((workdir / "out").glob(".*.tmp"))
    again = run_briefing("run", cwd=workdir)
    assert again.code == 0 and "0 new, 6 unchanged" in again.stdout


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_stops_an_idle_scheduler_at_once(workdir, running, signum):
    process = running("schedule", "--at", far_from_now(), "--timezone", "UTC", cwd=workdir)
    process.wait_for("scheduled at", 30)
    started = time.monotonic()
    assert process.stop(signum, timeout=15) == 0
    assert time.monotonic() - started < 10
    assert process.lines[-1] == "briefing: stopped"
    assert "Traceback" not in process.stderr
    assert not (workdir / "out").exists()


def test_a_scheduler_started_with_hangups_ignored_outlives_its_terminal(workdir):
    # `nohup briefing schedule &`: the terminal closing must not stop it.
    process = Running("schedule", "--at", far_from_now(), "--timezone", "UTC", cwd=workdir, ignoring=(signal.SIGHUP,))
    try:
        process.wait_for("scheduled at", 30)
        process.process.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert process.process.poll() is None, process.stderr
        assert "SIGHUP" not in process.stderr
        assert process.stop(signal.SIGTERM, timeout=15) == 0
        assert process.lines[-1] == "briefing: stopped"
    finally:
        process.kill()


@pytest.mark.parametrize("logging_flags, after_command", [
    ([], False), (["--log-file", "briefing.log"], False), (["--quiet"], False),
    (["--log-file", "briefing.log"], True), (["--quiet"], True),
])
def test_a_run_missed_while_down_runs_once_at_start(workdir, running, logging_flags, after_command):
    an_hour_ago = hhmm(dt.datetime.now(UTC) - dt.timedelta(hours=1))
    args = ["schedule", "--at", an_hour_ago, "--timezone", "UTC"]
    args = [*args, *logging_flags] if after_command else [*logging_flags, *args]
    process = running(*args, cwd=workdir)
    markdown_path = workdir / "out" / f"{dt.datetime.now(UTC).date()}.md"
    config = load_config(cwd=workdir)
    deadline = time.monotonic() + 60
    while recorded_run_started(config) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # the end-of-run line follows the state commit
    assert process.stop() == 0
    assert story_count(markdown_path) == 5
    if logging_flags == []:
        # A new project missed nothing: it has no briefing yet, and the schedule is said before its first run.
        assert "no briefing made yet: the run due" in process.stderr and "catching up" not in process.stderr
        assert process.stderr.index("; next run now") < process.stderr.index("run started")
        assert re.search(r"^briefing: run finished: .*5 seeds, 5 new.*wrote .*\(\d+\.\d+s\); next run ", process.stderr, re.M)
    elif logging_flags == ["--quiet"]:
        assert process.stderr == ""
    else:
        assert process.stderr == ""
        text = (workdir / "briefing.log").read_text()
        assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO run started$", text, re.M)
        assert re.search(r"^\d{4}-\d\d-\d\d .* INFO run finished: .*5 new", text, re.M)
    # Started again: the slot has had its run, so nothing is caught up.
    again = running("schedule", "--at", an_hour_ago, "--timezone", "UTC", cwd=workdir)
    line = again.wait_for("scheduled at", 30)
    assert "next run now" not in line and "catching up" not in again.stderr
    assert again.stop() == 0


# --- --next ------------------------------------------------------------------------


def next_times(*args: str, cwd: Path, env: dict | None = None) -> list[dt.datetime]:
    result = run_briefing("schedule", "--next", *args, cwd=cwd, env=env)
    assert result.code == 0, result.stderr
    return [dt.datetime.fromisoformat(line.split()[0]) for line in result.stdout.splitlines()]


def test_next_lists_weekday_runs_of_a_cron_and_runs_nothing(workdir):
    times = next_times("10", "--cron", "30 6 * * 1-5", "--timezone", "Europe/London", "--from", "2026-11-22", cwd=workdir)
    assert len(times) == 10
    assert [t.strftime("%a %d") for t in times[:5]] == ["Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27"]
    assert all(t.weekday() < 5 and (t.hour, t.minute) == (6, 30) for t in times)
    assert not (workdir / "out").exists() and not (workdir / ".briefing").exists()


@pytest.mark.parametrize("args, expected", [
    # --from a time the clocks skip: the day's run, made when they jump, was left out (the time was read with
    # the offset before the jump, an instant after it).
    (["--at", "01:30", "--timezone", "Europe/London", "--from", "2026-03-29 01:30"],
     ["2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"]),
    (["--cron", "*/15 * * * *", "--timezone", "America/New_York", "--from", "2026-03-08 02:20"],
     ["2026-03-08T03:00:00-04:00", "2026-03-08T03:15:00-04:00"]),
    (["--at", "02:15", "--timezone", "Australia/Lord_Howe", "--from", "2026-10-04 02:10"],
     ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"]),
    # A time they show twice: from its first occurrence.
    (["--cron", "30 * * * *", "--timezone", "Europe/London", "--from", "2026-10-25 01:30"],
     ["2026-10-25T01:30:00+01:00", "2026-10-25T01:30:00+00:00"]),
])
def test_next_from_a_time_the_clocks_skip_starts_when_they_jump(workdir, args, expected):
    assert [t.isoformat() for t in next_times("2", *args, cwd=workdir)] == expected


def test_next_from_the_calendars_last_evening_west_of_utc_lists_nothing_and_says_so(workdir):
    # In UTC it is already past the last day: reading it on the wall clock overflowed, an internal error (exit 70).
    # Then it printed nothing at all, as if the schedule had no runs.
    result = run_briefing("schedule", "--next", "2", "--at", "22:30", "--timezone", "America/New_York",
                          "--from", "9999-12-31 20:00", cwd=workdir)
    assert (result.code, result.stdout) == (0, "")
    assert result.stderr == "briefing: no run times before the calendar ends (9999-12-31)\n"


def test_next_with_a_count_beyond_any_index_lists_every_run(workdir):
    # More than sys.maxsize: islice refused it, an internal error (exit 70).
    result = run_briefing("schedule", "--next", "9" * 30, "--cron", "0 0 1 1 *", "--timezone", "UTC",
                          "--from", "9990-06-01", cwd=workdir)
    assert (result.code, result.stderr) == (0, "briefing: only 9 run times before the calendar ends (9999-12-31)\n")
    assert [line.split("T")[0] for line in result.stdout.splitlines()] == [f"{year}-01-01" for year in range(9991, 10000)]


def test_next_with_a_huge_count_prints_at_once(workdir):
    # It built the whole list first: a billion runs printed nothing for minutes.
    process = subprocess.Popen([sys.executable, "-m", "briefing", "schedule", "--cron", "* * * * *", "--next",
                                "1000000000"], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(process.stdout.readline() for _ in range(3)))
        reader.start()
        reader.join(timeout=15)
        assert len(lines) == 3 and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\S* \w+ \S+\n", line) for line in lines)
    finally:
        process.kill()
        process.communicate()


@pytest.mark.parametrize("zone, change_day, at", [
    ("Europe/London", "2026-03-29", "01:30"),  # does not exist: 01:00 GMT -> 02:00 BST
    ("Europe/London", "2026-10-25", "01:30"),  # occurs twice: 02:00 BST -> 01:00 GMT
    ("America/New_York", "2026-03-08", "02:30"),  # does not exist
    ("America/New_York", "2026-11-01", "01:30"),  # occurs twice
])
def test_next_runs_exactly_once_on_the_day_clocks_change(workdir, zone, change_day, at):
    day = dt.date.fromisoformat(change_day)
    start = f"{day - dt.timedelta(days=2)} 12:00"
    times = next_times("5", "--at", at, "--timezone", zone, "--from", start, cwd=workdir)
    assert [t.date() for t in times] == [day - dt.timedelta(days=1) + dt.timedelta(days=n) for n in range(5)]
    assert len({t.astimezone(UTC) for t in times}) == 5


def test_dates_and_times_take_the_spaces_around_them_alike(workdir):
    # A crontab line or a script may quote a date with a space in it: --at took " 06:30", --from and
    # `run --date` refused " 2026-03-02".
    spaced = next_times("2", "--at", " 06:30 ", "--timezone", "UTC", "--from", " 2026-03-02 ", cwd=workdir)
    assert spaced == next_times("2", "--at", "06:30", "--timezone", "UTC", "--from", "2026-03-02", cwd=workdir)
    assert [t.isoformat() for t in spaced] == ["2026-03-02T06:30:00+00:00", "2026-03-03T06:30:00+00:00"]
    result = run_briefing("run", "--date", "\t2026-03-02 ", cwd=workdir)
    assert result.code == 0 and (workdir / "out" / "2026-03-02.md").is_file(), result.stderr


def test_next_stops_at_the_calendars_last_day(workdir):
    times = next_times("5", "--at", "06:30", "--timezone", "UTC", "--from", "9999-12-29", cwd=workdir)
    assert [t.date().isoformat() for t in times] == ["9999-12-29", "9999-12-30", "9999-12-31"]


def test_next_uses_the_zone_configured_not_the_process_one(workdir, monkeypatch):
    import tzlocal

    # A process's zone is fixed when it starts; tzlocal keeps the first it finds,
    # so this in-process run makes it look again, before and after.
    monkeypatch.setenv("TZ", "America/New_York")
    tzlocal.reload_localzone()
    try:
        in_new_york = next_times("2", "--at", "07:00", "--from", "2026-01-05", cwd=workdir)
        assert all(t.utcoffset() == dt.timedelta(hours=-5) and t.hour == 7 for t in in_new_york)
        tokyo = next_times("2", "--at", "07:00", "--timezone", "Asia/Tokyo", "--from", "2026-01-05", cwd=workdir)
        assert all(t.utcoffset() == dt.timedelta(hours=9) and t.hour == 7 for t in tokyo)
        (workdir / "briefing.toml").write_text('timezone = "Asia/Tokyo"\n[schedule]\nat = "07:00"\n')
        from_file = next_times("2", "--from", "2026-01-05", cwd=workdir)
        assert from_file == tokyo
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()
        # Parsing --from (strptime) ran time.tzset() under TZ=America/New_York: time.tzname stayed EST/EDT, and
        # an in-process run after this test signed its pages with that zone while its own subprocess did not
        # ("the site settings ... or the time zone changed since the last run", a test of crash safety failing).
        time.tzset()


# --- bad schedules and config ----------------------------------------------------------


# A problem in briefing.toml exits 1; one in a flag is a bad command line and exits 2.
@pytest.mark.parametrize("config, flags, code, message", [
    ('[schedule]\ncron = "61 * * * *"\n', [], 1, "schedule.cron: bad cron expression '61 * * * *': minute 61 is out of range 0-59"),
    ('[schedule]\nat = "06:30"\ntimezone = "Mars/Olympus"\n', [], 1, "schedule.timezone: unknown time zone 'Mars/Olympus'"),
    ('[schedule]\nat = "25:00"\n', [], 1, "schedule.at must be a time of day HH:MM between 00:00 and 23:59, not '25:00'"),
    ('[schedule]\ncron = "0 0 30 2 *"\n', [], 1, "schedule.cron: bad cron expression '0 0 30 2 *': never runs"),
    (None, ["--cron", "61 * * * *"], 2, "--cron: bad cron expression"),
    (None, ["--at", "25:00"], 2, "--at must be a time of day"),
    (None, ["--at", "06:30", "--timezone", "Mars/Olympus"], 2, "--timezone: unknown time zone 'Mars/Olympus'"),
    (None, ["--cron", "0 0 * * *", "--at", "06:30"], 2, "give only one of --cron and --at"),
    (None, [], 1, "no schedule: set cron or at"),
    (None, ["--cron", "0 0 30 2 *"], 2, "never runs"),
])
@pytest.mark.parametrize("command", [["schedule"], ["schedule", "--next", "3"], ["schedule", "--explain"],
                                     ["config", "check"]])
def test_a_bad_schedule_is_one_line_and_the_same_for_schedule_and_config_check(
        workdir, config, flags, code, message, command):
    if config is not None:
        (workdir / "briefing.toml").write_text(config)
    result = run_briefing(*command, *flags, cwd=workdir, timeout=30)
    if command == ["config", "check"] and not flags and config is None:
        # No schedule at all: `config check` says so, but `briefing run` needs none.
        assert result.code == 0 and "schedule: none set" in result.stdout
        return
    assert result.code == code
    assert result.stderr.strip() == f"briefing: error: {result.stderr.strip().removeprefix('briefing: error: ')}"
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("tz", ["UTC+3", "Mars/Olympus", "../../etc/passwd"])
@pytest.mark.parametrize("command", [["schedule"], ["schedule", "--next", "3"], ["config", "check"]])
def test_a_system_zone_no_schedule_can_use_is_one_line_and_exit_1(workdir, monkeypatch, tz, command):
    import tzlocal.unix

    # TZ=UTC+3 is a zone to the C library, but has no IANA name. tzlocal keeps the first zone it
    # finds: this in-process run makes it look again (monkeypatch puts the zone it kept back).
    monkeypatch.setenv("TZ", tz)
    monkeypatch.setattr(tzlocal.unix, "_cache_tz", None)
    result = run_briefing(*command, "--at", "06:30", cwd=workdir, timeout=30)
    assert result.code == 1, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"briefing: error: the system's time zone (TZ={tz!r}) cannot be used for a schedule: ")
    assert line.endswith("set timezone (an IANA name such as Europe/London) in briefing.toml, or give --timezone")


def test_schedule_without_a_seeds_folder_fails_at_start(empty_workdir):
    (empty_workdir / "seeds").rmdir()
    result = run_briefing("schedule", "--at", "06:30", cwd=empty_workdir, timeout=30)
    assert result.code == 1 and result.stderr.strip() == f"briefing: error: seeds folder not found: {empty_workdir / 'seeds'}"


@pytest.mark.parametrize("key, value", [("state", "taken/.briefing/state.sqlite3"), ("out", "taken/out")])
def test_schedule_with_a_file_where_a_folder_must_go_fails_at_start(workdir, key, value):
    # It started, logged "run failed: cannot open lock file ...: Not a directory" at every run, and
    # never wrote a briefing: a service that looked healthy. `briefing run` refuses it at once.
    (workdir / "taken").write_text("a file\n")
    (workdir / "briefing.toml").write_text(f'{key} = "{value}"\n')
    for args in (("schedule", "--at", "06:30", "--run-now"), ("run",)):
        result = run_process(*args, cwd=workdir, timeout=30)  # (unchecked, the scheduler ran on)
        assert result.code == 1 and result.stderr.strip() == (
            f"briefing: error: {workdir / 'taken'} is a file, not a folder: move it aside"), result.stderr
    check = run_briefing("config", "check", cwd=workdir)  # finds what schedule would refuse
    assert check.code == 1 and f"{workdir / 'taken'} is a file, not a folder: move it aside" in check.stdout + check.stderr
    assert not (workdir / "out").exists()


def test_config_show_prints_each_value_with_its_origin(workdir):
    (workdir / "briefing.toml").write_text('out = "site"\n[summary]\nsentences = 4\n[schedule]\ncron = "30 6 * * 1-5"\n')
    result = run_briefing("config", "show", "--algorithm", "lsa", cwd=workdir)
    assert result.code == 0, result.stderr
    lines = {line.split("=")[0].strip().lstrip("# ").split(" ")[0]: line for line in result.stdout.splitlines() if line.strip()}
    path = str(workdir / "briefing.toml")
    assert lines["out"].endswith(f"# {path}") and str(workdir / "site") in lines["out"]
    assert lines["seeds"].endswith("# default")
    assert lines["sentences"].endswith(f"# {path}")
    assert lines["algorithm"].endswith("# flag")
    assert lines["cron"].endswith(f"# {path}")
    # The output is itself a valid briefing.toml holding the effective values.
    shown = tomllib.loads(result.stdout)
    assert shown["out"] == str(workdir / "site")
    assert shown["summary"] == {"algorithm": "lsa", "sentences": 4, "key_points": 5, "language": "english"}
    assert shown["schedule"]["cron"] == "30 6 * * 1-5"
    (workdir / "copy.toml").write_text(result.stdout)
    assert run_briefing("--config", "copy.toml", "config", "check", cwd=workdir).code == 0


def test_config_check_lists_every_problem(empty_workdir):
    (empty_workdir / "seeds").rmdir()
    (empty_workdir / "briefing.toml").write_text(
        'colour = "blue"\ntemplates = "my-templates"\n[schedule]\ncron = "61 * * * *"\ntimezone = "Mars/Olympus"\n'
        '[delivery.email]\n')
    result = run_briefing("config", "check", cwd=empty_workdir)
    assert result.code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6 and all(line.startswith("briefing: error: ") for line in lines)
    for expected in ("unknown key 'colour'", "minute 61 is out of range", "unknown time zone 'Mars/Olympus'",
                     "seeds folder not found", "templates folder not found", "delivery.email.host is required"):
        assert sum(expected in line for line in lines) == 1


def test_config_check_reads_a_templates_path_as_the_run_does(workdir):
    (workdir / "tpl").mkdir()
    (workdir / "briefing.toml").write_text('templates = "nope/../tpl"\n')  # "nope" need not exist
    result = run_briefing("config", "check", cwd=workdir)
    assert result.code == 0 and result.stdout.endswith("ok\n"), result.stderr


def test_config_check_of_a_good_config_says_what_schedule_will_do_and_ok(workdir):
    (workdir / "briefing.toml").write_text('timezone = "Europe/London"\n[schedule]\ncron = "30 6 * * 1-5"\n')
    result = run_briefing("config", "check", cwd=workdir)
    assert result.code == 0 and result.stderr == ""
    described, ok = result.stdout.splitlines()
    assert ok == "ok"
    assert described.startswith(
        "schedule: at 06:30 on Monday through Friday (cron '30 6 * * 1-5', Europe/London); next run ")
    next_run = dt.datetime.strptime(described.rsplit("next run ", 1)[1], "%a %Y-%m-%d %H:%M %Z")
    assert next_run.weekday() < 5 and (next_run.hour, next_run.minute) == (6, 30)
    # The same words as `schedule --explain`.
    explained = run_briefing("schedule", "--explain", cwd=workdir)
    assert explained.code == 0
    assert explained.stdout.splitlines() == [
        "At 06:30 on Monday through Friday (cron '30 6 * * 1-5', Europe/London)",
        f"next run {described.rsplit('next run ', 1)[1]}"]
    bad_flag = run_briefing("config", "check", "--cron", "* * *", cwd=workdir)
    assert bad_flag.code == 2 and bad_flag.stderr == (
        "briefing: error: --cron: bad cron expression '* * *': expected 5 fields (minute hour day month weekday), got 3\n")


@pytest.mark.parametrize("config, flags, given", [
    ('[schedule]\ngrace = "1h"\n', [], "schedule.grace is set in "),
    ('[schedule]\ntimezone = "Europe/London"\n', [], "schedule.timezone is set in "),
    # Each scheduled run fetches first: without a schedule there is none to fetch before.
    ('[schedule]\nfetch = true\n[[sources]]\nname = "Wire"\nfeed = "https://news.example.org/feed.xml"\n', [],
     "schedule.fetch is set in "),
    (None, ["--timezone", "Europe/London"], "--timezone is given"),
])
def test_config_check_finds_a_schedule_asked_for_but_not_set(workdir, config, flags, given):
    if config is not None:
        (workdir / "briefing.toml").write_text(config)
    result = run_briefing("config", "check", *flags, cwd=workdir)
    assert result.code == 1 and result.stdout == ""
    assert result.stderr.startswith("briefing: error: no schedule: set cron or at in the [schedule] section")
    assert given in result.stderr and len(result.stderr.splitlines()) == 1
    # A top-level timezone alone asks for no schedule: it dates the briefings.
    (workdir / "briefing.toml").write_text('timezone = "Europe/London"\n')
    assert run_briefing("config", "check", cwd=workdir).code == 0


def test_config_check_of_fetch_false_without_a_schedule_is_ok(workdir):
    # The default written out asks for no schedule: config check failed with "no schedule".
    (workdir / "briefing.toml").write_text("[schedule]\nfetch = false\n")
    result = run_briefing("config", "check", cwd=workdir)
    assert result.code == 0, result.stderr
    assert "no schedule" not in result.stderr


def test_explain_with_next_describes_then_lists(workdir):
    result = run_briefing("schedule", "--explain", "--next", "2", "--cron", "*/15 * * * *", "--timezone", "UTC",
                          "--from", "2026-11-25 10:05", cwd=workdir)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Every 15th minute of every hour (cron '*/15 * * * *', UTC)",
        "2026-11-25T10:15+00:00 Wed UTC",
        "2026-11-25T10:30+00:00 Wed UTC",
    ]
    assert not (workdir / "out").exists() and not (workdir / ".briefing").exists()


def test_config_show_names_a_config_file_with_a_newline_on_one_line(workdir):
    (workdir / "c\nf.toml").write_text('out = "site"\n')
    result = run_briefing("--config", "c\nf.toml", "config", "show", cwd=workdir)
    assert result.code == 0, result.stderr
    assert any(line.startswith("out = ") and line.endswith("# c\\nf.toml")
               for line in result.stdout.splitlines())
    assert tomllib.loads(result.stdout)["out"] == str(workdir / "site")  # still a valid briefing.toml
