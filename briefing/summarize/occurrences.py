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


# The features occurrence_features makes, each from the lines a word or pair occurs in.
FEATURES = ("logc", "first_exp01", "first_exp05", "first0", "share", "lead3", "c0", "pw1", "pw3", "qf", "spread",
            "logN", "relc")
# Those that need where each type's occurrences start and end in line order (one stable sort).
_PLACED = frozenset({"first_exp01", "first_exp05", "first0", "share", "spread"})


def occurrence_features(line, typ, size, m, quote, total, wanted=FEATURES) -> dict:
    """Features of each word (or pair) from where it occurs: the line of every occurrence. Only those of
    `wanted` that are FEATURES are made (the pair model reads about half of them).

    Occurrences are in line order, and every type 0..size-1 occurs at least once.
    """
    wanted = [name for name in FEATURES if name in wanted]
    if size == 0:
        return {k: np.zeros(0) for k in wanted}
    count = np.bincount(typ, minlength=size).astype(float)
    features = {}
    if _PLACED.intersection(wanted):
        # Occurrences come in line order, so sorted stably by type each type's
        # occurrences are in line order: its first is its first line, its last its last.
        by_type = np.argsort(typ, kind="stable")
        sorted_line = line[by_type]
        starts = np.concatenate([[0], np.cumsum(count[:-1])]).astype(np.intp)
        first = sorted_line[starts].astype(float)
        if "first_exp01" in wanted:
            features["first_exp01"] = np.exp(-0.1 * first)
        if "first_exp05" in wanted:
            features["first_exp05"] = np.exp(-0.5 * first)
        if "first0" in wanted:
            features["first0"] = (first == 0).astype(float)
        if "share" in wanted:
            new_line = np.ones(len(sorted_line))
            new_line[1:] = sorted_line[1:] != sorted_line[:-1]
            new_line[starts] = 1.0
            features["share"] = np.add.reduceat(new_line, starts) / m
        if "spread" in wanted:
            ends = np.cumsum(count).astype(np.intp) - 1
            features["spread"] = (sorted_line[ends].astype(float) - first) / m
    if "logc" in wanted:
        features["logc"] = np.log(count)
    if "lead3" in wanted:
        features["lead3"] = np.log1p(np.bincount(typ, weights=(line < 3).astype(float), minlength=size))
    if "c0" in wanted:
        features["c0"] = np.log1p(np.bincount(typ, weights=(line == 0).astype(float), minlength=size))
    if "pw1" in wanted or "pw3" in wanted:
        pos = line.astype(float)
        for name, rate in (("pw1", -0.1), ("pw3", -0.3)):
            if name in wanted:
                features[name] = np.log1p(np.bincount(typ, weights=np.exp(rate * pos), minlength=size))
    if "qf" in wanted:
        features["qf"] = np.bincount(typ, weights=quote[line], minlength=size) / count
    if "logN" in wanted:
        features["logN"] = np.full(size, np.log(total))
    if "relc" in wanted:
        features["relc"] = count / total
    return {name: features[name] for name in wanted}
