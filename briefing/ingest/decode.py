"""Seed bytes -> text: byte order marks, UTF-8 (even damaged), else a charset guess.

The only module that imports charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Bytes -> normalised text: BOM-aware, UTF-8 first, then `charset` (the encoding the
    server declared, from a sidecar) if given, then a charset guess.

    Line endings become \\n, the text is NFC-normalised, and stray control
    characters are dropped. Binary data raises SeedError.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise SeedError(f"invalid {encoding.upper()} after its byte order mark") from None
            break
    if text is None:
        if b"\x00" in data:
            raise SeedError("binary file (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _declared(data, charset) or _damaged_utf8(data)
            if text is None:
                text = _guess_decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise SeedError("binary file (too many control characters)")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


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


# Languages written in Windows-1252; charset-normalizer names the language it
# sees in the decoded text.
_WESTERN_LANGUAGES = {
    "English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Swedish",
    "Danish", "Norwegian", "Finnish", "Catalan", "Indonesian",
}


def _guess_decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise SeedError("not text: no character encoding fits (binary or corrupt file)")
    # Legacy Western files are far more often Windows-1252 (a superset of
    # Latin-1's letters) than a Baltic or DOS code page, which a detector may
    # rank first on short text: for a Western language, take Windows-1252
    # whenever it decodes the file as cleanly as the best guess does.
    least_chaos = min(match.chaos for match in matches)
    if matches[0].language in _WESTERN_LANGUAGES:
        for match in matches:
            fits_1252 = "cp1252" in match.could_be_from_charset or match.encoding in ("latin_1", "iso8859_15")
            if fits_1252 and match.chaos <= least_chaos + 0.01:
                for encoding in ("cp1252", "latin_1"):
                    try:
                        return data.decode(encoding)
                    except UnicodeDecodeError:
                        continue
    best = matches[0]
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return str(best)


