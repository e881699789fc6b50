"""What a line or sentence of an article is: page furniture, metadata, or a sentence that stands alone.

The language-specific words (boilerplate phrases, byline and credit words,
month names, pronouns that need an antecedent, conjunctions, attribution
verbs) are data, one file per supported language in ``briefing/rules/``;
this module holds only the rules that use them. English rules apply to
every language as well, because page furniture is often English whatever
the language of the article ("Share this", "Cookie settings").

Shared by the reader (which blocks of a web page are the article) and the
summariser (which sentences read whole on their own).

Everything here is linear on its input: each pattern is a flat alternation
of escaped phrases or a bounded character class, so a hostile line cannot
make a regular expression backtrack.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from itertools import islice

from .languages import SUPPORTED_LANGUAGES

# Opening characters skipped before an anchored phrase: quote marks, list
# dashes and bullets, brackets.
_LEAD = r"^[\s\"'“”‘’„«»‹›\-–—•*·(\[]*"
_END_PUNCT = r"[\s\"'“”‘’„«»‹›.!?:;,)\]]*$"


def _alternation(phrases, flags=re.IGNORECASE) -> re.Pattern | None:
    """The data phrases as one regular expression (see rules/english.toml for the syntax).

    Phrases sharing a start share a branch (a trie), so a search reads each
    position of a text once rather than once per phrase: the furniture lists
    hold hundreds of phrases, and every sentence of every article is searched.
    """
    groups: dict[tuple[bool, bool], list[str]] = {}
    for phrase in phrases:
        core = phrase.strip("^$").strip()
        if core:
            key = (phrase.startswith("^"), phrase.endswith("$"))
            groups.setdefault(key, []).append(core if flags & re.IGNORECASE == 0 else core.lower())
    parts = []
    for (anchored_start, anchored_end), cores in sorted(groups.items()):
        for word_start in (True, False):
            # A phrase that starts with a letter or digit starts a word ("(c)" and "©" need not).
            chosen = [c for c in cores if (c[:1].isalnum() or c[:1] == "_") == word_start]
            if not chosen:
                continue
            body = (r"(?<![\w])" if word_start else "") + _trie(chosen)
            parts.append((_LEAD if anchored_start else "") + body + (_END_PUNCT if anchored_end else ""))
    return re.compile("|".join(f"(?:{p})" for p in parts), flags) if parts else None


def _trie(cores: list[str]) -> str:
    """An alternation of phrases as a trie of regular expressions; words are joined by any run of spaces."""
    root: dict = {}
    for core in cores:
        node = root
        for unit in re.findall(r"\s+|.", " ".join(core.split())):
            node = node.setdefault(" " if unit.isspace() else unit, {})
        # A phrase that ends with a letter or digit ends a word.
        node[None] = r"(?![\w])" if core[-1:].isalnum() else ""

    def branch(node: dict) -> str:
        # Longer phrases first, so that a substitution takes "sept" whole rather than "sep".
        alternatives = [(r"\s+" if unit == " " else re.escape(unit)) + branch(child)
                        for unit, child in node.items() if unit is not None]
        if None in node:
            alternatives.append(node[None])
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branch(root)


_TOKENS = re.compile(r"\w+")
# Letters that re's IGNORECASE takes for others beyond their lower case (see CPython's
# re/_casefix.py), each folded to one of its set, so that a word found in any case is a key found.
_FOLDS = str.maketrans({
    "ı": "i", "ſ": "s", "µ": "μ", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ϰ": "κ", "ϖ": "π", "ϱ": "ρ", "ς": "σ",
    "ϕ": "φ", "\u0345": "ι", "\u1fbe": "ι", "\u1fd3": "\u0390", "\u1fe3": "\u03b0", "ẛ": "ṡ", "ﬅ": "ﬆ",
    "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ",
})


def words_in_any_case(text: str) -> list[str]:
    """The words of a text (runs of \\w), lower-cased and folded as IGNORECASE compares them."""
    if text.isascii():  # none of the odd folds: as lower-cased
        return _TOKENS.findall(text.lower())
    if "İ" in text:  # its lower case is two characters; IGNORECASE takes it for "i"
        text = text.replace("İ", "i")
    return _TOKENS.findall(text.lower().translate(_FOLDS))


def word_set_in_any_case(text: str) -> set[str] | None:
    """The words of a text (see `words_in_any_case`), which a pattern matching whole words in any case
    finds only if it holds them all; None if the words cannot tell: the combining ypogegrammeni is no
    letter, but folds to one (ι) that would join the word beside it."""
    return None if "\u0345" in text else set(words_in_any_case(text))


@dataclass(frozen=True, eq=False)
class Furniture:
    """Phrases and patterns of page furniture, found without searching most texts.

    A phrase matches whole words, so each of its words (runs of \\w) is a
    whole word of a text it is found in: a text is searched for the phrases
    only when it holds every word of one of them. (Keyed by each phrase's
    longest word, only the phrases of a key word the text holds are
    compared: "more" or "also" is in many sentences, "read more" and "you
    may also like" in few.) A pattern of the data names the words it needs,
    one of them; one that names none, and phrases of no word ("©"), are
    searched in every text.
    """

    # A pattern; the key words it needs; and for each key word, the words needed with it (all of one set).
    searches: tuple[tuple[re.Pattern, frozenset[str], dict[str, tuple[frozenset[str], ...]]], ...]
    always: re.Pattern | None

    @classmethod
    def of(cls, phrases: list[str], patterns: list, cased: list[str]) -> "Furniture":
        """`phrases` in any case, `cased` only as written, `patterns` (see rules/english.toml)."""
        searches, always = [], []
        for chosen, flags in ((phrases, re.IGNORECASE), (cased, 0)):
            keyed, unkeyed, needs = [], [], {}
            for phrase in chosen:
                if words := words_in_any_case(phrase):
                    keyed.append(phrase)
                    needs.setdefault(max(words, key=len), set()).add(frozenset(words))
                else:
                    unkeyed.append(phrase)
            if keyed:
                searches.append((_alternation(keyed, flags), frozenset(needs),
                                 {key: tuple(sets) for key, sets in needs.items()}))
            if unkeyed and (found := _alternation(unkeyed, flags)):
                always.append(f"(?i:{found.pattern})" if flags else found.pattern)
        for pattern in patterns:
            if isinstance(pattern, str):
                always.append(f"(?i:{pattern})")
            else:
                words = frozenset(words_in_any_case(" ".join(pattern["words"])))
                searches.append((re.compile(pattern["pattern"], re.IGNORECASE), words,
                                 {word: (frozenset({word}),) for word in words}))
        return cls(tuple(searches), re.compile("|".join(always)) if always else None)

    def found_in(self, text: str) -> bool:
        if self.searches:
            words = word_set_in_any_case(text)  # (None: the text is searched for everything)
            for pattern, keys, needs in self.searches:
                if words is None or any(
                    needed <= words for key in keys.intersection(words) for needed in needs[key]
                ):
                    if pattern.search(text):
                        return True
        return self.always is not None and self.always.search(text) is not None


def _opener(words, flags=re.IGNORECASE) -> re.Pattern | None:
    """A pattern for a text that opens with one of `words` as a whole word."""
    words = sorted((w for w in words if w.strip()), key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    # A contraction opens with the word too: "They’ve", "He'd".
    return re.compile(_LEAD + f"(?:{alternatives})(?![\\w-])", flags)


def _byline_anywhere(words) -> re.Pattern | None:
    """A byline word followed by a capitalised name, anywhere in a line: "... by Patrick Shanley"."""
    words = [w.rstrip(":") for w in words if w.strip(":")]
    if not words:
        return None
    return re.compile(rf"(?<![\w])(?i:{_trie([w.lower() for w in words])}):?\s+(?:[^\W\d_a-zß-ÿ][\w'’.-]*\s*){{1,4}}")


@dataclass(frozen=True, eq=False)  # one per language (rules_for): known by identity, hashed fast
class Rules:
    """The compiled rules of one language (plus English, for page furniture)."""

    language: str
    boilerplate: Furniture
    comments: Furniture  # a heading over readers' comments: what follows it is not the article
    byline: re.Pattern | None
    byline_anywhere: re.Pattern | None
    credit: re.Pattern | None
    reading_time: re.Pattern | None
    date_words: re.Pattern | None
    pronoun: re.Pattern | None
    conjunction: re.Pattern | None
    not_conjunction: re.Pattern | None  # "So far, ...", "Yet another ...": the word opens no clause there
    adverb: re.Pattern | None
    subordinator: re.Pattern | None
    relative: re.Pattern | None
    subordinator_anywhere: re.Pattern | None
    subordinate_opener: re.Pattern | None
    correlative: re.Pattern | None
    pronoun_words: frozenset[str]
    opening_pronouns: frozenset[str]  # the `pronouns` a sentence may not open with, lower-cased
    phrase_openers: frozenset[str]  # words a phrase before the subject starts with ("in", "after")
    clause_breaks: tuple[str, ...]
    bare_breaks: tuple[str, ...]
    bare_after_dates: frozenset[str]
    date_phrases: frozenset[str]
    year_prepositions: frozenset[str]
    demonstratives: frozenset[str]
    after_demonstrative: frozenset[str]
    gerund_endings: tuple[str, ...]
    negations: frozenset[str]
    object_pronouns: frozenset[str]
    impersonal_pronouns: frozenset[str]
    expletive_openers: tuple[str, ...]
    expletive_complements: frozenset[str]
    coordinators: frozenset[str]
    dangling: frozenset[str]
    attribution: re.Pattern | None
    quotation_marks: tuple[tuple[str, str], ...]  # (opening, closing), the usual pair first
    articles: frozenset[str] = frozenset()  # "the", "der", "il": they open a noun phrase
    adverb_words: frozenset[str] = frozenset()  # the one-word `adverbs` and `phrase_openers`, lower-cased
    # Verbs, where the language's data has them (see english.toml): without, every head counts as a clause.
    finite_verbs: frozenset[str] = frozenset()
    verb_endings: tuple[str, ...] = ()
    participles: frozenset[str] = frozenset()
    participle_endings: tuple[str, ...] = ()
    adjective_endings: tuple[str, ...] = ()  # German: an article and an adjective at a cut lack their noun
    pronouns_after_verb: frozenset[str] = frozenset()  # German: "Seit 2017 leitet er ...": who is "er"?


def _load(name: str) -> dict:
    with resources.files("briefing").joinpath("rules", f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@functools.lru_cache(maxsize=None)
def rules_for(language: str) -> Rules:
    """The rules for `language` (a supported language name); unknown names get English's."""
    if language not in SUPPORTED_LANGUAGES:
        language = "english"
    own = _load(language)
    english = _load("english") if language != "english" else own

    def both(section: str, key: str) -> list[str]:
        values = list(own.get(section, {}).get(key, []))
        if language != "english":
            values += english.get(section, {}).get(key, [])
        return values

    def mine(section: str, key: str) -> list[str]:
        return list(own.get(section, {}).get(key, []))

    credit_words = both("metadata", "credit")
    credit = None
    if credit_words:
        alternatives = _trie([w.lower() for w in credit_words])
        # "Photo: AP", "(Foto: dpa)", "Bild: Reuters/X" at the end of a line, or
        # "Photo: ..." at its start.
        credit = re.compile(
            rf"(?:(?<![\w])(?:{alternatives})\s*[:/|]\s*[^\s.!?][^.!?]{{0,60}}$"
            rf"|\((?:{alternatives})\s*[:/|][^()]{{1,80}}\)"
            rf"|{_LEAD}(?:[^\W\d_]+\s+)?(?:{alternatives})\s*:)",
            re.IGNORECASE,
        )
    subordinators = mine("sentence", "subordinators")
    return Rules(
        language=language,
        boilerplate=Furniture.of(both("boilerplate", "phrases"), both("boilerplate", "patterns"),
                                 both("boilerplate", "cased")),
        comments=Furniture.of(both("comments", "phrases"), both("comments", "patterns"), []),
        byline=_opener(both("metadata", "byline")),
        byline_anywhere=_byline_anywhere(both("metadata", "byline")),
        credit=credit,
        reading_time=_alternation(both("metadata", "reading_time")),
        date_words=_alternation(both("metadata", "months") + both("metadata", "weekdays")),
        pronoun=_opener(mine("sentence", "pronouns"), flags=0),
        conjunction=_opener(mine("sentence", "conjunctions")),
        not_conjunction=_opener(mine("sentence", "not_conjunctions")),
        adverb=_opener(mine("sentence", "adverbs")),
        subordinator=_opener(subordinators + mine("sentence", "relatives")),
        relative=_opener(mine("sentence", "relatives")),
        subordinator_anywhere=_alternation(subordinators),
        subordinate_opener=_opener(subordinators),
        correlative=_alternation(mine("sentence", "correlatives")),
        pronoun_words=frozenset(w.lower() for w in mine("sentence", "pronouns") + mine("sentence", "subject_pronouns")),
        opening_pronouns=frozenset(w.lower() for w in mine("sentence", "pronouns")),
        # (A language without phrase openers has none: its adverbs do not open such a phrase either.)
        phrase_openers=frozenset(w.lower() for w in (mine("sentence", "adverbs") if mine("sentence", "phrase_openers") else [])
                                 + mine("sentence", "phrase_openers") if " " not in w),
        clause_breaks=tuple(sorted(mine("sentence", "clause_breaks"), key=len, reverse=True)),
        bare_breaks=tuple(mine("sentence", "bare_breaks")),
        bare_after_dates=frozenset(mine("sentence", "bare_after_dates")),
        date_phrases=frozenset(w.lower() for w in mine("sentence", "date_phrases")),
        year_prepositions=frozenset(mine("sentence", "year_prepositions")),
        demonstratives=frozenset(mine("sentence", "demonstratives")),
        after_demonstrative=frozenset(mine("sentence", "after_demonstrative")),
        gerund_endings=tuple(mine("sentence", "gerund_endings")),
        negations=frozenset(mine("sentence", "negations")),
        object_pronouns=frozenset(mine("sentence", "object_pronouns")),
        impersonal_pronouns=frozenset(mine("sentence", "impersonal_pronouns")),
        expletive_openers=tuple(mine("sentence", "expletive_openers")),
        expletive_complements=frozenset(mine("sentence", "expletive_complements")),
        coordinators=frozenset(mine("sentence", "coordinators")),
        dangling=frozenset(w.lower() for w in mine("sentence", "dangling")),
        attribution=_alternation(mine("sentence", "attribution") + (["said", "says", "told"] if language != "english" else [])),
        quotation_marks=tuple((pair[0], pair[1]) for pair in mine("sentence", "quotation_marks")),  # "“”" or ["« ", " »"]
        articles=frozenset(w.lower() for w in mine("sentence", "articles")),
        adverb_words=frozenset(w.lower() for w in mine("sentence", "adverbs") + mine("sentence", "phrase_openers")
                               if " " not in w),
        finite_verbs=frozenset(w.lower() for w in mine("sentence", "finite_verbs")),
        verb_endings=tuple(mine("sentence", "verb_endings")),
        participles=frozenset(w.lower() for w in mine("sentence", "participles")),
        participle_endings=tuple(mine("sentence", "participle_endings")),
        adjective_endings=tuple(mine("sentence", "adjective_endings")),
        pronouns_after_verb=frozenset(mine("sentence", "pronouns_after_verb")),
    )


@functools.cache
def dangling_words() -> frozenset[str]:
    """Words that end no sentence and no heading, in any supported language ("the", "der", "de")."""
    # From the data alone: compiling every language's rules would cost a page read a tenth of a second.
    return frozenset(
        word.lower() for language in SUPPORTED_LANGUAGES for word in _load(language)["sentence"]["dangling"]
    )


# --- language-independent patterns ------------------------------------------

# Numeric dates and clock times: 19.01.2020, 11/19/2019, 2019-11-19, 16:20, 5:45 AM.
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)(?!\d)"
)
_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-][^\W\d_])*")
_LETTER = re.compile(r"[^\W\d_]")
# What may close a quotation or a bracket after a sentence's last mark; German and Czech close a quotation
# with “ and ‘ („Wir bleiben hier.“), and ‹ › pair like « ».
CLOSING_MARKS = "\"'”’»«“‘›‹)]"
# A closing quote or bracket may stand apart from the full stop: "... he said. '" (a detokenised text).
_TERMINAL = re.compile(rf"[.!?…](?:\s*[{re.escape(CLOSING_MARKS)}])*\s*$")
# Two or more places where a word runs into the next without a space
# ("NoemKristi Lynn NoemSouth"): link texts run together.
_RUN_TOGETHER = re.compile(r"[a-zäöüàéèßçñ]{2}[A-ZÄÖÜÀÉÈÇÑ](?:[a-zäöüàéèßçñ]{2}|[A-ZÄÖÜÀÉÈÇÑ])")


