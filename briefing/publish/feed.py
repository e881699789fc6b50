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

from ..models import Briefing
from ..text import clean_text
from .page_words import and_more, entry_cut, entry_whole, story_count


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
    stories: int = 0  # how many the day has
    lang: str | None = None  # the code of the language its page was written in (None: the feed's)


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


# An entry's content is the day's HTML up to this many characters: a longer day's is cut after the last whole
# block (a story, an item of "Also today") that fits, its contents left out, and says how many of the day's
# stories it shows, the page having them all. A feed reader shows an entry whole, and libxml2, which many feed
# readers parse with, refuses a text of more than 10 MB: a day of 64,000 seeds made one of 17 MB. (A day of
# some sixty stories in full, or four hundred lines of "Also today", fits; thirty days cut so, some 4 MB.)
FEED_ENTRY_CHARS = 128 * 1024
# A feed entry's summary names the day's headlines up to this many characters, then how many more there are.
FEED_SUMMARY_CHARS = 2_000
# A start or end tag of the sanitised HTML (whose attribute values hold no "<" or ">": see publish/html.py).
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^<>"]|"[^"]*")*>')
_VOID = frozenset({"br", "hr", "img", "wbr"})
# The elements after whose end an entry may be cut: blocks, not a link or a word in bold inside a sentence.
_BLOCKS = frozenset({"article", "blockquote", "h1", "h2", "h3", "h4", "header", "hr", "li", "nav", "ol", "p",
                     "section", "ul"})
# A story on the page: one given in full, or a line of "Also today" (see html._landmark and the templates).
_STORY = re.compile(r'<article [^>]*class="story"|<li id="story-')
_CONTENTS = re.compile(r'<nav [^>]*class="contents".*?</nav>\n?', re.DOTALL)
_ROOM_AFTER_CUT = 1_000  # for the tags closed after the cut and the line saying it


def _within_budget(body: str, page: str, stories: int, lang: str | None) -> str:
    """`body` whole if it fits in FEED_ENTRY_CHARS; else cut (see FEED_ENTRY_CHARS), with a link to `page`."""
    if len(body) <= FEED_ENTRY_CHARS:
        return body
    body = _CONTENTS.sub("", body, count=1)  # (links to stories the entry mostly leaves out)
    if len(body) <= FEED_ENTRY_CHARS - _ROOM_AFTER_CUT:
        return body
    end, still_open = _last_whole_block(body, FEED_ENTRY_CHARS - _ROOM_AFTER_CUT)
    kept = body[:end] + "".join(f"</{name}>" for name in reversed(still_open))
    shown = len(_STORY.findall(kept))
    # Which stories it shows is known when the page's stories are told as the built-in templates tell them.
    said = entry_cut(shown, stories, lang) if len(_STORY.findall(body)) == stories else entry_whole(lang)
    return f'{kept}\n<p><a href="{html.escape(page)}">{html.escape(said)}</a></p>\n'


def _last_whole_block(body: str, budget: int) -> tuple[int, list[str]]:
    """Where the last block that ends within `budget` characters of `body` ends, and the elements still open
    there (outermost first); (0, []) if none does, or if the tags do not nest (not HTML publish/html.py made)."""
    open_tags: list[str] = []
    end, still_open = 0, []
    for tag in _TAG.finditer(body, 0, budget):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID:
            if not closing and name in _BLOCKS:
                end, still_open = tag.end(), list(open_tags)
            continue
        if not closing:
            open_tags.append(name)
            continue
        if not open_tags or open_tags[-1] != name:
            return 0, []
        open_tags.pop()
        if name in _BLOCKS:
            end, still_open = tag.end(), list(open_tags)
    return end, still_open


def feed_summary(briefing: Briefing, lang: str | None = None) -> str:
    """'5 stories: headline; headline; ...', its headlines up to FEED_SUMMARY_CHARS, then 'and 12 more'."""
    count, titles, length = len(briefing.stories), [], 0
    for story in briefing.stories:
        title = story.lead.article.title
        length += len(title) + 2
        if titles and length > FEED_SUMMARY_CHARS:
            titles.append(and_more(count - len(titles), lang))
            break
        titles.append(title)
    return f"{story_count(count, lang)}: {'; '.join(titles)}"


def _summary_within_budget(summary: str) -> str:
    """A summary stored before summaries were kept short (whole, for a day of 64,000 seeds), cut after a headline."""
    if len(summary) <= FEED_SUMMARY_CHARS * 2:
        return summary
    cut = summary.rfind("; ", 0, FEED_SUMMARY_CHARS)
    return summary[:cut if cut > 0 else FEED_SUMMARY_CHARS] + "; …"


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
        item.summary(clean_text(_summary_within_budget(entry.summary)))
        page = _absolute(ids.site_url, entry.href)
        content = _within_budget(entry.html, page, entry.stories, entry.lang or lang)
        item.content(clean_text(_links_from_the_page(content, page, ids.site_url)), type="html")
    return generator.atom_str(pretty=True, encoding="UTF-8").decode("utf-8")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only when a feed is written

    try:
        return version("briefing")
    except PackageNotFoundError:
        return "0"
