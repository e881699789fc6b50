"""What a page's answer tells before it is written as a seed: whether it is a web page, the seed's suffix,
its charset, and whether it shows the headline of the entry that linked to it."""

from __future__ import annotations

import html
import re

from ...errors import FetchError
from ..decode import is_text_encoding
from .polite import Response

HTML_TYPES = ("text/html", "application/xhtml+xml")


# A page's headline is looked for in its first this many bytes.
MAX_TITLE_SEARCH = 2_000_000


def shows_title(body: bytes, title: str | None, charset: str | None = None) -> bool:
    """Whether the page holds the headline `title`: most of its words (of three letters or more) are in it,
    read in its `charset` (else as UTF-8), whatever stands around them ("VIDEO: ...", "... | Opinion")."""
    words = re.findall(r"\w{3,}", html.unescape(title or "").casefold())
    if not words:
        return True  # (nothing to tell it by)
    text = html.unescape(body[:MAX_TITLE_SEARCH].decode(charset if known_charset(charset) else "utf-8", "replace"))
    text = text.casefold()
    return sum(word in text for word in words) >= SHOWN_SHARE * len(words)


# The share of the headline's words a page that shows it holds.
SHOWN_SHARE = 0.6


def page_media_problem(media: str) -> str | None:
    if media in HTML_TYPES or media == "text/plain":
        return None
    return f"not a web page: served as {media}"


def seed_suffix(response: Response) -> str:
    media = response.content_type
    if media in HTML_TYPES:
        return ".html"
    if media == "text/plain":
        return ".txt"
    if media is None:
        head = response.body[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
            return ".html"
    raise FetchError(f"not a web page: served as {media or 'an unknown type'}")


def known_charset(name: str | None) -> bool:
    return bool(name) and len(name) <= 40 and is_text_encoding(name)