def words_of(text: str) -> list[str]:
    return _WORDS.findall(text)


def repeats_title(sentence: str, title: str) -> bool:
    """Whether a sentence is the headline again (give or take a word or two)."""
    title_words = _lower_words(title)
    if not title_words:
        return False
    lowered = sentence.lower()
    if sum(w in lowered for w in set(title_words)) < 0.9 * len(set(title_words)):
        return False  # most of the headline's words are not even in it (a quick test before the words are split)
    words = tuple(w.lower() for w in words_of(sentence))
    if not words:
        return False
    if words == title_words:
        return True
    shared = len(set(words) & set(title_words))
    return shared >= 0.9 * len(set(title_words)) and len(words) <= len(title_words) + 2


@functools.lru_cache(maxsize=256)  # a headline is compared with every sentence of its article
def _lower_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in words_of(text))


def ends_as_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does: . ! ? or … with any closing quotes or brackets, or a
    Greek question's ; (see `asks_in_greek`)."""
    return bool(_TERMINAL.search(text)) or asks_in_greek(text)


def asks_in_greek(text: str) -> bool:
    """Whether the text ends in Greek's question mark, ; (or U+037E, which NFC makes ;), with any closing
    quotes or brackets: "Τι θα γίνει με τα ενοίκια;", "Πόσο θα κοστίσει το 2025;". Greek writes its
    semicolon as ·, so a ; after Greek words asks; after words of another script it is a semicolon."""
    tail = text.rstrip(" \t\n" + CLOSING_MARKS)
    if not tail.endswith((";", "\u037e")):
        return False
    last = next((char for char in reversed(tail) if char.isalpha()), "")
    return "\u0370" <= last <= "\u03ff" or "\u1f00" <= last <= "\u1fff"


