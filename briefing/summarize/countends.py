"""Sentences that end after a number, which Punkt ran on into the next: a unit, a count or a year after one in
Czech and Polish ("široký 16 m.", "5 mil.", "1 stycznia 2025 r."), a score ("mit 3:1.") or a table's place in
German ("auf Platz 5."). Punkt took the number for an ordinal, or the abbreviation for one inside a sentence,
where the next sentence opens with a word its model never saw in lower case: a name, a noun, a verb.

Each rule is a pattern after which joins.py cuts again what Punkt and the joins left whole, with, where the
pattern alone cannot tell, a test of the sentence so far (back to the last cut) and of the text after the
match. Beside cuts.py, whose splits_after_joins gives them.
"""

from __future__ import annotations

import re
from typing import Callable

from .runtogether import SENTENCE_OPENERS

# The sentence so far (the words before the match) and the text after the match: whether to cut there.
CutTest = Callable[[str, str], bool]

# Units after a number, in Czech and Polish ("široký 16 m.", "o 15 proc.", "12 tys. mkw."):
# Punkt's lists never end a sentence with them, yet here one ends, before a capitalised word.
_UNIT_THEN_SENTENCE = {
    # (Or before a word of one letter, a preposition or conjunction: "o 4,9 proc. W poprzednim ...".)
    "czech": re.compile(r"(?<=\d )(?:m|km|let|proc)\.\s+(?=[^\W\d_a-zěščřžýáíéúůďťň][^\W\d_A-Z]|[AIKOSUVZ] )"),
    # (Not "r.", the year: "Od 2004 r. Polska jest ..." runs on as often as a sentence ends there.)
    # (Nor "proc." before the people counted, in the genitive plural: "54 proc. Polaków popiera ...".)
    "polish": re.compile(
        r"(?<=\d )(?:(?:tys\.|mln\.?|mld\.?)\s)?(?:m|km|mkw|proc)\.\s+(?=[^\W\d_a-ząćęłńóśźż][^\W\d_A-Z]|[AIOUWZ] )"
        r"(?![^\W\d_]+ów\b)"),
}
# Abbreviations of a time or a count after a number, in Czech and Polish ("w marcu 2021 r.", "do 13 hod."):
# a sentence may end in one, yet one runs on as often before a name ("Od 2004 r. Polska jest ...", "Ve 14
# hod. Svoboda přijal ..."). A capitalised word no name is, a preposition, conjunction, pronoun or adverb
# ("2021 r. Za budowę ...", "13 hod. Poté jej ..."), can only open the next sentence: the sentence ends there.
# (Not before an initial: "r. A. Nowak".)
_OPENERS_AFTER_A_COUNT = {
    "czech": ("hod", "tis", "min", "r"),
    "polish": ("r", "godz", "tys", "min"),
}
_COUNT_THEN_SENTENCE = {
    language: re.compile(
        rf"(?<=\d )(?:{'|'.join(_OPENERS_AFTER_A_COUNT[language])})\.\s+"
        rf"(?=(?:{'|'.join(sorted(words.split(), key=len, reverse=True))})(?![\w.]))")
    for language, words in SENTENCE_OPENERS.items() if language in _OPENERS_AFTER_A_COUNT
}

