"""The day's editor, end to end through the CLI: importance, the reading budget, sections, developing stories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import age_files, article_text, run_briefing, story_titles, write_seed

DAY, NEXT_DAY = "2026-11-24", "2026-11-25"


def report(event: str, outlet: int, section: str | None = None, extra: str = "") -> str:
    """A report of `event` by outlet number `outlet`: the event's sentences and one of the outlet's own."""
    front = f"title: {event.capitalize()} report by outlet {outlet}\nsource: Outlet {outlet}\n"
    if section:
        front += f"section: {section}\n"
    body = article_text(event, sentences=8).split("\n\n", 1)[1]
    return f"---\n{front}---\n\n{body}\nOutlet {outlet} reporters counted {outlet + 7} witnesses at the scene.{extra}\n"


def run_day(workdir: Path, day: str = DAY):
    age_files(workdir / "seeds")
    result = run_briefing("run", "--date", day, cwd=workdir)
    assert result.code == 0, result.stderr
    return json.loads((workdir / "out" / f"{day}.json").read_text(encoding="utf-8"))


def write_events(workdir: Path, sizes: tuple[int, ...]) -> Path:
    """Event k told by k outlets (event2-0.md, event2-1.md, ...) in the seeds folder, which is returned."""
    seeds = workdir / "seeds"
    for k in sizes:
        for outlet in range(k):
            write_seed(seeds, f"event{k}-{outlet}.md", report(f"event{k}", outlet))
    return seeds


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=values.__getitem__)
        result = [0.0] * len(values)
        i = 0
        while i < len(order):  # ties share their mean rank
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2
            i = j + 1
        return result

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5


def test_stories_told_by_more_sources_come_first(empty_workdir):
    seeds = empty_workdir / "seeds"
    # Event k is told by k outlets; written in an order that says nothing of it.
    for k in (3, 1, 6, 2, 5, 4):
        for outlet in range(k):
            write_seed(seeds, f"event{k}-{outlet}.md", report(f"event{k}", outlet))
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 0\n")
    day = run_day(empty_workdir)
    counts = [len(story["reports"]) for story in day["stories"]]
    assert sorted(counts) == [1, 2, 3, 4, 5, 6]  # each event one story, every report kept
    assert counts == [6, 5, 4, 3, 2, 1]
    importances = [story["importance"] for story in day["stories"]]
    assert importances == sorted(importances, reverse=True)
    assert spearman([-i for i in range(len(counts))], counts) == 1.0
    # Each report's outlet is named among the story's sources.
    first = day["stories"][0]
    assert {r["source"] for r in first["reports"]} == {f"Outlet {n}" for n in range(6)}


def test_a_line_under_also_today_names_its_sources_and_never_repeats_a_headline_for_one(empty_workdir):
    seeds = write_events(empty_workdir, (3, 2))
    # A plain text seed has no source and no address: its line is its headline and first sentence.
    write_seed(seeds, "plain.txt", article_text("harbour", sentences=6))
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 1\n")
    day = run_day(empty_workdir)
    also = (empty_workdir / "out" / f"{DAY}.md").read_text(encoding="utf-8").split("## Also today", 1)[1]
    lines = {story["title"]: next(line for line in also.splitlines() if story["title"] in line)
             for story in day["stories"] if not story["in_full"]}
    plain = next(story for story in day["stories"] if story["reports"][0]["path"] == "plain.txt")
    assert lines[plain["title"]] == f"- **{plain['title']}**: {plain['summary'][0]['text']}"
    told = next(story for story in day["stories"] if not story["in_full"] and story is not plain)
    assert lines[told["title"]].startswith(f"- **{told['title']}** · Outlet ")


def test_the_reading_budget_gives_the_top_stories_in_full_and_the_rest_one_line_each(empty_workdir):
    seeds = empty_workdir / "seeds"
    for k in range(1, 7):
        for outlet in range(k):
            write_seed(seeds, f"event{k}-{outlet}.md", report(f"event{k}", outlet))
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 2\n")
    day = run_day(empty_workdir)
    assert [story["in_full"] for story in day["stories"]] == [True, True, False, False, False, False]
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert story_titles(markdown)[:2] == [s["title"] for s in day["stories"][:2]]
    also = markdown.split("## Also today", 1)[1]
    for story in day["stories"][2:]:
        line = next(line for line in also.splitlines() if story["title"] in line)
        assert line.startswith("- **") and story["summary"][0]["text"] in line  # headline, sources, first sentence
    # The contents list only the stories in full (and the way to the rest).
    contents = markdown.split("## Contents", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"\(#story-", contents)) == 2 and "(#also-today)" in contents
    # Every story has its anchor on the page, one line or in full: a later day's "first reported on" finds it.
    page = (empty_workdir / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert all(page.count(f'id="{story["anchor"]}"') == 1 for story in day["stories"])
    # The key points of the day come from the top stories, one each.
    assert [p["path"] for p in day["key_points"]][:2] and {p["path"] for p in day["key_points"]} <= {
        r["path"] for s in day["stories"][:2] for r in s["reports"]}

    # A reading time instead: fewer stories fit in one minute than in ten.
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 6\nreading_minutes = 1\n")
    short = run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir)
    assert short.code == 0, short.stderr
    in_one = sum(s["in_full"] for s in json.loads((empty_workdir / "out" / f"{DAY}.json").read_text())["stories"])
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 6\nreading_minutes = 10\n")
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    in_ten = sum(s["in_full"] for s in json.loads((empty_workdir / "out" / f"{DAY}.json").read_text())["stories"])
    assert 1 <= in_one < in_ten == 6


def test_sections_come_from_front_matter_tags_or_folder_in_the_configured_order(empty_workdir):
    seeds = empty_workdir / "seeds"
    write_seed(seeds / "world", "a.md", report("alpha", 0))  # the folder: World
    write_seed(seeds / "world", "b.md", report("bravo", 0, section="Business"))  # front matter wins
    tagged = report("charlie", 0).replace("source: Outlet 0\n", "source: Outlet 0\ntags: [science, space]\n")
    write_seed(seeds, "c.md", tagged)  # the first tag
    write_seed(seeds, "d.md", report("delta", 0))  # none
    write_seed(seeds / "business", "e.md", report("echo", 0))
    (empty_workdir / "briefing.toml").write_text('[briefing]\ntop_stories = 1\nsections = ["Science", "Business"]\n')
    day = run_day(empty_workdir)
    sections = {story["title"].split()[0]: story["section"] for story in day["stories"]}
    assert sections == {"Alpha": "World", "Bravo": "Business", "Charlie": "Science", "Delta": None,
                        "Echo": "Business"}
    # Below the top story: configured sections first, then the others, then the stories without one.
    rest = [sections[story["title"].split()[0]] for story in day["stories"][1:]]
    order = {"Science": 0, "Business": 1, "World": 2, None: 3}
    assert [order[s] for s in rest] == sorted(order[s] for s in rest)
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+?) \{#", markdown.split("## Also today", 1)[1], re.M)
    assert headings == [s for s in ("Science", "Business", "World") if s in rest] + ["Other news"]


def test_sections_whose_names_make_one_slug_get_ids_of_their_own(empty_workdir):
    seeds = empty_workdir / "seeds"
    for number, (name, section) in enumerate([("alpha", "Other"), ("bravo", "Sec!"), ("charlie", "Sec?"),
                                              ("delta", "a b"), ("echo", "a-b")]):
        write_seed(seeds, f"{name}.md", report(name, 0, section=section))
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 1\n")
    run_day(empty_workdir)
    page = (empty_workdir / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and sum(i.startswith("section-") for i in ids) >= 3, ids
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    anchors = re.findall(r"\{#(section-[^ }]+)", markdown)
    assert len(anchors) == len(set(anchors)), anchors


def test_a_developing_story_links_to_its_first_day_and_shows_what_is_new(empty_workdir, monkeypatch):
    from briefing.compose import stories as stories_module

    seeds = empty_workdir / "seeds"
    lead = "WASHINGTON (AP) - Senator Ellis Kavlor's water bill passed the Senate on Friday after a long debate. "
    write_seed(seeds, "bill-1.md", report("kavlor", 0).replace("\n\n", "\n\n" + lead, 1))
    write_seed(seeds, "other.md", report("unrelated", 0))
    first = run_day(empty_workdir, DAY)
    (kavlor,) = [s for s in first["stories"] if s["title"].startswith("Kavlor")]
    shown = {item["text"] for item in kavlor["summary"]}

    # The next day: the same report again from the wire (its dateline lead included), and a follow-up.
    news = " Kavlor said the House would vote on the bill next week. Farmers in three counties welcomed the vote."
    write_seed(seeds, "bill-2.md", report("kavlor", 1, extra=news).replace("\n\n", "\n\n" + lead, 1))
    write_seed(seeds, "bill-3.md", report("kavlor", 2, extra=news))
    summarised = []  # few seeds: summarised in this process, where they are counted
    real = stories_module.summarize_story
    monkeypatch.setattr(stories_module, "summarize_story",
                        lambda candidates, budget, **options: summarised.append(len(candidates)) or real(candidates, budget, **options))
    second = run_day(empty_workdir, NEXT_DAY)
    assert len(summarised) == 1  # the developing story, once: without what the first day showed
    (developing,) = [s for s in second["stories"] if s["title"].startswith("Kavlor")]
    assert developing["follows"] == {"date": DAY, "title": kavlor["title"], "anchor": kavlor["anchor"]}
    # What was shown on the first day, with or without its dateline, is not shown again.
    undated = {re.sub(r"^WASHINGTON \(AP\) - ", "", text) for text in shown}
    assert not {item["text"] for item in developing["summary"]} & (shown | undated)
    markdown = (empty_workdir / "out" / f"{NEXT_DAY}.md").read_text(encoding="utf-8")
    # The day once, with its weekday (it read "on Tuesday, Tuesday 24 November 2026").
    assert f"first reported on [Tuesday 24 November 2026]({DAY}.html#{kavlor['anchor']})." in markdown
    unrelated = [s for s in second["stories"] if s is not developing]
    assert all(s["follows"] is None for s in unrelated)

    # With no window, nothing develops.
    (empty_workdir / "briefing.toml").write_text("[briefing]\ndeveloping_days = 0\n")
    assert run_briefing("run", "--date", NEXT_DAY, "--rebuild", cwd=empty_workdir).code == 0
    again = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert all(s["follows"] is None for s in again["stories"])


def test_a_later_day_follows_the_story_as_its_first_day_shows_it_now(empty_workdir):
    # A later report joins the first day's story and becomes its lead: the next day's link names the
    # story's headline as the first day shows it now, as a rebuild would.
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "bill-1.md", report("kavlor", 0))
    write_seed(seeds, "other.md", report("unrelated", 0))
    run_day(empty_workdir, DAY)
    write_seed(seeds, "bill-2.md", report("kavlor", 1, extra=" Kavlor said the House would vote next week."))
    (developing,) = [s for s in run_day(empty_workdir, NEXT_DAY)["stories"] if s["follows"]]
    fuller = " ".join(f"The Senate clerk read clause {n} of the Kavlor bill aloud before the vote." for n in range(6))
    write_seed(seeds, "bill-9.md", report("kavlor", 9, extra=" " + fuller))  # the story keeps its anchor
    result = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert result.code == 0 and f"out/{NEXT_DAY}.json" in result.stdout  # the later day, written again
    (first,) = [s for s in json.loads((empty_workdir / "out" / f"{DAY}.json").read_text())["stories"]
                if s["anchor"] == developing["follows"]["anchor"]]
    assert first["title"] == "Kavlor report by outlet 9" != developing["follows"]["title"]
    (again,) = [s for s in json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text())["stories"]
                if s["follows"]]
    assert again["follows"] == {"date": DAY, "title": first["title"], "anchor": first["anchor"]}
    assert f"first reported on [Tuesday 24 November 2026]({DAY}.html#{first['anchor']})" in (
        empty_workdir / "out" / f"{NEXT_DAY}.md").read_text(encoding="utf-8")


def test_a_seed_more_summarises_again_only_the_story_it_joins_and_the_day_reads_as_if_made_anew(
    empty_workdir, monkeypatch
):
    import sqlite3

    from briefing.compose import stories as stories_module
    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3, 4))
    (empty_workdir / "briefing.toml").write_text("jobs = 1  # stories summarised in this process, where they are counted\n")
    summarised: list[int] = []  # one entry per story summarised across its reports
    real = stories_module.summarize_story
    monkeypatch.setattr(stories_module, "summarize_story",
                        lambda candidates, budget, **options: summarised.append(len(candidates)) or real(candidates, budget, **options))
    run_day(empty_workdir)
    assert len(summarised) == 3  # every story of several reports

    # A seed more for one story: only that story is summarised again.
    summarised.clear()
    write_seed(seeds, "event3-9.md", report("event3", 9))
    remembered = run_day(empty_workdir)
    assert len(summarised) == 1
    assert [len(s["reports"]) for s in remembered["stories"]] == [4, 4, 2]

    # What is remembered no longer reads: every story is made again, and the day is the same.
    state = load_config(cwd=empty_workdir).paths.state
    with sqlite3.connect(state) as db:
        assert db.execute("UPDATE story_texts SET texts = '[[\"half'").rowcount == 3
    summarised.clear()
    write_seed(seeds, "event2-9.md", report("event2", 9))
    damaged = run_day(empty_workdir)
    assert len(summarised) == 3

    # A rebuild makes every story anew; the stories read exactly as the remembered ones did.
    summarised.clear()
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    rebuilt = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert len(summarised) == 3
    assert rebuilt["stories"] == damaged["stories"]
    by_title = {s["title"]: s for s in rebuilt["stories"]}
    (event4,) = [s for s in remembered["stories"] if s["title"].casefold().startswith("event4")]
    assert event4 == by_title[event4["title"]]  # untouched by the seeds added after it


def test_a_seed_more_finds_again_only_the_link_of_the_story_it_joins_and_the_day_reads_as_if_made_anew(
    empty_workdir, monkeypatch
):
    """A story's link to an earlier day is found against the earlier stories alone (compose/developing.py): a
    day that gains a seed finds the link of the story the seed joins, and remembers the others'."""
    import sqlite3

    from briefing.compose import developing
    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3))
    write_seed(seeds, "other-0.md", report("harbour", 0))
    run_day(empty_workdir, DAY)
    asked: list[int] = []  # how many of the day's stories each search for links was asked about
    real = developing.search_links
    monkeypatch.setattr(developing, "search_links", lambda today, *rest: asked.append(len(today)) or real(today, *rest))
    news = " Officials said a second inquiry would open next week."
    for k, event in ((2, "event2"), (3, "event3")):
        for outlet in (5, 6):
            write_seed(seeds, f"{event}-next-{outlet}.md", report(event, outlet, extra=news))
    write_seed(seeds, "fresh-0.md", report("orchard", 0))
    first = run_day(empty_workdir, NEXT_DAY)
    assert asked == [3] and sum(1 for s in first["stories"] if s["follows"]) == 2

    # A seed more for one story: only its link is found again; the others' are the links they had.
    asked.clear()
    write_seed(seeds, "event3-next-7.md", report("event3", 7, extra=news))
    grown = run_day(empty_workdir, NEXT_DAY)
    assert asked == [1]
    assert {s["anchor"]: s["follows"] for s in grown["stories"]} == {s["anchor"]: s["follows"] for s in first["stories"]}

    # What is remembered no longer reads: every link is found again, and the day is the same.
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute("UPDATE story_links SET found = '[\"half' WHERE found != 'null'").rowcount == 2
    asked.clear()
    write_seed(seeds, "fresh-1.md", report("orchard", 1))
    damaged = run_day(empty_workdir, NEXT_DAY)
    assert asked == [3] and {s["anchor"]: s["follows"] for s in damaged["stories"] if s["follows"]} == {
        s["anchor"]: s["follows"] for s in grown["stories"] if s["follows"]}

    # The earlier day changed: the links are found against it as it is now.
    asked.clear()
    write_seed(seeds, "other-1.md", report("harbour", 1))
    assert run_briefing("run", "--date", DAY, cwd=empty_workdir).code == 0
    write_seed(seeds, "fresh-2.md", report("orchard", 2))
    last = run_day(empty_workdir, NEXT_DAY)
    assert asked and asked[-1] == 3
    # Each day as a rebuild makes it, from nothing.
    days = [(empty_workdir / "out" / f"{day}.json").read_text(encoding="utf-8") for day in (DAY, NEXT_DAY)]
    assert json.loads(days[1]) == last
    assert run_briefing("run", "--date", NEXT_DAY, "--rebuild", cwd=empty_workdir).code == 0
    assert [(empty_workdir / "out" / f"{day}.json").read_text(encoding="utf-8") for day in (DAY, NEXT_DAY)] == days


