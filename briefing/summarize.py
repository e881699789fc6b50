"""Article -> Summary: an extractive summary and key points, with sumy.

This is the only module that imports sumy. Every algorithm is driven the same
way: it rates every sentence, and the choice of sentences (by count, ratio or
word budget) is made here from those ratings, so every algorithm gets the
same length options and reports a score and rank for each sentence.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .config import Config
from .errors import SeedError
from .models import Article, ScoredSentence, Summary
from .languages import SUPPORTED_LANGUAGES
from .tokenize import OfflineTokenizer

# A "sentence" longer than this is a run-on line without punctuation (a table,
# a list, junk): it is never chosen for the summary.
MAX_SENTENCE_WORDS = 150
# Nor is one this long in characters, whatever its word count: a "word" of a
# million brackets is junk too, and would stall the Markdown converter.
MAX_SENTENCE_CHARS = 1500
# Sentence caps of the algorithms whose work grows faster than the square of
# the sentence count (KL-Sum and Reduction take minutes on a thousand
# sentences); `limits.max_sentences` applies to every algorithm below these.
ALGORITHM_MAX_SENTENCES = {"kl": 200, "reduction": 400}
# Key points are glanceable: a clause, not a paragraph.
MAX_KEY_POINT_WORDS = 25
MIN_KEY_POINTS = 3
# Two texts sharing more than this share of their content stems say the same thing.
SAME_FACT_OVERLAP = 0.6
# How many of an article's content stems are kept to compare it with others.
TERMS_KEPT = 40


@dataclass(frozen=True)
class Length:
    """How long a summary should be: a sentence count, a share of the article, or a word budget."""

    sentences: int = 3
    ratio: float | None = None
    words: int | None = None

    @classmethod
    def from_config(cls, config: Config) -> "Length":
        return cls(sentences=config.sentences, ratio=config.ratio, words=config.words)


@dataclass(frozen=True)
class _Language:
    tokenizer: OfflineTokenizer
    stemmer: Callable[[str], str]
    stop_words: frozenset[str]

    def content_stems(self, text: str) -> frozenset[str]:
        return frozenset(self.stems_of(self.tokenizer.to_words(text)))

    def stems_of(self, words: Sequence[str]) -> list[str]:
        lowered = (w.lower() for w in words)
        return [self.stemmer(w) for w in lowered if w not in self.stop_words]


@functools.lru_cache(maxsize=None)
def _language(name: str) -> _Language:
    # Stems are cached per language: a word's stem never changes, and news
    # repeats its words across articles.
    stemmer = functools.lru_cache(maxsize=1 << 16)(Stemmer(name))
    return _Language(OfflineTokenizer(name), stemmer, _stop_words(name))


@functools.lru_cache(maxsize=None)
def _stop_words(name: str) -> frozenset[str]:
    return get_stop_words(name)


_LETTERS = re.compile(r"[^\W\d_]+")


def detect_language(text: str, default: str) -> str:
    """The supported language whose stop words the text uses most, or `default` when unclear.

    Stop words make up a third or more of running text in every supported
    language, and each language's list is its own; a clear winner needs both a
    real share of the words and a lead over the runner-up.
    """
    words = [w.lower() for w in _LETTERS.findall(text[:4000])]
    if len(words) < 20:
        return default
    hits = sorted(
        ((sum(w in _stop_words(name) for w in words), name) for name in SUPPORTED_LANGUAGES),
        reverse=True,
    )
    (best, name), (second, _) = hits[0], hits[1]
    if best >= 0.2 * len(words) and best >= 1.3 * second:
        return name
    return default


def article_terms(document: ObjectDocumentModel, language: _Language) -> str:
    """The article's TERMS_KEPT most frequent content stems, as "stem:count stem:count"."""
    counts: dict[str, int] = {}
    for sentence in document.sentences:
        for stem in language.stems_of(sentence.words):
            if len(stem) > 1:
                counts[stem] = counts.get(stem, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return " ".join(f"{stem}:{count}" for stem, count in ranked[:TERMS_KEPT])


@functools.lru_cache(maxsize=None)
def _newsrank(language_name: str):
    from .newsrank import NewsRankSummarizer

    # One per language: it caches the stems of the words it has seen.
    language = _language(language_name)
    return NewsRankSummarizer(language.stemmer, language.stop_words)


def prepare_language(name: str) -> None:
    """Load a language's sentence model, stop words, stemmer and NewsRank now, not on first use."""
    _language(name).tokenizer.to_sentences("Ready. Steady.")
    _newsrank(name)


def _make_summarizer(algorithm: str, language: _Language, title_words: Sequence[str]):
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer, "lsa": LsaSummarizer, "luhn": LuhnSummarizer,
        "textrank": TextRankSummarizer, "kl": KLSummarizer, "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer, "edmundson": EdmundsonSummarizer,
    }
    summarizer = classes[algorithm](language.stemmer)
    # sumy takes its word lists as attributes, not constructor arguments.
    summarizer.stop_words = language.stop_words
    if algorithm == "edmundson":
        summarizer.null_words = language.stop_words
        summarizer.bonus_words = [w for w in title_words if w.lower() not in language.stop_words] or ["said"]
        summarizer.stigma_words = ["click", "subscribe", "advertisement", "caption", "copyright"]
    return summarizer


