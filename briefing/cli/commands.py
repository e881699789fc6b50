"""The `briefing` group and its commands that run the pipeline: run, fetch, remove, schedule, serve."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import logging
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..progress import PROGRESS_MIN_SEEDS
from ..text import printable
from .config_commands import config
from .failing import _closed_pipe, _fail, _Group, _hold_closed_standard_streams, _stdout_fails
from .logs import _logging_after_command, _refuse_a_log_file_among_the_runs_files, _setup_logging
from .options import (_SECONDS, _config, _Dates, _jobs_option, _length_options, _logging_options, _Path,
                      _path_options, _schedule_options)
from .summarizing import summarize


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("--config", "config_path", type=_Path(dir_okay=False),
              help="Config file to read [default: ./briefing.toml if present].")
@_logging_options
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, verbose: bool, quiet: bool, log_file: Path | None) -> None:
    """Turn a folder of news articles into a daily briefing (Markdown and HTML).

    \b
    Example:
        briefing run                 # summarise new seeds into out/<today>.md and .html
    """
    if verbose and quiet:
        raise click.UsageError("give --verbose or --quiet, not both")
    _setup_logging(verbose, quiet, log_file)
    ctx.obj = {"config_path": config_path, "verbose": verbose, "quiet": quiet, "log_file": log_file}


@contextlib.contextmanager
def _progress_bar(enabled: bool):
    """A callback for run_once that draws a bar on stderr, if stderr is a terminal and the run is long.

    Under cron, CI or a pipe, stderr is no terminal and nothing extra is printed.
    """
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if not enabled or total < PROGRESS_MIN_SEEDS or not sys.stderr.isatty():
                return
            bar = click.progressbar(length=total, label="Summarising", file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def entry() -> None:
    """The `briefing` program: main() in a process of its own."""
    _hold_closed_standard_streams()
    try:
        main(prog_name="briefing")
    except BrokenPipeError:
        _closed_pipe()
    except OSError as error:  # `briefing --help > /dev/full`: help is printed before any command runs
        if not _stdout_fails(error):
            raise
        _fail(f"cannot write to standard output: {error.strerror or error}", 1)
    finally:
        # The process is ending and exit frees all memory at once: spare it the
        # last garbage collections over every object NLTK, sumy and numpy made,
        # which take 0.05 to 0.1 s of each run.
        gc.freeze()


@main.command()
@_path_options
@click.option("--date", "day", type=_Dates(formats=["%Y-%m-%d"]), help="Day of the briefing, from 1000-01-01 to 9998-12-31 [default: today in the configured time zone].")
@_length_options
@_jobs_option
@click.option("--rebuild", is_flag=True, help="Summarise every seed again and rewrite every briefing.")
@click.option("--dry-run", is_flag=True, help="Do everything but write files or state; report what would be written.")
@click.option("--wait", type=_SECONDS, default=0, show_default=True,
              help="Seconds to wait for another run to finish before giving up (exit 75).")
@_logging_options
@click.pass_context
def run(ctx: click.Context, day: dt.datetime | None, rebuild: bool, dry_run: bool, wait: float,
        verbose: bool, quiet: bool, log_file: Path | None, **_: Any) -> None:
    """Summarise new seed files into today's briefing.

    Reads seeds that are new or changed since the last run, and rewrites the
    day's briefing with every article of the day, the archive (index.html) and
    the feed (feed.xml); then emails it if [delivery.email] is set. Ends with
    one summary line. On a terminal, a run of 10 seeds or more shows progress.

    \b
    Example:
        briefing run --seeds news/ --out site/ --sentences 4
    """
    from ..pipeline import run_once

    _logging_after_command(ctx, verbose, quiet, log_file)
    config = _config(ctx)
    with _progress_bar(enabled=not ctx.obj.get("quiet")) as progress:
        report = run_once(config, day=day.date() if day else None, rebuild=rebuild, dry_run=dry_run,
                          lock_wait=wait, progress=progress, process_ends=True)
    # (A seeds folder that cannot be listed is said by its own line: it may hold articles.)
    if report.seeds == 0 and not report.ignored and not any(name == "." for name, _ in report.others_skipped):
        logging.getLogger("briefing").warning(
            f"the seeds folder {printable(str(config.paths.seeds))} holds no article yet: put .txt, .md or .html "
            "files in it, or have `briefing fetch` bring them from your feeds")
    click.echo(report.summary_line())


@main.command(short_help="Fetch new articles from your feeds into the seeds folder.")
@click.option("--seeds", type=_Path(file_okay=False), help="Folder to write seeds into [default: seeds].")
@click.option("--state", type=_Path(dir_okay=False), help="State store [default: .briefing/state.sqlite3].")
@click.option("--wait", type=_SECONDS, default=0, show_default=True,
              help="Seconds to wait for a run or another fetch to finish before giving up (exit 75).")
@_logging_options
@click.pass_context
def fetch(ctx: click.Context, wait: float, verbose: bool, quiet: bool, log_file: Path | None, **_: Any) -> None:
    """Fetch new articles from the [[sources]] in briefing.toml into the seeds folder.

    Each new entry of a feed becomes a seed: its page as fetched, in
    seeds/<source>/<date>-<title>.html with the feed's metadata in a sidecar
    beside it, or a .md seed when the source has full_text = false. A feed
    that has not changed costs one request; robots.txt is honoured. Ends with
    one line; each source or entry that failed is one line on stderr, and the
    others carry on (exit 0). A fetch and a run never overlap (exit 75).

    \b
    Example:
        briefing fetch && briefing run
    """
    from ..pipeline import fetch_once

    _logging_after_command(ctx, verbose, quiet, log_file)
    report = fetch_once(_config(ctx), lock_wait=wait)
    for line in report.failures:
        logging.getLogger("briefing").warning("fetch: failed: %s", line)
    click.echo(report.summary_line())


@main.command()
@click.argument("seed_files", metavar="SEED...", nargs=-1, required=True,
                type=_Path(dir_okay=False))
@_path_options
@click.option("--wait", type=_SECONDS, default=0, show_default=True,
              help="Seconds to wait for another run to finish before giving up (exit 75).")
@_logging_options
@click.pass_context
def remove(ctx: click.Context, seed_files: tuple[Path, ...], wait: float, verbose: bool, quiet: bool,
           log_file: Path | None, **_: Any) -> None:
    """Take seeds out of the briefings they are in, for good.

    Each seed's day is written again without it, and the archive and the
    feed follow; no other seed is read (new ones wait for `briefing run`). The seed stays out even if its file stays in the seeds
    folder; if the file's content changes later, it is read as a new article.
    Deleting a seed file alone leaves briefings already written as they are.

    \b
    Example:
        briefing remove seeds/wrong-story.txt
    """
    from ..pipeline import run_once, seed_names

    _logging_after_command(ctx, verbose, quiet, log_file)
    config = _config(ctx)
    report = run_once(config, withdraw=seed_names(config, seed_files), lock_wait=wait, read_new=False,
                      process_ends=True)
    click.echo(report.summary_line())


def _log_scheduled_runs(ctx: click.Context) -> None:
    """Scheduled runs log a line as each starts and ends, unless --quiet; APScheduler logs its errors."""
    verbose, quiet = ctx.obj.get("verbose"), ctx.obj.get("quiet")
    logging.getLogger("briefing.schedule").setLevel(
        logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    )
    apscheduler = logging.getLogger("apscheduler")
    apscheduler.handlers[:] = logging.getLogger("briefing").handlers
    apscheduler.setLevel(logging.INFO if verbose else logging.ERROR)
    apscheduler.propagate = False


@main.command()
@_schedule_options
@click.option("--next", "show_next", type=click.IntRange(min=1), metavar="N",
              help="Print the next N run times and exit without running anything.")
@click.option("--from", "after", type=_Dates(formats=["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              help="With --next: list the runs from this time on (in the schedule's time zone) instead of now.")
@click.option("--explain", is_flag=True, help="Print the schedule in words and its next run, and exit.")
@click.option("--run-now", is_flag=True, help="Also run once at start.")
@_path_options
@_length_options
@_jobs_option
@_logging_options
@click.pass_context
def schedule(ctx: click.Context, show_next: int | None, after: dt.datetime | None, explain: bool, run_now: bool,
             verbose: bool, quiet: bool, log_file: Path | None, **_: Any) -> None:
    """Run the briefing on the configured schedule until stopped.

    The schedule is [schedule] cron or at in briefing.toml, or --cron/--at.
    A run missed while the machine slept or the process was down runs once
    when it can, within the grace period. SIGINT, SIGTERM or SIGHUP stops
    cleanly: a run in progress finishes first. Each run logs one line as it
    starts and one as it ends (stderr, or --log-file). -v, -q and
    --log-file may also follow the command. With [schedule] fetch = true,
    each run first fetches the [[sources]] (see briefing fetch).

    \b
    Example:
        briefing schedule --at 06:30 --timezone Europe/London
        briefing schedule --cron "30 6 * * 1-5" --explain --next 5
    """
    from ..cron import on_wall_clock
    from ..schedule import (
        Scheduler,
        describe_schedule,
        format_time,
        run_times,
        schedule_zone,
    )

    if after is not None and show_next is None:
        raise click.UsageError("--from goes with --next")
    if after is not None and after.date() < dt.date(1000, 1, 1):
        # At the calendar's start a time zone's shift overflows, and no run time could be shown (at its end
        # the times simply stop).
        raise click.BadParameter("must be a time on or after 1000-01-01", param_hint="'--from'")
    config = _config(ctx)
    if explain or show_next is not None:
        zone = schedule_zone(config)
        start = on_wall_clock(after, zone) if after else None
        # (islice takes no more than sys.maxsize; a schedule has fewer runs before the calendar ends anyway)
        times = itertools.islice(run_times(config, start), min(show_next or 1, sys.maxsize))
        if explain:
            click.echo(describe_schedule(config))
            if show_next is None:
                first = next(times, None)
                click.echo(f"next run {format_time(first)}" if first else "never runs")
                return
        shown = 0
        for shown, moment in enumerate(times, start=1):  # as they come: a big N starts printing at once
            click.echo(f"{moment.isoformat(timespec='minutes')} {moment:%a %Z}")
        if show_next is not None and shown < show_next:  # (near the calendar's end, or a schedule that never runs)
            click.echo(f"briefing: {f'only {shown}' if shown else 'no'} run time{'s' * (shown != 1)} "
                       f"before the calendar ends (9999-12-31)", err=True)
        return
    _logging_after_command(ctx, verbose, quiet, log_file)
    # Checked again: a --log-file after the command was not set up yet when the config was read.
    _refuse_a_log_file_among_the_runs_files(ctx, config)
    _log_scheduled_runs(ctx)
    Scheduler(config, run_now=run_now).serve()


@main.command(short_help="Preview the briefings in out/ in a browser.")
@click.option("--out", type=_Path(file_okay=False), help="Folder of the briefings [default: out].")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--bind", metavar="ADDRESS", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any other than 127.0.0.1 lets other machines read the briefings.")
@click.option("--open", "open_browser", is_flag=True, help="Open the archive in a web browser.")
@click.pass_context
def serve(ctx: click.Context, port: int, bind: str, open_browser: bool, **_: Any) -> None:
    """Serve the briefings in out/ on http://127.0.0.1:8000/ for a preview, until Ctrl+C.

    Only the files inside the output folder are served (no path or symbolic
    link leads out of it), and only on this machine unless --bind says
    otherwise. Pages are never cached: reload after a run to see it.

    \b
    Example:
        briefing run && briefing serve --open
    """
    from ..serve import PreviewServer

    config = _config(ctx)
    server = PreviewServer(config.paths.out, bind, port)
    if not server.this_machine_only:
        logging.getLogger("briefing").warning("listening on %s: other machines can read the briefings", bind)
    click.echo(f"serving {config.paths.out} at {server.url} (Ctrl+C stops)")
    server.serve(open_browser=open_browser)


# The commands declared in modules of their own.
main.add_command(summarize)
main.add_command(config)