def quotes_balanced(text: str, rules: Rules | None = None) -> bool:
    """Whether every quotation in the text is both opened and closed within it.

    Curly quotes are paired in order (“…” and „…“ / „…”, «…» and »…« in
    either direction, ‹…› likewise); straight double quotes must be even; a
    single quote that opens a quotation (after a space or at the start,
    before a letter) needs a closing one after it. Apostrophes inside words
    (don't, l’homme) are not quotes. A language whose `rules` pair a mark
    with itself (Swedish ”…” and »…») opens a quotation with the mark that
    closes it: without “ or „ (or «) in the text, such a ” (or ») that stands
    where a quotation opens (see _opens_here) opens one.
    """
    same = _marks_alike(rules) if rules is not None else ""
    depth = 0
    low = text.count("„")
    curly = _CURLY_DOUBLE.finditer(text) if low or "“" in text or "”" in text else ()  # most text has none
    alike = "”" in same and not low and "“" not in text  # ”…”: the same mark on both sides
    for found in curly:
        char = found.group()
        if char == "“":
            if low:  # German: „ opens and “ closes
                depth -= 1
            else:
                depth += 1
        elif char in "„":
            depth += 1
        elif char == "”":
            depth += 1 if alike and _opens_here(text, found.start()) else -1
        if depth < 0:
            return False
    if depth != 0:
        return False
    if text.count('"') % 2:
        return False
    if "»" in same and "«" not in text and "»" in text:  # »…»
        if not _paired_alike(text, "»"):
            return False
    elif text.count("«") != text.count("»"):
        return False
    if text.count("‹") != text.count("›"):
        return False
    # Single quotes: an opening one must be followed by a closing one. (Most
    # sentences have no quote mark an opening one can be: no search then.)
    if "'" not in text and "‘" not in text:
        return True
    return len(_OPENING_SINGLE.findall(text)) <= len(_CLOSING_SINGLE.findall(text))


