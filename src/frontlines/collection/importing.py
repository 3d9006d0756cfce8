"""Bring a Markdown collection into the store: the library behind `frontlines import-collection`.

`import_collection` stores the collection's articles (source kind "collection"), its reports
and its image licences, repaired in memory on the way (nothing on disk changes); problems left
after the repairs become the articles' issues. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from frontlines.collection.articles import is_report, to_article
from frontlines.collection.checks import Problem, diagnose
from frontlines.collection.reading import Collection, CollectionEntry, Sidecar, commons_file_url
from frontlines.collection.repairs import plan_repairs, repaired_collection
from frontlines.convert import slugify
from frontlines.model import Issue
from frontlines.store import NEW, ImageRecord, RunCounts, Store, StoredReport


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


def import_into(
    db_path: Path, collection: Collection, source: str, *, from_folder: bool, theatre: str | None
) -> ImportRun:
    """`import_collection` as one recorded run of the store at `db_path` (skips count as failed)."""
    with Store(db_path) as store:
        run_id = store.begin_run(f"collection:{source}")
        run = import_collection(collection, store, from_folder=from_folder, theatre=theatre)
        store.finish_run(
            run_id, RunCounts(new=run.new, updated=run.updated, failed=len(run.skipped))
        )
    return run


def _put_article(
    store: Store,
    run: ImportRun,
    entry: CollectionEntry,
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


def _report(entry: CollectionEntry, theatre: str | None) -> StoredReport:
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


def _timestamp(entry: CollectionEntry) -> str | None:
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
