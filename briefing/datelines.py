"""Wire datelines ("TEHRAN, Iran (AP) - "): what a summary and a story leave out.

A module of its own, with nothing but `str` methods, shared by the phases:
the summariser leaves datelines out of a story's candidate sentences, the
composer out of a story of one report, and the run's own process reads it
to tell which sentences a story showed without paying for the summariser's
imports (NLTK).
"""

from __future__ import annotations

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
