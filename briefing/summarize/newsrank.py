"""NewsRank: an extractive summariser for news articles, on sumy's document model.

A summary is good when it holds the words a person summarising the article
would use, in few words. NewsRank estimates, for every distinct word (stem)
and every pair of adjacent words in the article, the probability that a
human summary of it uses them, and then picks sentences greedily so that the
expected share of those words covered, per word of summary, is highest:

    value(S) = (expected words covered by S + expected word pairs covered by S)
               / (words in S + SUMMARY_PRIOR_WORDS)

which is the shape of ROUGE's F1 (2 * overlap / (summary length + reference
length)): a sentence only earns its place if it brings enough new likely
words for its length. A word already covered earns nothing the second time
(up to the number of times a summary uses it), so redundancy is handled by
the objective itself.

The probabilities come from small logistic models over features that mean
the same thing in every supported language and do not rely on capital
letters: how often the word occurs, how early it first occurs, how much of
its use is in the lead, in quotations, whether it is a stop word or a
number, how long the article is. Their weights are data
(``newsrank_weights.json``), made by ``benchmarks/train_newsrank.py`` from CNN/Daily Mail
articles and their highlights.

One feature, ``lexp``, is data of a language, not of the article: a lexicon
of stop words (``newsrank_lexicon.json``, English only; made by
train_newsrank.py) gives, for each stop word common in the training articles,
how much more (or less) often human summaries used it than the other features
predicted: log((used + 5) / (expected + 5)). Summaries rarely use "i", "we",
"you", "although" or "according". A stop word the lexicon lacks, every other
word, and every word of a language without a lexicon has 0: no correction.

Kept from the first NewsRank:

* boilerplate (video prompts, bylines, copyright lines) and fragments of bad
  sentence splits are never chosen while anything else is left;
* a soft length factor: a sentence far longer or shorter than the article's
  median sentence has its expected gain damped by min(r, 1/r) ** 0.25
  (overlong "sentences" are usually photo captions run into the text).

Sentences the caller defers (a question, a fragment: see summarize/defects.py)
are passed over at each greedy step while another is left. A sentence the
caller marks as leaning on the one before it (it opens with a pronoun) has
its value weighed by LEANING_FACTOR at each greedy step where that one is
not chosen yet.

The headline (the ``title`` argument, or the document's first heading), when
there is one, is read as the article's first line for the word statistics:
editors put the most important words in it. It is never chosen.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.utils import ItemsCount

from ..textrules import lowered_words
from .coverage import BOILERPLATE_RATING, GREEDY_STEPS, greedy_order
from .memo import Memo
from .occurrences import flat_counts, occurrence_features
from .unfit import fragments, is_boilerplate, quote_share

# Words as ROUGE and a reader count them: runs of letters and digits, lower-cased (`lowered_words`).
_TOKEN = re.compile(r"\w+")

# Damping of sentences far longer or shorter than the article's median
# sentence (r = words / median): gain * min(r, 1/r) ** LENGTH_EXPONENT. Kept
# from the first NewsRank, not tuned again.
LENGTH_EXPONENT = 0.25

WEIGHTS_FILE = Path(__file__).with_name("data") / "newsrank_weights.json"
LEXICON_FILE = Path(__file__).with_name("data") / "newsrank_lexicon.json"


@functools.lru_cache(maxsize=None)
def load_weights(path: str | Path = WEIGHTS_FILE, lexicon: str | Path | None = LEXICON_FILE) -> dict:
    """The word and word-pair models: feature names and logistic weights (the last is the intercept);
    and the per-language lexicons ({language: {stem: value}})."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    lexicons = {}
    if lexicon is not None and Path(lexicon).is_file():
        with open(lexicon, encoding="utf-8") as handle:
            lexicons = json.load(handle)["lexicons"]
    return {
        "word_features": tuple(data["word_features"]),
        "word": [np.asarray(w, float) for w in data["word"]],
        "pair_features": tuple(data["pair_features"]),
        "pair": np.asarray(data["pair"], float),
        "lexicon": lexicons,
    }


class Analysis:
    """What NewsRank knows about one article: its words and word pairs, with features.

    Built by ``NewsRankSummarizer.analyse``; ``benchmarks/train_newsrank.py`` uses the same object
    to learn the weights, so training and ranking see identical features.
    """

    __slots__ = (
        "n", "lengths", "candidates", "factor", "word_keys", "word_x", "word_sent", "word_type", "word_count",
        "pair_parts", "pair_x_partial", "pair_sent", "pair_type", "pair_count", "boilerplate",
    )


