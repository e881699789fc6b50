"""Crashes and faults, end to end: a run killed at any moment, a full disk or a
file-size limit loses nothing and doubles nothing.

After every fault the briefing in out/ is parsed: it must always be a complete
briefing (the previous one or the new one), never a truncated one, and the
next run must give a briefing holding every seed exactly once.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import age_files, article_text, run_briefing

DAY = "2026-11-25"


def add_seeds(seeds: Path, prefix: str, count: int, sentences: int = 10) -> list[str]:
    """Write `count` distinct articles; return their titles."""
    titles = []
    for n in range(count):
        topic = f"{prefix}{n:02d}"
        (seeds / f"{topic}.txt").parent.mkdir(parents=True, exist_ok=True)
        (seeds / f"{topic}.txt").write_text(article_text(topic, sentences))
        titles.append(f"{topic.capitalize()} made news again today in the capital")
    age_files(seeds)
    return titles


def parse_markdown(text: str) -> list[str]:
    """The story titles of a briefing, after checking that it is complete."""
    assert text.startswith("# Daily briefing: ") and text.endswith("\n"), text[-200:]
    count = int(re.search(r"^(\d+) stor(?:y|ies)$", text, re.M).group(1))
    contents = re.findall(r"^\d+\. \[(.+?)\]\(#story-(\d+)\)$", text, re.M)
    headings = re.findall(r"^## (.+?) \{#story-(\d+)\}$", text, re.M)
    assert [int(n) for _, n in headings] == list(range(1, count + 1))
    assert [t for t, _ in contents] == [t for t, _ in headings]
    for section in text.split("\n---\n")[1:]:
        # Every story has its heading, its byline and a whole summary paragraph.
        assert re.search(r"\A\n?## .+ \{#story-\d+\}\n\n\*.*min read\*\n\n\S.*[.!?…]\n", section), section
    assert len(text.split("\n---\n")) == count + 1
    return [t for t, _ in headings]


def parse_html(text: str) -> list[str]:
    assert text.rstrip().endswith("</html>"), text[-200:]
    count = int(re.search(r"<p>(\d+) stor(?:y|ies)</p>", text).group(1))
    titles = re.findall(r'<h2 id="story-\d+">(.+?)</h2>', text)
    assert len(titles) == count
    return titles


def current_titles(out: Path) -> tuple[list[str] | None, list[str] | None]:
    md, page = out / f"{DAY}.md", out / f"{DAY}.html"
    return (parse_markdown(md.read_text()) if md.exists() else None,
            parse_html(page.read_text()) if page.exists() else None)


def titles_of(name: str, data: bytes) -> list[str]:
    return (parse_markdown if name.endswith(".md") else parse_html)(data.decode())


def assert_intact(out: Path, good: set[str], expected: set[str]) -> None:
    """Whatever the kill left: complete files, each story once, none lost, none invented."""
    for titles in current_titles(out):
        if titles is None:
            assert not good, "a briefing that existed was removed"
            continue
        assert len(titles) == len(set(titles)), "a story appears twice"
        assert good <= set(titles) <= expected


def assert_pages_whole(out: Path) -> None:
    """The archive page and the feed, when there are any, are whole files too."""
    import xml.etree.ElementTree as ElementTree

    if (out / "index.html").exists():
        assert (out / "index.html").read_text().rstrip().endswith("</html>")
    if (out / "feed.xml").exists():
        ElementTree.parse(out / "feed.xml")


def briefing_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "run", "--date", DAY, *args]


def test_sigkill_at_many_moments_loses_and_doubles_nothing(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    expected: set[str] = set()
    good: set[str] = set()
    duration = 1.0  # of an uninterrupted run; measured after each batch
    landed = 0
    for batch in range(3):
        expected |= set(add_seeds(seeds, f"batch{batch}x", 16))
        # Kill at evenly spread moments from just after start to just past the
        # run's usual length: start-up, reading, summarising, writing, committing.
        for step in range(1, 15):
            process = subprocess.Popen(briefing_command(), cwd=tmp_path,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(duration * 1.1 * step / 14)
            process.send_signal(signal.SIGKILL)
            _, stderr = process.communicate()
            if process.returncode == -signal.SIGKILL:
                landed += 1
            else:
                assert process.returncode == 0, stderr  # finished first; never "locked" (75)
            assert_intact(out, good, expected)
            assert_pages_whole(out)
        started = time.monotonic()
        result = run_briefing("run", "--date", DAY, cwd=tmp_path)
        duration = time.monotonic() - started
        assert result.code == 0, result.stderr
        markdown_titles, html_titles = current_titles(out)
        assert sorted(markdown_titles) == sorted(expected) and sorted(html_titles) == sorted(expected)
        good = expected.copy()
    assert landed >= 30, f"only {landed} kills landed during a run"
    assert not list(out.glob(".*.tmp")), "temporary files were left behind"
    again = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert "0 new" in again.stdout and "nothing new" in again.stdout


# Kills the run at an exact step of writing, by wrapping the standard library
# calls the writer makes; this lives in the test only, nothing in briefing knows.
KILLER = textwrap.dedent('''
    import os, signal, sqlite3, sys

    point, nth = os.environ["KILL_AT"], int(os.environ["KILL_NTH"])
    seen = {}

    def hit(name):
        seen[name] = seen.get(name, 0) + 1
        return name == point and seen[name] == nth

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    class HalfWriter:
        def __init__(self, handle):
            self._handle = handle
        def write(self, text):
            if hit("mid_write"):
                self._handle.write(text[: len(text) // 2])
                self._handle.flush()
                die()
            return self._handle.write(text)
        def __getattr__(self, name):
            return getattr(self._handle, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self._handle.__exit__(*exc)

    real_fdopen, real_replace, real_fsync = os.fdopen, os.replace, os.fsync
    os.fdopen = lambda *a, **k: HalfWriter(real_fdopen(*a, **k))

    def replace(*a, **k):
        if hit("before_replace"):
            die()
        real_replace(*a, **k)
        if hit("after_replace"):
            die()
    os.replace = replace

    def fsync(fd):
        if hit("before_fsync"):
            die()
        return real_fsync(fd)
    os.fsync = fsync

    class Connection(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql == "COMMIT" and hit("before_commit"):
                die()
            result = super().execute(sql, *args)
            if sql == "COMMIT" and hit("after_commit"):
                die()
            return result

    real_connect = sqlite3.connect
    sqlite3.connect = lambda *a, **k: real_connect(*a, factory=Connection, **k)

    from briefing.cli import main
    sys.argv[0] = "briefing"
    main()
''')


@pytest.mark.parametrize("point, nth", [
    ("mid_write", 1),       # the Markdown's temporary file is half written
    ("before_fsync", 1),    # written, not yet on disk
    ("before_replace", 1),  # on disk, not yet renamed over the old briefing
    ("after_replace", 1),   # new Markdown in place, old HTML still there
    ("before_fsync", 3),    # HTML's temporary file written, not yet on disk
    ("mid_write", 2),       # the HTML's temporary file is half written
    ("after_replace", 2),   # both files new, the state not yet committed
    ("before_commit", 1),
    ("after_commit", 1),    # committed, lock not yet released
])
def test_sigkill_at_each_step_of_writing(tmp_path, point, nth):
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    first = set(add_seeds(seeds, "early", 5))
    assert run_briefing("run", "--date", DAY, cwd=tmp_path).code == 0
    before = snapshot(out)
    second = set(add_seeds(seeds, "late", 5))
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER)
    killed = subprocess.run([sys.executable, str(killer), "run", "--date", DAY], cwd=tmp_path,
                            env={**os.environ, "KILL_AT": point, "KILL_NTH": str(nth)}, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # the kill point was reached
    # Each file is the old briefing, byte for byte, or a complete new one.
    assert_intact(out, first, first | second)
    for name, data in before.items():
        now = (out / name).read_bytes()
        assert now == data or set(titles_of(name, now)) == first | second
    assert_pages_whole(out)
    result = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert result.code == 0, result.stderr
    expected_new = "0 new" if point == "after_commit" else "5 new"
    assert expected_new in result.stdout
    markdown_titles, html_titles = current_titles(out)
    assert sorted(markdown_titles) == sorted(first | second) == sorted(html_titles)
    assert not list(out.glob(".*.tmp"))


# --- full disk and file-size limits ----------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MiB tmpfs; mounting needs root, which CI has."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        message = f"cannot mount a tmpfs for the full-disk test: {mounted.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder` to the last byte."""
    filler = folder / "filler.bin"
    handle = filler.open("wb", buffering=0)
    try:
        while True:
            handle.write(b"x" * 4096)
    except OSError:
        pass
    try:
        while True:
            handle.write(b"x")
    except OSError:
        pass
    handle.close()
    return filler


