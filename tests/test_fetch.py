"""fetch_sources against a real HTTP server on 127.0.0.1: formats, politeness, limits, hostile input.

The library under the CLI, with briefing's own state store; tests/test_fetch_cli.py drives `briefing fetch`.
"""

from __future__ import annotations

import dataclasses
import html
import json
import threading
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from briefing.config import Source
from briefing.ingest.fetch import fetch_sources
from briefing.ingest.readers import read_article
from briefing.ingest.sidecar import is_sidecar_name, read_sidecar, sidecar_path
from briefing.state import State
from feedsite import NOW, CONTACT, FakeNetwork, article_page, fast_settings, feed_source, gzip_bomb, rss2


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


@pytest.fixture
def store(tmp_path: Path, seeds: Path):
    with State(tmp_path / ".briefing" / "state.sqlite3", tmp_path / "out", seeds) as state:
        yield state


@pytest.fixture
def settings():
    return fast_settings()

RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="{base}/rdf.xml">
    <title>Science Desk</title>
    <link>{base}/science</link>
    <description>Research news</description>
    <items><rdf:Seq><rdf:li rdf:resource="{base}/science/comet.html"/></rdf:Seq></items>
  </channel>
  <item rdf:about="{base}/science/comet.html">
    <title>Comet returns after 70 years</title>
    <link>{base}/science/comet.html</link>
    <description>Astronomers welcome a familiar visitor.</description>
    <dc:date>2026-11-24T07:15:00Z</dc:date>
    <dc:subject>Space</dc:subject>
  </item>
</rdf:RDF>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Lokales</title>
  <id>tag:news.example,2026:lokales</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <link rel="self" href="{base}/atom.xml"/>
  <entry>
    <title>Brücke wieder offen</title>
    <id>tag:news.example,2026:/lokales/1</id>
    <link rel="alternate" type="text/html" href="/atom/bruecke.html"/>
    <published>2026-11-24T06:00:00+01:00</published>
    <updated>2026-11-24T06:30:00+01:00</updated>
    <author><name>Eine Reporterin</name></author>
    <summary>Nach acht Monaten ist die Hafenbrücke wieder befahrbar.</summary>
  </entry>
</feed>
"""


def json_feed(base: str) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Tech Notes",
        "home_page_url": f"{base}/tech",
        "feed_url": f"{base}/feed.json",
        "language": "en",
        "items": [{
            "id": "tech-1",
            "url": f"{base}/tech/batteries",
            "title": "Batteries that last a decade",
            "content_html": "<p>A lab in the north has built cells that keep 90 percent of their charge "
                            "after ten years of daily use.</p><script>alert(1)</script>"
                            "<p>The team says factories could make them within five years.</p>",
            "date_published": "2026-11-23T18:00:00Z",
            "tags": ["energy", "research"],
        }],
    })


def pages(folder: Path) -> list[Path]:
    """The files the seed scanner would read: not hidden, not sidecars."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".") and not is_sidecar_name(p.name))


def test_every_feed_format_becomes_seeds_with_sidecars(server, settings, store, seeds):
    base = server.url("")
    server.add("/rss.xml", rss2([
        {"title": "Harbour bridge reopens", "link": f"{base}/world/bridge.html", "guid": "bridge-1"},
        {"title": "Rail talks resume", "link": f"{base}/world/rail.html?utm_source=rss&utm_medium=feed",
         "date": "Mon, 23 Nov 2026 17:00:00 +0100"},
    ]), content_type="application/rss+xml", etag='"rss-v1"')
    server.add("/world/bridge.html", article_page("Harbour bridge reopens"))
    server.add("/world/rail.html", article_page("Rail talks resume"))
    server.add("/rdf.xml", RDF.format(base=base), content_type="application/rdf+xml")
    server.add("/science/comet.html", article_page("Comet returns after 70 years"))
    server.add("/atom.xml", ATOM.format(base=base), content_type="application/atom+xml")
    server.add("/atom/bruecke.html", article_page("Brücke wieder offen"))
    server.add("/feed.json", json_feed(base), content_type="application/feed+json")
    sources = [
        feed_source("Example World", server.url("/rss.xml"), section="World"),
        feed_source("Science Desk", server.url("/rdf.xml")),
        feed_source("Lokales", server.url("/atom.xml"), section="Lokal"),
        feed_source("Tech Notes", server.url("/feed.json"), full_text=False),
    ]

    report = fetch_sources(sources, settings, seeds, store, now=NOW)

    assert list(report.failures) == []
    assert (report.sources, report.new, report.not_modified) == (4, 5, 0)
    assert report.summary_line().startswith("fetch: 4 sources, 5 new entries, 0 unchanged, 0 failed (")
    names = [p.relative_to(seeds).as_posix() for p in pages(seeds)]
    assert names == [
        "example-world/2026-11-23-rail-talks-resume.html",
        "example-world/2026-11-24-harbour-bridge-reopens.html",
        "lokales/2026-11-24-brucke-wieder-offen.html",
        "science-desk/2026-11-24-comet-returns-after-70-years.html",
        "tech-notes/2026-11-23-batteries-that-last-a-decade.md",
    ]
    bridge = seeds / "example-world/2026-11-24-harbour-bridge-reopens.html"
    assert bridge.read_bytes() == server.routes["/world/bridge.html"].body  # the page as fetched
    meta = read_sidecar(bridge)
    assert meta["title"] == "Harbour bridge reopens"
    assert meta["source"] == "Example World"
    assert meta["section"] == "World"
    assert meta["url"] == f"{base}/world/bridge.html"
    assert meta["published"] == "2026-11-24T08:30:00+00:00"
    assert meta["feed"] == server.url("/rss.xml")
    assert meta["tags"] == ("World",) and meta["author"] == "A. Reporter"
    assert "lang" not in meta  # the feed's (en-gb) is no promise about its pages: their text says theirs
    assert meta["charset"] == "utf-8"
    rail = read_sidecar(seeds / "example-world/2026-11-23-rail-talks-resume.html")
    assert rail["url"] == f"{base}/world/rail.html"  # tracking parameters dropped
    assert rail["published"] == "2026-11-23T16:00:00+00:00"
    atom = read_sidecar(seeds / "lokales/2026-11-24-brucke-wieder-offen.html")
    assert atom["url"] == f"{base}/atom/bruecke.html"  # relative link resolved against the feed
    assert atom["title"] == "Brücke wieder offen" and "lang" not in atom
    assert read_sidecar(seeds / "science-desk/2026-11-24-comet-returns-after-70-years.html")["tags"] == ("Space",)
    md = (seeds / "tech-notes/2026-11-23-batteries-that-last-a-decade.md").read_text()
    assert md.startswith("---\ntitle: Batteries that last a decade\nsource: Tech Notes\n")
    assert "alert" not in md and "<p>" not in md
    assert "A lab in the north has built cells" in md and "\n\nThe team says" in md
    assert not (seeds / "tech-notes/2026-11-23-batteries-that-last-a-decade.md.meta.toml").exists()
    # Polite and identifiable: our User-Agent, compressed responses welcome, robots.txt read for pages.
    feed_request = server.hits("/rss.xml")[0]
    assert feed_request.headers["user-agent"] == f"briefing/{version('briefing')} (+{CONTACT})"
    assert "gzip" in feed_request.headers["accept-encoding"]
    assert len(server.hits("/robots.txt")) == 1  # one host, asked once per run
    assert not list(seeds.rglob(".*.tmp"))


def test_unchanged_feeds_cost_one_conditional_request_each(server, settings, store, seeds):
    server.add("/rss.xml", rss2([{"title": "Bridge", "link": server.url("/a.html")}]),
               content_type="application/rss+xml", etag='"v1"')
    server.add("/atom.xml", ATOM.format(base=server.url("")), content_type="application/atom+xml", etag='"a1"')
    server.add("/a.html", article_page("Bridge"))
    server.add("/atom/bruecke.html", article_page("Brücke"))
    sources = [feed_source("One", server.url("/rss.xml")), feed_source("Two", server.url("/atom.xml"))]
    first = fetch_sources(sources, settings, seeds, store, now=NOW)
    assert first.new == 2 and list(first.failures) == []
    before = {p: p.stat().st_mtime_ns for p in seeds.rglob("*")}
    server.log.clear()

    second = fetch_sources(sources, settings, seeds, store, now=NOW)

    assert (second.new, second.not_modified, second.failed) == (0, 2, 0)
    assert server.paths() == ["/rss.xml", "/atom.xml"]  # one request per feed, nothing else
    assert server.hits("/rss.xml")[0].headers["if-none-match"] == '"v1"'
    assert server.hits("/atom.xml")[0].headers["if-none-match"] == '"a1"'
    assert {p: p.stat().st_mtime_ns for p in seeds.rglob("*")} == before  # no file written


def test_a_changed_feed_fetches_only_its_new_entries(server, settings, store, seeds):
    server.add("/rss.xml", rss2([{"title": "First", "link": server.url("/1.html")}]), content_type="application/rss+xml", etag='"1"')
    server.add("/1.html", article_page("First"))
    server.add("/2.html", article_page("Second"))
    source = feed_source("News", server.url("/rss.xml"))
    fetch_sources([source], settings, seeds, store, now=NOW)
    server.add("/rss.xml", rss2([{"title": "Second", "link": server.url("/2.html")},
                                 {"title": "First", "link": server.url("/1.html")}]),
               content_type="application/rss+xml", etag='"2"')
    server.log.clear()

    report = fetch_sources([source], settings, seeds, store, now=NOW)

    assert report.new == 1 and report.duplicates == 1
    assert server.paths() == ["/rss.xml", "/robots.txt", "/2.html"]


def test_slow_server_times_out_in_one_line_and_others_carry_on(server, store, seeds):
    def slow(handler):
        time.sleep(1.5)
        handler.send_plain(200, b"too late")

    server.handle("/slow.xml", slow)
    server.add("/rss.xml", rss2([{"title": "Fine", "link": server.url("/fine.html")}]), content_type="application/rss+xml")
    server.add("/fine.html", article_page("Fine"))
    settings = fast_settings(read_timeout=0.3)
    started = time.monotonic()

    report = fetch_sources([feed_source("Slow", server.url("/slow.xml")), feed_source("Fine", server.url("/rss.xml"))],
                           settings, seeds, store, now=NOW)

    assert time.monotonic() - started < 1.4
    assert list(report.failures) == ["Slow: timed out after 0.3s waiting for 127.0.0.1 to send data"]
    assert report.new == 1


def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline(server, store, seeds):
    def drip(handler):
        _drip(handler, "application/rss+xml", drops=100, every=0.1)  # ten seconds of a feed

    server.handle("/drip.xml", drip)
    started = time.monotonic()
    report = fetch_sources([feed_source("Drip", server.url("/drip.xml"))], fast_settings(read_timeout=1.0, deadline=0.6),
                           seeds, store, now=NOW)
    assert time.monotonic() - started < 1.5
    assert list(report.failures) == ["Drip: no complete response from 127.0.0.1 within 0.6s (fetch.deadline)"]


def test_a_fetch_starts_no_request_past_its_time_and_the_next_fetch_does_the_rest(server, store, seeds):
    """A feed's entries on many host names, each dripping to its deadline, held the run lock for entries times
    the deadline (an hour at the defaults), at every fetch: fetch.max_time bounds a fetch."""
    slow = {"on": True}

    def page(n):
        def answer(handler):
            if slow["on"]:
                time.sleep(0.3)
            handler.send_plain(200, article_page(f"Story {n}").encode(), {"Content-Type": "text/html"})
        return answer

    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")} for n in range(6)]),
               content_type="application/rss+xml")
    server.add("/other.xml", rss2([{"title": "Other", "link": server.url("/other.html")}]),
               content_type="application/rss+xml")
    for n in range(6):
        server.handle(f"/s{n}.html", page(n))
    server.add("/other.html", article_page("Other"))
    sources = [feed_source("Slow", server.url("/rss.xml")), feed_source("Other", server.url("/other.xml"))]
    started = time.monotonic()
    report = fetch_sources(sources, fast_settings(max_time=0.5), seeds, store, now=NOW)
    assert time.monotonic() - started < 2.5
    assert 1 <= report.new <= 4
    # One line a source with entries left (the other source's page waits in the same host's queue).
    assert report.failures and report.failures[0].startswith("Slow: ")
    assert all(line.endswith(" not fetched: the fetch ran past fetch.max_time (0.5s); left for the next fetch")
               for line in report.failures), report.failures
    slow["on"] = False
    again = fetch_sources(sources, fast_settings(), seeds, store, now=NOW)  # the feed asked for whole again
    assert list(again.failures) == [] and report.new + again.new == 7 and len(pages(seeds)) == 7


