"""The languages a briefing can be written in, and their names and codes.

Kept apart from tokenize.py so that naming a language does not import NLTK.
"""

from __future__ import annotations

# Languages that punkt ships a model for and sumy ships stop words and a
# stemmer for: the set a briefing can be written in.
SUPPORTED_LANGUAGES = (
    "czech", "english", "french", "german", "greek", "italian",
    "polish", "portuguese", "spanish", "swedish",
)


# ISO 639-1 codes people write in front matter, for the supported languages.
_LANGUAGE_CODES = {
    "cs": "czech", "en": "english", "fr": "french", "de": "german", "el": "greek",
    "it": "italian", "pl": "polish", "pt": "portuguese", "es": "spanish", "sv": "swedish",
}


def language_name(code_or_name: str) -> str:
    """'de', 'de-AT', 'German' -> 'german'; unknown values come back lower-cased."""
    value = code_or_name.strip().lower()
    return _LANGUAGE_CODES.get(value.split("-")[0].split("_")[0], value)


def language_code(name: str) -> str:
    """'german' -> 'de', for the HTML lang attribute."""
    for code, known in _LANGUAGE_CODES.items():
        if known == name:
            return code
    return "en"
