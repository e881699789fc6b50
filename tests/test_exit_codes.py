"""Exit codes as README's table gives them: a bad command line is 2, a bad config or path 1; one line each."""

import errno
import os

import pytest

from conftest import age_files, article_text, run_briefing, write_seed


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0].removeprefix("briefing: error: ")


@pytest.mark.parametrize("args, message", [
    (["run", "--sentences", "2", "--words", "40"], "give only one of --sentences, --ratio and --words"),
    (["run", "--ratio", "0.2", "--sentences", "4"], "give only one of --sentences, --ratio and --words"),
    (["summarize", "x.txt", "--words", "40", "--sentences", "2"], "give only one of --sentences, --ratio and --words"),
    (["schedule", "--at", "25:00"], "--at must be a time of day HH:MM"),
    (["schedule", "--cron", "0 7 * * *", "--at", "07:00"], "give only one of --cron and --at"),
    (["config", "show", "--timezone", "Mars/Olympus"], "--timezone: unknown time zone 'Mars/Olympus'"),
    (["config", "show", "--timezone", "Europe"], "--timezone: unknown time zone 'Europe'"),
    # click's own checks of the command line: one line too.
    (["run", "--sentences", "0"], "Invalid value for '--sentences': 0 is not in the range x>=1. (see briefing run --help)"),
    (["run", "--date", "2026-13-01"], "Invalid value for '--date': '2026-13-01' is no day of the calendar (month must"),
    (["run", "--date", "2026-02-30"], "Invalid value for '--date': '2026-02-30' is no day of the calendar (day is"),
    (["run", "--date", "tomorrow"], "Invalid value for '--date': 'tomorrow' is not written YYYY-MM-DD, as in 2026-11-25"),
    # strptime read these as 2026-01-01 and 2026-03-02: one day has one spelling, the README's.
    (["run", "--date", "2026-1-1"], "Invalid value for '--date': '2026-1-1' is not written YYYY-MM-DD, as in"),
    (["run", "--date", "\uff12\uff10\uff12\uff16-\uff10\uff13-\uff10\uff12"], "is not written YYYY-MM-DD, as in"),
    (["schedule", "--at", "07:00", "--next", "1", "--from", "2026-01-01 6:30"],
     "Invalid value for '--from': '2026-01-01 6:30' is not written YYYY-MM-DD or YYYY-MM-DD HH:MM"),
    (["run", "-v", "--quiet"], "give --verbose or --quiet, not both"),
    # A month before it is looked back on: a day at the calendar's start is refused, not left to fail every run.
    (["run", "--date", "0001-01-05"], "--date must be a day between 1000-01-01 and 9998-12-31, not 0001-01-05"),
    (["run", "--date", "9999-12-31"], "--date must be a day between 1000-01-01 and 9998-12-31, not 9999-12-31"),
    (["--bogus", "run"], "No such option '--bogus'"),
    (["rnu"], "No such command 'rnu'"),
    (["summarize"], "Missing argument 'FILES...'. (see briefing summarize --help)"),
    (["schedule", "--from", "2026-11-25", "--at", "06:30"], "--from goes with --next"),
    (["-v", "-q", "run"], "give --verbose or --quiet, not both"),
    (["config", "show", "--sentences", "-1"], "Invalid value for '--sentences'"),
    (["run", "--wait", "nan"], "Invalid value for '--wait': 'nan' is not a number of seconds"),
    # Near the calendar's start no run time can be worked out: it printed nothing and exited 0.
    (["schedule", "--at", "12:00", "--next", "2", "--from", "0001-01-01 00:00"],
     "Invalid value for '--from': must be a time on or after 1000-01-01"),
    (["fetch", "--wait", "-1"], "Invalid value for '--wait'"),
    (["fetch", "--wait", "5 parsecs"], "Invalid value for '--wait'"),
    # A number too big for a float was read as inf, and the run waited for ever: more than a year is a typo.
    (["run", "--wait", "1e400"], "Invalid value for '--wait': '1e400' is more than a year (\"366d\"); write inf to"),
    (["remove", "x.txt", "--wait", "1e20"], "Invalid value for '--wait': '1e20' is more than a year"),
    (["fetch", "--wait", "367d"], "Invalid value for '--wait': '367d' is more than a year"),
    # An empty path (an unset variable: --out "$OUT") was read as ".": the briefings went into the working folder.
    (["run", "--out", ""], "Invalid value for '--out': '' is no path"),
    (["run", "--seeds", " "], "Invalid value for '--seeds': ' ' is no path"),
    (["config", "check", "--templates", ""], "Invalid value for '--templates': '' is no path"),
    (["fetch", "--state", ""], "Invalid value for '--state': '' is no path"),
    (["--config", "", "run"], "Invalid value for '--config': '' is no path"),
    (["run", "--log-file", ""], "Invalid value for '--log-file': '' is no path; give a file name"),
    (["run", "--out", ""], "'' is no path; give a folder name"),
    # (A seed to remove is a file: "give a file or folder name", then "'seeds/x' is a directory".)
    (["remove", ""], "Invalid value for 'SEED...': '' is no path; give a file name"),
])
def test_a_bad_command_line_is_one_line_and_exit_2(workdir, args, message):
    result = run_briefing(*args, cwd=workdir)
    assert result.code == 2
    assert message in one_error_line(result.stderr)
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("config, args, message", [
    ("[summary]\nsentences = 2\nwords = 40\n", ["run"], "set only one of summary.sentences, summary.ratio and summary.words"),
    ('[schedule]\nat = "25:00"\n', ["schedule", "--next", "1"], "schedule.at must be a time of day"),
    ('[schedule]\ncron = "0 7 * * *"\nat = "07:00"\n', ["config", "show"], "set only one of schedule.cron and schedule.at"),
    ('seeds = "elsewhere"\n', ["run"], "seeds folder not found"),
    # A folder of zones, a name too long for a file name, an address urllib cannot split, bytes that are no UTF-8.
    ('timezone = "Europe"\n', ["run"], "timezone: unknown time zone 'Europe'"),
    ('[schedule]\ntimezone = "America"\n', ["schedule", "--next", "1"], "unknown time zone 'America'"),
    (f'timezone = "{"A" * 300}"\n', ["config", "check"], "timezone: unknown time zone"),
    ('[site]\nurl = "http://[::1/"\n', ["run"], "site.url must be an http(s) address"),
    (b'[site]\ntitle = "\xff"\n', ["run"], "not valid TOML: not UTF-8 text"),
])
def test_a_bad_config_or_path_is_one_line_and_exit_1(workdir, config, args, message):
    (workdir / "briefing.toml").write_bytes(config if isinstance(config, bytes) else config.encode())
    result = run_briefing(*args, cwd=workdir)
    assert result.code == 1
    assert message in one_error_line(result.stderr)


