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
from zoneinfo import ZoneInfo

from ..languages import language_code
from ..models import Briefing, PublishedBriefing, Sourced, Story, Summary
from ..text import host_of, without_credentials
from .output import FEED_NAME, INDEX_NAME, briefing_names

WORDS_PER_MINUTE = 230


# Characters with a meaning anywhere in a line of Markdown: emphasis, code,
# links and images (no link can form without brackets), attr_list's braces,
# hashes (which close headings), and tildes: GitHub's Markdown strikes through
# `~~text~~`, and a paragraph opening with `~~~` is a code fence there that hides
# the rest of the briefing (html.py lets Python-Markdown read `\~` as well).
# Escaped with a backslash, each shows as itself.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]#~])")
# Block syntax that only means something at the start of a line: quotes, list
# items, numbered items, rules.
_MD_LINE_START = re.compile(r"^(>|[-+]|\d+(?=[.)]))")
# Python-Markdown has no backslash escape for `<` (raw HTML, autolinks) or for
# `&` (entities); written as entities they show as the character. An `&` that
# starts no entity ("AT&T", "S&P 500") shows as itself: left as written, the
# Markdown reads as the text does.
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;"}


_MD_ENTITY_CHARS = re.compile(r"<|&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")
# Any character either pattern above escapes: most sentences hold none.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]#~<&]")


def md_escape(text: str) -> str:
    """Seed text -> Markdown that shows exactly that text, on one line."""
    text = " ".join(str(text).split())
    if _MD_SPECIAL.search(text):
        text = _MD_ENTITY_CHARS.sub(lambda m: _MD_ENTITIES[m.group()], text)
        text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


# What the plain-text email leaves out of the briefing's Markdown, or shows as plain text.
_ATTRIBUTE_LINE = re.compile(r"^[ ]*\{:[^{}\n]*\}[ ]*\n", re.MULTILINE)  # `{: lang=fr }` under an item
_HEADING_ATTRIBUTES = re.compile(r"^(#+ .*?)[ ]*\{#[^{}\n]*\}[ ]*$", re.MULTILINE)  # `{#story-1 lang=fr}`
_PAGE_LINK_LINE = re.compile(r"^\[[^\[\]\n]*\]\(#[^()\s]*\)[ ]*\n?", re.MULTILINE)  # "[Back to top](#top)"
# A link, its text made of escaped characters or none of `[]`: a source mark `[\[2\]](url)` or `[Reuters](url)`.
_LINK = re.compile(r"\[((?:\\.|[^\[\]\\\n])*)\]\(([^()\s]*)\)")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]#>+\-.!()~])")


def md_as_plain_text(markdown_text: str) -> str:
    """The briefing's Markdown as a plain-text reader should see it (an email's text part): no attribute
    lists, no links within the page, a link elsewhere as its text and <address>, no escapes."""
    text = _ATTRIBUTE_LINE.sub("", markdown_text)
    text = _HEADING_ATTRIBUTES.sub(r"\1", text)
    text = _PAGE_LINK_LINE.sub("", text)

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if target.startswith("#") or re.fullmatch(r"\\\[\d+\\\]", label):
            return label  # a heading in the contents, or a source's mark: the sources are listed with theirs
        if not target.startswith(("http://", "https://")):
            return label  # another day's page, relative to out/: it leads nowhere from a mailbox
        return f"{label} <{target}>"

    text = _LINK.sub(link, text)
    text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&amp;", "&")


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
    url = without_credentials(url)  # a report recorded before they were dropped on the way in
    # Percent-encode what could end the link target or open markup.
    # (An apostrophe too: Python-Markdown reads a target ending in 'x' as a title, the address cut before it.)
    return urllib.parse.quote(url, safe="/:?#[]@!$&*+,;=%~.-_")


