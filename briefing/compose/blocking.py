"""Blocking for grouping (see grouping.py): the candidate pairs, reports that share one of their blocking terms.

Comparing every pair of a big day's reports is out of reach (1.25 billion at
50,000 reports); two reports of one story share a salient, not-too-common
term, so only those pairs are scored.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Candidate pairs are found this many reports at a time (see candidate_blocks).
PRODUCT_ROWS = 1024
# A term in more than `max_postings` reports may still block, for the reports holding it that are like its
# other holders (see event_rows), if it is in at most this many.
MAX_EVENT_POSTINGS = 2_000
# ... and at most this many pairs of reports in all may be added so: an event of 1,000 reports. (The
# made-up day of 50,000 seeds adds some 150,000. Two groups of 2,000 near-copies, with 4 million, took 27.8 s
# and 567 MB to group; four of 1,000, with a million, 6.9 s and 210 MB, against 2.2 s and 99 MB without.)
EVENT_PAIRS = 500_000
# The likenesses of the reports holding such terms are found a few terms at a time: at most this many
# holdings (their rows' entries are gathered, some 100 each) and this many cells of the terms' summed rows
# (8 bytes each).
LIKENESS_HOLDINGS = 2048
LIKENESS_CELLS = 1 << 20


def blocking_rows(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int, likeness: float | None = None,
) -> sparse.csr_matrix:
    """A row per report, True at each of its blocking terms: its `blocking_terms` most salient terms found
    in 2 to `max_postings` reports; and, with `likeness`, those of its `blocking_terms` most salient terms
    found in 2 to MAX_EVENT_POSTINGS that are in more than `max_postings`, when it is that like their other
    holders on average (see event_rows).

    Salient by (1 + log count) * idf, the plain TF-IDF weight: the words the report is about, not merely
    its rarest words (those would pair reports by a shared oddity and miss pairs that share the story's
    main vocabulary).
    """
    rows, cols, salience = _by_salience(matrix, df, idf, idf_power, 2, max_postings)
    top = _firsts(rows, blocking_terms)
    rows, cols, salience = rows[top], cols[top], salience[top]
    del top
    # Only whether two reports share a term matters: a byte an entry.
    salient = sparse.csr_matrix((np.ones(len(rows), bool), (rows, cols)), shape=matrix.shape)
    if likeness is None:
        return salient
    # An event that hundreds of the day's reports tell (a flood, a wire story the whole press runs) has its
    # names and words in more than max_postings of them: it was cut into as many stories, most of one report.
    events = event_rows(matrix, *_salient_wide(matrix, df, idf, idf_power, blocking_terms, max_postings,
                                               (rows, cols, salience)), likeness, max_postings)
    return salient if events is None else salient + events  # (boolean: either)


def _salient_wide(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, blocking_terms: int,
    max_postings: int, narrow: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """The (report, term) entries of the terms in more than `max_postings` reports (and at most
    MAX_EVENT_POSTINGS) among each report's `blocking_terms` most salient of the terms in 2 to
    MAX_EVENT_POSTINGS; `narrow`, its blocking entries in 2 to `max_postings` (_by_salience's order).

    Only a term as salient as the report's last blocking term can be among them: the others (most of the
    entries of a big day: 630,000 of 916,000 at 10,000 real articles) are not sorted.
    """
    rows, cols, salience = narrow
    n = matrix.shape[0]
    last = np.full(n, -np.inf)  # the salience a wide term needs, from a report with its blocking terms all found
    full = np.flatnonzero(np.bincount(rows, minlength=n) >= max(1, blocking_terms))
    last[full] = salience[np.searchsorted(rows, full) + blocking_terms - 1]
    wide_rows, wide_cols, wide_salience = _by_salience(matrix, df, idf, idf_power, max_postings + 1,
                                                       MAX_EVENT_POSTINGS, above=last, ordered=False)
    # The same order as one sort of all the entries in 2 to MAX_EVENT_POSTINGS reports (see _by_salience).
    rows, cols = np.concatenate((rows, wide_rows)), np.concatenate((cols, wide_cols))
    order = np.lexsort((cols, -np.concatenate((salience, wide_salience)), rows))
    rows, cols = rows[order], cols[order]
    wide = _firsts(rows, blocking_terms) & (order >= len(narrow[0]))
    return rows[wide], cols[wide]


def event_rows(matrix: sparse.csr_matrix, reports: np.ndarray, terms: np.ndarray, likeness: float, fewest: int
               ) -> sparse.csr_matrix | None:
    """True at each of the holdings (`reports`[k] holds `terms`[k]) whose report's mean likeness to the
    term's other holders among them (the dot product of their unit rows) reaches `likeness`, for the terms
    with more than `fewest` such holders (an event of hundreds: a term of fewer, in few more reports, is a
    topic's, whose reports would pair by the few near-copies among them); None if there is none.

    A report's own mean, not the term's: the term's would be ruled by a tight few (a few hundred
    near-copies of one spam make the common words they share look like an event's, and would pair every
    other report holding them). A topic word ("police", "year") is held by reports alike in little else:
    none of them reaches it. (Two events whose reports are, across them, as alike as one story's are one
    story to the similarity too, as they always were under MAX_POSTINGS reports.) The pairs they may add
    are bounded (see _within_budget).
    """
    # Only a term held by more than `fewest` can have more than `fewest` alike: the others are not weighed.
    enough = np.bincount(terms)[terms] > max(1, fewest) if len(terms) else np.zeros(0, bool)
    reports, terms = reports[enough], terms[enough]
    del enough
    if not len(reports):
        return None
    wide, terms = np.unique(terms, return_inverse=True)
    order = np.lexsort((reports, terms))
    reports, terms = reports[order].astype(np.intp), terms[order]
    del order
    starts = np.searchsorted(terms, np.arange(len(wide) + 1))
    held = np.diff(starts)
    lengths = np.diff(matrix.indptr)
    columns = matrix.shape[1]
    alike = np.zeros(len(reports), bool)
    first = 0
    while first < len(wide):
        last = first + max(1, min(
            int(np.searchsorted(starts[first + 1:], starts[first] + LIKENESS_HOLDINGS, "right")),
            LIKENESS_CELLS // max(1, columns)))
        part = slice(starts[first], starts[last])
        # Each holding's row, entry by entry, as a cell of its term's summed row (term, column).
        count = lengths[reports[part]]
        ends = np.cumsum(count)
        at = np.repeat(matrix.indptr[reports[part]] - (ends - count), count) + np.arange(int(ends[-1]))
        cells = np.repeat((terms[part] - first).astype(np.int64) * columns, count) + matrix.indices[at]
        values = matrix.data[at]
        del at
        summed = np.bincount(cells, weights=values, minlength=(last - first) * columns)
        dots = np.bincount(np.repeat(np.arange(len(count)), count), weights=values * summed[cells],
                           minlength=len(count))
        del cells, values, summed
        alike[part] = dots - 1.0 >= likeness * (held[terms[part]] - 1)  # (less its own: a unit row's is 1)
        first = last
    counts = np.bincount(terms[alike], minlength=len(wide))
    eligible = np.flatnonzero(counts > max(1, fewest))
    # The terms with the fewest alike holders first (an event's own names before the words it shares with
    # its topic), each whole, while the pairs they may add stay within EVENT_PAIRS.
    ranked = eligible[np.lexsort((wide[eligible], counts[eligible]))]
    taken = _within_budget(ranked, [reports[starts[t]:starts[t + 1]][alike[starts[t]:starts[t + 1]]] for t in ranked],
                           matrix.shape[0], len(wide))
    keep = alike & taken[terms]
    if not keep.any():
        return None
    kind = index_type(max(matrix.shape))
    return sparse.csr_matrix((np.ones(int(keep.sum()), bool), (reports[keep].astype(kind),
                                                                wide[terms[keep]].astype(kind))),
                             shape=matrix.shape)


def _within_budget(ranked: np.ndarray, holders: list[np.ndarray], n: int, terms: int) -> np.ndarray:
    """Whether each of `terms` is taken: those of `ranked` (in turn; `holders`, the reports each pairs) whose
    pairs keep the pairs all taken terms may make within EVENT_PAIRS, else left out.

    The pairs are counted by the groups the taken terms join their reports into, U (U - 1) / 2 each at
    most: one event's terms pair its reports again and again, and counted term by term, the repeated terms
    of a few events took the budget and left the biggest one cut apart.
    """
    taken = np.zeros(terms, bool)
    group = np.full(n, -1)  # each report's group, by the number of the term that made it (-1: in none)
    sizes: dict[int, int] = {}
    counted = 0
    for term, reports in zip(ranked.tolist(), holders):
        found = group[reports]
        joined = np.unique(found[found >= 0]).tolist()
        size = int((found < 0).sum()) + sum(sizes[g] for g in joined)
        more = size * (size - 1) // 2 - sum(sizes[g] * (sizes[g] - 1) // 2 for g in joined)
        if counted + more > EVENT_PAIRS:
            continue
        counted += more
        taken[term] = True
        if joined:
            group[np.isin(group, joined)] = term
        group[reports] = term
        for g in joined:
            del sizes[g]
        sizes[term] = size
    return taken


def _by_salience(
    matrix: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray, idf_power: float, fewest: int, most: int,
    above: np.ndarray | None = None, ordered: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of the terms found in `fewest` to `most` reports, as (report, term, salience): each
    report's in turn, its most salient first (a tie: the lower term first), unless not `ordered`; with
    `above`, only those at least as salient as their report's `above`."""
    n = matrix.shape[0]
    kind = index_type(max(n, matrix.shape[1]))  # (a big day's million entries in half the memory)
    usable = (df >= fewest) & (df <= most)
    keep = usable[matrix.indices]
    rows = np.repeat(np.arange(n, dtype=kind), np.diff(matrix.indptr))[keep]
    cols = matrix.indices[keep].astype(kind)
    # The matrix holds idf ** power; divide down to plain tf-idf.
    salience = matrix.data[keep] / idf[cols] ** (idf_power - 1.0)
    del keep
    if above is not None:
        enough = salience >= above[rows]
        rows, cols, salience = rows[enough], cols[enough], salience[enough]
    if not ordered:
        return rows, cols, salience
    order = np.lexsort((cols, -salience, rows))
    return rows[order], cols[order], salience[order]