def snapshot(folder: Path) -> dict[str, bytes]:
    """The day's briefing files."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name in (f"{DAY}.md", f"{DAY}.html")}


def test_full_disk_under_out_is_one_line_and_marks_nothing(tmp_path, tiny_disk):
    seeds = tmp_path / "seeds"
    first = add_seeds(seeds, "calm", 3)
    args = ("run", "--date", DAY, "--out", str(tiny_disk))
    assert run_briefing(*args, cwd=tmp_path).code == 0
    before = snapshot(tiny_disk)
    add_seeds(seeds, "storm", 30)
    filler = fill(tiny_disk)
    result = run_briefing(*args, cwd=tmp_path)
    assert result.code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert re.fullmatch(r"briefing: error: cannot write .*2026-11-25\.md: No space left on device", result.stderr.strip())
    assert snapshot(tiny_disk) == before  # the previous briefing is untouched
    assert not list(tiny_disk.glob(".*.tmp"))
    assert sorted(parse_markdown(before[f"{DAY}.md"].decode())) == sorted(first)
    filler.unlink()
    again = run_briefing(*args, cwd=tmp_path)
    assert "30 new, 3 unchanged" in again.stdout  # nothing was marked processed
    assert len(parse_markdown((tiny_disk / f"{DAY}.md").read_text())) == 33


def test_full_disk_under_the_state_store_is_one_line_and_keeps_the_briefing(tmp_path, tiny_disk):
    seeds = tmp_path / "seeds"
    add_seeds(seeds, "calm", 3)
    args = ("run", "--date", DAY, "--state", str(tiny_disk / "state.sqlite3"))
    assert run_briefing(*args, cwd=tmp_path).code == 0
    add_seeds(seeds, "storm", 30)
    filler = fill(tiny_disk)
    result = run_briefing(*args, cwd=tmp_path)
    assert result.code == 1
    assert re.fullmatch(r"briefing: error: state store .*state\.sqlite3: .+", result.stderr.strip())
    # Whether the run stopped before writing or after, the briefing is complete.
    assert len(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) in (3, 33)
    filler.unlink()
    again = run_briefing(*args, cwd=tmp_path)
    assert "30 new, 3 unchanged" in again.stdout
    assert len(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) == 33


@pytest.mark.parametrize("limit, failure", [
    # Above the state store's files, below the new Markdown: the briefing cannot be written.
    (60_000, r"cannot write .*2026-11-25\.md: File too large"),
    # Above the new briefing, below the grown state store: the files are written,
    # then the commit fails; the next run must do the work again, once.
    (150_000, r"state store .*state\.sqlite3: disk I/O error"),
])
def test_file_size_limit_is_one_line_and_marks_nothing(tmp_path, limit, failure):
    """RLIMIT_FSIZE makes any write past the limit fail (EFBIG), as a full disk fails with ENOSPC."""
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    first = add_seeds(seeds, "calm", 3)
    assert run_briefing("run", "--date", DAY, cwd=tmp_path).code == 0
    before = snapshot(out)
    add_seeds(seeds, "storm", 40, sentences=30)

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    limited = subprocess.run(briefing_command("--sentences", "20"), cwd=tmp_path, capture_output=True,
                             text=True, preexec_fn=limit_file_size)
    assert limited.returncode == 1
    assert re.fullmatch(r"briefing: error: " + failure, limited.stderr.strip()), limited.stderr
    assert not list(out.glob(".*.tmp"))
    now = snapshot(out)
    assert now == before or len(parse_markdown(now[f"{DAY}.md"].decode())) == 43
    assert sorted(parse_markdown(before[f"{DAY}.md"].decode())) == sorted(first)
    again = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert "40 new, 3 unchanged" in again.stdout  # nothing was marked processed
    titles = parse_markdown((out / f"{DAY}.md").read_text())
    assert len(titles) == len(set(titles)) == 43


def test_unwritable_out_folder_marks_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    add_seeds(seeds, "calm", 3)
    (tmp_path / "out").write_text("a file where the folder should be")
    result = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "out").unlink()
    assert "3 new" in run_briefing("run", "--date", DAY, cwd=tmp_path).stdout


def test_lock_file_stays_and_a_killed_holder_leaves_no_stale_lock(tmp_path):
    add_seeds(tmp_path / "seeds", "calm", 3)
    lock = tmp_path / ".briefing" / "state.sqlite3.lock"
    lock.parent.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f'''
        import fcntl, time
        handle = open({str(lock)!r}, "a")
        fcntl.flock(handle, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
    ''')], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        blocked = run_briefing("run", "--date", DAY, cwd=tmp_path)
        assert blocked.code == 75 and "another briefing run is in progress" in blocked.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    result = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert result.code == 0 and "3 new" in result.stdout
    assert lock.exists()  # never deleted: deleting it would break mutual exclusion


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_killed_parallel_run_leaves_no_worker_and_no_lock(tmp_path):
    """A run summarising on worker processes is killed: its workers go with it."""
    titles = set(add_seeds(tmp_path / "seeds", "many", 60, sentences=40))
    process = subprocess.Popen(briefing_command("--jobs", "2"), cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not children_of(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = children_of(process.pid)
    assert workers, "the run finished before starting workers; give it more seeds"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "workers outlived the killed run"
    process.stderr.close()
    result = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert result.code == 0, result.stderr  # never 75: no orphan holds the lock
    assert sorted(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) == sorted(titles)
