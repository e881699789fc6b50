"""Nothing a seed, a folder or a fault can do stops the daily run, leaks a file, or loses an article.

One test (or a few) per class of defect; each drives the real CLI in-process
on real files. Fault injection at every write is in test_faults.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import shutil
import sqlite3
import stat
import threading
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import (age_files, article_text, deep_folders, run_briefing, stop_a_rebuild_midway, story_titles,
                      write_seed)

DAY, DAY2 = "2026-11-25", "2026-11-26"


def run(folder: Path, *args: str, day: str = DAY):
    result = run_briefing("run", "--date", day, *args, cwd=folder)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def markdown(folder: Path, day: str = DAY) -> str:
    return (folder / "out" / f"{day}.md").read_text(encoding="utf-8")


def titles(folder: Path, day: str = DAY) -> list[str]:
    return story_titles(markdown(folder, day))


def feed_entries(folder: Path) -> list[str]:
    root = ElementTree.parse(folder / "out" / "feed.xml").getroot()
    return [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")]


# --- 1. characters XML forbids ---------------------------------------------------------

HOSTILE = "\uffff\ufffe\x01\x85\u202e\u2066\U0001fffe"


def test_characters_xml_forbids_are_cleaned_where_they_enter(empty_workdir):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "body.txt", article_text("harbour").replace("capital", "capital \uffff" + HOSTILE))
    write_seed(seeds, f"name\ufffe{HOSTILE[2:]}.txt", "\n" + article_text("tram").split("\n", 1)[1])
    write_seed(seeds, "yaml.md", '---\nsource: "Reuters\\x01"\ntitle: "A \\uFFFE title \\u202E here"\n'
                                 'tags: ["x\\u0085y"]\n---\n' + article_text("orchard").split("\n", 1)[1])
    first = run(empty_workdir)
    assert first.code == 0 and "3 new" in first.stdout, first.stderr
    everything = "".join(p.read_text(encoding="utf-8") for p in (empty_workdir / "out").iterdir())
    assert not set(HOSTILE) & set(everything)
    assert "A title here" in everything and "Reuters" in everything
    assert len(feed_entries(empty_workdir)) == 1  # the feed is valid XML
    # And the next runs go on: nothing is stuck.
    write_seed(seeds, "later.txt", article_text("bridge"))
    assert "1 new" in run(empty_workdir).stdout


def test_the_forbidden_characters_are_found_by_two_quick_searches_as_by_their_one_class():
    # The first plane's searched in every text, the others' only in text holding a character beyond it (a
    # class of those is tried item by item at every character): every code point, alone, in ASCII and
    # in text of the first plane and beyond it.
    from briefing.text import _FORBIDDEN, _forbidden_replaced, clean_line, clean_text

    every = "".join(map(chr, range(0x110000)))
    for text in (every, every[:0x10000], every[:0x80], every[0x10000:], *HOSTILE, "a\U0001fffeb\x85 c\U0001F600",
                 "plain words", ""):
        for by in ("", " "):
            assert _forbidden_replaced(text, by) == _FORBIDDEN.sub(by, text), (text[:20], by)
    assert clean_text(f"a{HOSTILE}b") == "ab" and clean_line(f"a{HOSTILE}b\U0010ffff c") == "a b c"


def test_a_site_title_with_a_control_character_is_a_config_error(empty_workdir):
    (empty_workdir / "briefing.toml").write_text('[site]\ntitle = "Daily\\u0001 news"\n')
    result = run(empty_workdir)
    assert result.code == 1
    assert result.stderr.strip() == (f"briefing: error: {empty_workdir / 'briefing.toml'}: site.title must be one "
                                     "line of text without control characters (found U+0001)")


def test_a_site_title_of_characters_no_reader_sees_is_a_config_error_and_a_flag_is_a_title(empty_workdir):
    """Tag characters (U+E0000-E007F) are removed from every output: a title of them alone left the feed no
    title, and every run failed with an internal error while `config check` said ok."""
    config = empty_workdir / "briefing.toml"
    config.write_text('[site]\ntitle = "\\U000E0041\\U000E0042"\n')
    for command in (("config", "check"), ("run",)):
        result = run_briefing(*command, cwd=empty_workdir)
        assert result.code == 1 and result.stderr.strip() == (
            f"briefing: error: {config}: site.title must hold no characters that are never shown "
            "(found U+E0041, U+E0042)")
    config.write_text('[site]\ntitle = "\\u200b\\u3164"\n')  # a zero-width space and a Hangul filler
    result = run_briefing("config", "check", cwd=empty_workdir)
    assert result.code == 1 and result.stderr.strip() == (
        f"briefing: error: {config}: site.title must show something: it holds only characters drawn blank "
        "(U+200B, U+3164)")
    # England's flag is a black flag, tag letters and a cancel tag: shown, so kept.
    config.write_text('[site]\ntitle = "News \\U0001F3F4\\U000E0067\\U000E0062\\U000E0065\\U000E006E'
                      '\\U000E0067\\U000E007F"\n')
    write_seed(empty_workdir / "seeds", "harbour.txt", article_text("harbour"))
    age_files(empty_workdir / "seeds")
    result = run(empty_workdir)
    assert result.code == 0, result.stderr
    assert "<title>News \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F</title>" in (
        empty_workdir / "out" / "feed.xml").read_text(encoding="utf-8")


# --- 2. discovery ------------------------------------------------------------------------


def test_links_loops_deep_trees_and_unlistable_folders_are_skipped_and_the_run_goes_on(empty_workdir, monkeypatch):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "good.txt", article_text("harbour"))
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "locked").mkdir()
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if str(path).endswith("locked") else real_scandir(path))
    with deep_folders(seeds, 1100):
        result = run(empty_workdir)
    assert result.code == 0 and "1 new" in result.stdout
    assert "skipped loop.txt: symbolic link: not followed" in result.stderr
    assert "skipped locked: cannot list this folder: Permission denied" in result.stderr


def _remove_nested(top: Path, depth: int) -> None:
    """Remove `top`/d/d/... (`depth` levels) and what they hold, deepest first: shutil.rmtree recurses once
    per level, past Python's recursion limit."""
    for level in range(depth, -1, -1):
        folder = top.joinpath(*["d"] * level)
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "d":
                    shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        if level:
            folder.rmdir()


def test_an_output_folder_1100_folders_deep_is_made_and_a_state_store_too_deep_for_sqlite_is_one_line(empty_workdir):
    # pathlib makes a folder's missing parents one call deeper each: --out or --state that deep ended in
    # "internal error: RecursionError" (exit 70); and SQLite opens no store whose path is over 504 bytes, said
    # only as "unable to open database file".
    write_seed(empty_workdir / "seeds", "good.txt", article_text("harbour"))
    deep = Path(*["d"] * 1100)
    try:
        result = run(empty_workdir, "--out", str(deep / "out"))
        assert result.code == 0 and "1 new" in result.stdout
        assert (empty_workdir / deep / "out" / f"{DAY}.md").is_file()
        result = run(empty_workdir, "--state", str(deep / "state.sqlite3"))
        assert result.code == 1 and result.stderr.count("\n") == 1
        assert "bytes long, and SQLite opens none longer than 504: give it a shorter one" in result.stderr
    finally:
        _remove_nested(empty_workdir, 1100)


def test_a_seeds_folder_that_cannot_be_listed_is_not_said_to_hold_no_article(workdir, monkeypatch):
    real_scandir = os.scandir
    seeds = str((workdir / "seeds").resolve())
    monkeypatch.setattr(os, "scandir", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if str(path) == seeds else real_scandir(path))
    result = run(workdir)
    # was: "skipped .: cannot list this folder: Permission denied", exit 0 (a quiet day at every scheduled run);
    # before that, also "the seeds folder ... holds no article yet: put .txt, .md or .html files in it"
    assert result.code == 1 and result.stderr.startswith("briefing: error: cannot list the seeds folder "), result.stderr
    assert "no article yet" not in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr


# --- 3. check-then-open races ---------------------------------------------------------------


def swap_after_listing(monkeypatch, swap):
    """Call `swap()` once the run has listed the seeds folder, before it reads any seed."""
    import briefing.pipeline.run as run_module

    real = run_module.scan_seeds

    def scan_then_swap(*args, **kwargs):
        found = real(*args, **kwargs)
        swap()
        return found

    monkeypatch.setattr(run_module, "scan_seeds", scan_then_swap)


