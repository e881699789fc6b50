"""Each language's word lists (briefing/rules/<language>.toml, English's added to every language's) made
into the patterns the other modules match: `rules_for(language)`.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Sequence

from ..languages import SUPPORTED_LANGUAGES

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
# The same for ASCII text, where its test of a letter is a table's, not Unicode's (a third quicker).
_ASCII_TOKENS = re.compile(r"\w+", re.ASCII)


# Letters that re's IGNORECASE takes for others beyond their lower case (see CPython's
# re/_casefix.py), each folded to one of its set, so that a word found in any case is a key found.
_FOLDS = str.maketrans({
    "ı": "i", "ſ": "s", "µ": "μ", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ϰ": "κ", "ϖ": "π", "ϱ": "ρ", "ς": "σ",
    "ϕ": "φ", "\u0345": "ι", "\u1fbe": "ι", "\u1fd3": "\u0390", "\u1fe3": "\u03b0", "ẛ": "ṡ", "ﬅ": "ﬆ",
    "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ",
})


@functools.lru_cache(maxsize=1024)
def lowered_words(text: str) -> tuple[str, ...]:
    """The runs of \\w of a text lower-cased, as NewsRank counts words and as a pattern in any case
    finds an ASCII text's words (`words_in_any_case`).

    Kept for the texts seen last: an article's sentences are searched for
    page furniture, then NewsRank counts their words.
    """
    lowered = text.lower()
    return tuple((_ASCII_TOKENS if lowered.isascii() else _TOKENS).findall(lowered))


def words_in_any_case(text: str) -> list[str]:
    """The words of a text (runs of \\w), lower-cased and folded as IGNORECASE compares them."""
    if text.isascii():  # none of the odd folds: as lower-cased
        return list(lowered_words(text))
    if "İ" in text:  # its lower case is two characters; IGNORECASE takes it for "i"
        text = text.replace("İ", "i")
    return _TOKENS.findall(text.lower().translate(_FOLDS))


def word_set_in_any_case(text: str) -> set[str] | None:
    """The words of a text (see `words_in_any_case`), which a pattern matching whole words in any case
    finds only if it holds them all; None if the words cannot tell: the combining ypogegrammeni is no
    letter, but folds to one (ι) that would join the word beside it."""
    words = _words_to_tell(text)
    return None if words is None else set(words)


def _words_to_tell(text: str) -> Sequence[str] | None:
    """`word_set_in_any_case`'s words, as a sequence."""
    if text.isascii():
        return lowered_words(text)
    return None if "\u0345" in text else words_in_any_case(text)


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

    # The patterns searched for when a text holds the words one needs; for each key word, the words needed
    # with it (all of one set) and the pattern they let through (one index over every pattern: a text's words
    # are looked up once, not once per pattern).
    searches: tuple[re.Pattern, ...]
    keyed: dict[str, tuple[tuple[frozenset[str], int], ...]]
    keys: frozenset[str]
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
        keyed: dict[str, list[tuple[frozenset[str], int]]] = {}
        for number, (_, _, needs) in enumerate(searches):
            for key, sets in needs.items():
                keyed.setdefault(key, []).extend((needed, number) for needed in sets)
        return cls(tuple(pattern for pattern, _, _ in searches), {key: tuple(v) for key, v in keyed.items()},
                   frozenset(keyed), re.compile("|".join(always)) if always else None)

    def found_in(self, text: str) -> bool:
        if self.searches:
            words = _words_to_tell(text)  # (None: the text is searched for everything)
            chosen: Iterable[int] = ()
            if words is None:
                chosen = range(len(self.searches))
            elif not self.keys.isdisjoint(words):  # (most texts hold no key word: no set of their words)
                held = set(words)
                chosen = {number for key in self.keys.intersection(held)
                          for needed, number in self.keyed[key] if needed <= held}
            if any(self.searches[number].search(text) for number in chosen):
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
    author_roles: frozenset[str]  # words of a byline's part that is a role or a newsroom, lower case
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
    speech_dashes: str = ""  # Swedish, Polish: a dash opening a paragraph of quoted speech ("– Vi ..., säger han.")
    articles: frozenset[str] = frozenset()  # "the", "der", "il": they open a noun phrase
    adverb_words: frozenset[str] = frozenset()  # the one-word `adverbs` and `phrase_openers`, lower-cased
    # Verbs, where the language's data has them (see english.toml): without, every head counts as a clause.
    finite_verbs: frozenset[str] = frozenset()
    verb_endings: tuple[str, ...] = ()
    participles: frozenset[str] = frozenset()
    participle_endings: tuple[str, ...] = ()
    adjective_endings: tuple[str, ...] = ()  # German: an article and an adjective at a cut lack their noun
    pronouns_after_verb: frozenset[str] = frozenset()  # German: "Seit 2017 leitet er ...": who is "er"?
    # German "Damit", "Seitdem": an adverb that leans ("Seitdem fahren ..."), or a subordinate clause's
    # conjunction ("Seitdem die Brücke gesperrt ist, fahren ...").
    pronouns_opening_clauses: frozenset[str] = frozenset()
    # German "Das", "Dem": an article, or a pronoun for what was said before when a verb follows it
    # ("Das teilte die Polizei mit."); `attribute_openers` open an adjective's phrase after the article instead.
    demonstrative_openers: frozenset[str] = frozenset()
    attribute_openers: frozenset[str] = frozenset()
    attribution_objects: frozenset[str] = frozenset()  # of `attribution`, those that need the source they name
    verb_particles: frozenset[str] = frozenset()  # German: "wies darauf hin": the clause's end, its verb's part
    # Spanish, Portuguese, Italian: a verb of saying opening a sentence before one of `complementizers` has
    # left its subject out ("Dijo que ...", "Añadió que ..."); one with a `preterite_endings` ending too.
    complementizers: frozenset[str] = frozenset()
    contrasts: frozenset[str] = frozenset()  # "but" of "not X but Y", after one of `negations`
    corrections: frozenset[str] = frozenset()  # German "sondern": only ever the "but Y" of "not X"
    preterite_endings: tuple[str, ...] = ()
    as_opener: re.Pattern | None = None  # "As" of "As he added, ...": see saying.py
    # "Affaire à suivre...": an article's last words before an ellipsis, which no paywall cut short.
    closing_phrase: re.Pattern | None = None


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
    other = _load("other")  # (languages with no model of their own: see rules/other.toml)

    def both(section: str, key: str) -> list[str]:
        values = list(own.get(section, {}).get(key, []))
        if language != "english":
            values += english.get(section, {}).get(key, [])
        return values + other.get(section, {}).get(key, [])

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
        author_roles=frozenset(word.lower() for word in both("metadata", "author_roles")),
        date_words=_alternation(both("metadata", "months") + both("metadata", "weekdays")),
        pronoun=_opener(mine("sentence", "pronouns") + mine("sentence", "leaning_openers"), flags=0),
        as_opener=_opener(mine("sentence", "as_openers"), flags=0),
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
        speech_dashes="".join(mine("sentence", "speech_dashes")),
        articles=frozenset(w.lower() for w in mine("sentence", "articles")),
        adverb_words=frozenset(w.lower() for w in mine("sentence", "adverbs") + mine("sentence", "phrase_openers")
                               if " " not in w),
        finite_verbs=frozenset(w.lower() for w in mine("sentence", "finite_verbs")),
        verb_endings=tuple(mine("sentence", "verb_endings")),
        participles=frozenset(w.lower() for w in mine("sentence", "participles")),
        participle_endings=tuple(mine("sentence", "participle_endings")),
        adjective_endings=tuple(mine("sentence", "adjective_endings")),
        pronouns_after_verb=frozenset(mine("sentence", "pronouns_after_verb")),
        pronouns_opening_clauses=frozenset(mine("sentence", "pronouns_opening_clauses")),
        demonstrative_openers=frozenset(mine("sentence", "demonstrative_openers")),
        attribute_openers=frozenset(mine("sentence", "attribute_openers")),
        attribution_objects=frozenset(w.lower() for w in mine("sentence", "attribution_objects")),
        verb_particles=frozenset(mine("sentence", "verb_particles")),
        complementizers=frozenset(mine("sentence", "complementizers")),
        contrasts=frozenset(mine("sentence", "contrasts")),
        corrections=frozenset(mine("sentence", "corrections")),
        preterite_endings=tuple(mine("sentence", "preterite_endings")),
        closing_phrase=_alternation([f"{phrase}$" for phrase in both("sentence", "closing_phrases")]),
    )


@functools.cache
def dangling_words() -> frozenset[str]:
    """Words that end no sentence and no heading, in any supported language ("the", "der", "de")."""
    # From the data alone: compiling every language's rules would cost a page read a tenth of a second.
    return frozenset(
        word.lower() for language in SUPPORTED_LANGUAGES for word in _load(language)["sentence"]["dangling"]
    )


@functools.cache
def added_stop_words(language: str) -> frozenset[str]:
    """The function words the language's data adds to sumy's stop-word list (its `[words]` section)."""
    if language not in SUPPORTED_LANGUAGES:
        return frozenset()
    return frozenset(word.lower() for word in _load(language).get("words", {}).get("stop_words", ()))
