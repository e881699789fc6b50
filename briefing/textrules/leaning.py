"""Whether a sentence stands alone: one that opens with a pronoun, a connective or a phrase that leans on
the sentence before it, one attributed to a speaker, one that trails off on a date.
"""

from __future__ import annotations

import functools
import re

from .lines import quoted_span, words_of
from .rules import Rules, _words_to_tell, words_in_any_case
from .saying import EDGE_MARKS, as_said_before, first_clause, verb_without_subject, with_speech_marked


def opens_with_pronoun(text: str, rules: Rules) -> bool:
    if "\u0400" <= text[:1] <= "\u04ff" or "\u3000" <= text[:1] <= "\u9fff":  # Cyrillic, Chinese, Japanese
        return _OTHER_SCRIPTS_PRONOUN.match(text) is not None  # (read with the default language's rules)
    return (bool(rules.pronoun and rules.pronoun.match(text)) and not _opens_subordinate_clause(text, rules)
            or _pronoun_after_verb(text, rules) or _demonstrative_before_verb(text, rules)
            or verb_without_subject(text, rules) or as_said_before(text, rules))


# Pronouns and "said" words that open a leaning sentence in scripts no supported language uses (read with the
# default's rules): Russian "Он", "По его словам" (according to him), "Об этом" (of this); Ukrainian "Він", "За
# його словами", "Про це"; Chinese "他", "这"; Japanese "同社" (the said firm).
_OTHER_SCRIPTS_PRONOUN = re.compile(r"(?:(?:Он|Она|Оно|Они|Это|Этот|Эта|Эти|Его|Её|Ее|Их|Там|Тогда|Об этом|При этом"
                                    r"|Він|Вона|Воно|Вони|Це|Цей|Ця|Ці|Його|Її|Їх|Тоді|Про це)(?![^\W\d_])"
                                    r"|По (?:его|её|ее|их) (?:словам|мнению|данным)|За (?:його|її|їхніми|їх) словами"
                                    r"|他们|她们|它们|他|她|它|这|此|该|彼|同[社省庁氏市県党紙局日])")





def _demonstrative_before_verb(text: str, rules: Rules) -> bool:
    """Whether the text opens with a word that is an article or a demonstrative pronoun (German "Das"),
    and here the pronoun: a lower-case verb follows it ("Das teilte die Polizei mit.", "Das ist ..."),
    not a noun ("Das Gericht"), nor an adjective and its noun ("Das neue Gesetz", "Das frisch renovierte
    Haus"), nor a phrase of one (`attribute_openers`: "Das seit 2019 geplante ..."). A verb ending as an
    adjective does ("teilte", "wäre") has no capitalised noun after it, unless it is a verb of saying
    (`attribution`) and all that follows it is its speaker and where or when it was said ("Das sagte
    Merkel am Montag in Berlin."): a noun after an adjective of those has a verb of its own ("Das
    bestätigte Urteil wurde ...", "Das erklärte Ziel ist ...")."""
    if not rules.demonstrative_openers:
        return False
    words = [word.strip(EDGE_MARKS) for word in text.split(maxsplit=4)[:4]]
    if len(words) < 3 or words[0] not in rules.demonstrative_openers or text.split(maxsplit=1)[0].endswith(","):
        return False
    verb, after = words[1], words[2]
    if not (verb.isalpha() and verb.islower()) or verb in rules.attribute_openers:
        return False
    endings = rules.adjective_endings
    if verb.endswith(endings):
        return not after[:1].isupper() or _said_by_alone(text, verb, rules)
    # "Das frisch renovierte Haus": an adverb, an adjective and its noun; "Das ist eine Frage" is a verb.
    adjective = after.isalpha() and after.islower() and after.endswith(endings) and after not in rules.articles
    return not (adjective and len(words) > 3 and words[3][:1].isupper())


def _said_by_alone(text: str, verb: str, rules: Rules) -> bool:
    """Whether `text` ("Das sagte Merkel am Montag in Berlin.") is its opening pronoun, `verb` and a
    speaker: after the verb, capitalised words (the speaker's names, German's nouns), numbers,
    articles and the prepositions and adverbs of a phrase of time or place alone, no other verb."""
    if rules.attribution is None or not rules.attribution.fullmatch(verb):
        return False
    rest = (word.strip(EDGE_MARKS) for word in text.split()[2:])
    return all(word[:1].isupper() or word[:1].isdigit() or word.lower() in rules.articles
               or word in rules.attribute_openers for word in rest if word)


