"""What the templates see of a briefing: every seed string escaped for Markdown.

Seed text is untrusted, and it passes through three languages on its way to a
reader: Jinja2, Markdown and HTML. It is never rendered *as* a template (it
only ever fills variables); it is escaped for Markdown here, before it enters
the Markdown (so it cannot make links, raw HTML or emphasis, nor trigger
Python-Markdown's slow paths); and the HTML made from the Markdown is cleaned
with an allow-list sanitiser (html.py) before it is placed in the page.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from typing import Sequence

from ..models import Briefing, PublishedBriefing, Story
from .output import FEED_NAME, INDEX_NAME, briefing_names

WORDS_PER_MINUTE = 230


# Characters with a meaning anywhere in a line of Markdown: emphasis, code,
# links and images (no link can form without brackets), attr_list's braces, and
# hashes (which close headings). Escaped with a backslash, each shows as itself.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]#])")
# Block syntax that only means something at the start of a line: quotes, list
# items, numbered items, rules.
_MD_LINE_START = re.compile(r"^(>|[-+]|\d+(?=[.)]))")
# Python-Markdown has no backslash escape for `<` (raw HTML, autolinks) or for
# `&` (entities); written as entities they show as the character.
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;"}


def md_escape(text: str) -> str:
    """Seed text -> Markdown that shows exactly that text, on one line."""
    text = " ".join(str(text).split())
    text = re.sub(r"[<&]", lambda m: _MD_ENTITIES[m.group()], text)
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None for anything else."""
    if not url:
        return None
    url = "".join(str(url).split())
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode what could end the link target or open markup.
    return urllib.parse.quote(url, safe="/:?#[]@!$&'*+,;=%~.-_")


def display_date(iso: str) -> str:
    """'2026-11-25T07:30:00+01:00' -> '25 Nov 2026, 07:30'; text that is no date is kept."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = f"{moment.day} {moment:%b %Y}"
    return text if len(iso) <= 10 else f"{text}, {moment:%H:%M}"


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def _story_view(story: Story, number: int) -> dict:
    """What the templates see of a story: every seed string already escaped for Markdown."""
    summary = story.summary
    article = summary.article
    sources = []
    for other in story.summaries:
        sources.append({
            "name": md_escape(other.article.source or other.article.title),
            "url": safe_url(other.article.url),
        })
    url = safe_url(article.url)
    # Without a name, a link still says where it leads.
    source_name = article.source or (urllib.parse.urlsplit(url).hostname if url else None)
    source = md_escape(source_name) if source_name else None
    published = md_escape(display_date(article.published)) if article.published else None
    minutes = reading_minutes(article.word_count)
    byline = [f"[{source or 'Source'}]({url})" if url else source, published, f"{minutes} min read"]
    return {
        "anchor": f"story-{number}",
        "number": number,
        "title": md_escape(article.title),
        "source": source,
        "url": url,
        "published": published,
        "reading_minutes": minutes,
        "byline": " · ".join(part for part in byline if part),
        "tags": [md_escape(t) for t in article.tags],
        "summary": [md_escape(s.text) for s in summary.sentences],
        "key_points": [md_escape(p) for p in summary.key_points],
        "related": sources[1:],
    }


def long_date(day: dt.date) -> str:
    """2026-11-25 -> 'Wednesday 25 November 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def briefing_view(briefing: Briefing, title: str = "Daily briefing") -> dict:
    day = briefing.day
    return {
        "title": md_escape(title),
        "day": day.isoformat(),
        "day_long": long_date(day),
        "stories": [_story_view(story, n) for n, story in enumerate(briefing.stories, start=1)],
        "key_points": [md_escape(p) for p in briefing.key_points],
    }




def archive_view(published: Sequence[PublishedBriefing]) -> list[dict]:
    """The archive's months, newest first, each with its days."""
    months: list[dict] = []
    for record in sorted(published, key=lambda r: r.day, reverse=True):
        month = f"{record.day:%B %Y}"
        if not months or months[-1]["name"] != month:
            months.append({"name": month, "id": f"{record.day:%Y-%m}", "days": []})
        markdown_name, html_name = briefing_names(record.day)
        months[-1]["days"].append({
            "day": record.day.isoformat(),
            "day_long": long_date(record.day),
            "href": html_name,
            "markdown_href": markdown_name,
            "stories": record.stories,
        })
    return months


@dataclass(frozen=True)
class DayLinks:
    """The neighbours of a briefing page: relative links to the previous and next days and the archive."""

    previous: dt.date | None = None
    next: dt.date | None = None

    @property
    def previous_href(self) -> str | None:
        return briefing_names(self.previous)[1] if self.previous else None

    @property
    def next_href(self) -> str | None:
        return briefing_names(self.next)[1] if self.next else None

    @property
    def previous_label(self) -> str | None:
        return long_date(self.previous) if self.previous else None

    @property
    def next_label(self) -> str | None:
        return long_date(self.next) if self.next else None

    index_href = INDEX_NAME
    feed_href = FEED_NAME


def day_links(days: Sequence[dt.date], day: dt.date) -> DayLinks:
    """The days just before and after `day` among `days`."""
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    return DayLinks(previous=max(earlier) if earlier else None, next=min(later) if later else None)
