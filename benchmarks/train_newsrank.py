"""Train NewsRank's word and word-pair models and write newsrank_weights.json.

    python benchmarks/train_newsrank.py [--data ../shared/eval/cnndm-dev.jsonl] [--out FILE]

It writes briefing/summarize/data/newsrank_weights.json unless told otherwise; run
on the same data it rewrites the shipped file byte for byte.

Each article is split into sentences exactly as `briefing` does (its own
tokenizer and `build_document`), and NewsRank's own `analyse` gives the
features of every distinct word and word pair of the article; the label is
how often the article's reference summary (its highlights) uses that word or
pair, counted with the same tokenizer and stemmer. Four logistic regressions
(L2 = 1 on every weight but the intercept, Newton's method, deterministic):

* P(summary uses the word at least k times), k = 1, 2, 3;
* P(summary uses the pair at least once), with the word model's P(k >= 1)
  of its two words among the pair features.

One word feature, `lexp`, comes from a lexicon of stop words, made first from the
training articles: a word model without it (k = 1) gives every word of
every article the probability that the summary uses it; for each stop word
(stem) found as one in at least LEXICON_MIN_ARTICLES articles, the lexicon
holds log((articles whose summary used it + 5) / (sum of those probabilities
+ 5)). In training, each article sees the lexicon without itself (leave one
out: its own label never reaches its features), and a stem then in fewer
articles than the minimum has 0, as words outside the lexicon have. The lexicon is written to
newsrank_lexicon.json, for English only. (Other words were tried too, in
2-fold cross-validation: they added nothing, +0.02 R-1, and ten times the
table.)

Nothing is random: the same data gives the same file. `--half 0|1` trains on
one hash half of the data (sha256 of the id, even / odd), for the
cross-validation measured in benchmarks/quality.py's notes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

from briefing.summarize.newsrank import _TOKEN, LEXICON_FILE, WEIGHTS_FILE, Analysis, NewsRankSummarizer

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "eval" / "cnndm-dev.jsonl"
WORD_FEATURES = (
    "logc", "first_exp01", "first_exp05", "first0", "share", "lead3", "stop", "nchar", "digit",
    "stopXlogc", "logN", "spread", "c0", "pw1", "pw3", "qf", "relc", "lexp",
)
LEXICON_FEATURES = ("lexp",)
PAIR_FEATURES = (
    "logc", "first_exp01", "first_exp05", "first0", "share", "lead3", "nstop", "digit", "logN", "pmin", "pmax",
)
LEVELS = 3  # P(count >= k) for k = 1..LEVELS
L2 = 1.0
LEXICON_MIN_ARTICLES = 20  # a stem is in the lexicon when found in at least this many training articles
LEXICON_SMOOTHING = 5.0  # pseudo-counts added to both the used and the expected count


def half(id_: str) -> int:
    return int(hashlib.sha256(id_.encode()).hexdigest(), 16) % 2


def load_records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sentences_of(record: dict, language: str = "english") -> tuple[list[str], str]:
    """The article's sentences as briefing splits them, and its title."""
    from briefing.config import load_config
    from briefing.models import Article
    from briefing.summarize.sumy_bridge import build_document
    from briefing.summarize.toolkit import toolkit

    paragraphs = tuple(p for p in record["text"].split("\n\n") if p.strip())
    article = Article(seed=record["id"], title=record.get("title") or "", paragraphs=paragraphs, content_hash="",
                      lang=language)
    document = build_document(article, toolkit(language), load_config(cwd=Path("/")).limits.max_sentences)
    return [str(s) for s in document.sentences], article.title


def skeleton_weights() -> dict:
    """Weights with the right feature names and zero values: enough for `analyse`."""
    return {
        "word_features": WORD_FEATURES, "word": [np.zeros(len(WORD_FEATURES) + 1)] * LEVELS,
        "pair_features": PAIR_FEATURES, "pair": np.zeros(len(PAIR_FEATURES) + 1),
    }


def summarizer(language: str = "english", weights: dict | None = None) -> NewsRankSummarizer:
    from briefing.summarize.toolkit import toolkit

    kit = toolkit(language)
    return NewsRankSummarizer(kit.stemmer, kit.stop_words, weights or skeleton_weights())


def examples(records: list[dict], language: str = "english"):
    """(analysis, word labels, pair labels) for each record."""
    ranker = summarizer(language)
    out = []
    for record in records:
        texts, title = sentences_of(record, language)
        if not texts:
            continue
        a = ranker.analyse(texts, title or None)
        ref = [ranker._stem(w)[0] for w in _TOKEN.findall(record["reference"].lower())]
        words, pairs = Counter(ref), Counter(zip(ref, ref[1:]))
        out.append((a, np.array([words[k] for k in a.word_keys], float),
                    np.array([pairs[k] for k in ranker.pair_keys(a)], float)))
    return out


def logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 100) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; the last column of x is the intercept."""
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def lexicon(data) -> tuple[dict, list]:
    """The lexicon {stem: value} of `examples` output, and the examples with leave-one-out lexicon features."""
    base = [i for i, name in enumerate(WORD_FEATURES) if name not in LEXICON_FEATURES] + [len(WORD_FEATURES)]
    x = np.vstack([a.word_x[:, base] for a, _, _ in data])
    y = np.concatenate([yw for _, yw, _ in data])
    w = logistic(x, (y >= 1).astype(float))
    stop = WORD_FEATURES.index("stop")
    used, expected, articles = Counter(), Counter(), Counter()
    probabilities = []
    for a, yw, _ in data:
        p = 1.0 / (1.0 + np.exp(-a.word_x[:, base] @ w))
        probabilities.append(p)
        for key, label, pk, is_stop in zip(a.word_keys, yw, p, a.word_x[:, stop]):
            if not is_stop:
                continue
            articles[key] += 1
            used[key] += label >= 1
            expected[key] += pk

    def value(u, e):
        return np.log((u + LEXICON_SMOOTHING) / (e + LEXICON_SMOOTHING))

    table = {key: round(float(value(used[key], expected[key])), 4)
             for key in sorted(articles) if articles[key] >= LEXICON_MIN_ARTICLES}
    column = WORD_FEATURES.index("lexp")
    out = []
    for (a, yw, yp), p in zip(data, probabilities):
        b = Analysis()
        for slot in Analysis.__slots__:
            setattr(b, slot, getattr(a, slot))
        b.word_x = a.word_x.copy()
        for j, (key, label, pk, is_stop) in enumerate(zip(a.word_keys, yw, p, a.word_x[:, stop])):
            known = bool(is_stop) and articles[key] - 1 >= LEXICON_MIN_ARTICLES
            b.word_x[j, column] = value(used[key] - (label >= 1), expected[key] - pk) if known else 0.0
        out.append((b, yw, yp))
    return table, out


def fit(data, language: str = "english") -> dict:
    """The weights (as NewsRank loads them, the lexicon of `language` with them) from `examples` output."""
    table, data = lexicon(data)
    x = np.vstack([a.word_x for a, _, _ in data])
    y = np.concatenate([yw for _, yw, _ in data])
    word = [logistic(x, (y >= k).astype(float)) for k in range(1, LEVELS + 1)]
    weights = {"word_features": WORD_FEATURES, "word": word, "pair_features": PAIR_FEATURES, "pair": np.zeros(len(PAIR_FEATURES) + 1)}
    ranker = summarizer(weights=weights)
    xs = []
    for a, _, _ in data:
        p1 = ranker.probabilities(a)[0][:, 0]
        f = dict(a.pair_x_partial)
        parts = p1[a.pair_parts] if len(a.pair_parts) else np.zeros((0, 2))
        f.update(pmin=parts.min(1) if len(parts) else np.zeros(0), pmax=parts.max(1) if len(parts) else np.zeros(0))
        xs.append(np.column_stack([f[k] for k in PAIR_FEATURES] + [np.ones(len(parts))]))
    yp = np.concatenate([yp for _, _, yp in data])
    weights["pair"] = logistic(np.vstack(xs), (yp >= 1).astype(float))
    weights["lexicon"] = {language: table}
    return weights


def to_json(weights: dict, trained_on: str) -> str:
    def row(values):
        return "[" + ", ".join(f"{float(f'{x:.6g}')!r}" for x in values) + "]"

    names = lambda v: json.dumps(list(v))  # noqa: E731
    return (
        "{\n"
        ' "about": "NewsRank word and word-pair models: logistic weights, one per feature, the last is the intercept. '
        'word[k-1] gives P(a summary uses the word at least k times). Made by train.py.",\n'
        f' "trained_on": {json.dumps(trained_on)},\n'
        f' "word_features": {names(weights["word_features"])},\n'
        ' "word": [\n  ' + ",\n  ".join(row(w) for w in weights["word"]) + "\n ],\n"
        f' "pair_features": {names(weights["pair_features"])},\n'
        f' "pair": {row(weights["pair"])}\n'
        "}\n"
    )


def lexicon_json(weights: dict, trained_on: str) -> str:
    lexicons = {language: dict(sorted(table.items())) for language, table in weights["lexicon"].items()}
    about = ("NewsRank's lexicons: per language, for each stop word (stem) found as one in at least "
             f"{LEXICON_MIN_ARTICLES} training articles, log((articles whose summary used it + "
             f"{LEXICON_SMOOTHING:g}) / (expected such articles + {LEXICON_SMOOTHING:g})). Made by train_newsrank.py.")
    return json.dumps({"about": about, "trained_on": trained_on, "lexicons": lexicons},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--lexicon-out", type=Path, default=LEXICON_FILE)
    parser.add_argument("--half", type=int, choices=(0, 1), help="train on this hash half only")
    args = parser.parse_args()
    records = load_records(args.data)
    if args.half is not None:
        records = [r for r in records if half(r["id"]) == args.half]
    data = examples(records)
    weights = fit(data)
    label = f"{args.data.name}: {len(data)} articles" + (f" (hash half {args.half})" if args.half is not None else "")
    args.out.write_text(to_json(weights, label), encoding="utf-8")
    args.lexicon_out.write_text(lexicon_json(weights, label), encoding="utf-8")
    print(f"wrote {args.out} and {args.lexicon_out} ({len(weights['lexicon']['english'])} stems) from {label}")


if __name__ == "__main__":
    main()
