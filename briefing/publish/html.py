"""The briefing's Markdown -> safe HTML. The only module that imports Python-Markdown and nh3.

Python-Markdown runs with only the Markdown a briefing uses, and what it makes
is cleaned with an allow-list sanitiser, so that no markup from a seed can run
or load anything even past a gap in the escaping.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from typing import Callable, Mapping, Sequence

from ..languages import is_supported_code

# Markdown that takes Python-Markdown about 10 ms: below this, sending parts of
# it to other processes costs more than converting them here.
HTML_WORTH_SPLITTING = 40_000

# What may stay in the HTML made from the briefing's Markdown. The landmark
# elements and their attributes are made by `_landmarks` from the template's
# headings; seed text is escaped, so it can make none of them.
_LANDMARK_ATTRIBUTES = {"class", "aria-labelledby"}
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "em", "h1", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "small", "strong", "ul", "header", "section", "nav", "article",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "li": {"id", "lang", "dir"}, "p": {"lang", "dir"}, "h1": {"id"}, "h2": {"id", "lang", "dir"},
    "h3": {"id"},
    "h4": {"id"},
    "header": _LANDMARK_ATTRIBUTES, "section": _LANDMARK_ATTRIBUTES,
    "nav": _LANDMARK_ATTRIBUTES, "article": _LANDMARK_ATTRIBUTES,
}


def _landmark(heading_id: str | None) -> tuple[str, dict[str, str]]:
    """The element that holds a second-level heading and what follows it."""
    if heading_id is None:
        return "section", {}
    attributes = {"aria-labelledby": heading_id}
    if heading_id == "contents":
        return "nav", {**attributes, "class": "contents"}
    if re.fullmatch(r"story-[0-9a-z-]+", heading_id):
        return "article", {**attributes, "class": "story"}
    return "section", {**attributes, "class": heading_id}


def _landmarks_extension():
    """A Python-Markdown extension that groups the page into landmarks.

    What comes before the first `##` heading becomes a <header>; each `##`
    heading and what follows it becomes an <article> (a story), a <nav> (the
    contents) or a <section>. The rules that separate stories in the Markdown
    are dropped: the elements themselves are set apart by the page's style.
    """
    import xml.etree.ElementTree as etree

    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Landmarks(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            children = list(root)
            if not any(child.tag == "h2" for child in children):
                return
            for child in children:
                root.remove(child)
            header = current = etree.SubElement(root, "header", {"class": "masthead"})
            for index, child in enumerate(children):
                following = children[index + 1] if index + 1 < len(children) else None
                if child.tag == "hr" and following is not None and following.tag == "h2":
                    continue
                if child.tag == "h2":
                    tag, attributes = _landmark(child.get("id"))
                    current = etree.SubElement(root, tag, attributes)
                current.append(child)
            if len(header) == 0:
                root.remove(header)

    class Directions(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            # A text in no supported language may be written right to left (Arabic, Hebrew): its element
            # takes its direction from its own letters, not the page's, or an Arabic headline inside an
            # English page is laid out left to right, its punctuation and numbers at the wrong ends.
            for element in root.iter():
                lang = element.get("lang")
                if lang is not None and not is_supported_code(lang):
                    element.set("dir", _direction("".join(element.itertext())))

    class LandmarksExtension(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
            # After attr_list (8), which gives the headings their ids and the texts their lang.
            md.treeprocessors.register(Directions(md), "briefing_directions", 6)
            md.treeprocessors.register(Landmarks(md), "briefing_landmarks", 5)

    return LandmarksExtension()


def _direction(text: str) -> str:
    """"rtl" for a text most of whose letters are written right to left; else "auto" (the browser's reading
    of its first letter). A Hebrew or Arabic text opening with a name or a number in Latin letters ("iPhone
    18 يصل ...", "Intel תשקיע ...") was laid out left to right, its sentences in the wrong order."""
    right = left = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            right += 1
        elif kind == "L":
            left += 1
    return "rtl" if right > left else "auto"


# Markdown a template may use: headings, paragraphs, lists, rules, block quotes,
# links, emphasis, line breaks. Raw HTML is off, so no markup can reach the page
# even past a gap in the escaping; images too (the page loads nothing), and
# code, reference links and autolinks, which a briefing has no use for. Every
# inline construct is a pattern tried on each piece of text, so this also takes
# a third off converting a big day.
_UNUSED_INLINE = (
    "backtick", "reference", "image_link", "image_reference", "short_reference", "short_image_ref",
    "autolink", "automail", "html",
)
_UNUSED_BLOCKS = ("code", "reference")


def markdown_to_safe_html(markdown_text: str, parts: int = 1, mapper: Callable = map) -> str:
    """Markdown -> HTML, cleaned so that no markup from a seed can run or load anything.

    With `parts` > 1 a big text's pieces (see `pieces_of`) are converted
    through `mapper` (an executor's map, to use more than one core on a big
    day); the HTML is exactly that of the whole text.
    """
    return safe_html_reusing(markdown_text, {}, parts, mapper)[0]


def safe_html_reusing(
    markdown_text: str, known: Mapping[str, str], parts: int = 1, mapper: Callable = map
) -> tuple[str, dict[str, str]]:
    """markdown_to_safe_html, taking the HTML of each piece of a big text from `known` when it was made
    before; returns the HTML and this text's pieces (key -> HTML), to be known next time.

    A day that gains a report changes a story or two: its page is made
    again from the pieces that did not change and the few that did. Text
    too short to be worth it is converted whole (and has no pieces).
    """
    pieces = pieces_of(markdown_text) if len(markdown_text) >= HTML_WORTH_SPLITTING else [markdown_text]
    if len(pieces) > 1:
        keys = [_piece_key(piece) for piece in pieces]
        missing = sorted({key: piece for key, piece in zip(keys, pieces) if key not in known}.items())
        if parts <= 1 or len(missing) < 2:
            mapper = map
        converted = dict(zip((key for key, _ in missing), mapper(_markdown_to_html, [piece for _, piece in missing])))
        made = {key: known[key] if key in known else converted[key] for key in keys}
        # Each piece sanitised on its own, a piece known before too (what is stored is not trusted as safe):
        # the sanitiser parses what it is given whole, and a big day's page at once took 25 MB at 50,000
        # seeds, the most memory of writing it. The pieces are whole elements: the same HTML as the page
        # sanitised at once (tests/test_render.py tries any Markdown).
        htmls = [made[key] for key in keys]
        if _assembled(pieces, htmls) is not None:
            html = _assembled(pieces, [_sanitised(piece) for piece in htmls])
            if html is not None:
                return html, made
    # One piece, or pieces that do not join up as the whole text would (a custom template's).
    return _sanitised(_markdown_to_html(markdown_text)), {}


def _sanitised(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def load_markdown() -> None:
    """Import Python-Markdown now rather than on first use (before forking workers that convert)."""
    import markdown  # noqa: F401


_CONVERTERS = threading.local()


def _converter():
    """One converter per thread (a converter holds the text it converts), reset for each text: making one
    takes longer than converting a piece."""
    converter = getattr(_CONVERTERS, "converter", None)
    if converter is not None:
        return converter
    import markdown

    converter = markdown.Markdown(extensions=["attr_list", "sane_lists", _landmarks_extension()], output_format="html")
    for name in _UNUSED_INLINE:
        converter.inlinePatterns.deregister(name, strict=False)
    for name in _UNUSED_BLOCKS:
        converter.parser.blockprocessors.deregister(name, strict=False)
    converter.preprocessors.deregister("html_block", strict=False)
    _CONVERTERS.converter = converter
    return converter


# Python-Markdown leaves one of its own placeholders in the HTML for some tangles of emphasis and empty
# links (`*a**)*[]()`: "klzzwxh:0000" and a control character), numbered by its place in the text converted,
# so that a page made in pieces differs from the page made whole. Only a template's own Markdown can make
# one (seed text is escaped): dropped, as what it stands for was never shown.
_LEFT_PLACEHOLDER = re.compile("\x02?klzzwxh:[0-9]+\x03")


def _markdown_to_html(markdown_text: str) -> str:
    return _LEFT_PLACEHOLDER.sub("", _converter().reset().convert(markdown_text))


# Where a text is cut into pieces: before the rule that opens a `##` section,
# and before a `###` heading. Nothing carries across a blank line with the
# Markdown enabled here (no reference definitions, raw HTML or footnotes), and
# a `###` heading ends any list or paragraph before it. Each landmark starts at
# a `##` heading: a piece that opens with one converts on its own to exactly its
# share of the whole; a piece that opens with `###` is the rest of the landmark
# before it, and goes inside it (see _assembled).
_SECTION_BREAK = re.compile(r"\n\n(?=---\n\n## )")
_PIECE_BREAK = re.compile(r"\n\n(?=---\n\n## |### )")
_LANDMARK_END = re.compile(r"</(?:article|header|nav|section)>\Z")
# Bumped when the HTML made from the same Markdown changes (each piece's key holds it, and Python-Markdown's
# version). `--rebuild` converts every piece again and keeps what it made, whatever was kept.
PIECES_FORMAT = 4


def pieces_of(markdown_text: str) -> list[str]:
    """The text cut at every section break and `###` heading after its first section break."""
    # Never at the first break, nor before it: what precedes it may hold no
    # `##` heading, and the page's header is made from what comes before the first one.
    first = _SECTION_BREAK.search(markdown_text)
    if first is None:
        return [markdown_text]
    cuts = [match.end() for match in _PIECE_BREAK.finditer(markdown_text, first.end())]
    bounds = [0, *cuts, len(markdown_text)]
    return [markdown_text[start:end] for start, end in zip(bounds, bounds[1:])]


def _piece_key(piece: str) -> str:
    import markdown

    made_by = f"{markdown.__version__} {PIECES_FORMAT}"
    return hashlib.sha256(f"{made_by}\n{piece}".encode("utf-8")).hexdigest()


def _assembled(pieces: Sequence[str], htmls: Sequence[str]) -> str | None:
    """The HTML of the whole text from its pieces' HTML; None if they do not join up as the whole would.

    A piece that opens with `###` has no landmark of its own: its elements
    go inside the one before, whose closing tag is held back until the next
    landmark opens. In the whole text, each element in a landmark ends with a
    line break (Python-Markdown's own, given before the landmarks are made);
    a piece's HTML, converted alone, has none after its last.
    """
    chunks: list[str] = []
    closing = ""
    for piece, html in zip(pieces, htmls):
        if piece.startswith("### "):
            if not closing or "<h2" in html or not chunks[-1].endswith("\n"):
                return None
            chunks.append(html + "\n")
            continue
        end = _LANDMARK_END.search(html)
        if end is None:
            return None
        chunks += [closing, html[:end.start()]]
        closing = html[end.start():]
    return "".join(chunks) + closing
