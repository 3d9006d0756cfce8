"""The tables `frontlines export --format csv/parquet` writes: a declarative list, each with
its columns (name, Frictionless type, description) and the function that reads its rows from
the store. Tables the catalog marks `export=True` (figures, entities, events, changes once
their migrations land) are added as the store has them, typed from their declared SQL types.

Values: integers as int, numbers as float, booleans as bool, `date` columns as days since
1970-01-01 (see edtf.py), `datetime` as ISO 8601 UTC text, everything else as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from frontlines.export.edtf import bounds
from frontlines.store import Store, catalog
from frontlines.store.catalog import Column

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExportTable:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Store, Collection[str] | None], Iterator[Row]]  # (store, slugs or None)


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


_SLUG = _c("slug", "string", "the article's slug: conflicts.slug")
_SIDE = _c("side", "integer", "the side, 1 for the infobox's first combatant column")


def _conflict_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    articles = {a.slug: a for a in store.iter_articles()}
    for row in store.iter_conflicts():
        if slugs is not None and row.slug not in slugs:
            continue
        stored = articles.get(row.slug)
        first, _ = bounds(row.start)
        _, last = bounds(row.end or row.start)
        source = stored.article.get("source", {}) if stored else {}
        yield {
            "slug": row.slug,
            "title": row.title,
            "name": row.name,
            "theatre": row.theatre,
            "start": row.start,
            "end": row.end,
            "first_day": first,
            "last_day": last,
            "ongoing": row.ongoing,
            "place": row.place,
            "lat": row.lat,
            "lon": row.lon,
            "result": row.result,
            "partof": row.conflict.get("partof"),
            "date_text": row.conflict.get("date_text"),
            "sides": len(row.conflict.get("sides") or ()),
            "url": source.get("url"),
            "revision_id": stored.revision_id if stored else None,
            "updated": stored.updated if stored else None,
        }


def _each_side(
    store: Store, slugs: Collection[str] | None
) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for row in store.iter_conflicts():
        if slugs is None or row.slug in slugs:
            for number, side in enumerate(row.conflict.get("sides") or (), start=1):
                yield row.slug, number, side


def _side_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    for slug, number, side in _each_side(store, slugs):
        yield {
            "slug": slug,
            "side": number,
            "parties": "; ".join(str(p.get("name", "")) for p in side.get("parties") or ()),
            "units": side.get("units"),
            "strength": side.get("strength"),
            "casualties": side.get("casualties"),
        }


def _party_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    for slug, number, side in _each_side(store, slugs):
        for position, party in enumerate(side.get("parties") or (), start=1):
            yield {
                "slug": slug,
                "side": number,
                "position": position,
                "name": party.get("name"),
                "link": party.get("link"),
                "qualifier": party.get("qualifier"),
                "supporting": bool(party.get("supporting")),
            }


def _commander_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    for slug, number, side in _each_side(store, slugs):
        for position, commander in enumerate(side.get("commanders") or (), start=1):
            yield {
                "slug": slug,
                "side": number,
                "position": position,
                "name": commander.get("name"),
                "link": commander.get("link"),
                "note": commander.get("note"),
                "fate": commander.get("fate"),
            }


_IMAGE_KEYS = (
    "file", "url", "description_url", "width", "height", "mime", "licence", "licence_url",
    "artist", "credit", "attribution_required", "status",
)  # fmt: skip


def _image_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    used = (
        {row["file"] for row in store.rows("image_credits") if row["slug"] in slugs}
        if slugs is not None
        else None
    )
    for row in store.rows("images", order="file"):
        if used is None or row["file"] in used:
            record = {key: row[key] for key in _IMAGE_KEYS}
            required = record["attribution_required"]
            record["attribution_required"] = None if required is None else bool(required)
            yield record


def _article_image_rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
    for row in store.rows("image_credits"):
        if slugs is None or row["slug"] in slugs:
            yield {
                "slug": row["slug"],
                "position": row["position"],
                "file": row["file"],
                "lead": bool(row["lead"]),
                "caption": row["caption"],
            }


_IMAGES = catalog.BY_NAME["images"]

BUILT_IN: tuple[ExportTable, ...] = (
    ExportTable(
        "conflicts",
        "One row per conflict: dates (EDTF and first/last day), place, coordinates, result.",
        (
            _SLUG,
            _c("title", "string", "the article's title"),
            _c("name", "string", "the conflict's name (the infobox's conflict=, else the title)"),
            _c("theatre", "string", "the theatre"),
            _c(
                "start",
                "string",
                "first date, EDTF (YYYY, YYYY-MM, YYYY-MM-DD; ~ circa; "
                "astronomical years: 1274 BC is -1273)",
            ),
            _c("end", "string", "last date, EDTF"),
            _c("first_day", "date", "the first day start can mean"),
            _c("last_day", "date", "the last day end (else start) can mean"),
            _c("ongoing", "boolean", "the date says present/ongoing"),
            _c("place", "string", "where, plain text"),
            _c("lat", "number", "latitude, decimal degrees (WGS 84)"),
            _c("lon", "number", "longitude, decimal degrees (WGS 84)"),
            _c("result", "string", "the result, plain text (lines kept)"),
            _c("partof", "string", "the wider conflict, plain text"),
            _c("date_text", "string", "the infobox's date= as plain text"),
            _c("sides", "integer", "how many sides (combatant columns) the infobox has"),
            _c("url", "string", "the source revision on the wiki"),
            _c("revision_id", "integer", "the revision converted"),
            _c("updated", "datetime", "the revision's time"),
        ),
        _conflict_rows,
    ),
    ExportTable(
        "sides",
        "One row per side of a conflict: its parties, units, strength and casualties as written.",
        (
            _SLUG,
            _SIDE,
            _c("parties", "string", "the side's parties, joined with '; '"),
            _c("units", "string", "units, plain text (one per line)"),
            _c("strength", "string", "strength, plain text (one line per entry)"),
            _c("casualties", "string", "casualties and losses, plain text (one line per entry)"),
        ),
        _side_rows,
    ),
    ExportTable(
        "parties",
        "One row per party per side per conflict.",
        (
            _SLUG,
            _SIDE,
            _c("position", "integer", "order within the side"),
            _c("name", "string", "the party's name as displayed"),
            _c("link", "string", "the party's page on the wiki"),
            _c("qualifier", "string", "e.g. 'from 2013'"),
            _c("supporting", "boolean", "listed under 'Supported by'"),
        ),
        _party_rows,
    ),
    ExportTable(
        "commanders",
        "One row per commander per side per conflict.",
        (
            _SLUG,
            _SIDE,
            _c("position", "integer", "order within the side"),
            _c("name", "string", "the commander's name"),
            _c("link", "string", "the commander's page on the wiki"),
            _c("note", "string", "rank, unit"),
            _c("fate", "string", "KIA, POW, WIA, DOW, MIA, executed, surrendered, assassinated"),
        ),
        _commander_rows,
    ),
    ExportTable(
        "images",
        "Every image the exported articles show, with its licence and author.",
        tuple(c for key in _IMAGE_KEYS if (c := _IMAGES.column(key)) is not None),
        _image_rows,
    ),
    ExportTable(
        "article_images",
        "Which article shows which image, in order.",
        (
            _SLUG,
            _c("position", "integer", "order in the article"),
            _c("file", "string", "the image: images.file"),
            _c("lead", "boolean", "the lead image"),
            _c("caption", "string", "the caption in the article"),
        ),
        _article_image_rows,
    ),
)

_SQL_TYPES = (("INT", "integer"), ("REAL", "number"), ("FLOA", "number"), ("DOUB", "number"))


def _sql_type(declared: str) -> str:
    upper = declared.upper()
    return next((kind for key, kind in _SQL_TYPES if key in upper), "string")


def _store_table(table: catalog.Table, store: Store) -> ExportTable:
    """A catalog table exported as the store has it (rows of the exported articles only)."""
    described = {c.name: c for c in table.columns}
    columns = tuple(
        described.get(name) or Column(name, _sql_type(declared), "")
        for name, declared in store.columns(table.name)
    )
    has_page = any(c.name == "page" for c in columns)

    def rows(store: Store, slugs: Collection[str] | None) -> Iterator[Row]:
        pages = store.page_slugs() if has_page and slugs is not None else None
        for row in store.rows(table.name):
            if pages is not None and pages.get(row["page"]) not in (slugs or ()):
                continue
            yield {c.name: _plain(row[c.name], c.type) for c in columns}

    return ExportTable(table.name, table.description, columns, rows)


def _plain(value: Any, kind: str) -> Any:
    if kind == "boolean" and value is not None:
        return bool(value)
    if kind == "object" and value is not None and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def export_tables(store: Store) -> list[ExportTable]:
    """The built-in tables, then the catalog's exported tables the store has."""
    tables = list(BUILT_IN)
    present = store.relations()
    for table in catalog.TABLES:
        if table.export and present.get(table.name) == "table":
            tables.append(_store_table(table, store))
    return tables
