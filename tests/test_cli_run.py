"""End to end: the real CLI, in a separate process, on real files in a temp folder."""

import fcntl
import html as html_module
import json
import os
import random
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from briefing.config import load_config
from conftest import (
    REPO, SAMPLE_SEEDS, age_files, article_text, refuse_looking_inside, run_briefing, story_titles, write_seed,
)

DAY = "2026-11-25"


def outputs(folder: Path, day: str = DAY) -> tuple[str, str]:
    return (folder / "out" / f"{day}.md").read_text(), (folder / "out" / f"{day}.html").read_text()




def test_first_run_writes_every_article_with_summary_and_key_points(workdir):
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0, result.stderr
    assert "5 seeds, 5 new" in result.stdout
    # Written as the user would type them: inside the working folder, relative to it.
    assert f"; wrote out/{DAY}.md, out/{DAY}.json, out/{DAY}.html, out/index.html, out/feed.xml (" in result.stdout
    markdown_text, html = outputs(workdir)
    assert len(story_titles(markdown_text)) == 5
    from briefing.pipeline import summarize_file

    config = load_config(cwd=workdir)
    for seed in sorted(SAMPLE_SEEDS.iterdir()):
        summary = summarize_file(seed, config)
        for text in (summary.article.title, *(s.text for s in summary.sentences), *summary.key_points):
            assert text in markdown_text
            assert text in html_module.unescape(html)
    assert "Key points of the day" in markdown_text and "Key points of the day" in html
    (anchor,) = re.findall(r'href="#(story-[0-9a-f]+)"', html)[:1]
    assert "<main>" in html and f'id="{anchor}"' in html


def test_second_run_changes_nothing(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (workdir / "out").iterdir()}
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    assert "0 new" in result.stdout and "nothing new" in result.stdout
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (workdir / "out").iterdir()}
    assert after == before


