import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.models import Article, Candidate, ScoredSentence, SeedFile, Summary
from briefing.state import State, summary_from_json, summary_to_json

DAY = dt.date(2026, 11, 25)
SEEDS = Path("/seeds")


def summary(seed="a.txt", digest="h1"):
    article = Article(seed=seed, title="T", paragraphs=("P one.", "P two."), content_hash=digest,
                      source="S", url="https://x.test", published="2026-11-24", lang="german", tags=("a", "b"))
    return Summary(article, (ScoredSentence("P one.", 0.5, 1, 0),), ("Point.",), "lexrank", terms=(("p", 2),))


def test_summary_round_trips_through_json_without_the_article_text():
    original = summary()
    text = summary_to_json(original)
    assert "P two." not in text  # the seed file keeps the text; a briefing never shows it
    restored = summary_from_json(text)
    assert restored.article.paragraphs == () and restored.article.word_count == 4
    assert restored == replace(original, article=replace(original.article, paragraphs=()))


def test_a_record_read_back_takes_its_seed_name_from_the_store():
    """An earlier release kept a seed's name cleaned in its record ("a  b.txt" as "a b.txt"): read
    back, the article's key is the name the store knows it by, so two such names stay two seeds."""
    kept = summary_to_json(summary(seed="a b.txt"))
    assert summary_from_json(kept, name="a  b.txt").article.seed == "a  b.txt"
    assert summary_from_json(kept, candidates=False, name="a  b.txt").article.seed == "a  b.txt"
    assert summary_from_json(kept).article.seed == "a b.txt"


def test_a_summary_read_without_its_candidates_is_the_summary_with_none():
    """The candidates are cut from the record before it is parsed: a sentence that reads like the cut, quotes
    and all, moves nothing."""
    from dataclasses import fields

    assert fields(Summary)[-1].name == "candidates"  # the cut relies on the record's last key
    tricky = 'He said ,"candidates":[] was "fine"}.'
    original = replace(summary(), candidates=(Candidate(tricky, 0, 1, ("said",), tricky),
                                              Candidate("Two.", 1, 2, ("two",), None)),
                       sentences=(ScoredSentence(tricky, 0.5, 1, 0),), key_points=(tricky,))
    text = summary_to_json(original)
    whole = summary_from_json(text)
    assert whole.candidates == original.candidates
    # (Read whole by a story that shows them; the content hash is the store's column, not read in composing.)
    light = replace(whole, candidates=(), sentences=(), key_points=(), article=replace(whole.article, content_hash=""))
    assert summary_from_json(text, candidates=False) == light
    kept_before = text[:text.rindex(',"candidates":')] + "}"  # a record written before candidates were kept
    assert summary_from_json(kept_before, candidates=False) == light


@pytest.mark.parametrize("terms", [
    (("p", 2),),
    (('say "terms":[', 1), ("x\\", 2), ('"names":[', 1), ("a],[b", 1)),  # stems that read like the cut
    (),
])
def test_a_summary_read_with_the_terms_its_caller_holds_is_the_summary_with_those_terms(terms):
    """The terms a caller holds for a report (its row of the day's arrays) take the place of the record's,
    which are then not parsed, whatever its stems and sentences hold."""
    original = replace(summary(), terms=terms, names=("p",), title_stems=("t",), key_points=('"terms":[1]',))
    text = summary_to_json(original)
    held = tuple(reversed(terms)) + (("held", 1),)  # (not the record's own: so which were taken shows)
    read = summary_from_json(text, terms=held)
    assert read.terms is held
    assert read == replace(summary_from_json(text), terms=held)
    light = summary_from_json(text, candidates=False, terms=held)
    assert light.terms is held and light == replace(summary_from_json(text, candidates=False), terms=held)
    # A record another release wrote (json.dumps, with spaces) is read with its own terms.
    import json

    spaced = json.dumps(json.loads(text))
    assert summary_from_json(spaced, terms=held).terms == terms


def test_a_summary_kept_before_language_and_title_from_were_loads_without_them():
    import json

    original = replace(summary(), language="german",
                       article=replace(summary().article, title_from="front matter", author="Ana Ruiz"))
    data = json.loads(summary_to_json(original))
    assert data["language"] == "german" and data["article"]["title_from"] == "front matter"
    del data["language"], data["article"]["title_from"]
    restored = summary_from_json(json.dumps(data))
    assert restored.language == "" and restored.article.title_from is None
    assert restored.article.author == "Ana Ruiz" and restored.key_points == ("Point.",)


