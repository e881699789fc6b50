"""trafilatura's output tree -> the page's text blocks in reading order, each with its share of link text."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import textrules

# Tags of trafilatura's output tree that hold no prose: a reader of the
# briefing never sees code listings, tables or images (but see html_blocks).
_SKIPPED_BLOCKS = {"table", "code", "graphic", "figure", "comments"}
_BLOCK_TAGS = {"p", "head", "item", "quote", "list", "div", "cell", "row", "table", "code", "graphic"}
# A table cell of this many words is prose, not a menu's or a layout's.
PROSE_CELL_WORDS = 12
# Longer blocks are not searched for link texts (a hostile page could make that slow).
_LINK_CHECK_MAX_CHARS = 2000


@dataclass(frozen=True)
class Block:
    """One block of trafilatura's output tree: a paragraph, heading, list item or quote."""

    text: str
    kind: str  # its tag: p, head, item, quote, ...
    link_chars: int = 0  # how much of its text is the text of the page's links
    links: int = 0

    @property
    def link_share(self) -> float:
        chars = len(self.text.replace(" ", ""))
        return self.link_chars / chars if chars else 0.0


def html_blocks(body, tables: bool = False) -> list[Block]:
    """The text blocks of trafilatura's output tree in reading order: paragraphs, headings, list items, quotes.

    With `tables`, a table's cells of prose too (of PROSE_CELL_WORDS words or more, read as paragraphs): a
    page laid out in a table holds its article in one of its cells, and its menus in the others.
    """
    blocks: list[Block] = []
    if body is not None:
        _visit(body, blocks, _SKIPPED_BLOCKS - {"table"} if tables else _SKIPPED_BLOCKS)
    return blocks


def _visit(element, blocks: list[Block], skipped: set[str]) -> None:
    # Functions of the module, not closures that call themselves: that would be a cycle, and keep each
    # page's blocks until the cycle collector runs.
    for child in element:
        _visit_block(child, blocks, skipped)


def _visit_block(child, blocks: list[Block], skipped: set[str]) -> None:
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag in skipped:
        return
    if tag == "cell" and len(" ".join(child.itertext()).split()) < PROSE_CELL_WORDS:
        return  # a menu's, a counter's or a layout's cell ("Gäste: 1"), however it is built
    if any(_is_block(part, child) for part in child):
        # Its own text before, between and after the blocks it holds is its lines ("Three levels:", a
        # list, "Each of them ..."); each block is visited in its place.
        run = [child.text or ""]
        for part in child:
            if _is_block(part, child):
                blocks.extend(_lines_from(run, tag))
                run = []
                _visit_block(part, blocks, skipped)
            elif part.tag == "lb":
                run.append(_LINE_BREAK)
            elif isinstance(part.tag, str):
                run.extend(_segments(part))
            run.append(part.tail or "")
        blocks.extend(_lines_from(run, tag))
    elif tag == "cell":
        blocks.extend(Block(line.text, "p") for line in _lines_of(child, tag))
    elif tag:
        blocks.extend(_lines_of(child, tag))


# Where a <code> among words is one of them ("what can we `import` into ..."), not a listing.
_PROSE_TAGS = frozenset({"p", "item", "head", "quote", "cell"})


def _is_block(part, parent) -> bool:
    """Whether an element of the extractor's tree is a block of its own: not a word of code in a line."""
    if not isinstance(part.tag, str) or part.tag not in _BLOCK_TAGS:
        return False
    if part.tag != "code" or parent.tag not in _PROSE_TAGS or "\n" in "".join(part.itertext()).strip():
        return True
    before = part.getprevious()
    words_before = (before.tail if before is not None else parent.text) or ""
    return not (words_before.strip() or (part.tail or "").strip())


# A line break of the page (<br>, an <lb> in trafilatura's tree); XML text never holds NUL.
_LINE_BREAK = "\x00"
# A blank line in preformatted text (a <pre>, which trafilatura's tree holds as a quote) ends a paragraph,
# as it does on the screen; elsewhere the page's source may hold one anywhere, and a browser shows none.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_PREFORMATTED = "quote"


def _segments(element):
    """The text pieces of an element of trafilatura's tree, with _LINE_BREAK for a line break."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == "lb":
            yield _LINE_BREAK
        elif isinstance(child.tag, str):
            yield from _segments(child)
        if child.tail:
            yield child.tail


def _lines_of(element, kind: str) -> list[Block]:
    """An element's lines as blocks (see _lines_from)."""
    return _lines_from(_segments(element), kind)


def _lines_from(segments, kind: str) -> list[Block]:
    """Text pieces' lines as blocks, split at their line breaks (_LINE_BREAK).

    A newline in the text is the page's source wrapping its lines (in HTML, a
    space): "who in 2008, won the" / "Africa Movie Academy Award ...". Only a
    heading typed above the text in the same element keeps its own line, and in
    preformatted text a blank line ends a paragraph.
    """
    lines: list[str] = []
    text = "".join(segments)
    if kind == _PREFORMATTED:
        text = _BLANK_LINE.sub(_LINE_BREAK, text)
    for broken in text.split(_LINE_BREAK):
        if kind == _PREFORMATTED and looks_like_code(broken):
            continue  # a listing the extractor did not mark as code: no reader of the briefing wants it
        wrapped = [" ".join(line.split()) for line in broken.split("\n")]
        wrapped = [line for line in wrapped if line]
        if len(wrapped) > 1 and _heading_above(wrapped):
            lines.append(wrapped.pop(0))
        if wrapped:
            lines.append(" ".join(wrapped))
    return [Block(line, kind) for line in lines]


