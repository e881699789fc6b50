import datetime as dt
import json
import re
import shutil
import time
from dataclasses import replace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.compose.stories import story_of
from briefing.models import Article, Briefing, ScoredSentence, Sourced, Summary
from briefing.publish import html as html_module
from briefing.publish.html import markdown_to_safe_html, pieces_of, safe_html_reusing
from briefing.publish.output import OutputWriter
from briefing.publish.templates import Renderer
from briefing.publish.markdown_text import md_as_plain_text, md_escape, safe_url
from briefing.errors import OutputError, TemplateError

from conftest import render_page


def story(title="Title", text="A sentence of the story.", **fields):
    article = Article(seed="s.txt", title=title, paragraphs=(text,), content_hash="h", **fields)
    summary = Summary(article=article, sentences=(ScoredSentence(text, 1.0, 1, 0),),
                      key_points=(fields.get("source") or "A key point of the story.",), algorithm="lexrank")
    return story_of([summary])


def briefing(*stories):
    return Briefing(day=dt.date(2026, 11, 25), stories=stories, key_points=(Sourced("Day point.", "s.txt"),))


@pytest.mark.parametrize("text", [
    "Plain words, nothing special.",
    "*stars* and _underscores_ and `code` and \\backslash\\",
    "[link](javascript:alert(1)) and ![img](http://x/y.png)",
    "<b>bold</b> & <script>alert(1)</script> &amp; &#60;",
    "S&P 500, AT&T, Q&A; &copy &copy; &#x3C; &#60 & ;&",
    "# not a heading", "> not a quote", "- not a list", "+ not a list", "1. not a list", "2) not a list",
    "{: onclick=alert(1)} {#id .class}",
    "ends with hashes ##",
    "US$5.2bn (£4bn) rise — 3.5% | a~b!",
])
def test_md_escape_shows_text_exactly(text):
    html = markdown_to_safe_html(md_escape(text))
    shown = re.sub(r"</?p>", "", html).strip()
    import html as html_module
    assert html_module.unescape(shown) == text


def test_md_escape_leaves_an_ampersand_that_starts_no_entity_as_written():
    # The Markdown is read as text too (in an editor, a diff, a mail's text part): "S&amp;P 500" is not.
    assert md_escape("S&P 500 rose; AT&T & Q&A") == "S&P 500 rose; AT&T & Q&A"
    assert md_escape("&amp; &lt;b> &#60; &#x3c; <i>") == "&amp;amp; &amp;lt;b> &amp;\\#60; &amp;\\#x3c; &lt;i>"
    assert md_as_plain_text(md_escape("S&P &amp; <b>")) == "S&P &amp; <b>"


def test_md_escape_folds_lines():
    assert md_escape("one\n\n# two\n- three") == "one \\# two - three"


def test_many_brackets_render_fast():
    start = time.monotonic()
    markdown_to_safe_html(md_escape("[" * 5000 + "x" + "](" * 2000))
    assert time.monotonic() - start < 2.0


def test_templates_markdown_keeps_what_a_briefing_uses():
    html = markdown_to_safe_html(
        "## Story {#story-1}\n\n*By* **Ann**, [source](https://example.org/a)\n\n"
        "- one\n- two\n\n> quoted  \nline\n\n1. first\n"
    )
    assert '<h2 id="story-1">Story</h2>' in html
    assert "<em>By</em> <strong>Ann</strong>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">source</a>' in html
    assert "<li>one</li>" in html and "<ol>\n<li>first</li>" in html
    assert "<blockquote>\n<p>quoted<br>\nline</p>\n</blockquote>" in html


