"""Speed and memory of briefing, side by side with plain sumy, in one run.

    python benchmarks/speed.py            # everything (about 15 minutes on 2 cores)
    python benchmarks/speed.py --quick    # smaller sizes, for a smoke test
    python benchmarks/speed.py --startup  # section 4 only (a minute; needs no data set)
    python benchmarks/speed.py --startup --startup-baseline ../old  # ... against another checkout, in turn

Prints, as Markdown tables:
1. per-article summarisation time of briefing's summariser and of plain sumy
   LexRank (same sentence count, same tokenizer) at about 20, 100, 400 and
   1,000 sentences, medians over repeats, and their ratio;
2. `briefing run` throughput and peak memory (RSS) at 100, 1,000 and 10,000
   seeds, medians over repeats, with --jobs 1 and --jobs 2 (alternating) at 1,000;
3. a run with nothing new over the largest seeds folder, and `briefing --help`,
   each against a bare `python -c pass`;
4. start-up: `python -c pass`, `briefing --version`, `briefing --help` and
   `briefing summarize` of a 1.5 KB article, run in turn (alternating) many
   times: the median wall time of each, and what each adds to Python's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_SET, load_articles, median_seconds, table  # noqa: E402

from briefing.config import load_config  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.summarize.article import summarize_article  # noqa: E402
from briefing.summarize.tokenize import OfflineTokenizer  # noqa: E402


# No sentence cap here: both sides summarise every sentence of the long articles.
NO_SENTENCE_CAP = 1_000_000


def long_article(records: list[dict], sentences: int) -> Article:
    """An article of about `sentences` sentences, made by joining dev-set articles."""
    tokenizer = OfflineTokenizer()
    paragraphs, count = [], 0
    for record in records * (1 + sentences // 5):
        for paragraph in record["text"].split("\n\n"):
            split = tokenizer.to_sentences(paragraph)
            take = split[: sentences - count]
            paragraphs.append(" ".join(take))
            count += len(take)
            if count >= sentences:
                return Article(seed="bench", title="Benchmark", paragraphs=tuple(paragraphs), content_hash="")
    raise SystemExit("not enough text in the data set")


def plain_lexrank(document, sentences: int):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer(document, sentences)


def newsrank_fresh(document, sentences: int):
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    from briefing.summarize.newsrank import NewsRankSummarizer

    # A new instance each time, so its stem cache starts cold as for a new article.
    return NewsRankSummarizer(Stemmer("english"), get_stop_words("english"))(document, sentences)


def parsed(article: Article):
    """sumy's document of the article, words tokenised (the tokenizer is shared by both sides)."""
    from sumy.parsers.plaintext import PlaintextParser

    document = PlaintextParser.from_string(article.text, OfflineTokenizer("english")).document
    for sentence in document.sentences:
        sentence.words
    return document


def summariser_rows(records: list[dict], sizes: list[int], config) -> list[list[object]]:
    rows = []
    for size in sizes:
        article = long_article(records, size)
        repeats = 5 if size <= 100 else 3
        document = parsed(article)
        core_ours = median_seconds(lambda: newsrank_fresh(document, config.summary.sentences), repeats)
        core_theirs = median_seconds(lambda: plain_lexrank(document, config.summary.sentences), repeats)
        summarize_article(article, config.summary, NO_SENTENCE_CAP)  # warm the language's models
        whole_ours = median_seconds(lambda: summarize_article(article, config.summary, NO_SENTENCE_CAP), repeats)
        whole_theirs = median_seconds(lambda: plain_lexrank(parsed(article), config.summary.sentences), repeats)
        rows.append([
            len(document.sentences),
            f"{core_ours * 1000:.1f}", f"{core_theirs * 1000:.1f}", f"{core_theirs / core_ours:.1f}x",
            f"{whole_ours * 1000:.1f}", f"{whole_theirs * 1000:.1f}", f"{whole_theirs / whole_ours:.1f}x",
        ])
    return rows


