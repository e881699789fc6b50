"""Untrusted text shown safely: on a terminal, in a log line.

Seed and feed text can hold anything; what reaches a terminal must not
move the cursor, colour the screen or read backwards.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that must never reach a terminal or a log line as themselves:
# controls (newlines, ESC sequences), lone surrogates (undecodable bytes in a
# file name), the bidi overrides that make a name read backwards, and the
# invisible marks that move the stops and dashes beside them (LRM, RLM, ALM), the line and paragraph
# separators a log viewer may break a line at (a name could forge a line of its own), and noncharacters (in
# every plane).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                         "\u2028\u2029\ufdd0-\ufdef\ufffe\uffff"
                         + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
                         + "]")


def printable(text: str) -> str:
    """`text` for one line of a terminal or log: unprintable characters become escapes."""
    return UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    found = match.group()
    if "\udc80" <= found <= "\udcff":  # a byte of a file name that is no UTF-8 (surrogateescape): as that byte
        return f"\\x{ord(found) - 0xDC00:02x}"
    return found.encode("unicode_escape", "backslashreplace").decode("ascii")


# A lone surrogate: a byte of a file name that is no UTF-8 (surrogateescape), which no UTF-8 can hold.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The longest int Python writes out in decimal (sys.get_int_max_str_digits(): 4,300 digits). A hex,
# octal or 1:2:3 number read from YAML or TOML escapes that limit, to fail later wherever it is shown.
MAX_INT_BITS = 14_000


# What no text from a seed or a feed may keep: C0 and C1 controls but tab and
# newline, noncharacters (U+FDD0-FDEF and the last two of every plane), lone
# surrogates, and the bidi embeddings, overrides and isolates that make text
# display in another order than it is stored. XML 1.0 forbids most of these,
# and none has a place in a briefing.
_FORBIDDEN_IN_BMP = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069"
_FORBIDDEN_BEYOND = "".join(f"\\U{plane << 16 | 0xFFFE:08x}\\U{plane << 16 | 0xFFFF:08x}" for plane in range(1, 17))
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_IN_BMP}{_FORBIDDEN_BEYOND}]")
# The same in two searches: a class of characters beyond U+FFFF is a list tried one by one at every
# character (0.1 ms for a 4,000-character article, each time it is cleaned), where one of the first plane
# is a table; the second is searched only in text that holds a character beyond it.
_FORBIDDEN_FIRST_PLANE = re.compile(f"[{_FORBIDDEN_IN_BMP}]")
_FORBIDDEN_OTHER_PLANES = re.compile(f"[{_FORBIDDEN_BEYOND}]")
_OTHER_PLANES = re.compile("[\U00010000-\U0010ffff]")
# What _FORBIDDEN finds, and a backslash, which `escaped` doubles: a name holding "\\u202e" as six characters is then told
# from one holding the bidi override.
_ESCAPED = re.compile(f"[\\\\{_FORBIDDEN_IN_BMP}{_FORBIDDEN_BEYOND}]")


def _forbidden_replaced(text: str, by: str) -> str:
    """`text` with each forbidden character replaced by `by` (as `_FORBIDDEN.sub(by, text)`)."""
    text = _FORBIDDEN_FIRST_PLANE.sub(by, text)
    if text.isascii() or _OTHER_PLANES.search(text) is None:
        return text
    return _FORBIDDEN_OTHER_PLANES.sub(by, text)


def clean_text(text: str) -> str:
    """Untrusted text with every forbidden character removed (tabs and newlines stay)."""
    return _without_tags(_forbidden_replaced(text, ""))


# Unicode's tag characters (U+E0000-E007F) show nothing, yet spell out ASCII ("ASCII smuggling"): a seed
# carried words no reader sees into the briefing's pages, its feed and its JSON, which programs (a chat bot)
# read. They belong only in an emoji's tag sequence, a flag of England, Scotland or Wales (U+1F3F4, tag
# letters, U+E007F), which is kept: those three alone, the only ones shown as flags (any run of tag letters
# between a black flag and its end carried up to 12 smuggled characters a flag, spaces and all).
_TAG_CHARACTER = re.compile("[\U000E0000-\U000E007F]")
_TAG_LETTERS = {code: "".join(chr(0xE0000 + ord(c)) for c in code) for code in ("gbeng", "gbsct", "gbwls")}
_FLAG_OR_TAG = re.compile(f"(\U0001F3F4(?:{'|'.join(_TAG_LETTERS.values())})\U000E007F)|[\U000E0000-\U000E007F]")


def _without_tags(text: str) -> str:
    if _TAG_CHARACTER.search(text) is None:
        return text
    return _FLAG_OR_TAG.sub(lambda found: found[1] or "", text)


# Hints of where a word may or may not break, which no reader sees: the soft hyphen (which split
# "au\u00adto\u00adno\u00admie" in three for every tool after), the zero-width space, the word joiner, and
# the zero-width no-break space, a byte order mark inside text ("Harbour\u200b" was a word of its own,
# and a fetched title opened with "\ufeff").
_BREAK_HINTS = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def clean_line(text: str) -> str:
    """Untrusted text as one line: forbidden characters removed, runs of whitespace made one space, and no
    hint of where a word may break (_BREAK_HINTS)."""
    return " ".join(_without_tags(_forbidden_replaced(text, " ")).translate(_BREAK_HINTS).split())


# An RFC 2047 encoded word ("=?utf-8?q?...?="), as Python's mail headers decode one: a Q or B encoding, and no
# "?" in its charset or text (spaces are taken there, with a defect noted).
_ENCODED_WORD = re.compile(r"=\?[^?]*\?[qQbB]\?[^?]*\?=")


def encoded_word(text: str) -> str | None:
    """The first encoded word in `text`, if any: a mail header reads it as the text it encodes, whatever the
    characters around it say (a subject's "=?utf-8?q?=0D=0AReply-To:...?=" became a header of its own)."""
    found = _ENCODED_WORD.search(text)
    return found.group() if found else None


def shows_anything(text: str) -> bool:
    """False for text a reader would see nothing of: only spaces, controls and invisible format
    characters (zero-width spaces and joiners, a byte order mark), characters drawn blank (a Hangul filler),
    and marks with no character to sit on (a variation selector, which shows nothing alone; combining
    accents, a stray accent over nothing)."""
    return any(unicodedata.category(c) not in _NO_BASE and c not in _DRAWN_BLANK for c in text)


# Separators, controls and format characters, and marks (Mn, Mc, Me), which only change the character
# before them. (Unassigned code points count as visible: an emoji newer than this Python's Unicode tables is one.)
_NO_BASE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Mc", "Me"})
# Letters and symbols drawn as blank space: the Hangul fillers and the blank Braille pattern (a chat app's
# "invisible name").
_DRAWN_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def escaped(text: str) -> str:
    """`text` with each character no output may hold (see clean_line) written as its escape (`\\u202e`), and
    a backslash doubled: a seed's name in the JSON, where two names that clean to one line must stay two,
    and two names must never be written alike (a name holding U+FFFE, and one holding "\\ufffe")."""
    return _ESCAPED.sub(_escape, text)


# What JSON lets a string hold but a reader of lines takes for a line's end (Python's splitlines, JavaScript
# before ES2019), and the lone surrogates of a name no UTF-8 can hold.
_ESCAPED_IN_JSON = re.compile("[\u2028\u2029\ud800-\udfff]")


def json_line(value: object) -> str:
    """`value` as JSON on one line, non-ASCII as it is but for the characters of _ESCAPED_IN_JSON, written as
    JSON escapes: the same value read back, and one object to a line whoever splits the lines."""
    import json

    return _ESCAPED_IN_JSON.sub(_json_escape, json.dumps(value, ensure_ascii=False))


def _json_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def forbidden_characters(text: str) -> list[str]:
    """The forbidden characters in `text`, as U+XXXX, for an error message."""
    return sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)})


