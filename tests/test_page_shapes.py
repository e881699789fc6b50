"""The HTML reader on page shapes beyond one plain article: index pages, comments under other
headings, embedded posts, titles with the site's name. Every page here is invented for the test."""

from pathlib import Path

import pytest

from briefing.errors import SeedError
from briefing.ingest.readers import read_article

STORY = [
    "The river authority opened a new footbridge in the old town on Monday after two years of building work.",
    "The bridge links the market square with the railway station and saves commuters ten minutes a day.",
    "Builders had to stop for four months last winter when high water flooded the site and the scaffolding.",
    "The final bill came to eleven million euros, about a fifth more than the council had planned at first.",
    "Shop owners on the eastern bank said they hoped the bridge would bring more customers to their side.",
]
TEASERS = [
    ("Mayor presents plan for more bus lanes", "Three main roads would lose a car lane each under the proposal, "
     "which the council debates next week."),
    ("School heating fails on the coldest day", "Pupils at two primary schools were sent home early after the "
     "boilers broke down again."),
    ("Local team wins the cup on penalties", "The goalkeeper saved two shots in the shoot-out to give the club its "
     "first trophy in twenty years."),
    ("Library opens longer in the summer", "The central library will stay open until nine in the evening from "
     "June to August, the city said."),
    ("Farmers worry about a dry spring", "Rain fell on only four days in April, and wheat fields in the valley "
     "are already turning brown."),
    ("Museum returns a painting to a family", "A portrait taken during the war goes back to the heirs of its first "
     "owner after a long search."),
]


def page(body: str, head: str = "<title>New footbridge opens | Valley Post</title>") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/local'>Local</a> <a href='/sport'>Sport</a></nav>"
            f"{body}<footer><p>Valley Post, all rights reserved.</p></footer></body></html>")


def read(html: str):
    return read_article(Path("page.html"), html.encode("utf-8"))


def teaser_boxes(linked_heading: bool = True) -> str:
    def box(number, headline, line):
        title = (f"<h2><a href='/story/{number}'>{headline}</a></h2>" if linked_heading
                 else f"<a class='t' href='/story/{number}'>{headline}</a>")
        return f"<div class='card'>{title}<p>{line}</p><a href='/story/{number}'>More</a></div>"
    return "".join(box(number, *teaser) for number, teaser in enumerate(TEASERS))


@pytest.mark.parametrize("linked_heading", [True, False])
def test_a_page_of_teasers_for_other_stories_is_no_article(linked_heading):
    with pytest.raises(SeedError, match=r"a page of teasers for [4-6] other articles \(an index or home page\)"):
        read(page(f"<main><h1>Local news</h1>{teaser_boxes(linked_heading)}</main>"))


HOTELS = [("The Harbour View Inn", "harbourview.example", "Twelve rooms above the fish market, each with a balcony "
            "facing the boats, and breakfast served until eleven."),
           ("Old Mill Guesthouse", "oldmill.example", "A converted grain mill by the weir, quiet at night, with bikes "
            "to borrow for the towpath along the river."),
           ("The Station Hotel", "stationhotel.example", "Plain rooms a minute from the trains, the cheapest bed in town "
            "and a bar that stays open late on weekdays."),
           ("Riverside Cabins", "riversidecabins.example", "Six wooden cabins on stilts in the flood meadow, reached by "
            "a footpath, with a wood stove in each one."),
           ("The Market House", "markethouse.example", "Above the covered market, loud on Saturday mornings but right "
            "in the middle of everything the old town offers.")]


@pytest.mark.parametrize("own", ["<link rel='canonical' href='https://valleypost.example/where-to-stay'>", ""])
def test_a_list_of_other_sites_each_linked_above_a_line_is_an_article(own):
    # "Where to stay": each hotel's own site linked above a line about it, not the site's teasers.
    items = "".join(f"<div class='item'><h2><a href='https://www.{host}/'>{name}</a></h2><p>{line}</p></div>"
                    for name, host, line in HOTELS)
    html = page(f"<article><h1>Where to stay in the old town</h1><p>{STORY[0]}</p>{items}</article>",
                head=f"<title>Where to stay in the old town | Valley Post</title>{own}")
    kept = [line for _, _, line in HOTELS if line in read(html).paragraphs]
    assert kept == [line for _, _, line in HOTELS][:len(kept)] and len(kept) >= 3  # (the extractor drops the last)


def test_an_article_with_a_few_teasers_under_it_is_read():
    article = "<article><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
    text = read(page(article + f"<section><h2>More local news</h2>{teaser_boxes()}</section>")).paragraphs
    assert text[:5] == tuple(STORY)


@pytest.mark.parametrize("heading", ["More local news", "Elsewhere in the valley", ""])
def test_teasers_of_other_stories_closing_the_article_are_not_the_article(heading):
    # Inside the <article>, under a heading no rule knows (or none), with class names that say nothing.
    teasers = f"<div class='q2'>{f'<h2>{heading}</h2>' if heading else ''}{teaser_boxes()}</div>"
    html = page("<article class='q1'><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
                + teasers + "</article>")
    assert read(html).paragraphs == tuple(STORY)


def test_a_list_of_teasers_in_the_middle_of_the_article_is_not_the_article():
    boxes = teaser_boxes().split("</div>")[:3]
    html = page("<article class='q1'><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in STORY[:3])
                + "<div class='q5'>" + "</div>".join(boxes) + "</div></div>"
                + "".join(f"<p>{p}</p>" for p in STORY[3:]) + "</article>")
    assert read(html).paragraphs == tuple(STORY)


def test_a_paragraph_of_the_article_in_a_box_under_a_link_to_another_story_is_kept():
    # One box alone: the article's own paragraph under a "related" link, not a list of teasers.
    boxed = f"<div class='q6'><p><a href='/story/9'>Related: {TEASERS[0][0]}</a></p><p>{STORY[2]}</p></div>"
    html = page("<article class='q1'><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in STORY[:2])
                + boxed + "".join(f"<p>{p}</p>" for p in STORY[3:]) + "</article>")
    assert read(html).paragraphs == tuple(STORY)


