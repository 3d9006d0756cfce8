"""`frontlines changes`: what changed in the articles, fact by fact, newest first."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from frontlines.cli.app import app, stdout_console
from frontlines.cli.sync import ConfigOption, _load
from frontlines.edtf import parse_edtf
from frontlines.errors import UsageError
from frontlines.store import StoredChange, open_existing


@app.command()
def changes(
    theatre: Annotated[
        str | None, typer.Option("--theatre", "-t", help="Only this theatre (its name).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only revisions saved on or after this date (YYYY-MM-DD)."),
    ] = None,
    page: Annotated[str | None, typer.Option("--page", help="Only this page (its title).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """List what changed between the stored revisions of each page, newest first.

    Each change is one fact (a date, a casualty figure, a commander's fate, an event, a section)
    or one "text edited" line for wording-only edits; --json gives
    [{"title", "from_revision", "to_revision", "timestamp", "changes": [...]}].
    """
    if since is not None and (len(since) < 4 or parse_edtf(since) is None):
        raise UsageError(f"--since {since!r} is not a date; give YYYY-MM-DD")
    project = _load(config)
    if theatre is not None:
        project.theatre(theatre)  # an unknown theatre is a usage error
    with open_existing(project.db_path) as store:
        records = store.changes(theatre=theatre, since=since, title=page)
    out = stdout_console()
    if as_json:
        out.print_json(json.dumps([change_data(record) for record in records]))
        return
    for line in change_lines(records):
        out.print(line, markup=False)


def change_data(record: StoredChange) -> dict[str, Any]:
    """One record of `changes --json`."""
    return {
        "title": record.title,
        "theatre": record.theatre,
        "from_revision": record.from_revision,
        "to_revision": record.to_revision,
        "timestamp": record.timestamp,
        "changes": list(record.changes),
    }


def change_lines(records: list[StoredChange]) -> list[str]:
    """A header per record (time, title, revisions), then one summary line per change."""
    lines: list[str] = []
    for record in records:
        when = record.timestamp or "undated"
        lines.append(
            f"{when} {record.title} (revision {record.from_revision} → {record.to_revision})"
        )
        lines.extend(f"  {change.get('summary', change.get('field'))}" for change in record.changes)
    return lines
