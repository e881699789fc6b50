"""`briefing fetch` end to end: the real CLI, real files in a temp folder, a real server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.ingest.sidecar import is_sidecar_name, read_sidecar
from briefing.state import State
from conftest import age_files, article_text, refuse_looking_inside, run_briefing, story_titles
from feedsite import CONTACT, gzip_bomb, rss2, wait_until

DAY = "2026-11-25"
FAST = f"""timezone = "UTC"

[fetch]
contact = "{CONTACT}"
delay = 0
connect_timeout = 2
read_timeout = 2
deadline = 5
max_age = 0
retry_backoff = "50ms"
max_retry_wait = 3
"""


def news_page(title: str, topic: str) -> str:
    """An article page whose text is about `topic` alone, so no two pages read as one event."""
    _, body = article_text(topic, sentences=9).split("\n\n", 1)
    sentences = re.split(r"(?<=\.) ", body.strip())
    paragraphs = "\n".join(f"<p>{' '.join(sentences[n:n + 3])}</p>" for n in range(0, len(sentences), 3))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Example News</title>"
            f"</head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Copyright Example News</footer></body></html>")


def write_config(folder: Path, text: str) -> None:
    (folder / "briefing.toml").write_text(text, encoding="utf-8")


def source(name: str, url: str, **extra) -> str:
    lines = ["[[sources]]", f"name = {json.dumps(name)}", f"feed = {json.dumps(url)}"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in extra.items()]
    return "\n" + "\n".join(lines) + "\n"


def seed_files(seeds: Path) -> dict[str, int]:
    """Every file under the seeds folder with its modification time."""
    return {p.relative_to(seeds).as_posix(): p.stat().st_mtime_ns for p in seeds.rglob("*") if p.is_file()}


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Local desk</title>
  <id>tag:news.example,2026:local</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <entry>
    <title type="html">Tram line &lt;em&gt;extended&lt;/em&gt; to the airport</title>
    <id>tag:news.example,2026:/local/1</id>
    <link rel="alternate" type="text/html" href="/local/tram.html?utm_source=atom&amp;utm_medium=feed"/>
    <published>2026-11-24T06:00:00+01:00</published>
    <author><name>Eine Reporterin</name></author>
    <summary>The tram reaches the terminal from Monday.</summary>
  </entry>
</feed>
"""


def local_feeds(server) -> str:
    """Three sources on the server (RSS with pages, Atom with pages, a JSON Feed carrying its text): their config."""
    server.add("/rss.xml", rss2([
        {"title": "Harbour bridge reopens after repairs", "link": server.url("/world/bridge.html"), "guid": "w-1"},
        {"title": "Rail talks resume", "link": server.url("/world/rail.html?utm_source=rss"), "guid": "w-2"},
    ]), content_type="application/rss+xml", etag='"rss-1"')
    server.add("/world/bridge.html", news_page("Bridge", "bridge"))
    server.add("/world/rail.html", news_page("Rail", "railway"))
    server.add("/atom.xml", ATOM, content_type="application/atom+xml", last_modified="Tue, 24 Nov 2026 10:00:00 GMT")
    server.add("/local/tram.html", news_page("Tram", "tram"))
    _, text = article_text("batteries", sentences=6).split("\n\n", 1)
    server.add("/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Tech Notes",
        "items": [{"id": "tech-1", "url": server.url("/tech/batteries"), "title": "Batteries that last a decade",
                   "content_html": f"<p>{text}</p><script>alert(1)</script>", "authors": [{"name": "Lab Desk"}],
                   "date_published": "2026-11-23T18:00:00Z", "tags": ["energy"]}],
    }), content_type="application/feed+json", etag='"json-1"')
    return (FAST + source("Example World", server.url("/rss.xml"), section="World")
            + source("Local desk", server.url("/atom.xml"), section="Local")
            + source("Tech Notes", server.url("/feed.json"), section="Technology", full_text=False))


