"""Fault injection in SQLite's manner: fail or kill a real multi-day run at each call that writes.

A reference run is made once from a fixed start, counting every call that
writes to the file system (open for writing, write, fsync, rename, unlink,
mkdir) and every commit of the state store. Then, for each call k (all of
them for kills, a deterministic share for errors), the same run starts again
from the same start with call k failing (ENOSPC, EIO) or the process killed
there, and the invariants are checked:

- the run exits 0 or 1 with one line, never 70;
- once the next run has finished a killed run's renames (its first step),
  every output file is the previous good version or the new one, never a mix
  across the run's files, and no temporary file is left;
- the state never records a day's briefing that is not the file on disk,
  unless it still has that day to write;
- a following clean run produces exactly what the run without faults did.

Runs happen in forked copies of this process (already past its imports), so
each costs a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import age_files, article_text, run_briefing

DAY1, DAY2 = "2026-11-24", "2026-11-25"
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone.utc)
KILLED = 137
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Faults:
    """Counts the calls that write; at call `at`, fails it with `error` or kills the process."""

    def __init__(self, at: int = 0, error: int | None = None) -> None:
        self.at, self.error, self.calls = at, error, 0

    def hit(self) -> None:
        self.calls += 1
        if self.calls == self.at:
            if self.error is None:
                os._exit(KILLED)  # as abrupt as SIGKILL: no cleanup runs
            raise OSError(self.error, os.strerror(self.error))

    def install(self, monkeypatch) -> None:
        def counted(function, writes=lambda *a, **k: True):
            def call(*args, **kwargs):
                if writes(*args, **kwargs):
                    self.hit()
                return function(*args, **kwargs)
            return call

        def opens_for_writing(path, flags, *args, **kwargs):
            return bool(flags & _WRITE_FLAGS)

        monkeypatch.setattr(os, "open", counted(os.open, opens_for_writing))
        for name in ("write", "fsync", "replace", "rename", "unlink", "mkdir"):
            monkeypatch.setattr(os, name, counted(getattr(os, name)))
        faults = self

        class Connection(sqlite3.Connection):
            def execute(self, sql, *args):
                if sql == "COMMIT":
                    try:
                        faults.hit()
                    except OSError as error:
                        raise sqlite3.OperationalError(os.strerror(error.errno)) from None
                return super().execute(sql, *args)

        connect = sqlite3.connect
        monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, factory=Connection, **k))
        monkeypatch.setattr("briefing.pipeline.run.utc_now", lambda: NOW)


def run_in_fork(folder: Path, faults: Faults) -> tuple[int, str, Faults]:
    """The second day's run in a forked copy of this process: (exit code, stderr, calls counted)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.close(read)
            monkeypatch = pytest.MonkeyPatch()
            faults.install(monkeypatch)
            result = run_briefing("run", "--date", DAY2, "--jobs", "1", cwd=folder)
            code = result.code
            message = f"{faults.calls}\n{result.stderr}".encode()
            os.write(write, message)  # counted too, but past any fault worth testing
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    calls, _, stderr = report.partition("\n")
    counted = Faults()
    counted.calls = int(calls) if calls else faults.at
    return os.waitstatus_to_exitcode(status), stderr, counted


