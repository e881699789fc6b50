"""The HTML reader on made-up pages: only the article's own text, and a headline as a reader expects it.

Every page here is invented for the test; none is copied from a real site.
"""

from pathlib import Path

import pytest

from briefing.errors import SeedError
from briefing.ingest.pagefacts import markup_words, read_page_facts
from briefing.ingest.pages import Block, article_paragraphs
from briefing.ingest.readers import read_article
from briefing.ingest.titles import clean_title, source_name
from briefing.textrules import rules_for

LEAD = "The harbour authority closed the northern pier on Tuesday after storm damage was found in its foundations."
SECOND = "Engineers said repairs would take at least three weeks and cost about two million euros in total."
THIRD = "Ferries will use the southern pier until the work is finished, the authority told passengers."
FOURTH = "Local traders asked the council for help because fewer visitors are expected during the closure."


def page(body: str, head: str = "", lang: str = "en") -> str:
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"{body}<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer></body></html>"
    )


def read(html: str, name: str = "story.html"):
    return read_article(Path(name), html.encode("utf-8"))


def test_headline_loses_site_name_and_date():
    html = page(
        f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
        head="<title>Storm closes harbour pier | Coast Courier | 19.01.2024</title>"
             "<meta property='og:site_name' content='Coast Courier'>"
             "<link rel='canonical' href='https://www.coastcourier.example/news/storm-pier'>",
    )
    result = read(html)
    assert result.title == "Storm closes harbour pier"
    assert result.source == "Coast Courier"


@pytest.mark.parametrize("headline", [
    "U.S. closes harbour pier after storm",
    "Sturm: Hafen schließt Pier am 3. Oktober",  # an ordinal's full stop, as German writes dates
])
def test_a_headline_with_a_full_stop_is_not_taken_for_the_site_name(headline):
    """The extractor names a site by the part of the <title> with a full stop in it (a domain's), so a
    headline with an abbreviation or an ordinal was taken for the site, and the site's name for the headline."""
    html = page(f"<article><h1>{headline}</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
                head=f"<title>{headline} | Coast Courier</title>")
    assert read(html).title == headline


@pytest.mark.parametrize("title, sitename, host, expected", [
    ("Storm closes pier | Coast Courier | 19.01.2024", "Coast Courier", None, "Storm closes pier"),
    ("Storm closes pier - coastcourier.example", None, "coastcourier.example", "Storm closes pier"),
    ("COAST COURIER » Storm closes pier", "Coast Courier", None, "Storm closes pier"),
    ("Storm closes pier » Blogs - Coast Courier Network", None, "blogs.coastcourier.example", "Storm closes pier"),
    ("Storm closes pier - Coast Courier Plus - BLOG", "Coast Courier Plus - BLOG", None, "Storm closes pier"),
    ("Storm closes pier » Harbourlogs - Wissenschaftsblogs", "Other Name", "harbourlogs.example.de", "Storm closes pier"),
    ("Storm closes pier - Politics - Coast Courier", "Coast Courier", None, "Storm closes pier"),
    # A headline part of two words or more between the headline and the site stays.
    ("Storm closes pier - The Interview - Coast Courier", "Coast Courier", None, "Storm closes pier - The Interview"),
    # A dash inside the headline stays; so does a title with nothing of the site in it.
    ("Pier closed – ferries move south", "Coast Courier", "coastcourier.example", "Pier closed – ferries move south"),
    ("Letters: Pier | Ferries | Budget", "Coast Courier", "coastcourier.example", "Letters: Pier | Ferries | Budget"),
    # The site's whole name, slogan and all, before the headline.
    ("Coast Courier | Your harbour news: Storm closes pier", "Coast Courier | Your harbour news", None, "Storm closes pier"),
    # Chinese and Japanese titles: a full-width bar or an underscore, without spaces; a site's address after its name.
    ("能登半島で震度6強 気象庁「1週間は注意」｜毎日新聞", "毎日新聞", None, "能登半島で震度6強 気象庁「1週間は注意」"),
    ("台风“海葵”在福建登陆_新闻频道_央视网(cctv.com)", "央视网", "news.cctv.com", "台风“海葵”在福建登陆"),
    ("Storm closes pier | Coast Courier (coastcourier.example)", "Coast Courier", None, "Storm closes pier"),
    ("Python's snake_case names | Coast Courier", "Coast Courier", None, "Python's snake_case names"),
])
def test_clean_title(title, sitename, host, expected):
    assert clean_title(title, sitename, host) == expected


def test_a_page_title_of_thousands_of_parts_is_left_whole_not_searched_part_by_part(monkeypatch):
    """Taking the site's parts off a title looked at every tail of its parts: 4,000 took 8 s, a 240 KB
    <title> of them hours. Such a title is no headline with its site around it: the work stays linear."""
    from briefing.ingest import titles

    looked_at = []
    letters = titles._letters
    monkeypatch.setattr(titles, "_letters", lambda text: looked_at.append(len(text)) or letters(text))
    title = "Pier reopens | " * 2000 + "Coast Courier"
    assert clean_title(title, "Coast Courier", "coastcourier.example") == title
    assert sum(looked_at) <= 4 * len(title)
    # A title of a few parts still loses the site's.
    assert clean_title("Pier reopens | Coast Courier | 19.01.2024", "Coast Courier", None) == "Pier reopens"


class _CountedText(str):
    """A block's text that counts the searches made in it."""

    searches = 0

    def __contains__(self, part):
        _CountedText.searches += 1
        return super().__contains__(part)


def test_a_pages_links_are_found_in_its_blocks_in_one_pass_however_many_there_are():
    """Each link text looked for in each block: 5,000 links beside 10,000 paragraphs (a 1 MB page
    within every limit) took 15 s."""
    import random

    from briefing.ingest.blocks import count_links

    pick = random.Random(11)
    words = ["".join(pick.choice("abcdefgh") for _ in range(5)) for _ in range(300)]
    anchors = frozenset(" ".join(pick.choices(words, k=2)) for _ in range(2000))
    texts = [" ".join(pick.choices(words, k=14)) + " " + pick.choice(sorted(anchors)) for _ in range(1000)]
    _CountedText.searches = 0
    counted = count_links([Block(_CountedText(text), "p") for text in texts], anchors)
    assert _CountedText.searches <= len(texts)
    # What the one pass finds is what looking for each link finds.
    for block, text in zip(counted, texts):
        found = [a for a in anchors if a in text]
        assert (block.links, block.link_chars) == (len(found), min(len(text.replace(" ", "")),
                                                                  sum(len(a.replace(" ", "")) for a in found)))


@pytest.mark.parametrize("seed", range(3))
def test_the_one_pass_finds_every_link_text_a_search_for_each_finds(seed):
    import random

    from briefing.ingest.blocks import _AnchorFinder

    pick = random.Random(seed)
    for _ in range(300):
        letters = "ab c"[:pick.randint(1, 4)]
        anchors = frozenset("".join(pick.choices(letters, k=pick.randint(0, 5))) for _ in range(pick.randint(1, 12)))
        finder = _AnchorFinder(anchors)
        for _ in range(5):
            text = "".join(pick.choices(letters + "d", k=pick.randint(0, 30)))
            assert finder.found_in(text) == {a for a in anchors if a in text}, (anchors, text)


