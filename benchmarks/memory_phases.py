"""Where a run's memory goes: `briefing run` in this process on a prepared folder, its RSS sampled by phase.

    python benchmarks/memory_phases.py FOLDER [--date 2026-03-02] [--jobs 2] [--traced]

FOLDER holds `seeds/` (and `.briefing/`, `out/` from earlier runs, if any); the run changes it, so give it a
copy. A thread samples the process's RSS every 10 ms with the briefing functions the main thread is in;
printed: the peak, and for each phase (the two outermost briefing calls under `run_once`, in the order
first met) the highest RSS sampled in it. With `--traced`, Python's own allocations too (tracemalloc: the
run is two to three times slower): the traced memory on entering and leaving each step of composing a day,
and its peak in between. RSS counts what glibc keeps of freed memory; the traced figures say what is live.

The figures behind "a day that is never held whole" (benchmarks/README.md, issue 18's memory goal).
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import sys
import threading
import time
import tracemalloc

# The steps of composing a day whose traced memory is printed (module:function).
TRACED_STEPS = (
    "briefing.pipeline.run:read_seeds", "briefing.pipeline.run:compose_days", "briefing.pipeline.days:_unzipped",
    "briefing.compose.numbered_terms:day_frequencies", "briefing.compose.editor:compose_stories",
    "briefing.compose.stories:group_reports", "briefing.compose.stories:follows_on",
    "briefing.pipeline.run:publish_days", "briefing.pipeline.run:record_publication",
)
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def briefing_frames(thread: int) -> list[str]:
    """The briefing functions `thread` is in, outermost first."""
    frame, names = sys._current_frames().get(thread), []
    while frame is not None:
        code = frame.f_code
        if f"{os.sep}briefing{os.sep}" in code.co_filename:
            names.append(code.co_name)
        frame = frame.f_back
    return names[::-1]


def traced_steps(report) -> None:
    """Each of TRACED_STEPS wrapped to report the traced memory on entering and leaving it."""
    for step in TRACED_STEPS:
        module_name, name = step.split(":")
        module = importlib.import_module(module_name)
        function = getattr(module, name)

        def wrapped(*args, _function=function, _name=name, **kwargs):
            report(f"> {_name}")
            try:
                return _function(*args, **kwargs)
            finally:
                report(f"< {_name}")

        setattr(module, name, wrapped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--date", default="2026-03-02")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--traced", action="store_true", help="Python's allocations by step too (slower)")
    args = parser.parse_args()
    os.chdir(args.folder)
    started = time.perf_counter()
    if args.traced:
        tracemalloc.start()

        def report(what: str) -> None:
            now, peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            print(f"{time.perf_counter() - started:8.2f} s  traced {now / 2**20:7.1f} MB, peak since the line "
                  f"before {peak / 2**20:7.1f} MB  {what}", flush=True)

        traced_steps(report)
    main_thread, samples, done = threading.get_ident(), [], threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((rss_mb(), briefing_frames(main_thread)))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    from briefing.cli import main as briefing

    try:
        briefing(["run", "--date", args.date, "--jobs", args.jobs])
    except SystemExit:
        pass
    done.set()
    sampler.join()
    highest: dict[str, float] = {}
    for rss, frames in samples:
        under = frames[frames.index("run_once") + 1:] if "run_once" in frames else frames
        phase = " > ".join(under[:2]) or "(start-up)"
        highest[phase] = max(highest.get(phase, 0.0), rss)
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"({len(samples)} samples); the highest sampled in each phase, in the order first met:")
    for phase, rss in highest.items():
        print(f"{rss:7.0f} MB  {phase}")


if __name__ == "__main__":
    main()