def _opens_subordinate_clause(text: str, rules: Rules) -> bool:
    """Whether the pronoun opening the text is the conjunction of a subordinate clause: its subject comes next
    (an article, a pronoun, a name or a noun) and a comma ends the clause ("Seitdem die Brücke gesperrt ist,
    fahren ..."); as an adverb the verb comes next ("Seitdem fahren die Busse ...")."""
    words = text.split(maxsplit=2)
    if len(words) < 3 or words[0].lower() not in rules.pronouns_opening_clauses or "," not in text:
        return False
    subject = words[1].strip("„“\"'")
    return subject[:1].isupper() or subject.lower() in rules.articles or subject.lower() in rules.pronoun_words


# A language whose verb comes second has the subject pronoun after the verb when a phrase opens the
# sentence; it is looked for among the first words of its main clause.
_PRONOUN_AFTER_VERB_WORDS = 7


def _pronoun_after_verb(text: str, rules: Rules) -> bool:
    """Whether, in a language whose verb comes second, a subject pronoun follows the opening phrase and its
    verb ("Seit 2017 leitet er den Chor.", "Daneben baute er ..."): it names someone said before, as one
    opening the sentence does. Only before the first comma, and not in a subordinate clause, which opens
    with a subordinator and ends at a comma ("Als sie ankam, sagte Merkel ...": the pronoun may stand for
    a name after it; "Seit 2017 leitet er ..." has no comma: "seit" opens a phrase there)."""
    if not rules.pronouns_after_verb:
        return False
    head, comma, rest = first_clause(text)
    words = head.split()[:_PRONOUN_AFTER_VERB_WORDS]
    # A pronoun after "und" stands for a noun of its own sentence ("Die Stadt saniert die Brücke und sperrt
    # sie ..."): only the words before a conjunction are looked at.
    joined = next((i for i, word in enumerate(words) if i and rules.conjunction
                   and rules.conjunction.fullmatch(word)), len(words))
    pronouns = rules.pronouns_after_verb
    if not any(word in pronouns for word in words[2:joined]):
        return False
    if comma == "," and _speaker_named_after(rest, rules):
        return False  # "In Berlin sei sie nie gewesen, sagte die Ministerin.": she is the minister
    return not (comma and rules.subordinator and rules.subordinator.match(text))


def _speaker_named_after(rest: str, rules: Rules) -> bool:
    """Whether the text after a comma is a verb of saying and the speaker it names ("sagt der Vorsitzende
    David Bendels", "so die Ministerin"; not "sagte er")."""
    rest = rest.lstrip()
    verb = rules.attribution.match(rest) if rules.attribution else None
    return verb is not None and _names_speaker("", rest[verb.end():], rules)


# An opening phrase of at most this many words, before its comma.
_OPENING_PHRASE_WORDS = 10


def pronoun_after_opening(text: str, rules: Rules) -> bool:
    """Whether the subject after an opening phrase is a pronoun that phrase names no one for: "Out of
    work since June, he relies on his savings." The phrase is one of time, place or manner (it opens
    with a word of `phrase_openers`, or with a participle: "Satisfied, it ...", "Speaking to reporters,
    he ..."): a clause ("As the moon moves into the shadow, it ...") may hold the pronoun's noun, and a
    phrase with a name in it ("In Ms Ruiz's view, she ...", "After Microsoft bought it, it ...") its
    person or thing."""
    head, comma, rest = text.partition(",")
    if not comma or not rules.opening_pronouns or not opening_phrase(head, rules):
        return False  # (no opening phrase: "McHenry knew she was taped; at one point, she ...")
    words = head.split()
    named = [w for w in words[1:] if w[:1].isupper() and not (rules.date_words and rules.date_words.search(w))]
    if named:
        return False  # (a month or a weekday names no one)
    following = rest.split(maxsplit=1)
    # The pronouns a sentence may not open with ("he", "they", "this"), not "you" or French "on".
    return bool(following) and following[0].lower() in rules.opening_pronouns


