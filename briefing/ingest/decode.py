"""Seed bytes -> text: byte order marks, UTF-8 (even damaged), else a charset guess.

The only module that imports charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
import unicodedata
from typing import Callable

from ..errors import SeedError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab and newline say "binary" in a text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, charset: str | None = None, warn: Callable[[str], None] | None = None) -> str:
    """Bytes -> normalised text: BOM-aware, UTF-8 first, then `charset` (the encoding the
    server declared, from a sidecar) if given, else the one the page's own <meta> declares,
    then a charset guess. A declared charset that garbles the text (mojibake) where another
    reading does not (the page's other declaration, UTF-8 with a few broken bytes, the guess)
    loses to it, and `warn` is told.

    Line endings become \\n, the text is NFC-normalised, and stray control
    characters are dropped. Binary data raises SeedError.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                text = _damaged_after_bom(data[len(bom):], encoding)
                if text is None:
                    raise SeedError(f"invalid {encoding.upper()} after its byte order mark") from None
            break
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise SeedError("binary file (contains NUL bytes)")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _declared_unless_garbled(data, charset, warn or (lambda message: None)) or _damaged_utf8(data)
            if text is None:
                text, _ = _guess_decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise SeedError("binary file (too many control characters)")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 (or UTF-32) with no byte order mark (some Windows tools and exports), else None.

    In such a file of one script's text the high bytes of its characters take a few values: NUL for the
    spaces, digits and punctuation, and the script's own block for its letters (NUL again for English or
    French, 0x03 for Greek, 0x04 for Cyrillic, 0x01 for the Polish and Czech letters Latin-1 lacks); the
    low bytes almost never are NUL (a few characters, such as U+0100 "Ā" or U+4E00, have a NUL low byte).
    Binary data has its NULs anywhere, and its bytes any value. (Greek text so saved was "binary": only
    NUL high bytes were looked for.)
    """
    for size, low, high, encoding in ((4, 0, (2, 3), "utf-32-le"), (4, 3, (1, 0), "utf-32-be")):
        if len(data) % size == 0 and _rarely_nul(data[low::size]) and not data[high[1]::size].strip(b"\x00") \
                and _few_values(data[high[0]::size]):
            return _strictly_decoded(data, encoding)
    # An odd last byte: a file cut short, read up to the cut (shown as U+FFFD, as after a byte order mark).
    whole, cut = (data[:-1], "\ufffd") if len(data) % 2 else (data, "")
    for high, low, encoding in ((whole[1::2], whole[0::2], "utf-16-le"), (whole[0::2], whole[1::2], "utf-16-be")):
        if _rarely_nul(low) and _few_values(high):
            text = _strictly_decoded(whole, encoding)
            return None if text is None else text + cut
    return None


def _few_values(high_bytes: bytes) -> bool:
    """Whether these high bytes are a text's: NUL for at least one in twenty characters (spaces,
    punctuation), and at most three values for nineteen in twenty (of the first 64 K: enough to tell)."""
    sample = high_bytes[:65536]
    if not sample or sample.count(0) * 20 < len(sample):
        return False
    return sum(count for _, count in Counter(sample).most_common(3)) * 20 >= len(sample) * 19


def _rarely_nul(low_bytes: bytes) -> bool:
    return low_bytes.count(0) * 50 <= len(low_bytes)


def _strictly_decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def is_text_encoding(name: str) -> bool:
    """Whether `name` is a codec that decodes bytes to text: not "base64", "hex" or "zlib", which
    Python knows too (they turn bytes into bytes), nor one it does not know."""
    try:
        b"a".decode(name, errors="replace")
    except UnicodeError:
        return True  # a text encoding that decodes nothing ("undefined"): the text is guessed instead
    except (LookupError, ValueError):  # (ValueError: a name holding a NUL)
        return False
    return True


def _declared(data: bytes, charset: str | None) -> str | None:
    """`data` in the encoding its server declared, if that decodes it; else None."""
    if not charset or charset.replace("_", "-").lower() in ("utf-8", "utf8"):
        return None
    if not is_text_encoding(charset):  # (a sidecar of an older release may name one)
        return None
    name = codecs.lookup(charset).name
    # As browsers read them (the WHATWG Encoding standard): a page declared ISO-8859-1 or ASCII is
    # Windows-1252, whose curly quotes and dashes old servers send under those names.
    attempts = ("cp1252", charset) if name in ("latin-1", "iso8859-1", "ascii") else (charset,)
    for encoding in attempts:
        try:
            return data.decode(encoding)
        except UnicodeError:  # also codecs that exist but decode nothing ("undefined")
            continue
    return None


# A page's own declaration, as a browser looks for it: in a <meta charset> or a <meta http-equiv>'s
# content near its start.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_META_SEARCHED = 4096


# Encodings a page cannot declare of itself (the WHATWG Encoding standard): its <meta> was read as ASCII.
_NOT_SELF_DECLARED = ("utf-16", "utf-32", "utf-7")


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:_META_SEARCHED])
    if found is None or not is_text_encoding(name := found.group(1).decode("ascii")):
        return None
    return None if codecs.lookup(name).name.startswith(_NOT_SELF_DECLARED) else name


def _declared_unless_garbled(data: bytes, charset: str | None, warn: Callable[[str], None]) -> str | None:
    """The text in the charset its sidecar declares, else its <meta>; None when neither decodes it. A
    declared charset whose text is messier (charset-normalizer's measure of odd characters: "Ã¼" for
    "ü", "³" for "ł") than another reading's is the wrong one: that reading is taken, and `warn` says so."""
    from charset_normalizer.md import mess_ratio

    meta = _meta_charset(data)
    readings = ((f"sidecar charset {charset!r}", _declared(data, charset)),
                (f"the page's <meta> charset {meta!r}", _declared(data, meta)))
    stated = [(name, text) for name, text in readings if text is not None]
    if not stated:
        return None
    (declared, text), others = stated[0], stated[1:]
    mess = mess_ratio(text, 1.0)
    if mess <= _MESS_MARGIN:
        return text
    if (damaged := _damaged_utf8(data)) is not None:
        others.append(("UTF-8 (with a few broken bytes)", damaged))
    try:
        guessed, encoding = _guess_decode(data)
        others.append((f"{encoding} (detected)", guessed))
    except SeedError:
        pass
    name, better = min(others, key=lambda other: mess_ratio(other[1], 1.0))
    if mess_ratio(better, 1.0) + _MESS_MARGIN >= mess:
        return text
    warn(f"{declared} garbles the text (mojibake): read as {name} instead")
    return better


