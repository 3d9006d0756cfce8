"""Tags as the original importer wrote them: what is not a tag, and the sides hidden among them.

The importer put the infobox's title, its `partof` and each side's combatants (blocks with flag
emoji and icon file names) among an entry's categories. `tag_faults` says why a tag is not one;
`split_tags` separates clean tags from belligerent sides. Pure functions on text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

FLAG = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0020-\U000e007f]+"
    "|[\U0001f3f3\U0001f3f4]\ufe0f?(?:\u200d\\S+)?)"
)
IMAGE_IN_TEXT = re.compile(r"\S[^\n]*?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?=\s|$)", re.I)
LEADING_IMAGE = re.compile(r"^[^\n]*?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?:\s+|$)", re.I)


def tag_faults(tag: str) -> list[str]:
    """Why a tag is not a tag (empty when it is one)."""
    faults = []
    if "\n" in tag.strip():
        faults.append("multi-line block")
    if IMAGE_IN_TEXT.search(tag):
        faults.append("image file name")
    if FLAG.search(tag):
        faults.append("flag emoji")
    if tag.startswith("the "):
        faults.append('leading "the "')
    return faults


def split_tags(tags: Sequence[Any], title: str, text: str) -> tuple[list[Any], list[list[str]]]:
    """Clean tags plus belligerent sides, from the tags the original importer wrote.

    The importer put the infobox's title, its `partof` ("the Syrian Civil War") and each side's
    combatants (a block with flag emoji and icon file names) among the categories. The title
    block keeps its first line; lines of it found nowhere else in the entry stay as tags, so
    nothing is lost. Each combatants block becomes one list of names.
    """
    clean: list[Any] = []
    sides: list[list[str]] = []
    for tag in tags:
        faults = tag_faults(tag) if isinstance(tag, str) else []
        if not faults:
            clean.append(tag)
        elif faults == ['leading "the "']:
            clean.append(tag[len("the ") :])
        elif _is_title_block(tag, title):
            first, *rest = [line.strip() for line in tag.strip().splitlines() if line.strip()]
            name = first[: len(title)] if first.casefold().startswith(title.casefold()) else first
            rest = [first[len(name) :].strip(), *rest]
            clean.append(name)
            clean.extend(line for line in rest if line and text.count(line) <= 1)
        elif names := belligerent_names(tag):
            sides.append(names)
    unique = list(dict.fromkeys(t for t in clean if isinstance(t, str)))
    return unique + [t for t in clean if not isinstance(t, str)], sides


def _is_title_block(tag: str, title: str) -> bool:
    first = tag.strip().splitlines()[0].strip().casefold()
    wanted = title.casefold()
    if first == wanted or first.startswith(wanted):
        return True
    return len(first) >= 8 and wanted.startswith(first)


def belligerent_names(block: str) -> list[str]:
    """The party names in one side's block: no bullets, flags or icon file names.

    Group labels ("Supported by:") are kept as entries ending in ":"; a line that is only a
    qualifier ("(from 1917)") is joined to the name before it.
    """
    names: list[str] = []
    for line in block.splitlines():
        for segment in FLAG.split(line.strip().lstrip("*").strip()):
            for piece in _label_split(segment.strip().lstrip("*").strip()):
                piece = LEADING_IMAGE.sub("", piece).strip()
                if not piece:
                    continue
                if piece.startswith("(") and names and not names[-1].endswith(":"):
                    names[-1] = f"{names[-1]} {piece}"
                else:
                    names.append(piece)
    return names


def _label_split(segment: str) -> list[str]:
    match = re.match(r"^([^:()]{2,40}):\s*(.*)$", segment)
    if not match:
        return [segment]
    label, rest = match.groups()
    return [f"{label.strip()}:", rest] if rest else [f"{label.strip()}:"]
