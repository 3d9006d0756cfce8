"""The data files under `data/`: for the map page, and for anyone who wants to re-use them.

data/articles.json               every article: title, page, source revision, dates, place, figures
data/entities.json               every party and commander: id, title, kind, names, conflicts
data/conflicts.geojson           every conflict with coordinates, as a point
data/reports.geojson             every located report, one point per place
data/events.json, events.geojson every article's dated sentences (publish/events.py)
data/basemap.geojson             the offline basemap (land outlines when configured, graticule)
data/territory/index.json        the territory series: days mapped, change days, legend
data/territory/<theatre>/<day>.geojson   the map on each day something changed
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from frontlines.edtf import parse_edtf
from frontlines.model import Conflict, Figure, to_dict
from frontlines.publish.data import SiteArticle, SiteData
from frontlines.publish.entities import EntityPage, entity_index, entity_records
from frontlines.publish.events import event_files
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.maps import (
    dump_json,
    dump_json_items,
    feature_collection,
    graticule,
    point_feature,
)
from frontlines.publish.territory import day_collection
from frontlines.publish.views import article_path, date_range, side_names, year_span


def _present_year(site: SiteData) -> int:
    times = [e.revision_time for e in site.entries if e.revision_time[:4].isdigit()]
    return int(max(times)[:4]) if times else 2000


def article_record(entry: SiteArticle) -> dict[str, Any]:
    article, conflict = entry.article, entry.article.conflict
    record: dict[str, Any] = {
        "title": article.title,
        "slug": entry.slug,
        "page": article_path(entry.slug),
        "theatres": list(entry.theatres),
        "short_description": article.short_description,
        "description": article.description,
        "categories": sorted(set(article.categories)),
        "source": {
            "url": article.source.url,
            "revision_id": article.source.revision_id,
            "timestamp": article.source.timestamp,
            "licence": article.source.licence,
            "attribution": article.source.attribution,
        },
        "updated": entry.updated,
        "conflict": None,
    }
    if conflict is not None:
        coords = conflict.coordinates
        record["conflict"] = {
            "name": conflict.name,
            "start": conflict.start,
            "end": conflict.end,
            "ongoing": conflict.ongoing,
            "dates": date_range(conflict)[2],
            "place": conflict.place,
            "coordinates": {"lat": coords.lat, "lon": coords.lon} if coords else None,
            "result": conflict.result,
            "sides": [side_names(side) for side in conflict.sides],
            "figures": figure_records(conflict),
        }
    return record


def _record_json(entry: SiteArticle) -> str:
    return dump_json(article_record(entry)).removesuffix("\n")


def figure_records(conflict: Conflict) -> list[dict[str, Any]]:
    """Every typed figure of a conflict: side (1, 2, ...; null outside the sides), field,
    then the figure's own fields (docs/article-json.md, Typed figures)."""
    cells: list[tuple[int | None, str, tuple[Figure, ...]]] = []
    for number, side in enumerate(conflict.sides, start=1):
        cells.append((number, "strength", side.strength_numbers))
        cells.append((number, "casualties", side.casualty_numbers))
    cells.append((None, "casualties3", conflict.casualties3_numbers))
    cells.append((None, "civilian_casualties", conflict.civilian_casualty_numbers))
    return [
        {"side": side, "field": field, **to_dict(figure)}
        for side, field, figures in cells
        for figure in figures
    ]


def conflict_point(entry: SiteArticle, present: int) -> dict[str, Any] | None:
    """The map point of an article's conflict (None without coordinates)."""
    conflict = entry.article.conflict
    if conflict is None or conflict.coordinates is None:
        return None
    first, last = year_span(conflict, present)
    start = parse_edtf(conflict.start)
    properties = {
        "title": entry.article.title,
        "page": article_path(entry.slug),
        "theatres": list(entry.theatres),
        "dates": date_range(conflict)[2],
        "start": start.iso() if start else None,
        "year_from": first,
        "year_to": last,
        "place": conflict.place,
        "result": conflict.result,
        "sides": [side_names(side) for side in conflict.sides],
    }
    return point_feature(conflict.coordinates.lat, conflict.coordinates.lon, properties)