class NewsRankSummarizer(AbstractSummarizer):
    """Expected-coverage summariser for news.

    ``NewsRankSummarizer(stemmer, stop_words, language=...)`` then
    ``summarizer(document, sentences_count, title=None)`` like any sumy
    summarizer; ``rank_sentences(document, title=None)`` gives the order in
    which sentences would be chosen and every sentence's rating;
    ``rankings`` also the order when no sentence is deferred.
    """

    def __init__(
        self, stemmer, stop_words: Iterable[str], weights: dict | None = None, language: str | None = None
    ) -> None:
        super().__init__(stemmer)
        self._stop_words = frozenset(self.normalize_word(w) for w in stop_words)
        self._weights = weights if weights is not None else load_weights()
        # The language's lexicon (stem -> value), if the weights have one for it and its feature.
        self._lexicon = ((self._weights.get("lexicon") or {}).get(language) or {}
                         if "lexp" in self._weights["word_features"] else {})
        # Stemming dominates the cost of a call; a word's stem never changes.
        self._stem = Memo(self._uncached_stem).__getitem__

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
        self, document: ObjectDocumentModel, title: str | None = None, deferred: Sequence[bool] | None = None,
        leaning: Sequence[bool] | None = None,
    ) -> tuple[list[int], list[float]]:
        """Every sentence's index in the order it would be chosen, and its rating (see `rankings`)."""
        order, ratings, _ = self.rankings(document, title, deferred, leaning, offered=False)
        return order, ratings

    def rankings(
        self, document: ObjectDocumentModel, title: str | None = None, deferred: Sequence[bool] | None = None,
        leaning: Sequence[bool] | None = None, *, offered: bool = True,
    ) -> tuple[list[int], list[float], list[int] | None]:
        """Every sentence's index in the order it would be chosen; its rating; and the order if none were
        deferred nor leaning, and the lexicon were not used: the sentences to offer a story, best first
        (None unless `offered`: with a lexicon that order is a greedy run of its own).

        The order is greedy: each next sentence is the one that raises the
        summary's value most; ties go to the earlier sentence. A `deferred`
        sentence (one a reader would stumble over alone) is chosen only when
        no other is left; a `leaning` one (it opens with a pronoun) has its
        value weighed by LEANING_FACTOR while the sentence before it is not
        chosen; boilerplate comes last, in document order. Taking the first
        k of the order gives the summary of k sentences. A sentence's rating
        is its value alone.
        """
        texts = [str(s) for s in document.sentences]
        if not texts:
            return [], [], []
        if title is None and document.headings:
            title = str(document.headings[0])
        analysis = self.analyse(texts, title)
        word_p, pair_p = self.probabilities(analysis)
        later = [bool(x) for x in deferred] if deferred is not None else [False] * len(texts)
        if len(later) != len(texts):
            raise ValueError(f"{len(later)} deferred flags for {len(texts)} sentences")
        lean = [bool(x) for x in leaning] if leaning is not None else [False] * len(texts)
        if len(lean) != len(texts):
            raise ValueError(f"{len(lean)} leaning flags for {len(texts)} sentences")
        # The ratings do not depend on the flags. With a lexicon, the order to offer is a run of its own.
        if self._lexicon:
            order, ratings = self.order(analysis, word_p, pair_p, later, lean)
            return order, ratings, self._order_without_lexicon(analysis) if offered else None
        plain, ratings = self.order(analysis, word_p, pair_p)
        if not any(later) and not any(lean):
            return plain, ratings, plain
        greedy = plain[:min(int(analysis.candidates.sum()), GREEDY_STEPS)]
        # A leaning sentence chosen before the one it leans on: its value would have been weighed down.
        alone = any(lean[i] and (i == 0 or i - 1 not in greedy[:k]) for k, i in enumerate(greedy))
        if alone or any(later[i] for i in greedy):
            return self.order(analysis, word_p, pair_p, later, lean)[0], ratings, plain
        # No deferred sentence was chosen, and none alone that leans (values are never negative, and
        # leaning only weighs them down): the flags change only the order of the rest, deferred ones last.
        tail = plain[len(greedy):]
        rest = [i for i in tail if analysis.candidates[i]]
        boilerplate = [i for i in tail if not analysis.candidates[i]]
        order = [*greedy, *(i for i in rest if not later[i]), *(i for i in rest if later[i]), *boilerplate]
        return order, ratings, plain

    def _order_without_lexicon(self, analysis: Analysis) -> list[int]:
        """The plain order with the lexicon's word feature at 0, as for a language without one.

        The lexicon was learned from single-article highlights, and sharpens
        the choice of one article's summary (cnndm-dev 2-fold CV R-1 +0.21);
        but offering a story the sentences it ranks first cost the DUC story
        summaries R-2 -0.58 [-1.24, -0.06] (paired over 18 clusters; -0.13 and
        not significant this way). See benchmarks/README.md.
        """
        column = self._weights["word_features"].index("lexp")
        kept = analysis.word_x
        analysis.word_x = kept.copy()
        analysis.word_x[:, column] = 0.0
        try:
            return self.order(analysis, *self.probabilities(analysis))[0]
        finally:
            analysis.word_x = kept

    # --- analysis -------------------------------------------------------------

    def _uncached_stem(self, token: str) -> tuple[str, bool]:
        stop = token in self._stop_words
        return (token if token.isdigit() else self._stemmer(token)), stop

    def analyse(self, texts: Sequence[str], title: str | None = None) -> Analysis:
        """Words, word pairs and their features for the sentences ``texts`` (and the headline)."""
        n = len(texts)
        a = Analysis()
        a.n = n
        boilerplate = np.fromiter(map(is_boilerplate, texts), bool, n)
        boilerplate |= fragments(texts)
        a.boilerplate = boilerplate
        a.candidates = ~boilerplate if not boilerplate.all() else np.ones(n, bool)
        stem = self._stem
        # (The sentences' words were found when they were searched for page furniture: see lowered_words.)
        raw = [lowered_words(t) for t in texts]
        a.lengths = np.fromiter((len(t) for t in raw), float, n)
        title_raw = lowered_words(title) if title else ()
        offset = 1 if title_raw else 0

        # Word ids. The statistics are taken from "lines": the headline first
        # (line 0, when there is one), then every sentence that is not
        # boilerplate (line = index + offset). Words found only in boilerplate
        # get no id (-1): no statistics, no gain.
        #
        # Ids in order of first use in the lines, as the reader meets them;
        # a word is a stop word as its first use is. Each distinct token is
        # stemmed once, through the stem cache (a dict look-up once the word
        # has been seen).
        rows = (title_raw, *raw)
        lines = [title_raw, *(raw[i] for i in np.flatnonzero(a.candidates).tolist())]
        word_index: dict[str, int] = {}
        word_stop: list[bool] = []
        token_ids: dict[str, int] = {}  # each token's id, a distinct token looked up once
        for token in dict.fromkeys(chain.from_iterable(lines)):  # (in order of first use)
            key, stop = stem(token)
            number = word_index.get(key)
            if number is None:
                number = word_index[key] = len(word_index)
                word_stop.append(stop)
            token_ids[token] = number
        # Tokens found only in boilerplate have the id of their stem where it is used, or none.
        if len(lines) < len(rows):
            for token in chain.from_iterable(rows):
                if token not in token_ids:
                    token_ids[token] = word_index.get(stem(token)[0], -1)
        n_title = len(title_raw)
        ids_all = np.fromiter(map(token_ids.__getitem__, chain.from_iterable(rows)), np.intp,
                              n_title + int(a.lengths.sum()))
        title_ids = ids_all[:n_title]

        size = len(word_index)
        a.word_keys = list(word_index)
        m = n + offset  # number of lines

        tok_type = ids_all[n_title:]
        tok_sent = np.repeat(np.arange(n), a.lengths.astype(np.intp))
        title_type = title_ids
        in_lines = a.candidates[tok_sent]
        line = np.concatenate([np.zeros(len(title_type), np.intp), tok_sent[in_lines] + offset])
        typ = np.concatenate([title_type, tok_type[in_lines]])

        quote = np.zeros(m)
        quote[offset:] = [quote_share(t) for t in texts]
        total = max(len(typ), 1)
        stop = np.array(word_stop, float)
        digit = np.fromiter(map(str.isdigit, a.word_keys), bool, size).astype(float)
        nchar = np.minimum(np.fromiter(map(len, a.word_keys), float, size), 12.0) / 12
        wf = occurrence_features(line, typ, size, m, quote, total)
        wf.update(stop=stop, digit=digit, nchar=nchar, stopXlogc=stop * wf["logc"])
        # (Only a stop word has a lexicon value.)
        lexicon = np.fromiter(map(self._lexicon.get, a.word_keys, repeat(0.0)), float, size)
        wf["lexp"] = np.where(np.array(word_stop, bool), lexicon, 0.0)
        names = self._weights["word_features"]
        a.word_x = np.column_stack([wf[k] for k in names] + [np.ones(size)])

        # Word pairs: two adjacent words of one line. Their ids are the sorted
        # unique keys first * size + second of the pairs found in the lines.
        def adjacent(types: np.ndarray, groups: np.ndarray):
            same = (groups[:-1] == groups[1:]) & (types[:-1] >= 0) & (types[1:] >= 0)
            return types[:-1][same] * size + types[1:][same], groups[:-1][same]

        line_keys, pair_line = adjacent(typ, line)
        keys, pair_typ = np.unique(line_keys, return_inverse=True)
        a.pair_parts = np.column_stack(np.divmod(keys, max(size, 1))).astype(np.intp).reshape(-1, 2)
        pf = occurrence_features(pair_line, pair_typ.ravel(), len(keys), m, quote, total, self._weights["pair_features"])
        pf.update(nstop=stop[a.pair_parts].sum(1), digit=digit[a.pair_parts].max(1) if len(keys) else np.zeros(0))
        a.pair_x_partial = pf

        # Sentence x word and sentence x pair counts, as flat (sentence, type, count) arrays.
        known = tok_type >= 0
        a.word_sent, a.word_type, a.word_count = flat_counts(tok_sent[known], tok_type[known], size)
        sent_keys, sent_of_pair = adjacent(tok_type, tok_sent)
        where = np.searchsorted(keys, sent_keys)
        found = where < len(keys)
        found[found] = keys[where[found]] == sent_keys[found]
        a.pair_sent, a.pair_type, a.pair_count = flat_counts(sent_of_pair[found], where[found], len(keys))

        words = np.maximum(a.lengths, 1.0)
        ratio = words / _median(words[a.candidates])
        a.factor = np.minimum(ratio, 1.0 / ratio) ** LENGTH_EXPONENT
        return a

    @staticmethod
    def pair_keys(a: Analysis) -> list[tuple[str, str]]:
        """The word pairs of an analysis, as (first stem, second stem), in the order of their ids."""
        return [(a.word_keys[i], a.word_keys[j]) for i, j in a.pair_parts]

    def probabilities(self, a: Analysis) -> tuple[np.ndarray, np.ndarray]:
        """P(a summary uses a word at least k times), k = 1..K, and P(it uses a word pair)."""
        w = self._weights
        word_p = np.column_stack([_sigmoid(a.word_x @ wk) for wk in w["word"]]) if len(a.word_x) else np.zeros((0, len(w["word"])))
        p1 = word_p[:, 0]
        pf = dict(a.pair_x_partial)
        parts = p1[a.pair_parts] if len(a.pair_parts) else np.zeros((0, 2))
        pf.update(pmin=parts.min(1) if len(parts) else np.zeros(0), pmax=parts.max(1) if len(parts) else np.zeros(0))
        x = np.column_stack([pf[k] for k in w["pair_features"]] + [np.ones(len(parts))]) if len(parts) else np.zeros((0, len(w["pair_features"]) + 1))
        pair_p = _sigmoid(x @ w["pair"])[:, None] if len(parts) else np.zeros((0, 1))
        return word_p, pair_p

    def order(
        self, a: Analysis, word_p: np.ndarray, pair_p: np.ndarray, deferred: Sequence[bool] | None = None,
        leaning: Sequence[bool] | None = None,
    ) -> tuple[list[int], list[float]]:
        """The greedy choice of coverage.greedy_order, and each sentence's rating."""
        return greedy_order(a, word_p, pair_p, deferred, leaning)


def _median(values: np.ndarray) -> float:
    """np.median's value of a non-empty array (the middle one, or the mean of the two), without its cost on
    a short array."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))
