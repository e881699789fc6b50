"""Wire datelines ("TEHRAN, Iran (AP) - "): what a summary and a story leave out.

A module of its own, with nothing but `str` methods, shared by the phases:
the summariser leaves datelines out of a story's candidate sentences, the
composer out of a story of one report, and the run's own process reads it
to tell which sentences a story showed without paying for the summariser's
imports (NLTK).
"""

from __future__ import annotations

import itertools
import re
from typing import Mapping, Sequence

_DATELINE_DASHES = (" -- ", " - ", " — ", " – ", " _ ")
# Wire services whose names are no common word, ticker or initials, lower case: only these make a
# dateline written without a dash after a place in ordinary case ("Washington (CNN) President ...",
# "Berlin (dpa) Der ...").
_WIRES = frozenset({
    "adnkronos", "afp", "agerpres", "ansa", "ap", "apa", "askanews", "ats", "belga", "cnn", "ctk", "čtk", "dpa",
    "efe", "interfax", "italpress", "kyodo", "lapresse", "lusa", "notimex", "ntb", "pap", "reuters", "ritzau", "sda",
    "tass", "upi", "xinhua", "yonhap",
    "απε", "απε-μπε", "ανα-μπα",
    # In scripts without capitals: Reuters, AFP, dpa, Anadolu, the Gulf's and Levant's agencies (Arabic); IRNA,
    # ISNA, ILNA, Tasnim, Mehr, Fars (Persian); Reuters (Hebrew); PTI's and IANS's Hindi services, UNI's Varta.
    "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "د ب أ", "د.ب.أ", "الأناضول", "وام", "واس", "قنا", "كونا", "بترا", "سانا",
    "أ ش أ", "أ.ش.أ", "شينخوا", "رویترز", "ایرنا", "ایسنا", "ایلنا", "تسنیم", "مهر", "فارس", "רויטרס",
    "भाषा", "आईएएनएस", "वार्ता", "पीटीआई", "यूएनआई",
})
# News agencies and the newsrooms whose name opens a wire story in brackets ("(CNN) The ...", "BERLIN
# (dpa) Der ..."): only these make a dateline of a bracket after a place (any capitalised words in
# brackets would take "GM (General Motors) Chief Executive ..." for one). The names beside the wire
# services are companies or states too ("ABC", "CP", "TT", "PA"), or initials ("AGI"): they need capitals or a dash.
_AGENCIES = _WIRES | {
    "aap", "abc", "agi", "ana", "ani", "bbc", "bloomberg", "cbs", "cp", "europa", "ians", "nbc", "npr", "pa", "pti",
    "ria", "stt", "tt",
}
# Chinese and Japanese datelines: the agency or paper, the place and the day, and the reporters
# ("新华社福州9月5日电（记者 王小明）", "本报北京9月5日电"), or the place and the agency or writer in lenticular
# brackets ("【ワシントン共同】", "【北京＝山田太郎】").
_CJK_DATELINE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,16}(?:\d{1,2}月)?\d{1,2}日[电電](?:[（(][^）)]{1,30}[）)])?|【[^】]{1,20}】)\s*")
# The datelines of the Russian and Ukrainian wires: the place in capitals, the day and month, and the agency
# in slashes or after a dash ("МОСКВА, 2 марта. /ТАСС/. ", "КИЕВ, 2 марта. /Интерфакс-Украина/. ", "МОСКВА,
# 2 мар — РИА Новости. "). WIRE_HEAD: the part of one Punkt makes a sentence of, which runs on into the next.
_CYRILLIC_PLACE = r"[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ\- ]{1,30},\s+\d{1,2}\s+[а-яёіїєґ]{3,9}\.?"
_CYRILLIC_AGENCY = r"(?:/[^/\n]{2,40}/\.?|[—–-]\s+[^.\n]{2,40}\.)"
_CYRILLIC_WIRE = re.compile(rf"{_CYRILLIC_PLACE}\s*{_CYRILLIC_AGENCY}\s+")
# Korean datelines: the place and the agency in brackets, and the reporters ("(서울=연합뉴스) 김철수 기자 = ",
# "[서울=뉴시스] 이영희 특파원 = "). (Up to eight names, each of two to four letters: a run of letters was tried split
# every way, and a sentence of 180 letters without a reporter took minutes.)
_KOREAN_DATELINE = re.compile(
    r"[(\[][^()\[\]=]{1,20}=[^()\[\]=]{1,20}[)\]]\s*(?:(?:[\uac00-\ud7a3]{2,4}\s+){0,7}[\uac00-\ud7a3]{2,4}\s*(?:기자|특파원|통신원)\s*=\s*)?")
