"""feed.xml, parsed with a feed parser: entries, ids and dates, and ids that survive a rebuild."""

from __future__ import annotations

import re
import sqlite3

import feedparser
import pytest

from conftest import article_text, run_briefing, story_titles, write_seed

DAY1, DAY2 = "2026-11-25", "2026-11-26"
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def two_days(workdir):
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAY2, cwd=workdir).code == 0


def parse(workdir):
    feed = feedparser.parse((workdir / "out" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_has_one_entry_per_day_newest_first(workdir):
    two_days(workdir)
    feed = parse(workdir)
    assert feed.feed.title == "Daily briefing"
    assert UUID_URN.match(feed.feed.id)
    entries = feed.entries
    assert [e.title for e in entries] == [
        "Daily briefing: Thursday 26 November 2026", "Daily briefing: Wednesday 25 November 2026"]
    assert [e.link for e in entries] == [f"{DAY2}.html", f"{DAY1}.html"]
    ids = [e.id for e in entries]
    assert len(set(ids)) == 2 and all(UUID_URN.match(i) for i in ids) and feed.feed.id not in ids
    for entry in entries:
        assert entry.published_parsed is not None and entry.updated_parsed is not None
        assert entry.updated_parsed >= entry.published_parsed
    assert max(e.updated_parsed for e in entries) == feed.feed.updated_parsed
    # The content is the day's HTML: every story title, in headings.
    day1_titles = story_titles((workdir / "out" / f"{DAY1}.md").read_text())
    assert len(day1_titles) == 5
    content = entries[1].content[0]
    assert content.type == "text/html"
    for title in day1_titles:
        assert title in content.value
    assert entries[1].summary.startswith("5 stories: ")
    assert "Ferry made news again today in the capital" in entries[0].content[0].value


def test_rebuild_keeps_ids_and_an_unchanged_rebuild_keeps_the_feed(workdir):
    two_days(workdir)
    feed_path = workdir / "out" / "feed.xml"
    before_bytes = feed_path.read_bytes()
    before = parse(workdir)
    assert run_briefing("run", "--date", DAY2, "--rebuild", cwd=workdir).code == 0
    # Same settings, same content: not a byte changes, so readers see nothing new.
    assert feed_path.read_bytes() == before_bytes

    assert run_briefing("run", "--date", DAY2, "--rebuild", "--sentences", "1", cwd=workdir).code == 0
    after = parse(workdir)
    assert after.feed.id == before.feed.id
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    # The content changed, so did `updated`; `published` did not.
    assert [e.published for e in after.entries] == [e.published for e in before.entries]
    for old, new in zip(before.entries, after.entries):
        assert new.content[0].value != old.content[0].value
        assert new.updated_parsed >= old.updated_parsed


def test_ids_survive_a_lost_state_store(workdir):
    two_days(workdir)
    ids = [e.id for e in parse(workdir).entries]
    (workdir / ".briefing" / "state.sqlite3").unlink()
    assert run_briefing("run", "--date", DAY2, cwd=workdir).code == 0
    # Every seed is now in DAY2's briefing; that entry keeps its id.
    assert [e.id for e in parse(workdir).entries] == ids[:1]


def test_site_url_gives_tag_ids_and_absolute_links(workdir):
    (workdir / "briefing.toml").write_text(
        '[site]\nurl = "https://news.example.org/briefing"\ntitle = "Harbour Town briefing"\nfeed_entries = 1\n')
    two_days(workdir)
    feed = parse(workdir)
    assert feed.feed.title == "Harbour Town briefing"
    assert feed.feed.id == "https://news.example.org/briefing/"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": "https://news.example.org/briefing/index.html",
                     "self": "https://news.example.org/briefing/feed.xml"}
    # feed_entries = 1: only the newest day.
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.id == f"tag:news.example.org,{DAY2}:/briefing/{DAY2}"
    assert entry.link == f"https://news.example.org/briefing/{DAY2}.html"
    assert entry.title == "Harbour Town briefing: Thursday 26 November 2026"


@pytest.mark.parametrize("site_url", [None, "https://news.example.org/briefing/"])
def test_the_links_in_an_entry_lead_where_they_lead_on_its_page(workdir, site_url):
    """A feed reader resolves an entry's links against the feed: `#story-...` led to `feed.xml#story-...`."""
    import xml.etree.ElementTree as ET

    if site_url:
        (workdir / "briefing.toml").write_text(f'[site]\nurl = "{site_url}"\n')
    two_days(workdir)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(workdir / "out" / "feed.xml").getroot().findall(f"{atom}entry")
    for entry in entries:
        page = entry.find(f"{atom}link").get("href")
        hrefs = re.findall(r'href="([^"]*)"', entry.find(f"{atom}content").text)
        assert hrefs and not [h for h in hrefs if h.startswith("#")], hrefs
        assert any(h.startswith(page + "#story-") for h in hrefs), (page, hrefs)
        if site_url:
            assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs


def test_a_seeds_text_that_reads_like_a_link_is_left_as_it_is_in_the_feed(workdir):
    """Only the page's own links are led to the day's page: text holding `href="` was rewritten, and one
    ending in it swallowed the markup after it."""
    import xml.etree.ElementTree as ET

    (workdir / "briefing.toml").write_text('[site]\nurl = "https://news.example.org/b/"\n')
    write_seed(workdir / "seeds", "odd.md", ('---\ntitle: Harbour href="x.html" row\n---\n'
               + article_text("quay").split("\n\n", 1)[1] + ' The notice ended with href="\n').encode())
    two_days(workdir)
    atom = "{http://www.w3.org/2005/Atom}"
    content = " ".join(e.find(f"{atom}content").text for e in ET.parse(workdir / "out" / "feed.xml").getroot()
                       .findall(f"{atom}entry"))
    assert 'Harbour href="x.html" row' in content or "Harbour href=&quot;x.html&quot; row" in content
    assert content.count("Back to top</a>") == content.count(">Back to top<")


def test_seed_markup_reaches_the_feed_as_text(workdir):
    import xml.etree.ElementTree as ET

    title = "<script>alert(1)</script> & <b>bold</b>"
    write_seed(workdir / "seeds", "hostile.md", f"---\ntitle: \"{title}\"\n---\n\n" + article_text("tunnel"))
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.parse(workdir / "out" / "feed.xml").getroot().find(f"{atom}entry")
    # The HTML content shows the title as text: escaped, never as a tag.
    html = entry.find(f"{atom}content").text
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    # The plain-text summary holds it as it is.
    assert title in entry.find(f"{atom}summary").text


def test_state_from_before_the_archive_gets_its_index_and_feed(workdir):
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    with sqlite3.connect(workdir / ".briefing" / "state.sqlite3") as db:
        db.execute("DELETE FROM briefings")
    (workdir / "out" / "feed.xml").unlink()
    (workdir / "out" / "index.html").unlink()
    result = run_briefing("run", "--date", DAY1, cwd=workdir)
    assert "0 new" in result.stdout and "feed.xml" in result.stdout
    assert len(parse(workdir).entries) == 1
    assert "5 stories" in (workdir / "out" / "index.html").read_text()


@pytest.fixture
def at(monkeypatch):
    """Sets the run's clock: at(hour) on 2026-11-26, or at(a datetime), in UTC."""
    import datetime as dt

    import briefing.pipeline.run as run_module

    def set_clock(when) -> None:
        moment = when if isinstance(when, dt.datetime) else dt.datetime(2026, 11, 26, when, tzinfo=dt.timezone.utc)
        monkeypatch.setattr(run_module, "utc_now", lambda: moment)

    return set_clock


def test_a_day_leaving_the_feed_moves_its_updated_forward_and_it_never_goes_back(workdir, at):
    at(8)
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    at(9)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAY2, cwd=workdir).code == 0
    assert parse(workdir).feed.updated == "2026-11-26T09:00:00+00:00"
    at(10)
    assert run_briefing("remove", "seeds/ferry.txt", cwd=workdir).code == 0  # DAY2 had only the ferry
    feed = parse(workdir)
    assert [e.link for e in feed.entries] == [f"{DAY1}.html"] and feed.entries[0].updated == "2026-11-26T08:00:00+00:00"
    assert feed.feed.updated == "2026-11-26T10:00:00+00:00"  # it changed when the day left, not at 08:00
    # Written again later with nothing changed, it keeps that time (it was kept nowhere, and went back).
    at(11)
    assert run_briefing("run", "--date", DAY1, "--rebuild", cwd=workdir).code == 0
    assert parse(workdir).feed.updated == "2026-11-26T10:00:00+00:00"


