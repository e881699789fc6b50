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
# "0; url=/next", "0;URL='/next'", "3, /next"
_DELAY_AND_ADDRESS = re.compile(r"\s*(\d{1,6})(?:\.\d*)?(?:\s*[;,]\s*|\s+)(?:url\s*=\s*)?([\"']?)([^\"']+)\2\s*$",
                                re.IGNORECASE)


def refresh_location(media: str | None, body: bytes) -> str | None:
    """Where an HTML page sends its reader on to within MOST_REFRESH_SECONDS (its meta refresh), as written; None
    if it does not."""
    if media not in ("text/html", "application/xhtml+xml", None):
        return None
    for tag in _META.finditer(body[:REFRESH_SEARCH_BYTES]):
        if not _REFRESH.search(tag.group()):
            continue
        content = _CONTENT.search(tag.group())
        value = next((part for part in content.groups() if part is not None), b"") if content else b""
        found = _DELAY_AND_ADDRESS.match(html.unescape(value.decode("latin-1")))
        if found and int(found.group(1)) <= MOST_REFRESH_SECONDS and found.group(3).strip():
            return found.group(3).strip()
    return None


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
