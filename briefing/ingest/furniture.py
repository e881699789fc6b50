"""Blocks of a page that are no part of its article, whatever its markup says: another site's excerpt of
the post, and the author's biography under it (article_paragraphs in pages.py leaves them out)."""

from __future__ import annotations

import re

from .. import textrules


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


def without_cut_ending(text: str) -> str:
    """A paragraph cut short by the page ("… the railway station …": a paywall's teaser, the start of an
    article the page links to) without its unfinished last sentence; "" when it has no other."""
    body = text.rstrip()
    if not body.endswith(_CUT_MARKS) or body.endswith(("[…]", "[...]")):
        return text
    ends = [found.start() for found in _SENTENCE_BREAK.finditer(body)]
    return body[:ends[-1]].rstrip() if ends else ""
