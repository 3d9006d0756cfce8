"""Repair an existing Markdown collection: the library behind `frontlines doctor --fix`.

`plan_repairs` computes, in memory, what `--fix` would change; `fix_collection` writes it, each
file's original first saved beside it as `FILE.bak` (an existing .bak is never overwritten, so it
always holds the file as it was before the first repair). Repairs never drop content: lists the
importer turned into "[object Object]" are removed and the section is flagged `refetch:` in the
front matter, so that a later sync from Wikipedia restores it. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Collection as CollectionOf
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontlines import frontmatter
from frontlines.collection.checks import (
    HOTLINK,
    KINDS,
    OBJECT_OBJECT,
    are_strings,
    each_entry,
    local_image_faults,
    repair_mojibake,
)
from frontlines.collection.reading import Collection, CollectionEntry, commons_file_url
from frontlines.collection.tags import split_tags, tag_faults

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True, slots=True)
class Repair:
    """What `--fix` does to one file: its new text and one note per change."""

    entry: CollectionEntry
    text: str
    notes: tuple[str, ...]


@dataclass
class FixRun:
    """What `fix_collection` wrote."""

    repairs: list[Repair] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def plan_repairs(
    collection: Collection, kinds: CollectionOf[str] = KINDS, *, jobs: int = 1
) -> list[Repair]:
    """The repairs `--fix` would write, computed in memory (only files that change), in
    `jobs` worker processes when it is more than 1 (checks.each_entry)."""
    planned = []
    work = _EntryRepair(collection.replace_entries(()), tuple(kinds))
    for entry, (text, notes) in zip(
        collection.entries, each_entry(work, collection, jobs), strict=True
    ):
        if text != entry.text:
            planned.append(Repair(entry, text, tuple(notes)))
    return planned


@dataclass(frozen=True, slots=True)
class _EntryRepair:
    """repair_entry as the work of a worker: `around` is the collection without its entries."""

    around: Collection
    kinds: tuple[str, ...]

    def __call__(self, entry: CollectionEntry) -> tuple[str, list[str]]:
        return repair_entry(entry, self.around, self.kinds)


def repaired_collection(collection: Collection, repairs: Sequence[Repair]) -> Collection:
    """The collection as it would be after the repairs."""
    by_name = {repair.entry.name: repair.text for repair in repairs}
    entries = (e.with_text(by_name[e.name]) if e.name in by_name else e for e in collection.entries)
    return collection.replace_entries(entries)


def fix_collection(
    collection: Collection, kinds: CollectionOf[str] = KINDS, *, jobs: int = 1
) -> FixRun:
    """Write the planned repairs, each file's original saved first as FILE.bak."""
    run = FixRun()
    for repair in plan_repairs(collection, kinds, jobs=jobs):
        path = repair.entry.path
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        if not backup.exists():
            backup.write_bytes(path.read_bytes())
            run.backups.append(backup)
        path.write_bytes(repair.text.encode("utf-8"))
        run.repairs.append(repair)
    return run


def repair_entry(
    entry: CollectionEntry, collection: Collection, kinds: CollectionOf[str] = KINDS
) -> tuple[str, list[str]]:
    """The entry's repaired text and what was done; the text itself when nothing applies."""
    notes: list[str] = []
    text = entry.text
    if "mojibake" in kinds and (fixed := repair_mojibake(text)) != text:
        text = fixed
        notes.append("mojibake repaired")
    parts = frontmatter.split(text)
    if parts is None:
        return text, notes
    opening, front_text, rest = parts
    refetch: list[str] = []
    if "object_object" in kinds and OBJECT_OBJECT in rest:
        rest = remove_object_object(rest)
        refetch.append("references")
        notes.append(f"{OBJECT_OBJECT} removed; references marked for refetch")
    if "hotlinked_image" in kinds:
        front_text, rest, count = _normalise_hotlinks(front_text, rest)
        if count:
            notes.append(f"{count} hot-linked image URLs normalised to Special:FilePath")
    current = entry.with_text(opening + front_text + rest)
    if current.front_error is None:
        front_text = _repair_front(current, collection, kinds, refetch, notes)
    return opening + front_text + rest, notes


def _repair_front(
    entry: CollectionEntry,
    collection: Collection,
    kinds: CollectionOf[str],
    refetch: list[str],
    notes: list[str],
) -> str:
    front, front_text, newline = entry.front, entry.front_text, entry.newline
    tags = front.get("tags")
    if "schema" in kinds and isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
        front_text = frontmatter.set_list(front_text, "tags", tags, newline)
        notes.append("tags turned from a comma-separated string into a list")
    if (
        "junk_tag" in kinds
        and isinstance(tags, list)
        and any(isinstance(t, str) and tag_faults(t) for t in tags)
    ):
        clean, sides = split_tags(tags, entry.title, entry.text)
        front_text = frontmatter.set_list(front_text, "tags", clean, newline)
        if sides:
            existing = front.get("belligerents")
            merged = (existing if isinstance(existing, list) else []) + sides
            front_text = frontmatter.set_key(front_text, "belligerents", merged, newline)
        notes.append(f"tags cleaned; {len(sides)} belligerent sides moved to belligerents")
    img = front.get("img")
    if "missing_image" in kinds and isinstance(img, str) and img.startswith("/"):
        sidecar = collection.sidecars.get(img.lstrip("/"))
        if local_image_faults(img, collection) and sidecar is not None and sidecar.file:
            front_text = frontmatter.set_key(
                front_text, "img", commons_file_url(sidecar.file), newline
            )
            notes.append(f"img {img} pointed at Commons file {sidecar.file}")
    if refetch:
        existing = front.get("refetch")
        known: list[str] = (
            list(existing) if isinstance(existing, list) and are_strings(existing) else []
        )
        merged = list(dict.fromkeys([*known, *refetch]))
        if merged != known:
            front_text = frontmatter.set_key(front_text, "refetch", merged, newline)
    return str(front_text)


def remove_object_object(text: str) -> str:
    """Text without "[object Object]": lines of nothing else go, other lines lose the literal.

    A heading the importer glued to the previous line ("…Levante## References") gets its own
    line back.
    """
    kept = []
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if OBJECT_OBJECT not in content:
            kept.append(line)
            continue
        ending = line[len(content) :]
        stripped = content.replace(OBJECT_OBJECT, "")
        if not stripped.strip():
            continue
        glued = re.match(r"^(.*[^#\s])(#{1,6} \S.*)$", stripped)
        if glued:
            newline = ending or "\n"
            stripped = f"{glued.group(1)}{newline}{newline}{glued.group(2)}"
        kept.append(stripped + ending)
    return "".join(kept)


def _normalise_hotlinks(front_text: str, body: str) -> tuple[str, str, int]:
    def filepath(match: re.Match[str]) -> str:
        query = f"?{match.group(2)}" if match.group(2) else ""
        return f"https://commons.wikimedia.org/wiki/Special:FilePath/{match.group(1)}{query}"

    front_text, in_front = HOTLINK.subn(filepath, front_text)
    body, in_body = HOTLINK.subn(filepath, body)
    return front_text, body, in_front + in_body
