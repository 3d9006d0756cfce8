"""`frontlines territory import`: a folder of dated GeoJSON into the store (the library behind it).

Reading is `sources/territory.py`; the series goes into the store as one row per feature, each
with its fill and the mapped days it is on the map. Nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from frontlines.config import Config
from frontlines.model import TerritoryFeature, TerritorySeries
from frontlines.sources.territory import read_series
from frontlines.store import Store
from frontlines.store.records import StoredFeature


@dataclass(frozen=True, slots=True)
class TerritoryImport:
    """What one import stored: how many features, the series, and colours config lacks."""

    stored: int
    series: TerritorySeries
    unknown_colours: tuple[str, ...]


def days_within(feature: TerritoryFeature, days: Iterable[str]) -> list[str]:
    """The mapped days on which the feature is on the map (kept with it in the store)."""
    return sorted(day for day in days if feature.valid_on(day))


def features_to_stored(series: TerritorySeries) -> list[StoredFeature]:
    """The series as store rows; each keeps its fill and the mapped days it is on the map."""
    return [
        StoredFeature(
            controller=feature.controller,
            valid_from=feature.valid_from,
            geometry=json.loads(feature.geometry),
            valid_to=feature.valid_to,
            status=feature.status,
            source=feature.source,
            properties={"fill": feature.fill, "days": days_within(feature, series.days)},
        )
        for feature in series.features
    ]


def import_territory(config: Config, folder: Path, theatre: str) -> TerritoryImport:
    """Read `folder` for a configured theatre (ConfigError if it is not) and store its series."""
    config.theatre(theatre)
    colours = config.territory.get(theatre)
    series, unknown = read_series(folder, theatre, colours.colors if colours else {})
    with Store(config.db_path) as store:
        count = store.put_territory(theatre, features_to_stored(series))
    return TerritoryImport(count, series, unknown)
