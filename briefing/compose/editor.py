"""The day's editor: stories in order, and the key points of the day."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..models import Briefing, Story, Summary
from .stories import group_reports

DAY_KEY_POINTS = 5


def _story_order(story: Story) -> tuple:
    article = story.summary.article
    # Stories reported by more sources first, then the newest, then by title so
    # the order never depends on the order files were processed in.
    published = article.published or ""
    return (-len(story.summaries), _descending(published), article.title.casefold(), article.seed)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def day_key_points(stories: Iterable[Story], limit: int = DAY_KEY_POINTS) -> tuple[str, ...]:
    """The best key point of each story in turn, then the second best, until `limit`."""
    lists = [story.summary.key_points for story in stories]
    points: list[str] = []
    depth = 0
    while len(points) < limit and any(len(kp) > depth for kp in lists):
        for key_points in lists:
            if depth < len(key_points) and len(points) < limit and key_points[depth] not in points:
                points.append(key_points[depth])
        depth += 1
    return tuple(points)


def compose_briefing(day: dt.date, summaries: Iterable[Summary]) -> Briefing:
    """The Briefing of `day` from all of its articles' summaries."""
    stories = sorted(group_reports(list(summaries)), key=_story_order)
    return Briefing(day=day, stories=tuple(stories), key_points=day_key_points(stories))
