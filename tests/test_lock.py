"""One run at a time across processes: real processes, a real lock file."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import article_text, run_briefing, story_titles

DAY = "2026-11-25"


def briefing_process(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def titles_of(folder: Path) -> list[str]:
    return story_titles((folder / "out" / f"{DAY}.md").read_text())


def start_two_runs(workdir: Path, *flags: str) -> list[tuple[int, str, str]]:
    # A seed written just now makes the run holding the lock wait a second to see whether
    # it is still growing, so the two runs overlap.
    (workdir / "seeds" / "ferry.txt").write_text(article_text("ferry"))
    processes = [briefing_process("run", "--date", DAY, *flags, cwd=workdir) for _ in range(2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return sorted(results)


def test_of_two_runs_started_at_once_exactly_one_proceeds(workdir):
    (winner, out, _), (loser, _, err) = start_two_runs(workdir)
    assert (winner, loser) == (0, 75)
    assert "6 seeds, 6 new" in out
    assert err.strip() == f"briefing: error: another briefing run is in progress (lock {workdir / '.briefing' / 'state.sqlite3.lock'}); try again later, or give --wait SECONDS to wait for it"
    titles = titles_of(workdir)
    assert len(titles) == 6 == len(set(titles))
    assert "0 new, 6 unchanged" in run_briefing("run", "--date", DAY, cwd=workdir).stdout


def test_two_runs_that_wait_run_one_after_the_other_without_duplicates(workdir):
    results = start_two_runs(workdir, "--wait", "60")
    assert [code for code, _, _ in results] == [0, 0]
    outputs = sorted(out for _, out, _ in results)
    assert sum("6 new" in out for out in outputs) == 1 and sum("0 new, 6 unchanged" in out for out in outputs) == 1
    titles = titles_of(workdir)
    assert len(titles) == 6 == len(set(titles))


def test_a_lock_left_by_a_killed_process_does_not_block(workdir):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from briefing.lock import RunLock\n"
         "lock = RunLock(Path(sys.argv[1])); lock.__enter__(); print('locked', flush=True); time.sleep(120)",
         str(workdir / ".briefing" / "state.sqlite3.lock")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert run_briefing("run", "--date", DAY, cwd=workdir).code == 75
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    finally:
        holder.kill()
        holder.wait()
    assert (workdir / ".briefing" / "state.sqlite3.lock").exists()  # the file stays; its lock went with the process
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "5 new" in result.stdout


def test_a_file_system_that_cannot_lock_is_one_line_and_exit_1(workdir, monkeypatch):
    import errno
    import fcntl
    import os

    def cannot_lock(fd, operation):  # NFS without its lock daemon, or a FUSE file system
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", cannot_lock)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"briefing: error: cannot lock {workdir / '.briefing' / 'state.sqlite3.lock'}: "
                           "No locks available: its file system does not support locking")
    assert not (workdir / "out").exists()


def test_a_dry_run_locks_a_store_whose_lock_file_is_gone(workdir):
    # With the store there and its lock file deleted, a dry run took no lock: a run beside it found the store
    # busy ("database is locked", exit 1, after 5 s) rather than the run in progress (exit 75 at once, or --wait).
    from briefing.errors import LockedError
    from briefing.lock import RunLock

    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    (workdir / ".briefing" / "state.sqlite3.lock").unlink()
    with RunLock(store.with_name("state.sqlite3.lock"), reading=True, store=store):
        assert store.with_name("state.sqlite3.lock").exists()
        with pytest.raises(LockedError):
            RunLock(store.with_name("state.sqlite3.lock")).__enter__()
    # With no store yet, a dry run makes neither the lock file nor its folder (see test_cli_run).
    fresh = workdir / "fresh" / "state.sqlite3"
    with RunLock(fresh.with_name("state.sqlite3.lock"), reading=True, store=fresh):
        assert not fresh.parent.exists()


def test_a_lock_held_says_how_to_wait_for_it_unless_waited_for_and_a_folder_in_its_place_says_so(workdir):
    import fcntl
    import os

    lock = workdir / ".briefing" / "state.sqlite3.lock"
    lock.parent.mkdir(exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another run holds it
        held = f"briefing: error: another briefing run is in progress (lock {lock}); try again later"
        at_once = run_briefing("run", "--date", DAY, cwd=workdir)
        assert (at_once.code, at_once.stderr) == (75, held + ", or give --wait SECONDS to wait for it\n")
        waited = run_briefing("run", "--date", DAY, "--wait", "0.2", cwd=workdir)
        assert (waited.code, waited.stderr) == (75, held + "\n")  # it waited: no more to say
    finally:
        os.close(fd)
    lock.unlink()
    lock.mkdir()
    blocked = run_briefing("run", "--date", DAY, cwd=workdir)
    assert (blocked.code, blocked.stderr) == (1, f"briefing: error: cannot open lock file {lock}: Is a directory: a "
                                                 "folder stands where the lock file goes, beside the state store: move "
                                                 "the folder away\n")
    lock.rmdir()
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
