"""What a web page says about itself outside its article text: names, titles, links, language, standfirst.

trafilatura reads the article out of a page; a few facts it does not hand
over are read here from the page itself, parsed once with lxml: the page's
own site name and og:title, its <title> and first h1 headings, the texts of
its links (a block made of them is a menu or a list of other stories), the
language it declares, and whether a leading block is set apart as a
standfirst (by the markup words of rules/markup.toml). The only module
that imports lxml.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable

from ..languages import SUPPORTED_LANGUAGES, language_name, language_tag
from ..hosts import host_of
from ..textrules import words_of
from .sidecar import is_web_url

# Bounds on what is read of a hostile page: link texts kept, elements searched.
MAX_ANCHORS = 5000
MAX_ELEMENTS_SEARCHED = 200_000
# A link text shorter than this ("»", "1") cannot tell a link from prose.
MIN_ANCHOR_CHARS = 3
_INLINE_TAGS = {"a", "b", "strong", "em", "i", "span", "u", "small", "font", "mark"}


@dataclass(frozen=True)
class MarkupWords:
    """Words of page markup and page titles, the same in every language: data, in rules/markup.toml."""

    standfirst_classes: tuple[str, ...]  # class or id words of an element holding a standfirst
    site_words: frozenset[str]  # words that, next to the site's name, make a title part the site's


@functools.lru_cache(maxsize=None)
def markup_words() -> MarkupWords:
    with resources.files("briefing").joinpath("rules", "markup.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return MarkupWords(tuple(data.get("standfirst_classes", [])), frozenset(data.get("site_words", [])))


@dataclass(frozen=True)
class PageFacts:
    """The page's own statements about itself; None or empty where it makes none."""

    site_name: str | None = None  # og:site_name
    og_title: str | None = None
    twitter_title: str | None = None
    title: str | None = None  # the <title> element
    h1: tuple[str, ...] = ()  # the first three h1 headings
    anchors: frozenset[str] = frozenset()  # the texts of its links
    language: str | None = None  # a supported language it declares (<html lang>, og:locale)
    lang_tag: str | None = None  # the tag it declares for another language (<html lang="ru">)
    canonical: str | None = None  # <link rel="canonical">, an absolute http(s) address
    tree: Any = field(default=None, repr=False, compare=False)  # the parsed page (lxml)
    deep: bool = False  # nested deeper than the parser reads by default (read in its "huge" mode)
    too_deep: bool = False  # deeper than it was read (past MAX_DEPTH, or too big to be read so deep)


# Elements nested deeper than this are not read: the HTML parser's limits (libxml2's, by default and in its
# "huge" mode, which only a page of up to MAX_DEEP_PAGE_BYTES is read in: see read_page_facts).
PARSER_DEPTH = 256
MAX_DEPTH = 2_048
MAX_DEEP_PAGE_BYTES = 1_000_000


def deep_page_tree(html: str):
    """The page parsed as trafilatura parses it, but in the parser's "huge" mode: a page nested deeper than it
    reads by default (see PageFacts.deep), for the extractor."""
    import lxml.html

    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                                  remove_pis=True, huge_tree=True)
    return lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)


def read_page_facts(html: str) -> PageFacts:
    """The facts of one page (empty facts for a page lxml cannot parse)."""
    try:
        import lxml.html

        # The text is decoded already: the parser must not decode it again by the page's charset.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        data = html.encode("utf-8", "replace")
        tree = lxml.html.document_fromstring(data, parser=parser)
        # libxml2 reads HTML 256 elements deep and leaves out what is deeper: a page built of nested
        # <div>s lost its whole article. Its "huge" mode reads such a page (2,048 deep); but the
        # extractor's time grows with depth times size (a hostile 5 MB page of deep stacks took 12 s,
        # one of 1 MB 4 s), so only a page of ordinary size is read so deep.
        too_deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
        deep = too_deep and len(data) <= MAX_DEEP_PAGE_BYTES
        if deep:
            huge = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
            tree = lxml.html.document_fromstring(data, parser=huge)
            too_deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in huge.error_log)
    except Exception:  # unparseable or empty: the extractor decides what is there
        return PageFacts()
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if value and key not in metas:
            metas[key] = value
    title = next((" ".join(t.text_content().split()) for t in tree.iter("title")), "") or None
    anchors: set[str] = set()
    for anchor in tree.iter("a"):
        text = " ".join(anchor.text_content().split())
        if len(text) >= MIN_ANCHOR_CHARS:
            anchors.add(text)
        if len(anchors) >= MAX_ANCHORS:
            break
    h1: list[str] = []
    for heading in tree.iter("h1"):
        if text := " ".join(heading.text_content().split()):
            h1.append(text)
        if len(h1) >= 3:
            break
    declared = tree.get("lang") or tree.get("xml:lang") or metas.get("og:locale") or metas.get("content-language")
    # The address the publisher names as the article's own; og:url may be a short or an http:// one.
    canonical = next((link.get("href", "").strip() for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), None)
    return PageFacts(
        site_name=metas.get("og:site_name"), og_title=metas.get("og:title"),
        twitter_title=metas.get("twitter:title"), title=title, h1=tuple(h1),
        anchors=frozenset(anchors), language=_supported(declared), tree=tree, deep=deep,
        lang_tag=None if _supported(declared) else language_tag((declared or "").split(",")[0]),
        too_deep=too_deep,
        canonical=canonical if canonical and is_web_url(canonical) else None,
    )


