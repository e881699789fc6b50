"""What a reader would stumble over in a sentence standing alone.

Every algorithm ranks sentences by what they say; a summary sentence is also
read out of its place. Page furniture that reached the text (a sign-up line,
a caption, a dateline, the headline again) is never chosen while anything
else is left, and a sentence that cannot be read alone (a question, a
fragment, a heading, a sentence trailing off) is chosen only when no other
is. A sentence opening with a pronoun ("He shakes his head.") leans on the
one before it: it is worth less in a summary that lacks that one (NewsRank
weighs it by ``LEANING_FACTOR``), never deferred outright (clean news has
such sentences too, and deferring them cost ROUGE), and not made a key
point. A quotation cut in two is left in a summary, shown with the
quotation marks it lacks. The words these tests need are data, in
``briefing/rules/`` (see ``textrules``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .. import textrules

# A sentence with one of these is chosen only when no sentence without one
# is left: it cannot be read alone (a question, a heading, a fragment of a
# bad split, a sentence trailing off, five words or fewer).
DEFERRED_DEFECTS = frozenset({"ellipsis", "question", "short", "heading", "fragment"})
# Defects of a sentence cut in the wrong place (a quotation left open, a
# fragment, no sentence end): no key point is made of it.
CUT_DEFECTS = frozenset({"quotes", "fragment", "heading"})
# A sentence with one of these leans on the sentence before it (a pronoun
# opening it, or a linking adverb: "However, ...", "Cependant, ..."): in a
# summary without that one it reads as a riddle, or answers nothing.
LEANING_DEFECTS = frozenset({"pronoun", "connective"})
# A sentence of this many words or fewer says too little alone.
MAX_SHORT_WORDS = 5
# German closes its compounds into one word ("Deutschlandticket", the Germany ticket), and says in five words
# what English says in seven: there a word of this many letters or more counts two ("Das Deutschlandticket soll
# günstiger werden." is a lead, not a short sentence; "Die Bahn streikt wieder." is short).
_COMPOUND_LETTERS = 13
_COMPOUNDING_LANGUAGES = frozenset({"german"})

_ENDS_IN_INITIALS = re.compile(r"(?:^|\s)(?:[^\W\d_]\.){2,}$")


def is_furniture(sentence: str, rules: textrules.Rules, title: str = "") -> bool:
    """Not the article's own sentence: page furniture, a caption, a dateline or byline, the headline again."""
    return is_page_furniture(sentence, rules) or (bool(title) and textrules.repeats_title(sentence, title))


@functools.lru_cache(maxsize=4096)
def is_page_furniture(text: str, rules: textrules.Rules) -> bool:
    """Page furniture, a caption, a dateline or byline (see textrules).

    Kept for the texts seen last: a sentence is asked about again when it
    is offered as a key point.
    """
    return textrules.is_boilerplate(text, rules) or textrules.is_caption(text, rules) or textrules.is_metadata(text, rules)


def sentence_defects(sentence: str, rules: textrules.Rules) -> set[str]:
    """What a reader would stumble over in this sentence standing alone (see DEFERRED_DEFECTS, CUT_DEFECTS,
    LEANING_DEFECTS)."""
    defects = set()
    if not textrules.quotes_balanced(sentence, rules):
        defects.add("quotes")
    tail = sentence.rstrip(" \t" + textrules.CLOSING_MARKS)  # („Warum?“ asks a question too)
    if tail.endswith(("…", "...")):
        defects.add("ellipsis")
    if tail.endswith(("?", "？", "؟", "\u1367")) or textrules.asks_in_greek(tail):  # (also Arabic's, Amharic's)
        defects.add("question")
    if _is_short(sentence, rules):
        defects.add("short")
    if textrules.is_heading_like(sentence):
        defects.add("heading")
    first = next((c for c in sentence if c.isalnum()), "")
    if first.islower() and not sentence.lstrip()[1:2].isupper():
        defects.add("fragment")  # "he said.", but not "iPhone sales rose."
    if textrules.opens_with_pronoun(sentence, rules):
        defects.add("pronoun")
    if textrules.opens_with_connective(sentence, rules):
        defects.add("connective")  # "However, ...", "Cependant, ...", "Sin embargo, ..."
    return defects


def _is_short(sentence: str, rules: textrules.Rules) -> bool:
    words = sentence.split()
    if len(words) > MAX_SHORT_WORDS or rules.language not in _COMPOUNDING_LANGUAGES:
        return len(words) <= MAX_SHORT_WORDS
    compounds = sum(1 for word in words if sum(c.isalpha() for c in word) >= _COMPOUND_LETTERS)
    return len(words) + compounds <= MAX_SHORT_WORDS


