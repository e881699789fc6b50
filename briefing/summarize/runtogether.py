"""Sentences run together where a page or a corpus lost the space or the break between them: split again.

Text taken from web pages often loses the line break after a subheading or the
space after a full stop: "Erreur humaineLe lot 18312 ...", "... es más que
clara.Analizan el nuevo producto ...". Punkt sees one sentence there, and a
summary or a key point shows the heading glued to the sentence. Nor does Punkt
end a sentence at "…" or "etc." before a word that opens a sentence
("Toulouse, Lyon, Vitrolles... Des dizaines de lycées ..."). The words that
open a sentence are each language's articles, pronouns, prepositions and
conjunctions, as written at a sentence's start: a name glued to a word ("par
BFMTVPierre Dharréville") is left as it is, and so are the names written with
a capital inside ("LinkedIn", "YouTube", "ProfessorIn").

Beside cuts.py, which calls it before it mends Punkt's other cuts.
"""

from __future__ import annotations

import functools
import re

from ..textrules import dangling_words

# Words that open a sentence, as written there (capitalised), in each language: articles, pronouns,
# prepositions, conjunctions and a few adverbs; rarely the end of a name written with a capital inside.
SENTENCE_OPENERS = {
    "czech": "A Ale Ani Avšak Během Bez Byl Byla Byli Bylo By Co Dnes Do Dosud Díky I Jak Je Jeho Její Jejich Jestli "
             "Již Jsou K Kde Kdo Kdy Ke Když Kromě Kvůli Letos Loni Mezi Mezitím My Na Nad Nakonec Navíc Ne Nebo "
             "Nicméně Nikdo Nyní O Od On Ona Oni Ono Ony Pak Po Pod Podle Pokud Poté Potom Pro Proto Proč Před Přes "
             "Při S Se Současně Tak Tam Tato Tedy Ten Tento To Toto Tyto Také Teď U V Ve Vy Však Včera Všichni Z Za "
             "Zatím Zatímco Ze Zítra Zde Už",
    "polish": "A Ale Bez Bo Choć Chociaż Co Czy Do Dla Dlaczego Dopiero Dziś Dzisiaj Dzięki Gdy Gdzie I Ich Jak Jednak "
              "Jednocześnie Jego Jej Jeśli Jeżeli Jeszcze Już Jutro Kiedy Kto Każdy Lecz Mimo My Na Nad Następnie "
              "Natomiast Nic Nie Nikt O Obecnie Od On Ona One Oni Ono Oraz Po Pod Podczas Ponadto Ponieważ Potem "
              "Później Przed Przez Przy Również Skoro Także Tak Tam Te Teraz Ten To Tu Tutaj Tym Tymczasem U W We "
              "Według Wcześniej Więc Wreszcie Wszyscy Wtedy Wówczas Wczoraj Wśród Z Za Zanim Zatem Ze Żeby Zdaniem "
              "Niestety Dotychczas Ostatecznie",
    "english": "A According After Although Among An And Another As At Because Before But By Despite During Each Even "
               "For From He Her Here His However I If Its Many Meanwhile Most Now Other Others Our She Since Some "
               "Still The Their Then There These They This Those Though Today Under Until We What When Where While "
               "Who Why With Without Yesterday Yet",
    "french": "À Ainsi Alors Après Au Aucun Aucune Aujourd'hui Aujourd’hui Aussi Autre Aux Avant Avec C'est C’est Ce Cela "
              "Celle Celui Cependant Ces Cet Cette Chaque Chez Comme Dans De Depuis Des Donc Dès Du Elle Elles En "
              "Enfin Entre Et Hier Il Ils Je L'un L’un La Le Les Leur Leurs Lors Lorsque Mais Malgré Même Nous Or Outre "
              "Par Parmi Pendant Plus Plusieurs Pour Pourtant Près Puis Quand Quant Sa Selon Ses Si Son Sous Sur "
              "Toujours Tous Tout Toute Toutes Un Une Vers Vous",
    "german": "Aber Alle Allerdings Als Am An Auch Auf Aus Außerdem Bei Bereits Bis Da Dabei Dadurch Dafür Daher Damit "
              "Danach Dann Darauf Das Dass Dazu Dem Den Denn Der Des Deshalb Die Dies Diese Diesem Diesen Dieser Dieses "
              "Doch Dort Durch Ein Eine Einem Einen Einer Eines Er Es Für Gestern Heute Hier Ich Ihr Ihre Im In Jetzt "
              "Laut Man Mit Nach Nachdem Neben Noch Nun Nur Ob Obwohl Oder Seit Sein Seine Sie So Trotz Trotzdem Über "
              "Um Und Unter Vom Von Vor Während Wann Warum Was Weil Wenn Wer Wie Wir Wo Zudem Zum Zur Zwar",
    "greek": "Αλλά Από Για Δεν Η Και Κατά Μετά Με Μια Ο Οι Όμως Όπως Όταν Πριν Σε Στη Στην Στο Στον Στους Τα Την Της "
             "Το Τον Του Των",
    "italian": "A Al Alla Anche Ci Come Con Così Da Dal Dalla Dei Del Della Di Dopo Durante E Ecco Era Gli Ha Hanno Ieri "
               "Il In La Le Lo Ma Mentre Nel Nella Non Oggi Ogni Per Però Poi Prima Quando Quella Quello Questa Questo Se "
               "Secondo Si Su Sul Sulla Tra Tutti Un Una Uno",
    "portuguese": "A Além Antes Ao Aos Após As Assim Até Com Como Da Das De Depois Desde Do Dos Durante E Ela Elas Ele Eles "
                  "Em Enquanto Entre Essa Esse Esta Este Eu Foi Há Hoje Isso Isto Já Mas Mesmo Na Nas No Nos Não Nós O Ontem "
                  "Os Para Pela Pelo Por Porém Quando Se Segundo Sem Seu Sua Sobre Também Um Uma",
    "spanish": "A Además Ahora Al Allí Ante Antes Así Aunque Ayer Con Cuando De Del Desde Después Durante El Ella Ellas "
               "Ellos En Entre Es Esa Ese Eso Esta Este Esto Fue Hay Hoy Incluso La Las Lo Los Mientras No Para Pero Por "
               "Pues Se Según Si Sin Sobre Su Sus También Tras Un Una Y Ya",
    "swedish": "Alla Av Att Där Den Det Detta Dessa De Efter En Enligt Ett Eftersom För Han Hon I Inte Med Men Nu När "
               "Och Om På Sedan Som Till Under Vi Vid",
}

