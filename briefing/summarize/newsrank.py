"""NewsRank: an extractive summariser for news articles, on sumy's document model.

News puts its most important facts first, so plain centrality (LexRank,
TextRank) loses to simply taking the first sentences. NewsRank starts from
that lead bias and corrects it:

* a position prior that decays with the sentence index;
* directed centrality (after PacSum, Zheng and Lapata 2019): a sentence counts
  its TF-IDF similarity to the sentences *after* it, because a news sentence
  that later sentences elaborate on is a summary sentence, while one that
  repeats earlier material is not;
* similarity to the title (the argument, or the document's first heading);
* a soft length factor: sentences far shorter or longer than the article's
  median sentence are poor summary sentences (ROUGE F1 punishes both, and
  overlong "sentences" are usually photo captions run into the text);
* boilerplate (video prompts, bylines, copyright lines) and fragments of bad
  sentence splits are never chosen while anything else is left;
* redundancy control (MMR) while picking.

Everything runs on numpy arrays built once per call; words are stemmed once
per distinct word (cached per summarizer instance).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.utils import ItemsCount

# Boilerplate of English news pages: a sentence matching any of these is never
# chosen while other sentences are left. The only language-specific part of
# NewsRank; in other languages these simply do not match.
ENGLISH_BOILERPLATE_PATTERNS = (
    r"^\s*scroll down for (?:the )?video",
    r"\bclick here\b",
    r"\b(?:PUBLISHED|UPDATED)\s*:",
    r"^\s*by\s*\.\s",  # "By . Daily Mail Reporter ."
    r"\blast updated at\b",
    r"\ball rights reserved\b",
    r"^\s*(?:copyright\b|\(c\)|©)",
    r"^\s*(?:read more|share this|follow us|follow @)",
    r"^\s*(?:image|media|video) (?:caption|copyright|playback)\b",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in ENGLISH_BOILERPLATE_PATTERNS), re.IGNORECASE)

# Fragments of bad sentence splits make no sense alone and are never chosen
# while anything else is left: a "sentence" that starts with a lower-case word
# ("he said.", "is short for Blues Boy, ...") or with punctuation that cannot
# open one (", after ..."), and the sentence after one that ends in dotted
# initials, where the splitter cut a name in two ("... the University of Texas
# M.D." | "Anderson Cancer Center, after ..."). No word lists: scripts without
# case never match, and quote marks are left out because languages differ in
# which ones open a quotation.
_FRAGMENT_OPENERS = frozenset(",;:)]}.!?…%")
_ENDS_IN_INITIALS = re.compile(r"(?:\b[^\W\d_]\.){2,}[\"'”’»]?\s*$")

# Words of a title given as a string (a heading has its tokenizer's words):
# runs of letters, as sumy's tokenizers keep only words that hold letters.
_WORD = re.compile(r"[^\W\d_]+")

# Rating of a boilerplate sentence: below any real rating, but finite so that
# callers can sort, print and serialise ratings without special cases.
BOILERPLATE_RATING = -1.0e9

# The tuned constants. How each was chosen is recorded in benchmarks/README.md;
# in short, a coarse grid on the news-dev set, checked on both hash halves of it.
POSITION_DECAY = 0.1  # prior exp(-0.1 * index): the 8th sentence has half the lead's prior
CENTRALITY_WEIGHT = 1.0  # weight of directed centrality (scaled to [0, 1]) against the prior
TITLE_WEIGHT = 1.0  # weight of the cosine similarity to the title
LENGTH_EXPONENT = 0.25  # factor min(r, 1/r) ** 0.25, r = words / median words of the article
REDUNDANCY = 1.0  # MMR: subtract this times the highest similarity to a chosen sentence


class NewsRankSummarizer(AbstractSummarizer):
    """Position-aware, title-aware directed-centrality summariser for news.

    ``NewsRankSummarizer(stemmer, stop_words)`` then
    ``summarizer(document, sentences_count, title=None)`` like any sumy
    summarizer; ``rank_sentences(document, title=None)`` gives the order in
    which sentences would be chosen and every sentence's rating.
    """

    def __init__(self, stemmer, stop_words: Iterable[str]) -> None:
        super().__init__(stemmer)
        self._stop_words = frozenset(self.normalize_word(w) for w in stop_words)
        # Stemming dominates the cost of a call; a word's stem never changes.
        self._content_stem = functools.lru_cache(maxsize=1 << 16)(self._uncached_content_stem)

    def __call__(
        self, document: ObjectDocumentModel, sentences_count: int | str, title: str | None = None
    ) -> tuple[Sentence, ...]:
        """The best ``sentences_count`` sentences (an int, or "20%" as in sumy), in document order.

        At least one sentence is returned for a document that has any.
        """
        sentences = document.sentences
        if not sentences:
            return ()
        order, ratings = self.rank_sentences(document, title)
        candidates = sum(1 for r in ratings if r > BOILERPLATE_RATING) or len(sentences)
        wanted = len(ItemsCount(sentences_count)(range(candidates)))
        return tuple(sentences[i] for i in sorted(order[: max(1, wanted)]))

    def rank_sentences(
        self, document: ObjectDocumentModel, title: str | None = None
    ) -> tuple[list[int], list[float]]:
        """Every sentence's index in the order it would be chosen, and its rating.

        The order is greedy MMR: each next sentence is the one whose rating,
        less its similarity to those already chosen, is highest; ties go to the
        earlier sentence. Boilerplate comes last, in document order. Taking
        the first k of the order gives the best summary of k sentences.
        """
        n = len(document.sentences)
        if n == 0:
            return [], []
        ratings, similarity, boilerplate = self._rate(document, title)
        candidates = ~boilerplate
        order: list[int] = []
        closest = np.zeros(n)  # highest similarity to a chosen sentence
        for _ in range(int(candidates.sum())):
            gains = np.where(candidates, ratings - REDUNDANCY * closest, -np.inf)
            best = int(np.argmax(gains))  # the first of equals: the earlier sentence
            order.append(best)
            candidates[best] = False
            np.maximum(closest, similarity[best], out=closest)
        order.extend(int(i) for i in np.flatnonzero(boilerplate))
        return order, ratings.tolist()

    def _uncached_content_stem(self, word: str) -> str | None:
        word = self.normalize_word(word)
        return None if word in self._stop_words else self._stemmer(word)

    def _stems(self, words: Sequence[str]) -> list[str]:
        stems = (self._content_stem(w) for w in words)
        return [s for s in stems if s is not None]

    def _rate(self, document: ObjectDocumentModel, title: str | None):
        """(ratings, sentence similarity matrix, boilerplate mask) for the document."""
        sentences = document.sentences
        n = len(sentences)
        words = [s.words for s in sentences]
        texts = [str(s) for s in sentences]
        boilerplate = np.fromiter((bool(_BOILERPLATE.search(t)) for t in texts), bool, n)
        boilerplate |= _fragments(texts)  # rated, and left out of centrality, like boilerplate

        vectors, similarity_to = self._tfidf([self._stems(w) for w in words])
        similarity = vectors @ vectors.T
        np.fill_diagonal(similarity, 0.0)

        # Directed centrality: similarity to later sentences only (PacSum with
        # the backward weight at 0 and no edge threshold), boilerplate excluded.
        edges = np.triu(similarity, 1)
        edges[:, boilerplate] = 0.0
        centrality = edges.sum(axis=1)
        if centrality.max() > 0:
            centrality /= centrality.max()

        ratings = np.exp(-POSITION_DECAY * np.arange(n)) + CENTRALITY_WEIGHT * centrality

        if title is not None:
            title_words = _WORD.findall(title)
        elif document.headings:
            title_words = document.headings[0].words
        else:
            title_words = ()
        if title_words:
            ratings += TITLE_WEIGHT * similarity_to(self._stems(title_words))

        lengths = np.fromiter((max(len(w), 1) for w in words), float, n)
        median = np.median(lengths[~boilerplate]) if not boilerplate.all() else np.median(lengths)
        ratio = lengths / median
        ratings *= np.minimum(ratio, 1.0 / ratio) ** LENGTH_EXPONENT

        ratings[boilerplate] = BOILERPLATE_RATING
        return ratings, similarity, boilerplate

    @staticmethod
    def _tfidf(sentence_stems: list[list[str]]):
        """Unit-length TF-IDF rows for the sentences, and a function rating similarity to other text.

        Only stems found in two or more sentences get a column: the others add
        nothing to any similarity between sentences (they still count in each
        row's length), and dropping them keeps the dense matrix small.
        """
        n = len(sentence_stems)
        vocabulary: dict[str, int] = {}
        rows = np.fromiter((i for i, stems in enumerate(sentence_stems) for _ in stems), np.intp)
        cols = np.fromiter(
            (vocabulary.setdefault(s, len(vocabulary)) for stems in sentence_stems for s in stems), np.intp
        )
        size = max(len(vocabulary), 1)
        pairs, counts = np.unique(rows * size + cols, return_counts=True)
        rows, cols = np.divmod(pairs, size)

        df = np.bincount(cols, minlength=size)
        idf = np.log((n + 1) / (df + 1)) + 1.0
        values = np.log1p(counts) * idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=n))
        values /= np.where(norms > 0, norms, 1.0)[rows]

        shared = df >= 2
        column = np.cumsum(shared) - 1  # column of each shared stem in the dense matrix
        vectors = np.zeros((n, int(shared.sum())))
        keep = shared[cols]
        vectors[rows[keep], column[cols[keep]]] = values[keep]

        def similarity_to(stems: list[str]) -> np.ndarray:
            """Cosine similarity of every sentence to other text (over all stems)."""
            vector = np.zeros(size)
            for stem in stems:
                if stem in vocabulary:
                    vector[vocabulary[stem]] += 1.0
            vector = np.log1p(vector) * idf
            norm = np.linalg.norm(vector)
            if norm == 0:
                return np.zeros(n)
            return np.bincount(rows, weights=values * vector[cols], minlength=n) / norm

        return vectors, similarity_to


def _fragments(texts: Sequence[str]) -> np.ndarray:
    """Which sentences are fragments of a bad sentence split (see _FRAGMENT_OPENERS)."""
    fragment = np.fromiter((_opens_as_fragment(t.lstrip()) for t in texts), bool, len(texts))
    fragment[1:] |= np.fromiter((bool(_ENDS_IN_INITIALS.search(t)) for t in texts[:-1]), bool, len(texts) - 1)
    return fragment


def _opens_as_fragment(text: str) -> bool:
    if text[:1].islower():
        return not text[1:2].isupper()  # "iPhone", "eBay": a word, not a fragment
    return text[:1] in _FRAGMENT_OPENERS
