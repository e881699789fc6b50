"""Memo: a function of a word, computed once per word."""

from __future__ import annotations

from typing import Callable, TypeVar

Value = TypeVar("Value")

# Distinct words a memo keeps before it starts again: a bound on a long-lived process's memory.
MEMO_LIMIT = 1 << 16


class Memo(dict[str, Value]):
    """A function of a word, computed once per word; after that a plain dict look-up, with no Python call
    (`map(memo.__getitem__, words)` stays in C).

    Stemming and telling stop words come to about a million calls in a run
    of 1,000 articles, for a few tens of thousands of distinct words.
    """

    def __init__(self, compute: Callable[[str], Value]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> Value:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        value = self[word] = self._compute(word)
        return value
