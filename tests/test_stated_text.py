"""A page its scripts fill in is read from the article body its structured data (JSON-LD) states.

The body is read only when the page shows no article text, only when it is
the page's own article's, and only cleaned: every page and text here is
invented for the test.
"""

import json
from pathlib import Path

import pytest

from briefing.errors import SeedError
from briefing.ingest.fetch.markup import MAX_PARAGRAPH_CHARS
from briefing.ingest.rawpage import MAX_PAGE_BLOCKS
from briefing.ingest.readers import read_article
from briefing.ingest.structured import MAX_STATED_CHARS, stated_body
from conftest import run_briefing, write_seed

DAY = "2026-11-25"
HEADLINE = "Lighthouse keeper retires after forty years"
OPENING = "The keeper of the Brackwater lighthouse retired on Monday after forty years of service on the rock."
MIDDLE = "She climbed the hundred and twelve steps to the lamp twice a day, in every kind of weather."
CLOSING = "The light has been automatic since spring, and the cottage below it will become a small museum."
LAST = "Fishing crews in the harbour sounded their horns as her boat came ashore for the final time."
BODY = f"{OPENING} {MIDDLE}\n\n{CLOSING}\n{LAST}"


def ld_json(data) -> str:
    # ("</" written "<\/", as a page writes it: a "</script>" in a string would end the script.)
    text = json.dumps(data).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def app_page(*scripts: str, headline: str = HEADLINE) -> str:
    """A page as an app serves it: its headline, "Loading…" where the article goes, and its JSON-LD."""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{headline} | Harbour Herald</title>{''.join(scripts)}</head>"
            f"<body><div id='app'><h1>{headline}</h1><p>Loading…</p></div>"
            "<script src='/app.js'></script></body></html>")


def article(headline: str = HEADLINE, body: str = BODY, kind: str = "NewsArticle") -> dict:
    return {"@context": "https://schema.org", "@type": kind, "headline": headline, "articleBody": body,
            "datePublished": "2026-11-24T08:00:00Z"}


def read(html: str, name: str = "keeper.html"):
    notes: list[str] = []
    return read_article(Path(name), html.encode("utf-8"), note=notes.append), notes


ORGANISATION = {"@context": "https://schema.org", "@type": "Organization", "name": "Harbour Herald"}