def write_seeds(folder: Path, records: list[dict], count: int) -> None:
    """`count` distinct seed files: dev-set articles, each with its own headline."""
    folder.mkdir(parents=True)
    past = time.time() - 3600
    for n in range(count):
        record = records[n % len(records)]
        # The headline makes every file distinct, so none is a duplicate of another.
        path = folder / f"{n // 1000:02d}" / f"story-{n:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Story {n}: {record.get('title') or record['id']}\n\n{record['text']}\n", encoding="utf-8")
        os.utime(path, (past, past))


def timed_run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of the largest process, and the summary line of one command."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(elapsed, peak, done.returncode, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip())\n"
    )
    output = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, check=True)
    elapsed, peak_kb, code, line = output.stdout.split(" ", 3)
    if code != "0":
        raise SystemExit(f"{' '.join(args)} failed: {line}")
    return float(elapsed), int(peak_kb) // 1024, line.strip()


def briefing_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", *args]


def run_rows(
    records: list[dict], sizes: list[int], jobs_at: set[int], workdir: Path, repeats: int
) -> tuple[list, dict[int, list[float]], Path]:
    """`briefing run` over fresh seeds: median seconds, throughput and largest peak RSS per size and jobs.

    Where both --jobs 1 and --jobs 2 are measured, their runs alternate, so a
    slow spell on a shared machine falls on both alike; the ratio of each
    pair is kept too.
    """
    rows = []
    pair_ratios: dict[int, list[float]] = {}
    largest = workdir
    for size in sizes:
        all_jobs = [1, 2] if size in jobs_at else [2]
        times: dict[int, list[float]] = {jobs: [] for jobs in all_jobs}
        peaks: dict[int, int] = {jobs: 0 for jobs in all_jobs}
        for _ in range(repeats):
            for jobs in all_jobs:
                folder = workdir / f"seeds-{size}"
                if not folder.exists():
                    write_seeds(folder / "seeds", records, size)
                shutil.rmtree(folder / "out", ignore_errors=True)
                shutil.rmtree(folder / ".briefing", ignore_errors=True)
                seconds, peak, _ = timed_run(briefing_command("run", "--jobs", str(jobs)), folder)
                times[jobs].append(seconds)
                peaks[jobs] = max(peaks[jobs], peak)
                largest = folder
        for jobs in all_jobs:
            median = statistics.median(times[jobs])
            rows.append([size, jobs, f"{median:.2f}", f"{size / median:.1f}", peaks[jobs]])
        if size in jobs_at:
            pair_ratios[size] = [one / two for one, two in zip(times[1], times[2])]
    return rows, pair_ratios, largest


def startup_rows(folder: Path, repeats: int) -> list[list[object]]:
    def median_run(args: list[str], cwd: Path) -> tuple[float, int]:
        results = [timed_run(args, cwd) for _ in range(repeats)]
        return statistics.median(r[0] for r in results), max(r[1] for r in results)

    bare, _ = median_run([sys.executable, "-c", "pass"], folder)
    help_time, _ = median_run(briefing_command("--help"), folder)
    nothing_new, peak = median_run(briefing_command("run"), folder)
    seeds = sum(1 for _ in (folder / "seeds").rglob("*.txt"))
    return [
        ["python -c pass", f"{bare:.3f}", "", ""],
        ["briefing --help", f"{help_time:.3f}", f"{help_time - bare:+.3f}", ""],
        [f"briefing run, nothing new over {seeds:,} seeds", f"{nothing_new:.3f}", f"{nothing_new - bare:+.3f}", peak],
    ]


# A seed of about 1.5 KB shipped with briefing: what `briefing summarize` of a small file costs.
SMALL_ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "heatwave-harvest.txt"


def wall_seconds(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode().strip()}")
    return elapsed


