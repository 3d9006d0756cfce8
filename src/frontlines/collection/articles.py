"""Collection entries as Articles: what `import-collection` stores (source kind "collection").

An entry's front matter and body say less than a converted page: title, descriptions, tags
(split into categories and sides), the lead image (with its sidecar's licence), body images,
section headings and what the front matter says of the conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from frontlines.collection.reading import (
    Collection,
    CollectionEntry,
    commons_file,
    commons_file_url,
)
from frontlines.collection.tags import split_tags
from frontlines.model import Article, Conflict, Image, Issue, Party, Section, Side, Source
from frontlines.text.anchors import Anchors

WIKIPEDIA = "https://en.wikipedia.org"
_BODY_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+(?:\([^)\s]*\)[^)\s]*)*)\)")
_VIDEO_BLOCK = "{{video}}"


def is_report(entry: CollectionEntry) -> bool:
    """An original battle report rather than an imported Wikipedia article."""
    author = entry.front.get("author")
    by_someone = isinstance(author, str) and author.strip().casefold() != "wikipedia"
    return _VIDEO_BLOCK in entry.body or by_someone


def lead_image(entry: CollectionEntry, collection: Collection) -> Image | None:
    img = entry.front.get("img")
    if not isinstance(img, str) or not img.strip():
        return None
    sidecar = collection.sidecars.get(img.strip().lstrip("/")) if img.startswith("/") else None
    file = sidecar.file if sidecar is not None else commons_file(img)
    if file is None:
        return None
    if sidecar is None:
        return Image(file=file, url=commons_file_url(file))
    required = sidecar.licence_field("attributionRequired")
    return Image(
        file=file,
        url=commons_file_url(file),
        caption=" ".join(sidecar.caption.split()),
        alt=sidecar.alt.splitlines()[0] if sidecar.alt else "",
        licence=sidecar.licence,
        artist=sidecar.licence_field("artist"),
        credit=sidecar.licence_field("credit"),
        attribution_required=None if required is None else required.lower() == "true",
    )


def body_images(body: str) -> tuple[Image, ...]:
    found: dict[str, Image] = {}
    for match in _BODY_IMAGE.finditer(body):
        file = commons_file(match.group(2))
        if file is not None and file not in found:
            alt = match.group(1).strip()
            found[file] = Image(file=file, url=commons_file_url(file), caption=alt, alt=alt)
    return tuple(found.values())


def sections(body: str) -> tuple[Section, ...]:
    found = [Section(title="", level=1, anchor="")]
    anchors = Anchors()
    for line in body.splitlines():
        match = re.match(r"^(#{2,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            title = match.group(2)
            found.append(
                Section(title=title, level=len(match.group(1)), anchor=anchors.claim(title))
            )
    return tuple(found)


def conflict(entry: CollectionEntry, sides: Sequence[Sequence[str]]) -> Conflict | None:
    """What the front matter says of the conflict: date text, place and belligerents."""
    date_text, place = _joined(entry.front.get("date")), _joined(entry.front.get("place"))
    if not (date_text or place or sides):
        return None
    return Conflict(
        name=entry.title,
        infobox="collection",
        date_text=date_text,
        place=place,
        sides=tuple(Side(parties=_parties(names)) for names in sides),
    )


def _parties(names: Sequence[str]) -> tuple[Party, ...]:
    parties, supporting = [], False
    for name in names:
        if name.endswith(":"):
            supporting = name.casefold().startswith("supported by")
        else:
            parties.append(Party(name=name, supporting=supporting))
    return tuple(parties)


def _joined(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        text = "; ".join(str(item).strip() for item in value if str(item).strip())
        return text or None
    return None


def to_article(
    entry: CollectionEntry, collection: Collection, *, slug: str, issues: Sequence[Issue] = ()
) -> Article:
    """The Article an entry stands for, with source kind "collection" and no revision id.

    Junk tags are split here too (clean tags become categories, combatants become the
    conflict's sides), so an entry imports well whether or not `doctor --fix` ran first.
    """
    front = entry.front
    tags = front.get("tags")
    tag_list = tags if isinstance(tags, list) else []
    clean, sides = split_tags(tag_list, entry.title, entry.text)
    known = front.get("belligerents")
    if isinstance(known, list):
        sides = [[str(n) for n in side] for side in known if isinstance(side, list)] + sides
    title = entry.title
    url = f"{WIKIPEDIA}/wiki/{quote(title.replace(' ', '_'), safe='()_-.,!~*:')}"
    short = front.get("shortDescription")
    description = front.get("description")
    return Article(
        title=title,
        slug=slug,
        source=Source(kind="collection", url=url, site=WIKIPEDIA),
        short_description=short if isinstance(short, str) else None,
        description=" ".join(description.split()) if isinstance(description, str) else "",
        lead_image=lead_image(entry, collection),
        categories=tuple(str(tag) for tag in clean),
        sections=sections(entry.body),
        references=(),
        images=body_images(entry.body),
        issues=tuple(issues),
        conflict=conflict(entry, sides),
        markdown=entry.body.lstrip("\r\n"),
    )
