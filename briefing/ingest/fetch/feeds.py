"""A feed's bytes -> its entries: RSS 0.9x/1.0/2.0 and Atom with feedparser, JSON Feed with json.

The only feedparser import. Everything in a feed is untrusted: titles become
one clean line, dates are checked, and nothing in an entry is ever executed
or rendered. feedparser is always handed bytes, never an address or a file
name (it would fetch or open those itself).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import urllib.parse
import xml.sax
from dataclasses import dataclass

from ...errors import FetchError
from ...text import short_line
from .. import untrusted_json
from .markup import html_to_line, without_huge_tags
from .moments import json_moment, published_of
from .written import NOTHING_WRITTEN, Written, lenient_text, written_address, written_link, written_texts
from .urls import scheme_problem, url_key

MAX_ID_CHARS = 2000


def clean_line(value, max_chars: int = 300) -> str | None:
    """A text field of a feed as one clean line; None for nothing."""
    return (short_line(value, max_chars) or None) if isinstance(value, str) else None


@dataclass(frozen=True)
class Entry:
    """One item of a feed. Text fields are cleaned; HTML fields are as the feed gave them."""

    id: str | None  # guid / atom:id / JSON Feed id
    link: str | None  # absolute, as the feed gave it: not yet checked
    title: str | None
    published: dt.datetime | None  # aware, UTC
    content_html: str | None = None  # the full text, when the feed carries it
    summary_html: str | None = None
    tags: tuple[str, ...] = ()
    lang: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Feed:
    kind: str  # feedparser's version ("rss20", "rss10", "atom10", ...) or "json1"/"json11"
    title: str | None
    lang: str | None
    entries: tuple[Entry, ...]


# Media types that are never a feed, whatever the body holds.
_NOT_FEED_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                   "application/gzip", "application/x-gzip", "application/javascript", "text/css")
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:rss|feed|RDF|rdf)[\s>/]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)


def feed_media_problem(media: str) -> str | None:
    """Why a response of this media type cannot be a feed, or None."""
    return f"not a feed: served as {media}" if media.startswith(_NOT_FEED_TYPES) else None


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> Feed:
    """Parse a feed, or raise FetchError with a one-line reason (not a feed, malformed, empty)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media.startswith(_NOT_FEED_TYPES):
        raise FetchError(f"not a feed: served as {media}")
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or media in ("application/feed+json", "application/json"):
        return _parse_json_feed(body, url)
    if not _FEED_ROOT.search(body[:65536]) and (_HTML_ROOT.search(head) or media in ("text/html", "application/xhtml+xml")):
        raise FetchError("not a feed: the address serves an HTML page (use the site's feed address)")
    return _parse_xml_feed(body, url, content_type)


# feedparser takes about 20 us and 0.4 KB for each tag: 10 MB of `<b>` (fetch.max_bytes, and only 10 KB
# gzipped) took 97 s and 1.9 GB. A news feed of that size has about a tag every 30 bytes; this many take
# about 10 s.
MAX_FEED_TAGS = 500_000


