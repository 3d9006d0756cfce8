"""The SQLite store (`frontlines.db`): schema migrations and the Store API.

`schema.py` holds the only DDL, `db.py` (with `content.py` and `events.py`) the only SQL,
`records.py` the rows handed in and out.
"""

from __future__ import annotations

from frontlines.store.db import IMAGE_NOT_FOUND, MISSING_LICENCE, Store, utc_now
from frontlines.store.events import StoredEvent
from frontlines.store.records import (
    NEW,
    UPDATED,
    ConflictRow,
    ImageRecord,
    IssueRow,
    PageState,
    Report,
    RunCounts,
    StoreCounts,
    StoredArticle,
    SyncRun,
    TerritoryFeature,
    TheatreCounts,
)

__all__ = [
    "IMAGE_NOT_FOUND",
    "MISSING_LICENCE",
    "NEW",
    "UPDATED",
    "ConflictRow",
    "ImageRecord",
    "IssueRow",
    "PageState",
    "Report",
    "RunCounts",
    "Store",
    "StoreCounts",
    "StoredArticle",
    "StoredEvent",
    "SyncRun",
    "TerritoryFeature",
    "TheatreCounts",
    "utc_now",
]
