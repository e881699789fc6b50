"""Untrusted text shown safely: on a terminal, in a log line.

Seed and feed text can hold anything; what reaches a terminal must not
move the cursor, colour the screen or read backwards.
"""

from __future__ import annotations

import re

# Characters that must never reach a terminal or a log line as themselves:
# controls (newlines, ESC sequences), lone surrogates (undecodable bytes in a
# file name) and the bidi overrides that make a name read backwards.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` for one line of a terminal or log: unprintable characters become escapes."""
    return UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


# What no text from a seed or a feed may keep: C0 and C1 controls but tab and
# newline, noncharacters (U+FDD0-FDEF and the last two of every plane), lone
# surrogates, and the bidi embeddings, overrides and isolates that make text
# display in another order than it is stored. XML 1.0 forbids most of these,
# and none has a place in a briefing.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069"
    + "".join(f"\\U{plane << 16 | 0xFFFE:08x}\\U{plane << 16 | 0xFFFF:08x}" for plane in range(1, 17))
    + "]"
)


def clean_text(text: str) -> str:
    """Untrusted text with every forbidden character removed (tabs and newlines stay)."""
    return _FORBIDDEN.sub("", text)


def clean_line(text: str) -> str:
    """Untrusted text as one line: forbidden characters removed, runs of whitespace made one space."""
    return " ".join(_FORBIDDEN.sub(" ", text).split())


def forbidden_characters(text: str) -> list[str]:
    """The forbidden characters in `text`, as U+XXXX, for an error message."""
    return sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)})
