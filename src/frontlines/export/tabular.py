"""CSV and Parquet, one file per table, each folder with a Frictionless `datapackage.json`
that describes every column and the licence.

CSV: UTF-8, a header row, RFC 4180 quoting, booleans as `true`/`false`, dates as `YYYY-MM-DD`
(astronomical years: `-0330-10-01`), empty cells for nothing. Parquet (pyarrow): integers as
int64, numbers as float64, booleans as bool, dates as date32, times as timestamp (UTC), text
as string. The data package types `first_day`/`last_day` as text with a pattern in CSV (a
Frictionless `date` cannot be before year 1) and as `date` in Parquet.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from frontlines.export.edtf import iso_day
from frontlines.export.tables import ExportTable, Row
from frontlines.store import catalog

_ARROW = {
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("s", tz="UTC"),
}
_CSV_RESOURCE = {"encoding": "utf-8", "profile": "tabular-data-resource"}
DAY_PATTERN = r"-?\d{4}-\d{2}-\d{2}"


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return iso_day(int(value)) or ""
    return str(value)


def write_csv(table: ExportTable, rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.name for c in table.columns])
        for row in rows:
            writer.writerow([_csv_value(row.get(c.name), c.type) for c in table.columns])


def _timestamp(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def arrow_table(table: ExportTable, rows: list[Row]) -> pa.Table:
    arrays = []
    for column in table.columns:
        values = [row.get(column.name) for row in rows]
        kind = _ARROW.get(column.type, pa.string())
        if column.type == "date":
            arrays.append(pa.array(values, type=pa.int32()).cast(pa.date32()))
        elif column.type == "datetime":
            arrays.append(pa.array([_timestamp(v) for v in values], type=kind))
        elif kind == pa.string():
            arrays.append(pa.array([None if v is None else str(v) for v in values], kind))
        else:
            arrays.append(pa.array(values, type=kind))
    return pa.Table.from_arrays(arrays, names=[c.name for c in table.columns])


def write_parquet(table: ExportTable, rows: list[Row], path: Path) -> None:
    pq.write_table(arrow_table(table, rows), path, compression="zstd")


def _field(name: str, kind: str, description: str, fmt: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if kind == "date" and fmt == "csv":
        field["type"] = "string"
        field["constraints"] = {"pattern": DAY_PATTERN}
        field["description"] = description + " (YYYY-MM-DD, astronomical year numbering)"
    elif kind == "object":
        field["type"] = "string"
        field["description"] = description + " (JSON text)"
    elif kind == "boolean" and fmt == "csv":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return field


def datapackage(tables: list[tuple[ExportTable, str]], fmt: str) -> dict[str, Any]:
    """The Frictionless descriptor: (table, file name) pairs written in `fmt` (csv/parquet)."""
    return {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "frontlines",
        "title": catalog.TITLE,
        "description": catalog.ATTRIBUTION,
        "licenses": [{"name": "CC-BY-SA-4.0", "path": catalog.LICENCE_URL,
                      "title": "Creative Commons Attribution-ShareAlike 4.0"}],
        "sources": [{"title": catalog.SOURCE, "path": catalog.SOURCE_URL}],
        "resources": [
            {
                "name": table.name,
                "path": file,
                "format": fmt,
                "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
                **(_CSV_RESOURCE if fmt == "csv" else {}),
                "description": table.description,
                "schema": {
                    "fields": [_field(c.name, c.type, c.description, fmt) for c in table.columns]
                },
            }
            for table, file in tables
        ],
    }  # fmt: skip


def write_tables(
    tables: list[ExportTable], rows: dict[str, list[Row]], out: Path, fmt: str
) -> list[Path]:
    """Write each table as `<name>.<fmt>` and the datapackage.json; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[ExportTable, str]] = []
    files: list[Path] = []
    for table in tables:
        path = out / f"{table.name}.{fmt}"
        (write_csv if fmt == "csv" else write_parquet)(table, rows[table.name], path)
        written.append((table, path.name))
        files.append(path)
    package = out / "datapackage.json"
    package.write_text(
        json.dumps(datapackage(written, fmt), ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    return [*files, package]
