"""Sidecar files: a seed page's metadata beside it, read as untrusted input, preferred over the page's guesses."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from briefing.errors import SeedError, SidecarError
from briefing.ingest.decode import decode_text
from briefing.ingest.discover import find_seed_files
from briefing.ingest.readers import read_article
from briefing.ingest.sidecar import format_sidecar, read_sidecar, sidecar_path
from briefing.models import PassedOver, SeedFile
from conftest import age_files, article_text, run_briefing, write_seed

DAY = "2026-11-25"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bridge reopens | Example News</title>
<meta property="og:site_name" content="Example News"><link rel="canonical" href="https://guess.example/bridge">
<meta name="date" content="2020-01-01"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
<p>The Eastgate harbour bridge reopened to cars and buses on Monday morning, eight months after engineers closed it.</p>
<p>City transport officials said the repairs cost 41 million euros, about 6 million more than the budget.</p>
<p>Commuters from the eastern districts had faced detours of up to 40 minutes each way while it was shut.</p>
</article><footer>Copyright Example News</footer></body></html>
"""
SIDECAR = """# written by hand
title = "Harbour bridge reopens to traffic after eight months"
source = "BBC World"
url = "https://www.bbc.co.uk/news/articles/c0000000"
published = 2026-11-25T06:30:00+00:00
section = "World"
author = "A. Reporter"
lang = "en-gb"
tags = ["Europe", "Transport"]
feed = "https://feeds.bbci.co.uk/news/world/rss.xml"
"""