@pytest.mark.parametrize("template_text, shown", [
    ("<div onclick=x>raw block</div>", "<div onclick=x>raw block</div>"),
    ("inline <b>bold</b> html", "inline <b>bold</b> html"),
    ("![logo](https://example.org/logo.png)", "![logo](https://example.org/logo.png)"),
    ("<https://example.org/auto>", "<https://example.org/auto>"),
    ("[ref][1]\n\n[1]: https://example.org/ref", "[ref][1]\n[1]: https://example.org/ref"),
    ("`code`", "`code`"),
    ("    indented", "indented"),
])
def test_markup_a_briefing_has_no_use_for_stays_text(template_text, shown):
    # Switched off in the converter, not only escaped in seed text: even a
    # template's own raw HTML or image cannot reach the page as markup.
    html = markdown_to_safe_html(template_text)
    import html as html_module
    assert html_module.unescape(re.sub(r"</?p>", "", html)).strip() == shown
    assert not re.search(r"<(?!/?p>)", html)


def whole_html(markdown_text: str) -> str:
    """The text converted in one go, as a small day is."""
    return html_module._sanitised(html_module._markdown_to_html(markdown_text))


def big_day_markdown(sections: int = 3) -> str:
    texts = ["---", "## Not a heading", "### Nor this", "> quote", "1. item", "<b>x</b> & [a](b)", "*star* `tick`",
             "\\", "x" * 2000]
    stories = tuple(
        replace(story(title=f"Story {n} {text}", text=f"Sentence {n}: {text}.", source=text,
                      url=f"https://example.org/{n}", tags=(text,)), section=f"Section {n % sections}")
        for n, text in enumerate(texts * 8)
    )
    # The first few given in full (each with a `### Key points`), the rest a line each under `###` sections.
    markdown_text = Renderer().markdown(replace(briefing(*stories), top=4))
    assert len(markdown_text) > html_module.HTML_WORTH_SPLITTING
    return markdown_text


def test_a_big_day_converted_in_pieces_is_the_same_html():
    markdown_text = big_day_markdown()
    whole = whole_html(markdown_text)
    pieces = pieces_of(markdown_text)
    assert "".join(pieces) == markdown_text
    assert sum(piece.startswith("### ") for piece in pieces) >= 4 + 3  # key points and sections: inside landmarks
    assert whole.count("<article") == 4 and 'class="also-today"' in whole
    assert markdown_to_safe_html(markdown_text) == whole
    sent: list[int] = []  # pieces handed to the mapper (a pool's map in a run)

    def mapper(function, items):
        items = list(items)
        sent.append(len(items))
        return map(function, items)

    for parts in (2, 7):
        assert markdown_to_safe_html(markdown_text, parts=parts, mapper=mapper) == whole
    assert sent == [len(set(pieces))] * 2


def test_a_big_days_page_is_sanitised_a_piece_at_a_time(monkeypatch):
    """The sanitiser holds what it is given parsed whole (a 50,000-seed day's page: 25 MB): it is given
    one piece of a big page at a time, never the page."""
    markdown_text = big_day_markdown()
    whole = whole_html(markdown_text)
    given: list[int] = []
    real = html_module._sanitised
    monkeypatch.setattr(html_module, "_sanitised", lambda html: given.append(len(html)) or real(html))
    assert markdown_to_safe_html(markdown_text) == whole
    assert len(given) == len(pieces_of(markdown_text)) and max(given) < len(whole) / 4


def test_a_page_made_again_converts_only_the_pieces_that_changed(monkeypatch):
    markdown_text = big_day_markdown()
    html, known = safe_html_reusing(markdown_text, {})
    assert html == whole_html(markdown_text) and len(known) == len(pieces_of(markdown_text))
    # A story gains a line: its piece alone is converted again.
    changed = markdown_text.replace("Sentence 5:", "Sentence 5, and more:", 1)
    expected = whole_html(changed)
    converted: list[str] = []
    real = html_module._markdown_to_html
    monkeypatch.setattr(html_module, "_markdown_to_html", lambda text: converted.append(text) or real(text))
    assert safe_html_reusing(markdown_text, known) == (html, known)
    assert converted == []
    again, pieces = safe_html_reusing(changed, known)
    assert again == expected != html
    assert len(converted) == 1 and "Sentence 5, and more:" in converted[0]
    # What is known is used as it is: a stored piece is the HTML given for it (sanitised with the page).
    key = next(key for key, piece in pieces.items() if "also-today" in piece)
    bad = pieces[key].replace("Also today", "<script>x</script>Elsewhere")
    tampered, _ = safe_html_reusing(changed, {**pieces, key: bad})
    assert "Elsewhere" in tampered and "<script" not in tampered


