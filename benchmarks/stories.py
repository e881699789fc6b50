"""Stories: grouping reports, summarising across them, importance and developing links, in one run.

    python benchmarks/stories.py [--data DIR] [--boot N] [--quick]

Runs on the DUC 2003 task-2 dev clusters (`articles.jsonl` and
`summaries.jsonl` in ../shared/eval/duc2003-dev by default; the shared folder
is the repository's sibling `shared/`, or give the clusters' folder with
--data). Every DUC article goes through the product's own code path: an
`Article` (no title: DUC's titles are assessors' summaries; its source and
date), `summarize_article` with the default config's `SummarySettings`, then
`compose_stories`, `story_of` and `compose_briefing` of `briefing.compose`,
as `briefing.pipeline.days.compose_days` calls them. Nothing copies the
algorithms. It prints, as Markdown tables:

1. grouping on mixed days: pairwise precision / recall / F1 and B-cubed F1
   of the stories `compose_stories` makes, against a TF-IDF average-link
   baseline over whole texts (its cut tuned on the day of all 18 clusters),
   on (a) one day holding all 18 clusters, (b) random mixed days of 6..14
   clusters (fixed seed), (c) date by date, without and with the `Background`
   the pipeline gives (the 30 days before). Goal: F1 >= 0.85 with P >= 0.85.
   And days of 50 unrelated news-dev articles (--news): the share of reports
   put in stories of several, every one a wrong merge, also with half of them
   in another language; and the DUC days (a) and (b) with half the reports
   given another language's stems for all but their names (pairs across
   languages, with the rule for them and as before it);
2. the story summary at 100 words of each cluster (`story_of` over the
   cluster's reports): ROUGE-1 / ROUGE-2 recall (rouge-score, Porter stemming,
   both sides cut to 100 words, mean over the 4 references) against LEAD (the
   first 100 words of the most recent report) and sumy LexRank over all the
   story's sentences, with 95% bootstrap intervals over the clusters and
   paired bootstrap intervals of the differences. Goals: R-2 >= 10, R-1 >= 39;
3. the time of the compose step alone on 1,000 and 10,000 synthetic reports
   (features and candidate sentences made up beforehand): `group_reports`,
   and `compose_stories` (grouping plus every story's summary);
4. importance: synthetic days of 10 made-up events of 1..10 reports each
   (made-up sentences, each report from a different source), summarised and
   composed by `compose_briefing`; the Spearman correlation between each
   story's number of reports and its place in the briefing (rank 1 = first,
   sign flipped so that +1 means "more reports, earlier"). Goal >= 0.9;
5. developing links: the DUC dates fed one at a time as `compose_days` does
   (each day composed with the stories of the 7 days before as
   `EarlierStory`s and the 30 days before as `Background`). A link is right
   when the story and the earlier story it follows share their majority
   cluster; recall counts the stories whose cluster had a report in the
   window. Then the same with `developing.SAME_EVENT_ACROSS_DAYS` set in turn to
   each value of a sweep. Goal: P >= 0.9, R >= 0.8.

`--boot N` sets the bootstrap resamples (default 10,000); `--quick` takes
1,000 resamples, 20 mixed days, 3 importance days and a shorter sweep, for
a smoke test (about two minutes). The whole run takes a few minutes on 2 cores.

The DUC data is read into memory only: nothing of it is written anywhere,
and nothing of it belongs in this repository (see its README's licence).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import itertools
import math
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_SET, REPO, load_articles, table  # noqa: E402

import numpy as np  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402
from scipy.cluster.hierarchy import fcluster, linkage  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

import briefing.compose.developing as developing_module  # noqa: E402
from briefing.compose.editor import compose_briefing  # noqa: E402
from briefing.compose.grouping import Background, group_reports  # noqa: E402
from briefing.compose.numbered_terms import day_frequencies  # noqa: E402
from briefing.compose.stories import (  # noqa: E402
    EarlierStory, background_of, compose_stories, features_of, merged_features, story_of,
)
from briefing.config import load_config  # noqa: E402
from briefing.models import Article, Candidate, Story, Summary  # noqa: E402
from briefing.summarize.article import summarize_article  # noqa: E402
from briefing.summarize.sumy_bridge import rank_sentences  # noqa: E402
from briefing.summarize.toolkit import toolkit  # noqa: E402

DUC = REPO.parent / "shared" / "eval" / "duc2003-dev"
WORDS = 100  # the DUC summary length, both for the systems and for cutting references
SEED = 1  # every random choice below derives from it
MIXED_SIZES = (6, 14)  # clusters on a random mixed day
BACKGROUND_DAYS = 30  # as briefing.pipeline.days.BACKGROUND_DAYS
BASELINE_CUTS = [round(x, 2) for x in np.arange(0.02, 0.40, 0.01)]
SWEEP = (0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3)
QUICK_SWEEP = (0.02, 0.03, 0.045, 0.06, 0.1, 0.2)
GOAL_GROUPING = 0.85
GOAL_R1, GOAL_R2 = 39.0, 10.0
GOAL_SPEARMAN = 0.9
GOAL_LINK_P, GOAL_LINK_R = 0.9, 0.8


# --- the DUC reports, through the product's summariser ----------------------------------------


@dataclass(frozen=True)
class Report:
    """One DUC article: its gold clusters and date, and the product's Summary of it."""

    id: str
    cluster: str  # the cluster NIST filed it under
    clusters: tuple[str, ...]  # every cluster it belongs to (4 articles are in two)
    date: dt.date
    text: str
    summary: Summary


def article_of(record: dict) -> Article:
    paragraphs = tuple(p for p in record["text"].split("\n\n") if p.strip())
    # No title: DUC's titles are assessors' one-line summaries, not headlines.
    return Article(seed=record["id"], title="", paragraphs=paragraphs, content_hash="",
                   source=record["source"], published=record["date"])


