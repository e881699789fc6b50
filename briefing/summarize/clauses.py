"""Where a long sentence may be cut so that the part kept is a whole clause.

A key point is short; a long sentence becomes one only by losing its end at
a clause boundary (";", a spaced dash, a colon, or ", but" / ", which" /
", weil" ... by the language's word lists), and only where what is kept
stands alone: not a subject without its verb, not half a "not only ...,
but", not a list cut at its ", and" (of nouns or of what one subject does),
not ending on "the", "he added" or a phrase whose word the rest completes
("named | after ...", "for those times | when ...", German "eine
beachtliche | , aber ...").
Where no such place exists, the sentence gives no short point; it is never
cut mid-phrase or ended with "…".
"""

from __future__ import annotations

import functools
import re

from .. import textrules

# Quote marks of the supported languages, straight and curly, double and single.
QUOTE_MARKS = "\"“”„«»‘’‹›'"
# A colon cut keeps at least this many words: "Frage 1:", "Das Besondere:" are labels.
MIN_COLON_HEAD_WORDS = 8


def brackets_balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def finish(text: str) -> str:
    """A clause as a sentence: no trailing comma or dash, a full stop if it has no end, a capital first. A
    Greek question's ";" is its question mark, kept: stripped, the question read as a statement; its
    semicolon is "·"."""
    if not textrules.asks_in_greek(text):
        text = text.rstrip(" ,;:–—-·\u0387")
    if text and not textrules.ends_as_sentence(text):
        text += "."
    return text[:1].upper() + text[1:]


def longest_whole_clause(text: str, rules: textrules.Rules, min_words: int, max_words: int) -> str | None:
    """The longest head of `text` of `min_words`..`max_words` words that ends a whole clause, or None."""
    heads = [
        head.strip() for head, kind, rest, bare in _cut_points(text, rules)
        if _head_stands_alone(head.strip(), kind, rest, rules, min_words, max_words)
        and not (bare and _bare_cut_mid_phrase(head.strip(), rest, rules))
    ]
    return max(heads, key=lambda head: len(head.split())) if heads else None


_MARK_BREAK = re.compile(r"\s*;\s|\s[–—]\s|:\s")
# A spaced dash that opens or closes an aside; the closing one may take the comma that follows the aside
# ("... – des compensations sont prévues –, c'est l'avenir qui est en jeu").
_ASIDE_DASH = re.compile(r"\s[–—](?:\s|[,;:.)])")


@functools.lru_cache(maxsize=None)
def _word_breaks(rules: textrules.Rules) -> tuple[tuple[re.Pattern, str, bool, frozenset[str]], ...]:
    """(pattern, kind, after a comma, its words) for each clause-break word of a language, compiled once.

    The pattern finds the break's words whole (spaces before and after them), so a text that lacks one
    of them, in any case, is not searched for it.
    """
    breaks = []
    for word in rules.clause_breaks:
        pattern = re.compile(r",\s+" + r"\s+".join(re.escape(w) for w in word.split()) + r"(?![\w'’-])", re.IGNORECASE)
        kind = "coordinator" if word in rules.coordinators else "subordinate"
        breaks.append((pattern, kind, True, frozenset(textrules.words_in_any_case(word))))
    for word in rules.bare_breaks:
        pattern = re.compile(r"(?<=[\w)])\s+" + re.escape(word) + r"\s+(?=\w)")
        kind = "coordinator" if word in rules.coordinators else "subordinate"
        breaks.append((pattern, kind, False, frozenset(textrules.words_in_any_case(word))))
    return tuple(breaks)


def _cut_points(text: str, rules: textrules.Rules):
    """(head, kind, rest, bare) for every place a long sentence may be cut, keeping the head.

    kind is "strong" for ;, "dash" for a spaced dash, "colon", "coordinator" for a
    comma before a word joining two main clauses, or "subordinate" for a
    comma before a relative pronoun or subordinating conjunction; bare is
    True for a cut before such a word without a comma.
    """
    for match in _MARK_BREAK.finditer(text):
        kind = {":": "colon", ";": "strong"}.get(match.group().strip(), "dash")
        yield text[: match.start()], kind, text[match.end():], False
    words = textrules.word_set_in_any_case(text)
    for pattern, kind, after_comma, needs in _word_breaks(rules):
        if words is not None and not needs <= words:
            continue  # (about one in ten of the breaks' words is in a sentence)
        for match in pattern.finditer(text):
            rest = text[match.start() + 1:] if after_comma else text[match.start():].lstrip()
            yield text[: match.start()], kind, rest, not after_comma