def _parse_xml_feed(body: bytes, url: str, content_type: str | None) -> Feed:
    tags = body.count(b"<")
    if tags > MAX_FEED_TAGS:
        raise FetchError(f"refused: the feed holds {tags:,} tags (limit {MAX_FEED_TAGS:,}; a news feed has far fewer)")

    body = _sound_references(without_huge_tags(body))
    if body.startswith(b"\xef\xbb\xbf"):
        # A UTF-8 byte order mark says how the feed is written, whatever its XML declaration or the server says
        # (XML 1.0's appendix F): feedparser believed the declaration, "Café" read as windows-1252 "CafÃ©".
        content_type = f"{(content_type or 'application/xml').split(';')[0]}; charset=utf-8"
    parsed = _feedparser_parse(body, url, content_type)
    if parsed.get("bozo") and not parsed.get("entries") and "charset" in (content_type or "").lower():
        # feedparser trusts the server's charset, which may be wrong (a UTF-8 feed served as UTF-16 read as
        # "not well-formed"): the feed's own XML declaration and byte order mark are tried.
        again = _feedparser_parse(body, url, (content_type or "").split(";")[0])
        if again.get("entries"):
            parsed = again
    raw_entries = parsed.get("entries") or []
    if parsed.get("bozo") and not raw_entries:
        problem = clean_line(str(parsed.get("bozo_exception") or "not well-formed"), 160)
        raise FetchError(f"malformed feed: {problem}")
    version = parsed.get("version") or ""
    if not version and not raw_entries:
        raise FetchError("not a feed: no RSS, Atom or JSON Feed found")
    info = parsed.get("feed") or {}
    feed_lang = _lang(info.get("language"))
    # The ids and links as written: for entries whose link feedparser took from an RSS guid (most feeds have
    # none), and for the links of a feed that is not well-formed, read by the lenient parser.
    guided = any(raw.get("guidislink") for raw in raw_entries)
    written = written_texts(body, parsed.get("encoding"), url) if guided or parsed.get("bozo") else NOTHING_WRITTEN
    # Read by the lenient parser: a feed that is not well-formed, or in no encoding feedparser could tell.
    lenient = bool(parsed.get("bozo")) and (isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)
                                            or not parsed.get("encoding"))
    entries = _without_shared_ids(tuple(_xml_entry(raw, feed_lang, written, lenient) for raw in raw_entries))
    return Feed(kind=version or "unknown", title=clean_line(info.get("title")), lang=feed_lang, entries=entries)


# A character reference with 4 or more hex digits or 5 or more decimal ones: a UTF-16 surrogate, or past
# Unicode's last code point, may be among them.
# (Possessive: a run of zeros with no ";" after it was tried at every split of the zeros and the digits, quadratic.)
_LARGE_REFERENCE = re.compile(rb"&#(?:[xX]0*+([0-9A-Fa-f]{4,}+)|0*+([0-9]{5,}+));")
_LAST_CODE_POINT = 0x10FFFF


def _sound_references(body: bytes) -> bytes:
    """`body` with each character reference feedparser cannot read made one it can: a UTF-16 surrogate pair
    written as two (some CMSs write an emoji so: `&#55357;&#56832;`) as the character they mean, a lone
    surrogate or a number past Unicode as U+FFFD. One of them made feedparser refuse the whole feed
    (UnicodeEncodeError, ValueError, OverflowError), at every fetch."""
    def value(found: re.Match) -> int:
        hexadecimal, decimal = found.groups()
        digits = hexadecimal or decimal
        return _LAST_CODE_POINT + 1 if len(digits) > 8 else int(digits, 16 if hexadecimal else 10)

    pieces, done, paired = [], 0, None
    found = list(_LARGE_REFERENCE.finditer(body))
    for number, reference in enumerate(found):
        if reference is paired:
            continue
        code = value(reference)
        if 0xD800 <= code <= 0xDBFF and number + 1 < len(found) and found[number + 1].start() == reference.end() \
                and 0xDC00 <= (low := value(found[number + 1])) <= 0xDFFF:
            paired = found[number + 1]
            pieces += [body[done:reference.start()], b"&#%d;" % (0x10000 + (code - 0xD800) * 0x400 + low - 0xDC00)]
            done = paired.end()
        elif 0xD800 <= code <= 0xDFFF or code > _LAST_CODE_POINT:
            pieces += [body[done:reference.start()], b"&#xFFFD;"]
            done = reference.end()
    return b"".join(pieces) + body[done:] if pieces else body


