"""The HTML page's structure: landmarks made from the template's headings, never from seed text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from briefing.compose.stories import story_of
from briefing.models import Article, Briefing, PublishedBriefing, ScoredSentence, Sourced, Story, Summary
from briefing.publish.html import markdown_to_safe_html
from briefing.publish.templates import Renderer
from briefing.publish.views import DayLinks, day_links

DAY = dt.date(2026, 11, 25)

from conftest import render_page


def story(title: str, text: str = "A sentence of the story.", **fields) -> Story:
    article = Article(seed=f"{title}.txt", title=title, paragraphs=(text,), content_hash=title, **fields)
    return story_of([Summary(article, (ScoredSentence(text, 1.0, 1, 0),), ("A key point.",), "lexrank")])


def tags(html: str) -> list[str]:
    return re.findall(r"<(header|section|nav|article|main|footer)\b", html)


def test_landmarks_follow_the_headings():
    renderer = Renderer()
    briefing = Briefing(DAY, (story("One"), story("Two")), (Sourced("Day point.", "One.txt"),))
    body = markdown_to_safe_html(renderer.markdown(briefing))
    assert tags(body) == ["header", "section", "nav", "article", "article"]
    assert '<section aria-labelledby="key-points" class="key-points"><h2 id="key-points">' in body
    assert '<nav aria-labelledby="contents" class="contents"><h2 id="contents">' in body
    two = briefing.stories[1].anchor
    assert f'<article aria-labelledby="{two}" class="story"><h2 id="{two}">Two</h2>' in body
    assert "<hr" not in body
    assert body.count('<a href="#top"') == 2  # back to the top from each story


def test_a_storys_own_text_has_the_language_of_its_report_and_the_pages_words_the_pages():
    renderer = Renderer()
    german = in_language("german", "Brücke gesperrt")
    body = markdown_to_safe_html(renderer.markdown(Briefing(DAY, (german, story("Two")), ()), language="english"))
    article = re.search(rf'<article aria-labelledby="{german.anchor}" class="story">(.*?)</article>', body, re.S)
    assert article, body
    html = article.group(1)
    assert f'<h2 id="{german.anchor}" lang="de">Brücke gesperrt</h2>' in html
    assert '<p lang="de">Die Brücke bleibt bis Freitag gesperrt.</p>' in html
    assert '<li lang="de">A key point.</li>' in html
    # The byline, the "Key points" heading and "Back to top" are the page's words, in the page's language.
    assert html.count('lang="de"') == 3 and "<h3>Key points</h3>" in html and "Back to top" in html


def in_language(language: str, title: str) -> Story:
    made = story(title, text="Die Brücke bleibt bis Freitag gesperrt." if language == "german" else "The pier is shut.")
    return replace(made, reports=(replace(made.lead, language=language),))


def test_text_in_another_language_is_marked_outside_its_article_too():
    """The contents, the key points of the day and "Also today" show a story's words outside its
    <article>: each item in another language than the page's carries its own lang."""
    renderer = Renderer()
    german, english = in_language("german", "Brücke gesperrt"), in_language("english", "Harbour reopens")
    also = in_language("german", "Zug fällt aus")
    points = (Sourced("Die Brücke bleibt zu.", german.lead.article.seed), Sourced("The harbour is open.", "Harbour reopens.txt"))
    briefing = Briefing(DAY, (german, english, also), points, top=2)
    body = markdown_to_safe_html(renderer.markdown(briefing, language="english"))
    items = re.findall(r"<li(?: id=\"story-[\w-]+\")?( lang=\"\w+\")?>(.*?)</li>", body)
    marked = {re.sub(r"<[^>]+>", "", text).split(":")[0].split(" · ")[0]: lang for lang, text in items}
    assert marked["Die Brücke bleibt zu."] == ' lang="de"' and marked["The harbour is open."] == ""
    assert marked["Brücke gesperrt"] == ' lang="de"' and marked["Harbour reopens"] == ""  # the contents
    assert marked["Zug fällt aus"] == ' lang="de"'  # also today
    assert f'<li id="{also.anchor}" lang="de">' in body  # where a later day's "first reported on" leads
    assert "{:" not in body
    # On a German page the English story is the one marked; and without a page language, none is.
    body = markdown_to_safe_html(renderer.markdown(briefing, language="german"))
    assert '<li lang="en"><a href="#' + english.anchor in body and '<li lang="de">' not in body
    assert "{: lang=" not in renderer.markdown(briefing)


