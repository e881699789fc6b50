"""Summary quality in one run, LEAD-3 beside every figure: the dev sets, the real pages, language detection.

    python benchmarks/quality.py                 # everything: 15 to 30 minutes on 2 cores
    python benchmarks/quality.py --quick         # a smoke test: fewer articles, 1,000 resamples
    python benchmarks/quality.py --skip-cv --skip-pages
    python benchmarks/quality.py --data other.jsonl --limit 50 --skip-pages

Needs `rouge-score` (`pip install -e '.[bench]'`). Reads ../shared/eval/
(news-dev.jsonl, cnndm-dev.jsonl, multilingual-dev.jsonl) and ../shared/pages/;
writes nothing. Prints Markdown tables, in this order:

1. news-dev (`--data`; any JSONL with `id`, `source`, `title`, `text` and
   `reference`, one reference sentence per line), per source: ROUGE-1, ROUGE-2
   and ROUGE-Lsum F1 (x100; `rouge-score`, Porter stemming on, sentences
   separated by newlines) of LEAD-3 (the first three sentences, split by the
   same tokenizer), of every algorithm `briefing` offers through the same
   code path as `briefing summarize` (the article's title, when the data has
   one, is its title; the language is detected; sentences over the run-on
   limit are never chosen) with the seconds each took, and of the default's
   key points (scored against the same reference; their job is different, so
   a lower ROUGE is expected); then the default minus LEAD-3 per source with
   paired bootstrap 95% intervals, and the share of key points that repeat a
   summary sentence (0 by design).
2. cnndm-dev (2,000 lower-cased CNN/DM test articles, language given as
   English): LEAD-3 against the default summariser, per hash half (sha256 of
   the id, even / odd) and whole. NewsRank's shipped weights were trained on
   this very file (benchmarks/train_newsrank.py), so that figure is
   in-sample; the honest one is the 2-fold cross-validated figure: the
   weights are trained with train_newsrank's own `examples` and `fit` on one
   half, the other half is summarised with them through `summarize_article`,
   and both held-out halves are pooled (`--skip-cv` leaves it out).
3. multilingual-dev (French, Portuguese, Spanish), the article's language
   given: LEAD-3 (the language's own sentence splitter) against the default,
   ROUGE on `\\w+` tokens, lower-cased, no stemmer (rouge-score's default
   tokenizer drops non-ASCII letters), paired intervals.
4. Language detection without a given language (`detect_language(text,
   "english")`, as for a seed without front matter): accuracy per language on
   the multilingual texts, the English news-dev texts and (not a goal: it is
   lower-cased) the cnndm-dev texts.
5. Real pages: ../shared/pages/check_pages.py run on the `briefing` program
   next to this Python (`--briefing` to choose another) over `--pages`: its
   summary block, then the share of titles equal to the expected one, of
   summary sentences and of key points found in the page's visible text,
   boilerplate snippets (`not_in_text`) found, and defects (lint, any kind)
   per 100 items (`--skip-pages` leaves it out).
6. The goals of the issue: met or missed, with the figures.

Paired differences are per article (method minus LEAD-3), with percentile
bootstrap 95% intervals of the mean (10,000 resamples of the articles, seed
0; `--quick`: 1,000). `--limit N` keeps the first N articles of each news-dev
source, of each language and of cnndm-dev; `--quick` is `--limit` 30 (300
for cnndm-dev) and 1,000 resamples.

How the cross-validated weights reach `summarize_article`: it ranks through
`briefing.summarize.sumy_bridge.rank_sentences`, which takes NewsRank from
the module-level, per-language cache `sumy_bridge.newsrank(language)`. For the
held-out half that function is swapped (`newsrank_weights` below) for one
that returns a `NewsRankSummarizer` built with the same stemmer and stop words
and the half's weights, and put back afterwards. Everything else (document
building, run-on limits, choosing, key points) is the product's own path;
the script checks that the swapped ranker was used.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CNNDM_SET, DEV_SET, REPO, load_articles, table  # noqa: E402

from rouge_score import rouge_scorer  # noqa: E402

from briefing.config import ALGORITHMS, DEFAULT_ALGORITHM, load_config  # noqa: E402
from briefing.errors import SeedError  # noqa: E402
from briefing.languages import language_name  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.summarize import sumy_bridge  # noqa: E402
from briefing.summarize.article import summarize_article  # noqa: E402
from briefing.summarize.detect import detect_language  # noqa: E402
from briefing.summarize.toolkit import toolkit  # noqa: E402

EVAL = DEV_SET.parent
MULTILINGUAL_SET = EVAL / "multilingual-dev.jsonl"
PAGES = REPO.parent / "shared" / "pages"
SOURCES = ("cnndm", "xsum", "bbc")
LANGUAGES = ("fr", "pt", "es")
METRICS = ("rouge1", "rouge2", "rougeLsum")
RESAMPLES = 10_000
QUICK_LIMIT, QUICK_CNNDM, QUICK_RESAMPLES = 30, 300, 1_000


# --- scoring ---------------------------------------------------------------------------


class WordTokens:
    """rouge-score tokenizer for languages other than English: `\\w+`, lower-cased, no stemmer."""

    def tokenize(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())


ENGLISH = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
OTHER = rouge_scorer.RougeScorer(list(METRICS), tokenizer=WordTokens())


def rouge(reference: str, sentences: list[str], language: str = "english") -> list[float]:
    """R-1, R-2, R-Lsum F1 x100 of `sentences` (one per line) against the reference."""
    scores = (ENGLISH if language == "english" else OTHER).score(reference, "\n".join(sentences))
    return [100 * scores[m].fmeasure for m in METRICS]


def bootstrap(diff, resamples: int, seed: int = 0) -> tuple[float, float, float]:
    """Mean of the paired differences and its percentile bootstrap 95% interval."""
    diff = np.asarray(diff, float)
    rng = np.random.default_rng(seed)
    means, left = [], resamples
    while left:  # in blocks, so 10,000 x 2,000 indexes are never held at once
        block = min(left, 500)
        means.append(diff[rng.integers(0, len(diff), size=(block, len(diff)))].mean(axis=1))
        left -= block
    means = np.concatenate(means)
    return float(diff.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def interval(diff, resamples: int) -> str:
    mean, low, high = bootstrap(diff, resamples)
    return f"{mean:+.2f} [{low:+.2f}, {high:+.2f}]"


def means(rows) -> str:
    """'R-1 / R-2 / R-Lsum' means of an articles x metrics array."""
    return " / ".join(f"{v:4.1f}" for v in np.asarray(rows).mean(axis=0))


# --- articles and summaries ------------------------------------------------------------


def article_of(record: dict, language: str | None = None) -> Article:
    paragraphs = tuple(p for p in record["text"].split("\n\n") if p.strip())
    # No made-up title for sources without one: the summariser then has none.
    return Article(seed=record["id"], title=record.get("title") or "", paragraphs=paragraphs, content_hash="",
                   lang=language)


def lead(article: Article, count: int, language: str = "english") -> list[str]:
    """The first `count` sentences, split by the language's own tokenizer."""
    tokenizer = toolkit(language).tokenizer
    return [s for p in article.paragraphs for s in tokenizer.to_sentences(p)][:count]


