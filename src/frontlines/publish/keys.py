"""What each HTML page is made from, as a digest: the incremental build's notion of "changed".

A page's key covers everything its rendering reads, so two builds that give a page the same
key give it the same bytes (the tests build both ways and compare every file):

* `common`: the build's code (every file of this package: templates, static files, Python),
  the library versions, the site settings, the theatres and whether there are reports;
* an article: its SiteArticle (the article record, theatres, dates, revision), its lead image as
  shown (merged with the store's licence data), the titles→slugs map its links resolve
  against, the display names of its tags and the reports of its theatres;
* a list of cards (a theatre, a tag): each entry's card as shown (title, dates, teaser, image),
  so an edit that leaves an article's card alone does not re-render the lists it is in;
* a timeline or the map: each entry's title, slug (the map: its theatres) and what the lists
  of conflicts show of its conflict (`views.ConflictShown`: dates, place, coordinates, the
  result's first line; not its figures, sides or commanders), and the present year (a
  timeline: where one of its conflicts runs to it);
* a theatre's events page: each of its entries' dated events as the page shows them (date,
  label, text, title, slug, link, footnote marks);
* a party's or commander's page: its names and, for each of its conflicts, the article's
  title, slug and what the lists show of its conflict, the side, name and fate it had there,
  and the present year when one of those conflicts runs to it (its bar ends there); the index of
  parties and commanders: each one's title, path and articles;
* home and attribution: the keys of every entry (any edit changes the latest articles and the
  revision list).

Article keys and cards are computed once per build (a long-running builder's memo keeps
them while their inputs are the same, `publish/live.py`). Feeds, data files and the sitemap
have no key: they are made on every build and compared by their bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from functools import partial
from importlib import metadata
from pathlib import Path

from frontlines.model import BattleReport
from frontlines.publish.data import SiteArticle, SiteChange, SiteData
from frontlines.publish.entities import EntityPage
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.manifest import digest, sha256_file
from frontlines.publish.pages import Pages
from frontlines.publish.theatre_events import article_event_rows
from frontlines.publish.views import ConflictShown

PACKAGE = Path(__file__).parent
LIBRARIES = ("frontlines", "jinja2", "markdown-it-py", "mdit-py-plugins", "bleach", "nh3")


@functools.cache
def code_fingerprint() -> str:
    """A digest of this package's files and of the rendering libraries' versions."""
    files = sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    parts = [(p.relative_to(PACKAGE).as_posix(), sha256_file(p)) for p in files]
    versions: list[tuple[str, str | None]] = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(parts, versions)


class InputKeys:
    """The key of each page of one build."""

    def __init__(self, site: SiteData, pages: Pages, memo: BuildMemo | None = None) -> None:
        self.site = site
        self.pages = pages
        self.memo = memo
        self.common = digest(code_fingerprint(), site.settings, site.theatres, bool(site.reports))
        self._entries = {e.slug: self._entry(e) for e in site.entries}
        self._cards = {e.slug: self._card(e) for e in site.entries}
        self._conflicts: dict[str, str] = {}
        self._to_present_slugs: set[str] = set()  # whose conflict runs to the present
        for entry in site.entries:
            shown = pages.shown(entry)
            self._conflicts[entry.slug] = self._conflict(entry, shown)
            if shown is not None and shown.to_present:
                self._to_present_slugs.add(entry.slug)
        self._all = digest(self.common, [self._entries[e.slug] for e in site.entries])
        self._reports = digest(site.reports)
        self._links = digest(sorted(pages.sibling_links.items()))
        self._changes = digest(site.changes)  # the home page's "Latest changes"
        history: dict[str, list[SiteChange]] = {}
        for change in site.changes:
            history.setdefault(change.slug, []).append(change)
        self._history = {slug: digest(changes) for slug, changes in history.items()}

    def _entry(self, entry: SiteArticle) -> str:
        """The entry, its lead image and its figures as shown (the store's licence data and
        the cached thumbnails of the images it shows are the inputs beside the entry)."""
        article = entry.article
        shown = [*article.images, *([article.lead_image] if article.lead_image else [])]
        images, local = self.site.images, self.site.local_images
        inputs = tuple((i.file, images.get(i.file), local.get(i.file)) for i in shown)
        return remembered(self.memo, "entry key", entry, partial(self._entry_key, entry), inputs)

    def _entry_key(self, entry: SiteArticle) -> str:
        figures = sorted(self.pages.figures(entry.article, "").items())  # cached thumbnails too
        return digest(digest(entry), self.pages.image(entry.article.lead_image), figures)

    def _card(self, entry: SiteArticle) -> str:
        card = self.pages.card(entry, "")  # the memo's object while the card stays the same
        make = partial(digest, entry.article.title, entry.slug, card)
        return remembered(self.memo, "card key", card, make)

    def _conflict(self, entry: SiteArticle, shown: ConflictShown | None) -> str:
        """What the lists of conflicts show of the entry."""
        key = lambda: digest(entry.article.title, entry.slug, shown)  # noqa: E731
        return remembered(self.memo, "conflict key", entry, key)

    def _to_present(self, entries: Iterable[SiteArticle]) -> int | None:
        """The present year, where one of `entries` runs to it (the end of its bar)."""
        runs = self._to_present_slugs
        return self.pages.present_year if any(e.slug in runs for e in entries) else None

    def _of(self, theatre: str, keys: dict[str, str]) -> list[str]:
        return [keys[e.slug] for e in self.site.entries if theatre in e.theatres]

    def _report_links(self, theatres: tuple[str, ...]) -> list[tuple[str, str, str]]:
        return [(r.slug, r.title, r.date) for r in self.site.reports if r.theatre in theatres]

    def plain(self, name: str) -> str:
        """A page that shows only what every page shows (404, search)."""
        return digest(self.common, name)

    def everything(self, name: str) -> str:
        """A page that lists every article and report (attribution, tags, map)."""
        return digest(self._all, self._reports, name, self.pages.present_year)

    def home(self) -> str:
        return digest(self.everything("home"), self._changes)

    def map(self) -> str:
        conflicts = [(self._conflicts[e.slug], e.theatres) for e in self.site.entries]
        located = [(r.slug, r.title, r.date, r.locations) for r in self.site.reports]
        detail = sorted(self.site.map_detail)  # which close-up layers the map points at
        return digest(self.common, "map", conflicts, located, self.pages.present_year, detail)

    def article(self, entry: SiteArticle) -> str:
        tags = [(name, self.pages.tags[slug][0]) for slug, name in self.pages.categories(entry)]
        inputs = (
            self.common,
            "article",
            self._entries[entry.slug],
            self._links,
            tags,
            self._report_links(entry.theatres),
            self._history.get(entry.slug),
        )
        return remembered(self.memo, "article key", entry, partial(digest, *inputs), inputs)

    def theatre(self, name: str, title: str) -> str:
        reports = self._report_links((name,))
        return digest(self.common, "theatre", name, title, self._of(name, self._cards), reports)

    def timeline(self, name: str, title: str) -> str:
        present = self._to_present(e for e in self.site.entries if name in e.theatres)
        conflicts = self._of(name, self._conflicts)
        return digest(self.common, "timeline", name, title, conflicts, present)

    def events(self, name: str, title: str) -> str:
        """A theatre's events page: what it shows of each of its articles' dated events."""
        shown = [self._events_shown(e) for e in self.site.entries if name in e.theatres]
        return digest(self.common, "events", name, title, shown)

    def _events_shown(self, entry: SiteArticle) -> str:
        """What the events page shows of an article: each dated event's date, label, text,
        article title, slug, link and footnote marks (not its revision, nor the feed's rights)."""

        def shown() -> str:
            make = partial(article_event_rows, entry)
            rows = remembered(self.memo, "event rows", entry, make)
            texts = [(r.date, r.label, r.text, r.article, r.slug, r.target) for r in rows]
            return digest(texts, [r.notes for r in rows])

        return remembered(self.memo, "events key", entry, shown)

    def entity(self, page: EntityPage) -> str:
        """A party's or commander's page: its names and, for each of its conflicts, the
        article's title, slug and conflict as the lists show it, and how the entity took part."""
        conflicts = tuple(self._conflicts[c.entry.slug] for c in page.conflicts)
        inputs = (self.common, self._present_year_of(page), conflicts)
        return remembered(self.memo, "entity key", page, partial(self._entity, page), inputs)

    def _present_year_of(self, page: EntityPage) -> int | None:
        """The present year where the page shows it: as the end of an ongoing conflict's bar
        (so a new year re-renders only the pages of parties and commanders still at war)."""
        return self._to_present(c.entry for c in page.conflicts)

    def _entity(self, page: EntityPage) -> str:
        shown = [
            (c.entry.slug, self._conflicts[c.entry.slug], c.side, c.supporting, c.qualifier)
            + (c.fate, c.name)
            for c in page.conflicts
        ]
        named = (page.title, page.kind, page.slug, page.names)
        return digest(self.common, "entity", named, shown, self._present_year_of(page))

    def entities_index(self) -> str:
        """The index of parties and commanders: each one's title, path and conflicts."""
        shown = [
            remembered(self.memo, "index row", p, partial(_index_row, p))
            for p in self.pages.entities
        ]
        return digest(self.common, "entities", shown)

    def tag(self, slug: str) -> str:
        name, members = self.pages.tags[slug]
        return digest(self.common, "tag", slug, name, [self._cards[e.slug] for e in members])

    def reports(self) -> str:
        return digest(self.common, "reports", self._reports)

    def report(self, report: BattleReport) -> str:
        return digest(self.common, "report", report)


def _index_row(page: EntityPage) -> str:
    """What the index of parties and commanders shows of one: title, path, its conflicts."""
    return digest(page.title, page.kind, page.slug, sorted({c.entry.slug for c in page.conflicts}))
