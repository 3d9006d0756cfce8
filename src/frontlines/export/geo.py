"""GeoJSON (RFC 7946, WGS 84 longitude/latitude): conflicts as points, territory by day, and
events as points once the store has an `events` table with `lat`/`lon`.

    conflicts.geojson                      one Point per conflict with coordinates
    territory/<theatre>.geojson            every feature, with valid_from/valid_to (QGIS's
                                           temporal controller reads these)
    territory/<theatre>/<YYYY-MM-DD>.geojson  the features valid on each day control changed
    events.geojson                         (when the store has events with coordinates)
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from frontlines.export.edtf import iso_day
from frontlines.export.tables import BUILT_IN, Row
from frontlines.store import Store

_POINT_KEYS = ("lat", "lon")


def _collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _point(row: Row) -> dict[str, Any]:
    properties = {key: value for key, value in row.items() if key not in _POINT_KEYS}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": properties,
    }


def conflict_features(store: Store, slugs: Collection[str] | None) -> list[dict[str, Any]]:
    conflicts = BUILT_IN[0]
    features = []
    for row in conflicts.rows(store, slugs):
        if row["lat"] is None or row["lon"] is None:
            continue
        row = {**row, "first_day": iso_day(row["first_day"]), "last_day": iso_day(row["last_day"])}
        features.append(_point(row))
    return features


def _territory_feature(feature: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": feature.geometry,
        "properties": {
            **feature.properties,
            "controller": feature.controller,
            "status": feature.status,
            "valid_from": feature.valid_from,
            "valid_to": feature.valid_to,
            "source": feature.source,
        },
    }


def write_geojson(
    store: Store, out: Path, slugs: Collection[str] | None, theatre: str | None
) -> list[Path]:
    files = [_write(out / "conflicts.geojson", _collection(conflict_features(store, slugs)))]
    theatres = sorted({str(row["theatre"]) for row in store.rows("territory_features")})
    for name in theatres:
        if theatre is not None and name != theatre:
            continue
        features = store.territory(name)
        files.append(
            _write(
                out / "territory" / f"{name}.geojson",
                _collection(_territory_feature(f) for f in features),
            )
        )
        for day in sorted({f.valid_from for f in features}):
            valid = (
                f
                for f in features
                if f.valid_from <= day and (f.valid_to is None or day < f.valid_to)
            )
            files.append(
                _write(
                    out / "territory" / name / f"{day}.geojson",
                    _collection(_territory_feature(f) for f in valid),
                )
            )
    if store.has({"events": _POINT_KEYS}):
        pages = store.page_slugs()
        events = []
        for row in store.rows("events"):
            slug = pages.get(int(row["page"])) if row.get("page") is not None else None
            if row.get("lat") is None or row.get("lon") is None:
                continue
            if slugs is None or (slug is not None and slug in slugs):
                events.append(_point({**row, "slug": slug}))
        files.append(_write(out / "events.geojson", _collection(events)))
    return files