@functools.lru_cache(maxsize=None)
def _marks_alike(rules: Rules) -> str:
    """The quotation marks the language opens and closes with alike (Swedish "”»"; English none: there
    a ” at a sentence's start is one Punkt cut from the sentence before, '“If not, why not?”This ...')."""
    return "".join(pair[0] for pair in rules.quotation_marks if pair[0].strip() == pair[1].strip())


def _opens_here(text: str, at: int) -> bool:
    """Whether the mark at `at` stands where a quotation opens: at the start, or after a space, a
    bracket, a dash or a colon, and before a letter or digit (”Vi stannar”, but not 'här”, sa han')."""
    return (at == 0 or text[at - 1] in _BEFORE_AN_OPENING or text[at - 1].isspace()) and text[at + 1:at + 2].isalnum()


def _paired_alike(text: str, mark: str) -> bool:
    """Whether the marks `mark`, which open and close alike (»…»), pair up: each opens where a quotation
    opens, else closes the one open."""
    depth = 0
    for at in (i for i, char in enumerate(text) if char == mark):
        depth += 1 if _opens_here(text, at) else -1
        if depth < 0:
            return False
    return depth == 0


_BEFORE_AN_OPENING = "([{—–-:"
_CURLY_DOUBLE = re.compile("[“„”]")
_CREDIT_MARK = re.compile("[:/|]")
_QUOTED_SPAN = re.compile(r"[“„«»\"‘]([^“”„«»\"]{1,600})[”“»«\"’]")
_OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")
_CLOSING_SINGLE = re.compile(r"(?<=[\w.,!?])['’](?=[\s.,;:!?)\]]|$)")


