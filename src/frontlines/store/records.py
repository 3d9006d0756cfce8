"""Frozen rows the Store hands out and takes in (beyond the model's own records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NEW = "new"
UPDATED = "updated"


@dataclass(frozen=True, slots=True)
class PageState:
    """What the store knows about one page, to decide whether it needs fetching again."""

    title: str
    theatre: str
    source_kind: str
    revision_id: int | None
    status: str  # "active" | "removed"
    page_id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One active article for the site: the converter's JSON plus its dates."""

    title: str
    slug: str
    theatre: str
    article: dict[str, Any]  # the converter's JSON (docs/article-json.md)
    first_imported: str  # the publication date (pubDate)
    updated: str | None  # the revision's timestamp (updatedDate)
    revision_id: int | None
    page_id: int | None
    source_kind: str


@dataclass(frozen=True, slots=True)
class StoredArticleText:
    """A StoredArticle with its JSON still text (`Store.iter_article_texts`)."""

    title: str
    slug: str
    theatre: str
    json: str  # the converter's JSON, as stored
    first_imported: str
    updated: str | None
    revision_id: int | None
    page_id: int | None
    source_kind: str


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One conflict of an active article, with its position when the infobox gives one."""

    title: str
    slug: str
    theatre: str
    name: str
    start: str | None
    end: str | None
    ongoing: bool
    place: str | None
    lat: float | None
    lon: float | None
    result: str | None
    conflict: dict[str, Any]  # the whole Conflict record as JSON


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One typed figure of a conflict, as the `figures` table keeps it (docs/store.md)."""

    title: str  # the article's page title
    side: int | None  # 1 for the first of conflict.sides, ...; None for casualties3/civilian
    field: str  # strength | casualties | casualties3 | civilian_casualties
    position: int  # order within its cell, from 0
    category: str
    low: int | None
    high: int | None
    approx: bool
    claimant: str | None
    scope: str | None
    total: bool
    text: str


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """An image and its licence, as Commons' imageinfo (or a collection sidecar) gives it."""

    file: str  # without "File:", spaces not underscores
    url: str = ""
    description_url: str | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None
    sha1: str | None = None
    mime: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    artist: str | None = None
    credit: str | None = None
    attribution_required: bool | None = None
    description: str | None = None
    status: str = "found"  # "pending" (not asked yet) | "found" | "missing"
    fetched: str | None = None


@dataclass(frozen=True, slots=True)
class IssueRow:
    """A recorded problem: a converter issue, a failed page, an image without a licence."""

    subject: str  # the page title, or "File:..." for an image
    kind: str
    message: str
    detail: str = ""
    theatre: str | None = None


@dataclass(frozen=True, slots=True)
class RunCounts:
    """What one sync did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    requests: int = 0
    images_failed: int = 0  # images whose licence request failed (they stay 'pending')

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.removed + self.failed


@dataclass(frozen=True, slots=True)
class SyncRun:
    """One recorded `sync` run."""

    id: int
    started: str
    finished: str | None
    status: str  # "running" | "finished" | "partial" | "failed" | "interrupted"
    source: str
    theatre: str | None
    counts: RunCounts
    message: str | None = None


@dataclass(frozen=True, slots=True)
class TheatreCounts:
    pages: int = 0
    articles: int = 0
    conflicts: int = 0
    images: int = 0
    issues: int = 0


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """The figures `frontlines status` prints (active pages only; `removed` apart)."""

    pages: int
    articles: int
    conflicts: int
    images: int
    issues: int
    removed: int
    theatres: dict[str, TheatreCounts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredFeature:
    """Who controls an area from one date to another, for a theatre's territory map."""

    controller: str
    valid_from: str  # YYYY-MM-DD
    geometry: dict[str, Any]  # a GeoJSON geometry object
    valid_to: str | None = None  # exclusive end, None while current
    status: str = ""  # e.g. "controlled", "contested", "claimed"
    source: str = ""  # where the shape came from (a file, a URL)
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredReport:
    """An original battle report (Markdown with front matter)."""

    slug: str
    title: str
    body: str  # Markdown
    date: str | None = None
    theatre: str | None = None
    author: str | None = None
    sources: tuple[str, ...] = ()
    locations: tuple[dict[str, Any], ...] = ()  # {"name":..., "lat":..., "lon":...}
    origin: str = ""  # the file it was read from


@dataclass(frozen=True, slots=True)
class FollowPosition:
    """Where `frontlines follow` stopped reading a wiki's changes (the last change applied)."""

    wiki: str  # the API URL (or stream URL) followed
    theatre: str | None  # None: all theatres
    timestamp: str  # the change's time, ISO 8601 UTC
    rcid: int  # the change's recentchanges id (ties on timestamp are ordered by it)
    checked: str  # when a round last finished
    changes: int = 0  # changes read so far
    run_id: int | None = None  # the sync run of the last batch that stored something


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """What changed from one revision of a page to the next (extract/changes.py's list)."""

    from_revision: int | None
    to_revision: int
    timestamp: str | None  # the newer revision's time
    changes: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class StoredChange:
    """One row of the `changes` table, with its page's title, theatre and where it came from."""

    title: str
    theatre: str
    slug: str | None  # None when the page has no article (yet)
    status: str  # the page's: "active" | "removed"
    origin: str  # the page's API URL or dump path
    source_url: str | None  # the article's source URL (docs/article-json.md)
    from_revision: int | None
    to_revision: int
    timestamp: str | None
    changes: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity: the article it stands for, party or commander, the names it was shown by."""

    id: int
    title: str
    kind: str
    names: tuple[str, ...]
    conflicts: int


@dataclass(frozen=True, slots=True)
class ParticipationRow:
    """One entity in one conflict (of an active article), on one side."""

    entity_id: int
    entity: str
    kind: str
    conflict: str  # the article's title
    side: int
    position: int
    name: str
    supporting: bool
    qualifier: str | None
    fate: str | None