@pytest.mark.parametrize("payload", [
    "<article><section><nav>x</nav></section></article>",
    "{: .story aria-labelledby=x} {#story-9}",
    "## Injected {#story-9}",
    "\n\n## Injected heading\n\n",
])
def test_seed_text_makes_no_landmark(payload):
    renderer = Renderer()
    hostile = story(payload, text=f"Text {payload} text.", source=payload, tags=(payload,))
    briefing = Briefing(DAY, (hostile,), (Sourced(payload, "x.txt"),))
    page = render_page(renderer, briefing, renderer.markdown(briefing), links=DayLinks(previous=DAY - dt.timedelta(1)))
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    assert tags(body) == ["header", "section", "nav", "article"]
    assert not re.search(r"story-9\b", re.sub(r">[^<]*<", "><", body))  # only ever in text, never an attribute


def test_markdown_without_sections_is_left_as_it_is():
    assert markdown_to_safe_html("# Title\n\nJust text.") == "<h1>Title</h1>\n<p>Just text.</p>"


def test_page_links_to_neighbours_only_when_given():
    renderer = Renderer()
    briefing = Briefing(DAY, (story("One"),), ())
    text = renderer.markdown(briefing)
    linked = render_page(renderer, briefing, text, links=day_links([DAY - dt.timedelta(1), DAY, DAY + dt.timedelta(3)], DAY))
    assert 'rel="prev" href="2026-11-24.html"' in linked and 'rel="next" href="2026-11-28.html"' in linked
    assert 'href="index.html"' in linked and 'href="feed.xml"' in linked
    alone = render_page(renderer, briefing, text, links=None)
    assert "index.html" not in alone and "<header class=\"site\">" not in alone


def test_site_title_names_the_page_and_the_markdown():
    renderer = Renderer()
    briefing = Briefing(DAY, (story("One"),), ())
    text = renderer.markdown(briefing, title="Harbour *Town*")
    assert text.startswith("# Harbour \\*Town\\*: Wednesday 25 November 2026 {#top}\n")
    page = render_page(renderer, briefing, text, title="Harbour <Town>")
    assert "<title>Harbour &lt;Town&gt;: Wednesday 25 November 2026</title>" in page


def test_source_without_a_name_is_shown_by_its_host():
    renderer = Renderer()
    briefing = Briefing(DAY, (story("One", url="https://news.example.org/a/1"),), ())
    assert "[news.example.org](https://news.example.org/a/1)" in renderer.markdown(briefing)


def test_index_groups_by_month_newest_first():
    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    records = [PublishedBriefing(dt.date(2026, 10, 31), 1, stamp, stamp),
               PublishedBriefing(dt.date(2026, 11, 2), 3, stamp, stamp),
               PublishedBriefing(dt.date(2026, 11, 1), 2, stamp, stamp)]
    html = Renderer().index(records, lang="german", title="Briefing & more")
    assert '<html lang="de">' in html and "<h1>Briefing &amp; more</h1>" in html
    assert re.findall(r"<h2 [^>]*>([^<]+)</h2>", html) == ["November 2026", "Oktober 2026"]  # (the page's language)
    assert re.findall(r'<time datetime="([^"]+)"', html) == ["2026-11-02", "2026-11-01", "2026-10-31"]
    assert "3 stories" in html and "1 story" in html


def test_the_plain_text_email_keeps_only_addresses_that_lead_somewhere_from_a_mailbox():
    from briefing.publish.markdown_text import md_as_plain_text

    text = ("*Developing: first reported on [Tuesday](2026-11-24.html#story-1234abcd), 24 November.*\n"
            "*[Valley Gazette](https://example.org/solar) · 1 min read*\n"
            "A sentence. [\\[2\\]](https://example.org/two)\n")
    assert md_as_plain_text(text) == ("*Developing: first reported on Tuesday, 24 November.*\n"
                                      "*Valley Gazette <https://example.org/solar> · 1 min read*\n"
                                      "A sentence. [2]\n")