def test_a_path_flag_in_bytes_that_are_not_utf8_says_so(workdir):
    # The locale reads such bytes as surrogate escapes: "found U+DCFF" named no character the user wrote.
    result = run_briefing("run", "--out", os.fsdecode(b"o\xff\xfe"), cwd=workdir)
    assert result.code == 2  # a flag's value: a bad command line
    assert one_error_line(result.stderr) == "--out holds bytes that are not UTF-8 (0xFF, 0xFE): give it in UTF-8"
    assert not any(workdir.glob("o*"))


@pytest.mark.parametrize("link, args", [("out", ["run"]), ("loop", ["run", "--seeds", "loop"]),
                                        ("loop", ["run", "--state", "loop/state.sqlite3"])])
def test_a_folder_that_is_a_loop_of_symbolic_links_is_one_line_and_exit_1(workdir, link, args):
    (workdir / link).symlink_to(link)
    result = run_briefing(*args, cwd=workdir)
    assert result.code == 1 and "is a loop of symbolic links" in one_error_line(result.stderr)


@pytest.mark.parametrize("link, args", [("out", ["run"]), (".briefing", ["run"]), ("site", ["config", "check", "--out", "site/x"])])
def test_a_folder_that_is_a_symbolic_link_to_nothing_is_one_line_that_says_so(workdir, link, args):
    # was: "cannot write .../out/2026-11-25.md: File exists" (or "cannot open lock file ...: File exists")
    (workdir / link).symlink_to(workdir / "gone" / "folder")
    result = run_briefing(*args, cwd=workdir)
    assert result.code == 1
    assert one_error_line(result.stderr) == (f"{workdir / link} is a symbolic link to {workdir / 'gone' / 'folder'}, "
                                             "which does not exist: make that folder, or remove the link")
    assert not (workdir / "gone").exists()


