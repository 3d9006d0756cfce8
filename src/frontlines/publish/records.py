"""Article JSON (the shape of `model.to_dict(Article)`) back into the typed records of model.py.

The store keeps each article as that JSON; the site reads it through these functions so that
templates work on typed, frozen records and never on loose dictionaries. Unknown keys are
ignored and missing optional keys take the model's defaults, so an older store still renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontlines.model import (
    Article,
    CellLine,
    Commander,
    Conflict,
    Coordinates,
    Event,
    Figure,
    Image,
    Issue,
    Party,
    Reference,
    Section,
    Side,
    Source,
)

Json = Mapping[str, Any]


def _text(data: Json, key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def _strings(data: Json, key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in data.get(key) or ())


def source_from_dict(data: Json) -> Source:
    return Source(
        kind=str(data.get("kind", "")),
        url=str(data.get("url", "")),
        site=str(data.get("site", "")),
        page_id=data.get("page_id"),
        revision_id=data.get("revision_id"),
        timestamp=_text(data, "timestamp"),
        licence=str(data.get("licence") or Source.__dataclass_fields__["licence"].default),
        licence_url=str(
            data.get("licence_url") or Source.__dataclass_fields__["licence_url"].default
        ),
        attribution=str(
            data.get("attribution") or Source.__dataclass_fields__["attribution"].default
        ),
    )


def image_from_dict(data: Json) -> Image:
    required = data.get("attribution_required")
    return Image(
        file=str(data.get("file", "")),
        url=str(data.get("url", "")),
        caption=str(data.get("caption") or ""),
        alt=str(data.get("alt") or ""),
        licence=_text(data, "licence"),
        licence_url=_text(data, "licence_url"),
        artist=_text(data, "artist"),
        credit=_text(data, "credit"),
        attribution_required=None if required is None else bool(required),
        description=_text(data, "description"),
        description_url=_text(data, "description_url"),
    )


def reference_from_dict(data: Json) -> Reference:
    return Reference(
        id=str(data.get("id", "")),
        kind=str(data.get("kind", "citation")),
        text=str(data.get("text", "")),
        name=_text(data, "name"),
        template=_text(data, "template"),
        authors=_strings(data, "authors"),
        title=_text(data, "title"),
        work=_text(data, "work"),
        publisher=_text(data, "publisher"),
        date=_text(data, "date"),
        url=_text(data, "url"),
        access_date=_text(data, "access_date"),
        archive_url=_text(data, "archive_url"),
        archive_date=_text(data, "archive_date"),
        pages=_text(data, "pages"),
        target=_text(data, "target"),
        uses=int(data.get("uses") or 1),
    )


def _cells(data: Json) -> dict[str, tuple[CellLine, ...]]:
    return {
        str(name): tuple(
            CellLine(
                text=str(line.get("text", "")),
                depth=int(line.get("depth") or 0),
                heading=bool(line.get("heading", False)),
                refs=_strings(line, "refs"),
            )
            for line in lines or ()
        )
        for name, lines in (data.get("cells") or {}).items()
    }


def _refs(data: Json) -> dict[str, tuple[str, ...]]:
    return {
        str(name): tuple(str(i) for i in ids or ())
        for name, ids in (data.get("refs") or {}).items()
    }


def figures_from_list(items: Any) -> tuple[Figure, ...]:
    return tuple(
        Figure(
            category=str(f.get("category", "other")),
            low=f.get("low"),
            high=f.get("high"),
            approx=bool(f.get("approx", False)),
            claimant=_text(f, "claimant"),
            scope=_text(f, "scope"),
            total=bool(f.get("total", False)),
            text=str(f.get("text") or ""),
            refs=_strings(f, "refs"),
        )
        for f in items or ()
    )


def side_from_dict(data: Json) -> Side:
    parties = tuple(
        Party(
            name=str(p.get("name", "")),
            link=_text(p, "link"),
            qualifier=_text(p, "qualifier"),
            supporting=bool(p.get("supporting", False)),
            entity=_text(p, "entity"),
            flag=_text(p, "flag"),
            flag_variant=_text(p, "flag_variant"),
            group=_text(p, "group"),
            refs=_strings(p, "refs"),
        )
        for p in data.get("parties") or ()
    )
    commanders = tuple(
        Commander(
            name=str(c.get("name", "")),
            link=_text(c, "link"),
            note=_text(c, "note"),
            fate=_text(c, "fate"),
            entity=_text(c, "entity"),
            group=_text(c, "group"),
            refs=_strings(c, "refs"),
        )
        for c in data.get("commanders") or ()
    )
    return Side(
        parties=parties,
        commanders=commanders,
        units=_text(data, "units"),
        strength=_text(data, "strength"),
        casualties=_text(data, "casualties"),
        strength_numbers=figures_from_list(data.get("strength_numbers")),
        casualty_numbers=figures_from_list(data.get("casualty_numbers")),
        cells=_cells(data),
        refs=_refs(data),
    )


def conflict_from_dict(data: Json) -> Conflict:
    coords = data.get("coordinates")
    return Conflict(
        name=str(data.get("name", "")),
        infobox=str(data.get("infobox", "")),
        partof=_text(data, "partof"),
        date_text=_text(data, "date_text"),
        start=_text(data, "start"),
        end=_text(data, "end"),
        ongoing=bool(data.get("ongoing", False)),
        place=_text(data, "place"),
        coordinates=(
            Coordinates(lat=float(coords["lat"]), lon=float(coords["lon"])) if coords else None
        ),
        result=_text(data, "result"),
        territory=_text(data, "territory"),
        sides=tuple(side_from_dict(s) for s in data.get("sides") or ()),
        casualties3=_text(data, "casualties3"),
        civilian_casualties=_text(data, "civilian_casualties"),
        notes=_text(data, "notes"),
        casualties3_numbers=figures_from_list(data.get("casualties3_numbers")),
        civilian_casualty_numbers=figures_from_list(data.get("civilian_casualty_numbers")),
        cells=_cells(data),
        refs=_refs(data),
    )


def event_from_dict(data: Json) -> Event:
    return Event(
        date=str(data.get("date", "")),
        end=_text(data, "end"),
        other_dates=_strings(data, "other_dates"),
        text=str(data.get("text", "")),
        section=str(data.get("section", "")),
        anchor=str(data.get("anchor", "")),
        kind=str(data.get("kind", "text")),
        refs=_strings(data, "refs"),
        places=_strings(data, "places"),
        revision=int(data["revision"]) if data.get("revision") is not None else None,
        display=_text(data, "display"),
    )


def article_from_dict(data: Json) -> Article:
    """The Article a `to_dict(Article)` JSON object describes."""
    lead = data.get("lead_image")
    conflict = data.get("conflict")
    return Article(
        title=str(data.get("title", "")),
        slug=str(data.get("slug", "")),
        source=source_from_dict(data.get("source") or {}),
        short_description=_text(data, "short_description"),
        description=str(data.get("description") or ""),
        lead_image=image_from_dict(lead) if lead else None,
        categories=_strings(data, "categories"),
        sections=tuple(
            Section(
                title=str(s.get("title", "")),
                level=int(s.get("level", 2)),
                anchor=str(s.get("anchor", "")),
            )
            for s in data.get("sections") or ()
        ),
        references=tuple(reference_from_dict(r) for r in data.get("references") or ()),
        images=tuple(image_from_dict(i) for i in data.get("images") or ()),
        issues=tuple(
            Issue(
                kind=str(i.get("kind", "")),
                message=str(i.get("message", "")),
                detail=str(i.get("detail") or ""),
            )
            for i in data.get("issues") or ()
        ),
        conflict=conflict_from_dict(conflict) if conflict else None,
        markdown=str(data.get("markdown") or ""),
        bibliography=_strings(data, "bibliography"),
        events=tuple(event_from_dict(e) for e in data.get("events") or ()),
    )
