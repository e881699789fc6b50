"""A feed's ids and links as it writes them: what feedparser's lenient parser spoils, put right (stdlib only).

feedparser reads a well-formed feed with an XML parser, and any other (one bare
`&` in a title will do) with a lenient one. feeds.py asks here for the link a
<guid> is (feedparser copies an RSS guid into the link, whether it is an
address or not) and for the <link> the well-formed feed would give.
"""

from __future__ import annotations

import html
import html.entities
import re
import urllib.parse
from dataclasses import dataclass


# A <guid>, <id> or <link> element and its text, as the feed writes it (bounded: linear on any body).
_TEXT_ELEMENT = re.compile(rb"<(guid|id|link)\b[^<>]{0,500}>[ \t\r\n]*(<!\[CDATA\[)?([^<]{0,4000})", re.IGNORECASE)
# An Atom <link>'s href, as the feed writes it.
_HREF = re.compile(rb"<(?:[A-Za-z0-9_-]{1,40}:)?link\b[^<>]{0,500}?\bhref[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"'<>]{1,4000})\1",
                   re.IGNORECASE)
# What feedparser makes of a `&name;` in a link ("?a=1&b=2" read as a reference: "?a=1&b;=2"), undone.
_REFERENCE_IN_LINK = re.compile(r"&([A-Za-z0-9_]+);")


# A reference as XML (and HTML with its `;`) reads it: html.unescape alone also reads "&region=us" as
# "®ion=us" (HTML's references without a `;`), which in a link is a query parameter.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
# A name after a bare `&` as the lenient parser reads it (sgmllib's entityref), and the names it replaces.
_BARE_NAME = re.compile(r"&([A-Za-z][-.A-Za-z0-9]*)(;?)")
_LENIENT_NAMES = {name: chr(code) for name, code in html.entities.name2codepoint.items()
                  if name not in ("lt", "gt", "quot")} | {"amp": "&"}


# What the lenient parser leaves in a text it does not take for HTML (a tag's term, an author's name): XML's
# own references undecoded ("Q&amp;A"; a CDATA section's "Arts & Culture" as "Arts &amp; Culture"); and in
# any text, a bare `&` before a name no entity has given a `;` ("AT&T" as "AT&T;", "Q&A" as "Q&A;").
_LEFT_UNDECODED = re.compile(r"&(amp|lt|gt|quot|apos);|&([A-Za-z][-.A-Za-z0-9]*);")
_XML_REFERENCES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def lenient_text(text: str, decoded: bool = False) -> str:
    """A text field as the lenient parser gives it, put right; `decoded`: a text whose references it decoded
    (a headline in plain text), where only the bare `&`'s `;` is taken away."""
    def put_right(match: re.Match) -> str:
        if match.group(1):
            return match.group() if decoded else _XML_REFERENCES[match.group(1)]
        name = match.group(2)
        return match.group() if name in html.entities.name2codepoint else f"&{name}"

    return _LEFT_UNDECODED.sub(put_right, text) if "&" in text else text


def _decoded(text: str) -> str:
    """A text's references decoded as an XML parser decodes them; a bare `&` is left as it is."""
    return _REFERENCE.sub(lambda m: html.unescape(m.group()), text)


def _as_lenient(text: str) -> str:
    """A text without CDATA as the lenient parser gives it: a bare `&name` that is an HTML entity's name read as
    that character ("?id=5&lang=en" as "?id=5〈=en"), any other given a `;` ("&page.size;=10")."""
    return _BARE_NAME.sub(lambda match: _LENIENT_NAMES.get(match.group(1), f"&{match.group(1)};"), text)


def _as_link(text: str) -> str:
    """A link's text as feedparser's strict parser gives a <link>: with `&amp;` once more decoded."""
    return _REFERENCE_IN_LINK.sub(r"&\g<1>", text.replace("&amp;", "&")).strip()


@dataclass(frozen=True)
class Written:
    """The ids and links of a feed as written, to correct what feedparser's lenient parser makes of them."""

    ids: dict  # each form feedparser may give an id written as an address -> the link it is
    links: dict  # a link as the lenient parser spoils it ("?a=1&ampb=2") -> as the strict parser reads it
    queries: dict  # a relative link's spoilt query ("?a=1&ampb=2") -> as read: whatever base it is resolved against


NOTHING_WRITTEN = Written({}, {}, {})