@dataclasses.dataclass
class Run:
    settings: object
    max_sentences: int
    failures: Counter = dataclasses.field(default_factory=Counter)

    def summary(self, article: Article, algorithm: str = DEFAULT_ALGORITHM, where: str = ""):
        """The Summary, as `briefing summarize` makes it; None (scored as empty) when it refuses the article."""
        try:
            return summarize_article(article, self.settings, self.max_sentences, algorithm)
        except SeedError:
            self.failures[(where, algorithm)] += 1
            return None

    def sentences(self, article: Article, algorithm: str = DEFAULT_ALGORITHM, where: str = "") -> list[str]:
        summary = self.summary(article, algorithm, where)
        return [s.text for s in summary.sentences] if summary else []


@contextlib.contextmanager
def newsrank_weights(weights: dict):
    """Within the block, `summarize_article`'s NewsRank ranks with `weights` instead of the shipped ones.

    `sumy_bridge.rank_sentences` looks its NewsRank up through the module's
    `newsrank(language)` at every call; that function is swapped for one
    that builds the ranker the same way (the language's stemmer and stop
    words, one per language) with these weights. Yields the swapped function,
    whose cache tells whether it was used.
    """
    from briefing.summarize.newsrank import NewsRankSummarizer

    if not callable(getattr(sumy_bridge, "newsrank", None)):
        raise SystemExit("briefing.summarize.sumy_bridge.newsrank is gone: update newsrank_weights() in quality.py")

    @functools.lru_cache(maxsize=None)
    def ranker(language: str):
        kit = toolkit(language)
        return NewsRankSummarizer(kit.stemmer, kit.stop_words, weights, language)

    shipped = sumy_bridge.newsrank
    sumy_bridge.newsrank = ranker
    try:
        yield ranker
    finally:
        sumy_bridge.newsrank = shipped