def test_a_store_of_the_first_schema_is_migrated(tmp_path):
    # Schema 1 kept a summary's terms as one "stem:count stem:count" string.
    import json
    import sqlite3

    from briefing.state.migrations import SCHEMA_VERSION, STEPS

    path = tmp_path / "s.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    STEPS[0](db, None)
    data = json.loads(summary_to_json(summary()))
    data["terms"] = "bridg:3 harbour:2"
    db.execute("INSERT INTO seeds VALUES (?, '/seeds/a.txt', 10, 1, 'h1', ?, NULL, ?, 'x')",
               (str((tmp_path / "out").resolve()), DAY.isoformat(), json.dumps(data)))
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.close()
    with State(path, tmp_path / "out", SEEDS) as state:
        (restored,) = state.summaries_for_day(DAY)
        assert state.known_stats() == {"a.txt": (10, 1, None)}  # absolute paths became names in the seeds folder
    assert restored.terms == (("bridg", 3), ("harbour", 2))
    assert restored.article.seed == "a.txt"
    version = sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)


def test_a_seed_of_the_same_content_is_looked_for_among_those_with_its_hash_alone(tmp_path):
    """Each seed a run summarises is looked for among the seeds in a briefing with its content (twins). Served by
    schema 16's index of versions, the look walked every seed's entry: a first run or a rebuild of 10,000 seeds
    walked 10,000 entries 10,000 times. Work counted in SQLite's steps: the same in a store of 400 seeds as
    in one of 20."""

    def looked_for(count: int) -> tuple[tuple, int]:
        with State(tmp_path / f"{count}.db", tmp_path / "out", SEEDS) as state:
            with state.transaction():
                for k in range(count):
                    state.record_summary(SeedFile(f"{k}.txt", 10, k), summary(f"{k}.txt", f"h{k}"), DAY, "s")
                state.record_failure(SeedFile("bad.txt", 3, 3), "h1", "empty")
            steps: list[int] = []
            state._db.set_progress_handler(lambda: steps.append(1), 1)
            found = (state.seed_with_content("h7", other_than="new.txt"), state.seed_with_content("h7", "7.txt"),
                     state.seed_with_content("h1", other_than="1.txt"), state.seed_with_content("none", "new.txt"))
            state._db.set_progress_handler(None, 1)
        return found, len(steps)

    (small, work), (big, more_work) = looked_for(20), looked_for(400)
    assert small == big == ("7.txt", None, None, None)  # (a seed without a summary is in no briefing)
    assert more_work == work, (work, more_work)


def test_what_each_run_asks_of_every_seed_is_read_from_indexes_alone(tmp_path):
    """Schema 16: the stats and content hashes of every seed, the withdrawn ones, a day's versions (whole, or
    by name) and its terms come from covering indexes, not from the table, where each row lies among records
    (adding one seed to a day of 10,000 read its 10,000 rows four times over). A store of schema 15 gains
    them, and every answer is the same."""
    import sqlite3

    from briefing.state.migrations import SCHEMA_VERSION

    path = tmp_path / "s.db"
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        for k in range(6):
            state.record_summary(SeedFile(f"{k}.txt", 10 + k, k), summary(f"{k}.txt", f"h{k}"), DAY, "new" if k else "old")
        state.record_failure(SeedFile("bad.txt", 3, 3), "hb", "empty")
        state.withdraw(["5.txt"])

    def asked(path: Path) -> tuple[tuple, list[str]]:
        statements: list[str] = []
        with State(path, tmp_path / "out", SEEDS) as state:
            state._db.set_trace_callback(statements.append)
            found = (state.known_stats(), state.known_digests(), state.withdrawn(), state.seed_versions(DAY),
                     state.seed_versions(DAY, ["0.txt", "2.txt", "bad.txt"]), state.stale_seeds([DAY], "new"))
            size, rows = state.term_rows_for_day(DAY)
            found += (size, list(rows))
            state._db.set_trace_callback(None)
            plans = [" ".join(row[3] for row in state._db.execute(f"EXPLAIN QUERY PLAN {statement}"))
                     for statement in statements if statement.startswith("SELECT")]
        return found, plans

    found, plans = asked(path)
    assert found[2] == {"5.txt": "h5"} and found[4] == {"0.txt": ("h0", "old"), "2.txt": ("h2", "new")}
    assert found[5] == ["0.txt"] and set(found[1]) == {*(f"{k}.txt" for k in range(6)), "bad.txt"}
    assert found[7] == [(f"{k}.txt", found[7][k][1]) for k in range(5)] and found[6] == 5 * len(found[7][0][1])
    assert len(plans) == 8 and all("USING COVERING INDEX" in plan for plan in plans), plans
    _as_schema_15(path)
    db = sqlite3.connect(path)
    (plan,) = db.execute("EXPLAIN QUERY PLAN SELECT name, content_hash FROM seeds WHERE out_key = 'o' AND withdrawn = 1")
    assert "COVERING" not in plan[3]  # (read from the table)
    db.close()
    assert asked(path) == (found, plans)
    version = sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)


@pytest.mark.parametrize("by_hand", ["DROP INDEX seeds_stats", "DROP INDEX seeds_terms",
                                     "CREATE INDEX seeds_versions ON seeds (day)",
                                     "CREATE INDEX seeds_withdrawn ON seeds (out_key, withdrawn)"])