def rank_sentences(algorithm: str, language_name: str, document: ObjectDocumentModel) -> tuple[list[int], list[float]]:
    """The sentences' indexes best first, and every sentence's rating in document order."""
    if algorithm == "newsrank":
        return _newsrank(language_name).rank_sentences(document)
    title_words = document.headings[0].words if document.headings else ()
    ratings = rate_sentences(_make_summarizer(algorithm, _language(language_name), title_words), document)
    # Best first; equal ratings keep article order, as sumy does.
    return sorted(range(len(ratings)), key=lambda i: (-ratings[i], i)), ratings


def rate_sentences(summarizer, document: ObjectDocumentModel) -> list[float]:
    """Every sentence's rating from a sumy summarizer, in document order.

    sumy summarizers rate sentences and pick the best inside `__call__`; each
    hands its ratings to `_get_best_sentences`, so catching that call yields
    the ratings of every algorithm through one door.
    """
    ratings: dict[Sentence, float] = {}

    def capture(sentences, count, rating, *args, **kwargs):
        rate = rating.__getitem__ if isinstance(rating, dict) else functools.partial(_call, rating, args, kwargs)
        for sentence in sentences:
            ratings[sentence] = float(rate(sentence))
        return ()

    summarizer._get_best_sentences = capture
    with warnings.catch_warnings():
        # LexRank divides by a zero norm on degenerate documents; the NaN it
        # makes is treated below as "no opinion", not shown to the user. LSA
        # warns when an article has fewer distinct words than sentences: advice
        # for sumy's developers, not something a reader of the briefing can act on.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        summarizer(document, len(document.sentences))
    values = (ratings.get(sentence, 0.0) for sentence in document.sentences)
    return [value if math.isfinite(value) else 0.0 for value in values]


def _call(rating, args, kwargs, sentence):
    return rating(sentence, *args, **kwargs)


def build_document(article: Article, language: _Language, max_sentences: int) -> ObjectDocumentModel:
    """The article as sumy's document model: the title as a heading, then its paragraphs."""
    tokenizer = language.tokenizer
    paragraphs = []
    remaining = max_sentences
    for index, text in enumerate(article.paragraphs):
        sentences = [Sentence(s, tokenizer) for s in tokenizer.to_sentences(text)[:remaining]]
        remaining -= len(sentences)
        if index == 0 and article.title.strip():
            sentences.insert(0, Sentence(article.title, tokenizer, is_heading=True))
        paragraphs.append(Paragraph(sentences))
        if remaining <= 0:
            break
    return ObjectDocumentModel(paragraphs)


def summarize_article(article: Article, config: Config, algorithm: str | None = None) -> Summary:
    """Summarise one article: the best sentences in article order, and its key points."""
    algorithm = algorithm or config.algorithm
    language_name = article.lang or detect_language(article.text, config.language)
    language = _language(language_name)
    max_sentences = min(config.max_sentences, ALGORITHM_MAX_SENTENCES.get(algorithm, config.max_sentences))
    document = build_document(article, language, max_sentences)
    sentences = [str(s) for s in document.sentences]
    if not sentences:
        raise SeedError("no sentences found")
    word_counts = [len(s.split()) for s in sentences]
    eligible = [
        i for i, n in enumerate(word_counts) if n <= MAX_SENTENCE_WORDS and len(sentences[i]) <= MAX_SENTENCE_CHARS
    ]
    if not eligible:
        raise SeedError(f"no sentence of at most {MAX_SENTENCE_WORDS} words: not prose, or no punctuation")

    order, ratings = rank_sentences(algorithm, language_name, document)
    eligible_set = set(eligible)
    ranked = [i for i in order if i in eligible_set]
    chosen = choose_sentences(ranked, word_counts, Length.from_config(config))
    rank_of = {index: rank for rank, index in enumerate(ranked, start=1)}
    summary = tuple(
        ScoredSentence(text=sentences[i], score=round(ratings[i], 6), rank=rank_of[i], position=i)
        for i in sorted(chosen)
    )
    points = key_points(
        sentences, ranked, set(chosen), language, config.key_points,
    )
    return Summary(
        article=article, sentences=summary, key_points=points, algorithm=algorithm,
        terms=article_terms(document, language),
    )


