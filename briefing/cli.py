"""The command line: each command parses its flags, calls the library, and prints.

Library errors (BriefingError) become one line on stderr and a non-zero exit;
nothing here does work of its own. Heavy modules are imported inside the
commands so that `briefing --help` starts instantly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from . import __version__
from .config.settings import ALGORITHMS
from .errors import BriefingError, FlagError
from .text import LONE_SURROGATE, escaped, printable

if TYPE_CHECKING:
    from .config import Config


def _fail(message: str, code: int) -> None:
    for line in message.splitlines() or [""]:
        _say_to_stderr(f"briefing: error: {line}")
    sys.exit(code)


def _say_to_stderr(line: str) -> None:
    """A line for the user on stderr; where stderr cannot take it (`2>/dev/full`), the work goes on without it."""
    with contextlib.suppress(OSError):
        click.echo(line, err=True)


def _bad_command_line(error: click.UsageError) -> None:
    """A bad command line is one line and exit 2, as every other error is one line."""
    where = error.ctx.command_path if error.ctx is not None else "briefing"
    _fail(f"{error.format_message()} (see {where} --help)", 2)


class _Group(click.Group):
    """Turns every error that escapes a command into one line and an exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            _bad_command_line(error)
            raise  # not reached: _bad_command_line exits

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            _bad_command_line(error)
        except BriefingError as error:
            _fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            _closed_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except OSError as error:
            if _stdout_fails(error):  # `briefing run > /dev/full`: the work is done, its report cannot be written
                _fail(f"cannot write to standard output: {error.strerror or error}", 1)
            _internal_error(error)
        except MemoryError:
            _fail(OUT_OF_MEMORY, 1)
        except ImportError as error:
            if "failed to map segment" in str(error):  # a library's code could not be mapped: memory again
                _fail(OUT_OF_MEMORY, 1)
            _internal_error(error)
        except Exception as error:  # a bug: still no traceback unless asked for
            _internal_error(error)


# A memory limit (ulimit -v, a service's MemoryMax) is the machine's, not a bug: exit 1, as for a full disk.
OUT_OF_MEMORY = ("out of memory: stopped, every file in out/ left as the previous run wrote it; allow more memory "
                 "(ulimit -v, a service's MemoryMax) or use fewer --jobs")


def _internal_error(error: Exception) -> None:
    logging.getLogger("briefing").debug("internal error", exc_info=True)
    _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for the traceback)", 70)


def _stdout_fails(error: OSError) -> bool:
    """Whether `error` came from writing a command's output to standard output (click.echo without
    err=True); if so, standard output is let go, so that the process does not fail again as it exits."""
    import os

    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if (frame.f_code.co_name == "echo" and frame.f_code.co_filename.endswith(os.path.join("click", "utils.py"))
                and _is_stdout(frame.f_locals)):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return True
        tb = tb.tb_next
    return False


def _is_stdout(echoed: dict) -> bool:
    """Whether a click.echo call (its locals) was writing to standard output (not err=True, nor a
    file= of stderr, as click's progress bar gives)."""
    if echoed.get("err"):
        return False
    stream = echoed.get("file")
    try:
        return stream is None or stream.fileno() == sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return True


