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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontlines.errors import PublishError
from frontlines.publish.data import SiteData
from frontlines.publish.exports import data_files
from frontlines.publish.feeds import FeedItem, atom_feed, sitemap
from frontlines.publish.maps import leaflet_assets
from frontlines.publish.pages import Pages
from frontlines.publish.search import index_site
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

    def summary(self) -> str:
        warned = f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        return (
            f"Built {self.pages:,} pages ({self.files:,} files{warned if self.warnings else ''}) "
            f"into {self.out_dir} in {self.seconds:.1f} s"
        )


def collapse(warnings: Iterable[str]) -> tuple[str, ...]:
    """Repeated warnings once each, with a count; in first-seen order."""
    counts = Counter(warnings)
    return tuple(text if n == 1 else f"{text} (×{n})" for text, n in counts.items())


def _html_pages(site: SiteData, pages: Pages, warnings: list[str]) -> list[tuple[str, str]]:
    html = [pages.home(), pages.not_found(), pages.attribution(), *pages.tag_pages()]
    for theatre in site.theatres:
        html.append(pages.theatre(theatre.name, theatre.title))
        html.append(pages.timeline(theatre.name, theatre.title))
    html.extend(pages.article(entry) for entry in site.entries)
    if pages.entities:
        html.append(pages.entities_index())
        html.extend(pages.entity(entity) for entity in pages.entities)
    if site.reports:
        html.append(pages.reports_index())
        html.extend(pages.report(report, warnings) for report in site.reports)
    if site.settings.search:
        html.append(pages.search())
    return html


def _map_config(site: SiteData) -> dict[str, Any]:
    here = "map/index.html"
    return {
        "basemap": relative_url(here, "data/basemap.geojson"),
        "conflicts": relative_url(here, "data/conflicts.geojson"),
        "reports": relative_url(here, "data/reports.geojson"),
        "territory": relative_url(here, "data/territory/"),
        "tileUrl": site.settings.tile_url,
        "tileAttribution": site.settings.tile_attribution,
    }


def _feeds(site: SiteData) -> list[tuple[str, str]]:
    base = site.settings.absolute_base
    latest = max((e.updated for e in site.entries), default="1970-01-01")

    def items(entries: Iterable[Any]) -> list[FeedItem]:
        return [
            FeedItem(
                title=e.article.title,
                url=absolute_url(base, article_path(e.slug)),
                updated=e.updated,
                summary=e.article.short_description or e.article.description,
                author=e.article.source.attribution,
                rights=f"{e.article.source.licence}: {e.article.source.url}",
            )
            for e in entries
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
    feeds = [
        (
            "feed.xml",
            atom_feed(
                site.settings.title,
                absolute_url(base, "feed.xml"),
                base,
                items(site.entries) + report_items,
                latest,
            ),
        )
    ]
    for theatre in site.theatres:
        path = theatre_path(theatre.name)
        feeds.append(
            (
                path + "feed.xml",
                atom_feed(
                    f"{site.settings.title}: {theatre.title}",
                    absolute_url(base, path + "feed.xml"),
                    absolute_url(base, path),
                    items(e for e in site.entries if theatre.name in e.theatres),
                    latest,
                ),
            )
        )
    return feeds


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


def plan_site(site: SiteData) -> SitePlan:
    """Every file of the site, in memory; raises PublishError on colliding paths."""
    warnings = list(site.warnings)
    pages = Pages(site, warnings)
    html = _html_pages(site, pages, warnings)
    html.append(pages.map_page(_map_config(site)))
    files = [OutputFile(path, text, origin=f"page {path}") for path, text in html]
    files.extend(OutputFile(p, t) for p, t in _feeds(site))
    files.extend(OutputFile(p, t) for p, t in data_files(site, warnings))
    base = site.settings.absolute_base
    marks = _lastmods(site)
    urls = [
        (absolute_url(base, p.removesuffix("index.html")), marks.get(p.removesuffix("index.html")))
        for p, _ in html
        if p != "404.html"
    ]
    files.append(OutputFile("sitemap.xml", sitemap(urls)))
    files.append(OutputFile("robots.txt", f"Sitemap: {absolute_url(base, 'sitemap.xml')}\n"))
    files.append(OutputFile(MARKER, "Built by Front Lines; `frontlines build` replaces this.\n"))
    files.extend(OutputFile(p, source=src) for p, src in leaflet_assets())
    files.extend(
        OutputFile(f"static/{f.name}", source=f) for f in sorted(STATIC.iterdir()) if f.is_file()
    )
    files.extend(OutputFile(f"reports/media/{p}", source=src) for p, src in site.media)
    _check_unique(files)
    return SitePlan(tuple(files), pages=len(html), warnings=collapse(warnings))


def _check_unique(files: Iterable[OutputFile]) -> None:
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


def build_site(site: SiteData, out_dir: Path, *, strict: bool = False) -> BuildResult:
    """Plan, write to a staging folder, index for search, then swap it into place."""
    started = time.perf_counter()
    plan = plan_site(site)
    if strict and plan.warnings:
        raise PublishError(
            f"--strict: {len(plan.warnings)} warning(s), nothing written: "
            + "; ".join(plan.warnings)
        )
    out_dir = out_dir.resolve()
    staging = _prepare_target(out_dir)
    try:
        write_plan(plan, staging)
        if site.settings.search:
            index_site(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    files = sum(1 for p in out_dir.rglob("*") if p.is_file())
    seconds = time.perf_counter() - started
    return BuildResult(out_dir, plan.pages, files, plan.warnings, seconds)