def short_line(text: str | None, max_chars: int) -> str:
    """Untrusted text as one clean line (see clean_line), NFC, at most `max_chars` long (see clipped)."""
    return clipped(clean_line(unicodedata.normalize("NFC", text or "")), max_chars)


def clipped(line: str, max_chars: int) -> str:
    """`line` at most `max_chars` long, an ellipsis marking a cut: at the end of a word when one ends in
    the last fifth of what fits (a headline cut mid-word reads as a typo), else where it must."""
    if len(line) <= max_chars:
        return line
    kept = line[: max_chars - 1]
    if not line[max_chars - 1].isspace():  # the cut falls inside a word
        word_end = max((kept.rfind(space) for space in " \t\u00a0"), default=-1)
        if word_end >= (max_chars * 4) // 5:
            kept = kept[:word_end]
    return _whole_characters(kept, line[len(kept):len(kept) + 1]).rstrip() + "\u2026"


def _whole_characters(kept: str, following: str) -> str:
    """`kept` without the part of a character cut off before `following` (the code point after the cut, or
    none): a cut between code points left an accent or skin tone torn from its letter, a joiner before the
    ellipsis, a flag's tag letters, or half a flag."""
    # (A virama last joins its consonant to a letter after it, as a conjunct: "क्ष" cut after "क्". Before a
    # space it ends a word, as Tamil's pulli and Myanmar's asat do: "தமிழ்".)
    if kept and following.isalpha() and unicodedata.combining(kept[-1]) == _VIRAMA:
        kept, following = kept[:-2], kept[-2:-1]
    while kept and (kept[-1] == "\u200d" or (following and _leans_back(following))):
        kept, following = kept[:-1], kept[-1]
    indicators = len(kept) - len(kept.rstrip(_REGIONAL_INDICATORS))
    return kept[:-1] if indicators % 2 else kept  # a flag is two of them