def test_a_flag_that_replaces_the_files_value_is_no_conflict(workdir):
    # The file says sentences, the flag says words: the flag wins, as flags do.
    (workdir / "briefing.toml").write_text("[summary]\nsentences = 2\n")
    result = run_briefing("config", "show", "--words", "40", cwd=workdir)
    assert result.code == 0 and "words = 40" in result.stdout


def test_a_bad_flag_is_reported_before_the_files_problems(workdir):
    # As click reports a bad command line before anything is read: the flag's problem alone, exit 2.
    (workdir / "briefing.toml").write_text('colour = "blue"\n')
    result = run_briefing("run", "--sentences", "2", "--words", "40", cwd=workdir)
    assert result.code == 2 and one_error_line(result.stderr) == "give only one of --sentences, --ratio and --words"
    # config check lists both, and exits 2 because one of them is the command line's.
    check = run_briefing("config", "check", "--at", "25:00", cwd=workdir)
    assert check.code == 2
    assert "unknown key 'colour'" in check.stderr and "--at must be a time of day" in check.stderr


def test_no_command_shows_the_help(workdir):
    result = run_briefing(cwd=workdir)
    assert "Usage: briefing [OPTIONS] COMMAND" in result.stdout + result.stderr
    assert "briefing: error" not in result.stderr


@pytest.mark.parametrize("args", [["run"], ["summarize", "seeds/harbour-bridge-reopens.txt"], ["config", "show"]])
def test_output_to_a_full_disk_is_one_line_and_exit_1(workdir, args):
    # A real process: its standard output is /dev/full, where every write fails with ENOSPC.
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        completed = subprocess.run([sys.executable, "-m", "briefing", *args], cwd=workdir, stdout=full,
                                   stderr=subprocess.PIPE, text=True, timeout=120)
    assert completed.returncode == 1
    assert one_error_line(completed.stderr) == "cannot write to standard output: No space left on device"


def test_help_to_a_full_disk_is_one_line_and_exit_1(workdir):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        completed = subprocess.run([sys.executable, "-m", "briefing", "--help"], cwd=workdir, stdout=full,
                                   stderr=subprocess.PIPE, text=True, timeout=120)
    assert completed.returncode == 1
    assert one_error_line(completed.stderr) == "cannot write to standard output: No space left on device"


def test_a_full_stderr_neither_stops_the_work_nor_is_blamed_on_stdout(workdir):
    import subprocess
    import sys

    (workdir / "bad.bin").write_bytes(b"\x00\x01 not text")
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [sys.executable, "-m", "briefing", "summarize", "bad.bin", "seeds/harbour-bridge-reopens.txt"],
            cwd=workdir, stdout=subprocess.PIPE, stderr=full, text=True, timeout=120)
    assert completed.returncode == 1  # one file skipped, as with a working stderr
    assert completed.stdout.startswith("Harbour bridge reopens to traffic")


def test_a_closed_stdout_writes_the_briefing_then_says_the_report_could_not_be_printed(empty_workdir):
    # `briefing run >&-`: Python has no sys.stdout, and click printed the report line nowhere, exit 0; the
    # first file the run opened took the number of standard output.
    import subprocess
    import sys

    write_seed(empty_workdir / "seeds", "harbour.txt", article_text("harbour"))
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "briefing", "run", "--date",
                           "2026-11-25"], cwd=empty_workdir, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert one_error_line(done.stderr) == "cannot write to standard output: Bad file descriptor"
    assert "harbour" in (empty_workdir / "out" / "2026-11-25.md").read_text(encoding="utf-8").lower()
    again = run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir)
    assert again.code == 0 and "1 seed, 0 new" in again.stdout, again.stdout


# Ctrl+C arriving while Python imports the CLI: here, as click is imported (installed by sitecustomize, which
# Python runs at start-up when it is on the path).
INTERRUPTED_AT_IMPORT = """\
import builtins
real = builtins.__import__
def interrupt(name, *args, **kwargs):
    if name == "click":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupt
"""


