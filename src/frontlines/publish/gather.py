"""Gather everything a build needs, before anything is written: the store, the config, reports.

The site is rendered from the store alone (never from the sources): articles, image licences,
territory features and imported reports come from it. The project's own `content/reports/`
(reports written by hand, with their media) is read by `sources/reports.py` and handed in, so an
edited report shows up on the next build without an import step; a report in both places is
taken from the folder. publish/ never reads a source file itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from frontlines.config import Config, SiteConfig
from frontlines.mediacache import MediaCache
from frontlines.model import (
    Article,
    BattleReport,
    Image,
    ReportLocation,
    SourceLink,
    TerritoryFeature,
    TerritorySeries,
    compact_geometry,
)
from frontlines.publish.data import SiteArticle, SiteData, SiteSettings, TheatreInfo
from frontlines.publish.history import changes_from
from frontlines.publish.live import BuildMemo
from frontlines.publish.mapdetail import detail_files
from frontlines.publish.maps import read_land
from frontlines.publish.media import local_images
from frontlines.publish.records import article_from_dict
from frontlines.publish.territory import series_from_features
from frontlines.store.records import (
    ImageRecord,
    StoredArticle,
    StoredArticleText,
    StoredFeature,
    StoredReport,
)


class SiteStore(Protocol):
    """The part of `frontlines.store.Store` a build reads."""

    def iter_articles(self, theatre: str | None = None) -> Iterable[StoredArticle]: ...
    def iter_article_texts(self, theatre: str | None = None) -> Iterable[StoredArticleText]: ...
    def images(self) -> Mapping[str, ImageRecord]: ...
    def territory(self, theatre: str) -> Sequence[StoredFeature]: ...
    def reports(self) -> Sequence[StoredReport]: ...
    def theatres(self) -> Sequence[str]: ...


def settings_from(config: Config, **switches: Any) -> SiteSettings:
    site = config.site
    return SiteSettings(
        title=site.title,
        base_url=site.base_url,
        tile_url=site.tile_url,
        api_url=site.api_url,
        **switches,
    )


class ArticleRow(Protocol):
    """What an entry takes from the store's row beside the article (StoredArticle)."""

    @property
    def theatre(self) -> str: ...
    @property
    def first_imported(self) -> str: ...
    @property
    def updated(self) -> str | None: ...
    @property
    def revision_id(self) -> int | None: ...


def entries_from(rows: Iterable[StoredArticle]) -> tuple[tuple[SiteArticle, ...], list[str]]:
    """One SiteArticle per slug (an article in two theatres lists both), sorted by slug."""
    return entries_of((row, article_from_dict(row.article)) for row in rows)


def entries_of(
    rows: Iterable[tuple[ArticleRow, Article]],
) -> tuple[tuple[SiteArticle, ...], list[str]]:
    """`entries_from` for rows whose articles are decoded already."""
    by_slug: dict[str, SiteArticle] = {}
    warnings: list[str] = []
    for row, article in rows:
        known = by_slug.get(article.slug)
        if known is not None and known.article.title != article.title:
            warnings.append(
                f"'{article.title}' and '{known.article.title}' share the slug "
                f"'{article.slug}'; only the first is published"
            )
            continue
        theatres = tuple(sorted({*(known.theatres if known else ()), row.theatre}))
        by_slug[article.slug] = SiteArticle(
            article=article,
            theatres=theatres,
            first_imported=row.first_imported,
            updated=row.updated or row.first_imported,
            revision=row.revision_id,
        )
    return tuple(by_slug[slug] for slug in sorted(by_slug)), warnings


def image_from_record(record: ImageRecord) -> Image:
    return Image(
        file=record.file,
        url=record.url,
        licence=record.licence,
        licence_url=record.licence_url,
        artist=record.artist,
        credit=record.credit,
        attribution_required=record.attribution_required,
        description=record.description,
        description_url=record.description_url,
    )


def feature_from_stored(theatre: str, stored: StoredFeature) -> TerritoryFeature:
    return TerritoryFeature(
        theatre=theatre,
        controller=stored.controller,
        status=stored.status or "controlled",
        valid_from=stored.valid_from,
        valid_to=stored.valid_to,
        source=stored.source,
        fill=str(stored.properties.get("fill") or "#888888"),
        geometry=compact_geometry(stored.geometry),
    )


def series_from_stored(theatre: str, stored: Sequence[StoredFeature]) -> TerritorySeries:
    days = {str(d) for f in stored for d in f.properties.get("days") or ()}
    features = [feature_from_stored(theatre, f) for f in stored]
    return series_from_features(theatre, features, days)


