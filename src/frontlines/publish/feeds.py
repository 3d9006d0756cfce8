"""Atom feeds (the whole site, and one per theatre) and the sitemap.

Dates come from the store and the revisions, never from the clock, so feeds are as
deterministic as the pages: the feed's `updated` is its newest entry's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
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


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


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
    """An Atom 1.0 document with the newest FEED_SIZE items (newest first).

    `keep_order`: the items are already in the feed's order (an events feed orders by the
    events' dates, not by `updated`); the feed's `updated` is still the newest item's.
    """
    if keep_order:
        ordered = list(items[:FEED_SIZE])
    else:
        ordered = sorted(items, key=lambda i: (i.updated, i.url), reverse=True)[:FEED_SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _child(feed, f"{{{ATOM}}}title", title)
    _child(feed, f"{{{ATOM}}}id", feed_url)
    _child(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    _child(feed, f"{{{ATOM}}}link", rel="alternate", href=site_url)
    if keep_order:
        updated = max((rfc3339(i.updated) for i in ordered), default=rfc3339(fallback_updated))
    else:
        updated = rfc3339(ordered[0].updated if ordered else fallback_updated)
    _child(feed, f"{{{ATOM}}}updated", updated)
    _child(feed, f"{{{ATOM}}}generator", "Front Lines")
    for item in ordered:
        entry = _child(feed, f"{{{ATOM}}}entry")
        _child(entry, f"{{{ATOM}}}title", item.title)
        _child(entry, f"{{{ATOM}}}id", item.url)
        _child(entry, f"{{{ATOM}}}link", rel="alternate", href=item.url)
        _child(entry, f"{{{ATOM}}}updated", rfc3339(item.updated))
        author = _child(entry, f"{{{ATOM}}}author")
        _child(author, f"{{{ATOM}}}name", item.author)
        _child(entry, f"{{{ATOM}}}summary", item.summary)
        _child(entry, f"{{{ATOM}}}rights", item.rights)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


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
