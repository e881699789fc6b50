"""The article's paragraphs the extractor left out for the name of the element around them, put back.

trafilatura drops every element whose class or id holds one of its words for
page furniture, as a part of the name: "premium" (`<div id="premium-content">`,
where many sites put the rest of the article), "expand", "meta", "slide",
"embed", "-icon" (every paragraph block of Spiegel's is "RichText--iconLinks").
The article came back without them, and nothing said so: a lead, or all but
the first two paragraphs, missing. Its paragraphs of prose inside such an
element, inside the element that holds the paragraphs it kept, are put back in
the page's order when they are a good part of the article (a biography box of
one paragraph is not). The filters after it (furniture, teasers, captions)
read them as they read the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from .blocks import Block

# A paragraph of prose has this many words at least; a teaser or a caption has fewer.
PROSE_WORDS = 15
# Put back only when the prose left out is this share of the words kept, at least.
MISSING_SHARE = 0.5
# A page with more paragraphs of prose left out is no article (and each is looked up through its elements).
MAX_LEFT_OUT = 1000
# Never the article: readers' comments, and what the page hides.
_COMMENTS = re.compile(r"comment|reply|replies|discussion|disqus", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Nor what an element's name says is none of it, of the extractor's names: a biography, related stories, a
# picture's caption, sharing, a newsletter, readers' letters. Whole words of the name ("author-info",
# "authorBox"), not parts of one ("section-biology", "subscriber-content").
_FURNITURE_WORDS = frozenset({
    "author", "authors", "byline", "bio", "bios", "biography", "related", "recommended", "recommendations", "share",
    "sharing", "social", "caption", "captions", "credit", "credits", "newsletter", "promo", "teaser", "teasers",
    "letters", "sponsor", "sponsored", "advert", "advertisement", "widget", "sidebar", "footer", "cookie", "cookies",
    "consent", "signup", "readmore"})
_NAME_WORDS = re.compile(r"[a-z]+|[A-Z][a-z]*")


def _named_as_furniture(element) -> bool:
    # (A taxonomy's class names the article's subject, not the box: "category-social-affairs", "topic-credit".)
    names = [name for name in f"{element.get('class') or ''} {element.get('id') or ''}".split()
             if not name.lower().startswith(_TAXONOMY)]
    return any(word.lower() in _FURNITURE_WORDS for name in names for word in _NAME_WORDS.findall(name))


_TAXONOMY = ("category-", "tag-", "topic-", "section-", "cat-", "tax-", "term-")


# A box of this many paragraphs or fewer with a picture is its caption.
_CAPTION_PARAGRAPHS = 2
# Nor what sits beside it: a list's items (a gallery's slides and their captions, a list of teasers), a figure,
# an aside, the page's navigation, header and footer, a form.
_BESIDE_ARTICLE = frozenset({"li", "figure", "figcaption", "aside", "nav", "header", "footer", "form", "dialog"})


def with_dropped_prose(blocks: Sequence[Block], tree, dropped_by_name: Callable[[Any], set]) -> list[Block]:
    """`blocks` (the extractor's) with the paragraphs of prose it dropped for an element's name put back (see
    the module's docstring; `dropped_by_name(tree)`: those elements); `blocks` as they are when it dropped none."""
    blocks = list(blocks)
    if not blocks:
        return blocks
    kept_texts = {_words(block.text): number for number, block in enumerate(blocks)}
    kept, candidates = {}, []
    for paragraph in tree.iter("p"):
        text = _words(paragraph.text_content())
        if text in kept_texts:
            kept.setdefault(kept_texts[text], paragraph)
        elif len(text.split()) >= PROSE_WORDS:
            candidates.append((paragraph, text))
    kept_words = sum(len(block.text.split()) for block in blocks)
    if not kept or len(candidates) > MAX_LEFT_OUT or \
            sum(len(text.split()) for _, text in candidates) < MISSING_SHARE * kept_words:
        return blocks  # (the usual page: its elements are not searched for the extractor's names, 5 ms a page)
    discarded = dropped_by_name(tree)
    # Around the blocks that hold the paragraphs kept: an article's paragraphs may each be in a block of its own.
    container = _common_ancestor([_around(paragraph) for paragraph in kept.values()])
    missing = [(paragraph, text) for paragraph, text in candidates if _dropped_inside(paragraph, container, discarded)]
    if sum(len(text.split()) for _, text in missing) < MISSING_SHARE * kept_words:
        return blocks
    order = {element: place for place, element in enumerate(tree.iter())}
    placed, last = [], -1
    for number, block in enumerate(blocks):  # a block the page's paragraphs do not show (a heading) follows the one before
        if number in kept:
            last = max(last, order[kept[number]])
        placed.append(((last, number), block))
    placed += [((order[paragraph], -1), Block(text, "p")) for paragraph, text in missing]
    return [block for _, block in sorted(placed, key=lambda item: item[0])]


def _dropped_inside(paragraph, container, discarded: set) -> bool:
    """Whether `paragraph` is inside `container`, in an element dropped for its name that is itself inside
    it, and in nothing that is never the article (hidden, readers' comments, a link's text)."""
    inside = dropped = False
    for ancestor in paragraph.iterancestors():
        if ancestor is container:
            inside = True
            break
        dropped = dropped or ancestor in discarded
        if _never_article(ancestor) or _named_as_furniture(ancestor):
            return False
    if not (inside and dropped) or _never_article(paragraph) or paragraph.xpath("ancestor::a"):
        return False
    parent = paragraph.getparent()
    if parent is not None and sum(1 for _ in parent.iter("p")) <= _CAPTION_PARAGRAPHS and \
            next(parent.iter("img", "picture", "video"), None) is not None:
        return False  # a picture's box: its caption (a caption's own box beside it is named so: see above)
    links = sum(len(_words(anchor.text_content())) for anchor in paragraph.iter("a"))
    return links * 2 < len(_words(paragraph.text_content()))


def _never_article(element) -> bool:
    if element.tag in _BESIDE_ARTICLE:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    return bool(_COMMENTS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


def _around(paragraph):
    """The element two levels above `paragraph` (or as far as there is one)."""
    around = paragraph
    for _ in range(2):
        around = around.getparent() if around.getparent() is not None else around
    return around


def _common_ancestor(elements: list):
    """The innermost element holding all of `elements`."""
    chains = [[element, *element.iterancestors()][::-1] for element in elements]
    common = None
    for level in zip(*chains):
        if any(element is not level[0] for element in level):
            break
        common = level[0]
    return common


def _words(text: str) -> str:
    return " ".join(text.split())