def test_the_articles_last_paragraphs_each_followed_by_a_link_to_another_story_are_kept():
    blocks = "".join(f"<div class='q2'><p>{p}</p><p><a href='/story/{n}'>{TEASERS[n][0]}</a></p></div>"
                     for n, p in enumerate(STORY))
    html = page(f"<article class='q1'><h1>New footbridge opens</h1>{blocks}</article>")
    text = read(html).paragraphs  # (no index page either: each link comes after its paragraph)
    assert text == tuple(STORY[:len(text)]) and len(text) >= 4  # (the extractor drops the last of so short a page)


def test_a_blog_post_whose_headline_links_to_itself_is_read():
    post = ("<article><h1><a href='https://valleypost.example/bridge'>New footbridge opens</a></h1>"
            "<div class='entry-content'>" + "".join(f"<p>{p}</p>" for p in STORY) + "</div></article>")
    head = ("<title>New footbridge opens | Valley Post</title>"
            "<link rel='canonical' href='https://valleypost.example/bridge'>")
    assert read(page(post, head)).paragraphs == tuple(STORY)


@pytest.mark.parametrize("permalink", ["#u{n}", "?post={n}", "/live/bridge?post={n}",
                                       "https://valleypost.example/live/bridge/?update={n}"])
def test_a_live_blog_whose_updates_link_to_themselves_is_read(permalink):
    updates = "".join(f"<div class='update' id='u{n}'><h3><a href='{permalink.format(n=n)}'>Update at {9 + n} "
                      f"o'clock</a></h3><p>{p}</p></div>" for n, p in enumerate(STORY[1:]))
    head = "<title>Live: the bridge opens</title><link rel='canonical' href='https://valleypost.example/live/bridge'>"
    html = page(f"<article><h1>Live: the bridge opens</h1><p>{STORY[0]}</p>{updates}</article>", head=head)
    text = read(html).paragraphs
    assert len(text) >= 3 and set(text) <= set(STORY)  # (the extractor leaves out a few of so short a page)


# --- readers' comments under a heading the class names do not mark ---

def hashed_article(extra: str, lang: str = "en", story=STORY) -> str:
    body = "".join(f"<p class='x1'>{p}</p>" for p in story)
    return page(f"<div class='q3'><h1 class='q4'>New footbridge opens</h1>{body}{extra}</div>").replace(
        "lang='en'", f"lang='{lang}'")


COMMENTS = ("<p class='x1'>Karl wrote: I have waited for this bridge for years and I am glad it is finally done.</p>"
            "<p class='x1'>Mia wrote: Eleven million for a footbridge seems like far too much money to me.</p>")


@pytest.mark.parametrize("heading", ["Comments", "Join the conversation", "Reader comments", "Join the discussion"])
def test_readers_comments_under_a_plain_heading_are_not_the_article(heading):
    assert read(hashed_article(f"<div class='q5'><h3>{heading}</h3>{COMMENTS}</div>")).paragraphs == tuple(STORY)


GERMAN = [
    "Die Stadt hat am Montag eine neue Fußgängerbrücke über den Fluss eröffnet, nach zwei Jahren Bauzeit.",
    "Die Brücke verbindet den Marktplatz mit dem Bahnhof und soll Pendlern täglich zehn Minuten ersparen.",
    "Im vergangenen Winter mussten die Arbeiten für vier Monate ruhen, weil Hochwasser die Baustelle traf.",
    "Am Ende kostete das Bauwerk elf Millionen Euro, rund ein Fünftel mehr als ursprünglich geplant war.",
    "Geschäftsleute am östlichen Ufer hoffen nun auf mehr Kundschaft, sagte der Sprecher des Vereins.",
    "Radfahrer müssen ihr Rad zu Stoßzeiten schieben, weil die Brücke nur drei Meter breit ist.",
]


@pytest.mark.parametrize("heading", ["Kommentare", "Leserkommentare", "Diskutieren Sie mit!"])
def test_german_readers_comments_under_a_plain_heading_are_not_the_article(heading):
    comments = ("<p class='x1'>Karl schrieb: Auf diese Brücke habe ich seit Jahren gewartet, endlich ist sie fertig.</p>"
                "<p class='x1'>Mia schrieb: Elf Millionen für eine Fußgängerbrücke finde ich wirklich viel zu teuer.</p>")
    html = hashed_article(f"<div class='q5'><h3>{heading}</h3>{comments}</div>", lang="de", story=GERMAN)
    assert read(html).paragraphs == tuple(GERMAN)


# --- a headline in og:title with the site's name, when nothing else names the site ---

