"""The values that flow through the pipeline.

seed file -> Article -> Summary -> Story -> Briefing -> files in out/.
Every one is a frozen dataclass; structured values stay structured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SeedFile:
    """A file found in the seeds folder, known by its name and stat before it is read."""

    name: str  # its path inside the seeds folder, folders joined by "/": its key in the state store
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class PassedOver:
    """An entry of the seeds folder that is not read, and why.

    `routine` marks files that are never seeds (hidden files, editor leftovers),
    which are counted but not worth a warning.
    """

    name: str  # its path inside the seeds folder
    reason: str
    routine: bool = False


@dataclass(frozen=True)
class Article:
    """One news article read from a seed file. Every text field is untrusted."""

    seed: str  # the seed file's path inside the seeds folder (its key in the state store)
    title: str
    paragraphs: tuple[str, ...]
    content_hash: str
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    lang: str | None = None  # a supported language name; None = the configured default
    tags: tuple[str, ...] = ()
    word_count: int = -1  # counted from the paragraphs unless given
    section: str | None = None  # the part of the briefing it belongs in ("World", "Business")
    author: str | None = None
    title_from: str | None = None  # "front matter", "heading", "first line", "file name" or "html"

    def __post_init__(self) -> None:
        if self.word_count < 0:
            object.__setattr__(self, "word_count", sum(len(p.split()) for p in self.paragraphs))

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence the summariser chose: its text, score and rank (1 = best)."""

    text: str
    score: float
    rank: int
    position: int  # index of the sentence in the article


@dataclass(frozen=True)
class Summary:
    """An article's extractive summary (in article order) and its key points (best first)."""

    article: Article
    sentences: tuple[ScoredSentence, ...]
    key_points: tuple[str, ...]
    algorithm: str
    # What the article is about, in a form that compares across articles
    # without the language's tools: its most frequent content stems with their
    # counts, most frequent first.
    terms: tuple[tuple[str, int], ...] = ()
    language: str | None = None  # the language it was summarised in: its `lang`, else the one detected


@dataclass(frozen=True)
class Story:
    """One item of the briefing: an article's summary and any related reports of the same event."""

    summary: Summary
    related: tuple[Summary, ...] = ()

    @property
    def summaries(self) -> tuple[Summary, ...]:
        return (self.summary, *self.related)


@dataclass(frozen=True)
class Briefing:
    """The briefing of one day: its stories and the key points of the day."""

    day: dt.date
    stories: tuple[Story, ...]
    key_points: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class PublishedBriefing:
    """A day's briefing as written to the output folder: what the archive and the feed list."""

    day: dt.date
    stories: int
    first_written: dt.datetime  # UTC; when the day's briefing was first written
    updated: dt.datetime  # UTC; when its content last changed
    digest: str = ""  # of the day's Markdown: `updated` moves only when it changes
