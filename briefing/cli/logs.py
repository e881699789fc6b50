"""Where the log goes: stderr, or a --log-file (reopened after logrotate, never one among the run's files)."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import FlagError
from ..text import printable, readable_line
from .failing import _fail

if TYPE_CHECKING:
    from ..config import Config


class _Lines(logging.Formatter):
    """Each line of a message kept readable (text.readable_line): a seed's path of 4,000 characters is cut in
    the middle (a traceback after it, with --verbose, is left whole)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return "\n".join(readable_line(line) for line in super().formatMessage(record).split("\n"))


def _log_file_handler(path: Path) -> logging.Handler:
    """A handler writing to the log file, reopened if logrotate moves it away (for a `briefing schedule`
    left running for months). When the file cannot be written (a full disk), one line says so and the
    messages go to standard error, rather than a traceback for each of them."""
    import os
    from logging.handlers import (
        WatchedFileHandler,  # only for a log file: it imports socket and pickle
    )

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
                self.fallback.setFormatter(_Lines("briefing: %(message)s"))
                reason = getattr(error, "strerror", None) or error
                sys.stderr.write(readable_line(f"briefing: cannot write the log file {printable(str(path))}: "
                                               f"{reason}; its messages go to standard error") + "\n")
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
        handler.setFormatter(_Lines("%(asctime)s %(levelname)s %(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Lines("briefing: %(message)s"))
    logger = logging.getLogger("briefing")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


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


def _refuse_a_log_file_among_the_runs_files(ctx: click.Context, config: Config) -> None:
    """A --log-file in the output, seeds or templates folder, or on the state store or the config file, is a bad
    flag: its log made is undone."""
    from ..config import find_config_file, log_file_problem
    from ..errors import ConfigError

    if ctx.obj.get("log_file") is None:
        return
    try:
        config_file = find_config_file(ctx.obj["config_path"], Path.cwd())
    except (ConfigError, OSError):
        config_file = None  # read a moment ago: gone since, or the working folder with it
    if problem := log_file_problem(ctx.obj["log_file"], config.paths, config_file):
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
