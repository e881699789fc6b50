"""A live blog's updates in time order: its page shows the newest first, and a summary read in page order
told the story backwards.

A live blog is told by its updates' times: a run of timestamped updates (each its own <time datetime>)
that goes back in time down the page, holding most of the article's text. A page that says it is one
(schema.org LiveBlogPosting, in its JSON-LD or microdata) needs fewer updates to be believed. The
updates are put oldest first; what the page shows before them (an introduction, a summary of the day)
stays first. A page whose updates already run forward, or whose times are in any other order, is read
as it is: an ordinary article is never reordered.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime, timezone

# A page that says it is a live blog is believed from this many updates holding its text, another
# from this many (fewer timestamped paragraphs are an article with a few dates in it).
MIN_DECLARED_UPDATES = 2
MIN_UPDATES = 4
# The updates hold at least this share of the article's words: the rest is an introduction.
_MIN_UPDATE_SHARE = 0.5
# An update's time, with its heading or its author's name, in this many words or fewer: its text follows.
MAX_STAMP_WORDS = 15
# Bounds on what is read of a hostile page.
MAX_TIMES = 500
_MAX_UNPLACED = 20  # paragraphs found in no update, looked for in the whole of the updates' text
_MICRODATA = "//*[contains(@itemtype, 'LiveBlogPosting')]"


def in_time_order(paragraphs: Sequence[str], tree, declared: bool = False) -> list[str]:
    """The article's paragraphs with a live blog's updates put oldest first (see the module's doc); the
    paragraphs as they are for any other page. `declared`: the page's JSON-LD says it is a live blog."""
    paragraphs = list(paragraphs)
    if tree is None or len(paragraphs) < MIN_DECLARED_UPDATES:
        return paragraphs
    updates = _timed_updates(tree)
    declared = declared or bool(tree.xpath(_MICRODATA))
    if len(updates) < (MIN_DECLARED_UPDATES if declared else MIN_UPDATES):
        return paragraphs
    placed = _placed(paragraphs, [text for _, text in updates])
    if placed is None:
        return paragraphs
    # Each update that holds paragraphs, with its time; paragraphs found in none go with the update before them.
    holding = sorted(set(place for place in placed if place is not None))
    times = [updates[place][0] for place in holding]
    if len(holding) < (MIN_DECLARED_UPDATES if declared else MIN_UPDATES):
        return paragraphs
    pinned = _pinned_first(times)
    if not pinned and (any(later > earlier for earlier, later in zip(times, times[1:])) or times[0] == times[-1]):
        return paragraphs  # not newest first: oldest first already, or in no order of time
    words = [len(p.split()) for p in paragraphs]
    if sum(w for w, place in zip(words, placed) if place is not None) < _MIN_UPDATE_SHARE * sum(words):
        return paragraphs
    # What the page shows before its updates stays first, wherever the extractor put it; another paragraph
    # found in no update goes with the update before it.
    page_text = _text_of(tree)
    updates_start = page_text.find(updates[0][1])
    opening: list[str] = []
    groups: list[list[str]] = []
    current = None
    for paragraph, place in zip(paragraphs, placed):
        if place is None and (not groups or 0 <= page_text.find(paragraph) < updates_start):
            opening.append(paragraph)
            continue
        if place is not None and place != current:
            groups.append([])
            current = place
        groups[-1].append(paragraph)
    # A pinned post goes where its time puts it among the others.
    order = sorted(range(len(groups)), key=times.__getitem__) if pinned else reversed(range(len(groups)))
    return opening + [p for k in order for p in groups[k]]


def _pinned_first(times: list[datetime]) -> bool:
    """Whether the updates run newest first but for the first, an older one the page pins above them."""
    rest = times[1:]
    return (len(rest) >= MIN_DECLARED_UPDATES and times[0] < rest[0] and rest[0] != rest[-1]
            and all(later <= earlier for earlier, later in zip(rest, rest[1:])))


def _timed_updates(tree) -> list[tuple[datetime, str]]:
    """The page's timestamped pieces in page order: each <time datetime> that can be read, with the text of
    its update: the largest element around it holding no other such time, or, when that holds no more than a
    time and a heading (a page may set its updates' times apart from their paragraphs), it and the elements
    after it up to the next update."""
    stamps = []
    for count, element in enumerate(tree.iter("time")):
        if count >= MAX_TIMES:
            return []
        if (moment := _moment(element.get("datetime"))) is not None:
            stamps.append((element, moment))
    groups = _one_per_update(tree, [element for element, _ in stamps])
    # (Keyed by the elements themselves: lxml makes a new proxy, with a new id(), for an element no one holds.)
    holding: dict = {}  # element -> how many updates' stamps it holds
    for group in groups:
        for ancestor in {a for k in group for a in stamps[k][0].iterancestors()}:
            holding[ancestor] = holding.get(ancestor, 0) + 1
    boxes = []
    # An update's first time, and the earliest of its times: when it was published, not last updated.
    for element, moment in [(stamps[group[0]][0], min(stamps[k][1] for k in group)) for group in groups]:
        box = element
        while (parent := box.getparent()) is not None and holding.get(parent, 0) <= 1:
            box = parent
        boxes.append((box, moment))
    taken = {box for box, _ in boxes} | {element for element, _ in stamps}
    updates = []
    for box, moment in boxes:
        parts = [_text_of(box)]
        if len(parts[0].split()) > MAX_STAMP_WORDS:
            updates.append((moment, parts[0]))  # the update's box: what follows it is the page's
            continue
        for sibling in box.itersiblings():
            if sibling in taken or holding.get(sibling, 0):
                break  # the next update, or an element holding some
            parts.append(_text_of(sibling))
        updates.append((moment, " ".join(part for part in parts if part)))
    return updates


# An update may carry two times (published and updated), with a word or two between them ("Updated"); the
# times of two updates have the first's text between them.
_MAX_WORDS_BETWEEN_OWN_TIMES = 4


def _one_per_update(tree, times: list) -> list[list[int]]:
    """The indexes of `times` (<time> elements in page order), grouped by update: a time with no more than
    _MAX_WORDS_BETWEEN_OWN_TIMES words of text since the one before is the same update's."""
    if len(times) < 2:
        return [[k] for k in range(len(times))]
    number = {element: k for k, element in enumerate(times)}
    between = [0] * len(times)  # words after each time, up to the next
    last, inside = None, 0  # the time last passed; how deep inside a time or a script the walk is
    walk = [(tree, False)]  # (element, its end): the page's text in order, without recursion (a deep page)
    while walk:
        element, end = walk.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        unread = element in number or tag in ("script", "style", "template") or not tag
        if not end:
            walk.append((element, True))
            walk.extend((child, False) for child in reversed(element))
            if element in number:
                last = number[element]
            inside += unread
            if not inside and last is not None and element.text:
                between[last] += len(element.text.split())
        else:
            inside -= unread
            if not inside and last is not None and element.tail:
                between[last] += len(element.tail.split())
    groups: list[list[int]] = [[0]]
    for k in range(1, len(times)):
        if between[k - 1] <= _MAX_WORDS_BETWEEN_OWN_TIMES:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _text_of(element) -> str:
    if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
        return ""
    return " ".join(element.text_content().split())


def _placed(paragraphs: Sequence[str], texts: Sequence[str]) -> list[int | None] | None:
    """For each paragraph, the update whose text holds it (None: none does), looked for in page order; None
    when too many paragraphs are in no update to look for them all."""
    whole = "\n".join(texts)
    starts = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    placed: list[int | None] = []
    cursor, unplaced = 0, 0
    for paragraph in paragraphs:
        found = whole.find(paragraph, cursor)
        if found < 0:
            unplaced += 1
            if unplaced > _MAX_UNPLACED:
                return None
            placed.append(None)
            continue
        cursor = found + len(paragraph)
        placed.append(bisect.bisect_right(starts, found) - 1)
    return placed


def _moment(stated: str | None) -> datetime | None:
    """An ISO 8601 date or time as an aware datetime (UTC when it names no zone), or None."""
    if not stated:
        return None
    try:
        moment = datetime.fromisoformat(stated.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