def opening_phrase(head: str, rules: Rules) -> bool:
    """Whether the words before a sentence's first comma are a phrase of time, place or manner: they open
    with a word of `phrase_openers` or with a participle ("Satisfied", "Speaking to reporters")."""
    words = head.split()
    if not words or len(words) > _OPENING_PHRASE_WORDS or not rules.phrase_openers:
        return False
    if words[0].lower() in rules.phrase_openers:
        return len(words) > 1
    return _is_participle(words[0], rules)


def is_expletive(clause: str, rules: Rules) -> bool:
    """Whether a clause is "it is <adjective> to ..." ("it is illegal to deny ..."): its "it" stands for
    nothing said before."""
    low = " ".join(clause.lower().split())
    for opener in rules.expletive_openers:
        if low.startswith(opener + " "):
            return any(word.strip(",;:") in rules.expletive_complements for word in low[len(opener):].split()[:4])
    return False


def _is_participle(word: str, rules: Rules) -> bool:
    """A capitalised participle opening a phrase: "Using", "Satisfied", "Born" (not an adverb: "Indeed")."""
    low = word.lower()
    if not (word[:1].isupper() and low.isalpha()) or low in rules.adverb_words:
        return False
    return low in rules.participles or any(
        low.endswith(ending) and len(low) > len(ending) + 1 for ending in (*rules.participle_endings, *rules.gerund_endings))


def ends_on_a_demonstrative(text: str, rules: Rules) -> bool:
    """Whether the text uses "this" or "that" as a pronoun, for something said before it: "The pope
    mentioned this in his homily", "Few believe the military would agree to that." (A determiner has
    its noun after it: "this year", "that ruling"; nor is a relative "that" a pronoun: "a fund that will".)"""
    pattern = _demonstrative_pronoun(rules)
    if pattern is None:
        return False
    # The pronoun is a whole word: a text that lacks each of them, in any case, is not searched (the
    # search is tried at every place of the text, and most texts of an article are asked).
    words = _words_to_tell(text)
    return (words is None or not _demonstrative_words(rules).isdisjoint(words)) and pattern.search(text) is not None


@functools.lru_cache(maxsize=None)
def _demonstrative_words(rules: Rules) -> frozenset[str]:
    return frozenset(words_in_any_case(" ".join(rules.demonstratives)))


@functools.lru_cache(maxsize=None)
def _demonstrative_pronoun(rules: Rules) -> re.Pattern | None:
    if not rules.demonstratives:
        return None
    # A word that opens a relative clause or a reported one as well ("that") is a pronoun only where the
    # sentence ends on it ("... agree to that."); the others also before a comma or one of
    # `after_demonstrative` ("this, he said", "mentioned this in his homily").
    relatives = sorted(w for w in rules.demonstratives if _is_relative(w, rules))
    others = sorted(w for w in rules.demonstratives if not _is_relative(w, rules))
    end = r"""[.!?…]?["'”’»)\]]*[.!?…]?\s*$"""
    alternatives = [rf"(?:{'|'.join(map(re.escape, relatives + others))}){end}"]
    if others:
        after = "|".join(map(re.escape, sorted(rules.after_demonstrative)))
        alternatives.append(rf"(?:{'|'.join(map(re.escape, others))})(?:\s*[,;:]|\s+(?:{after})(?![\w'’-]))")
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)})", re.IGNORECASE)


def opens_with_connective(text: str, rules: Rules) -> bool:
    """Whether the text opens with a linking adverb and its comma ("However,", "Cependant,", "Sin
    embargo,"): it goes on from the sentence before it. (Not a day's word: "Yesterday, the council ..."
    stands alone; nor one in lower case: that is a fragment.) A conjunction ("But", "Mais") is left
    out: as a summary's leaning sentence it cost ROUGE on the English dev sets (cnndm-dev R-1 -0.14),
    where the adverbs alone cost none."""
    first = next((c for c in text[:8] if c.isalpha()), "")
    if not first.isupper():
        return False
    if rules.adverb and (match := rules.adverb.match(text)) and text[match.end():match.end() + 1] == ",":
        return " ".join(match.group().lower().strip(_OPENING_MARKS).split()) not in rules.date_phrases
    return False


