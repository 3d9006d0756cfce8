"""What changed, on the site: each article's History, "Latest changes" pages and Atom feeds.

    changes_from(store, entries)      the store's change records of published articles
    history_items(site, slug)         an article's History section (newest first)
    history_pages(pages)              changes/ (the site) and theatres/<name>/changes/
    change_feeds(site)                changes.xml and theatres/<name>/changes.xml (Atom)

Every record links the two revisions' diff on the source wiki (`index.php?diff=NEW&oldid=OLD`),
its index.php derived from the configured api.php URL the page came from, else from the page
URL of its source. Summaries come with the records (extract/changes.py wrote them); everything
reaches the templates as plain text and is autoescaped there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlencode, urlsplit

from frontlines.publish.data import SiteArticle, SiteChange, SiteData
from frontlines.publish.feeds import FeedItem, feed_file
from frontlines.publish.views import absolute_url, article_path, theatre_path
from frontlines.store.records import StoredChange

HOME_SIZE = 8  # changes on the home page
PAGE_SIZE = 200  # records on a "Latest changes" page


@runtime_checkable
class ChangeStore(Protocol):
    """The part of `frontlines.store.Store` that holds the history."""

    def changes(
        self,
        *,
        theatre: str | None = None,
        since: str | None = None,
        title: str | None = None,
        limit: int | None = None,
    ) -> Sequence[StoredChange]: ...


def changes_from(store: object, entries: Iterable[SiteArticle]) -> tuple[SiteChange, ...]:
    """Change records of the articles the site publishes, newest first."""
    if not isinstance(store, ChangeStore):
        return ()
    published = {entry.slug: entry for entry in entries}
    found: list[SiteChange] = []
    for row in store.changes():
        entry = published.get(row.slug or "")
        if row.status != "active" or entry is None or row.theatre not in entry.theatres:
            continue
        found.append(
            SiteChange(
                title=row.title,
                slug=entry.slug,
                theatre=row.theatre,
                from_revision=row.from_revision,
                to_revision=row.to_revision,
                timestamp=row.timestamp or entry.revision_time,
                diff_url=diff_url(index_url(row.origin, row.source_url), row),
                changes=tuple(row.changes),
            )
        )
    return tuple(found)


def index_url(origin: str, source_url: str | None) -> str | None:
    """The wiki's index.php: from the api.php URL the page came from, else its page URL."""
    if origin.startswith(("http://", "https://")) and origin.endswith("api.php"):
        return origin[: -len("api.php")] + "index.php"
    if not source_url:
        return None
    parts = urlsplit(source_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.path.endswith("index.php"):
        return f"{parts.scheme}://{parts.netloc}{parts.path}"
    if "/wiki/" in parts.path:
        return f"{parts.scheme}://{parts.netloc}{parts.path.split('/wiki/')[0]}/w/index.php"
    return None


def diff_url(index: str | None, row: StoredChange) -> str | None:
    if index is None:
        return None
    if row.from_revision is None:
        return f"{index}?{urlencode({'oldid': row.to_revision})}"
    return f"{index}?{urlencode({'diff': row.to_revision, 'oldid': row.from_revision})}"


def anchor(change: SiteChange) -> str:
    """The id of a record on its article page."""
    return f"change-{change.from_revision or 0}-{change.to_revision}"


def item(change: SiteChange, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """One record as the templates show it."""
    return {
        "title": change.title,
        "path": article_path(change.slug),
        "anchor": anchor(change),
        "theatre": change.theatre,
        "theatre_title": (titles or {}).get(change.theatre, change.theatre),
        "timestamp": change.timestamp,
        "date": change.timestamp[:10],
        "diff_url": change.diff_url,
        "from_revision": change.from_revision,
        "to_revision": change.to_revision,
        "summaries": [str(c.get("summary") or c.get("field") or "") for c in change.changes],
    }


def history_items(site: SiteData, slug: str) -> list[dict[str, Any]]:
    """The article's History section, newest first."""
    return [item(c) for c in site.changes if c.slug == slug]


def latest_items(site: SiteData, theatre: str | None, size: int) -> list[dict[str, Any]]:
    """The newest records of a theatre (or of the site), one per (article, revision)."""
    titles = {t.name: t.title for t in site.theatres}
    chosen = [c for c in site.changes if theatre is None or c.theatre == theatre]
    return [item(c, titles) for c in _unique(chosen)[:size]]


def _unique(changes: Iterable[SiteChange]) -> list[SiteChange]:
    """An article in two theatres has one record per theatre in the store: show it once."""
    seen: set[tuple[str, int | None, int]] = set()
    kept: list[SiteChange] = []
    for change in changes:
        key = (change.slug, change.from_revision, change.to_revision)
        if key not in seen:
            seen.add(key)
            kept.append(change)
    return kept


class HistoryRenderer(Protocol):
    site: SiteData

    def render(self, template: str, path: str, **context: Any) -> tuple[str, str]: ...


def history_pages(pages: HistoryRenderer) -> list[tuple[str, str]]:
    """The "Latest changes" page of the site and of each theatre."""
    site = pages.site
    rendered = [
        pages.render(
            "changes.html",
            "changes/",
            page_title="Latest changes",
            title="Latest changes",
            feed=None,
            items=latest_items(site, None, PAGE_SIZE),
            description=f"What changed in the articles of {site.settings.title}, fact by fact",
        )
    ]
    for theatre in site.theatres:
        path = theatre_path(theatre.name)
        rendered.append(
            pages.render(
                "changes.html",
                path + "changes/",
                page_title=f"{theatre.title}: latest changes",
                title=f"{theatre.title}: latest changes",
                feed=path + "changes.xml",
                theatre_home=path,
                items=latest_items(site, theatre.name, PAGE_SIZE),
                description=f"What changed in the articles of {theatre.title}, fact by fact",
            )
        )
    return rendered


def change_feeds(site: SiteData) -> list[tuple[str, str]]:
    """Atom feeds of changes: the site's (changes.xml) and each theatre's."""
    base = site.settings.absolute_base
    fallback = max((e.revision_time for e in site.entries), default="1970-01-01")

    def items(theatre: str | None) -> list[FeedItem]:
        chosen = _unique(c for c in site.changes if theatre is None or c.theatre == theatre)
        return [_feed_item(base, change) for change in chosen]

    title = site.settings.title
    feeds = [
        feed_file(
            base, "changes.xml", f"{title}: latest changes", "changes/", items(None), fallback
        )
    ]
    for theatre in site.theatres:
        path = theatre_path(theatre.name)
        feeds.append(
            feed_file(
                base,
                path + "changes.xml",
                f"{title}: {theatre.title}: latest changes",
                path + "changes/",
                items(theatre.name),
                fallback,
            )
        )
    return feeds


def _feed_item(base: str, change: SiteChange) -> FeedItem:
    summaries = [str(c.get("summary") or c.get("field") or "") for c in change.changes]
    head = summaries[0] if len(summaries) == 1 else f"{len(summaries)} changes"
    text = "; ".join(summaries)
    if change.diff_url:
        text += f" (diff: {change.diff_url})"
    return FeedItem(
        title=f"{change.title}: {head}",
        url=absolute_url(base, article_path(change.slug) + "#" + anchor(change)),
        updated=change.timestamp,
        summary=text,
        author="Wikipedia contributors",
        rights=f"CC BY-SA 4.0: revision {change.to_revision} of {change.title}",
    )