WIRE_HEAD = re.compile(rf"{_CYRILLIC_PLACE}(?:\s*{_CYRILLIC_AGENCY})?|/[^/\n]{{2,40}}/\.")
# A wire's place and day with the month abbreviated, which its agency and a dash follow ("Roma, 5 dic. (AGI) - ",
# "Paris, 5 déc. (AFP) - "): Punkt ends a sentence at the month's full stop, which the summariser's cuts mend
# (they know each language's months: group 1).
PLACE_AND_DAY = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ -]){0,40},\s+\d{1,2}\s+([^\W\d_]{3,5})\.")
_AGENCY_AND_DASH = re.compile(r"\(([^()\n]{2,30})\)\.?\s*[-–—_]")
# ČTK writes its dateline's place in title case ("Praha - ", "Ústí nad Labem - ", "Frýdek-Místek - "): a dateline in
# Czech only, as elsewhere a name and a dash open sentences ("Tesla - the carmaker - said ..."). (Slovak TASR's
# "Bratislava - " too, where Czech is the default language: a Slovak text is summarised in the default.)
_TITLE_CASE_PLACE_LANGUAGES = frozenset({"czech"})
# The small words inside a place's name ("Ústí nad Labem", "Nové Město na Moravě", "Kostelec u Jihlavy").
_PLACE_LINKS = frozenset({"nad", "pod", "na", "u", "v", "ve", "pri", "při"})
# A match's score ("3:2", "2 : 1").
_SCORE = re.compile(r"\d+\s*:\s*\d+")
# A dateline's day before the agency: ", 5 मार्च", "، 5 مارس".
_DAY_BEFORE = re.compile(r"\d{1,2}\s+\S{2,12}$")
# Quotation marks a sentence may open with.
_OPENERS = "\"'“‘«„‚"


def is_news_agency(name: str) -> bool:
    """Whether `name` is a news agency's or a wire newsroom's ("Reuters", "AP", "dpa")."""
    return name.strip().lower() in _AGENCIES


def opens_with_agency_and_dash(text: str) -> bool:
    """Whether `text` opens with a news agency's name in brackets and a dash, as a dateline ends: "(AGI) - Il ..."."""
    found = _AGENCY_AND_DASH.match(text)
    return found is not None and is_news_agency(found.group(1))


def strip_dateline(sentence: str, language: str | None = None, *, inside: bool | str = False) -> str:
    """The sentence without a wire dateline ("TEHRAN, Iran (AP) - ", "NEW YORK -- ", "(CNN) ").

    Three forms, each in the first 60 characters and followed by what can
    open a sentence (not a small letter, a comma or "'s"):
    - a place of at most 8 words opening with a word in capitals, up to a
      spaced dash ("NEW YORK -- ", "TEHRAN, Iran (AP) - "); in Czech (the
      `language` of the text) also one of 1 to 4 words in title case ("Praha - ");
    - a news agency's name in brackets after a place of at most 6 words
      ("LONDON (Reuters) The ...", "Washington (CNN) - The ...", "Berlin
      (dpa) Der ..."), not a name's own initials or repeated name;
    - capitalised words in brackets opening the sentence ("(CNN)The ...",
      "(The Hollywood Reporter) ...", "(Photo: AP) ..."), but not a list's
      mark ("(a)", "(B)", "(iv)").
    It costs a summary's word budget and says nothing. A sentence `inside`
    the article (not where it opens) loses a place in capitals only before
    its comma ("KABUL, Afghanistan — ", "ROMA, 5 DIC - "), or alone in a
    roundup (`inside` "roundup", see inside_of): there "NHS waiting lists hit
    a record - Health Secretary ...", "NATO - Russia tensions" and "USA -
    China talks" are sentences.
    """
    if sentence[:1] >= "\u3000" and (found := _CJK_DATELINE.match(sentence)) and found.end() < len(sentence):
        return sentence[found.end():]
    if "\u0400" <= sentence[:1] <= "\u04ff" and (found := _CYRILLIC_WIRE.match(sentence)) and found.end() < len(sentence):
        return sentence[found.end():]
    if (sentence[:1] in "([" and (found := _KOREAN_DATELINE.match(sentence)) and found.end() < len(sentence)
            and any("\uac00" <= c <= "\ud7a3" for c in found.group())):
        return sentence[found.end():]
    head = sentence[:60]
    close = head.find(")")
    if close > 0 and (rest := _after_agency(sentence, head, close)) is not None:
        # The agency first, then the place and day ("(ANSA) - ROMA, 5 DIC - Il governo ..."): both go.
        return _after_place(rest) if head.startswith("(") else rest
    return _after_place(sentence, None if inside else language, inside)