def test_adding_a_seed_adds_exactly_that_article(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    titles_before = story_titles(outputs(workdir)[0])
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "6 seeds, 1 new, 5 unchanged" in result.stdout
    titles_after = story_titles(outputs(workdir)[0])
    assert sorted(titles_after) == sorted(titles_before + ["Ferry made news again today in the capital"])


def test_a_later_day_gets_its_own_briefing_with_only_its_articles(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    run_briefing("run", "--date", "2026-11-26", cwd=workdir)
    assert story_titles(outputs(workdir, "2026-11-26")[0]) == ["Ferry made news again today in the capital"]
    assert len(story_titles(outputs(workdir)[0])) == 5


def test_changed_seed_is_summarised_again(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    seed = workdir / "seeds" / "heatwave-harvest.txt"
    seed.write_text("Drought ends as rain returns\n\n" + seed.read_text())
    age_files(workdir / "seeds")
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "1 new" in result.stdout
    titles = story_titles(outputs(workdir)[0])
    assert "Drought ends as rain returns" in titles and "Heatwave harvest" not in titles
    assert len(titles) == 5


def test_touched_but_unchanged_seed_is_not_new(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    os.utime(workdir / "seeds" / "rail-talks.md", (1_700_000_000, 1_700_000_000))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "0 new, 5 unchanged" in result.stdout


def test_two_output_folders_never_mix_their_articles(workdir):
    shutil.rmtree(workdir / "seeds")
    (workdir / "seeds").mkdir()
    write_seed(workdir / "seeds", "a.txt", article_text("tram"))
    run_briefing("run", "--date", DAY, "--out", "site-a", cwd=workdir)
    write_seed(workdir / "seeds", "b.txt", article_text("museum"))
    result = run_briefing("run", "--date", DAY, "--out", "site-b", cwd=workdir)
    assert "2 new" in result.stdout  # site-b has seen neither
    a = story_titles((workdir / "site-a" / f"{DAY}.md").read_text())
    b = story_titles((workdir / "site-b" / f"{DAY}.md").read_text())
    assert len(a) == 1 and len(b) == 2
    result = run_briefing("run", "--date", DAY, "--out", "site-a", cwd=workdir)
    assert "1 new" in result.stdout


def test_rebuild_reprocesses_everything_with_new_settings(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    result = run_briefing("run", "--date", DAY, "--rebuild", "--sentences", "1", cwd=workdir)
    assert result.code == 0 and result.stdout.startswith(f"rebuilt {DAY}: 5 seeds, 5 summarised again; wrote ")
    markdown_text = outputs(workdir)[0]
    assert len(story_titles(markdown_text)) == 5


def test_dry_run_writes_nothing(workdir):
    result = run_briefing("run", "--date", DAY, "--dry-run", cwd=workdir)
    assert result.code == 0 and "would write" in result.stdout
    assert not (workdir / "out").exists() or not any((workdir / "out").iterdir())
    assert "5 new" in run_briefing("run", "--date", DAY, cwd=workdir).stdout


def test_a_dry_run_leaves_an_older_store_as_it_was_and_makes_none(workdir):
    import sqlite3

    from briefing.state.migrations import SCHEMA_VERSION

    store = workdir / ".briefing" / "state.sqlite3"
    assert run_briefing("run", "--date", DAY, "--dry-run", cwd=workdir).code == 0
    assert not store.exists()  # no store yet: the dry run worked on one in memory
    assert not store.parent.exists()  # nor a folder for it, nor a lock file (it failed on a read-only disk)
    run_briefing("run", "--date", DAY, cwd=workdir)
    # The store as the release before the last schema step left it: that release refuses a newer one.
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("ALTER TABLE deliveries DROP COLUMN done_with")
    db.execute("ALTER TABLE deliveries DROP COLUMN refused_since")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    db.close()
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    dry = run_briefing("run", "--date", DAY, "--dry-run", cwd=workdir)
    assert dry.code == 0 and "6 seeds, 1 new, 5 unchanged; would write" in dry.stdout, dry.stdout + dry.stderr
    db = sqlite3.connect(store)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION - 1),)
    assert "done_with" not in [column for _, column, *_ in db.execute("PRAGMA table_info(deliveries)")]
    db.close()
    assert "6 seeds, 1 new, 5 unchanged; wrote" in run_briefing("run", "--date", DAY, cwd=workdir).stdout


@pytest.mark.parametrize("damage", [
    # Terms as numbers missing (as an older release wrote them: NULL) or cut short.
    ["UPDATE seeds SET term_numbers = NULL WHERE name < 'h'",
     "UPDATE seeds SET term_numbers = x'0102' WHERE name >= 'h' AND name < 'm'"],
    # Terms as numbers damaged into text, not UTF-8 or UTF-8 of 8 bytes.
    ["UPDATE seeds SET term_numbers = CAST(x'ff00fe01' || term_numbers AS TEXT) WHERE name < 'h'",
     "UPDATE seeds SET term_numbers = 'abcdefgh' WHERE name >= 'h' AND name < 'm'"],
    # Stems damaged into text that is not UTF-8.
    ["UPDATE stems SET stem = CAST(x'ff' || CAST(stem AS BLOB) AS TEXT) WHERE number % 5 = 0"],
], ids=["missing", "terms", "stems"])
def test_terms_as_numbers_missing_or_damaged_are_read_from_the_record(workdir, damage):
    """Grouping reads a day's terms as numbers kept beside the records (schema 15). Missing, cut short, or
    (with the stems they stand for) damaged into text, which the run read as text and failed on ('Could not
    decode to UTF-8 column term_numbers', '... column stem'): the reports' terms are read from their
    records, and the briefing is the one of an undamaged store."""
    import sqlite3

    run_briefing("run", "--date", DAY, cwd=workdir)
    other = workdir.parent / f"{workdir.name}-damaged"  # (its own: tests of a worker share the parent)
    shutil.copytree(workdir, other, symlinks=True)
    db = sqlite3.connect(other / ".briefing" / "state.sqlite3")
    unnumbered = "SELECT count(*) FROM seeds WHERE summary IS NOT NULL AND term_numbers IS NULL"
    assert db.execute(unnumbered).fetchone() == (0,)  # every record of a run has its terms as numbers
    for statement in damage:
        assert db.execute(statement).rowcount >= 1
    db.commit()
    db.close()
    for folder in (workdir, other):
        write_seed(folder / "seeds", "quake-follow-up.txt", article_text("quake"))
        age_files(folder / "seeds")
        result = run_briefing("run", "--date", DAY, cwd=folder)
        assert result.code == 0 and "6 seeds, 1 new, 5 unchanged; wrote" in result.stdout, result.stdout + result.stderr
    assert outputs(workdir) == outputs(other)


def test_a_report_whose_stored_term_counts_are_damaged_below_1_is_grouped_without_those_terms(workdir, recwarn):
    """A record's term counts damaged to 0 or below (read from the record: its terms as numbers gone too) ended
    the next run in "internal error: ValueError", or printed numpy's RuntimeWarnings and weighed NaN likenesses:
    those terms weigh nothing, the others group the report, and the day is written."""
    import sqlite3

    run_briefing("run", "--date", DAY, cwd=workdir)
    db = sqlite3.connect(workdir / ".briefing" / "state.sqlite3")
    damaged = db.execute("UPDATE seeds SET summary = json_set(summary, '$.terms[0][1]', 0, '$.terms[1][1]', -3), "
                         "term_numbers = NULL WHERE summary IS NOT NULL AND name < 'm'").rowcount
    db.commit()
    db.close()
    assert damaged >= 2
    write_seed(workdir / "seeds", "quake-follow-up.txt", article_text("quake"))
    age_files(workdir / "seeds")
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "6 seeds, 1 new, 5 unchanged; wrote" in result.stdout, result.stdout + result.stderr
    assert not [str(w.message) for w in recwarn if issubclass(w.category, RuntimeWarning)]
    day = json.loads((workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert sum(len(story["reports"]) for story in day["stories"]) == 6


@pytest.mark.parametrize("deleted", [f"{DAY}.html", f"{DAY}.md", f"{DAY}.json", "index.html", "feed.xml"])
def test_deleted_briefing_is_written_again(workdir, deleted):
    run_briefing("run", "--date", DAY, cwd=workdir)

    def files() -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in (workdir / "out").iterdir()}

    original = files()
    (workdir / "out" / deleted).unlink()
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "0 new" in result.stdout and "wrote" in result.stdout
    assert files() == original


def test_bad_seeds_are_skipped_with_reasons_and_the_rest_processed(workdir):
    write_seed(workdir / "seeds", "empty.txt", "")
    # (Random bytes of a fixed seed, opened by no byte order mark: os.urandom's began with one now and then, and
    # the file was skipped for "invalid UTF-16-BE after its byte order mark".)
    junk = b"\x01" + random.Random(2026).randbytes(2000).replace(b"\x00", b"") + b"\x00\x01"
    write_seed(workdir / "seeds", "junk.txt", junk)
    write_seed(workdir / "seeds", "report.pdf", b"%PDF-1.4")
    write_seed(workdir / "seeds", ".DS_Store", b"\x00\x00")
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    # The counts of the seeds add up (7 = 5 + 2); the .pdf, no seed, is counted apart.
    assert f"{DAY}: 7 seeds, 5 new, 2 skipped, 1 other file skipped, 1 ignored; wrote" in result.stdout
    assert re.search(r"skipped .*empty\.txt: no article text", result.stderr)
    assert re.search(r"skipped .*junk\.txt: binary", result.stderr)
    assert re.search(r"skipped .*report\.pdf: unsupported file type", result.stderr)
    assert "Traceback" not in result.stderr
    # An unchanged bad file is not re-read and re-reported on the next run.
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "empty.txt" not in again.stderr and "junk.txt" not in again.stderr


def test_same_article_under_two_names_appears_once(workdir):
    text = article_text("stadium")
    write_seed(workdir / "seeds", "stadium.txt", text)
    write_seed(workdir / "seeds", "stadium copy.txt", text)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "6 new" in result.stdout
    assert re.search(r"skipped .*stadium\.txt: same content as .*stadium copy\.txt", result.stderr)
    assert story_titles(outputs(workdir)[0]).count("Stadium made news again today in the capital") == 1


def test_file_still_being_written_is_left_for_the_next_run(workdir):
    path = workdir / "seeds" / "growing.txt"
    path.write_text(article_text("airport"))
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            with path.open("a") as handle:
                handle.write("More text arrives. ")
            time.sleep(0.1)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    finally:
        stop.set()
        writer.join()
    assert "1 still being written" in result.stdout
    assert "growing.txt: still being written" in result.stderr
    assert "Airport" not in outputs(workdir)[0]
    age_files(workdir / "seeds")
    assert "1 new" in run_briefing("run", "--date", DAY, cwd=workdir).stdout


def test_a_new_file_that_is_complete_is_processed_at_once(workdir):
    run_briefing("run", "--date", DAY, cwd=workdir)
    (workdir / "seeds" / "fresh.txt").write_text(article_text("harbour"))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "1 new" in result.stdout


def test_second_run_while_one_holds_the_lock_exits_75(workdir):
    lock = workdir / ".briefing" / "state.sqlite3.lock"
    lock.parent.mkdir()
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = run_briefing("run", cwd=workdir)
    assert result.code == 75
    assert result.stderr.strip().count("\n") == 0 and "another briefing run is in progress" in result.stderr
    assert run_briefing("run", cwd=workdir).code == 0


@pytest.mark.parametrize("args, config, message", [
    (["run", "--seeds", "nowhere"], None, "seeds folder not found"),
    (["run"], "[summary]\nsentences = 'three'\n", "summary.sentences must be a positive whole number"),
    (["run"], "bogus = 1\n", "unknown key 'bogus'"),
    (["run"], "timezone = 'Mars/Olympus'\n", "unknown time zone"),
    (["--config", "missing.toml", "run"], None, "config file not found"),
    (["--config", "/dev/null", "run"], None, "config file /dev/null is not a regular file"),
    (["--config", ".", "config", "check"], None, "is a directory"),
    (["run", "--templates", "no-such-folder"], None, "templates folder not found"),
    # The state store names a file: "/" has no name to put its lock beside (once an internal error).
    (["run"], "state = '/'\n", "state / is a folder; give the path of a file"),
    (["run"], "state = '.'\n", "is a folder; give the path of a file"),
    (["config", "check"], "state = '/'\n", "state / is a folder"),
    (["fetch"], "state = '/'\n", "state / is a folder"),
    # A device: SQLite said "disk I/O error", and a run left a journal and a lock beside /dev/null.
    (["config", "check"], "state = '/dev/null'\n", "state /dev/null is not a regular file"),
])
def test_bad_config_or_path_is_one_line_and_non_zero(workdir, args, config, message):
    if config is not None:
        (workdir / "briefing.toml").write_text(config)
    result = run_briefing(*args, cwd=workdir)
    assert result.code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["run"], ["fetch"], ["config", "check"]])
def test_a_state_path_that_is_a_fifo_is_one_line_and_nothing_is_made_beside_it(workdir, command):
    os.mkfifo(workdir / "state.fifo")
    (workdir / "briefing.toml").write_text("state = 'state.fifo'\n")
    result = run_briefing(*command, cwd=workdir)
    assert result.code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "state.fifo is not a regular file" in result.stderr
    assert sorted(p.name for p in workdir.glob("state.fifo*")) == ["state.fifo"]  # no lock, no journal


@pytest.mark.parametrize("folder, message", [
    ("seeds", "seeds is a file, not a folder"),
    ("out", "out is a file, not a folder: move it aside"),
    (".briefing", ".briefing is a file, not a folder: move it aside"),
])
def test_a_file_where_a_folder_should_be_is_named_in_one_line(workdir, folder, message):
    """Once said as "File exists", or as "seeds folder not found" for a seeds folder that is a file."""
    path = workdir / folder
    if path.is_dir():
        shutil.rmtree(path)
    path.write_text("not a folder\n")
    result = run_briefing("run", cwd=workdir)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert path.read_text() == "not a folder\n"


@pytest.mark.parametrize("command, message", [
    (["run", "--out", "theirs/out"], "cannot reach the output folder {theirs}/out: {theirs} belongs to another user "
     "or its mode refuses this user: let this user open it, or write elsewhere with --out"),
    (["run", "--state", "theirs/store/state.sqlite3"], "cannot reach the state store's folder {theirs}/store: "
     "{theirs} belongs to another user or its mode refuses this user: let this user open it, or put the state "
     "store elsewhere (state = ... in briefing.toml, or --state)"),
    (["run", "--state", "theirs/state.sqlite3"], "cannot open lock file {theirs}/state.sqlite3.lock: Permission "
     "denied: {theirs} belongs to another user or its mode refuses this user: let this user read and write it, "
     "or put the state store elsewhere (state = ... in briefing.toml, or --state)"),
    (["run", "--seeds", "theirs/seeds"], "cannot reach the seeds folder {theirs}/seeds: {theirs} belongs to another "
     "user or its mode refuses this user: let this user open it, or name another with --seeds"),
    (["serve", "--out", "theirs/out"], "cannot reach the output folder {theirs}/out: {theirs} belongs to another "
     "user or its mode refuses this user: let this user open it, or serve another with --out"),
])
def test_a_folder_above_out_state_or_seeds_that_refuses_this_user_is_one_line_naming_it_and_the_fix(
        workdir, monkeypatch, command, message):
    """A folder of another user's (mode 0700) above out/, the state store or the seeds: the run said "the
    system failed a read or write: ... (the disk or the file system, not briefing: run again once it is
    mended)", which no run mends."""
    theirs = workdir / "theirs"
    theirs.mkdir()
    refuse_looking_inside(theirs, monkeypatch)
    result = run_briefing(*command, cwd=workdir)
    monkeypatch.undo()
    assert result.code == 1 and result.stderr == f"briefing: error: {message.format(theirs=theirs)}\n", result.stderr
    assert not (workdir / "out").exists() and not (workdir / ".briefing").exists()  # nothing made elsewhere


def test_a_broken_template_fails_the_run_before_any_seed_is_read(workdir):
    (workdir / "my-templates").mkdir()
    # A syntax error in the style sheet the two HTML templates include.
    (workdir / "my-templates" / "page.css.j2").write_text("body { color: {{ colour } }\n")
    write_seed(workdir / "seeds", "binary.txt", b"\x00\x01\x02 not text")
    age_files(workdir / "seeds")
    result = run_briefing("run", "--date", DAY, "--templates", "my-templates", cwd=workdir)
    assert result.code == 1
    # Only the template's error: the binary seed was never reached, so never reported.
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "template page.css.j2 line 1:" in result.stderr
    assert not (workdir / "out" / f"{DAY}.md").exists()
    (workdir / "my-templates" / "page.css.j2").unlink()
    result = run_briefing("run", "--date", DAY, "--templates", "my-templates", cwd=workdir)
    assert "5 new, 1 skipped" in result.stdout and "binary.txt: binary file" in result.stderr


@pytest.mark.parametrize("name", ["briefing.md.j2", "page.css.j2"])
def test_a_template_that_is_no_utf8_fails_the_run_in_one_line(workdir, name):
    (workdir / "my-templates").mkdir()
    (workdir / "my-templates" / name).write_bytes(b"\xff\xfe{{ title }}\n")
    result = run_briefing("run", "--date", DAY, "--templates", "my-templates", cwd=workdir)
    assert result.code == 1 and result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "not UTF-8 text" in result.stderr and "Traceback" not in result.stderr
    assert not (workdir / "out" / f"{DAY}.md").exists()


@pytest.mark.parametrize("args", [["config", "check"], ["summarize", "seeds"]])
def test_a_state_path_that_cannot_be_looked_into_is_no_internal_error(workdir, args):
    # A folder name longer than the system allows: looking whether it is a folder fails ("name too long").
    (workdir / "briefing.toml").write_text(f"state = '{'x' * 300}/state.sqlite3'\n")
    result = run_briefing(*args, cwd=workdir)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_stray_file_in_the_templates_folder_does_not_break_the_run(workdir):
    # A name that is no UTF-8 (once an internal error at every run), an editor's leftover, a hidden folder.
    templates = workdir / "my-templates"
    (templates / ".git").mkdir(parents=True)
    (templates / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (templates / "briefing.md.j2~").write_text("{{ broken\n")
    (templates / os.fsdecode(b"caf\xe9.txt")).write_text("notes\n")
    result = run_briefing("run", "--date", DAY, "--templates", "my-templates", cwd=workdir)
    assert result.code == 0, result.stderr
    assert (workdir / "out" / f"{DAY}.md").exists()


def test_a_templates_folder_of_thousands_of_files_is_one_line(workdir):
    templates = workdir / "not-templates"
    templates.mkdir()
    for number in range(1001):
        (templates / f"photo-{number}.jpg").write_bytes(b"")
    result = run_briefing("run", "--date", DAY, "--templates", "not-templates", cwd=workdir)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "holds more than 1,000 files" in result.stderr


def test_unwritable_output_is_an_error_and_the_next_run_writes_it(workdir):
    blocker = workdir / "out" / f"{DAY}.md"
    if os.geteuid() == 0:
        # root ignores permissions: a folder where the day's page goes, so it cannot be put in place.
        (blocker / "inside").mkdir(parents=True)
    else:
        (workdir / "out").mkdir()
        (workdir / "out").chmod(0o500)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1 and "cannot write" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    shutil.rmtree(blocker) if blocker.is_dir() else (workdir / "out").chmod(0o700)
    # What was read was recorded; the briefing it owes is written now.
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and f"{DAY}.md" in again.stdout
    assert outputs(workdir)[0].count("\n## ") >= 5


def test_user_templates_folder_from_config(workdir):
    (workdir / "my-templates").mkdir()
    (workdir / "my-templates" / "briefing.md.j2").write_text(
        "{% for story in stories %}* {{ story.title }}\n{% endfor %}"
    )
    (workdir / "briefing.toml").write_text('templates = "my-templates"\n')
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    markdown_text, html = outputs(workdir)
    assert markdown_text.count("* ") == 5
    assert html.count("<li>") == 5


def test_verbose_log_says_when_a_seed_gets_the_default_language(workdir):
    # Danish, which briefing has no tools for: summarised in summary.language, and the log says why.
    write_seed(workdir / "seeds", "havn.txt", (
        "Havnen får ny færge\n\n"
        "Kommunen har købt en ny færge til ruten mellem byen og øen. Den skal sejle fra næste sommer. "
        "Færgen kan tage to hundrede passagerer og fyrre biler. Den gamle færge er over tredive år gammel. "
        "Borgmesteren siger, at beboerne på øen har ventet længe. Prisen er ikke blevet oplyst.\n"))
    result = run_briefing("-v", "run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    log = result.stderr.splitlines()
    assert (f"briefing: havn.txt: new: english (the default: no supported language detected), "
            f"title from its first line; in the {DAY} briefing") in log
    assert f"briefing: heatwave-harvest.txt: new: english (detected), title from its file name; in the {DAY} briefing" in log


def test_verbose_logs_every_file_looked_at_its_language_title_and_fate(workdir):
    write_seed(workdir / "seeds", "short.txt", "Hello there")
    write_seed(workdir / "seeds", "bad-date.md", "---\ndate: soon\n---\n\n" + article_text("ferry").split("\n\n", 1)[1])
    (workdir / "seeds" / ".hidden").write_text("x")
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    (workdir / "seeds" / "ferry.txt.meta.toml").write_text('title = "Ferry back on its route"\n')
    result = run_briefing("-v", "run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    log = result.stderr.splitlines()
    assert f"briefing: harbour-bridge-reopens.txt: new: english (detected), title from its first line; in the {DAY} briefing" in log
    assert f"briefing: heatwave-harvest.txt: new: english (detected), title from its file name; in the {DAY} briefing" in log
    assert f"briefing: community-solar-cooperative.md: new: english (its lang), title from its front matter; in the {DAY} briefing" in log
    assert f"briefing: city-library-ends-late-fees.html: new: english (detected), title from the page's metadata; in the {DAY} briefing" in log
    assert f"briefing: ferry.txt: new: english (detected), title from its sidecar; in the {DAY} briefing" in log
    assert "briefing: skipped short.txt: too short to summarise: 2 words" in log
    assert "briefing: ignored .hidden: hidden file" in log
    assert "briefing: bad-date.md: front matter 'date' is not a date briefing can read ('soon'): left out" in log
    assert f"briefing: bad-date.md: new: english (detected), title from its file name; in the {DAY} briefing" in log
    # Again: each file is looked at, and found unchanged; -v may come after the command too.
    again = run_briefing("run", "--date", DAY, "-v", cwd=workdir)
    names = sorted(p.name for p in (workdir / "seeds").iterdir() if not p.name.startswith(".") and not p.name.endswith(".meta.toml"))
    assert [line for line in again.stderr.splitlines() if "unchanged since the last run" in line] == [
        f"briefing: {name}: unchanged since the last run (same size and time)" for name in names]
    # Without -v: the warnings and skips only.
    write_seed(workdir / "seeds", "bad-date.md", "---\ndate: later\n---\n\n" + article_text("tram").split("\n\n", 1)[1])
    quiet = run_briefing("run", "--date", DAY, cwd=workdir)
    assert quiet.stderr == "briefing: bad-date.md: front matter 'date' is not a date briefing can read ('later'): left out\n"


FRENCH = ("Le conseil municipal a voté lundi soir la fermeture du vieux pont pour des travaux de six mois. "
          "Les habitants devront passer par le nouveau pont au nord de la ville pendant toute la durée du chantier. "
          "Selon le maire, les travaux coûteront près de deux millions d'euros et seront payés par la région. "
          "Les commerçants du quartier craignent une baisse de leur chiffre d'affaires pendant l'hiver.")


@pytest.mark.parametrize("site_language, page, marked, other", [("english", "en", "fr", "French"),
                                                                 ("french", "fr", "en", "English")])
def test_the_page_is_in_the_templates_language_and_a_story_in_another_is_marked(
        workdir, site_language, page, marked, other):
    """The page's lang is `site.language` (its own words are the templates'), whatever `summary.language`
    says; each story whose language differs has its own text marked with its language."""
    write_seed(workdir / "seeds", "pont.txt", f"Le vieux pont ferme pour six mois\n\n{FRENCH}\n")
    (workdir / "briefing.toml").write_text(f'[summary]\nlanguage = "french"\n\n[site]\nlanguage = "{site_language}"\n'
                                           '\n[briefing]\ntop_stories = 0\n')  # every story in full
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    html = (workdir / "out" / f"{DAY}.html").read_text()
    assert f'<html lang="{page}">' in html
    assert f'xml:lang="{page}"' in (workdir / "out" / "feed.xml").read_text()
    headings = re.findall(r'<h2 id="story-[0-9a-f]+"( lang="\w+")?>(.*?)</h2>', html)
    langs = {html_module.unescape(title): lang for lang, title in headings}
    french = "Le vieux pont ferme pour six mois"
    if other == "French":
        assert langs[french] == f' lang="{marked}"' and all(v == "" for k, v in langs.items() if k != french)
    else:
        assert langs[french] == "" and all(v == f' lang="{marked}"' for k, v in langs.items() if k != french)


def test_an_empty_seeds_folder_says_what_to_put_in_it(empty_workdir):
    result = run_briefing("run", cwd=empty_workdir)
    assert result.code == 0 and "0 seeds, 0 new; nothing new" in result.stdout
    assert "holds no article yet: put .txt, .md or .html files in it" in result.stderr
    write_seed(empty_workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert "holds no article" not in run_briefing("run", cwd=empty_workdir).stderr


def test_a_state_file_name_too_long_for_the_files_beside_it_is_one_line(workdir):
    # SQLite's journal and the run's own files are named after the store: a name near the file system's
    # limit once made the store, then failed on a file beside it ("internal error", exit 70).
    from briefing.config.path_rules import MAX_NAME_BYTES, STATE_NAME_ROOM

    longest = "s" * (MAX_NAME_BYTES - STATE_NAME_ROOM)
    result = run_briefing("run", "--state", longest + "x", cwd=workdir)
    assert result.code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert f"the file name is too long ({MAX_NAME_BYTES - STATE_NAME_ROOM + 1} bytes; at most" in result.stderr
    assert not [p for p in workdir.iterdir() if p.name.startswith("sss")]
    assert not (workdir / "out").exists()
    result = run_briefing("run", "--state", longest, cwd=workdir)
    assert result.code == 0 and "5 new" in result.stdout, result.stderr


def test_every_file_kept_beside_the_state_store_fits_the_room_its_name_is_given(tmp_path):
    from briefing.config import load_config
    from briefing.config.path_rules import STATE_NAME_ROOM
    from briefing.pipeline.run import state_files

    config = load_config(cwd=tmp_path)
    state = config.paths.state
    beside = [path for path in state_files(config) if path != state]
    assert beside and all(path.parent == state.parent for path in beside)
    assert max(len(path.name) for path in beside) - len(state.name) == STATE_NAME_ROOM


def test_templates_saved_with_a_byte_order_mark_render_as_without_it(workdir):
    """A Windows editor's UTF-8 starts with U+FEFF: it began the Markdown before its heading (the page lost its
    <h1>, and "back to top" its anchor) and the CSS before its first rule (the page unstyled), silently."""
    ours = REPO / "templates"
    (workdir / "my-templates").mkdir()
    for name in ("briefing.md.j2", "page.css.j2"):
        (workdir / "my-templates" / name).write_bytes(b"\xef\xbb\xbf" + (ours / name).read_bytes())
    assert run_briefing("run", "--date", DAY, "--templates", "my-templates", cwd=workdir).code == 0
    with_mark = outputs(workdir)
    (workdir / "out").rename(workdir / "out-with-mark")
    (workdir / ".briefing").rename(workdir / "state-with-mark")
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    assert with_mark == outputs(workdir)
    assert "\ufeff" not in with_mark[0] + with_mark[1] and "<h1" in with_mark[1]