def test_slug_title_gives_way_to_the_pages_headline():
    html = page(
        f"<article><h1>Harbour pier shut after storm</h1><p>{LEAD}</p><p>{SECOND}</p></article>",
        head="<title>harbour-pier-shut-2024</title><meta property='og:title' content='harbour-pier-shut-2024'>",
    )
    assert read(html).title == "Harbour pier shut after storm"


def test_title_that_is_only_the_site_name_gives_way_to_the_headline():
    html = page(
        f"<div class='post'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div>",
        head="<title>Coast Blog » Why the northern pier had to close</title>"
             "<meta property='og:site_name' content='Coast Blog'>",
    ).replace("<body>", "<body><h1>Coast Blog</h1>")
    assert read(html).title == "Why the northern pier had to close"


@pytest.mark.parametrize("head, h1", [
    # A kicker before the headline: the page's h1 states it alone.
    ("<title>Analysis: Storm closes harbour pier for weeks | Coast Courier</title>"
     "<meta property='og:title' content='Analysis: Storm closes harbour pier for weeks'>",
     "Storm closes harbour pier for weeks"),
    # Sections after it ("» Local » News"): its twitter:title states it alone.
    ("<title>Storm closes harbour pier for weeks » Local » News » Coast Courier</title>"
     "<meta name='title' content='Storm closes harbour pier for weeks » Local » News » Coast Courier'>"
     "<meta name='twitter:title' content='Storm closes harbour pier for weeks'>",
     "Storm closes harbour pier for weeks<a href='/'>Coast Courier</a>"),
])
def test_a_kicker_or_sections_around_the_headline_go_when_the_page_states_it_alone(head, h1):
    html = page(f"<article><h1>{h1}</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>", head=head)
    assert read(html).title == "Storm closes harbour pier for weeks"


@pytest.mark.parametrize("title, other, h1", [
    # A speaker before a colon is no kicker when only a social title leaves it out.
    ("Mayor: we will rebuild the harbour pier", "we will rebuild the harbour pier", None),
    ("Mayor: We will rebuild the harbour pier", "We will rebuild the harbour pier", None),
    # The rest of a sentence is no headline; a subtitle after a dash is no section.
    ("Two dead: police hunt gunman after harbour shooting", None, "police hunt gunman after harbour shooting"),
    ("Storm hits the coast - three dead, thousands without power", None, "Storm hits the coast"),
    ("Storm hits the coast : three dead, thousands without power", None, "Storm hits the coast"),
])
def test_a_title_keeps_what_is_more_than_decoration(title, other, h1):
    head = f"<title>{title}</title><meta property='og:title' content='{title}'>"
    if other:
        head += f"<meta name='twitter:title' content='{other}'>"
    html = page(f"<article><h1>{h1 or title}</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>", head=head)
    assert read(html).title == title


HEADLINE = "Harbour authority closes northern pier for repairs"


@pytest.mark.parametrize("head, heading", [
    # No og:site_name to cut by: the <title> and og:title are "Headline | Site", the headline a post's h2.
    (f"<title>{HEADLINE} | Coast Courier</title><meta property='og:title' content='{HEADLINE} | Coast Courier'>",
     f"<h2>{HEADLINE}</h2>"),
    # WordPress's old default theme: "Site » Blog Archive » Headline", and trafilatura takes the site's parts.
    (f"<title>Coast Courier &raquo; Blog Archive &raquo; {HEADLINE}</title>", f"<h2>{HEADLINE}</h2>"),
    # Blogger without og tags: the blog's name is the h1 (a link home), the post's headline an h3.
    (f"<title>Coast Courier: {HEADLINE}</title>",
     f"<h1 class='title'><a href='/'>Coast Courier</a></h1><h3 class='post-title'>{HEADLINE}</h3>"),
    # A short section's label before the post's h2 (a name, where a dek would be more of the headline), and
    # WordPress's site title in an h1 outside the post, whose og:title is its <title>.
    (f"<title>{HEADLINE} | Local News | Coast Courier</title>", f"<p class='kicker'>Local News</p><h2>{HEADLINE}</h2>"),
    (f"<title>{HEADLINE} | Coast Courier</title><meta property='og:title' content='{HEADLINE} | Coast Courier'>",
     f"<h2 class='entry-title'>{HEADLINE}</h2>"),
])
def test_the_heading_the_post_opens_with_is_its_headline_when_the_rest_of_the_title_is_names(head, heading):
    html = page(f"<h1 class='site-title'><a href='/'>Coast Courier</a></h1><div class='post'>{heading}"
                f"<div class='post-body'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div></div>", head=head)
    assert read(html).title == HEADLINE


@pytest.mark.parametrize("headline, head, opening", [
    # The opening h2 is a kicker of names, and one part of the <title>; the headline is the h1.
    (HEADLINE, f"<title>{HEADLINE} | Harbour Repairs Live | Coast Courier</title>",
     f"<h2>Harbour Repairs Live</h2><h1>{HEADLINE}</h1>"),
    # A short headline in capitals reads as a name: the section's label before it, a live page's, a dek after
    # it are in the <title> too, and its other titles state the headline.
    ("Save Our Pier Now", "<title>Save Our Pier Now | Letters to the Editor | Coast Courier</title>"
     "<meta property='og:site_name' content='Coast Courier'><meta property='og:title' content='Save Our Pier Now'>",
     "<p class='kicker'>Letters to the Editor</p><h1>Save Our Pier Now</h1>"),
    ("Harbour Pier Closes Indefinitely", "<title>Harbour Pier Closes Indefinitely | Business and economy | Coast "
     "Courier</title>", "<p class='kicker'>Business and economy</p><h1>Harbour Pier Closes Indefinitely</h1>"),
    ("Live: Storm Batters Coast", "<title>Live: Storm Batters Coast | Live updates and latest news | Coast "
     "Courier</title>", "<h2>Live updates and latest news</h2><h1>Live: Storm Batters Coast</h1>"),
    ("Fed Holds Rates Steady", "<title>Fed Holds Rates Steady - Powell signals two cuts later this year</title>",
     "<h1>Fed Holds Rates Steady</h1><h2>Powell signals two cuts later this year</h2>"),
])
def test_a_heading_that_is_part_of_the_title_does_not_replace_a_headline(headline, head, opening):
    html = page(f"<article>{opening}<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>", head=head)
    assert read(html).title == headline


def test_a_headline_of_pieces_is_not_cut_to_a_shorter_copy():
    full = "Letters: Pier repairs | Ferry fares | Harbour budget | Lighthouse hours"
    html = page(
        f"<article><h1>{full}</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
        head=f"<title>Letters: Pier repairs | Ferry fares | Harbour budget</title>"
             f"<meta property='og:title' content='{full}'>",
    )
    assert read(html).title == full


@pytest.mark.parametrize("site_name, extracted, host, expected", [
    ("Coast Courier", None, "coastcourier.example", "Coast Courier"),
    # The host name squashed into one word is no name: the host is shown as it is.
    (None, "Kuestenblatt", "kuestenblatt.example", "kuestenblatt.example"),
    (None, "Kuestenblattex", "kuestenblatt.ex", "kuestenblatt.ex"),
    ("kuestenblatt", None, "kuestenblatt.example", "kuestenblatt.example"),
    # A copyright notice is no site name.
    ("Copyright 2003 - 2024 by Example GmbH", None, "example.org", "example.org"),
    # A section name loses to the name that matches the host.
    ("World", "Coast Courier", "coastcourier.example", "Coast Courier"),
])
def test_source_name(site_name, extracted, host, expected):
    assert source_name(site_name, extracted, host) == expected


