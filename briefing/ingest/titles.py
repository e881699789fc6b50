"""A web page's headline and the name of its source, as a reader expects them.

A page title carries the site's name, a section or a date around the
headline ("Berlin confronts its past | DW | 19.01.2020"); which part is the
site is told by the page's own site name and its host name, never by a list
of sites. A source is named as the site names itself, else by its host name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .pagefacts import markup_words

# Separators between a headline and the site's name or a date in a page title.
# Chinese and Japanese titles set them without spaces: a full-width bar ("...注意」｜毎日新聞"), or an underscore
# after a headline's letter or closing mark ("...紧急转移_新闻频道_央视网").
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|»·•/~#]|::|[-–—]{1,2})\s+|\s*｜\s*"
                              r"|(?<=[\u3005\u3040-\u30ff\u3400-\u9fff\uff01-\uff60”」』）])_(?=\S)")
# An address in brackets after a site's name.
_ADDRESS_AFTER = re.compile(r"\s*\([\w.-]+\.[a-z]{2,}\)$")
_DATE_PART = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}|\d{4})$"
)
# What joins a kicker or a section to the headline: "Analysis: ...", "... » Local » News".
_DECORATION_JOIN = r"(?:[:|»·•/~#]|::|[-–—]{1,2})"
_KICKER_BEFORE = re.compile(rf"^\S+(?:\s\S+){{0,2}}(?::|\s{_DECORATION_JOIN})\s*$")  # of three words at most
_SECTIONS_AFTER = re.compile(rf"^\s+{_DECORATION_JOIN}\s+\S")
_SECTION_SPLIT = re.compile(rf"\s*{_DECORATION_JOIN}\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# A title longer than this has the page's description run into it.
MAX_HEADLINE_WORDS = 20
# A page title of more parts than this is no headline with a site's name, a section or a date around it
# (real ones have two to five): it is left whole. Taking the site's parts off a title is quadratic in its
# parts: 4,000 ("a | a | ...") took 8 s, a 240 KB <title> of them hours.
MAX_TITLE_PARTS = 12
# A shorter headline stated alone is no evidence that the rest of a title is decoration.
MIN_BARE_HEADLINE_WORDS = 3
# A section after the headline is a word or three ("» Local » News"); more is a subtitle.
MAX_SECTION_WORDS = 3
# A site name longer than this is a slogan or a copyright line, not a name.
MAX_SITE_NAME_WORDS = 6
MAX_SITE_NAME_CHARS = 60


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _site_tokens(sitename: str | None, host: str | None) -> set[str]:
    """Lower-case words of the site's name and of its host name (without www and the top-level domain)."""
    tokens: set[str] = set()
    if sitename:
        tokens |= {w for w in re.split(r"[\W_]+", sitename.lower()) if len(w) >= 2}
    if host:
        labels = host.lower().removeprefix("www.").split(".")
        for label in labels[:-1] if len(labels) > 1 else labels:
            tokens |= {w for w in re.split(r"[\W_]+", label) if len(w) >= 2}
            tokens.add(_letters(label))
    return {t for t in tokens if t}


def is_site_part(part: str, sitename: str | None, host: str | None) -> bool:
    """Whether one part of a page title names the site (or is a date), not the story."""
    part = part.strip()
    if not part or _DATE_PART.match(part):
        return True
    squashed = _letters(part)
    if not squashed:
        return True
    if sitename and (squashed == _letters(sitename) or (len(squashed) >= 4 and squashed in _letters(sitename))):
        return True
    if sitename and part.endswith(")") and _letters(_ADDRESS_AFTER.sub("", part)) == _letters(sitename):
        return True  # the site's name and its address: "央视网(cctv.com)", "Coast Courier (coastcourier.example)"
    if host and (squashed == _letters(host) or squashed == _letters(host.removeprefix("www."))):
        return True
    if host:
        # "Coast Courier Network" on coastcourier.example: the host's name inside the part's letters.
        for label in host.lower().split(".")[:-1]:
            label = _letters(label)
            if len(label) >= 5 and label in squashed and len(squashed) <= 2 * len(label):
                return True
    tokens = _site_tokens(sitename, host)
    words = [w for w in re.split(r"[\W_]+", part.lower()) if len(w) >= 2]
    if not words or len(words) > 6:
        return False

    def named(word: str) -> bool:
        return word in tokens or any(
            len(t) >= 4 and len(word) >= 4 and (t.startswith(word[:5]) or word.startswith(t[:5])) for t in tokens
        )

    hits = sum(named(w) for w in words)
    generic = sum(w in markup_words().site_words for w in words)
    return hits >= 1 and hits + generic >= 0.5 * len(words)


