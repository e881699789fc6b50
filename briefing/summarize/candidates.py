"""The sentences an article offers to a summary across its story's reports.

Each article keeps its best sentences (by its own ranking, in the order
that defers nothing: see summarize/article.py) with their content stems, so that a story's summary can be chosen across its reports
without reading them again; and each such sentence made a key point, where
it makes one, because trimming to a clause needs the article's language.
"""

from __future__ import annotations

from typing import Sequence

from ..models import Candidate
from ..textrules import rules_for
from .keypoints import make_point
from .toolkit import Toolkit

# How many sentences each article offers: 12 scored as well as 8 and better
# than 20 or all on the dev clusters (benchmarks/README.md).
CANDIDATES_KEPT = 12


def candidates_of(sentences: Sequence[str], ranked: Sequence[int], kit: Toolkit,
                  words: Sequence[Sequence[str]]) -> tuple[Candidate, ...]:
    """The article's CANDIDATES_KEPT best sentences, best first, datelines off."""
    kept = []
    rules = rules_for(kit.language)
    for rank, index in enumerate(ranked[:CANDIDATES_KEPT], start=1):
        text = strip_dateline(sentences[index])
        stems = tuple(stem for stem in kit.stems_of(words[index]) if len(stem) > 1)
        kept.append(Candidate(text, index, rank, stems, make_point(text, rules)))
    return tuple(kept)


_DATELINE_DASHES = (" -- ", " - ", " — ", " – ", " _ ")


def strip_dateline(sentence: str) -> str:
    """The sentence without a wire dateline ("TEHRAN, Iran (AP) - ", "NEW YORK -- ").

    A dateline is a prefix of at most 60 characters and 8 words that opens
    with a word in capitals and ends at a spaced dash, followed by a capital
    (or a quote or digit). It costs a summary's word budget and says nothing.
    Any cased script works (the test is `str.isupper`), no word lists.
    """
    head = sentence[:60]
    found = [(head.find(d), d) for d in _DATELINE_DASHES if d in head]
    if not found:
        return sentence
    at, dash = min(found)
    prefix, rest = sentence[:at], sentence[at + len(dash):].lstrip()
    first = prefix.split(" ", 1)[0].rstrip(",")
    if len(first) < 2 or not first.isupper() or len(prefix.split()) > 8:
        return sentence
    if not rest or not (rest[0].isupper() or not rest[0].isalpha()):
        return sentence
    return rest
