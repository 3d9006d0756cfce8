"""The whole build, in the order it happens: gather, plan, write, index.

    site = gather(store, config, content_dir)     # read everything (store, reports, media)
    result = build_site(site, out_dir)            # plan every file in memory, then write

`plan_site` turns SiteData into the complete list of output files before a single byte is
written, so a slug collision or an unsafe path fails the build with nothing half-written. The
files are written by `SiteWriter` into a fresh folder beside the output, Pagefind indexes it,
and only then does it replace the previous build. Output depends on the data alone (no clock):
the same store gives the same bytes.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from frontlines.errors import PublishError
from frontlines.publish.data import SiteArticle, SiteData
from frontlines.publish.exports import data_files
from frontlines.publish.feeds import FeedItem, feed_file, sitemap
from frontlines.publish.history import change_feeds, history_pages
from frontlines.publish.keys import InputKeys
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.manifest import (
    Manifest,
    Record,
    digest,
    drop_manifest,
    sha256_bytes,
    sha256_file,
    write_manifest,
)
from frontlines.publish.mapdetail import COUNTRIES, LAND_DETAIL
from frontlines.publish.maps import leaflet_assets
from frontlines.publish.pages import Pages
from frontlines.publish.search import index_site, search_digest, shard_count
from frontlines.publish.theatre_events import theatre_feed_items
from frontlines.publish.views import absolute_url, article_path, relative_url, theatre_path
from frontlines.publish.writer import SiteWriter

STATIC = Path(__file__).parent / "static"
MARKER = ".frontlines-site"


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str
    text: str | None = None
    source: Path | None = None
    origin: str = ""
    key: str | None = None
    """Digest of what the file is made from (None: made every build, compared by bytes)."""
    warnings: tuple[str, ...] = ()
    """Warnings raised while making it (an incremental build that keeps the file repeats them)."""


@dataclass(frozen=True, slots=True)
class Pending:
    """An HTML page not rendered yet: its path and the digest of its inputs are known."""

    path: str
    key: str
    make: Callable[[], tuple[str, str]]

    @property
    def origin(self) -> str:
        return f"page {self.path}"


@dataclass(frozen=True, slots=True)
class SitePlan:
    files: tuple[OutputFile, ...]
    pages: int  # HTML pages
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildResult:
    out_dir: Path
    pages: int
    files: int
    warnings: tuple[str, ...]
    seconds: float
    rewritten: int | None = None  # incremental builds: files written (None: a full build)
    deleted: int = 0  # incremental builds: files of the last build no longer made

    def summary(self) -> str:
        warned = f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        changed = ""
        if self.rewritten is not None:
            changed = f", {self.rewritten:,} rewritten, {self.deleted:,} deleted"
        return (
            f"Built {self.pages:,} pages ({self.files:,} files{changed}"
            f"{warned if self.warnings else ''}) into {self.out_dir} in {self.seconds:.1f} s"
        )


def collapse(warnings: Iterable[str]) -> tuple[str, ...]:
    """Repeated warnings once each, with a count; in first-seen order."""
    counts = Counter(warnings)
    return tuple(text if n == 1 else f"{text} (×{n})" for text, n in counts.items())


def page_file(path: str) -> str:
    """The file a page at site path `path` is written to (as `Pages.render` names it)."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def _made(path: str, text: str) -> tuple[str, str]:
    return path, text


def _html_pages(site: SiteData, pages: Pages, keys: InputKeys) -> list[Pending]:
    """Every HTML page but the map, in build order, each with the digest of its inputs."""
    warnings = pages.warnings

    def page(path: str, key: str, make: Callable[[], tuple[str, str]]) -> Pending:
        return Pending(page_file(path), key, make)

    html = [
        page("", keys.home(), pages.home),
        page("404.html", keys.plain("404"), pages.not_found),
        page("attribution/", keys.everything("attribution"), pages.attribution),
        page("tags/", keys.everything("tags"), pages.tags_index),
    ]
    for slug in sorted(pages.tags):
        html.append(page(f"tags/{slug}/", keys.tag(slug), partial(pages.tag_page, slug)))
    for theatre in site.theatres:
        name, title = theatre.name, theatre.title
        html.append(
            page(
                theatre_path(name),
                keys.theatre(name, title),
                partial(pages.theatre, name, title),
            )
        )
        html.append(
            page(
                theatre_path(name) + "timeline/",
                keys.timeline(name, title),
                partial(pages.timeline, name, title),
            )
        )
        html.append(
            page(
                theatre_path(name) + "events/",
                keys.events(name, title),
                partial(pages.theatre_events, name, title),
            )
        )
    for path, text in history_pages(pages):  # small: rendered each build, keyed by their text
        html.append(Pending(path, digest(keys.common, text), partial(_made, path, text)))
    html.extend(
        page(article_path(e.slug), keys.article(e), partial(pages.article, e)) for e in site.entries
    )
    if pages.entities:
        html.append(page("parties/", keys.entities_index(), pages.entities_index))
        html.extend(page(e.path, keys.entity(e), partial(pages.entity, e)) for e in pages.entities)
    if site.reports:
        html.append(page("reports/", keys.reports(), pages.reports_index))
        html.extend(
            page(f"reports/{r.slug}/", keys.report(r), partial(pages.report, r, warnings))
            for r in site.reports
        )
    if site.settings.search:
        html.append(page("search/", keys.plain("search"), pages.search))
    html.append(page("map/", keys.map(), partial(pages.map_page, _map_config(site))))
    return html


