"""Made-up sentences that exercise every rule of a word tokenizer, for equality tests.

Seeded, so every run tests the same sentences; built from fragments so that
quotes, contractions, brackets, dashes, numbers, currencies, abbreviations and
non-ASCII letters meet in many combinations, as they do in real news.
"""

from __future__ import annotations

import random

_SUBJECTS = [
    "The mayor", "Dr. Ana Ruiz", "Officials in the U.S.", "The union's leader", "Its members", "James's lawyer",
    "The dogs' owners", "Residents of São Paulo", "Müller and O'Brien", "A spokesperson for AT&T", "Nobody",
    "The 3rd-largest bank", "Zoë", "The co-op", "Ministers", "The well-known critic", "Ελένη", "Сергей",
    "The firm (a subsidiary)", "Engineers at Ørsted", "They", "I", "We", "You",
]
_VERBS = [
    "said", "didn't say", "can't confirm", "won't comment on", "would've backed", "'ll announce", "is gonna review",
    "wanna see", "told reporters about", "denied", "praised", "questioned", "'d rather discuss", "has criticised",
    "cannot explain", "isn't sure about", "ain't buying",
]
_OBJECTS = [
    "the plan", "a 3.5% rise", "the $1,200,000 deal", "prices of €4.99", "the £2bn fund", "a 50-50 split",
    "the deal [in full]", "the report {draft}", "the <b>markup</b>", "rates of 1/3", "the 9:30 a.m. meeting",
    "the No. 1 priority", "its Q3 results", "the so-called 'reforms'", "the \"final\" offer", "“new” rules",
    "‘old’ habits", "«la réforme»", "the #metoo debate", "@briefing's feed", "the site example.org/news?id=7",
    "2,000 jobs", "the 1990s", "the A-10 road", "hand-made goods", "the M.D. Anderson centre", "e-mail and e-bikes",
]
_TAILS = [
    ".", "!", "?", "...", " -- again.", " – twice.", " — at last.", "; others disagreed.", ": a first.",
    ", he said.", ", she added, \"for now.\"", " (again).", " [sic].", " 'today'.", " ``quoted''.", " & more.",
    " at 5 p.m.", " in the U.K.", ", etc.", "?!", " …", ' "really?"', " -- or not?", " (see p. 4).",
]
_OPENERS = ["", "", "", "\"", "“", "'", "(", "But ", "However, ", "In 2024, ", "On Jan. 5, ", "Yes -- ", "Well... "]


def made_up_sentences(count: int = 1500, seed: int = 7) -> list[str]:
    pick = random.Random(seed)
    sentences = []
    for _ in range(count):
        parts = [pick.choice(_OPENERS), pick.choice(_SUBJECTS), " ", pick.choice(_VERBS).lstrip(), " ",
                 pick.choice(_OBJECTS)]
        if pick.random() < 0.4:
            parts += [" and ", pick.choice(_OBJECTS)]
        parts.append(pick.choice(_TAILS))
        sentences.append("".join(parts))
    return sentences