def conflict_points_json(site: SiteData, memo: BuildMemo | None = None) -> str:
    """data/conflicts.geojson: every conflict with coordinates as a point (each point's JSON
    kept in `memo`)."""
    present = _present_year(site)
    texts = []
    for entry in sorted(site.entries, key=lambda e: e.slug):
        make = partial(_point_json, entry, present)
        text = remembered(
            memo, "conflict point", entry, make, present if _to_present(entry) else None
        )
        if text is not None:
            texts.append(text)
    return dump_json_items(feature_collection([]), "features", texts)


def _to_present(entry: SiteArticle) -> bool:
    """Whether the entry's conflict runs to the present (its point's `year_to` is the present
    year): a new year changes only these points."""
    conflict = entry.article.conflict
    return conflict is not None and conflict.ongoing and parse_edtf(conflict.end) is None


def _entities_json(pages: Sequence[EntityPage], memo: BuildMemo | None) -> str:
    """`dump_json(entity_records(pages))`, each page's record encoded once per page object."""
    texts = [remembered(memo, "entity record", p, partial(_entity_json, p)) for p in pages]
    return "[" + ",".join(texts) + "]\n"  # dump_json's separators: no spaces


def _entity_json(page: EntityPage) -> str:
    return dump_json(entity_records([page])[0]).removesuffix("\n")


def _point_json(entry: SiteArticle, present: int) -> str | None:
    point = conflict_point(entry, present)
    return None if point is None else dump_json(point).removesuffix("\n")


def report_points(site: SiteData) -> dict[str, Any]:
    features = [
        point_feature(
            place.lat,
            place.lon,
            {
                "title": report.title,
                "page": f"reports/{report.slug}/",
                "id": f"report:{report.slug}",
                "theatres": [report.theatre] if report.theatre else [],
                "date": report.date,
                "place": place.name,
                "year_from": int(report.date[:4]),
                "year_to": int(report.date[:4]),
            },
        )
        for report in site.reports
        for place in report.locations
    ]
    return feature_collection(features)


def territory_files(site: SiteData) -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    index = []
    for series in sorted(site.territory, key=lambda s: s.theatre):
        if not series.features:
            continue
        changes = series.change_days()
        for day in changes:
            files.append(
                (
                    f"data/territory/{series.theatre}/{day}.geojson",
                    dump_json(day_collection(series, day)),
                )
            )
        index.append(
            {
                "theatre": series.theatre,
                "title": site.theatre_title(series.theatre),
                "first": series.days[0],
                "last": series.days[-1],
                "days": list(series.days),
                "changes": list(changes),
                "legend": [{"fill": f, "controller": c} for f, c in series.legend()],
            }
        )
    files.append(("data/territory/index.json", dump_json({"series": index})))
    return files


def basemap(site: SiteData) -> dict[str, Any]:
    """The offline basemap: land outlines when configured, under the graticule's lines."""
    lines = graticule()
    return {**lines, "features": [*site.land, *lines["features"]]}


def data_files(
    site: SiteData,
    warnings: list[str],
    memo: BuildMemo | None = None,
    entities: tuple[EntityPage, ...] | None = None,
) -> list[tuple[str, str]]:
    """Every data file (`memo`: each article's record kept from the last build; `entities`:
    the entity index when the caller has it already)."""
    articles = [
        remembered(memo, "article record", e, partial(_record_json, e))
        for e in sorted(site.entries, key=lambda e: e.slug)
    ]
    events, event_points = event_files(site, memo)
    files = [
        ("data/articles.json", dump_json_items({}, "articles", articles)),
        ("data/conflicts.geojson", conflict_points_json(site, memo)),
        ("data/reports.geojson", dump_json(report_points(site))),
        ("data/events.json", events),
        ("data/events.geojson", event_points),
        ("data/basemap.geojson", dump_json(basemap(site))),
    ]
    pages = entity_index(site, memo) if entities is None else entities
    if pages:
        files.append(("data/entities.json", _entities_json(pages, memo)))
    files.extend(territory_files(site))
    known = {t.name for t in site.theatres}
    for series in site.territory:
        if series.theatre not in known:
            warnings.append(f"territory series '{series.theatre}' names no configured theatre")
    return files