def test_a_store_of_schema_15_whose_indexes_were_changed_by_hand_is_upgraded(tmp_path, by_hand):
    """An index of schema 15 dropped by hand, or one made under a name schema 16 gives its own, failed the upgrade
    ("no such index", "index ... already exists"), and so every run, until the store was mended by hand. Indexes
    hold nothing of their own: the store gets schema 16's, and its answers are the same."""
    import sqlite3

    def indexes(path: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                              "ORDER BY name").fetchall()

    path = tmp_path / "s.db"
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        state.record_summary(SeedFile("a.txt", 10, 1), summary("a.txt", "ha"), DAY, "new")
    fresh = indexes(path)
    _as_schema_15(path)
    with sqlite3.connect(path) as db:
        db.execute(by_hand)
    with State(path, tmp_path / "out", SEEDS) as state:
        assert state.seed_versions(DAY) == {"a.txt": ("ha", "new")} and state.known_digests() == {"a.txt": "ha"}
    assert indexes(path) == fresh


def test_a_store_of_schema_13_keeps_its_records_in_two_parts_and_reads_them_as_before(tmp_path):
    """Schema 14 keeps a record's candidate sentences apart, with a digest of the whole: a store upgraded
    gives back the same summaries, whole or light, with the same digests (a story remembered by them is not
    summarised again); a record that cannot be parted is kept whole."""
    import hashlib
    import sqlite3

    from briefing.state.migrations import SCHEMA_VERSION

    path = tmp_path / "s.db"
    parted = [replace(summary(f"{name}.txt", name), candidates=(Candidate(f"{name} said ,\"candidates\":[]}}.", 0, 1,
                                                                        ("said",), None),))
              for name in ("a", "b")]
    unparted = summary_to_json(summary("c.txt", "c")).replace(',"candidates":[]}', "}")  # an older release's
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        for one in parted:
            state.record_summary(SeedFile(one.article.seed, 10, 1), one, DAY)
        state.record_summary_json(SeedFile("c.txt", 10, 1), "c", unparted, DAY, "")

    def read() -> tuple:
        with State(path, tmp_path / "out", SEEDS) as state:
            return (list(state.reports_for_day(DAY, candidates=False)), list(state.reports_for_day(DAY)),
                    state.summaries_named(["a.txt", "b.txt", "c.txt"]), list(state.summaries_for_day(DAY)))

    now = read()
    wholes = [summary_to_json(replace(one, article=replace(one.article, paragraphs=()))) for one in parted] + [unparted]
    assert [digest for _, digest in now[0]] == [hashlib.sha256(w.encode()).hexdigest() for w in wholes]
    assert [s.candidates for s, _ in now[1]] == [one.candidates for one in parted] + [()]
    # The store as schema 13 kept it: every record whole, no digest.
    db = sqlite3.connect(path, isolation_level=None)
    assert db.execute("SELECT count(*) FROM seeds WHERE candidates IS NULL").fetchone() == (1,)
    db.execute("""UPDATE seeds SET summary = substr(summary, 1, length(summary) - 1) || ',"candidates":' ||
                  candidates || '}' WHERE candidates IS NOT NULL""")
    db.execute("ALTER TABLE seeds DROP COLUMN candidates")
    db.execute("ALTER TABLE seeds DROP COLUMN record_digest")
    db.execute("UPDATE meta SET value = '13' WHERE key = 'schema_version'")
    assert sorted(text for (text,) in db.execute("SELECT summary FROM seeds")) == sorted(wholes)
    db.close()
    _as_schema_14(path, version=13)
    assert read() == now
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    kept = dict(db.execute("SELECT name, candidates FROM seeds"))
    assert kept["c.txt"] is None and kept["a.txt"].startswith('[{"text":"a said')


def _as_schema_13(path: Path) -> None:
    """The store as schema 13 kept it: every record whole, no digest."""
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("""UPDATE seeds SET summary = substr(summary, 1, length(summary) - 1) || ',"candidates":' ||
                  candidates || '}' WHERE candidates IS NOT NULL""")
    db.execute("ALTER TABLE seeds DROP COLUMN candidates")
    db.execute("ALTER TABLE seeds DROP COLUMN record_digest")
    db.close()
    _as_schema_14(path, version=13)


def _as_schema_17(path: Path, version: int = 17) -> None:
    """The store as schema 17 kept it: deliveries without whom they reached."""
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("ALTER TABLE deliveries DROP COLUMN done_with")
    db.execute("ALTER TABLE deliveries DROP COLUMN refused_since")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    db.close()


def _as_schema_16(path: Path, version: int = 16) -> None:
    """The store as schema 16 kept it: no table of links."""
    import sqlite3

    _as_schema_17(path, version)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE story_links")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    db.close()


