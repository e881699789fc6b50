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