def test_feeds_not_read_in_a_fetchs_time_are_left_for_the_next(server, store, seeds):
    def slow_feed(handler):
        time.sleep(0.6)
        handler.send_plain(200, rss2([{"title": "Slow", "link": server.url("/slow.html")}]).encode(),
                           {"Content-Type": "application/rss+xml"})

    server.handle("/slow.xml", slow_feed)
    server.add("/slow.html", article_page("Slow"))
    server.add("/rss.xml", rss2([{"title": "Plain", "link": server.url("/plain.html")}]),
               content_type="application/rss+xml")
    sources = [feed_source("Slow", server.url("/slow.xml")), feed_source("News", server.url("/rss.xml"))]
    report = fetch_sources(sources, fast_settings(max_time=0.5), seeds, store, now=NOW)
    assert list(report.failures) == [
        "News: not read: the fetch ran past fetch.max_time (0.5s); left for the next fetch",
        "Slow: 1 entry not fetched: the fetch ran past fetch.max_time (0.5s); left for the next fetch"]
    assert server.hits("/rss.xml") == [] and report.new == 0


def test_no_retry_and_no_crawl_delay_waits_past_the_fetchs_time(server, store, seeds):
    # A 503 was tried again at +20 and +60 s, and a Crawl-delay of 30 s waited through, in a fetch of 3 s: every
    # wait for a request counts against fetch.max_time, as the requests do.
    server.add("/down.xml", b"down", status=503, content_type="text/plain")
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 20\n", content_type="text/plain")
    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")} for n in range(3)]),
               content_type="application/rss+xml")
    for n in range(3):
        server.add(f"/s{n}.html", article_page(f"Story {n}"))
    sources = [feed_source("Down", server.url("/down.xml")), feed_source("News", server.url("/rss.xml"))]
    started = time.monotonic()
    report = fetch_sources(sources, fast_settings(max_time=3.0, retry_backoff=10.0, max_retry_wait=60.0), seeds,
                           store, now=NOW)
    assert time.monotonic() - started < 2.0
    assert len(server.hits("/down.xml")) == 1 and report.new == 1 and len(server.hits("/s0.html")) == 1
    assert list(report.failures) == [
        "Down: HTTP 503 Service Unavailable: not tried again: 10s later is past fetch.max_time (3s); left for the "
        "next fetch",
        "News: 2 entries not fetched: its host's next request would start past fetch.max_time (3s); left for the "
        "next fetch"]


def test_a_feed_whose_turn_on_its_host_comes_past_the_fetchs_time_is_left_for_the_next(server, store, seeds):
    # Two feeds of one host, fetch.delay apart: the second's wait would end past fetch.max_time.
    for name in ("one", "two"):
        server.add(f"/{name}.xml", rss2([]), content_type="application/rss+xml")
    sources = [feed_source("One", server.url("/one.xml")), feed_source("Two", server.url("/two.xml"))]
    started = time.monotonic()
    report = fetch_sources(sources, fast_settings(delay=20.0, max_time=3.0), seeds, store, now=NOW)
    assert time.monotonic() - started < 2.0 and server.hits("/two.xml") == []
    assert list(report.failures) == [
        "Two: the wait of 20s for 127.0.0.1 (its Crawl-delay, a retry's backoff or fetch.delay) would end past "
        "fetch.max_time (3s); left for the next fetch"]


def test_a_fetch_asked_to_stop_starts_no_request_and_ends_its_wait(server, store, seeds):
    # A scheduler stopping (SIGTERM) waited for the whole fetch: a minute here, fifteen at the defaults.
    stop = threading.Event()

    def page(n):
        def answer(handler):
            stop.set()  # asked to stop while the first page is read
            handler.send_plain(200, article_page(f"Story {n}").encode(), {"Content-Type": "text/html"})
        return answer

    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 20\n", content_type="text/plain")
    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")} for n in range(3)]),
               content_type="application/rss+xml")
    for n in range(3):
        server.handle(f"/s{n}.html", page(n))
    sources = [feed_source("News", server.url("/rss.xml"))]
    started = time.monotonic()
    report = fetch_sources(sources, fast_settings(), seeds, store, now=NOW, stop=stop)
    assert time.monotonic() - started < 2.0
    assert report.new == 1 and server.hits("/s1.html") == server.hits("/s2.html") == []
    assert report.failures and all(line.endswith("the fetch was stopped; left for the next fetch")
                                   for line in report.failures), report.failures
    # A wait under way ends when the stop comes (the Crawl-delay's 20 s, here).
    stop.clear()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    again = fetch_sources(sources, fast_settings(), seeds, store, now=NOW, stop=stop)
    assert time.monotonic() - started < 2.0 and again.new == 1 and server.hits("/s2.html") == []
    stop.clear()
    last = fetch_sources(sources, fast_settings(), seeds, store, now=NOW)  # not stopped: the rest
    assert last.new == 1 and len(pages(seeds)) == 3


def test_a_page_larger_than_a_run_reads_is_not_written(server, store, seeds):
    # Within fetch's limits, but over limits.max_file_bytes: written, it was skipped by every run after.
    big = "<html><body>" + "<p>The council met again on Monday to vote on the budget.</p>" * 3000 + "</body></html>"
    server.add("/rss.xml", rss2([{"title": "Big", "link": server.url("/big.html")},
                                 {"title": "Small", "link": server.url("/small.html")}]),
               content_type="application/rss+xml")
    server.add("/big.html", big, content_type="text/html")
    server.add("/small.html", "<html><body><p>A small page.</p></body></html>", content_type="text/html")
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(), seeds, store, now=NOW,
                           max_seed_bytes=100_000)
    assert list(report.failures) == [f"News: {server.url('/big.html')}: too large for a seed: "
                                     f"{len(big.encode()):,} bytes (limit 100,000, limits.max_file_bytes)"]
    assert [path.name for path in pages(seeds)] == ["2026-11-24-small.html"] and report.new == 1


def test_a_text_told_in_the_feed_larger_than_a_run_reads_is_not_written(server, store, seeds):
    # The feed's own text (full_text = false) was written whatever its size, and skipped by every run after.
    long_text = "<p>The council met again on Monday to vote on the budget.</p>" * 3000
    server.add("/rss.xml", rss2([{"title": "Long report", "link": server.url("/long.html"),
                                  "description": html.escape(long_text)},
                                 {"title": "Short report", "link": server.url("/short.html"),
                                  "description": "The council met on Monday."}]), content_type="application/rss+xml")
    report = fetch_sources([feed_source("News", server.url("/rss.xml"), full_text=False)], fast_settings(), seeds,
                           store, now=NOW, max_seed_bytes=100_000)
    (failure,) = report.failures
    assert failure.startswith(f"News: {server.url('/long.html')}: too large for a seed: ")
    assert failure.endswith(" bytes (limit 100,000, limits.max_file_bytes)")
    assert [path.name for path in pages(seeds)] == ["2026-11-24-short-report.md"] and report.new == 1


def test_a_response_that_never_ends_is_stopped_by_the_size_limit(server, store, seeds):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the body ends when the connection does
        try:
            while True:
                handler.wfile.write(b"<p>more and more</p>" * 400)
        except OSError:
            pass

    server.add("/rss.xml", rss2([{"title": "Endless", "link": server.url("/endless.html")}]), content_type="application/rss+xml")
    server.handle("/endless.html", endless)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_bytes=200_000),
                           seeds, store, now=NOW)
    assert list(report.failures) == [f"News: {server.url('/endless.html')}: too large: over 200,000 bytes (fetch.max_bytes)"]
    assert pages(seeds) == [] and report.new == 0


def test_a_gzip_bomb_is_refused_by_the_decompressed_limit(server, store, seeds):
    bomb = gzip_bomb(50_000_000)
    assert len(bomb) < 100_000
    server.add("/rss.xml", rss2([{"title": "Bomb", "link": server.url("/bomb.html")}]), content_type="application/rss+xml")
    server.add("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_decompressed_bytes=1_000_000),
                           seeds, store, now=NOW)
    assert len(report.failures) == 1
    assert "decompresses to over 1,000,000 bytes" in report.failures[0]
    assert pages(seeds) == []


def test_a_feed_of_millions_of_tags_is_refused_before_it_is_parsed(server, store, seeds):
    """10 KB gzipped, 10 MB of `<b>`: feedparser took 97 s and 1.9 GB on it. Refused by its count of tags,
    and the next feed is fetched."""
    import gzip

    deep = rss2([{"title": "Deep", "link": server.url("/deep.html"), "description": "<b>" * 600_000}])
    server.add("/deep.xml", gzip.compress(deep.encode()), content_type="application/rss+xml",
               headers={"Content-Encoding": "gzip"})
    server.add("/rss.xml", rss2([{"title": "Plain", "link": server.url("/plain.html")}]),
               content_type="application/rss+xml")
    server.add("/plain.html", article_page("Plain"))
    report = fetch_sources([feed_source("Deep", server.url("/deep.xml")), feed_source("News", server.url("/rss.xml"))],
                           fast_settings(), seeds, store, now=NOW)
    assert len(report.failures) == 1 and "the feed holds 600,0" in report.failures[0]
    assert "limit 500,000" in report.failures[0] and report.new == 1


def test_a_json_feed_of_millions_of_items_is_refused_before_it_is_parsed(server, store, seeds):
    """10 KB gzipped, 10 MB of `{},`: 3.3 million entries took 18 s and 800 MB. Refused by its count of objects
    and lists, as an XML feed by its tags, and the next feed is fetched."""
    import gzip

    body = '{"version": "https://jsonfeed.org/version/1.1", "items": [' + ",".join(["{}"] * 600_000) + "]}"
    server.add("/many.json", gzip.compress(body.encode()), content_type="application/feed+json",
               headers={"Content-Encoding": "gzip"})
    server.add("/rss.xml", rss2([{"title": "Plain", "link": server.url("/plain.html")}]),
               content_type="application/rss+xml")
    server.add("/plain.html", article_page("Plain"))
    started = time.monotonic()
    report = fetch_sources([feed_source("Many", server.url("/many.json")), feed_source("News", server.url("/rss.xml"))],
                           fast_settings(), seeds, store, now=NOW)
    assert len(report.failures) == 1 and "the feed holds 600,002 JSON objects and lists" in report.failures[0]
    assert "limit 500,000" in report.failures[0] and report.new == 1
    assert time.monotonic() - started < 3