def _closed_pipe() -> None:
    """The reader went away (`briefing summarize ... | head`): end quietly, as any Unix tool does."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit either
    sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a tool the pipe ended


def _log_file_handler(path: Path) -> logging.Handler:
    """A handler writing to the log file, reopened if logrotate moves it away (for a `briefing schedule`
    left running for months). When the file cannot be written (a full disk), one line says so and the
    messages go to standard error, rather than a traceback for each of them."""
    import os
    from logging.handlers import WatchedFileHandler  # only for a log file: it imports socket and pickle

    class FallingBack(WatchedFileHandler):
        fallback: logging.Handler | None = None
        made = not os.path.lexists(path)  # by this command: taken back if the command refuses the path

        def emit(self, record: logging.LogRecord) -> None:
            if self.fallback is not None:
                self.fallback.emit(record)
            else:
                super().emit(record)

        def handleError(self, record: logging.LogRecord) -> None:
            error = sys.exc_info()[1]
            if not isinstance(error, OSError):
                super().handleError(record)  # a message that cannot be formatted: the file is fine
                return
            if self.fallback is None:
                self.fallback = logging.StreamHandler(sys.stderr)
                self.fallback.setFormatter(logging.Formatter("briefing: %(message)s"))
                reason = getattr(error, "strerror", None) or error
                sys.stderr.write(f"briefing: cannot write the log file {printable(str(path))}: {reason}; "
                                 "its messages go to standard error\n")
            self.fallback.emit(record)

    return FallingBack(path, encoding="utf-8")


@contextlib.contextmanager
def _fifo_reader_checked(path: Path):
    """A log file that is a FIFO (a named pipe a logger reads) is opened only while something reads it:
    opening it for writing would wait for a reader for ever (a cron job hung at start, and the next, and
    the next). OSError when no process reads it. The pipe is held open for writing while the block opens
    it again: a reader that saw its only writer close would take that for the end and go."""
    import errno
    import os
    import stat

    try:
        fifo = stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        fifo = False  # missing (made by the handler) or unreadable: the handler says so
    if not fifo:
        yield
        return
    try:
        held = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(error.errno, "it is a named pipe (FIFO) that no process is reading") from None
        raise
    try:
        yield
    finally:
        os.close(held)


def _setup_logging(verbose: bool, quiet: bool, log_file: Path | None) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler: logging.Handler
    if log_file is not None:
        try:
            with _fifo_reader_checked(log_file):
                handler = _log_file_handler(log_file)
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


# --- option groups, each declared once ---------------------------------------------


class _Seconds(click.FloatRange):
    """Seconds to wait: 0 or more (inf waits as long as it takes); not NaN, which no clock reaches."""

    name = "number of seconds"

    def get_metavar(self, param: click.Parameter, *_: Any, **__: Any) -> str:
        return "SECONDS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .config.values import seconds_written

        # "30s", "2m", "1 h": the forms schedule.lock_wait and every time in briefing.toml take (and, as click
        # reads a number, "inf").
        if isinstance(value, str) and (written := seconds_written(value)) is not None:
            value = written
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


_SECONDS = _Seconds(min=0)


class _Path(click.Path):
    """click's Path, which reads an empty value as "." (`--out "$OUT"` with OUT unset would write the briefings
    into the working folder): an empty or blank path is refused, as it is in briefing.toml."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(path_type=Path, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(f"{value!r} is no path; give a file or folder name", param, ctx)
        return super().convert(value, param, ctx)


