"""Summary quality: ROUGE of LEAD-3, every algorithm briefing offers, and its default, per source.

    python benchmarks/quality.py [--data PATH] [--limit N] [--sentences 3]

Runs on ../shared/eval/news-dev.jsonl by default (or any JSONL with `id`,
`source`, `title`, `text` and `reference`, one reference sentence per line)
and prints, per source and side by side, ROUGE-1, ROUGE-2 and ROUGE-Lsum F1
(x100; the `rouge-score` package, Porter stemming on, sentences separated by
newlines) of:

* LEAD-3: the first three sentences, split by the same tokenizer;
* every algorithm `briefing` offers, through the same code path as
  `briefing summarize` (the article's title, when the data has one, is its
  title; sentences over the run-on limit are never chosen);
* the key points of the default algorithm, scored against the same
  reference, and the share of key points that repeat a summary sentence
  (by design this must be 0).

`--limit N` keeps the first N articles of each source.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_SET, load_articles, table  # noqa: E402

from rouge_score import rouge_scorer  # noqa: E402

from briefing.config import ALGORITHMS, DEFAULT_ALGORITHM, load_config  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.summarize.article import summarize_article  # noqa: E402
from briefing.summarize.tokenize import OfflineTokenizer  # noqa: E402

SOURCES = ("cnndm", "xsum", "bbc")
METRICS = ("rouge1", "rouge2", "rougeLsum")


def article_of(record: dict) -> Article:
    paragraphs = tuple(p for p in record["text"].split("\n\n") if p.strip())
    # No made-up title for sources without one: the summariser then has none.
    return Article(seed=record["id"], title=record.get("title") or "", paragraphs=paragraphs, content_hash="")


def lead(article: Article, count: int) -> list[str]:
    tokenizer = OfflineTokenizer()
    sentences = [s for p in article.paragraphs for s in tokenizer.to_sentences(p)]
    return sentences[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_SET)
    parser.add_argument("--limit", type=int, help="articles per source")
    parser.add_argument("--sentences", type=int, default=3)
    args = parser.parse_args()

    records = load_articles(args.data)
    if args.limit:
        seen: Counter = Counter()
        records = [r for r in records if seen.update([r["source"]]) or seen[r["source"]] <= args.limit]
    config = load_config(cwd=Path("/"))
    settings = dataclasses.replace(config.summary, sentences=args.sentences)
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)

    methods = [f"lead{args.sentences}", *ALGORITHMS]
    totals: dict = defaultdict(lambda: [0.0] * len(METRICS))
    seconds: Counter = Counter()
    counts: Counter = Counter()
    points_total = points_repeating = 0

    def add(key, reference: str, prediction: list[str]) -> None:
        scores = scorer.score(reference, "\n".join(prediction))
        for k, metric in enumerate(METRICS):
            totals[key][k] += scores[metric].fmeasure

    for record in records:
        source = record["source"]
        counts[source] += 1
        article = article_of(record)
        add((source, methods[0]), record["reference"], lead(article, args.sentences))
        for algorithm in ALGORITHMS:
            start = time.perf_counter()
            summary = summarize_article(article, settings, config.limits.max_sentences, algorithm)
            seconds[algorithm] += time.perf_counter() - start
            chosen = [s.text for s in summary.sentences]
            add((source, algorithm), record["reference"], chosen)
            if algorithm == DEFAULT_ALGORITHM:
                add((source, "key points"), record["reference"], list(summary.key_points))
                points_total += len(summary.key_points)
                points_repeating += sum(1 for p in summary.key_points if p in chosen)

    sources = [s for s in SOURCES if counts[s]] + sorted(set(counts) - set(SOURCES))
    print(f"ROUGE F1 x100 (R-1 / R-2 / R-Lsum), {args.sentences} sentences; data {args.data.name}: "
          + ", ".join(f"{s} {counts[s]}" for s in sources) + "\n")
    header = ["method", *(f"{s} ({counts[s]})" for s in sources), "seconds"]
    rows = []
    for method in [*methods, "key points"]:
        label = f"{method} (default)" if method == DEFAULT_ALGORITHM else method
        if method == "key points":
            label = f"key points of {DEFAULT_ALGORITHM}"
        cells = [" / ".join(f"{100 * v / counts[s]:4.1f}" for v in totals[(s, method)]) for s in sources]
        rows.append([label, *cells, f"{seconds[method]:.1f}" if method in seconds else ""])
    print(table(header, rows))
    lead_key = methods[0]
    print()
    for source in sources:
        ours = [100 * v / counts[source] for v in totals[(source, DEFAULT_ALGORITHM)]]
        base = [100 * v / counts[source] for v in totals[(source, lead_key)]]
        diff = " / ".join(f"{o - b:+.1f}" for o, b in zip(ours, base))
        print(f"{DEFAULT_ALGORITHM} - {lead_key} on {source}: {diff}")
    share = points_repeating / points_total if points_total else 0.0
    print(f"\nkey points: {points_total} in all, {points_total / len(records):.1f} per article; "
          f"share repeating a summary sentence: {share:.3f}")


if __name__ == "__main__":
    main()
