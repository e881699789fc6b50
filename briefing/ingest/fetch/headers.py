"""What an answer says of itself beside its body: its media type and charset, its validators, how long to
wait before asking again (Retry-After), and where it sends on to (a page that only does: a meta refresh)."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
from typing import Mapping

# A page that sends the reader on at once, or nearly: an aggregator's or a CMS's interstitial ("If you are not
# redirected automatically, follow this link"). A page that reloads itself every few minutes is no such page.
MOST_REFRESH_SECONDS = 10
# Where a <meta http-equiv="refresh"> stands: in the head, in the first bytes of the page.
REFRESH_SEARCH_BYTES = 16_384
_META = re.compile(rb"<meta\b[^<>]{0,600}>", re.IGNORECASE)
_REFRESH = re.compile(rb"""\bhttp-equiv\s*=\s*["']?refresh\b""", re.IGNORECASE)
_CONTENT = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""", re.IGNORECASE)
# "0; url=/next", "0;URL='/next'", "3, /next", "0 url=/next": the delay, and what parts it from the address.
_DELAY = re.compile(r"\s*(\d{1,6})(?:\.\d*)?(?:\s*[;,]\s*|\s+)")
_URL_IS = re.compile(r"url\s*=\s*", re.IGNORECASE)
# A page of at most this many words outside its tags is an interstitial ("If you are not redirected ...").
INTERSTITIAL_WORDS = 60
_TAG = re.compile(rb"<[^<>]*>")


def refresh_location(media: str | None, body: bytes) -> str | None:
    """Where an HTML page sends its reader on to within MOST_REFRESH_SECONDS (its meta refresh), as written; None
    if it does not. One in a comment or a script is none; one in <noscript> (for readers without scripts, as
    briefing reads) only on a page of next to no text (a link shortener's): an article's sends them to a page
    asking for scripts, where the article was already."""
    if media not in ("text/html", "application/xhtml+xml", None):
        return None
    head = _without(_without(body[:REFRESH_SEARCH_BYTES], b"<script", b"</script"), b"<!--", b"-->")
    if len(_TAG.sub(b"", _without(head, b"<style", b"</style")).split()) > INTERSTITIAL_WORDS:
        head = _without(head, b"<noscript", b"</noscript")
    for tag in _META.finditer(head):
        if not _REFRESH.search(tag.group()):
            continue
        content = _CONTENT.search(tag.group())
        value = next((part for part in content.groups() if part is not None), b"") if content else b""
        text = html.unescape(value.decode("latin-1"))
        found = _DELAY.match(text)
        if found is None or int(found.group(1)) > MOST_REFRESH_SECONDS:
            continue
        address = text[found.end():]
        if (named := _URL_IS.match(address)) is not None:
            address = address[named.end():]
        address = address.strip().strip("\"'").strip()
        if address:
            return address
    return None


def _without(text: bytes, opening: bytes, closing: bytes) -> bytes:
    """`text` without what stands from each `opening` to its `closing` (to its end, if none closes it)."""
    lower, parts, at = text.lower(), [], 0
    while (start := lower.find(opening, at)) >= 0:
        parts.append(text[at:start])
        end = lower.find(closing, start + len(opening))
        if end < 0:
            return b"".join(parts)
        at = end + len(closing)
    parts.append(text[at:])
    return b"".join(parts)


def retry_after(headers: Mapping[str, str]) -> float | None:
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value) if len(value) <= 9 else 1e9
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").lower()[:40] or None
    return media.strip().lower()[:100] or None, charset


def validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth storing: printable ASCII, not absurdly long."""
    if not value or len(value) > 512 or not value.isascii() or not value.isprintable():
        return None
    return value.strip() or None
