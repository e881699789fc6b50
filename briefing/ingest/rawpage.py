"""A web page's HTML before it is parsed: what would make the parser or the extractor fail or take hours.

A character reference no text may hold made the parser give up on the whole
page; an inline drawing of thousands of elements, or a page of too many
blocks, elements or attributes, takes the extractor's time with the square
of their count. Pages are checked and mended here, as text, before anything
parses them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ..errors import SeedError
from ..text import clean_text

# The extractor's time grows with the square of a page's blocks (100,000 empty paragraphs in 800 KB took
# 42 s, and a 5 MB page would take most of an hour, holding the run's lock). Real article pages have
# at most about 1,100 (the 93 dev pages); 20,000 take about a second.
MAX_PAGE_BLOCKS = 20_000
# Other elements cost it as much, some more (120,000 <footer> or <code> elements in 2 MB took 150 and
# 200 s; 20,000 take 2 to 3 s), wherever they are: it looks at the whole page before it drops a
# drawing or a table. The dev pages have at most 2,700 elements in all. Not counted, here or in the
# blocks: what the parser reads as no element (comments, the text of scripts and styles); nor, here,
# a table's rows and cells (counted on their own, below).
MAX_PAGE_ELEMENTS = 20_000
# A table's rows and cells cost the extractor far less each, but still time and memory in proportion (900,000
# bare cells in 4.5 MB took 38 s and 950 MB; 50,000 take about 3 s). A page of results has thousands.
MAX_TABLE_PARTS = 50_000
# One paragraph's elements that hold text (links, emphasis, spans) cost the extractor with the square of their
# count too, and more than the page's (19,000 links in one paragraph of 660 KB took 26-33 s; 8,000 links, spans
# or emphases 3-3.7 s). Line breaks and images cost far less (8,000: about 1 s), and a transcript has a line
# break and a time's span a line. A real paragraph holds tens.
MAX_BLOCK_ELEMENTS = 8_000
_VOID = re.compile(r"<(?:br|img|hr|wbr|input|source|track|area|embed|param|meta|link)(?![\w:-])", re.IGNORECASE)
_ELEMENT = re.compile(r"<[A-Za-z]")
_TABLE_PART = re.compile(r"<(?:t[dhr]|tbody|thead|tfoot|col|colgroup|caption)(?![\w:-])", re.IGNORECASE)
# Where the parser stops reading elements: a comment, a script's or a style's text. (Its end: "-->",
# or the first closing tag of the script or style, whatever the text says before it.)
_NOT_ELEMENTS = re.compile(r"<!--|<(script|style)(?![\w:-])", re.IGNORECASE)
_RAW_TEXT_END = {"script": re.compile(r"</script", re.IGNORECASE), "style": re.compile(r"</style", re.IGNORECASE)}
# The HTML parser's time grows with the square of one element's attributes (40,000 on one heading,
# in 0.35 MB, took 50 s). A real page's elements have a few dozen at most.
MAX_TAG_ATTRIBUTES = 1_000
_TAG = re.compile(r"""<[A-Za-z](?:"[^"]*"|'[^']*'|[^<>"'])*>""")  # a quoted value may hold ">"
# One attribute: a name, and a value quoted or not (a quoted value's spaces are no attributes).
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_BLOCK_TAG = re.compile(r"<(?:p|div|li|section|article|blockquote|pre|h[1-6])\b", re.IGNORECASE)
_TABLE_CELL = re.compile(r"<t[dh](?![\w:-])", re.IGNORECASE)


def readable_page(html: str) -> str:
    """The page as the parser should read it (see _allowed_reference, _without_drawings, _EMPTY_ELEMENT), or
    SeedError when it is too big for one article's page."""
    html = _lists_flattened(_without_drawings(_CHARACTER_REFERENCE.sub(_allowed_reference, html)))
    for _ in range(_EMPTY_NESTING):  # (<b><i></i></b> is empty once its <i> is out)
        html, emptied = _EMPTY_ELEMENT.subn("", html)
        if not emptied:
            break
    if html.count("<") > min(MAX_PAGE_BLOCKS, MAX_PAGE_ELEMENTS):  # (cheap first: most pages are far below)
        markup = _markup(html)
        blocks_found = sum(1 for _ in _BLOCK_TAG.finditer(markup))
        if blocks_found > MAX_PAGE_BLOCKS:
            raise SeedError(f"too many paragraphs and sections for one article's page ({blocks_found:,}; "
                            f"limit {MAX_PAGE_BLOCKS:,})")
        table_parts = sum(1 for _ in _TABLE_PART.finditer(markup))
        elements = sum(1 for _ in _ELEMENT.finditer(markup)) - table_parts
        if elements > MAX_PAGE_ELEMENTS:
            raise SeedError(f"too many elements for one article's page ({elements:,}; limit {MAX_PAGE_ELEMENTS:,})")
        if table_parts > MAX_TABLE_PARTS:
            raise SeedError(f"too many table rows and cells for one article's page ({table_parts:,}; "
                            f"limit {MAX_TABLE_PARTS:,})")
    if html.count("<") > MAX_BLOCK_ELEMENTS and (most := _most_in_one_block(_markup(html))) > MAX_BLOCK_ELEMENTS:
        raise SeedError(f"too many elements in one paragraph for an article's page ({most:,}; "
                        f"limit {MAX_BLOCK_ELEMENTS:,})")
    # (A tag of fewer characters cannot hold that many attributes: most are not looked into.)
    attributes = max((sum(1 for _ in _ATTRIBUTE.finditer(tag, 1)) - 1 for tag in _TAG.findall(html)
                      if len(tag) > MAX_TAG_ATTRIBUTES), default=0)
    if attributes > MAX_TAG_ATTRIBUTES:
        raise SeedError(f"an element with too many attributes for a page ({attributes:,}; "
                        f"limit {MAX_TAG_ATTRIBUTES:,})")
    return html


