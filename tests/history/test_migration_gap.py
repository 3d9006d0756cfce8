"""A migration numbered below the newest applied one (one that landed later, from another
branch) still runs: `migrate` applies every migration the store has not recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontlines.store import Store, schema


def test_a_migration_numbered_below_the_newest_applied_one_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "frontlines.db"
    full = schema.MIGRATIONS
    missing = schema.FOLLOW
    assert full[0].version < missing.version < full[-1].version
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", tuple(m for m in full if m is not missing))
        Store(path).close()  # every version but the follow positions'
    db = sqlite3.connect(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert "follow_positions" not in tables and "changes" in tables
    Store(path).close()  # the full list again: the lower number is applied now
    db = sqlite3.connect(path)
    versions = [row[0] for row in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert versions == sorted(m.version for m in full)
    assert {"follow_positions", "changes"} <= tables