def report_from_stored(stored: StoredReport) -> BattleReport:
    locations = tuple(
        ReportLocation(str(p.get("name") or ""), float(p["lat"]), float(p["lon"]))
        for p in stored.locations
        if p.get("lat") is not None and p.get("lon") is not None
    )
    sources = tuple(
        SourceLink(s, s if s.startswith(("http://", "https://")) else None) for s in stored.sources
    )
    return BattleReport(
        slug=stored.slug,
        title=stored.title,
        date=stored.date or "1970-01-01",
        theatre=stored.theatre,
        author=stored.author,
        sources=sources,
        locations=locations,
        markdown=stored.body,
        origin=stored.origin or f"store:{stored.slug}",
    )


def _image_warnings(entries: Iterable[SiteArticle], images: Mapping[str, Image]) -> list[str]:
    warnings = []
    for entry in entries:
        lead = entry.article.lead_image
        if lead is None:
            continue
        known = images.get(lead.file)
        if not (lead.licence or (known and known.licence)):
            warnings.append(
                "lead image without licence information (run `frontlines sync` to fetch "
                "image licences)"
            )
    return warnings


def gather(
    store: SiteStore,
    config: Config,
    *,
    reports: Sequence[BattleReport] = (),
    media: Sequence[tuple[str, Path]] = (),
    settings: SiteSettings | None = None,
    read_warnings: Sequence[str] = (),
    memo: BuildMemo | None = None,
) -> SiteData:
    """Everything the site shows: the store and config, plus the reports and media read from
    the project's content folder (`build.gather_site` reads them) and the warnings found then.

    With a `memo` (a long-running builder's, `publish/live.py`), the articles whose stored
    JSON is the one of the last build are taken from it, not decoded again."""
    if memo is None:
        entries, warnings = entries_from(store.iter_articles())
    else:
        entries, warnings = entries_of(memo.articles(store.iter_article_texts()))
        entries = memo.entries(entries)
    theatres = [TheatreInfo(t.name, t.title) for t in config.theatres]
    configured = {t.name for t in theatres}
    for name in sorted({t for e in entries for t in e.theatres} - configured):
        warnings.append(f"the store has articles of theatre '{name}', which config lacks")
        theatres.append(TheatreInfo(name, name))
    images = {name: image_from_record(r) for name, r in sorted(store.images().items())}
    if memo is not None:  # the last build's objects while they stay equal (identity checks)
        images = memo.same("images", images)
    warnings.extend(_image_warnings(entries, images))
    warnings.extend(read_warnings)
    series: list[TerritorySeries] = []
    for theatre in theatres:
        stored = store.territory(theatre.name)
        if stored:
            series.append(series_from_stored(theatre.name, stored))
    by_slug = {r.slug: report_from_stored(r) for r in store.reports()}
    by_slug.update({r.slug: r for r in reports})  # the folder's copy wins
    for report in by_slug.values():
        if report.theatre and report.theatre not in {t.name for t in theatres}:
            warnings.append(f"{report.origin}: theatre '{report.theatre}' is not configured")
    ordered = sorted(by_slug.values(), key=lambda r: (r.date, r.slug), reverse=True)
    if config.site.base_url == SiteConfig().base_url:
        warnings.append(
            "base_url (in the site table of frontlines.toml) is not set: feeds, the sitemap, "
            f"canonical and OpenGraph URLs point at {SiteConfig().base_url}; set it to the "
            "site's public address"
        )
    shown = [i.file for e in entries for i in (*e.article.images, e.article.lead_image) if i]
    cached, problems = local_images(MediaCache.beside(config.db_path).root, shown)
    if memo is not None:
        cached = memo.same("local images", cached)
    warnings.extend(problems)
    land: list[dict[str, Any]] = []
    detail: dict[str, str] = {}
    if config.site.land:
        land, problem = read_land(config.root / config.site.land)
        warnings.extend([problem] if problem else [])
        if land:
            detail, problems = detail_files(config.root / config.site.land)
            warnings.extend(problems)
    return SiteData(
        settings=settings or settings_from(config),
        theatres=tuple(theatres),
        entries=entries,
        territory=tuple(series),
        reports=tuple(ordered),
        media=tuple(media),
        images=MappingProxyType(images),
        local_images=MappingProxyType(cached),
        land=tuple(land),
        changes=changes_from(store, entries),
        map_detail=MappingProxyType(detail),
        warnings=tuple(warnings),
    )