def test_a_story_in_another_language_with_no_summary_shows_no_attribute_list():
    german = in_language("german", "Brücke gesperrt")
    german = replace(german, summary=())
    body = markdown_to_safe_html(Renderer().markdown(Briefing(DAY, (german,), ()), language="english"))
    assert "{:" not in body and f'<h2 id="{german.anchor}" lang="de">' in body


def test_sentences_of_a_report_in_another_language_are_marked_with_theirs():
    """A story of an English and a German report: the German report's sentences are a paragraph of their
    own marked German, and so are its key points; the English ones are not marked on an English page."""
    english_text = "Thieves stole eight jewels from the Louvre on Sunday morning."
    german_text = "Der Louvre ist das meistbesuchte Museum der Welt."
    english = Article(seed="en.txt", title="Louvre theft", paragraphs=(english_text,), content_hash="en", lang="english")
    german = Article(seed="de.txt", title="Louvre-Raub", paragraphs=(german_text,), content_hash="de", lang="german")
    reports = (Summary(english, (ScoredSentence(english_text, 1.0, 1, 0),), (), "newsrank", language="english"),
               Summary(german, (ScoredSentence(german_text, 1.0, 1, 0),), (), "newsrank", language="german"))
    mixed = Story(reports=reports, summary=(Sourced(english_text, "en.txt"), Sourced(german_text, "de.txt")),
                  key_points=(Sourced("The thieves used a lift on a lorry.", "en.txt"),
                              Sourced("Die Täter kamen durch ein Fenster.", "de.txt")), anchor="story-1")
    body = markdown_to_safe_html(Renderer().markdown(Briefing(DAY, (mixed,), (), top=1), language="english"))
    article = body[body.index("<article"):body.index("</article>")]
    paragraphs = re.findall(r"<p( lang=\"\w+\")?>([^<]*Louvre[^<]*)", article)
    assert [(lang, text.split(" [")[0].strip()) for lang, text in paragraphs] == [
        ("", english_text), (' lang="de"', german_text)]
    points = dict((re.sub(r"<[^>]+>", "", text).split(" [")[0].strip(), lang)
                  for lang, text in re.findall(r"<li( lang=\"\w+\")?>(.*?)</li>", article))
    assert points == {"The thieves used a lift on a lorry.": "", "Die Täter kamen durch ein Fenster.": ' lang="de"'}
    assert "{:" not in body


