"""The SQLite store (`frontlines.db`): schema migrations and the Store API.

`schema.py` holds the only DDL, `db.py` (with `content.py`, `events.py`, `figures.py`,
`history.py`, `positions.py`) the only SQL, `records.py` the rows
handed in and out (`Stored...` where model.py has a record of the same thing).

May import: model, errors, config and the leaf modules; never sources, parse, extract, publish
or cli (checked by `make layers`).
"""

from __future__ import annotations

from pathlib import Path

from frontlines.errors import StoreError
from frontlines.store.db import IMAGE_NOT_FOUND, MISSING_LICENCE, Store, utc_now
from frontlines.store.events import StoredEvent
from frontlines.store.records import (
    NEW,
    UPDATED,
    ChangeRecord,
    ConflictRow,
    FollowPosition,
    ImageRecord,
    IssueRow,
    PageState,
    RunCounts,
    StoreCounts,
    StoredArticle,
    StoredArticleText,
    StoredChange,
    StoredFeature,
    StoredReport,
    SyncRun,
    TheatreCounts,
)


def open_existing(db_path: Path) -> Store:
    """The store at `db_path`, which must exist (reading commands never create one)."""
    if not db_path.is_file():
        raise StoreError(f"no store at {db_path} yet; run `frontlines sync` first")
    return Store(db_path, read_only=True)


__all__ = [
    "IMAGE_NOT_FOUND",
    "MISSING_LICENCE",
    "NEW",
    "UPDATED",
    "open_existing",
    "ChangeRecord",
    "StoredChange",
    "ConflictRow",
    "FollowPosition",
    "ImageRecord",
    "IssueRow",
    "PageState",
    "StoredReport",
    "RunCounts",
    "Store",
    "StoreCounts",
    "StoredArticle",
    "StoredArticleText",
    "StoredEvent",
    "SyncRun",
    "StoredFeature",
    "TheatreCounts",
    "utc_now",
]
