"""The map's close-up layers: finer land, country borders and country names.

Beside the configured land file (`[site] land`, e.g. world-atlas's `land-110m.json`) the same
npm package has Natural Earth at 1:50 m: `land-50m.json` (finer coasts) and
`countries-50m.json` (borders, with each country's name). When they are there, the build
writes `data/land-detail.geojson` and `data/countries.geojson` (country outlines, plus one
label point per country at the centre of its largest polygon); the map loads them only when
zoomed in (a `#focus=` view), so the overview stays light. Coordinates are rounded to 0.01°
(about a kilometre), plenty at the zoom they are shown at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frontlines.publish.maps import _decode_arc, _geometries, _ring, dump_json

__all__ = ["detail_files"]

LAND_DETAIL = "data/land-detail.geojson"
COUNTRIES = "data/countries.geojson"


def _round(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    out = []
    for ring in rings:
        points: list[list[float]] = []
        for x, y in ring:
            point = [round(x, 2), round(y, 2)]
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 4:
            out.append(points)
    return out


def _polygons(topology: Any) -> list[tuple[dict[str, Any], list[list[list[list[float]]]]]]:
    """(properties, MultiPolygon coordinates) for each polygon geometry of a topology."""
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON Topology")
    arcs = [_decode_arc(arc, topology.get("transform")) for arc in topology.get("arcs", [])]
    found = []
    for geometry in _geometries(topology.get("objects", {})):
        kind, parts = geometry.get("type"), geometry.get("arcs") or []
        polygons = parts if kind == "MultiPolygon" else [parts] if kind == "Polygon" else []
        coordinates = [_round([_ring(ring, arcs) for ring in polygon]) for polygon in polygons]
        coordinates = [polygon for polygon in coordinates if polygon]
        if coordinates:
            found.append((dict(geometry.get("properties") or {}), coordinates))
    return found


def _area_and_centre(ring: list[list[float]]) -> tuple[float, float, float]:
    """Shoelace area (absolute) and centroid (lon, lat) of a ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _label(name: str, coordinates: list[list[list[list[float]]]]) -> dict[str, Any]:
    area, lon, lat = max(_area_and_centre(polygon[0]) for polygon in coordinates)
    return {
        "type": "Feature",
        "properties": {"kind": "label", "name": name, "area": round(area, 1)},
        "geometry": {"type": "Point", "coordinates": [round(lon, 2), round(lat, 2)]},
    }


def detail_files(land: Path) -> tuple[dict[str, str], list[str]]:
    """The close-up layer files (site path → text) found beside `land`; warnings."""
    files: dict[str, str] = {}
    warnings: list[str] = []
    finer = land.with_name(land.name.replace("110m", "50m"))
    countries = land.with_name("countries-50m.json")
    if finer != land and finer.is_file():
        try:
            features = [
                {
                    "type": "Feature",
                    "properties": {"kind": "land"},
                    "geometry": {"type": "MultiPolygon", "coordinates": coords},
                }
                for _, coords in _polygons(json.loads(finer.read_text(encoding="utf-8")))
            ]
            files[LAND_DETAIL] = dump_json({"type": "FeatureCollection", "features": features})
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            warnings.append(f"finer land outlines {finer} are not TopoJSON ({error}); not used")
    if countries.is_file():
        try:
            shapes = _polygons(json.loads(countries.read_text(encoding="utf-8")))
            features = []
            labels = []
            for properties, coords in sorted(shapes, key=lambda s: str(s[0].get("name", ""))):
                name = str(properties.get("name") or "")
                features.append(
                    {
                        "type": "Feature",
                        "properties": {"kind": "country", "name": name},
                        "geometry": {"type": "MultiPolygon", "coordinates": coords},
                    }
                )
                if name:
                    labels.append(_label(name, coords))
            collection = {"type": "FeatureCollection", "features": features + labels}
            files[COUNTRIES] = dump_json(collection)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            warnings.append(f"country outlines {countries} are not TopoJSON ({error}); not used")
    return files, warnings
