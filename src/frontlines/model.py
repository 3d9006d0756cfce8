"""Frozen records passed between the stages: sources → parse/extract → store → publish.

Nothing here imports the rest of the package. `to_dict` gives the JSON shape documented in
docs/article-json.md (every field, in declaration order; tuples become lists).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
ATTRIBUTION = "Wikipedia contributors"


def to_dict(record: Any) -> Any:
    """The JSON-ready form of a record (dataclasses, tuples and lists, recursively)."""
    kind = type(record)
    if kind in _SCALARS:
        return record
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(record) or isinstance(record, type):
            if isinstance(record, list | tuple):
                return [to_dict(item) for item in record]
            if isinstance(record, dict):
                return {key: to_dict(value) for key, value in record.items()}
            return record
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(record))
    return {name: to_dict(getattr(record, name)) for name in names}


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # each record class's field names, read once


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as a source gave it: wikitext plus whatever revision data the source knows."""

    title: str
    text: str
    namespace: int = 0
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None  # ISO 8601, e.g. 2016-04-29T16:31:10Z
    sha1: str | None = None
    redirect: str | None = None  # target title when the page is a redirect
    origin: str = ""  # where it came from: a file path, a dump path, an API URL
    site: str = "https://en.wikipedia.org"  # base URL of the wiki, for links


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from, with what the licence asks us to say."""

    kind: str  # "wikitext", "dump", "api", "collection"
    url: str  # the page URL, with ?oldid= when the revision is known
    site: str
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    licence: str = LICENCE
    licence_url: str = LICENCE_URL
    attribution: str = ATTRIBUTION


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found while converting one article: data, not an exception."""

    kind: str  # e.g. "unknown_template", "no_start_date", "bad_coordinates"
    message: str
    detail: str = ""  # e.g. the template name


@dataclass(frozen=True, slots=True)
class Reference:
    """A footnote: a citation (`<ref>`, cite templates), a short ref (sfn) or a note (efn)."""

    id: str  # footnote label used in Markdown, "1", "2", ... or "n1" for notes
    kind: str  # "citation" | "short" | "note"
    text: str  # the footnote as Markdown
    name: str | None = None  # the <ref name=...>, when given
    template: str | None = None  # "cite web", "sfn", ... when the ref came from a template
    authors: tuple[str, ...] = ()
    title: str | None = None
    work: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    access_date: str | None = None
    archive_url: str | None = None
    archive_date: str | None = None
    pages: str | None = None
    target: str | None = (
        None  # for short refs: the id of the bibliography entry ("CITEREFCole1964")
    )
    uses: int = 1


@dataclass(frozen=True, slots=True)
class Image:
    """An image an article uses; licence fields are filled later from Commons."""

    file: str  # file name without the "File:" prefix, spaces not underscores
    url: str  # https://commons.wikimedia.org/wiki/Special:FilePath/<file>
    caption: str = ""  # plain text
    alt: str = ""
    licence: str | None = None
    licence_url: str | None = None
    artist: str | None = None
    credit: str | None = None
    attribution_required: bool | None = None
    description: str | None = None
    description_url: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    title: str  # plain text; "" for the lead
    level: int  # 1 for the lead, 2 for ==, 3 for ===, ...
    anchor: str  # slug of the title, for links


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class CellLine:
    """One line of an infobox cell as the card shows it (docs/article-json.md: Cells)."""

    text: str  # plain text
    depth: int = 0  # 0: a plain line; 1: a list item; 2: an item of a nested list...
    heading: bool = False  # a `;` line or a bold line ending in ":" ("Seventh Coalition:")
    refs: tuple[str, ...] = ()  # ids of the footnotes on this line


@dataclass(frozen=True, slots=True)
class Party:
    name: str  # as displayed, plain text
    link: str | None = None  # link target title
    qualifier: str | None = None  # e.g. "from 2013"
    supporting: bool = False  # listed under "Supported by"
    entity: str | None = None  # the article it stands for (docs/article-json.md: Entities)
    flag: str | None = None  # the Country data name of a flag template ("Prussia")
    flag_variant: str | None = None  # the flag's variant ("1803")
    group: str | None = None  # the side heading it is listed under ("Seventh Coalition")
    refs: tuple[str, ...] = ()  # ids of the footnotes supporting it


@dataclass(frozen=True, slots=True)
class Commander:
    name: str
    link: str | None = None
    note: str | None = None  # e.g. a rank or unit in small text
    fate: str | None = None  # "KIA", "POW", "WIA", "DOW", "executed"...
    entity: str | None = None  # the article the commander's link leads to
    group: str | None = None  # the heading it is listed under
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """One number read from a strength or casualties cell (docs/article-json.md: Typed figures)."""

    category: str  # personnel, killed, wounded, ..., ships_sunk, ..., other
    low: int | None  # None: no lower bound given ("up to 5,000")
    high: int | None  # None: no upper bound given ("over 5,000", "5,000+")
    approx: bool = False  # "c.", "~", "about", "est."...
    claimant: str | None = None  # who gives the figure ("Soviet sources", "German")
    scope: str | None = None  # the sub-unit, place or period it covers ("Navy", "at Ligny")
    total: bool = False  # the cell says it is a total, or its breakdown follows
    text: str = ""  # the snippet of the cell it was read from
    refs: tuple[str, ...] = ()  # footnotes on the line of the cell it was read from