def test_gzip_and_deflate_responses_are_decoded(server, settings, store, seeds):
    import gzip
    import zlib

    page = article_page("Compressed")
    server.add("/rss.xml", gzip.compress(rss2([  # one article listed twice, under two links
        {"title": "Compressed", "link": server.url("/gz.html")},
        {"title": "Compressed", "link": server.url("/deflate.html")},
    ]).encode()), content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    server.add("/gz.html", gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
    raw = zlib.compressobj(wbits=-15)
    server.add("/deflate.html", raw.compress(page.encode()) + raw.flush(), headers={"Content-Encoding": "deflate"})
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1 and report.duplicates == 1  # the same page twice: one seed
    assert report.summary_line().startswith("fetch: 1 source, 1 new entry, 1 already seed, 0 unchanged, 0 failed (")
    assert pages(seeds)[0].read_text() == page


@pytest.mark.parametrize("location, reason", [
    ("javascript:alert(1)", "javascript: links are never fetched (only http and https)"),
    ("http:evil", "address without a host"),
    ("mailto:x@example.org", "mailto: links are never fetched (only http and https)"),
    ("data:text/html,<b>x</b>", "data: links are never fetched (only http and https)"),
])
def test_a_redirect_to_an_address_that_cannot_be_followed_does_not_blame_the_feed(server, settings, store, seeds,
                                                                                  location, reason):
    server.add("/rss.xml", b"", status=302, headers={"Location": location})
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    [failure] = report.failures
    # Named as the redirects httpx can read are ("redirected to file:///etc/passwd: file: links are never
    # fetched"), not in httpx's words ("For absolute URLs, path must be empty or begin with '/'").
    assert failure == f"News: redirected to {location}: {reason}", failure


def test_redirects_are_followed_and_a_loop_is_one_line(server, settings, store, seeds):
    server.add("/rss.xml", rss2([
        {"title": "Moved", "link": server.url("/old.html")},
        {"title": "Loop", "link": server.url("/loop-a.html")},
        {"title": "Chain", "link": server.url("/hop0.html")},
        {"title": "Untracked", "link": server.url("/untracked.html?utm_source=rss")},
    ]), content_type="application/rss+xml")
    server.add("/untracked.html?utm_source=rss", b"", status=301, headers={"Location": "/untracked.html"})
    server.add("/untracked.html", article_page("Untracked"))
    server.add("/old.html", b"", status=301, headers={"Location": "/new.html"})
    server.add("/new.html", article_page("Moved"))
    server.add("/loop-a.html", b"", status=302, headers={"Location": server.url("/loop-b.html")})
    server.add("/loop-b.html", b"", status=307, headers={"Location": "/loop-a.html"})
    for n in range(7):
        server.add(f"/hop{n}.html", b"", status=302, headers={"Location": f"/hop{n + 1}.html"})

    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)

    assert report.new == 2  # a redirect that only drops tracking parameters is no loop
    assert read_sidecar(pages(seeds)[0])["url"] == server.url("/new.html")  # where the article is
    assert list(report.failures) == [
        f"News: {server.url('/loop-a.html')}: redirect loop: {server.url('/loop-b.html')} -> {server.url('/loop-a.html')}",
        f"News: {server.url('/hop0.html')}: too many redirects (more than 5)",
    ]
    assert len(server.hits("/hop5.html")) == 1 and server.hits("/hop6.html") == []


def test_a_page_that_only_sends_on_with_a_meta_refresh_is_followed_as_a_redirect(server, settings, store, seeds):
    """An aggregator's or a CMS's interstitial ("If you are not redirected automatically, follow this link.") was
    written as the article, recorded, and the article never fetched: the briefing showed that line as the news."""
    interstitial = ('<html><head><meta http-equiv="refresh" content="0; url={target}"><title>Redirecting</title>'
                    '</head><body><p>If you are not redirected automatically, follow <a href="{target}">this link</a>.'
                    '</p></body></html>')
    server.add("/rss.xml", rss2([
        {"title": "Bridge reopens", "link": server.url("/go?id=1")},
        {"title": "Ferry returns", "link": server.url("/go?id=2")},
        {"title": "Reloads", "link": server.url("/live.html")},
        {"title": "Round", "link": server.url("/round.html")},
        {"title": "Shortened", "link": server.url("/s/abc")},
    ]), content_type="application/rss+xml")
    server.add("/go?id=1", interstitial.format(target="/bridge.html").encode())
    server.add("/bridge.html", article_page("Bridge reopens"))
    server.add("/go?id=2", interstitial.format(target=server.url("/ferry.html").replace("&", "&amp;")).encode())
    server.add("/ferry.html", b"", status=302, headers={"Location": "/ferry-2.html"})
    server.add("/ferry-2.html", article_page("Ferry returns"))
    # A page that reloads itself, or every few minutes, is the page.
    live = article_page("Reloads").replace("<head>", '<head><meta http-equiv="refresh" content="5; url=/live.html">'
                                           '<meta http-equiv="refresh" content="300; url=/elsewhere.html">')
    server.add("/live.html", live)
    server.add("/round.html", interstitial.format(target="/round-2.html").encode())
    server.add("/round-2.html", b"", status=302, headers={"Location": "/round.html"})
    # A refresh for readers without scripts only, one in a comment, one with no address, one to what is never
    # fetched: the page is the article (found by a review).
    hidden = article_page("Hidden").replace("<head>", '<head><noscript><meta http-equiv="refresh" content="0; '
                                            'url=/nojs.html"></noscript><!-- <meta http-equiv="refresh" '
                                            'content="0; url=/old.html"> --><meta http-equiv="refresh" '
                                            'content="0; url="><meta http-equiv="refresh" content="1;url=javascript:x">')
    server.add("/hidden.html", hidden)
    # A link shortener's page, next to no text: its <noscript> refresh is for readers without scripts, as briefing is.
    shortener = ('<html><head><noscript><meta http-equiv="refresh" content="0;URL=/short-target.html"></noscript>'
                 '<title>/short-target.html</title></head><script>location.replace("/short-target.html")</script>'
                 '</html>')
    server.add("/s/abc", shortener.encode())
    server.add("/short-target.html", article_page("Shortened"))

    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    server.add("/rss.xml", rss2([{"title": "Hidden", "link": server.url("/hidden.html")}]),
               content_type="application/rss+xml")
    again = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)

    assert report.new == 4 and again.new == 1 and list(again.failures) == []
    assert sorted(read_sidecar(page)["url"] for page in pages(seeds)) == sorted(server.url(path) for path in (
        "/bridge.html", "/ferry-2.html", "/live.html", "/short-target.html", "/hidden.html"))
    assert not any("not redirected" in page.read_text() for page in pages(seeds))
    assert server.hits("/elsewhere.html") == server.hits("/nojs.html") == server.hits("/old.html") == []
    assert list(report.failures) == [
        f"News: {server.url('/round.html')}: redirect loop: {server.url('/round-2.html')} -> {server.url('/round.html')}"]


def test_a_500_is_retried_and_then_succeeds(server, settings, store, seeds):
    calls = []

    def flaky(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            handler.send_plain(500, b"oops")
        else:
            body = article_page("Flaky").encode()
            handler.send_plain(200, body, {"X-Ignored": "1"})

    server.add("/rss.xml", rss2([{"title": "Flaky", "link": server.url("/flaky.html")}]), content_type="application/rss+xml")
    server.handle("/flaky.html", flaky)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.05  # after the backoff
    # A text/plain page is kept as a .txt seed, with its sidecar.
    assert pages(seeds)[0].suffix == ".txt" and read_sidecar(pages(seeds)[0])["title"] == "Flaky"


def test_5xx_gives_up_after_the_retries(server, settings, store, seeds):
    server.add("/rss.xml", b"down", status=503, content_type="text/plain")
    report = fetch_sources([feed_source("Down", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == ["Down: HTTP 503 Service Unavailable (tried 3 times)"]
    assert len(server.hits("/rss.xml")) == 3


def test_429_retry_after_is_honoured_and_bounded(server, store, seeds):
    calls = []

    def limited(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            handler.send_plain(429, b"slow down", {"Retry-After": "1"})
        else:
            handler.send_plain(200, article_page("Limited").encode(), {"Content-Type": "text/html"})

    server.add("/rss.xml", rss2([{"title": "Limited", "link": server.url("/limited.html")}]), content_type="application/rss+xml")
    server.handle("/limited.html", limited)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(), seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1
    assert calls[1] - calls[0] >= 0.95


def test_a_second_wait_over_the_cap_says_what_was_waited_in_all(server, store, seeds):
    server.add("/rss.xml", rss2([{"title": "One", "link": server.url("/one.html")}]), content_type="application/rss+xml")
    server.add("/one.html", b"later", status=503, content_type="text/plain", headers={"Retry-After": "1"})
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))],
                           fast_settings(max_retry_wait=1.5, retries=3), seeds, store, now=NOW)
    assert list(report.failures) == [
        f"News: {server.url('/one.html')}: HTTP 503 Service Unavailable: the server asks to wait 1s more, 2s in all, "
        "more than fetch.max_retry_wait (1.5s); left for the next fetch"]


def test_a_retry_after_beyond_the_cap_fails_fast_and_spares_the_host(server, store, seeds):
    server.add("/rss.xml", rss2([{"title": "One", "link": server.url("/one.html")},
                                 {"title": "Two", "link": server.url("/two.html")}]), content_type="application/rss+xml")
    server.add("/one.html", b"later", status=429, content_type="text/plain", headers={"Retry-After": "3600"})
    server.add("/two.html", article_page("Two"))
    started = time.monotonic()
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_retry_wait=5),
                           seeds, store, now=NOW)
    assert time.monotonic() - started < 2
    assert list(report.failures) == [
        f"News: {server.url('/one.html')}: HTTP 429 Too Many Requests: the server asks to wait 3600s, "
        "more than fetch.max_retry_wait (5s); left for the next fetch",
        f"News: {server.url('/two.html')}: 127.0.0.1 asked for no requests for 3600s more (Retry-After); left for the next fetch",
    ]
    assert server.hits("/two.html") == []  # the host asked us to wait: it is not asked again this run
    assert store.get_validators(server.url("/rss.xml")) == (None, None)  # transient: the feed is read again next time


def test_robots_txt_disallowing_a_page(server, settings, store, seeds):
    # The group for briefing replaces the one for every robot (RFC 9309): /private/ is open to us.
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n\n"
               "User-agent: briefing\nDisallow: /members/\nDisallow: /private/\n", content_type="text/plain")
    server.add("/rss.xml", rss2([
        {"title": "Open", "link": server.url("/news/open.html")},
        {"title": "Private", "link": server.url("/private/secret.html")},
        {"title": "Members", "link": server.url("/members/club.html")},
    ]), content_type="application/rss+xml")
    server.add("/news/open.html", article_page("Open"))
    server.add("/private/secret.html", article_page("Private"))
    server.add("/members/club.html", article_page("Members"))

    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)

    assert report.new == 1
    assert list(report.failures) == [
        f"News: {server.url('/private/secret.html')}: robots.txt of 127.0.0.1 disallows {server.url('/private/secret.html')}",
        f"News: {server.url('/members/club.html')}: robots.txt of 127.0.0.1 disallows {server.url('/members/club.html')}",
    ]
    assert server.hits("/private/secret.html") == [] and server.hits("/members/club.html") == []
    assert len(server.hits("/robots.txt")) == 1


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_a_robots_txt_over_its_limit_is_read_as_far_as_the_limit(server, settings, store, seeds, encoding):
    # RFC 9309: at least 500 KiB are parsed; what lies past the limit is not read, and is no reason to refuse.
    import gzip

    padding = "".join(f"# {n:06d} padding of a very long robots.txt\n" for n in range(15_000))  # 600 KB
    robots = ("User-agent: *\nDisallow: /private/\n" + padding + "Disallow: /news/\n").encode()
    server.add("/robots.txt", gzip.compress(robots) if encoding else robots, content_type="text/plain",
               headers={"Content-Encoding": encoding} if encoding else None)
    server.add("/rss.xml", rss2([{"title": "Open", "link": server.url("/news/open.html")},
                                 {"title": "Private", "link": server.url("/private/secret.html")}]),
               content_type="application/rss+xml")
    server.add("/news/open.html", article_page("Open"))
    server.add("/private/secret.html", article_page("Private"))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert report.new == 1 and len(report.failures) == 1 and "disallows" in report.failures[0]
    assert server.hits("/private/secret.html") == [] and len(server.hits("/news/open.html")) == 1


def test_a_rule_cut_at_the_limit_of_a_robots_txt_is_not_read(server, settings, store, seeds):
    from briefing.ingest.fetch.polite import ROBOTS_MAX_BYTES

    head = "User-agent: *\nDisallow: /\n"
    padding = "#" * (ROBOTS_MAX_BYTES - len(head) - len("Allow: /news/") - 1) + "\n"
    robots = head + padding + "Allow: /news/only-this.html\n"  # the limit falls after "Allow: /news/"
    assert len((head + padding + "Allow: /news/").encode()) == ROBOTS_MAX_BYTES
    server.add("/robots.txt", robots, content_type="text/plain")
    server.add("/rss.xml", rss2([{"title": "Secret", "link": server.url("/news/secret.html")}]),
               content_type="application/rss+xml")
    server.add("/news/secret.html", article_page("Secret"))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert report.new == 0 and "disallows" in report.failures[0]
    assert server.hits("/news/secret.html") == []


def test_robots_crawl_delay_paces_pages_and_one_connection_is_reused(server, store, seeds):
    times = []

    def timed(handler):
        times.append(time.monotonic())
        handler.send_plain(200, article_page(f"Story {len(times)}").encode(), {"Content-Type": "text/html"})

    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.15\n", content_type="text/plain")
    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")} for n in range(3)]),
               content_type="application/rss+xml")
    for n in range(3):
        server.handle(f"/s{n}.html", timed)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(delay=0.05), seeds, store, now=NOW)
    assert report.new == 3
    assert all(b - a >= 0.14 for a, b in zip(times, times[1:])), times
    # Feed, robots.txt and pages: all over one kept-alive connection.
    assert len({seen.client_port for seen in server.log}) == 1


def test_pages_are_paced_per_host(server, store, seeds):
    times = []

    def timed(handler):
        times.append(time.monotonic())
        handler.send_plain(200, article_page(f"Paced {len(times)}").encode(), {"Content-Type": "text/html"})

    server.add("/rss.xml", rss2([{"title": f"Paced {n}", "link": server.url(f"/p{n}.html")} for n in range(3)]),
               content_type="application/rss+xml")
    for n in range(3):
        server.handle(f"/p{n}.html", timed)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(delay=0.12), seeds, store, now=NOW)
    assert report.new == 3
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= 0.11 for gap in gaps), gaps