def files_of(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.is_dir() else {}


@pytest.fixture(scope="module")
def start(tmp_path_factory) -> Path:
    """Day 1 written from three seeds; then two new seeds and one edited, for day 2."""
    folder = tmp_path_factory.mktemp("start")
    seeds = folder / "seeds"
    seeds.mkdir()
    for topic in ("harbour", "tram", "orchard"):
        (seeds / f"{topic}.txt").write_text(article_text(topic))
    age_files(seeds)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("briefing.pipeline.run.utc_now", lambda: NOW - dt.timedelta(days=1))
    assert run_briefing("run", "--date", DAY1, cwd=folder).code == 0
    monkeypatch.undo()
    for topic in ("bridge", "ferry"):
        (seeds / f"{topic}.txt").write_text(article_text(topic))
    (seeds / "tram.txt").write_text(article_text("tram", sentences=10))  # edited: leaves day 1 for day 2
    age_files(seeds)
    return folder


def copy_of(start: Path, into: Path) -> Path:
    shutil.copytree(start, into, symlinks=True)
    return into


@pytest.fixture(scope="module")
def reference(start, tmp_path_factory) -> tuple[dict[str, bytes], int]:
    """The files a run without faults writes, and how many calls that write it makes."""
    folder = copy_of(start, tmp_path_factory.mktemp("reference") / "run")
    code, stderr, counted = run_in_fork(folder, Faults())
    assert code == 0, stderr
    assert counted.calls > 20, "the run should write several files and commit the state"
    return files_of(folder / "out"), counted.calls


def finish_killed_renames(folder: Path) -> None:
    from briefing.publish.output import recover

    state_dir = folder / ".briefing"
    recover(folder / "out", state_dir / "state.sqlite3.commit", output_key(folder / "out", state_dir))


def recorded_days(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Each written day's recorded digest, and the days still to be written."""
    db = sqlite3.connect(folder / ".briefing" / "state.sqlite3")
    try:
        return (dict(db.execute("SELECT day, content_hash FROM briefings").fetchall()),
                {day for (day,) in db.execute("SELECT day FROM pending_days")})
    finally:
        db.close()


def trials(calls: int) -> list[tuple[int, int | None]]:
    """Every call killed; every third call failed, ENOSPC and EIO in turn."""
    plan: list[tuple[int, int | None]] = [(k, None) for k in range(1, calls + 1)]
    plan += [(k, (errno.ENOSPC, errno.EIO)[(k // 3) % 2]) for k in range(1, calls + 1, 3)]
    return plan


# The trials in parts, each a test of its own: the whole is the suite's longest test (30 s alone), which
# parallel test workers share out only in parts.
TRIAL_PARTS = 4


@pytest.mark.parametrize("part", range(TRIAL_PARTS))
def test_a_fault_at_any_write_loses_nothing_and_mixes_nothing(start, reference, tmp_path, part):
    expected, calls = reference
    before = files_of(start / "out")
    for number, (at, error) in enumerate(trials(calls)[part::TRIAL_PARTS]):
        what = f"{'kill' if error is None else errno.errorcode[error]} at write call {at} of {calls}"
        folder = copy_of(start, tmp_path / f"trial{number}")
        code, stderr, _ = run_in_fork(folder, Faults(at, error))
        if error is None:
            assert code in (KILLED, 0), f"{what}: exit {code}: {stderr}"
        else:
            assert code in (0, 1), f"{what}: exit {code}: {stderr}"
            lines = stderr.strip().splitlines()
            assert code == 0 or (len(lines) == 1 and lines[0].startswith("briefing: error: ")), f"{what}: {stderr}"
        finish_killed_renames(folder)
        now = files_of(folder / "out")
        assert now in (before, expected), (
            f"{what}: out/ mixes the runs: "
            f"{sorted(n for n in now if now[n] != before.get(n))} new, "
            f"{sorted(n for n in now if now[n] != expected.get(n))} not yet")
        # A day recorded as written is the file on disk, unless the state still has it to write.
        written, pending = recorded_days(folder)
        for day, digest in written.items():
            markdown = folder / "out" / f"{day}.md"
            assert day in pending or hashlib.sha256(markdown.read_bytes()).hexdigest() == digest, (
                f"{what}: the state records {day} as written, but the file differs")
        again, stderr, _ = run_in_fork(folder, Faults())
        assert again == 0, f"{what}, then a clean run: {stderr}"
        assert files_of(folder / "out") == expected, f"{what}: the next run did not complete the work"
        shutil.rmtree(folder)


# --- the commit journal, alone -------------------------------------------------------------------


def output_key(out: Path, state_dir: Path) -> str:
    from briefing.state.migrations import output_key as key_of

    return key_of(out, state_dir)


def _run_killed_before_its_renames(folder: Path, monkeypatch) -> None:
    """`briefing run --date DAY2` in `folder`, stopped as by a kill once its journal is written, before any rename."""
    from briefing.publish import output

    def stopped(*args):
        raise KeyboardInterrupt  # not an OSError: nothing after it runs, as after a kill

    with monkeypatch.context() as patch:
        patch.setattr(output, "_apply", stopped)
        assert run_briefing("run", "--date", DAY2, cwd=folder).code == 130


def _killed_while_renaming(out: Path, journal: Path, monkeypatch) -> None:
    """A run's files staged in `out` and its journal written, then the process stopped before any rename."""
    from briefing.publish import output

    (out / "old.md").parent.mkdir(parents=True, exist_ok=True)
    (out / "old.md").write_text("old")
    writer = output.OutputWriter(out, journal, folder_key=output_key(out, journal.parent))
    writer.stage("day.md", "new day")
    writer.remove("old.md")

    def stopped(*args):
        raise KeyboardInterrupt  # not an OSError: nothing after it runs, as after a kill

    with monkeypatch.context() as patch:
        patch.setattr(output, "_apply", stopped)
        with pytest.raises(KeyboardInterrupt):
            writer.commit()
    writer.discard()  # what the run's exit does: the journal owns the files now


def test_a_killed_commit_is_finished_in_its_own_folder_whatever_folder_the_next_run_writes(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    for topic in ("harbour", "tram"):
        (seeds / f"{topic}.txt").parent.mkdir(exist_ok=True)
        (seeds / f"{topic}.txt").write_text(article_text(topic))
    age_files(seeds)

    _run_killed_before_its_renames(tmp_path, monkeypatch)
    assert not (tmp_path / "out" / f"{DAY2}.md").exists()
    # The next run writes another output folder of the same store: the first is finished all the same.
    assert run_briefing("run", "--date", DAY2, "--out", "site-b", cwd=tmp_path).code == 0
    first, second = files_of(tmp_path / "out"), files_of(tmp_path / "site-b")
    assert sorted(first) == sorted(second) and first[f"{DAY2}.md"] == second[f"{DAY2}.md"]
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_a_journal_naming_a_folder_the_store_does_not_know_touches_nothing(tmp_path):
    from briefing.publish.output import recover

    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "important.txt").write_text("keep")
    (tmp_path / "victim" / ".keep.tmp").write_text("keep")
    journal = tmp_path / ".briefing" / "state.sqlite3.commit"
    journal.parent.mkdir()
    journal.write_text('{"folder": "../victim", "moves": [["", "important.txt"]]}')
    recover(tmp_path / "out", journal, "../out", known=lambda key: key == "../out")
    assert sorted(p.name for p in (tmp_path / "victim").iterdir()) == [".keep.tmp", "important.txt"]
    assert not journal.exists()


def test_a_killed_commit_is_finished_when_the_state_folder_is_a_symbolic_link(tmp_path, monkeypatch):
    from briefing.publish.output import recover

    (tmp_path / "elsewhere" / "state").mkdir(parents=True)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".briefing").symlink_to(tmp_path / "elsewhere" / "state")
    journal = project / ".briefing" / "state.sqlite3.commit"
    _killed_while_renaming(project / "out", journal, monkeypatch)
    site_b = project / "site-b"
    recover(site_b, journal, output_key(site_b, journal.parent), known=lambda key: key == "../../project/out")
    assert [p.name for p in (project / "out").iterdir()] == ["day.md"] and not journal.exists()


def test_a_killed_commit_whose_folder_was_deleted_leaves_nothing_to_finish(tmp_path, monkeypatch):
    from briefing.publish.output import recover

    journal = tmp_path / ".briefing" / "state.sqlite3.commit"
    _killed_while_renaming(tmp_path / "out", journal, monkeypatch)
    shutil.rmtree(tmp_path / "out")
    # was: "cannot finish the previous run's writes" at every run
    recover(tmp_path / "out", journal, output_key(tmp_path / "out", journal.parent))
    assert not journal.exists() and not (tmp_path / "out").exists()


def test_a_journal_whose_folder_entry_failed_to_reach_the_disk_still_owns_its_files(tmp_path, monkeypatch):
    from briefing.errors import OutputError
    from briefing.publish import output

    out, journal = tmp_path / "out", tmp_path / ".briefing" / "state.sqlite3.commit"
    out.mkdir()
    (out / "old.md").write_text("old")

    def fsync_dir(folder):
        if folder == journal.parent:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        patch.setattr(output, "fsync_dir", fsync_dir)
        with output.OutputWriter(out, journal, folder_key=output_key(out, journal.parent)) as writer, \
                pytest.raises(OutputError, match="the next run finishes"):
            writer.stage("day.md", "new day")
            writer.remove("old.md")
            writer.commit()
    assert journal.exists()
    # The removal and the new file together, never the removal alone.
    output.recover(out, journal, output_key(out, journal.parent))
    assert sorted(p.name for p in out.iterdir()) == ["day.md"] and not journal.exists()


def test_a_journal_left_by_the_version_before_is_finished_in_the_runs_folder(tmp_path):
    from briefing.publish.output import recover

    out, journal = tmp_path / "out", tmp_path / ".briefing" / "state.sqlite3.commit"
    out.mkdir()
    journal.parent.mkdir()
    (out / ".day.md.x1.tmp").write_text("new day")
    journal.write_text('[[".day.md.x1.tmp", "day.md"]]')  # names only, no folder
    recover(out, journal, output_key(out, journal.parent))
    assert [p.name for p in out.iterdir()] == ["day.md"] and not journal.exists()


# --- a run stopped after composing its days -------------------------------------------------------------


def test_a_run_stopped_after_finding_the_later_days_to_compose_again_leaves_the_next_to_keep_them(tmp_path,
                                                                                                    monkeypatch):
    """A day written in the past has the later days composed again in case; built with other settings (a new
    site title) and showing the same stories, they keep what they were written with. A run stopped once it
    had found them marked them pending: the next wrote them whatever they held, under the new title."""
    import briefing.pipeline.run as run_module

    from test_editor import report

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bill-1.md").write_text(report("kavlor", 0))
    age_files(seeds)
    assert run_briefing("run", "--date", DAY1, cwd=tmp_path).code == 0
    (seeds / "bill-2.md").write_text(report("kavlor", 1, extra=" The House votes on the bill next week."))
    age_files(seeds)
    assert run_briefing("run", "--date", DAY2, cwd=tmp_path).code == 0
    later = {name: (tmp_path / "out" / f"{DAY2}.{name}").read_bytes() for name in ("md", "json")}
    (tmp_path / "briefing.toml").write_text('[site]\ntitle = "Harbour Notes"\n')
    (seeds / "late.md").write_text(report("latecomer", 2))  # a new story on the first day
    age_files(seeds)
    composing = run_module.compose_days
    calls = []

    def stopped_at_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first day and the later one, composed together
            raise KeyboardInterrupt  # not an OSError: nothing after it runs, as after a kill
        return composing(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "compose_days", stopped_at_the_second)
        assert run_briefing("run", "--date", DAY1, cwd=tmp_path).code == 130
    assert len(calls) == 2
    again = run_briefing("run", "--date", DAY1, cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert f"{DAY2}.md" not in again.stdout
    assert {name: (tmp_path / "out" / f"{DAY2}.{name}").read_bytes() for name in ("md", "json")} == later
    assert "Harbour Notes" in (tmp_path / "out" / f"{DAY1}.md").read_text()


# --- the order the files are put in place -----------------------------------------------------------------


def local_links_missing(out: Path) -> list[str]:
    """The links of out/'s pages (and the feed's) to files of out/ that are not there."""
    import re

    missing = []
    for page in sorted([*out.glob("*.html"), *out.glob("*.xml")]):
        for target in re.findall(r'href="([^"#:/]+\.html)', page.read_text(encoding="utf-8")):
            if not (out / target).is_file():
                missing.append(f"{page.name} -> {target}")
    return missing


def _two_days_whose_first_seed_moves_to_a_third(folder: Path) -> None:
    """Two days written, each of one seed; then the first day's seed edited, so that the next run (of DAY2)
    removes the first day's files and writes the third day's."""
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / "tram.txt").write_text(article_text("tram"))
    age_files(seeds)
    assert run_briefing("run", "--date", "2026-11-23", cwd=folder).code == 0
    (seeds / "harbour.txt").write_text(article_text("harbour"))
    age_files(seeds)
    assert run_briefing("run", "--date", DAY1, cwd=folder).code == 0
    (seeds / "tram.txt").write_text(article_text("tram", sentences=10))
    age_files(seeds)


def test_a_commit_stopped_at_any_file_leaves_no_page_linking_to_a_missing_one(tmp_path, monkeypatch):
    """Until the next run finishes a commit stopped midway (a kill, a rename failing), out/ holds some of the
    new files: the archive, the feed and the days' pages never link to a page that is not there. (A removed
    day's files went first: the archive, the feed and the next day led to them.)"""
    import json

    from briefing.publish import output

    _two_days_whose_first_seed_moves_to_a_third(tmp_path)

    _run_killed_before_its_renames(tmp_path, monkeypatch)
    journal = tmp_path / ".briefing" / "state.sqlite3.commit"
    moves = [tuple(move) for move in json.loads(journal.read_text())["moves"]]
    assert len(moves) == 9  # the new day's three files, the next day's page, archive, feed, three removals
    for stop_at in range(len(moves)):  # the renames and removals a kill or a failure let happen
        out = shutil.copytree(tmp_path / "out", tmp_path / f"stopped{stop_at}")
        output._apply(out, moves[:stop_at])
        assert local_links_missing(out) == [], f"stopped before {moves[stop_at]}"
    assert run_briefing("run", "--date", DAY2, cwd=tmp_path).code == 0
    assert not (tmp_path / "out" / "2026-11-23.html").exists() and local_links_missing(tmp_path / "out") == []


def test_a_rename_failing_midway_leaves_the_previous_briefing_and_the_next_run_writes_it(tmp_path, monkeypatch):
    """A rename refused while a run put its files in place (a full directory, a failing disk) left out/ half
    new until the next run, which under cron is a day later: the renames made are undone, the run ends
    with one line, and out/ holds the previous run's files. The next run writes the new ones."""
    from briefing.publish import output

    _two_days_whose_first_seed_moves_to_a_third(tmp_path)
    before = files_of(tmp_path / "out")
    applying = output._apply
    # The new day's first file, the next day's page, the feed, the last removal.
    for fail_at, error in ((1, errno.ENOSPC), (4, errno.EIO), (7, errno.ENOSPC), (9, errno.EIO)):
        calls = []

        def renaming(function):
            def call(*args, **kwargs):
                if applying_now:
                    calls.append(args)
                    if len(calls) == fail_at:
                        raise OSError(error, os.strerror(error), str(args[-1]))
                return function(*args, **kwargs)
            return call

        applying_now = False

        def apply(*args, **kwargs):
            nonlocal applying_now
            applying_now = True
            try:
                return applying(*args, **kwargs)
            finally:
                applying_now = False

        with monkeypatch.context() as patch:
            patch.setattr(output, "_apply", apply)
            patch.setattr(os, "replace", renaming(os.replace))
            patch.setattr(os, "unlink", renaming(os.unlink))
            result = run_briefing("run", "--date", DAY2, cwd=tmp_path)
        assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "cannot write" in result.stderr and "the next run finishes" not in result.stderr
        assert files_of(tmp_path / "out") == before, f"failed at the {fail_at}th"
        assert not (tmp_path / ".briefing" / "state.sqlite3.commit").exists()
    assert run_briefing("run", "--date", DAY2, cwd=tmp_path).code == 0
    after = files_of(tmp_path / "out")
    assert "2026-11-23.md" not in after and f"{DAY2}.md" in after and after[f"{DAY1}.html"] != before[f"{DAY1}.html"]


def a_day_and_a_seed_more(folder: Path, day: str) -> None:
    """`day` written from one seed ("Tram ..."), and a second one ("Harbour ...") waiting for the next run."""
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / "tram.txt").write_text(article_text("tram"))
    age_files(seeds)
    assert run_briefing("run", "--date", day, cwd=folder).code == 0
    (seeds / "harbour.txt").write_text(article_text("harbour"))
    age_files(seeds)


def test_where_files_cannot_be_kept_under_a_second_name_a_failed_commit_is_finished_by_the_next_run(tmp_path,
                                                                                                    monkeypatch):
    """No hard links (a FAT or SMB folder): nothing can be put back, and the run says the next one finishes
    the commit. A disk that refuses the second name (full) fails the run before any file is replaced."""
    a_day_and_a_seed_more(tmp_path, DAY1)
    before = files_of(tmp_path / "out")
    replace = os.replace

    def refused(error):
        def link(*args, **kwargs):
            raise OSError(error, os.strerror(error))
        return link

    def feed_refused(source, target, *args, **kwargs):
        if os.path.basename(target) == "feed.xml":
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return replace(source, target, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "link", refused(errno.ENOSPC))
        full = run_briefing("run", "--date", DAY2, cwd=tmp_path)
    assert full.code == 1 and "No space left on device" in full.stderr and files_of(tmp_path / "out") == before
    with monkeypatch.context() as patch:
        patch.setattr(os, "link", refused(errno.EPERM))
        patch.setattr(os, "replace", feed_refused)
        failed = run_briefing("run", "--date", DAY2, cwd=tmp_path)
    assert failed.code == 1 and failed.stderr.strip().endswith("the next run finishes putting the new files in place")
    assert files_of(tmp_path / "out")["feed.xml"] == before["feed.xml"]
    again = run_briefing("run", "--date", DAY2, cwd=tmp_path)
    assert again.code == 0, again.stderr
    after = files_of(tmp_path / "out")
    assert f"{DAY2}.md" in after and after["feed.xml"] != before["feed.xml"]
    assert not [name for name in after if name.endswith(".tmp")]


# `briefing run --date DAY` with a signal sent to itself just after the second file of out/ is put in place.
SIGNALLED_AMID_RENAMES = """\
import os, signal, sys
from briefing.cli import main

real, renamed = os.replace, []
def replace(source, target, *args, **kwargs):
    real(source, target, *args, **kwargs)
    if os.path.basename(os.path.dirname(os.path.abspath(target))) == "out" and not str(target).endswith(".tmp"):
        renamed.append(target)
        if len(renamed) == 2:
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
os.replace = replace
main(["run", "--date", sys.argv[2]], prog_name="briefing")
"""


@pytest.mark.parametrize("signame, code", [("SIGINT", 130), ("SIGTERM", -15), ("SIGHUP", -1)])
def test_a_signal_while_files_are_put_in_place_waits_for_them(tmp_path, signame, code):
    """Ctrl+C or SIGTERM among the renames ended the run with the day's new .md beside its old .html until
    the next run; now the signal waits the milliseconds the renames take, and out/ is all new."""
    import subprocess
    import sys

    a_day_and_a_seed_more(tmp_path, DAY2)
    done = subprocess.run([sys.executable, "-c", SIGNALLED_AMID_RENAMES, signame, DAY2], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stderr
    out = files_of(tmp_path / "out")
    assert [name for name in out if name.endswith(".tmp")] == []
    for name in (f"{DAY2}.md", f"{DAY2}.html", f"{DAY2}.json", "feed.xml"):
        assert b"arbour" in out[name], f"{name} is the previous run's"
    assert not (tmp_path / ".briefing" / "state.sqlite3.commit").exists()
    # What the run was stopped after it wrote is what it would have written (it writes the days again, not
    # having recorded them).
    again = run_briefing("run", "--date", DAY2, cwd=tmp_path)
    assert again.code == 0, again.stderr
    rewritten = files_of(tmp_path / "out")
    assert rewritten.keys() == out.keys()
    assert {name: text for name, text in rewritten.items() if name != "feed.xml"} == \
        {name: text for name, text in out.items() if name != "feed.xml"}  # (the feed says when it was written)


def test_signals_held_wait_for_the_block_and_an_ignored_one_stays_ignored():
    import signal

    from briefing.publish.signals import signals_held

    steps = []
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with pytest.raises(KeyboardInterrupt):
            with signals_held():
                signal.raise_signal(signal.SIGINT)
                signal.raise_signal(signal.SIGHUP)  # ignored before the block: ignored in it and after it
                steps.append("the rest of the block")
        assert steps == ["the rest of the block"]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_signals_held_come_again_sigterm_first_and_each_as_often_as_it_came():
    import signal

    from briefing.publish.signals import signals_held

    came = []
    previous = {sig: signal.signal(sig, lambda signum, frame: came.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with signals_held():
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGINT):
                signal.raise_signal(sig)
            assert came == []
        assert came == [signal.SIGTERM, signal.SIGINT, signal.SIGINT]
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
