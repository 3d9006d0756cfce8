"""Infobox cells as the card shows them: lines with their list depth, headings and footnotes.

`cell_lines_of` keeps what the one-line plain text of a field loses: list items (nested ones
deeper), headings (`; Allies`, "'''Seventh Coalition:'''", a short line ending in ":") and the
footnote ids on each line (from the map `parse.infobox_refs` gives: a ref's wikitext → ids).
`refs_in` gives the footnote ids anywhere in a piece of wikitext, in order, each once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from mwparserfromhell.wikicode import Wikicode

from frontlines.extract.belligerents import LIST_MARKER_RE, flattened, line_refs, tidy
from frontlines.model import CellLine
from frontlines.parse.render import plain_text
from frontlines.parse.wikitext import parse

RefIds = Mapping[str, tuple[str, ...]]
EMPTY_PARENS_RE = re.compile(r"\(\s*\)")
BOLD_HEADING_RE = re.compile(r"^'''[^']+:?\s*'''\s*:?$")
HEADING_LENGTH = 60  # a line ending in ":" longer than this is prose, not a heading
RULE_RE = re.compile(r"^-{4,}$")
BREAK = "\u2028"  # a `<br>` while a cell is read


def refs_in(code: Wikicode, ref_ids: RefIds) -> tuple[str, ...]:
    """The footnote ids of the refs in `code` (any depth), in order, each once."""
    return line_refs(code, ref_ids)


def cell_lines_of(value: Wikicode | None, ref_ids: RefIds) -> tuple[CellLine, ...]:
    """The lines of one infobox cell, with depth, heading mark and footnotes."""
    if value is None:
        return ()
    lines: list[CellLine] = []
    for raw in _rows(flattened(value, br=BREAK)):
        marker = LIST_MARKER_RE.match(raw)
        marks = marker.group(1) if marker else ""
        body = (raw[marker.end() :] if marker else raw).strip()
        if not body or RULE_RE.match(body):
            continue
        parts = [parse(part) for part in body.split(BREAK)]
        refs = tuple(dict.fromkeys(i for code in parts for i in refs_in(code, ref_ids)))
        texts = [tidy(EMPTY_PARENS_RE.sub("", plain_text(code))) for code in parts]
        text = "\n".join(t for t in texts if t)  # `<br>` inside a list item: one item
        code = parts[0]
        if not text:
            if refs and lines:  # a footnote on a line of its own belongs to the line above
                last = lines[-1]
                lines[-1] = CellLine(last.text, last.depth, last.heading, (*last.refs, *refs))
            continue
        depth = sum(1 for ch in marks if ch in "*#")
        heading = marks.startswith(";") or (
            depth == 0
            and (BOLD_HEADING_RE.match(body) is not None and not code.filter_wikilinks())
            or (text.endswith(":") and len(text) <= HEADING_LENGTH)
        )
        lines.append(CellLine(text, depth, heading, refs))
    return tuple(lines)


def _rows(flat: str) -> list[str]:
    """Lines of a flattened cell; a `<br>` outside list items starts a line of its own, inside
    one it stays in the item (as BREAK)."""
    rows: list[str] = []
    for line in flat.split("\n"):
        if LIST_MARKER_RE.match(line) and not line.lstrip().startswith(":"):
            rows.append(line)
        else:
            rows.extend(line.split(BREAK))
    return rows


def joined_cells(values: Iterable[Wikicode], ref_ids: RefIds) -> tuple[CellLine, ...]:
    """The lines of several cells of one field (`strength1`, `strength1a`), in order."""
    return tuple(line for value in values for line in cell_lines_of(value, ref_ids))


def cell_refs(lines: Iterable[CellLine]) -> tuple[str, ...]:
    found: list[str] = []
    for line in lines:
        found.extend(ident for ident in line.refs if ident not in found)
    return tuple(found)
