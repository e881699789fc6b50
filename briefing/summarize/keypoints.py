"""Key points: short, distinct facts of an article, none a copy of a summary sentence."""

from __future__ import annotations

import re
from typing import Sequence

from .toolkit import Toolkit

# Key points are glanceable: a clause, not a paragraph.
MAX_KEY_POINT_WORDS = 25
MIN_KEY_POINTS = 3
# Two texts sharing more than this share of their content stems say the same thing.
SAME_FACT_OVERLAP = 0.6


# Openers that tie a sentence to the one before it and mean nothing alone.
_CONNECTIVE = re.compile(
    r"^(?:however|but|and|so|also|meanwhile|furthermore|moreover|in addition|additionally|"
    r"still|yet|instead|indeed|now|then|overall|previously|separately)\b,?\s+",
    re.IGNORECASE,
)
# Trailing attributions after a comma: ", he said." / ", according to the
# ministry." / ", said deputy mayor Ines Corvo."
_ATTRIBUTION = re.compile(
    r"(?:,[\"”’']?|[\"”’'],)\s+"
    r"(?:(?:he|she|they|it|officials?|police)\s+(?:said|says|added|told\s[^,.]{1,40})"
    r"|(?:said|says|added|according\sto)\s(?:[^\s,.]+\s?){1,6})\s*[.!]?\s*$",
    re.IGNORECASE,
)
# Places where a long sentence can be cut and still say something whole.
_CLAUSE_BREAK = re.compile(r"\s*(?:;|:|\s[–—]\s|,\s(?:which|while|whereas|although|though|but|and|as|after|before|because)\s)")


def trim_to_point(sentence: str, max_words: int = MAX_KEY_POINT_WORDS) -> str:
    """A sentence cut down to a short, standalone statement."""
    text = _ATTRIBUTION.sub("", sentence.strip())
    text = text.strip().strip("\"“”'‘’").strip()
    text = _CONNECTIVE.sub("", text)
    words = text.split()
    if len(words) > max_words:
        for match in _CLAUSE_BREAK.finditer(text):
            head = text[: match.start()]
            if 6 <= len(head.split()) <= max_words:
                text = head
                break
        else:
            cut = " ".join(words[:max_words])
            comma = cut.rfind(",")
            text = cut[:comma] if comma > len(cut) // 2 else cut.rstrip(",;:") + "…"
    text = text.rstrip(" ,;:")
    if text and text[-1] not in ".!?…":
        text += "."
    return text[:1].upper() + text[1:]


def as_key_point(sentence: str) -> str | None:
    """The sentence as a key point, or None if it makes none (too short once trimmed)."""
    point = trim_to_point(sentence)
    return point if len(point.split()) >= 4 else None


def _same_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) > SAME_FACT_OVERLAP


def key_points(
    sentences: Sequence[str],
    ranked: Sequence[int],
    summary: set[int],
    language: Toolkit,
    limit: int,
) -> tuple[str, ...]:
    """Up to `limit` short, distinct facts, best first, none a copy of a summary sentence.

    Points come first from the best sentences outside the summary, trimmed to a
    clause; a short article whose sentences are all in the summary gives
    trimmed clauses of summary sentences instead, and only where trimming
    changed them.
    """
    summary_texts = {" ".join(sentences[i].split()) for i in summary}
    taken: list[frozenset[str]] = []
    points: list[str] = []

    def offer(index: int, *, from_summary: bool) -> None:
        point = trim_to_point(sentences[index])
        if len(point.split()) < 4 or " ".join(point.split()) in summary_texts:
            return
        stems = language.content_stems(point)
        if from_summary and len(point.split()) >= len(sentences[index].split()):
            return
        if any(_same_fact(stems, other) for other in taken):
            return
        points.append(point)
        taken.append(stems)

    # A point repeating a summary sentence's fact adds nothing: summary facts
    # count as taken from the start.
    summary_stems = [language.content_stems(sentences[i]) for i in summary]
    taken.extend(summary_stems)
    for index in ranked:
        if len(points) >= limit:
            break
        if index not in summary:
            offer(index, from_summary=False)
    if len(points) < min(MIN_KEY_POINTS, limit):
        del taken[: len(summary_stems)]
        for index in ranked:
            if len(points) >= min(MIN_KEY_POINTS, limit):
                break
            if index in summary:
                offer(index, from_summary=True)
    return tuple(points)