def as_offered(text: str, position: int, offered: Mapping[int, str], language: str | None) -> str:
    """A summary sentence as its article offered it to a story (`offered`: its candidates' texts by position,
    the dateline off where the article opens, after a byline too); else without a dateline, as one inside the
    article has it but for the first sentence (see strip_dateline)."""
    candidate = offered.get(position)
    if candidate is not None and text.endswith(candidate):
        return candidate
    return strip_dateline(text, language if position == 0 else None, inside=position != 0)


def _after_place(sentence: str, language: str | None = None, inside: bool | str = False) -> str:
    """The sentence without a place in capitals (or in Czech, in title case) up to a spaced dash (see
    strip_dateline)."""
    head = sentence[:60]
    found = [(head.find(d), d) for d in _DATELINE_DASHES if d in head]
    if not found:
        return sentence
    at, dash = min(found)
    prefix, rest = sentence[:at], sentence[at + len(dash):].lstrip()
    if len(prefix.split()) > 8 or not _opens_a_sentence(rest):
        return sentence
    first = prefix.split(" ", 1)[0].rstrip(",").lstrip(_OPENERS)  # ("I think ... - I'm from": no place)
    # (A place of three letters at least: "US - China talks", "OK - I'll do it" are no datelines.)
    if len(first) >= 3 and first.isupper():
        return rest if not inside or (_in_capitals(prefix, inside) and _reads_as_after_a_place(rest)) else sentence
    if language not in _TITLE_CASE_PLACE_LANGUAGES or dash not in (" - ", " – ") or not _is_title_case_place(prefix):
        return sentence
    return rest if _reads_as_after_a_place(rest) else sentence


def _reads_as_after_a_place(rest: str) -> bool:
    """Whether what follows a name in title case and a dash is a sentence after a dateline, not the second side
    of a match ("Třinec - Pardubice 3:2 v prodloužení."), a pairing ("Fiala - Babiš: duel ..."), the name's
    quotation ("Andrej Babiš – „Nikdy jsem ...“") or an aside between dashes ("Tým Ferrari - Leclerc a Sainz -
    dojel ...")."""
    words = rest.split()[:12]
    heading = list(itertools.takewhile(lambda word: not word.islower(), words))
    return (len(heading) < len(words) and rest[:1] not in _OPENERS and _SCORE.search(" ".join(heading)) is None
            and not any(word.endswith(":") for word in heading)
            and not any(dash in rest[:60] for dash in _DATELINE_DASHES))


def _in_capitals(prefix: str, inside: bool | str) -> bool:
    """Whether a dateline's place inside an article is one: words of capital letters alone, of two words or a word
    of four letters at least, before a comma and at most three words ("KABUL, Afghanistan", "NEW DELHI, Dec 5",
    "ROMA, 5 DIC"), or alone in a roundup whose items open so ("TOKYO - ", `inside` "roundup"); a heading in
    capitals of three words or more glued to its sentence goes too ("ESTIMATIONS DES TEMPÉRATURES CE JEUDI - ").
    Not "NATO - Russia tensions", "FTSE 100 - The index", "SNCF VOYAGEURS - La filiale", "USA - China talks",
    "INPS, sospesi i pagamenti agli arrestati -"."""
    place, comma, after = prefix.partition(",")
    words = place.split()
    capitals = all(word.replace("-", "").replace(".", "").isalpha() and word.isupper() for word in words)
    return (capitals and (len(words) > 1 or len(place.strip()) > 3) and len(after.split()) <= 3
            and (bool(comma) or inside == "roundup" or len(words) > 2))


# A sentence of a roundup's that opens with its place in capitals and a dash ("TOKYO - Japan's economy ...").
_BARE_PLACE = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.-]{3,}(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.-]+){0,2} [-–—]{1,2} [A-ZÀ-ÖØ-Þ]")


