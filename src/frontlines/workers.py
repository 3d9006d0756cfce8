"""Work on pages in supervised worker processes: a time limit per page, results in input order.

    with WorkerPool(convert_job, time_limit=30.0, size=2) as pool:
        for job, outcome in pool.map(jobs, cost=len):  # outcome: the result, or a WorkFailed
            ...
        article = pool.call(job)                        # one job; raises WorkFailed

Each worker is a child process that runs `work` on one job at a time. A job that runs past
`time_limit` seconds has its worker killed and replaced: that job fails with "took longer than
30 s" and the next jobs go on in the fresh worker. A worker that dies (killed for memory, a
crash in C code) fails only the job it was running. An exception raised by `work` fails that job
with the exception's message. `size` workers run at once (`--jobs N` sets it; the default is
the number of cores this process may use, `available_cores()`).

`map` yields in input order. It reads up to `lookahead` jobs ahead (default: `size`) and, given
`cost`, hands the costliest job read so far to the next free worker (biggest pages first: a
long page started last would leave the other workers idle at the end). Jobs read ahead and
results not yet yielded are at most `lookahead`, so memory stays bounded on a stream of any
length. A `Done(job, result)` among the jobs is already done (a page refused where it was read):
it is yielded in its place and never goes to a worker.

How workers start: when `work` can be pickled they are forked from a lean fork server
(multiprocessing's "forkserver", preloaded with the module `work` comes from), so a worker
holds only what converting needs, not the command line, the site or the store that the parent
imported (a smaller worker: the parent here may hold 70 MB of modules); a `work` that cannot be
pickled (a closure, in tests) is forked from this process. Jobs and results always travel by
pickle. Ctrl-C is the parent's: workers ignore SIGINT (it is blocked while one starts, so none
can die of it half-started); the parent's KeyboardInterrupt leaves `map`, and closing the pool
stops every worker.
"""

from __future__ import annotations

import heapq
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Generic, TypeVar

from frontlines.config import ConvertConfig
from frontlines.errors import ConvertError
from frontlines.model import RawPage

__all__ = [
    "Done",
    "WorkFailed",
    "WorkerPool",
    "available_cores",
    "describe_limit",
    "failure_message",
    "page_pool",
    "page_too_large",
    "utf8_size",
]

J = TypeVar("J")
R = TypeVar("R")

_KILL_GRACE = 1.0  # seconds a terminated worker gets before it is killed outright
_START_LIMIT = 60.0  # seconds a worker may take to start (import what `work` needs)
_SIZE_PIECE = 1 << 16  # characters encoded at a time to count a page's bytes
_READY = "ready"  # a worker's first message: the time limit of its first job starts now


class WorkFailed(ConvertError):
    """One job could not be done: it overran the time limit, raised, or its worker died."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Done(Generic[J, R]):
    """A job already done where it was read: `map` yields it in its place, no worker runs it."""

    job: J
    result: R | WorkFailed


def describe_limit(seconds: float) -> str:
    """'took longer than 30 s' (the reason a job past its time limit fails with)."""
    return f"took longer than {seconds:g} s"


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None  # index of the job it is running
    started: float = 0.0
    ready: bool = False  # it has said so: its job's time counts from then


def _serve(work: Callable[[Any], Any], conn: Connection, parent_end: Connection) -> None:
    """The worker's loop: a job in, (True, result) or (False, message) out, until None.

    Ctrl-C is the parent's to handle (it stops the workers); the worker's copy of the parent's
    end of the pipe is closed so that the worker sees the end when the parent dies.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked while the worker started (_start)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    parent_end.close()
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: tuple[bool, Any] = (True, work(job))
        except RecursionError:
            reply = (False, "markup nested too deeply to convert")
        except BaseException as error:  # noqa: BLE001 - every failure goes back as a message
            reply = (False, failure_message(error))
        try:
            conn.send(reply)
        except Exception as error:  # noqa: BLE001 - an unpicklable result
            conn.send((False, f"the result could not be sent back: {failure_message(error)}"))


def failure_message(error: BaseException) -> str:
    """A failure in a line: the message of a ConvertError, else its type, message and place."""
    if isinstance(error, ConvertError):
        return str(error)
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
    return f"{type(error).__name__}: {error}{where}"