def test_a_seed_swapped_for_a_link_after_listing_is_not_read(empty_workdir, monkeypatch):
    seeds = empty_workdir / "seeds"
    secret = empty_workdir / "secret.txt"
    secret.write_text("Secret plans of the committee\n\n" + article_text("secret").split("\n", 1)[1])
    write_seed(seeds, "news.txt", article_text("harbour"))
    write_seed(seeds, "sub/inner.txt", article_text("tram"))
    write_seed(seeds, "good.txt", article_text("orchard"))

    def swap():
        (seeds / "news.txt").unlink()
        (seeds / "news.txt").symlink_to(secret)
        shutil.rmtree(seeds / "sub")
        (seeds / "sub").symlink_to(secret.parent)  # a folder on the way, swapped too

    swap_after_listing(monkeypatch, swap)
    result = run(empty_workdir)
    assert result.code == 0
    assert "secret" not in "".join(p.read_text() for p in (empty_workdir / "out").iterdir()).lower()
    assert "skipped news.txt: replaced by a symbolic link" in result.stderr
    assert "skipped sub/inner.txt: replaced by a symbolic link" in result.stderr


def test_a_seed_swapped_for_a_fifo_after_listing_does_not_hang_the_run(empty_workdir, monkeypatch):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "news.txt", article_text("harbour"))
    write_seed(seeds, "good.txt", article_text("tram"))

    def swap():
        (seeds / "news.txt").unlink()
        os.mkfifo(seeds / "news.txt")

    swap_after_listing(monkeypatch, swap)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(run(empty_workdir)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert outcome, "the run hung on the FIFO"
    assert outcome[0].code == 0 and "1 new" in outcome[0].stdout
    assert "skipped news.txt: not a regular file (tried again next run)" in outcome[0].stderr


# --- 4. transient read errors ---------------------------------------------------------------


def test_a_seed_the_system_cannot_read_now_is_read_on_a_later_run(empty_workdir, monkeypatch):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "later.txt", article_text("harbour"))
    write_seed(seeds, "good.txt", article_text("tram"))

    real_open = os.open
    failing = {errno.EACCES, errno.EIO}

    def flaky_open(path, flags, *args, **kwargs):
        if path == "later.txt" and failing:
            raise OSError(failing.pop(), "flaky")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", flaky_open)
    for attempt in range(2):
        result = run(empty_workdir)
        assert result.code == 0
        assert re.search(r"skipped later\.txt: cannot read: .* \(tried again next run\)", result.stderr)
    # Same size and time as before (chmod 644, cp -p, rsync -a): read now all the same.
    result = run(empty_workdir)
    assert "1 new" in result.stdout and "Harbour made news again" in markdown(empty_workdir)


# --- 5. twins ---------------------------------------------------------------------------------


def test_a_twin_keeps_the_article_when_the_original_changes(empty_workdir):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "a.txt", article_text("harbour"))
    write_seed(seeds, "b.txt", article_text("harbour"))
    first = run(empty_workdir)
    assert "skipped b.txt: same content as a.txt" in first.stderr
    write_seed(seeds, "a.txt", article_text("tram"))
    os.utime(seeds / "a.txt")  # changed now
    age_files(seeds)
    run(empty_workdir, day=DAY2)
    assert titles(empty_workdir) == ["Harbour made news again today in the capital"]  # held by b.txt now
    assert titles(empty_workdir, DAY2) == ["Tram made news again today in the capital"]


def test_a_twin_whose_name_reads_the_same_says_how_the_names_differ(empty_workdir):
    """The same name with its accent written as one character (NFC) and as a letter and a combining mark
    (NFD, as a Mac's HFS+ writes names): "skipped café.txt: same content as café.txt" named no file to delete."""
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "caf\u00e9.txt", article_text("harbour"))
    write_seed(seeds, "cafe\u0301.txt", article_text("harbour"))
    result = run(empty_workdir)
    [line] = [line for line in result.stderr.splitlines() if "same content as" in line]
    assert line.endswith(" (the same name with its accents encoded another way: Unicode NFC and NFD)"), line


def test_a_seed_renamed_after_it_was_read_says_its_old_name_is_gone(empty_workdir):
    """mv a.txt b.txt: "skipped b.txt: same content as a.txt" named a file the folder no longer holds, and
    said nothing of where the article is."""
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "a.txt", article_text("harbour"))
    run(empty_workdir)
    (seeds / "a.txt").rename(seeds / "b.txt")
    result = run(empty_workdir)
    assert result.code == 0 and ("skipped b.txt: same content as a.txt, whose file is gone (renamed?): the "
                                 f"article stays in the {DAY} briefing under that name") in result.stderr, result.stderr
    assert titles(empty_workdir) == ["Harbour made news again today in the capital"]


# --- 6. out/ inside seeds/ ----------------------------------------------------------------------


@pytest.mark.parametrize("flags", [("--out", "seeds/site"), ("--out", "seeds"), ("--seeds", ".")])
def test_an_output_folder_inside_the_seeds_folder_is_refused(workdir, flags):
    result = run(workdir, *flags)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "is inside the seeds folder" in result.stderr
    assert not (workdir / "seeds" / "site").exists()


@pytest.mark.parametrize("flags", [("--seeds", "out/seeds"), ("--out", ".")])
def test_a_seeds_folder_inside_the_output_folder_is_refused(workdir, flags):
    """out/ is what people publish: the seeds in it (whole articles, fetched pages) went with it, and
    `briefing serve` served them."""
    run(workdir)
    shutil.copytree(workdir / "seeds", workdir / "out" / "seeds")
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir() if p.is_file()}
    result = run(workdir, *flags)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is inside the output folder" in result.stderr and "which people publish; put it beside it" in result.stderr
    assert {p.name: p.read_bytes() for p in (workdir / "out").iterdir() if p.is_file()} == before


# --- 7. a moved project ----------------------------------------------------------------------------


def test_a_moved_project_carries_on_as_it_was(workdir):
    assert run(workdir).code == 0
    feed_before = (workdir / "out" / "feed.xml").read_text()
    moved = workdir.parent / f"{workdir.name}-moved"
    shutil.move(workdir, moved)
    again = run(moved, day=DAY2)
    assert "0 new" in again.stdout and "nothing new, no files changed" in again.stdout
    write_seed(moved / "seeds", "extra.txt", article_text("ferry"))
    assert "1 new" in run(moved, day=DAY2).stdout
    ids = re.findall(r"<id>(.+?)</id>", (moved / "out" / "feed.xml").read_text())
    assert set(re.findall(r"<id>(.+?)</id>", feed_before)) <= set(ids)  # the feed keeps its ids



def test_an_output_folder_moved_elsewhere_behind_a_link_carries_on_as_it_was(workdir):
    # out/ moved to a web server's folder, a symbolic link left in its place: the same output folder, not a
    # new one whose briefings would all be news again (and every feed entry new to feed readers).
    assert run(workdir).code == 0
    feed_before = (workdir / "out" / "feed.xml").read_text()
    served = workdir.parent / f"{workdir.name}-www"
    shutil.move(workdir / "out", served)
    (workdir / "out").symlink_to(served, target_is_directory=True)
    again = run(workdir, day=DAY2)
    assert "0 new" in again.stdout and "nothing new, no files changed" in again.stdout, again.stdout
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    assert "1 new" in run(workdir, day=DAY2).stdout
    assert (workdir / "out").is_symlink() and (served / f"{DAY2}.md").exists()
    ids = re.findall(r"<id>(.+?)</id>", (served / "feed.xml").read_text())
    assert set(re.findall(r"<id>(.+?)</id>", feed_before)) <= set(ids)

# --- 9. settings and a killed rebuild -------------------------------------------------------------


def test_changed_settings_show_in_the_day_the_run_writes_and_are_said_once(workdir):
    run(workdir, day="2026-11-24")
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    changed = run(workdir, "--sentences", "1")
    assert changed.stderr.count("the summary settings ([summary], limits.max_sentences) or the summariser changed "
                                "since the last run") == 1
    assert "templates" not in changed.stderr  # it says which settings changed
    assert "the 1 written before keep theirs until `briefing run --rebuild`" in changed.stderr
    story = markdown(workdir).split("\n---\n")[1]
    assert len(re.findall(r"[.!?](?: |$)", story.split("\n\n")[2])) == 1  # one summary sentence
    again = run(workdir, "--sentences", "1")
    assert "changed" not in again.stderr and "nothing new" in again.stdout


