"""The values that flow through the pipeline.

seed file -> Article -> Summary -> Story -> Briefing -> files in out/.
Every one is a frozen dataclass; structured values stay structured. Those a
big day holds by the ten thousand (a seed file, a summary and what it is made of, a story
and the sentences it shows) have slots: no dictionary per object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .languages import word_count as words_in


@dataclass(frozen=True, slots=True)
class SeedFile:
    """A file found in the seeds folder, known by its name and stat before it is read."""

    name: str  # its path inside the seeds folder, folders joined by "/": its key in the state store
    size: int
    mtime_ns: int
    # When its inode last changed: a write, a rename onto it, a copy over it. A file replaced by another of
    # the same size with its time kept (`cp -p`, `tar x`, `mv`) has a new one. None: not known.
    ctime_ns: int | None = None


@dataclass(frozen=True)
class PassedOver:
    """An entry of the seeds folder that is not read, and why.

    `routine` marks files that are never seeds (hidden files, editor leftovers),
    which are counted but not worth a warning.
    """

    name: str  # its path inside the seeds folder
    reason: str
    routine: bool = False


# Where an article's title came from (Article.title_from).
TITLE_FROM_FRONT_MATTER = "front matter"
TITLE_FROM_HEADING = "heading"
TITLE_FROM_FIRST_LINE = "first line"
TITLE_FROM_FILE_NAME = "file name"  # made up from the seed's name: no headline anyone wrote
TITLE_FROM_HTML = "html"
TITLE_FROM_SIDECAR = "sidecar"


@dataclass(frozen=True, slots=True)
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
    # The BCP 47 tag a seed states for its text in a language briefing does not summarise ("ru", "nl-BE"):
    # told to screen readers (the page's tag for it), never used to summarise.
    declared_lang: str | None = None

    def __post_init__(self) -> None:
        if self.word_count < 0:
            object.__setattr__(self, "word_count", sum(map(words_in, self.paragraphs)))

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    """A sentence the summariser chose: its text, score and rank (1 = best)."""

    text: str
    score: float
    rank: int
    position: int  # index of the sentence in the article


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence an article offers to a summary across the reports of its story."""

    text: str  # without a wire dateline ("TEHRAN, Iran (AP) - ")
    position: int  # index of the sentence in the article
    rank: int  # in the article's own ranking (1 = best)
    stems: tuple[str, ...]  # its content stems, in order
    point: str | None = None  # the sentence made a key point, if it makes one


@dataclass(frozen=True, slots=True)
class Summary:
    """An article's extractive summary (in article order) and its key points (best first)."""

    article: Article
    sentences: tuple[ScoredSentence, ...]
    key_points: tuple[str, ...]
    algorithm: str
    language: str = ""  # the language it was summarised in (its front matter's, else detected)
    # False when its text is in no language briefing supports (no `lang`, and detection named none: Dutch,
    # Finnish, ...): `language` is then the default's, whose tools summarised it, not the text's.
    language_known: bool = True
    # What the article is about, in a form that compares across articles
    # without the language's tools: its most frequent content stems with their
    # counts, most frequent first; which of them it writes as names; and the
    # stems of its headline.
    terms: tuple[tuple[str, int], ...] = ()
    names: tuple[str, ...] = ()
    title_stems: tuple[str, ...] = ()
    # Its best sentences, for a summary across its story's reports.
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class Sourced:
    """A sentence a story shows, and the report it comes from."""

    text: str
    seed: str  # the report's seed name (Article.seed)


@dataclass(frozen=True)
class Earlier:
    """The story a developing story follows on from, in an earlier day's briefing."""

    day: dt.date
    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Story:
    """One item of the briefing: the reports of one event, summarised together."""

    reports: tuple[Summary, ...]  # the lead report (the fullest) first
    summary: tuple[Sourced, ...]  # in reading order
    key_points: tuple[Sourced, ...]  # best first
    anchor: str = ""  # its id on the day's page, the same whenever the day is written
    importance: float = 0.0
    section: str | None = None
    follows: Earlier | None = None  # a developing story: where it was first reported

    @property
    def lead(self) -> Summary:
        return self.reports[0]


@dataclass(frozen=True)
class Briefing:
    """The briefing of one day: its stories in page order and the key points of the day."""

    day: dt.date
    stories: tuple[Story, ...]  # the top stories first, then the rest by section
    key_points: tuple[Sourced, ...] = field(default=())
    top: int = -1  # how many stories (from the first) are given in full; -1: all


@dataclass(frozen=True)
class PublishedBriefing:
    """A day's briefing as written to the output folder: what the archive and the feed list."""

    day: dt.date
    stories: int
    first_written: dt.datetime  # UTC; when the day's briefing was first written
    updated: dt.datetime  # UTC; when its content last changed
    digest: str = ""  # of the day's Markdown: `updated` moves only when it changes