# Russian and Ukrainian words that open a sentence (pronouns, prepositions, conjunctions, a few adverbs), as
# written there: none is a surname, which follows a name's initials ("С.С. Собянин"); after a surname's
# initials written behind it ("Иванов А.Б. Он ..."), one of them opens the next sentence. (Not "Ли", a surname.)
CYRILLIC_OPENERS = frozenset((
    "А Без Бы Был Была Были Было В Вместе Во Вот Впрочем Все Всё Вчера Где Да Для До Его Её Если Ещё Же За Затем "
    "Здесь И Из Или Им Их К Как Когда Кроме Кто Между Мы На Над Накануне Не Несмотря Нет Ни Но О Об Однако Он Она "
    "Они Оно От По Под После Потом Поэтому При Про Ранее С Сам Сегодня Сейчас Со Согласно Так Также Там Тем Теперь "
    "То Тогда Только Уже У Чем Что Чтобы Это Эта Этот Эти Я "
    "Адже Але Вже Він Від Вона Вони Воно Всі Де З Згідно Зараз Й Із Її Їх Його Коли Крім Лише Наразі Однак Під "
    "Після Проте Раніше Сьогодні Та Тому Тоді Це Ця Цей Ці Що Щоб Як"
).split())

# Elided words that open a sentence, before their apostrophe and a small letter ("L'entourage", "Dell'anno"):
# a heading glued to one ("Les excuses de CollombL'entourage de ...") is cut there too.
ELIDED_OPENERS = {"french": ("L", "D", "C", "J", "S", "N", "Qu", "Lorsqu", "Puisqu", "Jusqu"),
                   "italian": ("L", "Un", "Dell", "All", "Nell", "Dall", "Sull", "C", "D")}