# What a line of code, a command or data has that a line of prose has not: a shell's prompt, a line ending
# in an opening bracket or opening with a closing one, an assignment, a call, a command's option, a key and
# its value (quoted, or indented as YAML's), a tag; or many of the symbols prose seldom uses.
_PROMPT = re.compile(r"^\s*(?:\$|#|%|>>>|PS [^>]*>|[A-Z]:\\[^>]*>)\s")
_CODE_SHAPE = re.compile(
    r"[{\[(]\s*$|^\s*[}\])]|[\w\])]\s*(?:[-+*/%|&]?=|==|=>|->|:=)\s*\S|[\w.]\((?:[^()\s]|\)\s*$)"
    r"|(?:^|\s)--?[a-z][\w-]*|^\s*[\"'][^\"']+[\"']\s*:\s*\S|^\s+[\w.-]+:\s+\S|^[\w.-]+:$|</?[a-z][\w-]*[\s>]|::")
_CODE_SYMBOLS = frozenset("{}[]()<>=;$|\\/_`*&@^~")
_CODE_SYMBOL_SHARE = 0.12


def looks_like_code(text: str) -> bool:
    """Whether preformatted text is code, a command or data by its shape (see _CODE_SHAPE), whatever its
    language: at least half of its lines look so. A poem or an address set out line by line does not."""
    lines = [line for line in text.replace(_LINE_BREAK, "\n").split("\n") if line.strip()]
    if not lines:
        return False
    coded = sum(bool(_PROMPT.match(line) or _CODE_SHAPE.search(line))
                or sum(c in _CODE_SYMBOLS for c in line) > _CODE_SYMBOL_SHARE * len(line.strip())
                for line in lines)
    return 2 * coded >= len(lines)


def _heading_above(wrapped: list[str]) -> bool:
    """Whether the first of an element's source lines is a heading over the rest: it ends without
    punctuation and not in a word that needs more ("der", "the"), it is far shorter than the text's
    lines (a wrapped paragraph's lines are all about as long), and the next line starts a sentence
    as sentences start: with a capital word that needs more ("Die CDU-Fraktion ...", "The council").
    A capital noun ("neuen" / "Haushalt beschlossen"), a name ("Mayor" / "John Smith said") goes on."""
    first, second = wrapped[0], wrapped[1]
    dangling = textrules.dangling_words()
    return (
        first[-1].isalnum() and second[0].isupper()
        and 2 * len(first) <= max(len(line) for line in wrapped[1:])
        and first.rsplit(None, 1)[-1].lower() not in dangling
        and second.split(None, 1)[0].lower() in dangling
    )


def count_links(blocks: Sequence[Block], anchors: frozenset[str]) -> list[Block]:
    """The blocks, each with how much of its text is the text of the page's links.

    trafilatura's tree can say which text was a link (include_links), but
    asking for links changes how it cuts paragraphs; the page's own anchor
    texts, found in a block, say the same.
    """
    if not anchors:
        return list(blocks)
    # Each anchor looked for in each block: 5,000 links beside 10,000 paragraphs (a 1 MB page within every
    # limit) took 15 s. Past this many pairs, every block's anchors are found in one pass over its text.
    finder = _AnchorFinder(anchors) if len(anchors) * len(blocks) > _PAIRS_LOOKED_AT_ONE_BY_ONE else None
    counted = []
    for block in blocks:
        chars = len(block.text.replace(" ", ""))
        if len(block.text) < 2 or len(block.text) > _LINK_CHECK_MAX_CHARS:
            counted.append(block)  # a long block is prose unless trafilatura says otherwise
        elif block.text in anchors:
            counted.append(replace(block, link_chars=chars, links=1))
        else:
            found = (finder.found_in(block.text) if finder is not None else
                     [a for a in anchors if len(a) <= len(block.text) and a in block.text])
            linked = min(chars, sum(len(a.replace(" ", "")) for a in found))
            counted.append(replace(block, link_chars=linked, links=len(found)))
    return counted


_PAIRS_LOOKED_AT_ONE_BY_ONE = 1_000_000


class _AnchorFinder:
    """Which of many anchor texts a text holds, in one pass over the text whatever their number
    (Aho-Corasick: a trie of the anchors, each node linked to the longest suffix of its text that is
    another node, and to the nearest such suffix that is a whole anchor)."""

    def __init__(self, anchors: frozenset[str]) -> None:
        self.empty = "" in anchors  # (found in every text)
        goto: list[dict[str, int]] = [{}]
        ends: list[str | None] = [None]  # the anchor whose text ends at each node
        for anchor in anchors:
            node = 0
            for char in anchor:
                following = goto[node].get(char)
                if following is None:
                    following = len(goto)
                    goto[node][char] = following
                    goto.append({})
                    ends.append(None)
                node = following
            if anchor:
                ends[node] = anchor
        fail, whole = [0] * len(goto), [0] * len(goto)  # (0, the root, for none)
        queue = deque(goto[0].values())
        while queue:
            node = queue.popleft()
            for char, child in goto[node].items():
                suffix = fail[node]
                while suffix and char not in goto[suffix]:
                    suffix = fail[suffix]
                fail[child] = goto[suffix].get(char, 0)
                whole[child] = fail[child] if ends[fail[child]] is not None else whole[fail[child]]
                queue.append(child)
        self._goto, self._ends, self._fail, self._whole = goto, ends, fail, whole

    def found_in(self, text: str) -> set[str]:
        goto, ends, fail, whole = self._goto, self._ends, self._fail, self._whole
        found: set[str] = {""} if self.empty else set()
        seen: set[int] = set()
        node = 0
        for char in text:
            while node and char not in goto[node]:
                node = fail[node]
            node = goto[node].get(char, 0)
            match = node if ends[node] is not None else whole[node]
            while match and match not in seen:  # (a node seen had its shorter anchors found with it)
                seen.add(match)
                found.add(ends[match])
                match = whole[match]
        return found
