"""Sidecar files: a seed page's metadata in a small TOML file beside it.

`seeds/bbc-world/2026-11-25-bridge-reopens.html` has its metadata in
`seeds/bbc-world/2026-11-25-bridge-reopens.html.meta.toml`. `briefing fetch`
writes one for every page it fetches, from the feed's entry; a person may
write one by hand for any `.html`, `.htm` or `.txt` seed (a `.md` seed keeps
the same fields in its front matter). The readers take the title, source,
link, date, author and section from it rather than guessing them from the
page. The format is described in the README ("Sidecar files").

A sidecar is untrusted input like the seed itself: it is read only if it is
a regular file (never a symlink, FIFO or device) of at most 16 KB of UTF-8
TOML, and only known fields are kept, each checked and cleaned. Stdlib only
(tomllib), so that reading seeds pays for no fetching library.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import tomllib
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import SidecarError
from ..languages import SUPPORTED_LANGUAGES, language_name, language_tag
from ..text import quoted, short_line
from .decode import is_text_encoding
from .frontmatter import in_range

SIDECAR_SUFFIX = ".meta.toml"
# The seeds a sidecar describes; a .md seed has front matter instead.
SIDECAR_SEEDS = (".html", ".htm", ".txt")
MAX_SIDECAR_BYTES = 16_384
MAX_TAGS = 30

# Text fields and their length caps.
_TEXT_FIELDS = {"title": 300, "source": 200, "section": 100, "author": 200}
_URL_FIELDS = ("url", "feed")
_DATE_FIELDS = ("published", "fetched")
# A language tag: "en", "de-CH", "zh-Hant-TW".
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")
# The order fields are written in.
FIELDS = ("title", "source", "url", "published", "section", "author", "lang", "tags", "feed", "fetched", "charset")


def sidecar_path(page: Path) -> Path:
    """Where the sidecar of `page` is: the page's name with `.meta.toml` added."""
    page = Path(page)
    return page.with_name(page.name + SIDECAR_SUFFIX)


def is_sidecar_name(name: str) -> bool:
    """True for a file name that is a sidecar: never a seed itself."""
    return name.lower().endswith(SIDECAR_SUFFIX)


def takes_sidecar(name: str) -> bool:
    """True for a seed whose metadata may be in a sidecar (.html, .htm, .txt)."""
    return name.lower().endswith(SIDECAR_SEEDS)


# --- reading ----------------------------------------------------------------

