"""A web page -> its article: the headline, the article's own paragraphs, its source.

trafilatura finds the article in the page; its output tree is then read
block by block (paragraphs, list items, quotes; headings are left out), and
what a reader would not count as the article is dropped: blocks made of link
texts, captions and credits, datelines and bylines, page furniture, the
headline again, and a standfirst the page sets apart. The only module that
imports trafilatura.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import textrules
from ..errors import SeedError
from ..hosts import host_of, without_credentials
from .blocks import Block, count_links, html_blocks
from .dropped import with_dropped_prose
from .furniture import (author_names, bio_opening, is_excerpt, without_cut_ending, without_pull_quotes,
                        without_trailing_furniture)
from .liveblog import in_time_order
from .pagefacts import (MAX_DEEP_PAGE_BYTES, MAX_DEPTH, PARSER_DEPTH, deep_page_tree, is_standfirst, own_address,
                        read_page_facts, script_prose_words, stated_date, without_comments)
from .pictures import picture_captions
from .rawpage import for_extractor, readable_page, without_impossible_offsets
from .sidecar import is_web_url
from .signups import signup_offers
from .structured import stated_article_words, stated_live_blog, stated_body
from .teasers import teased_stories, teasers_of, without_teasers
from .titles import choose_title, headline_part, site_named_by_titles, source_name, without_leading_headline

# A block of the extracted text whose words are mostly link text is a menu,
# a list of other stories or a "read more" line, not the article's prose.
_LINK_SHARE_SHORT = 0.5  # for a block of at most _SHORT_BLOCK_WORDS words
_LINK_SHARE_ANY = 0.8  # for a longer block made of two or more links (one link round a whole paragraph is an image's)
_SHORT_BLOCK_WORDS = 40
_LINKED_BLOCK_MAX_WORDS = 300
# A caption or credit line is short; a long paragraph that names a photo credit is prose.
_CAPTION_MAX_WORDS = 60
# Short texts beside pictures are captions among an article's paragraphs; when they hold this share of its
# words or more, the page sets its paragraphs beside its pictures.
_MAX_CAPTION_SHARE = 0.5
# A page laid out in a table has a few dozen cells; one of thousands is a table of results, not worth
# reading again for a cell of prose (and reading it takes seconds).
MAX_LAYOUT_CELLS = 2_000
_CELL = re.compile(r"<t[dh]\b", re.IGNORECASE)
# The headline comes again, if at all, among the first blocks; a standfirst among the first two.
_HEADLINE_BLOCKS = 3
_STANDFIRST_BLOCKS = 2
# Elements no browser shows (a template, an element marked hidden) and a newsletter sign-up form: none is the
# article's, whatever its class names say. (A form that holds an article or several paragraphs wraps the page.)
_NEVER_SHOWN = ["//template", "//*[@hidden]",
                "//form[.//input[@type='email']][not(.//article)][not(.//h1)][count(.//p) < 4]",
                # A footnote's mark in the text (a short link to a note of the page: "1", "[2]", "*"), and the notes
                # (Substack's, Ghost's, WordPress's, Wikipedia's): the marks were glued to the sentence's full stop
                # ("... census data.1 The decline ..." read as one sentence), the notes kept as the last paragraphs.
                "//sup[a[starts-with(@href, '#')]][string-length(normalize-space(.)) <= 6]",
                "//a[starts-with(@href, '#')][contains(concat(' ', normalize-space(@class), ' '), ' footnote-anchor ')]",
                "//*[@role='doc-noteref' or @role='doc-endnotes' or @role='doc-footnote']",
                "//*[self::ol or self::ul or self::div or self::section][contains(concat(' ', normalize-space(@class), "
                "' '), ' footnotes ') or contains(concat(' ', normalize-space(@class), ' '), ' footnote ')]",
                # Social networks' posts (read as the article's prose) and pull quotes, by a whole word of the class.
                "//*[self::blockquote or self::aside or self::figure or self::div][" + " or ".join(
                    f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in ("twitter-tweet",
                    "twitter-video", "instagram-media", "tiktok-embed", "bluesky-embed", "fb-post", "reddit-embed",
                    "text-post-media", "pullquote", "wp-block-pullquote", "pull-quote")) + "]"]


@dataclass(frozen=True)
class Page:
    """What the HTML reader found in a page; None where it found nothing."""

    title: str | None
    paragraphs: tuple[str, ...]
    source: str | None
    url: str | None
    author: str | None
    published: str | None  # as the page writes it
    # Its text is its structured data's (JSON-LD articleBody): the HTML shows none (its scripts fill it in).
    text_stated: bool = False
    lang_tag: str | None = None  # the tag it declares for a language briefing does not summarise


def _confirms(page_title: str | None, headline: str) -> bool:
    """Whether the page's <title> opens with the headline (letters compared)."""
    letters = _letters(headline)
    return bool(page_title) and bool(letters) and _letters(page_title).startswith(letters)


