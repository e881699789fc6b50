"""Blocks of a page that are no part of its article, whatever its markup says: another site's excerpt of
the post, the author's biography under it, a sentence a paywall cuts short, a pull quote the article says
again (article_paragraphs in pages.py leaves them out)."""

from __future__ import annotations

import functools
import re

from .. import textrules
from ..datelines import is_news_agency


def is_excerpt(text: str) -> bool:
    """A pingback: another site's excerpt of the post, cut at both ends ("[…] … […]")."""
    return text.startswith(("[…]", "[...]")) and text.rstrip(" .!?,;:\"'”’»)").endswith(("[…]", "[...]"))


def bio_opening(author: str | None, rules: textrules.Rules) -> re.Pattern | None:
    """A paragraph that opens with the author's full name (the first of several; two words or more)."""
    name = re.split(r"[;,|/]| and | und | et | y | e ", author or "")[0].strip(" :")
    words = name.split()
    if not 2 <= len(words) <= 4 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return None  # a name is two to four words, the first and last capitalised
    if words[0].lower() in rules.articles | {"the"}:
        return None  # "The Associated Press": an agency, which its reports name
    return re.compile(r"\s+".join(map(re.escape, name.split())) + r"(?![\w-])")


# Where a sentence ends and the next begins: after a word of two small letters or a digit (not "Dr." or "U.S."),
# before a capital or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_A-Z]{2}[.!?])[\"'”’»)\]]*\s+(?=[\"“„«‚‘]?[^\W\d_a-z])")
_CUT_MARKS = ("…", "...")


def without_cut_ending(text: str, closing: re.Pattern | None = None) -> str:
    """A paragraph cut short by the page ("… the railway station …": a paywall's teaser, the start of an
    article the page links to) without its unfinished last sentence; "" when it has no other. Not one
    that ends on a phrase that closes an article (`closing`, the language's: "Affaire à suivre...")."""
    body = text.rstrip()
    if not body.endswith(_CUT_MARKS) or body.endswith(("[…]", "[...]")):
        return text
    if closing is not None and closing.search(body.rstrip("…. ")):
        return text
    ends = [found.start() for found in _SENTENCE_BREAK.finditer(body)]
    return body[:ends[-1]].rstrip() if ends else ""


# A pull quote is a line or two; so few letters may be any phrase the article uses twice.
_PULL_QUOTE_MAX_WORDS = 60
_PULL_QUOTE_MIN_LETTERS = 40
# Only so many short paragraphs are looked for in the rest (each search reads the whole text).
_PULL_QUOTES_SEARCHED = 300


def without_pull_quotes(paragraphs: list[str]) -> list[str]:
    """The paragraphs without those the article says again inside a longer one: a pull quote set apart
    in large type (“… for a hundred years.”), whose words a paragraph holds with its speaker's name."""
    letters = [re.sub(r"[\W_]+", "", p.casefold()) for p in paragraphs]
    whole = "\0".join(letters)
    dropped, searched = set(), 0
    for number, (paragraph, own) in enumerate(zip(paragraphs, letters)):
        if len(own) < _PULL_QUOTE_MIN_LETTERS or len(paragraph.split()) > _PULL_QUOTE_MAX_WORDS:
            continue
        if (searched := searched + 1) > _PULL_QUOTES_SEARCHED:
            break
        if any(own in other and len(other) > len(own) for other in _holding(whole, own, letters)):
            dropped.add(number)
    return [p for number, p in enumerate(paragraphs) if number not in dropped]


def _holding(whole: str, own: str, letters: list[str]):
    """The paragraphs' letters that hold `own`, found through one search of them all."""
    start = 0
    while (at := whole.find(own, start)) >= 0:
        begin = whole.rfind("\0", 0, at) + 1
        end = whole.find("\0", at)
        yield whole[begin:len(whole) if end < 0 else end]
        start = at + 1


# A paragraph of prose has this many words at least; the page's lines after the article have fewer.
_PROSE_WORDS = 15
# A label: at most this many words, and no sentence's end ("Normas ›", "Jetzt weiterlesen mit SPIEGEL+").
_LABEL_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def without_trailing_furniture(paragraphs: list[str], headed: set[int]) -> list[str]:
    """`paragraphs` without the page's lines after the article: the short ones after the last heading that
    follows the last paragraph of prose ("Related Internet Links", then "The BBC is not responsible for the
    content of external sites."), and the labels at the end ("Normas ›", "Zugang zu allen Artikeln").
    `headed`: the paragraphs a heading came just before (by their index). Each class name may say nothing of
    what these are, and each site words them its own way: they are told by their place and their shape."""
    kept = list(paragraphs)
    while kept and len(kept[-1].split()) <= _LABEL_WORDS and not _SENTENCE_END.search(kept[-1]):
        kept.pop()
    prose = [number for number, text in enumerate(kept) if len(text.split()) >= _PROSE_WORDS]
    if prose:
        heading = next((number for number in sorted(headed, reverse=True) if prose[-1] < number < len(kept)), None)
        if heading is not None:
            kept = kept[:heading]  # (an article ends with its prose, not with a heading over a line or two)
    return kept


def author_names(author: str | None, rules: textrules.Rules) -> str | None:
    """The extractor's `author` ("Ruth Adams; Transport Correspondent") without the parts that are the
    author's role or newsroom ("Political Editor", "Korrespondentin", "Associated Press", "Reuters"): a
    byline "By Ruth Adams, Transport Correspondent" came out as two authors. All of them kept if every part
    is one (it says who wrote it, if nothing else does)."""
    if not author:
        return author
    parts = [part.strip() for part in author.split(";") if part.strip()]
    roles = rules.author_roles | _every_languages_roles()  # (a page need not say its language)
    names = [part for part in parts if not (is_news_agency(part) or roles & {
        word.strip(".,()") for word in part.lower().split()})]
    return "; ".join(names) if names else author


@functools.cache
def _every_languages_roles() -> frozenset[str]:
    from ..languages import SUPPORTED_LANGUAGES

    return frozenset().union(*(textrules.rules_for(language).author_roles for language in SUPPORTED_LANGUAGES))