def untitled_article(head: str, h1: str = "") -> str:
    # No og:site_name and no address: only the titles tell the site's part from the headline's.
    return page(f"<article>{h1}" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>", head=head)


@pytest.mark.parametrize("og_title", ["New footbridge opens in the old town | Valley Post",
                                      "Valley Post – New footbridge opens in the old town"])
def test_the_site_named_in_the_page_title_alone_is_cut_from_the_og_title(og_title):
    article = read(untitled_article(f"<title>Valley Post</title><meta property='og:title' content='{og_title}'>"))
    assert (article.title, article.source) == ("New footbridge opens in the old town", "Valley Post")


@pytest.mark.parametrize("page_title, h1", [("New footbridge opens", ""),  # reads as no name
                                            ("Footbridge Opens Today", "<h1>Footbridge Opens Today</h1>")])  # the headline shown
def test_a_page_title_that_is_the_headline_is_not_taken_for_the_site(page_title, h1):
    head = f"<title>{page_title}</title><meta property='og:title' content='{page_title} | Valley Post'>"
    assert read(untitled_article(head, h1)).title == page_title


@pytest.mark.parametrize("line, lang, story", [
    ("URL of this article: https://valleypost.example/local/bridge", "en", STORY),
    ("Printed from https://valleypost.example/local/bridge on 6 May 2025", "en", STORY),
    ("URL dieses Artikels: https://valleypost.example/local/bridge", "de", GERMAN),
])
def test_a_print_versions_address_line_is_not_the_article(line, lang, story):
    # A print version: no navigation, no <article>, the address it was printed from under the text.
    html = (f"<html lang='{lang}'><head><title>Print: New footbridge</title></head><body onload='window.print()'>"
            "<h1>New footbridge</h1>" + "".join(f"<p>{p}</p>" for p in story) + f"<hr><p>{line}</p></body></html>")
    assert read(html).paragraphs == tuple(story)


# --- a paywalled page: the teaser stops mid-sentence ---

PAYWALL = ("<div class='z8'><h3>Subscribe to keep reading</h3><p>Get unlimited access to all our journalism for one "
           "euro in the first month.</p><a href='/subscribe'>Subscribe now</a></div>")


@pytest.mark.parametrize("cut", ["…", "...", " …"])
def test_the_sentence_a_paywall_cuts_short_is_left_out(cut):
    teaser = f"{STORY[1]} {STORY[2][:55].rstrip()}{cut}"
    article = read(page(f"<article><h1>New footbridge opens</h1><p>{STORY[0]}</p><p>{teaser}</p>{PAYWALL}</article>"))
    assert article.paragraphs == (STORY[0], STORY[1])


def test_a_last_paragraph_cut_short_with_no_whole_sentence_goes_and_an_ellipsis_before_it_stays():
    trailing = "The mayor paused before he spoke again..."
    story = [STORY[0], f"{STORY[1]} {trailing}", *STORY[2:4], STORY[4][:50] + "…"]
    article = read(page("<article><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in story) + "</article>"))
    assert article.paragraphs == tuple(story[:4])


@pytest.mark.parametrize("ending", [" Affaire à suivre...", ", affaire à suivre…", " À suivre…"])
def test_an_article_that_closes_on_a_phrase_and_an_ellipsis_keeps_its_last_sentence(ending):
    # "A story to follow...": the page cut nothing short; its last paragraph (all of it, one sentence) went.
    last = FRENCH[-1].rstrip(".") + ending
    html = page("<article><h1>Une passerelle sur la rivière</h1>" + "".join(f"<p>{p}</p>" for p in FRENCH[:-1])
                + f"<p>{last}</p></article>").replace("lang='en'", "lang='fr'")
    assert read(html).paragraphs == (*FRENCH[:-1], last)


def test_a_french_paywall_that_cuts_the_last_sentence_short_still_loses_it():
    teaser = f"{FRENCH[4]} {FRENCH[5][:60].rstrip()}…"
    html = page("<article><h1>Une passerelle sur la rivière</h1>" + "".join(f"<p>{p}</p>" for p in FRENCH[:4])
                + f"<p>{teaser}</p></article>").replace("lang='en'", "lang='fr'")
    assert read(html).paragraphs == tuple(FRENCH[:5])


# --- a live blog: timestamped updates, newest first, between a live blog's own furniture ---

def test_a_live_blogs_updates_are_read_without_its_welcome_and_sign_off():
    updates = [*STORY, "That's all from us today: a full report on the opening follows this afternoon."][::-1]
    stamped = "".join(f"<div class='post'><time datetime='2025-05-05T{15 - n}:00'>{15 - n}:00</time><p>{text}</p>"
                      f"<a href='#p{n}'>Share</a></div>" for n, text in enumerate(updates))
    html = page(f"<article><h1>Live: the new footbridge opens</h1>"
                f"<p>Follow the opening of the new footbridge as it happens.</p>{stamped}</article>")
    text = read(html).paragraphs
    # (The extractor leaves out the last update or two of so short a page.)
    assert text == tuple(STORY[::-1][:len(text)]) and len(text) >= 3


# --- a page an app renders in the browser: the article only in its scripts' data ---

def test_a_page_an_app_fills_in_from_its_scripts_data_is_skipped_with_a_reason_that_says_so():
    import json

    next_data = json.dumps({"props": {"pageProps": {"story": {"body": "".join(f"<p>{p}</p>" for p in STORY)}}}})
    nuxt = "window.__NUXT__={data:[{article:{paragraphs:" + json.dumps(STORY) + "}}]}"
    for script in (f"<script id='__NEXT_DATA__' type='application/json'>{next_data}</script>", f"<script>{nuxt}</script>"):
        with pytest.raises(SeedError, match="scripts fill in its text: the HTML holds almost none, only the data"):
            read(page(f"<div id='app'><h1>New footbridge opens</h1></div>{script}"))
    # Settings and labels are no article: an empty page says so, whatever its scripts hold.
    settings = json.dumps({"locale": "en-GB", "labels": {"menu": "Open the main menu", "close": "Close it"},
                           "ads": ["/slot/1", "/slot/2"], "tracking": True})
    with pytest.raises(SeedError, match=r"^no article text found in the HTML"):
        read(page(f"<div id='app'><h1>New footbridge opens</h1></div><script>var config = {settings};</script>"))


# --- more furniture inside the article, whatever its class names: in words every site uses ---

def test_the_authors_box_under_a_plain_heading_is_not_the_article():
    bio = "<h3>About the author</h3><p class='x1'>Tom Field writes about city life and transport and lives by the river.</p>"
    assert read(hashed_article(f"<div class='q5'>{bio}</div>")).paragraphs == tuple(STORY)


def test_spanish_readers_comments_under_a_plain_heading_are_not_the_article():
    spanish = ["El ayuntamiento inauguró el lunes una nueva pasarela peatonal sobre el río tras dos años de obras.",
               "La pasarela une la plaza del mercado con la estación y ahorrará diez minutos a quienes van a trabajar.",
               "Las obras se pararon cuatro meses en invierno porque una crecida inundó el solar y dañó los andamios.",
               "El coste final llegó a once millones de euros, una quinta parte más de lo previsto al principio.",
               "Los comerciantes de la orilla este esperan que la pasarela les traiga más clientes a sus tiendas."]
    comments = ("<h3>Comentarios</h3><p class='x1'>Pedro: Ya era hora de que terminaran esta obra tan necesaria.</p>"
                "<p class='x1'>Ana: Once millones me parece muchísimo dinero para una pasarela tan pequeña.</p>")
    assert read(hashed_article(comments, lang="es", story=spanish)).paragraphs == tuple(spanish)


@pytest.mark.parametrize("furniture", [
    "The day's most important local stories, delivered to your inbox every morning at seven.",
    "We and our partners store and access information on your device to show you personalised content.",
    "Updated 3 hours ago",
    "Published: 25 minutes ago",
    "Sponsored",
    "Image 1 of 12",
    "Page 1 of 3",
    "Photo gallery: the bridge from above",
    "Was this article helpful?",
    "Have a tip? Send it to news@valleypost.example",
    "Anna Brook, Transport Reporter",
    "Text: Anna Brook",
    "Listen to this article · 4 min",
    "Gift this article",
    "AFP via Getty Images",
    "Follow Anna Brook on X",
    "This article is more than 2 years old",
    "Already have an account? Sign in",
    "Explore more on these topics",
    "You must be logged in to comment.",
])
def test_a_newsletter_prompt_a_consent_note_a_time_stamp_or_a_button_is_not_the_article(furniture):
    html = hashed_article("").replace(f"<p class='x1'>{STORY[2]}", f"<p class='x1'>{furniture}</p><p class='x1'>{STORY[2]}")
    assert read(html).paragraphs == tuple(STORY)


@pytest.mark.parametrize("prose", ["Mayor Anna Brook, who chaired the meeting, said the vote was clear.",
                                   "The editor said it was a fine day for the town and its people.",
                                   "Police asked people to follow the signs on the riverside path."])
def test_a_line_of_prose_that_names_an_editor_or_asks_to_follow_is_the_articles(prose):
    html = hashed_article("").replace(f"<p class='x1'>{STORY[2]}", f"<p class='x1'>{prose}</p><p class='x1'>{STORY[2]}")
    assert read(html).paragraphs == (*STORY[:2], prose, *STORY[2:])


# --- a caption in a plain element beside its picture ---

CAPTION = "Walkers on the new bridge on its first morning, seen from the station side."


@pytest.mark.parametrize("box", [
    f"<div class='k2'><img src='bridge.jpg' alt=''><p class='k3'>{CAPTION}</p></div>",
    f"<div class='k2'><a href='bridge-big.jpg'><img src='bridge.jpg'></a><div class='k3'>{CAPTION}</div></div>",
    f"<div class='k2'><picture><source srcset='b.webp'><img src='b.jpg'></picture><small>{CAPTION}</small></div>",
])
def test_a_short_text_alone_beside_a_picture_is_its_caption(box):
    html = hashed_article("").replace(f"<p class='x1'>{STORY[2]}", f"{box}<p class='x1'>{STORY[2]}")
    assert read(html).paragraphs == tuple(STORY)


def test_a_caption_in_the_box_after_its_pictures_box_is_left_out():
    # Blogger's editor: the picture centred in a box of class "separator", its caption in the next such box.
    style = "clear: both; text-align: center;"
    label = "Walkers on the new bridge on its first morning"
    pictures = [f"<div class='separator' style='{style}'><a href='b.jpg'><img src='b.jpg'></a></div>"
                f"<div class='separator' style='{style}'>{label}</div>",
                f"<div style='{style}'><img src='b.jpg'></div><div style='{style}'>{label}</div>",
                "<div class='separator'><img src='b.jpg'></div><div class='separator'>U.S. envoy Jane Roe at St. "
                "Mary's on the new bridge</div>",
                # Set small or in italics, as the editor sets a caption; centred by the align of older pages.
                f"<div class='separator' style='{style}'><a href='b.jpg'><img src='b.jpg'></a></div>"
                f"<div class='separator' style='{style}'><span style='font-size: x-small;'>{label}</span></div>",
                "<div align='center'><img src='b.jpg'></div><div align='center'><i>Walkers</i> on the "
                "<em>new</em> bridge</div>"]
    for picture in pictures:
        # (Its text in lines between <br>s, as Blogger writes a post.)
        body = "<br /><br />".join(STORY[:2]) + f"<br /><br />{picture}<br />" + "<br /><br />".join(STORY[2:])
        html = page(f"<div class='post'><h3 class='post-title'>New footbridge opens</h3>"
                    f"<div class='post-body entry-content'>{body}</div></div>")
        assert read(html).paragraphs == tuple(STORY)
    # A short paragraph after a picture's box of the same class or style is the article's when the boxes are not
    # centred, or when it ends as a sentence does (inside its quotation marks too).
    quoted = "The mayor told the crowd at the opening: “This bridge belongs to everyone in the town.”"
    story = [*STORY[:2], quoted, *STORY[2:]]
    for box_style in ("text-align: justify;", style):
        picture, text = f"<div style='{box_style}'><img src='b.jpg'></div>", f"<div style='{box_style}'>{quoted}</div>"
        body = "<br /><br />".join(STORY[:2]) + f"<br /><br />{picture}{text}<br />" + "<br /><br />".join(STORY[2:])
        html = page(f"<div class='post'><h3 class='post-title'>New footbridge opens</h3>"
                    f"<div class='post-body entry-content'>{body}</div></div>")
        assert read(html).paragraphs == tuple(story)
    # A line with a picture or a break in it is more than a label, and one in bold a subheading: the article's.
    for line in ("Walkers on the new bridge <img src='smile.png'> on its first morning",
                 "Walkers on the new bridge<br>on its first morning",
                 "<b>Walkers on the new bridge on its first morning</b>"):
        picture = f"<div style='{style}'><img src='b.jpg'></div><div style='{style}'>{line}</div>"
        body = "<br /><br />".join(STORY[:2]) + f"<br /><br />{picture}<br />" + "<br /><br />".join(STORY[2:])
        html = page(f"<div class='post'><h3 class='post-title'>New footbridge opens</h3>"
                    f"<div class='post-body entry-content'>{body}</div></div>")
        assert "new bridge on its first morning" in " ".join(read(html).paragraphs), line
    # A post centred whole: the short line after its picture is its text, as is one ending on an emoji or an address.
    for line in ("What happens to the old ferry", "We walked across it twice and the view was worth the wait 😍",
                 "We first crossed it in 2019. It was worth the wait",
                 "The full report is online at https://valley.example/reports/footbridge"):
        boxes = [f"<div style='{style}'>{p}</div>" for p in (*STORY[:2], line, *STORY[2:])]
        boxes.insert(2, f"<div style='{style}'><img src='b.jpg'></div>")
        html = page(f"<div class='post'><h3 class='post-title'>New footbridge opens</h3>"
                    f"<div class='post-body entry-content'>{''.join(boxes)}</div></div>")
        assert line in read(html).paragraphs, line
    # Two boxes of one class that are the article's own blocks: a sentence after the picture's box stays.
    blocks = (f"<div class='block'><img src='b.jpg'></div><div class='block'>{STORY[2]}</div>"
              + "".join(f"<div class='block'>{p}</div>" for p in STORY[3:]))
    html = page("<div class='q3'><h1>New footbridge opens</h1>" + "".join(f"<p class='x1'>{p}</p>" for p in STORY[:2])
                + blocks + "</div>")
    assert read(html).paragraphs == tuple(STORY)


def test_a_paragraph_with_a_picture_in_its_line_or_among_others_is_the_articles():
    icon = f"<p class='x1'><img src='sun.png'> {STORY[2]}</p>"
    among = f"<div class='k2'><img src='bridge.jpg'><p class='x1'>{STORY[3]}</p><p class='x1'>{STORY[4]}</p></div>"
    html = page("<div class='q3'><h1>New footbridge opens</h1>" + "".join(f"<p class='x1'>{p}</p>" for p in STORY[:2])
                + icon + among + "</div>")
    assert read(html).paragraphs == tuple(STORY)


@pytest.mark.parametrize("furniture", ["Artikel anhören · 4 Min.", "Link kopieren", "Artikel verschenken", "Merken",
                                       "Folgen Sie Anna Brook auf X", "Anna Brook, Redakteurin", "Weitere Kommentare laden",
                                       "Melden Sie sich an, um zu kommentieren."])
def test_a_german_pages_buttons_and_labels_are_not_the_article(furniture):
    html = hashed_article("", lang="de", story=GERMAN).replace(
        f"<p class='x1'>{GERMAN[1]}", f"<p class='x1'>{furniture}</p><p class='x1'>{GERMAN[1]}")
    assert read(html).paragraphs == tuple(GERMAN)


FRENCH = ["La mairie a inauguré lundi une nouvelle passerelle au-dessus de la rivière après deux ans de travaux.",
          "La passerelle relie la place du marché à la gare et fait gagner dix minutes aux usagers chaque jour.",
          "Les travaux ont été arrêtés quatre mois l'hiver dernier parce qu'une crue avait inondé le chantier.",
          "La facture finale s'élève à onze millions d'euros, soit un cinquième de plus que prévu au départ.",
          "Les commerçants de la rive est espèrent que la passerelle leur amènera davantage de clients.",
          "Les cyclistes devront pousser leur vélo aux heures de pointe, car le tablier ne fait que trois mètres."]


@pytest.mark.parametrize("furniture", ["Écouter cet article", "Copier le lien", "Offrir cet article",
                                       "Suivez Anna Brook sur X", "Connectez-vous pour commenter",
                                       "Mis à jour il y a 3 heures"])
def test_a_french_pages_buttons_and_labels_are_not_the_article(furniture):
    html = hashed_article("", lang="fr", story=FRENCH).replace(
        f"<p class='x1'>{FRENCH[1]}", f"<p class='x1'>{furniture}</p><p class='x1'>{FRENCH[1]}")
    assert read(html).paragraphs == tuple(FRENCH)


# --- a big inline drawing (a chart, a map) in the article ---

def test_an_article_with_a_drawing_of_thousands_of_elements_is_read_without_it():
    drawing = "<svg viewBox='0 0 100 100'>" + "<path d='M1 1 L9 9'/>" * 25_000 + "<text>River level</text></svg>"
    # A script that names the tag does not start a drawing.
    script = "<script>var icon = '<svg';</script>"
    html = page(f"<article><h1>New footbridge opens</h1><p>{STORY[0]}</p>{script}<p>{STORY[1]}</p>"
                f"<figure>{drawing}<figcaption>The river's level through the year</figcaption></figure>"
                + "".join(f"<p>{p}</p>" for p in STORY[2:]) + "</article>")
    assert read(html).paragraphs == tuple(STORY)


# --- a pull quote: the article's own words again, set apart in large type ---

def test_a_pull_quote_the_article_says_again_in_a_paragraph_is_left_out():
    said = "Eleven million euros is a lot of money, but this bridge will serve the town for a hundred years"
    story = [*STORY[:3], f"{STORY[3]} “{said},” the mayor said.", STORY[4]]
    pull = f"<blockquote class='k9'><p>“{said}.”</p></blockquote>"
    html = page("<article><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in story[:2]) + pull
                + "".join(f"<p>{p}</p>" for p in story[2:]) + "</article>")
    assert read(html).paragraphs == tuple(story)
    # A quotation the article does not say again stays.
    alone = page("<article><h1>New footbridge opens</h1>" + "".join(f"<p>{p}</p>" for p in STORY[:2]) + pull
                 + "".join(f"<p>{p}</p>" for p in STORY[2:]) + "</article>")
    assert f"“{said}.”" in read(alone).paragraphs


def test_an_article_setting_each_paragraph_beside_a_picture_is_read():
    # An image-led layout: each paragraph alone in a box with its picture; they are the article, no captions.
    boxes = "".join(f"<div class='k{number}'><img src='b{number}.jpg' alt=''><p class='x1'>{p}</p></div>"
                    for number, p in enumerate(STORY))
    html = page(f"<div class='q3'><h1>New footbridge opens</h1>{boxes}</div>")
    assert read(html).paragraphs == tuple(STORY)


PLACES = [
    ("The Weir Bakery", "/food/weir-bakery", "Rye loaves and plum cake from a wood oven by the weir, baked before "
     "dawn and usually gone by ten, so the early walkers along the towpath get the best of them."),
    ("Castle Gardens", "/outdoors/castle-gardens", "Terraces of roses and an old vine under the castle wall, free "
     "to enter and quiet on weekday mornings, with benches that look down over the whole valley."),
    ("The Tram Museum", "/culture/tram-museum", "Nine restored trams in a former depot, two of which still run "
     "on a short loop of track on Sunday afternoons in the summer holidays."),
    ("Saturday Flea Market", "/shopping/flea-market", "Old tools, records and furniture under the railway arches "
     "every Saturday, where bargaining is expected and the coffee stall opens at seven."),
    ("The Boathouse Cinema", "/culture/boathouse-cinema", "A forty-seat cinema in a former rowing club that shows "
     "old films on Thursdays and lets children in free during the school holidays."),
]


def test_a_numbered_list_article_linking_each_item_to_the_sites_own_page_is_read():
    # "Five things to do": each item a numbered heading linked to the site's page about it, and a line.
    items = "".join(f"<div class='c7'><h2>{number}. <a href='{href}'>{name}</a></h2><p>{line}</p></div>"
                    for number, (name, href, line) in enumerate(PLACES, 1))
    html = page(f"<main><h1>Five things to do in the old town</h1><p>{STORY[0]}</p>{items}</main>")
    kept = [line for _, _, line in PLACES if line in read(html).paragraphs]
    assert kept == [line for _, _, line in PLACES][:len(kept)] and len(kept) >= 3  # (the extractor drops the last)


def test_a_list_article_whose_items_link_to_the_sites_own_pages_is_not_taken_for_an_index_page():
    # The items' links lead to the site's own pages, unnumbered, but they sit in the <article> of the headline.
    more = (" The owners open it on public holidays too, and they are glad to tell visitors the story of the "
            "building, which has changed hands four times since it was built.")
    items = "".join(f"<section><h2><a href='{href}'>{name}</a></h2><p>{line}{more}</p></section>"
                    for name, href, line in PLACES)
    html = page(f"<article><h1>Five things to do in the old town</h1><p>{STORY[0]}</p>{items}</article>")
    paragraphs = read(html).paragraphs
    assert paragraphs[0] == STORY[0] and paragraphs[1] == PLACES[0][2] + more and len(paragraphs) >= 4


@pytest.mark.parametrize("lang, story, prose", [
    # Words that furniture uses too, in a line of a report: an inbox, a device, privacy settings, a stock
    # agency, a live ticker, a thank-you.
    ("en", STORY, "Fake invoices for the bridge tolls have been landing in your inbox, the council warned."),
    ("en", STORY, "The toll app keeps your journeys' information on your device, not on the council's servers."),
    ("en", STORY, "Shutterstock bought the photographs of the building work from a local camera club."),
    ("en", STORY, "On the council's webcam, residents could follow the lifting of the span as it happens."),
    ("en", STORY, "Thanks for following the diversion signs, the site manager told drivers in a letter."),
    ("en", STORY, "Users of the toll app should check their privacy settings, a data protection group said."),
    ("de", GERMAN, "Gefälschte Rechnungen für die Brückenmaut landen derzeit in Ihr Postfach, warnt die Stadt."),
    ("de", GERMAN, "Wer die Maut-App nutzt, sollte seine Datenschutzeinstellungen prüfen, rät die Verbraucherzentrale."),
    ("de", GERMAN, "Der Bauleiter hatte das Einheben der Brücke im Liveticker der Stadt kommentiert."),
])
def test_a_line_of_a_report_using_words_of_page_furniture_is_the_articles(lang, story, prose):
    html = hashed_article("", lang=lang, story=story).replace(
        f"<p class='x1'>{story[2]}", f"<p class='x1'>{prose}</p><p class='x1'>{story[2]}")
    assert read(html).paragraphs == (*story[:2], prose, *story[2:])


def test_a_list_article_whose_items_are_named_by_links_to_the_sites_own_pages_keeps_its_items():
    # Unnumbered, each item a box: a place's name linked to the site's page about it, and a short line.
    items = "".join(f"<div class='c7'><h3><a href='{href}'>{name}</a></h3><p>{line}</p></div>"
                    for name, href, line in PLACES)
    html = page(f"<article><h1>Five things to do in the old town</h1><p>{STORY[0]}</p>{items}</article>")
    kept = [line for _, _, line in PLACES if line in read(html).paragraphs]
    assert kept == [line for _, _, line in PLACES][:len(kept)] and len(kept) >= 3  # (the extractor drops the last)


OFFER = ("Start every weekday with the Valley Morning: our editors pick the stories that matter most in the valley "
         "and send them to you before breakfast.")
CONSENT = "By entering your address you agree to our terms of use and privacy policy."


@pytest.mark.parametrize("field", [
    "<input type='email' placeholder='you@example.org'>",
    "<input type='text' name='email_address' placeholder='Your address'>",
    "<form class='sc-q1w2e3'><input type='email'><button>Go</button></form>",
])
def test_a_signup_box_with_hashed_class_names_is_left_out(field):
    # CSS-in-JS names every box by a hash: nothing in its class says "newsletter".
    box = (f"<div class='sc-1x2y3z kQvBnm'><div class='sc-9p8o7i'><p class='sc-5t4r3e'>{OFFER}</p>{field}"
           f"<div class='sc-a1b2'><button class='sc-c3d4'>Count me in</button></div><p class='sc-e5f6'>{CONSENT}</p>"
           "</div></div>")
    paragraphs = "".join(f"<p class='sc-g7h8i9'>{text}</p>" for text in STORY[:3])
    rest = "".join(f"<p class='sc-g7h8i9'>{text}</p>" for text in STORY[3:])
    article = read(page(f"<article class='sc-a9b8'><h1>New footbridge opens</h1>{paragraphs}{box}{rest}</article>"))
    assert article.paragraphs == tuple(STORY)


def test_text_beside_an_email_field_that_is_the_article_s_own_stays():
    # A share-by-email box quotes the article's opening; a short post sits in the same box as its email field.
    share = (f"<div class='x1'><p>Send this by email</p><p>{STORY[0]}</p><input type='email' name='to'>"
             "<button>Send</button></div>")
    body = "".join(f"<p>{text}</p>" for text in STORY)
    assert read(page(f"<article><h1>New footbridge opens</h1>{body}{share}</article>")).paragraphs == tuple(STORY)
    post = " ".join(STORY[:3])  # one paragraph of more words than an offer has
    html = page(f"<main><h1>New footbridge opens</h1><div class='x2'><p>{post}</p>"
                "<input type='text' placeholder='Email this to a friend'><button>Send</button></div></main>")
    assert read(html).paragraphs == (post,)


def _paragraphs(texts) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


@pytest.mark.parametrize("wrapper", [
    "<div id='premium-content'>", "<div class='article-body-expand'>", "<div class='body-metadata-aware'>",
    "<div class='slide-in-body'>", "<div class='embedded-article-text'>", "<section class='text-options'>",
    # A taxonomy's class names the subject, not the box; a wrapper beside the article's picture is no caption.
    "<div class='article-body-expand category-social-affairs'>", "<figure><img src='/p.jpg' alt=''></figure>"
    "<div id='premium-content' class='subscriber-content'>",
])
def test_the_articles_paragraphs_in_an_element_the_extractor_drops_for_its_name_are_kept_in_order(wrapper):
    # trafilatura drops an element whose class or id holds one of its furniture words ("premium", "expand",
    # "meta", "slide", "embed", "options"): many sites put the rest of the article in `#premium-content`, and
    # only its first two paragraphs were kept, with nothing said.
    closing = "</section>" if wrapper.startswith("<section") else "</div>"  # (of its last element)
    article = read(page(f"<article><h1>New footbridge opens</h1><div class='article-body'>{_paragraphs(STORY[:2])}"
                        f"{wrapper}{_paragraphs(STORY[2:])}{closing}</div></article>"))
    assert list(article.paragraphs) == STORY


def test_a_lead_in_blocks_named_as_the_extractors_furniture_is_kept_before_the_rest():
    # Spiegel's paragraph blocks are "RichText RichText--iconLinks" ("-icon"): with one block named
    # otherwise, only that block was read, the lead left out.
    named = "<div class='RichText RichText--iconLinks lg:w-8/12'>{}</div>"
    picture = "<div data-area='image'><figure><img src='/p.jpg' alt=''></figure></div>"  # (no caption's box)
    body = named.format(_paragraphs([STORY[0]])) + picture + "".join(named.format(_paragraphs([t])) for t in STORY[1:3])
    article = read(page(f"<main><article><h1>New footbridge opens</h1><section>{body}"
                        f"<div class='RichText'>{_paragraphs(STORY[3:])}</div></section></article></main>"))
    assert list(article.paragraphs) == STORY


def test_what_the_extractor_drops_beside_the_article_stays_out():
    # A gallery's slides with their captions, a hidden box, readers' comments, a biography of one paragraph:
    # named as its furniture, and none of the article's.
    slides = "".join(f"<li><div class='teaserContentWrap'><h2>Slide {n}</h2><p>{text}</p></div></li>"
                     for n, text in enumerate(STORY))
    captioned = "".join(f"<div class='media-embed'><img src='/p{n}.jpg' alt=''><p>{text}</p></div>"
                        for n, text in enumerate(STORY))
    hidden = f"<div class='article-meta' style='display: none'>{_paragraphs(STORY)}</div>"
    comments = f"<div class='comment-meta'>{_paragraphs(STORY)}</div>"
    bio = ("<div class='author-meta'><p>Jane Roe has reported on the valley's towns and rivers for the Valley Post "
           "since 2009, and before that for the regional radio station.</p></div>")
    own = ["The council said on Monday that a second bridge further upstream would follow within three years.",
           "Its design will be chosen in a competition open to architects from across the country this spring.",
           "Residents may comment on the shortlisted designs in the town hall and online until the end of May."]
    # Named so by the extractor's words, and their own: a biography of two paragraphs, related stories, a
    # caption beside its picture's box, sharing, readers' letters (found by a review).
    two = ["Jane Roe has reported on the valley's towns and rivers for the Valley Post since 2009, and before that "
           "for the regional radio.", "She studied history in Leipzig and lives with her family and two dogs in a "
           "village near the eastern bank of the river."]
    named = [f"<div class='author-info'>{_paragraphs(two)}</div>", f"<div class='related-articles'>{_paragraphs(two)}</div>",
             f"<div class='share-tools'>{_paragraphs(two)}</div>", f"<div class='article-meta-letters'>{_paragraphs(two)}</div>",
             f"<div class='media-embed'><div class='img-wrap'><img src='/b.jpg' alt=''></div>"
             f"<div class='caption-text'>{_paragraphs(two)}</div></div>"]
    for extra in (f"<div class='imgTeaserL slideshow'><ul class='slides'>{slides}</ul></div>", captioned, hidden,
                  comments, bio, *named):
        article = read(page(f"<article><h1>New footbridge opens</h1><div class='article-body'>{_paragraphs(own)}"
                            f"{extra}</div></article>"))
        assert list(article.paragraphs) == own, extra[:40]


@pytest.mark.parametrize("mark, notes", [
    ("<sup><a href='#fn{n}'>{n}</a></sup>", "<ol class='footnotes'>{items}</ol>"),
    ("<sup id='r{n}'><a href='#fn{n}'>[{n}]</a></sup>", "<section role='doc-endnotes'><ol>{items}</ol></section>"),
    ("<a class='footnote-anchor' id='footnote-anchor-{n}' href='#footnote-{n}'>{n}</a>",
     "<div class='footnote'>{items}</div>"),
])
def test_footnote_marks_and_notes_are_left_out(mark, notes):
    # The mark was glued to the full stop ("... a year.1 The bridge ...": one sentence of two), and the notes
    # were the article's last paragraphs.
    body = "".join(f"<p>{STORY[first]}{mark.format(n=n)} {STORY[first + 1]}</p>" for n, first in ((1, 0), (2, 2)))
    items = "".join(f"<li id='fn{n}'>Figures from the council's annual report, page {n}.</li>" for n in range(2))
    article = read(page(f"<article><h1>New footbridge opens</h1>{body}<p>{STORY[4]}</p>"
                        f"{notes.format(items=items)}</article>"))
    assert list(article.paragraphs) == [f"{STORY[0]} {STORY[1]}", f"{STORY[2]} {STORY[3]}", STORY[4]]


@pytest.mark.parametrize("embed", [
    "<blockquote class='twitter-tweet'><p lang='en'>Thank you to every neighbour who stood with us on the bridge "
    "today, in the rain and the wind!</p>&mdash; River Friends (@riverfriends) <a href='https://x.example/1'>March "
    "2, 2026</a></blockquote>",
    "<blockquote class='instagram-media' data-instgrm-permalink='https://instagram.example/p/1'><div><p>The crowd "
    "on the new bridge is enormous and people are singing along the whole length of it.</p><p>A post shared by "
    "Valley Photos (@valleyphotos)</p></div></blockquote>",
    "<blockquote class='bluesky-embed'><p>We walked across it at dawn, before the ribbon was even cut, and nobody "
    "stopped us at all.</p></blockquote>",
    "<figure class='wp-block-pullquote'><blockquote><p>“Ten minutes a day.”</p><cite>A commuter</cite></blockquote>"
    "</figure>",
    "<aside class='pull-quote'><p>The bridge saves commuters ten minutes a day.</p></aside>",
])
def test_posts_embedded_from_social_networks_and_pull_quotes_are_left_out(embed):
    # A tweet or a post in the article was read as its own first-person prose ("Thank you to every neighbour who
    # stood with us ..." a key point); a short pull quote, with its speaker under it, as a paragraph of its own.
    article = read(page(f"<article><h1>New footbridge opens</h1><div class='body'>{_paragraphs(STORY[:3])}{embed}"
                        f"{_paragraphs(STORY[3:])}</div></article>"))
    assert list(article.paragraphs) == STORY


@pytest.mark.parametrize("wrapped", [
    "<div class='entry-content pullquote-container'>{}</div>", "<section class='grid has-pullquote'>{}</section>",
    "<div class='body'>{}</div>",
])
def test_an_element_whose_class_only_holds_the_word_pullquote_in_another_is_the_article(wrapped):
    # A paragraph that carries its own pull quote ("has-pullquote"), or the article's container, lost its text to
    # a class matched in part (found by a review): only a whole word of the class is a pull quote.
    own = _paragraphs(STORY[:2]) + f"<p class='has-pullquote' data-pullquote='ten minutes'>{STORY[2]}</p>"
    article = read(page(f"<article><h1>New footbridge opens</h1>{wrapped.format(own + _paragraphs(STORY[3:]))}"
                        "</article>"))
    assert list(article.paragraphs) == STORY


def test_a_superscript_that_is_no_footnote_mark_stays():
    article = read(page("<article><h1>New footbridge opens</h1>"
                        + "".join(f"<p>{text}</p>" for text in STORY[:4])
                        + "<p>The deck covers 1,200 m<sup>2</sup> and opened on the 1<sup>st</sup> of March, "
                        "a week later than the council had promised the residents.</p></article>"))
    assert article.paragraphs[-1].startswith("The deck covers 1,200 m2 and opened on the 1st of March")


@pytest.mark.parametrize("byline, author", [
    ("By Ruth Adams, Transport Correspondent", "Ruth Adams"),
    ("By Ruth Adams, Political Editor", "Ruth Adams"),
    ("By Ruth Adams | Associated Press", "Ruth Adams"),
    ("Von Anna Schmidt, Korrespondentin in Brüssel", "Anna Schmidt"),  # (a page in English: the words of any language)
    ("By Ruth Adams and Tom Lee", "Ruth Adams; Tom Lee"),
])
def test_an_authors_role_or_newsroom_in_the_byline_is_no_second_author(byline, author):
    # "By Ruth Adams, Transport Correspondent" (the byline of most British papers) gave two authors,
    # "Ruth Adams; Transport Correspondent".
    article = read(page(f"<article><h1>New footbridge opens</h1><p class='byline'>{byline}</p>"
                        f"<div class='body'>{_paragraphs(STORY)}</div></article>"))
    assert article.author == author and list(article.paragraphs) == STORY


def test_a_blogs_name_in_its_h1_before_the_posts_headline_in_the_title_is_not_the_headline():
    # Blogger's default layout: <title> "Blog name: Post headline", the blog's name the page's h1 (a link
    # home), the post's headline an h3. The h1 the <title> opens with was taken for the headline.
    head = ("<title>Garden Notes from Hilltop Farm: New footbridge opens in the old town</title>"
            "<meta property='og:title' content='New footbridge opens in the old town'>")
    article = read(page("<header><h1 class='title'><a href='/'>Garden Notes from Hilltop Farm</a></h1></header>"
                        "<div class='post'><h3 class='post-title entry-title'>New footbridge opens in the old town</h3>"
                        f"<div class='post-body entry-content'>{_paragraphs(STORY)}</div></div>", head=head))
    assert article.title == "New footbridge opens in the old town"