def _site_before(page_title: str | None, h1: str, headlines: Sequence[str | None]) -> bool:
    """Whether the page's <title> is the h1 and then one of `headlines` (a blog's name before its post's
    headline, Blogger's "Garden Notes: Saving tomato seeds", where the h1 is the blog's name)."""
    rest = _letters(page_title or "")[len(_letters(h1)):]
    return any(len(letters := _letters(headline or "")) >= 8 and letters in rest for headline in headlines)


def read_page(html: str) -> Page:
    """The article of one web page, or SeedError with the reason there is none."""
    html = without_impossible_offsets(readable_page(html))
    import trafilatura

    facts = read_page_facts(html)
    comments = textrules.rules_for(facts.language or "english").comments
    cut = without_comments(facts, comments.found_in)
    given = for_extractor(cut or html)
    try:
        document = _extracted(trafilatura, given, tables=False, deep=facts.deep)
        blocks = html_blocks(getattr(document, "body", None))
        # A page laid out in a table (an old site's) holds its article in a cell, which the extractor
        # leaves out with the table: read again with tables, its cells of prose are the article.
        tables = not blocks and 0 < len(_CELL.findall(html)) <= MAX_LAYOUT_CELLS
        if tables:
            document = _extracted(trafilatura, given, tables=True, deep=facts.deep) or document
            blocks = html_blocks(getattr(document, "body", None), tables=True)
        if facts.tree is not None and blocks:
            blocks = with_dropped_prose(blocks, facts.tree, _dropped_by_name)
        if cut is not None and document is not None:  # metadata from the whole page: what follows the comments
            stated = _text_metadata(trafilatura.extract_metadata(for_extractor(html)))  # may name its author
            for name in _METADATA:
                setattr(document, name, getattr(stated, name, None))
        # Why the page shows no article text, if it shows none: its structured data may still state it.
        missing = None
        if facts.too_deep and (document is None or sum(len(block.text.split()) for block in blocks) < _FEW_WORDS):
            # (What little was found is the page around the article: its header, its footer.)
            read_to = MAX_DEPTH if facts.deep else PARSER_DEPTH
            missing = (f"no article text found in the HTML: its elements nest deeper than {read_to:,}, and the "
                       f"parser reads no further (past {PARSER_DEPTH}, only in a page under "
                       f"{MAX_DEEP_PAGE_BYTES // 1_000_000} MB)")
        elif document is None:
            missing = _filled_by_scripts(html, 0) or "no article text found in the HTML"
        if document is None and stated_article_words(html):  # its headline, site and date, for the stated text
            document, blocks = _text_metadata(trafilatura.extract_metadata(for_extractor(html))), []
    except Exception as error:  # the extractor's failures are many and undocumented
        raise SeedError(f"cannot extract article text from HTML: {type(error).__name__}") from None
    if document is None:
        raise SeedError(missing or "no article text found in the HTML")
    # The extractor's address (og:url, or a canonical link too long for read_page_facts) is held to the
    # rule of every other: a long one comes clipped with "…", and one with a space is another address.
    stated = getattr(document, "url", None) or None
    given = own_address(facts.canonical, stated if stated and is_web_url(stated) else None)
    url = without_credentials(given) if given else None
    host = host_of(url) or getattr(document, "hostname", None) or None
    extracted_site = getattr(document, "sitename", None) or None
    if url != given and extracted_site and "@" in extracted_site:
        extracted_site = host  # the extractor's name for a site it has none for is the address's, password and all
    if extracted_site and _letters(extracted_site) in {_letters(h) for h in (getattr(document, "title", None) or "",
                                                                             *facts.h1)}:
        # The extractor names a site by the part of the <title> with a full stop in it, a domain's: the
        # headline's when it has one ("U.S. halts ... | Daily Paper", "... am 3. Oktober lahm | Tagesblatt"),
        # and the site's name became the headline.
        extracted_site = None
    extracted_site = extracted_site or site_named_by_titles(
        facts.title, [getattr(document, "title", None), facts.og_title, facts.twitter_title], facts.h1)
    sitename = facts.site_name or extracted_site
    leading = [b.text for b in blocks[:_HEADLINE_BLOCKS]]
    # The extractor's title first; when that is no headline (only the site's
    # name, a URL slug), the h1 that opens the text, then the page's others.
    in_text = [h for h in facts.h1 if any(_letters(h) == _letters(line) for line in leading)]
    extracted_title = getattr(document, "title", None)
    if (live_blog := stated_live_blog(html)) is not None and live_blog.headline:
        extracted_title = live_blog.headline  # (the extractor names a live blog by its latest update's headline)
    if sitename is None and host is None:  # nothing tells the site's part of the <title> from the headline
        extracted_title = headline_part(facts.title, extracted_title, leading) or extracted_title
    # An h1 the page's <title> opens with is its headline, before the extractor's pick when the <title>
    # does not confirm that one: trafilatura takes the first h1 with "title" in its class, which may be
    # the site's logo ("The Riverside Gazette") or the section's name ("Local News").
    confirmed = [h for h in facts.h1 if len(h.split()) >= 3 and _confirms(facts.title, h)
                 and not _site_before(facts.title, h, [extracted_title, facts.og_title, facts.twitter_title])]
    if confirmed and extracted_title and not _confirms(facts.title, extracted_title):
        in_text = [*confirmed, *in_text]
        extracted_title = None
    title = choose_title([extracted_title, *in_text, facts.og_title, facts.twitter_title, facts.title,
                          *facts.h1],
                         sitename, host, leading, shown=facts.h1)
    if blocks:
        blocks = count_links(blocks, facts.anchors)
    elif tables:
        missing = missing or "no article text found in the HTML (a table with no paragraph of prose)"
    else:  # an extractor version without a body tree: its plain text, line by line
        text = getattr(document, "text", None) or ""
        blocks = [Block(" ".join(line.split()), "p") for line in text.split("\n") if line.strip()]
    description = getattr(document, "description", None)
    author = author_names(getattr(document, "author", None), textrules.rules_for(facts.language or "english"))
    paragraphs = article_paragraphs(
        blocks, textrules.rules_for(facts.language or "english"), headlines=[title, facts.og_title, *facts.h1],
        standfirst=lambda text: is_standfirst(text, facts, description), author=author,
        captions=picture_captions(facts.tree),
    )
    # A page whose text its scripts fill in shows the extractor almost nothing ("Loading…"), while its
    # structured data (JSON-LD) may state the article's body.
    words = sum(len(p.split()) for p in paragraphs)
    if missing is None and words < _FEW_WORDS:
        missing = _filled_by_scripts(html, words)
    if missing is None and blocks and not paragraphs:
        missing = "no article text found in the HTML (only headings, captions or page furniture)"
    if missing is not None:
        # The stated body is read only for a page that shows no text: beside shown text, it made the dev
        # pages' summaries worse. It must be this page's article's (see stated_body), or the page is skipped.
        # (Named by what the page shows: its title may be the extractor's pick of the JSON-LD's headlines.)
        stated_text = stated_body(html, [facts.og_title, facts.twitter_title, *facts.h1], facts.title)
        paragraphs = article_paragraphs([Block(p, "p") for p in stated_text],
                                        textrules.rules_for(facts.language or "english"), headlines=[title],
                                        author=author)
        if not paragraphs:
            raise SeedError(missing)
    else:
        teasers = teasers_of(facts.tree, paragraphs, given)
        if teased := teased_stories(paragraphs, teasers):
            raise SeedError(f"a page of teasers for {teased} other articles (an index or home page), not one article")
        offers = signup_offers(facts.tree)
        paragraphs = [p for p in without_teasers(paragraphs, teasers) if p not in offers]
        paragraphs = in_time_order(paragraphs, facts.tree, live_blog is not None)
    return Page(
        title=title, paragraphs=tuple(paragraphs), source=source_name(facts.site_name, extracted_site, host, html),
        url=url, author=author or None, published=stated_date(_text_or_none(getattr(document, "date", None)), facts),
        text_stated=missing is not None, lang_tag=facts.lang_tag,
    )