def first_per_group(records: list[dict], key: str, limit: int | None) -> list[dict]:
    if not limit:
        return records
    seen: Counter = Counter()
    return [r for r in records if seen.update([r[key]]) or seen[r[key]] <= limit]


# --- 1. news-dev, every algorithm ------------------------------------------------------


def news_dev(args, run: Run) -> dict:
    records = first_per_group(load_articles(args.data), "source", args.limit)
    methods = [f"lead{args.sentences}", *ALGORITHMS]
    scores: dict = defaultdict(list)  # (source, method) -> [[r1, r2, rl] per article]
    seconds: Counter = Counter()
    counts: Counter = Counter()
    points_total = points_repeating = 0
    for record in records:
        source = record["source"]
        counts[source] += 1
        article = article_of(record)
        scores[(source, methods[0])].append(rouge(record["reference"], lead(article, args.sentences)))
        for algorithm in ALGORITHMS:
            start = time.perf_counter()
            summary = run.summary(article, algorithm, "news-dev")
            seconds[algorithm] += time.perf_counter() - start
            chosen = [s.text for s in summary.sentences] if summary else []
            scores[(source, algorithm)].append(rouge(record["reference"], chosen))
            if algorithm == DEFAULT_ALGORITHM:
                points = list(summary.key_points) if summary else []
                scores[(source, "key points")].append(rouge(record["reference"], points))
                points_total += len(points)
                points_repeating += sum(1 for p in points if p in chosen)

    sources = [s for s in SOURCES if counts[s]] + sorted(set(counts) - set(SOURCES))
    print(f"## news-dev: every algorithm\n\nROUGE F1 x100 (R-1 / R-2 / R-Lsum), {args.sentences} sentences; "
          f"data {args.data.name}: " + ", ".join(f"{s} {counts[s]}" for s in sources) + "\n")
    header = ["method", *(f"{s} ({counts[s]})" for s in sources), "seconds"]
    rows = []
    for method in [*methods, "key points"]:
        label = f"{method} (default)" if method == DEFAULT_ALGORITHM else method
        if method == "key points":
            label = f"key points of {DEFAULT_ALGORITHM}"
        cells = [means(scores[(s, method)]) for s in sources]
        rows.append([label, *cells, f"{seconds[method]:.1f}" if method in seconds else ""])
    print(table(header, rows))

    lead_key = methods[0]
    print(f"\n{DEFAULT_ALGORITHM} - {lead_key}, paired per article: mean [95% bootstrap interval]\n")
    rows, result = [], {}
    for source in sources:
        ours, base = np.array(scores[(source, DEFAULT_ALGORITHM)]), np.array(scores[(source, lead_key)])
        rows.append([source, counts[source], means(base), means(ours),
                     *(interval(ours[:, k] - base[:, k], args.resamples) for k in range(3))])
        result[source] = (ours - base, base, ours)
    print(table(["source", "n", lead_key, DEFAULT_ALGORITHM, "diff R-1", "diff R-2", "diff R-Lsum"], rows))
    share = points_repeating / points_total if points_total else 0.0
    print(f"\nkey points: {points_total} in all, {points_total / len(records):.1f} per article; "
          f"share repeating a summary sentence: {share:.3f}\n")
    return result


# --- 2. cnndm-dev: shipped weights (in-sample) and 2-fold cross-validation -------------


