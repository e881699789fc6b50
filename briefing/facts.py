"""Whether a sentence says again what another says, whatever it adds after: shared by an article's key
points (summarize/) and a story's summary and points (compose/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

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


def _head_in(head: tuple[str, ...], other: frozenset[str]) -> bool:
    return len(head) >= LEAST_HEAD_STEMS and len(other.intersection(head)) >= HEAD_SHARED * len(head)


@dataclass(frozen=True, slots=True)
class Told:
    """A sentence as `same_fact` compares it: its head and all its content stems."""

    head: tuple[str, ...]
    stems: frozenset[str]

    @classmethod
    def of(cls, stems: Sequence[str]) -> "Told":
        return cls(fact_head(stems), frozenset(stems))


def same_fact(one: Told, other: Told) -> bool:
    """Whether either of two sentences tells the other's fact again."""
    return _head_in(one.head, other.stems) or _head_in(other.head, one.stems)