def _as_schema_15(path: Path, version: int = 15) -> None:
    """The store as schema 15 kept it: the stats' index without content hashes, the terms' without reasons, no
    index of versions or of withdrawn seeds."""
    import sqlite3

    _as_schema_16(path, version)
    db = sqlite3.connect(path, isolation_level=None)
    for index in ("seeds_stats", "seeds_versions", "seeds_withdrawn", "seeds_terms"):
        db.execute(f"DROP INDEX {index}")
    db.execute("CREATE INDEX seeds_stats ON seeds (out_key, name, size, mtime_ns, ctime_ns)")
    db.execute("CREATE INDEX seeds_terms ON seeds (out_key, day, name, term_numbers) WHERE reason IS NULL")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    db.close()


def _as_schema_14(path: Path, version: int = 14) -> None:
    """The store as schema 14 kept it: no table of stems, no terms as numbers."""
    import sqlite3

    _as_schema_15(path, version)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP INDEX seeds_terms")
    db.execute("ALTER TABLE seeds DROP COLUMN term_numbers")
    db.execute("DROP TABLE stems")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    db.close()


def _terms_kept(state: State, day: dt.date) -> dict[str, list[tuple[str, int]] | None]:
    """Each report's terms as the store keeps them beside its record, read back as (stem, count)."""
    from array import array

    kept = {}
    for name, blob in state.term_rows_for_day(day)[1]:
        if blob is None:
            kept[name] = None
            continue
        both = array("I", blob)
        numbers, counts = both[:len(both) // 2], both[len(both) // 2:]
        stems = state.stems_numbered(list(numbers))
        kept[name] = [(stems[number], count) for number, count in zip(numbers, counts)]
    return kept


def test_each_records_terms_are_kept_beside_it_as_numbers_and_an_upgraded_store_numbers_its_own(tmp_path):
    """Schema 15 numbers every stem once and keeps each record's terms as numbers: a day's terms are read
    for grouping as arrays. Written with a record, moved with it to a twin, gone with it; a store of schema
    14 numbers the records it has."""
    import sqlite3

    path = tmp_path / "s.db"
    terms = {"a.txt": (("flood", 3), ("río", 2), ("p", 1)), "b.txt": (("flood", 1), ("meridia", 4)), "c.txt": ()}
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        for name, its in terms.items():
            state.record_summary(SeedFile(name, 10, 1), replace(summary(name, name), terms=its), DAY)
        state.record_twin(SeedFile("d.txt", 10, 1), "b.txt", "b.txt")
        kept = _terms_kept(state, DAY)
    assert kept == {name: list(its) for name, its in terms.items()}
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*), count(DISTINCT stem) FROM stems").fetchone() == (4, 4)  # flood once
    db.close()
    _as_schema_14(path)
    with State(path, tmp_path / "out", SEEDS) as state:
        assert _terms_kept(state, DAY) == kept
        # b.txt's content changes: its twin d.txt takes its article over, terms and all; a.txt is withdrawn.
        state.record_summary(SeedFile("b.txt", 11, 2), replace(summary("b.txt", "b2"), terms=(("dam", 1),)), DAY)
        state.withdraw(["a.txt"])
        assert _terms_kept(state, DAY) == {"b.txt": [("dam", 1)], "c.txt": [], "d.txt": kept["b.txt"]}
    db = sqlite3.connect(path)
    assert db.execute("SELECT term_numbers FROM seeds WHERE name = 'a.txt'").fetchone() == (None,)