_OPENING_MARKS = "\"'“”‘’„«»‹›-–—•*·([ \t"


_QUOTES_OPENING = "\"'“‘„«»‹›”"  # (Swedish opens with ”: "”Men vi stannar”, säger hon.")


_LEADING_QUOTE = re.compile(r"[\"'“‘„«»‹›”\s]*")


def _opening_conjunction(text: str, rules: Rules) -> re.Match | None:
    """The conjunction opening the text, if it opens a clause there ("But the plan ...", not "So far, ...")."""
    match = rules.conjunction.match(text) if rules.conjunction else None
    if match is None or (rules.not_conjunction and rules.not_conjunction.match(text)):
        return None
    return match


def strip_opening_connective(text: str, rules: Rules) -> str:
    """`text` without an opening conjunction ("But", "Und") or sentence adverb followed by a comma."""
    for _ in range(2):
        changed = False
        # The quotation mark opening the text opens what is left: '“But we stay,” she said.' -> '“We stay,” ...'.
        marks = _LEADING_QUOTE.match(text).group() if text[:1] in _QUOTES_OPENING else ""
        if match := _opening_conjunction(text, rules):
            rest = text[match.end():].lstrip(" ,")
            if rest[:1].isalpha():
                text, changed = marks + rest[:1].upper() + rest[1:], True
        if rules.adverb and (match := rules.adverb.match(text)) and text[match.end():match.end() + 1] == ",":
            rest = text[match.end() + 1:].lstrip()
            if rest[:1].isalpha():
                text, changed = marks + rest[:1].upper() + rest[1:], True
        if not changed:
            break
    return text


def is_attributed(text: str, rules: Rules) -> bool:
    """Whether a quotation in the text says who is speaking.

    Outside the quotation there must be words that name someone: a subject
    with its verb ("Pécresse called for „...“", "..., said the mayor"), or
    a name before a colon ("Drosten: ..."). A sentence that is only the
    quotation names no one; nor does one whose verb of saying has a bare
    pronoun or no subject at all for its speaker, whatever phrase of time or
    place goes with it ("..., he said on Tuesday", "..., sagte sie am
    Dienstag", "..., ha dichiarato in una conferenza stampa").
    """
    outside = quoted_span(rules).sub(" | ", with_speech_marked(text, rules))  # ("– Vi ..., säger han.": quoted speech)
    words = [w.lower() for w in words_of(outside)]
    if rules.attribution:
        named = [w for w in words if not rules.attribution.fullmatch(w)]
    else:
        named = words
    named = [w for w in named if w not in rules.pronoun_words]
    if not named:
        return False
    verbs = list(rules.attribution.finditer(outside)) if rules.attribution else []
    if verbs:
        # A verb of saying that holds its pronoun ("sagte er", "a-t-il") names no one.
        return any(re.split(r"[\s-]", verb.group().lower())[-1] not in rules.pronoun_words
                   and _names_speaker(outside[: verb.start()], outside[verb.end():], rules) for verb in verbs)
    colon = bool(re.search(r"\w[\w.)]*\s*:\s*[\"“„«»‘]", text))
    return colon or len(words) >= 3


# Where the words of a verb's subject end: a comma, a colon, a bracket, a dash or a quotation (" | ").
_CLAUSE_MARK = re.compile(r"[,;:()\[\]|–—]")


_CLAUSE_MARK_KEPT = re.compile(r"([,;:()\[\]|–—])")