def cnndm_dev(args, run: Run) -> dict:
    records = load_articles(args.cnndm)
    if args.cnndm_limit:
        records = records[:args.cnndm_limit]
    import train_newsrank as T  # benchmarks/train_newsrank.py, beside this file

    halves = [[r for r in records if T.half(r["id"]) == h] for h in (0, 1)]
    lead_rows: dict = {}
    shipped_rows: dict = {}
    cv_rows: dict = {}
    start = time.perf_counter()
    for h in (0, 1):
        lead_rows[h], shipped_rows[h] = [], []
        for record in halves[h]:
            article = article_of(record, "english")
            lead_rows[h].append(rouge(record["reference"], lead(article, args.sentences)))
            shipped_rows[h].append(rouge(record["reference"], run.sentences(article, where="cnndm-dev")))
    shipped_seconds = time.perf_counter() - start

    train_seconds = cv_seconds = 0.0
    if not args.skip_cv:
        start = time.perf_counter()
        examples = {h: T.examples(halves[h]) for h in (0, 1)}
        weights = {h: T.fit(examples[1 - h]) for h in (0, 1)}  # half h is summarised with the other's weights
        train_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for h in (0, 1):
            cv_rows[h] = []
            with newsrank_weights(weights[h]) as ranker:
                for record in halves[h]:
                    article = article_of(record, "english")
                    cv_rows[h].append(rouge(record["reference"], run.sentences(article, where="cnndm-dev CV")))
            if halves[h] and ranker.cache_info().misses == 0:
                raise SystemExit("the cross-validated weights never reached summarize_article")
        cv_seconds = time.perf_counter() - start

    arr = lambda rows: np.array(rows, float).reshape(-1, 3)  # noqa: E731
    parts = {"half 0": (0,), "half 1": (1,), "whole": (0, 1)}
    pick = lambda rows, hs: arr([row for h in hs for row in rows[h]])  # noqa: E731
    n = {name: sum(len(halves[h]) for h in hs) for name, hs in parts.items()}
    from briefing.summarize.newsrank import WEIGHTS_FILE

    trained_on = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")).get("trained_on", "not said")
    print(f"## cnndm-dev: {len(records)} lower-cased CNN/DM articles ({args.cnndm.name}), language given\n")
    print(f"shipped weights: {WEIGHTS_FILE.name}, trained on {trained_on}\n")
    print(f"ROUGE F1 x100 (R-1 / R-2 / R-Lsum), {args.sentences} sentences; hash halves by sha256 of the id\n")
    methods = [("lead", f"lead{args.sentences}", lead_rows),
               ("shipped", f"{DEFAULT_ALGORITHM}, shipped weights (in-sample)", shipped_rows)]
    if cv_rows:
        methods.append(("2-fold", f"{DEFAULT_ALGORITHM}, 2-fold CV (other half's weights)", cv_rows))
    print(table(["method", *(f"{name} ({n[name]})" for name in parts)],
                [[label, *(means(pick(rows, hs)) for hs in parts.values())] for _, label, rows in methods]))

    print(f"\nminus lead{args.sentences}, paired per article: mean [95% bootstrap interval]\n")
    rows, result = [], {}
    for key, label, method_rows in methods[1:]:
        for name, hs in parts.items():
            base, ours = pick(lead_rows, hs), pick(method_rows, hs)
            diff = ours - base
            rows.append([label, f"{name} ({n[name]})", *(interval(diff[:, k], args.resamples) for k in range(3))])
            result[(key, name)] = diff
    print(table(["method", "articles", "diff R-1", "diff R-2", "diff R-Lsum"], rows))
    print(f"\nseconds: LEAD-3 and shipped {shipped_seconds:.0f}"
          + (f"; CV training (examples of both halves, two fits) {train_seconds:.0f}, CV summaries {cv_seconds:.0f}"
             if cv_rows else "; cross-validation skipped (--skip-cv)") + "\n")
    return result  # ("shipped" | "2-fold", part) -> articles x metrics differences


# --- 3. multilingual ---------------------------------------------------------------------


