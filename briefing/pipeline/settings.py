"""What a run's briefings are built with, as signatures: a seed or day built with others is made again."""

from __future__ import annotations

import functools
import hashlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import Config
from ..publish.templates import Renderer

# Part of the settings a summary is made with: raised when the summariser
# itself changes what it makes, so that a rebuild is not the only way to see it.
SUMMARIZER_VERSION = 30  # 2: story candidates in the order that defers nothing; 3: titles, furniture, quote marks; 4: pronoun openers lean on the sentence before, the stop-word lexicon; 5: sentences of the other languages (opening quotation marks, abbreviations, units), .md code spans, key points with a pronoun after an opening phrase; 6: pages (hidden text, comments, teasers, a January 1st guessed, the headline of a <title>), abbreviations in every case, unsupported languages left to the default, key points cut only where a clause with its verb is left and quotations only with a named speaker; 7: a bare "after", "before", "when" cut only after a date or a phrase of time, no "not X | but Y" cut, none inside a relative clause whose noun has no verb; no point from a summary sentence cut short, nor telling its fact (facts.same_fact); no wire dateline in a point; a participle's opening phrase and "this"/"that" as pronouns lean; footnote marks; paywall lines; 8: an agency's name in brackets is a dateline ("(CNN)The ..."); 9: only an agency's name after a place, not a name's initials; 10: "(EFE).- " and "(ANSA) - ROMA, 5 DIC - " datelines; 11: German and Czech closing “ after a quoted sentence, "z. B." cut in any language, marks alone, Polish "proc. Polaków", Czech "bil. Kč", Dutch titles, legacy Central European and Turkish encodings; 12: Polish "r." and Czech "hod." end a sentence before a word no name is, a Greek question in ";", German/Italian/Czech/Polish abbreviations, a day and a month's abbreviation before a year, "according to" no subordinator, detection of unsupported neighbours (Dutch, Finnish, Slovak ...), a source, section, author or tag of invisible characters left out, language_known; 13: sentences run together split again (a heading glued to the sentence after it, no space after a full stop, an ellipsis or "etc." before a word that opens a sentence), German openers that lean on the sentence before ("Darauf", "Außerdem", "Seit 2017 leitet er ..."), a linking adverb first ("However,", "Cependant,") leans, no exclamation a key point; 14: the function words sumy's stop-word lists lack (French "de", "un", Spanish "que", "y", Portuguese "não", German "hat", ...) are no terms and no content to NewsRank; 15: a verb of saying without its subject ("Añadió que ..."), "Se trata de", "Así lo", "Es decir," and German "Das" before a verb lean on the sentence before; no key point cut from its ", but Y", before the "que" of a verb of saying, from "on the one hand" or after a separable verb's particle at a colon; initials before a surname ("D.B. Weiss,") end no sentence; a trailing attribution (", dijo el alcalde.", ", a-t-il ajouté.", ", sagte ein Sprecher.") leaves a key point in every language with the data for it, as ", he said." did in English; no cut at a colon after a noun phrase whose only verb is its relative clause's ("The reception that has greeted Star Wars: Battlefront is ..."); zero-width spaces, word joiners and byte order marks inside text removed as it is read; 16: no cut after "!" or "?" before what opens no sentence, nor after a name written with "!" ("Yahoo! Finance"); "Das sagte Merkel am Montag." leans; a heading glued to an elided article, a name or after a closing quotation mark is cut off ("CollombL'entourage", "unanimesÉdouard"); a closing phrase before an ellipsis ("Affaire à suivre...") is no paywall's cut; code in a <pre> left out; a live blog's updates with two times or a pinned post put in time order; calls to comment, review-copy thanks, update notes and "Te podría interesar" are furniture; a heading between dashes or in quotation marks glued to its sentence cut off, a bullet opening a sentence left out, no key point wholly in brackets, "Lo ha detto", "Foi o que disse", "So said" lean; 17: "As he added," (and each language's) leans; German "Damals", Polish "Wówczas", Czech "Tehdy" lean; Czech ranks and "např.", Italian "d.lgs.", Greek "κ.ά.", German "Az.", Swedish "Ca." mended; a Swedish quotation's dash kept; 18: a word's combining marks are in it (Hindi's vowel signs, Arabic's tanween, Hebrew's points); a text seed's first line ending in 。 or । is no headline; 19: "According to her,", "Selon lui,", "Según ellos,", "Segundo ele," and Ukrainian pronouns lean; 20: a Chinese or Japanese quotation's speaker is only one with a verb of saying; 21: pages: paragraphs the extractor drops for their element's name put back, footnote marks and notes left out, the page's lines after the article's prose left out, an author's role or newsroom no second author; 22: a CJK headline may end in a bracket, a Chinese speaker's title may be long, Persian's zero-width non-joiner inside a word, prose put back only from elements not named as furniture, a blog's name in its h1 before the post's headline in the <title> no headline; 23: a wire's credits and notes under its story ("... writer ... contributed", "Additional reporting by", "($1 = ... yen)", "Avec AFP", "Con información de", "Com informações da", "Mit Material von dpa") are furniture; a `lang` whose script the text is not in left out; a page's opening heading its headline when the rest of its <title> is names, a caption in the box after its picture's (Blogger's) left out; 24: a wire's place and day with the month abbreviated no sentence before its agency ("Roma, 5 dic. (AGI) - "), Czech datelines in title case ("Praha - "); Czech and Polish attributions that name what was said only by "to" ("Uvedl to mluvčí.", "Poinformowała o tym policja.") lean, and one-letter function words ("v", "w", "i") vote in detection; 25: a sentence ends after a score or a table's place in German ("mit 3:1.", "auf Platz 5.") and after a year's, an hour's or a count's abbreviation before a capitalised word in Polish and Czech ("2025 r. Rząd", "5 mil. Vláda") but where the number opens its clause; German "kündigte ... an" a verb of saying; a German compound counts two words against "short"; one-letter words vote only as words, no Hungarian or Welsh text or table Czech; a Czech dateline in title case only where the article opens; a Swedish quotation opened by ” (or ’) is one, a Swedish, Polish or Czech paragraph of speech opened by a dash (Polish: or a hyphen) keeps it and is a key point only with a named speaker, shown in quotation marks ("– Nie wiem – dodała Anna Nowak." -> "„Nie wiem” – dodała Anna Nowak."); more Swedish and Polish verbs of saying; 26: a Polish year's "r." after a preposition, a month without its day, a range or "z dnia" ends no sentence; an apostrophe before a word opens a quotation in Swedish alone ("’Tis", "’Ndrangheta"); dash speech resumed after its speaker quoted as the speaker's; an object pronoun or a second verb of the same subject names no speaker; a quotation's opening "Ale" kept; a Spanish or Portuguese paragraph of speech opened by a dash keeps it, read as a quotation up to its speaker's incise ("—Es histórico —dijo el alcalde—.", "— Vamos reconstruir — afirmou o prefeito."), no sentence ends before a Spanish incise after "?" or "!" ("—¿Cuándo? —preguntó una vecina."); a dateline after the byline ("di Salvo Palazzolo" + "PALERMO - ") left out of key points and candidates; 27: a Polish year's "r." ends a sentence unless its date opens its clause or an act's title follows; two different one-letter words count in full for a language; the one spoken to ("mówi nam") passed over to the speaker; no quotation resumed for a source or title after a second dash; a Swedish quotation may hold another (’nej’); 28: inside an article only a dateline all in capitals or with its agency (a candidate and a story of one report: "NHS waiting lists hit a record - Health Secretary ..." whole); a score's dash closes no incise; speech resumes after its speaker only with a word that links it; 29: inside an article a place with no small letter before its comma is a dateline ("KABUL, Afghanistan — "), for key points and a one-report story's sentences too; speech going on after its speaker and a second dash is the quotation whole (no point); an incise closed against a number; "że najpóźniej w 2030 r. Polska" one sentence; 30: inside an article a place in capitals alone before its dash is a dateline only in a roundup (two items open so) or as a heading of three words or more ("NATO - Russia tensions", "FTSE 100 - " whole); after "że" an adverb only before the date's preposition


@dataclass(frozen=True)
class Settings:
    """What a briefing is built with, as signatures: a day built with others is rebuilt when it is written."""

    summary: str  # the summary settings: a seed summarised with others is summarised again
    page: str  # the site settings and the templates

    @property
    def whole(self) -> str:
        return f"{self.summary}/{self.page}"


def settings_of(config: Config, renderer: Renderer) -> Settings:
    """The signatures of what the run's summaries and pages are built with."""
    summary = {**asdict(config.summary), "max_sentences": config.limits.max_sentences, "version": SUMMARIZER_VERSION}
    # The times shown are in the briefing's zone: without one, the system's, known by its names.
    zone = renderer.timezone or f"system {'/'.join(time.tzname)}"
    page = {"site": asdict(config.site), "templates": renderer.signature(), "timezone": zone}
    return Settings(_signature(summary), _signature(page))


@functools.lru_cache(maxsize=1)
def code_signature() -> str:
    """A signature of briefing's own files (its code, word lists and weights): what reads a seed.

    A checkout brought up to date (`git pull`) keeps its version number, and a seed the code before it
    could not read would be skipped as unchanged until its file changed. Hashing them took 5 ms."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _signature(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]