def _extracted(trafilatura, source: str, tables: bool, deep: bool = False):
    """trafilatura's document of a page: its text as a tree, and its metadata. A `deep` page (see
    PageFacts.deep) is parsed before, as trafilatura would but in the parser's "huge" mode."""
    if deep:
        source = deep_page_tree(source)
    return _text_metadata(trafilatura.bare_extraction(
        source,
        include_comments=False,
        include_tables=tables,
        # Asking for links makes trafilatura cut paragraphs at them and glue
        # words together; link texts are matched from the page instead.
        include_links=False,
        include_images=False,
        favor_precision=True,
        with_metadata=True,
        # A browser never shows these; a page may hide text in them that is no part of its article.
        prune_xpath=_NEVER_SHOWN,
    ))


def _dropped_by_name(tree) -> set:
    """The elements of `tree` trafilatura drops for a word of their class or id (its own list, as it reads it)."""
    try:
        from trafilatura.xpaths import OVERALL_DISCARD_XPATH

        return set(OVERALL_DISCARD_XPATH[0](tree))
    except Exception:  # another release of it, arranged otherwise, or an XPath the tree cannot answer
        return set()


# The extractor's metadata that is read as text.
_METADATA = ("title", "author", "date", "url", "hostname", "sitename", "description")


def _text_metadata(document):
    """The extractor's `document` with each of _METADATA that is not text made None: it copies a page's
    JSON-LD values as they are, and a headline may be a number or a list there."""
    if document is not None:
        for name in _METADATA:
            if not isinstance(getattr(document, name, None), str):
                setattr(document, name, None)
    return document


