"""A theatre's events: every dated sentence of its articles, merged, for its events page and feed.

    rows = theatre_event_rows(site, "ukraine")     # by date, earliest first
    months = by_month(rows)                        # [(year label, [(month label, rows)])]

Each row has the date (label and ISO), the sentence (its `display` cut when long), the article
it comes from, the link to the sentence on the article page (`articles/<slug>/#event-N`, the id
publish/event_marks.py gives it) and its footnote marks as that page numbers them (links to
`#fnN` there). The page lists every event in HTML; its filters (conflict, year) only hide rows,
so it reads the same without JavaScript. The feed holds the newest events by date.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import NamedTuple

from frontlines.edtf import MONTH_NAMES, Day, Edtf, era_year, parse_edtf
from frontlines.publish.data import SiteArticle, SiteData
from frontlines.publish.event_marks import event_id, event_notes, footnote_marks
from frontlines.publish.feeds import FeedItem
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.views import absolute_url, article_path

FEED_EVENTS = 50


@dataclass(frozen=True, slots=True)
class EventRow:
    date: Edtf
    label: str  # "13 March 1815", "12 – 15 November 1942"
    text: str
    article: str  # the article's title
    slug: str
    target: str  # site path of the sentence: articles/<slug>/#event-N
    notes: tuple[tuple[str, str], ...]  # (mark, id) of its footnotes on the article page
    revision_time: str
    author: str  # the source's attribution ("Wikipedia contributors")
    rights: str  # its licence and the revision's URL

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def article_path(self) -> str:
        return article_path(self.slug)


@dataclass(frozen=True, slots=True)
class Month:
    label: str  # "March 1815"
    key: str  # "1815-03" (astronomical year), the heading's id suffix
    rows: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    label: str  # "1815", "331 BC"
    months: tuple[Month, ...]


def _label(date: Edtf, end: Edtf | None) -> str:
    return date.label() if end is None else f"{date.label()} – {end.label()}"


def article_event_rows(entry: SiteArticle) -> list[EventRow]:
    """One article's events with a date the site can read, in the article's order."""
    marks = footnote_marks(entry.article.markdown)
    rows = []
    for position, event in enumerate(entry.article.events):
        date = parse_edtf(event.date)
        if date is None:
            continue  # extraction drops impossible dates with an Issue; never shown half-read
        rows.append(
            EventRow(
                date=date,
                label=_label(date, parse_edtf(event.end) if event.end else None),
                text=event.display or event.text,
                article=entry.article.title or entry.slug,
                slug=entry.slug,
                target=f"{article_path(entry.slug)}#{event_id(position + 1)}",
                notes=tuple((n["mark"], n["anchor"]) for n in event_notes(event, marks)),
                revision_time=entry.revision_time,
                author=entry.article.source.attribution,
                rights=f"{entry.article.source.licence}: {entry.article.source.url}",
            )
        )
    return rows


def theatre_event_rows(
    site: SiteData, theatre: str, memo: BuildMemo | None = None
) -> list[EventRow]:
    """Every event of the theatre's articles, by date (the earliest day each can mean), then
    article and order in it (`memo`: each article's rows kept from the last build)."""
    return [item.row for item in sorted(_dated_rows(site, theatre, memo), key=_by_first_day)]


def _dated_rows(site: SiteData, theatre: str, memo: BuildMemo | None) -> list[_Dated]:
    return [
        item
        for entry in site.entries
        if theatre in entry.theatres
        for item in remembered(memo, "dated event rows", entry, partial(_dated, entry, memo))
    ]


class _Dated(NamedTuple):
    """A row with what it is sorted by: the page's order and the feed's."""

    first: Day
    slug: str
    position: int  # in its article
    last: Day
    row: EventRow


def _dated(entry: SiteArticle, memo: BuildMemo | None) -> list[_Dated]:
    rows = remembered(memo, "event rows", entry, partial(article_event_rows, entry))
    return [
        _Dated(row.date.first_day(), row.slug, index, row.date.last_day(), row)
        for index, row in enumerate(rows)
    ]


_by_first_day = itemgetter(0, 1, 2)


def by_month(rows: Sequence[EventRow]) -> list[Year]:
    """Rows (already by date) under year, then month headings."""
    years: list[Year] = []
    current: dict[tuple[int, int], list[EventRow]] = {}
    for row in rows:
        current.setdefault((row.date.year, row.date.month or 0), []).append(row)
    by_year: dict[int, list[Month]] = {}
    for (year, month), listed in current.items():
        name = MONTH_NAMES[month - 1] if month else "Month not stated"
        sign = "-" if year < 0 else ""
        key = f"{sign}{abs(year):04d}-{month:02d}"
        by_year.setdefault(year, []).append(Month(f"{name} {era_year(year)}", key, tuple(listed)))
    for year, months in by_year.items():
        years.append(Year(year, era_year(year), tuple(months)))
    return years


def articles_of(rows: Sequence[EventRow]) -> list[tuple[str, str]]:
    """(slug, title) of each article with events, by title: the conflict filter's choices."""
    return sorted({(row.slug, row.article) for row in rows}, key=lambda item: (item[1], item[0]))


def feed_items(site: SiteData, rows: Sequence[EventRow]) -> list[FeedItem]:
    """The newest FEED_EVENTS events by date, newest first, as feed entries.

    An entry's `updated` is the time of the revision its sentence was read from (Atom's
    meaning: when the entry last changed); the order is the events' own dates.
    """
    newest = heapq.nlargest(FEED_EVENTS, rows, key=lambda r: (r.date.last_day(), r.slug, r.target))
    return _feed_entries(site, newest)


def theatre_feed_items(
    site: SiteData, theatre: str, memo: BuildMemo | None = None
) -> list[FeedItem]:
    """`feed_items(site, theatre_event_rows(site, theatre, memo))`, with the rows' dates read
    once per article (kept in `memo`)."""
    rows = _dated_rows(site, theatre, memo)
    newest = heapq.nlargest(FEED_EVENTS, rows, key=lambda d: (d.last, d.slug, d.row.target))
    return _feed_entries(site, [d.row for d in newest])


def _feed_entries(site: SiteData, newest: Sequence[EventRow]) -> list[FeedItem]:
    base = site.settings.absolute_base
    return [
        FeedItem(
            title=f"{row.label}: {row.article}",
            url=absolute_url(base, row.target),
            updated=row.revision_time,
            summary=row.text,
            author=row.author,
            rights=row.rights,
        )
        for row in newest
    ]
