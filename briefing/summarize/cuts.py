"""The rules by which Punkt's cuts are mended (joins.py mends them): where a language's abbreviations,
ordinals and titles were cut inside a sentence, where a number, a unit or a count ends one (countends.py),
and which quotation marks open a sentence.

The rules of each language, in the standard library alone.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from ..datelines import PLACE_AND_DAY, WIRE_HEAD, opens_with_agency_and_dash
from .abbreviations import foreign_abbreviation_before, hindi_initials, initials_before_a_name
from .countends import CutTest, number_ends
from .runtogether import ELIDED_OPENERS, SENTENCE_OPENERS

# A sentence that ends in a one- or two-digit number and a full stop, in a
# language that writes ordinals and dates that way ("am 14. September"): Punkt
# cut after the ordinal.
_ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")
_ORDINAL_LANGUAGES = frozenset({"german", "czech", "polish"})
# German words that open a sentence and never follow an ordinal ("am 14. Mai", "die 2. Liga"): after one, the
# number ended a sentence ("Der FC liegt auf Platz 2. In der nächsten Woche ...", "in der 90. Minute. Der Ball").
_GERMAN_OPENERS = frozenset(
    "der die das den dem des ein eine einen einem einer es er sie wir ich ihr man in im am an auf aus bei mit "
    "nach seit von vom vor zu zum zur für über unter und aber doch denn dann danach damit dabei zudem auch so "
    "nun noch schon da dort hier heute gestern als wenn weil ob wie was wer wo diese dieser dieses dies jetzt "
    "bereits trotzdem allerdings außerdem inzwischen deshalb deswegen darum".split())
# Abbreviations that stand before a name ("el Sr. Juan Pérez", "le Dr Martin"): Punkt's
# models know some of them, yet cut after one when the name is a word that often
# starts a sentence. A sentence ending in one is joined to the next when that
# starts with a capital. (English's model, learned from far more text, makes
# few of these cuts: after AP's ranks and offices, "Gov. Michelle Lujan Grisham".)
_BEFORE_A_NAME = {
    # English's model knows "Dr.", "Mr.", "Sen.", "Rep.", not AP's ranks and offices. Nor the titles and
    # streets of Dutch, Russian or Turkish, which no English text writes: such a text is summarised as the
    # default language ("dhr. Mikkers", "на ул. Тверской", "им. Пушкина", "Doç. Dr. Ahmet", "Atatürk Cad.").
    "english": ("Gov", "Atty", "Sgt", "Supt", "Lt", "Capt", "Cmdr", "Col", "Adm", "Det", "Insp", "Cpl", "Pvt",
                "dhr", "mevr", "mw", "drs", "ir", "ул", "им", "просп", "пл", "ген", "акад", "проф", "св",
                "Doç", "Yrd", "Av", "Op", "Uzm", "Öğr", "Gör", "Arş", "Mah", "Cad", "Sok", "Bul"),
    # (And the police's and firemen's ranks before a spokesman's name, "kpt. Petr Kůdela". Not a square's
    # "nám.", which ends sentences as often: "na Horním nám. Stánky budou ...".)
    "czech": ("Ing", "Mgr", "Dr", "Doc", "Prof", "MUDr", "JUDr", "PhDr", "RNDr", "Bc", "pí", "p", "por", "npor",
              "ppor", "kpt", "mjr", "pplk", "plk", "gen", "prap", "nprap", "pprap", "stržm", "nstržm"),
    "french": ("M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "Mgr", "St", "Ste"),
    "german": ("Dr", "Prof", "Hr", "Fr", "Dipl", "Ing", "St", "Fa"),
    "greek": ("κ", "κα", "Δρ", "Καθ"),
    "italian": ("Sig", "Sigg", "Sig.ra", "Dott", "Dott.ssa", "Prof", "Avv", "Ing", "On", "Sen", "mons", "S", "Geom",
                "Arch", "Rag", "Dr", "gen", "Card", "Univ"),
    "polish": ("dr", "prof", "hab", "inż", "mgr", "ks", "płk", "gen", "św"),
    "portuguese": ("Sr", "Sra", "Srta", "Dr", "Dra", "Prof", "Profa", "Eng", "Engª", "Exmo", "Exma", "Sto", "Sta",
                   "Univ"),
    "spanish": ("Sr", "Sra", "Srta", "Sres", "Dr", "Dra", "Prof", "Lic", "Ing", "Arq", "Excmo", "Excma", "Dña", "Sto", "Sta",
                "Univ", "Gral", "Pdte", "Avda"),
    "swedish": ("dr", "prof", "doc", "kand", "fil", "tf", "ordf"),
}
# Titles before a name in scripts without capitals, which the tests of a name's capital never join: Hindi's
# doctor and professor, Arabic's doctor, engineer and professor ("डॉ. मनमोहन सिंह", "د. أحمد زويل").
_UNCASED_TITLE_END = re.compile(r"(?:^|\s)(?:डॉ|प्रो|د|م|أ\.د)\.$")
# Abbreviations that stand before a number ("núm. 5", "Abs. 2", "pp. 4"): a sentence ending
# in one is joined to the next when that starts with a digit. Only those that are no
# word of the language: French "vol." or "art.", German "Art.", Italian "comma" also end
# sentences ("son dernier vol. 150 passagers attendaient").
_BEFORE_A_NUMBER = {
    "czech": ("č", "odst", "písm", "str", "čl"),
    # ("No. 3 typhoon signal", "No. 10 Downing Street", "ranked No. 1", with its capital: "he said no. 3 of them
    # ..." ends one.)
    "english": ("No", "Nos", "pp", "vol", "fig"),
    "french": ("n°", "no", "pp", "chap", "fig", "al"),
    "german": ("Abs", "Nr", "Nrn", "Bd", "Kap", "Ziff", "Abb", "Tab", "Str"),
    "greek": ("αρ", "άρθ", "παρ", "σελ"),
    # (And the decrees a law's number follows: "il d.lgs. 81/2008", "il d.l. 34/2020". Not "dpcm", written
    # without a full stop: "il nuovo dpcm. 16 milioni di italiani ..." ends a sentence.)
    "italian": ("artt", "nn", "pp", "vol", "cap", "fig", "ca", "d.lgs", "d.l", "d.p.r"),
    "polish": ("ust", "pkt", "nr", "str", "poz", "rozdz"),
    "portuguese": ("art", "arts", "nº", "pp", "vol", "cap", "fig", "inc"),
    "spanish": ("art", "arts", "núm", "nº", "pp", "pág", "págs", "vol", "cap", "fig", "apdo"),
    "swedish": ("kap", "nr"),
}

# More ends of a sentence that a number continues: a German street's name, at the end of a compound
# ("Hauptstr. 5"); French "l'art. 5", the law's article after an elided article in lower case (a
# sentence "L'art." is about art). Each with the word it ends in, in lower case: only a sentence ending
# so is searched with its pattern (searching every one cost an Italian text 15 times the time of its joins).
_MORE_BEFORE_A_NUMBER = {"german": (r"[^\W\d_](?i:str)", "str"), "french": (r"(?:^|[\s(\[\"«“])l['’]art", "art"),
                         "italian": (r"(?:^|[\s(\[\"«“])(?i:(?:l|dell|all|nell|dall|sull)['’]art)", "art")}
# More ends of a sentence that a name continues: Italian's cardinal after a masculine article ("il card.
# Zuppi", where "la sim card." is a card).
_MORE_BEFORE_A_NAME = {"italian": (r"(?:^|[\s(\[\"«“])(?i:il|del|al|dal|nel|col|sul)\s+card", "card")}


# Abbreviations that never end a sentence ("vgl.", "bzw.", "bl.a.", "t.ex."), wherever
# Punkt cut after one: the sentence is joined to the next, whatever that starts with.
_NEVER_LAST = {
    "czech": ("např", "Např"),
    # ("Az.", a court's file number: "(Az. VIII ZR 45/24)".)
    "german": ("vgl", "bzw", "gem", "ca", "rd", "sog", "inkl", "zzgl", "ggf", "evtl", "bspw", "insb", "einschl", "Tsd",
               "Az"),
    "swedish": ("bl.a", "t.ex", "s.k", "enl", "ca", "Ca", "resp", "fr.o.m", "t.o.m"),
}
# A cut before a word in lower case, after a short word with a full stop ("alle 10 Min." +
# "fahren.", "0,5 milj." + "ton per år."): no sentence of these languages starts in lower
# case, and a word of five letters or fewer ending in a full stop is an abbreviation.
_SHORT_WORD_END = re.compile(r"(?:^|[\s(\[])(?:[^\W\d_]{1,5}|(?:[^\W\d_]{1,3}\.){1,3}[^\W\d_]{1,3})\.$")
# A word in lower case with a capital inside ("iPhone", "eBay") may open a sentence.
_INNER_CAPITAL = re.compile(r"[^\W\d_]+[A-Z]")
# Words that never open a sentence: Czech's crown after an amount's abbreviation ("2,3 bil. Kč"), a German
# firm's form after "& Co." ("Müller GmbH & Co. KG").
_NEVER_FIRST = {"czech": re.compile(r"Kč\b"), "german": re.compile(r"(?:KG|KGaA|OHG)\b")}
# "Etc." in Czech, Polish and Greek ("jablka, hrušky atd.", "φοιτητές κ.ά."): Punkt never ends a sentence
# with it, yet a capitalised word after it opens the next one.
_ETC_THEN_SENTENCE = {
    "czech": re.compile(r"(?<=[\s,])(?:atd|apod)\.\s+(?=[^\W\d_][^\W\d_])"),
    "greek": re.compile(r"(?<=[\s,])(?:κ\.ά|κ\.α|κλπ|κ\.λπ|κτλ|κ\.τ\.λ)\.\s+(?=[^\W\d_][^\W\d_])"),
    "polish": re.compile(r"(?<=[\s,])(?:itd|itp)\.\s+(?=[^\W\d_][^\W\d_])"),
}

# A capitalised word's letter ("Serie A.", "Plan B."), which Punkt takes for an initial and never ends a
# sentence with, before a word that opens one, or an elided one: "... di Serie A. All'Olimpico i giallorossi
# ...". Not before a name, which an initial stands before ("George W. Bush"). (English's model ends sentences
# there; Spanish, French and Portuguese are left as their dev data measured them.)
_LETTER_ENDS_LANGUAGES = ("czech", "german", "italian", "polish", "swedish")


@functools.lru_cache(maxsize=None)
def _letter_then_sentence(language: str) -> re.Pattern | None:
    if language not in _LETTER_ENDS_LANGUAGES:
        return None
    words = sorted((w for w in SENTENCE_OPENERS[language].split() if len(w) > 1), key=len, reverse=True)
    elided = sorted(ELIDED_OPENERS.get(language, ()), key=len, reverse=True)
    then_elided = rf"|(?:{'|'.join(elided)})['’][^\W\d_]" if elided else ""
    return re.compile(rf"(?<=[^\W\d_]{{2}} )[A-Z]\.\s+(?=(?:{'|'.join(words)})(?![\w.'’-]){then_elided})")


@functools.lru_cache(maxsize=None)
def _ending_in(words: tuple[str, ...], more: tuple[str, str] = ("", ""), capitalised: bool = True,
               ) -> Callable[[str], bool]:
    """A sentence's end in one of the abbreviations and a full stop.

    After a space or an opening bracket or quotation mark: as listed, or (`capitalised`) with a capital
    where listed in lower case, as a title opening a sentence has it ("Prof." for Swedish "prof"); never
    in any case ("Sog." is a German noun where "sog." is an abbreviation, and Italian "card." a card).
    After an elided article's apostrophe also in lower case ("l'avv.", "dell’ing."). `more`: a pattern
    of other such ends.
    """
    forms = list(words)
    if capitalised:
        forms += [w[:1].upper() + w[1:] for w in words if w[:1].islower()]
    elided = sorted({w[:1].lower() + w[1:] for w in words})  # after an article's apostrophe, in lower case
    more_pattern, more_word = more
    ends = [r"(?:^|[\s(\[\"«“])(?:" + "|".join(map(re.escape, forms)) + ")",
            r"['’‘](?:" + "|".join(map(re.escape, sorted(set(forms) | set(elided)))) + ")"]
    if more_pattern:
        ends.append(more_pattern)
    pattern = re.compile("(?:" + "|".join(ends) + r")\.$")
    # Read: a sentence ending in a listed form's full stop (before a last newline too, as `$`), or in the
    # word `more` ends in, in any case.
    listed = tuple(sorted(f"{form}." for form in {*forms, *elided}))
    tail = f"{more_word}." if more_pattern else None

    def ends_so(text: str) -> bool:
        end = text[:-1] if text[-1:] == "\n" else text
        return (end.endswith(listed) or (tail is not None and end[-len(tail):].lower() == tail)) and bool(
            pattern.search(text))

    return ends_so


# An abbreviation of two spaced letters ("z. B.", "u. a.", "d. h."), cut between them: whatever the
# language, a sentence never ends in a lone small letter with its full stop before one that starts so.
# (Punkt's English model, which a quoted paragraph of German is split with, cuts there.)
_ONE_LETTER_END = re.compile(r"(?:^|\s)([^\W\d_])\.$")
_ONE_LETTER_START = re.compile(r"[^\W\d_]\.\s")


def _ends_in_one_small_letter(sentence: str) -> bool:
    found = _ONE_LETTER_END.search(sentence)
    return found is not None and found.group(1).islower()

# A day and a month's abbreviation ("am 3. Jan.", "3 sty.", "5 Δεκ."), cut before the year: a sentence never
# ends there. The months are the calendar's (data/calendar.json), an abbreviation any head of one.
_DAY_AND_MONTH_END = re.compile(r"(?:^|\s)\d{1,2}\.?\s+([^\W\d_]{3,5})\.$")
_YEAR_START = re.compile(r"\d{4}(?!\d)")


@functools.lru_cache(maxsize=None)
def month_heads(language: str) -> frozenset[str]:
    """The heads of three letters or more of the language's month and day names, lower-cased, short of the
    whole name: a sentence may end in one written out ("am 3. Juni." + "2024 war ...", "on 5 March." + "2024
    will ...")."""
    import json
    from importlib import resources

    with resources.files(__package__).joinpath("data/calendar.json").open(encoding="utf-8") as handle:
        names = json.load(handle).get(language, [])
    return frozenset(name[:n] for name in names for n in range(3, len(name))) - frozenset(names)


def _ends_in_day_and_month(sentence: str, language: str) -> bool:
    found = _DAY_AND_MONTH_END.search(sentence)
    return found is not None and found.group(1).lower() in month_heads(language)


def _place_and_day_before_agency(current: str, following: str, language: str) -> bool:
    """Whether a wire's dateline was cut at its month's full stop, before the agency: "Roma, 5 dic." + "(AGI) - Il
    Consiglio ...", "Paris, 5 déc." + "(AFP) - Le ..."."""
    found = PLACE_AND_DAY.fullmatch(current)
    return (found is not None and found.group(1).lower() in month_heads(language)
            and opens_with_agency_and_dash(following))


# A cut after "!" or "?" (and the marks closing a quotation) before what cannot open a sentence: a word in
# lower case ('"Stop!" he shouted.', "on Jeopardy! in 2019"), a possessive ("Yahoo!'s"), a comma or a
# closing bracket. Before anything else (a capitalised word, an opening bracket), only after a name written
# with "!" (`names_with_a_bang`): "Yahoo! Finance" where the cry "Stop! Nobody listened." ends a sentence.
_CRY_END = re.compile(r"[!?][\"'”’»)\]]*$")
# Greek asks with ";" ("«Πάλι τα ίδια; Πότε θα ησυχάσουμε;» αναρωτιέται ο κ. ..."): a cut after it before a
# word in lower case falls inside a sentence as one after "?" does.
_GREEK_CRY_END = re.compile(r"[!?;][\"'”’»)\]]*$")
# (The marks closing a quotation may stand before a possessive too: '"Stop!"'s echo', cut as '"Stop!' + '"'s'.)
_NO_OPENING = re.compile(r"[\"'”’»]*(?:[,;:)\]]|['’]s\b)")
# (A word begins after none of its own characters: begun at each letter of "a.a.a. ... Wow!", it read the run
# to its end from each, 100 KB in 10 s.)
_BANG_WORD = re.compile(r"(?<![\w!?&.-])([^\W\d_][\w&.-]*+!)(?:['’]s\b|[,;:)\]]|\s+([^\W\d_][\w'’-]*))")
_LEADING_MARKS = "\"'“‘„«‚‹([¡¿"


def names_with_a_bang(texts) -> frozenset[str]:
    """The capitalised words ending in "!" that `texts` (an article's title and paragraphs) write as names:
    somewhere followed by what goes on with the sentence ("Yahoo! said", "Yahoo!'s", "Yahoo!, Google"),
    not by a sentence of its own."""
    names = set()
    for text in texts:
        if "!" not in text:
            continue
        for found in _BANG_WORD.finditer(text):
            word, following = found.groups()
            if word[:1].isupper() and (following is None or following[:1].islower()
                                       and not _INNER_CAPITAL.match(following)):
                names.add(word)
    return frozenset(names)


def _runs_on_after_a_cry(current: str, following: str, names: frozenset[str], cry_end: re.Pattern = _CRY_END) -> bool:
    if not cry_end.search(current[-4:]):
        return False
    first = following[:1]
    if first.islower():
        return not _INNER_CAPITAL.match(following)
    if first in "–—" and following[1:2].islower():
        return True  # a Spanish speaker's incise, its dash set against the verb: "—¿Cuándo? —preguntó una vecina."
    if _NO_OPENING.match(following):
        return True
    return current.endswith("!") and current.rsplit(None, 1)[-1].lstrip(_LEADING_MARKS) in names


# Joined sentences stay readable: never more than this many words.
MAX_JOINED_WORDS = 80


def cut_test(language: str, foreign: bool, bang_names: frozenset[str]) -> Callable[[str, str], bool]:
    """Whether Punkt's cut between two sentences of `language` fell inside one (see joins.join_broken_sentences):
    the test of the sentence so far and the next one, each read without a footnote mark or bullet opening it."""
    # Each test is made when its language is first met (_ending_in is cached): all of them took 6 ms at import.
    name_end = (_ending_in(_BEFORE_A_NAME[language], _MORE_BEFORE_A_NAME.get(language, ("", "")))
                if language in _BEFORE_A_NAME else None)
    number_end = (_ending_in(_BEFORE_A_NUMBER[language], _MORE_BEFORE_A_NUMBER.get(language, ("", "")))
                  if language in _BEFORE_A_NUMBER else None)
    never_last = _ending_in(_NEVER_LAST[language], capitalised=False) if language in _NEVER_LAST else None
    never_first = _NEVER_FIRST.get(language)
    ordinals = language in _ORDINAL_LANGUAGES or foreign
    # German writes its months with a capital ("am 14. Mai"); Czech and Polish do not ("3. března"),
    # and there a number may end a sentence ("starosta Prahy 7.").
    ordinal_before = str.isalnum if language == "german" else (lambda c: c.islower() or c.isdigit())
    # English's model, learned from far more text, makes none of these cuts before a word in lower case
    # in English.
    lower_after_short = language != "english" or foreign
    cry_end = _GREEK_CRY_END if language == "greek" else _CRY_END

    def broken(current: str, following: str) -> bool:
        first = following[:1]
        return bool(
            (_ONE_LETTER_START.match(following) and _ends_in_one_small_letter(current))
            # (Italian "gen." is a general's title and January's: after a day, January's, which ends sentences.)
            or (name_end is not None and first.isupper() and name_end(current)
                and not _ends_in_day_and_month(current, language))
            or (number_end is not None and first.isdigit() and number_end(current))
            or (ordinals and ordinal_before(first) and _ORDINAL_END.search(current)
                and not (language == "german" and _opens_in_german(following)))
            or (never_last is not None and never_last(current))
            or (never_first is not None and bool(never_first.match(following)))
            or (first.isdigit() and _YEAR_START.match(following) is not None
                and _ends_in_day_and_month(current, language))
            or (lower_after_short and first.islower() and not _INNER_CAPITAL.match(following)
                and _SHORT_WORD_END.search(current))
            or (first.isupper() and initials_before_a_name(current, following, language))
            or (foreign and (first.isdigit() or first.isupper()) and foreign_abbreviation_before(current, following))
            or (first.isalpha() and not first.isupper() and not first.islower()
                and (_UNCASED_TITLE_END.search(current) is not None or hindi_initials(current, following)))
            or _runs_on_after_a_cry(current, following, bang_names, cry_end)
            or (first == "(" and _place_and_day_before_agency(current, following, language))
            or ("\u0400" <= current[:1] <= "\u04ff" or current[:1] == "/") and WIRE_HEAD.fullmatch(current) is not None
        )
    return broken


def _opens_in_german(following: str) -> bool:
    """Whether the text opens with a capitalised German word that opens sentences, never an ordinal's noun."""
    word = following.split(None, 1)[0] if following else ""
    return word[:1].isupper() and word.rstrip(",;:").lower() in _GERMAN_OPENERS


@functools.lru_cache(maxsize=None)
def splits_after_joins(language: str) -> tuple[tuple[re.Pattern, CutTest | None], ...]:
    """Where a sentence of `language` ends inside what Punkt left whole or the joins made one: after a number,
    a unit or a count (countends.py), "etc." or a capitalised word's letter ("2021 r. Za budowę ...", "mit 3:1.
    Harry Kane ...", "Serie A. Il Napoli ..."), each pattern with the test of the sentence before it and the
    text after it."""
    splits = number_ends(language)
    if (etc := _ETC_THEN_SENTENCE.get(language)) is not None:
        splits.append((etc, _capitalised_next))
    if (letter := _letter_then_sentence(language)) is not None:
        splits.append((letter, None))
    return tuple(splits)


def _capitalised_next(before: str, after: str) -> bool:
    """Whether what follows opens with a capital and then a small letter: "Poté", not "PKP"."""
    return after[:1].isupper() and after[1:2].islower()


# An opening quotation mark left at the end of a sentence, after its full stop and a
# space: Punkt cuts "à Paris. « C'est…" after the «, which opens the next sentence.
# Which marks open depends on the language: German writes „…“ and »…«, so there “
# and « close. (Swedish writes ”…” and »…», the same mark on both sides: none is
# moved. Straight quotes open and close alike and are left as they are.)
_OPENING_MARKS = {"german": "„‚»›", "czech": "„‚»›", "polish": "„«", "greek": "«", "swedish": ""}
_DEFAULT_OPENING_MARKS = "«“‘„‚‹"


@functools.lru_cache(maxsize=None)
def opening_left_behind(language: str) -> re.Pattern | None:
    """An opening quotation mark of `language` left at a sentence's end, after its full stop and a space (its
    group 1), or None where no mark opens only."""
    marks = _OPENING_MARKS.get(language, _DEFAULT_OPENING_MARKS)
    return re.compile(r"[.!?…][\"'»”’«“)\]]*\s+([" + marks + r"]+)$") if marks else None
