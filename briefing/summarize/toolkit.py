"""A language's tools: sentence and word tokenizer, stemmer and stop words, loaded once."""

from __future__ import annotations

import functools
import json
import pkgutil
from importlib import resources
from dataclasses import dataclass, field
from typing import Callable, Sequence

import nltk.stem.snowball
from sumy.nlp.stemmers import Stemmer, null_stemmer
from sumy.utils import get_stop_words, parse_stop_words

from ..languages import SUPPORTED_LANGUAGES
from ..textrules import added_stop_words
from .memo import Memo
from .tokenize import OfflineTokenizer


@dataclass(frozen=True)
class Toolkit:
    """What summarising text of one language needs."""

    language: str
    tokenizer: OfflineTokenizer
    stemmer: Callable[[str], str]
    stop_words: frozenset[str]
    calendar_stems: frozenset[str] = frozenset()  # weekdays and months: capitalised, but never a story's names

    # Each word as written -> its stem, or None for a stop word.
    _content_stem: Memo[str | None] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_content_stem", Memo(self._uncached_content_stem))

    def _uncached_content_stem(self, word: str) -> str | None:
        lowered = word.lower()
        return None if lowered in self.stop_words else self.stemmer(lowered)

    def stems_of(self, words: Sequence[str]) -> list[str]:
        """The stems of the words that are not stop words, in order."""
        return [stem for stem in map(self._content_stem.__getitem__, words) if stem is not None]


# Languages whose words are compared as written (lower-cased), rather than
# not summarised at all: sumy's Greek stemmer needs greek-stemmer-pos, which
# installs pytest as a run-time dependency, and its Polish one pystempel,
# which takes 15 s to load its 11 MB table behind a progress bar.
UNSTEMMED = frozenset({"greek", "polish"})


@functools.lru_cache(maxsize=None)
def toolkit(language: str) -> Toolkit:
    # Stems are cached per language: a word's stem never changes, and news
    # repeats its words across articles.
    stem = null_stemmer if language in UNSTEMMED else _sumy_stemmer(language)
    if language == "czech":
        stem = _uncased_as_written(stem)
    stemmer = Memo(stem).__getitem__
    calendar = frozenset(stemmer(word) for word in _calendar().get(language, ()))
    return Toolkit(language, OfflineTokenizer(language), stemmer, stop_words(language), calendar)


def _uncased_as_written(stem: Callable[[str], str]) -> Callable[[str], str]:
    """sumy's Czech stemmer keeps a word with no case ("東京") as written, and warns on stderr for each
    such word: kept as written here, without the warning."""
    def stemmed(word: str) -> str:
        return stem(word) if word.islower() or word.istitle() or word.isupper() else word

    return stemmed


@functools.lru_cache(maxsize=None)
def _calendar() -> dict[str, list[str]]:
    with resources.files(__package__).joinpath("data/calendar.json").open(encoding="utf-8") as handle:
        return json.load(handle)


# sumy looks a language's name up among ISO 639 codes before it loads the
# language's stemmer or stop words ("en" -> "english"), and that loads
# pycountry's database: 0.05 s at every start. Briefing's language is always
# a supported name already, so the two are made here as sumy makes them.


def _sumy_stemmer(language: str) -> Callable[[str], str]:
    """sumy's stemmer for `language`: its own for a few languages, NLTK's Snowball stemmer for the rest."""
    own = Stemmer.SPECIAL_STEMMERS.get(language)
    if own is not None:
        return own
    snowball = getattr(nltk.stem.snowball, f"{language.capitalize()}Stemmer", None)
    if language not in SUPPORTED_LANGUAGES or snowball is None:
        return Stemmer(language)
    return snowball().stem


@functools.lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """The words the summariser and story grouping pass over: sumy's list and the function words it lacks
    (French "de", "un"; Spanish "que", "y": briefing/rules/<language>.toml, `[words]`); and those of the
    languages in scripts without capitals that a language's tools summarise when none of briefing's is
    the text's (Hindi "में", Arabic "في": see data/script_stop_words.json), none of them a word of its own."""
    return sumy_stop_words(language) | added_stop_words(language) | _script_stop_words()


@functools.lru_cache(maxsize=None)
def _script_stop_words() -> frozenset[str]:
    with resources.files(__package__).joinpath("data/script_stop_words.json").open(encoding="utf-8") as handle:
        lists = json.load(handle)
    return frozenset(word for name, words in lists.items() if not name.startswith("_") for word in words)


@functools.lru_cache(maxsize=None)
def sumy_stop_words(language: str) -> frozenset[str]:
    if language not in SUPPORTED_LANGUAGES:
        return get_stop_words(language)
    return parse_stop_words(pkgutil.get_data("sumy", f"data/stopwords/{language}.txt"))
