"""Punkt's cuts mended on the paragraph's own text: each sentence a stretch (start, end) of it.

Punkt gives a paragraph's pieces as spans. They are mended here in order: a piece of closing
quotation marks alone goes back to the sentence it closes, an opening mark left at a sentence's end
to the one it opens, sentences run together are split (runtogether.py), pieces cut inside a sentence
are joined (by the rules of cuts.py), sentences a unit or a count ends are split again, and a footnote
mark or a bullet opening a sentence is left off. Every sentence is the text between its two ends, as
the paragraph has it: a join neither invents a space nor loses one, and a mark inside stays where it is.
"""

from __future__ import annotations

import re
from typing import Iterable

from .. import textrules
from .countends import CutTest
from .cuts import MAX_JOINED_WORDS, cut_test, opening_left_behind, splits_after_joins
from .runtogether import split_run_together

Span = tuple[int, int]
# A stretch of the paragraph: where it starts and ends, and its text (paragraph[start:end]).
Piece = tuple[int, int, str]

# A piece of quotation marks alone: Punkt cut them off the sentence they close (a German quotation's “ in
# an English article).
_MARKS_ALONE = re.compile(r"[\s\"'“”‘’„‚«»‹›]+")
# A footnote mark Punkt split off the sentence it followed ("... the year.* This latest ..."), or a list's
# bullet or dash in a plain-text seed, inside a paragraph too ("... slimmer too. • The fit of ..."): it
# opens no sentence a summary shows, and a cut before it is judged on the words after it ("am 3.* Oktober").
MARKERS = "*†‡•·▪►■◦–—"
# (A hyphen too, in a language that opens quoted speech with one: "- To tragedia - powiedział.")
_LEADING_MARKER = re.compile(rf"[{MARKERS}]+\s+(?=\w)|-\s+(?=\w)")


def without_leading_marker(text: str) -> str:
    """The text less a footnote mark or bullet (and the space after it) that opens it."""
    if text[:1] not in MARKERS:
        return text
    found = _LEADING_MARKER.match(text)
    return text if found is None else text[found.end():]


def sentences_of(paragraph: str, pieces: Iterable[Span], language: str, foreign: bool = False,
                 bang_names: frozenset[str] = frozenset()) -> list[Piece]:
    """The paragraph's sentences, each as (start, end, text), from Punkt's `pieces` (see the module's
    docstring and join_broken_sentences)."""
    kept = _opening_marks_carried(paragraph, _closing_marks_kept(paragraph, pieces), language)
    # Swedish and Polish open a paragraph of quoted speech with a dash ("– Vi har inget annat val, säger rektorn."),
    # and open it again after the speaker ("– To tragedia – powiedział. – Pomożemy."): it is the quotation's mark,
    # kept, or the words would read as the reporter's own. (A paragraph with no verb of saying in it is a list's
    # item: "– Skatten sänks för alla löntagare.", "– Statsministern säger att skatten sänks.")
    sentences = _mended(paragraph, kept, language, foreign, bang_names)
    if not any(sentence[2][:1] in _OPENING_MARKERS for sentence in sentences):
        return sentences  # (most paragraphs)
    rules = textrules.rules_for(language)
    marks = MARKERS + ("-" if "-" in rules.speech_dashes else "")
    spoken = textrules.opens_speech(paragraph, rules) and textrules.speaker_follows(paragraph, rules)
    return [sentence if sentence[2][:1] not in marks or (spoken and textrules.opens_speech(sentence[2], rules))
            else _after_leading_marker(sentence) for sentence in sentences]


_OPENING_MARKERS = MARKERS + "-"


def join_broken_sentences(sentences: list[str], language: str, foreign: bool = False,
                          bang_names: frozenset[str] = frozenset()) -> list[str]:
    """Sentences with Punkt's cuts inside them joined again, with one space between the pieces joined.

    A sentence is joined to the next when it ends in a title and the next
    starts with a capital ("el Sr." + "Juan Pérez explicó..."), when it ends
    in an abbreviation that stands before a number and the next starts with a
    digit ("l'art." + "49 al. 3"), and, in German, Czech and Polish, when it
    ends in "14." and the next starts with a word or a number ("am 14." +
    "Mai eröffnet."), and when it ends in a day and a month's abbreviation
    and the next starts with a year ("am 3. Jan." + "1960 geboren.").
    Sentences run together are split first (see runtogether.py). Joins never make a sentence longer than
    MAX_JOINED_WORDS. (Joining a quotation cut in two was tried too: it cost
    ROUGE on clean news, so a cut quotation is a defect of the sentence
    instead.) A cut is judged on the words after a footnote mark or bullet that opens the next piece, and
    on the pieces joined so far read without theirs ("am 3.* Jan.* 1960").

    `foreign`: the text is in a language briefing does not support, split
    with `language`'s model, which does not know its abbreviations and
    ordinals: a cut before a word in lower case is joined as in the languages
    other than English ("o.a." + "wethouders", "vb." + "meyveler"), and one
    after "15." too ("15." + "joulukuuta").

    `bang_names`: the article's names written with "!" ("Yahoo!", see `names_with_a_bang`), which a
    capitalised word may follow in the same sentence; any cut after "!" or "?" before a word in lower case is
    joined ('"Stop!" he shouted.').
    """
    paragraph = " ".join(sentences)
    pieces, start = [], 0
    for sentence in sentences:
        pieces.append((start, start + len(sentence), sentence))
        start += len(sentence) + 1
    return [text for _, _, text in _mended(paragraph, pieces, language, foreign, bang_names)]