def _head_stands_alone(
    head: str, kind: str, rest: str, rules: textrules.Rules, min_words: int, max_words: int
) -> bool:
    words = head.split()
    if not min_words <= len(words) <= max_words:
        return False
    if kind == "colon" and len(words) < MIN_COLON_HEAD_WORDS:
        return False  # "Frage 1:", "Das Besondere:": a label, not a statement
    if kind == "subordinate" and "," in rest:
        return False  # the clause ends before the sentence does: the head is its subject
    if kind == "dash" and (_ASIDE_DASH.search(rest) or _ASIDE_DASH.search(head)):
        return False  # "X – a Y – did Z": the dashes enclose an aside, and a cut at one leaves it open
    if kind == "coordinator" and "," in head and (
        len(head.rsplit(",", 1)[-1].split()) <= 3 or _verb_phrase_list(head.split(","), rules)
    ):
        # "the scandals, backroom deals, and ...", "reaches for his mace, turns to the bandit, and
        # bats ...": a list of things or of what one subject does, not two clauses
        return False
    if kind in ("colon", "strong") and rest.lstrip()[:1] in QUOTE_MARKS:
        return False  # the quotation after "he added:" is what the head announces
    if kind == "colon" and rules.attribution and rules.attribution.search(" ".join(words[-3:])):
        return False  # "we have always said: ...": what was said is the point, quoted or not
    if kind == "colon" and _verb_only_after_a_relative(words, rules):
        return False  # "The warm reception that has greeted Star Wars: Battlefront is ...": no verb of its own
    if kind == "colon" and _bare(words[-1]).lower() in rules.verb_particles:
        return False  # "Der Sprecher wies darauf hin: ...": the verb's particle closes it, what it says follows
    if kind == "subordinate" and _completes_a_verb_of_saying(head, rest, rules):
        return False  # "garantiu ao comandante, general Rose, | que as armas ...": what was said is cut off
    if rules.correlative and rules.correlative.search(head):
        return False  # "zwar ..., aber ...", "not only ..., but ...": the head needs its second half
    if kind == "coordinator" and _leaves_not_without_but(head, rest, rules):
        return False  # "The plan is not to build a road, but ...": cut there, the point says the opposite
    if kind == "coordinator" and _opens_an_aside(rest, rules):
        return False  # "Hamas tried, but failed, to carry out ...": cut there, the point says it did
    if kind == "coordinator" and _subjects_before_their_verb(head, rest, rules):
        return False  # "Officials said the bridge, and the roads to it, would stay closed": "Officials said the bridge."
    if not textrules.quotes_balanced(head, rules) or not brackets_balanced(head):
        return False
    if rules.subordinator and rules.subordinator.match(head):
        return False
    if _bare(words[-1]).lower() in rules.dangling:
        return False
    if kind == "coordinator" and rules.adjective_endings and _noun_cut_off(head.rsplit(",", 1)[-1].split(), rules):
        return False  # "konnte der Verein eine beachtliche": the noun is after the cut
    if not has_finite_verb(head, rules):
        return False  # "Some, such as Ms Aro", "The plan to fill the quarry, located on ...": no clause
    if _inside_open_relative(head, rules):
        return False  # "Murray, who talked in measured tones": the relative clause has it, its noun has none
    if rules.attribution and rules.attribution.search(" ".join(words[-3:])) and not textrules.has_quotation(head):
        return False  # "Speaking through an interpreter he added": the words it announces are cut off
    # An unfinished subordinate clause at the end: "... noted that though prices fell".
    segment = head.rsplit(",", 1)[-1]
    if rules.subordinator_anywhere and rules.relative:
        for match in rules.subordinator_anywhere.finditer(segment):
            before = segment[: match.start()].split()
            if not before or rules.relative.match(before[-1]):
                return False
    return True


