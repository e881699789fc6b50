"""Wire datelines ("TEHRAN, Iran (AP) - "): what a summary and a story leave out.

A module of its own, with nothing but `str` methods, shared by the phases:
the summariser leaves datelines out of a story's candidate sentences, the
composer out of a story of one report, and the run's own process reads it
to tell which sentences a story showed without paying for the summariser's
imports (NLTK).
"""

from __future__ import annotations

_DATELINE_DASHES = (" -- ", " - ", " — ", " – ", " _ ")
_QUOTES = "\"'“‘«„‚"


def strip_dateline(sentence: str) -> str:
    """The sentence without a wire dateline ("TEHRAN, Iran (AP) - ", "NEW YORK -- ", "(CNN) ").

    A dateline is a prefix of at most 60 characters and 8 words that opens
    with a word in capitals and ends at a spaced dash, followed by a capital
    (or a quote or digit). It costs a summary's word budget and says nothing.
    A news agency's name in brackets makes one too, without the dash: on
    its own at the start ("(CNN) The ...", "(CNN)The ..."), after a place
    in capitals ("LONDON (Reuters) The ..."), or after any place before a
    dash ("Washington (CNN) - The ..."). Any cased script works (the test is
    `str.isupper`), no word lists.
    """
    head = sentence[:60]
    found = [(head.find(d), d) for d in _DATELINE_DASHES if d in head]
    if found:
        at, dash = min(found)
        prefix, rest = sentence[:at], sentence[at + len(dash):].lstrip()
        first = prefix.split(" ", 1)[0].rstrip(",")
        if (len(first) >= 2 and first.isupper() or _ends_with_agency(prefix)) and len(prefix.split()) <= 8:
            return rest if _opens_a_sentence(rest) else sentence
    return _without_agency(sentence, head)


def _without_agency(sentence: str, head: str) -> str:
    """The sentence without a leading "(Agency)", alone or after a place in capitals (no dash)."""
    close = head.find(")")
    if close < 0 or not _ends_with_agency(head[:close + 1]):
        return sentence
    place = head[:head.rfind("(", 0, close)].strip()
    first = place.split(" ", 1)[0].rstrip(",")
    if place and not (len(first) >= 2 and first.isupper() and len(place.split()) <= 6):
        return sentence  # "Tesla (TSLA) Chief Executive ...": a name and its ticker, no dateline
    rest = sentence[close + 1:].lstrip()
    # Without a dash, only a sentence's own opening follows: not "(Cheshire)." or "(Corse-du-Sud), une ..."
    return rest if rest and (rest[0].isupper() or rest[0].isdigit() or rest[0] in _QUOTES) else sentence


def _ends_with_agency(prefix: str) -> bool:
    """Whether `prefix` ends with a news agency's name in brackets: one to three words, each opening with
    a capital ("(AP)", "(Reuters)", "(CNN Business)")."""
    prefix = prefix.rstrip()
    opening = prefix.rfind("(")
    if opening < 0 or not prefix.endswith(")"):
        return False
    words = prefix[opening + 1:-1].split()
    return 0 < len(words) <= 3 and all(word[:1].isupper() for word in words) and len(prefix) - opening <= 24


def _opens_a_sentence(rest: str) -> bool:
    return bool(rest) and (rest[0].isupper() or not rest[0].isalpha())