@pytest.mark.parametrize("how", ["the installed program", "python -m briefing"])
def test_ctrl_c_while_the_command_line_loads_is_one_line_and_exit_130(tmp_path, how):
    """Ctrl+C in the first tenth of a second ended in a KeyboardInterrupt traceback; later it is one line
    and 130, and so it is now from the start."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "sitecustomize.py").write_text(INTERRUPTED_AT_IMPORT, encoding="utf-8")
    program = Path(sys.executable).with_name("briefing")
    assert program.is_file(), "the test command installs the package, and with it the program"
    command = [str(program)] if how == "the installed program" else [sys.executable, "-m", "briefing"]
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    done = subprocess.run([*command, "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 130, done.stderr
    assert one_error_line(done.stderr) == "interrupted"


def test_ctrl_c_while_the_command_line_loads_with_no_stderr_writes_nothing_to_stdout(tmp_path):
    # With stderr closed (`2>&-`) Python has no sys.stderr: the line must not go to stdout instead.
    import os
    import subprocess
    import sys

    (tmp_path / "sitecustomize.py").write_text(INTERRUPTED_AT_IMPORT, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(["sh", "-c", 'exec "$@" 2>&-', "sh", sys.executable, "-m", "briefing", "--version"],
                          cwd=tmp_path, stdout=subprocess.PIPE, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 130
    assert done.stdout == ""


@pytest.mark.parametrize("args, works", [
    (["run"], False),
    (["summarize", "{workdir}/seeds/rail-talks.md"], False),
    (["config", "check"], False),
    (["--config", "{workdir}/briefing.toml", "run", "--out", "out"], False),  # out/ of which folder?
    (["--config", "{workdir}/briefing.toml", "run", "--date", "2026-11-25"], True),
    (["--config", "{workdir}/briefing.toml", "config", "check"], True),
])
def test_a_working_folder_that_is_gone_is_one_line_unless_every_path_is_absolute(workdir, tmp_path, monkeypatch,
                                                                                  args, works):
    from click.testing import CliRunner

    from briefing.cli import main

    (workdir / "briefing.toml").write_text("")
    gone = tmp_path / "gone"  # a deploy replaced the folder a shell, or cron's job, was still in
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(main, [arg.format(workdir=workdir) for arg in args], catch_exceptions=False)
    if works:
        assert result.exit_code == 0, result.stderr
        if "run" in args:
            assert (workdir / "out" / "2026-11-25.md").exists()  # the project's out/, found by the config file
    else:
        assert result.exit_code == 1
        assert one_error_line(result.stderr).startswith("the working folder is gone (deleted or moved since this "
                                                        "shell entered it): cd into the project folder")


@pytest.mark.parametrize("error", [MemoryError(), ImportError("libopenblas.so: failed to map segment from shared object")])
def test_running_out_of_memory_is_one_line_and_exit_1_with_out_left_whole(workdir, monkeypatch, error):
    # Under `ulimit -v` a run ended "internal error: MemoryError: " (exit 70: a bug, it said).
    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    before = {path.name: path.read_bytes() for path in (workdir / "out").iterdir()}
    (workdir / "seeds" / "more.txt").write_text(article_text("ferry"))
    from briefing.pipeline import run as pipeline_run

    def short_of_memory(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline_run, "compose_days", short_of_memory)
    result = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert result.code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("briefing: error: out of memory: stopped, every file in out/ left as")
    assert {path.name: path.read_bytes() for path in (workdir / "out").iterdir()} == before
    monkeypatch.undo()
    # What was read is kept: the next run writes the day with the new seed's story.
    again = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert again.code == 0 and "6 seeds" in again.stdout and "wrote out/2026-11-25.md" in again.stdout, again.stderr
    assert (workdir / "out" / "2026-11-25.md").read_bytes() != before["2026-11-25.md"]


@pytest.mark.parametrize("error", [errno.EIO, errno.ESTALE])
def test_a_disk_that_fails_where_no_step_expects_it_is_one_line_and_exit_1_with_out_left_whole(
        empty_workdir, monkeypatch, error):
    # A stat of a day's file that failed (a failing disk, an NFS handle gone stale) ended "internal error:
    # OSError: [Errno 5] Input/output error" (exit 70: a bug, it said).
    workdir = empty_workdir
    (workdir / "seeds" / "tram.txt").write_text(article_text("tram"))
    age_files(workdir / "seeds")
    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    out = workdir / "out"
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (workdir / "seeds" / "more.txt").write_text(article_text("ferry"))
    age_files(workdir / "seeds")
    stat = os.stat

    def failing(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(out / "2026-11-25.md"):
            raise OSError(error, os.strerror(error), os.fspath(path))
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", failing)
    result = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    monkeypatch.undo()
    assert result.code == 1 and result.stderr == (
        f"briefing: error: the system failed a read or write: {out / '2026-11-25.md'}: {os.strerror(error)} (the "
        "disk or the file system, not briefing: run again once it is mended)\n")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    again = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert again.code == 0 and "2 seeds, 1 new" in again.stdout and "wrote out/2026-11-25.md" in again.stdout, \
        again.stderr


@pytest.mark.parametrize("written, seconds", [("30", 30.0), ("2m", 120.0), ("1 h", 3600.0), ("500ms", 0.5), ("inf", float("inf")),
                                             ("366d", 366 * 86400.0), ("Infinity", float("inf"))])
def test_wait_takes_the_durations_lock_wait_takes(written, seconds):
    # schedule.lock_wait = "2m" was taken, --wait 2m refused ("not a valid number of seconds").
    from briefing.cli.options import _SECONDS

    assert _SECONDS.convert(written, None, None) == seconds


@pytest.mark.parametrize("template, message", [
    ("# {{ title }}\n{{ 1 // 0 }}\n", "template briefing.md.j2 line 2: ZeroDivisionError: integer division or modulo by zero"),
    ('{{ stories | length + "a" }}\n', "template briefing.md.j2 line 1: TypeError: unsupported operand type(s) for +"),
    ("{% for x in 5 %}{% endfor %}\n", "template briefing.md.j2 line 1: TypeError: 'int' object is not iterable"),
    # A name the template does not know, the commonest mistake: its line too (it was "template briefing.md.j2:
    # 'nope' is undefined"), and a story named as one (it was "'briefing.publish.views.StoryView object'").
    ("# {{ title }}\n\nline 3\n{{ nope }}\n", "template briefing.md.j2 line 4: UndefinedError: 'nope' is undefined"),
    ("# x\n{% for s in stories %}\n{{ s.nope }}\n{% endfor %}\n",
     "template briefing.md.j2 line 3: UndefinedError: a story has no attribute 'nope'"),
    ('x\n{% include "briefing.md.j2" %}\n', "template briefing.md.j2 line 2: RecursionError: maximum recursion depth"),
    ("{% if 1 %}" * 3000 + "{% endif %}" * 3000, "template briefing.md.j2 (or one it includes): nested too deeply"),
])
def test_a_users_template_that_fails_as_it_runs_is_one_line_naming_it_and_exit_1(workdir, template, message):
    # was: "internal error: ZeroDivisionError: ..." and exit 70, as if the template's mistake were a bug of briefing's
    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir()}
    (workdir / "mine").mkdir()
    (workdir / "mine" / "briefing.md.j2").write_text(template)
    (workdir / "seeds" / "new.txt").write_text(article_text("tram"))
    os.utime(workdir / "seeds" / "new.txt", (1e9, 1e9))
    result = run_briefing("run", "--date", "2026-11-25", "--templates", "mine", cwd=workdir)
    assert result.code == 1 and "Traceback" not in result.stderr
    # After the one line that says the templates changed since the last run, the error.
    assert result.stderr.strip().splitlines()[-1].startswith("briefing: error: " + message), result.stderr
    assert {p.name: p.read_bytes() for p in (workdir / "out").iterdir()} == before
    (workdir / "mine" / "briefing.md.j2").unlink()  # mended: the next run writes the new seed in
    again = run_briefing("run", "--date", "2026-11-25", "--templates", "mine", cwd=workdir)
    assert again.code == 0 and "2026-11-25.md" in again.stdout, again.stderr


def test_a_name_unknown_in_a_template_another_includes_is_said_in_that_one(workdir):
    # The page's style sheet is a template the page's includes: the error was blamed on briefing.html.j2.
    (workdir / "mine").mkdir()
    (workdir / "mine" / "page.css.j2").write_text("body { color: red }\n\n{{ x.y }}\n")
    result = run_briefing("run", "--date", "2026-11-25", "--templates", "mine", cwd=workdir)
    assert result.code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "briefing: error: template page.css.j2 line 3: UndefinedError: 'x' is undefined")


def test_an_error_in_briefings_own_templates_is_still_an_internal_error(monkeypatch):
    from briefing.publish.templates import Renderer

    renderer = Renderer()
    renderer.__dict__["_env"] = None  # no user's template runs: a failure is briefing's bug, reported as one
    with pytest.raises(AttributeError):
        renderer._render("briefing.md.j2")


LONG_VALUES = [
    (["run", "--date", "2026-01-01" * 500], "Invalid value for '--date': '2026-01-012026-01-01"),
    (["run", "--jobs", "9" * 5000], "Invalid value for '--jobs': '99999"),
    (["run", "--algorithm", "x " * 2000], "Invalid value for '--algorithm': 'x x x"),
    (["schedule", "--next", "1", "--at", "7" * 5000], "--at must be a time of day HH:MM between 00:00 and 23:59, not '777"),
    (["schedule", "--next", "1", "--cron", "@" + "y" * 5000], "--cron: bad cron expression '@yyy"),
    (["--config", "c/" * 1500 + "briefing.toml", "run"], "config file not found: c/c/c/"),
    (["run", "--seeds", "s/" * 2000], "briefing: error: seeds folder "),
    (["summarize", "f" * 200 + "/" + "f" * 200 + ".txt"], "cannot read"),
]


@pytest.mark.parametrize("args, start", LONG_VALUES)
def test_an_error_quoting_a_long_value_stays_one_readable_line(workdir, args, start):
    # was: a line of 4,000 to 10,000 characters, the value quoted whole (a path, a typo'd flag pasted twice)
    result = run_briefing(*args, cwd=workdir)
    assert result.code in (1, 2)
    line = result.stderr.strip()
    assert "\n" not in line and start in line and "\u2026" in line
    assert len(line) <= 650, len(line)


def test_a_5000_character_tz_is_quoted_clipped(workdir):
    # A process of its own: the system's zone is read once a process (tzlocal keeps it).
    from conftest import run_process

    result = run_process("schedule", "--next", "1", "--at", "06:30", cwd=workdir, env={"TZ": "Mars/" + "x" * 5000})
    line = one_error_line(result.stderr)
    assert result.code == 1 and "the system's time zone (TZ='Mars/xxx" in line and "\u2026" in line, line
    assert len(line) <= 650 and line.endswith("or give --timezone")


def test_a_warning_naming_a_long_path_is_cut_in_the_middle(tmp_path):
    # The log's lines too: the folder's start and its end (its name) are kept.
    seeds = tmp_path.joinpath(*["a" * 100] * 10, "news-seeds")
    seeds.mkdir(parents=True)
    result = run_briefing("run", "--seeds", str(seeds), "--date", "2026-11-25", cwd=tmp_path)
    assert result.code == 0
    warning = next(line for line in result.stderr.splitlines() if "holds no article yet" in line)
    assert len(warning) <= 650 and "\u2026" in warning and "aaaa/news-seeds holds no article yet" in warning


def test_a_tz_a_day_or_more_from_utc_is_one_line_and_exit_1(workdir):
    # TZ=UTC+24 (POSIX takes it) made every local time Python asks for fail: each HTML seed was skipped with
    # "cannot extract article text from HTML: ValueError", and `briefing fetch` ended in an internal error.
    from conftest import run_process

    result = run_process("run", "--date", "2026-11-25", cwd=workdir, env={"TZ": "UTC+24"})
    assert result.code == 1 and one_error_line(result.stderr) == (
        "the system's time zone (TZ='UTC+24') is 24 hours from UTC, which none is (14 at most): set TZ to an IANA "
        "name such as Europe/London, or unset it")
    assert not (workdir / "out").exists()


def test_a_seed_given_twice_to_remove_is_taken_out_and_said_once(workdir):
    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    result = run_briefing("remove", "seeds/rail-talks.md", "rail-talks.md", "./seeds/rail-talks.md", cwd=workdir)
    assert result.code == 0 and result.stdout.startswith("removed rail-talks.md from 2026-11-25; wrote "), result.stdout


def test_a_seed_named_in_nfd_is_removed_by_its_name_as_typed(empty_workdir):
    """A file a Mac named (café in NFD: e and a combining accent), removed by its name as typed (NFC):
    "not a seed any briefing has read: café.txt", exit 1, while `ls` showed café.txt."""
    import unicodedata

    seeds = empty_workdir / "seeds"
    write_seed(seeds, unicodedata.normalize("NFD", "café.txt"), article_text("harbour"))
    write_seed(seeds, "tram.txt", article_text("tram"))
    age_files(seeds)
    assert run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir).code == 0
    result = run_briefing("remove", unicodedata.normalize("NFC", "café.txt"), cwd=empty_workdir)
    assert result.code == 0 and result.stdout.startswith("removed caf"), result.stderr
    assert "Harbour" not in (empty_workdir / "out" / "2026-11-25.md").read_text(encoding="utf-8")


def test_a_seed_edited_then_removed_by_another_unicode_form_of_its_name_stays_out(empty_workdir):
    # Its new content was not recorded as withdrawn (the scan named it in NFD, the removal in NFC): the next run
    # read it as a changed seed and put it back.
    import unicodedata

    seeds = empty_workdir / "seeds"
    write_seed(seeds, unicodedata.normalize("NFD", "café.txt"), article_text("harbour"))
    write_seed(seeds, "tram.txt", article_text("tram"))
    age_files(seeds)
    assert run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir).code == 0
    write_seed(seeds, unicodedata.normalize("NFD", "café.txt"), article_text("harbour", sentences=9))
    age_files(seeds)
    assert run_briefing("remove", unicodedata.normalize("NFC", "café.txt"), cwd=empty_workdir).code == 0
    again = run_briefing("run", "--date", "2026-11-26", cwd=empty_workdir)
    assert again.code == 0 and "nothing new" in again.stdout, again.stdout
    assert not any("Harbour" in page.read_text(encoding="utf-8") for page in (empty_workdir / "out").glob("*.md"))


@pytest.mark.parametrize("flag, written, plain", [
    ("--jobs", "\u0662", "2"), ("--jobs", "\uff12", "2"), ("--words", "\uff16_0", "60"), ("--sentences", " +4 ", "4"),
    ("--ratio", "0.2_5", "0.25"), ("--wait", "1_0s", "10"), ("--wait", "+\uff11_0", "10"),
])
def test_a_number_on_the_command_line_is_read_as_python_reads_it(workdir, flag, written, plain):
    """One rule for every number of the command line, durations too: "1_0s" was refused where "1_0" was taken."""
    if flag == "--wait":  # (a dry run's line says how long it took: only whether it ran is compared)
        waited = run_briefing("run", "--dry-run", flag, written, cwd=workdir)
        assert (waited.code, waited.stderr) == (0, "") and "would write" in waited.stdout
        return
    shown, expected = (run_briefing("config", "show", flag, value, cwd=workdir) for value in (written, plain))
    assert (shown.code, shown.stderr) == (0, "") and shown.stdout == expected.stdout


# A run that gets SIGTERM while it composes its day (`kill`, `timeout`, a service manager stopping it): the
# signal sent where it is deterministic, from inside the run.
TERMINATED_WHILE_COMPOSING = """\
import os, signal, sys
import briefing.pipeline.run as run
real = run.compose_days
def terminated(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)
    return real(*args, **kwargs)
