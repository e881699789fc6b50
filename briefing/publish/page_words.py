"""The words a page writes itself, in the language of its templates (`site.language`): dates and reading time.

The templates' own words ("Key points", "Contents") are the templates': whoever
translates them sets `site.language`, and the dates, the months of the archive
and "3 min read" follow it ("mercredi 25 novembre 2026", "3 min de lecture").
Keyed by language code, as the page's `lang`; a code with no words here is
written in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DateWords:
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first, as a month is named alone ("listopad 2026")
    of_months: tuple[str, ...]  # as a day's date names it ("25. listopadu 2026")
    short_months: tuple[str, ...]
    long: str  # a day: {weekday}, {day}, {month} (of_months), {year}
    short: str  # a moment's day: {day}, {month} (short_months), {year}
    month_year: str  # a month of the archive: {month} (months), {year}
    minutes: str  # the reading time: {minutes}
    one_minute: str = ""  # the same for one minute, where it differs


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _language(weekdays: str, months: str, short_months: str, long: str, short: str, month_year: str,
              minutes: str, of_months: str = "", one_minute: str = "") -> DateWords:
    return DateWords(_words(weekdays), _words(months), _words(of_months or months), _words(short_months), long,
                     short, month_year, minutes, one_minute)


_WORDS = {
    "en": _language("Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
                    "January February March April May June July August September October November December",
                    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}", "{minutes} min read"),
    "de": _language("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
                    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
                    "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
                    "{weekday}, {day}. {month} {year}", "{day}. {month} {year}", "{month} {year}",
                    "{minutes} Min. Lesezeit"),
    "fr": _language("lundi mardi mercredi jeudi vendredi samedi dimanche",
                    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
                    "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{minutes} min de lecture"),
    "es": _language("lunes martes miércoles jueves viernes sábado domingo",
                    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
                    "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
                    "{weekday}, {day} de {month} de {year}", "{day} {month} {year}", "{month} de {year}",
                    "{minutes} min de lectura"),
    "it": _language("lunedì martedì mercoledì giovedì venerdì sabato domenica",
                    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
                    "gen feb mar apr mag giu lug ago set ott nov dic",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{minutes} min di lettura"),
    "pt": _language("segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
                    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
                    "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
                    "{weekday}, {day} de {month} de {year}", "{day} {month} {year}", "{month} de {year}",
                    "{minutes} min de leitura"),
    "sv": _language("måndag tisdag onsdag torsdag fredag lördag söndag",
                    "januari februari mars april maj juni juli augusti september oktober november december",
                    "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec.",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{minutes} min läsning"),
    # Czech writes no short month names: a moment's day takes the whole one ("25. listopadu 2026").
    "cs": _language("pondělí úterý středa čtvrtek pátek sobota neděle",
                    "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec",
                    "ledna února března dubna května června července srpna září října listopadu prosince",
                    "{weekday} {day}. {month} {year}", "{day}. {month} {year}", "{month} {year}",
                    "{minutes} min čtení",
                    of_months="ledna února března dubna května června července srpna září října listopadu "
                              "prosince"),
    "pl": _language("poniedziałek wtorek środa czwartek piątek sobota niedziela",
                    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad "
                    "grudzień",
                    "sty lut mar kwi maj cze lip sie wrz paź lis gru",
                    "{weekday}, {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{minutes} min czytania",
                    of_months="stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
                              "listopada grudnia"),
    "el": _language("Δευτέρα Τρίτη Τετάρτη Πέμπτη Παρασκευή Σάββατο Κυριακή",
                    "Ιανουάριος Φεβρουάριος Μάρτιος Απρίλιος Μάιος Ιούνιος Ιούλιος Αύγουστος Σεπτέμβριος "
                    "Οκτώβριος Νοέμβριος Δεκέμβριος",
                    "Ιαν Φεβ Μαρ Απρ Μαΐ Ιουν Ιουλ Αυγ Σεπ Οκτ Νοε Δεκ",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{minutes} λεπτά ανάγνωσης",
                    of_months="Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου "
                              "Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου",
                    one_minute="1 λεπτό ανάγνωσης"),
}


def _of(lang: str | None) -> DateWords:
    return _WORDS.get(lang or "en", _WORDS["en"])


def long_date(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> 'Wednesday 25 November 2026' ('mercredi 25 novembre 2026' in "fr")."""
    words = _of(lang)
    return words.long.format(weekday=words.weekdays[day.weekday()], day=day.day,
                             month=words.of_months[day.month - 1], year=day.year)


def weekday(day: dt.date, lang: str | None = None) -> str:
    return _of(lang).weekdays[day.weekday()]


def short_date(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> '25 Nov 2026' ('25. Nov. 2026' in "de")."""
    words = _of(lang)
    return words.short.format(day=day.day, month=words.short_months[day.month - 1], year=day.year)


def month_of(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> 'November 2026' ('Noviembre de 2026' in "es"): a heading, with a capital."""
    words = _of(lang)
    named = words.month_year.format(month=words.months[day.month - 1], year=day.year)
    return named[:1].upper() + named[1:]


def reading_time(minutes: int, lang: str | None = None) -> str:
    """3 -> '3 min read' ('3 min de lecture' in "fr")."""
    words = _of(lang)
    return words.one_minute if minutes == 1 and words.one_minute else words.minutes.format(minutes=minutes)