def startup_comparison(repeats: int, baseline: Path | None = None) -> str:
    """Median wall time of each start-up command, the commands taking turns so that noise falls on all alike.

    With `baseline` (a checkout of another version of briefing), its commands
    take turns with these, run with that folder first on PYTHONPATH.
    """
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("briefing --version", briefing_command("--version")),
        ("briefing --help", briefing_command("--help")),
        (f"briefing summarize {SMALL_ARTICLE.name} ({SMALL_ARTICLE.stat().st_size:,} bytes)",
         briefing_command("summarize", str(SMALL_ARTICLE))),
    ]
    versions: list[tuple[str, dict[str, str] | None]] = [("", None)]
    if baseline is not None:
        versions.append((" [baseline]", {**os.environ, "PYTHONPATH": str(baseline.resolve())}))
    runs = [(name + label, args, env) for name, args in commands for label, env in versions]
    times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    with tempfile.TemporaryDirectory(prefix="briefing-startup-") as folder:
        for _, args, env in runs:
            wall_seconds(args, Path(folder), env)  # once first: bytecode caches written, files in the page cache
        for _ in range(repeats):
            for name, args, env in runs:
                times[name].append(wall_seconds(args, Path(folder), env))
    bare = statistics.median(times[runs[0][0]])
    rows = []
    for name, _, _ in runs:
        median = statistics.median(times[name])
        rows.append([name, f"{median * 1000:.0f}", "" if name == runs[0][0] else f"{(median - bare) * 1000:+.0f}",
                     f"{min(times[name]) * 1000:.0f}"])
    return table(["command", "median ms", "beyond python -c pass", "fastest ms"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_SET, help="JSONL of articles (default: the dev set)")
    parser.add_argument("--quick", action="store_true", help="small sizes only, for a smoke test")
    parser.add_argument("--keep", type=Path, help="keep the generated seed folders here")
    parser.add_argument("--repeats", type=int, default=5, help="runs of `briefing run` per size and jobs (default 5)")
    parser.add_argument("--startup", action="store_true", help="only the start-up comparison (section 4)")
    parser.add_argument("--startup-repeats", type=int, default=21, help="turns of the start-up comparison (default 21)")
    parser.add_argument("--startup-baseline", type=Path,
                        help="a checkout of another version of briefing, timed in turn with this one")
    args = parser.parse_args()

    if args.startup:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print(f"Start-up (wall time, {args.startup_repeats} turns, commands alternating)\n")
        print(startup_comparison(args.startup_repeats, args.startup_baseline))
        return

    records = load_articles(args.data)
    config = load_config(cwd=Path(tempfile.gettempdir()))
    sentence_sizes = [20, 100] if args.quick else [20, 100, 400, 1000]
    seed_sizes = [50, 200] if args.quick else [100, 1000, 10000]
    jobs_at = {200} if args.quick else {1000}

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, algorithm {config.summary.algorithm}\n")
    print("Per-article summarisation time (median ms; start-up excluded)")
    print("core: ranking one already tokenised document, NewsRank vs sumy LexRank;")
    print("whole: article text -> summary (briefing: + key points), tokenising included on both sides\n")
    print(table(["sentences", "core briefing", "core LexRank", "core speed-up",
                 "whole briefing", "whole LexRank", "whole speed-up"],
                summariser_rows(records, sentence_sizes, config)))

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        rows, pair_ratios, largest = run_rows(records, seed_sizes, jobs_at, workdir, args.repeats)
        print(f"\n`briefing run` over fresh seeds (median of {args.repeats} runs; wall time includes start-up)\n")
        print(table(["seeds", "jobs", "seconds", "articles/s", "peak RSS MB"], rows))
        by_jobs = {(r[0], r[1]): float(r[2]) for r in rows}
        for size in jobs_at:
            ratios = ", ".join(f"{r:.2f}" for r in sorted(pair_ratios[size]))
            print(f"\n--jobs 2 vs --jobs 1 on {size:,} seeds: {by_jobs[(size, 1)] / by_jobs[(size, 2)]:.2f}x throughput"
                  f" (ratio of medians; run by run, alternating: {ratios})")
        peaks = {r[0]: r[4] for r in rows if r[1] == 2}
        small, big = seed_sizes[-2], seed_sizes[-1]
        print(f"peak RSS {big:,} seeds / {small:,} seeds: {peaks[big] / peaks[small]:.2f}x")
        print("\nStart-up and a run with nothing new (median seconds)\n")
        print(table(["command", "seconds", "beyond python -c pass", "peak RSS MB"], startup_rows(largest, 5)))
        print(f"\nStart-up (wall time, {args.startup_repeats} turns, commands alternating)\n")
        print(startup_comparison(args.startup_repeats))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