# Before any other capitalised word too, an hour's or a count's abbreviation after a number (a year's: below) ends
# the sentence ("... w życie 1 stycznia 2025 r. Rząd przeznaczy ...", "Na dopravu půjde 5 mil. Vláda chce ...",
# "... zajmie się ustawą 20 grudnia br. Prezydent ..."; "br.", this year, after a month), unless a name may be
# the sentence's subject there: after a number opening its sentence or clause (see _opens_its_clause), or the
# word is what was counted ("5 tys. Ukraińców", "700 mil. Kč").
_ABBREVIATIONS_AFTER_A_NUMBER = {
    "czech": ("hod", "min", "tis", "mil", "mld", "bil"),
    "polish": ("godz", "min", "tys", "mln", "mld"),
}
_ABBREVIATION_THEN_CAPITAL = {
    language: re.compile(rf"(?<=\d )(?:{'|'.join(words)})\.\s+(?=[^\W\d_])")
    for language, words in _ABBREVIATIONS_AFTER_A_NUMBER.items()
}
# A year's "r." (this year's "br." after a month) too, but where an act's title follows its date ("ustawy z dnia
# 6 czerwca 1997 r. Kodeks karny"), and where the date opens its clause (see _opens_its_clause).
_YEAR_THEN_CAPITAL = re.compile(r"(?:(?<=\d )r|(?<=\s)br)\.\s+(?=[^\W\d_])")
_ACT_DATE = re.compile(r"(?<![^\W\d_])(?:dnia|dne)\s+\d{1,2}\.?\s+[^\W\d_]+\s+\d{4}\s+$")
# The people or the money counted, in the genitive plural, or Czech's crown ("tys. Polaków", "tys. Rosjan",
# "tys. Polek", "mil. Čechů", "tis. Ukrajinek", "mld. Kč").
_COUNTED = {"czech": re.compile(r"Kč\b|[^\W\d_]+(?:ů|ek)\b"), "polish": re.compile(r"[^\W\d_]+(?:ów|jan|ek)\b")}
# The prepositions before a number that opens a clause ("Od 2004 r.", "Ve 14 hod.", "według danych GUS w
# 2023 r.").
_PREPOSITIONS = {
    "czech": frozenset("v ve z ze od do po na před při pod nad za o u k ke pro přes během kolem okolo mezi".split()),
    "polish": frozenset("w we z ze od do po na przed przy pod nad za o u dla przez według około między".split()),
}
# The number (a year after its day and month too) or the month before the abbreviation: "1 stycznia 2025 ",
# "14.30 ", "2015-2023 ", "20 grudnia " (before "br.").
_NUMBER_BEFORE = re.compile(
    r"(?:\d{1,2}\.?\s+[^\W\d_]+\s+)?(?:\d{4}\s+(?:a|i|do|až)\s+)?\d[\d.,–-]*\s+$|(?:\d{1,2}\.?\s+)?[^\W\d_]+\s+$")
_CLAUSE_MARKS = re.compile(r"[,;:(–—]")
# The words that open a clause inside a sentence ("Rząd zapowiada, że do 2030 r. Polska ...").
_SUBORDINATORS = {
    "czech": frozenset("že aby když pokud protože který která které kteří".split()),
    "polish": frozenset("że iż by aby żeby gdy kiedy jeśli jeżeli bo który która które którzy".split()),
}
# The adverbs that may stand between "że" and a date opening its clause ("że najpóźniej w 2030 r. Polska").
_FOCUSING_ADVERBS = {
    "czech": frozenset("teprve až nejpozději nejdříve ještě už již dokonce právě také".split()),
    "polish": frozenset("najpóźniej najwcześniej dopiero jeszcze już nawet dokładnie właśnie także również też".split()),
}
_OPENERS = {language: frozenset(SENTENCE_OPENERS[language].split()) | {w.capitalize() for w in _SUBORDINATORS[language]}
            for language in _PREPOSITIONS}
_OPENING_MARKS = "\"„“»‚(["


def _opens_its_clause(before: str, language: str) -> bool:
    """Whether the number before an abbreviation opens its sentence, or a clause after a comma: none, or a
    word opening sentences, alone or with one more ("Od 2004", "Pod koniec 2023", "W marcu 2021"), or with up to
    three more, the last a preposition ("Według danych GUS w 2023"). A sentence never ends there, and a name after
    it may be the subject ("Od 2004 r. Polska jest ..."); "Na dopravu půjde 5 mil." is a sentence."""
    number = _NUMBER_BEFORE.search(before)
    words = _CLAUSE_MARKS.split(before[:number.start()] if number else before)[-1].split()
    opened = [i for i, word in enumerate(words) if word.lower() in _SUBORDINATORS[language]]
    words = words[opened[-1] + 1:] if opened else words  # ("..., że do 2030", "Rząd chce, by już w 2026")
    if not words:
        return True
    first = words[0].lstrip(_OPENING_MARKS)
    opens = first.capitalize() in _OPENERS[language] or first.lower() in _PREPOSITIONS[language]
    # (A phrase of time up to its month: "W połowie marca 2024", "Pod koniec grudnia 2023", "Już w marcu 2021".)
    timed = words[-1].lower() in _PREPOSITIONS[language] or _is_month(words[-1], language)
    # After "że" an adverb may stand before its preposition ("że najpóźniej w 2030", "že teprve ve 14"), not a
    # verb ("że ruszy w 2027 r." ends its sentence).
    adverb = len(words) == 2 and words[0].lower() in _FOCUSING_ADVERBS[language]
    return (opens and (len(words) <= 2 or (len(words) <= 4 and timed))) or (bool(opened) and adverb and timed)