def _supported(declared: str | None) -> str | None:
    """'de-AT', 'en_US', 'DE, AT' -> the supported language's name (the first named); None for an unknown one."""
    first = (declared or "").split(",")[0].strip()
    name = language_name(first) if first else None
    return name if name in SUPPORTED_LANGUAGES else None


@functools.lru_cache(maxsize=1)
def _standfirst_marks() -> re.Pattern | None:
    classes = "|".join(re.escape(w) for w in sorted(markup_words().standfirst_classes, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_-])(?:{classes})(?:$|[\s_-])", re.IGNORECASE) if classes else None


def is_standfirst(text: str, facts: PageFacts, description: str | None) -> bool:
    """Whether a leading block is the page's standfirst rather than the article's first paragraph.

    Both must hold: the block says what the page's meta description says,
    and the page marks it apart from the body: it sits in a <header>, in an
    element whose class or id names a standfirst (intro, teaser, lead,
    standfirst, chapo, ...), or is set wholly in bold. A description that
    merely repeats the first paragraph of the body is not enough.
    """
    if not description or not _similar(text, description):
        return False
    if len(text.split()) > 1.3 * len(description.split()) + 5:
        return False  # the description is only the start of it: a lead paragraph, not a standfirst
    if facts.tree is None or (holder := _element_holding(facts.tree, text)) is None:
        return False
    marks = _standfirst_marks()
    element, depth = holder, 0
    while element is not None and depth < 4:
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag == "header" or (marks is not None and marks.search(names)):
            return True
        element, depth = element.getparent(), depth + 1
    block = holder
    while block is not None and block.tag in _INLINE_TAGS:
        block = block.getparent()
    if block is None:
        return False
    content = " ".join(block.text_content().split())
    bold = " ".join(" ".join(b.text_content().split()) for b in block.iter("b", "strong"))
    return len(content) > 0 and len(bold) >= 0.9 * len(content)


def _element_holding(tree, text: str):
    """The innermost element of the page whose own text starts the block `text`, or None.

    Only an element's own text and its children's tails are read, so the
    search is linear in the size of the page, however deeply it nests.
    """
    probe = " ".join(text.split()[:6])
    if len(probe) < 12:
        return None
    for count, element in enumerate(tree.iter()):
        if count > MAX_ELEMENTS_SEARCHED:
            return None
        if not isinstance(element.tag, str):
            continue
        own = " ".join([element.text or ""] + [child.tail or "" for child in element])
        if probe in " ".join(own.split()):
            return element
    # The block's start is split by inline markup (<a>, <b>): try paragraphs whole.
    for element in tree.iter("p", "h2", "h3"):
        content = element.text_content()
        if len(content) <= 5000 and probe in " ".join(content.split()):
            return element
    return None


def _similar(a: str, b: str) -> bool:
    words_a = set(words_of(a.lower()))
    words_b = set(words_of(b.lower()))
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) >= 0.8 * min(len(words_a), len(words_b))


_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_SCRIPT_OPENING = re.compile(r"<script\b([^>]{0,300})>", re.IGNORECASE)
# A string of the script's data ("…" as JSON writes it) long enough to hold a sentence. Opened by no escaped quote,
# and read through at once: an unclosed one of escaped quotes was read again from each, 20,000 characters each
# time (100 KB of them took 26 s). A shorter string is passed over from its closing quote, as from any other: a
# stray quote (in a string in single quotes) leaves the strings after it read as they are.
_STRING = re.compile(r'(?<!\\)"((?:[^"\\\n]|\\.){40,20000}+)"')
_MARKUP = re.compile(r"<[^>]{0,300}>")
# A string of fewer words is a label, a setting or a message of the scripts, not the article's prose.
_PROSE_WORDS = 8
# Only this much of the scripts' text is looked through (a page's app state is far smaller).
MAX_SCRIPT_CHARS = 5_000_000


