"""Which supported language an article is written in, from its text alone.

``detect_language(text, default)`` is the stop-word method, fixed:

1. Every word of the text votes for the languages whose stop-word list
   (sumy's own, without the function words the summariser adds to them: the rules
   below are weighed on sumy's, and German "will" would take "One in ten will
   die." from English) holds it; a word in several lists
   splits its vote between them, so words the lists share ("de", "a", "en",
   "no", "se") cannot outvote the ones that tell languages apart. One-letter
   words vote from ONE_LETTER_WORDS, not from sumy's lists: its English list
   holds every letter of the alphabet and its Italian one the "l", "d" of "l'",
   "d'", which French elides too. Czech and Polish write their most frequent
   prepositions and "and" in one letter ("v", "z", "w", "i"): without them a
   short article full of English names uses too few stop words to be theirs.
2. The text must clearly use stop words at all: the leading language's votes
   must be at least MIN_STOP_SHARE of its words, else `default` (a text in an
   unsupported language, or a list of names, is not forced into one).
3. A clear lead (at least CLEAR_MARGIN times the runner-up's votes) wins.
   Otherwise the close candidates (within the margin of the leader) are told
   apart by a few function words and letter groups that only one of them uses
   (Spanish "el", "los", "y", "ñ", "-ción"; Portuguese "não", "ão", "ç", "um",
   "os"; French "le", "les", "et", "l'", "qu'"; Italian "il", "gli", "è",
   "-zione"; and so on): the candidate with most such marks wins, the stop-word
   leader on a tie.
4. The winner must also beat the unsupported neighbours of every contender
   of 3 (a Dutch text may lead as Swedish and be won by Portuguese):
   languages briefing has no tools for, whose texts use the stop words of a supported one
   (Dutch, Danish and Norwegian read as Swedish; Catalan and Galician as
   Spanish or Portuguese; Romanian as French or Italian; Welsh as English;
   Slovak and Slovenian as Czech or Polish; Afrikaans as German; Maltese as
   Italian; Finnish, Albanian, Tagalog and Hungarian, through a few shared
   short words, as any).
   Each has its own marks, as in 3, of words and letters no supported
   language uses often (Danish "og", "ikke", "æ", "ø"; Dutch "het", "een",
   "ij"; Catalan "els", "amb", "però"). When one of them has more marks than
   the winner has of its own, the text gets `default`, as a text in an
   unsupported language should. A higher MIN_STOP_SHARE cannot do this: a
   short Danish text uses as many of Swedish's stop words as a Swedish one,
   with as clear a lead.

The old rule returned `default` whenever the runner-up came within 1.3x of the
leader, which is what Spanish texts do against Portuguese (their stop-word
lists share many frequent words): a third of Spanish articles became English.
py3langid, measured beside it, was as accurate on whole articles but needs a
4.5 MB model loaded in every process (0.7 s) and is 5x slower per text; it is
better only on texts of a line or two, which seeds are not.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from ..languages import SUPPORTED_LANGUAGES
from .toolkit import sumy_stop_words

# Share of a text's words that must be stop words of the leading language.
MIN_STOP_SHARE = 0.1
# A leader this far ahead of the runner-up wins without a tie-break.
CLEAR_MARGIN = 1.3
# How much text is read: the start of an article says which language it is in.
MAX_CHARS = 4000

# The function words of one letter that each language writes, split between the languages like any shared
# word ("a" is English, French's "has", the Romance preposition, Czech and Polish "and"). English's "v" is
# "versus": a list of fixtures ("Arsenal v Chelsea") is not Czech.
ONE_LETTER_WORDS = {
    "english": "a i v", "french": "a à y", "spanish": "a o y", "portuguese": "a e o à", "italian": "a e i o è",
    "german": "", "swedish": "i", "czech": "a i k o s u v z", "polish": "a i o u w z", "greek": "η ο ή",
}

_LETTERS = re.compile(r"[^\W\d_]+")
# The same in ASCII text: the letters of a table, not of Unicode's categories (twice as quick).
_ASCII_LETTERS = re.compile(r"[^\W\d_]+", re.ASCII)

# Marks of one language among its close neighbours: frequent function words
# (and elided forms, written with the apostrophe) that the neighbours do not
# use, and letter groups inside words. Each occurrence counts once.
DISTINCTIVE_WORDS = {
    "spanish": "el los las del y una con su sus pero más muy hay fue según también está están son este esta esto "
               "ese esa sobre hasta desde porque cuando ya le les lo al",
    "portuguese": "o os as do da dos das um uma não em no na nos nas ao aos à às é são foi pelo pela pelos pelas "
                  "com também mais seu sua seus suas ele ela eles está estão isso este esta até",
    "french": "le les des du et est une un dans pour par pas qui au aux sur avec ce cette il elle ils sont été ont "
              "plus mais ou où leur leurs nous vous sa ses son après selon l' d' qu' n' c' j' s'",
    "italian": "il gli della delle degli dei del che è non per una sono nel nella alla anche questo questa più "
               "ha hanno ma lo l' dell' all' nell' un'",
    "english": "the and of to is was that with for are have has this which",
    "german": "der die das und ist nicht ein eine mit auf den dem für von sich auch",
    "swedish": "och att det som är på för med inte av till har en ett om",
    "czech": "a je se na že to v ve s z do jsou by bylo také",
    "polish": "i w się na że z do jest nie to jak po przez",
    "greek": "και το η της του τα των ο οι στο στην με για",
}
DISTINCTIVE_GROUPS = {
    "spanish": ("ñ", "ción", "¿", "¡"),
    "portuguese": ("ão", "ões", "ã", "õ", "ç"),
    "french": ("eau", "è", "ê", "ç"),
    "italian": ("zione", "cch", "zz"),
    "english": (),
    "german": ("sch", "ß", "ä", "ö", "ü"),
    "swedish": ("å", "ä", "ö"),
    "czech": ("ě", "ř", "ů"),
    "polish": ("ł", "ą", "ę", "ś", "ż", "ź"),
    "greek": (),
}
# Unsupported languages whose texts pass for a supported one's, with their marks: words and
# letters that none of the supported languages uses often ("de", "en", "la", "van", "av", "per",
# "ve" are left out for that). Never a detected language; only a reason to keep to the default.
NEIGHBOUR_WORDS = {
    "dutch": "het een niet zijn ook bij naar werd wordt worden heeft hebben deze dit maar nog uit wel zou dat "
             "voor zich hun geen kunnen moet moeten tussen jaar twee",
    # With the marks they share with Swedish, so that only those of their own tell them apart.
    "danish": "og af ikke jeg fra også ved blev bliver vil skal være været hvor hvad hvis nogle sagde siger "
              "til ud kun mod meget ham når det som på med har en om",
    "norwegian": "og ikke jeg fra også ved ble blir vil skal være hva hvor hvis sier til etter kun mot meget "
                 "ham når å det som på med har en om av",
    # With the marks they share with Spanish, French and Italian ("el", "les", "l'", "per").
    "catalan": "els amb és però més aquest aquesta aquests aquestes seva seves dels pels perquè també així "
               "molt fins ens hi ho uns unes als després segons quan sense tots totes això seus "
               "el del al una les per l' d' s' n'",
    # With the articles and contractions it shares with Portuguese, not Spanish's ("no", "a").
    "galician": "unha unhas dunha nunha cunha polo pola polos polas tamén xa moi dende dixo dixeron non coa coas "
                "nun dun máis cando mentres ademais porén aínda moito moita ningún ningunha algún algunha goberno "
                "xunta concello o os as na nas do dos da das ao aos",
    "welsh": "mae yn yr ei ar wedi gan hyn roedd sydd ond ac ddim mewn gyda hefyd oedd cael wrth fydd bydd "
             "nhw maen",
    "romanian": "și şi în cu care pentru este sunt fost din pe nu să după despre acest această sau dar cel "
                "cea lui unei unui într prin",
    "turkish": "bir bu ile için olarak daha çok gibi olan ama kadar sonra göre yüzde",
    # Its most frequent words ("on", "se", "ja") are Czech's, Polish's and German's too: left out.
    "finnish": "ei että kun joka jotka jonka mukaan myös oli ovat olla ole ollut olisi hän hänen heidän nyt sekä "
               "jo vain kuin mutta tai jos sen niin tämä tämän jossa kanssa vuonna vuoden noin eli sitä siitä "
               "voi vielä mitä mikä yli kaksi",
    # With the marks it shares with Czech and Polish ("a", "v", "na", "že", "do", "nie").
    "slovak": "sa aj ako bol bola boli bolo sú ktorý ktorá ktoré ktorí ktorého podľa tiež alebo čo keď ešte len "
              "iba medzi pre vo so povedal uviedol budú mal mala mali môže a je v na že to do z s nie",
    "south slavic": "ki kot tudi ter še bo so pa da dejal je rekao jer kao koji koja koje bio bila bilo su će "
                    "bi ali sta smo u",  # (their "in": "u utorak u Zagrebu")
    # With the "die" it shares with German.
    "afrikaans": "het nie sal word wat vir deur oor hulle ons ook maar nog volgens gesê hy sy is van en die",
    "albanian": "të në dhe për që nga është janë kanë edhe tha ishte një kjo ajo tij saj",
    "maltese": "li u ta fuq minn għal qal kien kienet huwa hija wara biex fil tal tat mill mal bil lil kif dan din "
               "dawn ukoll iżda",
    "tagalog": "ng ang mga ay noong ito kay nang hindi siya sila rin ni sinabi ayon",
    # Its article "a" votes for every language that writes "a" (ONE_LETTER_WORDS), and its "is" for English.
    "hungarian": "az és hogy nem meg már csak szerint volt lesz mint után között egy ez ezt aki amely vagy "
                 "is",  # ("also": an English text has more of its own marks than its "is")
}
NEIGHBOUR_GROUPS = {
    "dutch": ("ij", "aa"), "danish": ("æ", "ø", "å"), "norwegian": ("æ", "ø", "å"), "catalan": ("l·l",),
    "galician": (), "welsh": (), "romanian": ("ș", "ş", "ț", "ţ", "ă"), "turkish": ("ı", "ğ"),
    "finnish": ("ää", "yy", "uu", "öö"), "slovak": ("ľ", "ô", "ä", "ĺ", "ŕ"), "south slavic": ("đ",),
    "afrikaans": ("ê", "ë"), "albanian": ("ë",), "maltese": ("għ", "ħ", "ċ", "ġ"), "tagalog": (),
    "hungarian": ("ő", "ű"),
}
_GROUPS = {**DISTINCTIVE_GROUPS, **NEIGHBOUR_GROUPS}
# Groups that mark a language only inside a word: Italian's verb "è" ("is") is a word of its own, where French
# writes "è" inside words ("très", "problème").
_INSIDE_WORDS = {"french": ("è",)}
# The supported languages each neighbour's texts pass for: it is weighed against those winners only (a
# short French text has "en" as often as a Danish one, which no Swedish text would make it). Welsh's article
# "y" is Spanish's "and".
NEIGHBOUR_HOSTS = {
    "dutch": {"swedish", "german", "english"}, "danish": {"swedish"}, "norwegian": {"swedish"},
    "catalan": {"spanish", "french", "italian", "portuguese"}, "galician": {"spanish", "portuguese"},
    "welsh": {"english", "spanish", "french"}, "romanian": {"french", "italian", "spanish", "portuguese"},
    "slovak": {"czech", "polish"}, "south slavic": {"czech", "polish"}, "afrikaans": {"german", "english", "swedish"},
    "maltese": {"italian", "french"},
}
# Words of a supported language that a neighbour's marks hold too: in a text that language wins they are its
# own and mark no neighbour ("One in ten will die." is English, not Afrikaans; "Voi siete ..." Italian, not
# Finnish; "Uno o dos goles ..." Spanish, not Galician, whose "o" and "dos" are Portuguese's).
_OWN_WORDS = {"english": ("die", "word", "van"), "german": ("nie",), "italian": ("voi",),
              "spanish": ("ni", "o", "dos", "da"), "swedish": ("sen", "jo")}
# A one-letter word between spaces (not the "s" of "Italy's", the "l" of "l'enquête", nor "U.S."), and the
# first letter after it: a capital one counts only before a small letter ("W środę", "A megbeszélés"), as
# before a capital it is an initial ("J Smith", "A Patel") or a table's heading ("P W D L F A").
_ONE_LETTER_WORD = re.compile(r"(?<!\S)([^\W\d_])(?=\s+(\S?))")
_ELISION = re.compile(r"\b([^\W\d_]{1,4}['’])(?=[^\W\d_])")


@functools.lru_cache(maxsize=None)
def _votes() -> dict[str, dict[str, float]]:
    """word -> {language: share of the word's vote} over the stop-word lists."""
    holders: dict[str, list[str]] = {}
    for name in SUPPORTED_LANGUAGES:
        for word in _stop_list(name):
            holders.setdefault(word, []).append(name)
    return {w: {name: 1.0 / len(names) for name in names} for w, names in holders.items()}


@functools.lru_cache(maxsize=None)
def _stop_list(name: str) -> frozenset[str]:
    words = (word.lower() for word in sumy_stop_words(name))
    return frozenset(w for w in words if len(w) > 1) | frozenset(ONE_LETTER_WORDS[name].split())


@functools.lru_cache(maxsize=None)
def _distinctive() -> dict[str, frozenset[str]]:
    return {name: frozenset(words.split()) for name, words in {**DISTINCTIVE_WORDS, **NEIGHBOUR_WORDS}.items()}


def stop_word_votes(counts: Counter) -> Counter:
    """Each language's share of the stop words among the words counted."""
    votes = _votes()
    score: Counter = Counter()
    # Most words are in no list: passed over without a look-up of their shares. The shares are added in
    # the text's order of words, so the sums (floats) do not depend on how the words are found.
    for word, count in counts.items():
        if word in votes:
            for name, share in votes[word].items():
                score[name] += share * count
    return score


def _marks(text: str, counts: Counter, name: str) -> int:
    """How many marks of the language the text has: `counts` holds its words and its elided forms ("l'")."""
    marks = sum(counts[w] for w in _distinctive()[name] if w in counts)
    marks += sum(text.count(g) for g in _GROUPS[name])
    return marks - sum(counts[g] for g in _INSIDE_WORDS.get(name, ()) if g in counts)


def detect_language(text: str, default: str) -> str:
    """The supported language the text is written in, or `default` when it is not clear."""
    return detected_language(text) or default


def detected_language(text: str) -> str | None:
    """The supported language the text is written in, or None when it is not clear (see the module's doc)."""
    return _detected(text[:MAX_CHARS])


@functools.lru_cache(maxsize=4)
def _detected(cased: str) -> str | None:
    # Kept for the texts seen last: a seed's verbose line asks again which language its text is in.
    text = cased.lower()
    words = (_ASCII_LETTERS if text.isascii() else _LETTERS).findall(text)
    if len(words) < 3:
        return None
    counts = Counter(words)
    voting = _voting(cased, counts)
    score = stop_word_votes(voting)
    if not score:
        return None
    ranked = score.most_common()
    best_name, best = ranked[0]
    # Does the text use stop words at all? Counted whole, not split.
    used = max(_used(voting, name) for name, _ in ranked[:3])
    if used < MIN_STOP_SHARE * len(words):
        return None
    close = [name for name, votes in ranked[1:] if votes * CLEAR_MARGIN > best]
    weighed = {best_name, *close}
    weighed |= {neighbour for name in weighed for neighbour in _neighbours(name)}
    if weighed & _eliding():  # the words with the elided forms ("l'"), which count as marks too
        counts.update(e.replace("’", "'") for e in _ELISION.findall(text))
    winner = best_name
    if close:
        contenders = [best_name, *close]
        # A one-letter word two contenders write is no mark of either ("v": English's "versus", Czech's "in").
        shared = {w for a in contenders for b in contenders if a != b
                  for w in set(ONE_LETTER_WORDS[a].split()) & set(ONE_LETTER_WORDS[b].split())}
        marks = {name: _marks(text, counts, name) - sum(counts[w] for w in shared if w in _distinctive()[name])
                 for name in contenders}
        winner = max(contenders, key=lambda name: (marks[name], score[name]))
    own = marks[winner] if close else _marks(text, counts, winner)
    # Weighed against the neighbours of every contender: a Dutch text that reads as Swedish (its stop-word
    # leader) or Portuguese (a close runner-up with one mark more) passes for neither.
    neighbours = {neighbour: None for name in (best_name, *close) for neighbour in _neighbours(name)}
    own_words = [word for word in _OWN_WORDS.get(winner, ()) if word in counts]
    if any(_marks(text, counts, name) - _shared(counts, own_words, name) > own for name in neighbours):
        return None
    return winner


def _voting(cased: str, counts: Counter) -> Counter:
    """The words that vote, in the text's order: its one-letter words only where they stand alone as words."""
    alone = Counter(letter.lower() for letter, after in _ONE_LETTER_WORD.findall(cased)
                    if letter.islower() or after.islower())
    return Counter({w: n if len(w) > 1 else alone[w] for w, n in counts.items() if len(w) > 1 or w in alone})


def _used(voting: Counter, name: str) -> int:
    """How many of the text's words are the language's stop words. Its one-letter words count in full where two
    different ones occur ("v" and "z" in a Czech headline); one repeated counts at most once more than the longer
    ones (a Hungarian text's article "a" is no sign of any supported language)."""
    held = _stop_list(name).intersection(voting)
    longer = sum(voting[w] for w in held if len(w) > 1)
    ones = [w for w in held if len(w) == 1]
    one_letter = sum(voting[w] for w in ones)
    return longer + (one_letter if len(ones) >= 2 else min(longer, one_letter))


def _shared(counts: Counter, words: list[str], neighbour: str) -> int:
    """How many of the neighbour's marks are the winner's own words (_OWN_WORDS)."""
    return sum(counts[word] for word in words if word in _distinctive()[neighbour])


@functools.lru_cache(maxsize=None)
def _neighbours(name: str) -> tuple[str, ...]:
    """The unsupported neighbours a text won by `name` is weighed against (Turkish passes for any)."""
    return tuple(neighbour for neighbour in NEIGHBOUR_WORDS if name in NEIGHBOUR_HOSTS.get(neighbour, (name,)))


@functools.lru_cache(maxsize=1)
def _eliding() -> frozenset[str]:
    """The languages with elided forms among their marks."""
    return frozenset(name for name, words in _distinctive().items() if any(w.endswith("'") for w in words))
