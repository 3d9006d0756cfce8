"""What the map page needs: Leaflet from its PyPI package, a basemap we draw, and the layers.

Leaflet is copied from the `xstatic-leaflet` package at build time (no third-party code in the
repository, no CDN). With no tile URL configured the map draws a graticule (lines every 10°)
and a frame as GeoJSON, so it works offline and loads nothing from another host; with a land
file configured (TopoJSON, such as world-atlas's Natural Earth outlines) the land is drawn too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from frontlines.errors import PublishError

LEAFLET_FILES = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)


def leaflet_dir() -> Path:
    """Where the installed xstatic-leaflet package keeps Leaflet's files."""
    try:
        import xstatic.pkg.leaflet as leaflet
    except ImportError as error:
        raise PublishError(
            "Leaflet is not installed; install the map library with "
            "`pip install xstatic-leaflet==1.9.3.0`"
        ) from error
    return Path(str(leaflet.BASE_DIR))


def leaflet_assets() -> tuple[tuple[str, Path], ...]:
    """(site path under static/leaflet/, file) for each Leaflet file the site serves."""
    base = leaflet_dir()
    assets = tuple((f"static/leaflet/{name}", base / name) for name in LEAFLET_FILES)
    missing = [str(path) for _, path in assets if not path.is_file()]
    if missing:
        raise PublishError(f"Leaflet files are missing: {', '.join(missing)}; reinstall it")
    return assets


def graticule(step: int = 10) -> dict[str, Any]:
    """Meridians and parallels every `step` degrees, plus the world's frame, as GeoJSON."""
    lines: list[dict[str, Any]] = []
    for lon in range(-180, 181, step):
        coords = [[lon, lat] for lat in range(-80, 81, 5)]
        lines.append(_line(coords, "meridian" if lon % 180 else "frame"))
    for lat in range(-80, 81, step):
        coords = [[lon, lat] for lon in range(-180, 181, 5)]
        lines.append(_line(coords, "equator" if lat == 0 else "parallel"))
    return {"type": "FeatureCollection", "features": lines}


def land_features(topology: Any) -> list[dict[str, Any]]:
    """The polygons of a TopoJSON topology as GeoJSON features of kind "land".

    Arcs are decoded (delta-encoded when the topology is quantized) and rings stitched from
    them, a negative index `~i` meaning arc i reversed. Raises ValueError when it is not one.
    """
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON Topology")
    arcs = [_decode_arc(arc, topology.get("transform")) for arc in topology.get("arcs", [])]
    features = []
    for geometry in _geometries(topology.get("objects", {})):
        kind, parts = geometry.get("type"), geometry.get("arcs") or []
        polygons = parts if kind == "MultiPolygon" else [parts] if kind == "Polygon" else []
        if polygons:
            coordinates = [[_ring(ring, arcs) for ring in polygon] for polygon in polygons]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": "land"},
                    "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
                }
            )
    return features


def _geometries(objects: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for name in sorted(objects):
        item = objects[name]
        if item.get("type") == "GeometryCollection":
            yield from item.get("geometries", [])
        else:
            yield item


def _decode_arc(arc: list[list[float]], transform: dict[str, Any] | None) -> list[list[float]]:
    if not transform:
        return [[float(p[0]), float(p[1])] for p in arc]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0.0
    points = []
    for dx, dy, *_ in arc:
        x, y = x + dx, y + dy
        points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
    return points


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    points: list[list[float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    return points


def read_land(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """Land features from a TopoJSON file, or none and a warning that says what to do."""
    try:
        return land_features(json.loads(path.read_text(encoding="utf-8"))), None
    except FileNotFoundError:
        problem = "does not exist"
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as error:
        problem = f"is not a TopoJSON file of land ({error})"
    return [], (
        f"land outlines file {path} {problem}; the map shows the graticule alone "
        "(run `make basemap`, or set [site] land to a TopoJSON file)"
    )


def _line(coords: list[list[int]], kind: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"kind": kind},
        "geometry": {"type": "LineString", "coordinates": coords},
    }


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def point_feature(lat: float, lon: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
    }


def dump_json(data: Any) -> str:
    """Deterministic, compact JSON (sorted keys, UTF-8 kept) ending in a newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def dump_json_items(data: dict[str, Any], key: str, items: Iterable[str]) -> str:
    """`dump_json(data)` with `data[key]` the list of the JSON texts `items` (each an item's
    `dump_json` without its newline): the same bytes, the items not encoded again."""
    marker = "\x00items\x00"  # a placeholder no wrapper value holds
    text = dump_json({**data, key: marker})
    return text.replace(json.dumps(marker), "[" + ",".join(items) + "]", 1)
