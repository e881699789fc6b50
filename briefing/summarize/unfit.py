"""Sentences a ranker must not choose, and the marks it reads in a sentence.

Boilerplate and the fragments of bad sentence splits are never chosen while
anything else is left; how much of a sentence is quoted speech is one of
NewsRank's word features.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Boilerplate of English news pages: a sentence matching any of these is never
# chosen while other sentences are left. The only language-specific part of
# NewsRank; in other languages these simply do not match. Every algorithm
# also leaves out the furniture of textrules (every language; see defects.py);
# these stay because they also keep boilerplate words out of NewsRank's word
# statistics, which its weights were trained with.
ENGLISH_BOILERPLATE_PATTERNS = (
    r"^\s*scroll down for (?:the )?video",
    r"\bclick here\b",
    r"\b(?:PUBLISHED|UPDATED)\s*:",
    r"^\s*by\s*\.\s",  # "By . Daily Mail Reporter ."
    r"\blast updated at\b",
    r"\ball rights reserved\b",
    r"^\s*(?:copyright\b|\(c\)|©)",
    r"^\s*(?:read more|share this|follow us|follow @)",
    r"^\s*(?:image|media|video) (?:caption|copyright|playback)\b",
)


def _either(patterns) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# The patterns anchored at the start are tried there alone (`match`): in one
# alternation with the others, each was tried at every position of every
# sentence, which took most of the search's time.
_BOILERPLATE_OPENING = _either(p for p in ENGLISH_BOILERPLATE_PATTERNS if p.startswith("^"))
_BOILERPLATE_ANYWHERE = _either(p for p in ENGLISH_BOILERPLATE_PATTERNS if not p.startswith("^"))
# What each pattern found anywhere holds, lower-cased: an ASCII text with none of them is not searched.
# (Other texts are: in any case, "ſ" is an "s" and "K" a "k".)
_ANYWHERE_WORDS = ("click here", "published", "updated", "all rights reserved")

# Fragments of bad sentence splits make no sense alone and are never chosen
# while anything else is left: a "sentence" that starts with a lower-case word
# ("he said.", "is short for Blues Boy, ...") or with punctuation that cannot
# open one (", after ..."), and the sentence after one that ends in dotted
# initials, where the splitter cut a name in two ("... the University of Texas
# M.D." | "Anderson Cancer Center, after ..."). No word lists: scripts without
# case never match, and quote marks are left out because languages differ in
# which ones open a quotation.
_FRAGMENT_OPENERS = frozenset(",;:)]}.!?…%")
_ENDS_IN_INITIALS = re.compile(r"(?:\b[^\W\d_]\.){2,}[\"'”’»]?\s*$")

# Double quotation marks of the supported languages; single ones are left out
# because they double as apostrophes.
_OPENING_QUOTES = frozenset("“«„")
_CLOSING_QUOTES = frozenset("”»")
_QUOTES = frozenset('"') | _OPENING_QUOTES | _CLOSING_QUOTES
_QUOTE_MARK = re.compile('(["“”«»„])')


def is_boilerplate(text: str) -> bool:
    if _BOILERPLATE_OPENING.match(text):
        return True
    if text.isascii():
        lowered = text.lower()
        if not any(words in lowered for words in _ANYWHERE_WORDS):
            return False
    return bool(_BOILERPLATE_ANYWHERE.search(text))


def quote_share(text: str) -> float:
    """Share of the sentence's characters inside double quotation marks."""
    # Split at the marks (kept, at odd places): the text between two is
    # counted at once, not character by character.
    pieces = _QUOTE_MARK.split(text)
    if len(pieces) == 1:
        return 0.0
    inside = chars = 0
    quoted = False
    for number, piece in enumerate(pieces):
        if number % 2:
            quoted = True if piece in _OPENING_QUOTES else False if piece in _CLOSING_QUOTES else not quoted
        else:
            chars += len(piece)
            inside += len(piece) if quoted else 0
    return inside / chars if chars else 0.0


def fragments(texts: Sequence[str]) -> np.ndarray:
    """Which sentences are fragments of a bad sentence split (see _FRAGMENT_OPENERS)."""
    fragment = np.fromiter((_opens_as_fragment(t.lstrip()) for t in texts), bool, len(texts))
    fragment[1:] |= np.fromiter(map(ends_in_initials, texts[:-1]), bool, len(texts) - 1)
    return fragment


def ends_in_initials(text: str) -> bool:
    """Whether the text ends in two or more dotted initials ("M.D.", "U.S.", and any closing quote)."""
    tail = text.rstrip()
    if tail[-1:] in "\"'”’»":
        tail = tail[:-1]
    # The pattern's last two initials end the text as "X.Y.": most texts are ruled out by their ends.
    return tail[-1:] == "." and tail[-3:-2] == "." and bool(_ENDS_IN_INITIALS.search(text))


def _opens_as_fragment(text: str) -> bool:
    if text[:1].islower():
        return not text[1:2].isupper()  # "iPhone", "eBay": a word, not a fragment
    return text[:1] in _FRAGMENT_OPENERS
