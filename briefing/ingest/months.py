"""The months of the supported languages, as a date written in words names them: "14. Oktober 2025",
"14 października 2025", "28. října 2025", "14 Οκτωβρίου 2025" (front matter, a page's date line)."""

from __future__ import annotations

import functools
import re

# Each language's twelve months, January first: every form a date is written with (a name, its genitive, its
# abbreviation), in lower case. English's are read by strptime.
_MONTHS = {
    "german": "januar jänner jan | februar feber feb | märz mär | april apr | mai | juni jun | juli jul | "
              "august aug | september sep sept | oktober okt | november nov | dezember dez",
    "french": "janvier janv | février févr fév | mars | avril avr | mai | juin | juillet juil | août | "
              "septembre sept | octobre oct | novembre nov | décembre déc",
    "spanish": "enero ene | febrero feb | marzo mar | abril abr | mayo may | junio jun | julio jul | agosto ago | "
               "septiembre setiembre sept sep | octubre oct | noviembre nov | diciembre dic",
    "italian": "gennaio gen | febbraio feb | marzo mar | aprile apr | maggio mag | giugno giu | luglio lug | "
               "agosto ago | settembre set | ottobre ott | novembre nov | dicembre dic",
    "portuguese": "janeiro jan | fevereiro fev | março mar | abril abr | maio mai | junho jun | julho jul | "
                  "agosto ago | setembro set | outubro out | novembro nov | dezembro dez",
    "swedish": "januari jan | februari feb | mars mar | april apr | maj | juni jun | juli jul | augusti aug | "
               "september sep sept | oktober okt | november nov | december dec",
    "czech": "leden ledna | únor února | březen března | duben dubna | květen května | červen června | "
             "červenec července | srpen srpna | září | říjen října | listopad listopadu | prosinec prosince",
    "polish": "styczeń stycznia sty | luty lutego lut | marzec marca mar | kwiecień kwietnia kwi | maj maja | "
              "czerwiec czerwca cze | lipiec lipca lip | sierpień sierpnia sie | wrzesień września wrz | "
              "październik października paź | listopad listopada lis | grudzień grudnia gru",
    "greek": "ιανουάριος ιανουαρίου ιαν | φεβρουάριος φεβρουαρίου φεβ | μάρτιος μαρτίου μαρ | "
             "απρίλιος απριλίου απρ | μάιος μαΐου μαΐ μαι | ιούνιος ιουνίου ιουν | ιούλιος ιουλίου ιουλ | "
             "αύγουστος αυγούστου αυγ | σεπτέμβριος σεπτεμβρίου σεπ | οκτώβριος οκτωβρίου οκτ | "
             "νοέμβριος νοεμβρίου νοε | δεκέμβριος δεκεμβρίου δεκ",
}


@functools.cache
def month_numbers() -> dict[str, int]:
    """Each form of a month in any supported language (lower case) -> its number. No form names two months
    in two languages ("mar" is March in five, "listopad" November in Czech and Polish)."""
    numbers: dict[str, int] = {}
    for months in _MONTHS.values():
        for number, forms in enumerate(months.split("|"), start=1):
            for form in forms.split():
                numbers[form] = number
    return numbers


# A day, a month in words and a year, anywhere in the text ("Dienstag, 14. Oktober 2025", "14 ottobre 2025",
# "3 de marzo de 2025"; the first of a month as French, Spanish and Portuguese write it: "1er mai", "1.º de maio").
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:er|\.?[ºª°])?\.?\s+(?:de\s+)?([^\W\d_]{3,})\.?,?\s+(?:del?\s+)?(\d{4})(?!\d)")


_WORD = re.compile(r"[^\W\d_]{3,}")


def day_in_words(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written "day month year" with a month of a supported language, or None;
    None too where the text names more than one month ("28 lutego – 2 marca 2025", "aktualisiert am 15.
    Oktober 2025, veröffentlicht am 14. Oktober 2025"): which day is meant is not for a guess."""
    found = _DAY_MONTH_YEAR.search(text)
    if found is None:
        return None
    numbers = month_numbers()
    month = numbers.get(found.group(2).lower())
    if month is None or sum(word.lower() in numbers for word in _WORD.findall(text)) > 1:
        return None
    return int(found.group(3)), month, int(found.group(1))