def _map_config(site: SiteData) -> dict[str, Any]:
    here = "map/index.html"
    return {
        "basemap": relative_url(here, "data/basemap.geojson"),
        "conflicts": relative_url(here, "data/conflicts.geojson"),
        "reports": relative_url(here, "data/reports.geojson"),
        "events": relative_url(here, "data/events.geojson"),
        "territory": relative_url(here, "data/territory/"),
        "tileUrl": site.settings.tile_url,
        "landDetail": (relative_url(here, LAND_DETAIL) if LAND_DETAIL in site.map_detail else None),
        "countries": relative_url(here, COUNTRIES) if COUNTRIES in site.map_detail else None,
        "tileAttribution": site.settings.tile_attribution,
    }


def _feeds(site: SiteData, memo: BuildMemo | None = None) -> list[tuple[str, str]]:
    base = site.settings.absolute_base
    latest = max((e.updated for e in site.entries), default="1970-01-01")

    def items(entries: Iterable[SiteArticle]) -> list[FeedItem]:
        return [
            remembered(memo, "feed item", e, partial(_feed_item, base, e), base) for e in entries
        ]

    report_items = [
        FeedItem(
            title=r.title,
            url=absolute_url(base, f"reports/{r.slug}/"),
            updated=r.date,
            summary=r.markdown[:280].strip(),
            author=r.author or site.settings.title,
            rights=f"Report by {r.author or site.settings.title}",
        )
        for r in site.reports
    ]
    title = site.settings.title
    feeds = [feed_file(base, "feed.xml", title, "", items(site.entries) + report_items, latest)]
    for theatre in site.theatres:
        path = theatre_path(theatre.name)
        events = theatre_feed_items(site, theatre.name, memo)
        feeds.append(
            feed_file(
                base,
                path + "events.xml",
                f"{title}: {theatre.title}, events",
                path + "events/",
                events,
                latest,
                keep_order=True,
            )
        )
        mine = items(e for e in site.entries if theatre.name in e.theatres)
        feeds.append(
            feed_file(base, path + "feed.xml", f"{title}: {theatre.title}", path, mine, latest)
        )
    return feeds


def _feed_item(base: str, entry: SiteArticle) -> FeedItem:
    article = entry.article
    return FeedItem(
        title=article.title,
        url=absolute_url(base, article_path(entry.slug)),
        updated=entry.updated,
        summary=article.short_description or article.description,
        author=article.source.attribution,
        rights=f"{article.source.licence}: {article.source.url}",
    )


def _lastmods(site: SiteData) -> dict[str, str]:
    """Site path → lastmod: an article's revision time; a theatre's newest revision."""
    marks = {article_path(e.slug): e.revision_time for e in site.entries}
    for theatre in site.theatres:
        times = [e.revision_time for e in site.entries if theatre.name in e.theatres]
        if times:
            marks[theatre_path(theatre.name)] = max(times)
    if site.entries:
        marks[""] = max(e.revision_time for e in site.entries)
    for report in site.reports:
        marks[f"reports/{report.slug}/"] = report.date
    return marks


@dataclass
class KeyedPlan:
    """Every file of the site, the HTML pages still unrendered (`Pending`)."""

    items: list[OutputFile | Pending]
    pages: Pages
    html_pages: int
    site_warnings: tuple[str, ...]

    def make(self, item: OutputFile | Pending) -> OutputFile:
        """The file itself: a pending page is rendered (its warnings kept with it)."""
        if isinstance(item, OutputFile):
            return item
        before = len(self.pages.warnings)
        path, text = item.make()
        if path != item.path:
            raise PublishError(f"internal: page planned as '{item.path}' rendered as '{path}'")
        raised = tuple(self.pages.warnings[before:])
        return OutputFile(path, text, origin=item.origin, key=item.key, warnings=raised)