def _most_in_one_block(markup: str) -> int:
    """The most elements from one block's or table cell's tag to the next (a paragraph's links, emphasis,
    spans), but line breaks and images, and a table's rows and cells (limited on their own: a page of results
    has thousands in one table, a link in each row: 12,000 take under 2 s)."""
    starts = sorted([found.start() for found in _BLOCK_TAG.finditer(markup)]
                    + [found.start() for found in _TABLE_CELL.finditer(markup)])
    return max(Counter(bisect.bisect(starts, found.start()) for found in _ELEMENT.finditer(markup)
                       if not _TABLE_PART.match(markup, found.start()) and not _VOID.match(markup, found.start())
                       ).values(), default=0)


# An element with nothing in it (an icon's <span></span>, an ad's empty <div></div>): the extractor, asked
# for precision, deletes it with the text that follows it, and a list whose items each open with an icon
# lost them all (an ad slot in its last items: those). Taken out first, it leaves its text to the item.
# (The tags the extractor deletes so: trafilatura's CUT_EMPTY_ELEMS.)
# (Its attributes are read up to a few hundred characters: an icon's are a class or two.)
_EMPTY_ELEMENT = re.compile(r"<(article|b|blockquote|dd|div|dt|em|h[1-6]|i|li|main|p|pre|q|section|span|strong)"
                            r"(?:\s[^<>]{0,500})?></\1\s*>", re.IGNORECASE)
_EMPTY_NESTING = 8


# Lists nested deeper than this are read as one list: the extractor walks a list's items recursively, and
# lists nested 600 deep (a page built to do it) stopped it with a RecursionError. No article nests 32.
MAX_LIST_NESTING = 32
_LIST_TAG = re.compile(r"<(/?)(?:ul|ol)(?![\w:-])[^<>]{0,500}>", re.IGNORECASE)


def _lists_flattened(html: str) -> str:
    """The page with the list tags (<ul>, <ol>, and their ends) nested deeper than MAX_LIST_NESTING left
    out: their items stay, as items of the list around them."""
    if len(_LIST_TAG.findall(html)) <= 2 * MAX_LIST_NESTING:  # (most pages: a few lists)
        return html
    depth = 0

    def kept(tag: re.Match) -> str:
        nonlocal depth
        if tag.group(1):  # an end
            depth = max(depth - 1, 0)
            return tag.group(0) if depth < MAX_LIST_NESTING else ""
        depth += 1
        return tag.group(0) if depth <= MAX_LIST_NESTING else ""

    return _LIST_TAG.sub(kept, html)


def _markup(html: str) -> str:
    """The page without what the parser reads as no element, in one pass: comments, and the text of
    scripts and styles ("<script>var s = '<footer>';</script>" ends at its first closing tag)."""
    parts, start = [], 0
    while (found := _NOT_ELEMENTS.search(html, start)) is not None:
        parts.append(html[start:found.start()])
        if found.group(1) is None:
            end = html.find("-->", found.end())
            start = len(html) if end < 0 else end + 3
        else:
            parts.append(f"<{found.group(1)}>")
            end = _RAW_TEXT_END[found.group(1).lower()].search(html, found.end())
            start = len(html) if end is None else end.end()
    parts.append(html[start:])
    return "".join(parts)


# An inline drawing (a chart, a map) is elements by the thousand, none of them prose: its insides are left
# out before the page is counted and read (a map of 25,000 paths had its article skipped as too big).
# A script's, a style's or a comment's text is no drawing, whatever it says.
_DRAWING_OR_RAW = re.compile(r"<!--|<(script|style|svg)(?![\w:-])", re.IGNORECASE)
_DRAWING_END = re.compile(r"</svg\s*>", re.IGNORECASE)


