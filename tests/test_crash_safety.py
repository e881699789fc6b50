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

from conftest import FULL_STORY, age_files, article_text, run_briefing, story_titles

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
    contents = re.findall(r"^\d+\. \[(.+?)\]\(#(story-[0-9a-f]+)\)$", text, re.M)
    full = FULL_STORY.findall(text)
    assert contents == full  # the contents list every story given in full, in order
    for section in text.split("\n---\n")[1:1 + len(full)]:
        # Every story in full has its heading, its byline and a whole summary paragraph.
        assert re.search(r"\A\n?## .+ \{#story-[0-9a-f]+[^}]*\}\n\n\*.*min read\*\n\n\S.*[.!?…\]]\n", section), section
    titles = story_titles(text)
    assert len(titles) == count
    if len(full) < count:
        assert text.rstrip().endswith("[Back to top](#top)") and "## Also today {#also-today}" in text
    return titles


def parse_html(text: str) -> list[str]:
    assert text.rstrip().endswith("</html>"), text[-200:]
    count = int(re.search(r"<p>(\d+) stor(?:y|ies)</p>", text).group(1))
    titles = re.findall(r'<h2 id="story-[0-9a-f]+"[^>]*>(.+?)</h2>', text)
    titles += re.findall(r'<li(?: id="story-[0-9a-f]+")?><strong>(?:<a [^>]*>)?(.+?)(?:</a>)?</strong>(?: · |: )', text)
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


def test_full_disk_under_out_is_one_line_and_leaves_the_briefing(tmp_path, tiny_disk):
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
    again = run_briefing(*args, cwd=tmp_path)  # what was read is kept: the next run writes it
    assert again.code == 0 and f"{DAY}.md" in again.stdout, again.stderr
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
    # SQLite's own words ("database or disk is full"), or ours when it says only "disk I/O error".
    assert re.fullmatch(r"briefing: error: state store .*state\.sqlite3: .*disk is full.*", result.stderr.strip())
    # Whether the run stopped before writing or after, the briefing is complete.
    assert len(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) in (3, 33)
    filler.unlink()
    again = run_briefing(*args, cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert len(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) == 33


# Below the grown state store or below the new briefing: whichever the run reaches
# first cannot be written. Either way one line, the previous briefing stays
# whole, and the next run completes the work, once.
@pytest.mark.parametrize("limit", [60_000, 150_000])
def test_file_size_limit_is_one_line_and_leaves_the_briefing(tmp_path, limit):
    """RLIMIT_FSIZE makes any write past the limit fail (EFBIG), as a full disk fails with ENOSPC."""
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    first = add_seeds(seeds, "calm", 3)
    assert run_briefing("run", "--date", DAY, "--sentences", "20", cwd=tmp_path).code == 0
    before = snapshot(out)
    add_seeds(seeds, "storm", 40, sentences=30)

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    limited = subprocess.run(briefing_command("--sentences", "20"), cwd=tmp_path, capture_output=True,
                             text=True, preexec_fn=limit_file_size)
    assert limited.returncode == 1
    failure = r"cannot write .*: File too large|state store .*state\.sqlite3: disk I/O error"
    assert re.fullmatch(r"briefing: error: (?:" + failure + ")", limited.stderr.strip()), limited.stderr
    assert not list(out.glob(".*.tmp"))
    now = snapshot(out)
    assert now == before or len(parse_markdown(now[f"{DAY}.md"].decode())) == 43
    assert sorted(parse_markdown(before[f"{DAY}.md"].decode())) == sorted(first)
    again = run_briefing("run", "--date", DAY, "--sentences", "20", cwd=tmp_path)
    assert again.code == 0, again.stderr
    titles = parse_markdown((out / f"{DAY}.md").read_text())
    assert len(titles) == len(set(titles)) == 43


def test_unwritable_out_folder_is_one_line_and_the_next_run_writes(tmp_path):
    seeds = tmp_path / "seeds"
    add_seeds(seeds, "calm", 3)
    (tmp_path / "out").write_text("a file where the folder should be")
    result = run_briefing("run", "--date", DAY, cwd=tmp_path)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "out is a file, not a folder" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "out").unlink()
    assert run_briefing("run", "--date", DAY, cwd=tmp_path).code == 0
    assert len(parse_markdown((tmp_path / "out" / f"{DAY}.md").read_text())) == 3


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