def _feedparser_parse(body: bytes, url: str, content_type: str | None):
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        # Not sanitized by feedparser: its sanitizer looks for the end of an unclosed comment from every "--" to
        # the end of the text (80 KB of "&lt;!--" and dashes took 3.6 s, 10 MB would take hours). Nothing of a
        # feed is rendered: markup.py keeps only the text of its HTML, and drops scripts, styles and the like.
        # Nor are relative addresses in its HTML made absolute: only the HTML's text is kept, and that parse
        # of every entry's HTML held a tag's attributes as its own parser did (see markup.MAX_TAG_CHARS).
        return feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                                resolve_relative_uris=False)
    except RecursionError:
        raise FetchError("malformed feed: nested too deeply") from None
    except Exception as error:  # feedparser's failures are many and undocumented
        raise FetchError(f"malformed feed: {type(error).__name__}") from None


# RSS's <author>: an address and the name after it in brackets ("jane@coast.online (Jane Roe)"), or
# the name and the address in angle brackets. (feedparser cuts the name of an address whose domain
# ends in more than four letters: "ne (Jane Roe".)
_ADDRESS_AND_NAME = re.compile(r"^\s*[^\s@()<>]+@[^\s@()<>]+\s*\(([^()]+)\)\s*$|^\s*([^<>@]+?)\s*<[^\s@<>]+@[^\s@<>]+>\s*$")
_MOST_AUTHOR_CHARS = 1000  # longer, no address and name (100 KB of spaces took 15 s: the lazy name tried each end)


def _rss_author_name(value) -> str | None:
    found = (_ADDRESS_AND_NAME.match(value) if isinstance(value, str) and len(value) <= _MOST_AUTHOR_CHARS
             else None)
    return clean_line(found.group(1) or found.group(2), 200) if found else None


def _text_of(value, detail, lenient: bool = False) -> str | None:
    if not isinstance(value, str):
        return None
    kind = (detail or {}).get("type", "text/plain") if isinstance(detail, dict) else "text/plain"
    if "html" in kind:
        return html_to_line(value) or None
    return clean_line(lenient_text(value, decoded=True) if lenient else value)


def _xml_entry(raw, feed_lang: str | None, written: Written, lenient: bool = False) -> Entry:
    """An entry of an RSS or Atom feed; `lenient`: as feedparser's lenient parser read it (see lenient_text)."""
    as_written = lenient_text if lenient else str
    published = published_of(raw)
    content = None
    for part in raw.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip():
            content = value
            break
    summary = raw.get("summary")
    tags = []
    for tag in raw.get("tags") or []:
        term = tag.get("term") if isinstance(tag, dict) else None
        term = clean_line(as_written(term) if isinstance(term, str) else None, 60)
        if term and term not in tags:
            tags.append(term)
    link = raw.get("link")
    guid = raw.get("id")
    if isinstance(link, str) and link == guid and raw.get("guidislink"):
        # feedparser's copy of an id: the link if the feed writes it as an address; an id that is no address
        # ("urn:uuid:...", or an RSS guid "g4", which feedparser makes an address on the feed's host) is none.
        link = written_address(guid, written)
    elif isinstance(link, str) and link == guid and not guid.strip().lower().startswith(("http://", "https://")):
        link = None
    elif isinstance(link, str) and (written.links or written.queries):
        link = written_link(link, written)
    return Entry(
        id=_identifier(raw.get("id")),
        link=link.strip() if isinstance(link, str) and link.strip() else None,
        title=_text_of(raw.get("title"), raw.get("title_detail"), lenient),
        published=published,
        content_html=content,
        summary_html=summary if isinstance(summary, str) and summary.strip() else None,
        tags=tuple(tags[:30]),
        lang=feed_lang,
        author=_author_of(raw, as_written),
    )


def _author_of(raw, as_written) -> str | None:
    author, detail = raw.get("author"), raw.get("author_detail") or {}
    author = as_written(author) if isinstance(author, str) else None
    name = detail.get("name") if isinstance(detail, dict) else None
    return (_rss_author_name(author) or clean_line(as_written(name) if isinstance(name, str) else None, 200)
            or clean_line(author, 200))


def _identifier(value) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean_line(value, MAX_ID_CHARS)
    return value


