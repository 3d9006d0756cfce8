"""Territorial control over time, as it enters: dated GeoJSON snapshots → features with validity.

A series is a folder of `YYYY-MM-DD.json` FeatureCollections, one per day that was mapped
(days may be missing). The files carry no meaning except each polygon's `fill` colour and
`fill-opacity`; config maps colours to controllers (`[territory.<theatre>] colors`), and the
opacity gives a status:

    opacity >= 0.2       "controlled"
    0 < opacity < 0.2    "contested"   (lightly shaded areas)
    opacity == 0         "boundary"    (an outline, no area claimed)

A polygon that stays the same (same geometry, controller and status) over consecutive
snapshots becomes ONE feature valid from its first snapshot to the snapshot where it changed
(`valid_to` exclusive; None while it is still on the latest map). So a missing day simply
extends the previous map, and the site can rebuild any day's map from the features alone.

The records (`TerritoryFeature`, `TerritorySeries`) are in model.py; the store keeps them and
publish/ maps them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from frontlines.errors import SourceError
from frontlines.model import TerritoryFeature, TerritorySeries, compact_geometry

_DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(?:geo)?json$")


def status_of(opacity: float) -> str:
    if opacity <= 0:
        return "boundary"
    return "controlled" if opacity >= 0.2 else "contested"


def _day_of(path: Path) -> str:
    match = _DATED_FILE.match(path.name)
    if match is None:
        raise SourceError(f"{path}: territory files must be named YYYY-MM-DD.json")
    day = match.group(1)
    try:
        dt.date.fromisoformat(day)
    except ValueError as error:
        raise SourceError(f"{path}: '{day}' is not a calendar date") from error
    return day


def dated_files(folder: Path) -> list[tuple[str, Path]]:
    """(day, path) for every `YYYY-MM-DD.json` in the folder, oldest first."""
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder of YYYY-MM-DD.json territory files")
    files = [p for p in folder.iterdir() if _DATED_FILE.match(p.name)]
    if not files:
        raise SourceError(f"{folder} holds no YYYY-MM-DD.json files; nothing to import")
    return sorted((_day_of(p), p) for p in files)


Key = tuple[str, str, str, str]  # controller, status, fill, geometry


def snapshot_keys(path: Path, colours: Mapping[str, str], unknown: set[str]) -> list[Key]:
    """The (controller, status, fill, geometry) of every polygon in one file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{path}: not readable GeoJSON ({error})") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SourceError(f"{path}: expected a GeoJSON FeatureCollection")
    keys: list[Key] = []
    for feature in data.get("features") or []:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        props = feature.get("properties") or {}
        fill = str(props.get("fill") or "#888888").strip().lower()
        try:
            opacity = float(props.get("fill-opacity", 1))
        except (TypeError, ValueError):
            opacity = 1.0
        controller = colours.get(fill)
        if controller is None:
            unknown.add(fill)
            controller = f"unknown ({fill})"
        keys.append((controller, status_of(opacity), fill, compact_geometry(geometry)))
    return keys


def build_series(
    theatre: str, snapshots: Iterable[tuple[str, str, Sequence[Key]]]
) -> TerritorySeries:
    """Join dated snapshots (day, source name, keys) into features with validity spans."""
    open_since: dict[Key, tuple[str, str]] = {}
    features: list[TerritoryFeature] = []
    days: list[str] = []
    for day, source, keys in sorted(snapshots, key=lambda s: s[0]):
        days.append(day)
        present = set(keys)
        for key in sorted(set(open_since) - present):
            start, first = open_since.pop(key)
            features.append(_feature(theatre, key, start, day, first))
        for key in sorted(present - set(open_since)):
            open_since[key] = (day, source)
    for key, (start, first) in sorted(open_since.items()):
        features.append(_feature(theatre, key, start, None, first))
    features.sort(key=lambda f: (f.valid_from, f.controller, f.status, f.geometry))
    return TerritorySeries(theatre=theatre, features=tuple(features), days=tuple(days))


def _feature(theatre: str, key: Key, start: str, end: str | None, source: str) -> TerritoryFeature:
    controller, status, fill, geometry = key
    return TerritoryFeature(
        theatre=theatre,
        controller=controller,
        status=status,
        valid_from=start,
        valid_to=end,
        source=source,
        fill=fill,
        geometry=geometry,
    )


def read_series(
    folder: Path, theatre: str, colours: Mapping[str, str]
) -> tuple[TerritorySeries, tuple[str, ...]]:
    """Read a folder of dated GeoJSON; returns the series and the fill colours config lacks."""
    lowered = {colour.lower(): name for colour, name in colours.items()}
    unknown: set[str] = set()
    snapshots = [
        (day, path.name, snapshot_keys(path, lowered, unknown)) for day, path in dated_files(folder)
    ]
    return build_series(theatre, snapshots), tuple(sorted(unknown))