def test_a_new_summariser_summarises_the_day_being_written_again(workdir, monkeypatch):
    from briefing.pipeline import settings

    run(workdir)
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    # An upgrade that changes what the summariser makes, mid-day: today's
    # briefing is made by one summariser, not a mix of two.
    monkeypatch.setattr(settings, "SUMMARIZER_VERSION", settings.SUMMARIZER_VERSION + 1)
    upgraded = run(workdir)
    assert upgraded.stderr.count("or the summariser changed since the last run") == 1
    assert "6 seeds, 1 new, 5 unchanged, 5 summarised again with the new settings" in upgraded.stdout
    assert "keep theirs" not in upgraded.stderr  # no other day was written before
    assert "nothing new" in run(workdir).stdout
    # The site's settings are the others, and said as such.
    (workdir / "briefing.toml").write_text("[site]\ntitle = 'Morning news'\n")
    retitled = run(workdir)
    assert "the site settings ([site]), the templates or the time zone changed since the last run" in retitled.stderr
    assert "summariser" not in retitled.stderr


def test_a_killed_rebuild_is_completed_by_the_next_run(workdir, monkeypatch):
    run(workdir, day="2026-11-24")
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    run(workdir)
    import briefing.pipeline.run as run_module

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the rebuild stops once its first step is recorded

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "read_seeds", killed)
        assert run(workdir, "--rebuild", "--sentences", "1").code == 130
    run(workdir, "--sentences", "1")  # no --rebuild: it finishes the rebuild it finds
    for day in ("2026-11-24", DAY):
        for story in markdown(workdir, day).split("\n---\n")[1:]:
            assert len(re.findall(r"[.!?](?: |$)", story.split("\n\n")[2])) == 1


# --- 10, 11. an edited seed's old day, and withdrawing an article ---------------------------------


def test_an_edited_seed_leaves_its_old_day(workdir):
    run(workdir, day="2026-11-24")
    before = titles(workdir, "2026-11-24")
    (workdir / "seeds" / "heatwave-harvest.txt").write_text(article_text("drought"))
    age_files(workdir / "seeds")
    run(workdir)
    assert titles(workdir, "2026-11-24") == [t for t in before if t != "Heatwave harvest"]
    assert titles(workdir) == ["Drought made news again today in the capital"]
    assert ">4 stories<" in (workdir / "out" / "index.html").read_text().replace(" stories", " stories<").replace(
        "<span class=\"count\">", ">")


def test_a_removed_seed_stays_out_after_a_rebuild_that_could_not_read_it(workdir):
    run(workdir)
    assert run_briefing("remove", "seeds/rail-talks.md", cwd=workdir).code == 0
    # A rebuild under a size limit the seed is over, then one without it: the seed is the same, and out.
    (workdir / "briefing.toml").write_text("[limits]\nmax_file_bytes = 10\n")
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir).code == 0
    (workdir / "briefing.toml").unlink()
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=workdir).code == 0
    day = json.loads((workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    paths = {report["path"] for story in day["stories"] for report in story["reports"]}
    assert "rail-talks.md" not in paths and len(paths) == 4


def test_briefing_remove_takes_an_article_out_of_its_day_archive_and_feed(workdir):
    run(workdir, day="2026-11-24")
    run(workdir)
    write_seed(workdir / "seeds", "only.txt", article_text("ferry"))
    run(workdir)
    removed = run_briefing("remove", "seeds/heatwave-harvest.txt", "seeds/only.txt", cwd=workdir)
    assert removed.code == 0, removed.stderr
    assert "Heatwave harvest" not in markdown(workdir, "2026-11-24")
    assert not (workdir / "out" / f"{DAY}.md").exists()  # its only article is gone, and so is the day
    assert f"{DAY}.html" not in (workdir / "out" / "index.html").read_text()
    assert len(feed_entries(workdir)) == 1
    # It stays out: a rebuild does not bring it back, though its file is still there.
    run(workdir, "--rebuild")
    assert "Heatwave harvest" not in markdown(workdir, "2026-11-24")
    assert run_briefing("remove", "seeds/nothing.txt", cwd=workdir).code == 1


def test_a_seed_whose_file_is_gone_is_removed_by_its_name_in_the_seeds_folder(workdir):
    """The file deleted, its article stays published: `remove` by the name inside the seeds folder took it
    only if the file still existed (otherwise "not in the seeds folder")."""
    write_seed(workdir / "seeds", "only.txt", article_text("ferry"))
    run(workdir)
    (workdir / "seeds" / "only.txt").unlink()
    removed = run_briefing("remove", "only.txt", cwd=workdir)
    assert removed.code == 0, removed.stderr
    assert "Ferry made news" not in markdown(workdir, DAY)
    unknown = run_briefing("remove", "never-was.txt", cwd=workdir)
    assert unknown.code == 1 and "not a seed any briefing in out has read: never-was.txt" in unknown.stderr
    # Each output folder keeps what its briefings read: another's is named, not said to have read nothing.
    elsewhere = run_briefing("remove", "only.txt", "--out", "other-out", cwd=workdir)
    assert (elsewhere.code, elsewhere.stderr) == (1, "briefing: error: not a seed any briefing in other-out has read: "
                                                     "only.txt\n")
    # A name no file system takes is no seed either: it stopped `remove` with "internal error: File name too long".
    too_long = run_briefing("remove", "a/" * 3000 + "x.txt", cwd=workdir)
    assert too_long.code == 1 and too_long.stderr.startswith("briefing: error: not a seed any briefing in out has read: a/a/")
    assert too_long.stderr.count("\n") == 1


def test_a_deleted_seed_stays_in_its_day_written_with_new_settings_and_is_not_called_skipped(workdir):
    """Its summary cannot be made again: every run that wrote its day with new settings (a rebuild too) said
    "skipped only.txt: cannot read: No such file or directory (tried again next run)" and counted it skipped."""
    write_seed(workdir / "seeds", "only.txt", article_text("ferry"))
    run(workdir)
    (workdir / "seeds" / "only.txt").unlink()
    for args in (("--sentences", "2"), ("--sentences", "2", "--rebuild")):
        result = run(workdir, *args)
        assert result.code == 0 and "only.txt" not in result.stderr and "skipped" not in result.stdout, result.stderr
        assert "Ferry made news" in markdown(workdir)


def test_a_seed_put_back_after_its_day_was_written_with_new_settings_is_summarised_with_them(workdir):
    """A seed deleted while its day was written with new settings keeps its article as it was; put back (the
    same bytes: a restore, a `git checkout`), it was read as unchanged and its story kept the old settings'
    summary until a rebuild: "nothing new, no files changed"."""
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    write_seed(workdir / "seeds", "bridge.txt", article_text("bridge"))
    run(workdir)
    kept = (workdir / "seeds" / "ferry.txt").read_bytes()
    (workdir / "seeds" / "ferry.txt").unlink()
    run(workdir, "--sentences", "1")
    (workdir / "seeds" / "ferry.txt").write_bytes(kept)
    result = run(workdir, "--sentences", "1")
    assert result.code == 0 and "1 summarised again" in result.stdout, result.stdout
    stories = json.loads((workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))["stories"]
    assert {len(story["summary"]) for story in stories} == {1}, stories


def test_removing_a_seed_moved_after_it_was_read_takes_its_article_out(workdir):
    """Moved, a seed is a twin of its old name, which holds the article: `remove` of the new name said
    "(in no briefing)" and the article stayed."""
    write_seed(workdir / "seeds", "x/only.txt", article_text("ferry"))
    run(workdir)
    (workdir / "seeds" / "y").mkdir()
    (workdir / "seeds" / "x" / "only.txt").rename(workdir / "seeds" / "y" / "only.txt")
    run(workdir)
    removed = run_briefing("remove", "seeds/y/only.txt", cwd=workdir)
    assert removed.code == 0 and f"removed y/only.txt from {DAY}" in removed.stdout, removed.stdout + removed.stderr
    assert "Ferry made news" not in markdown(workdir, DAY)
    run(workdir)
    assert "Ferry made news" not in markdown(workdir, DAY)


def test_removing_a_seed_edited_since_the_last_run_takes_it_out_and_keeps_it_out(workdir):
    run(workdir, day="2026-11-24")
    write_seed(workdir / "seeds", "heatwave-harvest.txt", article_text("heatwave", sentences=10))  # edited since
    removed = run_briefing("remove", "seeds/heatwave-harvest.txt", cwd=workdir)
    assert removed.code == 0 and "removed heatwave-harvest.txt from 2026-11-24" in removed.stdout, removed.stdout
    # was: the same run read the edited file as a changed seed and put it in today's briefing as news
    assert not any("Heatwave" in p.read_text() for p in (workdir / "out").glob("*.md")), removed.stdout
    assert "nothing new" in run(workdir).stdout
    write_seed(workdir / "seeds", "heatwave-harvest.txt", article_text("heatwave", sentences=12))
    assert "1 new" in run(workdir).stdout and "Heatwave made news" in markdown(workdir)  # changed again: back


def test_removing_one_of_two_copies_kept_on_purpose_leaves_the_other_s_article(workdir):
    write_seed(workdir / "seeds", "a.txt", article_text("ferry"))
    write_seed(workdir / "seeds", "b.txt", article_text("ferry"))
    run(workdir)
    removed = run_briefing("remove", "seeds/b.txt", cwd=workdir)
    assert removed.code == 0 and "removed b.txt (in no briefing)" in removed.stdout, removed.stdout
    assert "Ferry made news" in markdown(workdir, DAY)


# --- 12. a damaged state store ---------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["page", "version", "version gone", "version below zero", "table dropped",
                                    "emptied", "emptied beside a -wal"])