def test_furniture_around_the_article_is_left_out():
    html = page(
        "<article><h1>Storm closes harbour pier</h1>"
        "<p class='byline'>By Jane Roe</p><p>19.01.2024, 10:15</p><p>4 min read</p>"
        f"<p>{LEAD}</p>"
        "<figure><img src='pier.jpg'><figcaption>The damaged pier at dawn. Photo: Jane Roe</figcaption></figure>"
        "<p>The damaged pier seen from the harbour wall on Tuesday. Photo: Coast Courier</p>"
        f"<p>{SECOND}</p>"
        "<p>Sign up for our free daily newsletter to get the top stories every morning.</p>"
        "<h2>What happens next</h2>"
        f"<p>{THIRD}</p>"
        "<p><a href='/a'>Council votes on new ferry timetable</a></p>"
        "<ul><li><a href='/b'>Related: Lighthouse reopens after repairs</a></li>"
        "<li><a href='/c'>Fishing fleet returns early</a></li></ul>"
        f"<p>{FOURTH}</p>"
        "<p>This copy is for your personal, non-commercial use only.</p>"
        "</article>",
        head="<title>Storm closes harbour pier | Coast Courier</title>",
    )
    result = read(html)
    assert result.paragraphs == (LEAD, SECOND, THIRD, FOURTH)