def has_quotation(text: str, min_words: int = 4) -> bool:
    """Whether the text quotes someone: a quoted span of at least `min_words` words."""
    for match in _QUOTED_SPAN.finditer(text):
        if len(match.group(1).split()) >= min_words:
            return True
    return False


def is_caption(text: str, rules: Rules) -> bool:
    """A photo caption or credit line: "... Photo: AP", "(Foto: dpa)", "Image: Getty"."""
    # Every form of credit has its colon, slash or bar: a text without one is not searched.
    return bool(rules.credit and _CREDIT_MARK.search(text) and rules.credit.search(text))


def is_boilerplate(text: str, rules: Rules) -> bool:
    """Page furniture: newsletter and subscription prompts, share and follow prompts, teasers, copyright."""
    if rules.boilerplate.found_in(text):
        return True
    # Brand names (YouTube, PlayStation) join words too; link texts run
    # together join many, or join some in a line that is no sentence.
    joins = len(_RUN_TOGETHER.findall(text))
    return joins >= 3 or (joins >= 2 and not ends_as_sentence(text))


def is_metadata(text: str, rules: Rules, max_words: int = 14) -> bool:
    """A dateline, byline, time stamp or reading-time line rather than a sentence.

    A short line is metadata when, without its dates, times, month and day
    names, byline opener and separators, at most three words are left, or
    when it states a reading time.
    """
    # Each space-separated piece with a letter holds a word of its own: a
    # long sentence is known without finding its words, nor reading past
    # the piece that makes too many.
    if len(list(islice(filter(_LETTER.search, text.split()), max_words + 1))) > max_words:
        return False
    words = words_of(text)
    if len(words) > max_words:
        return False
    if rules.reading_time and rules.reading_time.search(text) and len(words) <= 8:
        return True
    rest = _NUMERIC_DATE.sub(" ", text)
    dated = rest != text
    if rules.date_words:
        without = rules.date_words.sub(" ", rest)
        dated = dated or (without != rest and bool(re.search(r"\d", text)))
        rest = without
    if dated and rules.byline_anywhere:
        rest = rules.byline_anywhere.sub(" ", rest)
    bylined = False
    if rules.byline and (match := rules.byline.match(rest)):
        after = rest[match.end():].strip(" :")
        if after[:1].isupper() or after[:1].isdigit() or (after[:1].isalpha() and len(words) <= 3):
            bylined = True
            rest = after
    if not dated and not bylined:
        return False  # (most short sentences: no date, no byline)
    left = words_of(re.sub(r"\d+", " ", rest))
    if dated and len(left) <= 3 and (not any(w[:1].islower() for w in left) or not ends_as_sentence(text)):
        return True
    if bylined and len(left) <= 4 and not ends_as_sentence(text.rstrip(".")):
        return True
    return bylined and len(left) <= 4 and sum(w[:1].isupper() for w in left) >= len(left) - 1


