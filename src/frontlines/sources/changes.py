"""Recent changes: what a wiki says changed, from `list=recentchanges` or EventStreams.

Both sources become the same `RecentChange` records, ordered as the wiki orders them:
by (timestamp, rcid). `Position` is a point in that order; a change is new when it comes after
the stored position, so a restart neither skips nor repeats one.

    RecentChange.from_api(item)     one `list=recentchanges` row (formatversion=2)
    RecentChange.from_event(event)  one EventStreams `recentchange` event (JSON)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

EDIT = "edit"
NEW = "new"
LOG = "log"
CATEGORIZE = "categorize"
KINDS = frozenset({EDIT, NEW, LOG, CATEGORIZE})
ARTICLE_NS = 0
CATEGORY_NS = 14


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A point in the wiki's change order: the change at (timestamp, rcid) and all before it."""

    timestamp: str  # ISO 8601 UTC, e.g. 2024-05-01T12:00:00Z
    rcid: int


@dataclass(frozen=True, slots=True)
class RecentChange:
    """One row of the wiki's recent changes."""

    timestamp: str
    rcid: int
    kind: str  # edit | new | log | categorize
    namespace: int
    title: str
    revision_id: int | None = None
    log_type: str | None = None  # delete, move, ... for kind "log"
    log_action: str | None = None
    target: str | None = None  # a move's new title

    @property
    def position(self) -> Position:
        return Position(self.timestamp, self.rcid)

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> RecentChange | None:
        """A `list=recentchanges` row (rcprop=title|ids|timestamp|loginfo); None when unusable."""
        try:
            rcid = int(item["rcid"])
            timestamp = str(item["timestamp"])
            title = str(item["title"])
        except (KeyError, TypeError, ValueError):
            return None
        kind = str(item.get("type", ""))
        if kind not in KINDS or not title:
            return None
        params = item.get("logparams")
        target = params.get("target_title") if isinstance(params, dict) else None
        revision = item.get("revid")
        return cls(
            timestamp=timestamp,
            rcid=rcid,
            kind=kind,
            namespace=_int(item.get("ns"), -1),
            title=title,
            revision_id=int(revision) if isinstance(revision, int) and revision > 0 else None,
            log_type=_text(item.get("logtype")),
            log_action=_text(item.get("logaction")),
            target=_text(target),
        )

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> RecentChange | None:
        """An EventStreams `recentchange` event; None when it is not a usable change."""
        rcid = event.get("id")
        when = event.get("timestamp")
        title = event.get("title")
        kind = str(event.get("type", ""))
        if not isinstance(rcid, int) or not isinstance(when, int | float) or not title:
            return None
        if kind not in KINDS:
            return None
        revision = event.get("revision")
        new_revision = revision.get("new") if isinstance(revision, dict) else None
        params = event.get("log_params")
        target = params.get("target") if isinstance(params, dict) else None
        return cls(
            timestamp=datetime.fromtimestamp(float(when), UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            rcid=rcid,
            kind=kind,
            namespace=_int(event.get("namespace"), -1),
            title=str(title),
            revision_id=new_revision if isinstance(new_revision, int) else None,
            log_type=_text(event.get("log_type")),
            log_action=_text(event.get("log_action")),
            target=_text(target),
        )


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) else default


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


__all__ = [
    "ARTICLE_NS",
    "CATEGORIZE",
    "CATEGORY_NS",
    "EDIT",
    "LOG",
    "NEW",
    "Position",
    "RecentChange",
]
