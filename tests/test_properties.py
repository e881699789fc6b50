"""Property tests of the text pipeline: seed bytes -> Article -> Summary -> Markdown -> HTML.

Whatever the input, the only error allowed is a SeedError (the seed is
skipped with its reason); every summary sentence is a sentence of the input;
a summary never has more sentences than asked for; and seed text escaped for
Markdown always shows as exactly that text, never as markup.
"""

from __future__ import annotations

import dataclasses
import os
import html
import math
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.config import load_config
from briefing.errors import SeedError
from briefing.ingest.decode import decode_text
from briefing.ingest.markdown import markdown_to_plain
from briefing.ingest.readers import read_article
from briefing.publish.html import markdown_to_safe_html
from briefing.publish.markdown_text import md_as_plain_text, md_escape
from briefing.summarize.article import summarize_article

CONFIG = load_config(cwd=Path(__file__).resolve().parent)
SETTINGS = settings(max_examples=int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["the", "council", "approved", "budget", "on", "Monday", "Zürich", "café", "5.2", "U.S.", "Mr.",
         "école", "Straße", "東京", "—", "“quoted”", "[link](x)", "<b>", "*", "#", "{{", "}}", "e.g."]
ENDS = [".", "!", "?", "…", ".\n", "\n\n", ";", ",", "", " "]


@st.composite
def prose(draw) -> str:
    """Text shaped like an article, with odd words and punctuation mixed in."""
    sentences = draw(st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=12), min_size=1, max_size=25),
                  st.sampled_from(ENDS)),
        min_size=0, max_size=30,
    ))
    text = " ".join(" ".join(words) + end for words, end in sentences)
    return draw(st.sampled_from(["", "Headline of the day\n\n", "\ufeff", "---\ntitle: x\n---\n"])) + text


ANY_TEXT = st.one_of(st.text(), prose())


def folded(text: str) -> str:
    return " ".join(text.split())


def read_and_summarize(name: str, data: bytes, **length):
    """(article, summary), or None when the seed is refused with a SeedError."""
    try:
        article = read_article(Path(name), data)
        return article, summarize_article(article, dataclasses.replace(CONFIG.summary, **length), CONFIG.limits.max_sentences)
    except SeedError:
        return None


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_give_an_article_or_a_seed_error(data, name):
    read_and_summarize(name, data)


@SETTINGS
@given(ANY_TEXT, st.sampled_from(["a.txt", "a.md", "a.html"]), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_unicode_text_gives_an_article_or_a_seed_error(text, name, encoding):
    read_and_summarize(name, text.encode(encoding, errors="surrogatepass"))


# A sentence cut from a quotation is shown with the quotation marks it lacks, at its ends; nothing else.
_ADDED_BEFORE = re.compile(r'^(?:« |[“„«»"”])')
_ADDED_AFTER = re.compile(r'(?: »|[”“»«"„])$')


def as_in(sentence: str, text: str) -> bool:
    """Whether `sentence` is in `text` (folded), less a quotation mark the summary may have added at either end."""
    opened = _ADDED_BEFORE.sub("", sentence, count=1)
    forms = {sentence, opened, _ADDED_AFTER.sub("", sentence), _ADDED_AFTER.sub("", opened)}
    return any(folded(form) in text for form in forms)


@SETTINGS
@given(ANY_TEXT, st.integers(min_value=1, max_value=6))
def test_summary_sentences_are_sentences_of_the_input_and_never_too_many(text, count):
    result = read_and_summarize("a.txt", text.encode("utf-8", errors="surrogatepass"), sentences=count)
    if result is None:
        return
    article, summary = result
    assert 1 <= len(summary.sentences) <= count
    positions = [s.position for s in summary.sentences]
    assert positions == sorted(set(positions))  # article order, no sentence twice
    # The input as reading leaves it: NFC, and cleaned where it entered (a forbidden character, such as a
    # C1 control or a bidi override, becomes a space).
    from briefing.text import clean_line

    source = folded(clean_line(unicodedata.normalize("NFC", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text))))
    for sentence in summary.sentences:
        assert sentence.text.strip()
        assert as_in(sentence.text, folded(article.text)) and as_in(sentence.text, source)


@SETTINGS
@given(prose(), st.floats(min_value=0.01, max_value=1.0), st.integers(min_value=5, max_value=120))
def test_ratio_and_word_budget_are_respected(text, ratio, words):
    data = text.encode("utf-8", errors="surrogatepass")
    by_ratio = read_and_summarize("a.txt", data, ratio=ratio)
    if by_ratio is None:
        return
    article, summary = by_ratio
    assert len(summary.sentences) <= max(1, math.ceil(ratio * _sentence_count(article, summary.language)))
    _, budgeted = read_and_summarize("a.txt", data, words=words)
    used = sum(len(s.text.split()) for s in budgeted.sentences)
    assert used <= words or len(budgeted.sentences) == 1  # one sentence even if it alone is too long


