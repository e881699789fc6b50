"""What a line of an article is: page furniture, a caption, metadata, a heading; whether its quotation
marks pair and it ends as a sentence ends.
"""

from __future__ import annotations

import functools
import re
from itertools import islice

from .rules import Rules
from .saying import with_speech_marked

# Numeric dates and clock times: 19.01.2020, 11/19/2019, 2019-11-19, 16:20, 5:45 AM.
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)(?!\d)"
)


_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-][^\W\d_])*")
# The same for ASCII text, its letters a table's (a fifth quicker than Unicode's categories).
_ASCII_WORDS = re.compile(_WORDS.pattern, re.ASCII)


_LETTER = re.compile(r"[^\W\d_]")


# What may close a quotation or a bracket after a sentence's last mark; German and Czech close a quotation
# with “ and ‘ („Wir bleiben hier.“), and ‹ › pair like « ».
CLOSING_MARKS = "\"'”’»«“‘›‹)]"


# A closing quote or bracket may stand apart from the full stop: "... he said. '" (a detokenised text).
# Chinese and Japanese end with "。", "！", "？" (and quote with 「…」), Hindi with "।", Arabic asks with "؟";
# Burmese ends with "။", Khmer with "។" or "៕", Amharic with "።" (asks with "፧"), Armenian with "։".
_TERMINAL = re.compile(rf"[.!?…。！？।॥؟۔\u104b\u17d4\u17d5\u1362\u1367\u0589](?:\s*[{re.escape(CLOSING_MARKS)}」』）»])*\s*$")


# Two or more places where a word runs into the next without a space
# ("NoemKristi Lynn NoemSouth"): link texts run together.
_RUN_TOGETHER = re.compile(r"[a-zäöüàéèßçñ]{2}[A-ZÄÖÜÀÉÈÇÑ](?:[a-zäöüàéèßçñ]{2}|[A-ZÄÖÜÀÉÈÇÑ])")
# Where one can be: a capital after two small letters. Most texts have none, and this search starts at
# a capital, so it skips to the capitals (the one above is tried at nearly every letter).
_CAPITAL_AFTER_SMALL = re.compile(r"[A-ZÄÖÜÀÉÈÇÑ](?<=[a-zäöüàéèßçñ]{2}.)")


def words_of(text: str) -> list[str]:
    return (_ASCII_WORDS if text.isascii() else _WORDS).findall(text)


def repeats_title(sentence: str, title: str) -> bool:
    """Whether a sentence is the headline again (give or take a word or two)."""
    title_words, title_set = _lower_words(title)
    if not title_words:
        return False
    # Most of the headline's words are not even in most sentences: a quick test before the words are split.
    if sum(map(sentence.lower().__contains__, title_set)) < 0.9 * len(title_set):
        return False
    words = tuple(w.lower() for w in words_of(sentence))
    if not words:
        return False
    if words == title_words:
        return True
    shared = len(title_set.intersection(words))
    return shared >= 0.9 * len(title_set) and len(words) <= len(title_words) + 2


