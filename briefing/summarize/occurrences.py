"""Where and how often each word (or pair of words) of an article occurs: what NewsRank's models read.

Occurrences come as parallel arrays: the line (sentence) of each, and its
type (the word's or pair's number). The features mean the same in every
language and need no capital letters (see newsrank.py).
"""

from __future__ import annotations

import numpy as np


def flat_counts(sent: np.ndarray, typ: np.ndarray, size: int):
    """(sentence, type) occurrences -> arrays of sentence, type and count, sorted by sentence."""
    if len(sent) == 0 or size == 0:
        empty = np.zeros(0, np.intp)
        return empty, empty, empty
    unique, counts = np.unique(sent.astype(np.int64) * size + typ, return_counts=True)
    sentence, kind = np.divmod(unique, size)
    return sentence.astype(np.intp), kind.astype(np.intp), counts


def occurrence_features(line, typ, size, m, quote, total) -> dict:
    """Features of each word (or pair) from where it occurs: the line of every occurrence.

    Occurrences are in line order, and every type 0..size-1 occurs at least once.
    """
    if size == 0:
        return {k: np.zeros(0) for k in (
            "logc", "first_exp01", "first_exp05", "first0", "share", "lead3", "c0", "pw1", "pw3", "qf",
            "spread", "logN", "relc")}
    count = np.bincount(typ, minlength=size).astype(float)
    # Occurrences come in line order, so sorted stably by type each type's
    # occurrences are in line order: its first is its first line, its last its last.
    by_type = np.argsort(typ, kind="stable")
    sorted_line = line[by_type]
    starts = np.concatenate([[0], np.cumsum(count[:-1])]).astype(np.intp)
    ends = np.cumsum(count).astype(np.intp) - 1
    first = sorted_line[starts].astype(float)
    last = sorted_line[ends].astype(float)
    new_line = np.ones(len(sorted_line))
    new_line[1:] = sorted_line[1:] != sorted_line[:-1]
    new_line[starts] = 1.0
    lines_with = np.add.reduceat(new_line, starts)
    pos = line.astype(float)
    return {
        "logc": np.log(count),
        "first_exp01": np.exp(-0.1 * first),
        "first_exp05": np.exp(-0.5 * first),
        "first0": (first == 0).astype(float),
        "share": lines_with / m,
        "lead3": np.log1p(np.bincount(typ, weights=(line < 3).astype(float), minlength=size)),
        "c0": np.log1p(np.bincount(typ, weights=(line == 0).astype(float), minlength=size)),
        "pw1": np.log1p(np.bincount(typ, weights=np.exp(-0.1 * pos), minlength=size)),
        "pw3": np.log1p(np.bincount(typ, weights=np.exp(-0.3 * pos), minlength=size)),
        "qf": np.bincount(typ, weights=quote[line], minlength=size) / count,
        "spread": (last - first) / m,
        "logN": np.full(size, np.log(total)),
        "relc": count / total,
    }
