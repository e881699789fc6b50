"""Abbreviations a sentence model does not know, after which its cut falls inside a sentence: initials before
a surname, and in a text of a language briefing has no model for, that language's short abbreviations.

Both are tests of cuts.cut_test: the sentence so far (`current`) and the next one (`following`).
"""

from __future__ import annotations

import re
import unicodedata

from .runtogether import CYRILLIC_OPENERS, SENTENCE_OPENERS

# Initials before a surname ("David Benioff and D.B. Weiss, who wrote ..."): every language's model cut after
# them where it did not know the name. A sentence ending in two or three initials is joined to the next when
# that opens with a capitalised word and a comma, the surname and what is said of it, or is that word
# alone ("D.B." + "Weiss."); not after the initials
# of a place, which end sentences ("Washington, D.C."), nor before a word that opens sentences ("However,").
_INITIALS_END = re.compile(r"(?:^|[\s(\[])((?:[A-ZÀ-ÞΑ-ΩА-ЯЁЄІЇҐ]\.\s?){2,3})$")
# Cyrillic initials: a name's, before any capitalised word but one that opens sentences ("С.С. Собянин
# заявил", "Г.Ю. Иванова, ..."; not "Иванов А.Б. Он ..."): Russian and Ukrainian write their initialisms without
# full stops (США, ЕС). (Not Greek, whose are written with them and end sentences: "Ο.Η.Ε.", "Η.Π.Α.")
_NAME_INITIALS = re.compile("[\u0400-\u04ff]")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_PLACE_INITIALS = frozenset({"D.C.", "U.S.", "U.K.", "U.N.", "E.U.", "L.A.", "N.Y.", "N.J.", "P.R."})
_NAME_AND_COMMA = re.compile(r"([^\W\d_a-zß-ÿ][^\W\d_]*(?:[-'’][^\W\d_]+)?)(?:,\s|\.$)")


def initials_before_a_name(current: str, following: str, language: str) -> bool:
    if not (current[-2:-1].isupper() and current[-3:-2] in (".", " ") and current.endswith(".")):
        return False  # (most sentences: searched no further)
    found = _INITIALS_END.search(current[-12:])
    if found is None or found.group(1).replace(" ", "") in _PLACE_INITIALS:
        return False
    if _NAME_INITIALS.match(found.group(1)):
        word = _FIRST_WORD.match(following)
        return following[:1].isupper() and (word is None or word.group(0) not in CYRILLIC_OPENERS)
    name = _NAME_AND_COMMA.match(following)
    return name is not None and name.group(1) not in SENTENCE_OPENERS.get(language, "").split()


# The word a sentence ends in, after a space or an opening bracket or quotation mark.
_LAST_WORD = re.compile(r"(?:^|[\s(\[\"'“‘«])([^\W\d_]+)\.$")
# Letters that make a syllable: a word without one is written short ("Jl.", "Dhr.", "nr.", "blz.").
_VOWELS = frozenset("aeiouy")
# The longest word read as an abbreviation by its shape alone.
_SHORT = 4


def foreign_abbreviation_before(current: str, following: str) -> bool:
    """Whether `current` ends in an abbreviation of a language briefing has no model for, which the
    default's model split a sentence after (Dutch "trekt ca." + "2 miljard euro uit.", "Wet nr." + "45
    werd ...", "de Kerkstr." + "12", Indonesian "di Jl." + "Sudirman No. 5").

    Before a number: a word in lower case of at most four letters, a word without a vowel, or a street's
    (ending "str"). Before a capitalised word: a capitalised word of two to four letters without a vowel
    (not one in capitals, an acronym: "the BBC." ends sentences). A sentence of such a language that truly
    ends so is read as one with the next: two sentences shown as one, where a cut shows half of one.
    """
    found = _LAST_WORD.search(current[-24:])
    if found is None:
        return False
    word = found.group(1)
    if following[:1].isdigit():
        return (word.islower() and len(word) <= _SHORT) or word.lower().endswith("str") or not _has_vowel(word)
    return 2 <= len(word) <= _SHORT and word[0].isupper() and word[1:].islower() and not _has_vowel(word)


def _has_vowel(word: str) -> bool:
    letters = unicodedata.normalize("NFD", word.lower())
    return not _VOWELS.isdisjoint(letters) or not letters.isascii()