@functools.lru_cache(maxsize=256)  # a headline is compared with every sentence of its article
def _lower_words(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The text's words lower-cased, and the set of them."""
    words = tuple(w.lower() for w in words_of(text))
    return words, frozenset(words)


def ends_as_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does: . ! ? or … with any closing quotes or brackets, or a
    Greek question's ; (see `asks_in_greek`)."""
    return bool(_TERMINAL.search(text)) or asks_in_greek(text)


def asks_in_greek(text: str) -> bool:
    """Whether the text ends in Greek's question mark, ; (or U+037E, which NFC makes ;), with any closing
    quotes or brackets: "Τι θα γίνει με τα ενοίκια;", "Πόσο θα κοστίσει το 2025;". Greek writes its
    semicolon as ·, so a ; after Greek words asks; after words of another script it is a semicolon."""
    tail = text.rstrip(" \t\n" + CLOSING_MARKS)
    if not tail.endswith((";", "\u037e")):
        return False
    last = next((char for char in reversed(tail) if char.isalpha()), "")
    return "\u0370" <= last <= "\u03ff" or "\u1f00" <= last <= "\u1fff"


# Hebrew writes its acronyms with a straight double quote between two letters (יו"ר, צה"ל), the gershayim
# typed as on a keyboard: no quotation mark.
GERSHAYIM = re.compile('(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')


def quotes_balanced(text: str, rules: Rules | None = None) -> bool:
    """Whether every quotation in the text is both opened and closed within it.

    Curly quotes are paired in order (“…” and „…“ / „…”, «…» and »…« in
    either direction, ‹…› likewise); straight double quotes must be even; a
    single quote that opens a quotation (after a space or at the start,
    before a letter) needs a closing one after it. Apostrophes inside words
    (don't, l’homme) are not quotes. A language whose `rules` pair a mark
    with itself (Swedish ”…” and »…») opens a quotation with the mark that
    closes it: without “ or „ (or «) in the text, such a ” (or ») that stands
    where a quotation opens (see _opens_here) opens one.
    """
    same = _marks_alike(rules) if rules is not None else ""
    depth = 0
    low = text.count("„")
    curly = _CURLY_DOUBLE.finditer(text) if low or "“" in text or "”" in text else ()  # most text has none
    alike = "”" in same and not low and "“" not in text  # ”…”: the same mark on both sides
    for found in curly:
        char = found.group()
        if char == "“":
            if low:  # German: „ opens and “ closes
                depth -= 1
            else:
                depth += 1
        elif char in "„":
            depth += 1
        elif char == "”":
            depth += 1 if alike and _opens_here(text, found.start()) else -1
        if depth < 0:
            return False
    if depth != 0:
        return False
    straight = text.count('"')
    if straight and (straight - len(GERSHAYIM.findall(text))) % 2:
        return False
    if "»" in same and "«" not in text and "»" in text:  # »…»
        if not _paired_alike(text, "»"):
            return False
    elif text.count("«") != text.count("»"):
        return False
    if text.count("‹") != text.count("›") or text.count("「") != text.count("」") or text.count("『") != text.count("』"):
        return False
    # Single quotes: an opening one must be followed by a closing one. (Most
    # sentences have no quote mark an opening one can be: no search then.)
    if "'" not in text and "‘" not in text:
        return True
    return len(_OPENING_SINGLE.findall(text)) <= len(_CLOSING_SINGLE.findall(text))


@functools.lru_cache(maxsize=None)
def _marks_alike(rules: Rules) -> str:
    """The quotation marks the language opens and closes with alike (Swedish "”»"; English none: there
    a ” at a sentence's start is one Punkt cut from the sentence before, '“If not, why not?”This ...')."""
    return "".join(pair[0] for pair in rules.quotation_marks if pair[0].strip() == pair[1].strip())


def _opens_here(text: str, at: int) -> bool:
    """Whether the mark at `at` stands where a quotation opens: at the start, or after a space, a
    bracket, a dash or a colon, and before a letter or digit (”Vi stannar”, but not 'här”, sa han')."""
    return (at == 0 or text[at - 1] in _BEFORE_AN_OPENING or text[at - 1].isspace()) and text[at + 1:at + 2].isalnum()


def _paired_alike(text: str, mark: str) -> bool:
    """Whether the marks `mark`, which open and close alike (»…»), pair up: each opens where a quotation
    opens, else closes the one open."""
    depth = 0
    for at in (i for i, char in enumerate(text) if char == mark):
        depth += 1 if _opens_here(text, at) else -1
        if depth < 0:
            return False
    return depth == 0


_BEFORE_AN_OPENING = "([{—–-:"


_CURLY_DOUBLE = re.compile("[“„”]")


_CREDIT_MARK = re.compile("[:/|]")


# A quoted span.
_QUOTED_SPAN = re.compile(r"[“„«»\"‘]([^“”„«»\"]{1,600})[”“»«\"’]")
# In a language that opens a quotation with the mark that closes it (Swedish ”Vi stannar”, ’Vi stannar’), such a
# mark opens one too where a quotation opens, at the start or after a space, a bracket, a dash or a colon, before
# a letter (not 'här”, sa han', nor "the ’90s"); a ’ before a letter closes none ("landets"). Elsewhere a ’ before
# a word is an apostrophe: "’Tis a sad day", "’Ndrangheta, sequestrati beni ...".
_OPENS_HERE = r"(?:(?<=^.)|(?<=[\s(\[—–:-].))(?=[^\W\d_])"
_QUOTED_SPAN_SAME_MARKS = re.compile(
    rf"{_QUOTED_SPAN.pattern}|”{_OPENS_HERE}([^“”„«»\"]{{1,600}})[”“\"]"  # (”... ’nej’ ...”: nested)
    rf"|’{_OPENS_HERE}([^’“”„«»\"]{{1,600}}?)’(?![^\W\d_])")


def quoted_span(rules: Rules | None) -> re.Pattern:
    """The pattern of a quoted span in the language of `rules` (see _QUOTED_SPAN_SAME_MARKS)."""
    same = rules is not None and any(opening == closing for opening, closing in rules.quotation_marks)
    return _QUOTED_SPAN_SAME_MARKS if same else _QUOTED_SPAN


# A single quote that opens (at the start, or after a space, bracket or dash; before a word) or closes (after
# a word or a stop; before a space, a stop or the end). Each pattern starts with its mark and looks back past
# it: a search then skips to the quote marks, where one that starts by looking back is tried at every place.
_OPENING_SINGLE = re.compile(r"['‘](?:(?<=^.)|(?<=[\s(\[—–-].))(?=\w)")


_CLOSING_SINGLE = re.compile(r"['’](?<=[\w.,!?].)(?=[\s.,;:!?)\]]|$)")


def has_quotation(text: str, min_words: int = 4, rules: Rules | None = None) -> bool:
    """Whether the text quotes someone: a quoted span of at least `min_words` words; with the language's
    `rules`, a sentence of quoted speech its dash opens as well ("– Vi sänker räntan, säger han.")."""
    if rules is not None:
        text = with_speech_marked(text, rules)
    for match in quoted_span(rules).finditer(text):
        if len(match.group(match.lastindex).split()) >= min_words:
            return True
    return False


def is_caption(text: str, rules: Rules) -> bool:
    """A photo caption or credit line: "... Photo: AP", "(Foto: dpa)", "Image: Getty"."""
    # Every form of credit has its colon, slash or bar: a text without one is not searched.
    return bool(rules.credit and _CREDIT_MARK.search(text) and rules.credit.search(text))


def is_boilerplate(text: str, rules: Rules) -> bool:
    """Page furniture: newsletter and subscription prompts, share and follow prompts, teasers, copyright."""
    if rules.boilerplate.found_in(text):
        return True
    # Brand names (YouTube, PlayStation) join words too; link texts run
    # together join many, or join some in a line that is no sentence.
    joins = len(_RUN_TOGETHER.findall(text)) if _CAPITAL_AFTER_SMALL.search(text) else 0
    return joins >= 3 or (joins >= 2 and not ends_as_sentence(text))


def is_metadata(text: str, rules: Rules, max_words: int = 14) -> bool:
    """A dateline, byline, time stamp or reading-time line rather than a sentence.

    A short line is metadata when, without its dates, times, month and day
    names, byline opener and separators, at most three words are left, or
    when it states a reading time.
    """
    # Each space-separated piece with a letter holds a word of its own: a
    # long sentence is known without finding its words, nor reading past
    # the piece that makes too many (most have more pieces of letters alone).
    pieces = text.split()
    if len(pieces) > max_words and (
        sum(map(str.isalpha, pieces)) > max_words
        or len(list(islice(filter(_LETTER.search, pieces), max_words + 1))) > max_words
    ):
        return False
    words = words_of(text)
    if len(words) > max_words:
        return False
    if rules.reading_time and rules.reading_time.search(text) and len(words) <= 8:
        return True
    rest = _NUMERIC_DATE.sub(" ", text)
    dated = rest != text
    if rules.date_words:
        without = rules.date_words.sub(" ", rest)
        dated = dated or (without != rest and bool(re.search(r"\d", text)))
        rest = without
    if dated and rules.byline_anywhere:
        rest = rules.byline_anywhere.sub(" ", rest)
    bylined = False
    if rules.byline and (match := rules.byline.match(rest)):
        after = rest[match.end():].strip(" :")
        if after[:1].isupper() or after[:1].isdigit() or (after[:1].isalpha() and len(words) <= 3):
            bylined = True
            rest = after
    if not dated and not bylined:
        return False  # (most short sentences: no date, no byline)
    left = words_of(re.sub(r"\d+", " ", rest))
    if dated and len(left) <= 3 and (not any(w[:1].islower() for w in left) or not ends_as_sentence(text)):
        return True
    if bylined and len(left) <= 4 and not ends_as_sentence(text.rstrip(".")):
        return True
    return bylined and len(left) <= 4 and sum(w[:1].isupper() for w in left) >= len(left) - 1


def is_heading_like(text: str) -> bool:
    """A line that does not end as a sentence: a heading, label or list fragment."""
    return not ends_as_sentence(text)