def test_a_clock_set_back_never_dates_a_change_before_the_feeds_last(workdir, at):
    at(10)
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    at(8)  # NTP, or a restored VM, sets the clock back two hours; the day then gets a new article
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    feed = parse(workdir)
    # A feed reader would take an entry whose `updated` went back for one that did not change.
    assert feed.entries[0].updated == feed.feed.updated == "2026-11-26T10:00:01+00:00"
    assert feed.entries[0].published == "2026-11-26T10:00:00+00:00"
    at(7)  # and further back when the only article of a day in the feed goes
    write_seed(workdir / "seeds", "tram.txt", article_text("tram"))
    assert run_briefing("run", "--date", DAY2, cwd=workdir).code == 0
    at(6)
    assert run_briefing("remove", "seeds/tram.txt", cwd=workdir).code == 0
    assert parse(workdir).feed.updated == "2026-11-26T10:00:03+00:00"


def test_two_changes_within_a_second_are_two_updates(workdir, at):
    # Stamps are whole seconds: a second change in the same second kept the first's `updated`, and a feed
    # reader that saw the first never took the second.
    at(10)
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    feed = parse(workdir)
    assert feed.entries[0].updated == feed.feed.updated == "2026-11-26T10:00:01+00:00"
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0  # nothing new: nothing moves
    assert parse(workdir).feed.updated == "2026-11-26T10:00:01+00:00"