def load_reports(data: Path, config) -> list[Report]:
    reports = []
    for record in load_articles(data / "articles.jsonl"):
        summary = summarize_article(article_of(record), config.summary, config.limits.max_sentences)
        reports.append(Report(record["id"], record["group"], tuple(record["groups"]),
                              dt.date.fromisoformat(record["date"]), record["text"], summary))
    return reports


def short(cluster: str) -> str:
    return cluster.removeprefix("duc2003:")


# --- scoring a grouping ---------------------------------------------------------------------------


def gold_labels(day: Sequence[Report], groups: Sequence[Sequence[int]], allowed: set[str] | None = None) -> list[str]:
    """Each report's gold cluster. One in two clusters (of those `allowed` today) takes
    the one most of its predicted group's other reports belong to: right in either."""
    where = {k: g for g, members in enumerate(groups) for k in members}
    labels = []
    for k, report in enumerate(day):
        options = [c for c in report.clusters if allowed is None or c in allowed] or [report.cluster]
        if len(options) == 1:
            labels.append(options[0])
            continue
        mates = Counter(c for m in groups[where[k]] if m != k for c in day[m].clusters)
        labels.append(max(options, key=lambda c: (mates[c], c == report.cluster)))
    return labels


def pair_counts(gold: Sequence[str], groups: Sequence[Sequence[int]]) -> dict:
    """Pairwise true/false positives and false negatives; B-cubed F1; stories made."""
    n = len(gold)
    predicted = [0] * n
    for g, members in enumerate(groups):
        for m in members:
            predicted[m] = g
    both = Counter(zip(gold, predicted))
    gold_size, predicted_size = Counter(gold), Counter(predicted)
    pairs = lambda c: sum(v * (v - 1) // 2 for v in c.values())  # noqa: E731
    tp = pairs(both)
    fp, fn = pairs(predicted_size) - tp, pairs(gold_size) - tp
    bp = sum(both[(gold[k], predicted[k])] / predicted_size[predicted[k]] for k in range(n)) / n
    br = sum(both[(gold[k], predicted[k])] / gold_size[gold[k]] for k in range(n)) / n
    return {"tp": tp, "fp": fp, "fn": fn, "B3": 2 * bp * br / (bp + br) if bp + br else 0.0,
            "stories": len(groups), "gold": len(gold_size)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_day(day: Sequence[Report], groups: Sequence[Sequence[int]], allowed: set[str] | None = None) -> dict:
    counts = pair_counts(gold_labels(day, groups, allowed), groups)
    counts["P"], counts["R"], counts["F1"] = prf(counts["tp"], counts["fp"], counts["fn"])
    return counts


def scores_text(s: dict) -> str:
    return f"{s['P']:.3f} / {s['R']:.3f} / {s['F1']:.3f} / {s['B3']:.3f}"


# --- the groupings compared ------------------------------------------------------------------------

Grouper = Callable[[Sequence[Report], "Background | None"], list[list[int]]]


def briefing_groups(day: Sequence[Report], background: Background | None, settings) -> list[list[int]]:
    """The stories `compose_stories` makes of the day's summaries, as lists of indexes into `day`."""
    stories = compose_stories([r.summary for r in day], settings, background=background)
    index = {r.id: k for k, r in enumerate(day)}
    return [sorted(index[s.article.seed] for s in story.reports) for story in stories]


def whole_text_stems(report: Report) -> Counter:
    """Every content stem of the article's text (the product's tokenizer, stemmer and stop words)."""
    kit = toolkit("english")
    counts: Counter = Counter()
    for paragraph in report.summary.article.paragraphs:
        for sentence in kit.tokenizer.to_sentences(paragraph):
            counts.update(s for s in kit.stems_of(kit.tokenizer.to_words(sentence)) if len(s) > 1)
    return counts


def baseline_groups(day: Sequence[Report], stems: dict[str, Counter], cut: float) -> list[list[int]]:
    """Baseline: TF-IDF (1 + log tf, smoothed idf over the day) of whole texts, cosine, average link cut at `cut`."""
    n = len(day)
    if n == 1:
        return [[0]]
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for r, report in enumerate(day):
        for term, count in sorted(stems[report.id].items()):
            rows.append(r)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(count)
    x = np.zeros((n, len(vocabulary)))
    x[rows, cols] = values
    df = (x > 0).sum(axis=0)
    x = np.where(x > 0, 1 + np.log(np.maximum(x, 1)), 0) * (np.log((n + 1) / (df + 1)) + 1)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    distance = np.clip(1 - x @ x.T, 0, None)
    labels = fcluster(linkage(distance[np.triu_indices(n, 1)], method="average"), t=1 - cut, criterion="distance")
    groups: dict[int, list[int]] = defaultdict(list)
    for k, label in enumerate(labels):
        groups[label].append(k)
    return sorted(groups.values())


def background_for(reports: Sequence[Report], day: dt.date) -> Background | None:
    """What compose_days gives a day: the stem frequencies of each of the BACKGROUND_DAYS days before it."""
    by_date: dict[dt.date, list[Summary]] = defaultdict(list)
    for r in reports:
        if day - dt.timedelta(days=BACKGROUND_DAYS) <= r.date < day:
            by_date[r.date].append(r.summary)
    return background_of(day_frequencies(by_date[d]) for d in sorted(by_date))


# --- 1. grouping -------------------------------------------------------------------------------------


def mixed_days(reports: Sequence[Report], count: int) -> list[tuple[set[str], list[Report]]]:
    """`count` random days of 6..14 clusters, each day's reports shuffled; a fixed seed."""
    rng = random.Random(SEED)
    clusters = sorted({c for r in reports for c in r.clusters})
    days = []
    for _ in range(count):
        chosen = set(rng.sample(clusters, rng.randint(*MIXED_SIZES)))
        day = [r for r in reports if set(r.clusters) & chosen]
        rng.shuffle(day)
        days.append((chosen, day))
    return days


def section_grouping(reports: list[Report], settings, args) -> None:
    print("## 1. Grouping: pairwise P / R / F1 / B-cubed F1\n")
    stems = {r.id: whole_text_stems(r) for r in reports}
    all_day = list(reports)
    cut = max(BASELINE_CUTS, key=lambda c: (score_day(all_day, baseline_groups(all_day, stems, c))["F1"], -c))
    mixed = mixed_days(reports, args.mixed)
    dates = sorted({r.date for r in reports})
    by_date = {d: [r for r in reports if r.date == d] for d in dates}
    backgrounds = {d: background_for(reports, d) for d in dates}

    def others(day: Sequence[Report]) -> Background | None:
        ids = {r.id for r in day}
        return background_of([day_frequencies(r.summary for r in reports if r.id not in ids)])

    none = lambda day: None  # noqa: E731
    methods: dict[str, tuple[Callable, Callable, bool]] = {
        # name: (grouper of a day, background of a mixed day, background of a date?)
        "briefing": (lambda day, bg: briefing_groups(day, bg, settings), none, False),
        "briefing + Background": (lambda day, bg: briefing_groups(day, bg, settings), others, True),
        "baseline": (lambda day, bg: baseline_groups(day, stems, cut), none, False),
    }
    rows, per_day_f1, results = [], {}, {}
    for name, (grouper, mixed_background, with_bg) in methods.items():
        all_scores = score_day(all_day, grouper(all_day, None))
        day_scores = [score_day(day, grouper(day, mixed_background(day)), chosen) for chosen, day in mixed]
        per_day_f1[name] = np.array([s["F1"] for s in day_scores])
        mean = {k: float(np.mean([s[k] for s in day_scores])) for k in ("P", "R", "F1", "B3")}
        date_scores = [score_day(by_date[d], grouper(by_date[d], backgrounds[d] if with_bg else None)) for d in dates]
        tp, fp, fn = (sum(s[k] for s in date_scores) for k in ("tp", "fp", "fn"))
        pooled = dict(zip(("P", "R", "F1"), prf(tp, fp, fn)))
        pooled["B3"] = sum(s["B3"] * len(by_date[d]) for s, d in zip(date_scores, dates)) / len(reports)
        results[name] = (all_scores, mean, pooled)
        rows.append([name, scores_text(all_scores), f"{all_scores['stories']} ({all_scores['gold']})",
                     scores_text(mean), scores_text(pooled)])
    print(f"Gold: the DUC clusters; a report NIST filed in two clusters counts as right in either. "
          f"(a) all {len(reports)} reports as one day; (b) {len(mixed)} random days of "
          f"{MIXED_SIZES[0]}-{MIXED_SIZES[1]} clusters (seed {SEED}; mean over days); (c) each of the "
          f"{len(dates)} dates alone (pairs pooled over dates, B-cubed weighted by reports).\n")
    print("- briefing: the stories compose_stories makes of the reports' summaries (default settings), no Background;")
    print("- briefing + Background: the same with a Background: on (b) the other clusters' reports (a stand-in for "
          f"earlier days), on (c) the {BACKGROUND_DAYS} days before, as compose_days gives; (a) has none;")
    print(f"- baseline: TF-IDF (1 + log tf, smoothed idf over the day) of each whole text's content stems, cosine, "
          f"average link cut at {cut:.2f}, the best F1 on (a) over cuts {BASELINE_CUTS[0]}..{BASELINE_CUTS[-1]}.\n")
    header = ["method", "(a) all 18 as one day", "stories (gold)", "(b) random mixed days", "(c) date by date"]
    print(table(header, rows))
    print()
    comparisons = (("briefing", "baseline"), ("briefing + Background", "baseline"),
                   ("briefing + Background", "briefing"))
    for a, b in comparisons:
        d = per_day_f1[a] - per_day_f1[b]
        print(f"- pairwise F1 on the mixed days, {a} - {b}: {interval(d, args.boot, signed=True)} "
              f"(better on {(d > 0).sum()}, worse on {(d < 0).sum()} of {len(d)})")
    shuffled = list(all_day)
    random.Random(SEED).shuffle(shuffled)
    same = ({frozenset(all_day[k].id for k in g) for g in briefing_groups(all_day, None, settings)}
            == {frozenset(shuffled[k].id for k in g) for g in briefing_groups(shuffled, None, settings)})
    print(f"- the same stories after shuffling the {len(reports)} reports: {same}")
    unrelated_days(settings, args)
    across_languages(reports, mixed, settings)
    print(f"- goal F1 >= {GOAL_GROUPING} with P >= {GOAL_GROUPING} (briefing; briefing + Background):")
    for view, k in (("(a) all 18", 0), ("(b) mixed days", 1), ("(c) date by date", 2)):
        cells = []
        for name in list(methods)[:2]:
            s = results[name][k]
            met = s["F1"] >= GOAL_GROUPING and s["P"] >= GOAL_GROUPING
            cells.append(f"P {s['P']:.3f} F1 {s['F1']:.3f} {'met' if met else 'MISSED'}")
        print(f"  - {view}: " + "; ".join(cells))
    print()


def in_another_language(summary: Summary, language: str = "other") -> Summary:
    """A report as another language would give it to grouping: its names as they are, every other stem
    one no English report has (two languages share names, not words). Labelled `language`."""
    names = set(summary.names)
    other = lambda stem: stem if stem in names else f"xx~{stem}"  # noqa: E731
    return dataclasses.replace(
        summary, language=language, terms=tuple((other(t), c) for t, c in summary.terms),
        title_stems=tuple(map(other, summary.title_stems)),
        candidates=tuple(dataclasses.replace(c, stems=tuple(map(other, c.stems))) for c in summary.candidates))


def across_languages(reports: Sequence[Report], mixed: list, settings) -> None:
    """Grouping when half the reports are in another language (two halves, by a hash of the id): pairs
    across languages, with grouping.CROSS_NAMES, and as before it (their languages not told apart: the
    plain-words test for every pair)."""

    def other(report: Report, salt: str) -> bool:
        return int(hashlib.sha1((salt + report.id).encode()).hexdigest(), 16) % 2 == 1

    def half(day: Sequence[Report], salt: str, language: str) -> list[Report]:
        return [dataclasses.replace(r, summary=in_another_language(r.summary, language)) if other(r, salt) else r
                for r in day]

    def scores(days: list, salt: str) -> tuple[dict, tuple[float, float, float]]:
        counts, across = Counter(), Counter()
        for chosen, day in days:
            groups = briefing_groups(day, None, settings)
            counts.update({k: v for k, v in score_day(day, groups, chosen).items() if k in ("tp", "fp", "fn")})
            where = {k: g for g, members in enumerate(groups) for k in members}
            for a, b in itertools.combinations(range(len(day)), 2):
                if other(day[a], salt) != other(day[b], salt):
                    same, together = bool(set(day[a].clusters) & set(day[b].clusters)), where[a] == where[b]
                    across["tp"] += same and together
                    across["fp"] += together and not same
                    across["fn"] += same and not together
        return dict(zip("PRF", prf(counts["tp"], counts["fp"], counts["fn"]))), prf(across["tp"], across["fp"],
                                                                                    across["fn"])

    rows = []
    everything = {c for r in reports for c in r.clusters}
    for salt in ("a", "b"):
        for rule, language in (("shared names (as shipped)", "other"), ("plain words (before)", "english")):
            for label, days in (("(a) all 18", [(everything, half(reports, salt, language))]),
                                (f"(b) {len(mixed)} mixed days", [(c, half(d, salt, language)) for c, d in mixed])):
                whole, (p, r, f) = scores(days, salt)
                rows.append([f"half {salt}, {label}", rule, f"{whole['P']:.3f} / {whole['R']:.3f} / {whole['F']:.3f}",
                             f"{p:.3f} / {r:.3f} / {f:.3f}"])
    print("\n- Reports in two languages: half the reports (two halves, by a hash of the id) given another language's "
          "stems for all but their names; pairwise P / R / F1 over all pairs and over the pairs across languages "
          "(compare with same-language precision above):\n")
    print(table(["day", "rule for pairs across languages", "all pairs P / R / F1", "pairs across languages P / R / F1"],
                rows))
    print()


# Days of unrelated articles: each news-dev article tells its own event (CNN/DM, XSum and BBC, many
# on one topic: sport, politics, technology), so every story of several reports is a wrong merge.
UNRELATED_DAYS, UNRELATED_DAY_SIZE, UNRELATED_ARTICLES = 12, 50, 600


def unrelated_days(settings, args) -> None:
    """The share of reports put in stories of several on days of unrelated news-dev articles (0 is right),
    without and with a Background of the other articles (as a month of earlier days gives)."""
    if not args.news.exists():
        print(f"- (no {args.news}: the days of unrelated articles are left out)")
        return
    config = load_config(cwd=Path("/"))
    summaries = []
    for number, record in enumerate(load_articles(args.news)[:UNRELATED_ARTICLES]):
        paragraphs = tuple(p for p in record["text"].split("\n") if p.strip())
        article = Article(seed=f"news-{number}", title=record.get("title") or "", paragraphs=paragraphs,
                          content_hash="")
        summaries.append(summarize_article(article, settings, config.limits.max_sentences))
    rng = random.Random(SEED)
    shares = {False: [], True: [], "dated": [], "languages": [], "languages before": []}
    for _ in range(UNRELATED_DAYS):
        day = rng.sample(summaries, UNRELATED_DAY_SIZE)
        seeds = {s.article.seed for s in day}
        others = background_of([day_frequencies(s for s in summaries if s.article.seed not in seeds)])
        for with_background in (False, True):
            stories = compose_stories(day, settings, background=others if with_background else None)
            shares[with_background].append(sum(len(s.reports) for s in stories if len(s.reports) > 1) / len(day))
        # A morning's day holds yesterday's articles too: published on two dates.
        dated = [dataclasses.replace(s, article=dataclasses.replace(s.article, published=f"2026-03-0{1 + k % 2}"))
                 for k, s in enumerate(day)]
        stories = compose_stories(dated, settings, background=others)
        shares["dated"].append(sum(len(s.reports) for s in stories if len(s.reports) > 1) / len(day))
        # Half of them in another language (its stems for all but the names; see across_languages), with the
        # rule for pairs across languages, and as before it (the languages not told apart).
        for key, language in (("languages", "other"), ("languages before", "english")):
            mixed = [in_another_language(s, language) if k % 2 else s for k, s in enumerate(day)]
            stories = compose_stories(mixed, settings, background=others)
            shares[key].append(sum(len(s.reports) for s in stories if len(s.reports) > 1) / len(day))
    print(f"- days of {UNRELATED_DAY_SIZE} unrelated news-dev articles ({UNRELATED_DAYS} days, seed {SEED}): "
          f"share of reports put in stories of several (wrong merges; 0 is right): "
          f"{np.mean(shares[False]):.3f}, with a Background of the other articles {np.mean(shares[True]):.3f}, "
          f"and with it, published on two dates {np.mean(shares['dated']):.3f}, and with it, half the articles "
          f"in another language {np.mean(shares['languages']):.3f} ({np.mean(shares['languages before']):.3f} "
          "before the rule for pairs across languages)")


# --- 2. story summaries --------------------------------------------------------------------------


def cut_words(text: str, n: int = WORDS) -> str:
    return " ".join(text.split()[:n])


def lead_text(cluster: Sequence[Report]) -> str:
    latest = max(cluster, key=lambda r: (r.date, r.id))
    return cut_words(latest.text)


def lexrank_text(cluster: Sequence[Report]) -> str:
    """sumy LexRank (briefing's `lexrank`, same tokenizer, stemmer, stop words) over every sentence of the
    story, split per paragraph; best first, exact repeats dropped, cut to 100 words."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = toolkit("english").tokenizer
    paragraphs = [Paragraph([Sentence(s, tokenizer) for s in tokenizer.to_sentences(p)])
                  for r in sorted(cluster, key=lambda r: r.id) for p in r.summary.article.paragraphs]
    document = ObjectDocumentModel(paragraphs)
    order, _ = rank_sentences("lexrank", "english", document)
    sentences = [str(s) for s in document.sentences]
    out, seen, words = [], set(), 0
    for i in order:
        if sentences[i] in seen:
            continue
        seen.add(sentences[i])
        out.append(sentences[i])
        words += len(sentences[i].split())
        if words >= WORDS:
            break
    return cut_words(" ".join(out))


def story_text(cluster: Sequence[Report], settings) -> str:
    story = story_of([r.summary for r in cluster], settings)
    return " ".join(s.text for s in story.summary)


def section_summaries(reports: list[Report], references: dict[str, list[str]], settings, args) -> None:
    print(f"## 2. Story summaries at {WORDS} words: ROUGE recall x100, mean over the clusters [95% bootstrap]\n")
    clusters: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        for c in r.clusters:
            clusters[c].append(r)
    names = sorted(clusters)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def rouge(cluster: str, candidate: str) -> tuple[float, float]:
        s = [scorer.score(cut_words(ref), cut_words(candidate)) for ref in references[cluster]]
        return tuple(100 * sum(x[m].recall for x in s) / len(s) for m in ("rouge1", "rouge2"))

    words100 = dataclasses.replace(settings, words=WORDS)
    systems = {
        "LEAD: first 100 words of the most recent report": lead_text,
        "sumy LexRank over all the story's sentences": lexrank_text,
        "briefing: story_of(the cluster's reports), words = 100": lambda c: story_text(c, words100),
    }
    scores, lengths = {}, {}
    for name, system in systems.items():
        texts = [system(clusters[c]) for c in names]
        scores[name] = np.array([rouge(c, t) for c, t in zip(names, texts)])
        lengths[name] = float(np.mean([len(t.split()) for t in texts]))
    print(f"rouge-score {WORDS}-word cut on both sides, Porter stemming, mean recall over the "
          f"{statistics.mean(len(references[c]) for c in names):.0f} references; {len(names)} clusters "
          f"(a cluster's reports are those filed under it, so 4 reports are in two). The story summary is whole "
          f"sentences within {WORDS} words (datelines cut); LEAD and LexRank are cut at exactly {WORDS}.\n")
    rows = [[name, interval(s[:, 0], args.boot), interval(s[:, 1], args.boot), f"{lengths[name]:.0f}"]
            for name, s in scores.items()]
    print(table(["system", "ROUGE-1 R", "ROUGE-2 R", "words"], rows))
    ours = list(systems)[2]
    print("\nPaired differences over the clusters (mean [95% bootstrap], clusters better / worse):\n")
    rows = []
    for other in list(systems)[:2]:
        d = scores[ours] - scores[other]
        rows.append([f"briefing - {other.split(':')[0].split(' over')[0]}",
                     *(f"{interval(d[:, m], args.boot, signed=True)} ({(d[:, m] > 0).sum()}/{(d[:, m] < 0).sum()})"
                       for m in range(2))])
    print(table(["comparison", "ROUGE-1", "ROUGE-2"], rows))
    r1, r2 = scores[ours].mean(axis=0)
    print(f"\n- goals: R-1 >= {GOAL_R1}: {r1:.2f} {'met' if r1 >= GOAL_R1 else 'MISSED'}; "
          f"R-2 >= {GOAL_R2}: {r2:.2f} {'met' if r2 >= GOAL_R2 else 'MISSED'}\n")


# --- 3. speed ----------------------------------------------------------------------------------------


def synthetic_summaries(n: int, seed: int = SEED) -> tuple[list[Summary], list[int]]:
    """n made-up reports in n/8 events over 3 days, with their gold events.

    Each report keeps 100 terms: Zipf-distributed everyday words (a 50,000-word
    vocabulary) plus 8 of its event's 15 words and 2 of its 4 names; and 12
    candidate sentences of 8-14 stems drawn from its own terms.
    """
    rng = random.Random(seed)
    zipf = np.random.default_rng(seed)
    events = max(1, n // 8)
    summaries, gold = [], []
    for r in range(n):
        e = rng.randrange(events)
        draws = zipf.zipf(1.3, size=300)
        counts = Counter(f"w{int(x)}" for x in draws if x <= 50_000)
        for term in rng.sample([f"e{e}x{k}" for k in range(15)], 8) + rng.sample([f"e{e}n{k}" for k in range(4)], 2):
            counts[term] += rng.randint(2, 6)
        terms = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:100])
        names = tuple(sorted(t for t, _ in terms if "n" in t[1:] and t.startswith("e")))
        vocabulary = [t for t, _ in terms]
        candidates = []
        for rank in range(1, 13):
            stems = tuple(rng.choice(vocabulary) for _ in range(rng.randint(8, 14)))
            text = " ".join(stems).capitalize() + "."
            candidates.append(Candidate(text=text, position=rank, rank=rank, stems=stems, point=text))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 2))
        article = Article(seed=f"synthetic/{r:06d}.txt", title="", paragraphs=(), content_hash="",
                          source=f"source {rng.randrange(50)}", published=day.isoformat(), word_count=500)
        summaries.append(Summary(article=article, sentences=(), key_points=(), algorithm="newsrank",
                                 language="english", terms=terms, names=names, candidates=tuple(candidates)))
        gold.append(e)
    return summaries, gold


def section_speed(settings, args) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"## 3. Speed of the compose step (synthetic reports; {os.cpu_count()} cores, load average {load:.1f})\n")
    rows = []
    words100 = dataclasses.replace(settings, words=WORDS)
    for n in (1_000, 10_000):
        summaries, gold = synthetic_summaries(n)
        features = [features_of(s) for s in summaries]
        repeats = 3 if n <= 1_000 else 1
        group_times, compose_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            groups = group_reports(features)
            group_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            composed = compose_stories(summaries, words100)
            compose_times.append(time.perf_counter() - start)
        scores = pair_counts([str(g) for g in gold], groups)
        p, r, f = prf(scores["tp"], scores["fp"], scores["fn"])
        rows.append([f"{n:,}", f"{n // 8:,}", f"{statistics.median(group_times):.2f}",
                     f"{statistics.median(compose_times):.2f}", len(composed), f"{p:.3f} / {r:.3f} / {f:.3f}"])
    print("Each report: 100 terms (Zipf everyday words plus 8 of its event's 15 words and 2 of its 4 names), "
          "12 candidate sentences; 3 dates. Median of 3 runs at 1,000, one run at 10,000. "
          "group_reports: the grouping alone, features built beforehand; compose_stories: "
          "features, grouping and every story's 100-word summary.\n")
    print(table(["reports", "events", "group_reports s", "compose_stories s", "stories made",
                 "grouping P / R / F1 vs events"], rows))
    print()


# --- 4. importance -----------------------------------------------------------------------------------

SYLLABLES = ("ka", "lo", "ven", "dra", "mi", "tor", "sel", "qua", "ri", "bon", "zel", "ath", "mur", "pen", "gal",
             "ost", "rin", "vey", "hal", "dun", "cor", "lis", "tam", "bre", "nox", "ul", "fen", "ira", "sko", "ward")
# Sentence frames: real function words, and slots for the event's made-up
# people, place, organisation and content words ({w}: a new pick each time).
FRAMES = (
    "{person} said on {weekday} that the {w} {w} in {place} would {w} the {w}.",
    "Officials in {place} confirmed that {count} {w} had been {w} by the {w}.",
    "The {org} said it had warned {person} about the {w} {w} months ago.",
    "{person}, who leads the {org}, told reporters in {place} that the {w} would {w}.",
    "Critics of the {w} gathered outside the offices of the {org} in {place} on {weekday}.",
    "According to the {org}, the {w} of the {w} has reached {count} million.",
    "Residents of {place} said they learned of the {w} {w} from local radio.",
    "{person} declined to say whether the {org} would {w} its plans for the {w}.",
    "A spokesman for the {org} said the {w} was the largest {w} in the history of {place}.",
    "The {w} near {place} drew {count} {w} within a day, the {org} said.",
    "Lawmakers asked {person} to explain the {w} of the {w} by the end of the month.",
    "The {org} expects a report on the {w} {w} in {place} before the end of the year.",
    "Analysts said the {w} could {w} the {w} of {place} for years.",
    "{person} met leaders of the {org} late on {weekday} to discuss the {w} {w}.",
)
FILLER = (
    "The weather was mild across most of the country for the season.",
    "Markets were little changed in early trading, dealers said.",
    "Further information was expected to be released later in the week.",
    "Several questions remained unanswered at the time of writing.",
    "The announcement came after a week of speculation in the press.",
    "It was not immediately clear how many people had been told.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def made_up_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def fill(frame: str, rng: random.Random, slots: dict[str, str], words: Sequence[str]) -> str:
    text = frame.format(**slots, weekday=rng.choice(WEEKDAYS), count=rng.randint(2, 900), w="\0")
    while "\0" in text:
        text = text.replace("\0", rng.choice(words), 1)
    return text


def importance_day(seed: int, settings, events: int = 10) -> tuple[list[Summary], dict[str, int]]:
    """Made-up reports: event e (1..events) is told by e reports, each from a different source.

    Each event has its own made-up people, place, organisation (no shared
    word such as "Council": with every event told in the same sentence
    frames, one shared name lets two events of a small day merge) and 20
    content words, and 14 sentences that tell it; a report retells 5-9 of them, adds
    2 of its own (the same frames with 80 made-up words every event may use)
    and one unrelated sentence. Each is summarised by summarize_article.
    """
    rng = random.Random(seed)
    common = [made_up_word(rng, 2) for _ in range(80)]
    summaries, event_of = [], {}
    for e in range(1, events + 1):
        words = [made_up_word(rng, rng.randint(2, 3)) for _ in range(20)]
        slots = {"person": f"{made_up_word(rng, 2).title()} {made_up_word(rng, 3).title()}",
                 "place": made_up_word(rng, 3).title(),
                 "org": f"{made_up_word(rng, 2).title()} {made_up_word(rng, 2).title()}"}
        told = [fill(frame, rng, slots, words) for frame in FRAMES]
        for k, source in enumerate(rng.sample(range(events), e)):
            sentences = rng.sample(told, rng.randint(5, 9))
            sentences += [fill(rng.choice(FRAMES), rng, slots, common) for _ in range(2)]
            sentences.insert(rng.randint(1, len(sentences)), rng.choice(FILLER))
            paragraphs = tuple(" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2))
            published = dt.datetime(2024, 3, 5, rng.randint(0, 23), rng.randint(0, 59)).isoformat()
            seed_name = f"event{e:02d}/report{k:02d}.md"
            article = Article(seed=seed_name, title=f"{slots['place']} {words[0]}: {slots['person']}",
                              paragraphs=paragraphs, content_hash="", source=f"Source {source}",
                              published=published)
            summaries.append(summarize_article(article, settings))
            event_of[seed_name] = e
    rng.shuffle(summaries)
    return summaries, event_of


def section_importance(settings, editor, args) -> None:
    print("## 4. Importance: does a story told by more sources come first?\n")
    rows, rhos = [], []
    for seed in range(args.importance_days):
        summaries, event_of = importance_day(100 + seed, settings)
        briefing = compose_briefing(dt.date(2024, 3, 5), summaries, settings, editor)
        sizes = [len(story.reports) for story in briefing.stories]
        places = list(range(1, len(sizes) + 1))
        rho = -spearmanr(places, sizes).statistic  # + : more reports, earlier in the briefing
        # Gold: the number of reports of each story's event (the event most of its reports tell).
        gold_sizes = [Counter(event_of[r.article.seed] for r in story.reports).most_common(1)[0][0]
                      for story in briefing.stories]
        pure = sum(len({event_of[r.article.seed] for r in story.reports}) == 1 for story in briefing.stories)
        rhos.append(rho)
        rows.append([100 + seed, len(summaries), f"{len(briefing.stories)} ({pure} pure)",
                     " ".join(map(str, sizes)), f"{rho:+.3f}", f"{-spearmanr(places, gold_sizes).statistic:+.3f}"])
    print("Each day: 10 made-up events, event k told by k reports (k = 1..10, 55 reports), each report from a "
          "different source: 5-9 of its event's 14 made-up sentences, 2 of its own and one unrelated, "
          "published at a random time of the day; "
          "summarised by summarize_article and composed by compose_briefing (default settings). "
          "Spearman of the story's place in the briefing against its number of reports (sign flipped: "
          "+1 = more reports, earlier).\n")
    print(table(["seed", "reports", "stories (pure)", "reports per story, in briefing order",
                 "Spearman (story's reports)", "Spearman (its event's reports)"], rows))
    mean = float(np.mean(rhos))
    print(f"\n- mean Spearman {mean:+.3f}, lowest {min(rhos):+.3f}; goal >= {GOAL_SPEARMAN}: "
          f"{'met' if min(rhos) >= GOAL_SPEARMAN else ('met on average' if mean >= GOAL_SPEARMAN else 'MISSED')}\n")


# --- 5. developing links -------------------------------------------------------------------------------


def majority(story: Story, cluster_of: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The clusters most of a story's reports belong to (a report in two clusters counts for both)."""
    counts = Counter(c for r in story.reports for c in cluster_of[r.article.seed])
    best = max(counts.values())
    return frozenset(c for c, v in counts.items() if v == best)


def run_days(reports: Sequence[Report], settings, editor) -> dict[dt.date, tuple[Story, ...]]:
    """Every date composed in turn as compose_days does: Background of the 30 days before, and the stories of
    the `developing_days` before as EarlierStory (as pipeline.days._earlier_stories builds them for days composed in
    the same run, except `first`: None, so that `follows` names the story matched, not the chain's origin)."""
    by_date: dict[dt.date, list[Summary]] = defaultdict(list)
    for r in reports:
        by_date[r.date].append(r.summary)
    composed: dict[dt.date, tuple[Story, ...]] = {}
    for day in sorted(by_date):
        first, last = day - dt.timedelta(days=editor.developing_days), day - dt.timedelta(days=1)
        earlier = [EarlierStory(d, story.lead.article.title, story.anchor,
                                dataclasses.replace(merged_features(story), key=f"{d}#{story.anchor}"),
                                frozenset(s.text for s in story.summary), None)
                   for d, day_stories in composed.items() if first <= d <= last for story in day_stories]
        earlier.sort(key=lambda story: (story.day, story.anchor))  # the store's order, as _earlier_stories gives
        background = background_of(day_frequencies(r for story in composed[d] for r in story.reports)
                                   for d in composed if day - dt.timedelta(days=BACKGROUND_DAYS) <= d < day)
        briefing = compose_briefing(day, by_date[day], settings, editor, background=background, earlier=earlier)
        composed[day] = briefing.stories
    return composed


def link_scores(composed: dict[dt.date, tuple[Story, ...]], reports: Sequence[Report], window: int) -> dict:
    cluster_of = {r.id: r.clusters for r in reports}
    dates_of: dict[str, set[dt.date]] = defaultdict(set)
    for r in reports:
        for c in r.clusters:
            dates_of[c].add(r.date)
    found = {(d, s.anchor): s for d, day_stories in composed.items() for s in day_stories}
    origin: dict[tuple[dt.date, str], tuple[dt.date, str]] = {}
    links = right = chain_right = eligible = recalled = 0
    for day in sorted(composed):
        for story in composed[day]:
            mine = majority(story, cluster_of)
            key = (day, story.anchor)
            seen_before = any(day - dt.timedelta(days=window) <= d < day for c in mine for d in dates_of[c])
            eligible += seen_before
            origin[key] = key
            if story.follows is None:
                continue
            theirs_key = (story.follows.day, story.follows.anchor)
            correct = bool(mine & majority(found[theirs_key], cluster_of))
            origin[key] = origin[theirs_key]
            links += 1
            right += correct
            chain_right += bool(mine & majority(found[origin[key]], cluster_of))
            recalled += correct and seen_before
    stories = sum(len(s) for s in composed.values())
    return {"stories": stories, "links": links, "right": right, "chain_right": chain_right,
            "eligible": eligible, "recalled": recalled,
            "P": right / links if links else float("nan"), "R": recalled / eligible if eligible else float("nan"),
            "chainP": chain_right / links if links else float("nan")}


def wilson(k: int, n: int) -> str:
    if n == 0:
        return "[-]"
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"[{centre - half:.2f}, {centre + half:.2f}]"


def section_developing(reports: list[Report], settings, editor, args) -> None:
    print("## 5. Developing stories: links to a story of the days before\n")
    current = developing_module.SAME_EVENT_ACROSS_DAYS
    values = sorted(set(QUICK_SWEEP if args.quick else SWEEP) | {current})
    rows, results = [], {}
    try:
        for value in values:
            developing_module.SAME_EVENT_ACROSS_DAYS = value
            s = link_scores(run_days(reports, settings, editor), reports, editor.developing_days)
            results[value] = s
            met = s["P"] >= GOAL_LINK_P and s["R"] >= GOAL_LINK_R
            rows.append([f"{value:g}" + (" (current)" if value == current else ""), s["links"],
                         f"{s['P']:.3f} {wilson(s['right'], s['links'])}", f"{s['recalled']}/{s['eligible']}",
                         f"{s['R']:.3f} {wilson(s['recalled'], s['eligible'])}", f"{s['chainP']:.3f}",
                         "yes" if met else ""])
    finally:
        developing_module.SAME_EVENT_ACROSS_DAYS = current
    s = results[current]
    dates = len({r.date for r in reports})
    print(f"The {dates} dates fed in order, each composed by compose_briefing with the stories of the "
          f"{editor.developing_days} days before (EarlierStory, as pipeline.days._earlier_stories builds them, but with "
          "first = None so that story.follows names the story matched; the links made are the same) and the "
          f"stem frequencies of the {BACKGROUND_DAYS} days before (Background): {s['stories']} stories. A link "
          "(story.follows) is right when the two stories share their majority cluster. Recall: of the stories whose "
          f"cluster had a report in the {editor.developing_days} days before, those linked rightly. "
          "Chain P: the link's origin (what the briefing shows as first reported) shares the cluster. "
          "Brackets: 95% Wilson intervals.\n")
    print(f"At the current SAME_EVENT_ACROSS_DAYS = {current:g}: {s['links']} links, P {s['P']:.3f} "
          f"{wilson(s['right'], s['links'])}, R {s['R']:.3f} {wilson(s['recalled'], s['eligible'])} "
          f"({s['recalled']} of {s['eligible']}); goal P >= {GOAL_LINK_P}, R >= {GOAL_LINK_R}: "
          f"{'met' if s['P'] >= GOAL_LINK_P and s['R'] >= GOAL_LINK_R else 'MISSED'}\n")
    print("Sweep of developing.SAME_EVENT_ACROSS_DAYS (set in this process only):\n")
    print(table(["threshold", "links", "P [95%]", "recalled / eligible", "R [95%]", "chain P", "goal met"], rows))
    meeting = [v for v in values if results[v]["P"] >= GOAL_LINK_P and results[v]["R"] >= GOAL_LINK_R]
    print(f"\n- values meeting both goals: {', '.join(f'{v:g}' for v in meeting) or 'none'}\n")


# --- main --------------------------------------------------------------------------------------------------


def interval(values: np.ndarray, boot: int, signed: bool = False) -> str:
    """Mean and 95% percentile bootstrap interval of the mean."""
    rng = np.random.default_rng(SEED)
    means = values[rng.integers(0, len(values), size=(boot, len(values)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    f = "+.2f" if signed else ".2f"
    return f"{values.mean():{f}} [{low:{f}}, {high:{f}}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DUC, help=f"the DUC 2003 dev clusters' folder (default {DUC})")
    parser.add_argument("--boot", type=int, help="bootstrap resamples (default 10,000; 1,000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer resamples, mixed days and sweep values")
    parser.add_argument("--news", type=Path, default=DEV_SET,
                        help=f"articles of unrelated events for section 1's wrong merges (default {DEV_SET})")
    args = parser.parse_args()
    args.boot = args.boot or (1_000 if args.quick else 10_000)
    args.mixed = 20 if args.quick else 40
    args.importance_days = 3 if args.quick else 5

    config = load_config(cwd=Path("/"))  # the defaults: no briefing.toml, no flags
    started = time.perf_counter()
    reports = load_reports(args.data, config)
    references = {r["group"]: r["references"] for r in load_articles(args.data / "summaries.jsonl")}
    languages = Counter(r.summary.language for r in reports)
    print(f"{len(reports)} DUC reports, {len({c for r in reports for c in r.clusters})} clusters, "
          f"{len({r.date for r in reports})} dates; summarised by summarize_article ({config.summary.algorithm}, "
          f"default settings; languages detected: {dict(languages)}) in {time.perf_counter() - started:.1f} s; "
          f"bootstrap {args.boot:,} resamples\n")
    sections = (
        lambda: section_grouping(reports, config.summary, args),
        lambda: section_summaries(reports, references, config.summary, args),
        lambda: section_speed(config.summary, args),
        lambda: section_importance(config.summary, config.editor, args),
        lambda: section_developing(reports, config.summary, config.editor, args),
    )
    for number, section in enumerate(sections, start=1):
        start = time.perf_counter()
        section()
        print(f"(section {number}: {time.perf_counter() - start:.0f} s)\n")
    print(f"Total {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
