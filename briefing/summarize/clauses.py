"""Where a long sentence may be cut so that the part kept is a whole clause.

A key point is short; a long sentence becomes one only by losing its end at
a clause boundary (";", a spaced dash, a colon, or ", but" / ", which" /
", weil" ... by the language's word lists), and only where what is kept
stands alone: not a subject without its verb, not half a "not only ...,
but", not a list cut at its ", and", not ending on "the" or "he added".
Where no such place exists, the sentence gives no short point; it is never
cut mid-phrase or ended with "…".
"""

from __future__ import annotations

import functools
import re

from .. import textrules

# Quote marks of the supported languages, straight and curly, double and single.
QUOTE_MARKS = "\"“”„«»‘’‹›'"
# A colon cut keeps at least this many words: "Frage 1:", "Das Besondere:" are labels.
MIN_COLON_HEAD_WORDS = 8


def brackets_balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def finish(text: str) -> str:
    """A clause as a sentence: no trailing comma or dash, a full stop if it has no end, a capital first."""
    text = text.rstrip(" ,;:–—-")
    if text and not textrules.ends_as_sentence(text):
        text += "."
    return text[:1].upper() + text[1:]


def longest_whole_clause(text: str, rules: textrules.Rules, min_words: int, max_words: int) -> str | None:
    """The longest head of `text` of `min_words`..`max_words` words that ends a whole clause, or None."""
    heads = [
        head.strip() for head, kind, rest in _cut_points(text, rules)
        if _head_stands_alone(head.strip(), kind, rest, rules, min_words, max_words)
    ]
    return max(heads, key=lambda head: len(head.split())) if heads else None


_MARK_BREAK = re.compile(r"\s*;\s|\s[–—]\s|:\s")
# A spaced dash that opens or closes an aside; the closing one may take the comma that follows the aside
# ("... – des compensations sont prévues –, c'est l'avenir qui est en jeu").
_ASIDE_DASH = re.compile(r"\s[–—](?:\s|[,;:.)])")


@functools.lru_cache(maxsize=None)
def _word_breaks(rules: textrules.Rules) -> tuple[tuple[re.Pattern, str, bool], ...]:
    """(pattern, kind, after a comma) for each clause-break word of a language, compiled once."""
    breaks = []
    for word in rules.clause_breaks:
        pattern = re.compile(r",\s+" + r"\s+".join(re.escape(w) for w in word.split()) + r"(?![\w'’-])", re.IGNORECASE)
        breaks.append((pattern, "coordinator" if word in rules.coordinators else "subordinate", True))
    for word in rules.bare_breaks:
        pattern = re.compile(r"(?<=[\w)])\s+" + re.escape(word) + r"\s+(?=\w)")
        breaks.append((pattern, "coordinator" if word in rules.coordinators else "subordinate", False))
    return tuple(breaks)


def _cut_points(text: str, rules: textrules.Rules):
    """(head, kind, rest) for every place a long sentence may be cut, keeping the head.

    kind is "strong" for ;, "dash" for a spaced dash, "colon", "coordinator" for a
    comma before a word joining two main clauses, or "subordinate" for a
    comma before a relative pronoun or subordinating conjunction.
    """
    for match in _MARK_BREAK.finditer(text):
        kind = {":": "colon", ";": "strong"}.get(match.group().strip(), "dash")
        yield text[: match.start()], kind, text[match.end():]
    for pattern, kind, after_comma in _word_breaks(rules):
        for match in pattern.finditer(text):
            rest = text[match.start() + 1:] if after_comma else text[match.start():].lstrip()
            yield text[: match.start()], kind, rest


def _head_stands_alone(
    head: str, kind: str, rest: str, rules: textrules.Rules, min_words: int, max_words: int
) -> bool:
    words = head.split()
    if not min_words <= len(words) <= max_words:
        return False
    if kind == "colon" and len(words) < MIN_COLON_HEAD_WORDS:
        return False  # "Frage 1:", "Das Besondere:": a label, not a statement
    if kind == "subordinate" and "," in rest:
        return False  # the clause ends before the sentence does: the head is its subject
    if kind == "dash" and (_ASIDE_DASH.search(rest) or _ASIDE_DASH.search(head)):
        return False  # "X – a Y – did Z": the dashes enclose an aside, and a cut at one leaves it open
    if kind == "coordinator" and "," in head and len(head.rsplit(",", 1)[-1].split()) <= 3:
        return False  # "the scandals, backroom deals, and ...": a list, not two clauses
    if kind in ("colon", "strong") and rest.lstrip()[:1] in QUOTE_MARKS:
        return False  # the quotation after "he added:" is what the head announces
    if rules.correlative and rules.correlative.search(head):
        return False  # "zwar ..., aber ...", "not only ..., but ...": the head needs its second half
    if not textrules.quotes_balanced(head) or not brackets_balanced(head):
        return False
    if rules.subordinator and rules.subordinator.match(head):
        return False
    if re.sub(r"[^\w'’-]+$", "", words[-1]).lower() in rules.dangling:
        return False
    if rules.attribution and rules.attribution.search(" ".join(words[-3:])) and not textrules.has_quotation(head):
        return False  # "Speaking through an interpreter he added": the words it announces are cut off
    # An unfinished subordinate clause at the end: "... noted that though prices fell".
    segment = head.rsplit(",", 1)[-1]
    if rules.subordinator_anywhere and rules.relative:
        for match in rules.subordinator_anywhere.finditer(segment):
            before = segment[: match.start()].split()
            if not before or rules.relative.match(before[-1]):
                return False
    return True