# Where an aside or a relative clause may open: a comma, or a spaced dash of any kind.
_ASIDE_OPENING = re.compile(r",\s+|\s[-–—]\s+")


def _inside_open_relative(head: str, rules: textrules.Rules) -> bool:
    """Whether the head ends inside a relative clause (", who ...", " - which ...") opened after words
    with no verb of their own: "In his defence, Carpenter - who usually wears a kilt"."""
    if not rules.relative or not rules.verb_endings:
        return False
    openings = list(_ASIDE_OPENING.finditer(head))
    if not openings:
        return False
    last = openings[-1]
    return bool(rules.relative.match(head[last.end():])) and not has_finite_verb(head[: last.start()], rules)


def _verb_only_after_a_relative(words: list[str], rules: textrules.Rules) -> bool:
    """Whether a head that opens with a noun phrase ("The reception", "A man") has its first verb only after
    a relative pronoun ("that has greeted ..."): the verb may be the relative clause's, and the main verb
    after the colon (a title with a colon in it, "Star Wars: Battlefront")."""
    if not rules.relative or len(words) < 3 or _bare(words[0]).lower() not in rules.articles:
        return False
    for k in range(1, len(words)):
        if rules.relative.match(words[k]):
            return not has_finite_verb(" ".join(words[:k]), rules)
    return False


def _bare(word: str) -> str:
    """A word without the punctuation around it."""
    return re.sub(r"[^\w'’-]+$", "", re.sub(r"^[^\w'’-]+", "", word))


def _second_half_of_not_but(after: list[str], rules: textrules.Rules) -> bool:
    """Whether what follows a "but" (`after`: the rest of the sentence, if any) may be the second half of
    "not X but Y": anything but a clause that opens with its subject pronoun ("but he ...", "but they
    ..."). ("but the police closed ..." is a clause too, but reads as "but a way to pay ...": not told
    apart, it is not cut.)"""
    words = after[0].split() if after else []
    subjects = rules.pronoun_words - rules.articles - rules.dangling - rules.object_pronouns  # "they", not "them"
    return not (words and _bare(words[0]).lower() in subjects)


def _bare_cut_mid_phrase(head: str, rest: str, rules: textrules.Rules) -> bool:
    """Whether a cut without a comma ("... in April | when ...") leaves a phrase the rest completes:
    after a participle ("... first built | while ..."), after a phrase that is no clause of its own
    ("..., for those times | while ..."), whose word the clause cut off tells about, "not X"
    before its "but Y", or before "after" that does not follow a date ("just a day | after ...")."""
    word = rest.split(maxsplit=1)[0].lower() if rest.split() else ""
    last = _bare(head.split()[-1])
    if word in rules.bare_after_dates and not textrules.ends_on_a_date(head, rules):
        return True
    if _leaves_not_without_but(head, rest, rules, bare=True):
        return True
    low = last.lower()
    if low in rules.participles or (
        last.isalpha() and last.islower() and any(low.endswith(e) and len(low) > len(e) + 2 for e in rules.participle_endings)
    ):
        return True
    return "," in head and not has_finite_verb(head.rsplit(",", 1)[-1], rules)


def _completes_a_verb_of_saying(head: str, rest: str, rules: textrules.Rules) -> bool:
    """Whether the "que" (`complementizers`) the cut comes before is the one of a verb of saying in the head,
    with none of its own after the verb: "O comandante garantiu ao general Rose, | que as armas serão
    devolvidas" is no relative clause, it is what he promised. (A preposition of attribution, "según",
    "segundo", takes no "que"; nor does a verb in a relative clause: "o que escreve Garaudy é ...".)"""
    words = rest.split(maxsplit=1)
    if not words or words[0].lower() not in rules.complementizers or rules.attribution is None:
        return False
    verbs = [found for found in rules.attribution.finditer(head)
             if not (rules.subordinator and rules.subordinator.match(found.group()))
             and not _bare((head[:found.start()].split() or [""])[-1]).lower() in rules.complementizers]
    if not verbs:
        return False
    after = head[verbs[-1].end():].split()
    return not any(_bare(word).lower() in rules.complementizers for word in after)


