"""Follow positions: the table `frontlines follow` writes (part of the Store's SQL).

`Store` (db.py) inherits these methods. A position is the last recent change a follow run has
applied, as the wiki orders them: (timestamp, rcid). It is written after each batch, in the same
transaction as nothing else: pages are stored first (each in its own transaction), then the
position moves, so a kill between the two only replays changes whose revisions are already
stored (and are then found unchanged).
"""

from __future__ import annotations

import sqlite3

from frontlines.store.mixin import StoreMixin
from frontlines.store.records import FollowPosition

_COLUMNS = "wiki, theatre, timestamp, rcid, checked, changes, run"


class FollowPositions(StoreMixin):
    """`follow_positions` (docs/store.md)."""

    def follow_position(self, wiki: str, theatre: str | None = None) -> FollowPosition | None:
        """Where following `wiki` (for one theatre, or all when None) stopped; None if never."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM follow_positions WHERE wiki = ? AND theatre = ?",
            (wiki, theatre or ""),
        ).fetchone()
        return None if row is None else _position(row)

    def follow_positions(self) -> list[FollowPosition]:
        """Every stored position, by wiki then theatre."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM follow_positions ORDER BY wiki, theatre"
        ).fetchall()
        return [_position(row) for row in rows]

    def put_follow_position(
        self,
        wiki: str,
        theatre: str | None,
        *,
        timestamp: str,
        rcid: int,
        changes: int = 0,
        run_id: int | None = None,
    ) -> None:
        """Move the position to (timestamp, rcid) and add `changes` to its count of changes read.

        A position never moves backwards: an older (timestamp, rcid) only updates `checked`.
        """
        now = self.clock()
        with self.transaction():
            self._db.execute(
                "INSERT INTO follow_positions (wiki, theatre, timestamp, rcid, checked, changes, "
                "run) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wiki, theatre) DO UPDATE SET "
                "timestamp = CASE WHEN (excluded.timestamp, excluded.rcid) > (timestamp, rcid) "
                "THEN excluded.timestamp ELSE timestamp END, "
                "rcid = CASE WHEN (excluded.timestamp, excluded.rcid) > (timestamp, rcid) "
                "THEN excluded.rcid ELSE rcid END, "
                "checked = excluded.checked, changes = changes + excluded.changes, "
                "run = COALESCE(excluded.run, run)",
                (wiki, theatre or "", timestamp, rcid, now, changes, run_id),
            )


def _position(row: sqlite3.Row) -> FollowPosition:
    return FollowPosition(
        wiki=str(row["wiki"]),
        theatre=str(row["theatre"]) or None,
        timestamp=str(row["timestamp"]),
        rcid=int(row["rcid"]),
        checked=str(row["checked"]),
        changes=int(row["changes"]),
        run_id=None if row["run"] is None else int(row["run"]),
    )