def plan_keyed(site: SiteData, memo: BuildMemo | None = None) -> KeyedPlan:
    """Every output path with its inputs' digest; pages are rendered only when asked for.

    Raises PublishError on colliding or unsafe paths before anything is rendered. A `memo`
    (`publish/live.py`) keeps per-entry values from the last build of a long-running builder.
    """
    warnings: list[str] = []
    pages = Pages(site, warnings, memo)
    keys = InputKeys(site, pages, memo)
    html = _html_pages(site, pages, keys)
    items: list[OutputFile | Pending] = list(html)

    def made(files: Iterable[tuple[str, str]]) -> None:
        before = len(warnings)
        listed = list(files)
        raised = tuple(warnings[before:])
        for index, (path, text) in enumerate(listed):
            items.append(OutputFile(path, text, warnings=raised if index == 0 else ()))

    made(_feeds(site, memo))
    made(data_files(site, warnings, memo, pages.entities))
    made(change_feeds(site))
    made(sorted(site.map_detail.items()))
    base = site.settings.absolute_base
    marks = _lastmods(site)
    urls = [
        (absolute_url(base, p.removesuffix("index.html")), marks.get(p.removesuffix("index.html")))
        for p in (item.path for item in html)
        if p != "404.html"
    ]
    items.append(OutputFile("sitemap.xml", sitemap(urls)))
    items.append(OutputFile("robots.txt", f"Sitemap: {absolute_url(base, 'sitemap.xml')}\n"))
    items.append(OutputFile(MARKER, "Built by Front Lines; `frontlines build` replaces this.\n"))
    items.extend(OutputFile(p, source=src) for p, src in leaflet_assets())
    items.extend(
        OutputFile(f"static/{f.name}", source=f) for f in sorted(STATIC.iterdir()) if f.is_file()
    )
    items.extend(OutputFile(f"reports/media/{p}", source=src) for p, src in site.media)
    thumbs = {t.path: t.source for image in site.local_images.values() for t in image.thumbs}
    items.extend(OutputFile(path, source=thumbs[path]) for path in sorted(thumbs))
    _check_unique(items)
    return KeyedPlan(items, pages, len(html), tuple(site.warnings))


def plan_warnings(plan: KeyedPlan, files: Iterable[OutputFile]) -> tuple[str, ...]:
    """The site's warnings then each file's, in build order, repeated ones counted."""
    return collapse([*plan.site_warnings, *(w for f in files for w in f.warnings)])


def plan_site(site: SiteData, memo: BuildMemo | None = None) -> SitePlan:
    """Every file of the site, in memory; raises PublishError on colliding paths."""
    keyed = plan_keyed(site, memo)
    files = tuple(keyed.make(item) for item in keyed.items)
    return SitePlan(files, pages=keyed.html_pages, warnings=plan_warnings(keyed, files))


def _check_unique(files: Iterable[OutputFile | Pending]) -> None:
    seen: dict[str, str] = {}
    for item in files:
        if item.path in seen:
            raise PublishError(
                f"Two things want to be written to '{item.path}': {seen[item.path]} and "
                f"{item.origin or item.path}. Give one of them a different slug."
            )
        seen[item.path] = item.origin or item.path


def _prepare_target(out_dir: Path) -> Path:
    """A fresh staging folder beside `out_dir`; refuses to replace a folder that isn't a site."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise PublishError(
            f"{out_dir} is not empty and was not built by Front Lines; choose an empty or new "
            "folder with -o (the build replaces the folder's whole content)"
        )
    staging = out_dir.parent / f".{out_dir.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def write_plan(plan: SitePlan, folder: Path) -> SiteWriter:
    writer = SiteWriter(folder)
    for item in plan.files:
        if item.source is not None:
            writer.copy_file(item.path, item.source)
        else:
            writer.write_text(item.path, item.text or "", origin=item.origin)
    return writer


def build_site(
    site: SiteData, out_dir: Path, *, strict: bool = False, memo: BuildMemo | None = None
) -> BuildResult:
    """Plan, write to a staging folder, index for search, then swap it into place."""
    started = time.perf_counter()
    plan = plan_site(site, memo)
    if strict and plan.warnings:
        raise PublishError(
            f"--strict: {len(plan.warnings)} warning(s), nothing written: "
            + "; ".join(plan.warnings)
        )
    out_dir = out_dir.resolve()
    staging = _prepare_target(out_dir)
    drop_manifest(out_dir)
    records = manifest_records(plan.files)
    shards = shard_count(plan.pages) if site.settings.search else 0
    try:
        write_plan(plan, staging)
        if site.settings.search:
            index_site(staging, searched_pages(records), shards)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    write_manifest(out_dir, Manifest(records, site.settings.search, shards))
    files = sum(1 for p in out_dir.rglob("*") if p.is_file())
    seconds = time.perf_counter() - started
    return BuildResult(out_dir, plan.pages, files, plan.warnings, seconds)


def file_record(item: OutputFile) -> tuple[Record, bytes | None]:
    """The manifest record of a made file, and its bytes (None for a copied file)."""
    if item.source is not None:
        return Record(item.key, sha256_file(item.source), item.warnings), None
    data = (item.text or "").encode("utf-8")
    searched = search_digest(item.text or "") if item.path.endswith(".html") else None
    return Record(item.key, sha256_bytes(data), item.warnings, searched), data


def manifest_records(files: Iterable[OutputFile]) -> dict[str, Record]:
    return {item.path: file_record(item)[0] for item in files}


def searched_pages(records: dict[str, Record]) -> list[str]:
    """The pages Pagefind indexes (those with a `searched` digest), by site path."""
    return [path for path, record in records.items() if record.searched is not None]