_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_sidecar_fd(fd: int, name: str) -> bytes:
    """The bytes of an open sidecar: only a regular file, at most MAX_SIDECAR_BYTES; SidecarError otherwise."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SidecarError(f"sidecar {name} is not a regular file")
        if info.st_size > MAX_SIDECAR_BYTES:
            raise SidecarError(f"sidecar {name} is too large ({info.st_size:,} bytes; limit {MAX_SIDECAR_BYTES:,})")
        data = os.read(fd, MAX_SIDECAR_BYTES + 1)
    except OSError as error:
        raise SidecarError(f"cannot read sidecar {name}: {error.strerror}") from None
    if len(data) > MAX_SIDECAR_BYTES:
        raise SidecarError(f"sidecar {name} is too large (limit {MAX_SIDECAR_BYTES:,} bytes)")
    return data


def is_absent(error: OSError) -> bool:
    """Whether opening a sidecar failed because there is none: not there, or a name too long to exist (a
    seed's legal name of 250 bytes has no sidecar name within the file system's limit)."""
    return isinstance(error, FileNotFoundError) or error.errno == errno.ENAMETOOLONG


def open_error(error: OSError, name: str) -> SidecarError:
    """Why a sidecar could not be opened, as one line."""
    if error.errno == errno.ELOOP:
        return SidecarError(f"sidecar {name} is a symbolic link: not followed")
    return SidecarError(f"cannot read sidecar {name}: {error.strerror}")


def read_sidecar_file(page: Path) -> bytes | None:
    """The bytes of the sidecar of `page`, any file a user names; None if it has none or cannot have one."""
    path = sidecar_path(page)
    if not takes_sidecar(path.name[: -len(SIDECAR_SUFFIX)]):
        return None
    try:
        fd = os.open(path, _OPEN)
    except OSError as error:
        if is_absent(error):
            return None
        raise open_error(error, path.name) from None
    try:
        return read_sidecar_fd(fd, path.name)
    finally:
        os.close(fd)


def read_sidecar(page: Path) -> dict[str, Any] | None:
    """The checked metadata in the sidecar of `page`; None if it has none (see parse_sidecar)."""
    data = read_sidecar_file(page)
    return None if data is None else parse_sidecar(data, sidecar_path(page).name)


def parse_sidecar(data: bytes, name: str = "sidecar", warn: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The known fields of a sidecar, each checked and cleaned; SidecarError names what is wrong.

    Returns only the fields that are set, among: title, source, url, published
    (ISO 8601 text), section, author, lang, tags (a tuple), feed, fetched (ISO
    8601 text), charset. Unknown keys are ignored. `warn`: see validate_metadata.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SidecarError(f"sidecar {name} is not UTF-8 text") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SidecarError(f"sidecar {name} is not valid TOML: {short_line(str(error), 160)}") from None
    except ValueError as error:  # an integer too long to convert (tomllib lets int()'s error through)
        raise SidecarError(f"sidecar {name} is not valid TOML: {short_line(str(error).split(':')[0], 80)}") from None
    except RecursionError:
        raise SidecarError(f"sidecar {name} is nested too deeply") from None
    return validate_metadata(table, name, warn)


def validate_metadata(
    table: Mapping[str, Any], name: str = "sidecar", warn: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Known fields of `table`, each checked and cleaned; SidecarError names a bad one.

    Given `warn`, a `lang` that is no language tag (`lang = 5`, `lang = ["de", "en"]`) is told to it and
    left out, the text deciding the language: it is only a hint, as an unsupported one is (it cost the
    seed); and so is a date that cannot be read (`published = "yesterday"`), as front matter's is. Without,
    both are refused, as what a fetch writes must read back.
    """
    meta: dict[str, Any] = {}

    def bad(key: str, what: str) -> SidecarError:
        return SidecarError(f"sidecar {name}: {key!r} must be {what}, not {type(table[key]).__name__}")

    for key, cap in _TEXT_FIELDS.items():
        if key in table:
            if not isinstance(table[key], str):
                raise bad(key, "text")
            if cleaned := short_line(table[key], cap):
                meta[key] = cleaned
    for key in _URL_FIELDS:
        if key in table:
            if not isinstance(table[key], str):
                raise bad(key, "an http(s) address")
            if value := table[key].strip():
                if not is_web_url(value):
                    raise SidecarError(f"sidecar {name}: {key!r} must be an http(s) address, "
                                       f"not {short_line(value, 80)!r}")
                meta[key] = value
    for key in _DATE_FIELDS:
        if key in table:
            try:
                meta[key] = _date(table[key], key, name)
            except SidecarError as problem:
                if warn is None:
                    raise
                # As in front matter: the article is read without the date (it cost the seed).
                warn(f"{problem}: left out")
    if "lang" in table:
        value = table["lang"]
        problem = None
        if not isinstance(value, str):
            problem = bad("lang", "a language tag such as \"en\"")
        elif (value := value.strip()) and not _LANG.fullmatch(value):
            problem = SidecarError(f"sidecar {name}: 'lang' must be a language tag such as \"en\" or \"de-CH\", "
                                   f"not {short_line(value, 40)!r}")
        if problem is not None:
            if warn is None:
                raise problem
            warn(f"{problem}: left out, the language is taken from the text")
        elif value:
            meta["lang"] = value
    if "tags" in table:
        value = table["tags"]
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, (list, tuple)) or not all(isinstance(tag, str) for tag in value[:MAX_TAGS]):
            raise SidecarError(f"sidecar {name}: 'tags' must be a list of words")
        tags = list(dict.fromkeys(tag for tag in (short_line(t, 60) for t in value[:MAX_TAGS]) if tag))
        if tags:
            meta["tags"] = tuple(tags)
    if "charset" in table:
        # Only a hint, tried first (see decode.py), as `lang` is: one that names no encoding of text is left out
        # and the page read as without it; it skipped the seed, and a hand-written typo lost its article.
        value = table["charset"]
        problem = None
        if not isinstance(value, str):
            problem = bad("charset", "the name of a character encoding")
        elif (value := value.strip().lower()) and (len(value) > 40 or not is_text_encoding(value)):
            problem = SidecarError(f"sidecar {name}: unknown 'charset' {quoted(value)}")
        if problem is not None:
            if warn is None:
                raise problem
            warn(f"{problem}: left out, the page's encoding is found from its bytes")
        elif value:
            meta["charset"] = value
    return meta