def _opens_an_aside(rest: str, rules: textrules.Rules) -> bool:
    """Whether the coordinator `rest` opens with begins an aside closed by a comma that opens with its verb,
    a word or two, no subject of its own ("but failed, to carry out ..."): the words after it finish the
    head's clause, which is not whole without them. ("but police said, ...", "and in Knowsley, 3.4 per cent
    ...", "and indeed, ...", "but as expected, ..." open a clause.)"""
    joined, _, after = rest.partition(",")
    words = [_bare(word) for word in joined.split()[1:]]
    if not after or not 1 <= len(words) <= 2 or not words[0][:1].islower():
        return False
    # Its verb first, or after an adverb ("but ultimately failed,", "but never expected,").
    adverb = len(words) == 2 and (words[0] in rules.adverb_words or words[0] in rules.negations
                                  or words[0].endswith("ly"))
    verb = words[1] if adverb else words[0]
    return verb not in rules.adverb_words and (
        verb in rules.finite_verbs or verb in rules.participles
        or any(verb.endswith(e) and len(verb) > len(e) + 2 for e in rules.participle_endings))


def _leaves_not_without_but(head: str, rest: str, rules: textrules.Rules, bare: bool = False) -> bool:
    """Whether a cut before a "but" (`rest` opens with one of the language's `contrasts`, or `corrections`)
    leaves "not X" without the "but Y" that corrects it: the head would say the opposite. A bare "but"
    completes it unless a clause opens with its subject pronoun after it ("not a tax | but a way to
    pay"); after a comma "but" mostly opens a clause of its own ("is not available yet, but Siemens
    plans ..."), and completes it where it goes on as the negated words do ("not to build a road, but to
    mend the old one", "não para X, mas para Y"). A correction ("nicht X, sondern Y", "not X, but rather
    Y") always does."""
    words = rest.split(maxsplit=2)
    negated = _after_last_negation(head, rules)
    if not words or negated is None:
        return False
    word = words[0].lower()
    for length in (1, 2):  # "sondern"; "but rather", "mas sim": unless a clause with its own subject follows
        if " ".join(words[:length]).lower() in rules.corrections:
            return _second_half_of_not_but(rest.split(maxsplit=length)[length:], rules)
    if word not in rules.contrasts:
        return False
    if bare:
        return _second_half_of_not_but(rest.split(maxsplit=1)[1:], rules)
    return len(words) > 1 and _bare(words[1]).lower() == negated != ""


def _after_last_negation(head: str, rules: textrules.Rules) -> str | None:
    """The word after the last negation in the head's last part ("" if the negation ends it), or None."""
    tokens = [_bare(token).lower() for token in _SEGMENTS.split(head)[-1].split()]
    for index in range(len(tokens) - 1, -1, -1):
        if any(tokens[index].endswith(negation) if "'" in negation or "’" in negation else tokens[index] == negation
               for negation in rules.negations):
            return tokens[index + 1] if index + 1 < len(tokens) else ""
    return None


_SEGMENTS = re.compile(r"[,;:()\[\]–—]")
_CONTRACTED_VERB = ("'re", "’re", "'ve", "’ve", "'ll", "’ll", "'m", "’m", "n't", "n’t", "'d", "’d")


def has_finite_verb(text: str, rules: textrules.Rules) -> bool:
    """Whether a text holds a word that reads as a finite verb, by the language's verb data.

    A word of `finite_verbs` ("was", "said", "can't"), a contraction ("we're"),
    a word right after a subject pronoun ("they want"), or a word with a verb
    ending ("reported", "says") not first in its part of the text (", located
    on ...") and not after an article or preposition ("those times"). A language
    without verb data has a verb in every text.
    """
    if not rules.verb_endings:
        return True
    function = rules.dangling | rules.articles | rules.adverb_words
    subjects = rules.pronoun_words - rules.articles - rules.dangling  # "they", not "those"
    for segment in _SEGMENTS.split(text):
        previous = None
        for word in segment.split():
            low = _bare(word).lower()
            if low in rules.finite_verbs or low.endswith(_CONTRACTED_VERB):
                return True
            if previous is not None and low.isalpha() and _bare(word).islower() and (
                previous in subjects
                or previous not in function and any(low.endswith(e) and len(low) > len(e) + 2 for e in rules.verb_endings)
            ):
                return True
            previous = low
    return False