def test_a_public_feed_cannot_make_the_fetcher_probe_the_local_network(server, settings, store, seeds):
    class Mixed(FakeNetwork):
        def resolve(self, host, port):
            if host == "sneaky.example":  # one public-looking name with a private address among its own
                return ["10.0.0.1", "127.0.0.1"]
            return super().resolve(host, port)

    network = Mixed({"news.example": "127.0.0.1"})  # news.example plays a public site
    public = f"http://news.example:{server.port}"
    server.add("/feed.xml", rss2([
        {"title": "Public story", "link": f"{public}/story.html"},
        {"title": "Admin", "link": server.url("/admin")},
        {"title": "Localhost", "link": f"http://localhost:{server.port}/admin"},
        {"title": "Decimal", "link": f"http://2130706433:{server.port}/admin"},
        {"title": "Sneaky", "link": f"http://sneaky.example:{server.port}/admin"},
        {"title": "Bounce", "link": f"{public}/bounce"},
        {"title": "Metadata", "link": "http://169.254.169.254/latest/meta-data/"},
    ]), content_type="application/rss+xml")
    server.add("/story.html", article_page("Public story"))
    server.add("/admin", article_page("Admin"))
    server.add("/bounce", b"", status=302, headers={"Location": server.url("/admin")})

    report = fetch_sources([feed_source("Public", f"{public}/feed.xml")], settings, seeds, store, now=NOW, network=network)

    assert report.new == 1
    assert server.hits("/admin") == []  # never requested
    assert sorted(report.failures) == sorted([
        f"Public: {server.url('/admin')}: refused: 127.0.0.1 is at 127.0.0.1, a loopback address; only a source on such a network may link there",
        f"Public: http://localhost:{server.port}/admin: refused: localhost is at 127.0.0.1, a loopback address; only a source on such a network may link there",
        f"Public: http://2130706433:{server.port}/admin: refused: 2130706433 is at 127.0.0.1, a loopback address; only a source on such a network may link there",
        f"Public: http://sneaky.example:{server.port}/admin: refused: sneaky.example is at 10.0.0.1, a private address; only a source on such a network may link there",
        f"Public: {public}/bounce: refused: 127.0.0.1 is at 127.0.0.1, a loopback address; only a source on such a network may link there",
        "Public: http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is at 169.254.169.254, a link-local address; only a source on such a network may link there",
    ])


