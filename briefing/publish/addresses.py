"""Mail addresses as an SMTP server takes them: domains in ASCII, and the readers a server cannot reach.

A domain in other letters has an ASCII form (punycode) that every server
takes; a local part in other letters ("zoë@") has none, and only a server
that offers SMTPUTF8 (RFC 6531) takes it.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from ..config import EmailDelivery


def reader_addresses(email: EmailDelivery) -> list[str]:
    """The address of every reader configured (`to`, then `bcc`), without the names shown with them."""
    from email.utils import parseaddr

    return [ascii_domain(parseaddr(recipient)[1]) for recipient in (*email.to, *email.bcc)]


def ascii_domain(address: str) -> str:
    """An address with its domain in ASCII, each label in punycode ("ana@bücher.example" ->
    "ana@xn--bcher-kva.example"): every server takes that, where the domain as written needs one that offers
    SMTPUTF8 (one such reader stopped the mail for all). Written as IDNA 2008 writes a domain already in its
    letters, not as Python's codec (IDNA 2003), which makes straße.example strasse.example, another domain.
    A local part in other letters still needs SMTPUTF8 (see needing_smtputf8)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    # Mapped as UTS 46 maps the common cases: compatibility forms ("ｂ") as their letters, the full stops of East
    # Asian scripts ("。") as dots, lower case (ß stays ß).
    domain = unicodedata.normalize("NFKC", domain).translate(_FULL_STOPS).lower()
    labels = [label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
              for label in domain.split(".")]
    return f"{local}@{'.'.join(labels)}"


_FULL_STOPS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def ascii_domain_in(header: str) -> str:
    """A header's address ("Ana <ana@bücher.example>") with its domain in ASCII (see ascii_domain)."""
    from email.utils import parseaddr

    address = parseaddr(header)[1]
    return header.replace(address, ascii_domain(address)) if address and not address.isascii() else header


def needing_smtputf8(recipients: Iterable[str]) -> list[str]:
    """The recipients (domains already in ASCII) that only a server offering SMTPUTF8 takes."""
    return [address for address in recipients if not address.isascii()]