def _sentence_count(article, language: str) -> int:
    """Sentences as the summary's language splits them (a short text may be detected as another language
    than the configured one, whose abbreviations differ: "Mr." ends a sentence in French)."""
    from briefing.summarize.tokenize import OfflineTokenizer

    tokenizer = OfflineTokenizer(language or CONFIG.summary.language)
    return min(CONFIG.limits.max_sentences, sum(len(tokenizer.to_sentences(p)) for p in article.paragraphs))


# Seed text is folded onto one line and has no control characters by the time it is rendered.
SEED_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=300)


@SETTINGS
@given(SEED_TEXT)
def test_escaped_seed_text_shows_exactly_as_itself_and_never_as_markup(text):
    page = markdown_to_safe_html(md_escape(text))
    assert re.fullmatch(r"(?s)(<p>.*</p>)?", page.strip()), page
    inner = re.sub(r"</?p>", "", page.strip())
    assert "<" not in inner  # no element at all: every < from the seed is an entity
    assert folded(html.unescape(inner)) == folded(text)


@SETTINGS
@given(SEED_TEXT)
def test_escaped_seed_text_reads_as_itself_in_the_plain_text_email(text):
    assert md_as_plain_text(md_escape(text)) == " ".join(text.split())


@SETTINGS
@given(ANY_TEXT)
def test_markdown_to_plain_and_decoding_never_fail(text):
    markdown_to_plain(text)
    try:
        decode_text(text.encode("utf-8", errors="surrogatepass"))
    except SeedError:
        pass


@pytest.mark.parametrize("text", ["", " ", "\n\n", "One.", "word " * 3 + ".", "\ufeff---\n---\n"])
def test_edge_inputs_are_refused_with_a_reason(text):
    assert read_and_summarize("a.md", text.encode()) is None


# Every class of character that once stopped a run: controls, noncharacters,
# lone surrogates, bidi overrides and isolates, and ordinary text around them.
HOSTILE_CHARACTERS = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ud800",
     "\udfff", "\u202a", "\u202e", "\u2066", "\u2069", "\ufdd0", "\u200b", "\ufeff", "\r", "\t", "\n", "\"", "'",
     "<", "&", "]]>", "{{", "#", "*", "---"])
FIELD_TEXT = st.lists(st.one_of(st.text(max_size=8), HOSTILE_CHARACTERS), max_size=12).map("".join)


def yaml_string(text: str) -> str:
    # A YAML double-quoted scalar may hold any character as an escape.
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\U{ord(c):08x}" for c in text) + '"'


@st.composite
def seed_files(draw) -> tuple[str, bytes]:
    """A seed of any format with hostile text in every field it has."""
    kind = draw(st.sampled_from(["txt", "md", "html"]))
    body = draw(prose()) + " " + draw(FIELD_TEXT) + ". The council approved the harbour budget on Monday."
    title, source, url, tag = (draw(FIELD_TEXT) for _ in range(4))
    if kind == "txt":
        text = f"{title}\n\n{body}"
    elif kind == "md":
        text = (f"---\ntitle: {yaml_string(title)}\nsource: {yaml_string(source)}\nurl: {yaml_string(url)}\n"
                f"tags: [{yaml_string(tag)}]\n---\n{body}")
    else:
        text = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    name = draw(FIELD_TEXT.filter(lambda n: "/" not in n and "\x00" not in n)) or "seed"
    return f"{name}.{kind}", text.encode("utf-8", errors="surrogatepass")


@SETTINGS
@given(st.lists(seed_files(), min_size=1, max_size=3))
def test_any_characters_in_any_field_give_a_briefing_or_a_skipped_seed(seeds):
    """Every field of every format through reading, summarising, composing, the page and the feed."""
    import datetime as dt
    import xml.etree.ElementTree as ElementTree

    from briefing.compose.editor import compose_briefing
    from briefing.publish.feed import FeedEntry, FeedIds, render_feed
    from briefing.publish.templates import Renderer
    from briefing.text import clean_text

    summaries = []
    for name, data in seeds:
        result = read_and_summarize(name, data)
        if result is not None:
            summaries.append(result[1])
    briefing = compose_briefing(dt.date(2026, 11, 25), summaries)
    renderer = Renderer()
    text = renderer.markdown(briefing)
    body = markdown_to_safe_html(text)
    page = renderer.page(briefing.day, len(briefing.stories), body)
    assert clean_text(page) == page and clean_text(text) == text  # nothing forbidden reached the files
    moment = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    feed = render_feed([FeedEntry(briefing.day, "Daily briefing", "2026-11-25.html", body, "summary", moment, moment)],
                       title="Daily briefing", ids=FeedIds(None, "0b7a8c3e-6c1d-5d2f-9a4e-1f2b3c4d5e6f"))
    ElementTree.fromstring(feed.encode("utf-8"))  # well-formed XML
