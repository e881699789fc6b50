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


# The words looked at between "as" and its verb of saying: "As he has said", "Come ha aggiunto".
_WORDS_BEFORE_SAYING = 3


def as_said_before(text: str, rules: Rules) -> bool:
    """Whether the text opens with a clause of saying whose speaker is a pronoun, or left out where the verb
    carries it: "As he added, ...", "Wie er sagte, ...", "Som hon påpekade ...", "Jak podkreśliła, ...",
    "Come ha aggiunto, ...", "Όπως είπε, ..." (who did?). Between "as" and the verb only a pronoun or a short
    word in lower case (an auxiliary: "ha", "has"); with no pronoun, what follows the verb in its clause is
    nothing or a preposition's phrase with no name in it ("Jak dodała w rozmowie z dziennikarzami, ..."), not the
    speaker ("Jak poinformował rzecznik, ...", "Come ha spiegato il ministro, ...", "As stated by our members,
    ..."). "As the minister said, ..." names its speaker."""
    if rules.as_opener is None or rules.attribution is None:
        return False
    opening = rules.as_opener.match(text)
    if opening is None:
        return False
    words = text[opening.end():].split(maxsplit=_WORDS_BEFORE_SAYING + 1)
    for count in range(min(_WORDS_BEFORE_SAYING, len(words)) + 1):
        between = [word.strip(EDGE_MARKS) for word in words[:count]]
        if any(not (word.lower() in rules.pronoun_words or (len(word) <= 3 and word.islower())) for word in between):
            return False
        rest = " ".join(words[count:])
        verb = rules.attribution.match(rest)
        if verb is None:
            continue
        if any(word.lower() in rules.pronoun_words for word in between):
            return True
        # (A name in a preposition's phrase may be the speaker: "As stated by our Supporter Groups, ...".)
        after = first_clause(rest[verb.end():])[0].split()
        return not after or (after[0].lower() in rules.dangling - rules.articles - rules.complementizers
                             and not any(word[:1].isupper() for word in after))
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
