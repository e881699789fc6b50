"""A Markdown seed's body as the plain prose it shows: link text, no emphasis marks, no raw HTML.

While a text is reduced, each backslash-escaped character stands as a noncharacter no pattern takes for
markup (`plain_marked`), so that the reader can still tell a heading from a line that starts with an
escaped `#`; `unescaped` puts them back.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from typing import Callable

from ..text import clean_text

# Every pattern here is linear on any input: spans are bounded and exclude
# their own delimiters, so a hostile line of thousands of brackets, asterisks
# or backticks cannot make a regular expression backtrack for minutes.
# An address may hold parentheses in pairs, as Markdown reads it (`https://en.wikipedia.org/wiki/Mercury_(planet)`):
# such a link was left as written, brackets, address and all.
_MD_LINK = re.compile(r"( ?)(!?)\[([^\[\]\n]{0,500})\]\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)")
# An image shows the picture, not its text (`![Photo: the bridge at dawn](bridge.jpg)` read as a paragraph): left
# out, with a space before it, as a web page's images are; a link around one (`[![logo](a.png)](...)`) goes with it.
# A reference link (`[text][label]`, `[text][]`, `[text]`) and a footnote's mark (`[^1]`) show their text,
# and the definitions they refer to (`[label]: https://...`) show nothing, in every Markdown viewer: they were
# read as written, and a definition's address became a sentence. A bracket no definition names is text.
_LABEL_TEXT = r"[^\[\]\n]{1,500}"
_REFERENCE_LINK = re.compile(rf"( ?!)?\[({_LABEL_TEXT})\](?:\[({_LABEL_TEXT})?\])?")
_DEFINITION = re.compile(
    rf"^ {{0,3}}\[(?!\^)({_LABEL_TEXT})\]:[ \t]*(?:<[^<>\n]{{0,2000}}>|\S{{1,2000}})"
    r"""(?:[ \t]+(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'|\([^()\n]{0,500}\)))?[ \t]*$""")
_FOOTNOTE_DEFINITION = re.compile(rf"^ {{0,3}}\[\^({_LABEL_TEXT})\]:[ \t]*")
_FOOTNOTE_MARK = re.compile(rf"(?<![ \t])[ \t]*+\[\^({_LABEL_TEXT})\]")  # (not begun at each of 100 KB of spaces: 20 s)
# A quotation's marks, nested too ("> > The budget is fair"); a list item's mark, however deep its list
# ("    - five new teachers"), and a task list's box ("- [x] done", "- [ ]" alone), which kept theirs.
_QUOTE_MARKS = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|([0-9]{1,9})[.)])(?:[ \t]+(?:\[[ xX]\](?:[ \t]+|$))?|[ \t]*$)")
# Struck-through text (GitHub's `~~old~~`) is what the writer took back: shown as "~~rejected~~ replaced".
_STRUCK = re.compile(r"(?<!~)~~(?=[^\s~])[^~\n]{0,500}(?<=[^\s~])~~(?!~)")
# Hugo's shortcodes (`{{< figure src="..." >}}`, `{{% notice %}}`), which a Hugo site makes into markup, read as
# text ("{{% notice info %}} Engineers replaced ..."): left out, the text between a pair kept. No brace inside:
# each try stops at the next one.
_SHORTCODE = re.compile(r" ?(?:\{\{<[^{}]{0,1000}>\}\}|\{\{%[^{}]{0,1000}%\}\})")
# What a line of a heading, a definition, a footnote or an underline starts with (after spaces).
_MAY_OPEN_A_BLOCK = frozenset({"#", "[", "=", "-"})
# A fenced code block: its code is no prose (the fences alone were left out, and `print("hi")` read as text).
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
# A table (GitHub's: a row of cells between pipes, a row of dashes under it) holds no sentences: its rows read as
# one run of cells and pipes ("| Phase | Date | |---|---| | Launch | 2018 |"). (Possessive: 100 KB of spaces, 30 s.)
_TABLE_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+")
# A heading written as its own line (`## Budget`) may have text on the very next line, and may interrupt a
# paragraph: it was taken with that text for one paragraph, and the paragraph after a heading dropped with it.
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# A line of === or --- under a line of text makes it a heading (setext); === is never prose, --- alone a rule.
_SETEXT_UNDERLINE = re.compile(r" {0,3}(={3,}|-{3,})[ \t]*")
_LIST_ITEM_OR_QUOTE = re.compile(r"\s{0,3}(?:>|[-*+]\s|\d+[.)]\s)")
_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”’»)]*\s*$")
# Emphasis marks at the edge of a word, opening one (before a word) or
# closing one (after it); `_` inside a word (snake_case) and `*` standing
# between spaces (5 * 3) are text. A mark is emphasis only with its pair.
_MD_EMPHASIS_RUN = re.compile(r"(?P<opens>(?<![\w*_])[*_]+(?=[^\s*_]))|(?P<closes>(?<=[^\s*_])[*_]+(?![\w*_]))")
_MD_BACKTICKS = re.compile(r"`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,1000}>")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# Tags inside a line of text (`<em>`, `<a>`) go without a trace; a block's (`</p><p>`, `</li>`) ends a
# paragraph, and any other (`<br>`) stands as a space: "the surface<br>of the planet" read "the surfaceof the
# planet", and "<p>One.</p><p>Two.</p>" one paragraph "One.Two.".
_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th",
    "tr", "ul",
})
# A CommonMark autolink (`<https://example.org/x>`, `<ana@example.org>`) shows its address: taken for a tag,
# it was dropped, and "write to <ana@example.org> today" read "write to today". Its text is kept (escaped
# on the way out like any seed text: no link is made of it, whatever its scheme).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]{0,2000}"
                       rf"|[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,64}}@{_LABEL}(?:\.{_LABEL}){{0,20}})>")