def _is_month(word: str, language: str) -> bool:
    """Whether `word` is a month's name in any case ("marca", "marcu", "března")."""
    from .cuts import month_heads

    return word.lower()[:4] in month_heads(language) or word.lower()[:3] in month_heads(language)


def _ends_after_a_year(language: str) -> CutTest:
    ends_before = _ends_before_a_capitalised_word(language)

    def ends(before: str, after: str) -> bool:
        return _ACT_DATE.search(before) is None and ends_before(before, after)
    return ends


def _ends_before_a_capitalised_word(language: str) -> CutTest:
    counted = _COUNTED[language]

    def ends(before: str, after: str) -> bool:
        return (after[:1].isupper() and after[1:2].islower() and counted.match(after) is None
                and not _opens_its_clause(before, language))
    return ends


# A score ("mit 3:1.", "zvítězila 3:2."): its number is never an ordinal, and its full stop ends the sentence,
# before a name, a quotation or a number too ("... mit 3:1. Harry Kane traf doppelt").
_SCORE_THEN_SENTENCE = re.compile(r"(?<![\d:])\d{1,3}:\d{1,3}\.\s+(?=\S)")
_SCORE_LANGUAGES = ("czech", "german", "polish")
# A number after a German noun that counts with a cardinal ("auf Platz 5.", "Rang 3.", "in Minute 90.", "bei km
# 14.", a road's "auf der A 7."): never an ordinal, which stands before its noun ("am 5. Mai", "die 3. Liga").
# Its full stop ends the sentence before a name too ("Dortmund bleibt auf Platz 5. Leverkusen ist ...").
_CARDINAL_NOUNS = ("Platz", "Rang", "Position", "Minute", "Runde", "Etappe", "Seite", "Kapitel", "Gleis",
                   "Kilometer", "km", "Nummer", "Linie", "Terminal", "Halle", "Stufe", "Level", "A", "B")
_GERMAN_CARDINAL_THEN_SENTENCE = re.compile(
    rf"(?<![\w.-])(?:[A-ZÄÖÜ][a-zäöüß]+(?:platz|rang)|{'|'.join(_CARDINAL_NOUNS)})\s?\d{{1,3}}\.\s+(?=\S)")


def _capital_or_digit_next(before: str, after: str) -> bool:
    """Whether what follows opens with a capital or a digit, maybe after an opening mark ("Harry", "„Wir", "20.000")."""
    first = after.lstrip(_OPENING_MARKS)[:1]
    return first.isupper() or first.isdigit()


def number_ends(language: str) -> list[tuple[re.Pattern, CutTest | None]]:
    """The patterns after which a sentence of `language` ends at a number or its unit, each with its test."""
    ends: list[tuple[re.Pattern, CutTest | None]] = [
        (pattern, None) for pattern in (_UNIT_THEN_SENTENCE.get(language), _COUNT_THEN_SENTENCE.get(language))
        if pattern is not None]
    if language in _ABBREVIATION_THEN_CAPITAL:
        ends.append((_ABBREVIATION_THEN_CAPITAL[language], _ends_before_a_capitalised_word(language)))
        ends.append((_YEAR_THEN_CAPITAL, _ends_after_a_year(language)))
    if language in _SCORE_LANGUAGES:
        ends.append((_SCORE_THEN_SENTENCE, _capital_or_digit_next))
    if language == "german":
        ends.append((_GERMAN_CARDINAL_THEN_SENTENCE, _capital_or_digit_next))
    return ends
