"""Clauses of saying that leave their speaker to the sentence before: "Añadió que ...", "Dodala, že ...",
"As he added, ...", "Jak podkreśliła, ..." (said by whom?)."""

from __future__ import annotations

import re

from .rules import Rules

EDGE_MARKS = "„“\"'»«‚‘’”.,;:!?"


def first_clause(text: str) -> tuple[str, str, str]:
    """The text up to its first comma (or other clause mark), the mark, and the rest."""
    parts = re.split(r"([,;:(–—])", text, maxsplit=1)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else (text, "", "")


# The words looked at between "as" and its verb of saying: "As he has said", "Como ya dijo".
_WORDS_BEFORE_SAYING = 3


def _pronoun_or_auxiliary(word: str, rules: Rules) -> bool:
    """A pronoun, or a short word in lower case that is no article: an auxiliary or an adverb ("has", "ha",
    "ya"), not "la", "die" before a noun that names the speaker."""
    lower = word.lower()
    return lower in rules.pronoun_words or (word.islower() and len(word) <= 4 and lower not in rules.articles)


def as_said_before(text: str, rules: Rules) -> bool:
    """Whether the text opens with a clause of saying whose speaker is a pronoun, or left out where the verb
    carries it: "As he added, ...", "Wie er sagte, ...", "Som hon påpekade ...", and in the languages that leave
    a subject out (those with `complementizers`) "Jak podkreśliła, ...", "Come ha aggiunto, ...", "Όπως είπε,
    ..." (who did?). Not when the pronoun stands for a name that follows ("As she announced the figures,
    NatWest's chief executive said ..."), nor when anything follows the verb in its clause, which may be the
    speaker ("Jak zapowiedział w czwartek minister zdrowia, ...", "Come ha spiegato il questore, ..."), nor
    "As noted, ...", "Wie berichtet, ..." with no pronoun where a subject must be written: the report's own."""
    if rules.as_opener is None or rules.attribution is None:
        return False
    opening = rules.as_opener.match(text)
    if opening is None:
        return False
    words = text[opening.end():].split(maxsplit=_WORDS_BEFORE_SAYING + 1)
    for count in range(min(_WORDS_BEFORE_SAYING, len(words)) + 1):
        if not all(_pronoun_or_auxiliary(word.strip(EDGE_MARKS), rules) for word in words[:count]):
            return False
        rest = " ".join(words[count:])
        verb = rules.attribution.match(rest)
        if verb is None:
            continue
        after, mark, main = first_clause(rest[verb.end():])
        if any(word.strip(EDGE_MARKS).lower() in rules.pronoun_words for word in words[:count]):
            return not (mark == "," and main.lstrip(EDGE_MARKS + " ")[:1].isupper())
        return bool(rules.complementizers) and mark == "," and not after.strip()
    return False


# The words looked at between a verb of saying and its "que": "Dijo a los periodistas en Madrid que".
_WORDS_BEFORE_COMPLEMENTIZER = 6


def verb_without_subject(text: str, rules: Rules) -> bool:
    """Whether the text opens with a verb of saying whose subject is left out, as Spanish, Portuguese and
    Italian may: "Dijo que ...", "Añadió a la prensa que ...", "Ha spiegato che ..." (who did?). The
    verb is one of `attribution` or has a `preterite_endings` ending ("Reconoció"), and a "que" follows
    it, before a comma or right after the comma that closes the verb's clause, as Czech and Polish write
    it ("Dodala, že ...", "Przypomniała w Sejmie, że ..."), with no subject between them (a phrase of a
    preposition may be: "Aseguró a la prensa que"): "Dijo el ministro que ...", "Dijo Sánchez que ..." name
    the speaker; "Según los datos que ..." is no verb with its "que"."""
    if not rules.complementizers:
        return False
    head, mark, after = first_clause(text)
    first = head.split(maxsplit=1)[0] if head.strip() else ""
    if not first[:1].isupper():
        return False
    verb = rules.attribution.match(head) if rules.attribution else None
    if verb is not None:
        rest = head[verb.end():].split()
    elif first.isalpha() and len(first) > 3 and first.lower().endswith(rules.preterite_endings or ("\0",)):
        rest = head.split()[1:]
    else:
        return False
    if mark == "," and len(rest) <= _WORDS_BEFORE_COMPLEMENTIZER:
        rest = rest + after.split()[:1]  # (the word after the comma: "Dodala, že")
    that = next((i for i, word in enumerate(rest[:_WORDS_BEFORE_COMPLEMENTIZER + 1])
                 if word.lower() in rules.complementizers), None)
    if that is None:
        return False
    between = rest[:that]
    # A preposition's phrase ("a la prensa en Madrid") names no subject; an article or a name does.
    return not between or between[0].lower() in rules.dangling - rules.articles - rules.complementizers