# An entity as Markdown reads one: with its semicolon (`&copy=2` in an address stays as it is).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Raw HTML whose content a reader never sees: scripts, styles and comments.
_HIDDEN_HTML = re.compile(r"<!--|<(script|style)\b", re.IGNORECASE)


def _drop_hidden_html(body: str) -> str:
    if _HIDDEN_HTML.search(body) is None:
        return body
    in_code, line_start = _in_code_of(body)
    never_closed: set[str] = set()
    kept, pos = [], 0
    while (opening := _HIDDEN_HTML.search(body, pos)) is not None:
        if in_code(opening.start()):
            # Shown as code, not hidden: "`<style>`" or a fenced `<script ...>` left out the rest of the article.
            kept.append(body[pos:opening.end()])
            pos = opening.end()
            continue
        kept.append(body[pos:opening.start()])
        closer = "-->" if opening.group(1) is None else f"</{opening.group(1).lower()}"
        # (A closer found nowhere after one opening is nowhere after a later one: searched for once.)
        close = None if closer in never_closed else re.compile(re.escape(closer), re.IGNORECASE).search(
            body, opening.end())
        if close is None:
            never_closed.add(closer)
            indent = opening.start() - line_start(opening.start())
            if indent > 3 or body[opening.start() - indent:opening.start()].strip(" "):  # (an HTML block's start)
                # Inside a line of prose, and never closed: text ("a <!-- starts a comment" hid the rest).
                kept.append(body[opening.start():opening.end()])
                pos = opening.end()
                continue
            return "".join(kept)  # opening a line, never closed: the rest is hidden too, as a viewer hides it
        end = body.find(">", close.end() - 1)
        pos = len(body) if end == -1 else end + 1
    kept.append(body[pos:])
    return "".join(kept)