def _without_shared_ids(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The entries, without an id the feed gives to entries with different links (a CMS that gives each
    the site's address): it tells none apart, and taken as one, every entry after the first was taken for
    the first, and never fetched."""
    links: dict[str, set[str | None]] = {}
    for entry in entries:
        if entry.id:
            links.setdefault(entry.id, set()).add(_link_key(entry.link))
    shared = {id_ for id_, keys in links.items() if len(keys) > 1}
    return tuple(dataclasses.replace(e, id=None) if e.id in shared else e for e in entries) if shared else entries


def _link_key(link: str | None) -> str | None:
    return url_key(link) if link and scheme_problem(link) is None else link


_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


def _lang(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value.replace("_", "-") if _LANG.fullmatch(value) else None


# --- JSON Feed (https://jsonfeed.org/version/1.1) -------------------------------


def _parse_json_feed(body: bytes, url: str) -> Feed:
    # json.loads reads 10 MB of `{},` (10 KB gzipped) in a blink, but the 3.3 million entries made of them took
    # 18 s and 800 MB: a JSON Feed is refused past as many objects and lists as an XML feed's tags.
    values = body.count(b"{") + body.count(b"[")
    if values > MAX_FEED_TAGS:
        raise FetchError(f"refused: the feed holds {values:,} JSON objects and lists "
                         f"(limit {MAX_FEED_TAGS:,}; a news feed has far fewer)")
    try:
        document = untrusted_json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FetchError("malformed JSON Feed: not UTF-8") from None
    except RecursionError:
        raise FetchError("malformed JSON Feed: nested too deeply") from None
    except ValueError as error:
        raise FetchError(f"malformed JSON Feed: {clean_line(str(error), 120)}") from None
    if not isinstance(document, dict):
        raise FetchError("not a feed: JSON, but not a JSON Feed object")
    version = document.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FetchError("not a feed: JSON without a JSON Feed version")
    items = document.get("items")
    if not isinstance(items, list):
        raise FetchError("malformed JSON Feed: no items list")
    kind = "json" + re.sub(r"\D", "", version.rsplit("/", 1)[-1])
    feed_lang = _lang(document.get("language"))
    entries = _without_shared_ids(tuple(_json_entry(item, feed_lang, url) for item in items if isinstance(item, dict)))
    return Feed(kind=kind, title=clean_line(_str(document.get("title"))), lang=feed_lang, entries=entries)


def _str(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _absolute(link: str | None, base: str) -> str | None:
    """A JSON Feed link made absolute against the feed's address (XML feeds: feedparser does this)."""
    if link is None or not link.strip():
        return None
    try:
        return urllib.parse.urljoin(base, link.strip())
    except ValueError:
        return link.strip()


def _json_entry(item: dict, feed_lang: str | None, base: str) -> Entry:
    content = _str(item.get("content_html"))
    if content is None and _str(item.get("content_text")):
        # Plain text: escape it, so the one HTML-to-text path treats it as text.
        content = "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", item["content_text"]))
    tags = []
    raw_tags = item.get("tags")
    for tag in raw_tags if isinstance(raw_tags, list) else []:
        term = clean_line(tag if isinstance(tag, str) else None, 60)
        if term and term not in tags:
            tags.append(term)
    summary = _str(item.get("summary"))
    authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]  # 1.1, 1.0
    names = [clean_line(a.get("name"), 200) for a in authors[:10] if isinstance(a, dict)]
    return Entry(
        id=_identifier(item.get("id")),
        link=_absolute(_str(item.get("url")) or _str(item.get("external_url")), base),
        title=clean_line(_str(item.get("title"))),
        published=json_moment(item.get("date_published")) or json_moment(item.get("date_modified")),
        content_html=content,
        summary_html=None if summary is None else f"<p>{html.escape(summary)}</p>",
        tags=tuple(tags[:30]),
        lang=_lang(item.get("language")) or feed_lang,
        author=clean_line(", ".join(name for name in names if name), 200),
    )
