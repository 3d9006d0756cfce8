"""Entity pages: every party and commander with the conflicts it took part in.

`entity_index` groups the site's participations (resolved by the store, else read from the
articles' own `entity` fields) into one `EntityPage` per (kind, title), with a unique slug:
`parties/<slug>/` and `commanders/<slug>/`. `card_links` maps (kind, entity) to that path, so
the article cards link each party and commander to its page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from frontlines.edtf import parse_edtf
from frontlines.model import Coordinates
from frontlines.publish.data import Participation, SiteArticle, SiteData
from frontlines.publish.live import BuildMemo, remembered
from frontlines.publish.views import tag_slug

FOLDERS = {"party": "parties", "commander": "commanders"}
MAP_WIDTH, MAP_HEIGHT = 360.0, 180.0


@dataclass(frozen=True, slots=True)
class EntityConflict:
    entry: SiteArticle
    side: int
    supporting: bool
    qualifier: str | None
    fate: str | None
    name: str


@dataclass(frozen=True, slots=True)
class EntityPage:
    title: str
    kind: str
    slug: str
    names: tuple[str, ...]
    conflicts: tuple[EntityConflict, ...]

    @property
    def path(self) -> str:
        return f"{FOLDERS[self.kind]}/{self.slug}/"


def participations_of(site: SiteData) -> tuple[Participation, ...]:
    """The store's participations, else those the articles' `entity` fields give."""
    if site.participations:
        return site.participations
    found: list[Participation] = []
    for entry in site.entries:
        conflict = entry.article.conflict
        if conflict is None:
            continue
        for number, side in enumerate(conflict.sides, start=1):
            for party in side.parties:
                if party.entity:
                    found.append(
                        Participation(
                            party.entity, "party", entry.article.title, number, party.name,
                            party.supporting, party.qualifier,
                        )
                    )  # fmt: skip
            for commander in side.commanders:
                if commander.entity:
                    found.append(
                        Participation(
                            commander.entity, "commander", entry.article.title, number,
                            commander.name, False, commander.note, commander.fate,
                        )
                    )  # fmt: skip
    return tuple(found)


def _start_key(entry: SiteArticle) -> tuple[float, str]:
    conflict = entry.article.conflict
    start = parse_edtf(conflict.start) if conflict else None
    return (start.first() if start else float("inf"), entry.article.title)


def entity_index(site: SiteData, memo: BuildMemo | None = None) -> tuple[EntityPage, ...]:
    """One page per entity, by kind then title; each entity's conflicts by start date.

    `memo` (a long-running builder's): an entity whose participations and conflict entries
    are the objects of the last build keeps its page object."""
    by_title = {entry.article.title: entry for entry in site.entries}
    grouped: dict[tuple[str, str], list[Participation]] = {}
    for item in participations_of(site):
        if item.conflict in by_title and item.kind in FOLDERS:
            grouped.setdefault((item.kind, item.entity), []).append(item)
    starts = {  # each date read once (once per entry object, with a memo)
        e.slug: remembered(memo, "start", e, partial(_start_key, e)) for e in site.entries
    }
    pages: list[EntityPage] = []
    taken: set[tuple[str, str]] = set()
    for (kind, title), items in sorted(grouped.items()):
        base = (
            tag_slug(title) if memo is None else memo.keyed("slug", title, partial(tag_slug, title))
        )
        slug, n = base, 2
        while (kind, slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add((kind, slug))
        shown = tuple(items), tuple(by_title[item.conflict] for item in items)
        make = partial(_entity_page, kind, title, slug, *shown, starts=starts)
        pages.append(
            make() if memo is None else memo.keyed("entity", (kind, title, slug), make, shown)
        )
    return tuple(pages)


def _entity_page(
    kind: str,
    title: str,
    slug: str,
    items: tuple[Participation, ...],
    entries: tuple[SiteArticle, ...],
    starts: Mapping[str, tuple[float, str]],
) -> EntityPage:
    """The page of one entity: its participations (`items`), each with its conflict's entry
    (`starts`: each entry's start, by slug, for the order of its conflicts)."""
    names = tuple(dict.fromkeys(item.name for item in items))
    seen: set[tuple[str, int]] = set()
    conflicts = []
    for item, entry in zip(items, entries, strict=True):
        if (item.conflict, item.side) in seen:
            continue  # two names of one entity on one side: one row
        seen.add((item.conflict, item.side))
        conflicts.append(
            EntityConflict(
                entry, item.side, item.supporting, item.qualifier, item.fate, item.name
            )
        )  # fmt: skip
    conflicts.sort(key=lambda c: (starts[c.entry.slug], c.side))
    return EntityPage(title, kind, slug, names, tuple(conflicts))


def card_links(pages: Iterable[EntityPage]) -> Mapping[tuple[str, str], str]:
    return {(page.kind, page.title): page.path for page in pages}


def entity_records(pages: Iterable[EntityPage]) -> list[dict[str, object]]:
    """`data/entities.json`: id (kind/slug), title, kind, names, the conflicts' titles."""
    return [
        {
            "id": f"{FOLDERS[page.kind]}/{page.slug}",
            "title": page.title,
            "kind": page.kind,
            "names": list(page.names),
            "conflicts": list(dict.fromkeys(c.entry.article.title for c in page.conflicts)),
        }
        for page in pages
    ]


def map_points(located: Iterable[tuple[str, str, Coordinates]]) -> list[dict[str, object]]:
    """Conflicts with coordinates (title, slug, where) as points on a small world map (percent
    of its box)."""
    points = []
    for title, slug, where in located:
        points.append(
            {
                "title": title,
                "slug": slug,
                "left": round((where.lon + 180.0) / MAP_WIDTH * 100, 2),
                "top": round((90.0 - where.lat) / MAP_HEIGHT * 100, 2),
            }
        )
    return points
