"""The line a run ends with says what it wrote: the run's day, a rebuild's days, a removal's seeds."""

import os
import re

from conftest import age_files, article_text, run_briefing, write_seed

DAY = "2026-11-25"
BEFORE = "2026-11-24"


def line_of(result, workdir) -> str:
    """The summary line, without its timing and with the files' paths relative to the working folder."""
    assert result.code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    return re.sub(r" \(\d+\.\ds\)$", "", line).replace(f"{workdir}/", "")


def files_of(line: str) -> set[str]:
    return set(line.split("; wrote ", 1)[1].split(", "))


def test_a_normal_run_names_its_day_its_counts_and_the_files(workdir):
    assert line_of(run_briefing("run", "--date", DAY, cwd=workdir), workdir) == (
        f"{DAY}: 5 seeds, 5 new; wrote out/{DAY}.md, out/{DAY}.json, out/{DAY}.html, out/index.html, out/feed.xml")
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert line_of(run_briefing("run", "--date", DAY, cwd=workdir), workdir) == (
        f"{DAY}: 6 seeds, 1 new, 5 unchanged; wrote out/{DAY}.md, out/{DAY}.json, out/{DAY}.html, out/index.html, out/feed.xml")
    assert line_of(run_briefing("run", "--date", DAY, cwd=workdir), workdir) == (
        f"{DAY}: 6 seeds, 0 new, 6 unchanged; nothing new, no files changed")


def test_a_rebuild_names_the_days_it_rebuilt_not_the_date_given(workdir):
    # The case: seeds read on the 24th, rebuilt with --date 2026-11-25.
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    line = line_of(run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir), workdir)
    assert line.startswith(f"rebuilt {BEFORE}: 5 seeds, 5 summarised again; wrote out/{BEFORE}.md, ")
    assert DAY not in line and "new" not in line
    assert not (workdir / "out" / f"{DAY}.md").exists()


def test_a_rebuild_that_finds_a_new_seed_says_where_it_went(workdir):
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    line = line_of(run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir), workdir)
    assert line.startswith(f"rebuilt {BEFORE} and {DAY}: 6 seeds, 5 summarised again, 1 new into {DAY}; wrote ")
    assert f"out/{BEFORE}.md" in line and f"out/{DAY}.md" in line


def test_a_rebuild_of_many_days_counts_them_and_their_files(workdir):
    for number, day in enumerate(["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]):
        write_seed(workdir / "seeds", f"extra-{number}.txt", article_text(f"topic{number}"))
        run_briefing("run", "--date", day, cwd=workdir)
    line = line_of(run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir), workdir)
    assert line.startswith("rebuilt 4 days, 2026-11-20 to 2026-11-23: 9 seeds, 9 summarised again; wrote ")
    # Each day's pages and data, listed; the archive and the feed are as they were, so not written.
    assert files_of(line) == {f"out/2026-11-2{n}.{kind}" for n in range(4) for kind in ("md", "json", "html")}
    # A day more, and the list of files becomes a count.
    write_seed(workdir / "seeds", "extra-4.txt", article_text("topic4"))
    run_briefing("run", "--date", "2026-11-19", cwd=workdir)
    line = line_of(run_briefing("run", "--rebuild", cwd=workdir), workdir)
    assert line == "rebuilt 5 days, 2026-11-19 to 2026-11-23: 10 seeds, 10 summarised again; wrote 15 files in out"


def test_remove_names_each_seed_and_the_day_it_left(workdir):
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    run_briefing("run", "--date", DAY, cwd=workdir)
    line = line_of(run_briefing("remove", "seeds/heatwave-harvest.txt", "seeds/ferry.txt", cwd=workdir), workdir)
    # The 25th had only the ferry story: its files go, and the 24th is written again.
    assert line.startswith(f"removed heatwave-harvest.txt from {BEFORE}, ferry.txt from {DAY}; wrote ")
    written, deleted = line.split("; wrote ", 1)[1].split("; deleted ")
    assert set(written.split(", ")) == {f"out/{BEFORE}.md", f"out/{BEFORE}.json", f"out/{BEFORE}.html",
                                        "out/index.html", "out/feed.xml"}
    assert set(deleted.split(", ")) == {f"out/{DAY}.md", f"out/{DAY}.json", f"out/{DAY}.html"}
    assert not any((workdir / "out" / f"{DAY}.{kind}").exists() for kind in ("md", "json", "html"))
    # Removed again: it says so, and nothing changes.
    again = line_of(run_briefing("remove", "seeds/ferry.txt", cwd=workdir), workdir)
    assert again == "removed ferry.txt (removed before); nothing new, no files changed"


def test_remove_leaves_new_seeds_to_the_next_run(workdir):
    # It read them too, and wrote (and emailed) today's briefing with them: taking a wrong story out of a day
    # published whatever had come in meanwhile.
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    line = line_of(run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir), workdir)
    assert line == (f"removed heatwave-harvest.txt from {BEFORE}; wrote out/{BEFORE}.md, out/{BEFORE}.json, "
                    f"out/{BEFORE}.html, out/index.html, out/feed.xml"), line
    assert sorted(path.name for path in (workdir / "out").glob("*.md")) == [f"{BEFORE}.md"]
    line = line_of(run_briefing("run", "--date", DAY, cwd=workdir), workdir)
    assert line.startswith(f"{DAY}: 6 seeds, 1 new, 5 unchanged; wrote out/{DAY}.md"), line
    assert "Ferry" in (workdir / "out" / f"{DAY}.md").read_text()