def _leans_back(char: str) -> bool:
    """Whether `char` belongs to the character before it: a mark, a joiner, a skin tone, a tag letter, Thai's
    and Lao's sara am (a letter by its category, a vowel sign of the letter before it: "น้ำ")."""
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200d\u0e33\u0eb3"
            or "\U0001f3fb" <= char <= "\U0001f3ff" or "\U000e0020" <= char <= "\U000e007f")


_VIRAMA = 9  # the canonical combining class of every script's virama


_REGIONAL_INDICATORS = "".join(map(chr, range(0x1F1E6, 0x1F200)))


# The longest word (a run of characters without a space: a path, a value) and the longest line a message on
# the terminal or in the log shows whole: a path of 4,000 characters, or a value click quotes as it was
# given, made a line nobody could read. Past them the middle goes: the start and the end (a file's name, a
# closing quote, the fix the line ends with) stay.
LONGEST_WORD = 160
LONGEST_LINE = 600
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def readable_line(line: str) -> str:
    """A message line with each overlong word, and then the line, cut in the middle with an ellipsis."""
    return _cut_in_the_middle(_LONG_WORD.sub(lambda word: _cut_in_the_middle(word[0], LONGEST_WORD), line),
                              LONGEST_LINE)


def _cut_in_the_middle(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    head = (max_chars * 2) // 3
    return text[:head] + "\u2026" + text[len(text) - (max_chars - head - 1):]


# The most of a user's value an error line quotes: a time zone of 10,000 letters made a line of 10,000.
QUOTED_CHARS = 80


def quoted(value: object) -> str:
    """A value the user gave, as an error line quotes it: its repr, clipped to QUOTED_CHARS."""
    return clipped(repr(value), QUOTED_CHARS)


# Letters that NFKD does not split into an ASCII letter and a mark.
_LETTERS = str.maketrans({
    "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ß": "ss", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
})
# Names Windows reserves for devices, with or without an extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def slugify(text: str | None, max_chars: int = 80, fallback: str = "untitled", any_script: bool = False) -> str:
    """`text` as a file-name part safe on every system: ASCII letters and digits joined by single
    dashes, lower case, at most `max_chars` (cut between words), never starting with a dot or a
    dash, never a reserved device name; `fallback` when nothing is left. With `any_script`, a word
    of letters that have no ASCII form ("Καθημερινή", "新闻") is kept as written, lower case (NFC):
    such names differ in their own letters, and every current system holds them."""
    if any_script and any(_of_a_script_without_ascii(char) for char in text or ""):
        words = [_ascii_form(word) if all(_ascii_form(char) for char in word if char.isalnum()) else word
                 for word in _words_of_any_script(text or "")]
    else:  # (a name whose every letter has an ASCII form: as without any_script, its folder kept)
        words = _ascii_words(text or "")
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            slug = slug or word[:max_chars]
            break
        slug = candidate
    slug = slug or fallback
    return slug + "-1" if slug in _RESERVED else slug


def _words_of_any_script(text: str) -> list[str]:
    """The runs of letters, digits and combining marks of `text` (NFC, lower case): its words in any script."""
    words, word = [], []
    for char in unicodedata.normalize("NFC", text).lower():
        if char.isalnum() and char.isprintable() or unicodedata.category(char)[0] == "M" and word:
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    return words + ["".join(word)] if word else words


def _of_a_script_without_ascii(char: str) -> bool:
    """Whether `char` is a letter or digit of a script other than Latin with no ASCII form ("Κ", "新", "٣"). A
    Latin letter with none ("ə", "ɛ", "ŋ") or a modifier letter ("ʻ" of "Hawaiʻi") does not make a name
    another script's: its folder stayed the one it had ("Azərbaycan" -> "azrbaycan")."""
    if not char.isalnum() or _ascii_form(char):
        return False
    if unicodedata.category(char) == "Nd":  # a digit of another script ("٣")
        return True
    # Nor a sign written as a letter ("µ" of "µTorrent", "ℏ": another letter in another form), nor "⓫".
    return (unicodedata.category(char)[0] == "L" and not unicodedata.decomposition(char).startswith("<")
            and not unicodedata.name(char, "").startswith(("LATIN ", "MODIFIER LETTER ")))


def _ascii_words(text: str) -> list[str]:
    """The runs of ASCII letters and digits `text` reads as, lower case ("Café au lait" -> cafe, au, lait;
    "Straße" -> strasse): none for a letter of a script with no ASCII form ("Κ")."""
    folded = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())


def _ascii_form(text: str) -> str:
    return "".join(_ascii_words(text))
