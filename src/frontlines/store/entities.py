"""Entities, participations, Country data templates and redirects (part of the Store's SQL).

`Store` (db.py) inherits these methods. The entity tables are derived data: `replace_entities`
rewrites them whole from the stored conflicts (frontlines.entity_index does that after every
sync), so a redirect or a Country data template learned later merges or renames entities
everywhere at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from frontlines.store.mixin import StoreMixin
from frontlines.store.records import EntityRow, ParticipationRow


@dataclass(frozen=True, slots=True)
class NewParticipation:
    """One party or commander of one stored conflict, with its resolved entity title."""

    conflict_title: str
    entity: str
    kind: str  # party | commander
    side: int  # 1, 2, ...
    position: int
    name: str
    supporting: bool = False
    qualifier: str | None = None
    fate: str | None = None


class EntityTables(StoreMixin):
    """`entities`, `participations`, `wiki_templates`, `redirects` (docs/store.md)."""

    def put_template(self, title: str, text: str, revision_id: int | None = None) -> None:
        """Keep one wiki template (a `Template:Country data X` page), replacing its old text."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO wiki_templates (title, text, revision_id, fetched) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (title) DO UPDATE SET text = excluded.text, "
                "revision_id = excluded.revision_id, fetched = excluded.fetched",
                (title, text, revision_id, self.clock()),
            )

    def templates(self) -> dict[str, str]:
        """Every kept template's text by title."""
        rows = self._db.execute("SELECT title, text FROM wiki_templates ORDER BY title")
        return {row[0]: row[1] for row in rows}

    def put_redirects(self, redirects: Mapping[str, str]) -> int:
        """Remember redirects (from → to) learned from the wiki; return how many were new."""
        before = self._db.execute("SELECT COUNT(*) FROM redirects").fetchone()[0]
        with self.transaction():
            self._db.executemany(
                "INSERT INTO redirects (title, target, learned) VALUES (?, ?, ?) "
                "ON CONFLICT (title) DO UPDATE SET target = excluded.target",
                [(a, b, self.clock()) for a, b in redirects.items() if a and b and a != b],
            )
        after = self._db.execute("SELECT COUNT(*) FROM redirects").fetchone()[0]
        return int(after - before)

    def redirects(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self._db.execute("SELECT title, target FROM redirects")}

    def replace_entities(self, participations: Iterable[NewParticipation]) -> int:
        """Rewrite `entities` and `participations` from scratch; return how many entities."""
        rows = list(participations)
        names: dict[tuple[str, str], list[str]] = {}
        for row in rows:
            seen = names.setdefault((row.entity, row.kind), [])
            if row.name not in seen:
                seen.append(row.name)
        with self.transaction():
            self._db.execute("DELETE FROM participations")
            self._db.execute("DELETE FROM entities")
            keys: dict[tuple[str, str], int] = {}
            for (title, kind), shown in sorted(names.items()):
                cursor = self._db.execute(
                    "INSERT INTO entities (title, kind, names) VALUES (?, ?, ?)",
                    (title, kind, json.dumps(shown, ensure_ascii=False)),
                )
                keys[(title, kind)] = int(cursor.lastrowid or 0)
            pages = {
                row[0]: row[1]
                for row in self._db.execute(
                    "SELECT p.title, c.page FROM conflicts c JOIN pages p ON p.id = c.page"
                )
            }
            self._db.executemany(
                "INSERT INTO participations (entity, conflict, side, position, name, supporting, "
                "qualifier, fate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        keys[(row.entity, row.kind)],
                        pages[row.conflict_title],
                        row.side,
                        row.position,
                        row.name,
                        int(row.supporting),
                        row.qualifier,
                        row.fate,
                    )
                    for row in rows
                    if row.conflict_title in pages
                ],
            )
        return len(keys)

    def entities(self) -> list[EntityRow]:
        """Every entity with its names and how many active conflicts it took part in."""
        rows = self._db.execute(
            "SELECT e.id, e.title, e.kind, e.names, COUNT(DISTINCT x.conflict) FROM entities e "
            "LEFT JOIN participations x ON x.entity = e.id "
            "LEFT JOIN pages p ON p.id = x.conflict AND p.status = 'active' "
            "GROUP BY e.id ORDER BY e.kind, e.title"
        )
        return [EntityRow(r[0], r[1], r[2], tuple(json.loads(r[3])), int(r[4])) for r in rows]

    def participations(self) -> list[ParticipationRow]:
        """Every participation of an active conflict, by entity, then conflict and side."""
        rows = self._db.execute(
            "SELECT e.id, e.title, e.kind, p.title, x.side, x.position, x.name, x.supporting, "
            "x.qualifier, x.fate FROM participations x JOIN entities e ON e.id = x.entity "
            "JOIN pages p ON p.id = x.conflict WHERE p.status = 'active' "
            "ORDER BY e.kind, e.title, p.title, x.side, x.position"
        )
        return [
            ParticipationRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9])
            for r in rows
        ]