_NOT_IN_ADDRESSES = ("Cc", "Cf", "Cs", "Co")  # controls, format characters, lone surrogates, private use
_JOINERS = "\u200c\u200d"


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) address without spaces, control or format characters (a right-to-left
    override shows an address as another; cleaned later, it became a space in the address), but the joiners
    words of Persian or Hindi are written with (U+200C, U+200D)."""
    if len(value) > 2000 or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    if not value.isascii() and any(unicodedata.category(c) in _NOT_IN_ADDRESSES and c not in _JOINERS for c in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018  # raises for a port no browser reaches ("https://x.example:99999/")
    except ValueError:
        return False
    # (The joiners belong to a word of the path, never to a host's name: "pay\u200dpal.com" is another host.)
    return (parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            and not any(c in _JOINERS for c in parts.hostname))


def _date(value: Any, key: str, name: str) -> str:
    found = _iso_date(value, key, name)
    if not in_range(found):
        raise SidecarError(f"sidecar {name}: {key!r} is a moment past the ends of the calendar in UTC: {found!r}")
    return found


def _iso_date(value: Any, key: str, name: str) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise SidecarError(f"sidecar {name}: {key!r} is not an ISO date: {short_line(text, 40)!r}") from None
    raise SidecarError(f"sidecar {name}: {key!r} must be a date, not {type(value).__name__}")


def article_fields(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The Article fields a sidecar sets; they win over what a reader guessed from the page.

    `lang` counts only for a supported language: a feed's language is a hint,
    and the text decides when briefing cannot summarise in it.
    """
    fields = {key: meta[key] for key in ("title", "source", "url", "published", "section", "author", "tags")
              if key in meta}
    if "lang" in meta and language_name(meta["lang"]) in SUPPORTED_LANGUAGES:
        fields["lang"] = language_name(meta["lang"])
    elif "lang" in meta and (tag := language_tag(meta["lang"])) is not None:
        fields["declared_lang"] = tag  # told to screen readers, if the text is in no supported language
    return fields


# --- writing ----------------------------------------------------------------


def _toml_string(value: str) -> str:
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\uFFFD")  # a lone surrogate cannot be written as UTF-8
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_string(str(item)) for item in value) + "]"
    return _toml_string(str(value))


def format_sidecar(meta: Mapping[str, Any], page_name: str | None = None) -> str:
    """The sidecar text for `meta` (fields in FIELDS order; None and empty values left out).

    The result always reads back with parse_sidecar: every value is checked by
    validate_metadata first, so a bad value raises SidecarError here.
    """
    table = {key: meta[key] for key in FIELDS if meta.get(key) not in (None, "", (), [])}
    checked = validate_metadata(table, page_name or "sidecar")
    lines = ["# Metadata of the seed page beside this file, for briefing (see its README: Sidecar files)."]
    for key in FIELDS:
        if key in checked:
            # Dates are written as TOML dates; every other value as it was cleaned.
            native = key in _DATE_FIELDS and isinstance(table[key], (dt.date, dt.datetime))
            lines.append(f"{key} = {_toml_value(table[key] if native else checked[key])}")
    return "\n".join(lines) + "\n"