def display_date(iso: str, zone: dt.tzinfo | None = None) -> str:
    """'2026-11-25T07:30:00+01:00' -> '25 Nov 2026, 06:30' in `zone` (Europe/London; None: the system's);
    a time without an offset, or a date alone, as written; text that is no date is kept."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None and len(iso) > 10:
        try:
            moment = moment.astimezone(zone)
        except (OverflowError, ValueError, OSError):
            pass  # a moment at the very edge of the calendar: shown as written
    text = f"{moment.day} {moment:%b %Y}"
    return text if len(iso) <= 10 else f"{text}, {moment:%H:%M}"


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def _story_view(story: Story, number: int, zone: dt.tzinfo | None = None) -> dict:
    """What the templates see of a story: every seed string already escaped for Markdown."""
    lead = story.lead.article
    # Reports are numbered for the marks that tell which report a sentence comes from.
    numbers = {report.article.seed: n for n, report in enumerate(story.reports, start=1)}
    sources = []
    for n, report in enumerate(story.reports, start=1):
        article = report.article
        url = safe_url(article.url)
        named = article.source or host_of(url and article.url)  # (`url` has a Unicode host %-escaped)
        # A report of no known source is listed by its headline; `named` tells a template which are.
        sources.append({"number": n, "name": md_escape(named or article.title), "url": url, "named": bool(named)})
    url = safe_url(lead.url)
    source = sources[0]["name"] if (lead.source or url) else None
    published = md_escape(display_date(lead.published, zone)) if lead.published else None
    minutes = reading_minutes(lead.word_count)
    byline = [f"[{source}]({url})" if url else source, published, f"{minutes} min read"]
    marked = len(story.reports) > 1  # one report: every sentence is its own, no marks needed

    def sentence(item: Sourced) -> str:
        text = md_escape(item.text)
        if not marked:
            return text
        mark = numbers.get(item.seed, 1)
        target = sources[mark - 1]["url"]
        return f"{text} [\\[{mark}\\]]({target})" if target else f"{text} \\[{mark}\\]"

    follows = None
    if story.follows is not None:
        earlier = story.follows
        follows = {"day": earlier.day.isoformat(), "day_long": long_date(earlier.day), "weekday": f"{earlier.day:%A}",
                   "title": md_escape(earlier.title),
                   "href": f"{briefing_names(earlier.day)[1]}#{earlier.anchor}"}
    return {
        "anchor": story.anchor or f"story-{number}",
        "number": number,
        "title": md_escape(lead.title),
        "lang": _lang_of(story.lead),
        "source": source,
        "url": url,
        "published": published,
        "reading_minutes": minutes,
        "byline": " · ".join(part for part in byline if part),
        "tags": [md_escape(t) for t in lead.tags],
        "section": md_escape(story.section) if story.section else None,
        "importance": story.importance,
        "summary": [sentence(s) for s in story.summary],
        "first_sentence": md_escape(story.summary[0].text) if story.summary else "",
        "key_points": [sentence(p) for p in story.key_points],
        "sources": sources,
        "related": sources[1:],
        "marked": marked,
        "follows": follows,
    }


def long_date(day: dt.date) -> str:
    """2026-11-25 -> 'Wednesday 25 November 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


class InLanguage(str):
    """A text for the templates, with the language it is written in where it is not the page's (`lang`, a
    code such as "fr"; None otherwise): printed as the text, as any string."""

    lang: str | None

    def __new__(cls, text: str, lang: str | None = None) -> "InLanguage":
        made = super().__new__(cls, text)
        made.lang = lang
        return made


def briefing_view(
    briefing: Briefing, title: str = "Daily briefing", language: str | None = None, timezone: str | None = None
) -> dict:
    """The day for the templates: its top stories in full, the rest one line each by section; the times
    a report was published at shown in `timezone` (an IANA name; None: the system's), the briefing's own.

    A story's `other_lang` is its language's code where it differs from the
    page's (`language`): text shown outside its own article (the contents,
    the key points of the day, "Also today") is marked with it, so that a
    screen reader reads it in its language. Without `language`, none is.
    """
    day = briefing.day
    page = language_code(language) if language else None
    zone = ZoneInfo(timezone) if timezone else None
    views = [_story_view(story, n, zone) for n, story in enumerate(briefing.stories, start=1)]
    report_langs = {report.article.seed: _lang_of(report) for story in briefing.stories for report in story.reports}
    for view, story in zip(views, briefing.stories):
        view["other_lang"] = _other(view["lang"], page)
        _mark_languages(view, story, report_langs, page)
    top = len(views) if briefing.top < 0 else briefing.top
    sections: list[dict] = []
    anchors: set[str] = set()
    for view in views[top:]:
        name = view["section"]
        if not sections or sections[-1]["name"] != name:
            anchor = base = _section_anchor(name, len(sections))
            number = len(sections)
            while anchor in anchors:  # "Sec!" and "Sec?" make one slug: the page's ids must differ
                anchor, number = f"{base}-{number}", number + 1
            anchors.add(anchor)
            sections.append({"name": name, "anchor": anchor, "stories": []})
        sections[-1]["stories"].append(view)
    return {
        "title": md_escape(title),
        "day": day.isoformat(),
        "day_long": long_date(day),
        "count": len(views),
        "stories": views[:top],  # in full
        "also": sections,  # the rest of the day, one line each, by section
        "key_points": [InLanguage(md_escape(p.text), _other(report_langs.get(p.seed), page))
                       for p in briefing.key_points],
    }


def _mark_languages(view: dict, story: Story, report_langs: dict[str, str | None], page: str | None) -> None:
    """A story's summary as paragraphs of one language each (`summary_parts`), and its key points, each
    marked with its report's language where that is not the page's: a German report's sentences in an
    English story are read as German."""
    def mark(item: Sourced) -> str | None:
        return _other(report_langs.get(item.seed) or view["lang"], page)

    parts: list[tuple[list[str], str | None]] = []
    for text, item in zip(view["summary"], story.summary):
        if parts and parts[-1][1] == mark(item):
            parts[-1][0].append(text)
        else:
            parts.append(([text], mark(item)))
    view["summary_parts"] = [InLanguage(" ".join(texts), lang) for texts, lang in parts]
    view["key_points"] = [InLanguage(point, mark(item)) for point, item in zip(view["key_points"], story.key_points)]


# BCP 47's tag for a language not determined: a text in a language briefing does not support is marked as
# none, rather than as the default language whose tools summarised it (a screen reader would read Dutch as
# English).
UNDETERMINED = "und"


def _lang_of(report: Summary) -> str | None:
    if not report.language_known:
        return UNDETERMINED
    language = report.language or report.article.lang
    return language_code(language) if language else None


def _other(lang: str | None, page: str | None) -> str | None:
    return lang if page and lang and lang != page else None


def _section_anchor(name: str | None, number: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").casefold()).strip("-")
    return f"section-{slug or number}"


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
