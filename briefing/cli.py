"""The command line: each command parses its flags, calls the library, and prints.

Library errors (BriefingError) become one line on stderr and a non-zero exit;
nothing here does work of its own. Heavy modules are imported inside the
commands so that `briefing --help` starts instantly.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from .errors import BriefingError

ALGORITHM_CHOICES = click.Choice(
    ["lexrank", "lsa", "luhn", "textrank", "kl", "sumbasic", "reduction", "edmundson"],
    case_sensitive=False,
)


def _fail(message: str, code: int) -> None:
    click.echo(f"briefing: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns every error that escapes a command into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            _fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: still no traceback unless asked for
            logging.getLogger("briefing").debug("internal error", exc_info=True)
            _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for the traceback)", 70)


def _setup_logging(verbose: bool, quiet: bool, log_file: Path | None) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler: logging.Handler
    if log_file is not None:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as error:
            _fail(f"cannot open log file {log_file}: {error.strerror}", 1)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("briefing: %(message)s"))
    logger = logging.getLogger("briefing")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing", prog_name="briefing")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Config file to read [default: ./briefing.toml if present].")
@click.option("-v", "--verbose", is_flag=True, help="Log every file looked at, and tracebacks of internal errors.")
@click.option("-q", "--quiet", is_flag=True, help="Log errors only.")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False), help="Append the log to this file instead of stderr.")
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
    # The run logs each skipped seed; when the log goes to a file, the person
    # at the terminal still gets those lines (once, not twice).
    ctx.obj = {"config_path": config_path, "echo_skips": log_file is not None and not quiet}


def _length_options(command):
    command = click.option("--words", type=click.IntRange(min=1), help="Summary length as a word budget: the best sentences that fit.")(command)
    command = click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), help="Summary length as a share of the article's sentences, e.g. 0.2.")(command)
    command = click.option("--sentences", type=click.IntRange(min=1), help="Summary length in sentences [default: 3].")(command)
    command = click.option("--algorithm", type=ALGORITHM_CHOICES, help="Summarisation algorithm [default: lexrank].")(command)
    return command


def _load_config(ctx: click.Context, **overrides: Any):
    from .config import load_config

    return load_config(ctx.obj["config_path"], {k: v for k, v in overrides.items() if v is not None})


@main.command()
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), help="Folder of seed articles [default: seeds].")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Folder for the briefings [default: out].")
@click.option("--state", type=click.Path(path_type=Path, dir_okay=False), help="State store [default: .briefing/state.sqlite3].")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Your templates folder, searched before the built-in one.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Day of the briefing [default: today in the configured time zone].")
@_length_options
@click.option("--rebuild", is_flag=True, help="Summarise every seed again and rewrite every briefing.")
@click.option("--dry-run", is_flag=True, help="Do everything but write files or state; report what would be written.")
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Seconds to wait for another run to finish before giving up (exit 75).")
@click.pass_context
def run(ctx: click.Context, day: dt.datetime | None, rebuild: bool, dry_run: bool, wait: float, **overrides: Any) -> None:
    """Summarise new seed files into today's briefing.

    Reads seeds that are new or changed since the last run, and rewrites the
    day's briefing with every article of the day. Ends with one summary line.

    \b
    Example:
        briefing run --seeds news/ --out site/ --sentences 4
    """
    from .pipeline import run_once

    config = _load_config(ctx, **overrides)
    report = run_once(config, day=day.date() if day else None, rebuild=rebuild, dry_run=dry_run, lock_wait=wait)
    if ctx.obj.get("echo_skips"):
        for path, reason in report.skipped:
            click.echo(f"briefing: skipped {path}: {reason}", err=True)
        for path in report.deferred:
            click.echo(f"briefing: left for the next run {path}: still being written", err=True)
    click.echo(report.summary_line())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@_length_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, one per line.")
@click.option("--order", type=click.Choice(["article", "rank"]), default="article", show_default=True,
              help="List summary sentences in article order or best first.")
@click.pass_context
def summarize(ctx: click.Context, files: tuple[Path, ...], as_json: bool, order: str, **overrides: Any) -> None:
    """Summarise files and print the result; the state and briefings are not touched.

    \b
    Example:
        briefing summarize article.txt --sentences 2 --json
    """
    from .pipeline import summarize_file

    config = _load_config(ctx, **overrides)
    failed = 0
    for path in files:
        try:
            summary = summarize_file(path, config)
        except BriefingError as error:
            click.echo(f"briefing: skipped {path}: {error}", err=True)
            failed += 1
            continue
        sentences = sorted(summary.sentences, key=lambda s: s.rank) if order == "rank" else summary.sentences
        if as_json:
            click.echo(json.dumps({
                "path": str(path),
                "title": summary.article.title,
                "summary": [s.text for s in sentences],
                "sentences": [{"text": s.text, "score": s.score, "rank": s.rank, "position": s.position} for s in sentences],
                "key_points": list(summary.key_points),
                "algorithm": summary.algorithm,
            }, ensure_ascii=False))
        else:
            click.echo(f"{summary.article.title}\n")
            click.echo(" ".join(s.text for s in sentences) + "\n")
            for point in summary.key_points:
                click.echo(f"- {point}")
            click.echo()
    if failed:
        sys.exit(1)
