"""Wire datelines ("TEHRAN, Iran (AP) - "): what a summary and a story leave out.

A module of its own, with nothing but `str` methods, shared by the phases:
the summariser leaves datelines out of a story's candidate sentences, the
composer out of a story of one report, and the run's own process reads it
to tell which sentences a story showed without paying for the summariser's
imports (NLTK).
"""

from __future__ import annotations

_DATELINE_DASHES = (" -- ", " - ", " — ", " – ", " _ ")
# News agencies and the newsrooms whose name opens a wire story in brackets ("(CNN) The ...", "BERLIN
# (dpa) Der ..."), lower case. Only these make a dateline of a bracket after a place: any capitalised
# words in brackets would take "GM (General Motors) Chief Executive ..." for one.
_AGENCIES = frozenset({
    "aap", "abc", "afp", "agerpres", "ana", "ani", "ansa", "ap", "apa", "ats", "belga", "bloomberg", "bbc",
    "cbs", "cnn", "cp", "ctk", "čtk", "dpa", "efe", "europa", "ians", "interfax", "kyodo", "lusa",
    "nbc", "notimex", "npr", "ntb", "pa", "pap", "pti", "reuters", "ria", "ritzau", "sda", "stt", "tass",
    "tt", "upi", "xinhua", "yonhap", "απε", "απε-μπε", "ανα-μπα",
})
# Quotation marks a sentence may open with.
_OPENERS = "\"'“‘«„‚"


def strip_dateline(sentence: str) -> str:
    """The sentence without a wire dateline ("TEHRAN, Iran (AP) - ", "NEW YORK -- ", "(CNN) ").

    Three forms, each in the first 60 characters and followed by a capital
    (or a digit, or a quotation mark before one):
    - a place of at most 8 words opening with a word in capitals, up to a
      spaced dash ("NEW YORK -- ", "TEHRAN, Iran (AP) - ");
    - a news agency's name in brackets after a place of at most 6 words,
      with or without a dash ("LONDON (Reuters) The ...", "Washington (CNN)
      - The ...");
    - capitalised words in brackets opening the sentence ("(CNN)The ...",
      "(The Hollywood Reporter) ...", "(Photo: AP) ..."), but not a list's
      mark ("(a)", "(B)", "(iv)").
    It costs a summary's word budget and says nothing.
    """
    head = sentence[:60]
    close = head.find(")")
    if close > 0 and (rest := _after_agency(sentence, head, close)) is not None:
        return rest
    found = [(head.find(d), d) for d in _DATELINE_DASHES if d in head]
    if not found:
        return sentence
    at, dash = min(found)
    prefix, rest = sentence[:at], sentence[at + len(dash):].lstrip()
    first = prefix.split(" ", 1)[0].rstrip(",").lstrip(_OPENERS)  # ("I think ... - I'm from": no place)
    if len(first) < 2 or not first.isupper() or len(prefix.split()) > 8 or not _opens_a_sentence(rest):
        return sentence
    return rest


def _after_agency(sentence: str, head: str, close: int) -> str | None:
    """The text after a bracket that makes a dateline (see strip_dateline), or None if there is none."""
    opening = head.rfind("(", 0, close)
    if opening < 0:
        return None
    place, named = head[:opening].strip(), head[opening + 1:close].strip()
    words = named.replace(":", " ").replace("/", " ").replace(",", " ").split()  # "(AFP/dpa)", "(Foto: dpa)"
    after = sentence[close + 1:]
    rest = after.lstrip().lstrip("-—–_").lstrip()
    if place:
        # After a place, only an agency's name, and only as a dateline is written: the place in capitals, or
        # a dash or no space after the bracket ("Washington (CNN) - The", "New Delhi (CNN)As"). Capitalised
        # words in brackets are often a name's initials or a ticker ("GM (General Motors) Chief Executive",
        # "AmerisourceBergen (ABC) Chief Executive", "Die Deutsche Presse-Agentur (dpa) Chefredakteur").
        first = place.split(" ", 1)[0].rstrip(",")
        written = (len(first) >= 2 and first.isupper()) or not after[:1].isspace() or len(rest) < len(after.lstrip())
        if not written or len(place.split()) > 6 or not place[:1].isupper():
            return None
        if not words or words[0].lower() not in _AGENCIES:
            return None
        if "".join(w[0] for w in place.split() if w[:1].isupper()).lower() == named.lower():
            return None  # a name and its initials: "British Broadcasting Corporation (BBC) - ..."
    elif not (0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not _is_list_mark(named)):
        if not any(word.lower() in _AGENCIES for word in words):
            return None
    return rest if _opens_a_sentence(rest) else None


def _is_list_mark(text: str) -> bool:
    """A letter or a Roman number, as lists number their items: "(a)", "(B)", "(iv)"."""
    return len(text) == 1 or all(c in "ivxlcIVXLC" for c in text)


def _opens_a_sentence(rest: str) -> bool:
    """Whether `rest` can be the opening of a sentence: not a small letter, nor what follows a word."""
    if not rest or rest[0].islower() or rest[0] in ",.;:)]}!?":
        return False
    return not rest.startswith(("'s", "’s"))
