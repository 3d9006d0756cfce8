"""`frontlines init`, `sync`, `status` and `check`: the project, its store and keeping it fresh."""

from __future__ import annotations

import json
import time
from itertools import groupby
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TaskID

from frontlines.cli.app import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    JobsOption,
    app,
    progress_bar,
    stderr_console,
    stdout_console,
)
from frontlines.config import Config, find_config, load_config, write_example
from frontlines.errors import UsageError
from frontlines.follow import follow_status
from frontlines.pipeline import (
    CONVERT,
    DISCOVERY,
    FETCH,
    IMAGES,
    SyncReport,
    open_client,
)
from frontlines.pipeline import sync as run_sync
from frontlines.store import IssueRow, Store, StoreCounts, SyncRun, open_existing

FAILURE_KINDS = frozenset({"fetch_failed", "convert_failed", "store_failed", "missing_page"})
_STAGE_LABELS = {
    DISCOVERY: "Discovering pages",
    FETCH: "Fetching",
    CONVERT: "Converting",
    IMAGES: "Image licences",
}

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="frontlines.toml (default: found in . or a parent)."),
]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")]


class _Bars:
    """Pipeline progress callbacks drawn as Rich bars (one per stage)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def start(self, stage: str, total: int | None) -> None:
        label = _STAGE_LABELS.get(stage, stage)
        if stage in self.tasks:
            self.progress.reset(self.tasks[stage], total=total, description=label)
        else:
            self.tasks[stage] = self.progress.add_task(label, total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self.tasks:
            self.progress.advance(self.tasks[stage], amount)


def _load(config_path: Path | None) -> Config:
    return load_config(config_path if config_path is not None else find_config())


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Project folder (created if missing).")] = Path(
        "."
    ),
) -> None:
    """Create a commented example frontlines.toml (never overwrites one)."""
    console = stderr_console()
    path = write_example(directory)
    console.print(
        f"Created {path}: set [source] user_agent to your contact and edit the theatres, "
        "then run `frontlines sync`",
        markup=False,
        soft_wrap=True,
    )


@app.command()
def sync(
    theatre: Annotated[
        str | None, typer.Option("--theatre", "-t", help="Only this theatre (its name).")
    ] = None,
    api: Annotated[
        str | None, typer.Option("--api", help="MediaWiki api.php URL (overrides [source] api).")
    ] = None,
    dump: Annotated[
        Path | None, typer.Option("--dump", help="Read pages from an XML dump (.xml or .bz2).")
    ] = None,
    history: Annotated[
        int,
        typer.Option(
            "--history",
            min=0,
            help="Also fetch up to N earlier revisions of each new page, to start its history.",
        ),
    ] = 0,
    jobs: JobsOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Fetch and convert new or changed pages of each theatre into the store.

    Each new revision is compared with the stored one: `frontlines changes` lists what changed.
    """
    console = stderr_console(quiet)
    if api is not None and dump is not None:
        raise UsageError("--api and --dump exclude each other; pick one source")
    project = _load(config)
    if dump is not None and not dump.is_file():
        raise UsageError(f"no dump file at {dump}; check the path")
    report = _run_sync(
        console, project, theatre=theatre, api=api, dump=dump, history=history, jobs=jobs
    )
    for failure in report.failures:
        console.print(
            f"[red]Failed:[/] {escape(failure.title)}: {escape(failure.reason)}", soft_wrap=True
        )
    stderr_console().print(report.summary(), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED if report.failures or report.status == "partial" else EXIT_OK)


