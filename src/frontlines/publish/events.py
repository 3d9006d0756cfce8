"""The events data files: every article's dated sentences, and those that can be put on a map.

data/events.json      every event of every article, by date: the article, the sentence (a link
                      to it on the article page), its date (EDTF), footnote ids, linked places
data/events.geojson   the events that have a place: a point at the first linked page that has
                      coordinates in the store (a conflict article), else at the article's own
                      conflict coordinates (`located` says which); `year_from`/`year_to`
                      (astronomical) for the map's year filter

Events come from the store's article JSON (`Article.events`, extract/events.py); nothing here
reads a source. A sentence over 2,000 characters is shown by its `display` cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any, TypeVar

from frontlines.model import Coordinates, Event
from frontlines.publish.data import SiteArticle, SiteData
from frontlines.publish.event_marks import event_id
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.maps import dump_json, dump_json_items, feature_collection, point_feature
from frontlines.publish.views import article_path

T = TypeVar("T")


def _key(title: str) -> str:
    """A page title as MediaWiki compares titles: first letter capital, `_` as space."""
    title = " ".join(title.replace("_", " ").split())
    return title[:1].upper() + title[1:]


def place_coordinates(site: SiteData) -> dict[str, Coordinates]:
    """Coordinates by page title: every stored conflict article that has them."""
    found: dict[str, Coordinates] = {}
    for entry in site.entries:
        conflict = entry.article.conflict
        if conflict is not None and conflict.coordinates is not None:
            found[_key(entry.article.title)] = conflict.coordinates
    return found


def _link(entry: SiteArticle, position: int) -> str:
    """The sentence on the article page (publish/event_marks.py gives it that id)."""
    return f"{article_path(entry.slug)}#{event_id(position + 1)}"


def event_record(entry: SiteArticle, position: int, event: Event) -> dict[str, Any]:
    return {
        "article": entry.article.title,
        "page": _link(entry, position),
        "position": position,
        "theatres": list(entry.theatres),
        "date": event.date,
        "end": event.end,
        "other_dates": list(event.other_dates),
        "text": event.display or event.text,
        "cut": event.display is not None,  # `text` is the display cut of a long sentence
        "section": event.section,
        "kind": event.kind,
        "refs": list(event.refs),
        "places": list(event.places),
        "revision": event.revision,
    }


def _sort_date(date: str) -> tuple[int, str]:
    """EDTF dates in time order (BC years are negative: `-0330` before `0001`)."""
    year, _, rest = date.lstrip("-").partition("-")
    return (-int(year) if date.startswith("-") else int(year), rest)


def _year(date: str) -> int:
    """The astronomical year of an EDTF date (the map's year filter compares these)."""
    return _sort_date(date)[0]


Key = tuple[tuple[int, str], str, int]  # an event's place in the files: date, slug, position


def _entry_records(entry: SiteArticle) -> list[tuple[Key, dict[str, Any]]]:
    return [
        ((_sort_date(event.date), entry.slug, position), event_record(entry, position, event))
        for position, event in enumerate(entry.article.events)
    ]


def _entry_points(
    entry: SiteArticle, coordinates: Mapping[str, Coordinates]
) -> list[tuple[Key, dict[str, Any]]]:
    features = []
    for position, event in enumerate(entry.article.events):
        place = next((p for p in event.places if _key(p) in coordinates), None)
        located = "place"
        point = coordinates.get(_key(place)) if place else None
        if point is None and entry.article.conflict is not None:
            point, located = entry.article.conflict.coordinates, "article"
        if point is None:
            continue
        properties = event_record(entry, position, event)
        properties.update(located=located, place=place if located == "place" else None)
        properties.update(year_from=_year(event.date), year_to=_year(event.end or event.date))
        key = (_sort_date(event.date), entry.slug, position)
        features.append((key, point_feature(point.lat, point.lon, properties)))
    return features


def _by_date(pieces: Iterable[list[tuple[Key, T]]]) -> list[T]:
    return [value for _, value in sorted((p for piece in pieces for p in piece), key=_first)]


def _first(item: tuple[Key, object]) -> Key:
    return item[0]


def event_records(site: SiteData) -> dict[str, Any]:
    return {"events": _by_date(_entry_records(e) for e in site.entries)}


def event_points(site: SiteData) -> dict[str, Any]:
    coordinates = place_coordinates(site)
    return feature_collection(_by_date(_entry_points(e, coordinates) for e in site.entries))


def event_files(site: SiteData, memo: BuildMemo | None = None) -> tuple[str, str]:
    """`dump_json` of `event_records(site)` and of `event_points(site)`; `memo` keeps each
    article's events as JSON text (its points while no conflict's coordinates changed)."""
    coordinates = place_coordinates(site)
    if memo is not None:  # the last build's dict while no place moved: compared by identity
        coordinates = memo.same("place coordinates", coordinates)
    records, points = [], []
    for entry in site.entries:
        make = partial(_as_text, _entry_records, entry)
        records.append((entry, remembered(memo, "event records", entry, make)))
        make = partial(_as_text, partial(_entry_points, coordinates=coordinates), entry)
        points.append((entry, remembered(memo, "event points", entry, make, (coordinates,))))
    if memo is None:
        by_date = _by_date(r for _, r in records), _by_date(p for _, p in points)
    else:  # the last build's order, with the changed articles' events taken out and put in
        by_date = memo.ordered("events by date", records), memo.ordered("points by date", points)
    return (
        dump_json_items({}, "events", by_date[0]),
        dump_json_items(feature_collection([]), "features", by_date[1]),
    )


def _as_text(
    pieces: Callable[[SiteArticle], list[tuple[Key, dict[str, Any]]]], entry: SiteArticle
) -> list[tuple[Key, str]]:
    return [(key, dump_json(value).removesuffix("\n")) for key, value in pieces(entry)]
