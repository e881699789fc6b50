"""Average-link agglomerative clustering over a sparse similarity graph (see grouping.py)."""

from __future__ import annotations

import heapq
from collections import defaultdict

import numpy as np


def average_link(n: int, i: np.ndarray, j: np.ndarray, sims: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering over a sparse similarity graph.

    Missing pairs have similarity 0, so the average similarity of two groups
    is (sum of their pairs' similarities) / (size * size). Merging stops when
    no two groups reach `threshold`: one strong pair cannot pull two groups
    together the way single-link chaining does. Ties go to the pair of
    groups with the lowest ids (ids follow the canonical order). Returns each
    report's group label.
    """
    size = {c: 1 for c in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, s in zip(i.tolist(), j.tolist(), sims.tolist()):
        if s > 0:
            links[a][b] = links[a].get(b, 0.0) + s
            links[b][a] = links[b].get(a, 0.0) + s
    # Only pairs of groups that reach the threshold are queued: one below it could only end the
    # merging, which an empty queue does as well (the queue pops the most similar first). On a
    # big day most pairs are below it.
    heap = [(-s, a, b) for a, nbrs in links.items() for b, s in nbrs.items() if a < b and s >= threshold]
    heapq.heapify(heap)
    parent = list(range(n))
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue
        current = links[a].get(b, 0.0) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:
            continue  # stale entry
        if current < threshold:
            break
        c = next_id
        next_id += 1
        parent.append(c)
        parent[a] = parent[b] = c
        size[c] = size.pop(a) + size.pop(b)
        merged: dict[int, float] = {}
        for old in (a, b):
            for other, s in links.pop(old).items():
                if other in (a, b):
                    continue
                merged[other] = merged.get(other, 0.0) + s
                del links[other][old]
        links[c] = merged
        for other in sorted(merged):
            links[other][c] = merged[other]
            average = merged[other] / (size[c] * size[other])
            if average >= threshold:
                heapq.heappush(heap, (-average, min(other, c), max(other, c)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    return [root(x) for x in range(n)]