def test_a_damaged_state_store_is_one_line_that_names_it_and_how_to_recover(workdir, damage):
    assert run(workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    published = (workdir / "out" / "feed.xml").read_bytes()
    if damage.startswith("emptied"):  # SQLite would open it as a new store: every seed published again as news
        store.write_bytes(b"")
        if damage.endswith("-wal"):  # one a killed run left: it was taken as the pages of a store
            store.with_name(store.name + "-wal").write_bytes(b"\0" * 4096)
    elif damage.startswith("version") or damage == "table dropped":
        # Gone, the store was taken for one of the release before versions: "table outputs already exists".
        # Below zero, the last step was applied to it again: "duplicate column name". A table dropped was
        # "no such table: seeds", with no word of how to recover.
        statement = {"version": "UPDATE meta SET value = 'abc' WHERE key = 'schema_version'",
                     "version gone": "DELETE FROM meta WHERE key = 'schema_version'",
                     "version below zero": "UPDATE meta SET value = '-1' WHERE key = 'schema_version'",
                     "table dropped": "DROP TABLE seeds"}[damage]
        db = sqlite3.connect(store)
        db.execute(statement)
        db.commit()
        db.close()
    else:
        data = bytearray(store.read_bytes())
        page = 4096
        data[page * 2: page * 3] = b"\xff" * page  # a data page of the seeds table
        store.write_bytes(bytes(data))
    result = run(workdir)
    assert result.code == 1
    (line,) = result.stderr.strip().splitlines()
    assert f"state store {store} is damaged" in line and "move it aside" in line and "-wal" in line
    assert (workdir / "out" / "feed.xml").read_bytes() == published


@pytest.mark.parametrize("meta", ["", "CREATE TABLE meta (id INTEGER, note TEXT)"])
def test_another_programs_database_given_as_the_store_is_refused_and_left_as_it_was(workdir, meta):
    # The run added briefing's tables to it, and wrote the day as if it had no store. (One with a meta table
    # of its own, without briefing's columns, was called damaged for a while.)
    store = workdir / "contacts.sqlite3"
    db = sqlite3.connect(store)
    if meta:
        db.execute(meta)
    db.execute("CREATE TABLE contacts (name TEXT, email TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ana', 'ana@example.org')")
    db.commit()
    db.close()
    before = store.read_bytes()
    result = run(workdir, "--state", str(store))
    assert result.code == 1 and not (workdir / "out").exists()
    assert result.stderr == (f"briefing: error: state store {store} is another program's database (it holds tables "
                             "briefing never makes: contacts); give briefing a file of its own (default "
                             ".briefing/state.sqlite3)\n")
    assert store.read_bytes() == before


def test_a_store_linked_to_a_file_still_to_be_made_is_made_there(workdir):
    # A link to a store on another disk, for a first run: "it is read-only: make it writable", which it was not.
    (workdir / ".briefing").mkdir()
    (workdir / ".briefing" / "state.sqlite3").symlink_to(workdir / "disk" / "state.sqlite3")
    result = run(workdir)
    assert result.code == 1 and result.stderr == (
        f"briefing: error: state store {workdir / '.briefing' / 'state.sqlite3'}: it is a symbolic link to "
        f"{workdir / 'disk' / 'state.sqlite3'}, whose folder does not exist: make that folder, or remove the link\n")
    (workdir / "disk").mkdir()
    assert "5 new" in run(workdir).stdout
    assert (workdir / "disk" / "state.sqlite3").stat().st_size > 0
    assert "nothing new" in run(workdir).stdout


def test_a_store_another_program_holds_open_for_writing_is_one_line_that_says_so(workdir, monkeypatch):
    assert run(workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    published = (workdir / "out" / "feed.xml").read_bytes()
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    holder = sqlite3.connect(store, isolation_level=None)  # an sqlite3 shell left in a transaction
    holder.execute("BEGIN IMMEDIATE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.05}))  # not 5 s
    try:
        result = run(workdir)
    finally:
        holder.close()
    assert result.code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == (f"briefing: error: state store {store}: database is locked: another program holds it open for "
                    "writing; close it (an sqlite3 shell, a database browser) and run again")
    assert (workdir / "out" / "feed.xml").read_bytes() == published
    monkeypatch.undo()
    assert "1 new" in run(workdir).stdout


def test_a_new_store_beside_briefings_written_before_is_said(workdir):
    assert run(workdir).code == 0
    shutil.rmtree(workdir / ".briefing")
    result = run(workdir, day=DAY2)
    assert result.code == 0
    assert (f"briefing: the state store {workdir / '.briefing' / 'state.sqlite3'} is new, but {workdir / 'out'} holds "
            "briefings written before") in result.stderr
    assert "is new" not in run(workdir, day=DAY2).stderr  # said once: the store is not new any more


@pytest.mark.parametrize("damage", [
    f"UPDATE seeds SET summary = substr(summary, 1, 40) WHERE day = '{DAY}'",
    f"UPDATE seeds SET summary = '{{\"article\": 3}}' WHERE day = '{DAY}'",
    "UPDATE briefings SET first_written = 'yesterday-ish'",
    "INSERT INTO pending_days (out_key, day) SELECT out_key, 'soon' FROM outputs",
    "UPDATE outputs SET feed_namespace = 'not-a-uuid'",
])
def test_a_stored_value_sqlite_cannot_see_is_damaged_is_one_line_too(workdir, damage):
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    assert run(workdir, day="2026-11-24").code == 0  # a day before: its terms are the background of the next
    write_seed(workdir / "seeds", "more.txt", article_text("tram"))
    assert run(workdir).code == 0
    write_seed(workdir / "seeds", "most.txt", article_text("harbour"))
    store = workdir / ".briefing" / "state.sqlite3"
    published = (workdir / "out" / "feed.xml").read_bytes()
    db = sqlite3.connect(store)
    assert db.execute(damage).rowcount >= 1
    db.commit()
    db.close()
    result = run(workdir)
    assert result.code == 1, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert f"state store {store} is damaged (a stored value cannot be read" in line and "move it aside" in line
    assert (workdir / "out" / "feed.xml").read_bytes() == published


def test_an_empty_store_beside_an_empty_output_folder_is_a_first_run_stopped_early(workdir):
    store = workdir / ".briefing" / "state.sqlite3"
    store.parent.mkdir()
    store.write_bytes(b"")
    assert "5 new" in run(workdir).stdout


# --- 13. operator config that would crash every run ------------------------------------------------


@pytest.mark.parametrize("toml, message", [
    ('[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "a@b.org"\nto = "c@d.org"\n'
     'subject = "{title:%}"\n', "cannot be filled in"),
    ('[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "a@b.org"\nto = "c@d.org"\n'
     'subject = "{stories:99999999999999999999}"\n', "width or precision must be under 1000"),
    # A width taken from a field: 5 when checked, the day's story count when sent (gigabytes at 40).
    ('[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "a@b.org"\nto = "c@d.org"\n'
     'subject = "{stories:{stories}{stories}{stories}{stories}{stories}}"\n', "may not hold another field"),
    ("[limits]\nmax_file_bytes = 1000000000000000\n", "limits.max_file_bytes must be at most"),
    ("[limits]\nmax_file_bytes = 9223372036854775807\n", "limits.max_file_bytes must be at most"),
    ('[schedule]\ngrace = "99999999999d"\n', "schedule.grace must be at most a year"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
])
def test_operator_config_that_would_crash_a_run_is_a_config_problem(workdir, toml, message):
    (workdir / "briefing.toml").write_text(toml)
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 1 and message in check.stderr and "Traceback" not in check.stderr
    assert run(workdir).code == 1


def test_jobs_are_capped_at_the_work(workdir):
    from briefing.workers import jobs_for

    assert jobs_for(200, 10) == min(10, 2 * (os.cpu_count() or 1))
    assert run(workdir, "--jobs", "200").code == 0


# --- 15. small ones ------------------------------------------------------------------------------


def test_chinese_or_japanese_text_is_summarised_as_of_no_known_language(empty_workdir):
    write_seed(empty_workdir / "seeds", "tokyo.txt", "東京の天気\n\n東京では今日、晴れの天気が続きました。明日も晴れるでしょう。" * 5)
    write_seed(empty_workdir / "seeds", "good.txt", article_text("tram"))
    result = run(empty_workdir, "-v")
    assert result.code == 0 and "skipped" not in result.stderr
    assert "tokyo.txt: new: english (the default: written in Japanese script, which no supported language uses)" \
        in result.stderr
    assert "東京では今日、晴れの天気が続きました。" in markdown(empty_workdir)


def test_a_closed_pipe_is_a_quiet_exit(tmp_path):
    import subprocess
    import sys

    from conftest import SAMPLE_SEEDS

    seeds = sorted(str(p) for p in SAMPLE_SEEDS.iterdir())
    command = f"{sys.executable} -m briefing summarize {' '.join(seeds)} | head -c 1"
    completed = subprocess.run(["bash", "-c", f"{command}; exit ${{PIPESTATUS[0]}}"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    assert completed.stderr == ""
    assert completed.returncode == 141


def test_the_state_folder_inside_the_seeds_folder_is_not_read(empty_workdir):
    write_seed(empty_workdir / "seeds", "good.txt", article_text("tram"))
    result = run(empty_workdir, "--state", "seeds/db/state.sqlite3")
    assert result.code == 0 and "1 seed," in result.stdout and "skipped" not in result.stderr
    assert stat.S_ISREG((empty_workdir / "seeds" / "db" / "state.sqlite3").stat().st_mode)


def test_a_seed_replaced_by_one_of_the_same_size_and_time_is_read_again(empty_workdir):
    # `cp -p`, `tar x` or a rename keep the size and the modification time; the inode's change time moves.
    seeds = empty_workdir / "seeds"
    old = article_text("tram")
    new = old.replace("tram", "boat").replace("Tram", "Boat")
    assert len(new.encode()) == len(old.encode()) and new != old
    seed = write_seed(seeds, "news.txt", old)
    age_files(seeds)
    assert "1 new" in run(empty_workdir).stdout and "tram" in markdown(empty_workdir).lower()
    kept = seed.stat()
    copy = write_seed(seeds, ".incoming", new)
    os.utime(copy, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    time.sleep(0.01)  # (a coarse clock could give the rename the same change time)
    os.replace(copy, seed)
    assert (seed.stat().st_size, seed.stat().st_mtime_ns) == (kept.st_size, kept.st_mtime_ns)
    again = run(empty_workdir)
    assert "1 new" in again.stdout, again.stdout
    assert "boat" in markdown(empty_workdir).lower() and "tram" not in markdown(empty_workdir).lower()
    # Only its inode touched (a chmod): read again, found the same, said unchanged, not read on the next run.
    seed.chmod(0o640)
    touched = run(empty_workdir, "-v")
    assert "0 new, 1 unchanged" in touched.stdout and "news.txt: same content as before" in touched.stderr
    assert "news.txt: unchanged since the last run (same size and time)" in run(empty_workdir, "-v").stderr


def test_a_store_of_an_older_release_learns_the_change_times_without_reading_a_seed(empty_workdir):
    seeds = empty_workdir / "seeds"
    seed = write_seed(seeds, "news.txt", article_text("tram"))
    write_seed(seeds, "other.txt", article_text("harbour"))
    age_files(seeds)
    assert "2 new" in run(empty_workdir).stdout
    store = sqlite3.connect(empty_workdir / ".briefing" / "state.sqlite3")
    with store:
        store.execute("UPDATE seeds SET ctime_ns = NULL")  # as schema step 12 leaves the rows it finds
    first = run(empty_workdir, "-v")
    assert "0 new, 2 unchanged" in first.stdout and "same content" not in first.stderr  # nothing read
    assert store.execute("SELECT count(*) FROM seeds WHERE ctime_ns IS NULL").fetchone() == (0,)
    store.close()
    kept = seed.stat()
    copy = write_seed(seeds, ".incoming", article_text("tram").replace("tram", "boat").replace("Tram", "Boat"))
    os.utime(copy, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    time.sleep(0.01)
    os.replace(copy, seed)
    assert "1 new" in run(empty_workdir).stdout and "boat" in markdown(empty_workdir).lower()


def test_a_state_store_in_the_seeds_folder_itself_is_passed_over_quietly(empty_workdir):
    # Its files (the store, SQLite's "-wal", the run's ".lock") were said to be skipped seeds on every run;
    # seeds whose names begin like the store's are still seeds.
    seeds = empty_workdir / "seeds"
    for name, topic in (("good.txt", "tram"), ("news.txt", "ferry"), ("news-extra.md", "bridge"),
                        ("news.lock.txt", "harbour")):
        write_seed(seeds, name, article_text(topic))
    age_files(seeds)
    for _ in range(2):
        result = run(empty_workdir, "--state", "seeds/news")
        assert result.code == 0 and "4 seeds," in result.stdout and "skipped" not in result.stderr, result.stderr
    assert "ignored" in result.stdout and (seeds / "news.lock").exists()
    # The note a run dies leaving, of the seeds it was summarising in its own process, is the store's too.
    (seeds / "news.summarising").write_text("good.txt\n")
    noted = run(empty_workdir, "--state", "seeds/news", "--jobs", "1")
    assert "4 seeds," in noted.stdout and "skipped" not in noted.stderr, noted.stderr
    # A store that is a symbolic link into the seeds folder is its own file too, not a link passed over.
    (empty_workdir / "elsewhere").mkdir()
    (seeds / "news").rename(empty_workdir / "elsewhere" / "news")
    (seeds / "news").symlink_to(empty_workdir / "elsewhere" / "news")
    linked = run(empty_workdir, "--state", "seeds/news", "-v")
    assert linked.code == 0 and "4 seeds, 0 new, 4 unchanged" in linked.stdout
    assert "symbolic link" not in linked.stderr and "skipped" not in linked.stderr, linked.stderr


def test_a_day_at_the_calendars_start_left_pending_does_not_stop_later_runs(workdir, monkeypatch):
    # As an older version let `--date 0001-01-05` through: the month looked back on starts before the calendar.
    import briefing.pipeline.run as run_module

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "FIRST_DAY", dt.date.min)
        first = run(workdir, day="0001-01-05")
    assert first.code == 0 and "5 new" in first.stdout
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    later = run(workdir)
    assert later.code == 0 and "1 new" in later.stdout
    assert (workdir / "out" / "0001-01-05.md").is_file() and (workdir / "out" / f"{DAY}.md").is_file()


@pytest.mark.parametrize("odd", ["fifo", "zero"])
def test_a_fifo_or_a_link_to_a_device_in_out_is_replaced_not_read(workdir, odd):
    """Comparing the archive with what it would become read it whole: a FIFO hung the run under its lock,
    a link to /dev/zero ran it out of memory."""
    from conftest import run_process

    run(workdir)
    index = workdir / "out" / "index.html"
    index.unlink()
    if odd == "fifo":
        os.mkfifo(index)
    else:
        index.symlink_to("/dev/zero")
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    result = run_process("run", "--date", DAY2, cwd=workdir, timeout=60)
    assert result.code == 0, result.stderr
    assert index.is_file() and not index.is_symlink() and f"{DAY2}.html" in index.read_text()


class _Waited(Exception):
    """The run waited on a FIFO (the guard's alarm rang)."""


@contextlib.contextmanager
def _not_waiting_on(fifo: Path, by_sqlite: bool):
    """A FIFO at `fifo`, and a list naming each time SQLite opened it to read. Python's open of it, to read
    or to write, waits until an alarm ends it (not a speed target: the run takes well under a second).
    SQLite's, in C, does not give way to the alarm: a thread lets its reader through (it sees an empty
    file), so a run that should not have waited ends all the same."""
    import signal

    os.mkfifo(fifo)
    waited, done = [], threading.Event()

    def let_readers_through():
        while by_sqlite and not done.is_set():
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO unless a reader has it open
            except OSError:
                done.wait(0.002)
                continue
            if stat.S_ISFIFO(os.fstat(writer).st_mode):
                waited.append("read")
            os.close(writer)

    def ring(*_):
        raise _Waited(f"the run waited on {fifo.name}")

    watcher = threading.Thread(target=let_readers_through, daemon=True)
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 20)
    watcher.start()
    try:
        yield waited
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        done.set()
        watcher.join()


@pytest.mark.parametrize("beside, refused", [
    ("-journal", True), ("-wal", True),  # SQLite's
    (".commit", True), (".commit.tmp", True),  # the journal of a run's renames in out/, and its temporary file
    (".summarising", False), (".summarising.tmp", False),  # a hint: a run goes on without it
])
def test_a_fifo_beside_the_state_store_is_never_waited_on(workdir, beside, refused):
    """Opened to be read or written, each waited for good for a writer or a reader, under the run lock
    (every scheduled run after it waited on the lock): SQLite's -journal on the store's first read, the
    renames' journal and the note of the seeds a run summarises itself as the run went."""
    run(workdir)
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir()}
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    fifo = workdir / ".briefing" / f"state.sqlite3{beside}"
    with _not_waiting_on(fifo, by_sqlite=beside.startswith("-")) as waited:
        try:
            result = run_briefing("run", "--date", DAY, cwd=workdir)
        except _Waited as error:
            pytest.fail(str(error))
    assert waited == []
    assert not refused or stat.S_ISFIFO(fifo.lstat().st_mode)
    if refused:
        assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert f"state.sqlite3{beside} beside" in result.stderr and "not a regular file" in result.stderr
        assert {p.name: p.read_bytes() for p in (workdir / "out").iterdir()} == before
        fifo.unlink()
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "1 new" in result.stdout, result.stderr
    assert "Ferry" in markdown(workdir) or "ferry" in markdown(workdir).lower()


def test_a_folder_in_place_of_an_output_file_stops_the_run_before_any_file_is_replaced(workdir):
    run(workdir)
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir() if p.is_file()}
    feed = workdir / "out" / "feed.xml"
    feed.unlink()
    feed.mkdir()
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1
    assert result.stderr.strip() == (f"briefing: error: cannot write {feed}: a folder of that name is in the way; "
                                     "move it aside")
    after = {p.name: p.read_bytes() for p in (workdir / "out").iterdir() if p.is_file()}
    assert after == {name: data for name, data in before.items() if name != "feed.xml"}  # none half-replaced
    feed.rmdir()
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and "ferry" in markdown(workdir).lower() and feed.is_file()


@pytest.mark.parametrize("refused", ["making a file", "replacing feed.xml"])
def test_an_output_folder_this_user_may_not_write_is_one_line_that_says_the_fix(workdir, monkeypatch, refused):
    """out/ read-only, or a sticky out/ of another user's whose feed.xml is theirs (root ignores modes, so the
    refusal the kernel gives is injected): one line naming the file and the fix; once mended, the next run
    puts the day's new report in place."""
    import tempfile

    run(workdir)
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir()}
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    out = workdir / "out"
    if refused == "making a file":
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(out / ".2026-11-25.md.x.tmp"))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        file, after = out / f"{DAY}.md", "or write elsewhere with --out)"
    else:
        replace = os.replace

        def refuse(source, target, *args, **kwargs):
            if os.path.basename(target) == "feed.xml":
                raise PermissionError(errno.EPERM, "Operation not permitted", source, None, target)
            return replace(source, target, *args, **kwargs)

        monkeypatch.setattr(os, "replace", refuse)
        # The files put in place before it are put back: out/ is as it was, not half new until the next run.
        file, after = out / "feed.xml", "let this user write to them)"
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"briefing: error: cannot write {file}: ")
    assert (f"({out} or a file in it belongs to another user or is read-only: let this user write to them"
            in result.stderr)
    assert result.stderr.strip().endswith(after)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.undo()
    again = run(workdir)
    assert again.code == 0 and "ferry" in markdown(workdir).lower(), again.stderr
    assert "ferry" in (out / "feed.xml").read_text(encoding="utf-8").lower()
    assert not list(out.glob(".*.tmp"))


def test_the_run_after_a_refused_write_counts_the_seeds_it_writes_for_the_first_time_as_new(empty_workdir, monkeypatch):
    """A seed read by a run that could not write out/ was recorded: the run that wrote it, once out/ was mended,
    said "0 new, 2 unchanged; wrote ..." of an article no reader had seen."""
    import tempfile

    seeds = empty_workdir / "seeds"
    write_seed(seeds, "bridge.txt", article_text("bridge"))
    assert f"{DAY}: 1 seed, 1 new; wrote" in run(empty_workdir).stdout
    write_seed(seeds, "ferry.txt", article_text("ferry"))

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(empty_workdir / "out" / ".x.tmp"))

    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "mkstemp", refuse)
        assert run(empty_workdir).code == 1
    mended = run(empty_workdir)
    assert mended.stdout.startswith(f"{DAY}: 2 seeds, 1 new, 1 unchanged; wrote out/{DAY}.md"), mended.stdout
    assert "Ferry made news" in markdown(empty_workdir)
    assert run(empty_workdir).stdout.startswith(f"{DAY}: 2 seeds, 0 new, 2 unchanged; nothing new")