def test_a_record_that_is_not_utf8_is_left_as_it_was_by_the_upgrade_and_the_other_days_read(tmp_path):
    """A record damaged into bytes that are not UTF-8 fails only the reading of its own day, as before schema 14:
    the upgrade leaves it as it was rather than refusing the whole store."""
    import sqlite3

    from briefing.errors import OutputError

    path, other = tmp_path / "s.db", DAY - dt.timedelta(days=1)
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        state.record_summary(SeedFile("a.txt", 10, 1), summary("a.txt", "h1"), DAY)
        state.record_summary(SeedFile("b.txt", 10, 1), summary("b.txt", "h2"), other)
    _as_schema_13(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE seeds SET summary = CAST(CAST(summary AS BLOB) || x'ff' AS TEXT) WHERE name = 'b.txt'")
    db.commit()
    damaged = db.execute("SELECT CAST(summary AS BLOB) FROM seeds WHERE name = 'b.txt'").fetchone()
    db.close()
    with State(path, tmp_path / "out", SEEDS) as state:
        assert [s.article.seed for s in state.summaries_for_day(DAY)] == ["a.txt"]
        with pytest.raises(OutputError, match="Could not decode to UTF-8"):
            list(state.reports_for_day(other, candidates=False))
    db = sqlite3.connect(path)
    assert db.execute("SELECT CAST(summary AS BLOB), candidates, record_digest FROM seeds WHERE name = 'b.txt'"
                      ).fetchone() == (*damaged, None, None)


@pytest.mark.parametrize("twin", [False, True])
def test_a_record_lost_from_its_head_is_written_over_when_its_seed_changes(tmp_path, twin):
    """A record whose head is gone (NULL) but whose candidates are still there: the seed's new summary
    takes its place, as when the whole record was gone; only a twin due to inherit it finds it damaged."""
    import sqlite3

    from briefing.errors import OutputError

    path = tmp_path / "s.db"
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        state.record_summary(SeedFile("a.txt", 10, 1), summary("a.txt", "h1"), DAY)
        if twin:
            state.record_twin(SeedFile("b.txt", 10, 1), "h1", "a.txt")
    db = sqlite3.connect(path)
    assert db.execute("UPDATE seeds SET summary = NULL WHERE name = 'a.txt' AND candidates IS NOT NULL").rowcount == 1
    db.commit()
    db.close()
    with State(path, tmp_path / "out", SEEDS) as state:
        if twin:
            with pytest.raises(OutputError, match="is damaged \\(a stored value cannot be read"):
                state.record_summary(SeedFile("a.txt", 11, 2), summary("a.txt", "h2"), DAY)
            return
        state.record_summary(SeedFile("a.txt", 11, 2), summary("a.txt", "h2"), DAY)
        (restored,) = state.summaries_for_day(DAY)
    assert restored.article.content_hash == "h2"


@pytest.mark.parametrize("record", ["{not json", "{}", "[1]"])
def test_a_record_that_cannot_be_upgraded_is_a_damaged_store_not_a_bad_version(tmp_path, record):
    import sqlite3

    from briefing.errors import OutputError
    from briefing.state.migrations import STEPS

    path = tmp_path / "s.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    STEPS[0](db, None)
    db.execute("INSERT INTO seeds VALUES (?, '/seeds/a.txt', 10, 1, 'h1', ?, NULL, ?, 'x')",
               (str((tmp_path / "out").resolve()), DAY.isoformat(), record))
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.close()
    with pytest.raises(OutputError) as raised:
        State(path, tmp_path / "out", SEEDS)
    assert "is damaged (a stored value cannot be read while upgrading it" in str(raised.value)


def test_records_belong_to_one_output_folder(tmp_path):
    db = tmp_path / "state.sqlite3"
    seed = SeedFile("a.txt", 10, 1)
    with State(db, tmp_path / "out-a", SEEDS) as state, state.transaction():
        state.record_summary(seed, summary(), DAY)
    with State(db, tmp_path / "out-b", SEEDS) as state:
        assert state.known_stats() == {}
        assert list(state.summaries_for_day(DAY)) == []
    with State(db, tmp_path / "out-a", SEEDS) as state:
        assert state.known_stats() == {"a.txt": (10, 1, None)}
        assert [s.article.seed for s in state.summaries_for_day(DAY)] == ["a.txt"]


@pytest.mark.parametrize("changed", [False, True])
def test_a_days_reports_read_with_their_terms_unshared_are_the_same_reports_each_with_its_own_pairs(tmp_path, changed):
    # A caller that holds the terms otherwise (compose/numbered_terms.held_terms) lets each report's tuple
    # go as it is read: pairs shared with the reports read before would be held to the end of the day's read.
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with state.transaction():
            for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"):
                state.record_summary(SeedFile(name, 10, 1), summary(name, f"h-{name}"), DAY)
        known = state.reports_by_name(DAY)
        if changed:  # (the few records changed since a warm day was read are read by name, the rest known)
            with state.transaction():
                state.record_summary(SeedFile("a.txt", 11, 2), summary("a.txt", "h-a2"), DAY)
                state.record_summary(SeedFile("b.txt", 11, 2), summary("b.txt", "h-b2"), DAY)
        given = known if changed else None
        shared = list(state.reports_for_day(DAY, candidates=False, known=given))
        unshared = list(state.reports_for_day(DAY, candidates=False, known=given, held=lambda name: None))
    assert unshared == shared and [len(s.terms) for s, _ in shared] == [1] * 5
    assert shared[0][0].terms[0] is shared[1][0].terms[0]
    assert unshared[0][0].terms[0] is not unshared[1][0].terms[0]


def test_a_day_read_again_parses_only_the_records_changed_since(tmp_path):
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with state.transaction():
            for name in ("a.txt", "b.txt", "c.txt"):
                state.record_summary(SeedFile(name, 10, 1), summary(name, f"h-{name}"), DAY)
        known = state.reports_by_name(DAY)
        assert sorted(known) == ["a.txt", "b.txt", "c.txt"]
        with state.transaction():
            state.record_summary(SeedFile("b.txt", 11, 2), replace(summary("b.txt", "h-b2"), title_stems=("new",)), DAY)
            state.record_summary(SeedFile("d.txt", 10, 1), summary("d.txt", "h-d"), DAY)
        again = list(state.reports_for_day(DAY, candidates=False, known=known))
        fresh = list(state.reports_for_day(DAY, candidates=False))
        assert again == fresh  # the same summaries, the same digests
        reused = [name for (report, _), name in zip(again, "abcd") if report is known.get(f"{name}.txt", (0, 0))[1]]
        assert reused == ["a", "c"]  # the same objects: not parsed again
        assert again[1][0].title_stems == ("new",)
        with pytest.raises(ValueError):
            list(state.reports_for_day(DAY, candidates=True, known=known))
        assert state.report_count(DAY) == 4
        # The same content summarised with other settings is another record: read again.
        known = state.reports_by_name(DAY)
        with state.transaction():
            state.record_summary(SeedFile("c.txt", 10, 1), replace(summary("c.txt", "h-c.txt"), title_stems=("other",)),
                                 DAY, settings="other settings")
        again = list(state.reports_for_day(DAY, candidates=False, known=known))
        assert again == list(state.reports_for_day(DAY, candidates=False))
        assert [report is known[name].summary for (report, _), name in zip(again, sorted(known))] == [
            True, True, False, True]
        assert again[2][0].title_stems == ("other",)


def test_a_failed_transaction_leaves_nothing(tmp_path):
    seed = SeedFile("a.txt", 10, 1)
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with pytest.raises(RuntimeError):
            with state.transaction():
                state.record_summary(seed, summary(), DAY)
                raise RuntimeError("disk full")
        assert state.known_stats() == {}


def test_a_dry_run_sees_its_changes_and_keeps_none(tmp_path):
    seed = SeedFile("a.txt", 10, 1)
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS, dry_run=True) as state:
        with state.transaction():
            state.record_summary(seed, summary(), DAY)
        assert state.known_stats() == {"a.txt": (10, 1, None)}
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        assert state.known_stats() == {}