def test_a_remembered_link_set_to_null_is_found_again(empty_workdir):
    """A NULL where a story's link is remembered is no link written ("follows none" is JSON null): the link
    is found again, not lost."""
    import sqlite3

    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3))
    run_day(empty_workdir, DAY)
    for k in (2, 3):
        write_seed(seeds, f"event{k}-next-5.md", report(f"event{k}", 5, extra=" A second inquiry opens next week."))
    write_seed(seeds, "fresh-0.md", report("orchard", 0))
    first = run_day(empty_workdir, NEXT_DAY)
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute("UPDATE story_links SET found = NULL WHERE found != 'null'").rowcount == 2
    write_seed(seeds, "fresh-1.md", report("orchard", 1))
    again = run_day(empty_workdir, NEXT_DAY)
    assert [s["follows"] for s in again["stories"] if s["follows"]] == [s["follows"] for s in first["stories"] if s["follows"]]
    assert sum(1 for s in again["stories"] if s["follows"]) == 2


@pytest.mark.parametrize("damage", ["shown = 'not json'", """first = '{"day": "soon"}'"""])
def test_an_earlier_story_whose_record_no_longer_reads_has_the_links_found_again(empty_workdir, monkeypatch, damage):
    """A story of the day before that no longer reads is not among the stories compared with (it weighed in
    their statistics): the links found with it are not remembered, all of them are found again."""
    import sqlite3

    from briefing.compose import developing
    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3))
    write_seed(seeds, "other-0.md", report("harbour", 0))
    run_day(empty_workdir, DAY)
    for k in (2, 3):
        write_seed(seeds, f"event{k}-next-5.md", report(f"event{k}", 5, extra=" A second inquiry opens next week."))
    write_seed(seeds, "fresh-0.md", report("orchard", 0))
    run_day(empty_workdir, NEXT_DAY)
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute(f"UPDATE stories SET {damage} WHERE day = ? AND title LIKE 'Harbour%'", (DAY,)).rowcount == 1
    asked: list[int] = []
    real = developing.search_links
    monkeypatch.setattr(developing, "search_links", lambda today, *rest: asked.append(len(today)) or real(today, *rest))
    write_seed(seeds, "fresh-1.md", report("orchard", 1))
    day = run_day(empty_workdir, NEXT_DAY)
    assert asked == [3] and sum(1 for s in day["stories"] if s["follows"]) == 2