@pytest.mark.parametrize("refused", ["out/", ".briefing/", "site/out/"])
def test_a_folder_refused_itself_is_named_with_its_fix(workdir, monkeypatch, refused):
    """A folder this user may not read (another's, mode 0733), opened to flush its entries: out/ was told as
    "(<project> or a file in it belongs to another user ...)", a folder this user writes to, and the journal's
    folder as "cannot write out/.briefing", a file that never was. A missing out/ whose folder is another's
    was told no --out. (Root ignores modes, so the kernel's refusal is injected.)"""
    run(workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    folder = workdir / refused.rstrip("/")
    args = ("--out", "site/out") if refused == "site/out/" else ()
    if refused == "site/out/":
        (workdir / "site").mkdir()
        mkdir = Path.mkdir

        def refuse(path, *rest, **kwargs):
            if path.name == "out" and path.parent.name == "site":
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return mkdir(path, *rest, **kwargs)

        monkeypatch.setattr(Path, "mkdir", refuse)
        said = (f"cannot write {folder / (DAY + '.md')}: Permission denied ({workdir / 'site'} or a file in it "
                "belongs to another user or is read-only: let this user write to them, or write elsewhere with --out)")
    else:
        opened = os.open

        def refuse(path, flags, *rest, **kwargs):
            if Path(path) == folder and flags == os.O_RDONLY:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return opened(path, flags, *rest, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
        advice = ", or write elsewhere with --out)" if refused == "out/" else ")"
        said = (f"cannot write {folder}: Permission denied ({folder} belongs to another user or its mode refuses "
                f"this user: let this user read and write it{advice}")
    result = run(workdir, *args)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert said in result.stderr, result.stderr
    monkeypatch.undo()
    again = run(workdir, *args)
    out = workdir / ("site/out" if args else "out")
    assert again.code == 0 and "ferry" in (out / f"{DAY}.md").read_text(encoding="utf-8").lower(), again.stderr


def test_a_file_of_anothers_in_a_sticky_output_folder_stops_the_run_before_any_file_is_replaced(workdir, monkeypatch):
    """out/ sticky (chmod +t) and another user's, feed.xml theirs: the day's pages were put in place and the
    feed refused, a mixed out/ until the owner mended it. Now nothing is replaced. (Root lifts the rule by
    CAP_FOWNER, which this process is made to lack; the folder and the file are another's for real.)"""
    import briefing.publish.output as output

    run(workdir)
    out = workdir / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    os.chown(out / "feed.xml", 65534, -1)
    os.chown(out, 65534, -1)
    out.chmod(0o1777)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    monkeypatch.setattr(output, "_may_replace_anothers_files", lambda: False)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"briefing: error: cannot write {out / 'feed.xml'}: it belongs to another user, "
                                    f"and {out} is a sticky folder (chmod +t) of another's")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # none replaced, no temporary file left
    assert not (workdir / ".briefing" / "state.sqlite3.commit").exists()
    os.chown(out / "feed.xml", os.geteuid(), -1)
    again = run(workdir)
    assert again.code == 0 and "ferry" in (out / "feed.xml").read_text(encoding="utf-8").lower(), again.stderr


def test_a_temporary_file_of_anothers_in_a_sticky_output_folder_is_left_and_the_run_goes_on(workdir, monkeypatch):
    """A run of another user's, killed in a sticky out/ (chmod +t) of theirs, left .feed.xml.<8>.tmp, which only
    they may remove: every run of this user's ended in "cannot finish the previous run's writes", exit 1. It is
    none of this user's runs': it is left. (Root lifts the rule, so the kernel's refusal is injected.)"""
    import briefing.publish.output as output

    run(workdir)
    out = workdir / "out"
    theirs = out / ".feed.xml.k3j9x0qa.tmp"
    theirs.write_text("half a feed", encoding="utf-8")
    os.chown(theirs, 65534, -1)
    os.chown(out, 65534, -1)
    out.chmod(0o1777)
    unlink = Path.unlink

    def refuse(path, *args, **kwargs):
        if path == theirs:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refuse)
    monkeypatch.setattr(output, "_may_replace_anothers_files", lambda: False)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    result = run(workdir)
    assert result.code == 0 and "1 new" in result.stdout, result.stderr
    assert "ferry" in markdown(workdir).lower() and theirs.read_text(encoding="utf-8") == "half a feed"


