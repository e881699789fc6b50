"""The Config and its sections: frozen values that mirror briefing.toml, with their defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

CONFIG_FILE_NAME = "briefing.toml"

# newsrank is briefing's own (briefing/summarize/newsrank.py); the others are sumy's.
ALGORITHMS = (
    "newsrank", "lexrank", "lsa", "luhn", "textrank", "kl", "sumbasic", "reduction", "edmundson",
)
DEFAULT_ALGORITHM = "newsrank"

SMTP_SECURITY = ("starttls", "ssl", "none")
_DEFAULT_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
# What a subject template may name: str.format fields.
SUBJECT_FIELDS = ("title", "date", "date_long", "stories")

EMAIL_SECTION = "delivery.email"
SOURCES = "sources"  # the [[sources]] tables: an array, not a section of keys


# --- the sections ------------------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Where seeds are read, briefings written and the state kept; absolute."""

    seeds: Path
    out: Path
    state: Path
    templates: Path | None = None  # the user's folder, searched before the built-in one

    @property
    def lock(self) -> Path:
        """The run lock: a file beside the state store, never deleted."""
        return self.state.with_name(self.state.name + ".lock")


@dataclass(frozen=True)
class SummarySettings:
    """[summary]: how each article is summarised."""

    algorithm: str = DEFAULT_ALGORITHM
    sentences: int = 3
    ratio: float | None = None  # summary length as a share of the article's sentences
    words: int | None = None  # summary length as a word budget
    key_points: int = 5
    language: str = "english"  # default language; a seed's `lang` wins


@dataclass(frozen=True)
class Limits:
    """[limits]: bounds on the work one seed can cause."""

    max_file_bytes: int = 5_000_000
    max_sentences: int = 500


@dataclass(frozen=True)
class Site:
    """[site]: what the pages, the archive and the feed are called, and where they live."""

    title: str = "Daily briefing"
    url: str | None = None  # where out/ is published: absolute links and ids in the feed
    feed_entries: int = 30  # the newest days the feed holds
    # The language of the templates' own words ("Key points", "Sources"): the pages' and the feed's lang.
    # A story in another language has its text marked with its own.
    language: str = "english"


@dataclass(frozen=True)
class ScheduleSettings:
    """[schedule]: when `briefing schedule` runs; at most one of cron and at."""

    cron: str | None = None  # 5-field cron expression
    at: str | None = None  # "HH:MM", daily
    timezone: str | None = None  # IANA name; default: the top-level timezone, else the system's
    grace: int = 12 * 3600  # seconds: a run missed by less than this still runs once
    lock_wait: int = 600  # seconds a scheduled run waits for another run to finish
    fetch: bool = False  # fetch the [[sources]] before each scheduled run


@dataclass(frozen=True)
class EditorSettings:
    """[briefing]: what the day's editor puts first, and how much a reader is given in full."""

    top_stories: int = 5  # stories given in full; the rest are one line each. 0: every story in full
    reading_minutes: float | None = None  # or: as many stories in full as fit this reading time
    sections: tuple[str, ...] = ()  # the order of sections; others follow, by their best story
    developing_days: int = 7  # a story seen in a briefing of this many days before is "developing"
    source_weights: tuple[tuple[str, float], ...] = ()  # (source name, weight) for importance; default 1


@dataclass(frozen=True)
class EmailDelivery:
    """[delivery.email]: where and how each new briefing is sent. Credentials come from the environment."""

    host: str
    sender: str
    to: tuple[str, ...]  # shown in the message's To (none: "undisclosed-recipients")
    port: int = 587
    security: str = "starttls"  # starttls, ssl, or none (loopback only)
    subject: str = "{title}: {date_long}"
    timeout: float = 30.0
    ca_file: Path | None = None  # extra CA certificates to trust, e.g. a company's own
    username_env: str | None = None
    password_env: str | None = None
    # Read from the environment variables named above when the config is built.
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    bcc: tuple[str, ...] = ()  # sent the briefing, shown in no header (a list of readers who do not know each other)


@dataclass(frozen=True)
class Source:
    """One [[sources]] table: a feed whose new entries become seeds, or one page fetched once."""

    name: str
    feed: str | None = None  # RSS 0.9x/1.0/2.0, Atom or JSON Feed
    page: str | None = None  # one article page, fetched once
    section: str | None = None  # the briefing section its stories go in
    full_text: bool = True  # fetch each entry's page; False: the feed's own text, as a .md seed
    enabled: bool = True
    # The keys its table gives (`config show` calls the others "default"); no part of the source itself.
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def url(self) -> str:
        return self.feed or self.page or ""

    @property
    def slug(self) -> str:
        """The folder under seeds/ that holds this source's seeds."""
        from ..text import slugify

        return slugify(self.name, max_chars=60, fallback="source", any_script=True)


@dataclass(frozen=True)
class FetchSettings:
    """[fetch]: how `briefing fetch` treats the sites it reads. Times are seconds, sizes bytes."""

    contact: str | None = None  # an http(s) or mailto: address named in the User-Agent
    delay: float = 1.0  # between the end of one request and the start of the next to the same host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest wait for the next bytes of a response
    deadline: float = 120.0  # longest time for one response, from connecting to its last byte
    max_bytes: int = 5_000_000  # a response body as sent (compressed)
    max_decompressed_bytes: int = 10_000_000  # the same body decompressed: a gzip bomb stops here
    max_entries: int = 30  # entries taken from the top of each feed
    max_age: float = 3 * 86400.0  # entries published longer ago are left alone; 0 = no limit
    max_redirects: int = 5
    retries: int = 2  # after a 429 or 5xx
    retry_backoff: float = 2.0  # first wait without Retry-After; doubled each time
    max_retry_wait: float = 60.0  # most time spent waiting to retry one request
    max_time: float = 900.0  # no request starts after the fetch has run this long; 0 = no limit


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, with absolute paths."""

    paths: Paths
    summary: SummarySettings = SummarySettings()
    limits: Limits = Limits()
    site: Site = Site()
    schedule: ScheduleSettings = ScheduleSettings()
    editor: EditorSettings = EditorSettings()  # [briefing] in briefing.toml
    email: EmailDelivery | None = None  # None: no delivery
    timezone: str | None = None  # IANA name of the briefing's day; None = the system's
    jobs: int = 0  # processes that do the work; 0 = one per core
    sources: tuple[Source, ...] = ()  # what `briefing fetch` reads
    fetch: FetchSettings = FetchSettings()
    # Where each value came from, by its key in briefing.toml: "default", the
    # config file's path, or "flag".
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
