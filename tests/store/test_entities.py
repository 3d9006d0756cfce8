"""Migration 6 (entities, participations, wiki_templates, redirects) and its gaps: versions
3, 4 and 5 belong to other branches, and migrate() applies each migration by its number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from frontlines.convert import convert_page
from frontlines.store import Store
from frontlines.store.entities import NewParticipation
from frontlines.store.schema import FIGURES, INITIAL, migrate

from .test_figures import _page


def _versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def _store_at(path: Path, versions: list[int]) -> None:
    """A store as another branch left it: the given versions recorded (3-5: stand-ins)."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied TEXT NOT NULL)"
    )
    for migration in (INITIAL, FIGURES):
        if migration.version in versions:
            for statement in migration.statements:
                db.execute(statement)
    for version in versions:
        if version in (3, 4, 5):
            db.execute(f"CREATE TABLE other_branch_{version} (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO schema_migrations VALUES (?, 'then', 'then')", (version,))
    db.commit()
    db.close()


def test_a_store_with_other_branches_migrations_gains_version_6(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    _store_at(path, [1, 2, 3, 4, 5])
    with Store(path) as store:
        assert store.entities() == [] and store.templates() == {}
    assert _versions(path) == [1, 2, 3, 4, 5, 6]
    with sqlite3.connect(path, isolation_level=None) as db:
        assert migrate(db, now="later") == []  # nothing twice


def test_an_old_store_gains_2_and_6_and_leaves_the_gap(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    _store_at(path, [1])
    Store(path).close()
    assert _versions(path) == [1, 2, 6]


def test_participations_go_with_their_conflict(tmp_path: Path) -> None:
    with Store(tmp_path / "frontlines.db") as store:
        raw = _page(1)
        store.put_page(raw, convert_page(raw), theatre="test", kind="dump")
        count = store.replace_entities(
            [
                NewParticipation(raw.title, "Arden", "party", 1, 0, "Arden"),
                NewParticipation(raw.title, "Arden", "party", 2, 0, "Ardenese"),
                NewParticipation("Not stored", "Vess", "party", 1, 0, "Vess"),
            ]
        )
        assert count == 2  # Vess has a row, but no stored conflict to take part in
        arden = next(e for e in store.entities() if e.title == "Arden")
        assert (arden.names, arden.conflicts) == (("Arden", "Ardenese"), 1)
        assert [(p.side, p.name) for p in store.participations()] == [(1, "Arden"), (2, "Ardenese")]
        store.mark_removed([raw.title])
        assert store.participations() == []
