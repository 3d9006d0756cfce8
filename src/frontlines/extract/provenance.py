"""The footnotes of each typed figure: those on the line of the cell the figure was read from.

A figure's `text` is a snippet of its cell's plain text; the cell's lines (`Side.cells`,
`Conflict.cells`) carry their footnote ids, so a figure takes the ids of the first line that
holds its snippet (else of the line holding its first number). A figure whose line cannot be
found keeps no refs rather than borrowing another line's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from frontlines.model import CellLine, Conflict, Figure

DIGITS_RE = re.compile(r"\d[\d,.\u00a0 ]*")


def _line_of(figure: Figure, lines: tuple[CellLine, ...]) -> CellLine | None:
    snippet = " ".join(figure.text.split())
    if snippet:
        for line in lines:
            if snippet in line.text:
                return line
    first = DIGITS_RE.search(figure.text)
    if first:
        number = first.group(0).strip(" ,.")
        for line in lines:
            if number and number in line.text:
                return line
    return None


def figures_with_refs(
    figures: tuple[Figure, ...], lines: tuple[CellLine, ...]
) -> tuple[Figure, ...]:
    if not any(line.refs for line in lines):
        return figures
    done = []
    for figure in figures:
        line = _line_of(figure, lines)
        done.append(replace(figure, refs=line.refs) if line and line.refs else figure)
    return tuple(done)


def with_figure_refs(conflict: Conflict) -> Conflict:
    """The conflict with every typed figure given the footnotes of its line."""
    sides = tuple(
        replace(
            side,
            strength_numbers=figures_with_refs(
                side.strength_numbers, side.cells.get("strength", ())
            ),
            casualty_numbers=figures_with_refs(
                side.casualty_numbers, side.cells.get("casualties", ())
            ),
        )
        for side in conflict.sides
    )
    return replace(
        conflict,
        sides=sides,
        casualties3_numbers=figures_with_refs(
            conflict.casualties3_numbers, conflict.cells.get("casualties3", ())
        ),
        civilian_casualty_numbers=figures_with_refs(
            conflict.civilian_casualty_numbers, conflict.cells.get("civilian_casualties", ())
        ),
    )
