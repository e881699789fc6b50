"""The day's editor: what matters first, how much is given in full, sections, the key points of the day.

A story's importance is evidence from the data: how many independent
sources report it (the strongest signal of a news day), how recent its
reports are, and how much they say; a source may weigh more or less by
config. The most important stories are given in full; the rest of the day
is one line each, grouped by section.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from typing import Callable, Collection, Iterable, Mapping, Sequence

from ..config import EditorSettings, SummarySettings
from ..languages import word_count
from ..models import Briefing, Sourced, Story, Summary
from ..hosts import host_of
from .grouping import Background
from .numbered_terms import NumberedTerms
from .developing import EarlierStory, LinkMemo
from .stories import StoryMemo, compose_stories

DAY_KEY_POINTS = 5
WORDS_PER_MINUTE = 230
# Importance = log2(1 + independent sources) + RECENCY * r + DEPTH * d, where
# r (from 0 to 1) halves every RECENCY_HOURS the story's newest report is
# older than the day's newest, and d (0 to 1) grows with the words of its
# reports. Together (0.25 at most) they are small beside a source more up to
# five sources (4 -> 5 adds 0.26; 5 -> 6 only 0.22), so there they order
# stories that as many sources report.
RECENCY = 0.15
RECENCY_HOURS = 12.0
DEPTH = 0.1
# A key point of the day is a whole sentence: at least this many words.
MIN_POINT_WORDS = 6


def compose_briefing(
    day: dt.date,
    summaries: Iterable[Summary],
    settings: SummarySettings = SummarySettings(),
    editor: EditorSettings = EditorSettings(),
    *,
    background: Background | None = None,
    earlier: Sequence[EarlierStory] = (),
    memo: StoryMemo | None = None,
    mapper: Callable = map,
    kept: Sequence[Sequence[int]] = (),
    held: Callable[[list[str]], Mapping[str, Collection[str]]] | None = None,
    numbered: Callable[[], NumberedTerms | None] | None = None,
    links: LinkMemo | None = None,
) -> Briefing:
    """The Briefing of `day` from all of its articles' summaries, edited (`memo`, `mapper`, `kept`, `held`,
    `numbered`, `links`: see compose_stories)."""
    summaries = list(summaries)
    stories = compose_stories(summaries, settings, background=background, earlier=earlier, memo=memo, mapper=mapper,
                              kept=kept, held=held, numbered=numbered, links=links)
    newest = max((_moment(s) for s in summaries if _moment(s) is not None), default=None)
    weights = {name_key(name): weight for name, weight in editor.source_weights}
    stories = [replace(story, importance=importance(story, newest, weights), section=section_of(story))
               for story in stories]
    ranked = one_spelling_per_section(sorted(stories, key=_rank))
    top = top_count(ranked, editor)
    rest = sorted(ranked[top:], key=_section_order(ranked[top:], editor.sections))
    ordered = ranked[:top] + rest
    return Briefing(day=day, stories=tuple(ordered), key_points=day_key_points(ranked[:top] or ranked),
                    top=top if top < len(ordered) else -1)


# --- importance ----------------------------------------------------------------------


def importance(story: Story, newest: dt.datetime | None, weights: dict[str, float] | None = None) -> float:
    """How much a story matters today; see the module's docstring and the README."""
    weights = weights or {}
    sources: dict[str, float] = {}
    for report in story.reports:
        name = report.article.source
        sources[source_key(report)] = weights.get(name_key(name), 1.0) if name else 1.0
    score = math.log2(1 + sum(sources.values()))
    moments = [m for m in (_moment(r) for r in story.reports) if m is not None]
    if newest is not None and moments:
        hours = max(0.0, (newest - max(moments)).total_seconds() / 3600)
        score += RECENCY * 0.5 ** (hours / RECENCY_HOURS)
    words = sum(r.article.word_count for r in story.reports)
    score += DEPTH * min(1.0, math.log10(1 + words) / 4)
    return round(score, 6)


def source_key(report: Summary) -> str:
    """Who published a report: its source's name, else its address's host, else the report itself."""
    article = report.article
    if article.source:
        return article.source.casefold()
    return host_of(article.url) or f"seed:{article.seed}"