def is_heading_like(text: str) -> bool:
    """A line that does not end as a sentence: a heading, label or list fragment."""
    return not ends_as_sentence(text)


def opens_with_pronoun(text: str, rules: Rules) -> bool:
    return bool(rules.pronoun and rules.pronoun.match(text)) or _pronoun_after_verb(text, rules)


# A language whose verb comes second has the subject pronoun after the verb when a phrase opens the
# sentence; it is looked for among the first words of its main clause.
_PRONOUN_AFTER_VERB_WORDS = 7


def _pronoun_after_verb(text: str, rules: Rules) -> bool:
    """Whether, in a language whose verb comes second, a subject pronoun follows the opening phrase and its
    verb ("Seit 2017 leitet er den Chor.", "Daneben baute er ..."): it names someone said before, as one
    opening the sentence does. Only before the first comma, and not in a subordinate clause, which opens
    with a subordinator and ends at a comma ("Als sie ankam, sagte Merkel ...": the pronoun may stand for
    a name after it; "Seit 2017 leitet er ..." has no comma: "seit" opens a phrase there)."""
    if not rules.pronouns_after_verb:
        return False
    head, comma, _ = _first_clause(text)
    pronouns = rules.pronouns_after_verb
    if not any(word in pronouns for word in head.split()[2:_PRONOUN_AFTER_VERB_WORDS]):
        return False
    return not (comma and rules.subordinator and rules.subordinator.match(text))


def _first_clause(text: str) -> tuple[str, str, str]:
    """The text up to its first comma (or other clause mark), the mark, and the rest."""
    parts = re.split(r"([,;:(–—])", text, maxsplit=1)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else (text, "", "")


# An opening phrase of at most this many words, before its comma.
_OPENING_PHRASE_WORDS = 10


def pronoun_after_opening(text: str, rules: Rules) -> bool:
    """Whether the subject after an opening phrase is a pronoun that phrase names no one for: "Out of
    work since June, he relies on his savings." The phrase is one of time, place or manner (it opens
    with a word of `phrase_openers`, or with a participle: "Satisfied, it ...", "Speaking to reporters,
    he ..."): a clause ("As the moon moves into the shadow, it ...") may hold the pronoun's noun, and a
    phrase with a name in it ("In Ms Ruiz's view, she ...", "After Microsoft bought it, it ...") its
    person or thing."""
    head, comma, rest = text.partition(",")
    if not comma or not rules.opening_pronouns or not opening_phrase(head, rules):
        return False  # (no opening phrase: "McHenry knew she was taped; at one point, she ...")
    words = head.split()
    named = [w for w in words[1:] if w[:1].isupper() and not (rules.date_words and rules.date_words.search(w))]
    if named:
        return False  # (a month or a weekday names no one)
    following = rest.split(maxsplit=1)
    # The pronouns a sentence may not open with ("he", "they", "this"), not "you" or French "on".
    return bool(following) and following[0].lower() in rules.opening_pronouns


def opening_phrase(head: str, rules: Rules) -> bool:
    """Whether the words before a sentence's first comma are a phrase of time, place or manner: they open
    with a word of `phrase_openers` or with a participle ("Satisfied", "Speaking to reporters")."""
    words = head.split()
    if not words or len(words) > _OPENING_PHRASE_WORDS or not rules.phrase_openers:
        return False
    if words[0].lower() in rules.phrase_openers:
        return len(words) > 1
    return _is_participle(words[0], rules)


def is_expletive(clause: str, rules: Rules) -> bool:
    """Whether a clause is "it is <adjective> to ..." ("it is illegal to deny ..."): its "it" stands for
    nothing said before."""
    low = " ".join(clause.lower().split())
    for opener in rules.expletive_openers:
        if low.startswith(opener + " "):
            return any(word.strip(",;:") in rules.expletive_complements for word in low[len(opener):].split()[:4])
    return False


