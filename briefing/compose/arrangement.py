"""How a story's reports are arranged: the one that leads it, the order they were published in, the story's
anchor, the language it is told in when they are in several, and those its summary weighs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import replace
from typing import Callable, Collection, Mapping, Sequence

from ..models import TITLE_FROM_FILE_NAME, Story, Summary


def arranged(reports: Sequence[Summary], preferred: str | None = None) -> tuple[tuple[Summary, ...], list[Summary], str]:
    """The reports lead first, the reports by time of publication, and the story's anchor."""
    # The fullest report in the story's language leads: its headline is the story's. So one whose headline does
    # not read as one leads only when none does (see headline_flaws).
    told = in_story_language(reports, preferred)
    lead = told[0] if len(told) == 1 else min(
        told, key=lambda s: (headline_flaws(s) > 0, -s.article.word_count, s.article.seed))
    # Reports in the order they were published: the summary reads as they came.
    chronological = sorted(reports, key=_published_key)
    anchor = "story-" + hashlib.sha1(chronological[0].article.seed.encode("utf-8")).hexdigest()[:8]
    return (lead, *(r for r in chronological if r is not lead)), chronological, anchor


# What parts a headline from a site's name after it ("... - The New York Times", "... | BBC News").
_SITE_PART = re.compile(r"\s+[-|–—]\s+(?=[^-|–—]+$)")


def headline_flaws(report: Summary) -> int:
    """How many of these a report's headline shows (none in a headline as a reader expects one): cut off
    ("... government in Tur…", as a feed cuts it), in capitals throughout (a wire's "TURKISH GOVERNMENT
    FALLS", or its slug "BC-TURKEY-GOVT-NYT"), ending in the name of its own source ("... - The New York
    Times" from NYT), or made up from the seed's file name ("Untitled" for a name of no letters): no headline
    anyone wrote."""
    title = report.article.title.strip()
    flaws = int(title.endswith(("…", "..."))) + (report.article.title_from == TITLE_FROM_FILE_NAME)
    # (Letter by letter in C: a day of 10,000 reports is arranged on every run that adds one to it.)
    capitals = not any(map(str.islower, title)) and sum(map(str.isupper, title)) >= 4
    # A slug is one word of parts joined ("BC-TURKEY-GOVT-NYT", "bc-turkey-govt-nyt"); capitals throughout
    # count in three words or more ("UK GDP" and "COVID-19: WHO" are headlines).
    joins = title.count("-") + title.count("_") if " " not in title else 0
    flaws += (joins >= 2 or (joins and capitals)) or (capitals and len(title.split()) >= 3)
    parts = _SITE_PART.split(title)
    if len(parts) > 1 and report.article.source and _names(parts[-1], report.article.source):
        flaws += 1
    return flaws


def _names(part: str, source: str) -> bool:
    """Whether a headline's last part is the name of `source`: the same letters, with or without an article or
    a word after ("The Guardian", "BBC News"), or one is the other's initials ("The New York Times" from NYT,
    "Times of India" from TOI, "NYT" from The New York Times). Initials of three letters or more, of a name
    whose small words only are in lower case: two letters match too much ("After Powell" is no AP)."""
    words, named = re.findall(r"\w+", part), re.findall(r"\w+", source)
    if not words or not named:
        return False
    letters, whole = "".join(named).casefold(), "".join(words).casefold()
    if letters in (whole, "".join(words[1:]).casefold(), words[0].casefold()) or whole == named[0].casefold():
        return True
    return _initials_of(words, letters) or _initials_of(named, whole)


def _initials_of(words: list[str], letters: str) -> bool:
    """Whether `letters` (3 or more) are the initials of `words` (with or without the first), a name's."""
    capitalised = sum(word[:1].isupper() for word in words)
    if len(letters) < 3 or capitalised < 2 or not all(word[:1].isupper() or len(word) <= 5 for word in words):
        return False
    return letters in ("".join(w[0] for w in words).casefold(), "".join(w[0] for w in words[1:]).casefold())


# A story's summary weighs the sentences of at most this many of its reports: its lead and those published
# first. Its matrices grow as the square of its candidate sentences (some ten a report): a story of 160
# reports took 60 MB to summarise, one of 1,000 near-copies of one spam 2.6 GB.
MOST_REPORTS_WEIGHED = 50


