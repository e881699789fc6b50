"""The languages a briefing can be written in, and their names and codes.

Kept apart from the summariser so that naming a language does not import NLTK.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

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


# BCP 47's tag for a language not determined: a text in a language briefing does not support is marked as
# none, rather than as the default language whose tools summarised it (a screen reader would read Dutch as
# English).
UNDETERMINED = "und"


def language_name(code_or_name: str) -> str:
    """'de', 'de-AT', 'German' -> 'german'; unknown values come back lower-cased."""
    value = code_or_name.strip().lower()
    return _LANGUAGE_CODES.get(value.split("-")[0].split("_")[0], value)


# A language tag as BCP 47 writes one: its language, then a script, a region or a variant ("nl-BE", "sr-Latn").
_TAG = re.compile(r"([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{2,8}){0,3})")


# Tags that name no one language: undetermined, several, none, not coded (the text's script may tell more).
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


def language_tag(value: str | None) -> str | None:
    """A declared language as a well-formed BCP 47 tag ("ru", "nl_be" -> "nl-BE", "sr-latn" -> "sr-Latn"); None
    for a value that is none ("klingon", "en us", "")."""
    found = _TAG.fullmatch((value or "").strip())
    if found is None or found[1].lower() in _NO_LANGUAGE:
        return None
    parts = [found[1].lower()]
    for part in found[2].replace("_", "-").split("-")[1:]:
        parts.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(parts)


def language_code(name: str) -> str:
    """'german' -> 'de', for the HTML lang attribute."""
    for code, known in _LANGUAGE_CODES.items():
        if known == name:
            return code
    return "en"


# Letters of the scripts the supported languages are written in: Latin (with
# its extensions) and Greek.
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_SUPPORTED_LETTERS = re.compile(f"[{_LATIN}{_GREEK}]")
_LETTER = re.compile(r"[^\W\d_]")
# Characters that count as no letter or as a supported one: ASCII, the
# supported letters, Latin-1's signs (not "ª", "µ", "º", "²", "¼", which
# count as letters), general punctuation and currency signs. Text made only
# of these needs no counting.
_NEVER_UNSUPPORTED = re.compile(
    "[\x00-\x7f\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u1f00-\u1fff"
    "\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u2000-\u206f\u20a0-\u20cf]*"
)


def unsupported_script(text: str) -> str | None:
    """The script most of the text's letters are in, if no supported language is written in it.

    Looks at the first 2,000 letters; None when they are mostly Latin or Greek.
    """
    head = text[:8000]
    if _NEVER_UNSUPPORTED.fullmatch(head):
        return None  # the usual case, known in one scan, without listing the letters
    letters = _LETTER.findall(head)[:2000]
    if not letters:
        return None
    # One pass over the joined letters, not a match call per letter.
    supported = len(_SUPPORTED_LETTERS.findall("".join(letters)))
    if supported * 2 >= len(letters):
        return None
    scripts: dict[str, int] = {}
    for letter in letters:
        if not _SUPPORTED_LETTERS.match(letter):
            script = unicodedata.name(letter, "UNKNOWN").split()[0]
            scripts[script] = scripts.get(script, 0) + 1
    top = max(scripts, key=scripts.get)
    # Japanese news writes more kanji (Han) than kana, and Chinese no kana at all.
    if top == "CJK" and 10 * sum(scripts.get(kana, 0) for kana in _KANA) >= scripts[top]:
        return "Japanese"
    return _SCRIPT_NAMES.get(top, top.capitalize())


_GREEK_LETTERS = re.compile(f"[{_GREEK}]")
_LATIN_LETTERS = re.compile(f"[{_LATIN}]")


def script_unlike(language: str, text: str) -> str | None:
    """The script the text is written in when the supported `language` is not written in it, else None: a text
    mostly in a script no supported language uses (a Japanese one under `lang: fr`, its Latin brand names and all:
    "Japanese"); a Latin one said to be Greek, or a Greek one said to be French, when under a fifth of its letters
    are in the language's own script (a Greek brief of Latin brand names, or one quoting English, keeps `el`)."""
    if (script := unsupported_script(text)) is not None:
        return script
    head = text[:8000]
    if language != "greek" and head.isascii():
        return None  # the usual case: Latin letters only
    letters = "".join(_LETTER.findall(head)[:2000])
    own = len((_GREEK_LETTERS if language == "greek" else _LATIN_LETTERS).findall(letters))
    if not letters or own * 5 >= len(letters):
        return None
    return "Latin" if language == "greek" else "Greek"


