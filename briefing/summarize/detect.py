"""Which supported language an article is written in, from its stop words."""

from __future__ import annotations

import re

from ..languages import SUPPORTED_LANGUAGES
from .toolkit import stop_words

_LETTERS = re.compile(r"[^\W\d_]+")


def detect_language(text: str, default: str) -> str:
    """The supported language whose stop words the text uses most, or `default` when unclear.

    Stop words make up a third or more of running text in every supported
    language, and each language's list is its own; a clear winner needs both a
    real share of the words and a lead over the runner-up.
    """
    words = [w.lower() for w in _LETTERS.findall(text[:4000])]
    if len(words) < 20:
        return default
    hits = sorted(
        ((sum(w in stop_words(name) for w in words), name) for name in SUPPORTED_LANGUAGES),
        reverse=True,
    )
    (best, name), (second, _) = hits[0], hits[1]
    if best >= 0.2 * len(words) and best >= 1.3 * second:
        return name
    return default