def test_duplicates_are_found_by_content_hash(tmp_path):
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state, state.transaction():
        state.record_summary(SeedFile("a.txt", 10, 1), summary(), DAY)
        assert state.seed_with_content("h1", other_than="b.txt") == "a.txt"
        assert state.seed_with_content("h1", other_than="a.txt") is None


def test_failures_are_remembered_but_not_in_briefings(tmp_path):
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with state.transaction():
            state.record_failure(SeedFile("bad.txt", 3, 1), None, "binary file")
        assert state.known_stats() == {"bad.txt": (3, 1, None)}
        assert state.days() == []


def test_newer_schema_is_refused(tmp_path):
    import sqlite3
    from briefing.errors import OutputError

    State(tmp_path / "s.db", tmp_path / "out", SEEDS).close()
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(OutputError, match="newer briefing"):
        State(tmp_path / "s.db", tmp_path / "out", SEEDS)


def test_corrupt_state_file_is_a_clear_error(tmp_path):
    from briefing.errors import OutputError

    (tmp_path / "s.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match="state store"):
        State(tmp_path / "s.db", tmp_path / "out", SEEDS)


# --- records read back as they were written --------------------------------------------------------------

_texts = st.text(max_size=40)
_maybe = st.none() | _texts
_articles = st.builds(
    Article, seed=_texts, title=_texts, paragraphs=st.just(()), content_hash=_texts, source=_maybe, url=_maybe,
    published=_maybe, lang=_maybe, tags=st.tuples(_texts) | st.just(()), word_count=st.integers(0, 10**6),
    section=_maybe, author=_maybe, title_from=_maybe)
_scores = st.floats(allow_nan=False, allow_infinity=False)
_summaries = st.builds(
    Summary, article=_articles,
    sentences=st.lists(st.builds(ScoredSentence, _texts, _scores, st.integers(), st.integers()), max_size=3).map(tuple),
    key_points=st.lists(_texts, max_size=3).map(tuple), algorithm=_texts, language=_texts,
    terms=st.lists(st.tuples(_texts, st.integers(0, 99)), max_size=5).map(tuple),
    names=st.lists(_texts, max_size=3).map(tuple), title_stems=st.lists(_texts, max_size=3).map(tuple),
    candidates=st.lists(st.builds(Candidate, _texts, st.integers(), st.integers(),
                                  st.lists(_texts, max_size=3).map(tuple), _maybe), max_size=3).map(tuple))


@settings(max_examples=300, deadline=None)
@given(_summaries)
def test_any_summary_reads_back_as_it_was_written(original):
    """Every field, of every type, and any text (quotes, escapes, the record's own keys, any code point)."""
    from briefing.state.records import record_digest, record_parts, whole_record

    text = summary_to_json(original)
    assert summary_from_json(text) == original
    light = replace(original, candidates=(), sentences=(), key_points=(),
                    article=replace(original.article, content_hash=""))
    assert summary_from_json(text, candidates=False) == light
    # As the store keeps it: the candidates apart, the head alone reading as the summary without them.
    head, candidates, digest = record_parts(text)
    assert candidates is not None and whole_record(head, candidates) == text and digest == record_digest(text)
    assert summary_from_json(head, candidates=False) == light


@settings(max_examples=300, deadline=None)
@given(_summaries)
def test_a_record_holds_what_json_dumps_of_its_fields_wrote(original):
    """Records written before msgspec wrote them: the same keys in the same order, the same values, no
    spaces, non-ASCII as it is (a float may be spelled another way: 1e-05 as 0.00001)."""
    import json
    from dataclasses import asdict

    without_text = replace(original, article=replace(original.article, paragraphs=("Text.",)))
    written = summary_to_json(without_text)
    before = json.dumps(asdict(original), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(written, object_pairs_hook=list) == json.loads(before, object_pairs_hook=list)
    floats = [float(value) for value in re.findall(r'"score":([^,]+),', before)]
    if not any(abs(value) >= 1e16 or 0 < abs(value) < 1e-4 for value in floats):  # written in E notation
        assert written == before


def test_reports_read_together_share_their_terms_and_a_record_is_not_trusted_to_lack_text():
    import json

    first, second = summary("a.txt"), summary("b.txt")
    shared: dict = {}
    a, b = (summary_from_json(summary_to_json(s), shared=shared) for s in (first, second))
    assert a.terms == b.terms == (("p", 2),) and a.terms[0] is b.terms[0]
    # The words every report of a day repeats are held once.
    first, second = (replace(s, language="english", article=replace(s.article, source="Example Daily News",
                                                                        section="Business", title_from="first line"))
                     for s in (first, second))
    a, b = (summary_from_json(summary_to_json(s), shared=shared) for s in (first, second))
    assert (a.algorithm, a.language, a.article.source, a.article.lang, a.article.section, a.article.title_from) \
        == ("lexrank", "english", "Example Daily News", "german", "Business", "first line")
    for field in ("algorithm", "language"):
        assert getattr(a, field) is getattr(b, field)
    for field in ("source", "lang", "section", "title_from"):
        assert getattr(a.article, field) is getattr(b.article, field)
    data = json.loads(summary_to_json(first))
    data["article"]["paragraphs"] = ["Text a store should not hold."]
    assert summary_from_json(json.dumps(data)).article.paragraphs == ()


def test_a_rating_a_ranker_could_not_give_is_stored_as_no_opinion(monkeypatch):
    """JSON has no NaN (msgspec writes null, which a float field refuses): every score a summary holds is finite."""
    import math

    from briefing.config import SummarySettings
    from briefing.summarize.article import summarize_article
    from briefing.summarize.newsrank import NewsRankSummarizer

    real = NewsRankSummarizer.rankings

    def rankings(self, *args, **kwargs):
        order, ratings, plain = real(self, *args, **kwargs)
        return order, [math.nan, math.inf, *ratings[2:]], plain

    monkeypatch.setattr(NewsRankSummarizer, "rankings", rankings)
    article = Article(seed="a.txt", title="Council votes", content_hash="h", paragraphs=(
        "The council voted on Monday to build a new bridge over the river.",
        "The bridge will cost four million pounds and open in two years.",
        "Residents had asked for a crossing for more than a decade."))
    summary = summarize_article(article, SummarySettings(sentences=3), 500, "newsrank")
    assert len(summary.sentences) == 3 and all(math.isfinite(s.score) for s in summary.sentences)
    assert summary_from_json(summary_to_json(summary)).sentences == summary.sentences


def test_a_migration_step_that_fails_after_sqlite_rolled_back_tells_its_own_error(tmp_path, monkeypatch):
    # A full disk makes SQLite roll the transaction back itself; the step's error must not be hidden
    # behind "cannot rollback - no transaction is active".
    import sqlite3

    from briefing.state import migrations

    def disk_full(db, context):
        db.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrations, "STEPS", (disk_full, *migrations.STEPS[1:]))
    with pytest.raises(Exception, match="database or disk is full"):
        State(tmp_path / "state.sqlite3", tmp_path / "out", tmp_path / "seeds")


def test_a_store_that_cannot_be_used_is_let_go_at_once(tmp_path):
    # The damaged store stayed open until the garbage collector came by: in `briefing schedule` each
    # failing run kept one more open meanwhile.
    import gc
    import os

    from briefing.errors import OutputError

    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"not a database " * 1000)
    gc.disable()
    try:
        with pytest.raises(OutputError, match="is damaged"):
            State(path, tmp_path / "out", tmp_path / "seeds")
        held = [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == str(path)]
    finally:
        gc.enable()
    assert not held


