"""What a page's answer tells before it is written as a seed: whether it is a web page, the seed's suffix,
its charset, and whether it shows the headline of the entry that linked to it."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from ...errors import FetchError, SeedError, SidecarError
from ...languages import has_spaceless
from ..decode import decode_text, is_text_encoding
from ..sidecar import read_sidecar
from .polite import Response

HTML_TYPES = ("text/html", "application/xhtml+xml")


# A page's headline is looked for in its first this many bytes.
MAX_TITLE_SEARCH = 2_000_000


def shows_title(body: bytes, title: str | None, charset: str | None = None) -> bool:
    """Whether the page holds the headline `title`: most of its words (of three letters or more; a text without
    spaces, its pairs of letters) are in it, read as the page says it is written (its `charset`, its <meta>),
    whatever stands around them ("VIDEO: ...", "... | Opinion")."""
    words = _words(title or "")
    if not words:
        return True  # (nothing to tell it by)
    text = _normal(decode_text(body[:MAX_TITLE_SEARCH], charset if known_charset(charset) else None))
    return sum(word in text for word in words) >= SHOWN_SHARE * len(words)


def is_walled(body: bytes, title: str | None, charset: str | None, seed: Path) -> bool:
    """Whether a page that is the same as `seed` (its bytes, or its address after redirects) is a wall, not the
    same article: it shows neither this entry's headline nor the one `seed` was written under (a cookie wall
    or a block answers every link; the same article, listed again, shows its own)."""
    if shows_title(body, title, charset):
        return False
    try:
        written = read_sidecar(seed) or {}
        data = seed.read_bytes()[:MAX_TITLE_SEARCH]
    except (OSError, SidecarError):
        return False  # (a seed that cannot be read is no wall's either: the entry is that seed, as before)
    return not shows_title(data, written.get("title"), written.get("charset"))


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", html.unescape(text)).replace("\u00ad", "").casefold()


def _words(title: str) -> list[str]:
    words = []
    for word in re.findall(r"\w{3,}", _normal(title)):
        # (Chinese and Japanese by their pairs of letters: one letter different kept a whole line out.)
        words += [word[i:i + 2] for i in range(len(word) - 1)] if has_spaceless(word) else [word]
    return words


# The share of the headline's words a page that shows it holds.
SHOWN_SHARE = 0.6


def page_media_problem(media: str) -> str | None:
    if media in HTML_TYPES or media == "text/plain":
        return None
    return f"not a web page: served as {media}"


def body_problem(response: Response) -> str | None:
    """Why a page's body makes no seed a run could read: none at all, or bytes that are no text (a PDF or a
    picture served as HTML: written, every run after skipped it)."""
    if not response.body.strip():
        return "empty page"
    try:
        decode_text(response.body, response.charset if known_charset(response.charset) else None)
    except SeedError as error:
        return f"not a web page: {error}"
    return None


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
