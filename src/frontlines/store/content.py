"""Territory and reports: the tables the site's importers write (part of the Store's SQL).

`Store` (db.py) inherits these methods; they are kept apart only to keep each module short.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

from frontlines.store.mixin import StoreMixin
from frontlines.store.records import NEW, UPDATED, StoredFeature, StoredReport


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class ContentTables(StoreMixin):
    """`territory_features` and `reports` (docs/store.md)."""

    def put_territory(
        self, theatre: str, features: Iterable[StoredFeature], *, replace: bool = True
    ) -> int:
        """Store a theatre's territory features (replacing its old ones); return how many."""
        rows = [
            {
                **dataclasses.asdict(feature),
                "theatre": theatre,
                "geometry": _dumps(feature.geometry),
                "properties": _dumps(feature.properties),
            }
            for feature in features
        ]
        with self.transaction():
            if replace:
                self._db.execute("DELETE FROM territory_features WHERE theatre = ?", (theatre,))
            self._db.executemany(
                "INSERT INTO territory_features (theatre, controller, status, valid_from, "
                "valid_to, source, geometry, properties) VALUES (:theatre, :controller, :status, "
                ":valid_from, :valid_to, :source, :geometry, :properties)",
                rows,
            )
        return len(rows)

    def territory(self, theatre: str) -> list[StoredFeature]:
        """A theatre's territory features, by date then controller."""
        rows = self._db.execute(
            "SELECT controller, valid_from, geometry, valid_to, status, source, properties "
            "FROM territory_features WHERE theatre = ? ORDER BY valid_from, controller, id",
            (theatre,),
        )
        return [
            StoredFeature(
                **{
                    **dict(row),
                    "geometry": json.loads(row["geometry"]),
                    "properties": json.loads(row["properties"]),
                }
            )
            for row in rows
        ]

    def put_report(self, report: StoredReport) -> str:
        """Store (or replace, by slug) an original report; NEW or UPDATED."""
        values = dataclasses.asdict(report)
        values["sources"] = _dumps(list(report.sources))
        values["locations"] = _dumps(list(report.locations))
        values["imported"] = self.clock()
        columns = "slug, title, date, theatre, author, sources, locations, body, origin, imported"
        with self.transaction():
            existed = self._one("SELECT id FROM reports WHERE slug = ?", (report.slug,))
            self._db.execute(
                f"INSERT INTO reports ({columns}) VALUES ("
                + ", ".join(f":{name}" for name in columns.split(", "))
                + ") ON CONFLICT (slug) DO UPDATE SET "
                + ", ".join(f"{name} = excluded.{name}" for name in columns.split(", ")[1:]),
                values,
            )
        return UPDATED if existed is not None else NEW

    def reports(self) -> list[StoredReport]:
        """Every report, newest date first, then by slug."""
        rows = self._db.execute(
            "SELECT slug, title, body, date, theatre, author, sources, locations, origin "
            "FROM reports ORDER BY date IS NULL, date DESC, slug"
        )
        return [
            StoredReport(
                **{
                    **dict(row),
                    "sources": tuple(json.loads(row["sources"])),
                    "locations": tuple(json.loads(row["locations"])),
                }
            )
            for row in rows
        ]
