"""What the map page needs: Leaflet from its PyPI package, a basemap we draw, and the layers.

Leaflet is copied from the `xstatic-leaflet` package at build time (no third-party code in the
repository, no CDN). With no tile URL configured the map draws a graticule (lines every 10°)
and a frame as GeoJSON, so it works offline and loads nothing from another host.
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
