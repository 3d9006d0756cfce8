"""The store's entity tables, rebuilt from its conflicts: `refresh_entities` (run by sync).

Every party and commander of every stored conflict is resolved (extract/entities.py) with the
Country data templates and redirects the store has learned, then `entities` and
`participations` are rewritten whole. `wanted_templates` names the Country data templates the
stored conflicts' flags use and the store lacks (API sync fetches them);
`entity_titles` the link targets whose redirects are worth asking the wiki about.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from frontlines.extract.entities import (
    CountryData,
    country_data_title,
    follow,
    normalise_title,
    party_entity,
    read_country_data,
)
from frontlines.model import Party
from frontlines.publish.data import Participation
from frontlines.publish.live import BuildMemo
from frontlines.store.db import Store
from frontlines.store.entities import NewParticipation


def country_data(store: Store) -> dict[str, CountryData]:
    """The store's Country data templates by country name ("Prussia")."""
    found: dict[str, CountryData] = {}
    for title, text in store.templates().items():
        data = read_country_data(title, text)
        if data is not None:
            found[data.name] = data
    return found


def _party(data: Mapping[str, Any]) -> Party:
    return Party(
        name=str(data.get("name") or ""),
        link=data.get("link"),
        entity=data.get("entity"),
        flag=data.get("flag"),
        flag_variant=data.get("flag_variant"),
    )


def _participations(
    store: Store, templates: Mapping[str, CountryData], redirects: Mapping[str, str]
) -> Iterator[NewParticipation]:
    for row in store.iter_conflicts():
        yield from _conflict_participations(row.title, row.conflict, templates, redirects)


def _conflict_participations(
    title: str,
    conflict: Mapping[str, Any],
    templates: Mapping[str, CountryData],
    redirects: Mapping[str, str],
) -> Iterator[NewParticipation]:
    for number, side in enumerate(conflict.get("sides") or (), start=1):
        for position, data in enumerate(side.get("parties") or ()):
            entity = party_entity(_party(data), templates, redirects)
            if entity:
                yield NewParticipation(
                    title,
                    entity,
                    "party",
                    number,
                    position,
                    str(data.get("name") or entity),
                    bool(data.get("supporting")),
                    data.get("qualifier"),
                )
        for position, data in enumerate(side.get("commanders") or ()):
            entity = follow(normalise_title(data.get("link")), redirects)
            if entity:
                yield NewParticipation(
                    title,
                    entity,
                    "commander",
                    number,
                    position,
                    str(data.get("name") or entity),
                    qualifier=data.get("note"),
                    fate=data.get("fate"),
                )


def site_participations(store: Store, memo: BuildMemo | None = None) -> tuple[Participation, ...]:
    """The participations as the site shows them, resolved now (whatever the tables hold).

    With a `memo` (a long-running builder's), a conflict whose stored JSON, and the store's
    Country data and redirects, are those of the last build is not resolved again."""
    templates, redirects = country_data(store), store.redirects()
    if memo is None:
        return tuple(_shown(p) for p in _participations(store, templates, redirects))
    looked_up = (memo.same("country data", templates), memo.same("redirects", redirects))
    shown: list[Participation] = []
    for title, text in store.iter_conflict_texts():
        make = partial(_resolved, title, text, *looked_up)
        shown.extend(memo.keyed("participations", (title, text), make, looked_up))
    return tuple(shown)


def _resolved(
    title: str, text: str, templates: Mapping[str, CountryData], redirects: Mapping[str, str]
) -> tuple[Participation, ...]:
    found = _conflict_participations(title, json.loads(text), templates, redirects)
    return tuple(_shown(p) for p in found)


def _shown(p: NewParticipation) -> Participation:
    return Participation(
        p.entity, p.kind, p.conflict_title, p.side, p.name, p.supporting, p.qualifier, p.fate
    )


def refresh_entities(store: Store) -> int:
    """Rebuild `entities` and `participations`; return how many entities there are."""
    return store.replace_entities(
        list(_participations(store, country_data(store), store.redirects()))
    )


def wanted_templates(store: Store, titles: Iterable[str]) -> list[str]:
    """`Template:Country data X` titles that the flags of the conflicts of `titles` (article
    titles) use and the store does not keep."""
    have = set(store.templates())
    wanted: set[str] = set()
    chosen = set(titles)
    for row in store.iter_conflicts():
        if row.title not in chosen:
            continue
        for side in row.conflict.get("sides") or ():
            for party in side.get("parties") or ():
                if party.get("flag"):
                    wanted.add(country_data_title(str(party["flag"])))
    return sorted(wanted - have)


def entity_titles(store: Store, conflicts: Iterable[str]) -> list[str]:
    """The link targets of the parties and commanders of the conflicts of `conflicts`
    (article titles) whose redirects the store does not know yet."""
    titles: set[str] = set()
    chosen = set(conflicts)
    known = store.redirects()
    for row in store.iter_conflicts():
        if row.title not in chosen:
            continue
        for side in row.conflict.get("sides") or ():
            for item in (*(side.get("parties") or ()), *(side.get("commanders") or ())):
                if not item.get("flag") and (title := normalise_title(item.get("link"))):
                    if title not in known:
                        titles.add(title)
    return sorted(titles)