def _firsts(rows: np.ndarray, most: int) -> np.ndarray:
    """Whether each entry is among the first `most` of its report's (`rows` ascending)."""
    return np.arange(len(rows)) - np.searchsorted(rows, rows, side="left") < most


def candidate_blocks(blocking: sparse.csr_matrix, among: np.ndarray | None = None):
    """The pairs (i, j) of reports that share a blocking term, PRODUCT_ROWS reports' pairs at a time: each
    (i < j) once, or with `among`, every pair with an end in `among` from that end (a pair of two of them
    twice, in both orders).

    Postings are short (capped), so the product blocking @ blocking.T is sparse. It is made a few thousand
    rows at a time, each row's pairs as the whole product would give them: the whole of it, and its upper
    triangle, took 70 MB at once on a day of 50,000 reports (1.4 million pairs).
    """
    n = blocking.shape[0]
    ends = blocking.T.tocsr()
    wanted = np.arange(n) if among is None else among
    kind = index_type(n)  # (a big day's pairs in half the memory)
    for start in range(0, len(wanted), PRODUCT_ROWS):
        part = wanted[start:start + PRODUCT_ROWS]
        shared = (blocking[part] @ ends).tocoo()
        a, b = part[shared.row], shared.col
        del shared
        pair = a < b if among is None else a != b
        block = a[pair].astype(kind), b[pair].astype(kind)
        del a, b, pair  # (the product's pairs, in both orders: not held while the block's pairs are scored)
        yield block


def pairs_among(blocking: sparse.csr_matrix, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) of reports that share a blocking term with i or j in `among`, each once."""
    n = blocking.shape[0]
    kind = index_type(n)
    firsts, seconds = [np.zeros(0, kind)], [np.zeros(0, kind)]
    for a, b in candidate_blocks(blocking, among):
        firsts.append(a)
        seconds.append(b)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    del firsts, seconds
    keys = np.unique(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    return (keys // n).astype(kind), (keys % n).astype(kind)


def index_type(n: int) -> type:
    """The integer type for numbers below n: int32 where it will do (half the memory of a big day's pairs)."""
    return np.int32 if n < 2**31 else np.int64