def defects_of(sentences: Sequence[str], rules: textrules.Rules, read: Sequence[bool]) -> list[set[str]]:
    """The defects of each sentence (empty for those not `read`), and of a name cut in two.

    "... hatte die F.A.S." + "berichtet.": when a sentence ends in initials and
    the next starts in lower case, the splitter cut after an abbreviation,
    and both halves are fragments. (A sentence ending in "U.S." is whole.)
    """
    defects = [sentence_defects(s, rules) if read[i] else set() for i, s in enumerate(sentences)]
    for i in range(len(sentences) - 1):
        if sentences[i + 1][:1].islower() and _ENDS_IN_INITIALS.search(sentences[i]):
            defects[i].add("fragment")
            defects[i + 1].add("fragment")
    for i in range(len(sentences)):
        if "quotes" in defects[i]:
            for inside in _inside_quotation(sentences, i):
                defects[inside] |= {"quotes", "inside_quote"}
    return defects


def with_quotation_marks(
    sentences: Sequence[str], index: int, defects: Sequence[set[str]], rules: textrules.Rules
) -> str:
    """Sentence `index` with the quotation marks it lacks when it is cut from a quotation that runs over
    several sentences: 'friends,” Gates said.' -> '“... friends,” Gates said.'; 'Gates said: “We are
    friends.' -> '... friends.”'. It may be read alone (a summary's sentences are listed one by one,
    best first, or only the first of them), so each shows where its quotation begins and ends. Marks
    are paired as the language pairs them; a sentence the marks would not balance is left as it is."""
    sentence = sentences[index]
    if "quotes" not in defects[index]:
        return sentence
    before = after = ""
    if "inside_quote" in defects[index]:  # no mark of its own: those of the sentence that opened it
        opening = _opening_before(sentences, index)
        if opening is None:
            return sentence
        before, after = _pair_of(opening, rules, opening=True)
    else:
        marks = list(_DOUBLE_QUOTES.finditer(sentence))
        if not marks:
            return sentence
        if not _opens(sentence, marks[0].start()):
            before = _pair_of(marks[0].group(), rules, opening=False)[0]
        if _opens(sentence, marks[-1].start()):
            after = _pair_of(marks[-1].group(), rules, opening=True)[1]
    completed = before + sentence + after
    return completed if textrules.quotes_balanced(completed, rules) else sentence


def _opening_before(sentences: Sequence[str], index: int) -> str | None:
    """The mark that opened the quotation sentence `index` is inside of."""
    for start in range(index - 1, max(-1, index - 1 - _QUOTATION_MAX_SENTENCES), -1):
        if index in _inside_quotation(sentences, start):
            return list(_DOUBLE_QUOTES.finditer(sentences[start]))[-1].group()
    return None


def _pair_of(mark: str, rules: textrules.Rules, opening: bool) -> tuple[str, str]:
    """The language's pair (opening, closing) that `mark` opens (or closes), as written ("« ", " »" in
    French); a mark no pair holds pairs with itself ("...")."""
    side = 0 if opening else 1
    return next((pair for pair in rules.quotation_marks if pair[side].strip() == mark), (mark, mark))


# A quotation may run over several sentences: "“After all, ... of it. But I can guarantee you, we
# weren't friends. We were adversaries,” Gates said." Its middle has no quote mark of its own.
_QUOTATION_MAX_SENTENCES = 6
# Straight double quotes after a digit are inches or seconds (12", 5'10"), not quotation marks.
_DOUBLE_QUOTES = re.compile('[“”„«»]|(?<!\\d)"(?!(?<=[\u05d0-\u05ea]")[\u05d0-\u05ea])')  # (no gershayim: יו"ר)
_SPACE_BEFORE = " \t\n([—–-:"
_PUNCTUATION_AFTER = ".,;:!?)]"


def _opens(text: str, at: int) -> bool:
    """Whether the quote mark at `at` opens a quotation: after a space (or at the start) and before a
    word, not before a space or punctuation; spaced on both sides ("« Bonjour »") or on neither, as
    the mark usually does."""
    spaced_before = at == 0 or text[at - 1] in _SPACE_BEFORE
    spaced_after = at + 1 >= len(text) or text[at + 1].isspace() or text[at + 1] in _PUNCTUATION_AFTER
    if spaced_before != spaced_after:
        return spaced_before
    return text[at] in "“„«"


def _inside_quotation(sentences: Sequence[str], start: int) -> range:
    """The sentences after `start` inside a quotation that `start` leaves open and a later sentence
    closes (its first quote mark a closing one); none if no sentence closes it soon."""
    marks = list(_DOUBLE_QUOTES.finditer(sentences[start]))
    if not marks or not _opens(sentences[start], marks[-1].start()):
        return range(0)
    last = min(len(sentences), start + 1 + _QUOTATION_MAX_SENTENCES)
    for j in range(start + 1, last):
        mark = _DOUBLE_QUOTES.search(sentences[j])
        if mark:
            return range(start + 1, j) if not _opens(sentences[j], mark.start()) else range(0)
    return range(0)
