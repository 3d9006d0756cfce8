"""The `events` table: each article's dated sentences (part of the Store's SQL).

`Store` (db.py) inherits these methods and writes an article's events in the same transaction
as the article itself (`put_events`), replacing the ones of its previous revision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from frontlines.model import Event
from frontlines.store.mixin import StoreMixin


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One event as the site reads it: the event and the article it belongs to."""

    title: str
    slug: str
    theatre: str
    position: int  # order in the article, from 0
    event: Event


_COLUMNS = (
    'position, date, "end", other_dates, text, display, section, anchor, kind, refs, places, '
    "revision"
)


class EventTables(StoreMixin):
    """`events` (docs/store.md)."""

    def put_events(self, page_key: int, events: Iterable[Event]) -> None:
        """Replace the page's events (call inside the page's transaction)."""
        self._db.execute("DELETE FROM events WHERE page = ?", (page_key,))
        self._db.executemany(
            f"INSERT INTO events (page, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    page_key,
                    position,
                    event.date,
                    event.end,
                    json.dumps(list(event.other_dates)),
                    event.text,
                    event.display,
                    event.section,
                    event.anchor,
                    event.kind,
                    json.dumps(list(event.refs)),
                    json.dumps(list(event.places), ensure_ascii=False),
                    event.revision,
                )
                for position, event in enumerate(events)
            ],
        )

    def iter_events(self, theatre: str | None = None) -> Iterator[StoredEvent]:
        """Events of active pages (of one theatre, if given), by date then article order."""
        columns = ", ".join("e." + column.strip() for column in _COLUMNS.split(","))
        sql = (
            f"SELECT p.title, a.slug, p.theatre, {columns} "
            "FROM events e JOIN pages p ON p.id = e.page JOIN articles a ON a.page = e.page "
            "WHERE p.status = 'active'"
        )
        parameters: tuple[str, ...] = ()
        if theatre is not None:
            sql += " AND p.theatre = ?"
            parameters = (theatre,)
        for row in self._db.execute(sql + " ORDER BY e.date, p.title, e.position", parameters):
            yield StoredEvent(
                title=row["title"],
                slug=row["slug"],
                theatre=row["theatre"],
                position=row["position"],
                event=Event(
                    date=row["date"],
                    end=row["end"],
                    other_dates=tuple(json.loads(row["other_dates"])),
                    text=row["text"],
                    section=row["section"],
                    anchor=row["anchor"],
                    kind=row["kind"],
                    refs=tuple(json.loads(row["refs"])),
                    places=tuple(json.loads(row["places"])),
                    revision=row["revision"],
                    display=row["display"],
                ),
            )
