"""`scan`: a whole multistream dump read in parallel on Dask, stored by the one writer.

    plan_chunks(dump, index)                    sources/multistream.py: chunks of whole streams
    DaskScan(plan, client).outcomes(...)        one task per chunk, on any worker:
        scan_chunk: bytes → XML → RawPages → select_pages (select, skip stored, convert);
        an article no theatre can pick, by a quick test of its bytes, is not parsed (may_select)
    pipeline.sync(config, store, scan=DaskScan)  the driver stores outcomes as chunks finish

The workers never touch the store: they get the store's page states (scattered once to every
worker) and hand back converted articles; the driver process writes them one page a
transaction, exactly as `sync --dump` does, so a second scan of the same dump converts nothing.
A task that raises (damaged bz2 data, a worker that died) is retried `retries` times on any
worker, then reported as a failure naming the chunk's byte range; the other chunks go on, and
no page is marked removed (it may have been in the failed chunk).

With `parquet=DIR` every task also writes its converted articles to
`DIR/chunk-NNNNN.parquet` (tabular.py's columns), on the worker: the workers need the dump path
and DIR on a shared file system when they run on other machines.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import dask.config
from dask.distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from frontlines.errors import FrontlinesError
from frontlines.model import Article, RawPage
from frontlines.pipeline import ReadFailed, ScanItem, convert
from frontlines.selection import Converted, Outcome, Selector, select_pages
from frontlines.sources.multistream import Chunk, ChunkPlan, ReadCounts, iter_chunk
from frontlines.store import PageState
from frontlines.tabular import article_table, write_parquet

__all__ = [
    "ChunkResult",
    "DaskScan",
    "ImportTaskCode",
    "ScanTotals",
    "open_cluster",
    "scan_chunk",
    "shard_path",
]

DEFAULT_RETRIES = 2


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What one task read and selected in its chunk."""

    chunk: Chunk
    outcomes: tuple[Outcome, ...]
    pages: int  # articles read (namespace 0, not redirects), those left unparsed included
    xml_bytes: int  # decompressed XML
    seconds: float
    cpu_seconds: float = 0.0  # of the task's process, all of it
    convert_seconds: float = 0.0  # CPU time of converting the selected pages
    shard: str | None = None  # the Parquet file written, if asked
    articles_skipped: int = 0  # of `pages`, those left unparsed: no theatre could pick them


@dataclass(frozen=True, slots=True)
class ScanTotals:
    """Figures so far: chunks done and failed, pages read and selected, XML bytes."""

    chunks: int
    done: int = 0
    failed: int = 0
    pages: int = 0
    selected: int = 0
    converted: int = 0
    xml_bytes: int = 0
    articles_skipped: int = 0  # of `pages`, those left unparsed: no theatre could pick them
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    convert_seconds: float = 0.0
    shards: tuple[str, ...] = ()

    @property
    def megabytes_per_second(self) -> float:
        return self.xml_bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """One line: what the workers read."""
        return (
            f"Read {self.done} of {self.chunks} chunk{'' if self.chunks == 1 else 's'} "
            f"({self.failed} failed): "
            f"{self.pages:,} articles, {self.selected:,} selected, {self.converted:,} converted, "
            f"{self.xml_bytes / 1e6:,.1f} MB of XML at {self.megabytes_per_second:,.1f} MB/s"
            f" ({self.articles_skipped:,} ruled out by a quick test, not parsed)"
        )


def shard_path(folder: Path, chunk: Chunk) -> Path:
    return folder / f"chunk-{chunk.number:05d}.parquet"


def scan_chunk(
    plan: ChunkPlan,
    chunk: Chunk,
    selector: Selector,
    known: dict[str, PageState],
    parquet: str | None = None,
) -> ChunkResult:
    """The Dask task: read one chunk, select its pages, convert those not stored yet."""
    started, cpu = time.monotonic(), time.process_time()
    counts = ReadCounts()
    pages = 0
    converting = 0.0

    def on_page() -> None:
        nonlocal pages
        pages += 1

    def timed(page: RawPage, kind: str) -> Article:
        nonlocal converting
        before = time.process_time()
        try:
            return convert(page, kind)
        finally:
            converting += time.process_time() - before

    read = iter_chunk(plan, chunk, counts, wanted=selector.may_select)
    outcomes = tuple(select_pages(read, selector, known, timed, on_page=on_page))
    shard = None
    if parquet is not None:
        converted = [(o.article, o.theatre) for o in outcomes if isinstance(o, Converted)]
        shard = str(write_parquet(article_table(converted), shard_path(Path(parquet), chunk)))
    return ChunkResult(
        chunk,
        outcomes,
        pages + counts.articles_skipped,
        counts.xml_bytes,
        articles_skipped=counts.articles_skipped,
        seconds=time.monotonic() - started,
        cpu_seconds=time.process_time() - cpu,
        convert_seconds=converting,
        shard=shard,
    )


