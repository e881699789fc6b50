"""What a page's structured data (schema.org JSON-LD) states of its article: its headline and its body.

A page its scripts fill in holds almost no text in its HTML; many such pages
state the article in a <script type="application/ld+json"> object
(NewsArticle, BlogPosting, ...) whose `articleBody` is its text. That body is
read only when the page shows no article text of its own (pages.py): it is
not what the page shows, and read beside shown text it made the dev pages'
summaries worse. It is untrusted: entities are decoded once, markup is left
out, and each paragraph is cleaned and capped as a feed's full text is.
"""

from __future__ import annotations

import html as entities
import re
from dataclasses import dataclass
from typing import Sequence

from .fetch.markup import html_to_paragraphs
from .rawpage import MAX_PAGE_BLOCKS

_JSON_LD = re.compile(r"<script[^>]{0,200}application/ld\+json[^>]{0,200}>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                            "OpinionNewsArticle", "BackgroundNewsArticle", "TechArticle", "LiveBlogPosting"})
# A walk of one script's data stops after this many objects and lists (the graph of a page, not of the web),
# and reads this many items of a list.
_MAX_NODES = 1000
_MAX_ITEMS = 100
# A stated body is an article's when it has this many words and sentences; fewer are a teaser or a label.
MIN_STATED_WORDS = 40
MIN_STATED_SENTENCES = 3
# The longest bodies of the main article read, at most (a page states it once or twice; each may be long).
_MAX_BODIES_READ = 3
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s|$)")
# A stated body is read up to this many characters, and this many paragraphs (a page's limit of blocks):
# a long read is about 100,000 characters, and the markup reader takes seconds over 10 MB.
MAX_STATED_CHARS = 1_000_000
MAX_STATED_PARAGRAPHS = MAX_PAGE_BLOCKS
# Line breaks of a plain-text body: each ends a paragraph (a blank line too, as it is two of them).
_LINE_BREAK = re.compile(r"\r\n?|[\n\u2028\u2029]")


@dataclass(frozen=True)
class StatedArticle:
    """An article object of the page's JSON-LD: its headline and body as stated (None where it states none)."""

    headline: str | None
    body: str | None
    live: bool = False  # a LiveBlogPosting: a page of timestamped updates


def stated_articles(html: str) -> list[StatedArticle]:
    """The article objects the page's JSON-LD states, in page order: in a script of their own, a list, or an
    `@graph`. Each script's data is walked a bounded way; data that is no JSON is passed over."""
    from .untrusted_json import loads

    found: list[StatedArticle] = []
    position = 0
    while (opening := _JSON_LD.search(html, position)) is not None:
        closing = _SCRIPT_END.search(html, opening.end())
        if closing is None:
            break  # the rest of the page is inside this script
        position = closing.end()  # (an opener inside a script is its text: one pass over the page)
        try:
            data = loads(html[opening.end():closing.start()])
        except (ValueError, RecursionError):
            continue
        pending, seen = [data], 0
        while pending and seen < _MAX_NODES:
            item, seen = pending.pop(0), seen + 1
            if isinstance(item, list):
                pending.extend(item[:_MAX_ITEMS])
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
                if _ARTICLE_TYPES.intersection(k for k in kinds if isinstance(k, str)):
                    headline = item.get("headline") or item.get("name")
                    body = item.get("articleBody")
                    found.append(StatedArticle(headline if isinstance(headline, str) else None,
                                               body if isinstance(body, str) else None,
                                               live="LiveBlogPosting" in kinds))
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending.extend(graph[:_MAX_ITEMS])
    return found


def stated_article_words(html: str) -> int:
    """How many words the longest `articleBody` of an article's JSON-LD states (0 if none)."""
    return max((len(article.body.split()) for article in stated_articles(html) if article.body), default=0)


def stated_live_blog(html: str) -> StatedArticle | None:
    """The live blog (a LiveBlogPosting) the page's JSON-LD says it is, if it says so."""
    return next((article for article in stated_articles(html) if article.live), None)


def stated_body(html: str, headlines: Sequence[str | None], page_title: str | None) -> tuple[str, ...]:
    """The paragraphs of the page's main article as its JSON-LD states them; () when it states none.

    The main article's is an object whose headline is one of the page's
    `headlines` (og:title, h1: what the page shows; letters compared) or
    opens its <title> (`page_title`), or the page's only article object.
    Its body must be an article's: MIN_STATED_WORDS words in
    MIN_STATED_SENTENCES sentences or more, once its markup is left out.
    (Another article's body, a related story's, is not this page's text.)
    """
    articles = list(dict.fromkeys(stated_articles(html)))  # (a page may state its article twice, alike)
    shown = {_letters(h) for h in headlines if h} - {""}
    title = _letters(page_title or "")
    bodies = []
    for article in articles:
        named = _letters(article.headline or "")
        # (Only a headline of a few words is looked for at the start of the <title>: "News" opens many.)
        opens_title = len((article.headline or "").split()) >= 3 and title.startswith(named)
        if article.body and ((named and (named in shown or opens_title)) or len(articles) == 1):
            bodies.append(article.body)
    for body in sorted(bodies, key=len, reverse=True)[:_MAX_BODIES_READ]:
        paragraphs = body_paragraphs(body)
        text = " ".join(paragraphs)
        if len(text.split()) >= MIN_STATED_WORDS and len(_SENTENCE_END.findall(text)) >= MIN_STATED_SENTENCES:
            return tuple(paragraphs)
    return ()


def body_paragraphs(body: str) -> list[str]:
    """A stated body as clean paragraphs: entities decoded once, markup left out (a script's or a style's
    text with it), a paragraph at each line break and block element, each cleaned as one line (text.clean_line:
    no control, noncharacter or bidi override) and capped as a feed's full text is (fetch/markup.py); read up
    to MAX_STATED_CHARS and MAX_STATED_PARAGRAPHS."""
    # Decoded here, and its "&" written as an entity again: the markup reader decodes that one back, no more.
    text = entities.unescape(body[:MAX_STATED_CHARS]).replace("&", "&amp;")
    return html_to_paragraphs(_LINE_BREAK.sub("<br>", text))[:MAX_STATED_PARAGRAPHS]


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())
