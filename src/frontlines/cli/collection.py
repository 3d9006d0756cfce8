"""`frontlines doctor` and `frontlines import-collection`: existing Markdown collections.

`doctor PATH [--json] [--fix] [--only KIND] [--jobs N]` reports what is wrong with a collection
(stdout) and ends with one summary line (stderr); exit 0 when clean, 1 when problems remain, 2 on
usage errors; the entries are checked in N worker processes (default: one per core).
`import-collection PATH --theatre-from-folder` stores the collection's articles (source kind
"collection"), its reports and its image licences, repaired in memory on the way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from frontlines.cli.app import EXIT_FAILED, EXIT_OK, app, stderr_console
from frontlines.collection.checks import KINDS, Diagnosis, diagnose
from frontlines.collection.importing import ImportRun, import_into
from frontlines.collection.reading import Collection, read_collection
from frontlines.collection.repairs import FixRun, fix_collection, plan_repairs, repaired_collection
from frontlines.config import find_config, load_config
from frontlines.errors import UsageError
from frontlines.workers import available_cores

SHOWN_FILES = 10


def _kinds(only: Sequence[str] | None) -> tuple[str, ...]:
    if not only:
        return KINDS
    unknown = [kind for kind in only if kind not in KINDS]
    if unknown:
        raise typer.BadParameter(
            f"unknown kind {', '.join(unknown)}; pick from {', '.join(KINDS)}", param_hint="--only"
        )
    return tuple(only)


@app.command()
def doctor(
    path: Annotated[
        Path, typer.Argument(help="A collection folder, its content/ folder or a file.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="The diagnosis as JSON on stdout.")
    ] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair what can be repaired; originals kept as FILE.bak.")
    ] = False,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Only this kind of problem (repeatable).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes that check entries (default: one per core); "
            "the output is the same for any number.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No list of repairs.")] = False,
) -> None:
    """Check a Markdown collection (front matter, mojibake, tags, images, ...) and repair it."""
    console = stderr_console(quiet)
    kinds = _kinds(only)
    workers = jobs or available_cores()
    collection = read_collection(path)
    run = fix_collection(collection, kinds, jobs=workers) if fix else None
    if run is not None:
        collection = read_collection(path)
    diagnosis = diagnose(collection, kinds, jobs=workers)
    left = 0 if fix else _left_after_fix(collection, diagnosis, kinds, workers)
    if run is not None:
        for repair in run.repairs:
            console.print(f"Fixed {repair.entry.name}: {'; '.join(repair.notes)}", markup=False)
    if as_json:
        typer.echo(json.dumps(diagnosis.to_data(), ensure_ascii=False, indent=2))
    else:
        for line in diagnosis_lines(diagnosis):
            typer.echo(line)
    stderr_console().print(summary_line(diagnosis, run, left), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED if diagnosis.problems else EXIT_OK)


def _left_after_fix(
    collection: Collection, diagnosis: Diagnosis, kinds: Sequence[str], jobs: int
) -> int:
    """How many problems `--fix` would leave (computed in memory, nothing written)."""
    repairs = plan_repairs(collection, kinds, jobs=jobs)
    if not repairs:
        return len(diagnosis.problems)
    return len(diagnose(repaired_collection(collection, repairs), kinds, jobs=jobs).problems)


def diagnosis_lines(diagnosis: Diagnosis) -> list[str]:
    """The text diagnosis: one block per kind, with counts, examples and the files."""
    lines = []
    for kind, found in diagnosis.by_kind().items():
        files = len(found.files)
        lines.append(f"{kind}: {found.count} in {files} file{'s' if files != 1 else ''}")
        lines.extend(f"  {example}" for example in found.examples)
        shown = ", ".join(found.files[:SHOWN_FILES])
        more = f" and {files - SHOWN_FILES} more" if files > SHOWN_FILES else ""
        lines.append(f"  files: {shown}{more}")
    return lines


def summary_line(diagnosis: Diagnosis, run: FixRun | None, left_after_fix: int) -> str:
    checked = f"{_count(diagnosis.entries, 'entry', 'entries')}"
    if diagnosis.sidecars:
        checked += f" and {_count(diagnosis.sidecars, 'image sidecar', 'image sidecars')}"
    kinds = len(diagnosis.by_kind())
    found = (
        f"{_count(len(diagnosis.problems), 'problem', 'problems')} of "
        f"{_count(kinds, 'kind', 'kinds')} in "
        f"{_count(len(diagnosis.problem_files), 'file', 'files')}"
    )
    if run is not None:
        fixed = f"Fixed {_count(len(run.repairs), 'file', 'files')} (originals kept as FILE.bak)"
        left = f"{found} remain" if diagnosis.problems else "no problems remain"
        return f"{fixed}; checked {checked}: {left}"
    if not diagnosis.problems:
        return f"Checked {checked}: no problems"
    return f"Checked {checked}: {found}; {left_after_fix:,} would remain after --fix"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# --- import-collection ----------------------------------------------------------------------


@app.command("import-collection")
def import_collection_command(
    path: Annotated[Path, typer.Argument(help="The collection folder (with content/, public/).")],
    theatre_from_folder: Annotated[
        bool,
        typer.Option(
            "--theatre-from-folder", help="Each entry's theatre is its folder under content/."
        ),
    ] = False,
    theatre: Annotated[
        str | None,
        typer.Option("--theatre", "-t", help="Theatre for entries outside a theatre folder."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="frontlines.toml (default: found in . or a parent)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
) -> None:
    """Bring an existing Markdown collection into the store (a later sync refreshes it)."""
    console = stderr_console(quiet)
    if not theatre_from_folder and theatre is None:
        raise UsageError("say where entries go: --theatre-from-folder and/or --theatre NAME")
    started = time.perf_counter()
    project = load_config(config if config is not None else find_config())
    collection = read_collection(path)
    run = import_into(
        project.db_path, collection, str(path), from_folder=theatre_from_folder, theatre=theatre
    )
    _report_import(console, project.theatres, run, time.perf_counter() - started)
    raise typer.Exit(EXIT_FAILED if run.skipped else EXIT_OK)


def _report_import(console: Console, known: Sequence[Any], run: ImportRun, seconds: float) -> None:
    names = {t.name for t in known}
    for name in sorted(run.theatres - names):
        console.print(f"[yellow]Warning:[/] theatre '{escape(name)}' is not in frontlines.toml")
    for file, why in run.skipped:
        console.print(f"[yellow]Skipped:[/] {escape(file)}: {escape(why)}", soft_wrap=True)
    stderr_console().print(
        f"Imported {_count(run.new + run.updated, 'article', 'articles')} ({run.new} new, "
        f"{run.updated} updated) into {_count(len(run.theatres), 'theatre', 'theatres')}, "
        f"{_count(run.reports, 'report', 'reports')} and "
        f"{_count(run.images, 'image licence', 'image licences')}; "
        f"{len(run.skipped)} skipped in {seconds:.1f} s",
        markup=False,
        soft_wrap=True,
    )