# Fewer words than this in what the extractor kept: the article's structured data is looked at.
_FEW_WORDS = 40
_FILLED_BY_SCRIPTS = ("the page's scripts fill in its text: the HTML holds almost none, and its structured data "
                      "(JSON-LD) holds no body of this page's article to read instead (save the page as a browser "
                      "shows it)")


def _text_or_none(value) -> str | None:
    return str(value) if value else None


_FILLED_BY_THEIR_DATA = ("the page's scripts fill in its text: the HTML holds almost none, only the data its scripts "
                         "render it from (save the page as a browser shows it)")


def _filled_by_scripts(html: str, words: int) -> str | None:
    """Why a page with `words` words of text has no more, when its scripts hold more: its JSON-LD states
    an article, or its scripts' data holds prose (an app renders the article in the browser)."""
    if stated_article_words(html) > words:
        return _FILLED_BY_SCRIPTS
    if script_prose_words(html) > max(words, _FEW_WORDS):
        return _FILLED_BY_THEIR_DATA
    return None


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


# --- trafilatura's output tree as blocks ---------------------------------------


# --- the article's own paragraphs ----------------------------------------------


def _share_of_words(blocks: Sequence[Block], texts: frozenset[str]) -> float:
    """The share of the blocks' words (headings aside) in blocks whose text is one of `texts`."""
    prose = [(block.text, len(block.text.split())) for block in blocks if block.kind != "head"]
    total = sum(words for _, words in prose)
    return sum(words for text, words in prose if text in texts) / total if total else 0.0