class WorkerPool(Generic[J, R]):
    """`size` supervised worker processes running `work`; see the module docstring."""

    def __init__(
        self, work: Callable[[J], R], *, time_limit: float | None = 30.0, size: int = 1
    ) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.work = work
        self.time_limit = time_limit if time_limit and time_limit > 0 else None
        self.size = size
        self.replaced = 0  # workers killed or lost and started again
        self._context: Any = _start_context(work)
        self._workers: list[_Worker] = []
        self._mapping = False  # a map is running (a second one would mix up their workers)

    def __enter__(self) -> WorkerPool[J, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (idle ones are asked, busy ones are killed)."""
        for worker in self._workers:
            if worker.job is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            self._stop(worker, ask=worker.job is None)
        self._workers = []

    def call(self, job: J) -> R:
        """Run one job in a worker and return its result; WorkFailed if it fails."""
        outcomes = self.map([job])
        try:
            _, outcome = next(outcomes)
        finally:
            outcomes.close()
        if isinstance(outcome, WorkFailed):
            raise outcome
        return outcome

    def map(
        self,
        jobs: Iterable[J | Done[J, R]],
        *,
        cost: Callable[[J], int] | None = None,
        lookahead: int | None = None,
    ) -> Generator[tuple[J, R | WorkFailed], None, None]:
        """Each job with its result or WorkFailed, in the order the jobs came.

        Up to `lookahead` jobs (at least `size`) are read ahead; the costliest of those not
        yet started goes to the next free worker (input order when there is no `cost`).
        """
        if self._mapping:
            raise RuntimeError("one map at a time: the pool's workers are busy with another")
        self._mapping = True
        try:
            yield from self._map(iter(jobs), cost, max(self.size, lookahead or self.size))
        finally:
            self._mapping = False
            self._abandon()

    def _map(
        self,
        pending: Iterator[J | Done[J, R]],
        cost: Callable[[J], int] | None,
        ahead: int,
    ) -> Iterator[tuple[J, R | WorkFailed]]:
        waiting: dict[int, J] = {}  # index → job, for jobs read and not yet yielded
        unsent: list[tuple[int, int]] = []  # heap of (-cost, index) of jobs not yet started
        done: dict[int, R | WorkFailed] = {}
        next_index = next_out = 0
        exhausted = False
        while True:
            while not exhausted and len(waiting) < ahead:
                try:
                    job = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                if isinstance(job, Done):
                    waiting[next_index], done[next_index] = job.job, job.result
                else:
                    waiting[next_index] = job
                    heapq.heappush(unsent, (-cost(job) if cost else 0, next_index))
                next_index += 1
            while unsent and self._busy() < self.size:
                _, index = heapq.heappop(unsent)
                self._send(self._idle_worker(), index, waiting[index])
            if next_out in done:
                yield waiting.pop(next_out), done.pop(next_out)
                next_out += 1
            elif exhausted and not waiting:
                return
            else:
                done.update(self._collect())

    # ------------------------------------------------------------ workers

    def _abandon(self) -> None:
        """Stop the workers still busy with jobs of a map left early (their results would
        otherwise reach the next map); fresh ones start when needed."""
        for worker in [w for w in self._workers if w.job is not None]:
            self._stop(worker, ask=False)
            self._workers.remove(worker)

    def _busy(self) -> int:
        return sum(worker.job is not None for worker in self._workers)

    def _idle_worker(self) -> _Worker:
        for worker in self._workers:
            if worker.job is None:
                return worker
        worker = self._start()
        self._workers.append(worker)
        return worker

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(self.work, child, parent), name="frontlines-worker", daemon=True
        )
        blocked = _block_interrupts()
        try:
            process.start()
        finally:
            _restore_interrupts(blocked)
        child.close()
        return _Worker(process, parent)

    def _send(self, worker: _Worker, index: int, job: J) -> None:
        worker.job, worker.started = index, time.monotonic()
        worker.conn.send(job)

    def _collect(self) -> dict[int, R | WorkFailed]:
        """Wait for at least one busy worker to answer, die or overrun; what finished."""
        busy = [worker for worker in self._workers if worker.job is not None]
        timeout = None
        if self.time_limit is not None:
            now = time.monotonic()
            timeout = max(0.0, min(self._deadline(w) for w in busy) - now)
        ready = wait([worker.conn for worker in busy], timeout)
        finished: dict[int, R | WorkFailed] = {}
        for worker in busy:
            assert worker.job is not None
            index = worker.job
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    code = self._replace(worker)
                    finished[index] = WorkFailed(f"the worker process died (exit code {code})")
                    continue
                if message == _READY:
                    worker.ready, worker.started = True, time.monotonic()
                    continue
                ok, value = message
                worker.job = None
                finished[index] = value if ok else WorkFailed(value)
            elif self.time_limit is not None and time.monotonic() >= self._deadline(worker):
                self._replace(worker)
                finished[index] = WorkFailed(
                    describe_limit(self.time_limit)
                    if worker.ready
                    else f"the worker process did not start within {_START_LIMIT:g} s"
                )
        return finished

    def _deadline(self, worker: _Worker) -> float:
        assert self.time_limit is not None
        return worker.started + (self.time_limit if worker.ready else _START_LIMIT)

    def _replace(self, worker: _Worker) -> int | None:
        """Kill a worker and put a fresh one in its place; the old one's exit code."""
        code = self._stop(worker, ask=False)
        self._workers[self._workers.index(worker)] = self._start()
        self.replaced += 1
        return code

    def _stop(self, worker: _Worker, *, ask: bool) -> int | None:
        process = worker.process
        if ask:
            process.join(_KILL_GRACE)
        if process.is_alive():
            process.terminate()
            process.join(_KILL_GRACE)
        if process.is_alive():
            process.kill()
            process.join()
        worker.conn.close()
        return process.exitcode


def _start_context(work: Callable[[Any], Any]) -> Any:
    """How workers start: from a lean fork server when `work` pickles, else forked from here."""
    methods = multiprocessing.get_all_start_methods()
    try:
        pickle.dumps(work)
    except Exception:  # noqa: BLE001 - a closure or a local class: it can only be inherited
        if "fork" in methods:
            return multiprocessing.get_context("fork")
        raise
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = getattr(work, "__module__", None) or type(work).__module__
    # the server is started once per program, preloaded with the first pool's module; workers
    # of a later pool import their own on start
    context.set_forkserver_preload([__name__, module])
    return context


def _block_interrupts() -> set[int | signal.Signals] | None:
    """Block SIGINT while a worker starts (it inherits the mask, then ignores SIGINT)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _restore_interrupts(mask: set[int | signal.Signals] | None) -> None:
    if mask is not None:  # a Ctrl-C that came meanwhile is raised here
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


# ------------------------------------------------------------ pages


def page_too_large(page: RawPage, max_bytes: int) -> str | None:
    """Why `page` is refused for its size ('is 54.0 MiB of wikitext, ...'), or None.

    The size is counted without a second copy of the text: a page of 50 MB is measured in
    pieces, never encoded whole beside the text the reader holds.
    """
    if len(page.text) * 4 <= max_bytes:  # a UTF-8 character is at most four bytes
        return None
    size = utf8_size(page.text)
    if size <= max_bytes:
        return None
    return (
        f"is {_mib(size)} of wikitext, over the {_mib(max_bytes)} limit "
        "([convert] max_page_bytes in frontlines.toml); not converted"
    )


def utf8_size(text: str) -> int:
    """The bytes `text` takes in UTF-8 (a lone surrogate three), counted piece by piece."""
    if text.isascii():
        return len(text)
    return sum(
        len(text[start : start + _SIZE_PIECE].encode("utf-8", "surrogatepass"))
        for start in range(0, len(text), _SIZE_PIECE)
    )


def page_pool(
    work: Callable[[J], R], settings: ConvertConfig, *, jobs: int | None = None
) -> WorkerPool[J, R]:
    """The pool `convert` and `sync` convert pages in, timed by `[convert]`: `jobs` workers,
    else `[convert] workers`, else one per core."""
    size = jobs or settings.workers or available_cores()
    return WorkerPool(work, time_limit=settings.time_limit, size=size)


def _mib(size: int) -> str:
    """A size as people read it: '300 B', '2.9 KiB', '54.2 MiB', '2 MiB'."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KiB") if size < 1024 * 1024 else (size / 1024 / 1024, "MiB")
    return f"{value:.1f} {unit}".replace(".0 ", " ")
