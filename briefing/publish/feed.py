"""The Atom feed of the briefings: one entry per day, the day's HTML as its content.

The only module that imports feedgen. Entry ids never depend on when or how
often the feed is built, so feed readers do not show a briefing twice after a
rebuild: with `site.url` set they are tag: URIs made from its host, path and
the day; without it, name-based UUIDs made from the output folder's own UUID
(kept in the state store) and the day.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
import uuid
from dataclasses import dataclass
from typing import Sequence

from ..text import clean_text


@dataclass(frozen=True)
class FeedEntry:
    """One day of the feed. `html` is the briefing's sanitised HTML; `summary` is plain text."""

    day: dt.date
    title: str
    href: str  # the day's page, relative to the output folder
    html: str
    summary: str
    published: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class FeedIds:
    """How the feed and its entries are named, for good."""

    site_url: str | None
    namespace: str  # a UUID the state store keeps for the output folder: it stays when the folder moves

    @property
    def feed_id(self) -> str:
        if self.site_url:
            return self.site_url
        return self._namespace().urn

    def entry_id(self, day: dt.date) -> str:
        if self.site_url:
            parts = urllib.parse.urlsplit(self.site_url)
            # RFC 4151: tag:authority,date:specific. The day itself is a date
            # at which the site's owner held its name.
            return f"tag:{parts.hostname},{day.isoformat()}:{parts.path or '/'}{day.isoformat()}"
        return uuid.uuid5(self._namespace(), day.isoformat()).urn

    def _namespace(self) -> uuid.UUID:
        return uuid.UUID(self.namespace)


def _absolute(site_url: str | None, href: str) -> str:
    return urllib.parse.urljoin(site_url, href) if site_url else href


# A link's href in the day's sanitised HTML: markdown writes it first in the tag, and a seed's text cannot
# make `<a ` (its `<` is escaped), though it may hold `href="`.
_HREF = re.compile(r'<a href="([^"]*)"')


def _links_from_the_page(body: str, page: str, site_url: str | None) -> str:
    """The day's HTML with its links as they read on its page: a feed reader resolves `#story-...` against
    the feed (`feed.xml#story-...`), and a link to another day against the feed's address. In-page links
    lead to the day's page; with `site.url`, every relative link is made absolute."""
    def resolved(match: re.Match) -> str:
        target = html.unescape(match.group(1))
        if target.startswith("#"):
            return f'<a href="{html.escape(page + target)}"'
        if site_url and not urllib.parse.urlsplit(target).scheme and not target.startswith("//"):
            return f'<a href="{html.escape(urllib.parse.urljoin(site_url, target))}"'
        return match.group()

    return _HREF.sub(resolved, body)


# An entry's content is the day's HTML up to this many characters, cut after its last whole top-level element
# (a story, the contents) that fits, with a link to the page for the rest. A feed reader shows an entry whole,
# and libxml2, which many feed readers parse with, refuses a text of more than 10 MB: a day of 64,000 seeds
# made one of 17 MB. (A day of a hundred stories fits.)
FEED_ENTRY_CHARS = 256 * 1024
# A start or end tag of the sanitised HTML (whose attribute values hold no "<" or ">": see publish/html.py).
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^<>"]|"[^"]*")*>')
_VOID = frozenset({"br", "hr", "img", "wbr"})
_STORY = re.compile(r'<article [^>]*class="story"')  # (see html._landmark)


def _within_budget(body: str, page: str) -> str:
    """`body` whole if it fits in FEED_ENTRY_CHARS; else its top-level elements that fit, and a link to `page`."""
    if len(body) <= FEED_ENTRY_CHARS:
        return body
    depth, end = 0, 0
    for tag in _TAG.finditer(body, 0, FEED_ENTRY_CHARS):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID and not closing:
            if depth == 0:
                end = tag.end()
            continue
        depth += -1 if closing else 1
        if depth == 0:
            end = tag.end()
        elif depth < 0:  # (not HTML this module made: nothing cut in it is known to be whole)
            end = 0
            break
    left = sum(1 for _ in _STORY.finditer(body, end))
    more = f"{left:,} more {'story' if left == 1 else 'stories'}: " if left else ""
    return f'{body[:end]}\n<p><a href="{html.escape(page)}">{more}the whole briefing is on its page</a></p>\n'


def feed_updated(entries: Sequence[FeedEntry], changed: dt.datetime | None = None) -> dt.datetime:
    """The feed's `updated`: its newest entry's, or when it last `changed` otherwise if that is later."""
    return max([e.updated for e in entries] + ([changed] if changed else []) or [_EPOCH])


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def render_feed(
    entries: Sequence[FeedEntry],
    *,
    title: str,
    ids: FeedIds,
    lang: str = "en",
    index_href: str = "index.html",
    feed_href: str = "feed.xml",
    updated: dt.datetime | None = None,
) -> str:
    """The Atom document, entries newest first. Links are relative unless `site.url` is set.

    The feed's `updated` is its newest entry's, or `updated` (when it last
    changed otherwise: a day left it) if that is later.
    """
    from feedgen.feed import FeedGenerator

    entries = sorted(entries, key=lambda e: e.day, reverse=True)
    title = clean_text(title)
    generator = FeedGenerator()
    generator.id(ids.feed_id)
    generator.title(title)
    generator.author({"name": title})
    generator.language(lang)
    generator.link(href=_absolute(ids.site_url, index_href), rel="alternate", type="text/html")
    if ids.site_url:
        generator.link(href=_absolute(ids.site_url, feed_href), rel="self", type="application/atom+xml")
    generator.generator("briefing", _version())
    # An empty feed still needs a stable `updated`: the epoch, not "now".
    generator.updated(feed_updated(entries, updated))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(ids.entry_id(entry.day))
        # Seed text was cleaned where it entered; this keeps the feed valid XML whatever a template adds.
        item.title(clean_text(entry.title))
        item.link(href=_absolute(ids.site_url, entry.href), rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.updated)
        item.summary(clean_text(entry.summary))
        page = _absolute(ids.site_url, entry.href)
        item.content(clean_text(_links_from_the_page(_within_budget(entry.html, page), page, ids.site_url)),
                     type="html")
    return generator.atom_str(pretty=True, encoding="UTF-8").decode("utf-8")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only when a feed is written

    try:
        return version("briefing")
    except PackageNotFoundError:
        return "0"