def script_prose_words(html: str) -> int:
    """How many words of prose the page's scripts hold in their data: the state an app renders the article
    from (Next.js's __NEXT_DATA__, Nuxt's window.__NUXT__, ...), its paragraphs as strings. (Only to tell
    a page its scripts fill in: that text is not read.) JSON-LD and scripts loaded from elsewhere are
    not counted."""
    import json

    words = looked = 0
    position = 0
    while looked < MAX_SCRIPT_CHARS and (opening := _SCRIPT_OPENING.search(html, position)) is not None:
        closing = _SCRIPT_END.search(html, opening.end())
        if closing is None:
            break
        position = closing.end()
        attributes = opening.group(1).lower()
        if "ld+json" in attributes or "src=" in attributes:
            continue
        body = html[opening.end():min(closing.start(), opening.end() + MAX_SCRIPT_CHARS - looked)]
        looked += len(body)
        for found in _STRING.finditer(body):
            try:
                text = json.loads(f'"{found.group(1)}"')  # "\u003cp\u003e": the markup of the text
            except ValueError:
                continue
            count = len(_MARKUP.sub(" ", text).split())
            if count >= _PROSE_WORDS:
                words += count
    return words


# A heading over readers' comments counts only after this many words of the page's paragraphs: a count of
# comments by the headline ("12 comments") is no end of the article.
COMMENTS_AFTER_WORDS = 80
_LOWER_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def without_comments(facts: PageFacts, opens_comments: Callable[[str], bool]) -> str | None:
    """The page without everything from a heading over its readers' comments on ("3 responses", "Leave a
    reply": `opens_comments` says which), as HTML; None when it has none, or none after its article.

    The extractor leaves comments out by the class names sites give them; a
    page whose class names say nothing (hashed, or in another language) had
    its comments read as the article's last paragraphs. Only a heading
    COMMENTS_AFTER_WORDS words of paragraphs after an h1 (or after the start of
    a page without one) counts: a count of comments by the headline, or a
    widget of comments above the article, ends nothing.
    """
    if facts.tree is None:
        return None
    # Counted from the latest h1 (the headline; a page without one, from its start): a heading of
    # comments before any headline is a widget above the article.
    headed = facts.tree.find(".//h1") is None
    words, found = 0, None
    for place, element in enumerate(facts.tree.iter()):
        if place > MAX_ELEMENTS_SEARCHED:
            return None
        if element.tag == "h1":
            headed, words = True, 0
        elif element.tag == "p":
            words += len(element.text_content().split())
        elif (headed and element.tag in _LOWER_HEADINGS and words >= COMMENTS_AFTER_WORDS
              and opens_comments(" ".join(element.text_content().split()))):
            found = place
            break
    if found is None:
        return None
    import copy

    import lxml.html

    try:
        tree = copy.deepcopy(facts.tree)  # (the facts' tree stays the page: the standfirst is looked up in it)
        heading = next(element for place, element in enumerate(tree.iter()) if place == found)
        node = heading
        while node is not None and node.tag not in ("body", "html"):
            for later in list(node.itersiblings()):
                node.getparent().remove(later)
            node = node.getparent()
        heading.getparent().remove(heading)
        return lxml.html.tostring(tree, encoding="unicode")
    except Exception:  # lxml's trees hold what any page holds: the page is read whole, as before
        return None


def stated_date(found: str | None, facts: PageFacts) -> str | None:
    """The extractor's date, unless it is only a year the page mentions ("a first plan in 2019", "© 2023"
    read as January 1st): a January 1st is kept when the page states it in its metadata, a <time> or its
    address."""
    if found is None or not found.endswith("-01-01"):
        return found
    if facts.tree is None:
        return None
    import htmldate

    try:  # (the parsed page: a text would be taken for an address to download, were it one)
        return htmldate.find_date(facts.tree, extensive_search=False, original_date=True) or None
    except Exception:  # a library failing on odd input: no date, rather than none of the page
        return None


def own_address(canonical: str | None, stated: str | None) -> str | None:
    """The page's address: its canonical link (og:url may be a short or an http:// one), unless that
    names another site (an article syndicated from it: the page read is this site's)."""
    if canonical and (stated is None or _site(host_of(canonical)) == _site(host_of(stated))):
        return canonical
    return stated


def _site(host: str | None) -> str | None:
    return host[4:] if host and host.startswith("www.") else host