def article_paragraphs(
    blocks: Sequence[Block], rules: textrules.Rules, headlines: Sequence[str | None] = (),
    standfirst: Callable[[str], bool] | None = None, author: str | None = None, captions: frozenset[str] = frozenset(),
) -> list[str]:
    """The article's own paragraphs among the extracted blocks.

    Left out: headings (and the headline again, also run into the first
    paragraph), a list under a heading of page furniture (a comment
    form's rules under "Comments"), blocks that are mostly link text, captions and credit
    lines (and `captions`, the short texts the page sets alone beside a picture), datelines, bylines and reading times, and short blocks of page
    furniture (newsletter and subscription prompts, share prompts,
    related-story teasers, copyright lines), by the rules of the page's
    language and English, and a standfirst (the subheading under the
    headline) where `standfirst(text)` says so. Long paragraphs are kept
    whole: the summariser weighs their sentences one by one. Whatever the
    page's class names say, a heading over readers' comments ends the
    article, and a paragraph seen before, an excerpt quoted by another site
    ("[…] … […]") and, after the opening, one that opens with the `author`'s
    name (their biography) are left out.
    """
    headlines = [h for h in headlines if h]
    if captions and _share_of_words(blocks, captions) >= _MAX_CAPTION_SHARE:
        captions = frozenset()  # each paragraph set beside a picture (an image-led layout): the article's text
    kept: list[str] = []
    standfirsts: list[str] = []
    under_furniture = False  # in the list under a heading of page furniture ("Comments", "Related stories")
    bio = bio_opening(author, rules)
    seen: set[str] = set()
    biographies: set[int] = set()  # kept paragraphs that open with the author's name
    opening = None  # where the article's own headline came, if after some paragraphs
    headed: set[int] = set()  # the kept paragraphs a heading came just before
    for block in blocks:
        text = block.text
        words = len(text.split())
        if block.kind == "head":
            if kept and rules.comments.found_in(text):
                break  # "3 responses", "Leave a reply": readers' words from here on
            if kept and opening is None and headlines and _letters(text) == _letters(headlines[0]):
                opening = len(kept)  # the headline, after other stories' teasers
            under_furniture = rules.boilerplate.found_in(text)
            headed.add(len(kept))
            continue
        # The list goes with its heading; the first block of anything else ends it ("Advertisement"
        # between two paragraphs of the article).
        under_furniture = under_furniture and block.kind == "item"
        if under_furniture and words <= _SHORT_BLOCK_WORDS:
            continue
        if _mostly_links(block, words):
            continue
        if words <= _CAPTION_MAX_WORDS and (textrules.is_caption(text, rules) or text in captions):
            continue
        if textrules.is_metadata(text, rules):
            if bio is None and rules.byline is not None and (byline := rules.byline.match(text)):
                bio = bio_opening(text[byline.end():], rules)  # no author in the page's metadata: its byline
            continue
        if words <= _SHORT_BLOCK_WORDS and textrules.is_boilerplate(text, rules):
            continue
        if len(kept) < _HEADLINE_BLOCKS and any(textrules.repeats_title(text, h) for h in headlines):
            continue
        if not kept:
            text = without_leading_headline(text, headlines)
            if not text:
                continue
        text = re.sub(r"^[-–•*·]\s+", "", text)  # a list dash typed into the text
        if is_excerpt(text) or text in seen:
            continue  # another site's excerpt of a post ("[…] as the Herald reported. […]"), a repeat
        seen.add(text)
        if bio is not None and len(kept) >= _STANDFIRST_BLOCKS and bio.match(text):
            biographies.add(len(kept))  # the author's biography, if under the article ("Sarah Klein joined …")
        if standfirst is not None and len(kept) < _STANDFIRST_BLOCKS and standfirst(text):
            standfirsts.append(text)
            continue
        kept.append(text)
    kept = without_trailing_furniture(kept, headed)  # (cut from the end: the indexes before it stay)
    # A biography is one of the last two paragraphs: one before them that opens with the name is reporting.
    kept = [p for number, p in enumerate(kept) if number not in biographies or number < len(kept) - 2]
    if opening is not None and sum(len(p.split()) for p in kept[opening:]) >= sum(len(p.split()) for p in kept[:opening]):
        kept = kept[opening:]  # what came before the headline was the page's, not the article's
    if kept:  # the last paragraph only: one cut short where the page stops showing the article
        kept[-1:] = [p for p in [without_cut_ending(kept[-1], rules.closing_phrase)] if p]
    kept = without_pull_quotes(kept)
    # A page whose text is mostly standfirst has no other: keep it.
    if sum(len(p.split()) for p in kept) >= 2 * sum(len(s.split()) for s in standfirsts):
        return kept
    return standfirsts + kept


def _mostly_links(block: Block, words: int) -> bool:
    return (block.link_share >= _LINK_SHARE_ANY and block.links >= 2 and words <= _LINKED_BLOCK_MAX_WORDS) or (
        block.link_share >= _LINK_SHARE_SHORT and words <= _SHORT_BLOCK_WORDS
    )
