"""The entities migration (entities, participations, wiki_templates, redirects) and the
tables it keeps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from frontlines.convert import convert_page
from frontlines.store import Store
from frontlines.store.entities import NewParticipation
from frontlines.store.schema import ENTITIES, MIGRATIONS, Migration, migrate

from .test_figures import _page


def _versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def _store_at(path: Path, left_out: Migration) -> None:
    """A store made by a Front Lines that had every migration but `left_out`."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied TEXT NOT NULL)"
    )
    for migration in MIGRATIONS:
        if migration is not left_out:
            for statement in migration.statements:
                db.execute(statement)
            db.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, 'then')",
                (migration.version, migration.name),
            )
    db.close()


def test_a_store_without_the_entities_migration_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "frontlines.db"
    _store_at(path, ENTITIES)
    with Store(path) as store:
        assert store.entities() == [] and store.templates() == {}
    assert _versions(path) == sorted(m.version for m in MIGRATIONS)
    with sqlite3.connect(path, isolation_level=None) as db:
        assert migrate(db, now="later") == []  # nothing twice


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
