"""The HTML pages: one function per kind of page, each returning (site path, HTML).

`Pages` holds what every page shares (the Jinja environment, the Markdown parser, the site
data and its indexes) for ONE build; nothing here is module-level state. Every value reaching
a template is autoescaped; the only `|safe` HTML is article and report bodies, which have been
through the allow-list in `sanitize.py`.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from frontlines.edtf import era_year
from frontlines.model import VIDEO_BLOCK, Article, BattleReport, Image
from frontlines.publish.card import card_labels, card_view, take_card_marks, with_card_footnotes
from frontlines.publish.data import SiteArticle, SiteData
from frontlines.publish.entities import EntityPage, card_links, entity_index, map_points
from frontlines.publish.event_marks import mark_sentences, timeline_items
from frontlines.publish.figures import FigureInfo
from frontlines.publish.history import HOME_SIZE, history_items, latest_items
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.markup import (
    LOST,
    make_markdown,
    render_markdown,
    unlink_missing_fragments,
)
from frontlines.publish.media import Picture, picture
from frontlines.publish.theatre_events import articles_of, by_month, theatre_event_rows
from frontlines.publish.timeline import Span, layout
from frontlines.publish.views import (
    ConflictShown,
    Credit,
    absolute_url,
    article_path,
    conflict_shown,
    date_range,
    file_of,
    image_credit,
    merge_image,
    relative_url,
    rooted_url,
    shown_years,
    tag_slug,
    teaser,
    theatre_path,
)

TEMPLATES = Path(__file__).parent / "templates"
FATES = {
    "KIA": "killed in action",
    "POW": "taken prisoner",
    "WIA": "wounded in action",
    "DOW": "died of wounds",
    "MIA": "missing in action",
    "executed": "executed",
}


def make_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True, slots=True)
class Card:
    path: str
    title: str
    dates: str
    teaser: str
    image: Image | None
    credit: Credit | None
    remote_images: bool
    picture: Picture | None = None  # the site's own thumbnail; a card without one shows none


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    path: str
    count: int


def _capitalised(text: str | None) -> str:
    return text[:1].upper() + text[1:] if text else ""


def report_path(report: BattleReport) -> str:
    return f"reports/{report.slug}/"


def _sibling_link(entry: SiteArticle) -> str:
    return relative_url("articles/x/index.html", article_path(entry.slug))


def _categories(article: Article) -> tuple[tuple[str, str], ...]:
    return tuple((tag_slug(name), name) for name in sorted(set(article.categories)))


class Pages:
    """Renders every HTML page of one build."""

    def __init__(self, site: SiteData, warnings: list[str], memo: BuildMemo | None = None) -> None:
        self.site = site
        self.warnings = warnings
        self.memo = memo  # a long-running builder's values from its last build (live.py)
        # the Jinja environment (its compiled templates) lives as long as the memo
        self.env = remembered(memo, "environment", memo, make_environment)
        self.md = make_markdown()
        self.remote = site.settings.remote_images
        # every article page sits at articles/<slug>/, so one article links another as ../<slug>/
        self.sibling_links = {
            e.article.title: remembered(memo, "sibling link", e, partial(_sibling_link, e))
            for e in site.entries
        }
        self.tags = self._collect_tags()
        self.present_year = self._present_year()
        self.entities = entity_index(site, memo)
        self.entity_links = card_links(self.entities)

    # -- shared -----------------------------------------------------------------------

    def _present_year(self) -> int:
        times = [e.revision_time for e in self.site.entries if e.revision_time[:4].isdigit()]
        return int(max(times)[:4]) if times else 2000

    def _collect_tags(self) -> dict[str, tuple[str, list[SiteArticle]]]:
        tags: dict[str, tuple[str, list[SiteArticle]]] = {}
        for entry in self.site.entries:
            for slug, name in self.categories(entry):
                shown, members = tags.setdefault(slug, (name, []))
                tags[slug] = (min(shown, name), members)
                members.append(entry)
        return tags

    def categories(self, entry: SiteArticle) -> tuple[tuple[str, str], ...]:
        """The entry's categories, sorted, each with its tag slug."""
        make = partial(_categories, entry.article)
        return remembered(self.memo, "categories", entry, make)

    def shown(self, entry: SiteArticle) -> ConflictShown | None:
        """What the timeline, the map and the entity pages show of the entry's conflict."""
        conflict = entry.article.conflict
        if conflict is None:
            return None
        return remembered(self.memo, "conflict shown", entry, partial(conflict_shown, conflict))

    def theatre_links(self) -> list[dict[str, str]]:
        return [
            {"name": t.name, "title": t.title, "path": theatre_path(t.name)}
            for t in self.site.theatres
        ]

    def render(self, template: str, path: str, **context: Any) -> tuple[str, str]:
        """Render a template for the page at site path `path` (a folder or a file)."""
        file = path + "index.html" if path == "" or path.endswith("/") else path
        settings = self.site.settings
        url: Callable[[str], str]
        if path == "404.html":
            url = lambda target: rooted_url(settings.base_url, target)  # noqa: E731
        else:
            url = lambda target: relative_url(file, target)  # noqa: E731
        context.setdefault("page_title", "")
        context.setdefault("description", settings.title)
        context.setdefault("og_type", "website")
        context.setdefault("og_image", None)
        context.setdefault("current", path)
        canonical = None if path == "404.html" else absolute_url(settings.absolute_base, path)
        text = self.env.get_template(template).render(
            site=settings,
            url=url,
            canonical=canonical,
            theatres=self.theatre_links(),
            has_reports=bool(self.site.reports),
            has_entities=bool(self.entities),
            has_search=settings.search,
            **context,
        )
        return file, text

    def image(self, image: Image | None) -> Image | None:
        if image is None:
            return None
        return merge_image(image, self.site.images.get(image.file))

    def card(self, entry: SiteArticle, page: str) -> Card:
        """A card for the page at site path `page` (its image URLs are relative to it)."""
        if self.memo is None:
            return self._card(entry, page)
        lead = entry.article.lead_image
        inputs: tuple[object, ...] = (page, self.remote)
        if lead is not None:  # the store's licence data and the cached thumbnail it shows
            inputs += (self.site.images.get(lead.file), self.site.local_images.get(lead.file))
        return self.memo.value("card " + page, entry, partial(self._card, entry, page), inputs)

    def _card(self, entry: SiteArticle, page: str) -> Card:
        article = entry.article
        dates = date_range(article.conflict)[2] if article.conflict else ""
        image = self.image(article.lead_image)
        local = self.site.local_images.get(image.file) if image else None
        return Card(
            path=article_path(entry.slug),
            title=article.title or entry.slug,
            dates=dates,
            teaser=teaser(article.short_description or article.description or ""),
            image=image,
            credit=image_credit(image) if image else None,
            remote_images=self.remote,
            picture=picture(local, file_of(page)),
        )

    def figures(self, article: Article, page: str) -> dict[str, FigureInfo]:
        """Every image the article shows: its thumbnail (if cached) and its credit."""
        shown = [*article.images, *([article.lead_image] if article.lead_image else [])]
        found: dict[str, FigureInfo] = {}
        for item in shown:
            image = self.image(item)
            if image is None or image.file in found:
                continue
            local = self.site.local_images.get(image.file)
            found[image.file] = FigureInfo(picture(local, file_of(page)), image_credit(image))
        return found

    def entries_of(self, theatre: str) -> list[SiteArticle]:
        return [e for e in self.site.entries if theatre in e.theatres]

    def reports_of(self, theatre: str) -> list[dict[str, str]]:
        return [self.report_link(r) for r in self.site.reports if r.theatre == theatre]

    def report_link(self, report: BattleReport) -> dict[str, str]:
        return {"path": report_path(report), "title": report.title, "date": report.date}

    # -- pages ------------------------------------------------------------------------

    def home(self) -> tuple[str, str]:
        blocks = []
        for theatre in self.site.theatres:
            entries = self.entries_of(theatre.name)
            latest = sorted(entries, key=lambda e: (e.updated, e.slug), reverse=True)[:6]
            blocks.append(
                {
                    "name": theatre.name,
                    "title": theatre.title,
                    "path": theatre_path(theatre.name),
                    "count": len(entries),
                    "latest": [self.card(e, "") for e in latest],
                }
            )
        reports = [self.report_link(r) for r in self.site.reports[:5]]
        return self.render(
            "home.html",
            "",
            blocks=blocks,
            reports=reports,
            latest_changes=latest_items(self.site, None, HOME_SIZE),
            article_count=len(self.site.entries),
            description=f"{self.site.settings.title}: conflicts by theatre, on a map and in time",
        )

    def theatre(self, name: str, title: str) -> tuple[str, str]:
        entries = sorted(self.entries_of(name), key=lambda e: (e.article.title, e.slug))
        return self.render(
            "theatre.html",
            theatre_path(name),
            page_title=title,
            title=title,
            name=name,
            home=theatre_path(name),
            items=[self.card(e, theatre_path(name)) for e in entries],
            reports=self.reports_of(name),
            description=f"{title}: {len(entries)} articles on {self.site.settings.title}",
        )

    def article(self, entry: SiteArticle) -> tuple[str, str]:
        article = entry.article
        path = article_path(entry.slug)
        figures = self.figures(article, path)
        labels = card_labels(article.conflict) if article.conflict else []
        markdown, labels = with_card_footnotes(article.markdown, labels, article.references)
        body = render_markdown(
            self.md,
            markdown,
            local_links=self.sibling_links,
            remote_images=self.remote,
            figures=figures,
        )
        body, missing = unlink_missing_fragments(body)  # the card's marks still in place
        body, marks = take_card_marks(body, labels)
        infobox = (
            card_view(article.conflict, article.title or entry.slug, self.entity_links, marks)
            if article.conflict
            else None
        )
        if missing:
            self.warnings.append(
                f"'{article.title}': {len(missing)} link(s) to anchors the body lacks (e.g. "
                f"#{missing[0]}) shown as plain text; the converter did not anchor them"
            )
        body, _ = mark_sentences(body, article.events)
        lead = self.image(article.lead_image)
        tags = [
            {"name": self.tags[slug][0], "path": f"tags/{slug}/"}
            for slug, _name in self.categories(entry)
        ]
        title = article.title or entry.slug
        return self.render(
            "article.html",
            path,
            page_title=title,
            title=title,
            article=article,
            article_theatres=[
                {"title": self.site.theatre_title(t), "path": theatre_path(t)}
                for t in entry.theatres
            ],
            lead=(
                {
                    "image": lead,
                    "credit": image_credit(lead),
                    "picture": figures[lead.file].picture if lead.file in figures else None,
                }
                if lead
                else None
            ),
            damaged=LOST in article.markdown
            or any(issue.kind == "lost_characters" for issue in article.issues),
            remote_images=self.remote,
            infobox=infobox,
            fates=FATES,
            body_html=body,
            history=history_items(self.site, entry.slug),
            timeline=timeline_items(article.events, article.markdown),
            revision_date=article.source.timestamp,
            tags=tags,
            related_reports=[
                self.report_link(r) for r in self.site.reports if r.theatre in entry.theatres
            ],
            description=teaser(article.short_description or article.description or title, 200),
            og_type="article",
            og_image=self.og_image(lead),
        )

    def og_image(self, lead: Image | None) -> str | None:
        """The site's own copy of the lead image (widest), as an absolute URL; else Commons'."""
        if lead is None:
            return None
        local = self.site.local_images.get(lead.file)
        if local is None:
            return lead.url or None
        return absolute_url(self.site.settings.absolute_base, local.thumbs[-1].path)

    def entity(self, page: EntityPage) -> tuple[str, str]:
        """`parties/<slug>/` or `commanders/<slug>/`: its conflicts, on a map and a timeline."""
        rows, spans, located = [], [], []
        for item in page.conflicts:
            shown = self.shown(item.entry)
            start = shown.start if shown else None
            if shown is not None and shown.coordinates is not None:
                located.append((item.entry.article.title, item.entry.slug, shown.coordinates))
            rows.append(
                {
                    "title": item.entry.article.title,
                    "path": article_path(item.entry.slug),
                    "side": item.side,
                    "name": item.name,
                    "dates": shown.dates if shown else "",
                    "start_iso": start.iso() if start else None,
                    "result": shown.result if shown else "",
                    "supporting": item.supporting,
                    "qualifier": item.qualifier,
                    "fate": item.fate,
                }
            )
            if shown is not None and start is not None:
                spans.append(
                    Span(
                        title=item.entry.article.title,
                        href=article_path(item.entry.slug),
                        group=page.title,
                        start=start,
                        end=shown.end,
                        ongoing=shown.ongoing,
                    )
                )
        kind = "Party" if page.kind == "party" else "Commander"
        return self.render(
            "entity.html",
            page.path,
            page_title=f"{page.title} ({kind.lower()})",
            entity=page,
            kind=kind,
            rows=rows,
            points=[{**p, "path": article_path(str(p["slug"]))} for p in map_points(located)],
            timeline=layout(spans, float(self.present_year) + 1.0),
            era_year=era_year,
            fates=FATES,
            description=f"{page.title}: {len(rows)} conflict(s) on {self.site.settings.title}",
        )

    def entities_index(self) -> tuple[str, str]:
        """The index of belligerents (and of commanders), by number of conflicts."""

        def ranked(kind: str) -> list[EntityPage]:
            chosen = [p for p in self.entities if p.kind == kind]
            return sorted(
                chosen, key=lambda p: (-len({c.entry.slug for c in p.conflicts}), p.title)
            )

        return self.render(
            "entities.html",
            "parties/",
            page_title="Index of belligerents",
            parties=ranked("party"),
            commanders=ranked("commander"),
            description=f"Belligerents and commanders on {self.site.settings.title}",
        )

    def tag_pages(self) -> Iterable[tuple[str, str]]:
        yield self.tags_index()
        for slug in sorted(self.tags):
            yield self.tag_page(slug)

    def tags_index(self) -> tuple[str, str]:
        tags = sorted(
            (
                Tag(name, f"tags/{slug}/", len(members))
                for slug, (name, members) in self.tags.items()
            ),
            key=lambda t: (t.name.lower(), t.path),
        )
        return self.render("tags.html", "tags/", page_title="Tags", tags=tags)

    def tag_page(self, slug: str) -> tuple[str, str]:
        name, members = self.tags[slug]
        ordered = sorted(members, key=lambda e: (e.article.title, e.slug))
        return self.render(
            "tag.html",
            f"tags/{slug}/",
            page_title=f"Tag: {name}",
            tag_name=name,
            items=[self.card(e, f"tags/{slug}/") for e in ordered],
        )

    def timeline(self, name: str, title: str) -> tuple[str, str]:
        spans, undated = [], []
        for entry in sorted(self.entries_of(name), key=lambda e: e.slug):
            shown = self.shown(entry)
            if shown is None or shown.start is None:
                undated.append(
                    {
                        "path": article_path(entry.slug),
                        "title": entry.article.title,
                        "dates": shown.date_text if shown else "",
                    }
                )
                continue
            spans.append(
                Span(
                    title=entry.article.title,
                    href=article_path(entry.slug),
                    group=_capitalised(shown.partof) or "Other conflicts",
                    start=shown.start,
                    end=shown.end,
                    ongoing=shown.ongoing,
                )
            )
        return self.render(
            "timeline.html",
            theatre_path(name) + "timeline/",
            page_title=f"{title}: timeline",
            title=title,
            theatre_path=theatre_path(name),
            timeline=layout(spans, float(self.present_year) + 1.0),
            era_year=era_year,
            undated=undated,
        )

    def theatre_events(self, name: str, title: str) -> tuple[str, str]:
        """Every event of the theatre's articles by month; filters only hide (theatre_events)."""
        rows = theatre_event_rows(self.site, name, self.memo)
        return self.render(
            "events.html",
            theatre_path(name) + "events/",
            page_title=f"{title}: events",
            title=title,
            theatre_path=theatre_path(name),
            years=by_month(rows),
            articles=articles_of(rows),
            count=len(rows),
            description=f"{title}: {len(rows)} dated events from its articles",
        )

    def report(self, report: BattleReport, warnings: list[str]) -> tuple[str, str]:
        path = report_path(report)
        body = self.report_body(report, path + "index.html", warnings)
        theatre = (
            {"title": self.site.theatre_title(report.theatre), "path": theatre_path(report.theatre)}
            if report.theatre
            else None
        )
        return self.render(
            "report.html",
            path,
            page_title=report.title,
            report=report,
            theatre=theatre,
            body_html=body,
            og_type="article",
            description=teaser(report.markdown, 200),
        )

    def report_body(self, report: BattleReport, page_file: str, warnings: list[str]) -> str:
        """The report's Markdown as safe HTML, each video block as an HTML5 `<video>`."""
        videos: list[str] = []

        def hold(match: Any) -> str:
            videos.append(match.group("url").strip())
            return f"\n\nFLVIDEOBLOCK{len(videos) - 1}\n\n"

        text = VIDEO_BLOCK.sub(hold, report.markdown)
        body = render_markdown(self.md, text, remote_images=self.remote)
        for index, url in enumerate(videos):
            body = body.replace(
                f"<p>FLVIDEOBLOCK{index}</p>", self.video(url, page_file, report, warnings)
            )
        return body

    def video(self, url: str, page_file: str, report: BattleReport, warnings: list[str]) -> str:
        lowered = url.lower()
        if lowered.startswith(("http://", "https://")):
            if not self.remote:
                warnings.append(f"{report.origin}: video {url} is on another host; linked only")
                link = html.escape(url)
                return f'<p class="video-link"><a href="{link}">Watch the video</a></p>'
            src = url
        elif ":" in url.split("/")[0] or url.startswith("//") or ".." in url.split("/"):
            warnings.append(f"{report.origin}: video URL {url!r} is not allowed; dropped")
            return ""
        else:
            target = url.lstrip("/") if url.startswith("/") else "reports/" + url
            src = relative_url(page_file, target)
        safe = html.escape(src)
        return (
            f'<figure class="video"><video controls preload="metadata" src="{safe}">'
            f'<a href="{safe}">Download the video</a></video></figure>'
        )

    def reports_index(self) -> tuple[str, str]:
        items = [
            {
                **self.report_link(r),
                "author": r.author,
                "theatre_title": self.site.theatre_title(r.theatre) if r.theatre else "",
            }
            for r in self.site.reports
        ]
        return self.render("reports.html", "reports/", page_title="Reports", reports=items)

    def map_page(self, map_config: dict[str, Any]) -> tuple[str, str]:
        located, years = [], []
        for entry in sorted(self.site.entries, key=lambda e: (e.article.title, e.slug)):
            shown = self.shown(entry)
            if shown is None or shown.coordinates is None:
                continue
            if shown.start:
                years.append(shown.start.year)
            first, last = shown_years(shown, self.present_year)
            located.append(
                {
                    "slug": entry.slug,
                    "theatres": " ".join(entry.theatres),
                    "year_from": "" if first is None else first,
                    "year_to": "" if last is None else last,
                    "path": article_path(entry.slug),
                    "title": entry.article.title,
                    "dates": shown.dates,
                    "place": shown.place,
                    "lat": round(shown.coordinates.lat, 4),
                    "lon": round(shown.coordinates.lon, 4),
                }
            )
        located_reports = [
            {**self.report_link(r), "place": p.name, "lat": p.lat, "lon": p.lon}
            for r in self.site.reports
            for p in r.locations
        ]
        return self.render(
            "map.html",
            "map/",
            page_title="Map",
            located=located,
            located_reports=located_reports,
            year_min=min(years) if years else "",
            year_max=max(years + [self.present_year]) if years else "",
            map_config=json.dumps(map_config, sort_keys=True),
        )

    def attribution(self) -> tuple[str, str]:
        """Every article's source revision, every image's credit. Each article's row is HTML
        rendered once per entry (kept in the memo while the entry is the same)."""
        rows = [
            remembered(self.memo, "attribution row", e, partial(self._source_row, e))
            for e in sorted(self.site.entries, key=lambda e: (e.article.title, e.slug))
        ]
        sources = Markup("".join(row + "\n" for row in rows))  # each row escaped by its macro
        used: dict[str, list[dict[str, str]]] = defaultdict(list)
        shown: dict[str, Image] = {}
        for entry in self.site.entries:
            article = entry.article
            for item in dict.fromkeys([article.lead_image, *article.images]):
                image = self.image(item)
                if image is None or not (self.remote or image.file in self.site.local_images):
                    continue  # only images pages really show
                shown.setdefault(image.file, image)
                link = {"path": article_path(entry.slug), "title": article.title}
                if link not in used[image.file]:
                    used[image.file].append(link)
        images = [
            {
                "file": name,
                "credit": image_credit(shown[name]),
                "used_in": sorted(used[name], key=lambda u: u["title"]),
            }
            for name in sorted(shown)
        ]
        return self.render(
            "attribution.html",
            "attribution/",
            page_title="Attribution",
            sources=sources,
            images=images,
        )

    def _source_row(self, entry: SiteArticle) -> str:
        """The attribution table's row of one article (safe HTML: the macro escapes)."""
        row = {
            "path": article_path(entry.slug),
            "title": entry.article.title,
            "revision": entry.article.source.revision_id,
            "url": entry.article.source.url,
        }
        url = partial(relative_url, "attribution/index.html")
        made: str = self.env.get_template("macros.html").module.source_row(row, url)  # type: ignore[attr-defined]
        return made

    def search(self) -> tuple[str, str]:
        return self.render("search.html", "search/", page_title="Search")

    def not_found(self) -> tuple[str, str]:
        return self.render("notfound.html", "404.html", page_title="Page not found")