def clean_title(title: str, sitename: str | None = None, host: str | None = None) -> str:
    """A page title without the site's name or a date around the headline.

    "Berlin confronts its past | DW | 19.01.2020" -> "Berlin confronts its past";
    "SPIEGEL ONLINE - Ein Albtraum" -> "Ein Albtraum". A title that is only
    the site's name comes back unchanged.
    """
    title = " ".join(title.split())
    if sum(1 for _ in _TITLE_SEPARATOR.finditer(title)) >= MAX_TITLE_PARTS:
        return title
    site_stripped = False
    if sitename and len(sitename) < len(title):
        for separator in _TITLE_SEPARATOR.finditer(title):
            if _letters(title[separator.end():]) == _letters(sitename):
                title, site_stripped = title[: separator.start()], True
                break
        # "Site | Slogan: Headline": the site's whole name before the headline.
        opening = re.match(rf"{re.escape(sitename)}\s*{_DECORATION_JOIN}\s+(?=\S)", title, re.IGNORECASE)
        if not site_stripped and opening:
            title, site_stripped = title[opening.end():], True
    parts = _TITLE_SEPARATOR.split(title)
    separators = _TITLE_SEPARATOR.findall(title)
    if site_stripped and len(parts) > 1 and len(parts[-1].split()) == 1:
        # "Headline - Politics - Site": the one-word section before the site's name goes too.
        parts, separators = parts[:-1], separators[:-1]
        title = parts[0] + "".join(s + p for s, p in zip(separators, parts[1:]))
    if len(parts) == 1:
        return title
    # Strip site and date parts from the end, then from the start, keeping at least one part.
    end = len(parts)
    while end > 1 and is_site_part(parts[end - 1], sitename, host):
        end -= 1
    # "Headline » SciLogs - Wissenschaftsblogs", "Headline - Politics - CNN": a tail that
    # names the site, with one-word sections around the name, goes too.
    for k in range(1, end):
        tail = parts[k:]  # (with the site's parts just taken off: "Headline_新闻频道_央视网(cctv.com)")
        named = [is_site_part(part, sitename, host) for part in tail]
        if any(named) and all(n or len(part.split()) == 1 for n, part in zip(named, tail)):
            end = k
            break
    start = 0
    while start < end - 1 and is_site_part(parts[start], sitename, host) and len(parts[start].split()) <= 4:
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    kept = parts[start]
    for k in range(start + 1, end):
        kept += separators[k - 1] + parts[k]
    return kept.strip() or title


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold().translate(_QUOTES)


def _decorates(title: str, headline: str, shown: bool) -> bool:
    """Whether `title` is `headline` with short sections after it ("» Local » News"), or, when the
    page shows `headline` as its headline (an h1), with a kicker before it ("Analysis: ")."""
    if not headline[:1].isupper() and not headline[:1].isdigit():
        return False  # "Two dead: police hunt gunman": the rest of a sentence, no headline
    title, headline = _comparable(title), _comparable(headline)
    if len(headline) >= len(title) or _TITLE_SEPARATOR.search(headline):
        # A headline of pieces itself ("Letters: A | B | C") may be a cut-off copy of the title.
        return False
    if title.startswith(headline):
        rest = title[len(headline):]
        return bool(_SECTIONS_AFTER.match(rest)) and all(
            len(piece.split()) <= MAX_SECTION_WORDS for piece in _SECTION_SPLIT.split(rest)[1:]
        )
    if title.endswith(headline):
        # Only the headline the page shows: "Trump: I will win" over an og:title "I will win" keeps its speaker.
        return shown and bool(_KICKER_BEFORE.match(title[: -len(headline)]))
    return False


