"""Worker processes for a run: a function over many items, in input order, on several cores.

Forked workers start with what the run loaded before them (the language's
models), die with the run however it ends, and leave SIGINT and SIGTERM to
the run itself.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import itertools
import logging
import os
import signal
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Starting worker processes costs more than this many articles take.
ITEMS_WORTH_A_POOL = 8
# More workers than this many per core only wait for each other.
_WORKERS_PER_CORE = 2


def jobs_for(requested: int, items: int) -> int:
    """Processes to use: `requested` (0 = one per core), never more than the work or a sane share of the cores."""
    cores = os.cpu_count() or 1
    jobs = requested or cores
    return max(1, min(jobs, cores * _WORKERS_PER_CORE, items))


def batch_size(items: int, jobs: int) -> int:
    """Items per task sent to a worker.

    Up to 16, so that sending a task and its result costs little beside the
    work; but at least 16 tasks per worker, so that all keep busy to the end.
    """
    return max(1, min(16, items // (jobs * 16)))


class WorkerPool:
    """`jobs` forked worker processes for the length of a `with` block; none when jobs is 1, unless
    `beside`: then one, so that this process can do other work while it works (see map_batched's
    `meanwhile`)."""

    def __init__(self, jobs: int, prepare: Callable[[], None] | None = None, beside: bool = False) -> None:
        self.jobs = jobs
        self._prepare = prepare
        self._workers = jobs if jobs > 1 else int(beside)
        self._beside = jobs <= 1 and beside
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._started: concurrent.futures.ProcessPoolExecutor | None = None  # the pool whose workers are forked

    def __enter__(self) -> "WorkerPool":
        # Loaded once here rather than once per worker: forked workers start with it. (A worker beside
        # this process loads what it needs itself: this one may not need it.)
        if self._workers > 1 and self._prepare is not None:
            self._prepare()
        if self._workers:
            try:
                self._pool = _new_pool(self._workers)
            except OSError as error:  # no room for its locks in /dev/shm, no processes left
                logging.getLogger("briefing").warning(
                    "cannot start worker processes (%s): the work is done in this process", error.strerror or error)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            _shut(self._pool)
            self._pool = None

    def _start(self) -> bool:
        """Whether there are workers: the pool forks them all with its first task (here a no-op one, so that
        it happens in one place). If they cannot start (no file descriptors or processes left), the pool goes,
        with any worker forked before the failure, and the work is done in this process."""
        pool = self._pool
        if pool is not None and self._started is not pool:
            try:
                pool.submit(int)
            except OSError as error:
                _shut(pool)
                self._pool = None
                logging.getLogger("briefing").warning(
                    "cannot start worker processes (%s): the work is done in this process", error.strerror or error)
            else:
                self._started = pool
        return self._pool is not None

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        """`function` over `items`, in order: on the workers if there are any, else here."""
        if not self._start():
            return map(function, items)
        return self._pool.map(function, items)

    def map_batched(
        self, function: Callable[[Item], Result], items: Iterable[Item], batch: int = 1,
        meanwhile: Callable[[], None] | None = None, lost: Callable[[Item], Result] | None = None,
    ) -> Iterator[Result]:
        """`function` over `items`, in input order, `batch` items per task.

        At most two tasks per worker are in flight, so memory stays flat
        however many items there are. The order, and so every output, is the
        same for any number of jobs. `meanwhile` is called once, here, when
        the first tasks are with the workers (first of all, if there are none).

        A worker that dies (killed, out of memory, a crash in a C library)
        takes the pool with it, and every task in flight. The tasks that had
        not finished are done again one item at a time on a worker of their
        own: an item that kills it too gives `lost(item)` (without `lost`, the
        pool's error is raised), and the next gets a new worker. Then the
        rest goes on, on a new pool.
        """
        if not self._start():
            if meanwhile is not None:
                meanwhile()
            yield from map(function, items)
            return
        if self._beside:
            yield from self._map_beside(function, list(items), meanwhile, lost)
            return

        def waiting() -> None:
            nonlocal meanwhile
            if meanwhile is not None:
                meanwhile, call = None, meanwhile
                call()

        rest: Iterator[Item] = iter(items)
        idle_breaks = 0
        while True:
            if not self._start():  # a new pool after a worker died, whose workers cannot start
                yield from map(function, rest)
                return
            pending: collections.deque[tuple[concurrent.futures.Future, list[Item]]] = collections.deque()
            chunk: list[Item] = []
            try:
                for item in rest:
                    chunk.append(item)
                    if len(chunk) == batch:
                        pending.append((self._pool.submit(_apply, function, chunk), chunk))
                        chunk = []
                        if len(pending) >= self._workers * 2:
                            waiting()
                            yield from pending[0][0].result()
                            pending.popleft()
                if chunk:
                    pending.append((self._pool.submit(_apply, function, chunk), chunk))
                    chunk = []
                waiting()
                while pending:
                    yield from pending[0][0].result()
                    pending.popleft()
                return
            except concurrent.futures.process.BrokenProcessPool:
                # Nothing in flight: a worker died between tasks, and a new pool will do. Broken twice
                # running with nothing in flight: workers that cannot start.
                idle_breaks = idle_breaks + 1 if not pending else 0
                if idle_breaks > 1:
                    raise
            waiting()
            _shut(self._pool)
            try:
                for future, tasked in pending:
                    if future.done() and not future.cancelled() and future.exception() is None:
                        yield from future.result()  # finished before the pool broke
                    else:
                        yield from _one_by_one(function, tasked, lost)
            finally:
                self._pool = _new_pool(self._workers)  # for the rest, and for later calls however this ends
            rest = itertools.chain(chunk, rest)

    def _map_beside(
        self, function: Callable[[Item], Result], items: list[Item], meanwhile: Callable[[], None] | None,
        lost: Callable[[Item], Result] | None,
    ) -> Iterator[Result]:
        """Every item to the one worker, then `meanwhile` here. A worker that cannot start (no memory, no
        processes left) leaves the items to be done here, as they would be without one. One that dies leaves
        the rest to be done one at a time on workers of their own, as map_batched does; or here, without
        `lost`."""
        pool = self._pool
        assert pool is not None
        futures: list[concurrent.futures.Future] = []
        broke_while_sending = False
        try:
            for item in items:
                futures.append(pool.submit(_apply, function, [item]))
        except OSError:
            pass  # no worker could start: what was not sent is done here
        except concurrent.futures.process.BrokenProcessPool:
            # The worker died on an item already sent (or could not start): not a reason to do the
            # items here, where the one that killed it would kill the run.
            broke_while_sending = True
        if meanwhile is not None:
            meanwhile()
        done = 0
        try:
            for future in futures:
                yield from future.result()
                done += 1
            if broke_while_sending and done < len(items):
                raise concurrent.futures.process.BrokenProcessPool("the worker died between items")
        except concurrent.futures.process.BrokenProcessPool:
            if lost is not None:
                _shut(pool)
                try:
                    yield from _one_by_one(function, items[done:], lost)
                finally:
                    self._pool = _new_pool(self._workers)  # later calls go to a worker too, never here
                return
        yield from map(function, items[done:])


def _new_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    # Imported with the first pool (every BrokenProcessPool caught comes from one): with multiprocessing,
    # 14 ms of CPU that a run with nothing new, or a few seeds and no warm day, never needs.
    import concurrent.futures.process

    return concurrent.futures.process.ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                                                          initargs=(os.getpid(),))


def _shut(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Shut the pool down; a broken one's workers are killed first.

    The pool stops the workers of a broken pool with SIGTERM, which they
    leave to the run (see _worker_start): one waiting for a task may wait
    for ever on the queue's lock that the dead worker held, and the pool
    with it.
    """
    # A pool that failed to fork all its workers never started the thread that stops them: those it forked
    # would wait for a task for ever, and the run's exit would wait for them.
    unstarted = getattr(pool, "_executor_manager_thread", True) is None
    if getattr(pool, "_broken", False) or unstarted:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.kill()
                if unstarted:
                    process.join()
    pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(
    function: Callable[[Item], Result], items: Iterable[Item], lost: Callable[[Item], Result] | None
) -> Iterator[Result]:
    """Each item alone on a worker, in order; a new worker after one that dies, and `lost(item)` for its item."""
    pool = None
    try:
        for item in items:
            if pool is None:
                pool = _new_pool(1)
            try:
                result = pool.submit(_apply, function, [item]).result()
            except concurrent.futures.process.BrokenProcessPool:
                if lost is None:
                    raise
                _shut(pool)
                pool = None
                result = [lost(item)]
            yield from result
    finally:
        if pool is not None:
            _shut(pool)


def _apply(function: Callable[[Item], Result], chunk: Sequence[Item]) -> list[Result]:
    return [function(item) for item in chunk]


def _worker_start(parent: int) -> None:
    """Pool initializer: a worker ends when the run that started it ends, and leaves signals to it.

    A worker waits for tasks on a pipe whose both ends it holds, so it never
    sees the run die: after a SIGKILL it would wait for ever, holding the
    state store and the terminal's pipes open. SIGINT and SIGTERM sent to the
    process group are the run's to handle, once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:  # the run died before prctl took effect
        os._exit(1)