def test_sidecars_round_trip_and_are_checked(tmp_path):
    page = tmp_path / "2026-11-25-bridge.html"
    page.write_text("<p>page</p>")
    assert read_sidecar(page) is None
    meta = {
        "title": "Bridge \"reopens\" \\ today", "source": "BBC World", "url": "https://news.example/a?b=1",
        "published": dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.timezone.utc), "section": "World",
        "lang": "en-gb", "tags": ("Europe", "Transport"), "feed": "https://news.example/rss.xml",
        "fetched": dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc), "charset": "utf-8", "author": "A. Reporter",
    }
    sidecar_path(page).write_text(format_sidecar(meta))
    assert read_sidecar(page) == {**meta, "published": "2026-11-24T08:30:00+00:00", "fetched": "2026-11-25T09:00:00+00:00"}

    def sidecar(text: str) -> dict | None:
        sidecar_path(page).write_text(text)
        return read_sidecar(page)

    # Written by hand: a plain date, a string date, unknown keys ignored, text cleaned.
    assert sidecar('title = "  Two\\nlines\\u001b[31m "\npublished = 2026-11-24\nbyline = "ignored"\n') == {
        "title": "Two lines [31m", "published": "2026-11-24"}
    assert sidecar('published = "2026-11-24T08:30:00Z"\ntags = "a, b"\n') == {
        "published": "2026-11-24T08:30:00+00:00", "tags": ("a", "b")}
    for text, reason in (
        ("title = [", "is not valid TOML"),
        ("title = 3", "'title' must be text, not int"),
        ('url = "javascript:alert(1)"', "'url' must be an http(s) address"),
        ('url = "https://news.example:99999/pier"', "'url' must be an http(s) address"),  # no such port
        ('url = "https://news.example/a\\u202eb"', "'url' must be an http(s) address"),  # a right-to-left override
        ('published = "yesterday"', "'published' is not an ISO date"),
        ("published = 0001-01-01T00:00:00+14:00", "'published' is a moment past the ends of the calendar in UTC"),
        ('lang = "english please"', "'lang' must be a language tag"),
        ('charset = "klingon-8"', "unknown 'charset'"),
        ("tags = [1, 2]", "'tags' must be a list of words"),
        ("title = " + '"' + "x" * 20_000 + '"', "is too large"),
    ):
        with pytest.raises(SidecarError, match=reason.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
            sidecar(text)
    sidecar_path(page).write_bytes(b"title = \"\xff\"")
    with pytest.raises(SidecarError, match="not UTF-8"):
        read_sidecar(page)


def test_a_sidecar_that_is_a_symlink_or_a_fifo_is_not_opened(tmp_path):
    page = tmp_path / "a.html"
    secret = tmp_path / "secret.toml"
    secret.write_text('title = "secret"')
    sidecar_path(page).symlink_to(secret)
    with pytest.raises(SidecarError, match="symbolic link"):
        read_sidecar(page)
    fifo_page = tmp_path / "b.html"
    os.mkfifo(sidecar_path(fifo_page))
    with pytest.raises(SidecarError, match="not a regular file"):  # and does not hang
        read_sidecar(fifo_page)


def test_the_sidecar_wins_over_what_the_reader_guesses_from_the_page():
    guessed = read_article(Path("world/bridge.html"), PAGE.encode())
    assert (guessed.title, guessed.source, guessed.url, guessed.published) == (
        "Bridge reopens", "Example News", "https://guess.example/bridge", "2020-01-01")
    article = read_article(Path("world/bridge.html"), PAGE.encode(), sidecar=SIDECAR.encode())
    assert article.title == "Harbour bridge reopens to traffic after eight months"
    assert article.source == "BBC World"
    assert article.url == "https://www.bbc.co.uk/news/articles/c0000000"
    assert article.published == "2026-11-25T06:30:00+00:00"
    assert (article.section, article.author, article.lang) == ("World", "A. Reporter", "english")
    assert article.tags == ("Europe", "Transport")
    assert article.paragraphs == guessed.paragraphs  # the text is still the page's
    assert article.content_hash != guessed.content_hash  # the metadata is part of what the seed is


def test_a_sidecar_describes_a_txt_seed_too_but_not_a_markdown_one():
    text = "Council passes budget\n\n" + "The council approved the new budget on Monday after a long debate.\n"
    article = read_article(Path("budget.txt"), text.encode(), sidecar=b'title = "Budget passed"\nsection = "Local"\n')
    assert (article.title, article.section) == ("Budget passed", "Local")
    markdown = "---\ntitle: From front matter\nsection: Politics\n---\n\n" + text
    article = read_article(Path("budget.md"), markdown.encode(), sidecar=b'title = "Ignored"\n')
    assert (article.title, article.section) == ("From front matter", "Politics")


def test_an_unsupported_sidecar_language_is_a_hint_the_text_overrides():
    article = read_article(Path("a.html"), PAGE.encode(), sidecar=b'lang = "ja"\n')
    assert article.lang is None  # the summariser detects the language from the text


@pytest.mark.parametrize("field, note", [
    ("lang = 5", "'lang' must be a language tag such as \"en\", not int: left out, the language is taken from the text"),
    ('lang = ["de", "en"]', "'lang' must be a language tag such as \"en\", not list: left out, the language is taken from the text"),
    ("lang = { code = \"de\" }", "'lang' must be a language tag such as \"en\", not dict: left out, the language is taken from the text"),
    ('lang = "english please"', "'lang' must be a language tag such as \"en\" or \"de-CH\", not 'english please': left out, the language is taken from the text"),
    ('published = "yesterday"', "'published' is not an ISO date: 'yesterday': left out"),
    ("published = 0001-01-01T00:00:00+14:00", "'published' is a moment past the ends of the calendar in UTC: '0001-01-01T00:00:00+14:00': left out"),
    ("published = [2026]", "'published' must be a date, not list: left out"),
    ('charset = "klingon-8"', "unknown 'charset' 'klingon-8': left out, the page's encoding is found from its bytes"),
    ("charset = 8", "'charset' must be the name of a character encoding, not int: left out, the page's encoding is "
     "found from its bytes"),
])
def test_a_sidecar_lang_date_or_charset_briefing_cannot_take_is_a_note_and_the_page_is_read(empty_workdir, field,
                                                                                              note):
    """The seed was skipped, its article lost, where front matter's are only left out: such a `lang` is a hint
    briefing cannot take, as an unsupported one is, the language then the text's; such a date is read as
    none; such a charset (a hint too, tried first) as none, the encoding found from the bytes. One note line;
    the sidecar's other fields are read."""
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "bridge.txt", article_text("bridge"))
    write_seed(seeds, "bridge.txt.meta.toml", f'title = "Bridge reopens"\n{field}\n')
    result = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert result.code == 0 and f"{DAY}: 1 seed, 1 new; wrote" in result.stdout, result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"briefing: bridge.txt: sidecar bridge.txt.meta.toml: {note}"]
    assert "## Bridge reopens {#story-" in stories(empty_workdir)
    day = json.loads((empty_workdir / "out" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert [report["published"] for story in day["stories"] for report in story["reports"]] == [None]


def test_the_charset_the_server_declared_decodes_the_page():
    page = "<html><body><article><p>Le café du coin a rouvert ses portes, après des travaux qui ont coûté " \
           "40 000 €.</p><p>Les habitués sont revenus dès le premier matin, a dit la propriétaire.</p></article></body></html>"
    data = page.encode("iso-8859-15")  # the euro sign is where Windows-1252, the likeliest guess, has ¤
    assert "40 000 €" in read_article(Path("a.html"), data, sidecar=b'charset = "iso-8859-15"\n').text
    assert "40 000 ¤" in read_article(Path("a.html"), data).text
    # A codec Python knows that decodes nothing, or not this: the charset is guessed as without one.
    for declared in ("undefined", "idna"):
        assert "40 000 ¤" in read_article(Path("a.html"), data, sidecar=f'charset = "{declared}"\n'.encode()).text
    # A codec of bytes to bytes is no charset: left out with a warning, the page read as without it.
    for declared, shown in (("hex", "'hex'"), ("utf-8\\u0000x", "'utf-8\\x00x'")):
        warnings = []
        found = read_article(Path("a.html"), data, sidecar=f'charset = "{declared}"\n'.encode(), warn=warnings.append)
        assert "40 000 ¤" in found.text
        assert warnings == [f"sidecar a.html.meta.toml: unknown 'charset' {shown}: left out, the page's encoding is "
                            "found from its bytes"]
    assert "40 000 ¤" in decode_text(data, "base64")


def test_a_page_declared_iso_8859_1_is_read_as_windows_1252_as_browsers_read_it():
    # Old servers say ISO-8859-1 and send Windows-1252's curly quotes and dashes (0x80-0x9F).
    page = "<html><body><article><p>The caf\u00e9 owner\u2019s \u201cpier plan\u201d was approved by the " \
           "council \u2013 the vote was close.</p><p>Work starts in May, the council said on Monday.</p>" \
           "</article></body></html>"
    for declared in ("iso-8859-1", "ISO_8859-1", "latin1", "us-ascii"):
        text = read_article(Path("a.html"), page.encode("cp1252"), sidecar=f'charset = "{declared}"\n'.encode()).text
        assert "caf\u00e9 owner\u2019s \u201cpier plan\u201d was approved by the council \u2013 the vote" in text


@pytest.mark.parametrize("text, reason", [
    ("title = 3", "sidecar bridge.html.meta.toml: 'title' must be text, not int"),
    ("title = [", "sidecar bridge.html.meta.toml is not valid TOML"),
    ('url = "javascript:alert(1)"', "'url' must be an http(s) address"),
])
def test_an_unusable_sidecar_is_a_seed_error(text, reason):
    with pytest.raises(SeedError, match=reason.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        read_article(Path("world/bridge.html"), PAGE.encode(), sidecar=text.encode())


def test_discovery_passes_over_sidecars_and_knows_a_page_by_both_files(tmp_path):
    seeds = tmp_path / "seeds"
    write_seed(seeds, "world/bridge.html", PAGE)
    write_seed(seeds, "world/bridge.html.meta.toml", SIDECAR)
    write_seed(seeds, "world/orphan.html.meta.toml", SIDECAR)  # a sidecar without its page: still not a seed
    write_seed(seeds, "notes.txt", article_text("notes"))
    found = {item.name: item for item in find_seed_files(seeds)}
    page, sidecar = seeds / "world/bridge.html", seeds / "world/bridge.html.meta.toml"
    assert found["world/bridge.html"] == SeedFile("world/bridge.html", page.stat().st_size + sidecar.stat().st_size,
                                                  max(page.stat().st_mtime_ns, sidecar.stat().st_mtime_ns),
                                                  max(page.stat().st_ctime_ns, sidecar.stat().st_ctime_ns))
    assert "world/bridge.html.meta.toml" not in found  # part of its page's seed
    assert found["world/orphan.html.meta.toml"] == PassedOver("world/orphan.html.meta.toml",
                                                             "metadata sidecar without its page", routine=True)
    notes = (seeds / "notes.txt").stat()
    assert found["notes.txt"] == SeedFile("notes.txt", notes.st_size, notes.st_mtime_ns, notes.st_ctime_ns)


def stories(folder: Path) -> str:
    return (folder / "out" / f"{DAY}.md").read_text()


def test_a_run_reads_the_sidecar_and_an_edited_sidecar_makes_its_page_read_again(empty_workdir):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "world/bridge.html", PAGE)
    write_seed(seeds, "world/bridge.html.meta.toml", SIDECAR)
    first = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert first.code == 0 and first.stdout.startswith(f"{DAY}: 1 seed, 1 new; wrote"), first.stdout + first.stderr
    assert "unsupported" not in first.stderr  # the sidecar is routine, not a skipped seed
    markdown = stories(empty_workdir)
    assert "## Harbour bridge reopens to traffic after eight months {#story-" in markdown
    assert "[BBC World](https://www.bbc.co.uk/news/articles/c0000000)" in markdown

    assert "0 new, 1 unchanged" in run_briefing("run", "--date", DAY, cwd=empty_workdir).stdout
    sidecar = seeds / "world/bridge.html.meta.toml"
    sidecar.write_text(SIDECAR.replace("after eight months", "at last"))
    age_files(seeds, seconds=30)  # edited, the page itself untouched
    again = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert again.code == 0 and "1 seed, 1 new" in again.stdout, again.stdout
    assert "## Harbour bridge reopens to traffic at last {#story-" in stories(empty_workdir)


def test_a_bad_or_linked_sidecar_skips_its_page_with_one_line(empty_workdir):
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "bad.html", PAGE)
    write_seed(seeds, "bad.html.meta.toml", 'url = "javascript:alert(1)"\n')
    write_seed(seeds, "linked.html", PAGE.replace("Bridge", "Tunnel"))
    write_seed(empty_workdir / "elsewhere", "secret.toml", 'title = "secret"\n')
    (seeds / "linked.html.meta.toml").symlink_to(empty_workdir / "elsewhere" / "secret.toml")
    write_seed(seeds, "good.txt", article_text("ferries"))
    result = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert result.code == 0
    assert "3 seeds, 1 new, 2 skipped" in result.stdout
    assert "skipped bad.html: sidecar bad.html.meta.toml: 'url' must be an http(s) address" in result.stderr
    assert "skipped linked.html: sidecar linked.html.meta.toml is a symbolic link: not followed" in result.stderr
    assert "secret" not in stories(empty_workdir)


# --- properties: whatever a sidecar holds -----------------------------------------------

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing.ingest.sidecar import parse_sidecar  # noqa: E402
from briefing.text import short_line, shows_anything  # noqa: E402

PROPERTIES = settings(max_examples=int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "60")), deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])
HOSTILE = st.sampled_from(["\x00", "\x1b[31m", "\x7f", "\x85", "\ufffe", "\U0010ffff", "\u202e", "\u2066", "\u2028",
                           "\ufeff", "\r\n", "\t", '"', "\\", "<script>", "]]", "'''", "# x", "= 1"])