def _without_drawings(html: str) -> str:
    """The page with each <svg> drawing emptied (kept as <svg></svg>, a picture beside its caption)."""
    parts, start = [], 0
    while (found := _DRAWING_OR_RAW.search(html, start)) is not None:
        tag = (found.group(1) or "").lower()
        if tag == "svg":
            end = _DRAWING_END.search(html, found.end())
            if end is None:
                break  # an unclosed drawing: the rest is read as it is
            parts.append(html[start:found.start()] + "<svg></svg>")
            start = end.end()
            continue
        if tag:
            end = _RAW_TEXT_END[tag].search(html, found.end())
            stop = len(html) if end is None else end.end()
        else:
            end_at = html.find("-->", found.end())
            stop = len(html) if end_at < 0 else end_at + 3
        parts.append(html[start:stop])
        start = stop
    parts.append(html[start:])
    return "".join(parts)


# The extractor reads a page's structured data (JSON-LD) through a pattern that takes some 130 bytes of
# memory for each character of a quoted string: a 4.5 MB page of it, under the seed size limit, took 680 MB.
# It reads the headline, the author, the date there, never a long text (briefing's own reader of an
# articleBody, structured.py, takes a twentieth of that memory): a script of data longer than
# MAX_EXTRACTOR_DATA characters is given to it with its strings of more than MAX_EXTRACTOR_STRING emptied,
# the rest as it was, byte for byte (valid JSON or not: the extractor has a fallback of its own for that).
MAX_EXTRACTOR_DATA = 100_000
MAX_EXTRACTOR_STRING = 10_000
# The opening tag of a script of data (its attributes bounded: a page of "<script " with no end to them).
_DATA_SCRIPT = re.compile(r"<script\b[^<>]{0,2000}?application/(?:ld|settings)\+json[^<>]{0,2000}>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


def for_extractor(html: str) -> str:
    """The page as the extractor is given it: each long script of JSON data without its long strings (see
    MAX_EXTRACTOR_DATA). In one pass: a script never closed runs to the end of the page, and ends the search."""
    if len(html) <= MAX_EXTRACTOR_DATA:
        return html
    parts, start = [], 0
    while (opening := _DATA_SCRIPT.search(html, start)) is not None:
        closing = _SCRIPT_END.search(html, opening.end())
        stop = len(html) if closing is None else closing.start()
        data = html[opening.end():stop]
        parts.append(html[start:opening.end()])
        parts.append(_without_long_strings(data) if len(data) > MAX_EXTRACTOR_DATA else data)
        if closing is None:
            return "".join(parts)
        start = stop
    parts.append(html[start:])
    return "".join(parts)


def _without_long_strings(data: str) -> str:
    """`data` with each quoted string of more than MAX_EXTRACTOR_STRING characters made "" (a quote after
    an odd run of backslashes is inside its string)."""
    parts, start, at = [], 0, 0
    while (opening := data.find('"', at)) >= 0:
        closing = opening
        while True:
            closing = data.find('"', closing + 1)
            if closing < 0:
                closing = len(data)
                break
            escapes = closing - 1
            while data[escapes] == "\\":
                escapes -= 1
            if (closing - 1 - escapes) % 2 == 0:
                break
        if closing - opening - 1 > MAX_EXTRACTOR_STRING:
            parts.append(data[start:opening + 1])
            start = closing
        at = closing + 1
    parts.append(data[start:])
    return "".join(parts)


# A numeric character reference, `&#1;` or `&#xFFFF;`: one to a character no text may hold made the
# parser give up on the whole page ("no article text found").
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})(?![0-9a-fA-F])|0*([0-9]{1,10})(?![0-9]));?")


def _allowed_reference(match: re.Match) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code == 0 or 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return match.group()  # the parser reads these (as U+FFFD, or as Windows-1252 does)
    return " " if clean_text(chr(code)) == "" else match.group()


# An ISO 8601 date-time and its UTC offset ("2026-11-25T10:00:00+05:30", "+0530") opening a value: an
# attribute's, quoted or not (<time datetime>, <meta content>), or a string of the page's data (JSON-LD).
_DATE_TIME_OFFSET = re.compile(
    r"""(?<=["'=])(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?)[+-](\d\d):?(\d\d)(?!\d)""")


def without_impossible_offsets(page: str) -> str:
    """The page with each date-time's UTC offset that no clock has (24 hours or more, or 60 minutes or more
    past the hour: "+25:00", "+23:60") left out of the values that state its dates, their date and time kept:
    the date search fails on one, and the extractor then drops the whole page ("discarding data"). (Text
    the page shows is left as it is: "open 2026-11-25 18:00-24:00".) The page itself when it has none."""
    mended = False

    def mend(match: re.Match) -> str:
        nonlocal mended
        hours, minutes = int(match[2]), int(match[3])
        if minutes < 60 and hours * 60 + minutes < 24 * 60:
            return match[0]
        mended = True
        return match[1]

    text = _DATE_TIME_OFFSET.sub(mend, page)
    return text if mended else page
