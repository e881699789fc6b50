"""Fetching as a good citizen of the web: redirects, retries, pacing and robots.txt over the wire (http.py).

- At most one request at a time (a fetch is single-threaded) and
  `fetch.delay` seconds between requests to one host; robots.txt
  `Crawl-delay` raises that, up to 30 s.
- robots.txt honoured for pages (not for the feeds the user configured, as
  feed readers do), per origin, once per fetch, as RFC 9309 says: a 4xx
  robots.txt allows everything, an unreachable one (5xx, a timeout) nothing.
- Redirects followed by hand, at most `fetch.max_redirects`, each hop checked
  like the first: http/https only, its addresses, its robots.txt, loops.
- 429 and 5xx retried `fetch.retries` times with backoff, honouring
  Retry-After, never waiting more than `fetch.max_retry_wait` in all for one
  request; a host that asks for a longer wait gets no more requests this fetch.
- Conditional requests for feeds: ETag and Last-Modified sent back, so an
  unchanged feed costs one 304.
"""

from __future__ import annotations

import http
import ipaddress
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Mapping

from ...config import FetchSettings
from ...errors import AddressRefused, FetchError
from ...text import printable
from .addresses import Network, Reach, ResolveTimeout, checked_addresses, is_metadata_address
from .headers import content_type, refresh_location, retry_after, validator
from .http import MediaCheck, RobotsRules, TimedOut, Wire
from .urls import fetchable_url, scheme_problem

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The answers that carry the whole of what was asked for (203: the whole, through a transforming proxy).
WHOLE = frozenset({200, 203})
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
ROBOTS_MAX_BYTES = 512_000
MAX_CRAWL_DELAY = 30.0
# A host that timed out this many times in a row (connecting, reading, or past the deadline; a page or feed
# delivered between starts the count again) gets no more requests this fetch: a server that drips a byte a second cost the
# deadline for every one of a feed's thirty entries.
MAX_TIMEOUTS = 2


@dataclass(frozen=True)
class Response:
    url: str  # the address that answered, after redirects
    status: int  # 200, or 304 for a conditional request
    content_type: str | None  # the media type, lower case, without parameters
    charset: str | None
    etag: str | None
    last_modified: str | None
    body: bytes
    # What the links of the feed (or the page) may reach: the request's own reach, or Reach.PUBLIC when the
    # server that answered (at any hop) is at a public address, whatever the host's address looked like before.
    reach: int = Reach.PUBLIC