def _damaged_after_bom(data: bytes, encoding: str) -> str | None:
    """Text in the encoding its byte order mark names, with a few broken units (a file cut short: an odd last
    byte of UTF-16, half a surrogate pair), each shown as U+FFFD; else None (not that text at all). A UTF-16
    article cut by one byte was skipped whole as invalid."""
    text = data.decode(encoding, errors="replace")
    broken = text.count("\ufffd")
    return text if len(text) - broken >= 50 * broken else None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes, with each break shown as U+FFFD; else None.

    Text in a legacy 8-bit encoding almost never holds valid multi-byte UTF-8
    sequences, so a file where valid ones outnumber the broken ones is UTF-8
    that was damaged (cut mid-character, or concatenated with a stray byte);
    decoding all of it as Windows-1252 would garble every accent in it.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return text if valid >= max(broken, 1) else None


# The encodings legacy files of a language are in, by the language charset-normalizer sees in
# the decoded text: a Windows code page first, then its ISO 8859 twin.
_LEGACY_ENCODINGS = {
    **dict.fromkeys(("English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Swedish",
                     "Danish", "Norwegian", "Finnish", "Catalan", "Indonesian"), ("cp1252", "latin_1")),
    **dict.fromkeys(("Polish", "Czech", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian"),
                    ("cp1250", "iso8859_2")),
    "Turkish": ("cp1254", "iso8859_9"),
    "Greek": ("cp1253", "iso8859_7"),
    **dict.fromkeys(("Russian", "Ukrainian", "Bulgarian", "Serbian", "Kazakh"), ("cp1251", "koi8_r", "koi8_u")),
}
# How much more "mess" (charset-normalizer's measure of odd characters) a language's own encoding may
# make than the detector's best guess: Turkish's dotless ı and İ count as odd, and cost it 0.03.
_MESS_MARGIN = 0.05
# Bytes that ISO 8859 leaves to control characters, where the Windows code pages put letters, quotes and dashes.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def _guess_decode(data: bytes) -> tuple[str, str]:
    """The text by a charset guess, and the encoding guessed."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    matches = list(from_bytes(data))
    if not matches:
        raise SeedError("not text: no character encoding fits (binary or corrupt file)")
    best = matches[0]
    # On short text a detector may rank first a code page nobody writes that language in (a Baltic or
    # DOS one for English, ISO-8859-10 for Polish, ISO-8859-16 for Turkish), which turns some letters
    # into others: the language's own encodings are taken whenever they decode the file as cleanly.
    # The Windows code page and its ISO twin may decode it equally cleanly to different letters ("š"
    # and "ą"): a file with no byte in 0x80-0x9F, where Windows puts some of its letters, is ISO.
    preferred = _LEGACY_ENCODINGS.get(best.language, ())
    if preferred and not _C1_BYTES.search(data):
        preferred = tuple(sorted(preferred, key=lambda encoding: not encoding.startswith(("iso", "latin"))))
    least_mess = mess_ratio(str(best), 1.0)
    for encoding in preferred:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if mess_ratio(text, 1.0) <= least_mess + _MESS_MARGIN:
            return text, codecs.lookup(encoding).name
    try:
        return data.decode(best.encoding), codecs.lookup(best.encoding).name
    except UnicodeDecodeError:
        return str(best), codecs.lookup(best.encoding).name