# The end of a list written "etc." ("usw.", "osv."): a sentence may end there, before a word that opens one.
_LIST_ENDS = {
    "english": ("etc",), "french": ("etc",), "german": ("usw", "etc"), "greek": ("κλπ", "κ.λπ"),
    "italian": ("ecc", "etc"), "portuguese": ("etc",), "spanish": ("etc",), "swedish": ("osv", "etc"),
}
# Openers that are also the capitalised end of a word ("LinkedIn", German "ProfessorIn", "AddOn"): a glued
# heading is never split before one of them.
# French "Plus" ends brands ("OnePlus", "CanalPlus", "DisneyPlus") more often than a heading runs into it.
_WORD_ENDS = frozenset({"In", "On", "Up", "Out", "It", "Me", "My", "Us", "An", "At", "As", "I", "A", "Plus"})

# Letters by case, for classes the standard `re` lacks (Latin and Greek; Cyrillic has no supported language).
_CAPITALS = "".join(c for c in map(chr, range(0x41, 0x400)) if c.isalpha() and c.isupper())
_SMALL = "".join(c for c in map(chr, range(0x61, 0x400)) if c.isalpha() and c.islower())
# A full stop, question or exclamation mark (or an ellipsis) after a word in lower case, with no space before
# the capitalised word that follows it: "... más que clara.Analizan el nuevo ...", "¿Hacendado?La pechuga ...". (Not an
# abbreviation's capitals, "U.S.Steel", nor "Prof.Müller": Punkt's joins mend a title cut there.)
_NO_SPACE_AFTER_A_STOP = re.compile(rf"[{_SMALL}]{{2}}(?:[.!?]+|…)[\"'»”’)]*(?=[{_CAPITALS}][{_SMALL}]*[\s,;:])")
# What each cut needs and most sentences lack, looked for first (a scan the regular expression engine makes fast
# from the first character): a stop right before a capital; a small letter, or a capital, right before a capital
# (or a closing quotation mark before it: a quoted heading, "« Un scandale »Le maire ...").
_STOP_THEN_CAPITAL = re.compile(rf"[.!?…][\"'»”’)]*[{_CAPITALS}]")
# A letter then a capital, maybe with a closing mark between: found from the capital (the engine scans for
# those alone, and most letters are none), looking back (7 times faster than from every letter).
_CAPITAL_AFTER_A_LETTER = re.compile(rf"[{_CAPITALS}](?:" + "|".join(
    rf"(?<=[{_SMALL}{_CAPITALS}]{between}[{_CAPITALS}])" for between in ("", '["”]', "»", r"\s»")) + ")")
# Titles written before a name, in any language, with two small letters or more (those with one, "Mr.", "Dr.",
# are no match above): "Mrs.Smith", "Prof.Martin", "Sen.Warren", "Sra.Pérez" are a title and its name.
_TITLES = frozenset(
    "Mrs Messrs Prof Profa Profe Sen Rep Gen Gov Atty Sgt Supt Capt Cmdr Col Adm Det Insp Cpl Pvt Rev Hon Pres "
    "Mme Mmes Mlle Mgr Sra Srta Sres Dra Lic Ing Arq Gral Pdte Excmo Excma Dña Sto Sta Dott Sig Avv Dipl Geom".split())