def _opening_part(chosen: str, candidates: Sequence[str | None], leading: Sequence[str], shown: Sequence[str]
                  ) -> str | None:
    """The heading the text opens with, when it is one part of a page's title and `chosen` is the rest of
    that title or the whole of it: with no site's name to cut by, "Headline | Northern Water News" and
    WordPress's "Site » Blog Archive » Headline" kept the site's parts, and a blog's "Water Matters:
    Headline" (its name the h1) lost the headline. None when `chosen` reads as a headline already: only a
    title of parts, or a name the page shows as its h1, gives way.

    The other parts must read as names, and be stated nowhere else: a kicker or a section's name ("Letters to the
    Editor | Save Our Pier Now"), a live page's or a dek is the text's first line too, beside a short headline in
    capitals that reads as a name as well."""
    if not (_TITLE_SEPARATOR.search(chosen) or (chosen in shown and _reads_as_name(chosen))):
        return None
    chosen_letters = _letters(chosen)
    lines = [_letters(line) for line in leading]
    # Stated elsewhere: another title, an h1 in the text (the article's headline; an h1 outside it is the site's
    # or the blog's name), a line of more than three words before (a dek; a short one is a section's label).
    headings = {_letters(h) for h in shown}
    stated = {_letters(c) for c in candidates if c and _letters(c) not in headings} | headings.intersection(lines)
    for title in candidates:
        if not title or chosen_letters not in _letters(title):
            continue
        # (Parts split at separators, none of them stated elsewhere; a blog's name, its h1, before a colon.)
        splits = [([part for part in _TITLE_SEPARATOR.split(title) if part.strip()], True)]
        splits += [([name, title[len(name) + 1:]], False) for name in shown
                   if title.startswith(name) and title[len(name):len(name) + 1] == ":"]
        for parts, separated in splits:
            for at, line in enumerate(leading):
                letters = _letters(line)
                before = {lines[k] for k in range(at) if len(leading[k].split()) > 3}
                taken = (stated | before) if separated else set(lines)
                # The rest are names ("Northern Water News", "Blog Archive"): a subtitle ("Storm hits the
                # coast - three dead, thousands without power") is more of the headline.
                rest = [part for part in parts if _letters(part) != letters]
                if (len(rest) < len(parts) and rest and all(map(_reads_as_name, rest))
                        and not any(_letters(part) in taken for part in rest) and letters != chosen_letters
                        and len(line.split()) >= MIN_BARE_HEADLINE_WORDS and not _reads_as_name(line)):
                    return line
    return None


def _looks_like_slug(title: str) -> bool:
    title = title.strip()
    return " " not in title and bool(re.search(r"[-_]", title)) and title == title.lower()


def choose_title(
    candidates: Sequence[str | None], sitename: str | None, host: str | None, leading: Sequence[str] = (),
    shown: Sequence[str] = (),
) -> str | None:
    """The headline: the first of `candidates` that is one, without the site's name or a date.

    A candidate that is only the site's name or a URL slug is passed over. A
    title with the description run into it gives way to the line of the
    text (`leading`: its first blocks) that it starts with. `shown` are the
    headlines the page shows (its h1s).
    """
    for candidate in candidates:
        if not candidate:
            continue
        cleaned = clean_title(candidate, sitename, host)
        if _looks_like_slug(cleaned) or is_site_part(cleaned, sitename, host):
            continue
        if len(cleaned.split()) > MAX_HEADLINE_WORDS:
            for line in leading:
                if 2 <= len(line.split()) <= MAX_HEADLINE_WORDS and _letters(cleaned).startswith(_letters(line)):
                    return line
        if (opening := _opening_part(cleaned, candidates, leading, shown)) is not None:
            return opening
        # The page states the headline alone elsewhere (og:title, twitter:title, its h1): the
        # sections ("» Local » News") after it here, or the kicker ("Analysis:") before the h1, are
        # decoration.
        for other in candidates:
            bare = clean_title(other, sitename, host) if other else ""
            if len(bare.split()) >= MIN_BARE_HEADLINE_WORDS and _decorates(cleaned, bare, other in shown):
                return bare
        return cleaned
    first = candidates[0] if candidates else None  # the extractor's title, however poor, else none
    return clean_title(first, sitename, host) if first else None


