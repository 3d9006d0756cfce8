"""A conflict's typed figures as rows of the `figures` table (the SQL is in `db.py`)."""

from __future__ import annotations

from collections.abc import Iterator

from frontlines.model import Conflict, Figure

FigureValues = tuple[
    int | None, str, int, str, int | None, int | None, int, str | None, str | None, int, str
]


def figure_rows(conflict: Conflict) -> Iterator[FigureValues]:
    """(side, field, position, category, low, high, approx, claimant, scope, total, text) for
    every figure: sides numbered from 1 in the order of `conflict.sides`; None for the cells
    outside the sides (casualties3, civilian casualties)."""
    for number, side in enumerate(conflict.sides, start=1):
        yield from _rows(number, "strength", side.strength_numbers)
        yield from _rows(number, "casualties", side.casualty_numbers)
    yield from _rows(None, "casualties3", conflict.casualties3_numbers)
    yield from _rows(None, "civilian_casualties", conflict.civilian_casualty_numbers)


def _rows(side: int | None, field: str, figures: tuple[Figure, ...]) -> Iterator[FigureValues]:
    for position, figure in enumerate(figures):
        yield (
            side,
            field,
            position,
            figure.category,
            figure.low,
            figure.high,
            int(figure.approx),
            figure.claimant,
            figure.scope,
            int(figure.total),
            figure.text,
        )
