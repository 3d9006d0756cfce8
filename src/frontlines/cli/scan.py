"""`frontlines scan`: read a whole multistream dump in parallel on Dask into the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TaskID

from frontlines.cli.app import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    app,
    fail,
    progress_bar,
    stderr_console,
)
from frontlines.cli.sync import ConfigOption, QuietOption, _load
from frontlines.config import Config
from frontlines.errors import UsageError
from frontlines.pipeline import SyncReport, sync
from frontlines.sources.multistream import ChunkPlan, plan_chunks
from frontlines.store import Store

if TYPE_CHECKING:  # Dask takes a while to import: only `scan` itself loads it
    from frontlines.scan import ScanTotals


def default_index(dump: Path) -> Path | None:
    """The index Wikimedia names after the dump (`X.xml.bz2` → `X-index.txt.bz2`), if there."""
    name = dump.name
    for suffix in (".xml.bz2", ".bz2"):
        if name.endswith(suffix):
            candidate = dump.with_name(name[: -len(suffix)] + "-index.txt.bz2")
            return candidate if candidate.is_file() else None
    return None


@app.command()
def scan(
    dump: Annotated[Path, typer.Argument(help="A multistream .xml.bz2 dump (or any dump).")],
    index: Annotated[
        Path | None,
        typer.Option(
            "--index",
            help="Its -multistream-index.txt.bz2 (default: found beside the dump; without one "
            "the stream starts are found in the file).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Local worker processes (default: cores)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="A running Dask scheduler, tcp://HOST:PORT."),
    ] = None,
    chunk_mb: Annotated[
        float, typer.Option("--chunk-mb", min=0.01, help="bz2 megabytes (MiB) per task.")
    ] = 64,
    parquet: Annotated[
        Path | None,
        typer.Option("--parquet", help="Also write the converted articles as Parquet shards."),
    ] = None,
    theatre: Annotated[
        str | None, typer.Option("--theatre", "-t", help="Only this theatre (its name).")
    ] = None,
    dashboard: Annotated[
        str, typer.Option("--dashboard", help="Address of the local cluster's dashboard.")
    ] = "127.0.0.1:8787",
    retries: Annotated[int, typer.Option("--retries", min=0, help="Tries again per chunk.")] = 2,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Read a whole dump in parallel (one Dask task per chunk of bz2 streams) into the store.

    Selects pages for the configured theatres as `sync --dump` does (titles, categories,
    conflicts = "all"), converts only new or changed ones, and stores them with the same
    single writer. Exits 1 when a chunk or a page failed (each listed).
    """
    console = stderr_console(quiet)
    if workers is not None and scheduler is not None:
        raise fail(console, "--workers and --scheduler exclude each other: pick one")
    project = _load(config)
    if not dump.is_file():
        raise UsageError(f"no dump file at {dump}; check the path")
    if index is not None and not index.is_file():
        raise UsageError(f"no index file at {index}; check the path")
    index = index or default_index(dump)
    plan = plan_chunks(dump, index, chunk_bytes=int(chunk_mb * (1 << 20)))
    if plan.note:
        console.print(f"Note: {escape(dump.name)} is {plan.note}.", soft_wrap=True)
    report, totals = _run(
        console,
        project,
        plan,
        workers=workers,
        scheduler=scheduler,
        dashboard=dashboard,
        parquet=parquet,
        theatre=theatre,
        retries=retries,
    )
    for failure in report.failures:
        console.print(
            f"[red]Failed:[/] {escape(failure.title)}: {escape(failure.reason)}", soft_wrap=True
        )
    out = stderr_console()
    out.print(totals.summary(), markup=False, soft_wrap=True)
    if parquet is not None:
        shards = _count(len(totals.shards), "Parquet shard")
        out.print(f"Wrote {shards} into {parquet}", markup=False, soft_wrap=True)
    out.print(report.summary(), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)


def _run(
    console: Console,
    project: Config,
    plan: ChunkPlan,
    *,
    workers: int | None,
    scheduler: str | None,
    dashboard: str,
    parquet: Path | None,
    theatre: str | None,
    retries: int,
) -> tuple[SyncReport, ScanTotals]:
    from frontlines.scan import DaskScan, open_cluster

    started = time.monotonic()
    with (
        open_cluster(workers=workers, scheduler=scheduler, dashboard=dashboard) as client,
        Store(project.db_path) as store,
        progress_bar(console) as progress,
    ):
        count = len(client.scheduler_info().get("workers", {}))
        console.print(
            f"Scanning {escape(plan.dump.name)} ({plan.size / 1e6:,.1f} MB, "
            f"{_count(len(plan.chunks), 'chunk')}) on {_count(count, 'Dask worker')}; "
            f"dashboard: {client.dashboard_link}",
            soft_wrap=True,
            markup=False,
        )
        task = progress.add_task("Chunks", total=len(plan.chunks))
        scanner = DaskScan(
            plan,
            client,
            parquet=parquet,
            retries=retries,
            on_chunk=lambda totals: _show(progress, task, totals),
        )
        try:
            report = sync(project, store, theatre=theatre, scan=scanner)
        except KeyboardInterrupt:
            progress.stop()
            console.print(
                f"Interrupted after {time.monotonic() - started:.1f} s: the pages stored so far "
                "are kept; run `frontlines scan` again to carry on",
                markup=False,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
    return report, scanner.totals


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _show(progress: Progress, task: TaskID, totals: ScanTotals) -> None:
    progress.update(
        task,
        completed=totals.done + totals.failed,
        description=(
            f"Chunks · {totals.pages:,} pages read · {totals.selected:,} selected · "
            f"{totals.megabytes_per_second:,.1f} MB/s"
        ),
    )