@pytest.mark.parametrize("damage", ["df = '5'", "df = x'ff00'", "reports = 'many'",
                                    "df = (SELECT json_group_object(key, -5) FROM json_each(df))"])
def test_an_earlier_days_frequencies_that_no_longer_read_are_passed_over(empty_workdir, damage, recwarn):
    """The stem frequencies of a day before that no longer read are not counted: the next day is written. A
    count below 0 made NaN weights, and numpy's RuntimeWarnings on the terminal."""
    import sqlite3

    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3))
    run_day(empty_workdir, DAY)
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute(f"UPDATE day_terms SET {damage} WHERE day = ?", (DAY,)).rowcount == 1
    for k in (2, 3):
        write_seed(seeds, f"event{k}-next-5.md", report(f"event{k}", 5, extra=" A second inquiry opens next week."))
    day = run_day(empty_workdir, NEXT_DAY)
    assert sum(1 for s in day["stories"] if s["follows"]) == 2
    assert not [str(w.message) for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("features", ['{"terms": [["harbour", "many"]], "names": [], "title": [], "day": 1}',
                                      '{"terms": [[7, 1]], "names": [7], "title": [], "day": "monday"}',
                                      '{"terms": [["harbour", 0]], "names": [], "title": [], "day": 1}',
                                      '{"terms": [["quay", 2], ["harbour", -4]], "names": [], "title": [], "day": 1}'])
def test_an_earlier_story_whose_words_are_not_of_their_types_is_passed_over(empty_workdir, features, recwarn):
    """A story of the day before whose record reads as JSON, but not as a story's words (a count that is no
    number, or none above 0, a stem that is no text), is not compared with: the others are, and the next day is
    written. A count of 0 or below made numpy's RuntimeWarnings on the terminal, and NaN likenesses."""
    import sqlite3

    from briefing.config import load_config

    seeds = write_events(empty_workdir, (2, 3))
    write_seed(seeds, "other-0.md", report("harbour", 0))
    run_day(empty_workdir, DAY)
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute("UPDATE stories SET features = ? WHERE day = ? AND title LIKE 'Harbour%'",
                          (features, DAY)).rowcount == 1
    for k in (2, 3):
        write_seed(seeds, f"event{k}-next-5.md", report(f"event{k}", 5, extra=" A second inquiry opens next week."))
    day = run_day(empty_workdir, NEXT_DAY)
    assert sorted(s["follows"]["title"] for s in day["stories"] if s["follows"]) == [
        "Event2 report by outlet 0", "Event3 report by outlet 0"]
    assert not [str(w.message) for w in recwarn if issubclass(w.category, RuntimeWarning)]


def _made_up_event(prefix: str) -> tuple[str, str]:
    """A headline and a text in words all of their own (each made of `prefix`): two such events share no word."""
    w = [prefix + end for end in ("randel", "mostik", "verrun", "lopast", "quinder", "bastol", "nerrik", "folmun",
                                  "gastrel", "hobbin")]
    W = [word.capitalize() for word in w]
    return (f"{W[0]} {w[1]} the {w[2]}",
            f"The {w[1]} at {W[0]} said the {w[2]} had {w[3]} on Tuesday morning. "
            f"Officials from {W[4]} said the {w[5]} and the {w[6]} were closed. "
            f"Mayor {W[7]} sent the {w[8]} across the {w[9]} before noon. "
            f"Residents of {W[0]} said the {w[3]} {w[6]} had been known for weeks. "
            f"The county of {W[4]} will ask for money to mend the {w[5]}.")


@pytest.mark.parametrize("weighed", [None, "Le Média", "Le Me\u0301dia", "LE MÉDIA", "LE ME\u0301DIA"])
def test_a_sources_weight_counts_however_its_name_is_spelled_in_the_config(empty_workdir, weighed):
    """A source's weight counts whatever the case of its name, and whether its accents are written as one
    character or a letter and a combining mark (the config's editor wrote one way, the seeds the other: the
    weight was lost). Without it, the story told by two outlets leads the one told by the weighed source."""
    import unicodedata

    seeds = empty_workdir / "seeds"
    if weighed is not None:
        (empty_workdir / "briefing.toml").write_text(f'[briefing.source_weights]\n"{weighed}" = 5\n', encoding="utf-8")
    spelled = {"kav": ["Le Me\u0301dia"], "tol": ["Outlet 1", "Outlet 2"]}  # (the seed in NFD, as macOS may write it)
    for prefix, sources in spelled.items():
        title, body = _made_up_event(prefix)
        for number, source in enumerate(sources):
            write_seed(seeds, f"{prefix}-{number}.md", f"---\ntitle: {title}\nsource: {source}\n---\n\n{body}\n")
    day = run_day(empty_workdir, DAY)
    assert [s["title"].split()[0] for s in day["stories"]] == (["Tolrandel", "Kavrandel"] if weighed is None
                                                               else ["Kavrandel", "Tolrandel"])
    assert unicodedata.is_normalized("NFC", day["stories"][-1 if weighed is None else 0]["reports"][0]["source"])


def test_a_tie_between_two_earlier_stories_goes_the_same_way_in_a_rebuild(empty_workdir):
    """A story as like two stories of the day before as like each other follows the same one whether that day
    is read from the store or composed in the same run (a rebuild): the earlier stories come in one order."""
    seeds = empty_workdir / "seeds"
    # The heavier story leads its day: the day's order is not its stories' anchors' order.
    (empty_workdir / "briefing.toml").write_text('[briefing.source_weights]\n"Heavy 1" = 5\n"Heavy 2" = 5\n',
                                                  encoding="utf-8")
    for prefix, source in (("kav", "Light"), ("tol", "Heavy")):
        title, body = _made_up_event(prefix)
        for outlet in (1, 2):
            write_seed(seeds, f"{prefix}-{outlet}.md",
                       f"---\ntitle: {title}\nsource: {source} {outlet}\n---\n\n{body} Outlet {outlet} sent a reporter.\n")
    day = run_day(empty_workdir, DAY)
    assert [s["title"] for s in day["stories"]] == ["Tolrandel tolmostik the tolverrun", "Kavrandel kavmostik the kavverrun"]
    assert [s["anchor"] for s in day["stories"]] != sorted(s["anchor"] for s in day["stories"])
    for outlet in (3, 4):
        write_seed(seeds, f"both-{outlet}.md", f"---\ntitle: Both bridges to be rebuilt\nsource: Outlet {outlet}\n---\n\n"
                   "The province said Kavrandel and Tolrandel will be helped, and the kavmostik and tolmostik mended. "
                   f"Money will go to the kavverrun and tolverrun alike. Outlet {outlet} sent a reporter.\n")
    follows = run_day(empty_workdir, NEXT_DAY)["stories"][0]["follows"]
    assert follows is not None
    assert run_briefing("run", "--date", NEXT_DAY, "--rebuild", cwd=empty_workdir).code == 0
    rebuilt = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert rebuilt["stories"][0]["follows"] == follows


def test_a_day_that_gains_a_seed_groups_again_only_the_stories_the_seed_can_join(empty_workdir, monkeypatch):
    from briefing.compose import grouping

    seeds = write_events(empty_workdir, (2, 3, 4))
    clustered: list[int] = []  # how many reports each clustering is given
    real = grouping.average_link
    monkeypatch.setattr(grouping, "average_link", lambda n, *rest: clustered.append(n) or real(n, *rest))

    def sizes(day: dict) -> dict[str, int]:
        return {s["title"].split()[0].casefold(): len(s["reports"]) for s in day["stories"]}

    assert sizes(run_day(empty_workdir)) == {"event2": 2, "event3": 3, "event4": 4}
    assert clustered == [9]

    # A seed more: only it and the story it joins are clustered; the others stand as they were.
    clustered.clear()
    write_seed(seeds, "event3-9.md", report("event3", 9))
    assert sizes(run_day(empty_workdir)) == {"event2": 2, "event3": 4, "event4": 4}
    assert clustered == [4]

    # A seed rewritten to tell another event: its old story and the one it now joins are grouped again.
    clustered.clear()
    write_seed(seeds, "event4-0.md", report("event2", 5))
    assert sizes(run_day(empty_workdir)) == {"event2": 3, "event3": 4, "event4": 3}
    assert clustered == [6]

    # A seed taken out of its briefing: its story is grouped again without it.
    clustered.clear()
    assert run_briefing("remove", str(seeds / "event3-1.md"), cwd=empty_workdir).code == 0
    grown = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert sizes(grown) == {"event2": 3, "event3": 3, "event4": 3}
    assert clustered == [3]

    # Grouped from nothing, the day is the same.
    clustered.clear()
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    rebuilt = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert clustered == [9] and rebuilt["stories"] == grown["stories"]

    # What is kept of the stories no longer reads: the day is grouped from nothing, and the same.
    import sqlite3

    from briefing.config import load_config

    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert db.execute("UPDATE stories SET reports = '[[\"half'").rowcount == 3
    clustered.clear()
    assert run_briefing("run", "--date", DAY, cwd=empty_workdir).code == 0  # nothing new: nothing composed
    assert clustered == []
    write_seed(seeds, "event4-9.md", report("event4", 9))
    assert sizes(run_day(empty_workdir)) == {"event2": 3, "event3": 3, "event4": 4}
    assert clustered == [10]


def test_a_day_that_gains_a_seed_rewrites_only_the_stories_it_changed(empty_workdir, monkeypatch):
    """What the state store keeps of the stories the seed did not join is read back, not made again; what it
    keeps is what a day written from nothing keeps."""
    import sqlite3

    from briefing.compose import stories as stories_module
    from briefing.config import load_config
    from briefing.state import story_records

    seeds = write_events(empty_workdir, (2, 3, 4))
    state = load_config(cwd=empty_workdir).paths.state

    def rows() -> dict[str, tuple]:
        with sqlite3.connect(state) as db:
            found = db.execute("SELECT anchor, title, features, shown, first, reports FROM stories").fetchall()
        return {title.split()[0].casefold(): (anchor, title, *rest) for anchor, title, *rest in found}

    run_day(empty_workdir)
    before = rows()
    assert sorted(before) == ["event2", "event3", "event4"]
    merged: list[int] = []  # the reports of each story whose features are computed
    real = stories_module.merged_features
    monkeypatch.setattr(stories_module, "merged_features", lambda story: merged.append(len(story.reports)) or real(story))
    write_seed(seeds, "event3-9.md", report("event3", 9))
    run_day(empty_workdir)
    grown = rows()
    assert merged == [4]  # the story the seed joined, alone
    assert grown["event2"] == before["event2"] and grown["event4"] == before["event4"]
    assert grown["event3"] != before["event3"] and "event3-9.md" in grown["event3"][-1]
    assert json.loads(grown["event3"][2])["terms"] != json.loads(before["event3"][2])["terms"]

    # Written from nothing, the stories are kept the same; and so when recorded a story at a time, each with
    # its own reports' versions read for it.
    with sqlite3.connect(state) as db:
        db.execute("DELETE FROM stories")
    merged.clear()
    monkeypatch.setattr(story_records, "STORIES_PER_WRITE", 1)
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    assert sorted(merged) == [2, 4, 4]
    assert rows() == grown


def test_a_kept_story_that_no_longer_reads_is_passed_over_and_a_rebuild_makes_it_anew(empty_workdir):
    import sqlite3

    from briefing.config import load_config

    seeds = empty_workdir / "seeds"
    for outlet in (0, 1):
        write_seed(seeds, f"kavlor-{outlet}.md", report("kavlor", outlet))
    write_seed(seeds, "other.md", report("unrelated", 0))
    run_day(empty_workdir, DAY)
    state = load_config(cwd=empty_workdir).paths.state
    with sqlite3.connect(state) as db:
        good = dict(db.execute("SELECT anchor, features FROM stories"))
        assert db.execute("UPDATE stories SET features = '{\"terms\": [[' WHERE title LIKE 'Kavlor%'").rowcount == 1
        assert db.execute("UPDATE stories SET features = '[]' WHERE title LIKE 'Unrelated%'").rowcount == 1

    # The next day looks for the stories it develops: those that do not read are passed over.
    write_seed(seeds, "kavlor-2.md", report("kavlor", 2))
    following = run_day(empty_workdir, NEXT_DAY)
    assert [s["follows"] for s in following["stories"]] == [None]

    # The day written again (a seed more) makes its damaged records anew.
    write_seed(seeds, "more.md", report("another", 0))
    run_briefing("run", "--date", DAY, cwd=empty_workdir)
    with sqlite3.connect(state) as db:
        again = dict(db.execute("SELECT anchor, features FROM stories WHERE day = ?", (DAY,)))
    assert {anchor: again[anchor] for anchor in good} == good

    # A rebuild makes every story's record anew, whatever was kept.
    assert run_briefing("run", "--date", NEXT_DAY, "--rebuild", cwd=empty_workdir).code == 0
    with sqlite3.connect(state) as db:
        rebuilt_rows = dict(db.execute("SELECT anchor, features FROM stories WHERE day = ?", (DAY,)))
    assert {anchor: rebuilt_rows[anchor] for anchor in good} == good
    rebuilt = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert rebuilt["stories"][0]["follows"]["date"] == DAY  # found again as developing


def test_stories_summarised_a_few_reports_at_a_time_read_as_if_all_at_once(empty_workdir, monkeypatch):
    """A big day never holds every report's candidate sentences: the stories to summarise read them from
    the state store a batch at a time, and the day is the same as with one batch."""
    from briefing.compose import stories as stories_module
    from briefing.state import State

    write_events(empty_workdir, (2, 3, 4))
    read: list[int] = []  # how many reports each batch read whole
    real = State.summaries_named
    monkeypatch.setattr(State, "summaries_named", lambda self, names: read.append(len(names)) or real(self, names))
    monkeypatch.setattr(stories_module, "REPORTS_PER_BATCH", 3)
    batched = run_day(empty_workdir)
    assert sorted(read) == [4, 5]  # event2 and event3 (5 reports), then event4

    read.clear()
    monkeypatch.setattr(stories_module, "REPORTS_PER_BATCH", 10**6)
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    assert read == [9]
    whole = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert whole["stories"] == batched["stories"] and len(whole["stories"]) == 3


def test_a_story_a_day_no_longer_shows_takes_the_links_of_the_days_developing_it(empty_workdir):
    """The first day keeps another story: the later day kept its link to the anchor the day no longer has."""
    seeds = empty_workdir / "seeds"
    lead = "WASHINGTON (AP) - Senator Ellis Kavlor's water bill passed the Senate on Friday after a long debate. "
    write_seed(seeds, "bill-1.md", report("kavlor", 0).replace("\n\n", "\n\n" + lead, 1))
    write_seed(seeds, "stays.md", report("harbour", 3))
    run_day(empty_workdir, DAY)
    news = " Kavlor said the House would vote on the bill next week. Farmers in three counties welcomed the vote."
    write_seed(seeds, "bill-2.md", report("kavlor", 1, extra=news))
    write_seed(seeds, "other.md", report("unrelated", 1))
    assert any(s["follows"] for s in run_day(empty_workdir, NEXT_DAY)["stories"])
    assert run_briefing("remove", "seeds/bill-1.md", cwd=empty_workdir).code == 0
    anchors = set(re.findall(r'id="(story-[0-9a-f]+)"', (empty_workdir / "out" / f"{DAY}.html").read_text()))
    page = (empty_workdir / "out" / f"{NEXT_DAY}.html").read_text(encoding="utf-8")
    assert anchors and not set(re.findall(rf'href="{DAY}\.html#(story-[0-9a-f]+)"', page)) - anchors
    after = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert all(s["follows"]["anchor"] in anchors for s in after["stories"] if s["follows"])


@pytest.mark.parametrize("how", ["remove", "moved by a change"])
def test_a_day_removed_takes_the_links_of_the_days_developing_its_stories(empty_workdir, how):
    """The later days kept "first reported on [Tuesday](<deleted page>)", even the one the same run wrote."""
    seeds = empty_workdir / "seeds"
    lead = "WASHINGTON (AP) - Senator Ellis Kavlor's water bill passed the Senate on Friday after a long debate. "
    write_seed(seeds, "bill-1.md", report("kavlor", 0).replace("\n\n", "\n\n" + lead, 1))
    run_day(empty_workdir, DAY)
    news = " Kavlor said the House would vote on the bill next week. Farmers in three counties welcomed the vote."
    write_seed(seeds, "bill-2.md", report("kavlor", 1, extra=news))
    write_seed(seeds, "other.md", report("unrelated", 1))
    second = run_day(empty_workdir, NEXT_DAY)
    assert any(s["follows"] for s in second["stories"])  # it develops the first day's story
    if how == "remove":
        assert run_briefing("remove", "seeds/bill-1.md", cwd=empty_workdir).code == 0
    else:  # its content changes: it moves to the run's day, and the first day is left with nothing
        write_seed(seeds, "bill-1.md", report("kavlor", 0, extra=" More was said on Monday."))
        assert run_briefing("run", "--date", NEXT_DAY, cwd=empty_workdir).code == 0
    assert not (empty_workdir / "out" / f"{DAY}.html").exists()
    after = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert all(s["follows"] is None for s in after["stories"])
    assert f"{DAY}.html" not in (empty_workdir / "out" / f"{NEXT_DAY}.html").read_text(encoding="utf-8")


def test_a_developing_story_of_one_report_leads_with_its_news(empty_workdir):
    """A follow-up alone in its story: its own best sentences not shown before, its lead first. (Weighed as
    a story of several reports, its lead, "French police have arrested two men ...", lost to shorter
    sentences and was nowhere on the page.)"""
    from conftest import DATA

    seeds = empty_workdir / "seeds"
    write_seed(seeds, "theft.md", (DATA / "louvre-theft.md").read_text(encoding="utf-8"))
    first = run_day(empty_workdir, "2026-03-03")
    shown = {item["text"] for story in first["stories"] for item in story["summary"]}
    write_seed(seeds, "arrests.md", (DATA / "louvre-arrests.md").read_text(encoding="utf-8"))
    second = run_day(empty_workdir, "2026-03-05")
    (developing,) = [s for s in second["stories"] if s["follows"] is not None]
    texts = [item["text"] for item in developing["summary"]]
    assert texts[0].startswith("French police have arrested two men suspected of taking part")
    assert not set(texts) & shown and len(texts) == 3
    points = {item["text"] for item in developing["key_points"]}
    # Nor a point made of one of those sentences (a point is a sentence, or its first clause).
    assert points and not any(point.rstrip(".") in text for point in points for text in shown | set(texts))


def test_a_story_of_several_reports_opens_with_what_happened(empty_workdir):
    """The first report's best sentence opens the story's summary. (Weighed by what the reports share per
    word, shorter sentences won: "Police have opened an investigation ...", and the summary never said
    that jewels were stolen.)"""
    from conftest import DATA

    seeds = empty_workdir / "seeds"
    write_seed(seeds, "theft.md", (DATA / "louvre-theft.md").read_text(encoding="utf-8"))
    write_seed(seeds, "courier.md", (DATA / "louvre-theft-courier.md").read_text(encoding="utf-8"))
    day = run_day(empty_workdir, "2026-03-03")
    (story,) = day["stories"]
    assert len(story["reports"]) == 2
    assert story["summary"][0]["text"].startswith("Thieves stole eight pieces of Napoleonic jewellery from the Louvre")
    assert len(story["summary"]) == 3


@pytest.mark.parametrize("spellings", [("World", "world", "WORLD"), ("Caf\u00e9", "Cafe\u0301", "CAF\u00c9")])
def test_sections_spelled_in_another_case_or_unicode_form_are_one_heading(empty_workdir, spellings):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "alpha.md", report("alpha", 0))
    for number, name in enumerate(["bravo", "charlie", "delta", "echo", "foxtrot", "golf"]):
        write_seed(seeds, f"{name}.md", report(name, 0, section=spellings[number % 3]))
    (empty_workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 1\n")
    day = run_day(empty_workdir)
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+?) \{#", markdown.split("## Also today", 1)[1], re.M)
    assert len(headings) == 1, headings
    # The story of each report keeps to the one spelling the page shows.
    assert {story["section"] for story in day["stories"][1:]} == {headings[0]}


def test_a_day_written_after_a_later_one_is_followed_by_the_later_days_stories(empty_workdir):
    """`--date` in the past, after a later day was written: a story of the later day that develops one told
    on the earlier day links to it, as a rebuild makes it (the later day was left as it was, its story new)."""
    seeds = empty_workdir / "seeds"
    news = " Kavlor said the House would vote on the bill next week. Farmers in three counties welcomed the vote."
    write_seed(seeds, "bill-9.md", report("kavlor", 9, extra=news))
    write_seed(seeds, "other.md", report("unrelated", 1))
    assert all(s["follows"] is None for s in run_day(empty_workdir, NEXT_DAY)["stories"])
    write_seed(seeds, "bill-1.md", report("kavlor", 0))
    (first,) = run_day(empty_workdir, DAY)["stories"]
    later = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    (developing,) = [s for s in later["stories"] if s["title"].startswith("Kavlor")]
    assert developing["follows"] == {"date": DAY, "title": first["title"], "anchor": first["anchor"]}
    assert f"{DAY}.html#{first['anchor']}" in (empty_workdir / "out" / f"{NEXT_DAY}.html").read_text(encoding="utf-8")
    assert run_briefing("run", "--date", NEXT_DAY, "--rebuild", cwd=empty_workdir).code == 0
    assert json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8")) == later


@pytest.mark.parametrize("how", ["a report removed", "the day gone"])
def test_a_story_developing_a_developing_one_is_composed_again_when_that_one_goes(empty_workdir, how):
    """Day 3's story follows day 2's, which follows day 1's: composed against day 2's, it left out what day 2
    showed. Day 2's story gone, day 3 kept the sentences day 1 shows, under "first reported on" day 1."""
    seeds = empty_workdir / "seeds"
    days = ["2026-11-01", "2026-11-02", "2026-11-03"]
    write_seed(seeds, "bill-1.md", report("kavlor", 1))
    write_seed(seeds, "other-1.md", report("unrelated", 1))
    first = run_day(empty_workdir, days[0])
    write_seed(seeds, "bill-2.md", report("kavlor", 2))
    if how == "a report removed":
        write_seed(seeds, "other-2.md", report("zebra", 2))
    run_day(empty_workdir, days[1])
    write_seed(seeds, "bill-3.md", report("kavlor", 3))
    (third,) = run_day(empty_workdir, days[2])["stories"]
    assert third["follows"]["date"] == days[0]
    assert run_briefing("remove", "seeds/bill-2.md", cwd=empty_workdir).code == 0
    after = json.loads((empty_workdir / "out" / f"{days[2]}.json").read_text(encoding="utf-8"))
    (kavlor,) = [s for s in first["stories"] if s["title"].startswith("Kavlor")]
    shown = {item["text"] for item in kavlor["summary"]}
    assert not {item["text"] for item in after["stories"][0]["summary"]} & shown
    assert run_briefing("run", "--date", days[2], "--rebuild", cwd=empty_workdir).code == 0
    assert json.loads((empty_workdir / "out" / f"{days[2]}.json").read_text(encoding="utf-8")) == after


def test_the_days_followed_by_others_are_found_without_asking_every_day_about_every_other():
    """A rebuild writes every day: each was compared with every written day (quadratic: seconds for years)."""
    import datetime as dt

    from briefing.pipeline.days import _followed_by_others, _others_after

    class Walked(list):
        """The written days, counting how often the whole of them is walked through."""

        walks = 0

        def __iter__(self):
            Walked.walks += 1
            return super().__iter__()

    days = [dt.date(1990, 1, 1) + dt.timedelta(days=i) for i in range(2_000)]
    assert _followed_by_others({day: set() for day in days}, Walked(days), 3) == []
    assert Walked.walks == 0  # each day looks at its window alone (a slice), never at every written day
    written = days[:5] + days[7:9]
    assert _others_after(days[4], {days[7]: set()}, written, 4) == [days[8]]
    assert _others_after(days[0], {}, written, 3) == days[1:4]
    assert _others_after(dt.date.max - dt.timedelta(days=1), {}, [dt.date.max], 5) == [dt.date.max]


def test_a_day_written_in_the_past_leaves_the_later_days_it_does_not_change_as_they_were(empty_workdir):
    """site.title changed, then `--date` in the past with an unrelated story: the days after it, composed
    again in case, took the new title (and a new `updated`), unlike every other day written before."""
    from conftest import article_text

    seeds, out = empty_workdir / "seeds", empty_workdir / "out"
    write_seed(seeds, "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", "2026-11-23", cwd=empty_workdir).code == 0
    write_seed(seeds, "harbour.txt", article_text("harbour"))
    assert run_briefing("run", "--date", "2026-11-24", cwd=empty_workdir).code == 0
    before = {day: (out / f"{day}.md").read_text(encoding="utf-8") for day in ("2026-11-23", "2026-11-24")}
    (empty_workdir / "briefing.toml").write_text('[site]\ntitle = "Other"\n')
    write_seed(seeds, "tunnel.txt", article_text("tunnel"))
    result = run_briefing("run", "--date", "2026-11-22", cwd=empty_workdir)
    assert result.code == 0 and "out/2026-11-23.md" not in result.stdout, result.stdout
    assert {day: (out / f"{day}.md").read_text(encoding="utf-8") for day in before} == before
    assert "no files changed" in run_briefing("run", "--date", "2026-11-22", cwd=empty_workdir).stdout


def test_two_stories_whose_anchors_meet_get_ids_of_their_own_the_same_at_every_run(empty_workdir):
    """An anchor is 32 bits of a report's name: these two names meet on "story-3e851642". Each story keeps an
    id of its own on the page and a record of its own in the store, and a rebuild gives them the same ids."""
    import sqlite3

    from briefing.config import load_config

    seeds = empty_workdir / "seeds"
    write_seed(seeds, "report-6139.md", report("harbour", 1))
    write_seed(seeds, "report-87673.md", report("kavlor", 2))
    day = run_day(empty_workdir)
    anchors = sorted(story["anchor"] for story in day["stories"])
    assert len(day["stories"]) == 2 and anchors[0] == "story-3e851642" and anchors[1].startswith("story-3e851642-")
    page = (empty_workdir / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert all(page.count(f'id="{anchor}"') == 1 for anchor in anchors)
    with sqlite3.connect(load_config(cwd=empty_workdir).paths.state) as db:
        assert sorted(anchor for (anchor,) in db.execute("SELECT anchor FROM stories")) == anchors
    assert run_briefing("run", "--date", DAY, "--rebuild", cwd=empty_workdir).code == 0
    again = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert sorted(story["anchor"] for story in again["stories"]) == anchors


def test_a_story_keeps_its_id_when_a_story_whose_anchor_meets_it_gains_a_fuller_report(empty_workdir):
    """Of two stories whose anchors meet ("story-3e851642"), the one whose first report's name sorts first
    keeps it: the other story's new lead (a fuller report, published later) does not take it from it."""
    seeds = empty_workdir / "seeds"
    dated = lambda text, when: text.replace("---\n", f"---\npublished: {when}\n", 1)  # noqa: E731
    write_seed(seeds, "report-6139.md", dated(report("harbour", 3), "2026-11-24T06:00:00Z"))
    write_seed(seeds, "report-87673.md", dated(report("kavlor", 0), "2026-11-24T06:00:00Z"))
    before = {story["title"]: story["anchor"] for story in run_day(empty_workdir)["stories"]}
    assert before["Harbour report by outlet 3"] == "story-3e851642"
    fuller = " ".join(f"The Senate clerk read clause {n} of the Kavlor bill aloud before the vote." for n in range(6))
    write_seed(seeds, "aaa-kavlor.md", dated(report("kavlor", 9, extra=" " + fuller), "2026-11-24T09:00:00Z"))
    after = {story["title"]: story["anchor"] for story in run_day(empty_workdir)["stories"]}
    assert after == {"Harbour report by outlet 3": "story-3e851642",
                     "Kavlor report by outlet 9": before["Kavlor report by outlet 0"]}


def test_three_stories_whose_anchors_meet_get_three_ids(empty_workdir):
    # sha1(name)[:8] is 590d0446 for the three names: each story added those 32 bits again, two ids met.
    seeds = empty_workdir / "seeds"
    for name, event in (("report-1828224.md", "harbour"), ("report-2657388.md", "kavlor"),
                        ("report-3310137.md", "unrelated")):
        write_seed(seeds, name, report(event, 1))
    anchors = [story["anchor"] for story in run_day(empty_workdir)["stories"]]
    assert len(set(anchors)) == 3 and "story-590d0446" in anchors
    page = (empty_workdir / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert all(page.count(f'id="{anchor}"') == 1 for anchor in anchors)


def test_a_story_keeps_its_id_when_a_story_whose_anchor_meets_it_joins_its_day(empty_workdir):
    """The newcomer's report name sorts first ("report-6139.md" < "report-87673.md"), but the story that held
    "story-3e851642" when the day was written keeps it: its id on the page, and the later day's link to it."""
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "report-87673.md", report("kavlor", 0))
    write_seed(seeds, "other.md", report("unrelated", 0))
    (kavlor,) = [s for s in run_day(empty_workdir, DAY)["stories"] if s["title"].startswith("Kavlor")]
    assert kavlor["anchor"] == "story-3e851642"
    write_seed(seeds, "bill-2.md", report("kavlor", 1, extra=" Kavlor said the House would vote next week."))
    assert [s["follows"]["anchor"] for s in run_day(empty_workdir, NEXT_DAY)["stories"] if s["follows"]] == [
        "story-3e851642"]
    write_seed(seeds, "report-6139.md", report("harbour", 3))
    assert run_briefing("run", "--date", DAY, cwd=empty_workdir).code == 0
    first = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    anchors = {s["title"].split()[0]: s["anchor"] for s in first["stories"]}
    assert anchors["Kavlor"] == "story-3e851642" and anchors["Harbour"].startswith("story-3e851642-")
    later = json.loads((empty_workdir / "out" / f"{NEXT_DAY}.json").read_text(encoding="utf-8"))
    assert [s["follows"]["anchor"] for s in later["stories"] if s["follows"]] == ["story-3e851642"]
