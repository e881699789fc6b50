"""fetch_sources: every source's new entries -> seed files, and one report (`briefing fetch`).

Call it holding the run lock (pipeline.fetch_once does), so a fetch and a
run never overlap. Then:

1. Each feed is fetched (conditionally: an unchanged feed costs one 304) and
   parsed; each entry not seen before becomes a job. A `page` source is one
   job, done once. Entries of a `full_text = false` source are written at
   once as `.md` seeds from the feed's own text.
2. Page jobs run one at a time, the next always taken from the host that may
   be asked soonest, so the per-host delay costs as little time as possible.
3. A seed is recorded in the store only after its files are written, and a
   feed's new validators only once all its entries are done with no failure
   that a later fetch might get past (a timeout, a 5xx): so nothing is lost
   to a 304.

How an entry is known to be a seed already: known.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import ssl
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from ...config import FetchSettings, Source
from ...errors import FetchError, SidecarError
from ...text import printable
from ..sidecar import validate_metadata
from .addresses import Network
from .answers import body_problem, is_walled, known_charset, page_media_problem, seed_suffix
from .feeds import Entry, feed_media_problem, parse_feed
from .known import FetchStore, entry_keys, written_seed
from .markup import html_to_paragraphs, title_of_post
from .polite import Cutoff, PoliteClient
from .report import FetchReport
from .urls import canonical_url, scheme_problem, url_key
from .writer import SeedWriter, markdown_seed

log = logging.getLogger("briefing.fetch")

_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class _SourceRun:
    source: Source
    intranet: int = 0  # addresses.Reach: what its links may reach
    validators: tuple[str | None, str | None] | None = None  # to store once every job is done
    pending: int = 0
    transient_failure: bool = False


@dataclass
class _PageJob:
    run: _SourceRun
    url: str
    entry: Entry | None  # None for a `page` source
    keys: list[str]


def fetch_sources(
    sources: Iterable[Source],
    settings: FetchSettings,
    seeds_dir: Path,
    store: FetchStore,
    *,
    now: dt.datetime | None = None,
    network: Network | None = None,
    sleep: Callable[[float], None] | None = None,
    verify: ssl.SSLContext | None = None,
    max_seed_bytes: int | None = None,
    stop: threading.Event | None = None,
) -> FetchReport:
    """Fetch every enabled source and write its new entries as seeds under `seeds_dir`.

    `now` dates the seeds (an aware datetime in the briefing's time zone;
    default: now, UTC). `network` resolves host names and judges addresses
    (tests pass their own); `verify` is the TLS context that checks
    certificates (default: certifi's, as httpx's). A page larger than
    `max_seed_bytes` (limits.max_file_bytes: what a run reads) is not
    written: every run would skip it. Once `stop` is set (a scheduler stopping), no request starts, and a wait
    for one ends (`sleep`, a test's, waits otherwise). Raises SeedWriteError when
    a seed cannot be written (a full disk will not get better), and whatever
    the store raises; every other problem is a line of the report.
    """
    started = time.monotonic()
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    if now.tzinfo is None:
        now = now.astimezone()
    writer = SeedWriter(Path(seeds_dir))
    writer.remove_stale_temporaries()
    cutoff = Cutoff(started + settings.max_time if settings.max_time else float("inf"), settings.max_time, stop)
    if sleep is None:
        sleep = stop.wait if stop is not None else time.sleep
    with PoliteClient(settings, network, sleep=sleep, verify=verify, cutoff=cutoff) as http:
        run = _Run(settings, writer, store, http, now, max_seed_bytes)
        for source in sources:
            if source.enabled:
                run.sources += 1
                if run.out_of_time():
                    run.fail(_SourceRun(source), f"not read: {run.out_of_time_reason}")
                    continue
                run.start_source(source)
        run.run_page_jobs()
        return FetchReport(
            sources=run.sources, fetched=run.fetched, not_modified=run.not_modified, new=len(run.written),
            duplicates=run.duplicates, failures=tuple(run.failures), written=tuple(run.written),
            requests=http.requests, seconds=time.monotonic() - started,
        )


class _Run:
    def __init__(self, settings: FetchSettings, writer: SeedWriter, store: FetchStore, http: PoliteClient,
                 now: dt.datetime, max_seed_bytes: int | None = None) -> None:
        self.settings = settings
        self.max_seed_bytes = max_seed_bytes
        self.writer = writer
        self.store = store
        self.http = http
        self.now = now
        self.sources = self.fetched = self.not_modified = self.duplicates = 0
        self.failures: list[str] = []
        self.written: list[Path] = []
        self.queues: dict[str, deque[_PageJob]] = {}
        # Url keys that failed this fetch (not tried again from another feed), and whether it may work later.
        self.failed_urls: dict[str, bool] = {}

    def fail(self, run: _SourceRun, reason: str, entry: str | None = None, transient: bool = False) -> None:
        where = f"{run.source.name}: " + (f"{entry}: " if entry else "")
        line = printable(where + reason)
        self.failures.append(line if len(line) <= 600 else line[:599] + "…")
        run.transient_failure = run.transient_failure or transient

    # --- phase 1: feeds ---------------------------------------------------------------

    def start_source(self, source: Source) -> None:
        run = _SourceRun(source)
        if problem := self.writer.folder_problem(source.slug):
            # (The seeds folder's own problems, a full disk, stop the fetch; this is one source's.)
            self.fail(run, problem)
            return
        try:
            if source.page:
                self._queue_page_source(run)
            else:
                self._read_feed(run)
        except FetchError as error:
            self.fail(run, str(error), transient=error.transient)
        self._maybe_store_validators(run)

    def _queue_page_source(self, run: _SourceRun) -> None:
        page = run.source.page or ""
        key = url_key(page)
        if self.store.seed_of(key):
            self.not_modified += 1  # a page is fetched once
            return
        run.intranet = self.http.is_private_source(page)
        self._queue(_PageJob(run, page, None, [key]))

    def _read_feed(self, run: _SourceRun) -> None:
        source = run.source
        feed_url = source.feed or ""
        run.intranet = self.http.is_private_source(feed_url)
        try:
            response = self.http.get_feed(feed_url, allow_private=run.intranet,
                                          validators=self.store.get_validators(feed_url), refuse=feed_media_problem)
            run.intranet = response.reach  # (public, if a public server answered: see Response.reach)
            feed = None if response.status == 304 else parse_feed(response.body, url=response.url,
                                                                  content_type=response.content_type)
        except FetchError:
            raise
        except Exception as error:  # a bug, or a library tripping on hostile input: this source only
            log.debug("fetching %s", printable(feed_url), exc_info=True)
            raise FetchError(f"unexpected error: {type(error).__name__}: {error}") from error
        if feed is None:
            self.not_modified += 1
            return
        self.fetched += 1
        run.validators = (response.etag, response.last_modified)
        oldest = self.now - dt.timedelta(seconds=self.settings.max_age) if self.settings.max_age else None
        # The first max_entries of those within max_age: a feed listed oldest first has its new ones last. A date
        # no article has (1 January 1970, a CMS's zero) is no date, as it is for the seed's: such an entry was
        # left alone as old, every fetch, without a word.
        recent = [entry for entry in feed.entries
                  if oldest is None or (published := self._published(entry)) is None or published >= oldest]
        for number, entry in enumerate(recent[: self.settings.max_entries], start=1):
            own_text = not (source.full_text and entry.link is not None)
            keys = entry_keys(feed_url, entry, own_text)
            if written_seed(self.store, keys):
                self.duplicates += 1
            elif own_text:
                self._write_feed_text(run, entry, keys, number)
            elif problem := scheme_problem(entry.link):
                self.fail(run, f"refused: {problem}", entry=entry.link)
            else:
                self._queue(_PageJob(run, entry.link, entry, keys))

    def _queue(self, job: _PageJob) -> None:
        host = (urllib.parse.urlsplit(job.url).hostname or "").lower()
        self.queues.setdefault(host, deque()).append(job)
        job.run.pending += 1

    # --- writing ---------------------------------------------------------------------

    def _day(self, published: dt.datetime | None) -> dt.date:
        return (published or self.now).astimezone(self.now.tzinfo).date()

    def _published(self, entry: Entry | None) -> dt.datetime | None:
        published = entry.published if entry else None
        if published is None or not _EARLIEST <= published <= self.now + dt.timedelta(days=2):
            return None  # missing, or a date no article has: the file is dated by the fetch
        return published

    def _metadata(self, run: _SourceRun, entry: Entry | None, url: str | None,
                  published: dt.datetime | None, charset: str | None = None) -> dict[str, Any]:
        candidate = {
            "title": entry.title if entry else None,
            "source": run.source.name,
            "url": canonical_url(url) if url else None,
            "published": published,
            "section": run.source.section,
            "author": entry.author if entry else None,
            # No `lang`: a feed's language is a hint, not a promise (one in English lists pages in German), and
            # the page's text says its own (as for a .md seed, see writer.markdown_seed).
            "tags": entry.tags if entry else (),
            "feed": run.source.feed,
            "fetched": self.now,
            "charset": charset,
        }
        meta = {}
        for key, value in candidate.items():
            if value in (None, "", ()):
                continue
            try:  # a value the sidecar format would refuse is left out, not fatal
                validate_metadata({key: value})
            except SidecarError:
                continue
            meta[key] = value
        return meta

    def _record(self, path: Path, keys: list[str]) -> None:
        self.store.mark_seen(list(dict.fromkeys(keys)), path.relative_to(self.writer.root).as_posix())
        self.written.append(path)

    def _write_feed_text(self, run: _SourceRun, entry: Entry, keys: list[str], number: int = 0) -> None:
        """A `.md` seed from the feed's own text (full_text = false, or an entry without a link)."""
        markup = entry.content_html or entry.summary_html
        paragraphs = html_to_paragraphs(markup) if markup else []
        if not paragraphs:
            reason = "entry has no link" if run.source.full_text else "entry carries no text (full_text = false)"
            # (An entry of nothing, as a feed cut short ends in, by its place: "failed: News: entry has no link".)
            self.fail(run, reason, entry=entry.link or entry.title or entry.id or f"entry {number} of the feed")
            return
        # The same title and text are the same entry, whatever its link (changed, added, or another
        # feed's); entries of their own may share a teaser ("The full story is on our website").
        told = "\n\n".join([entry.title or "", *paragraphs])
        text_key = "sha256:" + hashlib.sha256(told.encode("utf-8")).hexdigest()
        if self.store.seed_of(text_key):
            self.duplicates += 1
            return
        link = entry.link if entry.link and scheme_problem(entry.link) is None else None
        published = self._published(entry)
        if not entry.title:
            # A post without a title (Mastodon, micro.blog, a JSON Feed note): its first sentence, not the file name.
            entry = dataclasses.replace(entry, title=title_of_post(paragraphs[0]))
        meta = self._metadata(run, entry, link, published)
        content = markdown_seed(meta, paragraphs).encode("utf-8")
        if self.max_seed_bytes is not None and len(content) > self.max_seed_bytes:
            # (As a page over it is: written, it was skipped by every run after, "too large".)
            self.fail(run, f"too large for a seed: {len(content):,} bytes (limit {self.max_seed_bytes:,}, "
                           "limits.max_file_bytes)", entry=link or entry.title or entry.id)
            return
        # A link to an anchor of a page ("#post-2") is one post of that page's: told by its text, not its page's
        # address (a live blog's posts, all "Live updates", each took the path of the one before).
        by_link = link if link is None or "#" not in link else None
        path = self.writer.place(run.source.slug, self._day(published), entry.title, by_link, ".md", text_key,
                                 content=content)
        self.writer.write_markdown(path, meta, paragraphs)
        self._record(path, keys + [text_key])

    # --- phase 2: pages -----------------------------------------------------------------

    def out_of_time(self, start: float | None = None) -> bool:
        return self.http.cutoff.reason(time.monotonic() if start is None else start) is not None

    @property
    def out_of_time_reason(self) -> str:
        return self.http.cutoff.reason(time.monotonic()) or "left for the next fetch"

    def _leave_the_rest(self, reason: str | None = None) -> None:
        """Every page job not done, left for the next fetch (the feeds' validators are not stored): one line a
        source. A feed whose entries sit on many host names, each dripping to its deadline, cost them all."""
        left: dict[int, tuple[_SourceRun, int]] = {}
        for queue in self.queues.values():
            for job in queue:
                job.run.transient_failure = True
                job.run.pending -= 1
                left[id(job.run)] = (job.run, left.get(id(job.run), (job.run, 0))[1] + 1)
        self.queues.clear()
        for run, count in left.values():
            self.fail(run, f"{count} entr{'y' if count == 1 else 'ies'} not fetched: {reason or self.out_of_time_reason}")

    def run_page_jobs(self) -> None:
        while self.queues:
            if self.out_of_time():
                self._leave_the_rest()
                return
            # The host that may be asked soonest; among equals, the first queued.
            host = min(self.queues, key=lambda h: self.http.ready_at(self.queues[h][0].url))
            if self.out_of_time(soonest := self.http.ready_at(self.queues[host][0].url)):
                # (A Crawl-delay's wait that would end past fetch.max_time: so would every other host's.)
                self._leave_the_rest(self.http.cutoff.reason(soonest))
                return
            queue = self.queues[host]
            job = queue.popleft()
            if not queue:
                del self.queues[host]
            try:
                self._page_job(job)
            except BaseException:
                # Cut short (Ctrl+C, a seed that could not be written): the entry is not done, so the feed's
                # validators are not stored, and the next fetch asks for the whole feed again.
                job.run.transient_failure = True
                raise
            finally:
                job.run.pending -= 1
                self._maybe_store_validators(job.run)

    def _page_job(self, job: _PageJob) -> None:
        run, entry = job.run, job.entry
        if written_seed(self.store, job.keys):  # written from another feed this fetch
            self.duplicates += 1
            return
        link_key = url_key(job.url)
        if link_key in self.failed_urls:
            # Failed for another feed this fetch, and reported there; if it may work later, this feed's
            # entry waits for it too (its validators are not stored).
            run.transient_failure = run.transient_failure or self.failed_urls[link_key]
            return
        try:
            response = self.http.get_page(job.url, allow_private=run.intranet, refuse=page_media_problem)
            suffix = seed_suffix(response)
            if self.max_seed_bytes is not None and len(response.body) > self.max_seed_bytes:
                raise FetchError(f"too large for a seed: {len(response.body):,} bytes "
                                 f"(limit {self.max_seed_bytes:,}, limits.max_file_bytes)")
            if (problem := body_problem(response)) is not None:
                raise FetchError(problem)
        except FetchError as error:
            self.failed_urls[link_key] = error.transient
            self.fail(run, str(error), entry=job.url, transient=error.transient)
            return
        except Exception as error:  # a bug, or a library tripping on hostile input: this entry only
            log.debug("fetching %s", printable(job.url), exc_info=True)
            self.failed_urls[link_key] = False
            self.fail(run, f"unexpected error: {type(error).__name__}: {error}", entry=job.url)
            return
        if run.source.page:
            self.fetched += 1
        keys = job.keys + [url_key(response.url), "sha256:" + hashlib.sha256(response.body).hexdigest()]
        # Redirected to, or identical with, a seed already written: this entry is that seed too (not asked for again).
        if (known := next((seed for key in keys[len(job.keys):] if (seed := self.store.seed_of(key))), None)):
            if known.startswith(f"{run.source.slug}/") and is_walled(
                    response.body, entry.title if entry else None, response.charset, self.writer.root / known):
                # Another entry's of this feed, and a page of neither's headline: two of its articles do not
                # answer with one page, but a cookie wall, a block ("not available in your region") or an error
                # page does, for every link, fetch after fetch. Each was taken for that seed, for good, with
                # nothing said. (The same article listed again, under another link, shows a headline of its; another
                # feed's link to it, an aggregator's, is that seed.)
                self.fail(run, f"answered with the same page as {known} (a cookie wall, a block or an error page?); "
                               "left for the next fetch", entry=job.url, transient=True)
                return
            self.duplicates += 1
            self.store.mark_seen(list(dict.fromkeys(job.keys)), known)
            return
        published = self._published(entry)
        charset = response.charset if known_charset(response.charset) else None
        meta = self._metadata(run, entry, response.url, published, charset)
        path = self.writer.place(run.source.slug, self._day(published), entry.title if entry else None,
                                 response.url, suffix)
        self.writer.write_page(path, response.body, meta)
        self._record(path, keys)

    def _maybe_store_validators(self, run: _SourceRun) -> None:
        if run.pending or run.validators is None or run.transient_failure:
            return
        etag, last_modified = run.validators
        self.store.set_validators(run.source.feed or "", etag, last_modified)
        run.validators = None
