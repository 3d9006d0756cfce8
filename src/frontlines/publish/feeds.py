"""Atom feeds (the whole site, and one per theatre) and the sitemap.

Dates come from the store and the revisions, never from the clock, so feeds are as
deterministic as the pages: the feed's `updated` is its newest entry's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from frontlines.publish.views import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 50


@dataclass(frozen=True, slots=True)
class FeedItem:
    title: str
    url: str  # absolute
    updated: str  # RFC 3339
    summary: str
    author: str
    rights: str


def rfc3339(stamp: str) -> str:
    """An ISO 8601 date or time as an Atom (RFC 3339) timestamp, UTC assumed when no zone."""
    stamp = stamp.strip()
    if len(stamp) == 10:
        return stamp + "T00:00:00Z"
    if stamp.endswith("Z") or "+" in stamp[10:] or stamp[10:].count("-"):
        return stamp
    return stamp + "Z"


def feed_file(
    base: str,
    path: str,
    title: str,
    page: str,
    items: Sequence[FeedItem],
    fallback_updated: str,
    *,
    keep_order: bool = False,
) -> tuple[str, str]:
    """The feed written at site path `path`, about the page at site path `page`: (path, Atom)."""
    feed = atom_feed(
        title,
        absolute_url(base, path),
        absolute_url(base, page),
        items,
        fallback_updated,
        keep_order=keep_order,
    )
    return path, feed


def atom_feed(
    title: str,
    feed_url: str,
    site_url: str,
    items: Sequence[FeedItem],
    fallback_updated: str,
    *,
    keep_order: bool = False,
) -> str:
    """An Atom 1.0 document with the newest FEED_SIZE items (newest first), written as text
    (the bytes of ElementTree's indented output, without building the tree).

    `keep_order`: the items are already in the feed's order (an events feed orders by the
    events' dates, not by `updated`); the feed's `updated` is still the newest item's.
    """
    if keep_order:
        ordered = list(items[:FEED_SIZE])
    else:
        ordered = sorted(items, key=lambda i: (i.updated, i.url), reverse=True)[:FEED_SIZE]
    if keep_order:
        updated = max((rfc3339(i.updated) for i in ordered), default=rfc3339(fallback_updated))
    else:
        updated = rfc3339(ordered[0].updated if ordered else fallback_updated)
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM}">\n',
        _leaf("  ", "title", title),
        _leaf("  ", "id", feed_url),
        f'  <link rel="self" href="{_attribute(feed_url)}" />\n',
        f'  <link rel="alternate" href="{_attribute(site_url)}" />\n',
        _leaf("  ", "updated", updated),
        _leaf("  ", "generator", "Front Lines"),
    ]
    parts.extend(_atom_entry(item) for item in ordered)
    parts.append("</feed>\n")
    return "".join(parts)


def _atom_entry(item: FeedItem) -> str:
    return "".join(
        [
            "  <entry>\n",
            _leaf("    ", "title", item.title),
            _leaf("    ", "id", item.url),
            f'    <link rel="alternate" href="{_attribute(item.url)}" />\n',
            _leaf("    ", "updated", rfc3339(item.updated)),
            "    <author>\n",
            _leaf("      ", "name", item.author),
            "    </author>\n",
            _leaf("    ", "summary", item.summary),
            _leaf("    ", "rights", item.rights),
            "  </entry>\n",
        ]
    )


def _leaf(indent: str, tag: str, text: str | None) -> str:
    """An element with text only, as ElementTree writes it (empty: a self-closing tag)."""
    return f"{indent}<{tag}>{escape(text)}</{tag}>\n" if text else f"{indent}<{tag} />\n"


def _attribute(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    return escape(text, {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def sitemap(urls: Iterable[tuple[str, str | None]]) -> str:
    """A sitemap of (absolute URL, lastmod or None), sorted by URL.

    Written as text, one `<url>` after another (the bytes ElementTree's indented output
    would give: the same escapes, two spaces a level), so a site of many pages costs one
    short string each."""
    listed = sorted(set(urls))
    if not listed:
        return f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{SITEMAP}" />\n'
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{SITEMAP}">\n']
    for loc, lastmod in listed:
        parts.append(f"  <url>\n    <loc>{escape(loc)}</loc>\n")
        if lastmod:
            parts.append(f"    <lastmod>{escape(rfc3339(lastmod))}</lastmod>\n")
        parts.append("  </url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)
