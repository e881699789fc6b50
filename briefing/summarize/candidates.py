"""The sentences an article offers to a summary across its story's reports.

Each article keeps its best sentences (by its own ranking, in the order
that defers nothing: see summarize/article.py) with their content stems,
so that a story's summary can be chosen across its reports without
reading them again; and each such sentence made a key point, where
it makes one, because trimming to a clause needs the article's language.
"""

from __future__ import annotations

from typing import Sequence

from ..models import Candidate
from ..textrules import rules_for
from ..datelines import inside_of, strip_dateline
from .keypoints import make_point
from .toolkit import Toolkit

# How many sentences each article offers: 12 scored as well as 8 and better
# than 20 or all on the dev clusters (benchmarks/README.md).
CANDIDATES_KEPT = 12


def candidates_of(sentences: Sequence[str], ranked: Sequence[int], kit: Toolkit,
                  stems: Sequence[Sequence[str]], cut: Sequence[bool], opening: int = 0) -> tuple[Candidate, ...]:
    """The article's CANDIDATES_KEPT best sentences, best first, datelines off, with their content
    stems (`stems`: each sentence's, of more than one letter); no key point made of a sentence
    `cut` in the wrong place (inside a quotation, say). `opening`: the article's first sentence after
    its byline and other furniture."""
    kept = []
    rules = rules_for(kit.language)
    inside = inside_of(sentences)
    for rank, index in enumerate(ranked[:CANDIDATES_KEPT], start=1):
        # (Inside the article only a place in capitals before its comma, a roundup's item's or one with its agency:
        # there "NHS waiting lists hit a record - Health Secretary ..." and "Praha - Olomouc je ..." are sentences.)
        text = strip_dateline(sentences[index], kit.language, inside=index != opening and inside)
        point = None if cut[index] else make_point(text, rules)
        kept.append(Candidate(text, index, rank, tuple(stems[index]), point))
    return tuple(kept)