def _sane_site_name(name: str | None) -> bool:
    if not name:
        return False
    return (
        0 < len(name.split()) <= MAX_SITE_NAME_WORDS and len(name) <= MAX_SITE_NAME_CHARS
        and not re.search(r"copyright|©|\ball rights\b|https?:|\d{4}", name, re.IGNORECASE)
    )


def source_name(site_name: str | None, extracted: str | None, host: str | None, html: str = "") -> str | None:
    """The name to show for a page's source.

    The page's own og:site_name when it has a sensible one; else the
    extractor's site name, unless it is only the host name squashed into one
    word (trafilatura makes "Futurezoneat" of futurezone.at's Twitter handle
    and "Ndr" of "ndr"); else the host name without "www." ("ndr.de",
    "futurezone.at"). A host name is never dressed up as a name: whether
    "ndr" is written NDR or Ndr, only the site knows, and the host name is
    what a reader recognises and can type.
    """
    host_letters = {_letters(host), _letters(host.split(".")[0])} if host else set()
    candidates = []
    if _sane_site_name(site_name) and not (_letters(site_name) in host_letters and site_name == site_name.lower()):
        candidates.append(site_name)
    if _sane_site_name(extracted) and extracted not in candidates:
        # trafilatura capitalises a lower-case name ("ndr" -> "Ndr"); a name
        # the page itself writes that way is the site's own.
        written = bool(html) and re.search(rf"[\"'>]\s*{re.escape(extracted)}\s*[\"'<]", html) is not None
        made_up = _letters(extracted) in host_letters and " " not in extracted and not re.search(r"[A-Z]", extracted[1:])
        if not made_up or written:
            candidates.append(extracted)
    if host and len(candidates) > 1:
        # A section name in og:site_name ("U.S.") loses to a name that matches the host.
        for name in candidates:
            if is_site_part(name, None, host):
                return name
    if candidates:
        return candidates[0]
    return host or None


def headline_part(page_title: str | None, picked: str | None, headings: Sequence[str] = ()) -> str | None:
    """The headline among the parts of a page's <title> when the extractor picked the site's name.

    With no site name to tell which part is the site's ("Riverton Herald | City
    council approves new tram line"), the extractor took the first part. That
    part is the site's when it reads as a name (a few words, each capitalised)
    and the article's first lines (`headings`) do not open with it; the
    headline is then the longest part, at least twice as long.
    """
    if not page_title or not picked:
        return None
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(page_title) if part.strip()]
    if len(parts) < 2 or _letters(picked) not in {_letters(part) for part in parts}:
        return None
    if not _reads_as_name(picked) or _letters(picked) in {_letters(h) for h in headings}:
        return None
    longest = max(parts, key=lambda part: len(part.split()))
    if len(longest.split()) >= max(4, 2 * len(picked.split())):
        return longest
    return None


def site_named_by_titles(page_title: str | None, titles: Sequence[str | None], headings: Sequence[str] = ()) -> str | None:
    """The site's name when nothing else names it and the page's <title> is only that name, which another
    of its titles puts after (or before) the headline: <title>Valley Post</title> beside an og:title
    "New footbridge opens | Valley Post". None when the <title> reads as no name (a headline) or is
    one the page shows as its headline (`headings`)."""
    if not page_title or not _reads_as_name(page_title) or _letters(page_title) in {_letters(h) for h in headings}:
        return None
    name = _letters(page_title)
    for title in titles:
        parts = [part for part in _TITLE_SEPARATOR.split(title or "") if part.strip()]
        if len(parts) > 1 and name in (_letters(parts[0]), _letters(parts[-1])) and name != _letters(title):
            return page_title
    return None


def _reads_as_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and all(word[:1].isupper() or not word[:1].isalpha() for word in words)


def without_leading_headline(text: str, headlines: Sequence[str]) -> str:
    """A first paragraph without the headline run into its start ("Python 3.6 is out! Python 3.6 is ...")."""
    for headline in headlines:
        if len(headline) < len(text) and text.lower().startswith(headline.lower()):
            rest = text[len(headline):].lstrip(" .:–—-")
            if rest[:1].isupper():
                return rest
    return text
