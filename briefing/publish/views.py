"""What the templates see of a briefing: every seed string escaped for Markdown.

Seed text is untrusted, and it passes through three languages on its way to a
reader: Jinja2, Markdown and HTML. It is never rendered *as* a template (it
only ever fills variables); it is escaped for Markdown (markdown_text.py) as
the views are read, before it enters the Markdown (so it cannot make links,
raw HTML or emphasis, nor trigger Python-Markdown's slow paths); and the HTML
made from the Markdown is cleaned with an allow-list sanitiser (html.py)
before it is placed in the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from ..languages import language_code, script_language_code, sentences_joined
from ..models import Article, Briefing, PublishedBriefing, Sourced, Story, Summary
from ..hosts import host_of
from .markdown_text import md_escape, safe_url
from .output import FEED_NAME, INDEX_NAME, briefing_names
from .page_words import long_date, month_of, reading_time, short_date, weekday

WORDS_PER_MINUTE = 230


def display_date(iso: str, zone: dt.tzinfo | None = None, lang: str | None = None) -> str:
    """'2026-11-25T07:30:00+01:00' -> '25 Nov 2026, 06:30' in `zone` (Europe/London; None: the system's), its
    words in `lang` (see page_words.py); a time without an offset, or a date alone, as written; text that is no date
    is kept."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None and len(iso) > 10:
        try:
            moment = moment.astimezone(zone)
        except (OverflowError, ValueError, OSError):
            pass  # a moment at the very edge of the calendar: shown as written
    text = short_date(moment, lang)
    return text if len(iso) <= 10 else f"{text}, {moment:%H:%M}"


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


class StoryView(Mapping):
    """What the templates see of a story, every seed string already escaped for Markdown.

    Each field is made as a template reads it and let go after: a day of
    50,000 reports made whole the views of its 12,000 stories (the sources
    of each, every sentence escaped and marked) before its page was rendered,
    68 MB, the most memory of the run, for a page that shows most stories in
    one line. A field read twice is made twice (each is cheap); read as a
    mapping (`story["title"]`) or as attributes (`story.title`).

    `page` is the page's language code (None: no text is marked with its own).
    """

    __slots__ = ("_story", "_number", "_zone", "_page")

    def __init__(self, story: Story, number: int, zone: dt.tzinfo | None = None, page: str | None = None) -> None:
        self._story, self._number, self._zone, self._page = story, number, zone, page

    def __getitem__(self, key: str):
        if key not in STORY_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(STORY_FIELDS)

    def __len__(self) -> int:
        return len(STORY_FIELDS)

    def __repr__(self) -> str:
        # As the dict it reads as: a template printing a story (`{{ story }}`) prints the same at every run.
        return repr(dict(self))

    @property
    def anchor(self) -> str:
        return self._story.anchor or f"story-{self._number}"

    @property
    def number(self) -> int:
        return self._number

    @property
    def title(self) -> str:
        return md_escape(self._story.lead.article.title)

    @property
    def lang(self) -> str | None:
        return _lang_of(self._story.lead)

    @property
    def other_lang(self) -> str | None:
        return _other(self.lang, self._page)

    @property
    def sources(self) -> list[dict]:
        # Reports are numbered for the marks that tell which report a sentence comes from; a report of no
        # known source is listed by its headline (`named` tells a template which are).
        sources = []
        for n, report in enumerate(self._story.reports, start=1):
            url = safe_url(report.article.url)
            named = _source_of(report.article, url)
            sources.append({"number": n, "name": md_escape(left_to_right_after(named or report.article.title)), "url": url,
                            "named": bool(named)})
        return sources

    @property
    def related(self) -> list[dict]:
        return self.sources[1:]

    @property
    def url(self) -> str | None:
        return safe_url(self._story.lead.article.url)

    @property
    def source(self) -> str | None:
        lead = self._story.lead.article
        url = safe_url(lead.url)
        return md_escape(left_to_right_after(_source_of(lead, url) or lead.title)) if (lead.source or url) else None

    @property
    def published(self) -> str | None:
        lead = self._story.lead.article
        return md_escape(display_date(lead.published, self._zone, self._page)) if lead.published else None

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self._story.lead.article.word_count)

    @property
    def byline(self) -> str:
        source, url = self.source, self.url
        reading = reading_time(self.reading_minutes, self._page)
        parts = [f"[{source}]({url})" if url else source, self.published, reading]
        return " · ".join(part for part in parts if part)

    @property
    def tags(self) -> list[str]:
        return [md_escape(t) for t in self._story.lead.article.tags]

    @property
    def section(self) -> str | None:
        return md_escape(self._story.section) if self._story.section else None

    @property
    def importance(self) -> float:
        return self._story.importance

    @property
    def marked(self) -> bool:
        return len(self._story.reports) > 1  # one report: every sentence is its own, no marks needed

    @property
    def summary(self) -> list[str]:
        return self._sentences(self._story.summary)

    @property
    def first_sentence(self) -> str:
        summary = self._story.summary
        return md_escape(summary[0].text) if summary else ""

    @property
    def summary_parts(self) -> list[InLanguage]:
        """The summary as paragraphs of one language each, marked with it where it is not the page's: a
        German report's sentences in an English story are read as German."""
        parts: list[tuple[list[str], str | None]] = []
        marks = self._marks()
        for text, item in zip(self.summary, self._story.summary):
            lang = marks(item)
            if parts and parts[-1][1] == lang:
                parts[-1][0].append(text)
            else:
                parts.append(([text], lang))
        return [InLanguage(sentences_joined(texts), lang) for texts, lang in parts]

    @property
    def key_points(self) -> list[InLanguage]:
        marks = self._marks()
        points = self._story.key_points
        return [InLanguage(text, marks(item)) for text, item in zip(self._sentences(points), points)]

    @property
    def follows(self) -> dict | None:
        earlier = self._story.follows
        if earlier is None:
            return None
        return {"day": earlier.day.isoformat(), "day_long": long_date(earlier.day, self._page),
                "weekday": weekday(earlier.day, self._page),
                "title": md_escape(earlier.title), "href": f"{briefing_names(earlier.day)[1]}#{earlier.anchor}"}

    def _sentences(self, items: Sequence[Sourced]) -> list[str]:
        """Each sentence escaped, and marked with its report's number (linked to it) when there are several."""
        if not self.marked:
            return [md_escape(item.text) for item in items]
        numbers = {report.article.seed: n for n, report in enumerate(self._story.reports, start=1)}
        urls = [safe_url(report.article.url) for report in self._story.reports]
        texts = []
        for item in items:
            mark = numbers.get(item.seed, 1)
            target = urls[mark - 1]
            text = md_escape(item.text)
            texts.append(f"{text} [\\[{mark}\\]]({target})" if target else f"{text} \\[{mark}\\]")
        return texts

    def _marks(self):
        """The language to mark a sentence with (None where it is the page's), by the report it comes from."""
        langs = {report.article.seed: _lang_of(report) for report in self._story.reports}
        own = self.lang
        return lambda item: _other(langs.get(item.seed) or own, self._page)


