"""Exports from the store alone (`frontlines export`, docs/export.md).

collection  content/<theatre>/<slug>.md + public/ sidecars (the original site's layout)
jsonl       articles.jsonl, one article JSON per line
csv         one CSV per table + datapackage.json (Frictionless)
parquet     one Parquet file per table + datapackage.json
geojson     conflicts as points, territory by day (events when the store has them)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from frontlines.errors import FrontlinesError
from frontlines.export.collection import write_collection, write_jsonl
from frontlines.export.geo import write_geojson
from frontlines.export.tables import ExportTable, Row, export_tables
from frontlines.export.tabular import write_tables
from frontlines.store import Store

FORMATS = ("collection", "jsonl", "csv", "parquet", "geojson")


class ExportError(FrontlinesError):
    """An export that cannot be made (unknown format or theatre)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    format: str
    out: Path
    files: tuple[Path, ...]
    counts: dict[str, int] = field(default_factory=dict)  # rows (or entries) per table/file

    def summary(self) -> str:
        parts = ", ".join(f"{name} {count:,}" for name, count in self.counts.items())
        files = f"{len(self.files)} file{'' if len(self.files) == 1 else 's'}"
        return f"Exported {files} ({self.format}: {parts}) into {self.out}"


def export(store: Store, fmt: str, out: Path, *, theatre: str | None = None) -> ExportResult:
    """Write the store (or one theatre of it) in `fmt` into the folder `out`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if theatre is not None and theatre not in store.theatres():
        known = ", ".join(store.theatres()) or "none"
        raise ExportError(f"the store has no theatre {theatre!r} (it has: {known})")
    store.ensure_views()
    articles = list(store.iter_articles(theatre))
    slugs = {a.slug for a in articles} if theatre is not None else None
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "collection":
        files = write_collection(store, out, articles)
        entries = sum(1 for f in files if f.suffix == ".md")
        return ExportResult(
            fmt, out, tuple(files), {"entries": entries, "sidecars": len(files) - entries}
        )
    if fmt == "jsonl":
        return ExportResult(
            fmt, out, (write_jsonl(articles, out / "articles.jsonl"),), {"articles": len(articles)}
        )
    if fmt == "geojson":
        files = write_geojson(store, out, slugs, theatre)
        return ExportResult(fmt, out, tuple(files), {"files": len(files)})
    tables = export_tables(store)
    rows: dict[str, list[Row]] = {t.name: list(t.rows(store, slugs)) for t in tables}
    files = write_tables(tables, rows, out, fmt)
    return ExportResult(fmt, out, tuple(files), {name: len(r) for name, r in rows.items()})


__all__ = ["FORMATS", "ExportError", "ExportResult", "ExportTable", "export", "export_tables"]