def test_a_days_stories_written_a_batch_at_a_time_keep_what_one_write_keeps(tmp_path, monkeypatch):
    """A big day's stories are recorded a few at a time (never all their rows at once); what the store keeps is
    the same: stories unchanged are not made again, changed ones replaced, those the day no longer shows gone."""
    from briefing.state import story_records
    from briefing.state.records import KeptStory

    made: list[str] = []

    def story(anchor: str, seeds: list[str], title: str = "A title") -> KeptStory:
        return KeptStory(anchor=anchor, title=title, seeds=seeds, shown=[f"{anchor} said."], first=None,
                         features=lambda: made.append(anchor) or {"terms": [[anchor, 1]], "names": []})

    def kept(state: State) -> dict[str, tuple]:
        return {row[0]: row[1:] for row in state._rows("SELECT anchor, title, features, reports FROM stories")}

    day = dt.date(2026, 3, 2)
    found = {}
    for per_write in (2, 500):
        monkeypatch.setattr(story_records, "STORIES_PER_WRITE", per_write)
        made.clear()
        with State(tmp_path / f"{per_write}.db", tmp_path / "out", SEEDS) as state:
            with state.transaction():
                state.record_stories(day, (story(f"s{k}", [f"{k}.md"]) for k in range(5)))
            assert sorted(made) == [f"s{k}" for k in range(5)]
            made.clear()
            with state.transaction():  # s1 and s3 gone, s2 grown by a report, s4 retitled, s5 new
                state.record_stories(day, iter([story("s0", ["0.md"]), story("s2", ["2.md", "9.md"]),
                                                story("s4", ["4.md"], "Another title"), story("s5", ["5.md"])]))
            assert sorted(made) == ["s2", "s5"]  # s0 and s4 have their reports: their features are read back
            found[per_write] = kept(state)
    assert sorted(found[2]) == ["s0", "s2", "s4", "s5"]
    assert found[2]["s4"][0] == "Another title" and '"9.md"' in found[2]["s2"][2]
    assert found[2] == found[500]