class _Dates(click.DateTime):
    """click's DateTime, which says a day that does not exist ("2026-13-01", "2026-02-30") does not match
    the format: here it is said to be no day."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2})?", value.strip()):
            try:
                dt.date.fromisoformat(value.strip()[:10])
            except ValueError as error:
                self.fail(f"{value!r} is no day of the calendar ({error})", param, ctx)
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            # (click names the strftime codes: "does not match the format '%Y-%m-%d'")
            self.fail(f"{value!r} is not written {' or '.join(self._written())}, "
                      f"as in {dt.datetime(2026, 11, 25, 6, 30).strftime(self.formats[0])}", param, ctx)

    def get_metavar(self, param: click.Parameter, *_: Any, **__: Any) -> str:
        return "[" + "|".join(self._written()) + "]"

    def _written(self) -> list[str]:
        """The formats as a person writes them: '%Y-%m-%d %H:%M' as 'YYYY-MM-DD HH:MM' (a "T" for the space
        goes without saying)."""
        shown = []
        for written in self.formats:
            for code, word in (("%Y", "YYYY"), ("%m", "MM"), ("%d", "DD"), ("%H", "HH"), ("%M", "MM")):
                written = written.replace(code, word)
            shown.append(written.replace("T", " "))
        return list(dict.fromkeys(shown))


def _options(*decorators: Callable) -> Callable:
    """Apply click option decorators in the order listed (as they would read stacked)."""
    def apply(command: Callable) -> Callable:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


_logging_options = _options(
    click.option("-v", "--verbose", is_flag=True,
                 help="Log more: each seed or entry looked at and what became of it (a seed's language and "
                      "where its title came from), and tracebacks of internal errors."),
    click.option("-q", "--quiet", is_flag=True, help="Log errors only."),
    click.option("--log-file", type=_Path(dir_okay=False),
                 help="Append the log to this file instead of stderr."),
)
def _logging_after_command(ctx: click.Context, verbose: bool, quiet: bool, log_file: Path | None) -> None:
    """-v, -q and --log-file given after the command (`briefing run -v`), as people tend to: as before it."""
    if verbose or quiet or log_file:
        ctx.obj["verbose"] = ctx.obj["verbose"] or verbose
        ctx.obj["quiet"] = ctx.obj["quiet"] or quiet
        if ctx.obj["verbose"] and ctx.obj["quiet"]:
            raise click.UsageError("give --verbose or --quiet, not both")
        if log_file is not None:
            # One given before the command too gives way: the file its set-up made, still empty, goes (it may
            # lie in out/ or the seeds, which only the file after the command is checked against).
            _log_file_taken_back()
        ctx.obj["log_file"] = log_file or ctx.obj.get("log_file")
        _setup_logging(ctx.obj["verbose"], ctx.obj["quiet"], ctx.obj["log_file"])


_path_options = _options(
    click.option("--seeds", type=_Path(file_okay=False), help="Folder of seed articles [default: seeds]."),
    click.option("--out", type=_Path(file_okay=False), help="Folder for the briefings [default: out]."),
    click.option("--state", type=_Path(dir_okay=False), help="State store [default: .briefing/state.sqlite3]."),
    click.option("--templates", type=_Path(file_okay=False), help="Your templates folder, searched before the built-in one."),
)
_length_options = _options(
    click.option("--algorithm", type=click.Choice(ALGORITHMS, case_sensitive=False), help="Summarisation algorithm [default: newsrank]."),
    click.option("--sentences", type=click.IntRange(min=1), help="Summary length in sentences [default: 3]."),
    click.option("--ratio", type=click.FloatRange(min=0, max=1, min_open=True), help="Summary length as a share of the article's sentences, e.g. 0.2."),
    click.option("--words", type=click.IntRange(min=1), help="Summary length as a word budget: the best sentences that fit."),
)
_jobs_option = click.option("--jobs", type=click.IntRange(min=0),
                           help="Processes summarising in parallel; 0 = one per core [default: 0].")
_schedule_options = _options(
    click.option("--cron", metavar="EXPR", help='Run on this 5-field cron schedule, e.g. "30 6 * * 1-5", instead of the config\'s.'),
    click.option("--at", metavar="HH:MM", help="Run daily at this time, instead of the config's schedule."),
    click.option("--timezone", metavar="ZONE", help="IANA time zone of the schedule [default: the config's timezone, else the system's]."),
)


def _config(ctx: click.Context):
    """The Config from the config file and every setting flag given to this command."""
    from .config import FLAGS, load_config

    flags = {}
    for param in ctx.command.params:
        flag = max(param.opts, key=len) if param.opts else None
        if flag in FLAGS and ctx.params.get(param.name) is not None:
            flags[flag] = ctx.params[param.name]
    config = load_config(ctx.obj["config_path"], flags)
    _refuse_a_log_file_among_the_runs_files(ctx, config)
    return config


def _refuse_a_log_file_among_the_runs_files(ctx: click.Context, config: Config) -> None:
    """A --log-file in the output or seeds folder, or on the state store, is a bad flag: its log made is undone."""
    from .config import log_file_problem

    if ctx.obj.get("log_file") is not None and (problem := log_file_problem(ctx.obj["log_file"], config.paths)):
        _log_file_taken_back()
        raise FlagError(problem)


def _log_file_taken_back() -> None:
    """The log file this command made, still empty, removed: a refused path leaves nothing in the folder."""
    import os

    for handler in logging.getLogger("briefing").handlers:
        if getattr(handler, "made", False) and isinstance(handler, logging.FileHandler):
            handler.close()
            with contextlib.suppress(OSError):
                if os.path.getsize(handler.baseFilename) == 0:
                    os.unlink(handler.baseFilename)


# --- commands ----------------------------------------------------------------------


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


# A run with at least this many seeds to read shows a progress bar (on a terminal).
PROGRESS_MIN_SEEDS = 10


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
    from .pipeline import run_once

    _logging_after_command(ctx, verbose, quiet, log_file)
    config = _config(ctx)
    with _progress_bar(enabled=not ctx.obj.get("quiet")) as progress:
        report = run_once(config, day=day.date() if day else None, rebuild=rebuild, dry_run=dry_run,
                          lock_wait=wait, progress=progress)
    # (A seeds folder that cannot be listed is said by its own line: it may hold articles.)
    if report.seeds == 0 and not report.ignored and not any(name == "." for name, _ in report.skipped):
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
    from .pipeline import fetch_once

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
    feed follow. The seed stays out even if its file stays in the seeds
    folder; if the file's content changes later, it is read as a new article.
    Deleting a seed file alone leaves briefings already written as they are.

    \b
    Example:
        briefing remove seeds/wrong-story.txt
    """
    from .pipeline import run_once, seed_names

    _logging_after_command(ctx, verbose, quiet, log_file)
    config = _config(ctx)
    report = run_once(config, withdraw=seed_names(config, seed_files), lock_wait=wait)
    click.echo(report.summary_line())