FIELD = st.lists(st.one_of(st.text(max_size=10), HOSTILE), max_size=10).map("".join)
TEXT_KEYS = ("title", "source", "section", "author")
# A .txt seed: read without an HTML extractor, so many examples stay quick.
TXT = b"Bridge reopens\n\nThe Eastgate harbour bridge reopened to cars and buses on Monday morning.\n"


def toml_string(text: str) -> str:
    # A TOML basic string may hold any Unicode scalar value as an escape; a lone surrogate cannot be written.
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\U{ord(c):08x}" for c in text) + '"'


@PROPERTIES
@given(st.binary(max_size=2000))
def test_any_sidecar_bytes_give_an_article_or_a_seed_error(data):
    try:
        read_article(Path("world/bridge.txt"), TXT, sidecar=data)
    except SeedError:
        pass


@PROPERTIES
@given(st.fixed_dictionaries({key: FIELD for key in TEXT_KEYS}), st.lists(FIELD, max_size=4))
@example({"title": "", "source": "", "section": "", "author": "\ufeff"}, [])  # expected back after e11a16c
def test_hostile_text_in_every_sidecar_field_arrives_as_one_clean_line(fields, tags):
    lines = [f"{key} = {toml_string(value)}" for key, value in fields.items()]
    lines.append("tags = [" + ", ".join(toml_string(tag) for tag in tags) + "]")
    try:
        article = read_article(Path("world/bridge.txt"), TXT, sidecar="\n".join(lines).encode())
    except SeedError as error:
        assert "not valid TOML" in str(error)  # a lone surrogate has no TOML escape
        return
    for key in TEXT_KEYS:
        value = getattr(article, key)
        # (A field of only invisible characters, "\ufeff", is none, as an empty one is: e11a16c.)
        if (expected := short_line(fields[key], 300)) and shows_anything(expected):
            assert value == expected  # the sidecar wins, cleaned; an empty field leaves what the page gives
        elif key != "title":
            assert value is None or shows_anything(value)
        assert value is None or value == short_line(value, 300)  # no control, bidi or line-breaking character left
    assert all(tag == short_line(tag, 60) and shows_anything(tag) for tag in article.tags)