run.compose_days = terminated
from briefing.cli import entry
sys.argv = ["briefing", *sys.argv[1:]]
entry()
"""


def test_sigterm_ends_a_run_with_one_line_by_the_signal_and_the_next_run_completes_its_work(workdir):
    """A run stopped by SIGTERM ended without a word (Ctrl+C says "interrupted"): one line, out/ as the
    run before left it, and the process still ends by the signal, as a supervisor expects."""
    import signal
    import subprocess
    import sys

    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    before = {path.name: path.read_bytes() for path in (workdir / "out").iterdir()}
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    script = workdir.parent / f"{workdir.name}-terminated.py"
    script.write_text(TERMINATED_WHILE_COMPOSING, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "run", "--date", "2026-11-25", "--jobs", "1"], cwd=workdir,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert one_error_line(done.stderr) == "terminated"
    assert {path.name: path.read_bytes() for path in (workdir / "out").iterdir()} == before
    again = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert again.code == 0 and "1 new" in again.stdout and "wrote" in again.stdout, again.stdout + again.stderr


def test_a_path_with_a_terminals_escape_codes_is_shown_escaped(workdir):
    # Echoed raw, `\x1b[2J` cleared the terminal the error line went to (click strips it only off a terminal).
    result = run_briefing("--config", "nof\x1b[2J.toml", "run", cwd=workdir)
    assert result.code == 1
    assert one_error_line(result.stderr) == "config file not found: nof\\x1b[2J.toml"