def test_a_rebuild_that_fails_midway_is_finished_by_the_next_run_and_its_new_seeds_are_news(workdir, monkeypatch):
    """A plain run after it regrouped the days from what was kept: its briefings differed from a rebuild's.
    The run that finishes it reads its seeds as any run: a new one is news (owed by email), not a rebuild's."""
    import briefing.pipeline.run as run_module

    def at(minute: int) -> None:  # each run a minute after the one before, as the schedule's would be
        moment = dt.datetime(2026, 11, 25, 9, minute, tzinfo=dt.timezone.utc)
        monkeypatch.setattr(run_module, "utc_now", lambda: moment)

    at(0)
    run(workdir)
    copy = workdir.parent / "copy"
    shutil.copytree(workdir, copy)
    for folder in (workdir, copy):
        (folder / "briefing.toml").write_text("[summary]\nsentences = 2\n")
    at(1)
    assert run(copy, "--rebuild").code == 0
    write_seed(copy / "seeds", "ferry.txt", article_text("ferry"))
    at(2)
    assert "1 new" in run(copy).stdout
    at(1)
    stop_a_rebuild_midway(workdir, DAY, monkeypatch)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    at(2)
    finished = run(workdir)
    assert "finishing the rebuild a run was stopped in" in finished.stderr and "1 new" in finished.stdout
    assert ({p.name: p.read_bytes() for p in (workdir / "out").iterdir()}
            == {p.name: p.read_bytes() for p in (copy / "out").iterdir()})
    again = run(workdir)
    assert "finishing" not in again.stderr and "nothing new" in again.stdout