def wrapped(text: str, width: int) -> str:
    """`text` with its source lines wrapped at `width` characters, as some editors save a page."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


@pytest.mark.parametrize("width", [40, 62, 75])
def test_source_lines_wrapped_inside_a_paragraph_are_one_paragraph(width):
    # Newlines in a page's source are spaces in HTML: wherever they fall (before a capital too),
    # the paragraph stays whole; only <br> breaks a line.
    lead = "The harbour authority, which in 2008 won the National Safety Award, closed the Northern Pier on Tuesday."
    html = page(
        f"<article><h1>Storm closes harbour pier</h1><div>{wrapped(lead, width)}</div>"
        f"<div>{wrapped(SECOND, width)}<br>{wrapped(THIRD, width)}</div></article>",
        head="<title>Storm closes harbour pier</title>",
    )
    assert read(html).paragraphs == (lead, SECOND, THIRD)


@pytest.mark.parametrize("first, rest", [
    ("Die Stadt hat einen neuen", "Haushalt beschlossen, der im Januar in Kraft tritt und die Schulen stärkt."),
    ("Speaking after the vote, Mayor", "John Smith said the harbour would reopen before the summer season began."),
])
def test_a_short_first_source_line_before_a_capital_noun_or_name_is_no_heading(first, rest):
    html = page(f"<article><h1>Storm closes harbour pier</h1><div>{first}\n{rest}</div><p>{SECOND}</p></article>",
                head="<title>Storm closes harbour pier</title>")
    assert read(html).paragraphs == (f"{first} {rest}", SECOND)


def test_a_short_first_source_line_that_ends_in_an_article_is_no_heading():
    lead = "Der Stadtrat hat am Montag beschlossen, die Brücke über den Fluss bis zum Sommer zu sanieren."
    second = "Die Arbeiten sollen nach Angaben der Verwaltung rund zwei Millionen Euro kosten."
    html = page(
        "<article><h1>Brücke wird saniert</h1>"
        "<div>Der Stadtrat hat am\nMontag beschlossen, die Brücke über den Fluss bis zum Sommer zu sanieren.</div>"
        f"<p>{second}</p></article>",
        head="<title>Brücke wird saniert</title>", lang="de",
    )
    assert read(html).paragraphs == (lead, second)


def test_a_heading_typed_above_the_text_in_one_element_keeps_its_own_line():
    html = page(
        f"<article><h1>Storm closes harbour pier</h1>"
        f"<div>Repairs cost two million euros\n{LEAD} {SECOND}</div><p>{THIRD}</p></article>",
        head="<title>Storm closes harbour pier</title>",
    )
    assert read(html).paragraphs == ("Repairs cost two million euros", f"{LEAD} {SECOND}", THIRD)


def test_headline_repeated_or_run_into_the_first_paragraph_is_left_out():
    html = page(
        f"<article><h1>Storm closes harbour pier</h1><p>Storm closes harbour pier</p>"
        f"<p>Storm closes harbour pier. {LEAD}</p><p>{SECOND}</p></article>",
        head="<title>Storm closes harbour pier</title>",
    )
    result = read(html)
    assert result.paragraphs[0] == LEAD


def test_german_furniture_is_left_out():
    lead = "Der Stadtrat hat am Montag beschlossen, die Brücke über den Fluss bis zum Sommer zu sanieren."
    second = "Die Arbeiten sollen nach Angaben der Verwaltung rund zwei Millionen Euro kosten."
    third = "Während der Bauzeit fahren die Busse eine Umleitung über die Nordstraße."
    html = page(
        "<article><h1>Brücke wird saniert</h1><p>Von Max Mustermann</p>"
        f"<p>{lead}</p><p>Die Brücke am Abend. Foto: Max Mustermann</p><p>{second}</p>"
        "<p>Lesen Sie auch: Neue Buslinie startet im Mai</p>"
        "<p>Jetzt unseren Newsletter abonnieren und nichts mehr verpassen!</p>"
        f"<p>{third}</p><p>Lesezeit: 3 Minuten</p></article>",
        head="<title>Brücke wird saniert - Stadtblatt</title><meta property='og:site_name' content='Stadtblatt'>",
        lang="de",
    )
    result = read(html)
    assert result.title == "Brücke wird saniert"
    assert result.paragraphs == (lead, second, third)


def test_the_short_blocks_under_a_furniture_heading_are_left_out():
    # As trafilatura gives a real Spanish page: the comment form's rules under its heading.
    lead = "El ayuntamiento cerró el martes el muelle norte del puerto después de encontrar daños en sus cimientos."
    second = "Los ingenieros dijeron que las reparaciones durarán al menos tres semanas y costarán dos millones."
    blocks = [
        Block("El temporal cierra el muelle", "head"), Block(lead, "p"), Block("Consenso", "p"), Block(second, "p"),
        Block("Comentar", "head"),
        Block("El contenido de los comentarios es la opinión de los usuarios y no la de este periódico.", "item"),
        Block("No está permitido publicar comentarios contrarios a las leyes o lesivos a terceros.", "item"),
        Block("Más noticias del puerto", "head"), Block(second.replace("tres", "cuatro"), "p"),
    ]
    kept = article_paragraphs(blocks, rules_for("spanish"))
    assert kept == [lead, "Consenso", second, second.replace("tres", "cuatro")]


@pytest.mark.parametrize("heading", ["Advertisement", "Sign up for our daily newsletter", "Comment", "Trending",
                                     "How TikTok and YouTube changed the race"])
def test_paragraphs_after_a_furniture_heading_in_the_middle_of_an_article_are_kept(heading):
    paragraphs = [LEAD, SECOND, THIRD, FOURTH, LEAD.replace("Tuesday", "Monday"), SECOND.replace("three", "four")]
    blocks = [Block(p, "p") for p in paragraphs[:2]] + [Block(heading, "head")] + [Block(p, "p") for p in paragraphs[2:]]
    assert article_paragraphs(blocks, rules_for("english")) == paragraphs


def test_standfirst_marked_as_such_is_left_out_but_a_plain_first_paragraph_is_kept():
    standfirst = "The pier will stay shut for weeks while engineers repair storm damage in its foundations."
    marked = page(
        f"<article><h1>Storm closes pier</h1><p class='article-intro'>{standfirst}</p>"
        f"<div class='body'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div></article>",
        head=f"<title>Storm closes pier</title><meta name='description' content='{standfirst}'>",
    )
    assert standfirst not in read(marked).paragraphs
    plain = page(
        f"<article><h1>Storm closes pier</h1><div class='body'><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></div></article>",
        head=f"<title>Storm closes pier</title><meta name='description' content='{LEAD}'>",
    )
    assert read(plain).paragraphs[0] == LEAD


def test_a_page_with_only_a_caption_has_no_article_text():
    html = page(
        "<article><h1>Storm closes pier</h1>"
        "<p>The damaged northern pier seen from the harbour wall on Tuesday morning. Photo: AP</p></article>",
        head="<title>Storm closes pier</title>",
    )
    with pytest.raises(SeedError, match="no article text"):
        read(html)


@pytest.mark.parametrize("depth", [300, 1500])
def test_an_article_nested_deeper_than_the_parser_reads_by_default_is_read(depth):
    """libxml2 reads HTML 256 elements deep unless asked for more: a page built of nested <div>s lost
    its whole article."""
    body = "<div>" * depth + f"<article><h1>Storm closes pier</h1><p>{LEAD} {SECOND}</p><p>{THIRD} {FOURTH}</p>" \
        "</article>" + "</div>" * depth
    article = read(page(body, head="<title>Storm closes pier</title>"))
    assert article.title == "Storm closes pier"
    assert article.paragraphs == (f"{LEAD} {SECOND}", f"{THIRD} {FOURTH}")


def test_an_article_nested_deeper_than_the_parser_reads_at_all_is_skipped_with_that_reason():
    body = "<div>" * 2500 + f"<article><h1>Storm closes pier</h1><p>{LEAD} {SECOND}</p></article>" + "</div>" * 2500
    with pytest.raises(SeedError, match="no article text found in the HTML: its elements nest deeper than 2,048"):
        read(page(body, head="<title>Storm closes pier</title>"))


def test_a_big_page_is_not_read_past_the_parsers_default_depth():
    """The extractor's time grows with depth times size: a hostile page of deep stacks of text took seconds
    a megabyte. Only a page under a megabyte is read past 256 elements deep."""
    body = "<div>" * 300 + f"<article><h1>Storm closes pier</h1><p>{LEAD} {SECOND}</p></article>" + "</div>" * 300
    filler = "<!-- " + "x" * 1_100_000 + " -->"  # (a comment: no element, no text)
    with pytest.raises(SeedError, match="nest deeper than 256, and the parser reads no further .past 256, only in "
                                        "a page under 1 MB"):
        read(page(body + filler, head="<title>Storm closes pier</title>"))


def test_txt_headline_ending_in_a_question_mark_is_the_title():
    result = read_article(Path("pier.txt"), f"Who pays for the pier?\n\n{LEAD}\n\n{SECOND}\n".encode())
    assert result.title == "Who pays for the pier?"
    assert result.paragraphs == (LEAD, SECOND)


def test_txt_headline_asking_in_greek_is_the_title():
    greek = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την αγορά κατοικίας. Οι ιδιοκτήτες διαφωνούν με τα μέτρα."
    result = read_article(Path("enoikia.txt"), f"Τι θα γίνει με τα ενοίκια;\n\n{greek}\n".encode())
    assert result.title == "Τι θα γίνει με τα ενοίκια;"
    assert result.paragraphs == (greek,)
    # An English line ending in a semicolon is no headline.
    result = read_article(Path("pier.txt"), f"The pier closed on Tuesday;\n\n{LEAD}\n".encode())
    assert result.title_from == "file name"


@pytest.mark.parametrize("first", ["Pier reopens at last!", "Mayor: “We will rebuild”", "'Never again'"])
def test_txt_headline_ending_in_an_exclamation_or_quote_is_the_title(first):
    result = read_article(Path("pier.txt"), f"{first}\n\n{LEAD}\n".encode())
    assert result.title == first


def test_txt_question_that_runs_on_into_the_paragraph_is_not_a_title():
    text = f"Who pays for the pier?\n{LEAD}\n"
    result = read_article(Path("who-pays.txt"), text.encode())
    assert result.title == "Who pays"
    assert result.paragraphs[0].startswith("Who pays for the pier?")


@pytest.mark.parametrize("markup, language", [
    ("<html lang='de-AT'><head>", "german"),
    ("<html><head><meta property='og:locale' content='fr_FR'>", "french"),
    ("<html><head><meta http-equiv='content-language' content='DE, AT, CH'>", "german"),
    ("<html lang='tlh'><head>", None),  # a language briefing does not support
    ("<html><head>", None),
])
def test_the_language_a_page_declares(markup, language):
    facts = read_page_facts(f"{markup}<title>Pier</title></head><body><p>{LEAD}</p></body></html>")
    assert facts.language == language


def test_a_page_in_latin_1_keeps_its_letters_in_the_title():
    html = page(
        f"<article><h1>Brücke über die Förde</h1><p>{LEAD}</p><p>{SECOND}</p></article>",
        head="<meta charset='iso-8859-1'><title>Brücke über die Förde - Stadtblatt</title>"
             "<meta property='og:site_name' content='Stadtblatt'>",
    ).replace("<meta charset='utf-8'>", "")
    assert read_article(Path("b.html"), html.encode("iso-8859-1")).title == "Brücke über die Förde"
    # The page is decoded once, by its charset; its facts are read from the decoded text.
    assert read_page_facts(html).h1 == ("Brücke über die Förde",)


def test_markup_words_are_data():
    words = markup_words()
    assert "teaser" in words.standfirst_classes and "news" in words.site_words


def test_a_long_quoted_attribute_is_one_attribute_and_the_page_is_read():
    # Pages carry their app's state in one attribute (thousands of words with spaces): that is no flood
    # of attributes, which the parser would take minutes over.
    state = " ".join(["word"] * 5_000)
    found = read(page(f"<article data-props='{state}' class=\"story\"><h1>Pier closed</h1><p>{LEAD}</p>"
                      f"<p>{SECOND}</p><p>{THIRD}</p></article>"))
    assert found.paragraphs[0] == LEAD


@pytest.mark.parametrize("first_h1", [
    '<h1 class="site-title"><a href="/">The Riverside Gazette</a></h1>',
    '<h1 class="section-title"><a href="/category/local-news/">Local News</a></h1>',
])
def test_the_headline_the_page_title_opens_with_wins_over_a_logo_or_section_h1(first_h1):
    # trafilatura takes the first h1 with "title" in its class: here the site's logo or the section's name.
    headline = "Harbour authority closes the northern pier after storm damage"
    html = page(f"<header>{first_h1}</header><article><h1 class=\"story-title\">{headline}</h1>"
                f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p><p>{FOURTH}</p></article>",
                head=f"<title>{headline} &#8211; The Riverside Gazette</title>")
    assert read(html).title == headline


def test_a_page_its_scripts_fill_in_is_skipped_with_a_reason_that_says_so():
    import json

    body = "\n\n".join([LEAD, SECOND, THIRD, FOURTH])
    data = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Pier"}, {"@type": "NewsArticle", "headline": "Pier closed"},
        {"@type": "NewsArticle", "headline": "Ferry fares rise", "articleBody": body}]})
    app = page(f'<div id="app"><h1>Pier closed</h1><p>Loading…</p></div>'
               f'<script type="application/ld+json">{data}</script>', head="<title>Pier closed</title>")
    # The body its structured data states is another article's (test_stated_text.py: its own is read):
    # not read, but the reason says what the page is, not "too short to summarise: 1 word".
    with pytest.raises(SeedError, match="the page's scripts fill in its text"):
        read(app)
    # Odd structured data is looked at without harm.
    odd = page('<p>Loading…</p><script type="application/ld+json">{"@type": [{"a": 1}], "@graph": 5}</script>'
               '<script type="application/ld+json">[1, null, {"articleBody": 3}]</script>')
    with pytest.raises(SeedError) as error:
        read(odd)
    assert "scripts fill in" not in str(error.value)
    # A page whose own text is there keeps it, whatever its structured data says.
    other = json.dumps({"@type": "NewsArticle", "articleBody": "Something else entirely, said at length. " * 20})
    full = page(f"<article><h1>Pier closed</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
                f'<script type="application/ld+json">{other}</script>')
    assert read(full).paragraphs == (LEAD, SECOND, THIRD)


# --- what a page's class names do not mark: hidden text, a guessed date, comments, excerpts, a biography ---

# Class names that say nothing, as a site whose styles are built gives them.
def hashed(body: str) -> str:
    return f"<div class='x9f2a'><div class='k1b2c3'>{body}</div></div>"


FIFTH = "The pier was built in 1904 and last repaired after the winter storms of 1987, the harbour museum says."
ARTICLE = (f"<h1 class='q7'>Storm closes harbour pier</h1><p class='c9'>{LEAD}</p><p class='c9'>{SECOND}</p>"
           f"<p class='c9'>{THIRD}</p><p class='c9'>{FIFTH}</p><p class='c9'>{FOURTH}</p>")


def test_text_a_browser_never_shows_is_not_read():
    html = page(hashed(ARTICLE + "<p hidden>Cheap watches for sale at the best prices for every visitor today.</p>"
                       "<template><p>Buy our discount pills online today at the lowest prices anywhere.</p></template>"))
    text = " ".join(read(html).paragraphs)
    assert LEAD in text and FOURTH in text
    assert "watches" not in text and "pills" not in text


def test_a_year_in_the_text_is_no_publication_date():
    body = hashed(ARTICLE + "<p class='c9'>A first plan for the pier was drawn up in 2019 and dropped in 2020.</p>")
    assert read(page(body)).published is None
    stated = page(body, head="<meta property='article:published_time' content='2024-01-01T08:00:00+00:00'>")
    assert read(stated).published == "2024-01-01"  # a January 1st the page states is its date
    stated = page(body, head="<meta property='article:published_time' content='2024-03-14T08:00:00+00:00'>")
    assert read(stated).published == "2024-03-14"


@pytest.mark.parametrize("heading", ["3 responses", "12 Comments", "One thought on “Storm closes harbour pier”",
                                     "Leave a Reply"])
def test_readers_comments_under_a_heading_are_not_the_article(heading):
    comment = "Great news for everyone who lives near the harbour, finally some action after all these years."
    html = page(hashed(ARTICLE + f"<div class='c15'><h3>{heading}</h3><div class='c16'><p>{comment}</p></div></div>"),
                head="<meta name='author' content='Maria Jones'>")
    found = read(html)
    assert FOURTH in found.paragraphs[-1]
    assert comment not in " ".join(found.paragraphs)
    assert found.author == "Maria Jones"  # the page's metadata is read from the whole page


def test_a_comment_count_by_the_headline_does_not_end_the_article():
    html = page(hashed(f"<h1>Storm closes harbour pier</h1><h4>12 comments</h4><p>{LEAD}</p><p>{SECOND}</p>"
                       f"<p>{THIRD}</p><p>{FOURTH}</p>"))
    assert FOURTH in " ".join(read(html).paragraphs)


def test_other_sites_excerpts_repeats_and_the_authors_biography_are_left_out():
    rules = rules_for("english")
    blocks = [Block(LEAD, "p"), Block(SECOND, "p"), Block(THIRD, "p"), Block(SECOND, "p"),
              Block("Maria Jones joined the Courier in 2015 and writes about the coast and its ports.", "p"),
              Block(f"[…] {LEAD} […]", "p"), Block(FOURTH, "p")]
    assert article_paragraphs(blocks, rules, author="Maria Jones; Coast Correspondent") == [LEAD, SECOND, THIRD, FOURTH]
    # Without an author named, the biography is a paragraph like any other.
    assert len(article_paragraphs(blocks, rules)) == 5
    # A byline in the text names the author too.
    bylined = [Block("By Maria Jones, Coast Correspondent", "p"), *blocks]
    assert article_paragraphs(bylined, rules) == [LEAD, SECOND, THIRD, FOURTH]
    # Not at the opening: a report may open with the name of its author's subject.
    opening = [Block("Maria Jones was elected harbour master on Tuesday by a large majority.", "p"), *blocks]
    assert article_paragraphs(opening, rules, author="Maria Jones")[0].startswith("Maria Jones was elected")


def test_a_newsletter_prompt_is_not_the_article():
    prompt = ("Get our free weekday email with the stories that matter to the coast. "
              "You can unsubscribe at any time.")
    html = page(hashed(ARTICLE + f"<div class='c12'><p>{prompt}</p><input type='email'><button>Go</button></div>"))
    assert prompt not in " ".join(read(html).paragraphs)


@pytest.mark.parametrize("separator", [" | ", " — ", " - "])
def test_a_page_title_with_no_site_name_known_gives_its_headline_not_the_site(separator):
    # No og:site_name, no address, no h1: only the <title> says it, with the site's name first.
    headline = "Storm closes harbour pier for three weeks"
    html = page(hashed(f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"),
                head=f"<title>Coast Courier{separator}{headline}</title>")
    assert read(html).title == headline


def test_a_short_headline_beside_a_longer_site_name_stays():
    html = page(hashed(f"<p>{LEAD}</p><p>{SECOND}</p>"), head="<title>Pier closed | Coast Courier</title>")
    assert read(html).title == "Pier closed"


def test_other_stories_teasers_before_the_articles_headline_are_left_out():
    rules = rules_for("english")
    title = "Storm closes harbour pier"
    teasers = [Block("Library hours extended", "head"),
               Block("The central library will stay open until ten at night on weekdays from May.", "p"),
               Block("Bike lanes on Harbour Road", "head"),
               Block("Workers began painting protected bike lanes on Harbour Road on Monday morning.", "p")]
    article = [Block(LEAD, "p"), Block(SECOND, "p"), Block(THIRD, "p")]
    assert article_paragraphs([*teasers, Block(title, "head"), *article], rules, headlines=[title]) == [
        LEAD, SECOND, THIRD]
    # The headline again under the article ("You were reading: ...") leaves the article as it is (and the short
    # teaser under it, after the article's prose, is the page's: see the tail's rule).
    assert article_paragraphs([*article, Block(title, "head"), teasers[1]], rules, headlines=[title]) == [
        LEAD, SECOND, THIRD]


def test_the_pages_lines_after_the_articles_prose_are_left_out():
    """After the last paragraph of prose: a heading over a line or two ("Related Internet Links", then "The
    BBC is not responsible for the content of external sites.", a paywall's "Thank you for your patience
    while we verify access."), and labels ("Normas ›", "Jetzt weiterlesen mit SPIEGEL+"): key points, some."""
    rules = rules_for("english")
    article = [Block(LEAD, "p"), Block(SECOND, "p"), Block(THIRD, "p")]
    for tail in ([Block("Related Internet Links", "head"),
                  Block("The Herald is not responsible for the content of external sites.", "p")],
                 [Block("Thank you for your patience", "head"), Block("We are verifying your access.", "p"),
                  Block("If you are in Reader mode please exit and log in.", "p")],
                 [Block("Normas ›", "p"), Block("Mis comentarios", "p")],
                 [Block("Jetzt weiterlesen mit SPIEGEL+", "p"), Block("Zugang zu allen Artikeln", "p")]):
        assert article_paragraphs([*article, *tail], rules) == [LEAD, SECOND, THIRD], tail[0].text
    # An article's own end stays: a short last sentence, a subheading over prose, a short line with its full stop.
    ends = [Block("The trial continues.", "p")]
    assert article_paragraphs([*article, *ends], rules) == [LEAD, SECOND, THIRD, "The trial continues."]
    headed = [Block("What happens next", "head"), Block(FOURTH, "p")]
    assert article_paragraphs([*article, *headed], rules) == [LEAD, SECOND, THIRD, FOURTH]


# --- what the rules above must not take: found by a review -------------------------------------------


def test_a_comment_count_or_widget_before_the_articles_headline_ends_nothing():
    teasers = "".join(f"<p>Teaser {n}: the central library will stay open until ten at night on weekdays "
                      f"from May, the culture office said.</p>" for n in range(4))
    for widget in ("<h4>12 comments</h4>", "<h3>Leave a comment</h3>"):
        html = page(hashed(f"{teasers}{widget}<h1>Storm closes harbour pier</h1>"
                           f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p><p>{FOURTH}</p>"))
        assert FOURTH in " ".join(read(html).paragraphs), widget


def test_comments_in_an_element_with_a_prefix_are_cut_without_an_error():
    html = page(f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
                f"<p>{FIFTH}</p><p>{FOURTH}</p></article>"
                "<fb:comments><h3>3 comments</h3><p>Great news for the harbour after all these years.</p></fb:comments>")
    found = read(html)
    assert FOURTH in " ".join(found.paragraphs) and "Great news" not in " ".join(found.paragraphs)


def test_a_page_in_one_form_with_a_newsletter_field_is_read():
    # Some sites wrap the whole page in one <form>, a sign-up field and all.
    html = page(f"<form action='/'><h1>Storm closes harbour pier</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
                "<input type='email' name='newsletter'></form>")
    assert LEAD in read(html).paragraphs[0]


def test_an_agency_named_as_author_is_no_biography():
    rules = rules_for("english")
    wire = "The Associated Press obtained a copy of the harbour authority's internal memo on Tuesday night."
    blocks = [Block(LEAD, "p"), Block(SECOND, "p"), Block(wire, "p"), Block(THIRD, "p"), Block(FOURTH, "p")]
    assert wire in article_paragraphs(blocks, rules, author="The Associated Press")
    # A person's name opening a paragraph before the last two is reporting, not the biography.
    named = "Maria Jones, who covers the port, asked the authority for its inspection reports in March."
    blocks = [Block(LEAD, "p"), Block(named, "p"), Block(SECOND, "p"), Block(THIRD, "p"), Block(FOURTH, "p")]
    assert named in article_paragraphs(blocks, rules, author="Maria Jones")


def test_a_january_first_is_checked_on_the_parsed_page_never_fetched(monkeypatch):
    import socket

    from briefing.ingest.pagefacts import stated_date

    def no_network(*args, **kwargs):
        raise AssertionError("a page's date was looked for on the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    # A page whose text starts like an address, without a space: read as a text to download, it was fetched.
    html = "http://127.0.0.1:9/page\t<html><body><p>A\tplan\tfrom\t2023.</p></body></html>"
    assert stated_date("2023-01-01", read_page_facts(html)) is None
    assert stated_date("2023-03-14", read_page_facts(html)) == "2023-03-14"


@pytest.mark.parametrize("title, h1, expected", [
    # A headline first, a tagline after it: the extractor's pick, the headline, stays.
    ("Storm hits coast | Weather news and forecasts from all around the region", "", "Storm hits coast"),
    ("Storm hits coast - The Riverton Herald, your trusted local newspaper since 1888", "", "Storm hits coast"),
    ("Weather news and forecasts from all around the region | Storm hits coast", "<h1>Storm hits coast</h1>",
     "Storm hits coast"),
])
def test_a_sites_tagline_is_not_taken_for_the_headline(title, h1, expected):
    html = page(f"<article>{h1}<p>{LEAD}</p><p>{SECOND}</p></article>", head=f"<title>{title}</title>")
    assert read(html).title == expected


def test_a_page_laid_out_in_a_table_is_read_from_its_cells_of_prose():
    menu = "".join(f"<tr><td><a href='/{n}'>Section {n}</a></td></tr>" for n in range(6))
    html = page(f"<table><tr><td><table>{menu}</table></td><td>{LEAD}<br><br>{SECOND}<br><br>{THIRD}</td></tr>"
                "<tr><td>Visitors: 1,204</td><td>Contact us</td></tr></table>")
    found = read(html)
    text = " ".join(found.paragraphs)
    assert LEAD in text and THIRD in text
    assert "Section" not in text and "Visitors" not in text


def test_a_data_table_in_an_article_stays_out():
    table = "<table><tr><td>Pier</td><td>Closed since Tuesday for repairs of its foundations and its deck</td></tr></table>"
    text = " ".join(read(page(f"<article><p>{LEAD}</p>{table}<p>{SECOND}</p><p>{THIRD}</p></article>")).paragraphs)
    assert LEAD in text and "deck" not in text


@pytest.mark.parametrize("rows", [300, 1000])
def test_a_table_of_results_with_no_prose_is_skipped_with_its_reason(rows):
    cells = "".join(f"<tr><td>{r}</td><td>Result number {r} of the league</td><td>{r * 3}</td></tr>" for r in range(rows))
    with pytest.raises(SeedError, match="no article text found"):
        read(page(f"<table>{cells}</table>"))


def test_a_table_pages_menu_and_counter_cells_stay_out_however_they_are_built():
    menu = "<tr><td><p>Welcome guest</p><p>RSS</p></td></tr><tr><td><div>Online: 1</div><div>Guests: 1</div></td></tr>"
    html = page(f"<table>{menu}<tr><td><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></td></tr></table>")
    text = " ".join(read(html).paragraphs)
    assert LEAD in text and THIRD in text
    assert "Welcome" not in text and "Guests" not in text


def test_a_header_cell_counts_as_a_cell():
    cells = "".join(f"<tr><th>{r}</th><th>Result number {r} of the league</th></tr>" for r in range(1500))
    with pytest.raises(SeedError, match="no article text found"):
        read(page(f"<table><tr><td>Results</td></tr>{cells}</table>"))


def test_comments_are_cut_under_a_page_with_a_logo_h1_in_its_footer():
    comment = "Great news for everyone who lives near the harbour, finally some action after all these years."
    html = page(f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
                f"<p>{FIFTH}</p><p>{FOURTH}</p></article><div><h3>2 responses</h3><p>{comment}</p></div>"
                "<div><h1>Coast Courier</h1></div>")
    assert comment not in " ".join(read(html).paragraphs)


@pytest.mark.parametrize("logo", ["", "<h1>Coast Courier</h1>"])
def test_a_title_case_headline_after_the_sites_name_is_the_headline(logo):
    html = page(f"{logo}<article><p>{LEAD}</p><p>{SECOND}</p></article>",
                head="<title>Coast Courier | Harbour Pier Closes After Storm</title>")
    assert read(html).title == "Harbour Pier Closes After Storm"


ARTICLE = f"<article><h1>Northern pier closed</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p><p>{FOURTH}</p></article>"


@pytest.mark.parametrize("head, url", [
    # The canonical link is the article's own address: og:url may be an http:// or a short one.
    ('<meta property="og:url" content="http://www.harbour-news.example/1.6604622">'
     '<link rel="canonical" href="https://harbour-news.example/pier/northern-pier-closed-6604622.html">',
     "https://harbour-news.example/pier/northern-pier-closed-6604622.html"),
    # A canonical link to another site is where the article was first published: the page read is this one.
    ('<meta property="og:url" content="https://coast-daily.example/pier-closed">'
     '<link rel="canonical" href="https://harbour-news.example/pier-closed">',
     "https://coast-daily.example/pier-closed"),
    # No address the page states but its canonical link; one that is no web address is left out.
    ('<link rel="canonical" href="https://harbour-news.example/pier-closed">', "https://harbour-news.example/pier-closed"),
    ('<link rel="canonical" href="javascript:alert(1)">', None),
])
def test_the_page_address_is_its_canonical_link_on_its_own_site(head, url):
    assert read(page(ARTICLE, head=head)).url == url


def test_an_article_in_preformatted_text_keeps_its_paragraphs():
    # A <pre> shows its blank lines: each ends a paragraph; its other line breaks are the source's wrapping.
    wrapped = [sentence.replace(" ", "\n", 6).replace("\n", " ", 5) for sentence in (LEAD, SECOND, THIRD)]
    html = page(f"<article><h1>Storm closes harbour pier</h1><pre>\n{wrapped[0]}\n\n{wrapped[1]}\n  \n"
                f"{wrapped[2]} {FOURTH}\n</pre></article>")
    assert read(html).paragraphs == (LEAD, SECOND, f"{THIRD} {FOURTH}")


@pytest.mark.parametrize("listing", [
    "$ sudo apt-get install ferry-times\n$ ferry --list --pier south",  # a shell session
    "curl -s https://ferry.example/times?pier=south | jq '.departures'",
    "C:\\> ferry.exe /list",
    "Pier south\n  closed = true\n  reopens = 2025-06-01",  # settings
    "pier:\n  name: south\n  depth_m: 12\n  cranes: [C1, C2]",  # YAML
    '&lt;berth name="south"&gt;\n  &lt;depth&gt;12&lt;/depth&gt;\n&lt;/berth&gt;',  # XML
])
def test_code_in_preformatted_text_the_extractor_left_unmarked_is_no_paragraph(listing):
    # trafilatura marked none of these as code: each was read as a paragraph, and could be a summary sentence.
    html = page(f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><pre>{listing}</pre><p>{SECOND}</p>"
                f"<pre>The pier at dawn\nwas quiet, and the gulls\nwaited on the rail.</pre></article>")
    assert read(html).paragraphs == (LEAD, SECOND, "The pier at dawn was quiet, and the gulls waited on the rail.")


ITEMS = ["The ferry to the island will run every hour from May, instead of every two hours as it does now.",
         "The car park by the pier will be free for residents who show a card from the town hall."]


def test_text_around_a_list_inside_a_paragraph_is_kept():
    # The page runs its text, a list and more text in one element: what came after the list was lost.
    html = page(f"<article><h1>Storm closes harbour pier</h1><div class='text'>{LEAD}<br><br>What changes for "
                f"passengers:<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul><br>{THIRD}<br><br>{FOURTH}</div></article>")
    assert read(html).paragraphs == (LEAD, "What changes for passengers:", *ITEMS, THIRD, FOURTH)


def test_a_word_of_code_in_a_sentence_stays_in_it():
    # An inline <code> cut its paragraph short: the word and everything after it were lost.
    line = "Passengers can check the times with <code>ferry --list</code> on the terminal, or ask at the quay."
    html = page(f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><p>{line}</p><p>{SECOND}</p>"
                "<pre><code>ferry --list --pier south</code></pre></article>")
    expected = "Passengers can check the times with ferry --list on the terminal, or ask at the quay."
    assert read(html).paragraphs == (LEAD, expected, SECOND)  # (a listing on its own is no paragraph)


@pytest.mark.parametrize("before_item", [
    "<i class='icon'></i>",  # each item opens with an icon
    "<span class='dot'></span>",
    "<b class='marker'><span></span></b>",  # (empty once its empty span is out)
])
def test_list_items_that_open_with_an_empty_element_are_kept(before_item):
    # The extractor, asked for precision, deleted an empty element with the text after it: the whole item.
    items = "".join(f"<li>{before_item}{text}</li>" for text in (SECOND, THIRD, FOURTH))
    html = page(f"<article><h1>Storm closes harbour pier</h1><p>{LEAD}</p><ul>{items}</ul></article>")
    assert read(html).paragraphs == (LEAD, SECOND, THIRD, FOURTH)


def test_the_last_items_of_a_list_with_an_ad_slot_in_them_are_kept():
    items = [f"<li>{text}</li>" for text in (LEAD, SECOND)] + [f"<li><div class='ad-slot'></div>{text}</li>"
                                                               for text in (THIRD, FOURTH)]
    html = page(f"<article><h1>Storm closes harbour pier</h1><ul>{''.join(items)}</ul></article>")
    assert read(html).paragraphs == (LEAD, SECOND, THIRD, FOURTH)


def test_lists_nested_a_thousand_deep_are_read_as_one_list():
    """The extractor walks a list's items recursively: lists nested 600 deep or more (a page built to do it)
    stopped it with a RecursionError, and the page was skipped. Nested past MAX_LIST_NESTING, they are one."""
    from briefing.ingest.rawpage import MAX_LIST_NESTING

    opening = " ".join(f"The ferry crossing number {n} left the harbour on time this morning." for n in range(8))
    deepest = " ".join(f"Passengers on crossing {n} were told the pier would reopen in May." for n in range(8))
    nested = "<ul><li>Item " * 1000 + f"<p>{deepest}</p>" + "</li></ul>" * 1000
    article = read(page(f"<article><h1>Ferries run again</h1><p>{opening}</p>{nested}</article>"))
    assert opening in article.paragraphs and deepest in article.paragraphs
    # A page's own nesting, however deep a real one goes, is left as it is.
    shallow = "<ul><li>Item " * MAX_LIST_NESTING + f"<p>{deepest}</p>" + "</li></ul>" * MAX_LIST_NESTING
    html = page(f"<article><h1>Ferries run again</h1><p>{opening}</p>{shallow}</article>")
    from briefing.ingest.rawpage import readable_page
    assert readable_page(html).count("<ul>") == MAX_LIST_NESTING and deepest in read(html).paragraphs


def _traced_peak_mb(action) -> tuple[float, object]:
    import tracemalloc

    action()  # (the extractor's and parser's first use, outside the measure)
    tracemalloc.start()
    try:
        found = action()
        return tracemalloc.get_traced_memory()[1] / 2**20, found
    finally:
        tracemalloc.stop()


def test_megabytes_of_structured_data_are_read_in_bounded_memory_with_the_article_and_its_byline():
    """The extractor read a page's JSON-LD with some 130 bytes of memory a character: a 4.5 MB page, under the
    seed size limit, took 680 MB. It is given long scripts of data without their long strings."""
    import json

    from briefing.ingest.pages import read_page

    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Pier closed",
            "author": {"@type": "Person", "name": "Ann Lee"}, "datePublished": "2026-11-20T10:00:00Z",
            "description": "Storm damage </script><script>alert(1)</script>", "articleBody": "x" * 4_000_000}
    script = "<script type='application/ld+json'>" + json.dumps(data).replace("</", "<\\/") + "</script>"
    visible = page(f"<article><h1>Pier closed</h1><p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
                   head=f"<title>Pier closed</title>{script}")
    peak, found = _traced_peak_mb(lambda: read_page(visible))
    assert peak < 60 and found.paragraphs == (LEAD, SECOND, THIRD) and "alert" not in " ".join(found.paragraphs)
    # A page whose text is in its data alone: read from there, its byline and date still found.
    data["articleBody"] = " ".join([LEAD, SECOND, THIRD, FOURTH] * 4_000)  # (1.5 MB)
    script = "<script type='application/ld+json'>" + json.dumps(data).replace("</", "<\\/") + "</script>"
    peak, found = _traced_peak_mb(lambda: read_page(page("<div id='app'></div>", head=f"<title>Pier closed</title>"
                                                          f"{script}")))
    assert peak < 120 and found.text_stated and found.paragraphs[0].startswith(LEAD)
    assert (found.author, found.published) == ("Ann Lee", "2026-11-20")


def test_long_structured_data_given_to_the_extractor_keeps_everything_but_its_long_strings():
    """Its long strings emptied in place, the rest byte for byte: an escaped character stays escaped (a
    "\\u003c" written back as "<" opened a comment in the script, which then swallowed the page), and data that
    is no valid JSON (a trailing ";", a comment around it) is kept for the extractor's own fallback."""
    from briefing.ingest.rawpage import MAX_EXTRACTOR_DATA, MAX_EXTRACTOR_STRING, for_extractor

    long = "x" * max(MAX_EXTRACTOR_DATA, MAX_EXTRACTOR_STRING + 1)
    data = ('{"@context": "https://schema.org", "headline": "Pier \\"closed\\" \\u003c!--\\u003cscript>", '
            f'"emoji": "\\ud83d", "path": "C:\\\\", "articleBody": "{long}", "end": "kept"}};')
    given = for_extractor(f"<html><head><script type='application/ld+json'><!-- {data} --></script></head>"
                          f"<body><p>{LEAD}</p>{long}</body></html>")
    assert f"<!-- {data.replace(long, '')} -->" in given and given.endswith(f"<p>{LEAD}</p>{long}</body></html>")



@pytest.mark.parametrize("offset", ["+25:00", "+24:00", "-25:00", "+99:99", "+2500", "+23:60"])
@pytest.mark.parametrize("where", ["meta", "time", "meta, comments after", "time, nested deep"])
def test_a_date_with_an_offset_no_clock_has_loses_the_offset_not_the_article(offset, where):
    """The date search fails on such an offset, and the extractor then dropped the whole page: it was
    skipped as having no article text. (Its metadata is read again from the whole page when comments
    follow the article, and a page nested deeper than the parser reads is parsed before the extractor.)"""
    stamp = f"2026-11-25T10:00:00{offset}"
    head = f"<meta property='article:published_time' content='{stamp}'>" if where.startswith("meta") else ""
    shown = f"<time datetime='{stamp}'>Wednesday</time>" if where.startswith("time") else ""
    body = (f"<article><h1>Storm closes harbour pier</h1>{shown}<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
            "</article>")
    if "comments" in where:
        body += "<h3>3 responses</h3><p>Great article, thanks for writing this up.</p>"
    if "deep" in where:
        body = "<div>" * 300 + body + "</div>" * 300
    result = read(page(body, head=head))
    assert result.title == "Storm closes harbour pier"
    assert result.paragraphs == (LEAD, SECOND, THIRD)
    assert result.published == "2026-11-25"


def test_offsets_a_clock_has_are_left_as_they_are():
    from briefing.ingest.rawpage import without_impossible_offsets

    page_text = "<time datetime='2026-11-25T10:00:00+05:30'></time><time datetime='2026-11-25 10:00-2359'></time>"
    assert without_impossible_offsets(page_text) is page_text
    assert without_impossible_offsets("<time datetime='2026-11-25T10:00:00.5+24:00'>") == \
        "<time datetime='2026-11-25T10:00:00.5'>"
    assert without_impossible_offsets("<time datetime=2026-11-25T10:00:00+2500>") == \
        "<time datetime=2026-11-25T10:00:00>"  # (an attribute unquoted, as minified pages write it)
    shown = "<p>Open 2026-11-25 18:00-24:00 at the harbour.</p>"  # text the page shows is left as it is
    assert without_impossible_offsets(shown) is shown


@pytest.mark.parametrize("headline", ["5", "3.5", "true", '["Storm closes pier", "Second"]', '{"name": "x"}', "null"])
@pytest.mark.parametrize("shown", [True, False])
def test_a_structured_headline_that_is_not_text_is_left_aside(headline, shown):
    """The extractor copies a JSON-LD headline as it is: a number or a list failed the reader (an internal
    error) where the page itself says what its headline is."""
    body = "\\n".join([LEAD, SECOND, THIRD, FOURTH])
    data = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": {headline}, "articleBody": "{body}"}}</script>')
    text = f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>" if shown else "<div id='app'>Loading…</div>"
    result = read(page(f"<article><h1>Storm closes harbour pier</h1>{text}</article>",
                       head=f"<title>Storm closes harbour pier</title>{data}"))
    assert result.title == "Storm closes harbour pier"
    assert result.paragraphs[:3] == (LEAD, SECOND, THIRD)