def weighed(told_from: Sequence[Summary], lead: Summary, chronological: Sequence[Summary]) -> list[Summary]:
    """The reports whose sentences a story's summary weighs: all it is told from (`told_from`), or, past
    MOST_REPORTS_WEIGHED, the lead and the first published of the others."""
    if len(told_from) <= MOST_REPORTS_WEIGHED:
        return list(told_from)
    told = {id(report) for report in told_from}
    others = [report for report in chronological if id(report) in told and report is not lead]
    return [lead, *others[:MOST_REPORTS_WEIGHED - 1]]


def first_published(reports: Sequence[Summary]) -> Summary:
    """The report a story's anchor is named by: the first of its reports published (see `arranged`)."""
    return min(reports, key=_published_key)


def _published_key(report: Summary) -> tuple:
    """Where a report comes among a story's: by its publication time, then by its name."""
    return published_order(report.article.published), report.article.seed


def in_story_language(reports: Sequence[Summary], preferred: str | None = None) -> list[Summary]:
    """The reports a story is told from: all of them, or, when they are in several languages, those in
    `preferred` (the briefing's default) if any is, else in the language most of them are in (a tie: the
    fullest report's). A story reads in one language; the others are listed as its sources. Reports in
    languages briefing has no model for count as one more language (an English report's story with an
    Indonesian and a Vietnamese one was told in all three, its headline Vietnamese)."""
    languages = Counter(map(_told_in, reports))
    if len(languages) < 2:
        return list(reports)
    if preferred is None or preferred not in languages:
        most = max(languages.values())
        tied = sorted((language for language, count in languages.items() if count == most),
                      key=lambda language: (language is None, language or ""))
        fullest = min(reports, key=lambda s: (-s.article.word_count, s.article.seed))
        preferred = _told_in(fullest) if _told_in(fullest) in tied else tied[0]
    return [r for r in reports if _told_in(r) == preferred]


def _told_in(report: Summary) -> str | None:
    """The language a report is told in, None for one briefing has no model for."""
    return report.language if report.language_known else None


def published_order(published: str | None) -> tuple[str, int, str]:
    """Where a report comes among a story's by its publication time: by its day, then by the moment in UTC;
    one with a day and no time after those of its day with one (it came some time that day)."""
    if not published:
        return ("", 0, "")
    try:
        moment = dt.datetime.fromisoformat(published)
    except ValueError:
        return (published, 2, "")  # kept by no reader, but a record is not trusted to hold a date
    if len(published) <= 10:
        return (published, 1, "")
    try:
        utc = moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment
    except OverflowError:  # past the ends of the calendar in UTC (kept by an older release): its day alone
        return (published[:10], 1, "")
    return (published[:10], 0, utc.isoformat())


def distinct_anchors(
    stories: list[Story], held: Callable[[list[str]], Mapping[str, Collection[str]]] | None = None
) -> list[Story]:
    """The stories, no two with one anchor: an anchor is 32 bits of a report's name, and two of a day's 12,000
    stories meet on one about once in sixty such days (two ids on one page, one story's record lost). Of
    those that meet, the story that held the anchor when the day was last written keeps it (`held` gives
    the reports of the story that held each anchor given): a story's id on its page does not move when
    another comes to meet it. With none (a new day), the story whose anchor's report (its first published)
    has the name that sorts first keeps it (not its lead's: a story gaining a fuller report took the id of
    one that did not change). Each other one adds the next 32 bits of that name's digest (its first 32 are
    the anchor's: three that met had two ids)."""
    count = Counter(story.anchor for story in stories)
    if len(count) == len(stories):
        return stories
    names = {id(story): first_published(story.reports).article.seed for story in stories if count[story.anchor] > 1}
    before = held(sorted(anchor for anchor, times in count.items() if times > 1)) if held is not None else {}
    first: dict[str, Story] = {}
    for story in stories:
        if id(story) in names and names[id(story)] in before.get(story.anchor, ()):
            first.setdefault(story.anchor, story)
    for story in sorted((story for story in stories if id(story) in names), key=lambda story: names[id(story)]):
        first.setdefault(story.anchor, story)
    return [story if count[story.anchor] == 1 or first[story.anchor] is story else replace(
        story, anchor=f"{story.anchor}-{hashlib.sha1(names[id(story)].encode('utf-8')).hexdigest()[8:16]}")
        for story in stories]