def _source_of(article: Article, url: str | None) -> str | None:
    """The name a report's source is shown by: its own, else its address's host (None if neither)."""
    return article.source or host_of(url and article.url)  # (`url` has a Unicode host %-escaped)


# Letters written right to left: Hebrew, Arabic and the scripts after them, and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def left_to_right_after(text: str) -> str:
    """`text` set in right-to-left marks (U+200F, shown as nothing) and ended with a left-to-right one (U+200E)
    when it holds letters written right to left: in a line of the page's, its own numbers and end marks stay
    inside it ("24 ساعة", "מה קרה?"), and what follows reads left to right again, where a date's number joined
    its run ("الجزيرة · 25 Nov" shown as "25 · الجزيرة Nov") and a list of sources showed a headline by the
    wrong number. (Not the isolates U+2066-2069: text.py forbids them in a briefing, as a seed's could
    reorder what is shown, and the feed would lose them.)"""
    return f"\u200f{text}\u200f\u200e" if _RIGHT_TO_LEFT.search(text) else text


# In the order of the dict a story's view was (a template may list them: `story|list`, `story.items()`).
STORY_FIELDS = ("anchor", "number", "title", "lang", "source", "url", "published", "reading_minutes", "byline", "tags",
                "section", "importance", "summary", "first_sentence", "key_points", "sources", "related", "marked",
                "follows", "other_lang", "summary_parts")


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
    views = [StoryView(story, n, zone, page) for n, story in enumerate(briefing.stories, start=1)]
    # The languages of the reports the day's key points come from (not of every report: a big day has 50,000).
    wanted = {point.seed for point in briefing.key_points}
    langs = {report.article.seed: _lang_of(report)
             for story in briefing.stories for report in story.reports if report.article.seed in wanted}
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
        "day_long": long_date(day, page),
        "count": len(views),
        "stories": views[:top],  # in full
        "also": sections,  # the rest of the day, one line each, by section
        "key_points": [InLanguage(md_escape(p.text), _other(langs.get(p.seed), page)) for p in briefing.key_points],
    }


def _lang_of(report: Summary) -> str | None:
    if not report.language_known:  # (a screen reader reads Japanese as Japanese when told, not as English)
        return report.article.declared_lang or script_language_code(
            " ".join((report.article.title, *report.article.paragraphs[:4])))
    language = report.language or report.article.lang
    return language_code(language) if language else None


def _other(lang: str | None, page: str | None) -> str | None:
    return lang if page and lang and lang != page else None


def _section_anchor(name: str | None, number: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").casefold()).strip("-")
    return f"section-{slug or number}"


def archive_view(published: Sequence[PublishedBriefing], lang: str | None = None) -> list[dict]:
    """The archive's months, newest first, each with its days; their names in `lang` (see page_words.py)."""
    months: list[dict] = []
    for record in sorted(published, key=lambda r: r.day, reverse=True):
        month = month_of(record.day, lang)
        if not months or months[-1]["name"] != month:
            months.append({"name": month, "id": f"{record.day:%Y-%m}", "days": []})
        markdown_name, html_name = briefing_names(record.day)
        months[-1]["days"].append({
            "day": record.day.isoformat(),
            "day_long": long_date(record.day, lang),
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
    lang: str | None = None  # the page's language code: the days' names are in it (see page_words.py)

    @property
    def previous_href(self) -> str | None:
        return briefing_names(self.previous)[1] if self.previous else None

    @property
    def next_href(self) -> str | None:
        return briefing_names(self.next)[1] if self.next else None

    @property
    def previous_label(self) -> str | None:
        return long_date(self.previous, self.lang) if self.previous else None

    @property
    def next_label(self) -> str | None:
        return long_date(self.next, self.lang) if self.next else None

    index_href = INDEX_NAME
    feed_href = FEED_NAME


def day_links(days: Sequence[dt.date], day: dt.date) -> DayLinks:
    """The days just before and after `day` among `days`."""
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    return DayLinks(previous=max(earlier) if earlier else None, next=min(later) if later else None)