def _verb_phrase_list(segments: list[str], rules: textrules.Rules) -> bool:
    """Whether the last two parts of a head between commas are verb phrases, the last with no subject
    of its own ("reaches for his mace, turns to the bandit"): a list of what one subject does, which
    an ", and" after them goes on with. (Not after an aside: "has, in the past, protected it".)"""
    return len(segments) >= 2 and _opens_verb_phrase(segments[-1], rules) and has_finite_verb(segments[-2], rules)


def _opens_verb_phrase(segment: str, rules: textrules.Rules) -> bool:
    """Whether a part of a sentence after its comma opens with a finite verb and no subject
    (", turns to the bandit"): one of what the subject before it does."""
    words = segment.split()
    if not words or not rules.verb_endings:
        return False
    first = _bare(words[0])
    low = first.lower()
    if not (first.isalpha() and first.islower()) or low in rules.dangling | rules.articles | rules.adverb_words:
        return False
    return low in rules.finite_verbs or any(low.endswith(e) and len(low) > len(e) + 2 for e in rules.verb_endings)


def _subjects_before_their_verb(head: str, rest: str, rules: textrules.Rules) -> bool:
    """Whether the head ends in what a verb of saying reports, a subject whose verb is after the cut, and the
    coordinator opening `rest` joins a second subject to it ("Officials said the bridge, and the roads to it,
    would stay closed"; "... its profits in Europe, and in Germany, where ..., fell"): the head is no clause."""
    said = list(rules.attribution.finditer(head)) if rules.attribution else []
    if not said or _explicit_verb(head[said[-1].end():], rules):
        return False  # nothing reported, or what is reported has a verb ("said his grandson had been taught")
    parts = rest.split(",")
    joined = parts[0].split(None, 1)[1:]  # what the coordinator joins
    if len(parts) < 2 or not joined or _opens_verb_phrase(joined[0], rules) or _explicit_verb(joined[0], rules) or (
            rules.subordinator and rules.subordinator.match(joined[0])):
        return False  # ", and fielded the first query", ", and as X found": a clause of its own
    for part in parts[1:]:
        if rules.relative and rules.relative.match(part):
            continue  # ", where demand has slumped,": said of the second subject
        first = _bare(part.split()[0]) if part.split() else ""
        return first.isalpha() and first.islower() and (first in rules.finite_verbs or _opens_verb_phrase(part, rules))
    return False


def _explicit_verb(text: str, rules: textrules.Rules) -> bool:
    """Whether `text`, up to a relative clause in it, holds a word of the language's finite verbs ("had", "would");
    (not by endings, which plural nouns share: "batteries")."""
    for word in text.split():
        if rules.relative and rules.relative.match(word):
            return False
        if _bare(word).lower() in rules.finite_verbs:
            return True
    return False


def _noun_cut_off(words: list[str], rules: textrules.Rules) -> bool:
    """Whether the words end in an article and adjectives without their noun ("... eine beachtliche"),
    where the language writes nouns capitalised and its adjectives have `adjective_endings`: at a
    coordinator ("eine beachtliche, aber ... laute Zahl") the noun is after the cut. An article
    first in the part after a comma is a pronoun ("..., die wir gesehen haben")."""
    endings = tuple(rules.adjective_endings)
    last = _bare(words[-1]) if words else ""
    if not (last.isalpha() and last.islower() and last.endswith(endings)):
        return False
    for index in range(len(words) - 2, max(-1, len(words) - 6), -1):
        word = _bare(words[index])
        if word.lower() in rules.articles:
            return index > 0 and word.islower()
        if not (word.isalpha() and word.islower() and (word in rules.dangling or word.endswith(endings))):
            return False
    return False
