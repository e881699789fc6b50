"""The addresses a page or feed names, as a briefing shows them: its host as people read it (and no look-alike of
another site's name), and no user name or password.
"""

from __future__ import annotations

import unicodedata
import urllib.parse


def without_credentials(url: str) -> str:
    """A URL without the user name and password it may carry ("https://ann:pw@host/" -> "https://host/"):
    an address a page or feed names is shown in a briefing, which is shared."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def host_of(url: str | None) -> str | None:
    """The host name of a URL, without "www.", as people read it: "bücher.example" whether the address
    says that, "xn--bcher-kva.example" or "b%C3%BCcher.example"; None for no URL or one that cannot be
    parsed ("http://[::1")."""
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
    return _readable_host(host).removeprefix("www.") if host else None


def _readable_host(host: str) -> str:
    """A host name's labels in the letters they stand for (punycode and %-escapes decoded), or the host as
    its address holds it (see _address_form) where one would decode to anything but letters, their accents,
    digits and hyphens (a control, a bidi override, a dot: no name a reader should be shown)."""
    labels = []
    try:
        decoded = urllib.parse.unquote(host, errors="strict") if "%" in host else host
        # (A name's last dot, "example.com.", ends it: no label follows.)
        for label in decoded.removesuffix(".").split("."):
            if label.startswith("xn--"):
                label = label[4:].encode("ascii").decode("punycode")
            label = unicodedata.normalize("NFC", label)
            if not label or not all(map(_in_a_name, label, " " + label)):
                return _address_form(host)
            labels.append(label.lower())
    except (UnicodeError, ValueError):  # "%FF", no UTF-8; "xn--ü", no punycode
        return _address_form(host)
    if not all(_reads_true(label, labels[-1]) for label in labels):
        return ".".join(_ascii_label(label) for label in labels)
    return ".".join(labels)


def _in_a_name(char: str, before: str) -> bool:
    """Whether `char` (after `before`) may be in a host name shown to a reader: a letter, a digit, a hyphen,
    or a mark on a letter of a script that writes with them (Thai "ข่าว", Hindi "हिन्दी"); a mark on a Latin
    letter that NFC leaves apart ("ı" and a dot above, an "i") is no letter a name is written with."""
    if char.isalnum() or char == "-":
        return True
    return unicodedata.category(char)[0] == "M" and not before.isascii() and _script(before) != "LATIN"


def _address_form(host: str) -> str:
    """A host that is no readable name, with each label not in ASCII in punycode: as written it could still
    show a look-alike ("x_y.аpple.com") or a control (a bidi override turning the name around)."""
    try:
        return ".".join(_ascii_label(label) for label in host.split("."))
    except UnicodeError:  # (a lone surrogate)
        return host.encode("ascii", "backslashreplace").decode("ascii")


# Scripts written together in one name (Japanese, Chinese, Korean with Latin), as browsers allow them shown.
_SCRIPTS_TOGETHER = ({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}, {"LATIN", "CJK", "BOPOMOFO"}, {"LATIN", "CJK", "HANGUL"})
# Scripts with letters that pass for Latin ones, and those letters (after their accents: "ό" is "ο"; None: all
# of them). A name of such letters alone under a Latin top-level domain ("аррӏе.com") is made to look like
# another; one with others is a word of its script ("яндекс.com", "ελλάδα.gr"), as browsers show it.
_LATIN_LOOKALIKES: dict[str, frozenset[str] | None] = {
    "CYRILLIC": frozenset("асԁеһіјӏорԗԛѕԝхуъьҽпгѵѡ"),  # (Chromium's list)
    "GREEK": frozenset("αγικνορτυχω"),
    "ARMENIAN": frozenset("ագզհյոսցքօ"),
    "CHEROKEE": None,
    "COPTIC": None,
}
# Words a character's Unicode name may begin with before its script's ("EXTENDED ARABIC-INDIC DIGIT FOUR").
_FORM_WORDS = ("EXTENDED", "FULLWIDTH", "HALFWIDTH")


def _reads_true(label: str, top: str) -> bool:
    """Whether a host's `label` may be shown in its own letters: no look-alike of another site's name.
    As browsers decide: one script, or Latin with one other that has no Latin look-alikes, or one of the
    scripts written together; never a name made only of letters that pass for Latin ones under a Latin
    top-level domain (`top`) ("пример.рф" and "яндекс.com" read true, "аpple.com" and "аррӏе.com" not)."""
    scripts = {_script(c) for c in label if not (c.isascii() and not c.isalpha())
               and unicodedata.category(c)[0] != "M"}  # (digits, hyphens, accents: any script's)
    if len(scripts) > 1:
        return (any(scripts <= together for together in _SCRIPTS_TOGETHER)
                or len(scripts) == 2 and "LATIN" in scripts and not scripts & _LATIN_LOOKALIKES.keys())
    if not scripts or label == top or _script_of_name(top) != {"LATIN"}:
        return True
    (script,) = scripts
    if script not in _LATIN_LOOKALIKES:
        return True
    lookalikes = _LATIN_LOOKALIKES[script]
    letters = [c for c in unicodedata.normalize("NFD", label) if c.isalpha()]
    return lookalikes is not None and not all(c in lookalikes for c in letters)


def _script(char: str) -> str:
    """The script a character is written in, by its Unicode name's first word ("CYRILLIC SMALL LETTER A")."""
    if char.isascii():
        return "LATIN"
    words = unicodedata.name(char, "?").split()
    word = (words[1] if len(words) > 1 and words[0] in _FORM_WORDS else words[0]).split("-")[0]
    return "CJK" if word == "IDEOGRAPHIC" else word


def _script_of_name(label: str) -> set[str]:
    return {_script(c) for c in label if c.isalpha()}


def _ascii_label(label: str) -> str:
    """A label as the address holds it: "аpple" -> "xn--pple-43d" (browsers show a look-alike name so)."""
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