@PROPERTIES
@given(st.fixed_dictionaries({key: FIELD for key in TEXT_KEYS}), st.lists(FIELD, max_size=4))
def test_a_sidecar_written_by_a_fetch_always_reads_back(fields, tags):
    meta = {**fields, "tags": tuple(tags), "url": "https://news.example/a?b=1&c=\"2\"",
            "published": dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.timezone.utc)}
    read = parse_sidecar(format_sidecar(meta).encode("utf-8"))
    for key in TEXT_KEYS:
        assert read.get(key) == (short_line(fields[key], 300) or None)
    assert read.get("tags", ()) == tuple(dict.fromkeys(t for t in (short_line(t, 60) for t in tags) if t))
    assert (read["url"], read["published"]) == (meta["url"], "2026-11-24T08:30:00+00:00")


def test_a_seed_whose_name_leaves_no_room_for_a_sidecar_name_is_read(empty_workdir):
    # A legal name of 253 bytes: its sidecar's name would pass the file system's limit, so it has none
    # (the error opening one is "File name too long", not an unreadable sidecar).
    seeds = empty_workdir / "seeds"
    name = "a" * 249 + ".txt"
    write_seed(seeds, name, article_text("long name"))
    write_seed(seeds, "world/" + name, article_text("long name in a folder"))
    age_files(seeds, seconds=30)
    first = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert first.code == 0 and f"{DAY}: 2 seeds, 2 new; wrote" in first.stdout, first.stdout + first.stderr
    assert "sidecar" not in first.stderr
    again = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert "2 seeds, 0 new, 2 unchanged" in again.stdout, again.stdout + again.stderr
    summarised = run_briefing("summarize", str(seeds / name), cwd=empty_workdir)
    assert summarised.code == 0, summarised.stderr


