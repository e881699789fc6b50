"""The words a page and the feed write themselves, in the language of the templates (`site.language`).

The templates' own words ("Key points", "Contents") are the templates': whoever
translates them sets `site.language`, and the dates, the months of the archive,
"3 min read" and the feed's counts of stories follow it ("mercredi 25 novembre
2026", "3 min de lecture", "5 articles"). Keyed by language code, as the page's
`lang`; a code with no words here is written in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PageWords:
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first, as a month is named alone ("listopad 2026")
    of_months: tuple[str, ...]  # as a day's date names it ("25. listopadu 2026")
    short_months: tuple[str, ...]  # a moment's day's; none given: of_months
    long: str  # a day: {weekday}, {day}, {month} (of_months), {year}
    short: str  # a moment's day: {day}, {month} (short_months), {year}
    month_year: str  # a month of the archive: {month} (months), {year}
    minutes: tuple[str, ...]  # the reading time, {n} minutes: one, more (see stories); one form: the same
    stories: tuple[str, ...]  # {n} stories: one, more; and in Czech and Polish, a few (see _few)
    more: tuple[str, ...]  # the rest of a list of headlines, "and {n} more": the same forms
    cut: str  # a feed entry cut short: {shown} of {total} stories
    whole: str  # the same, when which stories it shows is not known
    thousands: str  # between groups of three digits
    first_day: str = "{day}"  # the first of a month ("1er" in French)
    few: str = ""  # whose rule for a few: "cs" (2-4), "pl" (2-4, 22-24, ..., not 12-14); "": none


def _language(weekdays: str, months: str, short_months: str, long: str, short: str, month_year: str,
              minutes: str, stories: str, more: str, cut: str, whole: str, thousands: str, *,
              of_months: str = "", first_day: str = "{day}", few: str = "") -> PageWords:
    return PageWords(tuple(weekdays.split()), tuple(months.split()), tuple((of_months or months).split()),
                     tuple((short_months or of_months or months).split()), long, short, month_year, _forms(minutes),
                     _forms(stories),
                     _forms(more), cut, whole, thousands, first_day, few)


def _forms(text: str) -> tuple[str, ...]:
    return tuple(form.strip() for form in text.split("|"))


_WORDS = {
    "en": _language("Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
                    "January February March April May June July August September October November December",
                    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} min read", "{n} story | {n} stories", "and {n} more",
                    "This entry shows {shown} of {total} stories: the whole briefing is on its page.",
                    "The whole briefing is on its page.", ","),
    "de": _language("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
                    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
                    "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
                    "{weekday}, {day}. {month} {year}", "{day}. {month} {year}", "{month} {year}",
                    "{n} Min. Lesezeit", "{n} Meldung | {n} Meldungen", "und {n} weitere",
                    "Dieser Eintrag zeigt {shown} von {total} Meldungen, alle stehen auf der Seite des Tages.",
                    "Alle Meldungen stehen auf der Seite des Tages.", "."),
    "fr": _language("lundi mardi mercredi jeudi vendredi samedi dimanche",
                    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
                    "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} min de lecture", "{n} article | {n} articles",
                    "et {n} autre | et {n} autres",
                    "Cette entrée montre {shown} des {total} articles du jour\u202f: tous sont sur sa page.",
                    "Tous les articles sont sur la page du jour.", "\u202f",
                    first_day="1er"),
    "es": _language("lunes martes miércoles jueves viernes sábado domingo",
                    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
                    "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
                    "{weekday}, {day} de {month} de {year}", "{day} {month} {year}", "{month} de {year}",
                    "{n} min de lectura", "{n} noticia | {n} noticias", "y {n} más",
                    "Esta entrada muestra {shown} de {total} noticias: todas están en la página del día.",
                    "Todas las noticias están en la página del día.", "."),
    "it": _language("lunedì martedì mercoledì giovedì venerdì sabato domenica",
                    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
                    "gen feb mar apr mag giu lug ago set ott nov dic",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} min di lettura", "{n} notizia | {n} notizie", "e un'altra | e altre {n}",
                    "Questa voce mostra {shown} delle {total} notizie del giorno: tutte sono nella sua pagina.",
                    "Tutte le notizie sono nella pagina del giorno.", "."),
    "pt": _language("segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
                    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
                    "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
                    "{weekday}, {day} de {month} de {year}", "{day} {month} {year}", "{month} de {year}",
                    "{n} min de leitura", "{n} notícia | {n} notícias", "e mais {n}",
                    "Esta entrada mostra {shown} de {total} notícias: todas estão na página do dia.",
                    "Todas as notícias estão na página do dia.", "."),
    "sv": _language("måndag tisdag onsdag torsdag fredag lördag söndag",
                    "januari februari mars april maj juni juli augusti september oktober november december",
                    "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec.",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} min läsning", "{n} nyhet | {n} nyheter", "och {n} till",
                    "Det här inlägget visar {shown} av {total} nyheter; alla finns på dagens sida.",
                    "Alla nyheter finns på dagens sida.", "\u00a0"),
    # Czech and Polish write a day's month in the genitive, in full (their short names are for tables).
    "cs": _language("pondělí úterý středa čtvrtek pátek sobota neděle",
                    "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec", "",
                    "{weekday} {day}. {month} {year}", "{day}. {month} {year}", "{month} {year}",
                    "{n} min čtení", "{n} zpráva | {n} zpráv | {n} zprávy",
                    "a {n} další | a dalších {n} | a další {n}",
                    "Tento záznam ukazuje {shown} z {total} zpráv, všechny jsou na stránce dne.",
                    "Všechny zprávy jsou na stránce dne.", "\u00a0",
                    of_months="ledna února března dubna května června července srpna září října listopadu "
                              "prosince", few="cs"),
    "pl": _language("poniedziałek wtorek środa czwartek piątek sobota niedziela",
                    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad "
                    "grudzień", "",
                    "{weekday}, {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} min czytania", "{n} wiadomość | {n} wiadomości",
                    "i {n} inna | i {n} innych | i {n} inne",
                    "Ten wpis pokazuje {shown} z {total} wiadomości, wszystkie są na stronie dnia.",
                    "Wszystkie wiadomości są na stronie dnia.", "\u00a0",
                    of_months="stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
                              "listopada grudnia", few="pl"),
    "el": _language("Δευτέρα Τρίτη Τετάρτη Πέμπτη Παρασκευή Σάββατο Κυριακή",
                    "Ιανουάριος Φεβρουάριος Μάρτιος Απρίλιος Μάιος Ιούνιος Ιούλιος Αύγουστος Σεπτέμβριος "
                    "Οκτώβριος Νοέμβριος Δεκέμβριος",
                    "Ιαν Φεβ Μαρ Απρ Μαΐ Ιουν Ιουλ Αυγ Σεπ Οκτ Νοε Δεκ",
                    "{weekday} {day} {month} {year}", "{day} {month} {year}", "{month} {year}",
                    "{n} λεπτό ανάγνωσης | {n} λεπτά ανάγνωσης", "{n} είδηση | {n} ειδήσεις", "και {n} ακόμη",
                    "Αυτή η καταχώριση δείχνει {shown} από {total} ειδήσεις· όλες είναι στη σελίδα της ημέρας.",
                    "Όλες οι ειδήσεις είναι στη σελίδα της ημέρας.", ".",
                    of_months="Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου "
                              "Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου"),
}


def _of(lang: str | None) -> PageWords:
    return _WORDS.get(lang or "en", _WORDS["en"])


def _day(words: PageWords, day: dt.date) -> str:
    return words.first_day.format(day=day.day) if day.day == 1 else str(day.day)


def long_date(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> 'Wednesday 25 November 2026' ('mercredi 25 novembre 2026' in "fr")."""
    words = _of(lang)
    return words.long.format(weekday=words.weekdays[day.weekday()], day=_day(words, day),
                             month=words.of_months[day.month - 1], year=day.year)