def _moment(summary: Summary) -> dt.datetime | None:
    published = summary.article.published
    if not published:
        return None
    try:
        moment = dt.datetime.fromisoformat(published)
        # In UTC, or none: a moment past the ends of the calendar there (kept by an older release)
        # cannot be compared with the others.
        return moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):
        return None


def _rank(story: Story) -> tuple:
    # Most important first; equal ones in an order that never depends on the
    # order files were processed in.
    return (-story.importance, story.lead.article.title.casefold(), story.anchor)


# --- sections and the reading budget ---------------------------------------------------


def section_of(story: Story) -> str | None:
    """The section most of a story's reports belong in (the lead's on a tie); None if none has one."""
    named = [r.article.section for r in story.reports if r.article.section]
    if not named:
        return None
    counts = Counter(named)
    best = max(counts.values())
    lead = story.lead.article.section
    return lead if counts.get(lead) == best else sorted(n for n, c in counts.items() if c == best)[0]


def name_key(name: str) -> str:
    """What makes two names of a section, or of a source, one: "World" and "world", or "Café" with its accent
    as one character or as a letter and a combining mark (seeds and configs spell it either way), are one."""
    return unicodedata.normalize("NFC", name).casefold()


def one_spelling_per_section(ranked: Sequence[Story]) -> list[Story]:
    """The stories (most important first) with each section spelled as its most important story spells it:
    the page groups stories by the name it shows, and one section must be one heading."""
    spelling: dict[str, str] = {}
    for story in ranked:
        if story.section is not None:
            spelling.setdefault(name_key(story.section), story.section)
    return [story if story.section is None else replace(story, section=spelling[name_key(story.section)])
            for story in ranked]


def _section_order(stories: Sequence[Story], configured: Sequence[str]):
    """Sections as configured, then the others by their most important story; no section last."""
    place = {name_key(name): n for n, name in enumerate(configured)}
    best: dict[str, int] = {}
    for position, story in enumerate(stories):  # already most important first
        if story.section is not None:
            best.setdefault(name_key(story.section), position)

    def key(story: Story) -> tuple:
        if story.section is None:
            return (2, 0, "", _rank(story))
        name = name_key(story.section)
        if name in place:
            return (0, place[name], "", _rank(story))
        return (1, best[name], name, _rank(story))

    return key


def top_count(ranked: Sequence[Story], editor: EditorSettings) -> int:
    """How many of the most important stories are given in full."""
    if not ranked:
        return 0
    count = len(ranked) if editor.top_stories == 0 else min(editor.top_stories, len(ranked))
    if editor.reading_minutes is not None:
        budget = editor.reading_minutes * WORDS_PER_MINUTE
        lines = sum(_line_words(story) for story in ranked)
        fitting, used = 0, lines
        for story in ranked[:count]:
            used += _full_words(story) - _line_words(story)
            if used > budget and fitting >= 1:
                break
            fitting += 1
        count = fitting
    return max(1, count)


def _full_words(story: Story) -> int:
    return sum(word_count(s.text) for s in (*story.summary, *story.key_points)) + 20  # title, byline


def _line_words(story: Story) -> int:
    first = story.summary[0].text if story.summary else ""
    return word_count(first) + word_count(story.lead.article.title) + 3


# --- key points of the day ----------------------------------------------------------------


def day_key_points(stories: Iterable[Story], limit: int = DAY_KEY_POINTS) -> tuple[Sourced, ...]:
    """One key point from each of the most important stories, none a fragment."""
    points: list[Sourced] = []
    for story in stories:
        if len(points) >= limit:
            break
        for point in story.key_points:
            if _whole_sentence(point.text) and point.text not in {p.text for p in points}:
                points.append(point)
                break
    return tuple(points)


def _whole_sentence(text: str) -> bool:
    # (Words counted as `word_count` counts Chinese and Japanese ones, and their full stops and Devanagari's
    # danda end a sentence: a day of stories in them had no key points of the day.)
    return (word_count(text) >= MIN_POINT_WORDS and bool(re.match(r"[\"“‘'(「『]?[^\W_a-z]", text))
            and text.rstrip("\"”’')」』）").endswith((".", "!", "。", "！", "।")) and not text.endswith(("…", "...")))