# A word in small letters with a capitalised word glued to it, a heading's last word and a name or a noun
# opening the sentence under it ("Condamnations unanimesÉdouard Philippe ...", "on this deviceSadio Mane
# ...", "Coverage in fullMr Blair has ..."): no name or brand opens with three small letters and a capital
# inside ("iPhone", "eBay" have one).
# Only after a heading's few words, and not after a word that needs more ("theMayor", "desFrançais").
_GLUED_CAPITALISED = re.compile(rf"(?<![\w'’-])[{_SMALL}]{{3,}}(?=[{_CAPITALS}](?:[{_SMALL}]{{2}}|[{_SMALL}]?\.?\s[{_CAPITALS}]))")
_HEADING_MAX_WORDS = 12
# A quoted heading glued to a quotation opening the sentence under it ('"Relâchement""J'observe ...'): a
# closing mark after a word and an opening one before a capital.
_QUOTE_THEN_QUOTE = re.compile(rf"(?<=[{_SMALL}.!?])[\"”](?=[\"“][{_CAPITALS}])")
# A wire's subheading between dashes, glued to the sentence under it ("- 800.000 vies -Mais les chiffres ...").
_DASHED_HEADING = re.compile(rf"^[-–—]\s[^-–—]{{1,80}}?\s[-–—](?=[{_CAPITALS}])")
_WORD_BEFORE_A_STOP = re.compile(r"(\w+)\.[\"'»”’)]*$")


@functools.lru_cache(maxsize=None)
def _glued_opener(language: str) -> re.Pattern | None:
    """Two small letters (or three capitals: a heading in capitals) and, glued to them, a word that opens a
    sentence, followed by a space, a comma or an apostrophe, or an elided one and its word: "humaineLe lot",
    "DEMANDÉELe meurtrier", "CollombL'entourage", a quoted heading's closing mark between ("« Un scandale »Le maire")."""
    words = sorted({w for w in SENTENCE_OPENERS.get(language, "").split() if len(w) > 1} - _WORD_ENDS,
                   key=len, reverse=True)
    if not words:
        return None
    elided = sorted(ELIDED_OPENERS.get(language, ()), key=len, reverse=True)
    then_elided = rf"|(?:{'|'.join(elided)})['’][{_SMALL}]" if elided else ""
    # (A capital ahead before the words are tried: a position of a word in small letters fails at once.)
    return re.compile(rf"(?:[{_SMALL}]{{2}}|[{_CAPITALS}]{{3}})(?:[\"”]|\s?»)?(?=[{_CAPITALS}])"
                      rf"(?=(?:{'|'.join(map(re.escape, words))})[\s,;:'’]{then_elided})")


@functools.lru_cache(maxsize=None)
def _mark_then_opener(language: str) -> re.Pattern | None:
    """An ellipsis, or "etc." and its kind, then a space and a word that opens a sentence."""
    words = sorted((w for w in SENTENCE_OPENERS.get(language, "").split() if len(w) > 1), key=len, reverse=True)
    if not words:
        return None
    ends = [r"…", r"\.\.\."] + [rf"(?<![\w.])(?i:{re.escape(end)})\." for end in _LIST_ENDS.get(language, ())]
    return re.compile(rf"(?:{'|'.join(ends)})[\"'»”’)]*\s+(?=(?:{'|'.join(map(re.escape, words))})(?![\w'’-]))")


# A single quotation mark that opens (after a space, before a word) or closes (after a word or a stop, before
# a space or a stop): an apostrophe ("didn't", "l'homme") does neither.
_OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=\w)")
_CLOSING_SINGLE = re.compile(r"(?<=[\w.,!?])['’](?=[\s.,;:!?)\]]|$)")


_LETTER = re.compile(r"[^\W\d_]")


