"""The [delivery.email] table of briefing.toml: where and how a briefing is sent by email."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..errors import ConfigError
from ..text import clean_line, encoded_word
from .folders import home_expanded
from .settings import _DEFAULT_SMTP_PORTS, EMAIL_SECTION, SMTP_SECURITY, SUBJECT_FIELDS, EmailDelivery
from .values import _seconds, _shown, _string, _whole, without_encoded_words

# Addresses one message goes to. Servers need take only 100 (RFC 5321), and the time Python's mail headers
# take grows with the square of their count: 20,000 took a run 40 s, 100,000 never finished.
MAX_RECIPIENTS = 1000

_EMAIL_VALIDATORS: dict[str, Callable[[str, Any], Any]] = {
    "host": _string,
    "port": _whole(1, 65535),
    "from": _string,
    "subject": _string,
    "ca_file": _string,
    "username_env": _string,
    "password_env": _string,
}


def _email_delivery(table: Mapping[str, Any], base: Path, environ: Mapping[str, str]) -> EmailDelivery | None:
    """The [delivery.email] table -> EmailDelivery, or None when it says `enabled = false`."""
    section = EMAIL_SECTION
    for secret in ("username", "password", "user", "pass"):
        if secret in table:
            raise ConfigError(
                f"{section}.{secret}: credentials are never read from the config file; "
                f"set {section}.{'password' if secret.startswith('pass') else 'username'}_env "
                "to the name of an environment variable that holds it"
            )
    known = {*_EMAIL_VALIDATORS, "enabled", "to", "bcc", "security", "timeout"}
    for key in table:
        if key not in known:
            raise ConfigError(f"unknown key '{section}.{key}'")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{section}.enabled must be true or false, not {_shown(enabled)}")
    if not enabled:
        return None
    values = {key: check(f"{section}.{key}", table[key]) for key, check in _EMAIL_VALIDATORS.items() if key in table}
    for required in ("host", "from"):
        if required not in table:
            raise ConfigError(f"{section}.{required} is required to send briefings by email")

    security = table.get("security", "starttls")
    if security not in SMTP_SECURITY:
        raise ConfigError(f"{section}.security must be one of {', '.join(SMTP_SECURITY)}; got {_shown(security)}")
    if security == "none" and not _is_loopback(values["host"]):
        raise ConfigError(
            f"{section}.security = 'none' sends the briefing and any password unencrypted; "
            f"it is allowed only for a server on this machine (localhost), not {_shown(values['host'])}"
        )
    listed = {key: _recipients(f"{section}.{key}", table[key]) for key in ("to", "bcc") if key in table}
    count = sum(map(len, listed.values()))
    if not count:  # (an empty list is as `briefing config show` writes a key not given)
        raise ConfigError(f"{section}.to is required to send briefings by email: an address or a list of addresses "
                          "(or bcc: addresses shown in no header)")
    if count > MAX_RECIPIENTS:
        keys = " and ".join(f"{section}.{key}" for key in listed)
        raise ConfigError(f"{keys} must list at most {MAX_RECIPIENTS:,} addresses, not {count:,}: "
                          "send to a mailing list's address instead")
    # An address in both is shown: it is sent one copy, as one listed twice is.
    to = _each_once(listed.get("to", []))
    bcc = _each_once(to + tuple(listed.get("bcc", ())))[len(to):]
    sender = _address(f"{section}.from", values["from"])
    subject = values.get("subject", EmailDelivery.subject)
    _check_subject(f"{section}.subject", subject)
    # The forms every time in the config takes ("30s", "2m"; a number is seconds), as the fetch timeouts do.
    timeout = _seconds(zero=False, most=3600)(f"{section}.timeout", table.get("timeout", EmailDelivery.timeout))
    ca_file = None
    if "ca_file" in values:
        ca_file = Path(os.path.normpath(base / home_expanded(Path(values["ca_file"]), f"{section}.ca_file")))
        _check_certificates(f"{section}.ca_file", ca_file)
    names = {}
    for key in ("username_env", "password_env"):
        if key in values:
            if not values[key].replace("_", "a").isalnum() or values[key][0].isdigit():
                raise ConfigError(f"{section}.{key} must name an environment variable, such as BRIEFING_SMTP_PASSWORD; got {_shown(values[key])}")
            names[key] = values[key]
    return EmailDelivery(
        host=values["host"],
        sender=sender,
        to=to,
        bcc=bcc,
        port=values.get("port", _DEFAULT_SMTP_PORTS[security]),
        security=security,
        subject=subject,
        timeout=float(timeout),
        ca_file=ca_file,
        username_env=names.get("username_env"),
        password_env=names.get("password_env"),
        # A variable that is named but not set is reported when a delivery is tried,
        # so that it never stops the briefing itself from being written.
        username=environ.get(names["username_env"]) if "username_env" in names else None,
        password=environ.get(names["password_env"]) if "password_env" in names else None,
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _address(key: str, value: Any) -> str:
    from email.utils import getaddresses, parseaddr

    # A separator left after the address ("ana@example.org;", as a mail program's list is written) is none of
    # it: Python 3.11.7 read past it, and 3.13 (or a Python with the strict parsing of CVE-2023-27043) found
    # no address at all, so the same config sent the briefing on one and was refused on the other.
    written = _string(key, value)
    text = written.strip().strip(";,").strip() or written
    if encoded_word(text) is not None:  # (first: one may hold an address, a comma or a line break)
        text = _with_name_decoded(key, text)
    _, address = parseaddr(text)
    # Any line break Python's mail headers split on (U+2028 too, which no control-character check finds):
    # made into a header, it ended the run in "internal error: ValueError", exit 70.
    if not _names_a_mailbox(address) or text.splitlines() != [text]:
        quote = " (a display name that holds a comma goes in double quotes: '\"Doe, Ana\" <ana@example.org>')"
        several = " (one address to a string: give each in its own string of the list)"
        listing = key.endswith((".to", ".bcc"))
        raise ConfigError(f"{key}: {_shown(text)} is not an email address"
                          f"{several if text.count('@') > 1 and listing else quote if ',' in text else ''}")
    if len([found for _, found in getaddresses([text]) if found]) > 1:
        # The envelope would take the first, the header all: one per entry.
        where = "each in its own string of the list" if key.endswith((".to", ".bcc")) else "one sender"
        raise ConfigError(f"{key}: {_shown(text)} holds more than one address; give {where}")
    return text


def _with_name_decoded(key: str, text: str) -> str:
    """An address whose display name is written in encoded words (RFC 2047: "=?utf-8?q?J=C3=BCrgen?=
    <j@example.org>"), read as a mail's header reads it and written again with its name decoded and quoted, as
    any name is: a line break in such a word made a header of its own (the run ended in "internal error"), and
    a comma in one two addresses."""
    import email.errors
    from email import policy
    from email.utils import parseaddr, quote

    try:
        header = policy.default.header_factory("To", text)
        mailboxes, groups = header.addresses, header.groups
    except (ValueError, IndexError, AttributeError, email.errors.HeaderParseError) as error:
        if "CR or LF" in str(error):
            raise ConfigError(f"{key}: {_shown(text)}: its encoded word (RFC 2047) holds a line break") from None
        raise ConfigError(f"{key}: {_shown(text)}: its encoded word (RFC 2047) cannot be read: write the name "
                          "itself") from None
    if len(mailboxes) > 1:
        where = "each in its own string of the list" if key.endswith((".to", ".bcc")) else "one sender"
        raise ConfigError(f"{key}: {_shown(text)} holds more than one address; give {where}")
    # (Any defect but an obsolete form ("Dr." in a name) or a word written as mail programs write them anyway
    # (quoted, or right before "<") is text the parser made an address of as it could: "=?utf-8?q?Ana?=
    # a@example.org" read as '"Ana a"@example.org', a second address or a lost ">" dropped.)
    unread = any(not isinstance(defect, email.errors.ObsoleteHeaderDefect) and not str(defect).startswith(_HARMLESS)
                 for defect in header.defects)
    named_groups = any(group.display_name is not None for group in groups)
    if len(mailboxes) != 1 or unread or named_groups or encoded_word(mailboxes[0].addr_spec) is not None:
        raise ConfigError(f"{key}: {_shown(text)} does not read as one address with its display name written in "
                          "encoded words (RFC 2047); no address or group's name may be")
    (mailbox,) = mailboxes
    # The name as the header's parser reads it (which the mail is sent with), but two encoded words side by side
    # joined as mail programs show them ("Würz" "burg"), when that is the same text but for spaces.
    joined = " ".join(_decoded(parseaddr(text)[0], mailbox.display_name).split())
    name = joined if "".join(joined.split()) == "".join(mailbox.display_name.split()) else mailbox.display_name
    if encoded_word(name) is not None:
        raise ConfigError(f"{key}: {_shown(text)}: its display name is an encoded word (RFC 2047) of another one")
    if not name.strip():
        return mailbox.addr_spec
    # One line, without control characters, as any text of the config.
    _string(f"{key}'s display name, decoded ({_shown(name)}),", name)
    return f'"{quote(name)}" <{mailbox.addr_spec}>'


# Defects of the header's parser that mail programs' own ways of writing encoded words bring.
_HARMLESS = ("encoded word inside quoted string", "missing trailing whitespace after encoded-word")


def _decoded(written: str, parsed: str) -> str:
    """A display name's encoded words decoded as a mail program shows them: the space between two of them
    dropped (RFC 2047, 6.2: a long name is sent split so, inside a word: "Würz" "burg"), which the header's
    parser keeps (`parsed`, taken where the words cannot be read so)."""
    import email.errors
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(written)))
    except (email.errors.HeaderParseError, UnicodeError, LookupError, ValueError):
        return parsed


def subject_problem(email: EmailDelivery, title: str) -> str | None:
    """What is wrong with the subject every mail has (the site's title filled in, made one clean line, as
    build_message makes it): an encoded word the title and the template make together, or that a character
    a clean line drops (a soft hyphen) hid."""
    subject = clean_line(email.subject.format(title=title, date="2026-11-25", date_long="Wednesday 25 November 2026",
                                              stories=5))
    if (found := encoded_word(subject)) is None:
        return None
    return (f"{EMAIL_SECTION}.subject, with site.title in it, holds {_shown(found)}, an encoded word (RFC 2047), which "
            "a mail's header would read as the text it encodes: write that text itself, in any characters")


def _check_certificates(key: str, path: Path) -> None:
    """That `path` is a file of certificates in PEM form, as TLS reads it when a briefing is sent: anything else
    (a key, a DER certificate, an empty file) failed every delivery with an internal error."""
    import ssl

    if not path.exists():
        raise ConfigError(f"{key} not found: {path}")
    if not path.is_file():
        raise ConfigError(f"{key} is not a file of certificates ({'a folder' if path.is_dir() else 'not a regular file'}):"
                          f" {path}")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=str(path))
    except ssl.SSLError as error:
        raise ConfigError(f"{key}: {path} holds no certificate TLS can read: give certificates in PEM form "
                          f"(-----BEGIN CERTIFICATE-----) ({error.reason or error})") from None
    except OSError as error:
        raise ConfigError(f"{key}: cannot read {path}: {error.strerror or error}") from None


def _names_a_mailbox(address: str) -> bool:
    """Whether `address` has someone before its @ and a domain of whole labels after it: "@example.org" (a
    "${USER}@example.org" with USER unset) and "ana@example..org" name no one, and every server refuses them.
    (A domain literal, "ana@[192.0.2.1]", is taken as written.)"""
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain) and (domain.startswith("[") or "" not in domain.split("."))


def _recipients(key: str, value: Any) -> list[str]:
    """An address or a list of them (delivery.email.to or bcc, maybe empty), each checked."""
    recipients = [value] if isinstance(value, str) else value
    if not isinstance(recipients, list):
        raise ConfigError(f"{key} must be an address or a list of addresses, not {_shown(value)}")
    if len(recipients) > MAX_RECIPIENTS:  # (before each is read: checking 100,000 would take a while)
        raise ConfigError(f"{key} must list at most {MAX_RECIPIENTS:,} addresses, not {len(recipients):,}: "
                          "send to a mailing list's address instead")
    return [_address(key, recipient) for recipient in recipients]


def _each_once(recipients: Sequence[str]) -> tuple[str, ...]:
    """The recipients, each address once (the first entry that names it): an address listed twice, or again
    in other case, with a display name or with its domain in punycode, was sent the briefing as often. Case
    is ignored in the whole address, as mail providers do; by lower(), never casefold(), which makes two
    letters one (straße@ and strasse@, two mailboxes, were one, and strasse@ was sent nothing)."""
    from email.utils import parseaddr

    kept: dict[str, str] = {}
    for recipient in recipients:
        kept.setdefault(mailbox_of(parseaddr(recipient)[1]), recipient)
    return tuple(kept.values())


def mailbox_of(address: str) -> str:
    """The mailbox `address` names, to tell one written twice: in lower case, and its domain's punycode labels
    read as the letters they encode (a@xn--bcher-kva.example is a@bücher.example, and was sent the briefing
    twice). Decoded, never encoded: IDNA 2003's encoding (Python's "idna") maps ß to ss, and straße.de and
    strasse.de are two domains."""
    import unicodedata

    local, _, domain = address.rpartition("@")
    labels = []
    for label in domain.split("."):
        if label[:4].lower() == "xn--":
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except UnicodeError:  # no punycode: as written
                pass
        labels.append(label)
    return f"{local}@{unicodedata.normalize('NFC', '.'.join(labels))}".lower()


def _check_subject(key: str, template: str) -> None:
    import string

    if "\n" in template or "\r" in template:
        raise ConfigError(f"{key} must be one line")
    without_encoded_words(key, template)
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise ConfigError(f"{key}: {error} (write a literal brace as {{{{ or }}}})") from None
    for name in names:
        if name not in SUBJECT_FIELDS:
            raise ConfigError(f"{key}: unknown field {{{name}}}; use {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)}")
    specs = [spec for _, _, spec, _ in string.Formatter().parse(template) if spec]
    if any("{" in spec for spec in specs):  # a width taken from a field ("{stories:{stories}{stories}}")
        raise ConfigError(f"{key}: a field's format may not hold another field")
    if any(re.search(r"\d{4,}", spec) for spec in specs):
        raise ConfigError(f"{key}: a field's width or precision must be under 1000")
    try:  # formatted with sample values, so a bad format spec is found now, not at each delivery
        template.format(title="Daily briefing", date="2026-11-25", date_long="Wednesday 25 November 2026", stories=5)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as error:
        raise ConfigError(f"{key}: {_shown(template)} cannot be filled in: {error}") from None
