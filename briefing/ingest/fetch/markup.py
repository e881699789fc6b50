"""A feed's HTML (titles, summaries, full text) -> the plain text a reader of it sees (stdlib only).

Scripts, styles, comments and other elements that show no text are dropped;
block elements end paragraphs. Nothing is rendered or run: html.parser only
tokenises, and every paragraph is cleaned as one line of untrusted text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ...text import clipped, short_line

# Elements whose content a reader never sees as text. (<embed> is void: nothing is inside it.)
_HIDDEN = {"script", "style", "template", "noscript", "iframe", "object", "applet", "svg", "math", "head", "title"}
# Of those, the ones a block of HTML after them ends when they are left open, as a browser
# reads them: a paragraph leaves an SVG drawing, and is an <object>'s fallback text, shown.
_ENDED_BY_A_BLOCK = {"object", "svg", "math"}
# Elements that end a paragraph.
_BLOCKS = {
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure",
    "figcaption", "main", "nav", "address", "details", "summary",
}
MAX_PARAGRAPH_CHARS = 100_000


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._hidden: list[str] = []  # the hidden elements open, innermost last
        self._open: dict[str, int] = {}  # how many of each name are open among them

    def end_paragraph(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def _close_innermost(self) -> None:
        tag = self._hidden.pop()
        self._open[tag] -= 1

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden.append(tag)
            self._open[tag] = self._open.get(tag, 0) + 1
        elif tag in _BLOCKS:
            while self._hidden and self._hidden[-1] in _ENDED_BY_A_BLOCK:
                self._close_innermost()
            self.end_paragraph()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            if self._open.get(tag):  # it closes the innermost one of its name, and any left open inside it
                while self._hidden[-1] != tag:
                    self._close_innermost()
                self._close_innermost()
        elif tag in _BLOCKS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)


# A comment's end as html.parser looks for it (Python 3.11's _markupbase).
_COMMENT_CLOSE = re.compile(r"--\s*>")


def _unclosed_escaped(markup: str) -> str:
    """`markup` with every `<` that opens what can never end escaped, as the text html.parser makes of it.

    html.parser (Python 3.11 as released) looks for the end of each one to the end of the text, again for
    every one: 60 KB of "<a\n" (a JSON Feed's content_html) took 32 s, 10 MB would take days. The text read
    is the same: a `<` after the last `>`, and a "<!--" after the last comment's end, are text either way.
    A "<![" (CDATA, MS Office's "<![if ...]>") is read as a browser reads it in HTML: a bogus comment to the
    next `>` (html.parser looked for its "]]>" to the end of the text, from each one).
    """
    markup = markup.replace("<![", "<!-[")
    done = 0  # a "<!--" from here has no end after it
    for close in _COMMENT_CLOSE.finditer(markup):
        done = max(close.start() - 3, 0)
    markup = markup[:done] + markup[done:].replace("<!--", "&lt;!--")
    last = markup.rfind(">") + 1
    return markup[:last] + markup[last:].replace("<", "&lt;")


# A tag longer than this keeps only its name: its attributes show no text, and html.parser (as feedparser's
# parser) holds every one of a tag's attributes at once, about 650 bytes each: one tag of 2.4 million (10 MB,
# 10 KB gzipped) took 1.9 GB. (A long data: address or SVG path is one attribute, and shows no text either.)
MAX_TAG_CHARS = 50_000
# (Ended by its `>`, or by the next tag: the parsers read `<a b=c ... <p>` as a tag too.)
_HUGE_TAG = re.compile(r"<([A-Za-z][^\s/<>]*+)[^<>]{%d,}?(/?)(?:>|(?=<))" % MAX_TAG_CHARS)
_HUGE_TAG_BYTES = re.compile(_HUGE_TAG.pattern.encode())


def without_huge_tags(markup):
    """`markup` (text or bytes) with each tag longer than MAX_TAG_CHARS cut to its name (see there)."""
    huge = _HUGE_TAG_BYTES if isinstance(markup, bytes) else _HUGE_TAG
    return huge.sub(rb"<\1\2>" if isinstance(markup, bytes) else r"<\1\2>", markup)


def html_to_paragraphs(markup: str) -> list[str]:
    """The text a reader of this HTML fragment sees, as clean paragraphs."""
    markup = _unclosed_escaped(without_huge_tags(markup))
    collector = _TextCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # html.parser is lenient; this is belt and braces for hostile input
        flat = short_line(html.unescape(re.sub(r"<[^>]*>", " ", markup)), MAX_PARAGRAPH_CHARS)
        return [flat] if flat else []
    collector.end_paragraph()
    cleaned = (short_line(p, MAX_PARAGRAPH_CHARS) for p in collector.paragraphs)
    return [p for p in cleaned if p]


def html_to_line(markup: str, max_chars: int = 300) -> str:
    """An HTML fragment (a title marked as HTML) as one clean line of text; "" if it shows none."""
    return short_line(" ".join(html_to_paragraphs(markup)), max_chars)


# A post's first sentence as its headline (a post without a title): at most this long.
POST_TITLE_CHARS = 90
# The ends of its first line's sentences; a ";" ends one where Greek asks with it (textrules.asks_in_greek:
# "Τι θα γίνει με τα ενοίκια; Η κυβέρνηση ...", "Πόσο θα κοστίσει το 2025; ...").
_SENTENCE_ENDS = re.compile(r"(?<=.)[.!?…;](?=\s|$)")


def title_of_post(text: str) -> str:
    """A headline for a post that has none: its first sentence, cut at a word end if long."""
    from ...textrules import asks_in_greek  # (its import takes 20 ms, which `briefing fetch` need not spend)

    line = text.partition("\n")[0]
    first = next((line[:found.end()] for found in _SENTENCE_ENDS.finditer(line)
                  if found.group() != ";" or asks_in_greek(line[:found.end()])), None)
    return clipped((first or text).rstrip("."), POST_TITLE_CHARS)
