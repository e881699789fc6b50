"""How the command line fails: one line on stderr and an exit code for every error, never a traceback."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import sys
import threading
from typing import Any, Iterator

import click

from ..errors import BriefingError, LockedError
from ..text import printable, readable_line


def _fail(message: str, code: int) -> None:
    for line in message.splitlines() or [""]:
        _say_to_stderr(f"briefing: error: {line}")
    sys.exit(code)


def _say_to_stderr(line: str) -> None:
    """A line for the user on stderr, kept readable (text.readable_line) and printable (a path given as
    `--config $'x\\e[2J.toml'` cleared the terminal it was echoed to); where stderr cannot take it
    (`2>/dev/full`), the work goes on without it."""
    with contextlib.suppress(OSError):
        click.echo(readable_line(printable(line)), err=True)


def _bad_command_line(error: click.UsageError) -> None:
    """A bad command line is one line and exit 2, as every other error is one line."""
    where = error.ctx.command_path if error.ctx is not None else "briefing"
    _fail(f"{error.format_message()} (see {where} --help)", 2)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a service manager stopping the command): it ends as on Ctrl+C, every file
    left whole, with one line; then by the signal, as a supervisor expects of a process it stopped."""


@contextlib.contextmanager
def _terminated_as_interrupted() -> Iterator[None]:
    """Within the block, SIGTERM raises _Terminated (a command ended by it said nothing at all). `schedule`
    and `serve` set their own handlers inside (see stopping.py); a SIGTERM ignored by the parent stays so."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def on_sigterm(signum: int, frame: object) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _end_by_sigterm() -> None:
    _say_to_stderr("briefing: error: terminated")
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    sys.exit(128 + signal.SIGTERM)  # (not reached where the signal ends the process)


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
            with _terminated_as_interrupted():
                return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            _bad_command_line(error)
        except LockedError as error:
            # (A command that gave up at once: each that takes the lock has --wait.)
            _fail(str(error) + (", or give --wait SECONDS to wait for it" if not error.waited else ""), error.exit_code)
        except BriefingError as error:
            _fail(str(error), error.exit_code)
        except _Terminated:
            _end_by_sigterm()
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            _closed_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except OSError as error:
            if _stdout_fails(error):  # `briefing run > /dev/full`: the work is done, its report cannot be written
                _fail(f"cannot write to standard output: {error.strerror or error}", 1)
            if error.errno in _SYSTEM_FAILURES:
                _fail(_system_failure(error), 1)
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


# Failures of the machine, not of briefing, met where no step expected them (a disk that fails a stat or a
# read, a file system gone stale or read-only, a limit on open files): exit 1 with one line, as a full disk
# met where a run writes is. What none of these explains (a file not found, a bad descriptor) stays a bug.
_SYSTEM_FAILURES = frozenset({
    errno.EIO, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.ESTALE, errno.EMFILE, errno.ENFILE, errno.ENOMEM,
    errno.EFBIG, errno.ENXIO, errno.ENODEV, errno.ETIMEDOUT, errno.ENOLCK, errno.EACCES, errno.EPERM,
})


def _system_failure(error: OSError) -> str:
    where = f" {printable(str(error.filename))[:300]}:" if error.filename is not None else ""
    return (f"the system failed a read or write:{where} {error.strerror or error} (the disk or the file system, "
            "not briefing: run again once it is mended)")


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


def _hold_closed_standard_streams() -> None:
    """Standard input, output or error closed as the program starts (`briefing run >&-`, a service manager
    that closed them) are each opened on /dev/null, read-only. Else the first file the run opened (the run
    lock, the state store) took the number, and a write meant for the terminal would land in it. Writing
    to one still fails as to a closed one (EBADF): the run's files are written, and a report line that
    cannot be printed is said on stderr with exit 1, as for `> /dev/full` (Python leaves such a stream None,
    and click printed nothing, exit 0)."""
    import io
    import os

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, os.O_RDONLY)  # the lowest free number: this one
            if held != fd:  # (not reached: the numbers below it are open)
                os.close(held)
                continue
            if fd == 1:
                sys.stdout = io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8",
                                              errors="backslashreplace", line_buffering=True)


def _closed_pipe() -> None:
    """The reader went away (`briefing summarize ... | head`): end quietly, as any Unix tool does."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit either
    sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a tool the pipe ended
