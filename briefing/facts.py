"""Whether a sentence says again what another says, whatever it adds after: shared by an article's key
points (summarize/) and a story's summary and points (compose/)."""

from __future__ import annotations

from typing import Collection, Sequence

# A sentence's first content stems are what it tells: its subject, its verb and their object ("The
# radical Islamic group Hamas claimed responsibility for the attack, the second ..."). When most of them
# are in another sentence ("The Islamic militant group Hamas, which ..., claimed responsibility for the
# 9:45 a.m. attack"), it tells that sentence's fact again, though the rest of it differs. (At 5 of 7,
# names an article repeats from sentence to sentence made new facts look told: "UFJ's management was
# known to prefer the offer from Mitsubishi" after "Sumitomo withdrew its offer for UFJ".)
HEAD_STEMS = 7
HEAD_SHARED = 0.8
# Fewer distinct stems than this at its head say too little to tell.
LEAST_HEAD_STEMS = 4


def fact_head(stems: Sequence[str]) -> tuple[str, ...]:
    """The first HEAD_STEMS distinct content stems of a sentence, in order."""
    return tuple(dict.fromkeys(stems))[:HEAD_STEMS]


def repeats_fact(stems: Sequence[str], other: Collection[str]) -> bool:
    """Whether a sentence (its content `stems`, in order) tells the fact of one with the stems `other`."""
    head = fact_head(stems)
    return len(head) >= LEAST_HEAD_STEMS and sum(stem in other for stem in head) >= HEAD_SHARED * len(head)


def same_fact(stems: Sequence[str], other: Sequence[str]) -> bool:
    """Whether either of two sentences (their content stems, in order) tells the other's fact again."""
    return repeats_fact(stems, set(other)) or repeats_fact(other, set(stems))
