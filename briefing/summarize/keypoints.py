"""Key points: short, distinct facts of an article that stand alone, none a copy of a summary sentence.

A key point is read out of its place, so it must be a whole statement: no
question, no exclamation, no ellipsis, no pronoun with nothing to refer to, no quotation
without its speaker, no heading, no subordinate clause alone, no page
furniture. A long sentence is a point only cut at a clause boundary where
what is kept stands alone (clauses.py), or whole when the list is short.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Sequence

from .. import textrules
from ..datelines import inside_of, strip_dateline
from ..facts import Told, same_fact
from ..languages import word_count
from .clauses import QUOTE_MARKS, brackets_balanced, finish, has_finite_verb, longest_whole_clause
from .defects import is_page_furniture
from .toolkit import Toolkit

# Key points are glanceable: a clause, not a paragraph.
MAX_KEY_POINT_WORDS = 25
MIN_KEY_POINTS = 3
# A key point stands alone: a whole statement of at least this many words.
MIN_KEY_POINT_WORDS = 6
# An untrimmed sentence may be a key point when too few sentences fit
# MAX_KEY_POINT_WORDS, whole or trimmed: one of up to FILL_KEY_POINT_WORDS to
# fill the list, one of up to LONG_KEY_POINT_WORDS only to reach
# MIN_KEY_POINTS. A whole fact a little long is better than a fact cut short.
FILL_KEY_POINT_WORDS = 30
LONG_KEY_POINT_WORDS = 40
# Two texts sharing more than this share of their content stems say the same thing.
SAME_FACT_OVERLAP = 0.6

# Trailing attributions after a comma, in English: ", he said." / ", according
# to the ministry." / ", said deputy mayor Ines Corvo." Dropped only from a
# sentence that quotes nobody: a quotation keeps its speaker. Not ", said they would ...":
# what follows a verb of saying is a clause there, not a speaker.
_ATTRIBUTION = re.compile(
    r"(?:,[\"”’']?|[\"”’'],)\s+"
    r"(?:(?:he|she|they|it|officials?|police)\s+(?:said|says|added|told\s[^,.]{1,40})"
    r"|(?:said|says|added|according\sto)\s(?!(?:he|she|they|it|we|i|you|that|there)\b)(?:[^\s,.]+\s?){1,6})\s*[.!]?\s*$",
    re.IGNORECASE,
)
_ENGLISH = textrules.rules_for("english")


def _without_attribution(text: str, rules: textrules.Rules = _ENGLISH) -> str:
    """`text` without its trailing attribution (_ATTRIBUTION; in another language, see
    _without_attribution_in). What follows the attribution's comma holds no comma, so it starts at the last
    one (or at the quotation mark before it): only that end is searched, not the text after every comma."""
    last = text.rfind(",")
    if last < 0:
        return text
    if rules is not _ENGLISH:
        return _without_attribution_in(text, last, rules)
    start = max(last - 1, 0)
    return text[:start] + _ATTRIBUTION.sub("", text[start:])


# A speaker named after the verb: a few words ("el ministro de Sanidad", "Marie Dupont").
_MAX_SPEAKER_WORDS = 6


def _without_attribution_in(text: str, last: int, rules: textrules.Rules) -> str:
    """`text` without its trailing ", dijo el ministro." / ", a-t-il ajouté." / ", sagte ein Sprecher.": the
    words after its last comma are one of the language's verbs of saying (`attribution`), alone or with
    who said it (a subject pronoun, a noun phrase opened by an article, or a name), and nothing else."""
    if rules.attribution is None:
        return text
    tail = text[last + 1:].strip().rstrip(".!").strip()
    found = rules.attribution.match(tail)
    if not found or any(mark in tail for mark in ",;:?\"«»“”"):
        return text
    speaker = tail[found.end():].split()
    if not speaker:
        return text[:last] if found.group(0).lower() not in rules.attribution_objects else text
    first = speaker[0].strip("-").lower()
    # (A verb that has its subject already, inverted: "a-t-il" before "dit" or "ajouté".)
    inverted = found.group(0).rsplit("-", 1)[-1].lower() in rules.pronoun_words and len(speaker) == 1
    named = inverted or first in rules.pronoun_words or first in rules.articles or speaker[0][:1].isupper()
    if not named or len(speaker) > _MAX_SPEAKER_WORDS or (
            rules.relative and any(rules.relative.fullmatch(word) for word in speaker)):
        return text  # ", dijo que ...": what follows a verb of saying is a clause there, not a speaker
    return text[:last]


def _words(text: str) -> int:
    return word_count(text)


def trim_to_point(
    sentence: str, max_words: int = MAX_KEY_POINT_WORDS, rules: textrules.Rules = _ENGLISH
) -> str | None:
    """A sentence as a short statement that stands alone, or None if it cannot be one.

    The sentence must already read as a whole statement (see
    `point_problems`); an opening conjunction or linking adverb is dropped,
    and a sentence longer than `max_words` is cut at a clause boundary
    only where the part kept is a whole clause: never mid-phrase, never
    inside a quotation, never leaving a quotation without its speaker.
    """
    text = _as_point(sentence, rules)
    if not any(mark in text for mark in QUOTE_MARKS):
        # A report may lose its source, a quotation keeps its speaker, and what is left must be a
        # clause: "Some, such as Ms Aro, said they would rather ..." is no report with a source.
        stripped = _without_attribution(text, rules).strip()
        if stripped != text and has_finite_verb(stripped, rules):
            text = stripped
    if _words(text) <= max_words:
        return finish(text)
    head = longest_whole_clause(text, rules, MIN_KEY_POINT_WORDS, max_words)
    return finish(head) if head else None


def _as_point(sentence: str, rules: textrules.Rules) -> str:
    """The sentence as a point reads it: without an opening conjunction or linking adverb, and a quotation opened
    by a dash in the language's quotation marks, which a point's own dash would leave dangling ("– Vi sänker
    räntan, säger chefen." -> "”Vi sänker räntan”, säger chefen.")."""
    text = " ".join(sentence.split())
    marked = textrules.with_speech_marked(text, rules)
    # (A quotation's own words are as they were said: "– Ale to nie wystarczy – powiedział ..." keeps its "Ale".)
    return marked if marked != text else textrules.strip_opening_connective(text, rules)


def point_problems(text: str, rules: textrules.Rules) -> set[str]:
    """Why `text` is not a key point a reader can take on its own (empty when it is)."""
    return set(_problems(text, rules))


@functools.lru_cache(maxsize=4096)
def stands_alone(text: str, rules: textrules.Rules) -> bool:
    """Whether `text` is a key point a reader can take on its own (see `point_problems`).

    Kept for the sentences seen last: an article's sentences are offered as
    points more than once (its candidates for a story, then its own points).
    """
    return next(_problems(text, rules), None) is None


def _problems(text: str, rules: textrules.Rules) -> Iterator[str]:
    """The problems of a point, the cheap tests first (see `point_problems`)."""
    stripped = text.rstrip(" " + textrules.CLOSING_MARKS)
    if _words(text) < MIN_KEY_POINT_WORDS:
        yield "short"
    if stripped.endswith(("…", "...")):
        yield "ellipsis"
    if "?" in text[-3:] or stripped.endswith(("?", "？", "؟")) or textrules.asks_in_greek(stripped):
        yield "question"
    if stripped.endswith(("!", "！")):
        yield "exclamation"  # a teaser, a call to act or a cry ("¡Disfruta de tus papas fritas!"): no fact
    first = next((c for c in text if c.isalnum()), "")
    if not first or first.islower() or first.isdigit() and _words(text) < 8:
        yield "fragment"
    if rules.subordinate_opener and rules.subordinate_opener.match(text) and "," not in text:
        yield "fragment"  # "Ob wir angekommen sind.": a subordinate clause without its main clause
    if textrules.opens_with_pronoun(text, rules) or textrules.pronoun_after_opening(text, rules):
        yield "pronoun"
    if textrules.ends_on_a_demonstrative(text, rules) or _thing_after_named_phrase(text, rules):
        yield "pronoun"  # "... would agree to that.", "In Nepal, it is often used as ..."
    if not textrules.ends_as_sentence(text) or _title_case_heading(text):
        yield "heading"
    if not textrules.quotes_balanced(text, rules) or not brackets_balanced(text):
        yield "quotes"
    if textrules.has_quotation(text, rules=rules) and not textrules.is_attributed(text, rules):
        yield "unattributed"
    if is_page_furniture(text, rules):
        yield "furniture"
    if _in_brackets(text.rstrip()):
        yield "aside"  # "(Yes, baby ducks warrant two stories.)", "(X and CNN are owned by Y.)": beside the news


def _in_brackets(text: str) -> bool:
    """Whether the whole text is one bracket's: an aside or a note, opened by its first character and closed
    by its last (after a full stop inside or outside it)."""
    body = text.rstrip(".")
    if not (body.startswith("(") and body.endswith(")")):
        return False
    depth = 0
    for position, char in enumerate(body):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return position == len(body) - 1
    return False


def _title_case_heading(text: str) -> bool:
    """A heading in Title Case ("Meta Outage Causes Login Problems.")."""
    # A piece of letters alone is a word: one of four letters or more in lower case settles it
    # ("said", "with"), without finding the words.
    if any(len(piece) > 3 and piece[0].islower() and piece.isalpha() for piece in text.split()):
        return False
    words = [w for w in textrules.words_of(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not any(
        w[:1].islower() for w in words
    )


@functools.lru_cache(maxsize=4096)
def make_point(sentence: str, rules: textrules.Rules = _ENGLISH, max_words: int = MAX_KEY_POINT_WORDS) -> str | None:
    """The key point a sentence gives, or None: see `trim_to_point` and `point_problems`.

    Kept for the sentences seen last: an article's best sentences are made
    points for its own key points, then again as its story candidates.
    """
    text = " ".join(sentence.split())
    if not stands_alone(text, rules):
        return None  # trimming never makes a sentence whole: it must start whole
    point = trim_to_point(text, max_words, rules)
    if point is None or not stands_alone(point, rules):
        return None
    return point


def _thing_after_named_phrase(text: str, rules: textrules.Rules) -> bool:
    """Whether an "it" or a "this" after an opening phrase stands for a thing said before, though the
    phrase names someone or something ("In Nepal, it is often used ...", "Using technology from Lucent,
    it will ..."): unless the phrase has a verb of its own ("After Microsoft bought the firm, it ...")
    or the clause is "it is <adjective> to ..." ("In Germany, it is illegal to ...")."""
    if not rules.impersonal_pronouns:
        return False
    head, comma, rest = text.partition(",")
    following = rest.split(maxsplit=1)
    return bool(comma and following and following[0].lower() in rules.impersonal_pronouns
                and textrules.opening_phrase(head, rules) and not has_finite_verb(head, rules)
                and not textrules.is_expletive(rest, rules))


def _same_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) > SAME_FACT_OVERLAP


def key_points(
    sentences: Sequence[str],
    ranked: Sequence[int],
    summary: set[int],
    language: Toolkit,
    limit: int,
    rules: textrules.Rules = _ENGLISH,
    opening: int = 0,
) -> tuple[str, ...]:
    """Up to `limit` short, distinct facts, best first, none a copy of a summary sentence.

    Each point is a whole statement that stands alone (see `make_point`):
    points come first from the best sentences outside the summary that fit
    MAX_KEY_POINT_WORDS, whole or trimmed at a clause boundary; then whole
    sentences of up to FILL_KEY_POINT_WORDS fill the list, and of up to
    LONG_KEY_POINT_WORDS when fewer than MIN_KEY_POINTS. A short article
    whose sentences are all in the summary has fewer points, or none: a
    summary sentence cut short would only say its fact again. `ranked` holds
    only sentences of the article's own text (no page furniture). The wire
    dateline ("ANKARA, Turkey (AP) - ") of its first sentence (`opening`, after
    a byline: "di Salvo Palazzolo" + "PALERMO - ...") is no part of a point,
    nor one inside it as strip_dateline reads one there (a roundup's "TOKYO - ").
    """
    inside = inside_of(sentences)
    sentences = [strip_dateline(text, language.language, inside=index != opening and inside)
                 for index, text in enumerate(sentences)]
    summary_texts = {" ".join(sentences[i].split()) for i in summary}
    told: list[Told] = []  # the summary's sentences and the points taken
    points: list[str] = []
    used: set[int] = set()

    def offer(index: int, point: str | None) -> None:
        if point is None or " ".join(point.split()) in summary_texts:
            return
        fact = Told.of(language.stems_of(language.tokenizer.to_words(point)))
        if any(_same_fact(fact.stems, other.stems) or same_fact(fact, other) for other in told):
            return
        points.append(point)
        told.append(fact)
        used.add(index)

    # A point repeating a summary sentence's fact adds nothing: summary facts
    # count as taken from the start.
    told.extend(Told.of(language.stems_of(language.tokenizer.to_words(sentences[i]))) for i in summary)
    for index in ranked:
        if len(points) >= limit:
            break
        if index not in summary:
            offer(index, make_point(sentences[index], rules))
    wanted = min(MIN_KEY_POINTS, limit)
    for target, longest in ((limit, FILL_KEY_POINT_WORDS), (wanted, LONG_KEY_POINT_WORDS)):
        for index in ranked:
            if len(points) >= target:
                break
            if index not in summary and index not in used:
                text = finish(_as_point(sentences[index], rules))
                if _words(text) <= longest and stands_alone(text, rules):
                    offer(index, text)
    return tuple(points)