# Where a quotation opened by a dash ends and its speaker's verb follows: a comma, a dash after a space (Spanish
# sets it against the verb), or the quotation's own question or exclamation mark ("– Vi sänker räntan, säger han.",
# "– To tragedia – powiedział.", "—Es un día histórico —dijo el alcalde—.", "– Varför nu? frågar hon.").
_BEFORE_SPEAKER = re.compile(r",\s+|\s[–—-]\s*|(?<=[?!])\s+")
# The dash closing a Spanish speaker's incise, set against its last word: "—dijo el alcalde—." ends the
# sentence, "—dijo—, pero ..." goes on with the quotation.
# (Not a score's or a range's: "3–1", "2018–2024". Portuguese spaces it: "— afirmou o prefeito —, mas ...")
_INCISE_CLOSED = re.compile(r"(?<=[^\s–—])[–—](?=[\s.,;:]|$)|(?<=\s)[–—](?=[.,;:])")
# Where a Spanish dash opening speech is set against its first word: "—Es", "—¿Cuándo", "—«No".
_SPEECH_AGAINST = re.compile(r"[^\W\d_]|[¿¡«“\"]")


def opens_speech(text: str, rules: Rules) -> bool:
    """Whether the text opens with one of the language's `speech_dashes` and a space, or a dash (not a hyphen)
    set against a word as Spanish sets it ("—Es un día histórico"): a paragraph of quoted speech, as Swedish,
    Polish, Czech, Spanish and Portuguese papers write it, where a dash opening its paragraph is no list's."""
    if not rules.speech_dashes or text[:1] not in rules.speech_dashes:
        return False
    return text[1:2].isspace() or (text[:1] != "-" and _SPEECH_AGAINST.match(text, 1) is not None)


# ... or the second word of a sentence after it ("– Vi har inget val. Det säger rektorn.").
_SPEAKERS_SENTENCE = re.compile(r"(?<=[.!?])\s+[^\W\d_]+\s+")


def speaker_follows(paragraph: str, rules: Rules) -> bool:
    """Whether a verb of saying follows a quotation in the paragraph: after a comma, a dash or the quotation's
    question mark, or second in a sentence of its own ("..., säger rektorn.", "... – powiedział.", "Det säger
    rektorn."). Not a list's item that reports what was said: "– Statsministern säger att skatten sänks." """
    return any(_verb_of_saying(paragraph[found.end():], rules)
               for pattern in (_BEFORE_SPEAKER, _SPEAKERS_SENTENCE) for found in pattern.finditer(paragraph))


def with_speech_marked(text: str, rules: Rules) -> str:
    """A sentence of quoted speech opened by a dash (see `opens_speech`) with the language's quotation marks
    instead, as a quotation written inline has them: its speaker's verb after it stays outside ("– Vi sänker
    räntan, säger han." -> "”Vi sänker räntan”, säger han.", "– To tragedia – powiedział." -> "„To tragedia”
    – powiedział."); with no verb of saying after a comma or a dash, the whole sentence is the quotation
    ("– Vi sänker räntan." -> "”Vi sänker räntan.”"). A Spanish incise's closing dash before the full stop goes
    ("—Es histórico —dijo el alcalde—." -> "«Es histórico» —dijo el alcalde."); where the quotation goes on after
    it, the incise is inside ("—No queremos —declaró—, pero ..." -> "«No queremos —declaró—, pero ...»."). Any
    other text is as it is."""
    if not opens_speech(text, rules) or not rules.quotation_marks:
        return text
    opening, closing = rules.quotation_marks[0]
    body = text[1:].lstrip()
    end = next((found for found in reversed(list(_BEFORE_SPEAKER.finditer(body)))
                if _verb_of_saying(body[found.end():], rules)), None)
    if end is None:
        return opening + body.rstrip() + closing
    incise = body[end.end():]
    closed = _INCISE_CLOSED.search(incise)
    if closed is not None:
        if incise[closed.end():].strip(" .;:"):
            said = body.rstrip().rstrip(".")  # (the quotation goes on after the incise)
            return opening + said + closing + body.rstrip()[len(said):]
        return (opening + body[:end.start()] + closing + body[end.start():end.end() + closed.start()].rstrip()
                + incise[closed.end():])
    speaker = body[end.start():]
    # Past a second spaced dash the words may be the quotation going on ("– Polska – mówi premier – nie wyśle
    # ..."), the speaker's title ("– prezes Orlenu"), a source ("– podaje PAP") or where it was said ("– w rozmowie
    # z RMF FM"): which, the words alone do not tell, and the whole sentence is taken for the quotation (no point
    # is made of what may be the speaker's words in the reporter's voice).
    if _RESUMED.search(speaker, 2) is not None:
        return opening + body.rstrip() + closing
    return opening + body[:end.start()] + closing + speaker


# A dash after the speaker's words, where the quotation may resume.
_RESUMED = re.compile(r"\s[–—-]\s+\S")


def _verb_of_saying(text: str, rules: Rules) -> bool:
    """Whether the text opens with a verb of saying in lower case ("säger han", not "enligt polisen")."""
    verb = rules.attribution.match(text) if rules.attribution and text[:1].islower() else None
    return verb is not None and verb.group().lower() not in rules.attribution_objects