def test_pieces_that_do_not_join_up_as_the_whole_text_are_converted_whole():
    # A custom template: a `##` heading with no rule before it, in a piece that opens with `###`.
    markdown_text = ("# T\n\n---\n\n## One {#story-1}\n\n" + "Text. " * 8000
                     + "\n\n### Below\n\nMore.\n\n## Two {#story-2}\n\nEnd.\n")
    html, pieces = safe_html_reusing(markdown_text, {})
    assert pieces == {} and html == whole_html(markdown_text)


_blocks = st.one_of(
    st.sampled_from(["---", "***", "> quoted\n> more", "- a\n- b\n\n- c", "1. one\n2. two", "Text *em* **strong**",
                     "[link](https://x.org)", "line  \nbreak", "## Two {#story-x}", "## Plain", "### Three {#s-3}",
                     "### Three", "#### Four", "##No space", "   - indented", "\\### escaped", "Setext\n===",
                     "Under\n---"]),
    st.text(alphabet="ab #*-_>[]()!:{}\n\\`<&", max_size=30),
    st.sampled_from(["<script>alert(1)</script>", "</section><b>x</b>", "<!-- c --> <div>", "&amp; &#60; &lt;",
                     '<a href="javascript:x">j</a>', "## H {: onclick=x }", "{: onclick=x }"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_blocks, min_size=1, max_size=25), st.lists(st.sampled_from(["\n\n", "\n\n---\n\n## S\n\n",
                                                                           "\n\n### H\n\n", "\n"]), max_size=25))
def test_any_text_cut_into_pieces_joins_up_as_the_whole_or_not_at_all(blocks, joints):
    """Whatever the Markdown, the pieces' HTML joined is the whole text's HTML, or the text is converted whole;
    and the pieces sanitised each on its own are the whole text's sanitised HTML."""
    text = "# Title\n\n---\n\n## First\n\n" + "".join(
        block + (joints[k] if k < len(joints) else "\n\n") for k, block in enumerate(blocks))
    pieces = pieces_of(text)
    assert "".join(pieces) == text
    joined = html_module._assembled(pieces, [html_module._markdown_to_html(piece) for piece in pieces])
    assert joined is None or joined == html_module._markdown_to_html(text)
    with mock.patch.object(html_module, "HTML_WORTH_SPLITTING", 0):  # in pieces, however short
        assert safe_html_reusing(text, {})[0] == whole_html(text)


def test_a_placeholder_python_markdown_leaves_is_not_in_the_page_and_pieces_read_as_the_whole():
    """A tangle of emphasis and an empty link (a template's own Markdown) made Python-Markdown leave its
    placeholder ("klzzwxh:0000" and a control character) in the HTML, numbered differently in a piece and
    in the whole page."""
    text = "# Title\n\n---\n\n## First\n\n*a**)*[]()\n\n---\n\n## S\n\n*a**)*[]()\n"
    pieces = pieces_of(text)
    joined = html_module._assembled(pieces, [html_module._markdown_to_html(piece) for piece in pieces])
    assert joined == html_module._markdown_to_html(text)
    with mock.patch.object(html_module, "HTML_WORTH_SPLITTING", 0):
        page = safe_html_reusing(text, {})[0]
    assert page == whole_html(text) and "klzzwxh" not in page and "\x03" not in page
    # The text is shown, whatever emphasis Python-Markdown makes of it (3.11.3: "*a<strong>)</strong>", since
    # 3.11.4 "<em>a**)</em>").
    paragraphs = [re.sub(r"<[^>]+>", "", found) for found in re.findall(r"<p>(.*?)</p>", page)]
    assert len(paragraphs) == 2 and all("a" in shown and ")" in shown for shown in paragraphs), paragraphs


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
    ("http://example.org/a b", "http://example.org/ab"),
    ("https://example.org/a)(b", "https://example.org/a%29%28b"),
    ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None), ("java\nscript:alert(1)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None), ("//evil.example/x", None), ("/relative", None),
    ("", None), (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected



def test_a_url_ending_in_a_quoted_word_is_a_link_to_it_whole():
    # Python-Markdown read `(https://x.example/a?b='x')` as the address `.../a?b=` titled "x": a feed's link
    # (or where it redirected) cut short, and an attribute of the feed's making on the briefing's link.
    url = safe_url("https://news.example/a?b='x'")
    html = markdown_to_safe_html(f"[Source]({url})")
    assert 'href="https://news.example/a?b=%27x%27"' in html and "title=" not in html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "\"><svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "{{ 7*7 }} {% raw %}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_never_become_markup(payload):
    hostile = story(title=payload, text=f"Body {payload} text.", source=payload,
                    url="javascript:alert(1)", tags=(payload,))
    renderer = Renderer()
    markdown_text = renderer.markdown(briefing(hostile))
    page = render_page(renderer, briefing(hostile), markdown_text)
    body = page.split("<main>", 1)[1]
    assert "<script" not in body.lower()
    assert "<img" not in body.lower() and "<svg" not in body.lower() and "<iframe" not in body.lower()
    assert "javascript:" not in page.lower() or "javascript:" in html_text_only(body)
    assert not re.search(r"<[^>]+\son\w+\s*=", body, re.IGNORECASE)
    # Template syntax in a seed is printed, never evaluated.
    if "{{" in payload:
        assert "{{ 7*7 }}" in html_text_only(body) and "49" not in body


def html_text_only(html: str) -> str:
    import html as html_module
    return html_module.unescape(re.sub(r"<[^>]*>", "", html))


def test_page_is_self_contained_and_names_the_language():
    renderer = Renderer()
    b = briefing(story())
    page = render_page(renderer, b, renderer.markdown(b), lang="german")
    assert '<html lang="de">' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert 'name="viewport"' in page


def test_user_templates_come_first(tmp_path):
    (tmp_path / "briefing.md.j2").write_text("Custom {{ day }}: {{ stories | length }} stories\n")
    assert Renderer(tmp_path).markdown(briefing(story())) == "Custom 2026-11-25: 1 stories\n"


def test_missing_template_error_lists_every_folder_searched(tmp_path):
    renderer = Renderer(tmp_path)
    with pytest.raises(TemplateError, match=r"nope\.j2 not found; searched: .*" + re.escape(str(tmp_path))):
        renderer._render("nope.j2")


def test_output_writer_replaces_whole_files_and_stays_in_the_folder(tmp_path):
    out = tmp_path / "out"
    for text in ("first", "second"):
        with OutputWriter(out, tmp_path / "journal") as writer:
            writer.stage("a.md", text)
            writer.commit()
    assert (out / "a.md").read_text() == "second"
    assert [p.name for p in out.iterdir()] == ["a.md"]
    with pytest.raises(OutputError, match="outside the output folder"):
        OutputWriter(out, tmp_path / "journal").stage("../escape.md", "x")


def test_output_writer_writes_text_given_in_pieces_as_the_whole(tmp_path, monkeypatch):
    from briefing.publish import output

    monkeypatch.setattr(output, "_ENCODED_AT_ONCE", 3)  # pieces encoded a few characters at a time
    pieces = ["Zoë ", "naïve ☃ café", "", "\n"]
    out = tmp_path / "out"
    with OutputWriter(out, tmp_path / "journal") as writer:
        writer.stage("a.json", iter(pieces))
        writer.stage("b.md", "".join(pieces))
        writer.commit()
    assert (out / "a.json").read_bytes() == (out / "b.md").read_bytes() == "".join(pieces).encode("utf-8")
    with OutputWriter(out, tmp_path / "journal") as writer:
        assert not writer.stage("a.json", iter(pieces), unless_same=True)  # pieces compare as the whole text


def test_output_writer_puts_nothing_in_place_until_every_file_is_written(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("old a")
    with OutputWriter(out, tmp_path / "journal") as writer:
        writer.stage("a.md", "new a")
        writer.stage("b.md", "new b")
        assert (out / "a.md").read_text() == "old a" and not (out / "b.md").exists()
        # Not committed: leaving the block discards the staged files.
    assert sorted(p.name for p in out.iterdir()) == ["a.md"]
    assert (out / "a.md").read_text() == "old a"


def test_a_day_that_gains_a_seed_converts_again_only_what_changed_and_reads_as_if_made_anew(
        empty_workdir, tmp_path, monkeypatch):
    from conftest import article_text, run_briefing, write_seed

    monkeypatch.setattr(html_module, "HTML_WORTH_SPLITTING", 1000)  # a small day, in pieces as a big one is
    seeds = empty_workdir / "seeds"
    for n in range(12):
        write_seed(seeds, f"story-{n:02d}.txt", article_text(f"topic {n}", sentences=5))
    assert run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir).code == 0
    # Converted here, in one process, to be counted.
    converted: list[str] = []
    real = html_module._markdown_to_html
    monkeypatch.setattr(html_module, "_markdown_to_html", lambda text: converted.append(text) or real(text))
    write_seed(seeds, "story-99.txt", article_text("topic 99", sentences=5))
    added = run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=empty_workdir)
    assert added.code == 0 and "1 new" in added.stdout
    markdown_text = (empty_workdir / "out" / "2026-11-25.md").read_text(encoding="utf-8")
    assert 0 < len(converted) < len(pieces_of(markdown_text)) and "topic 99" in "".join(converted)
    # The same page as a rebuild makes, converting every piece.
    again = tmp_path / "again"
    shutil.copytree(empty_workdir, again)
    converted.clear()
    assert run_briefing("run", "--date", "2026-11-25", "--rebuild", "--jobs", "1", cwd=again).code == 0
    assert len(converted) == len(pieces_of(markdown_text))
    for name in ("2026-11-25.md", "2026-11-25.html"):
        assert (again / "out" / name).read_bytes() == (empty_workdir / "out" / name).read_bytes()


def test_a_rebuild_repairs_the_kept_html_of_a_page_for_the_runs_after_it(empty_workdir, monkeypatch):
    import sqlite3

    from conftest import article_text, run_briefing, write_seed

    monkeypatch.setattr(html_module, "HTML_WORTH_SPLITTING", 1000)
    seeds = empty_workdir / "seeds"
    for n in range(12):
        write_seed(seeds, f"story-{n:02d}.txt", article_text(f"topic {n}", sentences=5))
    assert run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=empty_workdir).code == 0
    page = empty_workdir / "out" / "2026-11-25.html"
    # Kept HTML gone bad (a damaged store, a converter changed without a new key).
    with sqlite3.connect(empty_workdir / ".briefing" / "state.sqlite3") as db:
        assert db.execute("UPDATE html_pieces SET html = replace(html, '</h2>', ' STALE</h2>')").rowcount > 1
    assert run_briefing("run", "--date", "2026-11-25", "--rebuild", "--jobs", "1", cwd=empty_workdir).code == 0
    assert "STALE" not in page.read_text(encoding="utf-8")
    write_seed(seeds, "story-99.txt", article_text("topic 99", sentences=5))
    added = run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=empty_workdir)
    assert added.code == 0 and "1 new" in added.stdout
    assert "topic 99" in page.read_text(encoding="utf-8") and "STALE" not in page.read_text(encoding="utf-8")


