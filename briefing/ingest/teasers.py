"""Text read from a page that is teasers for other articles: an index or home page, or a list closing an article.

A front page, a section page or a tag page shows a few lines of each of many
stories, each beside a link to the story (its headline, linked). The
extractor reads those lines as one long article of short paragraphs; a
summary of it would mix a dozen stories. Each paragraph kept is looked up in
the page: when it sits in a small box whose one long link leads elsewhere (a
teaser, its headline before it), and most of the text is such teasers of
several stories, the page is no article; a few of them among the article's
paragraphs (a "related" or "more news" list inside its element) are left out.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from ..hosts import host_of

# A page is an index when its paragraphs are teasers of at least this many stories...
MIN_TEASED_STORIES = 4
# ... and the teasers hold at least this share of its words.
MIN_TEASER_SHARE = 0.6
# Teasers of this many stories among an article's paragraphs are a list of other stories (one may be
# the article's own paragraph in a box with a link); a teaser's lines are no longer than this.
MIN_TEASERS_AMONG = 2
MAX_TEASER_WORDS = 45
# A teaser's headline link has words; "Read more", "»" or a picture's link has few or none.
MIN_LINK_WORDS = 3
# How far up from a paragraph its teaser box may be, and how many links a box is searched for.
_BOX_LEVELS = 3
_LINKS_SEARCHED = 50
_ELEMENTS_BEFORE = 500
# Besides its headline and its lines, a teaser's box holds a few words at most: a date, a section, "More".
_TEASER_OTHER_WORDS = 15
# Bounds on what is read of a hostile page.
_ELEMENTS_SEARCHED = 200_000
_PROBE_WORDS = 8
_LEAF_TAGS = ("p", "div", "li", "span", "dd", "section", "article")
_BLOCK_CHILDREN = frozenset({"p", "div", "li", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                             "table", "blockquote", "figure", "header", "footer", "aside"})


@dataclass(frozen=True)
class Teaser:
    """A paragraph's place in a teaser: where its headline links to, and whether a box beside it teases
    another story (a list of them)."""

    link: str
    listed: bool
    # In the <article> that holds the page's headline (an <h1> of a few words): a list the article makes
    # ("The five best places to eat": each place's page linked above a line about it), no index page.
    in_headline_article: bool = False
    headline_words: int = MIN_LINK_WORDS


def teasers_of(tree, paragraphs: Sequence[str], own_address: str | None = None) -> list[Teaser | None]:
    """For each paragraph, the teaser it sits in (None: it is no teaser): the small box around it whose
    one long link, before it, leads to another page of the site (a headline, then the story's first lines).

    `tree` is the parsed page (lxml); `own_address` the page's own, whose
    links (a headline linked to itself) lead nowhere else.
    """
    if tree is None:
        return [None] * len(paragraphs)
    leaves = _leaves_by_opening(tree)
    boxes: dict = {}
    found = []
    for paragraph in paragraphs:
        element = leaves.get(_probe(paragraph))
        found.append(_teaser(element, own_address, boxes) if element is not None else None)
    # A site teases its own stories; a list of other sites' pages, each linked above a line about it, is an
    # article (the best hotels of a coast, the tools a blogger uses). Without the page's own address, the
    # links tease one site's stories when they all lead to one site.
    own_site = host_of(own_address)
    sites = {host_of(teaser.link) for teaser in found if teaser is not None} - {None}
    elsewhere = sites - {own_site} if own_site else (sites if len(sites) > 1 else set())
    return [None if teaser is None or host_of(teaser.link) in elsewhere else teaser for teaser in found]


def teased_stories(paragraphs: Sequence[str], teasers: Sequence[Teaser | None]) -> int:
    """How many other stories the paragraphs tease, when they are mostly teasers (an index page); else 0."""
    targets = {teaser.link for teaser in teasers if teaser is not None and not teaser.in_headline_article}
    teaser_words = sum(len(p.split()) for p, teaser in zip(paragraphs, teasers) if teaser is not None)
    if len(targets) >= MIN_TEASED_STORIES and teaser_words >= MIN_TEASER_SHARE * sum(len(p.split()) for p in paragraphs):
        return len(targets)
    return 0


def without_teasers(paragraphs: Sequence[str], teasers: Sequence[Teaser | None]) -> list[str]:
    """The paragraphs without the teasers of other stories among them (a "related" or "more news" list
    inside the article's element): those in a list of teasers, or all when they tease MIN_TEASERS_AMONG
    stories or more (one alone may be the article's own box beside a link)."""
    short = [teaser if teaser is not None and len(p.split()) <= MAX_TEASER_WORDS and not _names_an_item(teaser)
             else None for p, teaser in zip(paragraphs, teasers)]
    many = len({teaser.link for teaser in short if teaser is not None}) >= MIN_TEASERS_AMONG
    dropped = [teaser is not None and (many or teaser.listed) for teaser in short]
    if all(dropped):
        return list(paragraphs)
    return [p for p, drop in zip(paragraphs, dropped) if not drop]


# Another story's headline says what happened in a few words more than an item's name does ("The harbour
# museum", "Saltmarsh nature trail"): in the article of the page's headline, a link of so few words names one
# of the things the article lists.
MAX_ITEM_NAME_WORDS = 4


def _names_an_item(teaser: Teaser) -> bool:
    return teaser.in_headline_article and teaser.headline_words <= MAX_ITEM_NAME_WORDS


def _probe(text: str) -> str:
    return " ".join(text.split()[:_PROBE_WORDS]).casefold()


def _leaves_by_opening(tree) -> dict:
    """The page's innermost blocks (with no block inside them), by their first words."""
    leaves: dict = {}
    for count, element in enumerate(tree.iter(_LEAF_TAGS)):
        if count > _ELEMENTS_SEARCHED:
            break
        if any(isinstance(child.tag, str) and child.tag in _BLOCK_CHILDREN for child in element):
            continue
        leaves.setdefault(_probe(element.text_content()), element)
    return leaves


def _teaser(element, own_address: str | None, boxes: dict) -> Teaser | None:
    """Where the one long link of the small box around `element` leads; None when no box around it has
    exactly one (a paragraph of an article sits among many links, or none), when the link comes after
    it, or when the box holds more text than the link and the paragraph (the article's body, with a
    link to another story above its paragraphs). `boxes` keeps each box's links and words, counted
    once however many paragraphs it holds."""
    own = _long_links(element, own_address)
    box = element
    for _ in range(_BOX_LEVELS):
        box = box.getparent()
        if box is None or box.tag in ("body", "html"):
            return None
        if box not in boxes:
            boxes[box] = [_long_links(box, own_address), None]
        found = boxes[box][0]
        if found is None:
            return None  # too many links to be one story's box
        targets = {href for href, count in found.items() if count > own.get(href, 0)}
        if len(targets) == 1:
            target = targets.pop()
            link = _link_before(box, element, target)
            if link is None or _numbered(link, box):
                return None  # (an item of the article's numbered list: "3. The harbour museum")
            headline = len(link.text_content().split())
            if boxes[box][1] is None:
                boxes[box][1] = len(box.text_content().split())
            own_words = len(element.text_content().split())
            if boxes[box][1] > headline + own_words + _TEASER_OTHER_WORDS:
                return None
            return Teaser(target, any(_teases_another(beside, target, own_address, boxes)
                                      for beside in (box.getprevious(), box.getnext())),
                          _in_headline_article(box, boxes), headline)
        if targets:
            return None  # a list of stories, not one story's box
    return None


def _teases_another(box, target: str, own_address: str | None, boxes: dict) -> bool:
    """Whether `box` (beside a teaser) is a teaser of another story: a small box of one long link elsewhere."""
    if box is None or not isinstance(box.tag, str):
        return False
    if box not in boxes:
        boxes[box] = [_long_links(box, own_address), None]
    links = boxes[box][0]
    if not links or len(links) != 1 or target in links:
        return False
    if boxes[box][1] is None:
        boxes[box][1] = len(box.text_content().split())
    return boxes[box][1] <= MAX_TEASER_WORDS + _TEASER_OTHER_WORDS + 20  # (its headline: 20 words at most)


def _link_before(box, element, target: str):
    """The box's link to `target` before `element` (a teaser's headline comes before its lines); None when
    there is none."""
    for count, inner in enumerate(box.iter()):
        if inner is element or count > _ELEMENTS_BEFORE:
            return None
        if inner.tag == "a" and (inner.get("href") or "").strip() == target:
            return inner
    return None


# A list's number opening an item's heading: "1. ", "2) ", "#3 ", "No. 4: ".
_NUMBERED = re.compile(r"\s*(?:#\d{1,3}\s|(?:No\.?\s*)?\d{1,3}\s*[.):–-]\s)")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _numbered(link, box) -> bool:
    """Whether the heading the link is (or is in) opens with a list's number: an item of a numbered list,
    which an article makes ("10 things to do ..."), while a page of teasers numbers none."""
    heading = link
    for ancestor in link.iterancestors():
        if ancestor is box:
            break
        if ancestor.tag in _HEADINGS:
            heading = ancestor
            break
    return bool(_NUMBERED.match(heading.text_content()))


# A headline has a few words; a section's name ("Local news") or a site's ("The Gazette") fewer.
_MIN_HEADLINE_WORDS = 4


def _in_headline_article(box, boxes: dict) -> bool:
    """Whether the box is inside an <article> that holds the page's headline (an <h1> of a few words)."""
    for article in box.iterancestors("article"):
        if article not in boxes:
            h1 = next(article.iter("h1"), None)
            boxes[article] = h1 is not None and len(h1.text_content().split()) >= _MIN_HEADLINE_WORDS
        if boxes[article]:
            return True
    return False


def _long_links(element, own_address: str | None) -> dict[str, int] | None:
    """The long links in `element` that lead to another page, counted by address; None past _LINKS_SEARCHED."""
    found: dict[str, int] = {}
    for count, link in enumerate(element.iter("a")):
        if count > _LINKS_SEARCHED:
            return None
        href = (link.get("href") or "").strip()
        if not href or href.lower().startswith("javascript:") or _within_page(href, own_address):
            continue  # (a live blog's update links to itself)
        if len(link.text_content().split()) >= MIN_LINK_WORDS:
            found[href] = found.get(href, 0) + 1
    return found


def _within_page(href: str, own_address: str | None) -> bool:
    """Whether a link leads to a place on this page: a fragment, or the page's own address with another
    query ("?post=42": a live blog's update)."""
    if "#" in href or href.startswith("?"):
        return True
    if not own_address:
        return False
    try:
        mine, theirs = urllib.parse.urlsplit(own_address), urllib.parse.urlsplit(urllib.parse.urljoin(own_address, href))
    except ValueError:
        return False
    return host_of(theirs.geturl()) == host_of(own_address) and theirs.path.rstrip("/") == mine.path.rstrip("/")