def _names_speaker(before: str, after: str, rules: Rules) -> bool:
    """Whether the subject of a verb of saying, found before or after it, names someone.

    Before the verb ("the mayor said", "Corvo has told"), auxiliaries, adverbs and
    phrases of time are passed over to the subject's last word; a relative pronoun
    ("Corvo, who said ...") stands for a name before it. After the verb ("said the
    mayor", "sagte Müller"), an article opens the speaker's noun phrase, and a
    preposition, a time word or a pronoun names no one ("said on Tuesday", "sagte sie").
    """
    # The words before the verb back to a mark; past an apposition's comma ("Lind, the chief, said")
    # or a quoted title in the subject ("Gilley, author of “The Case for X,” argued").
    pieces = _CLAUSE_MARK_KEPT.split(before)
    earlier = [w.lower() for w in words_of(pieces[-1])]
    if _second_verb_of_saying(earlier, rules):
        return False  # its subject is the first verb's, judged with it ("säger hon till SVT och tillägger ...")
    while not earlier and len(pieces) > 2 and pieces[-2] in ",|":
        pieces = pieces[:-2]
        earlier = [w.lower() for w in words_of(pieces[-1])]
    passed = rules.finite_verbs | rules.adverb_words | (rules.dangling - rules.articles)
    while earlier and (earlier[-1] in passed or _is_date_word(earlier[-1], rules)) and not _is_relative(earlier[-1], rules):
        earlier.pop()
    if earlier:
        last = earlier[-1]
        if last in rules.pronoun_words:
            return False  # "he said", "he later told reporters"
        if _is_relative(last, rules):
            return any(_names(w, rules) for w in words_of(before))
        if _names(last, rules):
            return True
    later = [w.lower() for w in words_of(_CLAUSE_MARK.split(after)[0])]
    while later and later[0] in rules.object_pronouns:  # the one spoken to: "mówi nam ekonomista Marek Zuber"
        later.pop(0)
    if later and later[0] in rules.articles:
        return len(later) > 1 and _names(later[1], rules)
    return bool(later) and _names(later[0], rules)


def _second_verb_of_saying(earlier: list[str], rules: Rules) -> bool:
    """Whether the words of its clause before a verb of saying end in a conjunction after another verb of saying
    and its object: "..., säger hon till SVT och [tillägger]", "– mówi nam i [dodaje]", where what lies between
    names the one spoken to, not the speaker. ("His brother came back and [said]": the subject is the first
    verb's.)"""
    if len(earlier) < 3 or rules.conjunction is None or rules.attribution is None:
        return False
    said = [i for i, word in enumerate(earlier[:-1]) if rules.attribution.fullmatch(word)]
    # (Nothing between the two verbs: their subject comes after both, "dijo y añadió el alcalde".)
    return rules.conjunction.match(earlier[-1]) is not None and bool(said) and said[-1] < len(earlier) - 2


def _names(word: str, rules: Rules) -> bool:
    """Whether a word may be (part of) a speaker: no pronoun, function word, preposition or time word."""
    word = word.lower()
    return not (word in rules.pronoun_words or word in rules.object_pronouns or word in rules.dangling
                or word in rules.adverb_words
                or word in rules.articles or _is_date_word(word, rules)
                or (rules.attribution is not None and rules.attribution.fullmatch(word) is not None))


def _is_relative(word: str, rules: Rules) -> bool:
    return bool(rules.relative and rules.relative.fullmatch(word))


def ends_on_a_date(text: str, rules: Rules) -> bool:
    """Whether the text ends on a day or a time: a weekday's or a month's name ("on Tuesday", "in
    April"), a year ("in April 2013"), a day's number after its month ("March 3", "3rd"), or one of the
    language's `date_phrases` ("last year", "yesterday")."""
    words = [w.strip(".,;:!?\"'”’()[]") for w in text.split()[-3:]]
    words = [w for w in words if w]
    if not words:
        return False
    last = words[-1]
    if _is_date_word(last, rules):
        return True
    if last.isdigit() and len(last) == 4 and 1000 <= int(last) <= 2999 and len(words) > 1 and (
            _is_date_word(words[-2], rules) or words[-2].lower() in rules.year_prepositions):
        return True  # "in April 2013", "since 2013" (not "will hold 2500")
    number = last.lower().rstrip("stndrh")
    if number.isdigit() and len(number) <= 2 and len(words) > 1 and _is_date_word(words[-2], rules):
        return True
    lowered = [w.lower() for w in words]
    return any(" ".join(lowered[-n:]) in rules.date_phrases for n in (1, 2, 3) if n <= len(lowered))


def _is_date_word(word: str, rules: Rules) -> bool:
    return bool(rules.date_words and rules.date_words.fullmatch(word))