def test_fetch_then_run_makes_a_briefing_of_the_feeds_stories(empty_workdir, server):
    write_config(empty_workdir, local_feeds(server))

    fetched = run_briefing("fetch", cwd=empty_workdir)

    assert fetched.code == 0, fetched.stderr
    assert fetched.stderr == ""
    assert re.fullmatch(r"fetch: 3 sources, 4 new entries, 0 unchanged, 0 failed \(\d+\.\ds\)\n", fetched.stdout)
    seeds = empty_workdir / "seeds"
    assert sorted(name for name in seed_files(seeds) if not is_sidecar_name(name)) == [
        "example-world/2026-11-24-harbour-bridge-reopens-after-repairs.html",
        "example-world/2026-11-24-rail-talks-resume.html",
        "local-desk/2026-11-24-tram-line-extended-to-the-airport.html",
        "tech-notes/2026-11-23-batteries-that-last-a-decade.md",
    ]
    assert (seeds / "example-world/2026-11-24-rail-talks-resume.html").read_text() == news_page("Rail", "railway")

    ran = run_briefing("run", "--date", DAY, cwd=empty_workdir)

    assert ran.code == 0, ran.stderr
    assert ran.stdout.startswith(f"{DAY}: 4 seeds, 4 new; wrote")  # the sidecars are part of their seeds
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text()
    titles = story_titles(markdown)
    assert sorted(titles) == ["Batteries that last a decade", "Harbour bridge reopens after repairs",
                              "Rail talks resume", "Tram line extended to the airport"]  # the feeds' titles
    for name, link in (("Example World", server.url("/world/bridge.html")),
                       ("Example World", server.url("/world/rail.html")),  # the tracking parameter dropped
                       ("Local desk", server.url("/local/tram.html")),
                       ("Tech Notes", server.url("/tech/batteries"))):
        assert f"[{name}]({link})" in markdown
    assert "alert" not in markdown and "Example News" not in markdown
    config = load_config(cwd=empty_workdir)
    with State(config.paths.state, config.paths.out, config.paths.seeds) as state:
        articles = {s.article.title: s.article for s in state.summaries_for_day(dt.date(2026, 11, 25))}
    assert {title: (a.section, a.source, a.author) for title, a in articles.items()} == {
        "Harbour bridge reopens after repairs": ("World", "Example World", "A. Reporter"),
        "Rail talks resume": ("World", "Example World", "A. Reporter"),
        "Tram line extended to the airport": ("Local", "Local desk", "Eine Reporterin"),
        "Batteries that last a decade": ("Technology", "Tech Notes", "Lab Desk"),  # the JSON Feed's authors
    }
    assert articles["Rail talks resume"].published == "2026-11-24T08:30:00+00:00"

    # Again: one conditional request per feed, a 304 each, and not one file written.
    before = seed_files(seeds)
    server.log.clear()
    again = run_briefing("fetch", cwd=empty_workdir)
    assert again.code == 0 and again.stdout.startswith("fetch: 3 sources, 0 new entries, 3 unchanged, 0 failed")
    assert server.paths() == ["/rss.xml", "/atom.xml", "/feed.json"]
    assert server.hits("/rss.xml")[0].headers["if-none-match"] == '"rss-1"'
    assert server.hits("/atom.xml")[0].headers["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert seed_files(seeds) == before
    assert "nothing new, no files changed" in run_briefing("run", "--date", DAY, cwd=empty_workdir).stdout


def bad_servers(server) -> tuple[str, list[str]]:
    """A config of sources that each fail in their own way, with good ones among them; the lines expected."""
    url = server.url
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.handle("/slow.xml", lambda handler: (__import__("time").sleep(1.5), handler.send_plain(200, b"late")))

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the body ends when the connection does, which is never
        try:
            while True:
                handler.wfile.write(b"<p>more and more</p>" * 400)
        except OSError:
            pass

    server.handle("/endless.html", endless)
    server.add("/bomb.html", gzip_bomb(50_000_000), headers={"Content-Encoding": "gzip"})
    server.add("/loop-a.html", b"", status=302, headers={"Location": url("/loop-b.html")})
    server.add("/loop-b.html", b"", status=307, headers={"Location": "/loop-a.html"})
    calls = {"flaky": 0, "limited": 0}

    def flaky(handler):  # 500, then the page
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            handler.send_plain(500, b"oops")
        else:
            handler.send_plain(200, news_page("Flaky", "ferry").encode(), {"Content-Type": "text/html"})

    def limited(handler):  # 429 with Retry-After, then the page
        calls["limited"] += 1
        if calls["limited"] == 1:
            handler.send_plain(429, b"slow down", {"Retry-After": "1"})
        else:
            handler.send_plain(200, news_page("Limited", "harvest").encode(), {"Content-Type": "text/html"})

    server.handle("/flaky.html", flaky)
    server.handle("/limited.html", limited)
    server.add("/private/secret.html", news_page("Secret", "secret"))
    hostile_page = news_page("Ordinary", "library").replace(
        "</article>", "<script>fetch('http://127.0.0.1/steal')</script><a href=\"javascript:alert(1)\">x</a></article>")
    server.add("/hostile.html", hostile_page)
    hostile_feed = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title>"
                    "<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Library \x1b[31mfines &#x202E;go</title>"
                    f"<link>{url('/hostile.html')}</link><pubDate>Tue, 24 Nov 2026 08:30:00 GMT</pubDate></item>"
                    "<item><title>JS</title><link>javascript:alert(document.cookie)</link></item>"
                    "<item><title>File</title><link>file:///etc/passwd</link></item>"
                    "<item><title>Data</title><link>data:text/html,x</link></item></channel></rss>")
    server.add("/hostile.xml", hostile_feed.encode(), content_type="application/rss+xml")
    server.add("/broken.xml", "<rss><channel><title>Broken<item>", content_type="application/rss+xml")
    server.add("/home.html", news_page("Home", "home"), content_type="text/html")
    server.add("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
    server.add("/down.xml", b"down", status=503, content_type="text/plain")
    public = f"http://news.example:{server.port}"
    server.add("/public.xml", rss2([{"title": "Public story", "link": f"{public}/public.html"},
                                    {"title": "Admin", "link": url("/admin")}]), content_type="application/rss+xml")
    server.add("/public.html", news_page("Public", "council"))
    server.add("/admin", news_page("Admin", "admin"))
    feeds = {
        "Slow": "/slow.xml", "Endless": [("Endless", "/endless.html")], "Bomb": [("Bomb", "/bomb.html")],
        "Loop": [("Loop", "/loop-a.html")], "Flaky": [("Flaky", "/flaky.html")],
        "Limited": [("Limited", "/limited.html")], "Robots": [("Secret", "/private/secret.html")],
        "Hostile": "/hostile.xml", "Broken": "/broken.xml", "Home": "/home.html", "Logo": "/logo.png",
        "Down": "/down.xml",
    }
    config = FAST.replace("read_timeout = 2", "read_timeout = 0.3") + "max_bytes = 200_000\nmax_decompressed_bytes = 1_000_000\n"
    for name, what in feeds.items():
        if isinstance(what, list):
            server.add(f"/{name.lower()}-feed.xml", rss2([{"title": t, "link": url(p)} for t, p in what]),
                       content_type="application/rss+xml")
            what = f"/{name.lower()}-feed.xml"
        config += source(name, url(what))
    config += source("Public", f"{public}/public.xml")
    expected = [
        "Slow: timed out after 0.3s waiting for 127.0.0.1 to send data",
        f"Endless: {url('/endless.html')}: too large: over 200,000 bytes (fetch.max_bytes)",
        f"Bomb: {url('/bomb.html')}: refused: the response decompresses to over 1,000,000 bytes "
        "(fetch.max_decompressed_bytes; a compression bomb?)",
        f"Loop: {url('/loop-a.html')}: redirect loop: {url('/loop-b.html')} -> {url('/loop-a.html')}",
        f"Robots: {url('/private/secret.html')}: robots.txt of 127.0.0.1 disallows {url('/private/secret.html')}",
        "Hostile: javascript:alert(document.cookie): refused: javascript: links are never fetched (only http and https)",
        "Hostile: file://",  # feedparser writes it file://etc/passwd; refused all the same (below)
        "Hostile: data:text/html,x: refused: data: links are never fetched (only http and https)",
        "Broken: malformed feed: ",
        "Home: not a feed: the address serves an HTML page (use the site's feed address)",
        "Logo: not a feed: served as image/png",
        "Down: HTTP 503 Service Unavailable (tried 3 times)",
        f"Public: {url('/admin')}: refused: 127.0.0.1 is at 127.0.0.1, a loopback address; "
        "only a source on such a network may link there",
    ]
    return config, expected


def test_two_sources_named_in_greek_are_fetched_each_into_its_own_folder(empty_workdir, server):
    """Their names had no letter with an ASCII form: both made seeds/source/, and the config was refused."""
    for path, topic in (("/a.xml", "harbour"), ("/b.xml", "tram")):
        server.add(path, rss2([{"title": f"{topic.title()} news", "link": server.url(f"/{topic}.html"), "guid": topic}]),
                   content_type="application/rss+xml")
        server.add(f"/{topic}.html", news_page(topic.title(), topic))
    write_config(empty_workdir, FAST + source("Καθημερινή", server.url("/a.xml")) + source("Τα Νέα", server.url("/b.xml")))

    fetched = run_briefing("fetch", cwd=empty_workdir)

    assert fetched.code == 0 and fetched.stderr == "", fetched.stderr
    seeds = empty_workdir / "seeds"
    assert sorted(name.split("/")[0] for name in seed_files(seeds) if not is_sidecar_name(name)) == [
        "καθημερινή", "τα-νέα"]
    age_files(seeds)
    ran = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert ran.code == 0 and "2 new" in ran.stdout, ran.stderr
    markdown = (empty_workdir / "out" / f"{DAY}.md").read_text()
    assert "[Καθημερινή](" in markdown and "[Τα Νέα](" in markdown


def test_every_bad_server_costs_one_line_and_the_others_carry_on(empty_workdir, server, monkeypatch):
    from briefing.ingest.fetch.addresses import Network

    # news.example plays a public site on 127.0.0.1: its feed may not make the fetcher reach this machine.
    resolve, is_public = Network.resolve, Network.is_public
    monkeypatch.setattr(Network, "resolve", lambda self, host, port: ["127.0.0.1"] if host == "news.example"
                        else resolve(self, host, port))
    monkeypatch.setattr(Network, "is_public", lambda self, host, ip: host == "news.example" or is_public(self, host, ip))
    config, expected = bad_servers(server)
    write_config(empty_workdir, config)

    result = run_briefing("fetch", cwd=empty_workdir)

    assert result.code == 0
    assert result.stdout.startswith(f"fetch: 13 sources, 4 new entries, 0 unchanged, {len(expected)} failed (")
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for start in expected:  # feeds are read first, then the pages: each failure is the one line of its own
        assert sum(line.startswith("briefing: fetch: failed: " + start) for line in lines) == 1, (start, lines)
    assert "/etc/passwd: refused: file: links are never fetched (only http and https)" in result.stderr
    assert server.hits("/private/secret.html") == [] and server.hits("/admin") == []
    seeds = empty_workdir / "seeds"
    assert not [p for p in seeds.rglob(".*") if p.is_file()]  # no temporary file left
    pages = sorted(p.relative_to(seeds).as_posix() for p in seeds.rglob("*.html"))
    assert pages == ["flaky/2026-11-24-flaky.html", "hostile/2026-11-24-script-alert-1-script-library-31mfines-go.html",
                     "limited/2026-11-24-limited.html", "public/2026-11-24-public-story.html"]
    meta = read_sidecar(seeds / pages[1])
    assert meta["title"] == "<script>alert(1)</script>Library [31mfines go"  # one clean line of text

    age_files(seeds)  # a run waits a second for files this new: not what this test is about
    ran = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert ran.code == 0 and "4 seeds, 4 new" in ran.stdout, ran.stdout + ran.stderr
    page = (empty_workdir / "out" / f"{DAY}.html").read_text()
    assert "<script" not in page and "javascript:" not in page and "\x1b" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Library [31mfines go" in page  # shown as the text it is


def test_fetch_problems_that_stop_it_exit_1(empty_workdir, server):
    no_sources = run_briefing("fetch", cwd=empty_workdir)
    assert no_sources.code == 1
    assert no_sources.stderr.startswith("briefing: error: nothing to fetch: add [[sources]] tables to briefing.toml")
    write_config(empty_workdir, FAST + source("Bad", "ftp://x.example/feed") + source("Bad", "https://x.example/f"))
    bad = run_briefing("fetch", cwd=empty_workdir)
    assert (bad.code, bad.stderr) == (1, f"briefing: error: {empty_workdir / 'briefing.toml'}: [[sources]] 'Bad': "
                                         "feed must be an http or https address, not 'ftp://x.example/feed'\n")
    checked = run_briefing("config", "check", cwd=empty_workdir)
    assert checked.code == 1 and checked.stderr.count("\n") == 1
    # A seeds folder that cannot be written: the fetch stops with one line, and records nothing.
    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/story.html")}]), content_type="application/rss+xml")
    server.add("/story.html", news_page("Story", "story"))
    write_config(empty_workdir, FAST + source("News", server.url("/rss.xml")))
    (empty_workdir / "seeds").rmdir()
    (empty_workdir / "seeds").write_text("a file where the seeds folder goes")
    blocked = run_briefing("fetch", cwd=empty_workdir)
    # (Said as a run says it: it was "cannot create seeds folder ...: File exists".)
    assert (blocked.code, blocked.stderr) == (1, f"briefing: error: seeds is a file, not a folder: {empty_workdir / 'seeds'}\n")
    (empty_workdir / "seeds").unlink()
    (empty_workdir / "seeds").mkdir()
    # A file where one source's folder goes is that source's one line (the others would carry on): exit 0.
    (empty_workdir / "seeds" / "news").write_text("a file where the source's folder goes")
    taken = run_briefing("fetch", cwd=empty_workdir)
    assert taken.code == 0 and "news is a file, not a folder" in taken.stderr and taken.stderr.count("\n") == 1
    (empty_workdir / "seeds" / "news").unlink()
    assert run_briefing("fetch", cwd=empty_workdir).stdout.startswith("fetch: 1 source, 1 new entry")


def test_a_fetch_reaches_past_an_output_folder_it_may_not_look_into(empty_workdir, server, monkeypatch):
    """A fetch writes no briefing, but it failed "the system failed a read or write: ... (the disk or the file
    system)" when a folder above the output folder refused this user (the state store knows out/ by its path)."""
    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/story.html")}]), content_type="application/rss+xml")
    server.add("/story.html", news_page("Story", "story"))
    write_config(empty_workdir, 'out = "theirs/out"\n' + FAST + source("News", server.url("/rss.xml")))
    (empty_workdir / "theirs").mkdir()
    refuse_looking_inside(empty_workdir / "theirs", monkeypatch)
    fetched = run_briefing("fetch", cwd=empty_workdir)
    assert fetched.code == 0 and fetched.stdout.startswith("fetch: 1 source, 1 new entry"), fetched.stderr
    assert [p.name for p in (empty_workdir / "seeds" / "news").glob("*.html")]



@pytest.mark.parametrize("looking", [True, False], ids=["another's folder", "a folder this user may not write"])
def test_a_seeds_folder_that_cannot_be_made_for_a_refusing_folder_above_is_one_line_with_the_fix(
        empty_workdir, server, monkeypatch, looking):
    """`cannot create seeds folder .../theirs/seeds: Permission denied` named the folder, not why nor the fix:
    the folder that refused, and what to do (root ignores modes: the refusals are injected)."""
    import errno

    server.add("/rss.xml", rss2([{"title": "Story", "link": server.url("/story.html")}]), content_type="application/rss+xml")
    write_config(empty_workdir, 'seeds = "theirs/seeds"\n' + FAST + source("News", server.url("/rss.xml")))
    theirs = empty_workdir / "theirs"
    theirs.mkdir()
    if looking:
        refuse_looking_inside(theirs, monkeypatch)
    real_mkdir = os.mkdir

    def refused_mkdir(path, *args, **kwargs):
        if os.fspath(path).startswith(f"{theirs}{os.sep}"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refused_mkdir)
    fetched = run_briefing("fetch", cwd=empty_workdir)
    fix = "let this user open it" if looking else "let this user write in it"
    assert fetched.code != 0 and fetched.stdout == "", fetched.stdout
    (line,) = fetched.stderr.splitlines()
    assert f"{theirs} belongs to another user or its mode refuses this user: {fix}" in line, line
    assert line.endswith("or name another with --seeds") and "seeds" in line

def test_config_show_lists_the_sources_and_fetch_settings(empty_workdir):
    write_config(empty_workdir, FAST + source("BBC World", "https://feeds.bbci.co.uk/news/world/rss.xml", section="World")
                 + '\n[[sources]]\nname = "Report"\npage = "https://example.org/report"\n')
    shown = run_briefing("config", "show", cwd=empty_workdir).stdout
    where = str(empty_workdir / "briefing.toml")
    assert re.search(r"^\[fetch\]\ncontact = \"https://example.org/briefing-contact\" +# " + re.escape(where), shown, re.M)
    assert re.search(r"^max_entries = 30 +# default$", shown, re.M)
    blocks = shown.split("[[sources]]\n")[1:]
    assert [block.split("\n")[0].split("#")[0].strip() for block in blocks] == ['name = "BBC World"', 'name = "Report"']
    assert 'section = "World"' in blocks[0] and 'page = "https://example.org/report"' in blocks[1]


def briefing_process(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_fetch_and_anything_else_never_overlap(empty_workdir, server):
    gate = threading.Event()

    def slow_feed(handler):
        gate.wait(20)
        handler.send_plain(200, rss2([{"title": "Once", "link": server.url("/once.html")}]).encode(),
                           {"Content-Type": "application/rss+xml"})

    server.handle("/rss.xml", slow_feed)
    server.add("/once.html", news_page("Once", "once"))
    write_config(empty_workdir, FAST.replace("deadline = 5", "deadline = 30").replace("read_timeout = 2", "read_timeout = 30")
                 + source("News", server.url("/rss.xml")))
    first = briefing_process("fetch", cwd=empty_workdir)
    try:
        assert wait_until(lambda: server.hits("/rss.xml"), timeout=30)
        lock = empty_workdir / ".briefing" / "state.sqlite3.lock"
        for args in (("fetch",), ("run", "--date", DAY)):
            locked = run_briefing(*args, cwd=empty_workdir)
            assert (locked.code, locked.stderr) == (  # (named for what holds it: it was "another briefing run")
                75, f"briefing: error: another briefing fetch is in progress (lock {lock}); try again later, or give "
                    "--wait SECONDS to wait for it\n")
        assert len(server.hits("/rss.xml")) == 1  # the second fetch asked for nothing
    finally:
        gate.set()
        out, err = first.communicate(timeout=60)
    assert first.returncode == 0 and out.startswith("fetch: 1 source, 1 new entry"), err
    assert run_briefing("run", "--date", DAY, cwd=empty_workdir).code == 0  # the lock was released


WRITER_LOOP = """
import datetime, os, sys, time
from pathlib import Path
from briefing.ingest.fetch.writer import SeedWriter

pause_at = int(sys.argv[2])  # the fsync call to stop at (0: never): a kill there is mid-write for sure
real_fsync, calls = os.fsync, [0]

def fsync(fd):
    calls[0] += 1
    if calls[0] == pause_at:
        print("paused", flush=True)
        time.sleep(30)
    real_fsync(fd)

os.fsync = fsync
writer = SeedWriter(Path(sys.argv[1]))
filler = b"<p>" + b"x" * 3_000_000 + b"</p>"
n = 0
print("ready", flush=True)
while True:
    story = n % 4
    url = f"https://news.example/story/{story}"
    path = writer.place("killed", datetime.date(2026, 11, 25), f"Story {story}", url, ".html")
    body = f"<html><!-- start {n} -->".encode() + filler + f"<!-- end {n} --></html>".encode()
    writer.write_page(path, body, {"title": f"Story {story} version {n}", "url": url, "source": "Killed"})
    n += 1
"""


def scanner_files(seeds: Path) -> list[Path]:
    """Every file a run would open: not hidden, not in a hidden folder."""
    found = []
    for folder, dirs, files in os.walk(seeds):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder) / name for name in files if not name.startswith(".")]
    return sorted(found)


def check_whole(seeds: Path) -> int:
    """Every file a run would read is whole, and every page has its own sidecar; the page count."""
    pages = 0
    for path in scanner_files(seeds):
        if is_sidecar_name(path.name):
            continue
        data = path.read_bytes()
        assert data.startswith(b"<html><!-- start ") and data.endswith(b" --></html>"), f"partial {path.name}"
        start = data[len(b"<html><!-- start "): data.index(b" -->")]
        assert data.endswith(b"<!-- end " + start + b" --></html>") and len(data) > 3_000_000
        meta = read_sidecar(path)
        assert meta is not None and meta["url"].endswith(path.stem.split("-")[-1])  # its own metadata
        assert int(meta["title"].rsplit(" ", 1)[-1]) >= int(start)  # the sidecar goes first: never older than its page
        pages += 1
    return pages


# A page write makes four fsync calls: the sidecar, the folder, the page, the folder.
@pytest.mark.parametrize("pause_at", [0, 9, 11, 14])
def test_a_fetch_killed_mid_write_leaves_no_half_seed(tmp_path, pause_at):
    """SIGKILL at a random moment, or inside the write of a sidecar (9) or of a page (11),
    or between the renames of a sidecar and its page (14), after some seeds were written."""
    seeds = tmp_path / "seeds"
    process = subprocess.Popen([sys.executable, "-c", WRITER_LOOP, str(seeds), str(pause_at)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        if pause_at:
            assert process.stdout.readline().strip() == "paused"
        else:
            assert wait_until(lambda: len(scanner_files(seeds)) >= 4, timeout=20)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert 1 <= check_whole(seeds) <= 4  # one file per story, rewritten in place
    leftovers = [p.name for p in seeds.rglob(".*") if p.is_file()]
    if pause_at in (9, 11):
        assert len(leftovers) == 1 and leftovers[0].endswith(".fetch.tmp")  # cut short inside a write: hidden
    from briefing.ingest.fetch.writer import SeedWriter

    SeedWriter(seeds).remove_stale_temporaries()  # what the next fetch does first
    assert [p.name for p in seeds.rglob(".*") if p.is_file()] == []


def test_a_fetch_killed_mid_download_records_nothing_and_the_next_completes(empty_workdir, server):
    started, release = threading.Event(), threading.Event()

    def slow_page(handler):
        body = news_page("Slow page", "snail").encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[:100])
        handler.wfile.flush()
        started.set()
        if release.wait(20):
            handler.wfile.write(body[100:])

    server.add("/rss.xml", rss2([{"title": "Slow page", "link": server.url("/slow.html")}]),
               content_type="application/rss+xml", etag='"v1"')
    server.handle("/slow.html", slow_page)
    write_config(empty_workdir, FAST.replace("deadline = 5", "deadline = 30").replace("read_timeout = 2", "read_timeout = 30")
                 + source("News", server.url("/rss.xml")))
    process = briefing_process("fetch", cwd=empty_workdir)
    try:
        assert started.wait(30)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert scanner_files(empty_workdir / "seeds") == []
    release.set()
    server.add("/slow.html", news_page("Slow page", "snail"))
    again = run_briefing("fetch", cwd=empty_workdir)
    assert again.stdout.startswith("fetch: 1 source, 1 new entry, 0 unchanged, 0 failed")  # the feed was read again
    assert "if-none-match" not in server.hits("/rss.xml")[-1].headers  # its validators were never stored
    assert run_briefing("fetch", cwd=empty_workdir).stdout.startswith("fetch: 1 source, 0 new entries, 1 unchanged")


def test_a_scheduled_run_fetches_first_when_asked(empty_workdir, server, caplog):
    import logging

    from briefing.schedule import Scheduler

    server.add("/rss.xml", rss2([{"title": "Scheduled story", "link": server.url("/s.html")}]),
               content_type="application/rss+xml")
    server.add("/s.html", news_page("Scheduled", "timetable"))
    server.add("/gone.xml", b"gone", status=404, content_type="text/plain")
    write_config(empty_workdir, FAST + '\n[schedule]\nat = "06:30"\nfetch = true\n'
                 + source("News", server.url("/rss.xml")) + source("Gone", server.url("/gone.xml")))
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        Scheduler(load_config(cwd=empty_workdir)).run_scheduled()
    log = caplog.text
    assert "fetch: failed: Gone: HTTP 404 Not Found" in log  # one line, and the run goes on
    assert re.search(r"fetch: 2 sources, 1 new entry, 0 unchanged, 1 failed", log)
    assert re.search(r"run finished: \d{4}-\d\d-\d\d: 1 seed, 1 new", log)


def test_a_scheduler_stopping_stops_its_fetch_and_the_run_goes_on_with_what_was_fetched(empty_workdir, server,
                                                                                          caplog):
    # SIGTERM during a scheduled fetch: the fetch went on to its end (a minute here; fifteen at the defaults, past
    # the README's systemd unit's TimeoutStopSec), starting requests after it.
    import logging

    from briefing.schedule import Scheduler

    def page(n):
        def answer(handler):
            scheduler.stop()  # as SIGTERM does, while the first page is read
            handler.send_plain(200, news_page(f"Story {n}", topic).encode(), {"Content-Type": "text/html"})
        return answer

    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 20\n", content_type="text/plain")
    server.add("/rss.xml", rss2([{"title": f"Story {n}", "link": server.url(f"/s{n}.html")} for n in range(3)]),
               content_type="application/rss+xml")
    for n, topic in enumerate(("timetable", "ferries", "stadium")):
        server.handle(f"/s{n}.html", page(n))
    write_config(empty_workdir, FAST + '\n[schedule]\nat = "06:30"\nfetch = true\n' + source("News", server.url("/rss.xml")))
    scheduler = Scheduler(load_config(cwd=empty_workdir))
    started = time.monotonic()
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        scheduler.run_scheduled()
    assert time.monotonic() - started < 10
    assert server.hits("/s1.html") == server.hits("/s2.html") == []
    assert "the fetch was stopped; left for the next fetch" in caplog.text
    assert re.search(r"run finished: \d{4}-\d\d-\d\d: 1 seed, 1 new", caplog.text)


GERMAN_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Brücke wieder offen</title></head>
<body><article><h1>Brücke wieder offen</h1>
<p>Die Hafenbrücke ist nach acht Monaten Bauzeit seit Montag wieder für den Verkehr freigegeben.</p>
<p>Die Stadt hatte die Brücke im Frühjahr gesperrt, nachdem Risse in den Pfeilern entdeckt worden waren.</p>
<p>Nach Angaben des Bauamts kosteten die Arbeiten rund zwölf Millionen Euro und wurden vom Land mitfinanziert.</p>
<p>Pendler müssen sich in den ersten Wochen noch auf eine Baustelle an der Auffahrt einstellen.</p>
</article></body></html>"""


def test_a_feeds_language_does_not_override_the_language_of_its_pages(empty_workdir, server):
    """An RSS feed in English (<language>en-gb</language>) listing a German page: its sidecar said lang = "en-gb",
    and the page was summarised as English, tagged so for screen readers."""
    server.add("/rss.xml", rss2([{"title": "Brücke wieder offen", "link": server.url("/de/bruecke.html"),
                                  "guid": "de-1"}]), content_type="application/rss+xml")
    server.add("/de/bruecke.html", GERMAN_PAGE)
    write_config(empty_workdir, FAST + source("Mixed desk", server.url("/rss.xml")))
    assert run_briefing("fetch", cwd=empty_workdir).code == 0
    ran = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert ran.code == 0, ran.stderr
    (story,) = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text())["stories"]
    assert [(r["language"], r["language_known"]) for r in story["reports"]] == [("german", True)]
    assert 'lang="de"' in (empty_workdir / "out" / f"{DAY}.html").read_text()