POLISH = ("<p>Rada miasta zdecydowała we wtorek, że most na rzece zostanie zamknięty na trzy tygodnie. Piesi muszą iść "
          "okrężną drogą przez ulicę na południowym brzegu.</p><p>Burmistrz powiedział, że prace są pilnie potrzebne, "
          "ponieważ inżynierowie znaleźli pęknięcia w filarach.</p>")
GERMAN = ("<p>Die Gemeinde hat am Dienstag beschlossen, die Brücke über den Fluss für drei Wochen zu schließen. "
          "Fußgänger müssen einen Umweg über die Straße am Südufer nehmen.</p><p>Der Bürgermeister sagte, die "
          "Arbeiten seien dringend nötig, weil Prüfer Risse in den Pfeilern gefunden hätten.</p>")


def charset_page(meta: str, body: str) -> str:
    return f"<html><head>{meta}<title>Most</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("data, declared, meant, reading", [
    # The server's default (ISO-8859-1) over a page whose <meta> names its own charset rightly.
    (charset_page("<meta charset='iso-8859-2'>", POLISH).encode("iso-8859-2"), "iso-8859-1", POLISH,
     "the page's <meta> charset 'iso-8859-2'"),
    # A UTF-8 page with one broken byte, which the server calls ISO-8859-1 ("BrÃ¼cke").
    (charset_page("<meta charset='utf-8'>", GERMAN).encode().replace(b"</article>", b"\xff</article>"), "iso-8859-1",
     GERMAN, "UTF-8 (with a few broken bytes)"),
    # No <meta>: the detected charset reads the Polish letters Windows-1252 turns into "³" and "¿".
    (charset_page("", POLISH).encode("cp1250"), "windows-1252", POLISH, "cp1250 (detected)"),
])
def test_a_declared_charset_that_garbles_the_page_loses_to_a_clean_reading(data, declared, meant, reading):
    warnings = []
    article = read_article(Path("a.html"), data, sidecar=f'charset = "{declared}"\n'.encode(), warn=warnings.append)
    assert article.paragraphs == tuple(p.removeprefix("<p>") for p in meant.split("</p>") if p)
    assert warnings == [f"sidecar charset {declared!r} garbles the text (mojibake): read as {reading} instead"]