@dataclass(frozen=True, slots=True)
class Side:
    parties: tuple[Party, ...] = ()
    commanders: tuple[Commander, ...] = ()
    units: str | None = None
    strength: str | None = None
    casualties: str | None = None
    strength_numbers: tuple[Figure, ...] = ()
    casualty_numbers: tuple[Figure, ...] = ()
    cells: dict[str, tuple[CellLine, ...]] = field(default_factory=dict)  # units, strength...
    refs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # footnotes of each cell


@dataclass(frozen=True, slots=True)
class Conflict:
    """The facts of a conflict-type infobox, typed."""

    name: str
    infobox: str  # the template name as written, e.g. "Infobox military conflict"
    partof: str | None = None
    date_text: str | None = None
    start: str | None = None  # EDTF: YYYY, YYYY-MM, YYYY-MM-DD, negative years BC, "~" circa
    end: str | None = None
    ongoing: bool = False
    place: str | None = None
    coordinates: Coordinates | None = None
    result: str | None = None
    territory: str | None = None
    sides: tuple[Side, ...] = ()
    casualties3: str | None = None
    civilian_casualties: str | None = None
    notes: str | None = None
    casualties3_numbers: tuple[Figure, ...] = ()
    civilian_casualty_numbers: tuple[Figure, ...] = ()  # only when not the casualties3 cell
    cells: dict[str, tuple[CellLine, ...]] = field(default_factory=dict)  # date, place, result...
    refs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # footnotes of each cell


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening: one sentence of the body that states a date (docs/article-json.md)."""

    date: str  # EDTF, YYYY-MM-DD or YYYY-MM (astronomical years: 331 BC is -0330)
    end: str | None  # the end of a range ("12–15 November"), else None
    other_dates: tuple[str, ...]  # further dates the sentence states (ranges as "start/end")
    text: str  # the whole sentence, plain text
    section: str  # the innermost heading above it; "" for the lead
    anchor: str  # that heading's anchor (`Section.anchor`); "" for the lead
    kind: str  # "text" | "list" | "caption" | "quote"
    refs: tuple[str, ...]  # footnote ids the sentence carries (`Reference.id`)
    places: tuple[str, ...]  # titles of the pages the sentence links to
    revision: int | None  # the revision the sentence was read from
    display: str | None = None  # for a sentence over 2,000 characters: cut at a clause


@dataclass(frozen=True, slots=True)
class Article:
    """One converted article: what the Markdown entry and the JSON are written from."""

    title: str
    slug: str
    source: Source
    short_description: str | None
    description: str  # plain text of the lead's first paragraph
    lead_image: Image | None
    categories: tuple[str, ...]
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    images: tuple[Image, ...]
    issues: tuple[Issue, ...]
    conflict: Conflict | None
    markdown: str  # the body, with footnote definitions at the end
    bibliography: tuple[str, ...] = field(default=())  # rendered bibliography entries (Markdown)
    events: tuple[Event, ...] = field(default=())  # dated sentences, in order (extract/events.py)


# --- original battle reports (read by sources/reports.py, shown by publish/) -----------------

VIDEO_BLOCK = re.compile(r"\{\{video\}\}(?P<url>.*?)\{\{/video\}\}", re.DOTALL)
"""A report's `{{video}}URL{{/video}}` block (the site shows an HTML5 video player)."""


@dataclass(frozen=True, slots=True)
class ReportLocation:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class SourceLink:
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class BattleReport:
    """An original report published beside the Wikipedia articles (`content/reports/*.md`)."""

    slug: str  # the file name without .md
    title: str
    date: str  # YYYY-MM-DD
    theatre: str | None
    author: str | None
    sources: tuple[SourceLink, ...]
    locations: tuple[ReportLocation, ...]
    markdown: str  # the body, video blocks still in place
    origin: str  # the file it came from


# --- territorial control (read by sources/territory.py, kept in the store, mapped by publish/)

COORD_DIGITS = 5  # about a metre: plenty for front lines, and keeps the site light


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORD_DIGITS)
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def compact_geometry(geometry: Mapping[str, Any]) -> str:
    """A GeoJSON geometry as `TerritoryFeature.geometry` holds it: rounded, compact, sorted."""
    shape = {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])}
    return json.dumps(shape, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class TerritoryFeature:
    """One area under one controller for a span of days."""

    theatre: str
    controller: str
    status: str  # "controlled" | "contested" | "boundary"
    valid_from: str  # YYYY-MM-DD, first day on the map
    valid_to: str | None  # YYYY-MM-DD, first day no longer on the map; None: still there
    source: str  # the file it first appeared in
    fill: str  # "#rrggbb", lower case
    geometry: str  # GeoJSON geometry, compact JSON with sorted keys

    def valid_on(self, day: str) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True, slots=True)
class TerritorySeries:
    """A theatre's features plus the days that were actually mapped."""

    theatre: str
    features: tuple[TerritoryFeature, ...]
    days: tuple[str, ...]  # snapshot dates, sorted

    def change_days(self) -> tuple[str, ...]:
        """Days on which the map differs from the day before (each needs its own file)."""
        marks = {f.valid_from for f in self.features}
        marks.update(f.valid_to for f in self.features if f.valid_to is not None)
        return tuple(sorted(marks))

    def on(self, day: str) -> tuple[TerritoryFeature, ...]:
        return tuple(f for f in self.features if f.valid_on(day))

    def legend(self) -> tuple[tuple[str, str], ...]:
        """(fill, controller) pairs, one per colour, sorted by controller then colour."""
        pairs = {(f.fill, f.controller) for f in self.features if f.status != "boundary"}
        return tuple(sorted(pairs, key=lambda pair: (pair[1], pair[0])))