def weekday(day: dt.date, lang: str | None = None) -> str:
    return _of(lang).weekdays[day.weekday()]


def short_date(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> '25 Nov 2026' ('25. Nov. 2026' in "de")."""
    words = _of(lang)
    return words.short.format(day=_day(words, day), month=words.short_months[day.month - 1], year=day.year)


def month_of(day: dt.date, lang: str | None = None) -> str:
    """2026-11-25 -> 'November 2026' ('Noviembre de 2026' in "es"): a heading, with a capital."""
    words = _of(lang)
    named = words.month_year.format(month=words.months[day.month - 1], year=day.year)
    return named[:1].upper() + named[1:]


def _counted(forms: tuple[str, ...], n: int, words: PageWords) -> str:
    """The form for `n`: the first for one, the second for more; the third, if any, for a few (see _few)."""
    if n == 1 or len(forms) == 1:
        return forms[0].format(n=number(n, words.thousands))
    form = forms[2] if len(forms) > 2 and _few(words.few, n) else forms[1]
    return form.format(n=number(n, words.thousands))


def _few(rule: str, n: int) -> bool:
    """Whether `n` takes a language's form for a few: Czech's for 2-4 ("3 zprávy", "5 zpráv", "22 zpráv"),
    Polish's for any number ending in 2-4 but 12-14 ("3 inne", "22 inne", "12 innych")."""
    if rule == "cs":
        return 2 <= n <= 4
    return rule == "pl" and 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14


def reading_time(minutes: int, lang: str | None = None) -> str:
    """3 -> '3 min read' ('3 min de lecture' in "fr")."""
    words = _of(lang)
    return _counted(words.minutes, minutes, words)


def story_count(n: int, lang: str | None = None) -> str:
    """5 -> '5 stories' ('5 articles' in "fr", '3 zprávy' in "cs")."""
    words = _of(lang)
    return _counted(words.stories, n, words)


def and_more(n: int, lang: str | None = None) -> str:
    """The rest of a list of headlines: 'and 5 more'."""
    words = _of(lang)
    return _counted(words.more, n, words)


def entry_cut(shown: int, total: int, lang: str | None = None) -> str:
    """What a feed entry cut short says: 'This entry shows 80 of 6,000 stories: ...'."""
    words = _of(lang)
    return words.cut.format(shown=number(shown, words.thousands), total=number(total, words.thousands))


def entry_whole(lang: str | None = None) -> str:
    """What a feed entry cut short says when which stories it shows is not known (a template of one's own)."""
    return _of(lang).whole


def number(n: int, thousands: str = ",") -> str:
    """12345 -> '12,345' (with `thousands` between the groups; none below 10,000 where it is a space, as
    French, Swedish, Czech and Polish write 1000)."""
    if not thousands.isspace() or n >= 10_000:
        return f"{n:,}".replace(",", thousands)
    return str(n)