def test_the_reports_of_a_story_that_held_an_anchor_read_from_a_damaged_record_name_none(tmp_path):
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state, state.transaction():
        key = (state.out_key, DAY.isoformat())
        for anchor, reports in (("story-1", '[["a.md", "h", "s"]]'), ("story-2", "[[]]"), ("story-3", '{"x": 1}'),
                                ("story-4", "not json"), ("story-5", None)):
            state._db.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              (*key, anchor, "T", "{}", "[]", None, reports))
        found = state.stories_holding(DAY, [f"story-{k}" for k in range(1, 7)])
    assert found == {"story-1": frozenset({"a.md"}), "story-2": frozenset(), "story-5": frozenset()}


def test_stems_numbered_in_a_transaction_undone_are_not_given_to_a_record_later(tmp_path):
    """A stem numbered in a transaction that is undone: its number went back, and the next new stem took it;
    a later record with the first stem was written with that number, and read as the other stem."""
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with pytest.raises(RuntimeError), state.transaction():
            state.record_summary(SeedFile("a.txt", 10, 1), replace(summary("a.txt", "a"), terms=(("flood", 1),)), DAY)
            raise RuntimeError("a failure before the transaction's end")
        with state.transaction():
            state.record_summary(SeedFile("b.txt", 10, 1), replace(summary("b.txt", "b"), terms=(("quake", 2),)), DAY)
        with state.transaction():
            state.record_summary(SeedFile("c.txt", 10, 1), replace(summary("c.txt", "c"), terms=(("flood", 3),)), DAY)
        assert _terms_kept(state, DAY) == {"b.txt": [("quake", 2)], "c.txt": [("flood", 3)]}


def test_the_days_before_count_each_day_once_as_composed_now(tmp_path):
    """A run that composes a day and the day after it (seeds for both, or a later day composed again with an
    earlier one written now) weighed the later day's words with the earlier day counted twice: as it was
    stored, and as composed now. It counts once, as now; what was stored is digested whole, to remember links."""
    from briefing.pipeline.days import _day_terms

    before, yesterday = DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=1)
    with State(tmp_path / "s.db", tmp_path / "out", SEEDS) as state:
        with state.transaction():
            state.record_day_terms(before, 3, {"bridg": 2})
            state.record_day_terms(yesterday, 4, {"bridg": 1, "harbour": 4})
        stored, digest = _day_terms(state, DAY, {})
        assert sorted(stored) == [(3, {"bridg": 2}), (4, {"bridg": 1, "harbour": 4})] and digest
        now, none = _day_terms(state, DAY, {yesterday: (5, {"harbour": 5}), DAY: (9, {"ferri": 9})})
        assert sorted(now) == [(3, {"bridg": 2}), (5, {"harbour": 5})] and none is None
        with state.transaction():
            state.record_day_terms(yesterday, 5, {"harbour": 5})
        assert _day_terms(state, DAY, {})[1] not in (digest, None)


def test_a_store_that_fails_to_be_read_at_opening_is_said_to_fail_not_to_be_damaged(tmp_path, monkeypatch):
    """SQLite fails the first read of a store whose -shm file it cannot grow (a full disk, an I/O error):
    that was taken for a store without its schema version, "damaged", with the advice to move it aside,
    after which every seed would be read as news again."""
    import sqlite3

    from briefing.errors import OutputError
    from briefing.state import migrations

    path = tmp_path / "s.db"
    with State(path, tmp_path / "out", SEEDS) as state, state.transaction():
        state.record_summary(SeedFile("a.txt", 10, 1), summary("a.txt", "h1"), DAY)

    def failing(db):
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "current_version", failing)
        with pytest.raises(OutputError) as raised:
            State(path, tmp_path / "out", SEEDS)
    assert str(raised.value) == f"state store {path}: disk I/O error"
    with State(path, tmp_path / "out", SEEDS) as state:  # the store itself is whole
        assert [s.article.seed for s in state.summaries_for_day(DAY)] == ["a.txt"]