def _in_code_of(body: str) -> tuple[Callable[[int], bool], Callable[[int], int]]:
    """Whether the character at an offset of `body` is in a closed fenced code block or in a code span of its
    line, which a viewer shows as written; and where its line starts (searched for, not scanned back to: a line
    of thousands of openings is read once)."""
    lines = body.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    fenced = _fenced_code(lines)
    spans: dict[int, tuple[list[int], list[int]]] = {}  # line -> where its code spans start, and end (in order)

    def in_code(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        if index in fenced:
            return True
        if index not in spans:
            found = _code_spans(lines[index])
            spans[index] = [opening.end() for opening, _ in found], [closing.start() for _, closing in found]
        opened, closed = spans[index]
        column = offset - starts[index]
        span = bisect.bisect_right(opened, column) - 1  # (a search: a line of thousands of spans is read once)
        return span >= 0 and column < closed[span]

    def line_start(offset: int) -> int:
        return starts[bisect.bisect_right(starts, offset) - 1]

    return in_code, line_start


def markdown_to_plain(body: str) -> str:
    """Reduce Markdown to the plain prose it shows: link text, no emphasis marks, no raw HTML."""
    return unescaped(plain_marked(body))


# ASCII punctuation, which a backslash makes literal in Markdown (`\*` is a star, never emphasis).
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_ESCAPED = re.compile(r"\\([" + re.escape(_PUNCTUATION) + r"])")
# While a text is reduced, an escaped character stands as one of the 32 noncharacters U+FDD0-U+FDEF,
# there for a program's own use and removed from every seed first: no pattern takes it for markup.
_AS_STAND_IN = {c: chr(0xFDD0 + n) for n, c in enumerate(_PUNCTUATION)}
_FROM_STAND_IN = str.maketrans({stand_in: c for c, stand_in in _AS_STAND_IN.items()})
_ESCAPED_STAND_INS = frozenset(_AS_STAND_IN.values())
_MARKS_AS_STAND_INS = str.maketrans({mark: _AS_STAND_IN[mark] for mark in "*_"})


def unescaped(text: str) -> str:
    return text.translate(_FROM_STAND_IN)


def plain_marked(body: str) -> str:
    """markdown_to_plain with each backslash-escaped character still a stand-in: a line that starts
    with `\\#` is text, not a heading, for the reader's heading tests after it. Each paragraph is one line."""
    body = _ESCAPED.sub(lambda m: _AS_STAND_IN[m.group(1)], clean_text(body))
    lines = _drop_hidden_html(body).split("\n")
    labels = {_label(found[1]) for found in map(_DEFINITION.match, lines) if found}
    footnotes = {_label(found[1]) for found in map(_FOOTNOTE_DEFINITION.match, lines) if found}
    paragraphs: list[str] = []
    paragraph: list[str] = []
    listing = ""  # the list the block is an item of: "" none, "-" bullets, "1" numbered
    for line in [*_blocks_set_apart(lines), ""]:
        stripped = line.strip()
        if not stripped:
            if paragraph:
                paragraphs.append(_inline_as_text(" ".join(paragraph), labels, footnotes))
                paragraph, listing = [], ""
            continue
        if re.fullmatch(r"(?:[-*_]\s*){3,}|```.*|~~~.*", stripped):
            continue  # rules and code fences carry no prose
        line = _QUOTE_MARKS.sub("", line)
        item = _LIST_ITEM.match(line)
        filled, one = item is not None and item.end() < len(line), item is not None and item[1] == "1"
        # (A lone "*" or "+" inside a paragraph is text, "2\n+\n3", as a viewer shows it; a lone "-" ends it.)
        lone = item is not None and item[1] is None and not (filled or not paragraph or listing or "-" in item[0])
        if item and not lone and (item[1] is None or listing == "1" or (not paragraph or one and filled) and (filled or one)):
            # A number and a full stop opening a wrapped line of prose ("... approved in\n2024. It will ...") is text:
            # a list interrupts a paragraph only from 1 (CommonMark); "2024." alone is text, "1." alone a first item.
            listing = "1" if listing == "1" or item[1] is not None else "-"
            line = line[item.end():]
            if paragraph:  # each item is a block of its own: items ran on as one sentence ("... long It cost ...")
                paragraphs.append(_inline_as_text(" ".join(paragraph), labels, footnotes))
                paragraph = []
        if line.strip():  # (an empty item, "-" alone, shows nothing: it was a lone dash in the text)
            paragraph.append(line[:-1] if line.endswith("\\") else line)  # a backslash ending a line is a line break
    return "\n\n".join(paragraphs)


def _inline_as_text(paragraph: str, labels: set[str], footnotes: set[str]) -> str:
    """A paragraph's text without its inline markup, read across the lines it was written on, as Markdown
    reads it: a link or emphasis that a hard-wrapped paragraph breaks over two lines (`[European\\nSpace
    Agency](https://...)`, `*long\\njourney*`) was left as written, brackets, address, stars and all."""
    text = _STRUCK.sub("", _SHORTCODE.sub(_shortcode_gone, _code_spans_as_text(paragraph)))
    text = _MD_LINK.sub(_link_text, _MD_LINK.sub(_link_text, text))  # twice: a link around an image
    if labels:
        text = _REFERENCE_LINK.sub(lambda link: _reference_text(link, labels), text)
    if footnotes:
        text = _FOOTNOTE_MARK.sub(lambda mark: "" if _label(mark[1]) in footnotes else mark.group(), text)
    text = _HTML_TAG.sub(_tag_as_text, _AUTOLINK.sub(_address_as_written, text))
    # Entities last, as Markdown shows them: `&lt;video&gt;` is the text "<video>", never a tag.
    return _ENTITY.sub(lambda m: clean_text(html.unescape(m.group())), _without_emphasis(text))


def _shortcode_gone(found: re.Match[str]) -> str:
    """Nothing for a shortcode, with the space before it when a stop or a space comes after ("was shut."); a
    space where it stood between words ("more text {{% notice %}}inner" read "more textinner")."""
    after = found.string[found.end():found.end() + 1]
    return " " if found.group().startswith(" ") and after and not after.isspace() and after not in ".,;:!?)" else ""


def _tag_as_text(tag: re.Match[str]) -> str:
    name = _TAG_NAME.match(tag.group())[1].lower()
    return "" if name in _INLINE_TAGS else "\n\n" if name in _BLOCK_TAGS else " "


def _label(text: str) -> str:
    """A reference's label as Markdown matches it: case and runs of white space aside."""
    return " ".join(text.split()).casefold()


def _link_text(link: re.Match[str]) -> str:
    """An inline link's text; nothing, not even the space before it, for an image or a link that showed one."""
    return "" if link[2] or not link[3] else link[1] + link[3]


def _reference_text(link: re.Match[str], labels: set[str]) -> str:
    """A reference link's text (nothing for an image), if its label (or its text, for `[text]` and `[text][]`)
    is defined."""
    image, text, label = link[1], link[2], link[3]
    if _label(label or text) not in labels:
        return link.group()
    return "" if image else text


def _blocks_set_apart(lines: list[str]) -> list[str]:
    """The lines with each heading a paragraph of its own (a setext heading written as `# ...`), without
    fenced code, the definitions of references and tables, and each footnote's text a paragraph of its own."""
    kept: list[str] = []
    in_table = False
    code = _fenced_code(lines)
    for index, line in enumerate(lines):
        if index in code:
            if kept and kept[-1]:
                kept.append("")
            continue
        in_table = in_table and "|" in line
        if line.lstrip()[:1] not in _MAY_OPEN_A_BLOCK and "|" not in line:
            kept.append(line)  # most lines: only text (checked first, as the patterns below cost 3 s for 5 MB)
            continue
        if in_table or _DEFINITION.match(line):
            continue
        if "|" in line and kept and "|" in kept[-1] and _TABLE_DELIMITER_ROW.fullmatch(line):
            kept[-1], in_table = "", True
            continue
        footnote = _FOOTNOTE_DEFINITION.match(line)
        if footnote:
            kept += ["", line[footnote.end():]]
            continue
        underline = _SETEXT_UNDERLINE.fullmatch(line)
        if (underline and kept and kept[-1].strip() and (len(kept) == 1 or not kept[-2].strip())
                and not _LIST_ITEM_OR_QUOTE.match(kept[-1]) and not _ENDS_A_SENTENCE.search(kept[-1])):
            # One line of text above: a heading. Under more, or under a sentence ("The council met.\n---",
            # a rule written without a blank line), the underline alone goes (a rule, or no prose).
            if not _ATX_HEADING.match(kept[-1]):
                kept[-1] = ("# " if underline[1][0] == "=" else "## ") + kept[-1].strip()
            kept.append("")
            continue
        if underline and underline[1][0] == "=" and kept and kept[-1].strip():
            continue
        if _ATX_HEADING.match(line):
            heading = line.strip()
            kept += ["", heading, ""] if heading.strip("#").strip() else [""]
            continue
        kept.append(line)
    return kept


def _fenced_code(lines: list[str]) -> set[int]:
    """The indexes of the lines of each fenced code block that is closed, its fences included: a fence never
    closed (a stray "```") leaves the text after it as text. Linear: the fences alone are searched, and a
    fence known to have no closing one after it spares the search for every longer one after it."""
    fences = []  # (index, mark, length up to 10, whether it may close a block: nothing after its marks)
    for index, line in enumerate(lines):
        if line.lstrip()[:1] not in ("`", "~"):
            continue
        if (fence := _FENCE.match(line)) and not (fence[1][0] == "`" and "`" in fence[2]):
            fences.append((index, fence[1][0], min(len(fence[1]), 10), not fence[2].strip()))
    code: set[int] = set()
    unclosed: dict[str, int] = {}  # mark -> the shortest fence of it known to have no closing one after it
    position = 0
    while position < len(fences):
        index, mark, length, _ = fences[position]
        if length >= unclosed.get(mark, 11):
            position += 1
            continue
        close = next((after for after in range(position + 1, len(fences))
                      if fences[after][1] == mark and fences[after][2] >= length and fences[after][3]), None)
        if close is None:
            unclosed[mark] = length
            position += 1
            continue
        code.update(range(index, fences[close][0] + 1))
        position = close + 1
    return code


def _address_as_written(autolink: re.Match[str]) -> str:
    """An autolink's address, its `*` and `_` stand-ins, as every Markdown viewer shows them: taken for
    emphasis, `<https://example.org/_media_/x>` read "https://example.org/media/x", a wrong address."""
    return autolink[1].translate(_MARKS_AS_STAND_INS)


def _code_spans_as_text(line: str) -> str:
    """Code spans (`__init__`, ``a `b` c``) without their backticks, their text kept as written: each
    punctuation mark in them a stand-in, which no later pattern takes for markup."""
    kept, pos = [], 0
    for opening, closing in _code_spans(line):
        kept += [line[pos:opening.start()], "".join(map(_as_code, line[opening.end():closing.start()]))]
        pos = closing.end()
    kept.append(line[pos:])
    return "".join(kept)


def _code_spans(line: str) -> list[tuple[re.Match[str], re.Match[str]]]:
    """The opening and closing runs of backticks of each code span: a run closes the first run of as many
    after it; one that closes none is text, as Markdown shows it."""
    runs = list(_MD_BACKTICKS.finditer(line))
    if len(runs) < 2:
        return []
    following: dict[int, list[int]] = {}  # run length -> indexes of the runs that long, the next one last
    for index in range(len(runs) - 1, -1, -1):
        following.setdefault(len(runs[index].group()), []).append(index)
    found, index = [], 0
    while index < len(runs):
        opening = runs[index]
        same = following[len(opening.group())]
        while same and same[-1] <= index:
            same.pop()
        if not same:
            index += 1
            continue  # no run closes it: its backticks are text
        end = same.pop()
        found.append((opening, runs[end]))
        index = end + 1
    return found


def _as_code(character: str) -> str:
    """A character of a code span as a stand-in; an escape is no escape there (`a\\*b` shows its backslash)."""
    if character in _ESCAPED_STAND_INS:
        return _AS_STAND_IN["\\"] + character
    return _AS_STAND_IN.get(character, character)


def _without_emphasis(line: str) -> str:
    """The line without the marks of its emphasis: a closing run of * or _ takes the nearest opening run
    of the same mark before it, and both go; a mark with no pair ("$99*", "*.txt") is text."""
    runs = list(_MD_EMPHASIS_RUN.finditer(line))
    if len(runs) < 2:
        return line
    paired: list[int] = []
    opened: dict[str, list[int]] = {"*": [], "_": []}  # each mark's opening runs not closed yet, in order
    for index, run in enumerate(runs):
        mark = run.group()[0]
        if run.group("closes") is not None and opened[mark]:
            start = opened[mark].pop()
            paired += [start, index]
            other = opened["_" if mark == "*" else "*"]
            while other and other[-1] > start:
                other.pop()  # opened inside the pair and never closed there: text
            continue
        if run.group("opens") is not None:
            opened[mark].append(index)
    if not paired:
        return line
    kept, pos = [], 0
    for index in sorted(paired):
        kept.append(line[pos:runs[index].start()])
        pos = runs[index].end()
    kept.append(line[pos:])
    return "".join(kept)
