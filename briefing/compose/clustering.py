"""Average-link agglomerative clustering over a sparse similarity graph (see grouping.py)."""

from __future__ import annotations

import heapq
from collections.abc import Iterator

import numpy as np


# The queue of merged groups' entries is first swept of dead ones at this length.
SWEEP_AT = 4096


def average_link(n: int, i: np.ndarray, j: np.ndarray, sims: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering over a sparse similarity graph.

    Missing pairs have similarity 0, so the average similarity of two groups
    is (sum of their pairs' similarities) / (size * size). Merging stops when
    no two groups reach `threshold`: one strong pair cannot pull two groups
    together the way single-link chaining does. Ties go to the pair of
    groups with the lowest ids (ids follow the canonical order). Returns each
    report's group label.

    A big day has millions of pairs (1.1 million at 50,000 reports): held as
    Python dicts and tuples they took 360 MB. So the pairs of single reports
    stay in flat arrays (an adjacency list, and the queue's first entries in
    order), and only a group made by a merge keeps a dict of its links.
    """
    low, high, summed = _summed_pairs(n, i, j, sims)
    graph = _Graph(n, low, high, summed)
    # Only pairs of groups that reach the threshold are queued: one below it could only end the
    # merging, which an empty queue does as well (the queue pops the most similar first). On a
    # big day most pairs are below it.
    first = _FirstEntries(low, high, summed, threshold)
    del low, high, summed  # (a big day's pairs: held twice over, in the graph and the queue)
    pushed: list[tuple[float, int, int]] = []  # entries for the groups merges make
    # A merge leaves the entries of the two groups it ends in the queue, to be skipped when popped. A
    # big day leaves hundreds of thousands (50 MB): the queue is swept of them when it has doubled.
    sweep_at = SWEEP_AT
    size = [1] * n
    parent = list(range(n))  # a group is alive while it is its own parent
    merged_links: dict[int, dict[int, float]] = {}  # a merged group's links: other group -> summed similarity

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return parent[x]  # x itself, but the int object `parent` holds: the dicts' keys share it (28 bytes each)

    def link(a: int, b: int, queued: float) -> float:
        if a in merged_links:
            return merged_links[a].get(b, 0.0)
        if b in merged_links:
            return merged_links[b].get(a, 0.0)
        return queued  # two single reports: only their first entry is queued, with their pair's sum

    def links_of(old: int) -> dict[int, float]:
        """The groups `old` links to now, and the summed similarity of each link."""
        if old in merged_links:
            return merged_links[old]
        found: dict[int, float] = {}
        for neighbour, weight in graph.row(old):
            group = root(neighbour)
            if group == neighbour:
                found[group] = weight
            elif group not in found:
                # A merged group holds the sum, added up as its members merged: the same float.
                found[group] = merged_links[group][old]
        return found

    while True:
        if pushed and (first.done or pushed[0] < first.head()):
            neg, a, b = heapq.heappop(pushed)
        elif not first.done:
            neg, a, b = first.pop()
        else:
            break
        if parent[a] != a or parent[b] != b:
            continue
        current = link(a, b, -neg) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:
            continue  # stale entry
        if current < threshold:
            break
        both = links_of(a), links_of(b)
        merged: dict[int, float] = {}
        for old, links in zip((a, b), both):
            merged_links.pop(old, None)
            for other, s in links.items():
                if other in (a, b):
                    continue
                merged[other] = merged.get(other, 0.0) + s
                if other in merged_links:
                    del merged_links[other][old]
        c = len(parent)
        parent.append(c)
        parent[a] = parent[b] = c
        size.append(size[a] + size[b])
        merged_links[c] = merged
        for other in sorted(merged):
            if other in merged_links:
                merged_links[other][c] = merged[other]
            average = merged[other] / (size[c] * size[other])
            if average >= threshold:
                heapq.heappush(pushed, (-average, min(other, c), max(other, c)))
        if len(pushed) > sweep_at:
            # An entry of two live groups is never stale (their link changes only when one of them merges),
            # so the entries kept pop as they would have.
            pushed = [entry for entry in pushed if parent[entry[1]] == entry[1] and parent[entry[2]] == entry[2]]
            heapq.heapify(pushed)
            sweep_at = max(SWEEP_AT, 2 * len(pushed))

    return [root(x) for x in range(n)]


def _summed_pairs(n: int, i: np.ndarray, j: np.ndarray, sims: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each pair of positive similarity once, as (lower end, higher end, sum): a pair given twice sums, in
    the order given."""
    # The ends stay in the type they come in (int32 from grouping): only the keys need 64 bits (n * n), and
    # ends widened first held two more arrays of a big day's pairs through the sort (9 MB at 50,000 reports).
    i, j, sims = np.asarray(i), np.asarray(j), np.asarray(sims, float)
    positive = (sims > 0) & (i != j)
    low, high, sims = np.minimum(i, j)[positive], np.maximum(i, j)[positive], sims[positive]
    del positive
    given = low.astype(np.int64)
    given *= n
    given += high
    del low, high
    order = np.argsort(given, kind="stable")
    keys = given[order]
    if len(keys) > 1 and (keys[1:] == keys[:-1]).any():
        keys, where = np.unique(given, return_inverse=True)
        summed = np.zeros(len(keys))
        np.add.at(summed, where.ravel(), sims)  # a running sum, as adding them one by one would
    else:  # each pair given once, as grouping gives them: no sums, and far less memory than np.unique
        summed = sims[order]
    del order, given
    kind = _index_type(n)  # (half the memory of a big day's pairs)
    return (keys // n).astype(kind), (keys % n).astype(kind), summed


def _index_type(n: int) -> type:
    return np.int32 if n < 2**31 else np.int64


class _Graph:
    """The pairs of single reports as a symmetric adjacency list in flat arrays, each report's neighbours
    ascending."""

    def __init__(self, n: int, low: np.ndarray, high: np.ndarray, summed: np.ndarray) -> None:
        # The pairs come sorted by (low, high). A report's neighbours are the lower ends of its pairs as
        # their higher end, then the higher ends of its pairs as their lower end: each placed by counting,
        # rather than sorting both ends of every pair together (on a big day, three times the memory).
        below, above = np.bincount(high, minlength=n), np.bincount(low, minlength=n)
        self.starts = np.concatenate(([0], np.cumsum(below + above)))
        self.neighbours = np.empty(2 * len(low), _index_type(n))
        self.weights = np.empty(2 * len(low))
        # As the higher end: the pairs by high, then low (a stable sort, as they are sorted by low).
        by_high = np.argsort(high, kind="stable")
        ends = high[by_high]
        place = self.starts[ends] - np.concatenate(([0], np.cumsum(below)))[ends]
        del ends
        place += np.arange(len(low))
        self.neighbours[place] = low[by_high]
        self.weights[place] = summed[by_high]
        del by_high
        # As the lower end: after the report's neighbours below it, in the order given.
        place = (self.starts + np.concatenate((below, [0])) - np.concatenate(([0], np.cumsum(above))))[low]
        place += np.arange(len(low))
        self.neighbours[place] = high
        self.weights[place] = summed

    def row(self, a: int) -> Iterator[tuple[int, float]]:
        start, end = self.starts[a], self.starts[a + 1]
        return zip(self.neighbours[start:end].tolist(), self.weights[start:end].tolist())


class _FirstEntries:
    """The queue's entries for pairs of single reports that reach the threshold, most similar first (ties:
    lowest ids), as arrays read in order: what a heap of them would pop, without a tuple for each."""

    BATCH = 4096  # entries made Python objects at a time

    def __init__(self, low: np.ndarray, high: np.ndarray, summed: np.ndarray, threshold: float) -> None:
        reach = summed >= threshold
        low, high, summed = low[reach], high[reach], summed[reach]
        order = np.lexsort((high, low, -summed))
        self.negated, self.low, self.high = -summed[order], low[order], high[order]
        self.batch: list[tuple[float, int, int]] = []
        self.taken = 0  # entries made into the batches so far
        self.at = 0  # the next entry's place in the batch
        self.done = False
        self._refill()

    def _refill(self) -> None:
        part = slice(self.taken, self.taken + self.BATCH)
        self.batch = list(zip(self.negated[part].tolist(), self.low[part].tolist(), self.high[part].tolist()))
        self.taken += len(self.batch)
        self.at = 0
        self.done = not self.batch

    def head(self) -> tuple[float, int, int]:
        return self.batch[self.at]

    def pop(self) -> tuple[float, int, int]:
        entry = self.batch[self.at]
        self.at += 1
        if self.at == len(self.batch):
            self._refill()
        return entry
