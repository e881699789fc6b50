"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO.parent / "shared" / "eval" / "news-dev.jsonl"
CNNDM_SET = REPO.parent / "shared" / "eval" / "cnndm-dev.jsonl"


def load_articles(path: Path = DEV_SET, limit: int | None = None) -> list[dict]:
    """Records of a JSONL file of the dev set's form: id, source, title, text, reference."""
    if not path.is_file():
        raise SystemExit(f"data not found: {path} (pass --data PATH)")
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table, so the output pastes straight into benchmarks/README.md."""
    text = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in text]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