@main.command(short_help="Print the summary and key points of any files.")
@click.argument("files", nargs=-1, required=True, type=_Path(dir_okay=False))
@_length_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, one per line.")
@click.option("--order", type=click.Choice(["article", "rank"]), default="article", show_default=True,
              help="List summary sentences in article order or best first.")
@click.option("--story", "as_story", is_flag=True,
              help="Summarise the files together, as one story of several reports (as the briefing does).")
@click.pass_context
def summarize(ctx: click.Context, files: tuple[Path, ...], as_json: bool, order: str, as_story: bool,
              **_: Any) -> None:
    """Summarise files and print the result; the state and briefings are not touched.

    --json prints one object per file: path, title and where it came from
    (title_from: front matter, heading, first line, file name, html or sidecar),
    language, language_known (false: in no supported language, summarised
    with the default's tools), source, url, published, author, summary,
    sentences (text, score, rank, position), key_points and algorithm.

    --story summarises the files as reports of one event: one summary chosen
    across them, each sentence marked with the report it comes from. With
    --json: one object with title, reports (path, title, source, url,
    published, language, language_known), summary and key_points (each:
    text, path).

    \b
    Examples:
        briefing summarize article.txt --sentences 2 --json
        briefing summarize --story reports/*.html --words 100
    """
    from .pipeline import summarize_file

    config = _config(ctx)
    if as_story:
        _summarize_story(files, config, as_json)
        return
    failed = 0
    for path in files:
        try:
            summary = summarize_file(path, config)
        except BriefingError as error:
            _say_to_stderr(f"briefing: skipped {printable(str(path))}: {error}")
            failed += 1
            continue
        sentences = sorted(summary.sentences, key=lambda s: s.rank) if order == "rank" else summary.sentences
        if as_json:
            article = summary.article
            click.echo(_json_line({
                "path": str(path),
                "title": article.title,
                "title_from": article.title_from,
                "language": summary.language,
                "language_known": summary.language_known,
                "source": article.source,
                "url": article.url,
                "published": article.published,
                "author": article.author,
                "summary": [s.text for s in sentences],
                "sentences": [{"text": s.text, "score": s.score, "rank": s.rank, "position": s.position} for s in sentences],
                "key_points": list(summary.key_points),
                "algorithm": summary.algorithm,
            }))
        else:
            click.echo(f"{summary.article.title}\n")
            click.echo(" ".join(s.text for s in sentences) + "\n")
            for point in summary.key_points:
                click.echo(f"- {point}")
            click.echo()
    if failed:
        sys.exit(1)