@dataclass
class DaskScan:
    """A PageScan (pipeline.py) that runs `scan_chunk` for every chunk of `plan` on `client`."""

    plan: ChunkPlan
    client: Client
    parquet: Path | None = None
    retries: int = DEFAULT_RETRIES
    on_chunk: Callable[[ScanTotals], None] | None = None
    timer: Callable[[], float] = time.monotonic
    totals: ScanTotals = field(init=False)

    def __post_init__(self) -> None:
        self.totals = ScanTotals(chunks=len(self.plan.chunks))

    @property
    def source(self) -> str:
        return f"scan:{self.plan.dump}"

    def outcomes(self, selector: Selector, known: dict[str, PageState]) -> Iterator[ScanItem]:
        """Submit one task per chunk; yield each chunk's outcomes as it finishes."""
        started = self.timer()
        shared = self.client.scatter(  # type: ignore[no-untyped-call]
            [self.plan, selector, known], broadcast=True, hash=False
        )
        plan, selection, states = shared
        parquet = str(self.parquet.resolve()) if self.parquet is not None else None
        futures: dict[Any, Chunk] = {}
        pending: list[Future[ChunkResult]] = []
        for chunk in self.plan.chunks:
            future = self.client.submit(
                scan_chunk,
                plan,
                chunk,
                selection,
                states,
                parquet,
                retries=self.retries,
                pure=False,
                key=f"frontlines-chunk-{chunk.number}-{os.getpid()}-{time.time_ns()}",
            )
            futures[future.key] = chunk
            pending.append(future)
        try:
            for future in as_completed(pending):  # type: ignore[no-untyped-call]
                chunk = futures[future.key]
                try:
                    result: ChunkResult = future.result()
                except Exception as error:  # the task failed after its retries: report, go on
                    future.release()
                    self._count(started, failed=1)
                    where = f"{self.plan.dump.name} {chunk.describe()}"
                    yield ReadFailed(where, f"{type(error).__name__}: {error}")
                    continue
                future.release()
                self._count(started, result=result)
                yield from result.outcomes
        finally:
            self.client.cancel(pending)  # type: ignore[no-untyped-call]

    def _count(self, started: float, *, result: ChunkResult | None = None, failed: int = 0) -> None:
        totals = replace(self.totals, seconds=self.timer() - started)
        if failed:
            totals = replace(totals, failed=totals.failed + failed)
        if result is not None:
            converted = sum(isinstance(o, Converted) for o in result.outcomes)
            totals = replace(
                totals,
                done=totals.done + 1,
                pages=totals.pages + result.pages,
                selected=totals.selected + len(result.outcomes),
                converted=totals.converted + converted,
                xml_bytes=totals.xml_bytes + result.xml_bytes,
                articles_skipped=totals.articles_skipped + result.articles_skipped,
                cpu_seconds=totals.cpu_seconds + result.cpu_seconds,
                convert_seconds=totals.convert_seconds + result.convert_seconds,
                shards=totals.shards + ((result.shard,) if result.shard else ()),
            )
        self.totals = totals
        if self.on_chunk is not None:
            self.on_chunk(totals)


# A scan's tasks are long and always the same code, so a local cluster's workers do without
# what only the dashboard shows: the stack profiler (which samples the running task every
# 10 ms), the event loop's 20 ms tick (it only warns of a blocked loop) and the 0.5 s system
# monitor (the dashboard's CPU and network graphs) slowed to 1 s and 2 s; together with the
# profiler they took 2-5 % of a worker's time on two cores, measured. A setting the
# environment gives (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=True, ...) is left alone.
_LOCAL_WORKER_SETTINGS: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def _local_worker_settings() -> dict[str, object]:
    given = dask.config.collect_env()  # the DASK_… variables, read as Dask reads them
    unset = object()
    return {
        setting: value
        for setting, value in _LOCAL_WORKER_SETTINGS.items()
        if dask.config.get(setting, unset, config=given) is unset
    }


class ImportTaskCode(WorkerPlugin):
    """Imports the tasks' code (this module, the converter behind it) on every worker as it
    joins the client's cluster, so that no chunk pays for it: unimported, the first task of
    each worker spent 0.3–0.4 s importing (a tenth of the benchmark's 2-worker scan)."""

    name = "frontlines-import-task-code"

    def setup(self, worker: object) -> None:
        importlib.import_module(__name__)


@contextmanager
def open_cluster(
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dashboard: str | None = "127.0.0.1:8787",
    memory_limit: str = "auto",
    connect_timeout: float = 10.0,
) -> Iterator[Client]:
    """A Dask client: of the scheduler at `scheduler`, or of a LocalCluster of `workers`
    processes (default: one per core) with one thread each, on 127.0.0.1 (`dashboard`: its
    address, port 0 for any free one, None for none). Every worker, the cluster's own or one
    that joins later, imports the tasks' code before its first task (ImportTaskCode). An
    unreachable scheduler is a FrontlinesError saying how to start one."""
    if scheduler is not None:
        try:
            remote = Client(scheduler, timeout=connect_timeout)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as error:
            raise FrontlinesError(
                f"cannot reach the Dask scheduler at {scheduler} ({error}); start one with "
                "`dask scheduler` (and workers with `dask worker tcp://HOST:8786`) and give its "
                "tcp://HOST:PORT address"
            ) from None
        with remote as client:
            client.register_plugin(ImportTaskCode())
            yield client
        return
    count = workers or os.cpu_count() or 1
    with (
        dask.config.set(_local_worker_settings()),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=dashboard,
            memory_limit=memory_limit,
            silence_logs=logging.ERROR,
            # without a dashboard the scheduler still serves /health: on any free port
            scheduler_kwargs=None if dashboard else {"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        client.register_plugin(ImportTaskCode())
        yield client
