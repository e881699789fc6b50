"""Scripts written without spaces between words (Chinese, Japanese) and sentence ends Punkt does not know.

Punkt ends a sentence only at ".", "?" or "!" before a space: Chinese and
Japanese end theirs with "。", "！" or "？" and no space, Hindi with "।", Arabic
asks with "؟"; a Chinese article was one "sentence" a paragraph. And NLTK's
word tokens are what stands between spaces and punctuation: a Chinese clause
was one "word", or none when it held a digit ("于9月5日凌晨"). Such a text's
words here are the pairs of neighbouring characters of each run of Han and
kana (the usual way to index text without word breaks): a story's reports share
"台风" and "福建" as other languages share whole words. So are Korean's, whose
words, though spaced, carry their particles ("기준금리를").
"""

from __future__ import annotations

import re
from typing import Iterable

from ..languages import SPACELESS_LETTERS

# Letters read in pairs: Han and kana, and Korean's Hangul syllables, whose words carry their particles and
# endings ("기준금리를", "기준금리는": the pairs "기준", "준금", "금리" are the same in both, the words are not).
_PAIRED_LETTERS = SPACELESS_LETTERS + "\uac00-\ud7a3"
_PAIRED = re.compile(f"[{_PAIRED_LETTERS}]")
# A run of letters read in pairs, or a run of other letters.
_RUNS = re.compile(rf"([{_PAIRED_LETTERS}]+)|((?:(?![{_PAIRED_LETTERS}])[^\W\d_])+)")
# Marks that end a sentence with no space after them, or before a space where Punkt sees none: the ideographic
# full stop and the full-width "!" and "?" (with the closing marks after them), Devanagari's danda and double
# danda, the Arabic question mark and the Urdu full stop, and the full stops of Burmese, Khmer (and its end of a
# section), Ethiopic (and its question mark) and Armenian.
_ENDS = "。！？।॥؟۔\u104b\u17d4\u17d5\u1362\u1367\u0589"
_CLOSING = "」』”’\"'）)】〕》〉»›"
# Typed otherwise, as often on the web: Ethiopic's full stop as two word spaces ("፡፡"), Armenian's as a colon
# after a word (or its closing quote or bracket, or the year's "թ."), once the sentence has three words ("Աղբյուր:
# Արմենպրես", "Source: Armenpress", is none). Khmer's "etc." (។ល។) ends no sentence.
_ARMENIAN_COLON = f"(?:(?<=[\u0531-\u0587])|(?<=[\u0531-\u0587][»)])|(?<=թ\\.)):(?=[\\s{_CLOSING}]|\\Z)"
_ARMENIAN_SENTENCE_WORDS = 3
_ARMENIAN_STOP = re.compile(_ARMENIAN_COLON)
_END = re.compile(f"(?:(?!។ល។)(?<!។ល)[{_ENDS}]|\u1361\u1361|{_ARMENIAN_COLON})+[{_CLOSING}]*")
# A quotation's last sentence then its speaker and a verb of saying ("“……最强台风。”林毅说。", "「……」と述べた。"):
# one sentence, as in other languages. (Any short run was taken for one: "……台风。”他提醒市民不要前往海边观浪。"
# glued a sentence of its own to the quotation. A speaker's title may be long: "中国外交部发言人汪文斌在例行记者会上表示";
# a clause with a comma is a sentence of its own, whatever noun ends it: "……，靠的就是这碗面的味道。")
_SAYING = ("说", "道", "称", "表示", "指出", "介绍", "强调", "透露", "坦言", "直言", "补充", "回应", "告诉记者",
           "述べた", "話した", "語った", "説明した", "強調した", "明らかにした", "指摘した", "答えた", "呼びかけた",
           "発表した", "としている")
_SHORT_ATTRIBUTION = re.compile(f"[^{_ENDS}{_CLOSING}“‘「『（(，,；;]{{0,28}}(?:{'|'.join(_SAYING)})[{_ENDS}]")


_SPACE = re.compile(r"\s*")


def has_paired(text: str) -> bool:
    """Whether the text holds a letter read in pairs (Han, kana, Hangul)."""
    return _PAIRED.search(text) is not None


def letter_pairs(token: str) -> list[str]:
    """The words of a token holding Han, kana or Hangul letters: each pair of neighbouring letters of each
    run of them, a letter alone as itself ("台风海葵" -> "台风", "风海", "海葵"), and each run of other letters
    whole ("JR西日本" -> "JR", "西日", "日本"); digits and marks end a run."""
    words: list[str] = []
    for spaceless, other in _RUNS.findall(token):
        if other:
            words.append(other)
        else:
            words.extend([spaceless] if len(spaceless) == 1 else
                         [spaceless[i:i + 2] for i in range(len(spaceless) - 1)])
    return words


# Quotation marks of Chinese and Japanese, whose quotations may hold sentences of their own ("「負担を減らしたい。
# 教育の機会は平等であるべきだ」と述べた。"): no sentence ends inside one, unless it runs on for this many characters
# (a mark left open).
_QUOTE_OPENS, _QUOTE_CLOSES = "「『“", "」』”"
LONGEST_QUOTATION = 400


def _opened(piece: str, start: int, stop: int) -> int:
    """How many more quotations open than close in piece[start:stop]."""
    return (sum(piece.count(mark, start, stop) for mark in _QUOTE_OPENS)
            - sum(piece.count(mark, start, stop) for mark in _QUOTE_CLOSES))


def split_at_script_ends(paragraph: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Punkt's spans of the paragraph, each cut again after a sentence end Punkt does not know (see _ENDS),
    unless inside a quotation, or only a short attribution follows a quotation's closing mark."""
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        piece = paragraph[start:end]
        text_end = len(piece.rstrip())
        begin = 0
        open_quotes, scanned, quote_from = 0, 0, 0
        for found in _END.finditer(piece):
            stop = found.end()
            if stop >= text_end:
                break
            # (counted in the stretch since the last end only: linear in the piece)
            was_open, open_quotes = open_quotes, max(0, open_quotes + _opened(piece, scanned, stop))
            if open_quotes and not was_open:
                quote_from = scanned
            scanned = stop
            if open_quotes and stop - quote_from <= LONGEST_QUOTATION:
                continue
            open_quotes = 0
            quoted = found.group()[-1] in _CLOSING
            if quoted and _SHORT_ATTRIBUTION.match(piece, stop) is not None:
                continue
            if found.group()[0] == ":" and len(piece[begin:found.start()].split()) < _ARMENIAN_SENTENCE_WORDS:
                continue
            cut.append((start + begin, start + stop))
            # (matched where it is: slicing the rest of the piece at each end was quadratic in its ends)
            begin = _SPACE.match(piece, stop).end()
        cut.append((start + begin, end))
    return cut


def needs_script_ends(paragraph: str) -> bool:
    """Whether the paragraph holds a sentence end Punkt does not know."""
    return any(mark in paragraph for mark in _ENDS) or "\u1361\u1361" in paragraph or _armenian_stop_in(paragraph)


def _armenian_stop_in(paragraph: str) -> bool:
    # Each colon tried where it is: a search of the pattern tried its look-behinds at every character (25 µs a
    # paragraph with a colon, some 5% of an English article's summarising).
    at = paragraph.find(":")
    while at > 0:
        if _ARMENIAN_STOP.match(paragraph, at):
            return True
        at = paragraph.find(":", at + 1)
    return False
