"""The store's SQL views and canned queries for the data API (`frontlines api`), and generic
reading of any table or view for the exports (part of the Store's SQL; `Store` inherits these).

A view or query names the tables (and columns) it needs: `ensure_views()` creates the views
whose tables the store has, drops the ones whose tables it lacks, and replaces a view whose SQL
changed; `canned_queries()` lists only the queries whose tables exist. So the views over tables
other branches are adding (figures, events, changes) appear by themselves once those tables do.
Views are the only DDL outside schema.py's migrations: they hold no data and are rebuilt freely.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from frontlines.store.catalog import Column
from frontlines.store.mixin import StoreMixin

_ACTIVE = (
    "FROM conflicts c JOIN pages p ON p.id = c.page JOIN articles a ON a.page = c.page "
    "WHERE p.status = 'active'"
)


def _side(n: int) -> str:
    return (
        f"(SELECT group_concat(json_extract(party.value, '$.name'), '; ') "
        f"FROM json_each(c.json, '$.sides[{n}].parties') party)"
    )


@dataclass(frozen=True, slots=True)
class View:
    name: str
    description: str
    sql: str
    columns: tuple[Column, ...]
    requires: Mapping[str, tuple[str, ...]]  # table → the columns it must have
    facets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    description: str
    sql: str
    requires: Mapping[str, tuple[str, ...]]


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


_CONFLICT = (
    _c("slug", "string", "the article's slug (unique)"),
    _c("title", "string", "the article's title"),
    _c("name", "string", "the conflict's name"),
    _c("theatre", "string", "the theatre"),
    _c("start", "string", "first date, EDTF"),
    _c("end", "string", "last date, EDTF"),
)
_CORE = {"conflicts": ("page", "json"), "pages": ("status",), "articles": ("slug",)}

VIEWS: tuple[View, ...] = (
    View(
        "conflict_summary",
        "One row per conflict (of an active article): its dates, place, coordinates and sides.",
        'SELECT a.slug, p.title, c.name, c.theatre, c.start, c."end", c.ongoing, c.place, '
        "c.lat, c.lon, c.result, json_extract(c.json, '$.partof') AS partof, "
        f"{_side(0)} AS side_1, {_side(1)} AS side_2, "
        "json_array_length(c.json, '$.sides') AS sides, "
        "json_extract(a.json, '$.source.url') AS url, p.revision_id, p.updated "
        f"{_ACTIVE}",
        (
            *_CONFLICT,
            _c("ongoing", "boolean", "1 when the date says present/ongoing"),
            _c("place", "string", "where"),
            _c("lat", "number", "latitude, decimal degrees"),
            _c("lon", "number", "longitude, decimal degrees"),
            _c("result", "string", "the result"),
            _c("partof", "string", "the wider conflict it was part of"),
            _c("side_1", "string", "the first side's parties, joined with '; '"),
            _c("side_2", "string", "the second side's parties, joined with '; '"),
            _c("sides", "integer", "how many sides the infobox lists"),
            _c("url", "string", "the source revision on the wiki"),
            _c("revision_id", "integer", "the revision converted"),
            _c("updated", "datetime", "the revision's time"),
        ),
        _CORE,
        facets=("theatre", "ongoing"),
    ),
    View(
        "conflict_parties",
        "One row per party per side per conflict.",
        'SELECT a.slug, p.title, c.name, c.theatre, c.start, c."end", '
        "side.key + 1 AS side, party.key + 1 AS position, "
        "json_extract(party.value, '$.name') AS party, "
        "json_extract(party.value, '$.link') AS link, "
        "json_extract(party.value, '$.qualifier') AS qualifier, "
        "json_extract(party.value, '$.supporting') AS supporting "
        "FROM conflicts c JOIN pages p ON p.id = c.page JOIN articles a ON a.page = c.page, "
        "json_each(c.json, '$.sides') side, json_each(side.value, '$.parties') party "
        "WHERE p.status = 'active'",
        (
            *_CONFLICT,
            _c("side", "integer", "the side (1 = first combatant column)"),
            _c("position", "integer", "order within the side"),
            _c("party", "string", "the party's name as displayed"),
            _c("link", "string", "the party's page on the wiki"),
            _c("qualifier", "string", "e.g. 'from 2013'"),
            _c("supporting", "boolean", "1 when listed under 'Supported by'"),
        ),
        _CORE,
        facets=("theatre", "party", "side", "supporting"),
    ),
    View(
        "conflict_commanders",
        "One row per commander per side per conflict.",
        'SELECT a.slug, p.title, c.name, c.theatre, c.start, c."end", '
        "side.key + 1 AS side, commander.key + 1 AS position, "
        "json_extract(commander.value, '$.name') AS commander, "
        "json_extract(commander.value, '$.link') AS link, "
        "json_extract(commander.value, '$.note') AS note, "
        "json_extract(commander.value, '$.fate') AS fate "
        "FROM conflicts c JOIN pages p ON p.id = c.page JOIN articles a ON a.page = c.page, "
        "json_each(c.json, '$.sides') side, json_each(side.value, '$.commanders') commander "
        "WHERE p.status = 'active'",
        (
            *_CONFLICT,
            _c("side", "integer", "the side (1 = first combatant column)"),
            _c("position", "integer", "order within the side"),
            _c("commander", "string", "the commander's name"),
            _c("link", "string", "the commander's page on the wiki"),
            _c("note", "string", "rank, unit"),
            _c("fate", "string", "KIA, POW, WIA, DOW, MIA, executed, ..."),
        ),
        _CORE,
        facets=("theatre", "fate"),
    ),
    View(
        "image_credits",
        "One row per image an article shows, with the image's licence and author.",
        "SELECT a.slug, ai.position, ai.lead, i.file, ai.caption, i.licence, i.licence_url, "
        "i.artist, i.credit, i.attribution_required, i.url, i.description_url, i.status "
        "FROM article_images ai JOIN images i ON i.id = ai.image "
        "JOIN articles a ON a.page = ai.page JOIN pages p ON p.id = ai.page "
        "WHERE p.status = 'active'",
        (
            _c("slug", "string", "the article's slug"),
            _c("position", "integer", "order in the article"),
            _c("lead", "boolean", "1 for the lead image"),
            _c("file", "string", "file name"),
            _c("caption", "string", "the caption in the article"),
            _c("licence", "string", "licence short name (empty when not known yet)"),
            _c("licence_url", "string", "the licence's URL"),
            _c("artist", "string", "author"),
            _c("credit", "string", "credit line"),
            _c("attribution_required", "boolean", "whether the licence requires attribution"),
            _c("url", "string", "the file"),
            _c("description_url", "string", "the file's description page"),
            _c("status", "string", "pending, found, missing"),
        ),
        {"article_images": ("page", "image"), "images": ("id",), "articles": ("slug",)},
        facets=("licence", "status"),
    ),
    # Over tables other branches are adding: created once those tables (and columns) exist.
    View(
        "conflict_figures",
        "One row per typed figure (killed, wounded, strength, ...) with its conflict and claimant.",
        "SELECT a.slug, c.name, c.theatre, f.* FROM figures f "
        "JOIN conflicts c ON c.page = f.conflict JOIN articles a ON a.page = f.conflict",
        (),
        {"figures": ("conflict",), "conflicts": ("page",), "articles": ("slug",)},
    ),
    View(
        "conflict_events",
        "One row per dated event, with its conflict.",
        "SELECT a.slug, c.name AS conflict, c.theatre, e.* FROM events e "
        "JOIN conflicts c ON c.page = e.page JOIN articles a ON a.page = e.page",
        (),
        {"events": ("page",), "conflicts": ("page",), "articles": ("slug",)},
    ),
    View(
        "article_changes",
        "One row per recorded change of an article, with its slug and title.",
        "SELECT a.slug, p.title, ch.* FROM changes ch "
        "JOIN pages p ON p.id = ch.page JOIN articles a ON a.page = ch.page",
        (),
        {"changes": ("page",), "articles": ("slug",)},
    ),
)

CANNED: tuple[CannedQuery, ...] = (
    CannedQuery(
        "theatre_conflicts",
        "Conflicts of a theatre in a period",
        "Conflicts of `theatre` that overlap the period from `since` to `until` "
        "(ISO dates or years: 2022, 2022-03, 2022-03-01).",
        'SELECT slug, name, start, "end", ongoing, place, lat, lon, side_1, side_2, result '
        "FROM conflict_summary WHERE theatre = :theatre "
        "AND (ongoing OR coalesce(\"end\", start) || '~' >= :since) AND start <= :until || '~' "
        "ORDER BY start, name",
        {"conflicts": ("page", "json")},
    ),
    CannedQuery(
        "party_conflicts",
        "A party's conflicts",
        "Every conflict a party (name contains `party`, any case) fought in, and on which side.",
        'SELECT slug, name, theatre, start, "end", side, party, supporting '
        "FROM conflict_parties WHERE party LIKE '%' || :party || '%' "
        "ORDER BY start, name, side",
        {"conflicts": ("page", "json")},
    ),
    CannedQuery(
        "killed_by_claimant",
        "Killed per conflict, by claimant",
        "The number of killed each claimant gives for each conflict (lowest and highest claim).",
        "SELECT a.slug, c.name, f.claimant, min(f.low) AS low, max(f.high) AS high "
        "FROM figures f JOIN conflicts c ON c.page = f.conflict "
        "JOIN articles a ON a.page = f.conflict "
        "WHERE f.category = 'killed' GROUP BY f.conflict, f.claimant ORDER BY c.name, f.claimant",
        {"figures": ("conflict", "category", "claimant", "low", "high")},
    ),
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DataViews(StoreMixin):
    """Views, canned queries and generic reading of tables (docs/api.md, docs/export.md)."""

    def relations(self) -> dict[str, str]:
        """Every table and view of the store: name → 'table' or 'view'."""
        rows = self._db.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return {str(row[0]): str(row[1]) for row in rows}

    def columns(self, name: str) -> list[tuple[str, str]]:
        """(column, declared type) of a table or view, in order ([] when there is none)."""
        if name not in self.relations():
            return []
        rows = self._db.execute(f"PRAGMA table_info({_quote(name)})")
        return [(str(row[1]), str(row[2] or "")) for row in rows]

    def has(self, requires: Mapping[str, tuple[str, ...]]) -> bool:
        """Whether every table named exists with every column named."""
        for table, needed in requires.items():
            present = {column for column, _ in self.columns(table)}
            if not present or not set(needed) <= present:
                return False
        return True

    def ensure_views(self) -> list[str]:
        """Create/replace the views whose tables exist, drop the others; return those present."""
        present: list[str] = []
        existing = {
            str(row[0]): str(row[1])
            for row in self._db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'")
        }
        with self.transaction():
            for view in VIEWS:
                wanted = f"CREATE VIEW {view.name} AS {view.sql}"
                if not self.has(view.requires):
                    if view.name in existing:
                        self._db.execute(f"DROP VIEW {view.name}")
                    continue
                if existing.get(view.name) != wanted:
                    self._db.execute(f"DROP VIEW IF EXISTS {view.name}")
                    self._db.execute(wanted)
                present.append(view.name)
        return present

    def canned_queries(self) -> list[CannedQuery]:
        """The canned queries whose tables exist."""
        return [query for query in CANNED if self.has(query.requires)]

    def page_slugs(self) -> dict[int, str]:
        """Each page's article slug, by the page's key."""
        return {
            int(row[0]): str(row[1]) for row in self._db.execute("SELECT page, slug FROM articles")
        }

    def rows(self, name: str, order: str | None = None) -> Iterator[dict[str, Any]]:
        """Every row of a table or view, as dicts (optionally ordered by one column)."""
        if name not in self.relations():
            raise KeyError(name)
        sql = f"SELECT * FROM {_quote(name)}"
        if order is not None:
            sql += f" ORDER BY {_quote(order)}"
        cursor = self._db.execute(sql)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, tuple(row), strict=True))