def test_a_clock_that_ran_far_ahead_and_was_put_right_is_believed(workdir, at):
    """A clock years ahead, then put right: the days after are dated by the clock, not a second after the
    wrong stamp (every stamp would stay in its future)."""
    import datetime as dt

    at(dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc))
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    at(dt.datetime(2026, 11, 26, 10, tzinfo=dt.timezone.utc))
    write_seed(workdir / "seeds", "tram.txt", article_text("tram"))
    assert run_briefing("run", "--date", DAY2, cwd=workdir).code == 0
    new_day = next(entry for entry in parse(workdir).entries if DAY2 in entry.link)
    assert new_day.published == new_day.updated == "2026-11-26T10:00:00+00:00"


def test_the_feed_follows_site_feed_entries_at_the_next_run_and_its_updated_moves(workdir, at):
    """Changed to fewer days, the feed held its old days until a day was next written ("nothing new")."""
    at(8)
    two_days(workdir)
    assert len(parse(workdir).entries) == 2
    (workdir / "briefing.toml").write_text("[site]\nfeed_entries = 1\n")
    at(12)
    result = run_briefing("run", "--date", "2026-11-27", cwd=workdir)  # a day with no article yet
    assert result.code == 0 and "out/feed.xml" in result.stdout, result.stdout
    feed = parse(workdir)
    assert [e.link for e in feed.entries] == [f"{DAY2}.html"]
    assert feed.feed.updated == "2026-11-26T12:00:00+00:00"  # it lost an entry now
    at(13)
    assert "no files changed" in run_briefing("run", "--date", "2026-11-27", cwd=workdir).stdout


def _briefing(stories: int, top: int, headline: str = "Headline number {n}", section=lambda n: None):
    """A day of `stories` made-up stories, `top` of them given in full, the rest in "Also today" by section."""
    import datetime as dt

    from briefing.models import Article, Briefing, ScoredSentence, Sourced, Story, Summary

    def story(n: int) -> Story:
        text = f"Sentence {n} of a made-up story, told in words that say very little about anything at all."
        article = Article(seed=f"{n}.txt", title=headline.format(n=n), paragraphs=(text,), content_hash="")
        report = Summary(article, (ScoredSentence(text, 1.0, 1, 0),), (text,), "newsrank")
        sourced = (Sourced(text, article.seed),)
        return Story(reports=(report,), summary=sourced, key_points=sourced, anchor=f"story-{n:08x}",
                     section=section(n))

    return Briefing(dt.date(2026, 3, 2), tuple(story(n) for n in range(stories)), top=top)