def test_only_the_last_weeks_pages_keep_their_pieces_and_an_older_page_written_again_converts_them_all(
        empty_workdir, monkeypatch):
    import sqlite3

    from briefing.pipeline import run as pipeline_run
    from conftest import article_text, run_briefing, write_seed

    monkeypatch.setattr(html_module, "HTML_WORTH_SPLITTING", 1000)
    seeds = empty_workdir / "seeds"

    def kept_days() -> set[str]:
        db = sqlite3.connect(empty_workdir / ".briefing" / "state.sqlite3")
        try:
            return {day for (day,) in db.execute("SELECT DISTINCT day FROM html_pieces")}
        finally:
            db.close()

    for day, first in (("2026-11-01", 0), ("2026-11-05", 12), ("2026-11-08", 24)):
        for n in range(first, first + 12):
            write_seed(seeds, f"story-{n:02d}.txt", article_text(f"topic {n}", sentences=5))
        assert run_briefing("run", "--date", day, "--jobs", "1", cwd=empty_workdir).code == 0
    assert pipeline_run.HTML_PIECES_KEPT_DAYS == 7
    assert kept_days() == {"2026-11-05", "2026-11-08"}  # the 1st is more than a week before the 8th

    # The 1st written again (a seed of it removed): every piece converted, the same page a rebuild makes;
    # and its pieces are not kept (the 8th is still the newest day written).
    converted: list[str] = []
    real = html_module._markdown_to_html
    monkeypatch.setattr(html_module, "_markdown_to_html", lambda text: converted.append(text) or real(text))
    assert run_briefing("remove", str(seeds / "story-03.txt"), cwd=empty_workdir).code == 0
    page = (empty_workdir / "out" / "2026-11-01.html").read_text(encoding="utf-8")
    assert "topic 2" in page and "topic 3" not in page
    markdown_text = (empty_workdir / "out" / "2026-11-01.md").read_text(encoding="utf-8")
    assert len(converted) == len(pieces_of(markdown_text)) > 1
    assert kept_days() == {"2026-11-05", "2026-11-08"}
    again = empty_workdir.parent / "again"
    shutil.copytree(empty_workdir, again)
    assert run_briefing("run", "--date", "2026-11-08", "--rebuild", "--jobs", "1", cwd=again).code == 0
    assert (again / "out" / "2026-11-01.html").read_text(encoding="utf-8") == page