def _run_sync(
    console: Console,
    project: Config,
    *,
    theatre: str | None,
    api: str | None,
    dump: Path | None,
    history: int = 0,
    jobs: int | None = None,
) -> SyncReport:
    started = time.monotonic()
    with Store(project.db_path) as store, progress_bar(console) as progress:
        try:
            if dump is not None:
                return run_sync(
                    project,
                    store,
                    theatre=theatre,
                    dump=dump,
                    progress=_Bars(progress),
                    history=history,
                    jobs=jobs,
                )
            with open_client(project.source, api=api) as client:
                return run_sync(
                    project,
                    store,
                    theatre=theatre,
                    client=client,
                    progress=_Bars(progress),
                    history=history,
                    jobs=jobs,
                )
        except KeyboardInterrupt:
            progress.stop()
            run = store.last_run()
            stored = (run.counts.new + run.counts.updated) if run else 0
            console.print(
                f"Interrupted after {time.monotonic() - started:.1f} s: {stored} pages were "
                "stored and are kept; run `frontlines sync` again to carry on",
                markup=False,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """Counts of pages, articles, conflicts, images and issues, and the last sync's figures."""
    project = _load(config)
    with open_existing(project.db_path) as store:
        counts, last = store.counts(), store.last_run()
        positions = store.follow_positions()
    data = status_data(counts, last)
    data["follow"] = follow_status(positions)
    out = stdout_console()
    if as_json:
        out.print_json(json.dumps(data))
        return
    for line in status_lines(data):
        out.print(line, markup=False)


def status_data(counts: StoreCounts, last: SyncRun | None) -> dict[str, Any]:
    """The `status --json` document."""
    last_sync = None
    if last is not None:
        c = last.counts
        last_sync = {
            "id": last.id,
            "status": last.status,
            "source": last.source,
            "theatre": last.theatre,
            "started": last.started,
            "finished": last.finished,
            "new": c.new,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "removed": c.removed,
            "failed": c.failed,
            "requests": c.requests,
            "images_failed": c.images_failed,
        }
    return {
        "pages": counts.pages,
        "articles": counts.articles,
        "conflicts": counts.conflicts,
        "images": counts.images,
        "issues": counts.issues,
        "removed": counts.removed,
        "theatres": {
            name: {
                "pages": t.pages,
                "articles": t.articles,
                "conflicts": t.conflicts,
                "images": t.images,
                "issues": t.issues,
            }
            for name, t in counts.theatres.items()
        },
        "last_sync": last_sync,
    }


def status_lines(data: dict[str, Any]) -> list[str]:
    """`status` as text, one figure a line."""
    lines = [
        f"Pages:     {data['pages']} ({data['removed']} removed)",
        f"Articles:  {data['articles']}",
        f"Conflicts: {data['conflicts']}",
        f"Images:    {data['images']}",
        f"Issues:    {data['issues']}",
    ]
    for name, t in data["theatres"].items():
        lines.append(
            f"  {name}: {t['pages']} pages, {t['articles']} articles, {t['conflicts']} conflicts, "
            f"{t['images']} images, {t['issues']} issues"
        )
    last = data["last_sync"]
    if last is None:
        lines.append("Last sync: never")
    else:
        lines.append(
            f"Last sync: #{last['id']} {last['status']} {last['finished'] or last['started']}: "
            f"{last['new']} new, {last['updated']} updated, {last['unchanged']} unchanged, "
            f"{last['removed']} removed, {last['failed']} failed, {last['requests']} requests"
            + (
                f", {last['images_failed']} image licences not fetched"
                if last["images_failed"]
                else ""
            )
        )
    for position in data.get("follow", []):
        scope = f" ({position['theatre']})" if position["theatre"] else ""
        lag = position["lag_seconds"]
        lines.append(
            f"Follow:    {position['wiki']}{scope} at {position['timestamp']} "
            f"#{position['rcid']}, checked {position['checked']}"
            + (f" ({lag:.0f} s ago)" if lag is not None else "")
            + f", {position['changes']} changes read"
        )
    return lines


@app.command()
def check(
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="Only issues of this kind.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """List recorded issues (failed pages, unknown templates, missing licences) by kind.

    Exits 1 when a page failed to sync, 0 otherwise.
    """
    console = stderr_console()
    project = _load(config)
    with open_existing(project.db_path) as store:
        issues = [i for i in store.issues() if not kind or i.kind in kind]
    out = stdout_console()
    for line in check_lines(issues):
        out.print(line, markup=False)
    kinds = len({issue.kind for issue in issues})
    failed = sum(1 for issue in issues if issue.kind in FAILURE_KINDS)
    console.print(f"{len(issues)} issues of {kinds} kinds ({failed} failed pages)", markup=False)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def check_lines(issues: list[IssueRow]) -> list[str]:
    """Issues grouped by kind: a header with the count, then one line per issue."""
    lines: list[str] = []
    for kind, group in groupby(sorted(issues, key=lambda i: (i.kind, i.subject)), lambda i: i.kind):
        members = list(group)
        lines.append(f"{kind} ({len(members)})")
        for issue in members:
            detail = f" [{issue.detail}]" if issue.detail and issue.detail != issue.subject else ""
            lines.append(f"  {issue.subject}: {issue.message}{detail}")
    return lines
