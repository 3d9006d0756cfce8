"""`frontlines doctor` and `frontlines import-collection`: existing Markdown collections.

`doctor PATH [--json] [--fix] [--only KIND]` reports what is wrong with a collection (stdout) and
ends with one summary line (stderr); exit 0 when clean, 1 when problems remain, 2 on usage
errors. `import-collection PATH --theatre-from-folder` stores the collection's articles (source
kind "collection"), its reports and its image licences, repaired in memory on the way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from frontlines.cli.app import EXIT_FAILED, EXIT_OK, app, fail, stderr_console
from frontlines.config import find_config, load_config
from frontlines.convert import slugify
from frontlines.doctor import (
    KINDS,
    FixRun,
    Problem,
    Report,
    diagnose,
    fix_collection,
    plan_repairs,
    repaired_collection,
)
from frontlines.errors import FrontlinesError
from frontlines.model import Issue
from frontlines.sources.collection import (
    Collection,
    Entry,
    Sidecar,
    commons_file_url,
    is_report,
    read_collection,
    to_article,
)
from frontlines.store import NEW, ImageRecord, RunCounts, Store
from frontlines.store import Report as StoredReport

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
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON on stdout.")] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair what can be repaired; originals kept as FILE.bak.")
    ] = False,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Only this kind of problem (repeatable).")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No list of repairs.")] = False,
) -> None:
    """Check a Markdown collection (front matter, mojibake, tags, images, ...) and repair it."""
    console = stderr_console(quiet)
    kinds = _kinds(only)
    if not path.exists():
        raise fail(console, f"no such file or folder: {path}")
    try:
        collection = read_collection(path)
        run = fix_collection(collection, kinds) if fix else None
        if run is not None:
            collection = read_collection(path)
        report = diagnose(collection, kinds)
        left = 0 if fix else _left_after_fix(collection, report, kinds)
    except FrontlinesError as error:
        raise fail(console, error) from error
    if run is not None:
        for repair in run.repairs:
            console.print(f"Fixed {repair.entry.name}: {'; '.join(repair.notes)}", markup=False)
    if as_json:
        typer.echo(json.dumps(report.to_data(), ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report):
            typer.echo(line)
    stderr_console().print(summary_line(report, run, left), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_FAILED if report.problems else EXIT_OK)


def _left_after_fix(collection: Collection, report: Report, kinds: Sequence[str]) -> int:
    """How many problems `--fix` would leave (computed in memory, nothing written)."""
    repairs = plan_repairs(collection, kinds)
    if not repairs:
        return len(report.problems)
    return len(diagnose(repaired_collection(collection, repairs), kinds).problems)


def report_lines(report: Report) -> list[str]:
    """The text report: one block per kind, with counts, examples and the files."""
    lines = []
    for kind, found in report.by_kind().items():
        files = len(found.files)
        lines.append(f"{kind}: {found.count} in {files} file{'s' if files != 1 else ''}")
        lines.extend(f"  {example}" for example in found.examples)
        shown = ", ".join(found.files[:SHOWN_FILES])
        more = f" and {files - SHOWN_FILES} more" if files > SHOWN_FILES else ""
        lines.append(f"  files: {shown}{more}")
    return lines


def summary_line(report: Report, run: FixRun | None, left_after_fix: int) -> str:
    checked = f"{_count(report.entries, 'entry', 'entries')}"
    if report.sidecars:
        checked += f" and {_count(report.sidecars, 'image sidecar', 'image sidecars')}"
    kinds = len(report.by_kind())
    found = (
        f"{_count(len(report.problems), 'problem', 'problems')} of "
        f"{_count(kinds, 'kind', 'kinds')} in {_count(len(report.problem_files), 'file', 'files')}"
    )
    if run is not None:
        fixed = f"Fixed {_count(len(run.repairs), 'file', 'files')} (originals kept as FILE.bak)"
        left = f"{found} remain" if report.problems else "no problems remain"
        return f"{fixed}; checked {checked}: {left}"
    if not report.problems:
        return f"Checked {checked}: no problems"
    return f"Checked {checked}: {found}; {left_after_fix:,} would remain after --fix"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# --- import-collection ----------------------------------------------------------------------


@dataclass
class ImportRun:
    """What one `import-collection` did."""

    new: int = 0
    updated: int = 0
    reports: int = 0
    images: int = 0
    theatres: set[str] = field(default_factory=set)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def import_collection(
    collection: Collection, store: Store, *, from_folder: bool, theatre: str | None
) -> ImportRun:
    """Store a collection's articles, reports and image licences, repaired in memory first.

    Problems left after the repairs become the articles' issues (`frontlines check` lists
    them). Entries whose title an earlier entry already took are skipped, theatre folders first.
    """
    repaired = repaired_collection(collection, plan_repairs(collection))
    problems: dict[str, list[Problem]] = {}
    for problem in diagnose(repaired).problems:
        problems.setdefault(problem.file, []).append(problem)
    run = ImportRun()
    with store.transaction():
        for sidecar in repaired.sidecars.values():
            if sidecar.file is not None:
                store.put_image(_image_record(sidecar.file, sidecar))
                run.images += 1
        titles: set[str] = set()
        for entry in sorted(repaired.entries, key=lambda e: (e.theatre is None, e.name)):
            where = (entry.theatre if from_folder else None) or theatre
            if is_report(entry):
                store.put_report(_report(entry, where))
                run.reports += 1
            elif where is None:
                run.skipped.append((entry.name, "not in a theatre folder; give --theatre NAME"))
            elif entry.title.casefold() in titles:
                run.skipped.append((entry.name, f"'{entry.title}' was imported from another file"))
            else:
                titles.add(entry.title.casefold())
                _put_article(store, run, entry, repaired, where, problems.get(entry.name, []))
    return run


def _put_article(
    store: Store,
    run: ImportRun,
    entry: Entry,
    collection: Collection,
    theatre: str,
    problems: Sequence[Problem],
) -> None:
    issues = [Issue(p.kind, p.detail, f"{p.file}:{p.line}" if p.line else p.file) for p in problems]
    article = to_article(entry, collection, slug=slugify(entry.title), issues=issues)
    outcome = store.put_collection_article(
        article, theatre=theatre, origin=str(entry.path), first_imported=_timestamp(entry)
    )
    run.theatres.add(theatre)
    if outcome == NEW:
        run.new += 1
    else:
        run.updated += 1


def _image_record(file: str, sidecar: Sidecar) -> ImageRecord:
    required = sidecar.licence_field("attributionRequired")
    licence = sidecar.licence
    return ImageRecord(
        file=file,
        url=commons_file_url(file),
        licence=licence,
        artist=sidecar.licence_field("artist"),
        credit=sidecar.licence_field("credit"),
        attribution_required=None if required is None else required.lower() == "true",
        description=" ".join(sidecar.caption.split()) or None,
        status="found" if licence else "pending",  # pending: the next sync asks Commons
    )


def _report(entry: Entry, theatre: str | None) -> StoredReport:
    author = entry.front.get("author")
    stamp = _timestamp(entry)
    return StoredReport(
        slug=slugify(entry.slug),
        title=entry.title,
        body=entry.body.lstrip("\r\n"),
        date=stamp[:10] if stamp else None,
        theatre=theatre,
        author=author.strip() if isinstance(author, str) else None,
        origin=str(entry.path),
    )


def _timestamp(entry: Entry) -> str | None:
    """pubDate as ISO 8601 UTC (`2022-09-13T00:00:00Z`), None when absent or unreadable."""
    value = entry.front.get("pubDate")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    return None


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
        raise fail(console, "say where entries go: --theatre-from-folder and/or --theatre NAME")
    if not path.exists():
        raise fail(console, f"no such file or folder: {path}")
    started = time.perf_counter()
    try:
        project = load_config(config if config is not None else find_config())
        collection = read_collection(path)
        with Store(project.db_path) as store:
            run_id = store.begin_run(f"collection:{path}")
            run = import_collection(
                collection, store, from_folder=theatre_from_folder, theatre=theatre
            )
            counts = RunCounts(new=run.new, updated=run.updated, failed=len(run.skipped))
            store.finish_run(run_id, counts)
    except FrontlinesError as error:
        raise fail(console, error) from error
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