def test_a_dry_run_says_what_it_would_write(workdir):
    assert line_of(run_briefing("run", "--date", DAY, "--dry-run", cwd=workdir), workdir) == (
        f"{DAY}: 5 seeds, 5 new; would write out/{DAY}.md, out/{DAY}.json, out/{DAY}.html, out/index.html, out/feed.xml")


def test_a_rebuild_moves_a_seed_whose_content_changed_to_the_runs_day(workdir):
    # As any run does (README: "A seed whose content changes moves to the run's day"), and as a rebuild
    # stopped before it recorded the seeds, finished by the next run, did already.
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    (changed,) = [p for p in sorted((workdir / "seeds").iterdir()) if p.suffix == ".txt"][:1]
    write_seed(workdir / "seeds", changed.name, article_text("ferry"))
    line = line_of(run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir), workdir)
    assert line.startswith(f"rebuilt {BEFORE} and {DAY}: 5 seeds, 4 summarised again, 1 new into {DAY}; wrote ")
    import json

    before = json.loads((workdir / "out" / f"{BEFORE}.json").read_text(encoding="utf-8"))
    after = json.loads((workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    seeds_of = lambda day: {r["path"] for s in day["stories"] for r in s["reports"]}  # noqa: E731
    assert changed.name not in {p.rsplit("/", 1)[-1] for p in seeds_of(before)}
    assert {p.rsplit("/", 1)[-1] for p in seeds_of(after)} == {changed.name}


def test_remove_finishes_the_days_a_failed_run_left_and_counts_their_news(workdir):
    # A run that read a new seed and could not write its day left that day waiting: a removal writes it too, as
    # any run finishes the work one left, and its line says so (it said nothing of the news it published).
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    (workdir / "out" / f"{DAY}.html").mkdir()  # in the way of the day's page: the run fails after reading
    failed = run_briefing("run", "--date", DAY, cwd=workdir)
    assert failed.code == 1 and "1 new" not in failed.stdout, failed.stdout + failed.stderr
    (workdir / "out" / f"{DAY}.html").rmdir()
    tram = write_seed(workdir / "seeds", "tram.txt", article_text("tram"))  # new since: it waits for a run
    os.utime(tram, (tram.stat().st_mtime - 60,) * 2)  # (settled; the others' files as the failed run read them)
    line = line_of(run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir), workdir)
    # (The new seed it did not read is no seed of its line.)
    assert line.startswith("removed heatwave-harvest.txt from 2026-11-24; ") and ": 6 seeds, 1 new" in line, line
    assert f"out/{BEFORE}.md" in line and f"out/{DAY}.md" in line, line
    markdown = (workdir / "out" / f"{DAY}.md").read_text()
    assert "Ferry" in markdown and "Tram" not in markdown
    line = line_of(run_briefing("run", "--date", DAY, cwd=workdir), workdir)
    assert line.startswith(f"{DAY}: 7 seeds, 1 new, 6 unchanged; wrote out/{DAY}.md"), line


def test_a_removal_stopped_before_it_wrote_is_finished_by_the_same_command_again(workdir):
    # Run again, it said "removed before; nothing new" and left the article published: the day it had left was
    # pending, yet no longer the removed seed's.
    run_briefing("run", "--date", BEFORE, cwd=workdir)
    (workdir / "out" / f"{BEFORE}.json").unlink()
    (workdir / "out" / f"{BEFORE}.json").mkdir()  # in the way: the removal fails as it writes
    failed = run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir)
    assert failed.code == 1, failed.stdout + failed.stderr
    (workdir / "out" / f"{BEFORE}.json").rmdir()
    line = line_of(run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir), workdir)
    assert line.startswith(f"removed heatwave-harvest.txt (removed before); wrote out/{BEFORE}.md"), line
    assert "Heatwave" not in (workdir / "out" / f"{BEFORE}.md").read_text()


def test_a_removal_during_a_rebuild_stopped_midway_finishes_it(workdir, monkeypatch):
    from conftest import stop_a_rebuild_midway

    run_briefing("run", "--date", BEFORE, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    run_briefing("run", "--date", DAY, cwd=workdir)
    stop_a_rebuild_midway(workdir, DAY, monkeypatch)
    line = line_of(run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir), workdir)
    assert f"wrote out/{BEFORE}.md" in line and f"out/{DAY}.md" in line, line  # every day the rebuild left
    after = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "finishing the rebuild" not in after.stderr and "nothing new, no files changed" in after.stdout, after.stdout
