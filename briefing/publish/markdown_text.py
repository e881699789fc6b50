"""Seed text as Markdown: escaped to show as itself, and read back as plain text; addresses fit for a link.

Seed text is untrusted: escaped here before it enters the Markdown, it
cannot make links, raw HTML or emphasis, nor trigger Python-Markdown's slow
paths (see views.py for the way it takes to a reader).
"""

from __future__ import annotations

import re
import urllib.parse

from ..hosts import without_credentials


# Characters with a meaning anywhere in a line of Markdown: emphasis, code,
# links and images (no link can form without brackets), attr_list's braces,
# and hashes (which close headings). Escaped with a backslash, each shows as itself.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]#])")
# And tildes: GitHub's Markdown strikes through `~~text~~`, and a paragraph opening
# with `~~~` is a code fence there that hides the rest of the briefing. Written as
# an entity: Python-Markdown (with the attr_list the .md is written for) has no
# backslash escape for a tilde, and showed "\~5%".
_TILDE = "&#126;"
# Block syntax that only means something at the start of a line: quotes, list
# items, numbered items, rules.
_MD_LINE_START = re.compile(r"^(>|[-+]|\d+(?=[.)]))")
# Python-Markdown has no backslash escape for `<` (raw HTML, autolinks) or for
# `&` (entities); written as entities they show as the character. An `&` that
# starts no entity ("AT&T", "S&P 500") shows as itself: left as written, the
# Markdown reads as the text does.
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;"}


_MD_ENTITY_CHARS = re.compile(r"<|&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")
# Any character either pattern above escapes: most sentences hold none.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]#~<&]")


# What GitHub's Markdown (cmark-gfm) makes a link of in plain text, with no brackets: an address after
# "http://", "https://" or "ftp://", and one opening "www.". A sentence quoting "www.example.org/offer" or
# "http://..." became a live link in the .md there (Python-Markdown, for the HTML, has its autolinks switched
# off). The character that makes each one is written as its entity, which every renderer shows as the
# character and cmark-gfm reads as no link. (An email address it links whatever is escaped, as mailto:.)
_GFM_AUTOLINK = re.compile(r"(?i)(?:(?<=https)|(?<=http)|(?<=ftp))(:)(?=//)|(?<![\w.-])www(\.)")
_GFM_ENTITIES = {":": "&#58;", ".": "&#46;"}


def md_escape(text: str) -> str:
    """Seed text -> Markdown that shows exactly that text, on one line."""
    text = " ".join(str(text).split())
    if _MD_SPECIAL.search(text):
        text = _MD_ENTITY_CHARS.sub(lambda m: _MD_ENTITIES[m.group()], text)
        text = _MD_INLINE.sub(r"\\\1", text).replace("~", _TILDE)  # (after: the entity's "#" is no heading's)
    if "://" in text or "www." in text.lower():  # (rare: the pattern's look-behinds at every character are not)
        text = _GFM_AUTOLINK.sub(_defused, text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


def _defused(match: re.Match) -> str:
    whole = match.group()
    return whole[:-1] + _GFM_ENTITIES[whole[-1]]


# What the plain-text email leaves out of the briefing's Markdown, or shows as plain text.
_ATTRIBUTE_LINE = re.compile(r"^[ ]*\{:[^{}\n]*\}[ ]*\n", re.MULTILINE)  # `{: lang=fr }` under an item
_HEADING_ATTRIBUTES = re.compile(r"^(#+ .*?)[ ]*\{#[^{}\n]*\}[ ]*$", re.MULTILINE)  # `{#story-1 lang=fr}`
_PAGE_LINK_LINE = re.compile(r"^\[[^\[\]\n]*\]\(#[^()\s]*\)[ ]*\n?", re.MULTILINE)  # "[Back to top](#top)"
# A link, its text made of escaped characters or none of `[]`: a source mark `[\[2\]](url)` or `[Reuters](url)`.
_LINK = re.compile(r"\[((?:\\.|[^\[\]\\\n])*)\]\(([^()\s]*)\)")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]#>+\-.!()~])")


def md_as_plain_text(markdown_text: str) -> str:
    """The briefing's Markdown as a plain-text reader should see it (an email's text part): no attribute
    lists, no links within the page, a link elsewhere as its text and <address>, no escapes."""
    text = _ATTRIBUTE_LINE.sub("", markdown_text)
    text = _HEADING_ATTRIBUTES.sub(r"\1", text)
    text = _PAGE_LINK_LINE.sub("", text)

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if target.startswith("#") or re.fullmatch(r"\\\[\d+\\\]", label):
            return label  # a heading in the contents, or a source's mark: the sources are listed with theirs
        if not target.startswith(("http://", "https://")):
            return label  # another day's page, relative to out/: it leads nowhere from a mailbox
        return f"{label} <{target}>"

    text = _LINK.sub(link, text)
    text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    for character, entity in (*_GFM_ENTITIES.items(), ("~", _TILDE)):
        text = text.replace(entity, character)
    return text.replace("&lt;", "<").replace("&amp;", "&")


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None for anything else."""
    if not url:
        return None
    url = "".join(str(url).split())
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    url = without_credentials(url)  # a report recorded before they were dropped on the way in
    # Percent-encode what could end the link target or open markup.
    # (An apostrophe too: Python-Markdown reads a target ending in 'x' as a title, the address cut before it.)
    return urllib.parse.quote(url, safe="/:?#[]@!$&*+,;=%~.-_")