def test_a_seed_whose_summarising_raised_is_tried_again_by_a_new_release_or_new_settings(workdir, monkeypatch):
    """It was recorded as unchanged for good: a release mending the bug left the article out until its file
    changed. It is tried once more by each new release or summary settings, not by every run."""
    import briefing.pipeline.seeds as seeds_module
    import briefing.summarize.article as article_module

    real = article_module.summarize_article
    tried = []

    def buggy(article, *args, **kwargs):
        if "ferry" in article.seed:
            tried.append(article.seed)
            raise RuntimeError("boom")
        return real(article, *args, **kwargs)

    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    with monkeypatch.context() as patched:
        patched.setattr(article_module, "summarize_article", buggy)
        first = run(workdir, "--jobs", "1")
        assert "skipped ferry.txt: could not summarise: RuntimeError: boom" in first.stderr
        again = run(workdir, "--jobs", "1")  # the same release and settings: not tried, not said, again
        assert "ferry" not in again.stderr and "nothing new" in again.stdout and len(tried) == 1
        other = run(workdir, "--jobs", "1", "--sentences", "2")  # other settings: tried once more
        assert "could not summarise: RuntimeError: boom" in other.stderr and len(tried) == 2
    monkeypatch.setattr(seeds_module, "__version__", "99.0")  # a release that mends it
    mended = run(workdir, "--jobs", "1", "--sentences", "2")
    assert "1 new" in mended.stdout and "Ferry made news" in markdown(workdir)
    assert "nothing new" in run(workdir, "--jobs", "1", "--sentences", "2").stdout



def test_a_seed_an_older_release_skipped_is_read_again_by_a_new_one(workdir, monkeypatch):
    """A seed skipped as unreadable (a page whose text a new release can read, an encoding it now knows) stayed
    out of its briefing after the upgrade until its file changed. Each new release reads it once."""
    import briefing.pipeline.seeds as seeds_module
    import briefing.summarize.article as article_module
    from briefing.errors import SeedError

    real = article_module.summarize_article
    tried = []

    def older(article, *args, **kwargs):
        if "ferry" in article.seed:
            tried.append(article.seed)
            raise SeedError("no article text found")
        return real(article, *args, **kwargs)

    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    with monkeypatch.context() as patched:
        patched.setattr(article_module, "summarize_article", older)
        patched.setattr(seeds_module, "__version__", "0.0.9")
        assert "skipped ferry.txt: no article text found" in run(workdir, "--jobs", "1").stderr
        again = run(workdir, "--jobs", "1")  # the same release: not read, not said, again
        assert "ferry" not in again.stderr and "nothing new" in again.stdout and len(tried) == 1
    upgraded = run(workdir, "--jobs", "1")
    assert "1 new" in upgraded.stdout and "Ferry made news" in markdown(workdir)
    assert "nothing new" in run(workdir, "--jobs", "1").stdout


def test_a_seed_skipped_by_older_code_of_the_same_version_is_read_again(workdir, monkeypatch):
    """A checkout brought up to date keeps its version number: a seed its code before skipped (a front matter
    `lang: nl`, before 18814e4) stayed out of the briefing as "unchanged" until its file changed. The code
    that tried it is part of what it was tried with, and the next run reads it."""
    import briefing.pipeline.seeds as seeds_module
    import briefing.summarize.article as article_module
    from briefing.errors import SeedError

    real = article_module.summarize_article

    def older(article, *args, **kwargs):
        if "ferry" in article.seed:
            raise SeedError("front matter lang 'nl' is not supported")
        return real(article, *args, **kwargs)

    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    with monkeypatch.context() as patched:
        patched.setattr(article_module, "summarize_article", older)
        patched.setattr(seeds_module, "code_signature", lambda: "older-code", raising=False)
        assert "skipped ferry.txt: front matter lang 'nl' is not supported" in run(workdir, "--jobs", "1").stderr
    upgraded = run(workdir, "--jobs", "1")  # the same version number, other code
    assert "1 new" in upgraded.stdout and "Ferry made news" in markdown(workdir), upgraded.stdout
    assert "nothing new" in run(workdir, "--jobs", "1").stdout

def test_a_users_dot_tmp_files_in_out_are_left_alone(workdir):
    """Every `.*.tmp` in out/ was taken for a leftover of a run and deleted; a folder of that form failed
    every run."""
    run(workdir)
    (workdir / "out" / ".editor-backup.tmp").write_text("mine")
    (workdir / "out" / ".cache.tmp").mkdir()
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run(workdir).code == 0
    assert (workdir / "out" / ".editor-backup.tmp").read_text() == "mine" and (workdir / "out" / ".cache.tmp").is_dir()
    assert not [p for p in (workdir / "out").glob(".*.tmp") if p.name not in (".editor-backup.tmp", ".cache.tmp")]