# The scripts that tell their language: the tag a text of no supported language takes from its script. Others
# are written in several (Cyrillic: Russian, Ukrainian, Bulgarian, ...; Arabic: Arabic, Persian, Urdu, ...).
_SCRIPT_LANGUAGES = {"Chinese (Han)": "zh", "Japanese": "ja", "Korean": "ko", "Hebrew": "he", "Thai": "th"}


def script_language_code(text: str) -> str:
    """The language tag of a text in no supported language: its script's language when only one language is
    written in it (Japanese "ja", Korean "ko", Hebrew "he", ...), else "und"."""
    script = unsupported_script(text)
    return _SCRIPT_LANGUAGES.get(script, UNDETERMINED) if script else UNDETERMINED


def is_supported_code(code: str) -> bool:
    """Whether a language tag is one of the supported languages' (all written left to right)."""
    return code in _LANGUAGE_CODES


_KANA = ("HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA")
_SCRIPT_NAMES = {"CJK": "Chinese (Han)", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "KATAKANA-HIRAGANA": "Japanese",
                 "HANGUL": "Korean"}


# Letters of the scripts written without spaces between words: Han (with its extensions and compatibility
# forms), hiragana, katakana and their phonetic extensions, and the "々" and "〆" written inside words.
SPACELESS_LETTERS = (
    "\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_SPACELESS = re.compile(f"[{SPACELESS_LETTERS}]")
SPACELESS_RUN = re.compile(f"[{SPACELESS_LETTERS}]+")


def has_spaceless(text: str) -> bool:
    """Whether the text holds a letter of a script written without spaces between words (Han, kana)."""
    return _SPACELESS.search(text) is not None


def spaceless_word_count(token: str) -> int:
    """How many words a token (between spaces) counts for: one, or for a run of Han or kana ("東京では今日"),
    one for about every two of those letters, a word's usual length in Chinese and Japanese."""
    letters = sum(len(run) for run in SPACELESS_RUN.findall(token))
    return max(1, (letters + 1) // 2)


# Scripts that set no space between words, and one between phrases, and end their sentences with a mark of
# their own: Burmese, Khmer. A phrase of theirs counted one word, and a Burmese sentence of nine words was four:
# too short to be a key point. (Not Thai or Lao, whose sentences end at a space: there a "sentence" is a
# paragraph, counted so it was one of more than 150 words, and an article of one such was skipped.)
_PHRASE_SPACED = re.compile("[\u1000-\u109f\u1780-\u17ff]")
_UNSPACED = re.compile(f"[{SPACELESS_LETTERS}\u1000-\u109f\u1780-\u17ff]")
# Their letters to a word, about: a word's two or three syllables each hold one letter (a consonant) with the
# signs that combine with it (vowels, tones), which are not counted.
PHRASE_SPACED_LETTERS_PER_WORD = 3


def _phrase_words(token: str) -> int:
    letters = sum(1 for char in token if _PHRASE_SPACED.match(char) and unicodedata.category(char) == "Lo")
    return max(1, round(letters / PHRASE_SPACED_LETTERS_PER_WORD))


def word_count(text: str) -> int:
    """The text's words: what stands between spaces, a run of Han or kana one for every two letters, a phrase
    of Burmese or Khmer one for every three of its letters."""
    count = len(text.split())
    if text.isascii() or _UNSPACED.search(text) is None:  # (one pass for both kinds: most texts are neither)
        return count
    return sum(spaceless_word_count(token) if has_spaceless(token)
               else _phrase_words(token) if _PHRASE_SPACED.search(token) else 1
               for token in text.split())


# A sentence that ends with a full-width mark ("。", "！", "？", and a closing quote or bracket after it) runs on
# into the next with no space when that opens in Han or kana: Chinese and Japanese set no space between them.
_WIDE_END = re.compile(r"[。！？][」』”’）】]*\Z")
_WIDE_START = re.compile(f"[「『“‘（【{SPACELESS_LETTERS}]")


def sentences_joined(sentences: Iterable[str]) -> str:
    """Sentences as one paragraph: a space between two, none between Chinese or Japanese ones."""
    parts: list[str] = []
    last = ""  # (the last sentence: its end is the text's, searched alone, not the whole text at each one)
    for sentence in sentences:
        if parts and not (_WIDE_END.search(last) and _WIDE_START.match(sentence)):
            parts.append(" ")
            last = " "
        if sentence:
            parts.append(sentence)
            last = sentence
    return "".join(parts)