def _quotation_open(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    if text.count('"') % 2 == 1 or text.count("«") > text.count("»"):
        return True
    if len(_OPENING_SINGLE.findall(text)) > len(_CLOSING_SINGLE.findall(text)):
        return True  # "She said he 'didn't mind ... a loner... Other students ...'"
    if "„" in text:  # („...“, the German way)
        return text.count("„") > text.count("“") + text.count("”")
    return text.count("“") > text.count("”")


def _after_a_title(text: str) -> bool:
    """Whether `text` ends in a title and its full stop ("... met Mrs.")."""
    word = _WORD_BEFORE_A_STOP.search(text)
    return word is not None and word.group(1) in _TITLES


def _in_a_name(sentence: str, cut: int) -> bool:
    """Whether the word before a glued opener is part of a name rather than a heading's last word: one with a
    capital inside ("HeForShe", "TheVerge"), or a short word in capitals alone ("USAToday", "NBCToday": a
    heading in capitals has more than one word)."""
    before = sentence[:cut].split()
    word = before[-1] if before else ""
    letters = [c for c in word if c.isalpha()]
    # (Not a word run into a name, "inPalworld": a name opens with its capital, or one small letter, "iPhone".)
    if (any(c.isupper() for c in letters[1:]) and any(c.islower() for c in letters)
            and any(c.isupper() for c in letters[:2])):
        return True
    alone = len(before) < 2 or not any(c.isalpha() for c in before[-2]) or not before[-2].isupper()
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters) and alone


def _ends_a_list_or_trails_off(sentence: str, language: str) -> bool:
    """Whether the sentence holds an ellipsis or "etc." (and its kind): where _mark_then_opener may cut."""
    if "…" in sentence or "..." in sentence:
        return True
    lowered = sentence.lower()
    return any(f"{end}." in lowered for end in _LIST_ENDS.get(language, ()))


def split_run_together(sentence: str, language: str) -> list[str]:
    """The sentence cut where another one was run into it (see the module's docstring)."""
    cuts: list[int] = []
    if sentence[:1] in "-–—" and (dashed := _DASHED_HEADING.match(sentence)):
        cuts.append(dashed.end())
    if '""' in sentence or '”“' in sentence or '"“' in sentence or '”"' in sentence:
        cuts.extend(found.end() for found in _QUOTE_THEN_QUOTE.finditer(sentence))
    if _STOP_THEN_CAPITAL.search(sentence):
        cuts.extend(found.end() for found in _NO_SPACE_AFTER_A_STOP.finditer(sentence, 0, len(sentence) - 1)
                    if not _after_a_title(sentence[:found.end()]))
    # (Searched once: its classes are every letter, and most sentences have none: a third of the time here.)
    capital_after_a_letter = _CAPITAL_AFTER_A_LETTER.search(sentence) is not None
    if capital_after_a_letter and (glued := _glued_opener(language)) is not None:
        cuts.extend(found.end() for found in glued.finditer(sentence) if not _in_a_name(sentence, found.end()))
    if _ends_a_list_or_trails_off(sentence, language) and (marked := _mark_then_opener(language)) is not None:
        # (Not inside a quotation: "I was ... The town" leaves out words of what someone said.)
        # (Nor after a mark that opens the sentence: "... Then we will ..." leaves out its start.)
        cuts.extend(found.end() for found in marked.finditer(sentence, 0, len(sentence) - 1)
                    if _LETTER.search(sentence, 0, found.start()) and not _quotation_open(sentence[:found.start()]))
    if capital_after_a_letter:
        # (The heading's words counted from the sentence's start, or from the cut before it: "... la verdad.Una
        # compañera rompe su silencioJosé Luis ...".)
        cuts.extend(found.end() for found in _GLUED_CAPITALISED.finditer(sentence)
                    if found.group().lower() not in dangling_words()
                    and len(sentence[max((c for c in cuts if c <= found.start()), default=0):found.start()].split())
                    < _HEADING_MAX_WORDS)
    if not cuts:
        return [sentence]
    parts, start = [], 0
    for cut in sorted(set(cuts)):
        part = sentence[start:cut].strip()
        if part:
            parts.append(part)
        start = cut
    parts.append(sentence[start:].strip())
    return [part for part in parts if part]
