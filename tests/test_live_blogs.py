"""A live blog (a page of timestamped updates, newest first) is read oldest first, so its summary tells
the story in time order; an ordinary article is never reordered. Every page here is invented for the test."""

import json
from pathlib import Path

import pytest
from conftest import run_briefing

from briefing.ingest.readers import read_article

INTRO = "Heavy rain has flooded the lower town of the river valley, and the county has opened three shelters."
# (time, heading, paragraph), oldest first.
UPDATES = [
    ("2026-03-04T06:00:00+01:00", "River breaks its banks",
     "The river broke its banks shortly after midnight and forced about three thousand people out of their homes."),
    ("2026-03-04T07:05:00+01:00", "Schools closed",
     "All schools in the valley stayed closed because several roads were under water and buses could not pass."),
    ("2026-03-04T09:45:00+01:00", "Soldiers fill sandbags",
     "Two hundred soldiers arrived in the morning to fill sandbags along the embankment near the old mill."),
    ("2026-03-04T12:30:00+01:00", "Water starts to fall",
     "Gauges on the main bridge showed the river falling by twenty centimetres an hour by the middle of the day."),
    ("2026-03-04T15:10:00+01:00", "Evacuation order lifted",
     "The county lifted the evacuation order in the afternoon, and residents began returning to inspect the damage."),
]
OLDEST_FIRST = [text for _, _, text in UPDATES]
LIVE_DATA = ("<script type='application/ld+json'>" + json.dumps({
    "@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Floods in the river valley",
    "liveBlogUpdate": [{"@type": "BlogPosting", "headline": heading, "datePublished": moment}
                       for moment, heading, _ in reversed(UPDATES)]}) + "</script>")


def page(body: str, head: str = "") -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Live: Floods in the river valley | Valley Post</title>{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/local'>Local</a> <a href='/sport'>Sport</a></nav>"
            f"<main><article><h1>Floods in the river valley</h1>{body}</article></main>"
            "<footer><p>Valley Post, all rights reserved.</p></footer></body></html>")


def boxed(updates) -> str:
    """Each update in a box of its own: its time, its heading, its paragraph."""
    return "".join(f"<div class='entry'><time datetime='{moment}'>{moment[11:16]}</time><h2>{heading}</h2>"
                   f"<p>{text}</p></div>" for moment, heading, text in updates)


def flat(updates) -> str:
    """The updates' times and paragraphs side by side in one element, as some pages set them."""
    return "<div class='feed'>" + "".join(
        f"<p class='stamp'><time datetime='{moment}'>{moment[11:16]}</time></p><p>{text}</p>"
        for moment, _, text in updates) + "</div>"


def read(html: str):
    return read_article(Path("live.html"), html.encode("utf-8"))


@pytest.mark.parametrize("layout", [boxed, flat])
@pytest.mark.parametrize("head", [LIVE_DATA, ""], ids=["declared", "undeclared"])
def test_a_live_blog_is_read_oldest_first_after_its_introduction(layout, head):
    article = read(page(f"<p>{INTRO}</p>{layout(reversed(UPDATES))}", head))
    assert article.paragraphs == (INTRO, *OLDEST_FIRST)
    assert article.title == "Floods in the river valley"


def test_the_title_of_a_declared_live_blog_is_its_own_not_its_latest_updates():
    # The page's <title> does not open with its h1: the extractor's pick was the newest update's headline.
    article = read(page(boxed(reversed(UPDATES)), LIVE_DATA).replace("<h1>Floods in the river valley</h1>", ""))
    assert article.title == "Floods in the river valley"


def test_a_declared_live_blog_of_two_updates_is_reordered_but_not_an_undeclared_page():
    two = list(reversed(UPDATES[:2]))
    assert read(page(boxed(two), LIVE_DATA)).paragraphs == tuple(OLDEST_FIRST[:2])
    assert read(page(boxed(two))).paragraphs == tuple(OLDEST_FIRST[1::-1])


def twice_stamped(updates) -> str:
    """Each update with two times, when it was published and when last updated (the same hour, later)."""
    return "".join(f"<div class='entry'><p class='meta'><time datetime='{moment}'>{moment[11:16]}</time> Updated "
                   f"<time datetime='{moment[:14]}59:00+01:00'>{moment[11:13]}:59</time></p><h2>{heading}</h2>"
                   f"<p>{text}</p></div>" for moment, heading, text in updates)


@pytest.mark.parametrize("head", [LIVE_DATA, ""], ids=["declared", "undeclared"])
def test_a_live_blog_whose_updates_carry_two_times_each_is_read_oldest_first(head):
    # Each update's box held two times: no box held its text alone, and the page was read newest first.
    assert read(page(f"<p>{INTRO}</p>{twice_stamped(reversed(UPDATES))}", head)).paragraphs == (INTRO, *OLDEST_FIRST)


@pytest.mark.parametrize("pinned", [0, 2])
def test_a_live_blog_with_an_older_post_pinned_above_its_updates_is_read_oldest_first(pinned):
    # The pinned post broke the run back in time: the page was read as it is, newest first.
    newest_first = list(reversed(UPDATES))
    page_order = [UPDATES[pinned]] + [update for update in newest_first if update is not UPDATES[pinned]]
    assert read(page(f"<p>{INTRO}</p>{boxed(page_order)}")).paragraphs == (INTRO, *OLDEST_FIRST)


@pytest.mark.parametrize("updates", [
    UPDATES,  # oldest first already
    [UPDATES[2], UPDATES[0], UPDATES[4], UPDATES[1], UPDATES[3]],  # in no order of time
    [(moment, heading, text) for moment, (_, heading, text) in zip(["2026-03-04"] * 5, UPDATES)],  # one time
], ids=["oldest-first", "no-order", "same-time"])
def test_updates_not_newest_first_stay_as_the_page_shows_them(updates):
    html = page(boxed(updates), LIVE_DATA)
    assert read(html).paragraphs == tuple(text for _, _, text in updates)


PROSE = [
    "The valley has flooded three times in ten years, and each time the lower town took the worst of the water, "
    "because the old embankment there is the lowest stretch of the whole river wall.",
    "Engineers have warned since the last flood that the wall needs raising by half a metre, but the county has "
    "twice put the work off for lack of money and is still waiting for a grant from the state.",
    "Shop owners in the market square said they had moved their stock upstairs on Sunday night, as they have learned "
    "to do whenever the river rises, and hoped to open again by the end of the week.",
]


@pytest.mark.parametrize("head", [LIVE_DATA, ""], ids=["declared", "undeclared"])
def test_an_article_with_a_few_dated_notes_is_not_reordered(head):
    # An ordinary article: most of its text carries no time, and three dated notes run back in time.
    body = f"<p>{INTRO}</p><p>{PROSE[0]}</p>{boxed(reversed(UPDATES[2:]))}<p>{PROSE[1]}</p><p>{PROSE[2]}</p>"
    paragraphs = read(page(body, head)).paragraphs
    assert [p for p in paragraphs if p in OLDEST_FIRST] == OLDEST_FIRST[:1:-1]
    assert [p for p in paragraphs if p not in OLDEST_FIRST] == [INTRO, *PROSE]


def test_summary_of_a_live_blog_tells_the_story_in_time_order(tmp_path):
    (tmp_path / "floods.html").write_text(page(boxed(reversed(UPDATES)), LIVE_DATA), encoding="utf-8")
    result = run_briefing("summarize", "floods.html", "--sentences", "5", "--json", cwd=tmp_path)
    assert result.code == 0
    assert json.loads(result.stdout)["summary"] == OLDEST_FIRST
