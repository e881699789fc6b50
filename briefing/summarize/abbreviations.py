"""Abbreviations a sentence model does not know, after which its cut falls inside a sentence: initials before
a surname, and in a text of a language briefing has no model for, that language's short abbreviations.

Both are tests of cuts.cut_test: the sentence so far (`current`) and the next one (`following`).
"""

from __future__ import annotations

import re

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


# Hindi's initials, the Latin letters' names ("सी. आर. पाटिल", "एस. जयशंकर"). Some are words too ("आई", came;
# "जी", the honorific), and Hindi sites end sentences with "." as well as "।": one of those is an
# initial only beside another.
_HINDI_LETTERS = ("(?:ए|बी|सी|डी|ई|एफ|जी|एच|आई|जे|के|एल|एम|एन|ओ|पी|क्यू|आर|एस|टी|यू|वी|डब्ल्यू|एक्स|वाई|ज़ेड|जेड)")
_HINDI_LETTER_WORDS = frozenset({"आई", "जी", "ए", "ओ", "ई"})
_HINDI_INITIALS_END = re.compile(rf"(?:^|\s){_HINDI_LETTERS}\.\s?{_HINDI_LETTERS}\.$")
_HINDI_INITIAL_END = re.compile(rf"(?:^|\s)({_HINDI_LETTERS})\.$")
_HINDI_INITIAL_START = re.compile(rf"{_HINDI_LETTERS}\.(?:\s|$)")


def hindi_initials(current: str, following: str) -> bool:
    """Whether the cut falls after Hindi initials before a name: two of them, one that is no word, or one before
    another."""
    if _HINDI_INITIALS_END.search(current[-24:]) is not None:
        return True
    found = _HINDI_INITIAL_END.search(current[-12:])
    return found is not None and (found.group(1) not in _HINDI_LETTER_WORDS
                                  or _HINDI_INITIAL_START.match(following) is not None)


# The word a sentence ends in, after a space or an opening bracket or quotation mark.
_LAST_WORD = re.compile(r"(?:^|[\s(\[\"'“‘«])([^\W\d_]+)\.$")
# Abbreviations of languages briefing has no model for, written before a number: about (Dutch, Scandinavian,
# Czech and Slovak "ca.", "cca.", Hungarian "kb.", French "env."), number, page (Dutch "blz.", Indonesian
# "hlm."), article, telephone, compare, so-called, respectively, for instance, o'clock (Danish and Norwegian
# "kl.", Indonesian "pkl."), million and billion (Dutch "mln.", "mld."). (A short word of those languages
# ends many sentences before a year or a count: "De politie greep in. 3 verdachten ...")
_BEFORE_A_NUMBER = frozenset({
    "ca", "cca", "kb", "env", "ong", "nr", "nº", "blz", "bl", "hlm", "pag", "art", "tel", "vgl", "zgn", "resp",
    "bijv", "bv", "pkt", "kl", "pkl", "mln", "mld", "mrd",
})
# Titles written before a name: Dutch "Dhr." (Mr), "Mevr." and "Mw." (Mrs), "Drs.", "Ir.", "Ds."; Indonesian
# and Malay "Jl."/"Jln." (street), "Gg." (lane), "Kec." (district), "Kab." (regency), "Bpk." (Mr), "Sdr.", "Hj."
# (a pilgrim), "Tn.", "Ny.".
_BEFORE_A_NAME = frozenset({
    "dhr", "mevr", "mw", "drs", "ir", "ds", "jl", "jln", "gg", "kec", "kab", "bpk", "sdr", "hj", "tn", "ny",
})


def foreign_abbreviation_before(current: str, following: str) -> bool:
    """Whether `current` ends in an abbreviation of a language briefing has no model for, which the
    default's model split a sentence after (Dutch "trekt ca." + "2 miljard euro uit.", "Wet nr." + "45
    werd ...", "de Kerkstr." + "12", "Dhr." + "De Vries", Indonesian "di Jl." + "Sudirman No. 5").

    Only the abbreviations listed (a street's, "...str.", too): a short word, or one without a vowel, ends many
    sentences of these languages ("Polisi membantah hal itu. 15 orang ...", "... stigli na Krk. Ondje ...").
    """
    found = _LAST_WORD.search(current[-24:])
    if found is None:
        return False
    word = found.group(1)
    low = word.lower()
    if following[:1].isdigit():
        return (word.islower() and low in _BEFORE_A_NUMBER) or (low.endswith("str") and len(low) > 3)
    return low in _BEFORE_A_NAME and word[1:].islower()
