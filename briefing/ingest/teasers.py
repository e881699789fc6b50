"""Text read from a page that is teasers for other articles: an index or home page, or a list closing an article.

A front page, a section page or a tag page shows a few lines of each of many
stories, each beside a link to the story (its headline, linked). The
extractor reads those lines as one long article of short paragraphs; a
summary of it would mix a dozen stories. Each paragraph kept is looked up in
the page: when it sits in a small box whose one long link leads elsewhere (a
teaser, its headline before it), and most of the text is such teasers of
several stories, the page is no article; a run of them closing the article
(a "related" or "more news" list inside it) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

# A page is an index when its paragraphs are teasers of at least this many stories...
MIN_TEASED_STORIES = 4
# ... and the teasers hold at least this share of its words.
MIN_TEASER_SHARE = 0.6
# A run of teasers of this many stories closing an article is a list of other stories (fewer may be the
# article's own last paragraph beside a link); a teaser's lines are no longer than this.
MIN_TRAILING_TEASERS = 2
MAX_TEASER_WORDS = 45
# A teaser's headline link has words; "Read more", "»" or a picture's link has few or none.
MIN_LINK_WORDS = 3
# How far up from a paragraph its teaser box may be, and how many links a box is searched for.
_BOX_LEVELS = 3
_LINKS_SEARCHED = 50
_ELEMENTS_BEFORE = 500
# Bounds on what is read of a hostile page.
_ELEMENTS_SEARCHED = 200_000
_PROBE_WORDS = 8
_LEAF_TAGS = ("p", "div", "li", "span", "dd", "section", "article")
_BLOCK_CHILDREN = frozenset({"p", "div", "li", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                             "table", "blockquote", "figure", "header", "footer", "aside"})


def teaser_links(tree, paragraphs: Sequence[str], own_address: str | None = None) -> list[str | None]:
    """For each paragraph, where the teaser it sits in leads (None: it is no teaser): the one long link of
    the small box around it, before it (a headline, then the story's first lines).

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
        found.append(_teaser_link(element, own_address, boxes) if element is not None else None)
    return found


def teased_stories(paragraphs: Sequence[str], links: Sequence[str | None]) -> int:
    """How many other stories the paragraphs tease, when they are mostly teasers (an index page); else 0.
    `links`: each paragraph's teaser link (teaser_links)."""
    targets = {link for link in links if link is not None}
    teaser_words = sum(len(p.split()) for p, link in zip(paragraphs, links) if link is not None)
    if len(targets) >= MIN_TEASED_STORIES and teaser_words >= MIN_TEASER_SHARE * sum(len(p.split()) for p in paragraphs):
        return len(targets)
    return 0


def without_trailing_teasers(paragraphs: Sequence[str], links: Sequence[str | None]) -> list[str]:
    """The paragraphs without the teasers of other stories after the article (a "related" or "more news"
    list inside it): a closing run of short teasers of MIN_TRAILING_TEASERS stories or more."""
    end = len(paragraphs)
    while end > 0 and links[end - 1] is not None and len(paragraphs[end - 1].split()) <= MAX_TEASER_WORDS:
        end -= 1
    if len({link for link in links[end:]}) >= MIN_TRAILING_TEASERS and end > 0:
        return list(paragraphs[:end])
    return list(paragraphs)


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


def _teaser_link(element, own_address: str | None, boxes: dict) -> str | None:
    """Where the one long link of the small box around `element` leads; None when no box around it has
    exactly one (a paragraph of an article sits among many links, or none). `boxes` keeps each box's
    links, counted once however many paragraphs it holds."""
    own = _long_links(element, own_address)
    box = element
    for _ in range(_BOX_LEVELS):
        box = box.getparent()
        if box is None or box.tag in ("body", "html"):
            return None
        if box not in boxes:
            boxes[box] = _long_links(box, own_address)
        found = boxes[box]
        if found is None:
            return None  # too many links to be one story's box
        targets = {href for href, count in found.items() if count > own.get(href, 0)}
        if len(targets) == 1:
            target = targets.pop()
            return target if _linked_before(box, element, target) else None
        if targets:
            return None  # a list of stories, not one story's box
    return None


def _linked_before(box, element, target: str) -> bool:
    """Whether the box links to `target` before `element` (a teaser's headline comes before its lines)."""
    for count, inner in enumerate(box.iter()):
        if inner is element or count > _ELEMENTS_BEFORE:
            return False
        if inner.tag == "a" and (inner.get("href") or "").strip() == target:
            return True
    return False


def _long_links(element, own_address: str | None) -> dict[str, int] | None:
    """The long links in `element` that lead to another page, counted by address; None past _LINKS_SEARCHED."""
    found: dict[str, int] = {}
    for count, link in enumerate(element.iter("a")):
        if count > _LINKS_SEARCHED:
            return None
        href = (link.get("href") or "").strip()
        if not href or "#" in href or href == own_address or href.lower().startswith("javascript:"):
            continue  # (a link within the page: a live blog's update links to itself)
        if len(link.text_content().split()) >= MIN_LINK_WORDS:
            found[href] = found.get(href, 0) + 1
    return found
