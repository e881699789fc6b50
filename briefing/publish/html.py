"""The briefing's Markdown -> safe HTML. The only module that imports Python-Markdown and nh3.

Python-Markdown runs with only the Markdown a briefing uses, and what it makes
is cleaned with an allow-list sanitiser, so that no markup from a seed can run
or load anything even past a gap in the escaping.
"""

from __future__ import annotations

import re
from typing import Callable

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
    "a": {"href", "title"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "header": _LANDMARK_ATTRIBUTES, "section": _LANDMARK_ATTRIBUTES,
    "nav": _LANDMARK_ATTRIBUTES, "article": _LANDMARK_ATTRIBUTES | {"lang"},
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
                    if tag == "article" and child.get("lang"):
                        attributes["lang"] = child.attrib.pop("lang")  # the story's language is its article's
                    current = etree.SubElement(root, tag, attributes)
                current.append(child)
            if len(header) == 0:
                root.remove(header)

    class LandmarksExtension(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
            # After attr_list (8), which gives the headings their ids.
            md.treeprocessors.register(Landmarks(md), "briefing_landmarks", 5)

    return LandmarksExtension()


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

    With `parts` > 1 the text is cut between its `##` sections into up to that
    many pieces, converted through `mapper` (an executor's map, to use more
    than one core on a big day); the HTML is exactly that of the whole text.
    Text too short to be worth sending to other processes is converted here.
    """
    import nh3

    if len(markdown_text) < HTML_WORTH_SPLITTING:
        parts, mapper = 1, map
    html = "".join(mapper(_markdown_to_html, split_sections(markdown_text, parts)))
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


def _markdown_to_html(markdown_text: str) -> str:
    import markdown

    converter = markdown.Markdown(extensions=["attr_list", "sane_lists", _landmarks_extension()], output_format="html")
    for name in _UNUSED_INLINE:
        converter.inlinePatterns.deregister(name, strict=False)
    for name in _UNUSED_BLOCKS:
        converter.parser.blockprocessors.deregister(name, strict=False)
    converter.preprocessors.deregister("html_block", strict=False)
    return converter.convert(markdown_text)


# The blank line before a rule that opens a `##` section. Nothing carries
# across it with the Markdown enabled here (no reference definitions, raw HTML
# or footnotes), and each landmark starts at a `##` heading, so the parts on
# either side convert on their own to exactly their share of the whole.
_SECTION_BREAK = re.compile(r"\n\n(?=---\n\n## )")


def split_sections(markdown_text: str, parts: int) -> list[str]:
    """The text cut at section breaks into at most `parts` pieces of about equal length."""
    # Never at the first break: what precedes it may hold no `##` heading, and
    # the page's header is made from what comes before the first one.
    breaks = [match.end() for match in _SECTION_BREAK.finditer(markdown_text)][1:]
    if parts <= 1 or not breaks:
        return [markdown_text]
    step = len(markdown_text) / parts
    cuts = sorted({min(breaks, key=lambda b: abs(b - step * k)) for k in range(1, parts)})
    bounds = [0, *cuts, len(markdown_text)]
    return [markdown_text[start:end] for start, end in zip(bounds, bounds[1:])]


