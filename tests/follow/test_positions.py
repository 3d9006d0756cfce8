"""Follow positions in the store (migration 4) and how `status` shows them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from frontlines.cli.sync import status_data, status_lines
from frontlines.follow import follow_status, lag_seconds
from frontlines.store import Store
from frontlines.store.schema import FOLLOW, LATEST


def test_a_position_moves_forward_only_and_counts_changes(tmp_path: Path) -> None:
    now = ["2024-05-01T12:00:00Z"]
    api = "https://en.wikipedia.org/w/api.php"
    with Store(tmp_path / "frontlines.db", clock=lambda: now[0]) as store:
        assert store.follow_position(api) is None
        store.put_follow_position(api, None, timestamp="2024-05-01T11:59:00Z", rcid=10, changes=3)
        store.put_follow_position(api, None, timestamp="2024-05-01T11:59:00Z", rcid=12, changes=2)
        now[0] = "2024-05-01T12:02:00Z"
        store.put_follow_position(api, None, timestamp="2024-05-01T11:58:00Z", rcid=99)
        store.put_follow_position(api, "ukraine", timestamp="2024-05-01T11:00:00Z", rcid=1)
        position = store.follow_position(api)
        assert position is not None
        assert (position.timestamp, position.rcid, position.changes) == (
            "2024-05-01T11:59:00Z",
            12,
            5,
        )
        assert position.checked == "2024-05-01T12:02:00Z"  # the older one only updated this
        assert [p.theatre for p in store.follow_positions()] == [None, "ukraine"]
    db = sqlite3.connect(tmp_path / "frontlines.db")
    versions = [row[0] for row in db.execute("SELECT version FROM schema_migrations")]
    db.close()
    assert FOLLOW.version in versions and versions[-1] == LATEST


def test_status_shows_where_follow_stands(tmp_path: Path) -> None:
    with Store(tmp_path / "frontlines.db", clock=lambda: "2024-05-01T12:00:00Z") as store:
        store.put_follow_position(
            "https://w.example/api.php", None, timestamp="2024-05-01T11:59:50Z", rcid=7, changes=4
        )
        data = status_data(store.counts(), store.last_run())
        data["follow"] = follow_status(store.follow_positions(), now="2024-05-01T12:00:30Z")
    lines = status_lines(data)
    assert lines[-1] == (
        "Follow:    https://w.example/api.php at 2024-05-01T11:59:50Z #7, checked "
        "2024-05-01T12:00:00Z (30 s ago), 4 changes read"
    )
    assert lag_seconds("not a time") is None
