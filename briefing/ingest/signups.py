"""Sign-up boxes a page sets among its article's paragraphs: found by their shape, not their class names.

The extractor leaves out a box whose class names say "newsletter" or
"subscribe"; a site that styles its pages with CSS-in-JS names them by hashes
("sc-1x2y3z"), and the box's pitch ("Get our morning briefing in your inbox
...") was read as a paragraph of the article. A sign-up box is a small box
around a field for an email address; the form itself is left out before the
extractor reads the page (pages.py), and the words around it here.
"""

from __future__ import annotations

# A sign-up box says what it offers in a few lines; a box of more words holds more than the offer.
MAX_BOX_WORDS = 80
# A line of a box longer than this is prose (a short post with a share-by-email field), not an offer.
MAX_OFFER_WORDS = 40
# Bounds on what is read of a hostile page: fields looked at, elements around one (a real box wraps its
# field in a few), elements of a box whose lines are read.
_FIELDS_SEARCHED = 200
_MAX_BOX_DEPTH = 12
_MAX_BOX_ELEMENTS = 200
_MAX_LINES = 200
# Elements a sign-up box never spans: the page, its main part, the article.
_NEVER_A_BOX = frozenset({"html", "body", "main", "article"})
_NAMING_ATTRIBUTES = ("name", "id", "placeholder", "autocomplete", "aria-label")
_SHOWN_TEXT = ".//text()[not(ancestor::script)][not(ancestor::style)][not(ancestor::template)]"


def signup_offers(tree) -> frozenset[str]:
    """The lines (space-normalised element texts) of the page's sign-up boxes, each the largest element of
    at most MAX_BOX_WORDS words, with no headline, around a field for an email address. A line the page
    shows elsewhere too (a share-by-email box quotes the article's opening) is the article's."""
    if tree is None:
        return frozenset()
    boxes: dict = {}  # box -> its text (a box of several fields is one)
    for count, field in enumerate(tree.iter("input")):
        if count >= _FIELDS_SEARCHED:
            break
        if _asks_for_email(field) and (box := _box_around(field)) is not None:
            boxes[box] = " ".join(_shown_text(box).split())
    lines: dict[str, str] = {}  # a line -> the text of its box
    for box, whole in boxes.items():
        for count, element in enumerate(box.iter()):
            if count >= _MAX_BOX_ELEMENTS or len(lines) >= _MAX_LINES:
                break
            if isinstance(element.tag, str) and element.tag not in ("script", "style", "template"):
                text = " ".join(_shown_text(element).split())
                if text and len(text.split()) <= MAX_OFFER_WORDS:
                    lines.setdefault(text, whole)
    page = " ".join(_shown_text(tree).split()) if lines else ""
    return frozenset(line for line, whole in lines.items() if page.count(line) <= whole.count(line))


def _box_around(field):
    """The largest element around `field` of at most MAX_BOX_WORDS words and no headline, short of the
    article; None when its parent is already more."""
    box, parent = None, field.getparent()
    for _ in range(_MAX_BOX_DEPTH):
        if (parent is None or not isinstance(parent.tag, str) or parent.tag in _NEVER_A_BOX
                or parent.xpath(".//h1") or len(_shown_text(parent).split()) > MAX_BOX_WORDS):
            break
        box, parent = parent, parent.getparent()
    return box


def _asks_for_email(field) -> bool:
    if (field.get("type") or "").strip().lower() == "email":
        return True
    return (field.get("type") or "text").strip().lower() == "text" and any(
        "mail" in (field.get(name) or "").lower() for name in _NAMING_ATTRIBUTES)


def _shown_text(element) -> str:
    """An element's text as a reader sees it (inline pieces run together, as the extractor's are): not its
    scripts' or styles' text."""
    return "".join(element.xpath(_SHOWN_TEXT))