def multilingual(args, run: Run, records: list[dict]) -> dict:
    print(f"## multilingual-dev ({args.multilingual.name}): LEAD-3 vs {DEFAULT_ALGORITHM}, language given\n")
    print(f"ROUGE F1 x100 (R-1 / R-2 / R-Lsum) on \\w+ tokens, lower-cased, no stemmer; {args.sentences} sentences; "
          "LEAD-3 by the language's own sentence splitter\n")
    rows, result = [], {}
    for code in LANGUAGES:
        language = language_name(code)
        chosen = [r for r in records if r["lang"] == code]
        if not chosen:
            continue
        base, ours = [], []
        for record in chosen:
            article = article_of(record, language)
            base.append(rouge(record["reference"], lead(article, args.sentences, language), language))
            ours.append(rouge(record["reference"], run.sentences(article, where=f"multilingual {code}"), language))
        base, ours = np.array(base), np.array(ours)
        diff = ours - base
        sources = ", ".join(sorted({r["source"] for r in chosen}))
        rows.append([f"{code} ({sources})", len(chosen), means(base), means(ours),
                     *(interval(diff[:, k], args.resamples) for k in range(3))])
        result[code] = diff
    print(table(["language", "n", f"lead{args.sentences}", DEFAULT_ALGORITHM, "diff R-1", "diff R-2", "diff R-Lsum"],
                rows))
    print()
    return result


# --- 4. language detection -----------------------------------------------------------------


def detection(args, multi: list[dict]) -> dict:
    sets = [(f"{code}: multilingual-dev", language_name(code), [r for r in multi if r["lang"] == code])
            for code in LANGUAGES]
    news = first_per_group(load_articles(args.data), "source", args.limit)
    sets.append((f"en: {args.data.name}", "english", news))
    cnndm = load_articles(args.cnndm, args.cnndm_limit)
    sets.append((f"en: {args.cnndm.name} (lower-cased; no goal)", "english", cnndm))
    print("## Language detection, no language given (detect_language(text, 'english'), the whole text)\n")
    rows, result = [], {}
    for label, language, records in sets:
        got = Counter()
        start = time.perf_counter()
        for record in records:
            got[detect_language(article_of(record).text, "english")] += 1
        elapsed = time.perf_counter() - start
        right = got[language]
        wrong = ", ".join(f"{name} {count}" for name, count in got.most_common() if name != language) or "none"
        accuracy = 100 * right / len(records) if records else float("nan")
        rows.append([label, len(records), right, f"{accuracy:.1f}%", wrong,
                     f"{1000 * elapsed / max(1, len(records)):.2f}"])
        result[label] = (accuracy, right, len(records))
    print(table(["texts", "n", "right", "accuracy", "taken for", "ms/text"], rows))
    print()
    return result


# --- 5. real pages -------------------------------------------------------------------------