def test_a_neighbours_page_written_again_for_its_links_keeps_its_language_and_title(empty_workdir):
    """site.language and site.title changed: the day before, written again for its "next day" link, took
    the new `lang` (its English stories then read as French to a screen reader) and the new title, its
    words unchanged ("the days written before keep theirs")."""
    import re

    from conftest import article_text, run_briefing, write_seed

    seeds, out = empty_workdir / "seeds", empty_workdir / "out"
    write_seed(seeds, "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", "2026-11-24", cwd=empty_workdir).code == 0
    before = (out / "2026-11-24.html").read_text(encoding="utf-8")
    (empty_workdir / "briefing.toml").write_text('[site]\nlanguage = "french"\ntitle = "Le point du jour"\n')
    write_seed(seeds, "harbour.txt", article_text("harbour"))
    result = run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir)
    assert result.code == 0 and "out/2026-11-24.html" in result.stdout
    page = (out / "2026-11-24.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en"', page) and "Le point du jour" not in page
    assert 'href="2026-11-25.html"' in page and 'href="2026-11-25.html"' not in before
    assert re.search(r'<html lang="fr"', (out / "2026-11-25.html").read_text(encoding="utf-8"))


WEDNESDAY_25_NOVEMBER = {
    "english": "Wednesday 25 November 2026", "german": "Mittwoch, 25. November 2026",
    "french": "mercredi 25 novembre 2026", "spanish": "miércoles, 25 de noviembre de 2026",
    "italian": "mercoledì 25 novembre 2026", "portuguese": "quarta-feira, 25 de novembro de 2026",
    "swedish": "onsdag 25 november 2026", "czech": "středa 25. listopadu 2026", "polish": "środa, 25 listopada 2026",
    "greek": "Τετάρτη 25 Νοεμβρίου 2026",
}


def test_the_pages_own_words_for_days_are_in_the_language_of_its_templates():
    """site.language names the language the templates are written in; the dates and reading time the code
    writes into them stayed English ("Daily briefing: Wednesday 25 November 2026 ... 3 min read")."""
    from briefing.languages import language_code
    from briefing.ingest.months import day_in_words
    from briefing.publish.page_words import long_date, month_of, reading_time, short_date

    assert {name: long_date(dt.date(2026, 11, 25), language_code(name)) for name in WEDNESDAY_25_NOVEMBER} == \
        WEDNESDAY_25_NOVEMBER
    for name in WEDNESDAY_25_NOVEMBER:
        code = language_code(name)
        for month, day_of_month in zip(range(1, 13), (1, 9, 1, 30, 1, 12, 1, 31, 1, 2, 1, 28)):
            day = dt.date(2026, month, day_of_month)
            if code != "en":  # (the reader of dates in words takes every other language's, as written here)
                assert day_in_words(long_date(day, code)) == day_in_words(short_date(day, code)) == (
                    2026, month, day_of_month)
            assert month_of(day, code)[0].isupper() and "2026" in month_of(day, code)
        assert reading_time(3, code).startswith("3 ") and reading_time(1, code).startswith("1 ")
    assert (month_of(dt.date(2026, 11, 1), "es"), reading_time(1, "el"), reading_time(2, "el")) == (
        "Noviembre de 2026", "1 λεπτό ανάγνωσης", "2 λεπτά ανάγνωσης")
    assert long_date(dt.date(2026, 11, 25), "nl") == WEDNESDAY_25_NOVEMBER["english"]  # (no words here: English)
    # The feed's counts, with the forms each language counts with.
    from briefing.publish.page_words import and_more, story_count

    assert [and_more(n, "fr") for n in (1, 2)] == ["et 1 autre", "et 2 autres"]
    assert [and_more(n, "it") for n in (1, 2)] == ["e un'altra", "e altre 2"]
    assert [and_more(n, "cs") for n in (1, 3, 5, 22)] == ["a 1 další", "a další 3", "a dalších 5", "a dalších 22"]
    assert [and_more(n, "pl") for n in (1, 3, 5, 12, 22)] == ["i 1 inna", "i 3 inne", "i 5 innych", "i 12 innych",
                                                             "i 22 inne"]
    assert [story_count(n, "cs") for n in (1, 3, 5)] == ["1 zpráva", "3 zprávy", "5 zpráv"]
    assert story_count(12_345, "fr") == "12\u202f345 articles" and story_count(1_234, "fr") == "1234 articles"
    # The first of a month in French; a day's month in the genitive in Polish, in full.
    assert (long_date(dt.date(2026, 5, 1), "fr"), short_date(dt.date(2026, 5, 1), "pl")) == (
        "vendredi 1er mai 2026", "1 maja 2026")


def test_a_briefing_in_french_dates_its_days_in_french(workdir):
    from conftest import article_text, run_briefing, write_seed

    (workdir / "briefing.toml").write_text('timezone = "Europe/Paris"\n\n[site]\nlanguage = "french"\n')
    assert run_briefing("run", "--date", "2026-11-24", cwd=workdir).code == 0
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", "2026-11-25", cwd=workdir).code == 0
    text = (workdir / "out" / "2026-11-24.md").read_text(encoding="utf-8")
    assert text.startswith("# Daily briefing: mardi 24 novembre 2026 {#top}")
    assert "25 nov. 2026, 07:30 · " in text and " min de lecture*" in text and "min read" not in text
    page = (workdir / "out" / "2026-11-25.html").read_text(encoding="utf-8")
    assert "mardi 24 novembre 2026" in page and "Tuesday 24" not in page  # (the link to the day before)
    index = (workdir / "out" / "index.html").read_text(encoding="utf-8")
    assert "Novembre 2026" in index and "mercredi 25 novembre 2026" in index and "November" not in index
    feed = (workdir / "out" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Daily briefing: mercredi 25 novembre 2026</title>" in feed