def _closing_marks_kept(paragraph: str, pieces: Iterable[Span]) -> list[Piece]:
    """Punkt's pieces without the space at their ends, a piece of closing marks alone given back to the
    sentence before it."""
    kept: list[Piece] = []
    for start, end in pieces:
        piece = paragraph[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        if kept and _MARKS_ALONE.fullmatch(piece):
            begin = kept[-1][0]
            end = start + len(piece.rstrip())
            kept[-1] = (begin, end, paragraph[begin:end])
        elif len(stripped) == len(piece):  # (as Punkt gives nearly every piece)
            kept.append((start, end, piece))
        else:
            begin = start + len(piece) - len(piece.lstrip())
            kept.append((begin, begin + len(stripped), stripped))
    return kept


def _opening_marks_carried(paragraph: str, pieces: list[Piece], language: str) -> list[Piece]:
    """Each opening quotation mark Punkt left at the end of a sentence ("à Paris. «" + "C'est ...") made
    the start of the next."""
    left_behind = opening_left_behind(language)
    if left_behind is None:
        return pieces
    for i in range(len(pieces) - 1):
        start, end, text = pieces[i]
        found = left_behind.search(text)
        if found is not None:
            before = text[:found.start(1)].rstrip()
            pieces[i] = (start, start + len(before), before)
            mark, following_end = start + found.start(1), pieces[i + 1][1]
            pieces[i + 1] = (mark, following_end, paragraph[mark:following_end])
    return pieces


def _mended(paragraph: str, pieces: list[Piece], language: str, foreign: bool,
            bang_names: frozenset[str]) -> list[Piece]:
    """Sentences run together split, cuts inside a sentence joined, and sentences a unit or a count ends
    split (see join_broken_sentences)."""
    parts: list[Piece] = []
    for piece in pieces:
        split = split_run_together(piece[2], language)
        if len(split) == 1 and split[0] is piece[2]:  # (nearly every piece)
            parts.append(piece)
        else:
            parts.extend(_located(piece, split))
    broken = cut_test(language, foreign, bang_names)
    joined: list[Piece] = []
    i, count = 0, len(parts)
    while i < count:
        first = parts[i]
        start, end, current = first
        i += 1
        if i < count and current[:1] in MARKERS:  # the pieces joined so far as the tests read them, each
            current = without_leading_marker(current)  # less its opening mark
        while i < count:
            following_start, following_end, text = parts[i]
            following = without_leading_marker(text) if text[:1] in MARKERS else text
            if not broken(current, following):
                break
            # ("Yahoo!" + "'s shares rose.": nothing between them in the text. Joined however long: the
            # possessive or comma was never apart from its word.)
            glued = following_start == end and len(following) == len(text)
            if not glued and len(current.split()) + len(following.split()) > MAX_JOINED_WORDS:
                break
            current, end, i = f"{current}{'' if glued else ' '}{following}", following_end, i + 1
        joined.append(first if end == first[1] else (start, end, paragraph[start:end]))
    for pattern, test in splits_after_joins(language):
        joined = [part for sentence in joined for part in _split_after(pattern, sentence, test)]
    return joined


def _located(piece: Piece, parts: list[str]) -> list[Piece]:
    """The parts split_run_together cut the piece's text into, each where it stands in the paragraph."""
    start, _, sentence = piece
    located, at = [], 0
    for part in parts:  # (each a stretch of the text, in order, with only space between them)
        at = sentence.index(part, at)
        located.append((start + at, start + at + len(part), part))
        at += len(part)
    return located


# How far before and after a match its test reads: a clause's opening words ("Według danych GUS w 2023 r.") and
# the word after it.
_TEST_REACH = 200


def _split_after(pattern: re.Pattern, sentence: Piece, test: CutTest | None = None) -> list[Piece]:
    """The sentence cut after each of the pattern's matches (where `test` passes the words before the match, back
    to the last cut, and the text after it)."""
    start, end, text = sentence
    if text.find(".", 0, len(text) - 1) < 0:  # each match has a full stop with text after it
        return [sentence]
    parts, pos = [], 0
    for found in pattern.finditer(text):
        # (Within reach of the match: a run-on paragraph of thousands of matches is read in linear time.)
        if test is not None and not test(text[max(pos, found.start() - _TEST_REACH):found.start()],
                                         text[found.end():found.end() + _TEST_REACH]):
            continue
        part = text[pos:found.end()].rstrip()
        parts.append((start + pos, start + pos + len(part), part))
        pos = found.end()
    parts.append((start + pos, end, text[pos:]))
    return parts


def _after_leading_marker(sentence: Piece) -> Piece:
    start, end, text = sentence
    found = _LEADING_MARKER.match(text)
    return sentence if found is None else (start + found.end(), end, text[found.end():])
