"""Summarise one article: the best sentences in article order, its key points, and its terms."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Sequence

from ..config import SummarySettings
from ..errors import SeedError
from ..languages import word_count
from ..models import Article, ScoredSentence, Summary
from ..textrules import rules_for
from .candidates import candidates_of
from .defects import CUT_DEFECTS, DEFERRED_DEFECTS, LEANING_DEFECTS, defects_of, is_furniture, with_quotation_marks
from .detect import detected_language
from .keypoints import key_points
from .sumy_bridge import build_document, rankings
from .tokenize import foreign_tokenizer
from .toolkit import Toolkit, toolkit

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
# How many of an article's content stems are kept to compare it with others:
# 100 groups reports of one event better than 40 (benchmarks/README.md).
TERMS_KEPT = 100


@dataclass(frozen=True)
class Length:
    """How long a summary should be: a sentence count, a share of the article, or a word budget."""

    sentences: int = 3
    ratio: float | None = None
    words: int | None = None

    @classmethod
    def of(cls, settings: SummarySettings) -> "Length":
        return cls(sentences=settings.sentences, ratio=settings.ratio, words=settings.words)


def summarize_article(
    article: Article, settings: SummarySettings, max_sentences: int = 500, algorithm: str | None = None,
    *, for_stories: bool = True,
) -> Summary:
    """Summarise one article: the best sentences in article order, and its key points; unless not
    `for_stories`, also what grouping and stories read of it (its terms, names, headline stems, candidates)."""
    algorithm = algorithm or settings.algorithm
    known = article.lang or detected_language(article.text)
    language = known or settings.language
    kit = toolkit(language)
    max_sentences = min(max_sentences, ALGORITHM_MAX_SENTENCES.get(algorithm, max_sentences))
    # A text in a language briefing does not support is split by the default's model, minding that it
    # does not know the text's abbreviations.
    document = build_document(article, kit, max_sentences, MAX_SENTENCE_CHARS,
                              None if known else foreign_tokenizer(language))
    sentences = [str(s) for s in document.sentences]
    if not sentences:
        raise SeedError("no sentences found")
    word_counts = [word_count(s) for s in sentences]  # (a Chinese sentence is no one word)
    eligible = [
        i for i, n in enumerate(word_counts) if n <= MAX_SENTENCE_WORDS and len(sentences[i]) <= MAX_SENTENCE_CHARS
    ]
    if not eligible:
        raise SeedError(f"no sentence of at most {MAX_SENTENCE_WORDS} words: not prose, or no punctuation")

    eligible_set = set(eligible)
    # Sentences that can never be chosen (run-ons, junk) are not looked at: a
    # "word" of a million brackets would cost the pattern searches seconds.
    read = [i in eligible_set for i in range(len(sentences))]
    rules = rules_for(language)
    furniture = [not read[i] or is_furniture(s, rules, article.title) for i, s in enumerate(sentences)]
    defects = defects_of(sentences, rules, read)
    # Where the article's own text opens, after its byline ("Por Redacción" + "Buenos Aires, 12 dic (EFE).- ..."):
    # the sentence its dateline is in.
    opening = furniture.index(False) if False in furniture else 0
    # Whatever the algorithm, a reader gets whole sentences of the article
    # first, and page furniture only if the page has nothing else.
    deferred = [furniture[i] or bool(defects[i] & DEFERRED_DEFECTS) for i in range(len(sentences))]
    # A sentence opening with a pronoun is worth less to NewsRank while the one before it is not chosen.
    leaning = [bool(d & LEANING_DEFECTS) for d in defects]
    # (A file summarised alone offers no story its sentences: with a lexicon, that order is a greedy run more.)
    order, ratings, undeferred = rankings(algorithm, language, document, deferred, leaning, offered=for_stories)
    ranked = [i for i in order if i in eligible_set and not furniture[i]] or [i for i in order if i in eligible_set]
    chosen = choose_sentences(ranked, word_counts, Length.of(settings))
    rank_of = {index: rank for rank, index in enumerate(ranked, start=1)}
    # A sentence cut from a quotation that runs over several is shown with the marks it lacks.
    shown = [with_quotation_marks(sentences, i, defects, rules) for i in range(len(sentences))]
    summary = tuple(
        ScoredSentence(text=shown[i], score=round(ratings[i], 6), rank=rank_of[i], position=i)
        for i in sorted(chosen)
    )
    # Key points are read one by one: each the best sentence on its own (its
    # rating), not the next best addition to a summary (the ranking's order);
    # none from page furniture or a sentence cut in the wrong place.
    cut = [bool(d & CUT_DEFECTS) for d in defects]
    whole = [i for i in ranked if not furniture[i] and not cut[i]]
    by_rating = sorted(whole, key=lambda i: (-ratings[i], i))
    if not for_stories:  # (a file summarised alone: `briefing summarize` spends 8% of its time less)
        return Summary(article=article, sentences=summary, algorithm=algorithm, language=language,
                       language_known=known is not None,
                       key_points=key_points(sentences, by_rating, set(chosen), kit, settings.key_points, rules,
                                              opening))
    # (sumy's Sentence.words, without its property) all at once, and before the key points read some of them:
    # the article's new pieces are tokenized together.
    words = kit.tokenizer.words_of_all(sentences)
    points = key_points(sentences, by_rating, set(chosen), kit, settings.key_points, rules, opening)
    # Each sentence's content stems, for the article's terms and its story candidates.
    stems = [[stem for stem in kit.stems_of(sentence) if len(stem) > 1] for sentence in words]
    title_stems = _title_stems(article.title, kit)
    terms, names = article_terms(words, stems, kit, title_stems)
    return Summary(
        article=article, sentences=summary, key_points=points, algorithm=algorithm, language=language,
        language_known=known is not None, terms=terms, names=names, title_stems=title_stems,
        candidates=candidates_of(shown, _offered(undeferred, ranked, deferred), kit, stems, cut, opening),
    )


def _offered(undeferred: Sequence[int], ranked: Sequence[int], deferred: Sequence[bool]) -> list[int]:
    """The sentences offered to the story's summary, best first: those of `ranked`, in the order of the
    choice that defers nothing, the deferred ones last.

    Deferring inside the greedy choice suits one article's summary of a few
    sentences; but then what is chosen after a passed-over sentence repeats
    its words, and a report's dozen best sentences say less between them (on
    the DUC dev clusters, story ROUGE-1 fell by 0.7 to 1.5 whatever the
    number of candidates: benchmarks/README.md).
    """
    kept = set(ranked)
    usable = [i for i in undeferred if i in kept]
    return [i for i in usable if not deferred[i]] + [i for i in usable if deferred[i]]


def article_terms(
    words: Sequence[Sequence[str]], stems: Sequence[Sequence[str]], kit: Toolkit, title_stems: Sequence[str] = ()
) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """The article's TERMS_KEPT most frequent content stems with their counts, most frequent first;
    and which of them it writes as names (capitalised inside a sentence). `stems` are each
    sentence's content stems of more than one letter.

    A script without capitals (Chinese, Arabic, Hindi, ...) shows no names: there the terms of its
    headline stand for them, as reports of one event name its people and places in their headlines
    (story grouping asks two reports for names in common)."""
    counts = Counter(chain.from_iterable(stems))
    named = set(kit.stems_of([word for sentence in words for word in sentence[1:] if word[:1].isupper()]))
    if len(named) < 2 and _uncased(words):  # (an article in a cased script names two things or more)
        named = set(title_stems)
    # Most frequent first, equals in the stems' order: sorted by stem, then (stably) by count.
    ranked = tuple(sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)[:TERMS_KEPT])
    return ranked, tuple(sorted(stem for stem, _ in ranked if stem in named and stem not in kit.calendar_stems))


def _uncased(words: Sequence[Sequence[str]]) -> bool:
    """Whether most of the words are of a script without capitals."""
    firsts = [word[0] for sentence in words for word in sentence]
    return sum(first.isupper() or first.islower() for first in firsts) * 2 < len(firsts)


def _title_stems(title: str, kit: Toolkit) -> tuple[str, ...]:
    return tuple(dict.fromkeys(stem for stem in kit.stems_of(kit.tokenizer.to_words(title)) if len(stem) > 1))


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
