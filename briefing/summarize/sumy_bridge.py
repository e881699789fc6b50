"""sumy's document model and algorithms, driven the same way for every algorithm.

Every algorithm rates every sentence, and the choice of sentences is made by
the caller from those ratings, so every algorithm gets the same length
options and reports a score and rank for each sentence.
"""

from __future__ import annotations

import functools
import math
import warnings
from typing import Iterable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from ..models import Article
from .cuts import names_with_a_bang
from .tokenize import OfflineTokenizer
from .toolkit import Toolkit, toolkit


@functools.lru_cache(maxsize=None)
def newsrank(language: str):
    from .newsrank import NewsRankSummarizer

    # One per language: it caches the stems of the words it has seen.
    kit = toolkit(language)
    return NewsRankSummarizer(kit.stemmer, kit.stop_words, language=language)


def prepare_language(language: str) -> None:
    """Load a language's sentence model, stop words, stemmer and NewsRank now, not on first use."""
    toolkit(language).tokenizer.to_sentences("Ready. Steady.")
    newsrank(language)


@functools.cache
def _ordered_lsa() -> type:
    from sumy.summarizers.lsa import LsaSummarizer

    class OrderedLsa(LsaSummarizer):
        """sumy's LSA numbers the words in a frozenset's order, which moves with PYTHONHASHSEED: the SVD's
        rounding, and so a tie, differed from run to run. Here the words are numbered in sorted order."""

        def _create_dictionary(self, document):
            return {word: row for row, word in enumerate(sorted(super()._create_dictionary(document)))}

    return OrderedLsa


def _make_summarizer(algorithm: str, kit: Toolkit, title_words: Sequence[str]):
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer, "lsa": _ordered_lsa(), "luhn": LuhnSummarizer,
        "textrank": TextRankSummarizer, "kl": KLSummarizer, "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer, "edmundson": EdmundsonSummarizer,
    }
    summarizer = classes[algorithm](kit.stemmer)
    # sumy takes its word lists as attributes, not constructor arguments.
    summarizer.stop_words = kit.stop_words
    if algorithm == "edmundson":
        summarizer.null_words = kit.stop_words
        summarizer.bonus_words = [w for w in title_words if w.lower() not in kit.stop_words] or ["said"]
        summarizer.stigma_words = ["click", "subscribe", "advertisement", "caption", "copyright"]
    return summarizer


def rank_sentences(
    algorithm: str, language: str, document: ObjectDocumentModel, deferred: Sequence[bool] | None = None
) -> tuple[list[int], list[float]]:
    """The sentences' indexes best first, and every sentence's rating in document order.

    A `deferred` sentence comes after every sentence that is not: NewsRank
    passes it over at each step of its greedy choice, the others rank it last.
    """
    order, ratings, _ = rankings(algorithm, language, document, deferred, offered=False)
    return order, ratings


def rankings(
    algorithm: str, language: str, document: ObjectDocumentModel, deferred: Sequence[bool] | None = None,
    leaning: Sequence[bool] | None = None, *, offered: bool = True,
) -> tuple[list[int], list[float], list[int] | None]:
    """`rank_sentences`' order and ratings, and the order when nothing is deferred (the order a story is
    offered; for NewsRank None unless `offered`); every rating finite (a summary's scores are stored as
    JSON, which has no NaN). A `leaning` sentence (one opening with a pronoun) is worth less to NewsRank's
    greedy choice while the sentence before it is not chosen; the other algorithms rate sentences one by
    one and do not use it."""
    if algorithm == "newsrank":
        order, ratings, plain = newsrank(language).rankings(document, deferred=deferred, leaning=leaning,
                                                            offered=offered)
        return order, _finite(ratings), plain
    title_words = document.headings[0].words if document.headings else ()
    ratings = rate_sentences(_make_summarizer(algorithm, toolkit(language), title_words), document)
    later = deferred if deferred is not None else [False] * len(ratings)
    # Best first; equal ratings keep article order, as sumy does.
    return (sorted(range(len(ratings)), key=lambda i: (later[i], -ratings[i], i)), ratings,
            sorted(range(len(ratings)), key=lambda i: (-ratings[i], i)))


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
    return _finite(ratings.get(sentence, 0.0) for sentence in document.sentences)


def _finite(values: Iterable[float]) -> list[float]:
    """NaN and infinities, a rater's "no opinion" on a degenerate sentence, as 0.0."""
    return [value if math.isfinite(value) else 0.0 for value in values]


def _call(rating, args, kwargs, sentence):
    return rating(sentence, *args, **kwargs)


# However few sentences are still wanted, a paragraph is split this far.
MIN_CHARS_SPLIT = 200_000


def build_document(
    article: Article, kit: Toolkit, max_sentences: int, max_sentence_chars: int | None = None,
    tokenizer: OfflineTokenizer | None = None,
) -> ObjectDocumentModel:
    """The article as sumy's document model: the title as a heading, then its paragraphs, up to
    `max_sentences` sentences.

    With `max_sentence_chars` (the longest sentence a summary may hold), a
    paragraph is split only as far as the sentences still wanted could reach
    if each were that long (and at least MIN_CHARS_SPLIT): 5 MB of "a. a. a."
    took Punkt a minute to split, only to be cut to a few hundred sentences.
    `tokenizer`: another than the kit's (for text in a language briefing does not support).
    """
    tokenizer = tokenizer or kit.tokenizer
    bang_names = names_with_a_bang([article.title, *article.paragraphs])  # "Yahoo! Finance" is one sentence's
    paragraphs = []
    remaining = max_sentences
    for index, text in enumerate(article.paragraphs):
        if max_sentence_chars is not None:
            # Never less than a long article's worth: a run-on table before the last sentences wanted
            # must not crowd them out.
            text = text[:max((remaining + 1) * max_sentence_chars, MIN_CHARS_SPLIT)]
        sentences = [Sentence(s, tokenizer) for s in tokenizer.to_sentences(text, bang_names)[:remaining]]
        remaining -= len(sentences)
        if index == 0 and article.title.strip():
            sentences.insert(0, Sentence(article.title, tokenizer, is_heading=True))
        paragraphs.append(Paragraph(sentences))
        if remaining <= 0:
            break
    return ObjectDocumentModel(paragraphs)