def commit() -> str:
    """The repository's commit, with '+changes' when its working tree differs from it."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h"], capture_output=True, text=True,
                              timeout=30, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + (" +uncommitted changes" if dirty else "")


# The issue's title goal ignores a trailing section: "Headline - Stack
# Overflow Blog" or "Headline | DW | 19.01.2020" is right as "Headline".
_TRAILING_SECTION = re.compile(r"[?!.…]?\s*(?:[-|·»/]|::)\s+\S.{0,60}")


def _plain_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TITLE_MARKS).lower()
    return " ".join(text.split()).strip(" \"'.,;:!?…-()[]*")


_TITLE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-",
                              "—": "-", "\u00ad": None, "\u200b": None, "\ufeff": None})


def same_title_suffix_ignored(shown: str, expected: str) -> bool:
    """Whether two titles are the same headline once a trailing site name or date section is left out."""
    a, b = _plain_title(shown), _plain_title(expected)
    if not a or not b:
        return a == b
    shorter, longer = sorted((a, b), key=len)
    return longer == shorter or (longer.startswith(shorter)
                                 and bool(_TRAILING_SECTION.fullmatch(longer[len(shorter):])))


def pages(args) -> dict | None:
    script = args.pages / "check_pages.py"
    if not script.is_file():
        print(f"## Real pages\n\nnot found: {script} (pass --pages DIR)\n")
        return None
    briefing = args.briefing or Path(sys.executable).with_name("briefing")
    print(f"## Real pages: {script} --briefing {briefing} (at commit {commit()})\n")
    with tempfile.TemporaryDirectory(prefix="quality-pages-") as tmp:
        csv_path, flagged_path = Path(tmp) / "pages.csv", Path(tmp) / "flagged.jsonl"
        command = [sys.executable, str(script), "--briefing", str(briefing), "--pages", str(args.pages),
                   "--csv", str(csv_path), "--examples", str(flagged_path)]
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0 or not csv_path.is_file():
            print(f"check_pages.py failed (exit {proc.returncode}):\n```\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}\n```\n")
            return None
        with csv_path.open(encoding="utf-8") as handle:
            page_rows = list(csv.DictReader(handle))
        with flagged_path.open(encoding="utf-8") as handle:
            flagged = [json.loads(line) for line in handle if line.strip()]
    print("```\n" + proc.stdout.strip() + "\n```\n")

    done = [r for r in page_rows if r["status"] == "ok"]
    items = {"summary": sum(int(r["summary_n"]) for r in done), "key_point": sum(int(r["kp_n"]) for r in done)}
    outside = Counter(f["kind"] for f in flagged if not f["in_page"])
    defects = Counter(f["kind"] for f in flagged if f["lint"])
    boiler = Counter(f["kind"] for f in flagged if f["not_in_text"])
    titled = [r for r in done if r["title_expected_match"] != ""]
    title_ok = sum(int(r["title_expected_match"]) for r in titled)
    expected = json.loads((args.pages / "expectations.json").read_text(encoding="utf-8"))
    title_near = sum(same_title_suffix_ignored(r["tool_title"], expected[r["name"]]["title"]) for r in titled)
    all_items = sum(items.values())

    def share(part, whole):
        return 100 * part / whole if whole else float("nan")

    result = {
        "title": (share(title_near, len(titled)), title_near, len(titled)),
        "summary": (share(items["summary"] - outside["summary"], items["summary"]),
                    items["summary"] - outside["summary"], items["summary"]),
        "key_point": (share(items["key_point"] - outside["key_point"], items["key_point"]),
                      items["key_point"] - outside["key_point"], items["key_point"]),
        "defects": share(sum(defects.values()), all_items),
        "boiler": sum(boiler.values()),
    }
    rows = [
        ["pages summarised / skipped", f"{len(done)} / {len(page_rows) - len(done)} of {len(page_rows)}"],
        ["title = the expected title", f"{share(title_ok, len(titled)):.1f}% ({title_ok}/{len(titled)} pages with one)"],
        ["title = the expected title, a trailing site or date section ignored (the goal)",
         f"{result['title'][0]:.1f}% ({title_near}/{len(titled)})"],
        ["summary sentences in the page's text", f"{result['summary'][0]:.1f}% ({result['summary'][1]}/{items['summary']})"],
        ["key points in the page's text",
         f"{result['key_point'][0]:.1f}% ({result['key_point'][1]}/{items['key_point']})"],
        ["items holding a not_in_text snippet (boilerplate)",
         f"{result['boiler']} (summary {boiler['summary']}, key points {boiler['key_point']})"],
        ["defects (any lint) per 100 items: summary / key points / all",
         (f"{share(defects['summary'], items['summary']):.1f} / {share(defects['key_point'], items['key_point']):.1f}"
          f" / {result['defects']:.1f}")],
    ]
    print(table(["figure", "value"], rows))
    print(f"\nseconds: {elapsed:.0f}\n")
    return result


# --- 6. goals ----------------------------------------------------------------------------


def goals(args, news: dict, cnndm: dict, multi: dict, detected: dict, page: dict | None) -> None:
    rows = []

    def difference(label, diff, metric, at_least, above_zero=False):
        mean, low, high = bootstrap(diff[:, metric], args.resamples)
        met = mean >= at_least and (low > 0 or not above_zero)
        rows.append([label, f"{mean:+.2f} [{low:+.2f}, {high:+.2f}]", "yes" if met else "**no**"])

    cv = ("2-fold", "whole") if ("2-fold", "whole") in cnndm else None
    for key, tag in ((cv, "2-fold CV, the honest figure"), (("shipped", "whole"), "shipped weights, in-sample")):
        if key:
            difference(f"cnndm-dev R-1 >= LEAD-3 + 2.0, interval above 0 ({tag})", cnndm[key], 0, 2.0, True)
            difference(f"cnndm-dev R-2 >= LEAD-3 + 1.0, interval above 0 ({tag})", cnndm[key], 1, 1.0, True)
    if "xsum" in news:
        difference("news-dev xsum R-1 >= LEAD-3", news["xsum"][0], 0, 0.0)
    for code, at_least in (("fr", 1.0), ("pt", 1.0), ("es", 0.0)):
        if code in multi:
            difference(f"{code} R-1 >= LEAD-3" + (f" + {at_least:.1f}" if at_least else ""), multi[code], 0, at_least)
    for label, (accuracy, right, total) in detected.items():
        if "no goal" not in label:
            rows.append([f"detection >= 98%, {label}", f"{accuracy:.1f}% ({right}/{total})",
                         "yes" if accuracy >= 98 else "**no**"])
    if page:
        for key, label, at_least in (("title", "pages: title right (suffix ignored) >= 97%", 97),
                                     ("summary", "pages: summary sentences in the page >= 99%", 99),
                                     ("key_point", "pages: key points in the page >= 99.5%", 99.5)):
            value, part, whole = page[key]
            rows.append([label, f"{value:.1f}% ({part}/{whole})", "yes" if value >= at_least else "**no**"])
        rows.append(["pages: no item holds a not_in_text snippet (boilerplate)", str(page["boiler"]),
                     "yes" if page["boiler"] == 0 else "**no**"])
        rows.append(["pages: defects <= 6 per 100 items", f"{page['defects']:.1f}",
                     "yes" if page["defects"] <= 6 else "**no**"])
    print("## Goals\n\nDifferences: mean [95% bootstrap interval] of the default minus LEAD-3, paired per article\n")
    print(table(["goal", "measured", "met"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_SET, help="news-dev set (default %(default)s)")
    parser.add_argument("--cnndm", type=Path, default=CNNDM_SET, help="CNN/DM set (default %(default)s)")
    parser.add_argument("--multilingual", type=Path, default=MULTILINGUAL_SET, help="default %(default)s")
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder with check_pages.py, html/, expectations.json")
    parser.add_argument("--briefing", type=Path, help="the briefing program for the pages (default: next to python)")
    parser.add_argument("--limit", type=int, help="articles per news-dev source, per language, and of cnndm-dev")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--resamples", type=int, help=f"bootstrap resamples (default {RESAMPLES:,})")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_LIMIT} articles per source and language, {QUICK_CNNDM} of cnndm-dev, "
                             f"{QUICK_RESAMPLES:,} resamples")
    parser.add_argument("--skip-cv", action="store_true", help="no cross-validation on cnndm-dev")
    parser.add_argument("--skip-pages", action="store_true", help="no real-page check")
    args = parser.parse_args()
    args.cnndm_limit = args.limit or (QUICK_CNNDM if args.quick else None)
    if args.quick and not args.limit:
        args.limit = QUICK_LIMIT
    if args.resamples is None:
        args.resamples = QUICK_RESAMPLES if args.quick else RESAMPLES

    import briefing

    started = time.perf_counter()
    print(f"# Summary quality: briefing {briefing.__version__}, commit {commit()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    config = load_config(cwd=Path("/"))
    run = Run(dataclasses.replace(config.summary, sentences=args.sentences), config.limits.max_sentences)

    news = news_dev(args, run)
    cnndm = cnndm_dev(args, run)
    multi_records = first_per_group(load_articles(args.multilingual), "lang", args.limit)
    multi = multilingual(args, run, multi_records)
    detected = detection(args, multi_records)
    page = None if args.skip_pages else pages(args)
    if run.failures:
        print("articles the summariser refused (scored as empty summaries): "
              + ", ".join(f"{where} {algorithm} {count}" for (where, algorithm), count in sorted(run.failures.items()))
              + "\n")
    goals(args, news, cnndm, multi, detected, page)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s; commit at the end {commit()}")


if __name__ == "__main__":
    main()
