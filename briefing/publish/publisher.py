"""The publish phase: the days' briefings, and what links to them, written to out/ as one unit.

A written day changes more than its own two files: the pages of the days
before and after it (their "next day" and "previous day" links), the
archive and the feed. All of them are staged, then put in place together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence

from ..config import Site
from ..languages import language_code
from ..models import Briefing, PublishedBriefing, Story
from ..text import escaped, json_line
from .feed import FeedEntry, FeedIds, feed_summary, render_feed
from .html import markdown_to_safe_html, safe_html_reusing
from .output import FEED_NAME, INDEX_NAME, OutputWriter, briefing_names, json_name
from .templates import Renderer
from .markdown_text import md_as_plain_text, safe_url
from .page_words import long_date
from .views import day_links

# A clock this far behind the feed's last stamp was set back (see publish_days); further, the stamp was wrong.
CLOCK_SET_BACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class KeptDay:
    """What the state store keeps of a written day, so that linking to it needs no day composed again."""

    body_html: str  # the sanitised body of its page
    feed_summary: str
    language: str | None = None  # site.language and site.title its page was written with (None: not known)
    title: str | None = None


@dataclass(frozen=True)
class WrittenDay:
    """A day's briefing as this run wrote it."""

    record: PublishedBriefing
    kept: KeptDay
    changed: bool  # new, or its content differs from what was written before
    pieces: Mapping[str, str]  # the HTML of its page's pieces, to reuse when it is written again


@dataclass(frozen=True)
class Publication:
    """What the publish phase wrote (or, in a dry run, would write)."""

    files: tuple[Path, ...]
    days: tuple[WrittenDay, ...]
    removed: tuple[dt.date, ...] = ()  # days left with no article: their files are gone
    deleted: tuple[Path, ...] = ()  # those files
    feed_changed: dt.datetime | None = None  # when a day last left the feed (see render_feed), to keep


def publish_days(
    briefings: Sequence[Briefing],
    *,
    published: Sequence[PublishedBriefing],
    kept: Callable[[dt.date], KeptDay | None],
    writer: OutputWriter,
    renderer: Renderer,
    site: Site,
    language: str,
    feed_namespace: str,
    now: dt.datetime,
    mapper: Callable = map,
    parts: int = 1,
    pieces: Callable[[dt.date], Mapping[str, str]] = lambda day: {},
    feed_changed: dt.datetime | None = None,
    archive: bool = False,
    unless_same: Collection[dt.date] = (),
    rewrite: bool = False,
) -> Publication:
    """Write `briefings`, the neighbouring days' pages, the archive and the feed; all or nothing.

    `published` is every day written before, `kept(day)` what was kept of
    one, `pieces(day)` the HTML of its page's pieces (publish/html.py):
    only the pieces that changed are converted again. `mapper` and `parts`
    let a big day's HTML be made on several cores.
    A briefing with no story is a day whose articles are all gone: its files
    are removed, and it leaves the archive and the feed.
    With no briefing to write, nothing is: a run with nothing new changes no file, unless `archive`: the
    archive and the feed are written again if they read otherwise (the site settings changed).
    `feed_changed` is when a day last left the feed: its `updated` never goes back.
    The days `unless_same` were composed again in case they changed: their files are written only if they did.
    So are a day's files that are still the same when the day reads as it was written (composed again to mend
    a deleted file, or for settings that did not change it), unless `rewrite` (a rebuild writes its days whole:
    it mends a file's mode or owner too).
    """
    if not briefings and not archive:
        return Publication(files=(), days=(), feed_changed=feed_changed)
    # A clock set back a little (NTP, a restored VM) must not date a change before the feed's last one: a
    # feed reader takes an `updated` that went back for no change, and the entry would be updated before
    # it was published. Such a change is stamped a second after the last, as is a second change within
    # the same second (stamps are whole seconds). A clock that ran far ahead and was put right is
    # believed: every stamp after it would stay in its future.
    last = max([record.updated for record in published] + ([feed_changed] if feed_changed else []), default=None)
    if last is not None and now <= last <= now + CLOCK_SET_BACK:
        now = last + dt.timedelta(seconds=1)
    records: dict[dt.date, PublishedBriefing] = {record.day: record for record in published}
    in_feed = set(sorted(records)[-site.feed_entries:])
    bodies: dict[dt.date, KeptDay] = {}
    markdown: dict[dt.date, str] = {}
    written: list[WrittenDay] = []
    removed = [briefing.day for briefing in briefings if not briefing.stories]
    if in_feed.intersection(removed):
        feed_changed = now  # the feed lost an entry: it changed now, whatever its other entries say
    for day in removed:
        records.pop(day, None)
        for name in (*briefing_names(day), json_name(day)):
            writer.remove(name)
    for briefing in briefings:
        if not briefing.stories:
            continue
        text = renderer.markdown(briefing, title=site.title, language=language)
        body, made = safe_html_reusing(text, pieces(briefing.day), parts=parts, mapper=mapper)
        old = records.get(briefing.day)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        changed = old is None or old.digest != digest
        record = PublishedBriefing(
            day=briefing.day,
            stories=len(briefing.stories),
            first_written=old.first_written if old else now,
            updated=now if changed else old.updated,
            digest=digest,
        )
        records[briefing.day] = record
        bodies[briefing.day] = KeptDay(body, feed_summary(briefing, language_code(language)), language, site.title)
        markdown[briefing.day] = text
        written.append(WrittenDay(record, bodies[briefing.day], changed, made))

    def body_of(day: dt.date) -> KeptDay | None:
        return bodies.get(day) or kept(day)

    days = sorted(records)
    by_day = {briefing.day: briefing for briefing in briefings}
    # (Written again, same bytes, they were listed as written: a mended feed seemed to change the day.)
    unchanged = set() if rewrite else {day.record.day for day in written if not day.changed}
    for day, text in markdown.items():
        markdown_name, html_name = briefing_names(day)
        same = day in unless_same or day in unchanged
        writer.stage(markdown_name, text, unless_same=same)
        writer.stage(json_name(day), day_json_pieces(by_day[day], site), unless_same=same)
        writer.stage(html_name, renderer.page(day, records[day].stories, bodies[day].body_html, lang=language,
                                               links=day_links(days, day), title=site.title), unless_same=same)
    for day in _neighbours(days, [*markdown, *removed]):
        body = body_of(day)
        if body is not None:
            # Written again for its links only: with the language and title its words were written in.
            page = renderer.page(day, records[day].stories, body.body_html, lang=body.language or language,
                                 links=day_links(days, day), title=site.title if body.title is None else body.title)
            writer.stage(briefing_names(day)[1], page, unless_same=True)
    ordered = [records[day] for day in days]
    writer.stage(INDEX_NAME, renderer.index(ordered, lang=language, title=site.title), unless_same=True)
    feed = _feed(ordered[-site.feed_entries:], body_of, site, language, feed_namespace, feed_changed)
    if not briefings and (writer.out_dir / FEED_NAME).is_file() and not writer.holds(FEED_NAME, feed):
        # Only the site settings changed the feed (its title, the days it holds): it changed now. (One
        # deleted by hand is written again as it was.)
        feed_changed = now
        feed = _feed(ordered[-site.feed_entries:], body_of, site, language, feed_namespace, feed_changed)
    writer.stage(FEED_NAME, feed, unless_same=True)
    files = writer.commit()
    return Publication(files=files, days=tuple(written), removed=tuple(removed), deleted=writer.deleted,
                       feed_changed=feed_changed)