@pytest.mark.parametrize("scripts", [
    # Each object in a script of its own; the article among others in an @graph; a list of objects.
    [ld_json(ORGANISATION), ld_json(article(kind="OpinionNewsArticle"))],
    [ld_json({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Harbour Herald"}, {**article(), "@context": None}]})],
    [ld_json([ORGANISATION, article(kind="ReportageNewsArticle")])],
], ids=["scripts", "graph", "list"])
def test_a_page_its_scripts_fill_in_is_read_from_its_stated_body(scripts):
    result, notes = read(app_page(*scripts))
    # A paragraph at each blank line and line break; the headline and site as the page names them.
    assert result.paragraphs == (f"{OPENING} {MIDDLE}", CLOSING, LAST)
    assert result.title == HEADLINE
    assert notes == ["text from the page's structured data (JSON-LD), as its HTML shows none"]


def test_a_stated_body_is_summarised_and_the_verbose_log_says_where_it_came_from(empty_workdir):
    write_seed(empty_workdir / "seeds", "keeper.html", app_page(ld_json(article())))
    summarized = run_briefing("-v", "summarize", "seeds/keeper.html", "--json", cwd=empty_workdir)
    assert summarized.code == 0, summarized.stderr
    summary = json.loads(summarized.stdout)
    assert summary["title"] == HEADLINE and summary["summary"]
    assert set(summary["summary"]) <= {OPENING, MIDDLE, CLOSING, LAST}
    assert "keeper.html: text from the page's structured data (JSON-LD)" in summarized.stderr
    ran = run_briefing("-v", "run", "--date", DAY, cwd=empty_workdir)
    assert ran.code == 0, ran.stderr
    assert (f"briefing: keeper.html: new: english (detected), title from the page's metadata, text from the "
            f"page's structured data (JSON-LD), as its HTML shows none; in the {DAY} briefing" in ran.stderr.splitlines())
    assert HEADLINE in (empty_workdir / "out" / f"{DAY}.md").read_text()


@pytest.mark.parametrize("number", ["7" * 5000, "-" + "1" * 4400, "1" * 4300])
def test_a_number_too_long_for_an_int_in_the_structured_data_loses_nothing_else(number):
    """Python reads no int of more than 4,300 digits, and json.loads then refused the whole script: a page
    with one such number anywhere in its JSON-LD lost its article."""
    script = ld_json(article()).replace('"@type"', f'"views": {number}, "@type"', 1)
    result, _ = read(app_page(script))
    assert result.paragraphs == (f"{OPENING} {MIDDLE}", CLOSING, LAST)


def test_a_hostile_stated_body_is_cleaned():
    body = ("<p>The keeper&#8217;s logbook fills &amp;amp; forty shelves &lt;b&gt;in&lt;/b&gt; the <i>cottage</i>.</p>"
            "<script>document.write('Win a free cruise today')</script><style>p { color: red }</style>"
            "<p>Her successor\x00 is a sensor\x1b that reports\u202e to the mainland every hour.</p>"
            f"&lt;script&gt;alert('stolen cookies')&lt;/script&gt;{MIDDLE}\r\n{CLOSING}\u2028{LAST}")
    result, _ = read(app_page(ld_json(article(body=body))))
    # Entities decoded once ("&amp;amp;" is "&amp;"), markup and what scripts and styles hold left out,
    # controls and bidi overrides gone.
    assert result.paragraphs == (
        "The keeper’s logbook fills &amp; forty shelves in the cottage.",
        "Her successor is a sensor that reports to the mainland every hour.",
        MIDDLE, CLOSING, LAST,
    )


def test_a_huge_stated_body_is_read_only_so_far():
    # 10 MB on one line: cut as a feed's paragraph is, at a word's end.
    sentence = "The lamp turned all night over the rocks &amp; the <b>reef</b>. "
    paragraphs = stated_body(app_page(ld_json(article(body=sentence * (10_000_000 // len(sentence))))), [HEADLINE], None)
    assert len(paragraphs) == 1 and len(paragraphs[0]) <= MAX_PARAGRAPH_CHARS
    assert paragraphs[0].startswith("The lamp turned all night over the rocks & the reef. The lamp")
    assert paragraphs[0].endswith("…") and "<" not in paragraphs[0]


def test_a_stated_body_of_many_lines_is_read_only_so_far():
    # 10 MB in lines: only the first MAX_STATED_CHARS are read.
    line = "The lamp turned all night over the rocks &amp; the <b>reef</b>.\n"
    paragraphs = stated_body(app_page(ld_json(article(body=line * (10_000_000 // len(line))))), [HEADLINE], None)
    assert MAX_STATED_CHARS // len(line) <= len(paragraphs) <= MAX_STATED_CHARS // len(line) + 1
    assert paragraphs[0] == "The lamp turned all night over the rocks & the reef."
    # Short lines: only as many as a page may have blocks.
    lines = stated_body(app_page(ld_json(article(body="The lamp turned.\n" * 600_000))), [HEADLINE], None)
    assert len(lines) == MAX_PAGE_BLOCKS


@pytest.mark.parametrize("data", [
    # Another article's body (a related story's), beside the page's own without one.
    [article(headline="Ferry timetable changes for the winter"), {"@type": "NewsArticle", "headline": HEADLINE}],
    # Two articles, neither of them the page's.
    [article(headline="Ferry timetable changes for the winter"), article(headline="Gulls return to the cliffs")],
    # The page's own, too short to be its text (a teaser), or one line of words with no sentence.
    [article(body="The keeper retired on Monday. Read the story in our app.")],
    [article(body="lighthouse keeper retirement harbour museum weather " * 10)],
])
def test_a_page_whose_stated_body_is_not_its_article_is_still_skipped(data):
    with pytest.raises(SeedError, match="the page's scripts fill in its text"):
        read(app_page(ld_json(data)))


def test_a_page_that_shows_its_text_is_read_from_that_not_its_stated_body():
    shown = ("<article><h1>{0}</h1><p>{1}</p><p>{2}</p><p>{3}</p></article>"
             .format(HEADLINE, OPENING, MIDDLE, CLOSING))
    stated = article(body=f"{BODY}\n\nA paragraph only the structured data holds, about the keeper's garden.")
    html = app_page(ld_json(stated)).replace("<div id='app'><h1>{0}</h1><p>Loading…</p></div>".format(HEADLINE), shown)
    result, notes = read(html)
    assert result.paragraphs == (OPENING, MIDDLE, CLOSING)
    assert notes == []