def test_a_run_whose_record_fails_after_writing_out_says_what_it_wrote_and_the_next_records_it(workdir, monkeypatch):
    from briefing.state import State

    real = State.record_run

    def full_disk(self, *args, **kwargs):  # the last write of the run, after out/ is written
        with self._errors():
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(State, "record_run", full_disk)
    failed = run_briefing("run", "--date", DAY, cwd=workdir)
    assert failed.code == 1 and len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    # Not "every file left as the run before wrote it": the briefing is in out/, whole, and the line says so.
    assert re.search(rf"wrote out/{DAY}\.md, .* but could not record them: state store .*: database or disk is "
                     r"full; the next run writes those days again", failed.stderr)
    written = markdown(workdir)
    monkeypatch.setattr(State, "record_run", real)
    again = run(workdir)
    assert again.code == 0 and f"out/{DAY}.md" in again.stdout
    assert markdown(workdir) == written
    assert "nothing new" in run(workdir).stdout


def _as_a_user(workdir: Path, *args: str):
    """`briefing *args` in `workdir` as root without its power over file permissions (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH): any user, to whom a file's mode applies."""
    import subprocess
    import sys

    from conftest import REPO

    return subprocess.run(["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                           "--inh-caps", "-dac_override,-dac_read_search", sys.executable, "-m", "briefing", *args],
                          cwd=workdir, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                          timeout=60)


def _needs_root_and_setpriv() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"):
        message = "runs the CLI as root without its power over file permissions: needs root and setpriv"
        if os.environ.get("CI"):  # CI runs as root on Debian, whose util-linux has setpriv: never skipped there
            pytest.fail(message)
        pytest.skip(message)


def test_a_store_made_read_only_fails_one_run_and_the_run_after_it_is_made_writable_works(workdir):
    _needs_root_and_setpriv()
    assert run(workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    # Root bypasses file permissions: without those capabilities it is any user whose store is read-only.
    def run_as_a_user():
        return _as_a_user(workdir, "run", "--date", DAY)

    store.chmod(0o444)
    failed = run_as_a_user()
    assert failed.returncode == 1
    assert failed.stderr == f"briefing: error: state store {store}: it is read-only: make it writable (chmod u+w {store})\n"
    # was: SQLite made state.sqlite3-wal and -shm beside the store as read-only as it was, and once the store was
    # writable again every run failed with "attempt to write a readonly database", naming the writable store
    store.chmod(0o644)
    again = run_as_a_user()
    assert again.returncode == 0 and "1 new" in again.stdout, again.stderr
    # Such a file left by a release before this one is named.
    shm = store.with_name("state.sqlite3-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    named = run_as_a_user()
    assert named.returncode == 1 and "state.sqlite3-shm beside it is read-only" in named.stderr, named.stderr
    assert f"(chmod u+w {shm})" in named.stderr and len(named.stderr.splitlines()) == 1


def test_a_seeds_folder_this_user_may_not_list_is_one_line_and_a_failed_run_and_config_check(workdir):
    """A seeds folder of mode 000 (or another's 0700) was "skipped .: cannot list this folder", a quiet day
    with exit 0 at every scheduled run, and `config check` said "ok"."""
    _needs_root_and_setpriv()
    assert run(workdir).code == 0
    seeds = workdir / "seeds"
    out_before = {path.name: path.read_bytes() for path in (workdir / "out").iterdir()}
    seeds.chmod(0o000)
    try:
        refused, checked = _as_a_user(workdir, "run", "--date", DAY), _as_a_user(workdir, "config", "check")
    finally:
        seeds.chmod(0o755)
    message = (f"cannot list the seeds folder {seeds}: it belongs to another user or its mode refuses this "
               "user: let this user read it, or name another with --seeds")
    assert (refused.returncode, refused.stderr) == (1, f"briefing: error: {message}\n"), refused.stderr
    assert checked.returncode == 1 and message in checked.stderr, checked.stderr
    assert {path.name: path.read_bytes() for path in (workdir / "out").iterdir()} == out_before
    assert _as_a_user(workdir, "run", "--date", DAY).returncode == 0  # mended: runs as before


@pytest.mark.parametrize("folder_mode", [0o555, 0o755])
def test_a_dry_run_reads_a_store_it_may_not_write(workdir, folder_mode):
    # was: "cannot open lock file ...: Permission denied" (or "Read-only file system"): a user could not ask what
    # the service's next run would do with the service's store, nor with one on a disk mounted read-only.
    _needs_root_and_setpriv()
    assert run(workdir).code == 0
    folder = workdir / ".briefing"
    store = folder / "state.sqlite3"
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    out_before = {path.name: path.read_bytes() for path in (workdir / "out").iterdir()}
    store_before = store.read_bytes()
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(folder_mode)  # (where it may make files, none is made: SQLite's would be this user's)
    try:
        dry = _as_a_user(workdir, "run", "--dry-run", "--date", DAY)
    finally:
        folder.chmod(0o755)
    assert dry.returncode == 0 and dry.stderr == "", dry.stderr
    assert "1 new" in dry.stdout and "would write" in dry.stdout, dry.stdout
    assert store.read_bytes() == store_before and sorted(path.name for path in folder.iterdir()) == [
        "state.sqlite3", "state.sqlite3.lock"]
    assert {path.name: path.read_bytes() for path in (workdir / "out").iterdir()} == out_before


def _mounted_read_only(monkeypatch, under: Path) -> None:
    """Every path under `under` on a file system mounted read-only, as statvfs and access(2) say of one
    (tests cannot mount, and root is refused nothing else)."""
    real_statvfs, real_access = os.statvfs, os.access

    class ReadOnly:
        def __init__(self, real):
            self.real = real

        def __getattr__(self, name):
            return self.real.f_flag | os.ST_RDONLY if name == "f_flag" else getattr(self.real, name)

    def statvfs(path, *args, **kwargs):
        found = real_statvfs(path, *args, **kwargs)
        return ReadOnly(found) if Path(path).resolve().is_relative_to(under.resolve()) else found

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve().is_relative_to(under.resolve()):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "statvfs", statvfs)
    monkeypatch.setattr(os, "access", access)


def test_a_state_store_on_a_read_only_file_system_says_so_and_what_to_do(workdir, monkeypatch):
    # was: "it is read-only: make it writable (chmod u+w ...)", which no chmod does on a read-only mount
    assert run(workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    before = store.read_bytes()
    _mounted_read_only(monkeypatch, store)
    result = run(workdir, "--rebuild")
    assert result.code == 1 and result.stderr == (
        f"briefing: error: state store {store}: it is on a file system mounted read-only: remount it read-write, "
        "or put the state store elsewhere (state = ... in briefing.toml, or --state)\n")
    assert store.read_bytes() == before


def test_a_lock_that_cannot_be_made_on_a_read_only_file_system_says_what_to_do(workdir, monkeypatch):
    # was: "cannot open lock file .../state.sqlite3.lock: Read-only file system", and nothing more
    folder = workdir / "readonly"
    folder.mkdir()
    real_open = os.open

    def refusing(path, *args, **kwargs):
        if str(path).endswith(".lock") and Path(path).parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    _mounted_read_only(monkeypatch, folder)
    monkeypatch.setattr(os, "open", refusing)
    result = run(workdir, "--state", str(folder / "state.sqlite3"))
    assert result.code == 1 and result.stderr == (
        f"briefing: error: cannot open lock file {folder / 'state.sqlite3.lock'}: Read-only file system: its folder "
        "is on a file system mounted read-only: remount it read-write, or put the state store elsewhere (state = "
        "... in briefing.toml, or --state)\n")
    assert not (workdir / "out").exists()


def test_a_store_sqlite_refuses_to_write_says_what_to_do(workdir, monkeypatch):
    # SQLite refusing a write to a store opened for writing (remounted read-only meanwhile, or no longer
    # writable to this user): it said "attempt to write a readonly database" and no more.
    assert run(workdir).code == 0
    store = workdir / ".briefing" / "state.sqlite3"
    write_seed(workdir / "seeds", "extra.txt", article_text("ferry"))
    real_connect = sqlite3.connect

    def read_only(target, *args, **kwargs):
        if str(target) == str(store):
            return real_connect(f"{store.as_uri()}?mode=ro", *args, uri=True, **kwargs)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    result = run(workdir)
    assert result.code == 1 and result.stderr == (
        f"briefing: error: state store {store}: attempt to write a readonly database: make it, the -wal and -shm "
        "files beside it and its folder writable, or put the state store elsewhere (state = ... in briefing.toml, "
        "or --state)\n")
    monkeypatch.undo()
    assert "1 new" in run(workdir).stdout