@dataclass(frozen=True)
class _Robots:
    rules: RobotsRules | None  # None: everything allowed, unless unreachable
    unreachable: str | None = None  # why nothing may be fetched from this origin

    def allows(self, url: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.rules is None or self.rules.allows(url)


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def _shown(text: str, most: int = 200) -> str:
    return printable(text if len(text) <= most else text[: most - 1] + "…")


@dataclass(frozen=True)
class Cutoff:
    """When a fetch starts no more requests: from `at` on (time.monotonic(); fetch.max_time), or once `stop` is
    set (a scheduler stopping). Checked before every request, and before and after every wait for one: a
    retry's backoff or a Crawl-delay waited through it (a 503 retried at +20 and +60 s in a fetch of 3 s)."""

    at: float = float("inf")
    max_time: float = 0.0
    stop: threading.Event | None = None

    def reason(self, start: float) -> str | None:
        """Why no request may start at `start`; None if one may."""
        if self.stop is not None and self.stop.is_set():
            return "the fetch was stopped; left for the next fetch"
        if start >= self.at:
            late = "the fetch ran past" if time.monotonic() >= self.at else "its host's next request would start past"
            return f"{late} fetch.max_time ({self.max_time:g}s); left for the next fetch"
        return None


class PoliteClient:
    """The fetcher's client for one fetch. Use as a context manager."""

    def __init__(self, settings: FetchSettings, network: Network | None = None, *,
                 sleep: Callable[[float], None] = time.sleep, verify: ssl.SSLContext | None = None,
                 cutoff: Cutoff = Cutoff()) -> None:
        self.settings = settings
        self.network = network or Network()
        self.cutoff = cutoff
        self._sleep = sleep
        self._wire = Wire(settings, self.network, verify)
        self._robots: dict[str, _Robots] = {}
        self._ready: dict[str, float] = {}  # host -> time.monotonic() of its next allowed request
        self._blocked: dict[str, float] = {}  # host -> until when it asked for no requests
        self._crawl_delay: dict[str, float] = {}
        self._unresolved: dict[str, str] = {}  # host -> why its name had no answer in time
        self._timeouts: dict[str, int] = {}  # host -> its timeouts since it last delivered
        self._slow: dict[str, str] = {}  # host -> its last timeout, once it has had MAX_TIMEOUTS

    @property
    def requests(self) -> int:
        return self._wire.requests

    def close(self) -> None:
        self._wire.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public ---------------------------------------------------------------------

    def get_feed(self, url: str, *, allow_private: int, validators: tuple[str | None, str | None] = (None, None),
                 refuse: MediaCheck | None = None) -> Response:
        """GET a feed, conditionally when validators are given: status 200, or 304 if unchanged.

        `refuse(media_type)` may give a reason to refuse a response by its
        Content-Type before its body is downloaded.
        """
        headers = {"Accept": FEED_ACCEPT}
        etag, last_modified = validators
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, allow_private=allow_private, robots=False,
                            conditional=bool(etag or last_modified), refuse=refuse)

    def get_page(self, url: str, *, allow_private: int, refuse: MediaCheck | None = None) -> Response:
        """GET an article page, if robots.txt allows it (`refuse` as for get_feed)."""
        return self._follow(url, {"Accept": PAGE_ACCEPT}, allow_private=allow_private, robots=True, refuse=refuse)

    def is_private_source(self, url: str) -> Reach:
        """What the links of a source at `url` may reach: Reach.PUBLIC unless all the addresses of its host
        are non-public (an intranet feed); Reach.ANY if one of those is link-local (addresses.Reach)."""
        host, port = _host_port(url)
        ips = [ipaddress.ip_address(a.split("%")[0]) for a in self._checked(host, port, allow_private=Reach.ANY)]
        if any(self.network.is_public(host, ip) for ip in ips):
            return Reach.PUBLIC
        return Reach.ANY if any(is_metadata_address(ip) for ip in ips) else Reach.PRIVATE

    def _is_public_server(self, host: str, server: str) -> bool:
        try:
            return self.network.is_public(host, ipaddress.ip_address(server.split("%")[0]))
        except ValueError:
            return False

    def ready_at(self, url: str) -> float:
        """The time.monotonic() at which a request to the host of `url` may start."""
        try:
            return self._ready.get(_host(url), 0.0)
        except ValueError:
            return 0.0

    def _checked(self, host: str, port: int, allow_private: int) -> list[str]:
        """checked_addresses, within fetch.connect_timeout; a host whose name had no answer in time this
        fetch is not asked again (each of a feed's thirty entries would wait as long)."""
        key = host.lower()
        if key in self._unresolved:
            raise FetchError(self._unresolved[key], transient=True)
        try:
            return checked_addresses(self.network, host, port, allow_private, timeout=self.settings.connect_timeout)
        except ResolveTimeout as error:
            self._unresolved[key] = f"{error} (fetch.connect_timeout)"
            raise FetchError(self._unresolved[key], transient=True) from None

    # --- redirects and retries ------------------------------------------------------------

    def _follow(self, url: str, headers: Mapping[str, str], *, allow_private: int, robots: bool,
                conditional: bool = False, max_bytes: int | None = None, refuse: MediaCheck | None = None,
                truncate: bool = False) -> Response:
        problem = scheme_problem(url)
        if problem:
            raise FetchError(f"refused {_shown(url)}: {problem}")
        current = fetchable_url(url)
        visited: list[str] = []
        for _ in range(self.settings.max_redirects + 1):
            host, port = _host_port(current)
            self._checked(host, port, allow_private)  # a clear refusal before any request
            if robots:
                rules = self._robots_for(current, allow_private)
                if rules.unreachable is not None:
                    raise FetchError(rules.unreachable, transient=True)
                if not rules.allows(current):
                    raise FetchError(f"robots.txt of {_shown(host, 100)} disallows {_shown(current)}")
            status, response_headers, body, server = self._request(current, headers, allow_private, max_bytes,
                                                                   refuse, truncate)
            if allow_private and (server is None or self._is_public_server(host, server)):
                # A source is an intranet one by its host's addresses, looked up before: a host whose name
                # answers a private address to that look-up and its own public one after (its owner's DNS)
                # served it from a public server, which may not lead anywhere a public one may not. (A server
                # whose address is not known is taken for one.)
                allow_private = Reach.PUBLIC
            location = (response_headers.get("location") or "").strip() if status in REDIRECTS else None
            if location == "":
                raise FetchError(f"{_status_text(status)} without a Location")
            if status in WHOLE and location is None:
                # A page that only sends its reader on (a meta refresh: an aggregator's interstitial) is followed
                # as a redirect is: it was written as the article, and the article never fetched.
                location = refresh_location(content_type(response_headers.get("content-type"))[0], body)
                if location and not _elsewhere(urllib.parse.urljoin(current, location), current):
                    location = None  # (a page that reloads itself, or sends on to what is never fetched: the page)
            if location:
                target = urllib.parse.urljoin(current, location)
                problem = scheme_problem(target)
                if problem:
                    raise FetchError(f"redirected to {_shown(target)}: {problem}")
                target = fetchable_url(target)
                visited.append(current)
                if target in visited:  # exact addresses: /a?utm_source=x -> /a is no loop
                    raise FetchError(f"redirect loop: {_shown(current)} -> {_shown(target)}")
                current = target
                continue
            if status == 304 and conditional:
                return Response(current, 304, None, None, None, None, b"", allow_private)
            if status not in WHOLE:
                # A 206 is a part of the body (no Range was asked for: a broken cache or server), a 204 none:
                # neither is the feed or the page, which would be read and kept as if it were.
                reason = " (a part of it, though no part was asked for)" if status == 206 else ""
                raise FetchError(_status_text(status) + reason, status=status,
                                 transient=status in RETRY_STATUSES or status in (206, 408))
            media, charset = content_type(response_headers.get("content-type"))
            return Response(current, 200, media, charset, validator(response_headers.get("etag")),
                            validator(response_headers.get("last-modified")), body, allow_private)
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def _request(self, url: str, headers: Mapping[str, str], allow_private: int, max_bytes: int | None,
                 refuse: MediaCheck | None, truncate: bool = False) -> tuple[int, Mapping[str, str], bytes, str | None]:
        """One GET, retried after a 429 or 5xx as the settings allow: as Wire.get."""
        host = _host(url)
        waited = 0.0
        attempt = 0
        while True:
            self._pace(host)
            try:
                status, response_headers, body, server = self._wire.get(
                    url, headers, allow_private=allow_private, max_bytes=max_bytes, refuse=refuse, truncate=truncate)
            except TimedOut as error:
                self._timeouts[host] = self._timeouts.get(host, 0) + 1
                if self._timeouts[host] >= MAX_TIMEOUTS:
                    self._slow[host] = str(error)
                raise
            finally:
                self._ready[host] = max(self._ready.get(host, 0.0), time.monotonic() + self._delay(host))
            if status in WHOLE or status == 304:
                # It delivered: one slow page is no slow host. (A redirect or an error is no delivery: a host
                # whose every link redirects, fast, to a page that drips would cost a deadline an entry again.)
                self._timeouts.pop(host, None)
            if status not in RETRY_STATUSES:
                return status, response_headers, body, server
            asked = retry_after(response_headers)
            wait = asked if asked is not None else self.settings.retry_backoff * (2 ** attempt)
            if attempt >= self.settings.retries:
                tried = f" (tried {attempt + 1} times)" if attempt else ""
                raise FetchError(f"{_status_text(status)}{tried}", transient=True, status=status)
            if waited + wait > self.settings.max_retry_wait:
                if asked is not None:
                    self._blocked[host] = time.monotonic() + asked
                asks = (f"the server asks to wait {wait:.0f}s more, {waited + wait:.0f}s in all" if waited
                        else f"the server asks to wait {wait:.0f}s")
                raise FetchError(
                    f"{_status_text(status)}: {asks}, more than "
                    f"fetch.max_retry_wait ({self.settings.max_retry_wait:g}s); left for the next fetch",
                    transient=True, status=status,
                )
            if self.cutoff.reason(time.monotonic() + wait) is not None:
                why = self.cutoff.reason(time.monotonic()) or (f"{wait:.0f}s later is past fetch.max_time "
                                                               f"({self.cutoff.max_time:g}s); left for the next fetch")
                raise FetchError(f"{_status_text(status)}: not tried again: {why}", transient=True, status=status)
            waited += wait
            attempt += 1
            self._ready[host] = max(self._ready.get(host, 0.0), time.monotonic() + wait)

    def _delay(self, host: str) -> float:
        return max(self.settings.delay, self._crawl_delay.get(host, 0.0))

    def _pace(self, host: str) -> None:
        if host in self._slow:
            raise FetchError(f"left for the next fetch: {_shown(host, 100)} timed out {MAX_TIMEOUTS} times in a row "
                             f"in this fetch (the last: {self._slow[host]})", transient=True)
        now = time.monotonic()
        until = self._blocked.get(host)
        if until is not None and until > now:
            raise FetchError(f"{_shown(host, 100)} asked for no requests for {until - now:.0f}s more (Retry-After); "
                             "left for the next fetch", transient=True)
        ready = self._ready.get(host, 0.0)
        if (why := self.cutoff.reason(now)) is not None:
            raise FetchError(why, transient=True)
        if self.cutoff.reason(ready) is not None:
            raise FetchError(f"the wait of {ready - now:.0f}s for {_shown(host, 100)} (its Crawl-delay, a retry's "
                             f"backoff or fetch.delay) would end past fetch.max_time ({self.cutoff.max_time:g}s); "
                             "left for the next fetch", transient=True)
        if ready > now:
            self._sleep(ready - now)
            if (why := self.cutoff.reason(time.monotonic())) is not None:  # stopped while it waited
                raise FetchError(why, transient=True)

    # --- robots.txt -----------------------------------------------------------------------

    def _robots_for(self, url: str, allow_private: int) -> _Robots:
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, allow_private)
        return self._robots[origin]

    def _load_robots(self, origin: str, allow_private: int) -> _Robots:
        try:
            # RFC 9309: a robots.txt is parsed up to at least 500 KiB; what is past that is not read.
            response = self._follow(origin + "/robots.txt", {"Accept": "text/plain"}, allow_private=allow_private,
                                    robots=False, max_bytes=ROBOTS_MAX_BYTES, truncate=True)
        except AddressRefused:
            raise  # the page is refused for the same reason
        except FetchError as error:
            # RFC 9309: robots.txt "unavailable" (4xx) allows everything; "unreachable"
            # (5xx, network errors) allows nothing. A 429 counts as unreachable.
            if error.status is not None and (400 <= error.status < 500 and error.status != 429
                                             or 200 <= error.status < 300 and error.status != 206):
                return _Robots(None)  # (a 204: an empty robots.txt; a 206, a part of one, is unreachable)
            return _Robots(None, unreachable=f"robots.txt of {_shown(origin, 100)} unreachable ({error}): "
                                             "its pages are left for the next fetch")
        try:
            rules = RobotsRules(response.body.decode("utf-8", "replace"))
            delay = rules.crawl_delay()
        except Exception:  # a robots.txt the parser cannot read says nothing
            return _Robots(None)
        if delay:
            self._crawl_delay[_host(origin)] = min(delay, MAX_CRAWL_DELAY)
        return _Robots(rules)


def _host_port(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https" else 80)


def _elsewhere(target: str, current: str) -> bool:
    return scheme_problem(target) is None and fetchable_url(target) != current


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