def _is_participle(word: str, rules: Rules) -> bool:
    """A capitalised participle opening a phrase: "Using", "Satisfied", "Born" (not an adverb: "Indeed")."""
    low = word.lower()
    if not (word[:1].isupper() and low.isalpha()) or low in rules.adverb_words:
        return False
    return low in rules.participles or any(
        low.endswith(ending) and len(low) > len(ending) + 1 for ending in (*rules.participle_endings, *rules.gerund_endings))


def ends_on_a_demonstrative(text: str, rules: Rules) -> bool:
    """Whether the text uses "this" or "that" as a pronoun, for something said before it: "The pope
    mentioned this in his homily", "Few believe the military would agree to that." (A determiner has
    its noun after it: "this year", "that ruling"; nor is a relative "that" a pronoun: "a fund that will".)"""
    pattern = _demonstrative_pronoun(rules)
    return bool(pattern and pattern.search(text))


@functools.lru_cache(maxsize=None)
def _demonstrative_pronoun(rules: Rules) -> re.Pattern | None:
    if not rules.demonstratives:
        return None
    # A word that opens a relative clause or a reported one as well ("that") is a pronoun only where the
    # sentence ends on it ("... agree to that."); the others also before a comma or one of
    # `after_demonstrative` ("this, he said", "mentioned this in his homily").
    relatives = sorted(w for w in rules.demonstratives if _is_relative(w, rules))
    others = sorted(w for w in rules.demonstratives if not _is_relative(w, rules))
    end = r"""[.!?…]?["'”’»)\]]*[.!?…]?\s*$"""
    alternatives = [rf"(?:{'|'.join(map(re.escape, relatives + others))}){end}"]
    if others:
        after = "|".join(map(re.escape, sorted(rules.after_demonstrative)))
        alternatives.append(rf"(?:{'|'.join(map(re.escape, others))})(?:\s*[,;:]|\s+(?:{after})(?![\w'’-]))")
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)})", re.IGNORECASE)


def opens_with_connective(text: str, rules: Rules) -> bool:
    """Whether the text opens with a linking adverb and its comma ("However,", "Cependant,", "Sin
    embargo,"): it goes on from the sentence before it. (Not a day's word: "Yesterday, the council ..."
    stands alone; nor one in lower case: that is a fragment.) A conjunction ("But", "Mais") is left
    out: as a summary's leaning sentence it cost ROUGE on the English dev sets (cnndm-dev R-1 -0.14),
    where the adverbs alone cost none."""
    first = next((c for c in text[:8] if c.isalpha()), "")
    if not first.isupper():
        return False
    if rules.adverb and (match := rules.adverb.match(text)) and text[match.end():match.end() + 1] == ",":
        return " ".join(match.group().lower().strip(_OPENING_MARKS).split()) not in rules.date_phrases
    return False


_OPENING_MARKS = "\"'“”‘’„«»‹›-–—•*·([ \t"
_QUOTES_OPENING = "\"'“‘„«»‹›"
_LEADING_QUOTE = re.compile(r"[\"'“‘„«»‹›\s]*")


def _opening_conjunction(text: str, rules: Rules) -> re.Match | None:
    """The conjunction opening the text, if it opens a clause there ("But the plan ...", not "So far, ...")."""
    match = rules.conjunction.match(text) if rules.conjunction else None
    if match is None or (rules.not_conjunction and rules.not_conjunction.match(text)):
        return None
    return match


def strip_opening_connective(text: str, rules: Rules) -> str:
    """`text` without an opening conjunction ("But", "Und") or sentence adverb followed by a comma."""
    for _ in range(2):
        changed = False
        # The quotation mark opening the text opens what is left: '“But we stay,” she said.' -> '“We stay,” ...'.
        marks = _LEADING_QUOTE.match(text).group() if text[:1] in _QUOTES_OPENING else ""
        if match := _opening_conjunction(text, rules):
            rest = text[match.end():].lstrip(" ,")
            if rest[:1].isalpha():
                text, changed = marks + rest[:1].upper() + rest[1:], True
        if rules.adverb and (match := rules.adverb.match(text)) and text[match.end():match.end() + 1] == ",":
            rest = text[match.end() + 1:].lstrip()
            if rest[:1].isalpha():
                text, changed = marks + rest[:1].upper() + rest[1:], True
        if not changed:
            break
    return text


