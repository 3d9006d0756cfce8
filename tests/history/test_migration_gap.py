"""Migration 5 (`changes`) may land before 2–4 (other branches): a gap below it still runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontlines.store import Store, schema


def test_a_migration_numbered_below_the_newest_applied_one_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "frontlines.db"
    Store(path).close()  # versions 1 and 5
    late = schema.Migration(3, "a table another branch adds", ("CREATE TABLE late (x INTEGER)",))
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], late, *schema.MIGRATIONS[1:]))
    Store(path).close()
    db = sqlite3.connect(path)
    versions = [row[0] for row in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert versions == [1, 3, 5]
    assert {"late", "changes"} <= tables