def written_texts(body: bytes, encoding: str | None, base: str) -> Written:
    """The texts of the feed's <guid>, <id> and <link> elements, and what feedparser makes of each.

    feedparser reads a well-formed feed with an XML parser, and any other (one bare `&` will do) with a
    lenient one, which leaves a text's references undecoded, makes `&b=2` `&b;=2`, and escapes a CDATA
    section's `&`; then, for a <link>, decodes `&amp;` once more and drops the `;` of every `&name;`. So
    `<link><![CDATA[...?a=1&amp;b=2]]></link>` was `?a=1&b=2` in a well-formed feed and `?a=1&ampb=2`
    (no such page) in one that is not, and a guid that is an address was no longer found as written. An
    Atom link's href="...?a=1&#38;b=2" kept its `&#38;`.
    """
    if (encoding or "").lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        # Its tags are no ASCII bytes to find: a UTF-16 feed's every guid link was taken for no address.
        try:
            body, encoding = body.decode(encoding or "").encode("utf-8"), "utf-8"
        except (LookupError, UnicodeError):
            pass
    ids: dict[str, str] = {}
    links: dict[str, str | None] = {}
    for match in _TEXT_ELEMENT.finditer(body):
        raw = match.group(3)
        try:
            text = raw.decode(encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            text = raw.decode("utf-8", "replace")
        if match.group(2):  # CDATA: the text as it is; the lenient parser escapes its `&`
            text = text.split("]]>", 1)[0]
            decoded, lenient, named = text, text.replace("&", "&amp;"), text.replace("&", "&amp;")
        else:
            decoded, lenient, named = _decoded(text), text, _as_lenient(text)
        decoded, lenient, named = decoded.strip(), lenient.strip(), named.strip()
        if not decoded:
            continue
        if match.group(1).lower() == b"link":
            meant = _as_link(decoded)
            for spoilt in {_as_link(lenient), _as_link(named)} - {meant}:
                links[spoilt] = meant if links.get(spoilt, meant) == meant else None  # (two meanings: neither)
        elif decoded.lower().startswith(("http://", "https://")):
            for form in (decoded, lenient, _REFERENCE_IN_LINK.sub(r"&\g<1>", lenient), named):
                ids.setdefault(form, decoded)
    for match in _HREF.finditer(body):
        try:
            text = match.group(2).decode(encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            text = match.group(2).decode("utf-8", "replace")
        # The lenient parser decodes an attribute's `&amp;` and no other reference ("&#38;" stayed as it was).
        spoilt, meant = text.replace("&amp;", "&").strip(), _decoded(text).strip()
        if spoilt != meant:
            links[spoilt] = meant if links.get(spoilt, meant) == meant else None
    corrected, queries = {}, {}
    for spoilt, meant in links.items():
        if meant is not None:
            corrected[spoilt] = meant
            if spoilt.lower().startswith(("http://", "https://")):
                continue
            # A relative link, as feedparser makes it absolute: against the feed's address, or an xml:base (often
            # another host's: "https://cdn.example/x/"), which keeps the query as written.
            start = spoilt.find("?")
            if 0 <= start and spoilt[:start] == meant[:start]:
                query, read = spoilt[start:], meant[start:]
                queries[query] = read if queries.get(query, read) == read else None  # (two meanings: neither)
                continue
            try:
                corrected.setdefault(urllib.parse.urljoin(base, spoilt), urllib.parse.urljoin(base, meant))
            except ValueError:
                pass
    return Written(ids, corrected, {query: meant for query, meant in queries.items() if meant is not None})


def written_address(guid: str, written: Written) -> str | None:
    """The link an id is, if the feed writes it as an http(s) address (feedparser makes a relative one
    absolute), in the form a <link> of that text would give; else None."""
    guid = guid.strip()
    if not guid.lower().startswith(("http://", "https://")):
        return None
    for form in (guid, _REFERENCE_IN_LINK.sub(r"&\g<1>", guid), _decoded(guid)):
        if form in written.ids:
            return _as_link(written.ids[form])
    return None


def written_link(link: str, written: Written) -> str:
    """A <link> as the strict parser reads it, where the lenient one spoilt it."""
    if link in written.links:
        return written.links[link]
    start = link.find("?")
    meant = written.queries.get(link[start:]) if start >= 0 and written.queries else None
    return link if meant is None else link[:start] + meant
