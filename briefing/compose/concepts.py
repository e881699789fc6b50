"""Concepts of a story: content-stem bigrams that several reports share, and the concept ILP.

Gillick and Favre (2009): a summary is good when it covers the concepts
(here bigrams of content stems) that many of a story's reports use; each
concept counts once, so repeating it earns nothing. `solve_ilp` finds the
best set within the budget with SciPy's HiGHS (`scipy.optimize.milp`), bounded
in nodes and time; `greedy_concepts` is the fallback.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy import sparse

# Bounds on the ILP solver. HiGHS solves the dev stories at the root node in
# 20-150 ms; the node limit keeps results deterministic, the time limit is a
# safety net (past it, the greedy solution is used, which then depends on the
# machine's load).
ILP_NODES = 500
ILP_SECONDS = 1.0


def concept_weights(candidates, order, share):
    """Bigram concepts of each candidate, and each concept's weight: how many reports use it."""
    reports_of: dict[tuple[str, str], set[int]] = defaultdict(set)
    concepts_of = {}
    for k in order:
        stems = candidates[k].stems
        # Bigrams of adjacent content stems ("prime minist", "minist netanyahu"):
        # unlike single words they carry who did what.
        concepts_of[k] = frozenset(zip(stems, stems[1:]))
        for concept in concepts_of[k]:
            reports_of[concept].add(candidates[k].report)
    reports = len({candidates[k].report for k in order})
    least = max(2, math.ceil(share * reports))
    weights = {c: len(r) for c, r in reports_of.items() if len(r) >= least}
    return concepts_of, weights


def solve_ilp(lengths, sentence_concepts, weights, duplicate_pairs, word_limit, sentence_limit, seconds):
    """Gillick & Favre's ILP: max sum w_c c_c, subject to the budget and s_j <= c_i, c_i <= sum s_j.

    None when the solver finds no solution in time.
    """
    concept_ids: dict = {}
    for concepts in sentence_concepts:
        for concept in sorted(concepts):
            concept_ids.setdefault(concept, len(concept_ids))
    ns, nc = len(sentence_concepts), len(concept_ids)
    if nc == 0:
        return None
    # Imported here: scipy.optimize takes most of a second to import, and
    # only the non-default "ilp" method needs it.
    from scipy.optimize import Bounds, LinearConstraint, milp

    w = np.zeros(nc)
    for concept, cid in concept_ids.items():
        w[cid] = weights[concept]
    objective = np.concatenate([np.zeros(ns), -w])
    # A tiny cost per word: among covers of equal weight, the shorter.
    objective[:ns] += 1e-4 * np.asarray(lengths, float) / max(lengths)
    occ_s, occ_c = [], []
    for s, concepts in enumerate(sentence_concepts):
        for concept in concepts:
            occ_s.append(s)
            occ_c.append(ns + concept_ids[concept])
    m = len(occ_s)
    rows = np.arange(m)
    constraints = [
        # s_j - c_i <= 0: a chosen sentence covers its concepts.
        LinearConstraint(sparse.csr_matrix((np.r_[np.ones(m), -np.ones(m)], (np.r_[rows, rows], np.r_[occ_s, occ_c])),
                                           shape=(m, ns + nc)), -np.inf, 0),
        # c_i - sum_{j has i} s_j <= 0: a concept counts only if a chosen sentence has it.
        LinearConstraint(sparse.csr_matrix((np.r_[np.ones(nc), -np.ones(m)],
                                            (np.r_[np.arange(nc), np.asarray(occ_c) - ns], np.r_[ns + np.arange(nc), occ_s])),
                                           shape=(nc, ns + nc)), -np.inf, 0),
    ]
    if word_limit is not None:
        constraints.append(LinearConstraint(np.r_[np.asarray(lengths, float), np.zeros(nc)][None, :], 0, word_limit))
    if sentence_limit is not None:
        constraints.append(LinearConstraint(np.r_[np.ones(ns), np.zeros(nc)][None, :], 0, sentence_limit))
    if duplicate_pairs:
        d = len(duplicate_pairs)
        a, b = zip(*duplicate_pairs)
        constraints.append(LinearConstraint(
            sparse.csr_matrix((np.ones(2 * d), (np.r_[np.arange(d), np.arange(d)], np.r_[a, b])), shape=(d, ns + nc)),
            -np.inf, 1))
    result = milp(objective, constraints=constraints, integrality=np.ones(ns + nc), bounds=Bounds(0, 1),
                  options={"time_limit": seconds, "node_limit": ILP_NODES, "disp": False})
    if result.x is None:
        return None
    return [s for s in range(ns) if result.x[s] > 0.5]


def greedy_concepts(lengths, sentence_concepts, weights, duplicate, word_limit, sentence_limit):
    """Greedy concept coverage by gain per word: the ILP's fallback."""
    covered: set = set()
    chosen: list[int] = []
    used = 0
    left = set(range(len(lengths)))
    while left and (sentence_limit is None or len(chosen) < sentence_limit):
        best, best_gain = None, 0.0
        for s in sorted(left):
            if word_limit is not None and used + lengths[s] > word_limit:
                continue
            gain = sum(weights[c] for c in sentence_concepts[s] - covered) / lengths[s]
            if gain > best_gain:
                best, best_gain = s, gain
        if best is None:
            break
        chosen.append(best)
        covered |= sentence_concepts[best]
        used += lengths[best]
        left -= {best} | {t for t in left if duplicate[best, t]}
    return chosen