def test_a_day_too_long_for_a_feed_entry_shows_the_stories_that_fit_and_says_how_many(workdir, monkeypatch):
    """A day of 64,000 seeds made a 17 MB feed.xml whose entry libxml2 (many feed readers) refuses. An entry
    is now cut after the last whole story or line of "Also today" that fits (here a budget of a few), without
    its contents, and says how many of the day's stories it shows."""
    from briefing.publish import feed as feed_module

    (workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 2\n")
    assert run_briefing("run", "--date", DAY1, cwd=workdir).code == 0
    whole = parse(workdir).entries[0]
    assert "Contents" in whole.content[0].value and "This entry shows" not in whole.content[0].value
    store = sqlite3.connect(workdir / ".briefing" / "state.sqlite3")
    [body] = store.execute("SELECT body_html FROM briefings").fetchone()
    store.close()
    monkeypatch.setattr(feed_module, "FEED_ENTRY_CHARS", len(body) * 3 // 4)
    monkeypatch.setattr(feed_module, "_ROOM_AFTER_CUT", 0)
    assert run_briefing("run", "--date", DAY1, "--rebuild", cwd=workdir).code == 0
    [entry] = parse(workdir).entries
    content = entry.content[0].value
    shown = content.count('<article class="story"') + content.count('<li id="story-')
    assert 2 <= shown < 5 and "Contents" not in content
    for tag in ("article", "section", "ul", "li", "p"):
        assert content.count(f"<{tag}>") + content.count(f"<{tag} ") == content.count(f"</{tag}>"), tag
    assert content.endswith(f'<p><a href="{DAY1}.html">This entry shows {shown} of 5 stories: the whole briefing is '
                            "on its page.</a></p>")
    assert entry.summary == whole.summary


def _entry(body: str, stories: int, lang: str = "en") -> str:
    """The content of the feed entry of a day of `stories` whose page's HTML is `body`."""
    import datetime as dt

    from briefing.publish.feed import FeedEntry, FeedIds, render_feed

    when = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    entry = FeedEntry(dt.date(2026, 3, 2), "Daily", "2026-03-02.html", body, "", when, when, stories=stories, lang=lang)
    ids = FeedIds(None, "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    feed = feedparser.parse(render_feed([entry], title="Daily", ids=ids))
    return feed.entries[0].content[0].value


@pytest.mark.parametrize("lang, said, grouped", [
    ("en", "This entry shows {shown} of 3,000 stories: the whole briefing is on its page.", "{:,}".format),
    ("fr", "Cette entrée montre {shown} des 3000 articles du jour\u202f: tous sont sur sa page.", str),  # (10\u202f000)
])
def test_a_big_days_entry_shows_its_top_stories_and_the_lines_of_also_today_that_fit(lang, said, grouped):
    """With the default five stories in full, the rest one line each: "Also today" was one element too big to
    fit, left out whole, and the entry said nothing of how many stories it left out."""
    from briefing.publish.feed import FEED_ENTRY_CHARS
    from briefing.publish.html import markdown_to_safe_html
    from briefing.publish.templates import Renderer

    body = markdown_to_safe_html(Renderer().markdown(_briefing(3_000, top=5)))
    assert len(body) > FEED_ENTRY_CHARS
    content = _entry(body, 3_000, lang)
    in_full, lines = content.count('<article class="story"'), content.count('<li id="story-')
    assert in_full == 5 and 100 < lines < 2_995 and len(content) <= FEED_ENTRY_CHARS
    assert content.endswith(f"{said.format(shown=grouped(in_full + lines))}</a></p>")
    assert content.count("<ul>") == content.count("</ul>") and content.count("<section") == content.count("</section>")


def test_an_entry_cut_where_the_days_stories_are_not_told_as_the_templates_tell_them_says_so_without_a_count():
    from briefing.publish.html import markdown_to_safe_html
    from briefing.publish.templates import Renderer

    body = markdown_to_safe_html(Renderer().markdown(_briefing(3_000, top=5)))
    content = _entry(body, 3_000)
    shown = content.count('<article class="story"') + content.count('<li id="story-')
    assert 5 < shown < 3_000 and content.endswith(f"This entry shows {shown} of 3,000 stories: the whole briefing is on "
                                                  "its page.</a></p>")
    # A day whose page tells its stories otherwise (a template of one's own): which it shows is not known.
    content = _entry(body, 3_001)
    assert content.endswith('<a href="2026-03-02.html">The whole briefing is on its page.</a></p>')


def test_an_entry_that_fits_without_its_contents_is_not_cut(monkeypatch):
    from briefing.publish import feed as feed_module
    from briefing.publish.html import markdown_to_safe_html
    from briefing.publish.templates import Renderer

    body = markdown_to_safe_html(Renderer().markdown(_briefing(300, top=300)))
    contents = re.search(r'<nav [^>]*class="contents".*?</nav>\n?', body, re.DOTALL).group()
    monkeypatch.setattr(feed_module, "FEED_ENTRY_CHARS", len(body) - len(contents) // 2)
    content = _entry(body, 300)
    assert "Contents" not in content and "This entry shows" not in content
    assert content.count('<article class="story"') == 300


def test_a_huge_day_makes_a_feed_that_libxml2_reads_with_its_limits(tmp_path):
    """At scale: 20,000 stories' HTML (some 10 MB) as an entry, parsed as feed readers parse (no huge_tree)."""
    import datetime as dt

    from lxml import etree

    from briefing.publish.feed import FEED_ENTRY_CHARS, FeedEntry, FeedIds, render_feed
    from briefing.publish.html import markdown_to_safe_html

    # One story as the Markdown makes it, then 20,000 like it (converting them all takes seconds).
    story = markdown_to_safe_html(
        "# Daily\n\n## Story nnnn & <its> \"words\" {#story-nnnn}\n\n- A point, with [a link]"
        "(https://e.example/nnnn?a=1&b=2).\n\nIts summary, " + "in words " * 50 + "\n")
    head, _, story = story.partition("</header>")
    body = head + "</header>" + "".join(story.replace("nnnn", str(n)) for n in range(20_000))
    assert len(body) > 10_000_000
    when = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    entry = FeedEntry(dt.date(2026, 3, 2), "Daily", "2026-03-02.html", body, "20,000 stories", when, when, 20_000)
    xml = render_feed([entry], title="Daily", ids=FeedIds(None, "1b4e28ba-2fa1-11d2-883f-0016d3cca427"))
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=False))
    [content] = root.iter("{http://www.w3.org/2005/Atom}content")
    assert FEED_ENTRY_CHARS // 2 < len(content.text) <= FEED_ENTRY_CHARS + 200
    shown = len(re.findall('<article [^>]*class="story"', content.text))
    assert 0 < shown < 20_000 and content.text.count("<article") == content.text.count("</article>")
    assert content.text.endswith(f"This entry shows {shown} of 20,000 stories: the whole briefing is on its page."
                                 "</a></p>\n")


def test_a_huge_days_feed_summary_names_the_first_headlines_and_how_many_more():
    from briefing.publish.feed import FEED_SUMMARY_CHARS, _summary_within_budget, feed_summary

    summary = feed_summary(_briefing(3_000, top=5))
    shown = summary.count("Headline number")
    assert summary.startswith("3,000 stories: Headline number 0; Headline number 1; ")
    assert summary.endswith(f"; Headline number {shown - 1}; and {3_000 - shown:,} more")
    assert FEED_SUMMARY_CHARS - 30 < len(summary) <= FEED_SUMMARY_CHARS + 40
    assert feed_summary(_briefing(1, top=5)) == "1 story: Headline number 0"
    assert feed_summary(_briefing(3, top=5), "fr") == (
        "3 articles: Headline number 0; Headline number 1; Headline number 2")
    assert feed_summary(_briefing(3, top=5), "cs").startswith("3 zprávy: ")
    # One stored whole by the release before, read for the feed: cut after a headline.
    stored = "3000 stories: " + "; ".join(f"Headline number {n}" for n in range(3_000))
    assert _summary_within_budget(stored) == stored[:stored.rfind("; ", 0, FEED_SUMMARY_CHARS)] + "; …"
    assert _summary_within_budget(summary) == summary