def is_attributed(text: str, rules: Rules) -> bool:
    """Whether a quotation in the text says who is speaking.

    Outside the quotation there must be words that name someone: a subject
    with its verb ("Pécresse called for „...“", "..., said the mayor"), or
    a name before a colon ("Drosten: ..."). A sentence that is only the
    quotation names no one; nor does one whose verb of saying has a bare
    pronoun or no subject at all for its speaker, whatever phrase of time or
    place goes with it ("..., he said on Tuesday", "..., sagte sie am
    Dienstag", "..., ha dichiarato in una conferenza stampa").
    """
    outside = _QUOTED_SPAN.sub(" | ", text)
    words = [w.lower() for w in words_of(outside)]
    if rules.attribution:
        named = [w for w in words if not rules.attribution.fullmatch(w)]
    else:
        named = words
    named = [w for w in named if w not in rules.pronoun_words]
    if not named:
        return False
    verbs = list(rules.attribution.finditer(outside)) if rules.attribution else []
    if verbs:
        # A verb of saying that holds its pronoun ("sagte er", "a-t-il") names no one.
        return any(re.split(r"[\s-]", verb.group().lower())[-1] not in rules.pronoun_words
                   and _names_speaker(outside[: verb.start()], outside[verb.end():], rules) for verb in verbs)
    colon = bool(re.search(r"\w[\w.)]*\s*:\s*[\"“„«»‘]", text))
    return colon or len(words) >= 3


# Where the words of a verb's subject end: a comma, a colon, a bracket, a dash or a quotation (" | ").
_CLAUSE_MARK = re.compile(r"[,;:()\[\]|–—]")
_CLAUSE_MARK_KEPT = re.compile(r"([,;:()\[\]|–—])")


def _names_speaker(before: str, after: str, rules: Rules) -> bool:
    """Whether the subject of a verb of saying, found before or after it, names someone.

    Before the verb ("the mayor said", "Corvo has told"), auxiliaries, adverbs and
    phrases of time are passed over to the subject's last word; a relative pronoun
    ("Corvo, who said ...") stands for a name before it. After the verb ("said the
    mayor", "sagte Müller"), an article opens the speaker's noun phrase, and a
    preposition, a time word or a pronoun names no one ("said on Tuesday", "sagte sie").
    """
    # The words before the verb back to a mark; past an apposition's comma ("Lind, the chief, said")
    # or a quoted title in the subject ("Gilley, author of “The Case for X,” argued").
    pieces = _CLAUSE_MARK_KEPT.split(before)
    earlier = [w.lower() for w in words_of(pieces[-1])]
    while not earlier and len(pieces) > 2 and pieces[-2] in ",|":
        pieces = pieces[:-2]
        earlier = [w.lower() for w in words_of(pieces[-1])]
    passed = rules.finite_verbs | rules.adverb_words | (rules.dangling - rules.articles)
    while earlier and (earlier[-1] in passed or _is_date_word(earlier[-1], rules)) and not _is_relative(earlier[-1], rules):
        earlier.pop()
    if earlier:
        last = earlier[-1]
        if last in rules.pronoun_words:
            return False  # "he said", "he later told reporters"
        if _is_relative(last, rules):
            return any(_names(w, rules) for w in words_of(before))
        if _names(last, rules):
            return True
    later = [w.lower() for w in words_of(_CLAUSE_MARK.split(after)[0])]
    if later and later[0] in rules.articles:
        return len(later) > 1 and _names(later[1], rules)
    return bool(later) and _names(later[0], rules)


def _names(word: str, rules: Rules) -> bool:
    """Whether a word may be (part of) a speaker: no pronoun, function word, preposition or time word."""
    word = word.lower()
    return not (word in rules.pronoun_words or word in rules.dangling or word in rules.adverb_words
                or word in rules.articles or _is_date_word(word, rules)
                or (rules.attribution is not None and rules.attribution.fullmatch(word) is not None))


def _is_relative(word: str, rules: Rules) -> bool:
    return bool(rules.relative and rules.relative.fullmatch(word))


def ends_on_a_date(text: str, rules: Rules) -> bool:
    """Whether the text ends on a day or a time: a weekday's or a month's name ("on Tuesday", "in
    April"), a year ("in April 2013"), a day's number after its month ("March 3", "3rd"), or one of the
    language's `date_phrases` ("last year", "yesterday")."""
    words = [w.strip(".,;:!?\"'”’()[]") for w in text.split()[-3:]]
    words = [w for w in words if w]
    if not words:
        return False
    last = words[-1]
    if _is_date_word(last, rules):
        return True
    if last.isdigit() and len(last) == 4 and 1000 <= int(last) <= 2999 and len(words) > 1 and (
            _is_date_word(words[-2], rules) or words[-2].lower() in rules.year_prepositions):
        return True  # "in April 2013", "since 2013" (not "will hold 2500")
    number = last.lower().rstrip("stndrh")
    if number.isdigit() and len(number) <= 2 and len(words) > 1 and _is_date_word(words[-2], rules):
        return True
    lowered = [w.lower() for w in words]
    return any(" ".join(lowered[-n:]) in rules.date_phrases for n in (1, 2, 3) if n <= len(lowered))


def _is_date_word(word: str, rules: Rules) -> bool:
    return bool(rules.date_words and rules.date_words.fullmatch(word))