def test_threads_converting_at_once_each_get_their_own_html():
    from concurrent.futures import ThreadPoolExecutor

    texts = [big_day_markdown(sections) for sections in (1, 2, 3, 4)]
    expected = [whole_html(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(markdown_to_safe_html, texts * 3)) == expected * 3


def test_a_reports_time_is_shown_in_the_briefings_zone():
    from briefing.publish.views import display_date

    tokyo = "2026-03-03T04:30:00+09:00"
    assert display_date(tokyo, ZoneInfo("Europe/London")) == "2 Mar 2026, 19:30"  # the day before, in London
    assert display_date(tokyo, ZoneInfo("Asia/Tokyo")) == "3 Mar 2026, 04:30"
    assert display_date("2026-07-01T12:00:00Z", ZoneInfo("Europe/London")) == "1 Jul 2026, 13:00"  # summer time
    # No offset, no way to tell the zone: as written. A date alone is a date. Text that is no date is kept.
    assert display_date("2026-03-03T04:30:00", ZoneInfo("Europe/London")) == "3 Mar 2026, 04:30"
    assert display_date("2026-03-03", ZoneInfo("Pacific/Kiritimati")) == "3 Mar 2026"
    assert display_date("sometime", ZoneInfo("Europe/London")) == "sometime"
    # A moment London cannot hold (before year 1 there): as written, no error.
    assert display_date("0001-01-01T00:30:00+01:00", ZoneInfo("Europe/London")).endswith(", 00:30")


def test_a_run_shows_the_times_of_its_reports_in_its_timezone_and_writes_them_again_when_it_changes(tmp_path):
    from conftest import age_files, run_briefing, write_seed

    write_seed(tmp_path / "seeds", "quake.txt", "Tokyo quake shakes buildings\n\nA magnitude 6.1 earthquake struck off "
               "the coast of Japan early on Tuesday, shaking buildings in Tokyo. There was no tsunami warning. Train "
               "services were briefly suspended on several lines in the capital. No serious damage was reported.\n")
    write_seed(tmp_path / "seeds", "quake.txt.meta.toml", 'source = "Asia Wire"\npublished = 2026-03-03T04:30:00+09:00\n')
    age_files(tmp_path / "seeds")
    (tmp_path / "briefing.toml").write_text('timezone = "Europe/London"\n', encoding="utf-8")
    assert run_briefing("run", "--date", "2026-03-03", cwd=tmp_path).code == 0
    page = (tmp_path / "out" / "2026-03-03.md").read_text(encoding="utf-8")
    assert "Asia Wire · 2 Mar 2026, 19:30" in page and "04:30" not in page
    (tmp_path / "briefing.toml").write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    assert run_briefing("run", "--date", "2026-03-03", cwd=tmp_path).code == 0
    assert "Asia Wire · 3 Mar 2026, 04:30" in (tmp_path / "out" / "2026-03-03.md").read_text(encoding="utf-8")
    assert "Asia Wire · 3 Mar 2026, 04:30" in (tmp_path / "out" / "2026-03-03.html").read_text(encoding="utf-8")


def test_a_stories_view_is_made_as_the_template_reads_it(tmp_path, monkeypatch):
    """What a template does not read of a story is never made (a big day's views, made whole, were the most
    memory of its run); what it reads is the same read as a mapping or as attributes."""
    from briefing.publish import views

    stories = [story(f"Story {k}", f"Sentence {k} of the story.", source=f"Outlet {k}") for k in range(30)]
    escaped: list[str] = []
    real = views.md_escape
    monkeypatch.setattr(views, "md_escape", lambda text: escaped.append(text) or real(text))
    (tmp_path / "briefing.md.j2").write_text("{% for s in stories %}{{ s.title }}\n{% endfor %}", encoding="utf-8")
    text = Renderer(tmp_path).markdown(briefing(*stories))
    assert text.split("\n")[:2] == ["Story 0", "Story 1"]
    # The titles, and the page's title and key points: no source, sentence or byline of any story.
    assert len(escaped) == 30 + 2 and not [t for t in escaped if "Outlet" in t or "Sentence" in t]

    view = views.StoryView(stories[0], 1)
    assert dict(view) == {field: getattr(view, field) for field in views.STORY_FIELDS}
    assert view["sources"] == [{"number": 1, "name": "Outlet 0", "url": None, "named": True}]
    assert view["summary"] == ["Sentence 0 of the story."] and view.byline == "Outlet 0 · 1 min read"
    with pytest.raises(KeyError):
        view["_story"]
    # A template reads it as the dict it was: written by `tojson`, sorted by `dictsort`.
    (tmp_path / "briefing.md.j2").write_text("{{ stories[0] | tojson }}\n{{ stories[0] | dictsort | length }}\n",
                                             encoding="utf-8")
    as_json, fields = Renderer(tmp_path).markdown(briefing(*stories)).splitlines()
    assert json.loads(as_json)["sources"] == view["sources"] and set(json.loads(as_json)) == set(views.STORY_FIELDS)
    assert fields == str(len(views.STORY_FIELDS))


def test_a_template_that_prints_a_storys_view_whole_prints_it_as_the_dict_it_reads_as(tmp_path):
    """A user's template that prints a story (a debugging line, `{{ story }}`) printed its dict; the view
    made as it is read printed `<StoryView object at 0x...>`, another address at every run (the day's
    Markdown never the same). Its fields come in the dict's order too (`story|list`, `items()`)."""
    (tmp_path / "briefing.md.j2").write_text("{% for s in stories %}{{ s }}\n{{ s|join(',') }}\n{% endfor %}",
                                             encoding="utf-8")
    day = briefing(story("One", "A sentence of one.", source="Wire", url="https://example.org/one"))
    text = Renderer(tmp_path).markdown(day)
    assert text == Renderer(tmp_path).markdown(day) and "object at 0x" not in text
    printed, fields = text.splitlines()
    assert printed.startswith("{'anchor': 'story-")
    assert "'number': 1, 'title': 'One', 'lang': None, 'source': 'Wire'" in printed
    assert fields.split(",")[-3:] == ["follows", "other_lang", "summary_parts"]