def test_an_intranet_feed_may_link_to_its_own_network(server, settings, store, seeds):
    server.add("/feed.xml", rss2([{"title": "Intranet news", "link": server.url("/internal.html")}]),
               content_type="application/rss+xml")
    server.add("/internal.html", article_page("Intranet news"))
    report = fetch_sources([feed_source("Intranet", server.url("/feed.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1


def test_the_address_check_is_made_when_connecting_too(server, settings, store, seeds):
    """DNS rebinding: a name that looks public when checked and is local when connected is still refused.

    rebind.example is 127.0.0.1 throughout; the network calls it public for the first two checks
    (the page's and its robots.txt's, before any request), and not after: only the check made
    while connecting can refuse it.
    """

    class Rebinding(FakeNetwork):
        checks = 0

        def resolve(self, host, port):
            return ["127.0.0.1"] if host == "rebind.example" else super().resolve(host, port)

        def is_public(self, host, address):
            if host == "rebind.example":
                Rebinding.checks += 1
                return Rebinding.checks <= 2
            return super().is_public(host, address)

    network = Rebinding({"news.example": "127.0.0.1"})
    server.add("/feed.xml", rss2([{"title": "Rebind", "link": f"http://rebind.example:{server.port}/admin"}]),
               content_type="application/rss+xml")
    server.add("/admin", article_page("Admin"))
    report = fetch_sources([feed_source("Public", f"http://news.example:{server.port}/feed.xml")], settings, seeds, store,
                           now=NOW, network=network)
    assert Rebinding.checks == 3  # two checks before requests, one when connecting
    assert server.paths() == ["/feed.xml"]  # neither robots.txt nor the page was asked for
    assert list(report.failures) == [f"Public: http://rebind.example:{server.port}/admin: refused: rebind.example is at "
                               "127.0.0.1, a loopback address; only a source on such a network may link there"]


@pytest.mark.parametrize("close", [False, True])
@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_host_that_looks_private_only_to_the_first_look_up_is_a_public_source(server, settings, store, seeds, kind,
                                                                                 close):
    """A publisher's own DNS answers a private address to the look-up that judges the source, and its
    public server's to those after: what that server serves may not lead to the private network.

    flip.example is 10.9.9.9 to the first look-up, then 127.0.0.1, which plays its public server.
    """

    class Flipping(FakeNetwork):
        looked_up = 0

        def resolve(self, host, port):
            if host == "flip.example":
                Flipping.looked_up += 1
                return ["10.9.9.9"] if Flipping.looked_up == 1 else ["127.0.0.1"]
            return super().resolve(host, port)

        def is_public(self, host, address):
            return (host == "flip.example" and str(address) == "127.0.0.1") or super().is_public(host, address)

    flip = f"http://flip.example:{server.port}"
    # (Closing the connection after its answer, as `Connection: close` and HTTP/1.0 do, left no socket to ask
    # for its address: the source stayed an intranet one.)
    closing = {"Connection": "close"} if close else {}
    server.add("/feed.xml", rss2([{"title": "Admin", "link": server.url("/admin")}]), content_type="application/rss+xml",
               headers=closing)
    server.add("/page.html", b"", status=302, headers={"Location": server.url("/admin"), **closing})
    server.add("/admin", article_page("Admin secrets"))
    source = feed_source("Flip", f"{flip}/feed.xml") if kind == "feed" else Source(name="Flip", page=f"{flip}/page.html")
    report = fetch_sources([source], settings, seeds, store, now=NOW, network=Flipping({}))
    assert server.hits("/admin") == [] and pages(seeds) == []
    (failure,) = report.failures
    assert "refused: 127.0.0.1 is at 127.0.0.1, a loopback address; only a source on such a network may link there" in failure


@pytest.mark.parametrize("walled", ["answered", "redirected"])
def test_links_that_all_answer_with_one_page_are_left_for_the_next_fetch(server, settings, store, seeds, walled):
    """A cookie wall, a block ("not available in your region") or a maintenance page answers every link with
    the same page: each entry after the first was taken for its seed, for good, with "0 failed"."""
    wall = article_page("Please accept our cookies to continue reading")
    titles = ["Harbour plan approved", "Tram line extended", "Orchard festival returns"]
    server.add("/feed.xml", rss2([{"title": t, "link": server.url(f"/a{n}.html")} for n, t in enumerate(titles)]),
               content_type="application/rss+xml")
    server.add("/unavailable.html", wall)
    for n in range(3):
        if walled == "answered":
            server.add(f"/a{n}.html", wall)
        else:
            server.add(f"/a{n}.html", b"", status=302, headers={"Location": server.url("/unavailable.html")})
    report = fetch_sources([feed_source("News", server.url("/feed.xml"))], settings, seeds, store, now=NOW)
    assert report.new == 1 and len(report.failures) == 2
    assert all("answered with the same page as" in line and "left for the next fetch" in line
               for line in report.failures), report.failures
    # Still there at the next fetch (a wall lasts): each was then the wall's seed, for good.
    still = fetch_sources([feed_source("News", server.url("/feed.xml"))], settings, seeds, store, now=NOW)
    assert still.new == 0 and len(still.failures) == 2 and still.duplicates == 1  # (the first, seen before)
    for n, title in enumerate(titles):  # the site is back
        server.add(f"/a{n}.html", article_page(title))
    again = fetch_sources([feed_source("News", server.url("/feed.xml"))], settings, seeds, store, now=NOW)
    assert again.new == 2 and list(again.failures) == []
    assert len(pages(seeds)) == 3


def test_an_article_listed_again_under_another_link_and_headline_is_its_seed_and_no_wall(server, settings, store,
                                                                                       seeds):
    # Its page shows the headline it was first written under, not the new one: the same article, not a wall
    # (a second review: it failed at every fetch, and the feed's validators were never kept).
    server.add("/feed.xml", rss2([{"title": "Council approves harbour budget", "link": server.url("/a.html")}]),
               content_type="application/rss+xml")
    server.add("/a.html", article_page("Council approves harbour budget"))
    assert fetch_sources([feed_source("News", server.url("/feed.xml"))], settings, seeds, store, now=NOW).new == 1
    server.add("/feed.xml", rss2([{"title": "Mayor hails vote on ferries", "link": server.url("/b.html")}]),
               content_type="application/rss+xml")
    server.add("/b.html", b"", status=301, headers={"Location": server.url("/a.html")})
    report = fetch_sources([feed_source("News", server.url("/feed.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 0 and report.duplicates == 1


def test_hostile_feed_is_written_as_data_and_its_metadata_cleaned(server, settings, store, seeds):
    hostile_page = article_page("Ordinary story", extra="<script>fetch('http://127.0.0.1/steal')</script>"
                                                        "<a href=\"javascript:alert(1)\">click</a>")
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile &lt;script&gt;</title><link>http://x.example/</link>
<item>
  <title>&lt;script&gt;alert("t")&lt;/script&gt;Evil   \x1b[31mred\x1b[0m
  title &#x202E;txt.exe &#8232;next</title>
  <link>{page}</link>
  <description>&lt;img src=x onerror=alert(1)&gt;</description>
</item>
<item><title>JS link</title><link>javascript:alert(document.cookie)</link></item>
<item><title>File link</title><link>file:///etc/passwd</link></item>
<item><title>Data link</title><link>data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==</link></item>
<item><title>FTP link</title><link>ftp://files.example/story.txt</link></item>
</channel></rss>
""".replace("\x1b", "&#27;").format(page=server.url("/evil.html")).encode()
    server.add("/rss.xml", feed.replace(b"&#27;", b"\x1b"), content_type="application/rss+xml")
    server.add("/evil.html", hostile_page)

    report = fetch_sources([feed_source("Hostile", server.url("/rss.xml"))], settings, seeds, store, now=NOW)

    assert report.new == 1
    [page] = pages(seeds)
    assert page.read_bytes() == hostile_page.encode()  # stored as it was: nothing run, nothing rewritten
    meta = read_sidecar(page)
    title = meta["title"]
    assert "\n" not in title and "\x1b" not in title and "\u202e" not in title and "\u2028" not in title
    assert "Evil" in title and "next" in title
    assert page.name.isascii() and not page.name.startswith((".", "-"))
    sidecar_text = (page.parent / (page.name + ".meta.toml")).read_text()
    assert "\x1b" not in sidecar_text and sidecar_text.count("\n") == len(sidecar_text.splitlines())
    failures = "\n".join(report.failures)
    assert "javascript:alert(document.cookie): refused: javascript: links are never fetched (only http and https)" in failures
    assert "refused: file: links are never fetched" in failures
    assert "refused: data: links are never fetched" in failures
    assert "refused: ftp: links are never fetched" in failures
    assert len(report.failures) == 4
    assert all("\x1b" not in line and "\n" not in line for line in report.failures)
    assert set(server.paths()) == {"/rss.xml", "/robots.txt", "/evil.html"}


def test_bad_feeds_are_one_line_each_and_the_others_carry_on(server, settings, store, seeds):
    server.add("/broken.xml", "<rss><channel><title>Broken<item>", content_type="application/rss+xml")
    server.add("/home.html", article_page("Home page"), content_type="text/html")
    server.add("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
    server.add("/huge.xml", rss2([{"title": f"Item {n}", "link": server.url(f"/{n}")} for n in range(3000)]),
               content_type="application/rss+xml")
    server.add("/missing.xml", b"gone", status=404, content_type="text/plain")
    server.add("/not-json.json", b"{\"hello\": [1, 2", content_type="application/feed+json")
    server.add("/good.xml", rss2([{"title": "Good", "link": server.url("/good.html")}]), content_type="application/rss+xml")
    server.add("/good.html", article_page("Good"))
    sources = [
        feed_source("Broken", server.url("/broken.xml")),
        feed_source("Home", server.url("/home.html")),
        feed_source("Logo", server.url("/logo.png")),
        feed_source("Huge", server.url("/huge.xml")),
        feed_source("Missing", server.url("/missing.xml")),
        feed_source("Bad JSON", server.url("/not-json.json")),
        feed_source("Good", server.url("/good.xml")),
    ]
    report = fetch_sources(sources, fast_settings(max_bytes=300_000), seeds, store, now=NOW)
    assert report.new == 1
    lines = report.failures
    assert len(lines) == 6
    assert lines[0].startswith("Broken: malformed feed: ")
    assert lines[1] == "Home: not a feed: the address serves an HTML page (use the site's feed address)"
    assert lines[2] == "Logo: not a feed: served as image/png"
    assert lines[3].startswith("Huge: too large: ") and "(limit 300,000, fetch.max_bytes)" in lines[3]
    assert lines[4] == "Missing: HTTP 404 Not Found"
    assert lines[5].startswith("Bad JSON: malformed JSON Feed: ")


def test_a_link_to_something_else_than_a_page_is_refused_before_its_body(server, settings, store, seeds):
    def pdf(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.send_header("Content-Length", "50000000")
        handler.end_headers()
        try:
            handler.wfile.write(b"%PDF-1.7" + b"\0" * 1_000_000)
        except OSError:
            pass

    server.add("/rss.xml", rss2([{"title": "Report", "link": server.url("/report.pdf")}]), content_type="application/rss+xml")
    server.handle("/report.pdf", pdf)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [f"News: {server.url('/report.pdf')}: not a web page: served as application/pdf"]
    assert pages(seeds) == []


def test_bytes_that_are_no_text_served_as_a_page_make_no_seed(server, settings, store, seeds):
    # A PDF served as text/html, or noise as text/plain, was written, and every run after skipped it for good.
    server.add("/rss.xml", rss2([{"title": title, "link": server.url(path)} for title, path in (
        ("Report", "/report.html"), ("Noise", "/noise.txt"), ("Wide", "/wide.html"))]),
        content_type="application/rss+xml")
    server.add("/report.html", b"%PDF-1.7\n" + bytes(range(256)) * 40, content_type="text/html")
    server.add("/noise.txt", bytes(range(1, 32)) * 100, content_type="text/plain")
    # UTF-16 holds NUL bytes: a page of text still.
    server.add("/wide.html", "\ufeff".encode("utf-16-le") + article_page("Wide").encode("utf-16-le"),
               content_type="text/html")
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [
        f"News: {server.url('/report.html')}: not a web page: binary file (contains NUL bytes)",
        f"News: {server.url('/noise.txt')}: not a web page: binary file (too many control characters)"]
    written = [path.name for path in pages(seeds)]
    assert len(written) == 1 and "wide" in written[0], written


def test_the_same_article_from_two_feeds_is_one_seed(server, settings, store, seeds):
    link = server.url("/shared.html")
    server.add("/a.xml", rss2([{"title": "Shared story", "link": link, "guid": "a-1"}]), content_type="application/rss+xml")
    server.add("/b.xml", rss2([{"title": "Shared story (B)", "link": link + "?utm_source=b&utm_campaign=x#top",
                                "guid": "b-77"}]), content_type="application/rss+xml")
    server.add("/shared.html", article_page("Shared story"))
    report = fetch_sources([feed_source("Feed A", server.url("/a.xml")), feed_source("Feed B", server.url("/b.xml"))],
                           settings, seeds, store, now=NOW)
    assert report.new == 1 and report.duplicates == 1 and list(report.failures) == []
    assert len(pages(seeds)) == 1
    assert len(server.hits("/shared.html")) == 1


def test_entries_a_feed_gives_one_id_are_each_a_seed_by_their_links(server, settings, store, seeds):
    # A CMS that gives every item the site's address as its guid: each entry after the first was taken
    # for the first ("duplicate"), never fetched and never reported.
    home = server.url("/")
    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html"), "guid": home}
                                 for n in (1, 2, 3)]), content_type="application/rss+xml")
    for n in (1, 2, 3):
        server.add(f"/s{n}.html", article_page(f"Story {n}"))
    source = feed_source("One id", server.url("/rss.xml"))
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert report.new == 3 and report.duplicates == 0 and list(report.failures) == []
    assert sorted(p.name for p in pages(seeds)) == [f"2026-11-24-story-{n}.html" for n in (1, 2, 3)]
    # Known by their links from then on.
    server.log.clear()
    again = fetch_sources([source], settings, seeds, store, now=NOW)
    assert again.new == 0 and again.duplicates == 3 and server.paths() == ["/rss.xml"]
    assert again.summary_line().startswith("fetch: 1 source, 0 new entries, 3 already seeds, 0 unchanged, 0 failed (")


def test_a_feed_giving_one_id_to_one_new_entry_per_fetch_loses_none(server, settings, store, seeds):
    # The same CMS, listing only its newest entry: within one document there is nothing to tell the id is
    # shared, so the store tells it: the id was first seen with another link.
    home = server.url("/")
    source = feed_source("One id", server.url("/rss.xml"))
    for n in (1, 2, 3):
        server.add(f"/s{n}.html", article_page(f"Story {n}"))
        server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html"), "guid": home}]),
                   content_type="application/rss+xml")
        report = fetch_sources([source], settings, seeds, store, now=NOW)
        assert report.new == 1 and report.duplicates == 0, n
    assert sorted(p.name for p in pages(seeds)) == [f"2026-11-24-story-{n}.html" for n in (1, 2, 3)]
    server.log.clear()
    again = fetch_sources([source], settings, seeds, store, now=NOW)
    assert again.new == 0 and again.duplicates == 1 and server.paths() == ["/rss.xml"]


def test_an_entry_whose_link_changed_under_its_id_is_kept_once(server, settings, store, seeds):
    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/story.html"), "guid": "g1"}]),
               content_type="application/rss+xml")
    server.add("/story.html", article_page("Story"))
    source = feed_source("News", server.url("/rss.xml"))
    assert fetch_sources([source], settings, seeds, store, now=NOW).new == 1
    # The site renamed the page: the new address is asked for once, and its page is the seed already written.
    server.add("/2026/story.html", article_page("Story"))
    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/2026/story.html"), "guid": "g1"}]),
               content_type="application/rss+xml")
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert report.new == 0 and report.duplicates == 1 and len(pages(seeds)) == 1
    server.log.clear()
    again = fetch_sources([source], settings, seeds, store, now=NOW)
    assert again.new == 0 and again.duplicates == 1 and server.paths() == ["/rss.xml"]


def test_a_utm_tagged_or_republished_entry_is_not_fetched_again(server, settings, store, seeds):
    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/story.html"), "guid": "g1"}]),
               content_type="application/rss+xml")
    server.add("/story.html", article_page("Story"))
    source = feed_source("News", server.url("/rss.xml"))
    assert fetch_sources([source], settings, seeds, store, now=NOW).new == 1
    # Re-published with a new guid and tracking parameters; the host in capitals.
    tagged = server.url("/story.html?utm_source=twitter&fbclid=abc&gclid=1").replace("127.0.0.1", "127.0.0.1")
    server.add("/rss.xml", rss2([{"title": "Story (updated)", "link": tagged, "guid": "g2"}]),
               content_type="application/rss+xml")
    server.log.clear()
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert report.new == 0 and report.duplicates == 1
    assert server.paths() == ["/rss.xml"]
    assert len(pages(seeds)) == 1


def test_a_page_source_is_fetched_once(server, settings, store, seeds):
    server.add("/report.html", article_page("Annual report"))
    source = Source(name="Annual report", page=server.url("/report.html"), section="Business")
    first = fetch_sources([source], settings, seeds, store, now=NOW)
    assert first.new == 1 and first.fetched == 1
    [page] = pages(seeds)
    assert page.name == "2026-11-25-report.html"
    assert read_sidecar(page) == {"source": "Annual report", "url": server.url("/report.html"), "section": "Business",
                                  "fetched": "2026-11-25T09:00:00+00:00", "charset": "utf-8"}
    server.log.clear()
    second = fetch_sources([source], settings, seeds, store, now=NOW)
    assert second.new == 0 and second.not_modified == 1 and server.paths() == []


@pytest.mark.parametrize("declared", ["base64", "hex", "zlib", "rot13", "no-such-charset"])
def test_a_charset_that_is_no_text_encoding_is_not_kept_and_the_page_reads(server, store, seeds, declared):
    # Python knows "base64" and "zlib" as codecs, but they turn bytes into bytes: a page declared so is read
    # as any page without a charset, not skipped on every run.
    server.add("/report.html", article_page("Caf\u00e9 report").encode("cp1252"),
               content_type=f"text/html; charset={declared}")
    source = Source(name="Report", page=server.url("/report.html"))
    assert fetch_sources([source], fast_settings(), seeds, store, now=NOW).new == 1
    [page] = pages(seeds)
    assert "charset" not in read_sidecar(page)
    assert "Caf\u00e9 report" in read_article(page, page.read_bytes(), sidecar=sidecar_path(page).read_bytes()).title


def test_old_entries_and_entries_past_the_limit_are_left_alone(server, store, seeds):
    # The first max_entries of the entries within max_age (an old one takes no place among them).
    server.add("/rss.xml", rss2([
        {"title": "New", "link": server.url("/new.html"), "date": "Wed, 25 Nov 2026 07:00:00 GMT"},
        {"title": "Old", "link": server.url("/old.html"), "date": "Sun, 01 Nov 2026 07:00:00 GMT"},
        {"title": "Third", "link": server.url("/third.html"), "date": "Wed, 25 Nov 2026 06:00:00 GMT"},
        {"title": "Fourth", "link": server.url("/fourth.html"), "date": "Wed, 25 Nov 2026 05:00:00 GMT"},
    ]), content_type="application/rss+xml")
    for name in ("new", "old", "third", "fourth"):
        server.add(f"/{name}.html", article_page(name))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_age=3 * 86400, max_entries=2),
                           seeds, store, now=NOW)
    assert report.new == 2 and list(report.failures) == []
    assert server.hits("/old.html") == [] and server.hits("/fourth.html") == [] and server.hits("/third.html")


def test_a_feed_listed_oldest_first_gives_its_new_entries(server, store, seeds):
    # 250 entries, the oldest first: the new ones are last, past the first max_entries of the feed.
    old = [{"title": f"Old {n}", "link": server.url(f"/old-{n}.html"), "date": "Sun, 01 Nov 2026 07:00:00 GMT"}
           for n in range(247)]
    new = [{"title": f"New {n}", "link": server.url(f"/new-{n}.html"), "date": "Wed, 25 Nov 2026 07:00:00 GMT"}
           for n in range(3)]
    server.add("/rss.xml", rss2(old + new), content_type="application/rss+xml")
    for n in range(3):
        server.add(f"/new-{n}.html", article_page(f"new {n}"))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_age=3 * 86400, max_entries=30),
                           seeds, store, now=NOW)
    assert report.new == 3 and list(report.failures) == []


def down_until_up(title: str):
    """A page that answers 503 until its state says "up", then the article `title`."""
    state = {"up": False}

    def sometimes(handler):
        if state["up"]:
            handler.send_plain(200, article_page(title).encode(), {"Content-Type": "text/html"})
        else:
            handler.send_plain(503, b"down")

    return state, sometimes


def test_validators_are_kept_back_while_an_entry_failed_transiently(server, settings, store, seeds):
    state, sometimes = down_until_up("Sometimes")

    server.add("/rss.xml", rss2([{"title": "Sometimes", "link": server.url("/s.html")}]),
               content_type="application/rss+xml", etag='"e1"')
    server.handle("/s.html", sometimes)
    source = feed_source("News", server.url("/rss.xml"))
    first = fetch_sources([source], fast_settings(retries=0), seeds, store, now=NOW)
    assert first.failed == 1 and store.get_validators(server.url("/rss.xml")) == (None, None)
    state["up"] = True
    second = fetch_sources([source], settings, seeds, store, now=NOW)
    assert second.new == 1 and "if-none-match" not in server.hits("/rss.xml")[-1].headers
    assert store.get_validators(server.url("/rss.xml")) == ('"e1"', None)


@pytest.mark.parametrize("cut", [KeyboardInterrupt, OSError])
def test_validators_are_kept_back_when_a_page_is_cut_short(server, settings, store, seeds, monkeypatch, cut):
    """Ctrl+C during a page, or a seed that cannot be written: the entry is not done, so the feed is asked in
    full next time (storing its ETag then made the next fetch a 304, and the entry was lost for good)."""
    from briefing.ingest.fetch import writer

    server.add("/rss.xml", rss2([{"title": "Slow", "link": server.url("/slow.html")}]),
               content_type="application/rss+xml", etag='"e1"')
    server.add("/slow.html", article_page("Slow"))
    source = feed_source("News", server.url("/rss.xml"))
    real = writer.SeedWriter.write_page

    def cut_short(*args, **kwargs):
        raise cut("cut short")

    monkeypatch.setattr(writer.SeedWriter, "write_page", cut_short)
    with pytest.raises(cut):
        fetch_sources([source], settings, seeds, store, now=NOW)
    assert store.get_validators(server.url("/rss.xml")) == (None, None)
    monkeypatch.setattr(writer.SeedWriter, "write_page", real)
    again = fetch_sources([source], settings, seeds, store, now=NOW)
    assert again.new == 1 and "if-none-match" not in server.hits("/rss.xml")[-1].headers


def test_an_entry_left_for_another_feeds_transient_failure_keeps_its_feeds_validators_back(
    server, store, seeds
):
    """Two feeds link one page; it fails for the first (503) and is not asked again for the second, whose
    ETag must then wait too: the first feed may drop the item, and the second's 304 would hide it."""
    state, sometimes = down_until_up("Ferry")

    server.add("/a.xml", rss2([{"title": "Ferry", "link": server.url("/ferry.html")}]),
               content_type="application/rss+xml")
    server.add("/b.xml", rss2([{"title": "Ferry", "link": server.url("/ferry.html?utm_source=b")}]),
               content_type="application/rss+xml", etag='"b1"')
    server.handle("/ferry.html", sometimes)
    sources = [feed_source("A", server.url("/a.xml")), feed_source("B", server.url("/b.xml"))]
    first = fetch_sources(sources, fast_settings(retries=0), seeds, store, now=NOW)
    assert first.failed == 1 and store.get_validators(server.url("/b.xml")) == (None, None)
    server.add("/a.xml", rss2([]), content_type="application/rss+xml")  # the first feed moved on
    state["up"] = True
    second = fetch_sources(sources, fast_settings(retries=0), seeds, store, now=NOW)
    assert second.new == 1 and list(second.failures) == []


def test_a_304_sent_with_a_body_does_not_break_the_next_feed_on_the_connection(server, settings, store, seeds):
    """A 304 has no body, but some servers send one: read as the answer to the next request on a kept-alive
    connection, it failed an innocent feed on every fetch. A conditional request asks to close instead."""
    world = rss2([{"title": "World story", "link": server.url("/w.html")}]).encode()

    def world_feed(handler):
        if handler.headers.get("If-None-Match") == '"w1"':
            handler.send_plain(304, world, {"ETag": '"w1"'})  # the feed again, after a 304
        else:
            handler.send_plain(200, world, {"Content-Type": "application/rss+xml", "ETag": '"w1"'})

    server.handle("/world.xml", world_feed)
    server.add("/w.html", article_page("World story"))
    server.add("/sport.xml", rss2([{"title": "Sport story", "link": server.url("/s.html")}]),
               content_type="application/rss+xml")
    server.add("/s.html", article_page("Sport story"))
    sources = [feed_source("World", server.url("/world.xml")), feed_source("Sport", server.url("/sport.xml"))]
    first = fetch_sources(sources, settings, seeds, store, now=NOW)
    assert first.new == 2 and list(first.failures) == []
    for _ in range(2):
        again = fetch_sources(sources, settings, seeds, store, now=NOW)
        assert list(again.failures) == [] and again.not_modified == 1, again.failures


def test_unchanged_feeds_of_one_host_are_asked_over_one_kept_alive_connection(server, settings, store, seeds):
    for n in range(5):
        server.add(f"/f{n}.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")}]),
                   content_type="application/rss+xml", etag=f'"e{n}"')
        server.add(f"/s{n}.html", article_page(f"Story {n}"))
    sources = [feed_source(f"Feed {n}", server.url(f"/f{n}.xml")) for n in range(5)]
    assert fetch_sources(sources, settings, seeds, store, now=NOW).new == 5
    server.log.clear()
    again = fetch_sources(sources, settings, seeds, store, now=NOW)
    assert again.not_modified == 5 and len(server.log) == 5
    assert len({seen.client_port for seen in server.log}) == 1


def test_a_compressed_page_cut_short_is_a_failure_to_retry_not_a_page(server, settings, store, seeds):
    """gzip says where its data ends: a connection closed before that is a page cut short, never written
    as the page (it was, and was never fetched again)."""
    import gzip

    whole = gzip.compress(article_page("Cut story").encode())

    def cut(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(whole[:len(whole) // 2])
        handler.close_connection = True

    server.add("/rss.xml", rss2([{"title": "Cut story", "link": server.url("/cut.html")}]),
               content_type="application/rss+xml", etag='"c1"')
    server.handle("/cut.html", cut)
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(retries=0), seeds, store,
                           now=NOW)
    assert report.new == 0 and len(report.failures) == 1 and "corrupt compressed response" in report.failures[0]
    assert store.get_validators(server.url("/rss.xml")) == (None, None)  # asked in full next time
    assert not [path for path in seeds.rglob("*") if path.is_file()]


@pytest.mark.parametrize("full_text", [True, False])
def test_an_entry_with_metadata_too_big_for_a_sidecar_is_written_so_that_it_reads_back(
    server, settings, store, seeds, full_text
):
    """A headline of 300 emoji, 30 tags of 60 and an address of 1,900 (17 KB in UTF-8): the metadata is
    trimmed to what the reader accepts (a sidecar the run refused once lost the entry, recorded as fetched)."""
    import urllib.parse

    from briefing.ingest.frontmatter import split_front_matter

    path = "/" + "\U0001F30D" * 1900 + ".html"
    feed = rss2([{"title": "\U0001F30E" * 300, "link": server.url(path)}]).replace(
        "<category>World</category>", "".join(f"<category>{chr(0x1F300 + n) * 60}</category>" for n in range(30)))
    server.add("/rss.xml", feed, content_type="application/rss+xml")
    server.add(urllib.parse.quote(path), article_page("Big"))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"), full_text=full_text)], settings, seeds, store,
                           now=NOW)
    assert report.new == 1 and list(report.failures) == []
    [seed] = [found for found in seeds.rglob("*") if found.is_file() and not is_sidecar_name(found.name)]
    if full_text:
        meta = read_sidecar(seed)  # SidecarError if the run would refuse it
    else:
        meta, _ = split_front_matter(seed.read_text(encoding="utf-8"))  # SeedError if too large
    assert meta["url"] and meta["title"].startswith("\U0001F30E" * 100) and meta.get("tags")


def test_https_with_certificate_checks_and_kept_alive_connections(store, seeds):
    import ssl

    trustme = pytest.importorskip("trustme")
    from feedsite import NewsSite

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("news.example").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    server = NewsSite(tls=server_context)
    try:
        network = FakeNetwork({"news.example": "127.0.0.1"})
        site = f"https://news.example:{server.port}"
        server.add("/rss.xml", rss2([{"title": f"Secure {n}", "link": f"{site}/s{n}.html"} for n in range(2)]),
                   content_type="application/rss+xml")
        for n in range(2):
            server.add(f"/s{n}.html", article_page(f"Secure {n}"))
        source = feed_source("Secure", f"{site}/rss.xml")
        report = fetch_sources([source], fast_settings(), seeds, store, now=NOW, network=network, verify=client_context)
        assert list(report.failures) == [] and report.new == 2
        assert len({seen.client_port for seen in server.log}) == 1  # one TLS connection for all four requests
        # Without the test CA the certificate is not trusted: one line, nothing written.
        with State(seeds.parent / "other.sqlite3", seeds.parent / "out", seeds / "other") as other:
            untrusted = fetch_sources([source], fast_settings(), seeds / "other", other, now=NOW, network=network)
        assert len(untrusted.failures) == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.failures[0]
        assert untrusted.failures[0].startswith("Secure: cannot connect to news.example: ")
    finally:
        server.close()


def test_a_json_feed_with_full_text_fetches_each_page(server, settings, store, seeds):
    server.add("/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1",
        "title": "Notes",
        "items": [{"id": 42, "url": "/notes/42", "title": "Relative link", "summary": "Short.",
                   "date_published": "2026-11-24T10:00:00+02:00"}],
    }), content_type="application/json")
    server.add("/notes/42", article_page("Relative link"))
    report = fetch_sources([feed_source("Notes", server.url("/feed.json"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1
    [page] = pages(seeds)
    assert page.name == "2026-11-24-relative-link.html"
    assert read_sidecar(page)["published"] == "2026-11-24T08:00:00+00:00"
    assert store.seen(f"id:{server.url('/feed.json')} 42")


def test_an_entrys_text_reads_back_from_its_markdown_seed_as_it_was(server, settings, store, seeds):
    """Written into a .md seed as it was, "<video>" read back as a tag and was dropped, "*2 points*" as emphasis
    (and a backslash before a star, as an escape)."""
    from briefing.ingest.readers import read_article

    said = ("Pages should use the <video> element & not *2 points* for snake_case `code` or C:\\*.txt, "
            "the minister said.")
    marked = MARKED
    content = said.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # the text, as HTML
    server.add("/text.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title><id>urn:uuid:feed</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <entry><title>Video element</title><id>urn:uuid:text-1</id><updated>2026-11-24T09:00:00Z</updated>
    <content type="html">&lt;p&gt;{content.replace("&", "&amp;").replace("<", "&lt;")}&lt;/p&gt;
      &lt;p&gt;The committee will publish its report on the standard next month.&lt;/p&gt;
      {"".join(f"&lt;p&gt;{line}&lt;/p&gt;" for line in marked)}</content></entry>
</feed>""", content_type="application/atom+xml")
    report = fetch_sources([feed_source("Notes", server.url("/text.xml"), full_text=False)], settings, seeds, store,
                           now=NOW)
    assert list(report.failures) == [] and report.new == 1
    [seed] = pages(seeds)
    article = read_article(seed, seed.read_bytes(), seed_id=seed.name)
    assert said in article.paragraphs
    for line in marked:  # not a heading (left out), a list item or a link, which lose their marks or target
        assert line in article.paragraphs


MARKED = ["# 1 priority for the council is the harbour, the mayor said on Monday.",
          "1. Rates rose by a quarter point, the bank said in its statement on Monday.",
          "- and more cuts are to come next year, the finance minister told reporters.",
          "The full text is at [the ministry](https://ministry.example/report) and in print from Friday.",
          "--- the rest of the statement was read out by the spokesman at noon on Monday.",
          "Fares rise from ~~2 euros~~ to 3 euros, and a [^1] mark stays, the operator said on Monday.",
          "2026. That was the year the harbour reopened, the mayor recalled at the ceremony.",
          "Hugo users wrap warnings in {{% notice warning %}} and {{% /notice %}} shortcodes, the guide says."]


def test_an_entry_of_nothing_is_named_by_its_place_in_the_feed(server, settings, store, seeds):
    # A feed cut short ends in an entry with no link, headline or id: "failed: News: entry has no link" named none.
    server.add("/rss.xml", rss2([{"title": "Whole", "link": server.url("/whole.html")}]).replace(
        "</channel>", "<item><description></description></item></channel>"), content_type="application/rss+xml")
    server.add("/whole.html", article_page("Whole"))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], settings, seeds, store, now=NOW)
    assert report.new == 1 and list(report.failures) == ["News: entry 2 of the feed: entry has no link"]


def test_an_atom_entry_with_no_link_but_a_urn_id_becomes_a_seed_of_its_own_text(server, settings, store, seeds):
    server.add("/urn.xml", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bulletins</title><id>urn:uuid:feed</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <entry><title>Harbour ferry resumes</title><id>urn:uuid:6f1c2b1e-1</id><updated>2026-11-24T09:00:00Z</updated>
    <content type="html">&lt;p&gt;The harbour ferry runs again from Monday after a month of repairs.&lt;/p&gt;
      &lt;p&gt;The operator said the timetable is the same as before the repairs.&lt;/p&gt;</content></entry>
</feed>""", content_type="application/atom+xml")
    report = fetch_sources([feed_source("Bulletins", server.url("/urn.xml"))], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 1
    [seed] = pages(seeds)
    assert seed.suffix == ".md" and "The harbour ferry runs again from Monday" in seed.read_text()
    assert "urn:uuid" not in seed.read_text().split("---")[1]  # no link in its front matter


def test_entries_with_their_own_links_sharing_a_teaser_are_each_a_seed(server, settings, store, seeds):
    teaser = "The full story is on our website, with photos and video."
    server.add("/teasers.xml", rss2([{"title": f"Story {n} of the day", "link": server.url(f"/s{n}"),
                                      "description": teaser} for n in range(3)]),
               content_type="application/rss+xml")
    source = feed_source("Teasers", server.url("/teasers.xml"), full_text=False)
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 3 and report.duplicates == 0
    assert len(pages(seeds)) == 3


def test_posts_told_in_the_feed_linking_to_anchors_of_one_page_are_each_a_seed(server, settings, store, seeds):
    # A live blog's posts, each with its guid and text, link to "#post-1", "#post-2" of one page: a link
    # is known without its fragment, and the first post stood for all of them, with nothing said.
    posts = ["Water has reached the first floor of houses near the river.",
             "The army has sent two helicopters to lift people from the roofs.",
             "The mayor asks everyone in the old town to leave before dark."]
    items = [{"title": "Storm: live updates", "link": server.url(f"/live/storm#post-{n}"), "guid": f"storm-{n}",
              "description": text} for n, text in enumerate(posts, start=1)]  # (one title for all, as live blogs)
    server.add("/live.xml", rss2(items), content_type="application/rss+xml")
    source = feed_source("Live", server.url("/live.xml"), full_text=False)
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 3
    assert sorted(p.read_text().split("\n\n")[-1].strip() for p in pages(seeds)) == sorted(posts)
    server.add("/live.xml", rss2(items + [{"title": "Storm: live updates", "link": server.url("/live/storm#post-4"),
                                           "guid": "storm-4", "description": "The rain has stopped."}]),
               content_type="application/rss+xml")
    again = fetch_sources([source], settings, seeds, store, now=NOW)
    assert again.new == 1 and len(pages(seeds)) == 4


@pytest.mark.parametrize("linked", [True, False])
def test_over_a_hundred_entries_of_one_name_in_a_day_are_fetched_whole(server, settings, store, seeds, linked):
    # A live blog's "Live updates", each with its link; a status feed's link-less "Update" items: the 101st
    # same-named .md seed had no address to be named by, and "over 100 seeds named ..." stopped the whole
    # fetch (exit 1), every fetch after it, the other feeds never read. It is named by its text.
    items = [{"title": "Live updates", "link": server.url(f"/live/{n}"), "guid": f"live-{n}",
              "description": f"Update number {n} from the live blog of the day."} if linked else
             {"title": "Live updates", "link": "", "guid": "",
              "description": f"Service note number {n}: the line runs normally."} for n in range(105)]
    server.add("/live.xml", rss2(items), content_type="application/rss+xml")
    server.add("/other.xml", rss2([{"title": "Another source", "link": server.url("/other/1"),
                                    "description": "Another source's story."}]), content_type="application/rss+xml")
    sources = [feed_source("Live", server.url("/live.xml"), full_text=False),
               feed_source("Other", server.url("/other.xml"), full_text=False)]
    report = fetch_sources(sources, dataclasses.replace(settings, max_entries=200), seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 106
    names = [p.name for p in pages(seeds / "live")]
    assert len(names) == 105 and "2026-11-24-live-updates-100.md" in names
    again = fetch_sources(sources, dataclasses.replace(settings, max_entries=200), seeds, store, now=NOW)
    assert again.new == 0 and len(pages(seeds)) == 106


_TOLD = "The council approved the harbour budget on Monday after a long debate about ferries."


def test_one_entry_is_one_seed_when_its_link_changes_or_appears_or_another_feed_carries_it(server, settings, store,
                                                                                           seeds):
    def feed(path: str, link: str, guid: str | None = None) -> None:
        item = {"title": "Council approves budget", "link": link, "description": _TOLD}
        if guid is not None:
            item["guid"] = guid
        server.add(path, rss2([item]), content_type="application/rss+xml")

    news = feed_source("News", server.url("/news.xml"), full_text=False)
    feed("/news.xml", server.url("/2026/council-approves"))
    assert fetch_sources([news], settings, seeds, store, now=NOW).new == 1
    feed("/news.xml", server.url("/2026/council-approves-budget-after-vote"))  # its address edited
    assert fetch_sources([news], settings, seeds, store, now=NOW).new == 0
    feed("/other.xml", server.url("/b/council"))  # the same entry syndicated
    other = feed_source("Other", server.url("/other.xml"), full_text=False)
    assert fetch_sources([other], settings, seeds, store, now=NOW).new == 0
    assert len(pages(seeds)) == 1

    bare = feed_source("Bare", server.url("/bare.xml"), full_text=False)
    server.add("/bare.xml", rss2([{"title": "Ferry fares fall", "link": "", "guid": "",
                                   "description": "Ferry fares fall by a tenth from Monday, the operator said."}]),
               content_type="application/rss+xml")
    assert fetch_sources([bare], settings, seeds, store, now=NOW).new == 1
    server.add("/bare.xml", rss2([{"title": "Ferry fares fall", "link": server.url("/ferry"), "guid": "",
                                   "description": "Ferry fares fall by a tenth from Monday, the operator said."}]),
               content_type="application/rss+xml")  # a link it lacked before
    assert fetch_sources([bare], settings, seeds, store, now=NOW).new == 0
    assert len(pages(seeds)) == 2


def test_a_post_without_a_title_takes_its_first_sentence_as_its_headline(server, settings, store, seeds):
    # Mastodon and micro.blog items, and JSON Feed notes, often have no title: not the file name.
    from briefing.ingest.readers import read_article

    long = "The harbour board met for six hours on Tuesday and agreed, after a vote that split every party " \
           "on the council, to sell the old ferry terminal to the city."
    server.add("/posts.xml", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Jane</title>
  <item><link>{server.url("/@jane/1")}</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate>
    <description>&lt;p&gt;The city council approved the new cycle lanes on Monday. Work starts in April.&lt;/p&gt;</description></item>
  <item><link>{server.url("/@jane/2")}</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;{long} Nobody objected.&lt;/p&gt;</description></item>
</channel></rss>""", content_type="application/rss+xml")
    report = fetch_sources([feed_source("Jane", server.url("/posts.xml"), full_text=False)], settings, seeds, store,
                           now=NOW)
    assert report.new == 2 and list(report.failures) == []
    titles = sorted(read_article(seed, seed.read_bytes(), seed_id=seed.name).title for seed in pages(seeds))
    assert titles[0] == "The city council approved the new cycle lanes on Monday"
    assert titles[1].startswith("The harbour board met for six hours") and titles[1].endswith("\u2026")
    assert len(titles[1]) <= 90


def test_an_aggregators_link_to_an_article_already_fetched_is_not_asked_for_again(server, settings, store, seeds):
    # A news aggregator's entry redirects to an article the site's own feed gave: a duplicate, and
    # known as one from then on (each fetch asked for the redirect and the page again).
    server.add("/site.xml", rss2([{"title": "Harbour deal agreed", "link": server.url("/news/harbour.html")}]),
               content_type="application/rss+xml")
    server.add("/aggregator.xml", rss2([{"title": "Harbour deal agreed - Coast", "link": server.url("/r/xyz")}]),
               content_type="application/rss+xml")
    server.add("/r/xyz", b"", status=302, headers={"Location": "/news/harbour.html?utm_source=agg"})
    server.add("/news/harbour.html?utm_source=agg", article_page("Harbour deal agreed"))
    server.add("/news/harbour.html", article_page("Harbour deal agreed"))
    sources = [feed_source("Coast", server.url("/site.xml")), feed_source("Aggregator", server.url("/aggregator.xml"))]
    first = fetch_sources(sources, settings, seeds, store, now=NOW)
    assert first.new == 1 and first.duplicates == 1
    server.log.clear()
    second = fetch_sources(sources, settings, seeds, store, now=NOW)
    assert second.new == 0 and second.duplicates == 2
    assert server.hits("/r/xyz") == [] and server.hits("/news/harbour.html") == []


def test_a_partial_or_empty_answer_is_never_taken_for_the_page_or_the_feed(server, settings, store, seeds):
    """A 206 Partial Content (no Range asked for: a broken cache) is a part of the page, a 204 none of it."""
    server.add("/rss.xml", rss2([{"title": "Part", "link": server.url("/part.html")},
                                 {"title": "Empty", "link": server.url("/empty.html")},
                                 {"title": "Whole", "link": server.url("/whole.html")}]),
               content_type="application/rss+xml", etag='"v1"')
    server.add("/part.html", article_page("Part")[:300], status=206, headers={"Content-Range": "bytes 0-299/5000"})
    server.add("/empty.html", b"", status=204)
    server.add("/whole.html", article_page("Whole"))
    server.add("/partial-feed.xml", rss2([{"title": "Cut", "link": server.url("/whole.html")}])[:900], status=206,
               content_type="application/rss+xml")
    report = fetch_sources([feed_source("News", server.url("/rss.xml")),
                            feed_source("Cut", server.url("/partial-feed.xml"))], settings, seeds, store, now=NOW)
    assert sorted(report.failures) == [
        "Cut: HTTP 206 Partial Content (a part of it, though no part was asked for)",
        f"News: {server.url('/empty.html')}: HTTP 204 No Content",
        f"News: {server.url('/part.html')}: HTTP 206 Partial Content (a part of it, though no part was asked for)",
    ]
    assert [read_sidecar(p)["title"] for p in pages(seeds)] == ["Whole"]
    # The part may be whole next time: the feed is asked for again in full.
    assert store.get_validators(server.url("/rss.xml")) == (None, None)


class _SilentResolver(FakeNetwork):
    """news.example resolves at once; a name in `silent` has no answer (a resolver that does not reply),
    from its `after`-th look-up on."""

    def __init__(self, silent: dict[str, int]) -> None:
        super().__init__({"news.example": "127.0.0.1", "slow.example": "127.0.0.1"})
        self.silent, self.lookups, self.release = silent, {}, threading.Event()

    def resolve(self, host, port):
        self.lookups[host] = self.lookups.get(host, 0) + 1
        if host in self.silent and self.lookups[host] > self.silent[host]:
            self.release.wait(10)  # getaddrinfo() waiting on a resolver that never answers
        return super().resolve(host, port)


def test_a_name_with_no_answer_costs_the_connect_timeout_once_not_the_systems_wait(server, store, seeds):
    network = _SilentResolver({"slow.example": 0})
    slow = f"http://slow.example:{server.port}"
    server.add("/feed.xml", rss2([{"title": f"Story {n}", "link": f"{slow}/story{n}.html"} for n in range(5)]
                                 + [{"title": "Fine", "link": f"http://news.example:{server.port}/fine.html"}]),
               content_type="application/rss+xml")
    server.add("/fine.html", article_page("Fine"))
    sources = [feed_source("Silent", f"{slow}/feed.xml"), feed_source("News", f"http://news.example:{server.port}/feed.xml")]
    started = time.monotonic()
    try:
        report = fetch_sources(sources, fast_settings(connect_timeout=0.2), seeds, store, now=NOW, network=network)
    finally:
        network.release.set()
    assert time.monotonic() - started < 5  # not 6 look-ups of 10 s each (one is 10 s): room for a loaded machine
    assert report.new == 1
    reason = "cannot resolve slow.example: no answer within 0.2s (fetch.connect_timeout)"
    assert list(report.failures) == [f"Silent: {reason}"] + [f"News: {slow}/story{n}.html: {reason}" for n in range(5)]
    assert network.lookups["slow.example"] == 1


def test_a_look_up_when_connecting_ends_by_the_connect_timeout(server, store, seeds):
    """The name answers the checks before the request, not the one made while connecting."""
    network = _SilentResolver({"news.example": 2})  # is_private_source's and the request's own check
    started = time.monotonic()
    try:
        report = fetch_sources([feed_source("News", f"http://news.example:{server.port}/feed.xml")],
                               fast_settings(connect_timeout=0.2), seeds, store, now=NOW, network=network)
    finally:
        network.release.set()
    assert time.monotonic() - started < 5  # not the 10 s look-up: room for a loaded machine
    assert list(report.failures) == ["News: timed out after 0.2s connecting to news.example"]


def test_an_intranet_feed_cannot_make_the_fetcher_ask_a_cloud_metadata_service(server, settings, store, seeds):
    """A feed on this machine or an intranet (a local bridge republishing others' posts) may link to its own
    network, but not to where a cloud machine's metadata service answers with its credentials."""

    class Cloud(FakeNetwork):
        def resolve(self, host, port):
            return {"imds.example": ["169.254.169.254"], "imds6.example": ["fd00:ec2::254"],
                    "mapped.example": ["::ffff:169.254.169.254"]}.get(host) or super().resolve(host, port)

    server.add("/feed.xml", rss2([
        {"title": "Internal", "link": server.url("/internal.html")},
        {"title": "Metadata", "link": "http://169.254.169.254/latest/meta-data/"},
        {"title": "By name", "link": "http://imds.example/latest/meta-data/"},
        {"title": "IPv6", "link": "http://imds6.example/latest/meta-data/"},
        {"title": "Mapped", "link": "http://mapped.example/latest/meta-data/"},
        {"title": "Bounce", "link": server.url("/bounce")},
    ]), content_type="application/rss+xml")
    server.add("/internal.html", article_page("Internal"))
    server.add("/bounce", b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/iam/"})
    report = fetch_sources([feed_source("Bridge", server.url("/feed.xml"))], settings, seeds, store, now=NOW,
                           network=Cloud({}))
    assert report.new == 1 and [read_sidecar(p)["title"] for p in pages(seeds)] == ["Internal"]
    why = "address where cloud metadata services answer; only a source on such an address may link there"
    assert sorted(report.failures) == sorted([
        f"Bridge: http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is at 169.254.169.254, a link-local {why}",
        f"Bridge: http://imds.example/latest/meta-data/: refused: imds.example is at 169.254.169.254, a link-local {why}",
        f"Bridge: http://imds6.example/latest/meta-data/: refused: imds6.example is at fd00:ec2::254, a private {why}",
        f"Bridge: http://mapped.example/latest/meta-data/: refused: mapped.example is at ::ffff:a9fe:a9fe, a link-local {why}",
        f"Bridge: {server.url('/bounce')}: refused: 169.254.169.254 is at 169.254.169.254, a link-local {why}",
    ])


def test_a_status_line_that_cannot_be_read_is_quoted_as_sent(server, settings, store, seeds):
    # was: "127.0.0.1 broke off the response: illegal status line: bytearray(b'HTTP/1.1 2000 WHAT')"
    def garbled(handler):
        handler.wfile.write(b"HTTP/1.1 2000 WHAT\r\nContent-Length: 0\r\n\r\n")
        handler.close_connection = True

    server.handle("/garbled.xml", garbled)
    report = fetch_sources([feed_source("Garbled", server.url("/garbled.xml"))], settings, seeds, store, now=NOW)
    [failure] = report.failures
    assert "bytearray" not in failure and "'HTTP/1.1 2000 WHAT'" in failure, failure


@pytest.mark.parametrize("extra", ["tail", "response"])
def test_a_body_longer_than_its_content_length_is_not_read_as_the_next_answer(server, settings, store, seeds, extra):
    """What a server sends past its Content-Length stays on the kept-alive connection: it was read as the
    answer to the next request there, another feed's (every fetch: "broke off the response: illegal status
    line"), or, shaped as a response, taken for that feed, whose source then held another's entries."""
    lying = rss2([{"title": "Lying", "link": server.url("/lying.html")}]).encode()
    fake = rss2([{"title": "Smuggled", "link": server.url("/smuggled.html")}]).encode()
    after = (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s" % (len(fake), fake)
             if extra == "response" else b"<!-- and more -->" * 3)

    def liar(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(lying)))
        handler.end_headers()
        handler.wfile.write(lying + after)  # one write: the rest arrives with the body

    server.handle("/liar.xml", liar)
    server.add("/good.xml", rss2([{"title": "Good", "link": server.url("/good.html")}]), content_type="application/rss+xml")
    for title in ("Lying", "Good", "Smuggled"):
        server.add(f"/{title.lower()}.html", article_page(title))
    report = fetch_sources([feed_source("Liar", server.url("/liar.xml")), feed_source("Good", server.url("/good.xml"))],
                           settings, seeds, store, now=NOW)
    assert list(report.failures) == []
    assert sorted(read_sidecar(p)["title"] for p in pages(seeds)) == ["Good", "Lying"]
    assert server.hits("/smuggled.html") == [] and len(server.hits("/good.xml")) == 1


def test_a_source_whose_folder_name_is_taken_by_a_file_or_symlink_is_one_line_and_the_others_are_fetched(
        server, settings, store, seeds, tmp_path):
    (seeds / "alpha").write_text("my notes\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (seeds / "beta").symlink_to(elsewhere)
    for name in ("alpha", "beta", "gamma"):
        server.add(f"/{name}.xml", rss2([{"title": name.title(), "link": server.url(f"/{name}.html")}]),
                   content_type="application/rss+xml")
        server.add(f"/{name}.html", article_page(name.title()))
    report = fetch_sources([feed_source(name.title(), server.url(f"/{name}.xml")) for name in ("alpha", "beta", "gamma")],
                           settings, seeds, store, now=NOW)  # stopped the whole fetch at the first: "File exists"
    assert list(report.failures) == [
        f"Alpha: {seeds / 'alpha'} is a file, not a folder: nothing of this source is written until it is moved away",
        f"Beta: {seeds / 'beta'} is a symlink, not a folder: nothing of this source is written until it is moved away",
    ]
    assert [p.relative_to(seeds).as_posix() for p in pages(seeds)] == ["alpha", "gamma/2026-11-24-gamma.html"]
    assert (seeds / "alpha").read_text() == "my notes\n" and list(elsewhere.iterdir()) == []
    assert server.hits("/alpha.xml") == [] and server.hits("/beta.xml") == []


def test_an_entry_dated_when_no_article_was_is_not_left_alone_as_old(server, store, seeds):
    """A CMS's zero date (1 January 1970) or a timestamp read as a year (1763) is no date: such entries
    were left alone as older than max_age, every fetch, with no line to say so."""
    server.add("/rss.xml", rss2([
        {"title": "Epoch", "link": server.url("/epoch.html"), "date": "Thu, 01 Jan 1970 00:00:00 +0000"},
        {"title": "Stamp", "link": server.url("/stamp.html"), "date": "1764000000"},
        {"title": "Old", "link": server.url("/old.html"), "date": "Sun, 01 Nov 2026 07:00:00 GMT"},
    ]), content_type="application/rss+xml")
    for name in ("epoch", "stamp", "old"):
        server.add(f"/{name}.html", article_page(name.title()))
    report = fetch_sources([feed_source("News", server.url("/rss.xml"))], fast_settings(max_age=3 * 86400),
                           seeds, store, now=NOW)
    assert list(report.failures) == [] and server.hits("/old.html") == []
    assert [p.relative_to(seeds).as_posix() for p in pages(seeds)] == [  # dated by the fetch
        "news/2026-11-25-epoch.html", "news/2026-11-25-stamp.html"]
    assert "published" not in read_sidecar(pages(seeds)[0])


def _drip(handler, content_type: str = "text/html", drops: int = 40, every: float = 0.05):
    """A page sent a byte every `every` seconds, `drops` times (by default for two seconds: past any deadline
    a test sets)."""
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.end_headers()
    try:
        for _ in range(drops):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(every)
    except OSError:
        pass


def test_a_host_that_keeps_timing_out_costs_two_timeouts_not_one_per_entry(server, store, seeds):
    """A server that drips a byte at a time cost the deadline for each of its feed's entries (thirty, at
    120 s each: an hour); after two timeouts its other requests are left for the next fetch."""
    network = FakeNetwork({"news.example": "127.0.0.1", "drip.example": "127.0.0.1"})
    drip_site, news_site = f"http://drip.example:{server.port}", f"http://news.example:{server.port}"
    for n in range(5):
        server.handle(f"/drip{n}.html", _drip)
    server.add("/fine.html", article_page("Fine"))
    server.add("/feed.xml", rss2([{"title": f"Drip {n}", "link": f"{drip_site}/drip{n}.html"} for n in range(5)]
                                 + [{"title": "Fine", "link": f"{news_site}/fine.html"}]), content_type="application/rss+xml",
               etag='"v1"')
    started = time.monotonic()
    report = fetch_sources([feed_source("News", f"{news_site}/feed.xml")], fast_settings(deadline=0.3), seeds, store,
                           now=NOW, network=network)
    assert time.monotonic() - started < 3  # (the requests below tell: two deadlines, not five)
    late = "no complete response from drip.example within 0.3s (fetch.deadline)"
    assert list(report.failures) == [f"News: {drip_site}/drip0.html: {late}", f"News: {drip_site}/drip1.html: {late}"] + [
        f"News: {drip_site}/drip{n}.html: left for the next fetch: drip.example timed out 2 times in a row in this fetch "
        f"(the last: {late})" for n in range(2, 5)]
    assert report.new == 1 and server.hits("/drip4.html") == []
    assert store.get_validators(f"{news_site}/feed.xml") == (None, None)  # the entries left are asked for again


def test_a_host_whose_slow_pages_have_answers_between_them_is_asked_for_the_rest(server, store, seeds):
    """Two slow pages of a host that answers the others (a live blog, an archive page) are two pages that timed
    out, not a slow host: the entries after the second were left for the next fetch, where the two slow ones,
    asked for first again, left them again."""
    site = f"http://news.example:{server.port}"
    for n in range(2):
        server.handle(f"/slow{n}.html", _drip)
    for n in range(3):
        server.add(f"/fine{n}.html", article_page(f"Fine {n}"))
    order = ["slow0", "fine0", "slow1", "fine1", "fine2"]
    server.add("/feed.xml", rss2([{"title": name, "link": f"{site}/{name}.html"} for name in order]),
               content_type="application/rss+xml")
    report = fetch_sources([feed_source("News", f"{site}/feed.xml")], fast_settings(deadline=1.0), seeds, store,
                           now=NOW, network=FakeNetwork({"news.example": "127.0.0.1"}))
    late = "no complete response from news.example within 1s (fetch.deadline)"
    assert list(report.failures) == [f"News: {site}/slow0.html: {late}", f"News: {site}/slow1.html: {late}"]
    assert report.new == 3


def test_a_host_whose_links_redirect_fast_to_pages_that_drip_costs_two_timeouts(server, store, seeds):
    """A redirect is no page delivered: it does not start the count of a host's timeouts again (each of its
    entries cost a deadline again)."""
    site = f"http://news.example:{server.port}"
    for n in range(4):
        server.add(f"/r/{n}", b"", status=302, headers={"Location": f"{site}/story{n}.html"})
        server.handle(f"/story{n}.html", _drip)
    server.add("/feed.xml", rss2([{"title": f"Story {n}", "link": f"{site}/r/{n}"} for n in range(4)]),
               content_type="application/rss+xml")
    report = fetch_sources([feed_source("News", f"{site}/feed.xml")], fast_settings(deadline=1.0), seeds, store,
                           now=NOW, network=FakeNetwork({"news.example": "127.0.0.1"}))
    late = "no complete response from news.example within 1s (fetch.deadline)"
    assert list(report.failures) == [f"News: {site}/r/{n}: {late}" for n in range(2)] + [
        f"News: {site}/r/{n}: left for the next fetch: news.example timed out 2 times in a row in this fetch "
        f"(the last: {late})" for n in range(2, 4)]
    assert server.hits("/story3.html") == []


def test_a_robots_txt_cut_at_its_limit_does_not_drop_the_other_kept_alive_connections(server, settings, store, seeds):
    network = FakeNetwork({"news.example": "127.0.0.1", "other.example": "127.0.0.1"})
    news, other = f"http://news.example:{server.port}", f"http://other.example:{server.port}"
    robots = {"news.example": b"User-agent: *\nAllow: /\n", "other.example": b"User-agent: *\nAllow: /\n" + b"# pad\n" * 100_000}

    def robots_txt(handler):
        handler.send_plain(200, robots[handler.headers["Host"].split(":")[0]])

    server.handle("/robots.txt", robots_txt)
    server.add("/feed.xml", rss2([{"title": "Other", "link": f"{other}/other.html"},
                                  {"title": "News", "link": f"{news}/news.html"}]), content_type="application/rss+xml")
    server.add("/other.html", article_page("Other"))
    server.add("/news.html", article_page("News"))
    report = fetch_sources([feed_source("News", f"{news}/feed.xml")], settings, seeds, store, now=NOW, network=network)
    assert report.new == 2 and list(report.failures) == []
    ports = {seen.client_port for seen in server.log if seen.headers["host"].startswith("news.example")}
    assert len(ports) == 1  # the feed, robots.txt and the page over one connection


def test_a_fetch_killed_between_writing_a_linkless_seed_and_recording_it_rewrites_that_seed(
        server, settings, store, seeds, monkeypatch):
    """A seed is recorded after it is written; a page's path is found again by its URL, but a link-less
    entry's was not: the next fetch wrote it once more, as "-2.md"."""
    server.add("/urn.xml", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bulletins</title><id>urn:uuid:feed</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <entry><title>Harbour ferry resumes</title><id>urn:uuid:6f1c2b1e-1</id><updated>2026-11-24T09:00:00Z</updated>
    <content type="html">&lt;p&gt;The harbour ferry runs again from Monday after a month of repairs.&lt;/p&gt;</content></entry>
  <entry><title>Harbour ferry resumes</title><id>urn:uuid:6f1c2b1e-2</id><updated>2026-11-24T09:30:00Z</updated>
    <content type="html">&lt;p&gt;Another bulletin of the same title, with a text of its own.&lt;/p&gt;</content></entry>
</feed>""", content_type="application/atom+xml")
    source = feed_source("Bulletins", server.url("/urn.xml"))
    mark_seen = type(store).mark_seen

    def killed(self, keys, path):
        raise KeyboardInterrupt  # the instant after the first file's rename

    monkeypatch.setattr(type(store), "mark_seen", killed)
    with pytest.raises(KeyboardInterrupt):
        fetch_sources([source], settings, seeds, store, now=NOW)
    monkeypatch.setattr(type(store), "mark_seen", mark_seen)
    report = fetch_sources([source], settings, seeds, store, now=NOW)
    assert list(report.failures) == [] and report.new == 2
    assert [p.name for p in pages(seeds)] == ["2026-11-24-harbour-ferry-resumes-2.md", "2026-11-24-harbour-ferry-resumes.md"]
    assert "runs again" in (seeds / "bulletins" / "2026-11-24-harbour-ferry-resumes.md").read_text()
