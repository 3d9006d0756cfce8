"""The `changes` table: each page's history, fact by fact (part of the Store's SQL).

`Store` (db.py) inherits these methods. `put_page(..., changes=, earlier=)` writes a page's
change records (and the earlier revisions they came from) in the same transaction as the new
revision; `put_failed_revision` records a revision that did not convert, without touching the
page's article. Rows are keyed by the page row (its title), so a page deleted and re-created on
the wiki keeps one history.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from frontlines.model import RawPage
from frontlines.store.mixin import StoreMixin
from frontlines.store.records import ChangeRecord, StoredChange


class HistoryTables(StoreMixin):
    """`changes` (docs/store.md), and the stored article a new revision is compared with."""

    def stored_article(self, title: str) -> tuple[int | None, dict[str, Any]] | None:
        """The revision id and article JSON the store holds for `title` (any status)."""
        row = self._db.execute(
            "SELECT a.revision_id, a.json FROM articles a JOIN pages p ON p.id = a.page "
            "WHERE p.title = ?",
            (title,),
        ).fetchone()
        if row is None:
            return None
        return (None if row[0] is None else int(row[0])), json.loads(row[1])

    def _put_history(
        self, page_key: int, earlier: Sequence[RawPage], changes: Sequence[ChangeRecord]
    ) -> None:
        """Earlier revisions' wikitext and the change records (inside put_page's transaction)."""
        now = self.clock()
        self._db.executemany(
            "INSERT OR IGNORE INTO revisions (page, revision_id, timestamp, sha1, text, fetched) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (page_key, p.revision_id, p.timestamp, p.sha1, p.text, now)
                for p in earlier
                if p.revision_id is not None
            ],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO changes (page, from_revision, to_revision, timestamp, "
            "changes, recorded) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    page_key,
                    c.from_revision,
                    c.to_revision,
                    c.timestamp,
                    json.dumps(list(c.changes), ensure_ascii=False),
                    now,
                )
                for c in changes
            ],
        )

    def put_failed_revision(self, page: RawPage, change: ChangeRecord) -> bool:
        """Record a revision that did not convert: its wikitext and its change record.

        Only for a page the store already holds (a new page that fails has no history yet);
        the page's article and revision id stay as they were. False when the page is unknown.
        """
        with self.transaction():
            key = self._one("SELECT id FROM pages WHERE title = ?", (page.title,))
            if key is None:
                return False
            self._put_history(int(key), [page], [change])
        return True

    def changes(
        self,
        *,
        theatre: str | None = None,
        since: str | None = None,
        title: str | None = None,
        limit: int | None = None,
    ) -> list[StoredChange]:
        """Change records, newest first (by the newer revision's time, then its id)."""
        sql = (
            "SELECT p.title, p.theatre, a.slug, p.status, p.origin, a.json AS article, "
            "c.from_revision, c.to_revision, c.timestamp, c.changes FROM changes c "
            "JOIN pages p ON p.id = c.page LEFT JOIN articles a ON a.page = c.page WHERE 1 = 1"
        )
        parameters: list[Any] = []
        if theatre is not None:
            sql += " AND p.theatre = ?"
            parameters.append(theatre)
        if since is not None:
            sql += " AND c.timestamp >= ?"
            parameters.append(since)
        if title is not None:
            sql += " AND p.title = ?"
            parameters.append(title)
        sql += " ORDER BY c.timestamp IS NULL, c.timestamp DESC, c.to_revision DESC, c.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return [_stored_change(row) for row in self._db.execute(sql, parameters)]


def _stored_change(row: sqlite3.Row) -> StoredChange:
    article = json.loads(row["article"]) if row["article"] else {}
    source = article.get("source") if isinstance(article, dict) else None
    return StoredChange(
        title=str(row["title"]),
        theatre=str(row["theatre"]),
        slug=row["slug"],
        status=str(row["status"]),
        origin=str(row["origin"] or ""),
        source_url=str(source["url"]) if isinstance(source, dict) and source.get("url") else None,
        from_revision=row["from_revision"],
        to_revision=int(row["to_revision"]),
        timestamp=row["timestamp"],
        changes=tuple(json.loads(row["changes"])),
    )
