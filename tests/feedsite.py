"""A real HTTP server on 127.0.0.1 playing news sites, and the feeds and pages they serve.

Nothing here reaches the internet: the server binds 127.0.0.1, and where a
test needs a public-looking host name, FakeNetwork resolves it to 127.0.0.1
and calls it public. HTTP/1.1 keep-alive, so a test can see connections
reused, and each route can drip bytes, never end a body, or sleep.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from briefing.config import FetchSettings, Source
from briefing.ingest.fetch.addresses import Network

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
CONTACT = "https://example.org/briefing-contact"


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    client_port: int


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable[["Handler"], None] | None = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be seen
    server: "_Server"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site: NewsSite = self.server.site
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, self.client_address[1])
        with site.lock:
            site.log.append(seen)
        route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self.send_plain(404, b"not found")
            return
        if route.handler is not None:
            route.handler(self)
            return
        if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
            self.send_response(304)
            if route.etag:
                self.send_header("ETag", route.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)

    def send_plain(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Type", "text/plain")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: "NewsSite"

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up on a slow or endless response is what the tests do


class NewsSite:
    """Routes by path; records every request."""

    def __init__(self, tls=None) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Seen] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.site = self
        self.scheme = "http"
        if tls is not None:  # an ssl.SSLContext with the server's certificate
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200, content_type: str | None = "text/html; charset=utf-8",
            etag: str | None = None, last_modified: str | None = None, headers: dict[str, str] | None = None) -> None:
        all_headers = dict(headers or {})
        if content_type:
            all_headers["Content-Type"] = content_type
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, status, all_headers, etag,
                                  last_modified)

    def handle(self, path: str, handler: Callable[[Handler], None]) -> None:
        self.routes[path] = Route(handler=handler)

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [seen for seen in self.log if seen.path == path]

    def paths(self) -> list[str]:
        with self.lock:
            return [seen.path for seen in self.log]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def fast_settings(**changes) -> FetchSettings:
    """Settings that keep the tests fast: no delay, short timeouts, short backoff, no age limit."""
    values = dict(
        contact=CONTACT, delay=0.0, connect_timeout=2.0, read_timeout=2.0, deadline=5.0,
        max_bytes=2_000_000, max_decompressed_bytes=4_000_000, max_entries=30, max_age=0.0,
        retries=2, retry_backoff=0.05, max_retry_wait=3.0,
    )
    values.update(changes)
    return FetchSettings(**values)


class FakeNetwork(Network):
    """Made-up host names that resolve to 127.0.0.1 and count as public: a public site, played locally."""

    def __init__(self, public_hosts: dict[str, str]) -> None:
        self.public_hosts = public_hosts

    def resolve(self, host: str, port: int) -> list[str]:
        if host in self.public_hosts:
            return [self.public_hosts[host]]
        return super().resolve(host, port)

    def is_public(self, host, address) -> bool:
        return host in self.public_hosts or super().is_public(host, address)


def article_page(title: str, paragraphs: int = 4, extra: str = "") -> str:
    """A small article page, in the shape of a news site's."""
    words = hashlib.sha256(title.encode()).hexdigest()
    body = "\n".join(
        f"    <p>{title} paragraph {n}: officials said on Tuesday that the plan, code {words[n:n + 8]}, "
        f"would go ahead after months of talks with residents and local businesses.</p>"
        for n in range(paragraphs)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} | Example News</title>
<link rel="canonical" href="https://news.example/{title.lower().replace(' ', '-')}"></head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <article>
    <h1>{title}</h1>
    <p class="byline">By A. Reporter</p>
{body}
  </article>
  {extra}
  <footer>Copyright Example News</footer>
</body>
</html>
"""


def rss2(items: list[dict], title: str = "Example News - World") -> str:
    out = []
    for item in items:
        out.append(f"""    <item>
      <title>{item['title']}</title>
      <link>{item['link']}</link>
      <guid isPermaLink="false">{item.get('guid', item['link'])}</guid>
      <pubDate>{item.get('date', 'Tue, 24 Nov 2026 08:30:00 GMT')}</pubDate>
      <description>{item.get('description', 'A short summary of the story.')}</description>
      <category>World</category>
      <dc:creator>A. Reporter</dc:creator>
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{title}</title>
    <link>https://news.example/world</link>
    <description>The latest world news</description>
    <language>en-gb</language>
    <lastBuildDate>Tue, 24 Nov 2026 09:00:00 GMT</lastBuildDate>
    <ttl>15</ttl>
{chr(10).join(out)}
  </channel>
</rss>
"""


@functools.lru_cache(maxsize=2)
def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped: about a thousandth of that on the wire. Made once per test session."""
    return gzip.compress(b"\0" * size, compresslevel=9)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def feed_source(name: str, url: str, **kw) -> Source:
    return Source(name=name, feed=url, **kw)
