"""The site's input, gathered before anything is written: plain frozen records.

`SiteData` is everything a build needs and nothing else: the site settings, the theatres, the
articles (with the store's dates), the territory series, the reports and their media, image
licence data, and the warnings found while gathering.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from frontlines.model import Article, BattleReport, Image, TerritorySeries
from frontlines.publish.media import LocalImage


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What the build needs from `[site]` plus the build's own switches."""

    title: str = "Front Lines"
    base_url: str = "http://localhost:8000/"
    tile_url: str | None = None
    """Map tiles; None draws the local graticule basemap (no other host is contacted)."""
    tile_attribution: str = ""
    remote_images: bool = False
    """Show Wikimedia Commons images with `<img>`; off by default, so pages stay local."""
    search: bool = True
    """Run Pagefind over the built site and add the search page."""
    api_url: str | None = None
    """The data API (`frontlines api`), linked from every page's footer when set."""

    @property
    def absolute_base(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


@dataclass(frozen=True, slots=True)
class TheatreInfo:
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class SiteArticle:
    """One article as the site shows it: the Article with the store's theatres and dates."""

    article: Article
    theatres: tuple[str, ...]
    first_imported: str
    updated: str
    revision: int | None

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def revision_time(self) -> str:
        """When the revision was saved (falls back to when the store last updated it)."""
        return self.article.source.timestamp or self.updated


@dataclass(frozen=True, slots=True)
class SiteChange:
    """What changed between two revisions of a published article (the store's `changes`)."""

    title: str
    slug: str
    theatre: str
    from_revision: int | None
    to_revision: int
    timestamp: str  # the newer revision's time
    diff_url: str | None  # the two revisions' diff on the source wiki
    changes: tuple[dict[str, Any], ...]  # extract/changes.py's list, each with its "summary"


@dataclass(frozen=True, slots=True)
class Participation:
    """One entity (party or commander) in one conflict, as the store resolved it."""

    entity: str  # the article it stands for
    kind: str  # "party" | "commander"
    conflict: str  # the title of the conflict's article
    side: int  # 1, 2, ...
    name: str  # as the infobox shows it
    supporting: bool = False
    qualifier: str | None = None
    fate: str | None = None


@dataclass(frozen=True, slots=True)
class SiteData:
    settings: SiteSettings
    theatres: tuple[TheatreInfo, ...]
    entries: tuple[SiteArticle, ...]
    territory: tuple[TerritorySeries, ...] = ()
    reports: tuple[BattleReport, ...] = ()
    media: tuple[tuple[str, Path], ...] = ()
    """(path below reports/media/, file) to copy."""
    images: Mapping[str, Image] = field(default_factory=lambda: MappingProxyType({}))
    """Licence data by file name, from the store; fills what the article's own record lacks."""
    local_images: Mapping[str, LocalImage] = field(default_factory=lambda: MappingProxyType({}))
    """Thumbnails in the media cache by file name (publish.media), copied to `media/`."""
    land: tuple[dict[str, Any], ...] = ()
    """Land outlines (GeoJSON features) for the local basemap, from `[site] land`."""
    changes: tuple[SiteChange, ...] = ()
    """Fact-by-fact changes of the published articles, newest first."""
    map_detail: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Close-up map layers (publish.mapdetail): site path → GeoJSON text."""
    warnings: tuple[str, ...] = ()
    participations: tuple[Participation, ...] = ()
    """Resolved entities (Country data, redirects); empty: the articles' own `entity` fields."""

    def theatre_title(self, name: str) -> str:
        for theatre in self.theatres:
            if theatre.name == name:
                return theatre.title
        return name