def _json_line(value: dict) -> str:
    """One line of JSON, UTF-8 whatever a file name holds: the bytes of a name that are no UTF-8
    (surrogate escapes) are written as JSON escapes, so the path given reads back the same in Python."""
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _summarize_story(files: tuple[Path, ...], config: Config, as_json: bool) -> None:
    from .pipeline import summarize_story_files

    story, skipped = summarize_story_files(files, config)
    for path, reason in skipped:
        _say_to_stderr(f"briefing: skipped {printable(str(path))}: {reason}")
    if story is None:
        sys.exit(1)
    # Sourced.seed is the path as given: each sentence names the file it came from.
    number = {report.article.seed: n for n, report in enumerate(story.reports, start=1)}
    if as_json:
        click.echo(_json_line({
            "title": story.lead.article.title,
            "reports": [{"path": escaped(r.article.seed), "title": r.article.title, "source": r.article.source,
                         "url": r.article.url, "published": r.article.published,
                         "language": r.language or r.article.lang, "language_known": r.language_known}
                        for r in story.reports],
            "summary": [{"text": s.text, "path": escaped(s.seed)} for s in story.summary],
            "key_points": [{"text": p.text, "path": escaped(p.seed)} for p in story.key_points],
        }))
    else:
        marked = len(story.reports) > 1
        click.echo(f"{story.lead.article.title}\n")
        click.echo(" ".join(s.text + (f" [{number[s.seed]}]" if marked else "") for s in story.summary) + "\n")
        for point in story.key_points:
            click.echo(f"- {point.text}" + (f" [{number[point.seed]}]" if marked else ""))
        click.echo()
        for report in story.reports:
            source = f" ({report.article.source})" if report.article.source else ""
            click.echo(f"[{number[report.article.seed]}] {printable(report.article.seed)}: {report.article.title}{source}")
    if skipped:
        sys.exit(1)


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
    from .cron import on_wall_clock
    from .schedule import Scheduler, describe_schedule, format_time, run_times, schedule_zone

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
        for moment in times:  # as they come: a big N starts printing at once
            click.echo(f"{moment.isoformat(timespec='minutes')} {moment:%a %Z}")
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
    from .serve import LOOPBACK, PreviewServer

    config = _config(ctx)
    server = PreviewServer(config.paths.out, bind, port)
    if bind not in (LOOPBACK, "localhost", "::1"):
        logging.getLogger("briefing").warning("listening on %s: other machines can read the briefings", bind)
    click.echo(f"serving {config.paths.out} at {server.url} (Ctrl+C stops)")
    server.serve(open_browser=open_browser)


@main.group(cls=_Group)
def config() -> None:
    """Show or check the effective configuration.

    \b
    Example:
        briefing config show
        briefing config check
    """


@config.command("show")
@_schedule_options
@_path_options
@_length_options
@_jobs_option
@click.pass_context
def config_show(ctx: click.Context, **_: Any) -> None:
    """Print the effective configuration and where each value came from.

    Each key is printed as it would be written in briefing.toml, followed by
    its origin: default, the config file's path, or flag.

    \b
    Example:
        briefing config show --at 07:00
    """
    from .config import config_items

    section = None
    for key, value, origin in config_items(_config(ctx)):
        if "." in key and key.rsplit(".", 1)[0] != section:
            section = key.rsplit(".", 1)[0]
            click.echo("\n[[sources]]" if section.startswith("sources.") else f"\n[{section}]")
        name = key.rsplit(".", 1)[-1]
        line = f"# {name} is not set" if value is None else f"{name} = {_toml_value(value)}"
        click.echo(f"{line:<44} # {origin}")


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


@config.command("check")
@_schedule_options
@_path_options
@_length_options
@_jobs_option
@click.pass_context
def config_check(ctx: click.Context, **_: Any) -> None:
    """Check the configuration: one line per problem and exit 1, or "ok" and exit 0.

    Checks every key of briefing.toml (unknown keys, wrong types, bad cron or
    at, unknown time zones, a schedule that never runs), settings that
    exclude each other, and that the seeds folder exists; then says what
    `briefing schedule` would do. A [schedule] setting without cron or at is
    a problem. Exit 2 if a flag given here is wrong.

    \b
    Example:
        briefing config check && briefing schedule
    """
    from .config import FLAGS, build_config, check_config

    flags = {max(p.opts, key=len): ctx.params.get(p.name) for p in ctx.command.params if p.opts}
    flags = {f: v for f, v in flags.items() if f in FLAGS}
    problems = check_config(ctx.obj["config_path"], flags)
    line = ""
    if not problems:
        from .schedule import schedule_report

        line, problem = schedule_report(_config(ctx))
        problems = [problem] if problem else []
    for problem in problems:
        _say_to_stderr(f"briefing: error: {problem}")
    if problems:
        # A bad flag is a bad command line, as for every other command.
        sys.exit(2 if build_config(ctx.obj["config_path"], flags).flag_problems else 1)
    click.echo(line)
    click.echo("ok")
