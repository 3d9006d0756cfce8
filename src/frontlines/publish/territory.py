"""Territory series as the site needs them: from stored features, and one day's map as GeoJSON.

Reading the dated GeoJSON files is `sources/territory.py`; the records are in model.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from frontlines.model import TerritoryFeature, TerritorySeries


def series_from_features(
    theatre: str, features: Iterable[TerritoryFeature], days: Iterable[str] = ()
) -> TerritorySeries:
    """A series from stored features; without the mapped days, the days something changed."""
    ordered = tuple(sorted(features, key=lambda f: (f.valid_from, f.controller, f.geometry)))
    mapped = set(days) or {f.valid_from for f in ordered}
    return TerritorySeries(theatre=theatre, features=ordered, days=tuple(sorted(mapped)))


def day_collection(series: TerritorySeries, day: str) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of the map on `day`."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "controller": f.controller,
                    "status": f.status,
                    "fill": f.fill,
                    "valid_from": f.valid_from,
                    "valid_to": f.valid_to,
                    "source": f.source,
                },
                "geometry": json.loads(f.geometry),
            }
            for f in series.on(day)
        ],
    }