def _neighbours(days: Sequence[dt.date], changed: Iterable[dt.date]) -> list[dt.date]:
    """Days whose "previous day" or "next day" link leads to, or led to, one of the changed days."""
    changed = set(changed)
    found: set[dt.date] = set()
    for day in changed:
        links = day_links([*days, day], day)
        found |= {d for d in (links.previous, links.next) if d is not None and d not in changed}
    return sorted(found)


def _feed(
    records: Sequence[PublishedBriefing], body_of: Callable[[dt.date], KeptDay | None], site: Site,
    language: str, feed_namespace: str, changed: dt.datetime | None = None,
) -> str:
    entries = []
    for record in records:
        body = body_of(record.day)
        if body is None:
            continue
        entries.append(FeedEntry(
            day=record.day,
            title=f"{site.title}: {long_date(record.day, language_code(language))}",
            href=briefing_names(record.day)[1],
            html=body.body_html,
            summary=body.feed_summary,
            published=record.first_written,
            updated=record.updated,
            stories=record.stories,
            lang=language_code(body.language or language),
        ))
    return render_feed(entries, title=site.title, ids=FeedIds(site.url, feed_namespace), lang=language_code(language),
                       index_href=INDEX_NAME, feed_href=FEED_NAME, updated=changed)


def day_json(briefing: Briefing, site: Site) -> str:
    """The day for machines (a chat bot, a web app, a measurement): every story, its reports, its sentences.

    Each sentence and key point names the report it comes from by its path
    inside the seeds folder. The schema is in the README.
    """
    return "".join(day_json_pieces(briefing, site))


def day_json_pieces(briefing: Briefing, site: Site) -> Iterator[str]:
    """`day_json` a story at a time: a big day's stories are made JSON one after another as the file is
    written, never all at once (at 50,000 reports, their dictionaries and text took over 40 MB)."""
    top = len(briefing.stories) if briefing.top < 0 else briefing.top
    head = {"date": briefing.day.isoformat(), "title": site.title, "key_points": _sourced(briefing.key_points)}
    yield json_line(head)[:-1] + ', "stories": ['
    # A story to a line: json's C encoder writes no indentation (with it, a big day took seconds).
    for number, story in enumerate(briefing.stories):
        yield ("\n" if number == 0 else ",\n") + json_line(_story_json(story, number < top))
    yield ("\n" if briefing.stories else "") + "]}\n"


def _sourced(items) -> list[dict]:
    return [{"text": item.text, "path": escaped(item.seed)} for item in items]


def _story_json(story: Story, in_full: bool) -> dict:
    follows = story.follows
    return {
        "title": story.lead.article.title,
        "anchor": story.anchor,
        "importance": story.importance,
        "section": story.section,
        "in_full": in_full,
        "follows": {"date": follows.day.isoformat(), "title": follows.title, "anchor": follows.anchor}
        if follows else None,
        "reports": [{
            "path": escaped(report.article.seed), "title": report.article.title, "source": report.article.source,
            "url": safe_url(report.article.url),  # as the page links it: percent-encoded, no credentials
            "published": report.article.published,
            "language": report.language or report.article.lang,
            "language_known": report.language_known,
        } for report in story.reports],
        "summary": _sourced(story.summary),
        "key_points": _sourced(story.key_points),
    }


def email_pages(briefing: Briefing, renderer: Renderer, site: Site, language: str) -> tuple[str, str]:
    """The text and the page of a day as sent by email: the Markdown as plain text (no attribute lists, links
    within the page or escapes), and the page without links to other days, which lead nowhere."""
    text = renderer.markdown(briefing, title=site.title, language=language)
    page = renderer.page(briefing.day, len(briefing.stories), markdown_to_safe_html(text), lang=language,
                         links=None, title=site.title)
    return md_as_plain_text(text), page
