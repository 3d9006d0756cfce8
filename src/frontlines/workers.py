"""Work on pages in supervised worker processes: a time limit per page, results in input order.

    with WorkerPool(convert_job, time_limit=30.0, size=1) as pool:
        for job, outcome in pool.map(jobs):      # outcome: the result, or a WorkFailed
            ...
        article = pool.call(job)                 # one job; raises WorkFailed

Each worker is a child process that runs `work` on one job at a time. A job that runs past
`time_limit` seconds has its worker killed and replaced: that job fails with "took longer than
30 s" and the next jobs go on in the fresh worker. A worker that dies (killed for memory, a
crash in C code) fails only the job it was running. An exception raised by `work` fails that job
with the exception's message. `size` workers run at once (`--jobs N` sets it); `map` still
yields in input order and pulls the next job only when a worker is free, so memory stays bounded
on a stream of any length.

Workers are forked where the platform can (so `work` may be any callable, a closure included),
spawned elsewhere (then `work` and the jobs must pickle). Jobs and results always travel by
pickle.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Generic, TypeVar

from frontlines.config import ConvertConfig
from frontlines.errors import ConvertError
from frontlines.model import RawPage

__all__ = ["WorkFailed", "WorkerPool", "describe_limit", "page_pool", "page_too_large"]

J = TypeVar("J")
R = TypeVar("R")

_KILL_GRACE = 1.0  # seconds a terminated worker gets before it is killed outright


class WorkFailed(ConvertError):
    """One job could not be done: it overran the time limit, raised, or its worker died."""


def describe_limit(seconds: float) -> str:
    """'took longer than 30 s' (the reason a job past its time limit fails with)."""
    return f"took longer than {seconds:g} s"


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None  # index of the job it is running
    started: float = 0.0


def _serve(work: Callable[[Any], Any], conn: Connection, parent_end: Connection) -> None:
    """The worker's loop: a job in, (True, result) or (False, message) out, until None.

    Ctrl-C is the parent's to handle (it stops the workers); the worker's copy of the parent's
    end of the pipe is closed so that the worker sees the end when the parent dies.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_end.close()
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
            reply = (False, _message(error))
        try:
            conn.send(reply)
        except Exception as error:  # noqa: BLE001 - an unpicklable result
            conn.send((False, f"the result could not be sent back: {_message(error)}"))


def _message(error: BaseException) -> str:
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
        methods = multiprocessing.get_all_start_methods()
        self._context: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._workers: list[_Worker] = []

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
        for _, outcome in self.map([job]):
            if isinstance(outcome, WorkFailed):
                raise outcome
            return outcome
        raise AssertionError("map yields one outcome per job")  # pragma: no cover

    def map(self, jobs: Iterable[J]) -> Iterator[tuple[J, R | WorkFailed]]:
        """Each job with its result or WorkFailed, in the order the jobs came."""
        pending = iter(jobs)
        waiting: dict[int, J] = {}  # index → job, for jobs sent or queued
        done: dict[int, R | WorkFailed] = {}
        next_index = next_out = 0
        exhausted = False
        while True:
            while not exhausted and len(waiting) < self.size:
                try:
                    job = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                waiting[next_index] = job
                self._send(self._idle_worker(), next_index, job)
                next_index += 1
            if next_out in done:
                yield waiting.pop(next_out), done.pop(next_out)
                next_out += 1
            elif exhausted and not waiting:
                return
            else:
                done.update(self._collect())

    # ------------------------------------------------------------ workers

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
        process.start()
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
            timeout = max(0.0, min(w.started + self.time_limit for w in busy) - now)
        ready = wait([worker.conn for worker in busy], timeout)
        finished: dict[int, R | WorkFailed] = {}
        for worker in busy:
            assert worker.job is not None
            index = worker.job
            if worker.conn in ready:
                try:
                    ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    code = self._replace(worker)
                    finished[index] = WorkFailed(f"the worker process died (exit code {code})")
                    continue
                worker.job = None
                finished[index] = value if ok else WorkFailed(value)
            elif self.time_limit is not None and (
                time.monotonic() - worker.started >= self.time_limit
            ):
                self._replace(worker)
                finished[index] = WorkFailed(describe_limit(self.time_limit))
        return finished

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


# ------------------------------------------------------------ pages


def page_too_large(page: RawPage, max_bytes: int) -> str | None:
    """Why `page` is refused for its size ('is 54.0 MiB of wikitext, ...'), or None."""
    if len(page.text) * 4 <= max_bytes:  # a UTF-8 character is at most four bytes
        return None
    size = len(page.text.encode("utf-8", "surrogatepass"))
    if size <= max_bytes:
        return None
    return (
        f"is {_mib(size)} of wikitext, over the {_mib(max_bytes)} limit "
        "([convert] max_page_bytes in frontlines.toml); not converted"
    )


def page_pool(work: Callable[[J], R], settings: ConvertConfig) -> WorkerPool[J, R]:
    """The pool `convert` and `sync` convert pages in, sized and timed by `[convert]`."""
    return WorkerPool(work, time_limit=settings.time_limit, size=settings.workers)


def _mib(size: int) -> str:
    """A size as people read it: '300 B', '2.9 KiB', '54.2 MiB', '2 MiB'."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KiB") if size < 1024 * 1024 else (size / 1024 / 1024, "MiB")
    return f"{value:.1f} {unit}".replace(".0 ", " ")