def choose_sentences(ranked: Sequence[int], word_counts: Sequence[int], length: Length) -> list[int]:
    """Pick sentence indexes from `ranked` (best first) to fit `length`; never none."""
    if length.words is not None:
        chosen, used = [], 0
        for index in ranked:
            if used + word_counts[index] <= length.words:
                chosen.append(index)
                used += word_counts[index]
        return chosen or [ranked[0]]
    if length.ratio is not None:
        count = max(1, math.ceil(length.ratio * len(word_counts)))
    else:
        count = length.sentences
    return list(ranked[:count])


# --- key points ---------------------------------------------------------------

# Openers that tie a sentence to the one before it and mean nothing alone.
_CONNECTIVE = re.compile(
    r"^(?:however|but|and|so|also|meanwhile|furthermore|moreover|in addition|additionally|"
    r"still|yet|instead|indeed|now|then|overall|previously|separately)\b,?\s+",
    re.IGNORECASE,
)
# Trailing attributions after a comma: ", he said." / ", according to the
# ministry." / ", said deputy mayor Ines Corvo."
_ATTRIBUTION = re.compile(
    r"(?:,[\"”’']?|[\"”’'],)\s+"
    r"(?:(?:he|she|they|it|officials?|police)\s+(?:said|says|added|told\s[^,.]{1,40})"
    r"|(?:said|says|added|according\sto)\s(?:[^\s,.]+\s?){1,6})\s*[.!]?\s*$",
    re.IGNORECASE,
)
# Places where a long sentence can be cut and still say something whole.
_CLAUSE_BREAK = re.compile(r"\s*(?:;|:|\s[–—]\s|,\s(?:which|while|whereas|although|though|but|and|as|after|before|because)\s)")


def trim_to_point(sentence: str, max_words: int = MAX_KEY_POINT_WORDS) -> str:
    """A sentence cut down to a short, standalone statement."""
    text = _ATTRIBUTION.sub("", sentence.strip())
    text = text.strip().strip("\"“”'‘’").strip()
    text = _CONNECTIVE.sub("", text)
    words = text.split()
    if len(words) > max_words:
        for match in _CLAUSE_BREAK.finditer(text):
            head = text[: match.start()]
            if 6 <= len(head.split()) <= max_words:
                text = head
                break
        else:
            cut = " ".join(words[:max_words])
            comma = cut.rfind(",")
            text = cut[:comma] if comma > len(cut) // 2 else cut.rstrip(",;:") + "…"
    text = text.rstrip(" ,;:")
    if text and text[-1] not in ".!?…":
        text += "."
    return text[:1].upper() + text[1:]


def _same_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) > SAME_FACT_OVERLAP


def key_points(
    sentences: Sequence[str],
    ranked: Sequence[int],
    summary: set[int],
    language: _Language,
    limit: int,
) -> tuple[str, ...]:
    """Up to `limit` short, distinct facts, best first, none a copy of a summary sentence.

    Points come first from the best sentences outside the summary, trimmed to a
    clause; a short article whose sentences are all in the summary gives
    trimmed clauses of summary sentences instead, and only where trimming
    changed them.
    """
    summary_texts = {" ".join(sentences[i].split()) for i in summary}
    taken: list[frozenset[str]] = []
    points: list[str] = []

    def offer(index: int, *, from_summary: bool) -> None:
        point = trim_to_point(sentences[index])
        if len(point.split()) < 4 or " ".join(point.split()) in summary_texts:
            return
        stems = language.content_stems(point)
        if from_summary and len(point.split()) >= len(sentences[index].split()):
            return
        if any(_same_fact(stems, other) for other in taken):
            return
        points.append(point)
        taken.append(stems)

    # A point repeating a summary sentence's fact adds nothing: summary facts
    # count as taken from the start.
    summary_stems = [language.content_stems(sentences[i]) for i in summary]
    taken.extend(summary_stems)
    for index in ranked:
        if len(points) >= limit:
            break
        if index not in summary:
            offer(index, from_summary=False)
    if len(points) < min(MIN_KEY_POINTS, limit):
        del taken[: len(summary_stems)]
        for index in ranked:
            if len(points) >= min(MIN_KEY_POINTS, limit):
                break
            if index in summary:
                offer(index, from_summary=True)
    return tuple(points)
