"""The archive (out/index.html), the links between days, and the progress bar, through the real CLI."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

from conftest import article_text, run_briefing, write_seed

DAYS = ["2026-11-24", "2026-11-25", "2026-11-26"]


def page(workdir, day):
    return (workdir / "out" / f"{day}.html").read_text()


def day_links(html: str) -> dict[str, str]:
    header = html[html.index('<header class="site">'):html.index("</header>")]
    return dict(re.findall(r'rel="(prev|next)" href="([^"]+)"', header))


def test_archive_lists_every_day_newest_first_and_days_link_to_neighbours(workdir):
    # Written out of order: the middle day last.
    assert run_briefing("run", "--date", DAYS[0], cwd=workdir).code == 0
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAYS[2], cwd=workdir).code == 0
    before = page(workdir, DAYS[0])
    write_seed(workdir / "seeds", "tram.txt", article_text("tram"))
    write_seed(workdir / "seeds", "museum.txt", article_text("museum"))
    result = run_briefing("run", "--date", DAYS[1], cwd=workdir)
    # The neighbours' pages were rewritten for their new links.
    for day in (DAYS[0], DAYS[2]):
        assert f"out/{day}.html" in result.stdout and f"out/{day}.md" not in result.stdout
    assert page(workdir, DAYS[0]) != before

    assert day_links(page(workdir, DAYS[0])) == {"next": f"{DAYS[1]}.html"}
    assert day_links(page(workdir, DAYS[1])) == {"prev": f"{DAYS[0]}.html", "next": f"{DAYS[2]}.html"}
    assert day_links(page(workdir, DAYS[2])) == {"prev": f"{DAYS[1]}.html"}

    index = (workdir / "out" / "index.html").read_text()
    rows = re.findall(r'<li><a href="([^"]+)"><time datetime="([^"]+)">[^<]+</time></a> <span class="count">(\d+) stor', index)
    assert rows == [(f"{DAYS[2]}.html", DAYS[2], "1"), (f"{DAYS[1]}.html", DAYS[1], "2"), (f"{DAYS[0]}.html", DAYS[0], "5")]
    for day, count in ((DAYS[2], 1), (DAYS[1], 2), (DAYS[0], 5)):
        assert page(workdir, day).count('<article aria-labelledby="story-') == count
    assert "3 briefings, newest first" in index and 'href="feed.xml"' in index
    # A reader on a day's page finds the feed as on the archive's (the browser's "subscribe").
    feed_link = '<link rel="alternate" type="application/atom+xml" title="Daily briefing" href="feed.xml">'
    assert all(feed_link in page(workdir, day) for day in DAYS) and feed_link in index

    # Nothing new: not a file is touched, the archive included.
    stamps = {p.name: p.stat().st_mtime_ns for p in (workdir / "out").iterdir()}
    assert "nothing new" in run_briefing("run", "--date", DAYS[1], cwd=workdir).stdout
    assert {p.name: p.stat().st_mtime_ns for p in (workdir / "out").iterdir()} == stamps


def test_dry_run_names_the_archive_and_feed_but_writes_nothing(workdir):
    result = run_briefing("run", "--date", DAYS[0], "--dry-run", cwd=workdir)
    assert "would write" in result.stdout and "index.html" in result.stdout and "feed.xml" in result.stdout
    assert not (workdir / "out").exists() or not any((workdir / "out").iterdir())


def run_on_terminal(args, cwd) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=follower, text=True,
                               env={**os.environ, "COLUMNS": "100"})
    os.close(follower)
    terminal = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other side closed: the process is done
            break
        if not chunk:
            break
        terminal += chunk
    stdout = process.stdout.read()
    code = process.wait(timeout=60)
    os.close(leader)
    return code, stdout, terminal.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_for_long_runs_only(empty_workdir):
    seeds = empty_workdir / "seeds"
    for number in range(12):
        write_seed(seeds, f"story-{number:02}.txt", article_text(f"topic{number}"))
    code, stdout, terminal = run_on_terminal(["run", "--date", DAYS[0]], empty_workdir)
    assert code == 0 and "12 new" in stdout
    assert "Summarising" in terminal and "12/12" in terminal

    # Not a terminal (cron, CI, a pipe): nothing extra.
    write_seed(seeds, "more.txt", article_text("ferry"))
    result = run_briefing("run", "--date", DAYS[0], "--rebuild", cwd=empty_workdir)
    assert result.code == 0 and f"12 summarised again, 1 new into {DAYS[0]}" in result.stdout
    assert result.stderr == ""

    # A short run on a terminal: no bar either.
    # (Only the new file is backdated: the others keep their stat, so are not looked at.)
    short = seeds / "short.txt"
    short.write_text(article_text("tram"))
    os.utime(short, (os.path.getmtime(short) - 60,) * 2)
    code, stdout, terminal = run_on_terminal(["run", "--date", DAYS[0]], empty_workdir)
    assert code == 0 and "1 new" in stdout and "Summarising" not in terminal

    # --quiet: no bar.
    code, stdout, terminal = run_on_terminal(["-q", "run", "--date", DAYS[0], "--rebuild"], empty_workdir)
    assert code == 0 and "14 summarised again" in stdout and "Summarising" not in terminal


def test_the_archive_deleted_by_hand_when_every_day_was_removed_is_written_again(workdir):
    """Every article removed, the archive and the feed list no day; deleted then, no run wrote them again."""
    assert run_briefing("run", "--date", "2026-11-24", cwd=workdir).code == 0
    seeds = sorted(path.relative_to(workdir).as_posix() for path in (workdir / "seeds").iterdir())
    assert run_briefing("remove", *seeds, cwd=workdir).code == 0
    feed = (workdir / "out" / "feed.xml").read_text(encoding="utf-8")
    (workdir / "out" / "index.html").unlink()
    (workdir / "out" / "feed.xml").unlink()
    result = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert result.code == 0 and "out/index.html" in result.stdout and "out/feed.xml" in result.stdout, result.stdout
    assert (workdir / "out" / "feed.xml").read_text(encoding="utf-8") == feed
    assert "no files changed" in run_briefing("run", "--date", "2026-11-25", cwd=workdir).stdout


@pytest.mark.parametrize("deleted", ["feed.xml", "index.html", "2026-11-24.md"])
def test_a_file_deleted_by_hand_is_written_again_alone(workdir, deleted):
    """The day's files were all written again (same bytes, new times) and listed as written: a feed reader's
    cache or a sync tool saw a changed day."""
    assert run_briefing("run", "--date", "2026-11-24", cwd=workdir).code == 0
    out = workdir / "out"
    before = {path.name: (path.read_bytes(), path.stat().st_ino) for path in out.iterdir()}
    (out / deleted).unlink()
    result = run_briefing("run", "--date", "2026-11-24", cwd=workdir)
    assert result.code == 0 and result.stdout.split("; wrote ")[1].split(" (")[0] == f"out/{deleted}", result.stdout
    after = {path.name: (path.read_bytes(), path.stat().st_ino) for path in out.iterdir()}
    assert after.keys() == before.keys() and after[deleted][0] == before[deleted][0]
    assert {name: found for name, found in after.items() if name != deleted} == {
        name: found for name, found in before.items() if name != deleted}  # the same files, not rewritten


@pytest.mark.parametrize("replaced", ["feed.xml", "2026-11-24.json"])
def test_a_file_replaced_by_a_folder_by_hand_is_said_not_passed_over(workdir, replaced):
    """A day's file (or the feed) deleted and a folder made in its name: a run with nothing new said "no
    files changed", exit 0, for as long as the folder stayed, and the day had no JSON."""
    assert run_briefing("run", "--date", "2026-11-24", cwd=workdir).code == 0
    out = workdir / "out"
    (out / replaced).unlink()
    (out / replaced).mkdir()
    result = run_briefing("run", "--date", "2026-11-24", cwd=workdir)
    assert result.code == 1 and result.stderr == (
        f"briefing: error: cannot write {out / replaced}: a folder of that name is in the way; move it aside\n")
    (out / replaced).rmdir()
    result = run_briefing("run", "--date", "2026-11-24", cwd=workdir)
    assert result.code == 0 and result.stdout.split("; wrote ")[1].split(" (")[0] == f"out/{replaced}", result.stdout


def test_runs_with_no_article_yet_write_no_archive(empty_workdir):
    """A store with no day written: the second run with nothing new wrote an empty archive and feed."""
    for _ in range(3):
        result = run_briefing("run", "--date", "2026-11-24", cwd=empty_workdir)
        assert result.code == 0 and "no files changed" in result.stdout, result.stdout
    assert not (empty_workdir / "out" / "index.html").exists()