def inside_of(sentences: Sequence[str]) -> bool | str:
    """How `strip_dateline` reads a sentence inside the article of `sentences`: "roundup" where two sentences or
    more open with a place in capitals and a dash, each item's dateline, else True (a place with its comma only)."""
    return "roundup" if sum(1 for s in sentences if _BARE_PLACE.match(s)) >= 2 else True


def _is_title_case_place(words: str) -> bool:
    """Whether `words` are a place's name of one to four words in title case, as ČTK writes its dateline: "Praha",
    "České Budějovice", "Ústí nad Labem", "Frýdek-Místek"."""
    split = words.split(" ")
    if not 1 <= len(split) <= 4:
        return False
    named = [word for word in split[1:-1] if word not in _PLACE_LINKS]
    return all(_is_title_case(word) for word in [split[0], *named, split[-1]])


def _is_title_case(word: str) -> bool:
    """A word of a capital and small letters, or such words joined by hyphens ("Praha", "Frýdek-Místek")."""
    return all(part[:1].isupper() and part[1:].isalpha() and part[1:].islower() for part in word.split("-"))


def _after_agency(sentence: str, head: str, close: int) -> str | None:
    """The text after a bracket that makes a dateline (see strip_dateline), or None if there is none."""
    opening = head.rfind("(", 0, close)
    if opening < 0:
        return None
    place, named = head[:opening].strip(), head[opening + 1:close].strip()
    words = named.replace(":", " ").replace("/", " ").replace(",", " ").split()  # "(AFP/dpa)", "(Foto: dpa)"
    after = sentence[close + 1:]
    rest = after.lstrip()
    if rest[:2] in (".-", ".—", ".–"):  # the Spanish wires' "Madrid, 5 dic (EFE).- El Gobierno ..."
        rest = rest[1:]
    rest = rest.lstrip("-—–_").lstrip()
    if place:
        # After a place, only an agency's name. Capitalised words in brackets are often a name's initials
        # or a ticker ("GM (General Motors) Chief Executive", "AmerisourceBergen (ABC) Chief Executive").
        agency = named.lower() if named.lower() in _AGENCIES else (words[0].lower() if words else "")
        if len(place.split()) > 6 or not _capitalised(place) or agency not in _AGENCIES:
            return None
        if _names_itself(place, named):
            return None  # "The British Broadcasting Corporation (BBC) Director-General", "CBS (CBS) Chief"
        first = place.split(" ", 1)[0].rstrip(",")
        as_written = (len(first) >= 2 and first.isupper()) or not after[:1].isspace() or len(rest) < len(after.lstrip())
        if not as_written and agency not in _WIRES:  # (in capitals, or a dash or no space after)
            return None
        if not place[:1].isupper() and not (len(rest) < len(after.lstrip()) or _DAY_BEFORE.search(place)):
            # A script without capitals tells no place from a sentence's first words ("قال مسؤول لوكالة (رويترز) إن
            # ..."): only a wire's own form is a dateline, a dash after the agency or a day before it.
            return None
    elif not (0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not _is_list_mark(named)):
        # Else a credit: "(dpa)", "(Foto: dpa)"; not "(Auch in Europa) Die Preise ...".
        credited = words[1] if ":" in named and len(words) > 1 else (words[0] if words else "")
        if credited.lower() not in _AGENCIES and named.lower() not in _AGENCIES:
            return None
    return rest if _opens_a_sentence(rest) else None


def _capitalised(place: str) -> bool:
    """Whether a place opens with a capital, or with a letter of a script that has none (Arabic, Hindi)."""
    first = place[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _names_itself(place: str, named: str) -> bool:
    """Whether the words before a bracket end in the name it holds, written whole or by its initials:
    "Associated Press (AP)", "Die Deutsche Presse-Agentur (dpa)", "dell'ANSA (Ansa)"."""
    words = place.replace("-", " ").replace("'", " ").replace("’", " ").split()
    named = named.lower()
    if any(word.lower() == named for word in words):
        return True
    initials = "".join(word[0] for word in words if word[:1].isupper()).lower()
    return initials.endswith(named)


def _is_list_mark(text: str) -> bool:
    """A letter or a Roman number, as lists number their items: "(a)", "(B)", "(iv)"."""
    return len(text) == 1 or all(c in "ivxlcIVXLC" for c in text)


def _opens_a_sentence(rest: str) -> bool:
    """Whether `rest` can be the opening of a sentence: not a small letter, nor what follows a word."""
    if not rest or rest[0].islower() or rest[0] in ",.;:)]}!?":
        return False
    return not rest.startswith(("'s", "’s"))