def test_a_right_declared_charset_is_read_without_a_warning_and_a_page_s_own_meta_is_heeded():
    warnings = []
    data = charset_page("<meta charset='iso-8859-2'>", POLISH).encode("iso-8859-2")
    for sidecar in (b'charset = "iso-8859-2"\n', None):
        article = read_article(Path("a.html"), data, sidecar=sidecar, warn=warnings.append)
        assert "zdecydowała we wtorek, że most" in article.text
    assert warnings == []
    euro = charset_page("<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-15'>",
                        "<p>Le café du coin a rouvert, après des travaux qui ont coûté 40 000 €.</p>")
    assert "40 000 €" in read_article(Path("a.html"), euro.encode("iso-8859-15"), warn=warnings.append).text
    assert warnings == []


def test_the_run_names_the_charset_it_did_not_believe(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "most.html").write_bytes(charset_page("<meta charset='iso-8859-2'>", POLISH).encode("iso-8859-2"))
    (seeds / "most.html.meta.toml").write_text('charset = "iso-8859-1"\n', encoding="utf-8")
    result = run_briefing("run", "--date", "2026-03-04", cwd=tmp_path)
    assert result.code == 0
    assert ("most.html: sidecar charset 'iso-8859-1' garbles the text (mojibake): read as the page's <meta> charset "
            "'iso-8859-2' instead") in result.stderr
    assert "zdecydowała we wtorek" in (tmp_path / "out" / "2026-03-04.md").read_text(encoding="utf-8")


def test_a_web_address_may_hold_letters_of_any_script_but_no_control_or_format_character():
    from briefing.ingest.sidecar import is_web_url

    assert is_web_url("https://de.wikipedia.org/wiki/Köln") and is_web_url("https://例え.jp/ニュース")
    assert is_web_url("https://fa.wikipedia.org/wiki/می\u200cخواهم")  # Persian writes words with a non-joiner
    assert not is_web_url("https://pay\u200dpal.com/") and not is_web_url("https://pay\u200cpal.com/")
    for character in "\u202e\u2066\u200b\ufeff\u0085\u00a0\x7f\ue000":
        assert not is_web_url(f"https://news.example/a{character}b"), repr(character)


def test_a_sidecar_beside_a_markdown_seed_is_said_to_be_unread_not_without_its_page(empty_workdir):
    # It was passed over quietly as "metadata sidecar without its page", with the page beside it.
    seeds = empty_workdir / "seeds"
    write_seed(seeds, "world/notes.md", "---\ntitle: Notes on the bridge\n---\n\n" + article_text("notes"))
    write_seed(seeds, "world/notes.md.meta.toml", SIDECAR)
    found = {item.name: item for item in find_seed_files(seeds)}
    assert found["world/notes.md.meta.toml"] == PassedOver(
        "world/notes.md.meta.toml", "metadata sidecar beside notes.md, which takes none (sidecars go with .txt and "
        ".html seeds; a Markdown seed's fields go in its front matter)")
    # Beside a file that is no seed, it is a sidecar without its page, as before.
    write_seed(seeds, "world/scan.pdf", "%PDF-1.4")
    write_seed(seeds, "world/scan.pdf.meta.toml", SIDECAR)
    found = {item.name: item for item in find_seed_files(seeds)}
    assert found["world/scan.pdf.meta.toml"] == PassedOver("world/scan.pdf.meta.toml",
                                                          "metadata sidecar without its page", routine=True)
    result = run_briefing("run", "--date", DAY, cwd=empty_workdir)
    assert result.code == 0 and "1 new" in result.stdout, result.stderr
    assert "world/notes.md.meta.toml" in result.stderr and "a Markdown seed's fields go in its front matter" \
        in result.stderr  # said without -v: the fields the user meant for the seed are not read
